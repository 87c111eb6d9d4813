#!/usr/bin/env bash
# tests/bench/memory.sh — peak memory of `gigaline run` against the number of replications: replications fold
# into running statistics as they come, so the peak must not grow with them (target: 1,000 replications of a
# plant under 100 MB). Prints replications, jobs, wall s and peak RSS MiB (the largest process: parent or worker).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exe="${BUILD_DIR:-build/release}/src/gigaline"
SCENARIO=${SCENARIO:-scenarios/acc_billy_berclau.json}
COUNTS=${COUNTS:-"10 100 1000"}
JOBS=${JOBS:-2}
[[ -x $exe ]] || { echo "memory.sh: $exe not found; build first: cmake --build --preset release" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "memory.sh: /usr/bin/time missing (Debian package 'time')" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "$SCENARIO, --jobs $JOBS"
printf '%12s %8s %10s\n' replications "wall s" "RSS MiB"
for n in $COUNTS; do
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$exe" run "$SCENARIO" --replications "$n" --jobs "$JOBS" --quiet \
    --out "$tmp/out" >/dev/null
  read -r wall rss <"$tmp/time"
  printf '%12s %8s %10.1f\n' "$n" "$wall" "$(/usr/bin/python3 -c "print($rss / 1024)")"
done
