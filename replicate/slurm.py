"""Runs on a Slurm cluster: one job array over the seeds, each task the same `replicate run`.

The paper repo lives on the cluster's shared file system, so every task writes its run
folder exactly as a local run does. This module writes the batch script, submits it
with ``sbatch`` and asks ``squeue``, ``sacct`` and ``scontrol`` how the tasks are doing.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import locks, runs
from .errors import ReplicateError, WorkspaceError
from .runs import Run

SCRIPTS_DIR = "slurm"
COMMAND_TIMEOUT = 60  # seconds for sbatch/squeue/sacct/scontrol to answer
KEYS = ("partition", "gpus", "cpus", "mem", "time", "account", "setup")
# Slurm states after which a task will not run again.
ENDED = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
         "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT"}


class SlurmError(ReplicateError):
    """Slurm is missing, refused a job, or a ``[slurm]`` setting cannot be used."""


@dataclass(frozen=True)
class Resources:
    """What each array task asks for, from ``[slurm]`` in replicate.toml."""

    partition: str | None = None
    gpus: int | None = None
    cpus: int | None = None
    mem: str | None = None
    time: str | None = None
    account: str | None = None
    setup: tuple[str, ...] = ()

    def directives(self) -> list[str]:
        pairs = [("partition", self.partition), ("account", self.account),
                 ("gres", f"gpu:{self.gpus}" if self.gpus else None),
                 ("cpus-per-task", self.cpus), ("mem", self.mem), ("time", self.time)]
        return [f"#SBATCH --{name}={value}" for name, value in pairs if value is not None]


def _bad(key: str, value: Any, what: str) -> WorkspaceError:
    return WorkspaceError(f"[slurm] {key} = {value!r} in replicate.toml is not {what}; fix it.")


def resources(table: Mapping[str, Any]) -> Resources:
    """Check the ``[slurm]`` table; `WorkspaceError` names the setting to fix."""
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise WorkspaceError(f"[slurm] in replicate.toml has unknown setting(s) "
                             f"{', '.join(unknown)}; use {', '.join(KEYS)}.")
    values: dict[str, Any] = {}
    for key in ("partition", "account"):
        v = table.get(key)
        if v is not None:
            if not isinstance(v, str) or not re.fullmatch(r"[\w.,-]+", v):
                raise _bad(key, v, "a name such as 'gpu'")
            values[key] = v
    for key, least in (("gpus", 0), ("cpus", 1)):
        v = table.get(key)
        if v is not None:
            if isinstance(v, bool) or not isinstance(v, int) or v < least:
                raise _bad(key, v, f"a whole number of at least {least}")
            values[key] = v
    mem = table.get("mem")
    if mem is not None:
        if isinstance(mem, bool) or not re.fullmatch(r"\d+[KMGT]?", str(mem)):
            raise _bad("mem", mem, "a size such as '16G' or 16000 (MB)")
        values["mem"] = str(mem)
    time = table.get("time")
    if time is not None:
        if isinstance(time, bool) or not re.fullmatch(r"(\d+-)?\d+(:\d\d){0,2}", str(time)):
            raise _bad("time", time, "a limit such as '4:00:00', '1-00:00:00' or 90 (minutes)")
        values["time"] = str(time)
    setup = table.get("setup", ())
    if isinstance(setup, str):
        setup = setup.splitlines()
    if not isinstance(setup, (list, tuple)) or not all(isinstance(s, str) for s in setup):
        raise _bad("setup", setup, "a list of shell lines such as ['module load cuda']")
    values["setup"] = tuple(s for s in setup if s.strip())
    return Resources(**values)


def _minutes(seconds: float) -> str:
    return str(max(1, -(-int(seconds) // 60) + 1))  # rounded up, plus a minute to start


def script(repo: Path, workspace: Path, paper_id: str, batch: Sequence[Run],
           res: Resources, log_pattern: Path) -> str:
    """The batch script: array task i runs ``replicate run ID --run-id <run i>``."""
    timeout = batch[0].timeout_s
    time = res.time or (_minutes(timeout) if timeout else None)
    lines = ["#!/bin/bash", f"#SBATCH --job-name=replicate-{paper_id.replace('/', '_')}",
             f"#SBATCH --array=0-{len(batch) - 1}", f"#SBATCH --output={log_pattern}",
             *Resources(**{**vars(res), "time": time}).directives(), "set -e",
             *res.setup,
             "RUNS=(" + " ".join(shlex.quote(r.run_id) for r in batch) + ")",
             f"cd {shlex.quote(str(repo))}",
             # This interpreter, so the task uses the environment replicate was installed in.
             f"exec {shlex.quote(sys.executable)} -m replicate --workspace "
             f"{shlex.quote(str(workspace))} run {shlex.quote(paper_id)} "
             '--run-id "${RUNS[$SLURM_ARRAY_TASK_ID]}"']
    return "\n".join(lines) + "\n"


def _call(args: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SlurmError(f"'{args[0]}' did not answer within {COMMAND_TIMEOUT} s; check that "
                         "slurmctld is up ('sinfo').") from None
    except OSError as e:
        raise SlurmError(f"cannot run '{args[0]}' ({e.strerror}); check your Slurm "
                         "installation.") from e


def submit(repo: Path, workspace: Path, paper_id: str, seeds: Sequence[int],
           params: Mapping[str, Any], table: Mapping[str, Any], *,
           timeout: float | None = None, now: datetime | None = None) -> tuple[str, list[Run]]:
    """Queue one run per seed and submit them as one job array; return (job id, runs).

    Settings and ``sbatch`` are checked before anything is written; a rejected
    submission removes the queued runs and the script again.
    """
    res = resources(table)
    if shutil.which("sbatch") is None:
        raise SlurmError("sbatch is not on PATH; run this on a Slurm login node (or "
                         "'module load slurm'), or use --on local.")
    runs.check_notebook(repo, params)
    now = now or datetime.now(timezone.utc)
    stamp = f"{now:%Y%m%d-%H%M%S}"
    folder = runs.runs_dir(repo) / SCRIPTS_DIR
    with locks.paper(repo):
        batch = runs.queue(repo, seeds, params, executor="slurm", timeout=timeout, now=now)
        path, n = folder / f"{stamp}.sbatch", 2
        while path.exists():
            path, n = folder / f"{stamp}-{n}.sbatch", n + 1
        logs = folder / f"{path.stem}-%a.log"
        from .files import write_atomic

        write_atomic(path, script(repo, workspace, paper_id, batch, res, logs))
        done = None
        try:
            done = _call(["sbatch", "--parsable", str(path)])
        finally:
            if done is None or done.returncode != 0:
                for run in batch:
                    shutil.rmtree(runs.runs_dir(repo) / run.run_id, ignore_errors=True)
                path.unlink(missing_ok=True)
        if done.returncode != 0:
            reason = (done.stderr.strip() or done.stdout.strip()).splitlines()
            raise SlurmError(f"sbatch refused the job ({reason[-1] if reason else 'no reason'}"
                             "); fix [slurm] in replicate.toml and run again.")
        job = done.stdout.strip().split(";")[0]
        for i, run in enumerate(batch):
            run.slurm_job = f"{job}_{i}"
            run.slurm_log = str(logs.relative_to(repo)).replace("%a", str(i))
            runs.save(repo, run)
        seeds_text = ", ".join(str(r.seed) for r in batch)
        runs.commit_records(repo, {path.relative_to(repo).as_posix(): path.read_text()},
                            f"Submit seeds {seeds_text} to Slurm as job {job}")
    return job, batch


def _lines(args: list[str]) -> list[str] | None:
    """The command's output lines, or None when it failed (no accounting, unknown job)."""
    done = _call(args)
    return done.stdout.splitlines() if done.returncode == 0 else None


