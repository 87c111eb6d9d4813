#!/usr/bin/env bash
# A sweep as a Slurm job array on a private one-node Slurm cluster, with the job scripts docs/sweeps.md shows
# (scripts/slurm/sweep.sbatch and merge.sbatch): three shards and a dependent merge; the merged database must
# hold exactly the rows of an unsharded run. Then one shard is lost: its index alone is resubmitted with a new
# merge, and the result is checked again. Last, a task gets SIGTERM as at its time limit: its finished runs must
# reach shared storage. Everything lives in one temporary folder (SLURM_CONF points there,
# nothing is written to /etc); the daemons started here (munged, slurmctld, slurmd) are stopped on exit.
# Needs root and scripts/install-deps.sh --test (slurmctld slurmd slurm-client munge). Without them, or when the
# daemons do not start, it fails with the reason: it never skips. Facts it relies on: /work/shared/SLURM_NOTES.md.
# Usage: run_slurm_test.sh SOURCE_DIR GIGALINE_EXE
set -euo pipefail
src=$(cd "$1" && pwd)
exe=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
t_start=$(date +%s%N)
elapsed() { # seconds since the start, one decimal
  local ms=$((($(date +%s%N) - t_start) / 1000000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

fail() {
  echo "FAIL slurm: $*" >&2
  exit 1
}
for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  command -v "$tool" >/dev/null || fail "$tool not found: run scripts/install-deps.sh --test (slurmctld slurmd slurm-client munge)"
done
[[ $(id -u) -eq 0 ]] || fail "needs root (munged and slurmd run as root here)"

# docs/sweeps.md shows the job scripts as they are
python3 - "$src" <<'PY' || fail "docs/sweeps.md does not show scripts/slurm/*.sbatch as they are"
import pathlib, re, sys
src = pathlib.Path(sys.argv[1])
blocks = re.findall(r"^```sh\n(.*?)^```", (src / "docs" / "sweeps.md").read_text(), re.S | re.M)
for name in ("sweep.sbatch", "merge.sbatch"):
    if (src / "scripts" / "slurm" / name).read_text() not in blocks:
        sys.exit(f"{name}: no ```sh block of docs/sweeps.md is this file")
PY

work=$(mktemp -d /tmp/glslurm.XXXXXX) # short: the munge socket's path must stay under ~100 characters
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  if [[ -f "$work/etc/slurm.conf" ]]; then
    export SLURM_CONF="$work/etc/slurm.conf"
    scancel --user=root >/dev/null 2>&1 || true # stopping slurmd does not kill running jobs
    for _ in $(seq 50); do
      [[ -z $(squeue -h 2>/dev/null) ]] && break
      sleep 0.1
    done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do # slurmd, slurmctld, then munged
    kill "${pids[i]}" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  if [[ $status -ne 0 ]]; then
    for log in "$work"/log/*.log "$work"/run/logs/*; do
      [[ -f "$log" ]] && { echo "--- $log"; tail -n 20 "$log"; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work"/{etc,log,munge,state,spool,run/logs,run/results}
chmod 755 "$work/munge" # munged wants its socket folder open to all
# free TCP ports for the controller and the node: another cluster may run on this machine at the same time
read -r ctld_port node_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
node=glnode$$

# munge: a private daemon, key and socket
mungekey --create --keyfile="$work/munge/munge.key" >/dev/null 2>&1 || fail "mungekey could not create a key"
munged --foreground --key-file="$work/munge/munge.key" --socket="$work/munge/sock" \
  --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/seed" --log-file="$work/log/munged.log" \
  >"$work/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  [[ -S "$work/munge/sock" ]] && break
  sleep 0.1
done
[[ -S "$work/munge/sock" ]] || fail "munged did not start (see $work/log/munged.log above)"

cat >"$work/etc/slurm.conf" <<CONF
ClusterName=gltest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$node_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/sock
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/state/slurmctld.pid
SlurmdPidFile=$work/spool/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
ReturnToService=2
DependencyParameters=kill_invalid_depend
SchedulerParameters=batch_sched_delay=0,sched_interval=1
SlurmdParameters=config_overrides
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
NodeName=$node NodeAddr=127.0.0.1 CPUs=4 RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/etc/slurm.conf"
slurmctld -D >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$node" >"$work/log/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 150); do
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null || true)
  [[ "$state" == idle ]] && break
  sleep 0.2
done
[[ "$state" == idle ]] || fail "the node is not idle after 30 s (state '$state'): slurmctld or slurmd did not start"
echo "slurm: one-node cluster up in $(elapsed) s"

# the sweep's inputs, and gigaline first in PATH for the jobs
cp -r "$src/tests/data/sweep" "$work/run/sweep"
cd "$work/run"
sweep=sweep/grid.json # 6 points x 3 replications = 18 runs
shards=3
vars="ALL,SHARDS=$shards,SWEEP=$sweep,RESULTS=results,GIGALINE=$exe"

# waits until job $1 has ended; fails unless it COMPLETED (sbatch --wait returns 0 for a cancelled job)
wait_completed() {
  local id=$1 what=$2 st=""
  for _ in $(seq 300); do
    st=$(scontrol -o show job "$id" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | sort -u | tr '\n' ' ')
    [[ -n "$st" && ! "$st" =~ PENDING|RUNNING|CONFIGURING|COMPLETING ]] && break
    sleep 0.2
  done
  [[ "$st" == "COMPLETED " ]] || fail "$what (job $id) ended in state '$st'"
}
export_of() {
  rm -rf "$2"
  "$exe" sweep export "$1" --csv "$2" >/dev/null || fail "gigaline sweep export $1 failed"
}
same_rows() {
  export_of "$1" "$work/a"
  for f in points.csv runs.csv monthly.csv; do
    cmp -s "$work/a/$f" "$work/whole_csv/$f" || fail "$2: $f of the merged database differs from an unsharded run's"
  done
  local n
  n=$(($(wc -l <"$work/a/runs.csv") - 1))
  [[ $n -eq 18 ]] || fail "$2: $n runs in the merged database, expected 18"
  echo "ok   $2: merged database = unsharded run (18 runs) ($(elapsed) s)"
}

"$exe" sweep "$sweep" --db "$work/whole.sqlite" --jobs 2 --quiet >/dev/null || fail "the unsharded sweep failed"
export_of "$work/whole.sqlite" "$work/whole_csv"

# 1. the array and its merge, as docs/sweeps.md submits them
array=$(sbatch --parsable --array=1-$shards --cpus-per-task=1 --export="$vars" "$src/scripts/slurm/sweep.sbatch")
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export="$vars" \
  "$src/scripts/slurm/merge.sbatch")
wait_completed "$merge" "merge of the array"
for i in $(seq $shards); do
  [[ -f results/shard_$i.sqlite ]] || fail "array task $i left no results/shard_$i.sqlite"
done
for left in /tmp/gigaline_"${array}"_*; do
  [[ -e "$left" ]] && fail "a task left its node-local folder $left"
done
same_rows results/merged.sqlite "job array of $shards tasks and a dependent merge"

# 2. a lost shard: a merge without it fails instead of giving partial results
rm results/shard_2.sqlite results/merged.sqlite
partial=$(sbatch --parsable --export="$vars" "$src/scripts/slurm/merge.sbatch")
for _ in $(seq 300); do
  st=$(scontrol -o show job "$partial" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  [[ "$st" =~ PENDING|RUNNING|CONFIGURING|COMPLETING ]] || break
  sleep 0.2
done
[[ "$st" == FAILED && ! -f results/merged.sqlite ]] || fail "a merge with shard 2 missing ended '$st', expected FAILED"
echo "ok   a merge with a shard missing fails (state $st) ($(elapsed) s)"

# 3. index 2 alone resubmitted (the shard count comes from SHARDS, not from the array), then a new merge
again=$(sbatch --parsable --array=2 --cpus-per-task=1 --export="$vars" "$src/scripts/slurm/sweep.sbatch")
merge2=$(sbatch --parsable --dependency=afterok:"$again" --kill-on-invalid-dep=yes --export="$vars" \
  "$src/scripts/slurm/merge.sbatch")
wait_completed "$merge2" "merge after resubmitting index 2"
same_rows results/merged.sqlite "index 2 resubmitted alone, and a new merge"

# 4. SIGTERM to the task and its script, as at the time limit: the finished runs reach shared storage
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["replications"] = 20; json.dump(d, open(sys.argv[2], "w"))' \
  sweep/lhs.json sweep/long.json # 400 runs
long=$(sbatch --parsable --array=1 --cpus-per-task=2 \
  --export="ALL,SHARDS=1,SWEEP=sweep/long.json,RESULTS=results_term,GIGALINE=$exe" "$src/scripts/slurm/sweep.sbatch")
local_db=/tmp/gigaline_${long}_1/shard.sqlite
runs_in() {
  python3 -c 'import sqlite3, sys
try:
    print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT count(*) FROM runs").fetchone()[0])
except Exception:
    print(0)' "$1"
}
for _ in $(seq 300); do
  [[ -f "$local_db" && $(runs_in "$local_db") -ge 4 ]] && break
  sleep 0.1
done
[[ $(runs_in "$local_db") -ge 4 ]] || fail "the long task wrote no runs to its node-local database $local_db"
scancel --signal=TERM --full "$long"
for _ in $(seq 300); do
  st=$(scontrol -o show job "$long" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  [[ "$st" =~ PENDING|RUNNING|CONFIGURING|COMPLETING ]] || break
  sleep 0.2
done
kept=$(runs_in results_term/shard_1.sqlite)
[[ "$st" == FAILED && $kept -ge 4 && $kept -lt 400 && ! -e /tmp/gigaline_${long}_1 ]] ||
  fail "after SIGTERM the task ended '$st' with $kept runs in results_term/shard_1.sqlite (expected FAILED, 4 to 399)"
grep -q "gigaline: interrupted (SIGTERM)" logs/gigaline-sweep_"${long}"_1.out ||
  fail "the task's log does not say gigaline was interrupted by SIGTERM"
echo "ok   SIGTERM to a task (as at its time limit): $kept finished runs copied to shared storage ($(elapsed) s)"

echo "slurm: passed in $(elapsed) s"
