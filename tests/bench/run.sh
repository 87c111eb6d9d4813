#!/usr/bin/env bash
# tests/bench/run.sh — benchmark: gigaline vs the hand-written reference DES on tandem4, exact CTMC throughput check,
# then wall time and peak RSS of the aesc_douai scenario. Run from the repo root after `cmake --build --preset release`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD_DIR=${BUILD_DIR:-build/release}
REPS=${REPS:-3}
PY=/usr/bin/python3
REF="$BUILD_DIR/tests/bench/gigaline_bench_reference"
GIGALINE="$BUILD_DIR/src/gigaline"
TANDEM=scenarios/bench/tandem4.json
AESC=scenarios/aesc_douai.json
HORIZON_S=1036800 # 12 days, the horizon of tandem4.json

for exe in "$REF" "$GIGALINE"; do
  [[ -x $exe ]] || { echo "run.sh: $exe not found; build first: cmake --build --preset release" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time missing (Debian package 'time', see scripts/install-deps.sh)" >&2; exit 2; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0

# json_get FILE KEY.PATH... : print the values (one per line) of dotted keys of the JSON object in FILE.
json_get() {
  "$PY" - "$@" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
for path in sys.argv[2:]:
    v = doc
    for k in path.split("."):
        v = v[k]
    print(v)
EOF
}

# best_of NAME EVENTS_KEY WALL_KEY CMD... : run CMD $REPS times, keep the stdout of the run with the smallest wall time
# in $TMP/NAME.json. Returns non-zero if any run fails or prints no usable JSON.
best_of() {
  local name=$1 events_key=$2 wall_key=$3 best="" i wall
  shift 3
  for ((i = 1; i <= REPS; i++)); do
    if ! "$@" >"$TMP/$name.$i.json" 2>"$TMP/$name.$i.err"; then
      echo "run.sh: '$*' failed (run $i):" >&2; tail -n 5 "$TMP/$name.$i.err" >&2; return 1
    fi
    if ! wall=$(json_get "$TMP/$name.$i.json" "$events_key" "$wall_key" 2>"$TMP/$name.$i.perr" | tail -n 1); then
      echo "run.sh: '$*' did not print JSON with $events_key and $wall_key (run $i):" >&2
      tail -n 1 "$TMP/$name.$i.perr" >&2; head -c 300 "$TMP/$name.$i.json" >&2; echo >&2; return 1
    fi
    if [[ -z $best ]] || "$PY" -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$wall" "$best"; then
      best=$wall
      cp "$TMP/$name.$i.json" "$TMP/$name.json"
    fi
  done
}

echo "== tandem4: reference DES vs gigaline (best wall of $REPS runs each)"
best_of ref events wall_s "$REF" --horizon-s "$HORIZON_S"
gig_ok=1
best_of gig engine.events engine.wall_s "$GIGALINE" run "$TANDEM" --json || { gig_ok=0; status=1; }

if ! "$PY" tests/bench/exact_tandem.py --self-check >"$TMP/selfcheck.txt"; then
  echo "run.sh: exact_tandem.py --self-check failed:" >&2; cat "$TMP/selfcheck.txt" >&2; status=1
fi
"$PY" tests/bench/exact_tandem.py >"$TMP/exact.json"

"$PY" - "$TMP" "$gig_ok" "$HORIZON_S" <<'EOF'
import json, os, sys
tmp, gig_ok, horizon = sys.argv[1], sys.argv[2] == "1", float(sys.argv[3])
load = lambda n: json.load(open(os.path.join(tmp, n)))
ref, exact = load("ref.json"), load("exact.json")
rows = [("reference", int(ref["events"]), float(ref["wall_s"]))]
gig = load("gig.json") if gig_ok else None
if gig:
    rows.append(("gigaline", int(gig["engine"]["events"]), float(gig["engine"]["wall_s"])))
print(f"{'':<10} {'events':>12} {'wall_s':>10} {'events/s':>14}")
for name, ev, w in rows:
    print(f"{name:<10} {ev:>12,d} {w:>10.4f} {ev / w if w > 0 else float('nan'):>14,.0f}")
if gig:
    (_, rev, rw), (_, gev, gw) = rows
    ratio = (gw / gev) / (rw / rev) if gev and rev and rw > 0 else float("nan")
    print(f"ratio gigaline/reference wall per event: {ratio:.2f}x")
else:
    print("gigaline: no valid result (see above)")
x = exact["throughput_per_s"]
print(f"\nexact throughput (CTMC, {exact['states']} states): {x:.9f} cells/s")
print(f"reference throughput (1 run):          {ref['throughput_per_s']:.9f} cells/s "
      f"(rel diff {(ref['throughput_per_s'] - x) / x:+.2e})")
if gig:
    g = gig["totals"]["cells_good"] / horizon
    print(f"gigaline throughput:                   {g:.9f} cells/s (rel diff {(g - x) / x:+.2e})")
    print("(one 12-day run: relative sampling s.d. is about 7e-4)")
EOF

echo
echo "== aesc_douai: wall time and peak RSS"
if /usr/bin/time -v -o "$TMP/time.txt" "$GIGALINE" run "$AESC" --json >"$TMP/aesc.json" 2>"$TMP/aesc.err"; then
  "$PY" - "$TMP/time.txt" "$TMP/aesc.json" <<'EOF' || status=1
import json, re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"wall {secs:.2f} s, peak RSS {rss / 1024:.1f} MiB ({rss} kB)")
try:
    json.load(open(sys.argv[2]))
except ValueError as e:
    sys.exit(f"run.sh: gigaline run on aesc_douai did not print valid JSON ({e})")
EOF
else
  echo "run.sh: gigaline run $AESC failed:" >&2; tail -n 5 "$TMP/aesc.err" >&2; status=1
fi
exit $status
