#!/usr/bin/env bash
# Installs the Debian 12 packages gigaline needs to build and test, and Chart.js for the HTML reports (npm ci
# in web/); nothing when all are present. Works as root or through sudo. Usage: scripts/install-deps.sh [--test]
# (--test adds test-only tools, among them headless Chromium and Selenium for the report's browser test, Slurm
# and munge for the job-array test, clang with libFuzzer for make fuzz, and pandas for the Python reader's test)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  build-essential cmake ninja-build pkg-config git
  libsimgrid-dev libeigen3-dev nlohmann-json3-dev
  catch2 libcli11-dev libsqlite3-dev
  nodejs npm help2man
)
if [[ "${1:-}" == "--test" ]]; then
  # slurmctld slurmd slurm-client munge: tests/slurm/run_slurm_test.sh runs a sweep on a private one-node Slurm
  # cluster (installing them starts no service; the test starts its own daemons and stops them); clang and
  # libclang-rt-14-dev: the libFuzzer harnesses of make fuzz; python3-pandas: the Python reader of results
  # (python/gigaline_results, docs/python.md) and its test tests/python/test_results.py
  packages+=(clang-format python3 python3-jsonschema time chromium chromium-driver python3-selenium
             slurmctld slurmd slurm-client munge clang libclang-rt-14-dev python3-pandas)
fi

# Installed, or (npm) bundled with an installed nodejs: NodeSource's nodejs provides npm and conflicts with
# Debian's npm package, so asking apt for it would fail.
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && return 0
  [[ "$1" == npm ]] && command -v npm >/dev/null 2>&1
}

missing=()
for p in "${packages[@]}"; do
  if ! installed "$p"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
else
  if [[ $(id -u) -eq 0 ]]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: missing packages (${missing[*]}) and neither root nor sudo available" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Chart.js draws the charts of gigaline's HTML reports: the exact version pinned in web/package-lock.json,
# installed from the npm registry as the user who runs this script (not root through sudo).
if [[ ! -f "$root/web/node_modules/chart.js/dist/chart.umd.js" ]]; then
  echo "install-deps: installing Chart.js (npm ci in web/)"
  npm ci --prefix "$root/web" --no-audit --no-fund
fi
