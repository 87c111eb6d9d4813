#!/usr/bin/env bash
# tests/bench/sweep.sh — sweep throughput and scaling of the worker pool: 1,000 runs of the bench line over 12 hours
# and 200 runs of the 3-year AESC plant, each with --jobs 1 and --jobs 2, into fresh databases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exe="${BUILD_DIR:-build/release}/src/gigaline"
[[ -x $exe ]] || { echo "sweep.sh: $exe not found; build first: cmake --build --preset release" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-14s %6s %5s %9s %9s %8s\n' sweep runs jobs "wall s" "runs/s" speedup
for f in scenarios/sweeps/bench_tandem.json scenarios/sweeps/aesc_lhs200.json; do
  name=$(basename "$f" .json)
  one=""
  for jobs in 1 2; do
    start=$(date +%s.%N)
    "$exe" sweep "$f" --jobs "$jobs" --db "$tmp/$name.$jobs.sqlite" --quiet >"$tmp/out.txt"
    end=$(date +%s.%N)
    runs=$(sed -n 's/.*run now: \([0-9]*\) (\([0-9]*\) failed).*/\1 \2/p' "$tmp/out.txt")
    read -r n failed <<<"$runs"
    [[ $failed == 0 ]] || { echo "sweep.sh: $failed run(s) failed in $f" >&2; exit 1; }
    wall=$(/usr/bin/python3 -c "print(f'{$end - $start:.2f}')")
    [[ -z $one ]] && one=$wall
    /usr/bin/python3 -c "print(f'%-14s %6d %5d %9.2f %9.1f %7.2fx' % ('$name', $n, $jobs, $wall, $n / $wall, $one / $wall))"
  done
  "$exe" sweep export "$tmp/$name.1.sqlite" --csv "$tmp/a" >/dev/null
  "$exe" sweep export "$tmp/$name.2.sqlite" --csv "$tmp/b" >/dev/null
  cmp -s "$tmp/a/runs.csv" "$tmp/b/runs.csv" && cmp -s "$tmp/a/monthly.csv" "$tmp/b/monthly.csv" ||
    { echo "sweep.sh: --jobs 1 and --jobs 2 gave different rows for $f" >&2; exit 1; }
done
echo "(rows identical between --jobs 1 and --jobs 2)"
