"""Output that fits the terminal, colour, `add`'s summary and progress, help examples and
`python -m replicate`, through the real CLI."""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from test_add import serve

from replicate import scaffold
from replicate.record import Claim, Paper, StatusChange

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LONG_TITLE = ("Deep Residual Learning for Image Recognition, With a Subtitle Long Enough "
              "to Need More Than Eighty Columns on Its Own")
T0 = "2026-01-01T09:00:00+00:00"


def make_papers(workspace: Path) -> None:
    claims = [Claim("top5-error-imagenet", "top-5 error", 3.57, unit="%", dataset="ImageNet",
                    lower_is_better=True, origin="paper", source="Table 4 " + "x " * 80,
                    page=6, reproduced=3.5),
              Claim("acc-cifar10", "accuracy", 93.57, unit="%", dataset="CIFAR-10",
                    reproduced=80.0)]
    for arxiv_id, status, title in (("1512.03385", "replicated", LONG_TITLE),
                                    ("1706.03762", "not-reproduced", "Attention"),
                                    ("2010.11929", "queued", LONG_TITLE.upper())):
        paper = Paper(arxiv_id=arxiv_id, version=1, title=title, added=T0, status=status,
                      history=[StatusChange(status, T0)], claims=claims,
                      abstract=" ".join(["We present a residual learning framework."] * 12),
                      authors=[f"Author Number{i} Surname" for i in range(12)])
        scaffold.build(paper, workspace / "papers")


def rows(out: str, *ids: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(ids)]


@pytest.mark.parametrize("columns", [80, 200])
def test_ledger_rows_fit_the_terminal_and_titles_use_the_room(cli, workspace: Path,
                                                             monkeypatch, columns: int) -> None:
    make_papers(workspace)
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = cli("ledger")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= columns
    papers = rows(out, "1512.03385", "1706.03762", "2010.11929")
    assert len(papers) == 3  # one line per paper, none wrapped
    if columns == 200:
        assert LONG_TITLE in papers[0] and LONG_TITLE.upper() in papers[2]
    else:
        shown = papers[0].split("  ")[1].strip()
        assert shown.endswith("…") and LONG_TITLE.startswith(shown[:-1]) and len(shown) > 10
    assert "Attention" in papers[1] and "not-reproduced" in papers[1]


@pytest.mark.parametrize("columns", [80, 200])
def test_show_wraps_long_text_at_words_within_the_terminal(cli, workspace: Path, monkeypatch,
                                                          columns: int) -> None:
    make_papers(workspace)
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = cli("show", "1512.03385")
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    joined = " ".join(line.strip() for line in lines)
    assert " ".join(["We present a residual learning framework."] * 12) in joined
    assert LONG_TITLE in joined  # the title is wrapped, never cut
    if columns == 200:
        assert lines[0] == LONG_TITLE
    assert any("-> reproduced" in line for line in lines)


def write_run(repo: Path, run_id: str, state: str, error: str | None = None) -> None:
    folder = repo / "runs" / run_id
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({
        "run_id": run_id, "seed": 0, "state": state, "duration_s": 12.5,
        "host": "a-rather-long-host-name.cluster.example.org", "gpu_count": 1,
        "gpu_name": "NVIDIA H100 80GB HBM3", "error": error}))
    if state == "succeeded":
        metrics = {f"metric-number-{i}-on-a-long-dataset-name": 90.0 + i for i in range(6)}
        (folder / "metrics.json").write_text(json.dumps(metrics))


@pytest.mark.parametrize("columns", [80, 200])
def test_runs_table_fits_the_terminal(cli, workspace: Path, monkeypatch, columns: int) -> None:
    make_papers(workspace)
    repo = next((workspace / "papers").glob("1512.03385-*"))
    write_run(repo, "20261125-160102-seed0", "succeeded")
    write_run(repo, "20261125-170102-seed1", "failed",
              "cell 7 raised ValueError: " + "the loss went to NaN " * 10)
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = cli("runs", "1512.03385")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= columns
    assert len(rows(out, "  20261125-")) == 2
    if columns == 200:  # the host gives up its room before the metrics do
        assert "metric-number-0-on-a-long-dataset-name=90" in out
    assert "the loss went to NaN " * 3 in " ".join(out.split("\n")) .replace("  ", " ")


