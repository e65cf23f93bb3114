"""Commands run at the same time on one paper, as real processes: no change is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_ledger import git_log, make_paper

from replicate import record
from replicate.record import Claim

REPLICATE = Path(sys.executable).parent / "replicate"


def at_once(workspace: Path, commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Start every command before waiting for any; return them finished, in order."""
    procs = [subprocess.Popen([str(REPLICATE), "--workspace", str(workspace), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for args in commands]
    done = []
    for args, p in zip(commands, procs, strict=True):
        out, err = p.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, p.returncode, out, err))
    return done


def ok(done: list[subprocess.CompletedProcess]) -> None:
    for d in done:
        assert d.returncode == 0 and d.stderr == "", (d.args, d.stderr)


def test_ten_claims_at_once_all_survive(workspace: Path) -> None:
    repo = make_paper(workspace)
    done = at_once(workspace, [["claim", "1512.03385", "--metric", f"metric {i}",
                                "--value", str(i)] for i in range(10)])
    ok(done)
    claims = record.load(repo).claims
    assert sorted(c.metric for c in claims) == sorted(f"metric {i}" for i in range(10))
    assert len(git_log(repo)) == 11
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True).stdout == ""
    assert "| 0/10 |" in (workspace / "LEDGER.md").read_text()


def test_eight_results_at_once_all_survive(workspace: Path) -> None:
    claims = [Claim(f"c{i}", "accuracy", 50.0 + i, origin="paper") for i in range(8)]
    repo = make_paper(workspace, claims=claims)
    done = at_once(workspace, [["result", "1512.03385", f"c{i}", str(60 + i)] for i in range(8)])
    ok(done)
    results = json.loads((repo / "results" / "reproduced.json").read_text())
    assert results == {f"c{i}": 60.0 + i for i in range(8)}
    assert {c.key: c.reproduced for c in record.load(repo).claims} == results
    assert len(git_log(repo)) == 9
    assert "| 8/8 |" in (workspace / "LEDGER.md").read_text()


def test_status_changes_at_once_keep_every_entry_and_the_last_state(workspace: Path) -> None:
    repo = make_paper(workspace)
    states = ["reading", "implementing", "experimenting", "replicated", "partial",
              "not-reproduced"]
    ok(at_once(workspace, [["status", "1512.03385", s] for s in states]))
    paper = record.load(repo)
    assert sorted(h.state for h in paper.history) == sorted(["queued", *states])
    assert paper.status == paper.history[-1].state
    assert len(git_log(repo)) == 7
    assert f"| {paper.status} |" in (workspace / "LEDGER.md").read_text()


def test_the_same_paper_added_at_once_is_added_once(online, workspace: Path) -> None:
    from test_add import serve

    serve(online, "1706.03762", "Attention Is All You Need")
    done = at_once(workspace, [["add", "1706.03762"]] * 4)
    assert [d.returncode for d in done] == [0, 0, 0, 0], [d.stderr for d in done]
    assert all("Traceback" not in d.stderr for d in done)
    firsts = sorted(d.stdout.split()[0] for d in done)
    assert firsts == ["added", "exists", "exists", "exists"]
    assert [p.name for p in (workspace / "papers").iterdir()] == [
        "1706.03762-attention-is-all-you-need"]
