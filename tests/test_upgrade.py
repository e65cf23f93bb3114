"""`replicate upgrade`: template changes merged into real paper repos, three ways."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from replicate import scaffold, upgrade
from replicate.record import Paper


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def make(workspace: Path, arxiv_id: str = "1706.03762",
         title: str = "Attention Is All You Need") -> Path:
    paper = Paper(arxiv_id=arxiv_id, version=1, title=title, authors=["A. Author"])
    return scaffold.build(paper, workspace / "papers",
                          workspace_templates=workspace / "templates")


def override(workspace: Path, name: str, edit) -> Path:
    """The workspace's own copy of a packaged template, changed by `edit(text)`."""
    folder = workspace / "templates" / "paper"
    target = folder / name
    source = target if target.exists() else scaffold.packaged_templates() / "paper" / name
    text = source.read_text(encoding="utf-8") if source.exists() else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(edit(text), encoding="utf-8")
    return target


def replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return edit


def log(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s").splitlines()


def test_a_new_repo_records_its_templates_and_their_rendered_text(workspace: Path) -> None:
    repo = make(workspace)
    manifest = json.loads((repo / upgrade.MANIFEST).read_text())
    assert manifest["templates"]["README.md.jinja"] == scaffold.template_hashes(
        scaffold.template_sources(workspace / "templates"))["README.md.jinja"]
    assert "README.md" in manifest["files"] and "paper.toml" not in manifest["files"]
    assert manifest["replicate"]
    # The rendered text is the base, on its own branch; the work tree has one commit.
    assert git(repo, "show", f"{manifest['base']}:README.md") == (repo / "README.md").read_text()
    assert git(repo, "rev-parse", upgrade.BASE_BRANCH).strip() == manifest["base"]
    assert len(log(repo)) == 1 and git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"


def test_a_clean_merge_keeps_the_users_edits_and_is_committed(workspace: Path, cli) -> None:
    repo = make(workspace)
    notes = repo / "NOTES.md"
    notes.write_text(notes.read_text() + "My own notes: the warmup matters.\n")
    readme = repo / "README.md"
    readme.write_text(readme.read_text() + "\n## My findings\n\nNothing yet.\n")
    commit(repo, "My notes")
    override(workspace, "README.md.jinja", replace("## Links", "## Links to the paper"))

    code, out, err = cli("upgrade")

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "upgraded  1706.03762  README.md",
        "1 upgraded, 0 already current, 0 with conflicts, 0 skipped.",
    ]
    text = readme.read_text()
    assert "## Links to the paper" in text and "## My findings" in text
    assert "My own notes: the warmup matters." in notes.read_text()
    assert log(repo)[0] == "Upgrade templates: README.md"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        upgrade.MANIFEST, "README.md"]
    assert git(repo, "status", "--porcelain") == ""

    code, out, _ = cli("upgrade")
    assert code == 0 and out.splitlines() == [
        "current   1706.03762", "0 upgraded, 1 already current, 0 with conflicts, 0 skipped."]
    assert len(log(repo)) == 3


def test_owned_regions_follow_the_record_after_the_merge(workspace: Path, cli) -> None:
    repo = make(workspace)
    assert cli("claim", "1706.03762", "--metric", "BLEU", "--value", "28.4")[0] == 0
    report = repo / "REPORT.md"
    report.write_text(report.read_text().replace(
        "## What I reproduced\n", "## What I reproduced\n\n27.9 BLEU after 3 days.\n"))
    commit(repo, "First result")
    override(workspace, "REPORT.md.jinja",
             replace("### Computational requirements", "### Compute used"))

    code, out, _ = cli("upgrade")

    assert code == 0 and out.splitlines()[0] == "upgraded  1706.03762  REPORT.md"
    text = report.read_text()
    assert "### Compute used" in text and "27.9 BLEU after 3 days." in text
    assert "| `bleu` | BLEU |" in text and text.count("<!-- replicate:claims -->") == 1


# REPORT.md.jinja as it was before the report took the ML Reproducibility Challenge's shape.
EARLIER_REPORT = """\
# Replication report: {{ paper.title | oneline }}

arXiv:{{ paper.versioned_id }}

## What the paper claims

<!-- replicate:claims -->
{% if paper.code_url is web_link %}Reproduced with the code at {{ paper.code_url }}.

{% endif %}{% if paper.claims %}| key | metric | dataset | paper | reproduced | verdict |
|---|---|---|---|---|---|
{% for c in paper.claims %}| `{{ c.key }}` | {{ c.metric | md }} | \
{{ c.dataset | md }} | {{ c.value }}{{ c.unit }} | \
{{ figures.claims[c.key].reproduced }} | {{ figures.claims[c.key].verdict }} |
{% endfor %}{% else %}(List the claims you set out to reproduce: \
`replicate claim {{ paper.arxiv_id }} --metric M --value V`.)
{% endif %}<!-- /replicate:claims -->

## What I reproduced

## What differed, and why I think it did

## Compute

<!-- replicate:compute -->
| | hardware | time |
|---|---|---|
| paper | {{ paper.compute | join("; ") | md if paper.compute else "not stated" }} | |
| mine | {{ figures.hardware | md }} | {{ figures.spent }} |
<!-- /replicate:compute -->
"""