def test_colour_marks_states_and_verdicts_only_when_wanted(cli, workspace: Path,
                                                          monkeypatch) -> None:
    make_papers(workspace)
    plain = cli("ledger")[1]
    assert "\x1b[" not in plain  # captured output is no terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = cli("ledger")[1]
    assert "\x1b[32mreplicated\x1b[0m" in coloured
    assert "\x1b[31mnot-reproduced\x1b[0m" in coloured
    assert "\x1b[2mqueued\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain
    shown = cli("show", "1512.03385")[1]
    assert "-> \x1b[32mreproduced\x1b[0m" in shown
    assert re.search(r"-> \x1b\[31mnot[- ]reproduced\x1b\[0m", shown)  # either spelling
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli("ledger")[1] == plain


def test_no_color_option_wins_over_forced_colour(cli, workspace: Path, monkeypatch) -> None:
    from replicate.cli import build_parser

    if "--no-color" not in build_parser()._option_string_actions:
        pytest.skip("this build has no --no-color option")
    make_papers(workspace)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in cli("--no-color", "ledger")[1]


def run_on_terminal(*argv: str, columns: int = 100, env: dict[str, str] | None = None,
                    cwd: Path | None = None) -> tuple[int, str]:
    """The real command with stdout and stderr on a pseudo-terminal; what the terminal got."""
    main, child = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update({"COLUMNS": str(columns), "TERM": "xterm", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "replicate", *argv], stdin=subprocess.DEVNULL,
                            stdout=child, stderr=child, env=environ, cwd=cwd)
    os.close(child)
    got = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        got += data
    os.close(main)
    return proc.wait(timeout=60), got.decode("utf-8", "replace")


def test_a_terminal_gets_colour_and_a_pipe_the_same_text_without(workspace: Path) -> None:
    make_papers(workspace)
    code, screen = run_on_terminal("ledger", cwd=workspace)
    assert code == 0
    assert "\x1b[32mreplicated\x1b[0m" in screen
    piped = subprocess.run([sys.executable, "-m", "replicate", "ledger"], cwd=workspace,
                           capture_output=True, text=True,
                           env={**os.environ, "COLUMNS": "100"}).stdout
    assert "\x1b[" not in piped
    assert ANSI.sub("", screen).replace("\r\n", "\n") == piped
    code, screen = run_on_terminal("ledger", cwd=workspace, env={"NO_COLOR": "1"})
    assert "\x1b[" not in screen


# -- add: what it read, the batch counter, progress, waiting -----------------------------


