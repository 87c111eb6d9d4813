#!/usr/bin/env python3
"""SIGINT and SIGTERM end every kind of command with exit code 130 / 143 and one line on stderr, never 1.

Each case starts a command that runs for many seconds, sends the signal once the command is busy (a sweep: once
some runs are in its database), and checks: the exit code, the last line of stderr, that results written before
stay whole (an earlier summary.json of the same folder, the sweep's finished runs, in a database that
gigaline sweep export reads), that no temporary file is
left, and that no worker process outlives the command. Asserts outcomes, never durations.
Usage: check_signals.py SOURCE_DIR GIGALINE_EXE
"""
import atexit
import json
import shutil
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

src = pathlib.Path(sys.argv[1]).resolve()
exe = str(pathlib.Path(sys.argv[2]).resolve())
work = pathlib.Path(tempfile.mkdtemp(prefix="gigaline-signals-"))
atexit.register(shutil.rmtree, work, ignore_errors=True)  # also when a check raises
failed = 0
NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


def check(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed += 1


def processes_with(marker):
    """Live processes whose command line holds `marker` (a worker forked by the command carries its argv)."""
    found = []
    for p in pathlib.Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            if marker.encode() in (p / "cmdline").read_bytes():
                found.append(int(p.name))
        except OSError:
            pass
    return found


def interrupt(name, args, sig, ready, group=False, marker=None):
    """Starts gigaline ARGS, waits until ready() (at most 60 s), sends sig; returns (exit code, stdout, stderr)."""
    p = subprocess.Popen([exe, *args], cwd=src, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=group)
    deadline = time.monotonic() + 60
    while not ready() and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if p.poll() is not None:
        out, err = p.communicate()
        check(False, f"{name}: the command ended (exit {p.returncode}) before it could be interrupted\n{err}")
        return None
    if group:
        os.killpg(p.pid, sig)  # a terminal's Ctrl-C: the command and its workers together
    else:
        os.kill(p.pid, sig)
    out, err = p.communicate(timeout=60)
    code = 128 + sig
    check(p.returncode == code, f"{name}: {NAMES[sig]} gives exit code {code} (got {p.returncode})")
    lines = err.strip().splitlines()
    check(lines[-1:] == [f"gigaline: interrupted ({NAMES[sig]})"] if lines else False,
          f"{name}: last line of stderr is 'gigaline: interrupted ({NAMES[sig]})' (got {lines[-1:]})")
    check(sum("interrupted (" in l for l in lines) == 1, f"{name}: the message is printed once")
    if marker:
        time.sleep(0.2)
        check(processes_with(marker) == [], f"{name}: no worker process left")
    return p.returncode, out, err


def after(seconds):
    t = time.monotonic() + seconds
    return lambda: time.monotonic() >= t


def no_temp_files(folder):
    return [str(f) for f in pathlib.Path(folder).rglob("*.tmp.*")] == []


# 1. gigaline run: an earlier complete summary.json in the output folder stays whole, no temporary file is left
out = work / "run"
r = subprocess.run([exe, "run", "scenarios/bench/tandem4.json", "--out", str(out)], cwd=src, capture_output=True)
check(r.returncode == 0, "run: a first, complete run writes its results")
before = (out / "summary.json").read_text()
for sig in (signal.SIGINT, signal.SIGTERM):
    interrupt(f"run ({NAMES[sig]})", ["run", "scenarios/bench/tandem4.json", "--replications", "200", "--seed", "9",
                                      "--out", str(out)], sig, after(0.5))
    text = (out / "summary.json").read_text()
    check(text == before and json.loads(text)["provenance"]["seed"] == 1,
          f"run ({NAMES[sig]}): summary.json is still the complete earlier one")
    check(no_temp_files(out), f"run ({NAMES[sig]}): no temporary file left in the output folder")

# run --jobs: its worker processes go with it, alone or with the process group
for sig, group in ((signal.SIGTERM, False), (signal.SIGINT, True)):
    jobs_out = work / f"run-jobs-{NAMES[sig]}-{group}"
    interrupt(f"run --jobs 2 ({NAMES[sig]}{', process group' if group else ''})",
              ["run", "scenarios/bench/tandem4.json", "--replications", "2000", "--jobs", "2", "--out",
               str(jobs_out)], sig, after(0.8), group=group, marker=str(jobs_out))
    check(not (jobs_out / "summary.json").exists() and no_temp_files(jobs_out),
          f"run --jobs 2 ({NAMES[sig]}): no partial results")

# 2. a region (several plants), SimGrid running in the process itself
interrupt("run region (SIGINT)", ["run", "scenarios/battery_valley.json", "--replications", "200"], signal.SIGINT,
          after(0.5))

# 3. check, calibrate and forecast; the last two run worker processes, which must go too
interrupt("check (SIGTERM)", ["check", "scenarios/bench/tandem4.json", "--baseline", "tests/baselines/tandem4.json",
                              "--replications", "200"], signal.SIGTERM, after(0.5))
marker = str(work / "calibrate-marker.json")
interrupt("calibrate (SIGINT)", ["calibrate", "scenarios/aesc_douai.json", "--jobs", "2", "--out", marker],
          signal.SIGINT, after(0.8), marker=marker)
for sig, group in ((signal.SIGTERM, False), (signal.SIGINT, True)):
    fc = work / f"forecast-{NAMES[sig]}-{group}"
    interrupt(f"forecast ({NAMES[sig]}{', process group' if group else ''})",
              ["forecast", "scenarios/aesc_douai.json", "--draws", "5000", "--jobs", "2", "--out", str(fc)], sig,
              after(0.8), group=group, marker=str(fc))
    check(not fc.exists() or no_temp_files(fc), f"forecast ({NAMES[sig]}): no temporary file left")


# 4. sweep: the finished runs stay in a readable database (resuming is tested in tests/sweep/test_sweep.cpp)
def runs_in(db):
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return c.execute("SELECT count(*) FROM runs").fetchone()[0]
    except sqlite3.Error:
        return 0


sweep = ["sweep", "tests/data/sweep/lhs.json", "--set", "/replications=20", "--jobs", "2"]  # 400 runs
for sig, group in ((signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True)):
    name = f"sweep ({NAMES[sig]}{', process group' if group else ''})"
    db = work / f"sweep-{NAMES[sig]}-{group}.sqlite"
    res = interrupt(name, [*sweep, "--db", str(db)], sig, lambda: runs_in(db) >= 4, group=group, marker=str(db))
    if res is None:
        continue
    kept = runs_in(db)
    check(4 <= kept < 400, f"{name}: the database is readable and holds the finished runs ({kept})")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        statuses = dict(c.execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall())
    check(statuses == {"ok": kept}, f"{name}: no run recorded as failed by the interrupt ({statuses})")
    csv = work / f"csv-{NAMES[sig]}-{group}"
    e = subprocess.run([exe, "sweep", "export", str(db), "--csv", str(csv)], capture_output=True, text=True)
    check(e.returncode == 0 and len((csv / "runs.csv").read_text().splitlines()) == kept + 1,
          f"{name}: gigaline sweep export reads it ({kept} runs)")
    check(f"already in {db}: 0; run now: {kept} (0 failed)" in res[1] and "interrupted: the finished runs are in" in res[1],
          f"{name}: stdout says how many runs were kept")

print(f"{failed} check(s) failed" if failed else "all checks passed")
sys.exit(1 if failed else 0)
