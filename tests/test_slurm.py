"""`replicate run --on slurm` against a real single-node Slurm (`.ci/slurm-up` starts one).

Tests that submit jobs skip when no Slurm answers here; with REPLICATE_REQUIRE_SLURM=1
(as `.ci/run` sets) they fail instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runnable import KEY, PAPER_ID, make_runnable, run_folders, run_json

# Read at import: the autouse fixture clears REPLICATE_* before each test.
REQUIRE = os.environ.get("REPLICATE_REQUIRE_SLURM") == "1"


def _no_slurm() -> str | None:
    if shutil.which("sbatch") is None:
        return "sbatch is not on PATH (start a local Slurm with .ci/slurm-up)"
    try:
        done = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"sinfo did not answer ({e})"
    if done.returncode != 0 or not done.stdout.strip():
        return ("no Slurm controller answers (sinfo: "
                f"{(done.stderr.strip().splitlines() or ['no nodes'])[-1]}); "
                "start one with .ci/slurm-up and set SLURM_CONF")
    return None


@pytest.fixture
def slurm() -> None:
    reason = _no_slurm()
    if reason:
        if REQUIRE:
            pytest.fail(f"REPLICATE_REQUIRE_SLURM=1 but {reason}")
        pytest.skip(reason)


def replicate(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "replicate", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def wait_for(check, what: str, seconds: float = 120) -> None:
    """Poll `check` until true, at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def test_a_two_seed_array_lands_both_runs_and_the_ledger_shows_mean_std(
        slurm, workspace: Path) -> None:
    repo = make_runnable(workspace)
    done = replicate("run", PAPER_ID, "--seeds", "0-1", "--on", "slurm", "--wait",
                     cwd=workspace)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "submitted Slurm job" in done.stdout and done.stdout.count("succeeded in") == 2
    scripts = list((repo / "runs" / "slurm").glob("*.sbatch"))
    assert len(scripts) == 1
    text = scripts[0].read_text()
    assert "#SBATCH --array=0-1" in text and '--run-id "${RUNS[$SLURM_ARRAY_TASK_ID]}"' in text
    folders = run_folders(repo)
    job = done.stdout.split("submitted Slurm job ")[1].split(":")[0]
    for seed, folder in enumerate(folders):
        info = run_json(folder)
        assert info["executor"] == "slurm" and info["state"] == "succeeded"
        assert info["seed"] == seed and info["slurm_job"] == f"{job}_{seed}"
        assert info["host"] and info["duration_s"] > 0
        assert json.loads((folder / "metrics.json").read_text()) == {KEY: 90.0 + seed}
        assert (folder / "notebook.ipynb").is_file()
        assert (repo / info["slurm_log"]).is_file()
    # Both tasks committed their records, and the script is committed too.
    log = git(repo, "log", "--format=%s")
    assert log.count(": succeeded") == 2 and f"as job {job}" in log
    assert git(repo, "status", "--porcelain") == ""
    ledger = replicate("ledger", "--format", "md", cwd=workspace)
    assert "| 90.5 ± 0.707 (n=2) |" in ledger.stdout
    listed = replicate("runs", PAPER_ID, cwd=workspace).stdout
    assert listed.count("succeeded") == 2


def test_a_task_slurm_cancels_is_marked_failed_with_its_log(slurm, workspace: Path) -> None:
    repo = make_runnable(workspace)
    # A job holding every CPU keeps the array pending, so it is cancelled before it starts.
    blocker = subprocess.run(["sbatch", "--parsable", "--exclusive", "--output=/dev/null",
                              "--wrap", "sleep 300"], capture_output=True, text=True,
                             check=True).stdout.strip()
    try:
        done = replicate("run", PAPER_ID, "--on", "slurm", cwd=workspace)
        assert done.returncode == 0, done.stderr
        assert "follow them with 'replicate runs 1512.03385'" in done.stdout
        info = run_json(run_folders(repo)[0])
        assert info["state"] == "queued" and info["slurm_job"].endswith("_0")
        subprocess.run(["scancel", info["slurm_job"].split("_")[0]], check=True)

        def failed() -> bool:
            out = replicate("runs", PAPER_ID, "--json", cwd=workspace).stdout
            return json.loads(out)[0]["state"] == "failed"

        wait_for(failed, "Slurm to report the task cancelled")
    finally:
        subprocess.run(["scancel", blocker], check=False)
    info = run_json(run_folders(repo)[0])
    assert info["error"].startswith(f"Slurm reports task {info['slurm_job']} CANCELLED")
    assert info["error"].endswith(f"see {info['slurm_log']}")
    assert "CANCELLED" in replicate("runs", PAPER_ID, cwd=workspace).stdout


