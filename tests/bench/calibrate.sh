#!/usr/bin/env bash
# tests/bench/calibrate.sh — times a calibration of 4 parameters on the 3-year AESC scenario with
# 8 replications per evaluation on 2 worker processes, started away from the fit (issue-4 target: under a
# minute on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/../.."
exe="${BUILD_DIR:-build/release}/src/gigaline"
start=$(date +%s.%N)
"$exe" calibrate scenarios/aesc_douai.json --jobs 2 --replications 8 --max-iterations 10 \
  --set /workforce/training_rate_per_day=0.1 --set /lines/0/sop_stagger_days=40 \
  --set '/calibration/parameters/-={"path": "/workforce/practice_tau_days", "min": 50, "max": 3000, "log": true}'
end=$(date +%s.%N)
python3 -c "print(f'calibration wall time: {$end - $start:.1f} s (4 parameters, 8 replications, 2 jobs)')"