def test_a_report_of_the_earlier_shape_is_reshaped_not_conflicted(workspace: Path, cli) -> None:
    override(workspace, "REPORT.md.jinja", lambda _: EARLIER_REPORT)
    repo = make(workspace)
    assert cli("claim", "1706.03762", "--metric", "BLEU", "--value", "28.4")[0] == 0
    report = repo / "REPORT.md"
    report.write_text(report.read_text()
                      .replace("## What I reproduced\n", "## What I reproduced\n\n27.9 BLEU.\n")
                      .replace("## What differed, and why I think it did\n",
                               "## What differed, and why I think it did\n\nNo warmup.\n"))
    commit(repo, "First result")
    (workspace / "templates" / "paper" / "REPORT.md.jinja").unlink()  # the packaged one now

    code, out, _ = cli("upgrade")

    assert code == 0 and out.splitlines()[0].startswith("upgraded  1706.03762  ")
    text = report.read_text()
    assert "<<<<<<<" not in text and "## Scope of reproducibility" in text
    assert "### What I reproduced\n\n27.9 BLEU.\n" in text
    assert "### What differed, and why I think it did\n\nNo warmup.\n" in text
    assert "| `bleu` | BLEU |" in text and text.count("<!-- replicate:claims -->") == 1
    assert log(repo)[0].startswith("Upgrade templates: ")
    assert git(repo, "status", "--porcelain") == ""


def test_a_conflict_leaves_markers_no_commit_and_exit_1(workspace: Path, cli) -> None:
    repo = make(workspace)
    readme = repo / "README.md"
    readme.write_text(readme.read_text().replace("## Working here", "## How I work"))
    commit(repo, "My heading")
    override(workspace, "README.md.jinja", replace("## Working here", "## Getting started"))
    head = git(repo, "rev-parse", "HEAD")

    code, out, _ = cli("upgrade")

    assert code == 1
    assert out.splitlines() == [
        "conflicts 1706.03762  README.md; conflicts in README.md: resolve them, then commit",
        "0 upgraded, 0 already current, 1 with conflicts, 0 skipped.",
    ]
    text = readme.read_text()
    assert ("<<<<<<< yours\n## How I work\n=======\n## Getting started\n"
            ">>>>>>> templates now\n") in text
    assert git(repo, "rev-parse", "HEAD") == head
    assert "README.md" in git(repo, "status", "--porcelain")

    # Resolved and committed, the same template change does not conflict again.
    readme.write_text(text.replace("<<<<<<< yours\n## How I work\n=======\n", "").replace(
        ">>>>>>> templates now\n", ""))
    commit(repo, "Resolve the template upgrade")
    code, out, _ = cli("upgrade")
    assert code == 0 and "1 already current" in out
    assert "## Getting started" in readme.read_text()


def test_a_repo_with_uncommitted_changes_is_skipped_untouched(workspace: Path, cli) -> None:
    clean = make(workspace, "1512.03385", "Deep Residual Learning")
    dirty = make(workspace)
    (dirty / "NOTES.md").write_text("work in progress\n")
    override(workspace, "NOTES.md.jinja", replace("## Notes", "## Notes and open questions"))

    code, out, _ = cli("upgrade")

    assert code == 1
    assert out.splitlines() == [
        "upgraded  1512.03385  NOTES.md",
        f"skipped   1706.03762  {dirty.name} has uncommitted changes (NOTES.md); commit or "
        "discard them, then run 'replicate upgrade' again.",
        "1 upgraded, 0 already current, 0 with conflicts, 1 skipped.",
    ]
    assert (dirty / "NOTES.md").read_text() == "work in progress\n"
    assert len(log(dirty)) == 1
    assert "## Notes and open questions" in (clean / "NOTES.md").read_text()


def test_deleted_files_stay_deleted_and_new_templates_are_added(workspace: Path, cli) -> None:
    repo = make(workspace)
    (repo / "REPORT.md").unlink()
    commit(repo, "No report for now")
    override(workspace, "REPORT.md.jinja",
             replace("### Computational requirements", "### Compute used"))
    override(workspace, "CITATION.md.jinja", lambda _: "Cite {{ paper.title }}.\n")

    code, out, _ = cli("upgrade", "1706.03762")

    assert code == 0 and out.splitlines()[0] == "upgraded  1706.03762  CITATION.md"
    assert not (repo / "REPORT.md").exists()
    assert (repo / "CITATION.md").read_text() == "Cite Attention Is All You Need.\n"
    assert git(repo, "status", "--porcelain") == ""


