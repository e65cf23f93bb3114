"""`replicate run` and `replicate runs` on this machine: run folders, failures, Ctrl-C,
parameters, and the ledger's mean ± std and compute from the runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runnable import KEY, PAPER_ID, make_runnable, run_folders, run_json, set_cell


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def test_two_seeds_make_two_run_folders_and_a_mean(cli, workspace: Path) -> None:
    repo = make_runnable(workspace)
    code, out, err = cli("run", PAPER_ID, "--seeds", "0-1")
    assert code == 0, err
    assert out.count("succeeded in") == 2 and "2 of 2 runs succeeded." in out
    folders = run_folders(repo)
    assert [f.name.split("-")[-1] for f in folders] == ["seed0", "seed1"]
    for seed, folder in enumerate(folders):
        info = run_json(folder)
        assert info["state"] == "succeeded" and info["seed"] == seed and info["params"] == {}
        assert info["run_id"] == folder.name
        assert info["duration_s"] > 0 and info["started"] <= info["finished"]
        assert info["python"] and info["platform"] and info["host"] and info["replicate"]
        assert info["dirty"] is False and len(info["commit"]) == 40
        assert info["gpu_count"] == 0 and info["gpu_name"] is None  # no GPU here
        assert json.loads((folder / "metrics.json").read_text()) == {KEY: 90.0 + seed}
        executed = json.loads((folder / "notebook.ipynb").read_text())
        injected = [c for c in executed["cells"]
                    if "injected-parameters" in c["metadata"].get("tags", [])]
        assert "SEED = " + str(seed) in "".join(injected[0]["source"])
        assert (folder / "log.txt").is_file()
        assert not (folder / ".running.ipynb").exists()
    # run.json and metrics.json are committed; the notebook and log are ignored.
    assert git(repo, "log", "--format=%s").splitlines()[:2] == [
        f"Run {folders[1].name}: succeeded ({KEY}=91)",
        f"Run {folders[0].name}: succeeded ({KEY}=90)"]
    assert git(repo, "status", "--porcelain") == ""
    tracked = git(repo, "ls-files", "runs").split()
    assert f"runs/{folders[0].name}/run.json" in tracked
    assert f"runs/{folders[0].name}/metrics.json" in tracked
    assert not any(p.endswith(("notebook.ipynb", "log.txt")) for p in tracked)

    claim = json.loads(cli("show", PAPER_ID, "--json")[1])["claims"][0]
    assert (claim["runs"], claim["mean"], claim["min"], claim["max"]) == (2, 90.5, 90, 91)
    assert claim["std"] == pytest.approx(0.7071, abs=1e-4)
    assert claim["reproduced"] == 90.5 and claim["verdict"] == "reproduced"
    assert claim["within_std"] is True  # 90.3 lies in 90.5 ± 0.71
    code, out, _ = cli("show", PAPER_ID)
    assert "90.5 ± 0.707 (n=2)" in out and "within mean ± std" in out
    ledger = json.loads(cli("ledger", "--json")[1])
    paper = ledger["papers"][0]
    assert paper["runs"] == 2 and paper["compute"]["gpu_hours"] == 0
    assert paper["compute"]["wall_s"] == pytest.approx(
        sum(run_json(f)["duration_s"] for f in folders), abs=0.01)
    assert ledger["compute"]["runs"] == 2
    md = (workspace / "LEDGER.md").read_text()
    assert "| 90.5 ± 0.707 (n=2) |" in md and "- compute: 2 runs" in md
    assert "| reproduced (paper within mean ± std) |" in md


def test_runs_lists_state_seed_duration_and_metrics(cli, workspace: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # room for the whole row
    make_runnable(workspace)
    assert cli("runs", PAPER_ID)[1].startswith("No runs of 1512.03385 yet")
    cli("run", PAPER_ID, "--seeds", "3")
    code, out, err = cli("runs", PAPER_ID)
    assert code == 0, err
    line = next(x for x in out.splitlines() if "seed3" in x)
    assert "succeeded" in line and " 3 " in line and "no GPU" in line and f"{KEY}=93" in line
    data = json.loads(cli("runs", "--json")[1])
    assert [(r["arxiv_id"], r["seed"], r["state"], r["metrics"]) for r in data] == [
        (PAPER_ID, 3, "succeeded", {KEY: 93.0})]


def test_a_failing_seed_is_recorded_and_the_others_go_on(cli, workspace: Path) -> None:
    repo = make_runnable(workspace, evaluation=(
        'if SEED == 1:\n    raise ValueError("loss diverged")\n'
        f'scores = {{"{KEY}": 90.0 + SEED}}\n'))
    code, out, err = cli("run", PAPER_ID, "--seeds", "0,1,2")
    assert code == 1
    assert "2 of 3 runs succeeded." in out
    failed = run_json(run_folders(repo)[1])
    assert failed["state"] == "failed" and failed["seed"] == 1
    assert "raised ValueError: loss diverged" in failed["error"]
    assert "'if SEED == 1:'" in failed["error"]  # the failing cell, by its first line
    assert f"seed 1): failed: {failed['error']}" in err
    assert not (run_folders(repo)[1] / "metrics.json").exists()
    # The executed notebook keeps the traceback for the user to read.
    assert "loss diverged" in (run_folders(repo)[1] / "notebook.ipynb").read_text()
    claim = json.loads(cli("show", PAPER_ID, "--json")[1])["claims"][0]
    assert (claim["runs"], claim["mean"]) == (2, 91.0)  # only succeeded runs count
    assert git(repo, "status", "--porcelain") == ""


def test_a_kernel_that_dies_before_it_starts_is_started_again(cli, workspace: Path, tmp_path: Path,
                                                              monkeypatch) -> None:
    # a real kernel whose first start dies before it answers, as when two kernels started at
    # once race for the same ports
    marker, launcher = tmp_path / "died-once", tmp_path / "flaky_kernel.py"
    launcher.write_text(
        "import pathlib, sys\n"
        f"marker = pathlib.Path({str(marker)!r})\n"
        "if not marker.exists():\n    marker.write_text('x')\n    sys.exit(1)\n"
        "from ipykernel import kernelapp\nkernelapp.launch_new_instance()\n")
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(launcher), "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    repo = make_runnable(workspace)
    code, out, err = cli("run", PAPER_ID, "--seeds", "0")
    assert code == 0, err
    assert marker.exists() and run_json(run_folders(repo)[0])["state"] == "succeeded"
    assert "starting it again" in (run_folders(repo)[0] / "log.txt").read_text()


def test_params_reach_the_notebook(cli, workspace: Path) -> None:
    repo = make_runnable(workspace)
    set_cell(repo, "parameters", "SEED = 0\nLR = 0.1\n")
    set_cell(repo, "evaluation", f'scores = {{"{KEY}": 80.0 + LR * 100}}\n')
    code, out, err = cli("run", PAPER_ID, "--param", "LR=0.05", "--param", "OPT=adam")
    assert code == 0, err
    assert "the notebook's parameters cell does not set OPT" in err
    info = run_json(run_folders(repo)[0])
    assert info["params"] == {"LR": 0.05, "OPT": "adam"}
    assert json.loads((run_folders(repo)[0] / "metrics.json").read_text()) == {KEY: 85.0}


@pytest.mark.parametrize("args, message", [
    (["--seeds", "3-1"], "error: --seeds takes seeds such as 0-4 or 1,7,42, not '3-1'.\n"),
    (["--seeds", "a"], "error: --seeds takes seeds such as 0-4 or 1,7,42, not 'a'.\n"),
    (["--param", "lr"], "error: --param takes NAME=VALUE (e.g. lr=3e-4), not 'lr'.\n"),
    (["--param", "SEED=3"], "error: set the seed with --seeds, not --param SEED.\n"),
    (["--timeout", "0"], "error: --timeout must be a positive number of seconds, not 0.\n"),
    (["--wait"], "error: --wait is for --on slurm; local runs always finish before the "
                 "command returns.\n"),
])
def test_bad_options_are_one_line_and_change_nothing(cli, workspace: Path, args, message
                                                     ) -> None:
    repo = make_runnable(workspace)
    code, out, err = cli("run", PAPER_ID, *args)
    assert (code, err) == (1, message)
    assert not (repo / "runs").exists()


def test_a_notebook_without_a_parameters_cell_is_refused(cli, workspace: Path) -> None:
    repo = make_runnable(workspace)
    path = repo / "notebooks" / "replication.ipynb"
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        cell["metadata"].pop("tags", None)
    path.write_text(json.dumps(nb))
    code, _, err = cli("run", PAPER_ID)
    assert code == 1 and "has no cell tagged 'parameters'" in err and err.count("\n") == 1
    assert not (repo / "runs").exists()


def test_inside_a_paper_repo_the_id_may_be_left_out(cli, workspace: Path, monkeypatch) -> None:
    repo = make_runnable(workspace)
    monkeypatch.chdir(repo / "notebooks")
    code, out, err = cli("run")
    assert code == 0, err
    assert len(run_folders(repo)) == 1


def test_claims_added_later_and_unknown_keys_show_in_the_notebook(cli, workspace: Path
                                                                  ) -> None:
    repo = make_runnable(workspace, evaluation=f'scores = {{"{KEY}": 90.0, "top1-acc": 1.0}}\n')
    cli("claim", PAPER_ID, "--metric", "top-5 error", "--value", "6.7", "--dataset", "ImageNet")
    code, _, err = cli("run", PAPER_ID)
    assert code == 0, err
    executed = (run_folders(repo)[0] / "notebook.ipynb").read_text()
    assert "top-5-error-imagenet" in executed  # read from paper.toml at run time
    assert "WARNING: top1-acc not a claim key of this paper; the known keys are: " \
           f"{KEY}, top-5-error-imagenet" in executed


def test_a_timeout_marks_the_run_failed(cli, workspace: Path) -> None:
    repo = make_runnable(workspace, evaluation="import time\ntime.sleep(60)\n")
    code, _, err = cli("run", PAPER_ID, "--timeout", "3")
    assert code == 1
    info = run_json(run_folders(repo)[0])
    assert info["state"] == "failed" and info["error"] == "timed out after 3 s (--timeout)"
    assert 3 <= info["duration_s"] < 30


def test_ctrl_c_leaves_the_run_failed_and_nothing_half_written(workspace: Path) -> None:
    repo = make_runnable(workspace, evaluation=(
        "from pathlib import Path\nPath(RUN_DIR, 'started').touch()\n"
        "import time\ntime.sleep(60)\n"))
    proc = subprocess.Popen([sys.executable, "-m", "replicate", "run", PAPER_ID, "--seeds", "0-2"],
                            cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True,
                            # As from a terminal, even where pytest itself ignores SIGINT.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not list((repo / "runs").glob("*/started")):  # the notebook's cell is running
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    log = "".join(p.read_text() for p in (repo / "runs").glob("*/log.txt"))
    assert proc.returncode == 130, err + log
    assert "interrupted" in err and "Traceback" not in err
    [folder] = run_folders(repo)  # the seeds after it were never started nor queued
    info = run_json(folder)
    assert info["state"] == "failed" and info["error"] == "interrupted (Ctrl-C)"
    assert info["finished"] and info["duration_s"] is not None
    assert not list(folder.glob(".*"))  # no temporary files left
    assert git(repo, "log", "-1", "--format=%s") == f"Run {folder.name}: failed\n"


def test_a_hand_recorded_result_counts_until_there_are_runs(cli, workspace: Path) -> None:
    make_runnable(workspace)
    cli("result", PAPER_ID, KEY, "89.0")
    claim = json.loads(cli("show", PAPER_ID, "--json")[1])["claims"][0]
    assert (claim["reproduced"], claim["runs"], claim["verdict"]) == (89.0, 0, "not-reproduced")
    cli("run", PAPER_ID)
    claim = json.loads(cli("show", PAPER_ID, "--json")[1])["claims"][0]
    assert (claim["reproduced"], claim["runs"], claim["by_hand"]) == (90.0, 1, 89.0)
    assert claim["std"] is None and claim["verdict"] == "reproduced"
    assert "| 90 (n=1) |" in (workspace / "LEDGER.md").read_text()
