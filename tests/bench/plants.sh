#!/usr/bin/env bash
# tests/bench/plants.sh — seconds per replication and peak RSS of a 3-year run of each Battery Valley plant
# (target: under 0.3 s per replication on 2 cores), then the region. Best wall of $REPS runs of $R replications.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exe="${BUILD_DIR:-build/release}/src/gigaline"
REPS=${REPS:-3}
R=${R:-8}
[[ -x $exe ]] || { echo "plants.sh: $exe not found; build first: cmake --build --preset release" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "plants.sh: /usr/bin/time missing (Debian package 'time')" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-20s %6s %8s %10s %10s %12s %10s\n' scenario days reps "wall s" "s/rep" events "RSS MiB"
for f in scenarios/acc_billy_berclau.json scenarios/aesc_douai.json scenarios/verkor_bourbourg.json \
  scenarios/battery_valley.json; do
  best=""
  for ((i = 1; i <= REPS; i++)); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$exe" run "$f" --replications "$R" --json >"$tmp/out.json"
    read -r wall rss <"$tmp/time"
    if [[ -z $best ]] || /usr/bin/python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then
      best=$wall best_rss=$rss
    fi
  done
  /usr/bin/python3 - "$f" "$tmp/out.json" "$best" "$best_rss" "$R" <<'PY'
import json, sys, pathlib
f, out, wall, rss, r = sys.argv[1], json.load(open(sys.argv[2])), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
doc = json.load(open(f))
if "region" in doc:
    events, days = out["engine"]["events"], "region"
else:
    events, days = out["engine"]["events"], str(int(doc["calendar"]["horizon_days"]))
print(f"{pathlib.Path(f).stem:<20} {days:>6} {r:>8} {wall:>10.2f} {wall / r:>10.3f} {events:>12,d} {rss / 1024:>10.1f}")
PY
done
