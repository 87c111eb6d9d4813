#!/usr/bin/env python3
"""Validates every shipped scenario against docs/scenario.schema.json and every region file (a top-level
"region" key) against docs/region.schema.json, every sweep file (top-level "base" and "factors") against
docs/sweep.schema.json with the jsonschema library (draft 2020-12), and checks that the
schemas reject the bad files that have an unknown or misplaced key. A region's plant files are not opened: the
check is structural. Usage: check_schema.py SOURCE_DIR"""
import json
import pathlib
import sys

import jsonschema

src = pathlib.Path(sys.argv[1])
scenario = jsonschema.Draft202012Validator(json.loads((src / "docs" / "scenario.schema.json").read_text()))
region = jsonschema.Draft202012Validator(json.loads((src / "docs" / "region.schema.json").read_text()))
sweep = jsonschema.Draft202012Validator(json.loads((src / "docs" / "sweep.schema.json").read_text()))


def validator_of(doc):
    if isinstance(doc, dict) and "base" in doc and "factors" in doc:
        return sweep
    return region if isinstance(doc, dict) and "region" in doc else scenario


failed = 0
good = (sorted(src.glob("scenarios/**/*.json")) + [src / "tests/data/full.json", src / "tests/data/minimal.json"] +
        sorted((src / "tests/data/region").glob("*.json")) + sorted((src / "tests/data/sweep").glob("*.json")))
for f in good:
    doc = json.loads(f.read_text())
    errors = list(validator_of(doc).iter_errors(doc))
    if errors:
        failed += 1
        print(f"FAIL {f}: {errors[0].message}")
bad = [src / "tests/data/bad" / f"{name}.json"
       for name in ("E101_unknown_key", "E111_kind_key", "E104_range", "E105_enum", "E112_version", "E113_items")]
bad.append(src / "tests/data/region/bad/unknown_key.json")
bad.append(src / "tests/data/sweep/bad/errors.json")
for f in bad:
    doc = json.loads(f.read_text())
    if validator_of(doc).is_valid(doc):
        failed += 1
        print(f"FAIL {f}: the schema accepts it")
print(f"{len(good) + len(bad) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