def test_a_rejected_submission_queues_nothing(slurm, workspace: Path) -> None:
    repo = make_runnable(workspace)
    config = workspace / "replicate.toml"
    config.write_text(config.read_text() + '\n[slurm]\npartition = "no-such-partition"\n')
    done = replicate("run", PAPER_ID, "--seeds", "0-2", "--on", "slurm", cwd=workspace)
    assert done.returncode == 1
    assert done.stderr.startswith("error: sbatch refused the job (")
    assert done.stderr.endswith("); fix [slurm] in replicate.toml and run again.\n")
    assert run_folders(repo) == [] and not list((repo / "runs" / "slurm").glob("*"))


def test_without_sbatch_nothing_is_queued(cli, workspace: Path, tmp_path: Path,
                                          monkeypatch) -> None:
    repo = make_runnable(workspace)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, _, err = cli("run", PAPER_ID, "--on", "slurm")
    assert code == 1
    assert err == ("error: sbatch is not on PATH; run this on a Slurm login node (or "
                   "'module load slurm'), or use --on local.\n")
    assert not (repo / "runs").exists()


@pytest.mark.parametrize("setting, message", [
    ("gpus = 'two'", "[slurm] gpus = 'two' in replicate.toml is not a whole number of at "
                     "least 0; fix it."),
    ("mem = '16 gigs'", "[slurm] mem = '16 gigs' in replicate.toml is not a size such as "
                        "'16G' or 16000 (MB); fix it."),
    ("time = 'soon'", "[slurm] time = 'soon' in replicate.toml is not a limit such as "
                      "'4:00:00', '1-00:00:00' or 90 (minutes); fix it."),
    ("nodes = 2", "[slurm] in replicate.toml has unknown setting(s) nodes; use partition, "
                  "gpus, cpus, mem, time, account, setup."),
])
def test_a_bad_slurm_setting_is_one_line_and_queues_nothing(cli, workspace: Path, setting,
                                                            message) -> None:
    repo = make_runnable(workspace)
    config = workspace / "replicate.toml"
    config.write_text(config.read_text() + f"\n[slurm]\n{setting}\n")
    code, _, err = cli("run", PAPER_ID, "--on", "slurm")
    assert (code, err) == (1, f"error: {message}\n")
    assert not (repo / "runs").exists()


def test_the_script_asks_for_the_resources_in_replicate_toml(workspace: Path) -> None:
    from replicate import runs, slurm

    repo = make_runnable(workspace)
    res = slurm.resources({"partition": "gpu", "gpus": 2, "cpus": 8, "mem": "32G",
                           "account": "lab", "setup": ["module load cuda/12.1"]})
    batch = [runs.Run(run_id=f"r{i}", seed=i, timeout_s=90) for i in range(3)]
    text = slurm.script(repo, workspace, PAPER_ID, batch, res, repo / "runs/slurm/x-%a.log")
    lines = text.splitlines()
    for wanted in ("#SBATCH --array=0-2", "#SBATCH --partition=gpu", "#SBATCH --account=lab",
                   "#SBATCH --gres=gpu:2", "#SBATCH --cpus-per-task=8", "#SBATCH --mem=32G",
                   "#SBATCH --time=3", "module load cuda/12.1", "RUNS=(r0 r1 r2)"):
        assert wanted in lines
    assert lines.index("module load cuda/12.1") < lines.index("RUNS=(r0 r1 r2)")


def test_the_wait_ends_once_the_tasks_records_are_committed(workspace: Path) -> None:
    # A task writes its final run.json, then commits it, under the paper's lock; the wait
    # must not end in between, or the history it hands back lacks that run.
    import threading

    from replicate import gitrepo, locks, runs, slurm

    repo = make_runnable(workspace)
    run = runs.Run(run_id="20260101-000000-seed0", seed=0, state="succeeded",
                   executor="slurm", slurm_job="1_0", duration_s=1.0)
    ended: list[str] = []
    with locks.paper(repo):
        runs.save(repo, run)
        waiter = threading.Thread(target=lambda: ended.extend(
            r.state for r in slurm.wait(repo, [run.run_id])))
        waiter.start()
        waiter.join(timeout=1)  # bounded: a wait that does not block ends at once
        assert waiter.is_alive() and ended == []
        gitrepo.commit_all(repo, "Run 20260101-000000-seed0: succeeded")
    waiter.join(timeout=60)
    assert ended == ["succeeded"]
