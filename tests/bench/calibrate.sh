#!/usr/bin/env bash
# tests/bench/calibrate.sh — calibration wall times on 2 worker processes, 8 replications per evaluation
# (target: each plant's calibration under a minute on 2 cores): AESC started away from its fit with a third
# parameter (the practice time constant), then each calibrated plant's committed calibration with its
# leave-one-out refits (the commands of docs/scenarios/<plant>.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
exe="${BUILD_DIR:-build/release}/src/gigaline"
timed() { # label, command...
  local label=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" >"${TMPDIR:-/tmp}/gigaline-calibrate-bench.txt"
  end=$(date +%s.%N)
  local chi2
  chi2=$(grep -m1 '^Calibration' "${TMPDIR:-/tmp}/gigaline-calibrate-bench.txt" | sed 's/.*; //')
  python3 -c "print(f'{\"$label\":<52} {$end - $start:6.1f} s   $chi2')"
}
timed "aesc_douai, 3 parameters from away (10 iterations max)" \
  "$exe" calibrate scenarios/aesc_douai.json --jobs 2 --replications 8 --max-iterations 10 \
  --set /workforce/training_rate_per_day=0.1 --set /demand/calloffs/0/value=300000 \
  --set '/calibration/parameters/-={"path": "/workforce/practice_tau_days", "min": 50, "max": 3000, "log": true}'
for plant in aesc_douai acc_billy_berclau; do
  timed "$plant, committed fit" "$exe" calibrate "scenarios/$plant.json" --jobs 2
  timed "$plant, committed fit and leave-one-out" "$exe" calibrate "scenarios/$plant.json" --jobs 2 --leave-one-out
done
