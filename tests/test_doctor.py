"""doctor: each problem one line with its fix; --fix repairs what loses nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pdfs import make_pdf


def added(cli, server, workspace: Path, arxiv_id: str = "1706.03762") -> Path:
    server.add_paper(arxiv_id, 1, title="Attention Is All You Need", authors=["A. Vaswani"],
                     pdf=make_pdf(["Attention Is All You Need\nAbstract\nWe reach 28.4 BLEU "
                                   "on WMT 2014 English-German.\n1 Introduction\nText."]))
    assert cli("add", arxiv_id)[0] == 0
    return next((workspace / "papers").glob(f"{arxiv_id}-*"))


def test_a_healthy_workspace_has_no_problems(cli, online, workspace: Path) -> None:
    added(cli, online, workspace)
    code, out, err = cli("doctor")
    assert (code, err) == (0, "")
    assert out == "1 paper checked: no problems.\n"


def test_problems_are_listed_with_their_fix_and_fixed_when_safe(cli, online,
                                                                workspace: Path) -> None:
    repo = added(cli, online, workspace)
    (repo / "paper.pdf").unlink()
    shutil.rmtree(workspace / ".." / "cache" / "pdf")  # so the PDF must be downloaded again
    (workspace / "LEDGER.md").unlink()
    (repo / "results" / "reproduced.json").write_text('{"bleu-typo": 27.9}')
    bad_cache = next((workspace / ".." / "cache" / "text").glob("*.json"))
    bad_cache.write_text("{not json")

    code, out, _ = cli("doctor")
    assert code == 1
    lines = out.splitlines()
    assert f"1706.03762: {repo / 'paper.pdf'} is missing; 'replicate doctor --fix' downloads it " \
           "again." in lines
    assert any(line.startswith(f"1706.03762: {repo / 'results' / 'reproduced.json'} has a number "
                               "for 'bleu-typo', which is no claim of the paper; rename it to "
                               "one of: ") for line in lines)
    assert f"{workspace / 'LEDGER.md'} is missing; 'replicate doctor --fix' rebuilds it." in lines
    assert f"{bad_cache.resolve()} is a corrupt cache entry; 'replicate doctor --fix' deletes " \
           "it (it is made again when needed)." in [line.replace(str(bad_cache), str(
               bad_cache.resolve())) for line in lines]
    assert lines[-1] == "1 paper checked: 0 fixed, 4 left."

    code, out, _ = cli("doctor", "--fix", "--json")
    assert code == 1  # the results key is the user's to fix
    report = json.loads(out)
    assert report["checked"] == 1
    fixed = {Path(p["path"]).name: p["fixed"] for p in report["problems"]}
    assert fixed == {"paper.pdf": True, "LEDGER.md": True, bad_cache.name: True,
                     "reproduced.json": False}
    assert set(report["problems"][0]) == {"paper", "path", "problem", "fix", "fixable", "fixed"}
    assert (repo / "paper.pdf").read_bytes().startswith(b"%PDF")
    assert (workspace / "LEDGER.md").is_file() and not bad_cache.exists()

    (repo / "results" / "reproduced.json").write_text("{}")
    assert cli("doctor")[:2] == (0, "1 paper checked: no problems.\n")


def test_a_broken_record_and_a_lost_git_are_named(cli, online, workspace: Path) -> None:
    repo = added(cli, online, workspace)
    (repo / "paper.toml").write_text("title = [\n")
    shutil.rmtree(repo / ".git")
    code, out, err = cli("doctor")
    assert code == 1
    assert f"{repo} is not a git repo (its .git is gone); run 'replicate add 1706.03762 " \
           "--rebuild'." in out
    assert f"{repo / 'paper.toml'} is not valid TOML (" in out
    assert "fix the file by hand." in out
    assert "Traceback" not in err


def test_a_pdf_that_differs_from_the_recorded_one_is_reported_not_replaced(
        cli, online, workspace: Path) -> None:
    repo = added(cli, online, workspace)
    (repo / "paper.pdf").write_bytes(b"%PDF-1.4 my annotated copy")
    code, out, _ = cli("doctor", "--fix")
    assert code == 1
    assert "differs from the PDF the paper was read from" in out
    assert (repo / "paper.pdf").read_bytes() == b"%PDF-1.4 my annotated copy"
