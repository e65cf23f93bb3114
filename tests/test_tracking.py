"""Writing a record and committing it are one step, committed as the user through git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_ledger import git_log, make_paper, resnet_claims

REPLICATE = Path(sys.executable).parent / "replicate"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def hook(repo: Path, body: str, name: str = "pre-commit") -> None:
    path = repo / ".git" / "hooks" / name
    path.write_text(f"#!{sys.executable}\n{body}\n")
    path.chmod(0o755)


def snapshot(repo: Path) -> tuple:
    results = repo / "results" / "reproduced.json"
    return ((repo / "paper.toml").read_bytes(),
            results.read_bytes() if results.exists() else None, git_log(repo))


@pytest.mark.parametrize("args", [
    ("status", "1512.03385", "reading"),
    ("claim", "1512.03385", "--metric", "BLEU", "--value", "28.4"),
    ("result", "1512.03385", "top1-acc-cifar10", "93.5"),
])
def test_a_refusing_hook_is_one_line_and_changes_nothing(cli, workspace: Path, args) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    hook(repo, "import sys\nprint('lint says no:\\n  paper.toml: trailing space', "
               "file=sys.stderr)\nsys.exit(1)")
    before = snapshot(repo)
    code, out, err = cli(*args)
    assert (code, out) == (1, "")
    assert err == f"error: git refused the commit in {repo}: paper.toml: trailing space.\n"
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain") == ""


def test_a_repo_without_git_is_named_and_nothing_lands_elsewhere(cli, workspace: Path) -> None:
    git(workspace, "init", "-q")  # a workspace that is itself a git repo must not get it
    repo = make_paper(workspace)
    shutil.rmtree(repo / ".git")
    before = (repo / "paper.toml").read_bytes()
    code, _, err = cli("status", "1512.03385", "reading")
    assert code == 1
    assert err == (f"error: {repo} has no .git folder, so nothing can be changed or committed "
                   "there; restore .git, or run 'replicate add --rebuild' with the paper's id "
                   "to make it a git repo again from its files.\n")
    assert (repo / "paper.toml").read_bytes() == before
    assert subprocess.run(["git", "log"], cwd=workspace, capture_output=True).returncode != 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("signal_name, hook_exit", [("SIGTERM", 0), ("SIGINT", 1),
                                                    ("SIGTERM", 1)])
def test_a_signal_between_writing_and_committing(workspace: Path, signal_name: str,
                                                 hook_exit: int) -> None:
    """The hook runs inside the commit: it signals the replicate process above it there."""
    repo = make_paper(workspace)
    hook(repo, "import os, signal, sys\n"
               "pid = os.getppid()\n"
               f"while {str(REPLICATE)!r} not in open(f'/proc/{{pid}}/cmdline').read():\n"
               "    pid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
               f"os.kill(pid, signal.{signal_name})\nsys.exit({hook_exit})")
    before = snapshot(repo)
    done = subprocess.run([str(REPLICATE), "status", "1512.03385", "reading"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert git(repo, "status", "--porcelain") == ""  # the file and the last commit agree
    if hook_exit:
        assert snapshot(repo) == before
    else:
        assert git_log(repo)[0] == "Status: queued -> reading"
    if signal_name == "SIGINT":
        assert done.stderr == "interrupted; nothing was left half-made.\n"


def test_the_identity_comes_from_the_environment_as_git_reads_it(
        cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_paper(workspace)
    other = tmp_path / "other.gitconfig"
    other.write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(other))
    assert cli("status", "1512.03385", "reading")[0] == 0
    assert git(repo, "log", "-1", "--format=%an <%ae> / %cn <%ce>") == (
        "Ada Lovelace <ada@example.org> / Ada Lovelace <ada@example.org>\n")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Grace Hopper")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "grace@example.org")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "ci@example.org")
    assert cli("status", "1512.03385", "implementing")[0] == 0
    assert git(repo, "log", "-1", "--format=%an <%ae> / %cn <%ce>") == (
        "Grace Hopper <grace@example.org> / Ada Lovelace <ci@example.org>\n")


def test_without_any_identity_the_tool_signs_and_says_so_once(
        online, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_add import serve

    nobody = tmp_path / "nobody.gitconfig"
    nobody.write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(nobody))
    for var in [v for v in os.environ if v.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_"))]:
        monkeypatch.delenv(var)
    serve(online, "1706.03762", "Attention Is All You Need")
    serve(online, "1512.03385", "Deep Residual Learning")
    done = subprocess.run([str(REPLICATE), "add", "1706.03762", "1512.03385"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("warning: git knows no name or email for you") == 1
    for repo in (workspace / "papers").glob("1*"):
        assert git(repo, "log", "-1", "--format=%an <%ae>") == "replicate <replicate@localhost>\n"


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MB tmpfs, where the machine lets the tests mount one (root in a container)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(disk: Path) -> None:
    with (disk / "filler").open("wb", buffering=0) as f:
        for size in (1 << 16, 1 << 10, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                pass


@pytest.mark.parametrize("args", [
    ("status", "1512.03385", "reading"),
    ("result", "1512.03385", "top1-acc-cifar10", "93.5"),
])
def test_a_full_disk_is_one_sentence_and_changes_nothing(cli, small_disk: Path, args) -> None:
    from replicate import settings

    workspace = small_disk / "ws"
    settings.init(workspace)
    repo = make_paper(workspace, claims=resnet_claims())
    before = snapshot(repo)
    fill(small_disk)
    code, out, err = cli("--workspace", str(workspace), *args)
    assert (code, out) == (1, "")
    assert err == (f"error: cannot write {repo / 'paper.toml'} (No space left on device); "
                   "nothing was changed.\n")
    (small_disk / "filler").unlink()
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain") == ""
