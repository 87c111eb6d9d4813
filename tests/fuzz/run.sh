#!/usr/bin/env bash
# tests/fuzz/run.sh — a bounded libFuzzer run of each loader harness (make fuzz; CI runs it): FUZZ_SECONDS
# (default 60) per target, or FUZZ_RUNS executions per target when set (the 10 M-execution runs of docs/fuzzing.md),
# from the committed corpus and the seed files, new inputs into build/fuzz/corpus/<target>. FUZZ_FORK=N runs N
# worker processes (libFuzzer's -fork; FUZZ_RUNS then counts the executions of all of them).
# Fails on any finding (crash, sanitizer report, uncaught exception, timeout, memory limit); prints the figures.
# Keep what a long run found: build/fuzz/tests/fuzz/gigaline_fuzz_<target> -merge=1 tests/fuzz/corpus/<target> \
#   build/fuzz/corpus/<target>
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="$root/build/fuzz/tests/fuzz"
seconds="${FUZZ_SECONDS:-60}"
runs="${FUZZ_RUNS:-}"
if [[ -n "$runs" ]]; then limit=(-runs="$runs"); else limit=(-max_total_time="$seconds"); fi
if [[ -n "${FUZZ_FORK:-}" ]]; then limit+=(-fork="$FUZZ_FORK"); fi
targets=(${FUZZ_TARGETS:-scenario set sweep region})
declare -A seeds=(
  [scenario]="scenarios scenarios/variants scenarios/bench tests/data tests/data/bad"
  [set]=""
  [sweep]="tests/data/sweep tests/data/sweep/bad"
  [region]="tests/data/region tests/data/region/bad"
)
status=0
for t in "${targets[@]}"; do
  work="$root/build/fuzz/corpus/$t"
  mkdir -p "$work" "$root/tests/fuzz/corpus/$t"
  dirs=("$work" "$root/tests/fuzz/corpus/$t")
  for d in ${seeds[$t]}; do dirs+=("$root/$d"); done
  log="$root/build/fuzz/$t${runs:+.runs}.log" # a long run (FUZZ_RUNS) beside make fuzz: two logs
  # artifacts (crashing inputs) go to build/fuzz/findings/; -rss_limit_mb: a loader must stay well under it
  mkdir -p "$root/build/fuzz/findings"
  if "$bin/gigaline_fuzz_$t" "${dirs[@]}" -dict="$root/tests/fuzz/json.dict" "${limit[@]}" \
      -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$root/build/fuzz/findings/$t-" >"$log" 2>&1; then
    if [[ -n "${FUZZ_FORK:-}" ]]; then # fork mode prints no final stats: its last lines give the totals
      secs=$(grep -ao 'exiting: 0 time: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
      execs=$(grep -ao 'fuzzed for [0-9]* iterations' "$log" | grep -o '[0-9]*' || true)
      rate=$([[ -n "$execs" && "${secs:-0}" -gt 0 ]] && echo $((execs / secs)) || true)
      unit="(fork mode's counter, not edges)"
    else
      secs=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || true)
      execs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
      rate=$(grep -ao 'exec/s: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
      unit="edges"
    fi
    cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    echo "fuzz $t: ${execs:-?} executions in ${secs:-$seconds} s (${rate:-?}/s), coverage ${cov:-?} $unit, no finding"
  else
    echo "fuzz $t: FINDING (log: $log, input in build/fuzz/findings/)"
    grep -aE 'ERROR|SUMMARY|terminate|what\(\)' "$log" | head -5
    status=1
  fi
done
exit $status
