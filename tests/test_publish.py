"""publish: paper repos pushed to real bare repos, and a workspace of submodules."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from replicate import record, scaffold
from replicate.record import Claim, Paper, StatusChange, browsable

T0 = "2026-01-01T09:00:00+00:00"


def make_paper(workspace: Path, arxiv_id: str = "1512.03385",
               title: str = "Deep Residual Learning") -> Path:
    paper = Paper(arxiv_id=arxiv_id, version=1, title=title, added=T0, status="queued",
                  history=[StatusChange("queued", T0)],
                  claims=[Claim("top-1-accuracy", "top-1 accuracy", 76.0, unit="%")])
    repo = scaffold.build(paper, workspace / "papers")
    (repo / "paper.pdf").write_bytes(b"%PDF-1.4 the authors' own\n")
    return repo


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(path)],
                   check=True)
    return path


def log(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s").splitlines()


def test_publish_pushes_the_branch_and_records_the_url(cli, workspace: Path,
                                                       tmp_path: Path) -> None:
    repo = make_paper(workspace)
    remote = bare(tmp_path / "remote.git")
    code, out, err = cli("publish", "1512.03385", "--remote", str(remote))
    assert code == 0, err
    assert out.startswith("Published 1512.03385 (main at ") and str(remote) in out
    assert record.load(repo).published_url == str(remote)
    assert log(repo)[0] == f"Published at {remote}"
    # The remote holds the branch up to the commit that records its own URL, and nothing
    # the repo's .gitignore keeps out.
    assert git(remote, "rev-parse", "main") == git(repo, "rev-parse", "HEAD")
    files = git(remote, "ls-tree", "-r", "--name-only", "main").splitlines()
    assert "paper.toml" in files and "README.md" in files and "paper.pdf" not in files
    assert git(repo, "rev-parse", "--abbrev-ref", "main@{upstream}") == "origin/main"
    # Publishing again pushes what is new, and the URL is not recorded twice.
    cli("status", "1512.03385", "reading")
    code, out, err = cli("publish", "1512.03385", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["paper"]["recorded"] is False and data["workspace"] is None
    assert data["paper"]["commit"] == git(remote, "rev-parse", "main")
    assert log(repo)[0] == "Status: queued -> reading"


def test_a_relative_remote_path_is_recorded_absolute(cli, workspace: Path,
                                                     tmp_path: Path) -> None:
    repo = make_paper(workspace)
    bare(workspace / "out.git")
    code, _, err = cli("publish", "1512.03385", "--remote", "out.git")
    assert code == 0, err
    assert record.load(repo).published_url == str((workspace / "out.git").resolve())


def state(repo: Path) -> tuple[str, str, str, bytes]:
    return (git(repo, "rev-parse", "HEAD"), git(repo, "config", "--get-regexp", "^remote\\.",
                                                check=False),
            git(repo, "status", "--porcelain"), (repo / "paper.toml").read_bytes())


@pytest.mark.parametrize("case", ["missing", "hook", "behind"])
def test_a_failed_push_changes_nothing(cli, workspace: Path, tmp_path: Path, case: str) -> None:
    repo = make_paper(workspace)
    git(repo, "remote", "add", "origin", "https://example.org/old.git")
    if case == "missing":
        target = tmp_path / "no-such-repo.git"
        expected = f"error: cannot push to {target} ("
    elif case == "hook":
        target = bare(tmp_path / "hook.git")
        hook = target / "hooks" / "pre-receive"
        hook.write_text("#!/bin/sh\necho 'pushes are closed here' >&2\nexit 1\n")
        hook.chmod(0o755)
        expected = (f"error: {target} refused main (pre-receive hook declined: "
                    "pushes are closed here); nothing was changed.")
    else:
        target = bare(tmp_path / "busy.git")
        other = tmp_path / "other"
        git(tmp_path, "clone", "-q", str(target), str(other))
        git(other, "commit", "-q", "--allow-empty", "-m", "someone else's work")
        git(other, "push", "-q", "origin", "HEAD:main")
        expected = f"error: {target} refused main: it holds commits this repo lacks"
    before = state(repo)
    code, out, err = cli("publish", "1512.03385", "--remote", str(target))
    assert code == 1 and out == ""
    assert err.startswith(expected) and err.count("\n") == 1, err
    assert "nothing was changed" in err
    assert state(repo) == before
    assert record.load(repo).published_url is None


def test_a_committed_pdf_is_never_published(cli, workspace: Path, tmp_path: Path) -> None:
    repo = make_paper(workspace)
    git(repo, "add", "-f", "paper.pdf")
    git(repo, "commit", "-q", "-m", "oops")
    git(repo, "rm", "-q", "--cached", "paper.pdf")
    git(repo, "commit", "-q", "-m", "untrack it again")
    remote = bare(tmp_path / "remote.git")
    code, _, err = cli("publish", "1512.03385", "--remote", str(remote))
    assert code == 1
    assert err == (f"error: {repo} has committed paper.pdf, which .gitignore keeps out of "
                   "the repo (papers, data and checkpoints stay private); remove them from "
                   "its history before publishing.\n")
    assert git(remote, "rev-parse", "-q", "--verify", "main", check=False) == ""


def test_usage_mistakes_are_one_line(cli, workspace: Path) -> None:
    make_paper(workspace)
    assert cli("publish") == (1, "", "error: say what to publish: a paper ('replicate "
                              "publish ID --remote URL') or the workspace (--workspace-remote "
                              "URL).\n")
    code, _, err = cli("publish", "1512.03385")
    assert code == 1 and err.startswith("error: 1512.03385 is not published yet; say where")
    code, _, err = cli("publish", "1512.03385", "--remote", "https://me:secret@example.org/r")
    assert code == 1 and "carries a password" in err and "secret" not in err


def test_code_url_is_the_remote_as_a_web_page() -> None:
    assert browsable("git@github.com:me/resnet.git") == "https://github.com/me/resnet"
    assert browsable("ssh://git@gitlab.example.org:2222/me/r.git") == \
        "https://gitlab.example.org/me/r"
    assert browsable("https://token@github.com/me/r.git") == "https://github.com/me/r"
    assert browsable("/srv/git/r.git") is None and browsable(None) is None


def test_the_workspace_clones_with_every_published_paper(cli, workspace: Path,
                                                         tmp_path: Path) -> None:
    one = make_paper(workspace)
    two = make_paper(workspace, "1706.03762", "Attention Is All You Need")
    make_paper(workspace, "1412.06980", "Adam")  # never published
    for repo, name in ((one, "resnet"), (two, "attention")):
        code, _, err = cli("publish", repo.name[:10], "--remote", str(bare(tmp_path / name)))
        assert code == 0, err
    cli("status", "1706.03762", "reading")  # a commit not pushed yet: the workspace pushes it
    ws_remote = bare(tmp_path / "workspace.git")
    code, out, err = cli("publish", "--workspace-remote", str(ws_remote))
    assert code == 0, err
    assert out.splitlines()[0] == (f"Published the workspace (now a git repo) to {ws_remote} "
                                   "with 2 paper submodules.")
    assert "left out: 1412.06980 is not published yet" in out
    assert git(tmp_path / "attention", "rev-parse", "main") == git(two, "rev-parse", "HEAD")

    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "protocol.file.allow=always", "clone", "-q",
                    "--recurse-submodules", str(ws_remote), str(clone)],
                   check=True, capture_output=True)
    modules = (clone / ".gitmodules").read_text()
    assert f"url = {tmp_path / 'resnet'}" in modules and f"path = papers/{one.name}" in modules
    for repo in (one, two):
        copy = clone / "papers" / repo.name
        assert (copy / "paper.toml").read_bytes() == (repo / "paper.toml").read_bytes()
        assert not (copy / "paper.pdf").exists()
    assert not (clone / "papers" / "1412.06980-adam").exists()
    assert (clone / "LEDGER.md").is_file() and (clone / "replicate.toml").is_file()

    # Again, after more work: the gitlink moves, and a workspace push that fails changes
    # nothing in the workspace repo.
    cli("status", "1512.03385", "reading")
    head = git(workspace, "rev-parse", "HEAD")
    code, _, err = cli("publish", "--workspace-remote", str(tmp_path / "gone.git"))
    assert code == 1 and err.startswith("error: cannot push to")
    assert git(workspace, "rev-parse", "HEAD") == head
    assert git(workspace, "remote", "get-url", "origin") == str(ws_remote)
    assert git(workspace, "status", "--porcelain", "--", ".gitmodules") == ""
    code, out, err = cli("publish", "--workspace-remote", str(ws_remote), "--json")
    assert code == 0, err
    data = json.loads(out)["workspace"]
    assert data["created"] is False and len(data["submodules"]) == 2
    assert git(ws_remote, "rev-parse", f"main:papers/{one.name}") == git(one, "rev-parse",
                                                                           "HEAD")


def test_a_workspace_with_nothing_published_is_refused(cli, workspace: Path,
                                                       tmp_path: Path) -> None:
    make_paper(workspace)
    code, _, err = cli("publish", "--workspace-remote", str(bare(tmp_path / "ws.git")))
    assert code == 1 and err.startswith("error: no paper is published yet")
    assert not (workspace / ".git").exists()


def test_a_workspace_inside_a_repo_keeps_its_ignores_and_staged_work(cli, workspace: Path,
                                                                     tmp_path: Path) -> None:
    git(workspace, "init", "-q", "--initial-branch=main")
    (workspace / ".gitignore").write_text("papers/*\nLEDGER.md\n")
    git(workspace, "add", ".gitignore")
    git(workspace, "commit", "-q", "-m", "a project that holds its papers")
    (workspace / "notes.txt").write_text("mine, staged, not for this commit\n")
    git(workspace, "add", "notes.txt")
    repo = make_paper(workspace)
    assert cli("publish", "1512.03385", "--remote", str(bare(tmp_path / "resnet")))[0] == 0
    code, out, err = cli("publish", "--workspace-remote", str(bare(tmp_path / "ws.git")))
    assert code == 0, err
    assert out.startswith("Published the workspace to ")
    committed = git(workspace, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert committed == [".gitmodules", f"papers/{repo.name}", "replicate.toml"]
    assert git(workspace, "status", "--porcelain", "--", "notes.txt") == "A  notes.txt"


def test_a_github_remote_is_linked_as_its_web_page(cli, workspace: Path,
                                                   tmp_path: Path) -> None:
    repo = make_paper(workspace)
    forge = tmp_path / "forge"
    bare(forge / "me" / "resnet.git")
    # Here git takes https://github.com/ to a local folder: a stand-in for GitHub.
    git(tmp_path, "config", "--global", f"url.{forge}/.insteadOf", "https://github.com/")
    code, out, err = cli("publish", "1512.03385", "--remote", "https://github.com/me/resnet.git")
    assert code == 0, err
    assert out.rstrip().endswith("to https://github.com/me/resnet.git "
                                 "(https://github.com/me/resnet).")
    assert git(forge / "me" / "resnet.git", "rev-parse", "main") == git(repo, "rev-parse", "HEAD")
    assert record.load(repo).code_url == "https://github.com/me/resnet"
    # README and REPORT link it, in the commit that was pushed.
    assert "- This replication's code: https://github.com/me/resnet\n" in (
        repo / "README.md").read_text()
    assert "Reproduced with the code at https://github.com/me/resnet." in (
        repo / "REPORT.md").read_text()
    assert git(repo, "status", "--porcelain") == ""
    assert cli("site")[0] == 0
    page = (workspace / "site" / "papers" / f"{repo.name}.html").read_text()
    assert '<a href="https://github.com/me/resnet">this replication\'s code</a>' in page
