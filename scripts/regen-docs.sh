#!/usr/bin/env bash
# Regenerates the parts of docs/ derived from code: the JSON Schema and the format reference in
# docs/scenarios.md (between its GENERATED markers). Usage: scripts/regen-docs.sh [path/to/gigaline]
set -euo pipefail
cd "$(dirname "$0")/.."
exe="${1:-build/release/src/gigaline}"
"$exe" schema --out docs/scenario.schema.json
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$exe" schema --markdown --out "$tmp"
python3 - "$tmp" <<'PY'
import sys
ref = open(sys.argv[1]).read()
path = "docs/scenarios.md"
doc = open(path).read()
begin = "<!-- BEGIN GENERATED: gigaline schema --markdown -->\n"
end = "<!-- END GENERATED -->"
b, e = doc.index(begin), doc.index(end)
open(path, "w").write(doc[:b + len(begin)] + ref + doc[e:])
PY
echo "regenerated docs/scenario.schema.json and docs/scenarios.md"
