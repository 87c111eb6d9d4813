#!/usr/bin/env python3
"""Validates every shipped scenario against docs/scenario.schema.json with the jsonschema library
(draft 2020-12), and checks that the schema rejects the bad files that have an unknown or misplaced key.
Usage: check_schema.py SOURCE_DIR"""
import json
import pathlib
import sys

import jsonschema

src = pathlib.Path(sys.argv[1])
schema = json.loads((src / "docs" / "scenario.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
failed = 0
good = sorted(src.glob("scenarios/**/*.json")) + [src / "tests/data/full.json", src / "tests/data/minimal.json"]
for f in good:
    errors = list(validator.iter_errors(json.loads(f.read_text())))
    if errors:
        failed += 1
        print(f"FAIL {f}: {errors[0].message}")
for name in ("E101_unknown_key", "E111_kind_key", "E104_range", "E105_enum", "E112_version", "E113_items"):
    f = src / "tests/data/bad" / f"{name}.json"
    if validator.is_valid(json.loads(f.read_text())):
        failed += 1
        print(f"FAIL {f}: the schema accepts it")
print(f"{len(good) + 6 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
