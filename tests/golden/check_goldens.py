#!/usr/bin/env python3
"""Golden outputs: runs reference scenarios and compares every output file line by line with tests/golden/.

The safety net of refactors: a change that moves any figure of summary.json, monthly.csv, stations.csv or
stations_monthly.csv of these runs fails here, with the first lines that differ. Lines that legitimately
change between builds (wall time, version and build provenance) are masked on both sides.
Usage: check_goldens.py SOURCE_DIR GIGALINE_EXE [--update]   (--update rewrites the goldens: `make goldens`)
"""
import difflib
import pathlib
import re
import subprocess
import sys
import tempfile

# name -> arguments of `gigaline run` (paths relative to the source tree)
CASES = {
    "tandem4": ["scenarios/bench/tandem4.json"],
    "aesc_400d": ["scenarios/aesc_douai.json", "--replications", "2", "--set", "/calendar/horizon_days=400"],
    "acc": ["scenarios/acc_billy_berclau.json", "--replications", "2"],
}
FILES = ["summary.json", "monthly.csv", "stations.csv", "stations_monthly.csv", "lines_monthly.csv"]
VOLATILE = re.compile(r'^\s*"(wall_s|gigaline_version|git_describe|build|compiler|wall_s_per_replication)":')


def masked(lines):
    return ["<volatile>" if VOLATILE.match(line) else line for line in lines]


def main():
    src = pathlib.Path(sys.argv[1]).resolve()
    exe = pathlib.Path(sys.argv[2]).resolve()
    update = "--update" in sys.argv[3:]
    golden = src / "tests" / "golden"
    failed = 0
    for name, args in CASES.items():
        with tempfile.TemporaryDirectory(prefix="gigaline-golden-") as tmp:
            out = pathlib.Path(tmp) / "out"
            r = subprocess.run([str(exe), "run", *args, "--out", str(out)], cwd=src, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL {name}: gigaline run exited {r.returncode}\n{r.stderr}")
                failed += 1
                continue
            for f in FILES:
                got = (out / f).read_text().splitlines()
                ref_path = golden / name / f
                if update:
                    ref_path.parent.mkdir(parents=True, exist_ok=True)
                    ref_path.write_text("\n".join(got) + "\n")
                    continue
                if not ref_path.exists():
                    print(f"FAIL {name}/{f}: no golden file (make goldens writes it)")
                    failed += 1
                    continue
                ref = ref_path.read_text().splitlines()
                if masked(got) != masked(ref):
                    failed += 1
                    diff = list(difflib.unified_diff(masked(ref), masked(got), f"golden/{name}/{f}", "now", n=0))
                    print(f"FAIL {name}/{f}: {sum(1 for d in diff if d.startswith(('+', '-')))} lines differ")
                    print("\n".join(diff[:40]))
                else:
                    print(f"ok   {name}/{f} ({len(ref)} lines)")
    if update:
        print(f"goldens written to {golden}")
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
