#!/usr/bin/env bash
# Regenerates the parts of docs/ derived from code: the JSON Schemas of scenario and region files, the scenario
# format reference in docs/scenarios.md and the region format reference in docs/cli.md (between their GENERATED
# markers). Usage: scripts/regen-docs.sh [path/to/gigaline]
set -euo pipefail
cd "$(dirname "$0")/.."
exe="${1:-build/release/src/gigaline}"
"$exe" schema --out docs/scenario.schema.json
"$exe" schema --region --out docs/region.schema.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" schema --markdown --out "$tmp/scenario.md"
"$exe" schema --region --markdown --out "$tmp/region.md"
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
def fill(path, command, reference):
    ref = open(reference).read()
    doc = open(path).read()
    begin = f"<!-- BEGIN GENERATED: {command} -->\n"
    end = "<!-- END GENERATED -->"
    b = doc.index(begin)
    e = doc.index(end, b)
    open(path, "w").write(doc[:b + len(begin)] + ref + doc[e:])
fill("docs/scenarios.md", "gigaline schema --markdown", f"{tmp}/scenario.md")
fill("docs/cli.md", "gigaline schema --region --markdown", f"{tmp}/region.md")
PY
echo "regenerated docs/scenario.schema.json, docs/region.schema.json, docs/scenarios.md and docs/cli.md"