def test_add_says_what_it_read(cli, online, workspace: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    read = [line.strip() for line in out.splitlines() if line.strip().startswith("read:")]
    assert len(read) == 1
    assert re.fullmatch(r"read: 1 claim \(28\.4 BLEU on WMT 2014 English-German\), "
                        r"\d+ hyperparameters?, \d+ datasets?, official code: none found",
                        read[0]), read[0]
    data = json.loads(cli("show", "1706.03762", "--json")[1])
    assert f"{len(data['datasets'])} dataset" in read[0]
    monkeypatch.setenv("COLUMNS", "60")
    serve(online, "1512.03385", "Deep Residual Learning for Image Recognition")
    out = cli("add", "1512.03385")[1]
    # a path stays whole, and notes are messages the terminal wraps, like errors
    lines = [line for line in out.splitlines() if "papers/" not in line and "note:" not in line]
    assert max(len(line) for line in lines) <= 60
    assert "\n         0 hyperparameters" in out or "\n         1 dataset" in out


def test_a_batch_counts_each_paper(cli, online, workspace: Path) -> None:
    for arxiv_id, title in (("1706.03762", "Attention"), ("1512.03385", "ResNet")):
        serve(online, arxiv_id, title)
    code, out, err = cli("add", "1706.03762", "1512.03385", "2401.99999")
    assert code == 1
    assert rows(out, "[1/3] added  1706.03762  Attention", "[2/3] added  1512.03385  ResNet")
    assert len(rows(out, "[1/3]", "[2/3]")) == 2
    assert "error: 2401.99999: arXiv has no paper" in err
    assert out.splitlines()[-1] == "2 added, 1 failed."


def test_add_on_a_terminal_shows_each_step(workspace: Path, online) -> None:
    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    code, screen = run_on_terminal("add", "1706.03762", cwd=workspace)
    assert code == 0, screen
    assert "1706.03762v5: downloading the PDF" in screen
    assert "1706.03762v5: reading the paper" in screen
    assert "added  1706.03762  Attention Is All You Need" in ANSI.sub("", screen)


def test_a_silent_arxiv_is_explained_within_moments(cli, online, workspace: Path) -> None:
    # The loopback server stalls: a timeout of 0.5 s says what it waits for after 0.25 s.
    serve(online, "1706.03762", "Attention Is All You Need")
    online.fail("api", "stall", seconds=5)
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    host = online.api_url.split("://")[1].split("/")[0]
    assert f"note: waiting for {host}\n" in err
    assert f"note: waiting for {host} (no answer; retry 1 of 2)\n" in err


def test_offline_says_what_it_is_waiting_for(cli, workspace: Path, monkeypatch) -> None:
    with socket.socket() as s:  # a port nobody listens on: connections are refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("REPLICATE_ARXIV_DELAY", "0.5")
    monkeypatch.setenv("REPLICATE_HTTP_TIMEOUT", "0.5")
    monkeypatch.setenv("REPLICATE_HTTP_RETRIES", "2")
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert f"note: waiting for 127.0.0.1:{port} (cannot connect; retry 1 of 2)" in err
    assert err.strip().splitlines()[-1].startswith("error: ")


def test_a_quick_answer_says_nothing_of_waiting(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need")
    online.fail("api", "503", times=2)  # retried at once (no delay here): no wait to explain
    code, _, err = cli("add", "1706.03762")
    assert code == 0 and "waiting" not in err


# -- help and python -m --------------------------------------------------------------------


def subcommands() -> dict[str, argparse.ArgumentParser]:
    from replicate.cli import build_parser

    parser = build_parser()
    found = {"": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_help_ends_with_an_example(cli, name: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = cli(*([name] if name else []), "--help")
    assert code == 0
    lines = out.rstrip().splitlines()
    assert "examples:" in lines
    examples = lines[lines.index("examples:") + 1:]
    assert 1 <= len(examples) <= 2
    for line in examples:
        assert line.startswith("  replicate ") and len(line) <= 80
        if name:
            assert f" {name}" in line


def test_python_m_replicate_runs_from_a_clone_without_installing(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    for part in ("replicate", "templates"):
        shutil.copytree(ROOT / part, clone / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", clone)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # As `python -m replicate path` with nothing installed: no editable-install finder.
    uninstalled = ("import runpy, sys; sys.meta_path[:] = [f for f in sys.meta_path if "
                   "'editable' not in repr(f).lower()]; sys.path.insert(0, ''); "
                   "runpy.run_module('replicate', run_name='__main__', alter_sys=True)")
    got = subprocess.run([sys.executable, "-c", uninstalled, "path"], cwd=clone,
                         capture_output=True, text=True, env=env)
    assert got.returncode == 0, got.stderr
    where = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in got.stdout.splitlines())
    assert Path(where["workspace"]) == clone
    assert Path(where["templates"]) == clone / "templates" / "paper"
    got = subprocess.run([sys.executable, "-m", "replicate", "--help"], cwd=clone,
                         capture_output=True, text=True, env=env)
    assert got.returncode == 0 and got.stdout.startswith("usage: replicate")