def _queue(ids: str) -> list[str]:
    """squeue's lines for these jobs; a job it no longer lists is no error, a dead
    controller is (nothing must be marked failed because Slurm could not be asked)."""
    done = _call(["squeue", "-h", "-r", "-j", ids, "-o", "%i|%T"])
    if done.returncode == 0:
        return done.stdout.splitlines()
    if "invalid job id" in done.stderr.lower():
        return []
    reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
    raise SlurmError(f"squeue failed ({reason}); check that slurmctld is up ('sinfo').")


def task_states(jobs: set[str]) -> dict[str, str]:
    """Slurm's state of each array task (``123_0``) it still knows, from squeue, else sacct
    when accounting is on, else scontrol."""
    if not jobs or shutil.which("squeue") is None:
        return {}
    ids = ",".join(sorted(jobs))
    states: dict[str, str] = {}
    for line in _queue(ids):
        task, _, state = line.partition("|")
        states[task.strip()] = state.strip()
    for line in _lines(["sacct", "-n", "-P", "-X", "-j", ids, "-o", "JobID,State"]) or []:
        task, _, state = line.partition("|")
        states.setdefault(task.strip(), state.split()[0] if state.strip() else "")
    for job in jobs:
        for line in _lines(["scontrol", "-o", "show", "job", job]) or []:
            fields = dict(re.findall(r"(\w+)=(\S+)", line))
            if "ArrayTaskId" in fields and "JobState" in fields:
                states.setdefault(f"{fields['ArrayJobId']}_{fields['ArrayTaskId']}",
                                  fields["JobState"])
    return states


def refresh(repo: Path, paper_runs: list[Run]) -> list[Run]:
    """The runs with Slurm's view of those not finished: a task Slurm says ended without
    its record being written is marked failed, naming its log."""
    waiting = [r for r in paper_runs if r.executor == "slurm" and r.slurm_job and
               r.state not in runs.FINAL]
    if not waiting:
        return paper_runs
    states = task_states({r.slurm_job.split("_")[0] for r in waiting if r.slurm_job})
    out = []
    for run in paper_runs:
        if run not in waiting:
            out.append(run)
            continue
        state = states.get(run.slurm_job or "")
        if state in ("RUNNING", "COMPLETING") and run.state == "queued":
            run.state = "running"
        elif state is None or state in ENDED:
            fresh = runs.load(repo, run.run_id)  # the task may have just written it
            if fresh.state not in runs.FINAL:
                said = (f"Slurm reports task {run.slurm_job} {state}" if state else
                        f"Slurm no longer knows task {run.slurm_job}")
                fresh = runs.mark_failed(repo, run.run_id,
                                         f"{said} before the run ended; see {run.slurm_log}") \
                    or runs.load(repo, run.run_id)
            run = fresh
        out.append(run)
    return out


def wait(repo: Path, run_ids: Sequence[str], *, poll: float = 0.5, most: float = 10.0,
         clock: Any = None) -> list[Run]:
    """Block until every run has ended, asking Slurm a little less often each time."""
    import time

    sleep = clock or time.sleep
    while True:
        mine = [runs.load(repo, run_id) for run_id in run_ids]
        current = refresh(repo, mine)
        if all(r.state in runs.FINAL for r in current):
            # A task saves its final record, then commits it, under the paper's lock: once
            # the lock is had, every task's commit is in the history too.
            with locks.paper(repo):
                return [runs.load(repo, r.run_id) for r in current]
        sleep(poll)
        poll = min(most, poll * 1.5)