def test_a_template_removed_goes_only_where_the_user_never_changed_it(
        workspace: Path, cli) -> None:
    override(workspace, "CHECKLIST.md", lambda _: "- [ ] seeds\n")
    untouched = make(workspace, "1512.03385", "Deep Residual Learning")
    edited = make(workspace)
    (edited / "CHECKLIST.md").write_text("- [x] seeds\n")
    commit(edited, "Seeds done")
    (workspace / "templates" / "paper" / "CHECKLIST.md").unlink()

    assert cli("upgrade")[0] == 0
    assert not (untouched / "CHECKLIST.md").exists()
    assert (edited / "CHECKLIST.md").read_text() == "- [x] seeds\n"


def old_repo(workspace: Path) -> Path:
    """A repo as `add` made them before bases were recorded: one commit, no manifest."""
    repo = make(workspace)
    shutil.rmtree(repo / ".git")
    shutil.rmtree(repo / ".replicate")
    git(repo, "init", "-q", "--initial-branch=main")
    commit(repo, "Scaffold replication of Attention Is All You Need (arXiv:1706.03762v1)")
    return repo


def test_an_old_repo_is_merged_against_its_first_commit(workspace: Path, cli) -> None:
    repo = old_repo(workspace)
    notes = repo / "NOTES.md"
    notes.write_text(notes.read_text() + "Mine.\n")
    commit(repo, "Notes")
    override(workspace, "NOTES.md.jinja", replace("## Outline", "## Outline of the paper"))

    code, out, _ = cli("upgrade")

    assert code == 0
    assert out.splitlines()[:2] == [
        "upgraded  1706.03762  NOTES.md",
        "          note: no recorded template base: merged against the first commit",
    ]
    text = notes.read_text()
    assert "## Outline of the paper" in text and text.endswith("Mine.\n")
    assert (repo / upgrade.MANIFEST).is_file() and git(repo, "status", "--porcelain") == ""
    assert cli("upgrade")[1].splitlines()[0] == "current   1706.03762"


def test_an_old_repo_whose_templates_did_not_change_is_current(workspace: Path, cli) -> None:
    repo = old_repo(workspace)
    code, out, _ = cli("upgrade")
    assert code == 0 and out.splitlines()[0] == "current   1706.03762"
    assert len(log(repo)) == 1 and not (repo / upgrade.MANIFEST).exists()


def test_dry_run_prints_the_diff_and_changes_nothing(workspace: Path, cli) -> None:
    repo = make(workspace)
    override(workspace, "README.md.jinja", replace("## Links", "## Links to the paper"))
    before = git(repo, "rev-parse", "HEAD", upgrade.BASE_BRANCH)

    code, out, _ = cli("upgrade", "--dry-run")

    assert code == 0
    assert "would upgrade 1706.03762  README.md" in out
    assert "--- a/README.md\n+++ b/README.md\n" in out
    assert "-## Links\n+## Links to the paper\n" in out
    assert out.endswith("1 would be upgraded, 0 already current, 0 with conflicts, 0 skipped.\n")
    assert git(repo, "rev-parse", "HEAD", upgrade.BASE_BRANCH) == before
    assert git(repo, "status", "--porcelain") == ""


def test_json_lists_each_group(workspace: Path, cli) -> None:
    repo = make(workspace)
    make(workspace, "1512.03385", "Deep Residual Learning")
    (workspace / "papers" / "1512.03385-deep-residual-learning" / "NOTES.md").write_text("x\n")
    override(workspace, "README.md.jinja", replace("## Links", "## Links to the paper"))

    code, out, _ = cli("upgrade", "--json")

    data = json.loads(out)
    assert code == 1 and data["dry_run"] is False
    assert [e["arxiv_id"] for e in data["upgraded"]] == ["1706.03762"]
    assert data["upgraded"][0]["files"] == ["README.md"]
    assert data["upgraded"][0]["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert data["upgraded"][0]["path"] == str(repo)
    assert data["current"] == [] and data["conflicts"] == []
    assert data["skipped"][0]["arxiv_id"] == "1512.03385"
    assert "uncommitted changes (NOTES.md)" in data["skipped"][0]["reason"]


def test_an_unknown_id_changes_nothing(workspace: Path, cli) -> None:
    repo = make(workspace)
    override(workspace, "README.md.jinja", replace("## Links", "## Links to the paper"))
    code, _, err = cli("upgrade", "1706.03762", "2101.00001")
    assert code == 1 and err.startswith("error: 2101.00001 is not in the workspace")
    assert len(log(repo)) == 1


def test_binary_files_are_replaced_only_when_unchanged() -> None:
    old, new, mine = b"\0old", b"\0new", b"\0mine"
    assert upgrade.merge(old, old, new) == (new, None)
    assert upgrade.merge(old, mine, new) == (mine, "binary")


@pytest.mark.parametrize("ours", ["a\nb\nc\nd\nE\n", "a\nb\nc\nd\ne\n"])
def test_text_merge_takes_both_sides(ours: str) -> None:
    merged, conflict = upgrade.merge(b"a\nb\nc\nd\ne\n", ours.encode(), b"A\nb\nc\nd\ne\n")
    assert conflict is None and merged == ours.replace("a", "A").encode()
