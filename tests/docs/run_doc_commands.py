#!/usr/bin/env python3
"""Runs every command shown in README.md and docs/*.md, so the docs cannot drift from the tool.

A command is a line starting with "$ " inside a ```console block. "gigaline" runs the built executable.
A trailing "# exit N" comment states the expected exit code (default 0). A trailing "# slow" marks a command
that takes minutes under the sanitizers: it is skipped when GIGALINE_DOCS_SKIP_SLOW=1 (set by the asan test
preset; the Release suite runs it). `make test` is skipped: it is the test suite's own entry point, run by
.ci/run. Usage: run_doc_commands.py SOURCE_DIR GIGALINE_EXE
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

src = pathlib.Path(sys.argv[1]).resolve()
exe = pathlib.Path(sys.argv[2]).resolve()
docs = [src / "README.md"] + sorted((src / "docs").glob("*.md")) + sorted((src / "docs").glob("*/*.md"))

# Commands run in a scratch copy of the source tree's inputs, so that results they write land nowhere real.
work = pathlib.Path(tempfile.mkdtemp(prefix="gigaline-docs-"))
for d in ("scenarios", "tests", "docs"):
    shutil.copytree(src / d, work / d, ignore=shutil.ignore_patterns("bench"))
shutil.copytree(src / "scenarios" / "bench", work / "scenarios" / "bench")
bindir = work / "bin"
bindir.mkdir()
(bindir / "gigaline").symlink_to(exe)
# `make demo` builds in the source tree's build folder while other tests run the executable: a commit since the last
# build must not relink it (a new `git describe`), so the build id stays as built (cmake/BuildId.cmake).
env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", GIGALINE_BUILD_ID_FROZEN="1")

ran = failed = 0
for doc in docs:
    in_console = False
    for lineno, line in enumerate(doc.read_text().splitlines(), 1):
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            continue
        if not in_console or not line.startswith("$ "):
            continue
        cmd = line[2:]
        slow = re.search(r"\s+#\s*slow\s*$", cmd)
        if slow:
            cmd = cmd[: slow.start()]
            if os.environ.get("GIGALINE_DOCS_SKIP_SLOW") == "1":
                print(f"skip {doc.relative_to(src)}:{lineno}: {cmd} (slow; GIGALINE_DOCS_SKIP_SLOW=1)")
                continue
        m = re.search(r"\s+#\s*exit\s+(\d+)\s*$", cmd)
        expected = int(m.group(1)) if m else 0
        cmd = cmd[: m.start()] if m else cmd
        if cmd.strip() == "make test":
            print(f"skip {doc.name}:{lineno}: {cmd} (the suite itself)")
            continue
        cwd = src if cmd.startswith("make ") else work
        r = subprocess.run(cmd, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        ran += 1
        if r.returncode != expected:
            failed += 1
            print(f"FAIL {doc.relative_to(src)}:{lineno}: {cmd}\n  exit {r.returncode}, expected {expected}")
            print("  stdout: " + r.stdout[-2000:].replace("\n", "\n  "))
            print("  stderr: " + r.stderr[-2000:].replace("\n", "\n  "))
        else:
            print(f"ok   {doc.relative_to(src)}:{lineno}: {cmd}")
shutil.rmtree(work, ignore_errors=True)
print(f"{ran - failed} passed, {failed} failed")
sys.exit(1 if failed or ran == 0 else 0)
