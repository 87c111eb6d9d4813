#!/usr/bin/env bash
# Installs the Debian 12 packages gigaline needs to build and test, and nothing when all are present.
# Works as root or through sudo. Usage: scripts/install-deps.sh [--test]  (--test adds test-only tools)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsimgrid-dev libeigen3-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  catch2 libcli11-dev libsqlite3-dev
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(clang-format python3 python3-jsonschema time)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

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
