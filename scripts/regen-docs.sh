#!/usr/bin/env bash
# Regenerates the parts of docs/ derived from code: the JSON Schemas of scenario, region and sweep files and their
# format references in docs/scenarios.md, docs/cli.md and docs/sweeps.md (between their GENERATED markers). Usage: scripts/regen-docs.sh [path/to/gigaline]
set -euo pipefail
cd "$(dirname "$0")/.."
exe="${1:-build/release/src/gigaline}"
"$exe" schema --out docs/scenario.schema.json
"$exe" schema --region --out docs/region.schema.json
"$exe" schema --sweep --out docs/sweep.schema.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" schema --markdown --out "$tmp/scenario.md"
"$exe" schema --region --markdown --out "$tmp/region.md"
"$exe" schema --sweep --markdown --out "$tmp/sweep.md"
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
fill("docs/sweeps.md", "gigaline schema --sweep --markdown", f"{tmp}/sweep.md")
PY
echo "regenerated the schemas of scenario, region and sweep files and the references in docs/scenarios.md, docs/cli.md and docs/sweeps.md"
