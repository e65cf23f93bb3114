"""A paper repo's owned regions follow the record; what the user wrote outside them stays."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from runnable import KEY, make_runnable
from test_ledger import git_log, make_paper, resnet_claims

from replicate import regions, scaffold
from replicate.record import Hyperparameter, Paper

PAPER = "1512.03385"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def committed_files(repo: Path, rev: str = "HEAD") -> list[str]:
    return sorted(git(repo, "show", "--name-only", "--format=", rev).split())


def region(text: str, name: str) -> str:
    start, end = regions.find(text)[name]
    return text[start:end]


def notebook(repo: Path) -> dict:
    return json.loads((repo / "notebooks" / "replication.ipynb").read_text())


def claims_cell(repo: Path) -> str:
    cell = next(c for c in notebook(repo)["cells"] if c["metadata"].get("replicate") == "claims")
    return "".join(cell["source"])


def commit_all(repo: Path, message: str = "My edits") -> None:
    git(repo, "commit", "-qam", message)


# -- after each change of the record -------------------------------------------------------


def test_status_rewrites_the_readme_status_in_the_same_commit(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    readme = repo / "README.md"
    readme.write_text("Why I chose this paper.\n\n" + readme.read_text() + "\nMy own section.\n")
    commit_all(repo)
    code, _, err = cli("status", PAPER, "replicated")
    assert code == 0, err
    text = readme.read_text()
    assert "**Status:** `replicated`" in region(text, "status")
    assert "`queued`" not in text
    assert text.startswith("Why I chose this paper.\n\n")
    assert text.endswith("\nMy own section.\n")
    assert git_log(repo)[0] == "Status: queued -> replicated"
    assert committed_files(repo) == ["README.md", "paper.toml"]
    assert git(repo, "status", "--porcelain") == ""


def test_a_claim_reaches_the_report_and_the_notebook_whose_other_cells_stay(
        cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    nb = notebook(repo)
    setup = next(c for c in nb["cells"] if c["id"] == "setup")
    setup["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["device: cpu\n"]}]
    setup["execution_count"] = 3
    nb["cells"].append({"cell_type": "markdown", "id": "mine", "metadata": {},
                        "source": ["My findings."]})
    (repo / "notebooks" / "replication.ipynb").write_text(json.dumps(nb, indent=1))
    commit_all(repo)
    code, out, err = cli("claim", PAPER, "--metric", "BLEU", "--value", "28.4",
                         "--dataset", "WMT14 en-de")
    assert code == 0, err
    report = (repo / "REPORT.md").read_text()
    assert "| `bleu-wmt14-en-de` | BLEU | WMT14 en-de | 28.4 | – | pending |" in \
        region(report, "claims")
    assert "| `bleu-wmt14-en-de` | BLEU | WMT14 en-de | 28.4 |" in claims_cell(repo)
    after = notebook(repo)["cells"]
    assert next(c for c in after if c["id"] == "setup")["outputs"] == setup["outputs"]
    assert next(c for c in after if c["id"] == "setup")["execution_count"] == 3
    assert after[-1]["source"] == ["My findings."]
    assert committed_files(repo) == ["REPORT.md", "notebooks/replication.ipynb", "paper.toml"]


def test_result_fills_the_reproduced_column(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    assert "| `top1-acc-cifar10` | accuracy | CIFAR-10 | 93.57% | – | pending |" in \
        (repo / "REPORT.md").read_text()
    code, _, err = cli("result", PAPER, "top1-acc-cifar10", "93.4±0.2", "--n", "5")
    assert code == 0, err
    assert ("| `top1-acc-cifar10` | accuracy | CIFAR-10 | 93.57% | 93.4 ± 0.2 (n=5) | "
            "reproduced |") in (repo / "REPORT.md").read_text()
    assert committed_files(repo) == ["REPORT.md", "paper.toml", "results/reproduced.json"]
    # The notebook lists claims, not figures: a result leaves it as it is.
    assert git(repo, "status", "--porcelain") == ""


def test_an_edit_inside_a_region_is_replaced_and_one_outside_kept(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    report = repo / "REPORT.md"
    text = report.read_text().replace("| 93.57% |", "| 99% |")
    text = text.replace("## What I reproduced\n", "## What I reproduced\n\nAll of it.\n")
    report.write_text(text)
    code, _, err = cli("status", PAPER, "reading")
    assert code == 0, err
    text = report.read_text()
    assert "| 93.57% |" in text and "| 99% |" not in text
    assert "## What I reproduced\n\nAll of it.\n" in text


def test_uncommitted_edits_outside_the_regions_stay_uncommitted(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    readme = repo / "README.md"
    readme.write_text(readme.read_text() + "\nHalf-written thoughts.\n")
    code, _, err = cli("status", PAPER, "reading")
    assert code == 0, err
    assert committed_files(repo) == ["README.md", "paper.toml"]
    head = git(repo, "show", "HEAD:README.md")
    assert "**Status:** `reading`" in head and "Half-written" not in head
    text = readme.read_text()
    assert "**Status:** `reading`" in text and text.endswith("\nHalf-written thoughts.\n")
    assert git(repo, "status", "--porcelain") == " M README.md\n"
    diff = git(repo, "diff").splitlines()
    assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "+", "+Half-written thoughts."]


def test_deleted_markers_leave_the_file_alone_and_are_told_once(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    readme = repo / "README.md"
    readme.write_text(readme.read_text().replace("<!-- /replicate:status -->\n", ""))
    commit_all(repo)
    before = readme.read_bytes()
    code, _, err = cli("status", PAPER, "reading")
    assert code == 0
    assert err == ("warning: README.md has lost the markers of its owned region "
                   "(replicate:status), so it is left alone; put them back (see a new paper's "
                   "file) to keep it in step with the record\n")
    assert readme.read_bytes() == before
    assert committed_files(repo) == ["paper.toml"]
    code, _, err = cli("status", PAPER, "implementing")
    assert (code, err) == (0, "")
    # sync, asked for, says it again
    code, out, err = cli("sync", PAPER)
    assert code == 0
    assert out == "Every paper is in step with its record; nothing changed.\n"
    assert err.startswith(f"warning: {PAPER}: README.md has lost the markers")
    # markers back: the file follows again
    readme.write_text(readme.read_text().replace(
        "(change it with `replicate status 1512.03385 STATE`)\n",
        "(change it with `replicate status 1512.03385 STATE`)\n<!-- /replicate:status -->\n"))
    code, out, err = cli("sync")
    assert (code, err) == (0, "")
    assert out == (f"{PAPER}: in step with the record: README.md (status)\n")
    assert "**Status:** `implementing`" in readme.read_text()


def test_a_notebook_whose_claims_cell_lost_its_mark_is_left_alone(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    path = repo / "notebooks" / "replication.ipynb"
    nb = notebook(repo)
    for cell in nb["cells"]:
        cell["metadata"].pop("replicate", None)
    path.write_text(json.dumps(nb, indent=1))
    commit_all(repo)
    before = path.read_bytes()
    code, _, err = cli("claim", PAPER, "--metric", "BLEU", "--value", "28.4")
    assert code == 0
    assert err.startswith("warning: notebooks/replication.ipynb has lost the markers of its "
                          "owned region (replicate:claims), so it is left alone")
    assert path.read_bytes() == before
    assert "| `bleu` | BLEU |" in (repo / "REPORT.md").read_text()


def test_a_file_the_user_deleted_stays_deleted(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    git(repo, "rm", "-q", "REPORT.md")
    commit_all(repo, "No report")
    code, _, err = cli("claim", PAPER, "--metric", "BLEU", "--value", "28.4")
    assert (code, err) == (0, "")
    assert not (repo / "REPORT.md").exists()
    code, out, _ = cli("sync")
    assert not (repo / "REPORT.md").exists()
    assert out == "Every paper is in step with its record; nothing changed.\n"


def test_ticked_suggestions_stay_ticked(cli, workspace: Path) -> None:
    paper = Paper(arxiv_id=PAPER, version=1, title="Deep Residual Learning",
                  added="2026-01-01T00:00:00+00:00",
                  hyperparameters=[Hyperparameter("learning rate", "0.1", page=4),
                                   Hyperparameter("batch size", "256")])
    repo = scaffold.build(paper, workspace / "papers")
    notes = repo / "NOTES.md"
    notes.write_text(notes.read_text().replace("- [ ] learning rate", "- [x] learning rate"))
    commit_all(repo)
    record = (repo / "paper.toml").read_text().replace('"256"', '"128"')
    (repo / "paper.toml").write_text(record)
    code, out, err = cli("sync")
    assert code == 0, err
    text = notes.read_text()
    assert "- [x] learning rate: 0.1 (p. 4)\n- [ ] batch size: 128\n" in text
    assert out == (f"{PAPER}: paper.toml edited by hand; in step with the record: "
                   "NOTES.md (hyperparameters), REPORT.md (methodology)\n")
    # The report's methodology lists them, the one ticked in NOTES.md as confirmed.
    assert "| learning rate ✓ | 0.1 | p. 4 |\n| batch size | 128 |" in \
        region((repo / "REPORT.md").read_text(), "methodology")


def test_reread_brings_the_files_in_step_in_its_commit(cli, online, workspace: Path) -> None:
    from test_add import serve

    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    code, _, err = cli("add", "1706.03762")
    assert code == 0, err
    [repo] = (workspace / "papers").iterdir()
    record = repo / "paper.toml"
    record.write_text(record.read_text().replace("value = 28.4", "value = 28.0", 1))
    report = repo / "REPORT.md"
    report.write_text(report.read_text() + "\nMy closing words.\n")
    code, _, err = cli("reread", "1706.03762")
    assert code == 0, err
    text = report.read_text()
    assert "| BLEU | WMT 2014 English-German | 28.0 |" in region(text, "claims")
    assert text.endswith("\nMy closing words.\n")
    assert "| BLEU | WMT 2014 English-German | 28.0 |" in claims_cell(repo)
    assert git_log(repo)[0].startswith("Re-read 1706.03762v5")
    assert {"REPORT.md", "notebooks/replication.ipynb", "paper.toml"} <= set(
        committed_files(repo))


# -- sync ------------------------------------------------------------------------------------


def test_sync_after_a_hand_edit_of_the_record(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    other = make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    record = repo / "paper.toml"
    record.write_text(record.read_text().replace('status = "queued"', 'status = "reading"')
                      .replace('metric = "accuracy"', 'metric = "top-1 accuracy"'))
    code, out, err = cli("sync")
    assert (code, err) == (0, "")
    assert out == (f"{PAPER}: paper.toml edited by hand; in step with the record: README.md "
                   "(status), REPORT.md (scope, claims), notebooks/replication.ipynb (claims)\n")
    assert committed_files(repo) == ["README.md", "REPORT.md", "notebooks/replication.ipynb",
                                     "paper.toml"]
    assert git_log(repo)[0].startswith("Sync: paper.toml edited by hand")
    assert "| top-1 accuracy |" in (repo / "REPORT.md").read_text()
    assert "`reading`" in (repo / "README.md").read_text()
    assert len(git_log(other)) == 1
    code, out, _ = cli("sync")
    assert out == "Every paper is in step with its record; nothing changed.\n"


def test_sync_commits_the_numbers_the_notebook_wrote(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    cli("result", PAPER, "top1-acc-cifar10", "93.0")
    results = repo / "results" / "reproduced.json"
    results.write_text(json.dumps({"top1-acc-cifar10": 93.6, "top5-error-imagenet": 3.5},
                                  indent=2) + "\n")
    code, out, err = cli("sync", PAPER, "--json")
    assert (code, err) == (0, "")
    [data] = json.loads(out)
    assert data["changed"] is True and data["record"] is False
    assert data["results"] == {"top1-acc-cifar10": {"old": 93.0, "new": 93.6},
                               "top5-error-imagenet": {"old": None, "new": 3.5}}
    assert data["files"] == {"REPORT.md": ["claims"]}
    assert data["left_alone"] == {} and data["problem"] is None
    assert data["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert git_log(repo)[0] == ("Sync: results from the notebook: top1-acc-cifar10 93 -> 93.6, "
                                "top5-error-imagenet 3.5; in step with the record: "
                                "REPORT.md (claims)")
    assert committed_files(repo) == ["REPORT.md", "results/reproduced.json"]
    assert "| 93.6 | reproduced |" in (repo / "REPORT.md").read_text()
    assert git(repo, "status", "--porcelain") == ""


def test_sync_of_an_unknown_paper_is_one_line(cli, workspace: Path) -> None:
    make_paper(workspace)
    code, out, err = cli("sync", "1706.03762")
    assert (code, out) == (1, "")
    assert err.startswith("error: 1706.03762 is not in the workspace")


def test_sync_all_goes_on_past_a_broken_record(cli, workspace: Path) -> None:
    broken = make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    (broken / "paper.toml").write_text("status = [\n")
    repo = make_paper(workspace)
    (repo / "paper.toml").write_text((repo / "paper.toml").read_text().replace(
        'status = "queued"', 'status = "reading"'))
    code, out, err = cli("sync")
    assert code == 1
    assert out.startswith(f"{PAPER}: paper.toml edited by hand")
    assert f"warning: {broken / 'paper.toml'} is not valid TOML" in err


# -- runs --------------------------------------------------------------------------------


def test_a_run_fills_the_figures_and_compute_in_its_commit(cli, workspace: Path) -> None:
    repo = make_runnable(workspace)
    code, _, err = cli("run", PAPER, "--seeds", "0-1")
    assert code == 0, err
    report = (repo / "REPORT.md").read_text()
    assert f"| `{KEY}` | accuracy | CIFAR-10 | 90.3% | 90.5 ± 0.707 (n=2) | reproduced |" in report
    mine = next(line for line in region(report, "compute").splitlines()
                if line.startswith("| mine |"))
    assert "2 runs, " in mine and " wall |" in mine
    assert "REPORT.md" in committed_files(repo)
    assert git(repo, "status", "--porcelain") == ""
