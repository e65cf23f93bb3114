"""The CLI shell: workspace discovery, init, path, errors, help and docs."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from replicate.cli import build_parser

PROJECT = Path(__file__).resolve().parent.parent


def commands() -> dict[str, str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {c.dest: c.help for c in sub._choices_actions}


def test_init_makes_a_workspace_with_the_goal(cli, tmp_path: Path) -> None:
    code, out, err = cli("init", str(tmp_path / "ws"))
    assert code == 0, err
    config = (tmp_path / "ws" / "replicate.toml").read_text()
    assert "min = 20" in config and "stretch = 50" in config
    assert (tmp_path / "ws" / "papers").is_dir()
    assert "Workspace ready" in out


def test_init_keeps_an_edited_config(cli, tmp_path: Path) -> None:
    cli("init", str(tmp_path / "ws"))
    config = tmp_path / "ws" / "replicate.toml"
    config.write_text("[goal]\nmin = 30\nstretch = 40\n")
    code, _, _ = cli("init", str(tmp_path / "ws"))
    assert code == 0
    assert config.read_text() == "[goal]\nmin = 30\nstretch = 40\n"


def test_no_workspace_is_one_clear_error(cli) -> None:
    code, out, err = cli("show", "1706.03762")
    assert code == 1
    assert err.startswith("error: no workspace here or above; run 'replicate init'")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_workspace_found_from_a_subfolder(cli, workspace: Path, monkeypatch) -> None:
    sub = workspace / "papers"
    monkeypatch.chdir(sub)
    code, out, err = cli("path")
    assert code == 0, err
    assert re.search(rf"^workspace\s+{re.escape(str(workspace))}$", out, re.M)
    assert re.search(rf"^papers\s+{re.escape(str(workspace / 'papers'))}$", out, re.M)


def test_pyproject_with_tool_replicate_is_a_workspace(cli, tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.replicate]\n')
    monkeypatch.chdir(project / "src")
    code, out, _ = cli("path")
    assert code == 0
    assert re.search(rf"^workspace\s+{re.escape(str(project))}$", out, re.M)


def test_pyproject_without_the_table_is_not_a_workspace(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("path")
    assert code == 1 and "no workspace" in err


def test_workspace_option_and_env_take_precedence(cli, tmp_path: Path, monkeypatch) -> None:
    for name in ("a", "b", "c"):
        cli("init", str(tmp_path / name))
    monkeypatch.chdir(tmp_path / "a")
    monkeypatch.setenv("REPLICATE_WORKSPACE", str(tmp_path / "b"))
    _, out, _ = cli("path")
    assert re.search(rf"^workspace\s+{re.escape(str(tmp_path / 'b'))}$", out, re.M)
    _, out, _ = cli("--workspace", str(tmp_path / "c"), "path")
    assert re.search(rf"^workspace\s+{re.escape(str(tmp_path / 'c'))}$", out, re.M)


def test_path_shows_endpoints_from_env_then_config(cli, workspace: Path, monkeypatch) -> None:
    (workspace / "replicate.toml").write_text(
        '[arxiv]\napi_url = "http://127.0.0.1:9/api/query"\npdf_url = "http://127.0.0.1:9/pdf"\n'
    )
    _, out, _ = cli("path")
    assert "http://127.0.0.1:9/api/query" in out and "http://127.0.0.1:9/pdf" in out
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", "http://127.0.0.1:8/api/query")
    _, out, _ = cli("path")
    assert "http://127.0.0.1:8/api/query" in out
    assert re.search(r"^cache\s+\S", out, re.M) and re.search(r"^templates\s+\S", out, re.M)


def test_broken_config_names_the_file(cli, workspace: Path) -> None:
    (workspace / "replicate.toml").write_text("[goal\nmin = 20\n")
    code, _, err = cli("path")
    assert code == 1
    assert err.startswith(f"error: {workspace / 'replicate.toml'} is not valid TOML")


def test_missing_workspace_dir_suggests_init(cli, tmp_path: Path) -> None:
    code, _, err = cli("--workspace", str(tmp_path / "nope"), "path")
    assert code == 1
    assert "replicate init" in err


def test_usage_error_exits_2(cli) -> None:
    code, _, err = cli("result")  # KEY and VALUE are missing
    assert code == 2
    assert err.startswith("error: the following arguments are required: ") and \
        err.endswith("see 'replicate result --help'.\n")
    code, _, err = cli("frobnicate")
    assert code == 2 and err.startswith("error: argument COMMAND: invalid choice: 'frobnicate'")


def test_version_and_help_via_the_installed_command() -> None:
    exe = Path(sys.executable).parent / "replicate"
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("replicate ")
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    for name in commands():
        assert name in out.stdout


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text()
    for name, help_text in commands().items():
        assert help_text, f"command {name} has no help"
        assert re.search(rf"`replicate {name}\b", readme), f"README.md does not mention {name}"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (PROJECT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert first.endswith("replicate add 1706.03762")
    assert "pytest" in second
    ci = (PROJECT / ".ci" / "run").read_text()
    assert second in ci


def test_negative_numbers_in_exponent_form_are_values(cli, workspace: Path) -> None:
    from replicate import record, scaffold

    scaffold.build(record.Paper(arxiv_id="1512.03385", version=1, title="Deep Residual Learning"),
                   workspace / "papers")
    code, out, err = cli("claim", "1512.03385", "--metric", "log loss", "--value", "-1.5E2",
                         "--lower-is-better")
    assert code == 0, err
    key = out.split()[2]
    code, out, err = cli("result", "1512.03385", key, "-1e-3")
    assert code == 0, err
    assert out == (f"Recorded {key} = -0.001 for 1512.03385.\n"
                   "not-reproduced: -0.001 against the paper's -150 (gap -149.999, "
                   "tolerance 2%).\n")
    code, out, err = cli("show", "1512.03385", "--json")
    claim = json.loads(out)["claims"][0]
    assert (claim["value"], claim["reproduced"]) == (-150.0, -0.001)


def test_a_clone_used_as_the_workspace_runs_with_its_own_templates(tmp_path: Path) -> None:
    """`python -m replicate` in a clone: the package's templates, not a shadowing copy."""
    import os
    import shutil

    clone = tmp_path / "clone"
    shutil.copytree(PROJECT, clone, ignore=shutil.ignore_patterns(
        ".git", ".venv", "dist", "build", "*.egg-info", "__pycache__", "papers", "LEDGER.md"))
    env = {k: v for k, v in os.environ.items() if k != "REPLICATE_WORKSPACE"}

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "replicate", *args], cwd=clone, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    templates = re.search(r"^templates\s+(.*)$", run("path"), re.M)[1]
    # One folder: the package's own templates, not the clone's copy as an override.
    (used,) = templates.split()
    assert Path(used).parts[-2:] == ("templates", "paper")
    page = run("ledger", "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "Replication ledger" in page


# -- errors of the file system the user can fix: one line naming the path ------------------


@pytest.fixture
def mount(tmp_path: Path):
    """Mount a small tmpfs, or a read-only view of a folder; skip where that is not allowed."""
    import os

    mounted: list[Path] = []

    def make(target: Path, *, size: str = "", readonly_of: Path | None = None) -> Path:
        target.mkdir(parents=True, exist_ok=True)
        if readonly_of is not None:
            cmd = ["mount", "--bind", "-o", "ro", str(readonly_of), str(target)]
        else:
            cmd = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)]
        if os.geteuid() != 0 or subprocess.run(cmd, capture_output=True).returncode != 0:
            pytest.skip("needs root and leave to mount a tmpfs or a read-only bind here")
        mounted.append(target)
        return target

    yield make
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], check=True)


def fill(disk: Path) -> None:
    try:
        with (disk / "filler").open("wb") as f:
            while True:
                f.write(b"x" * 65536)
                f.flush()
    except OSError:  # full (perhaps already before the filler could be made)
        pass


def a_paper_in(workspace: Path) -> Path:
    from replicate import record, scaffold

    paper = record.Paper(arxiv_id="1512.03385", version=1, title="Deep Residual Learning")
    return scaffold.build(paper, workspace / "papers")


def serve_one(server, arxiv_id: str = "1706.03762") -> None:
    from pdfs import make_pdf

    server.add_paper(arxiv_id, 1, title="Attention", pdf=make_pdf(["Attention\nSome text."]))


def test_a_full_workspace_disk_is_one_line(cli, mount, tmp_path: Path, online, monkeypatch):
    from replicate import settings

    disk = mount(tmp_path / "disk", size="2m")
    root = disk / "ws"
    settings.init(root)
    monkeypatch.chdir(root)
    repo = a_paper_in(root)
    record = (repo / "paper.toml").read_bytes()
    serve_one(online)
    fill(disk)
    code, _, err = cli("status", "1512.03385", "reading")
    assert code == 1
    assert err == (f"error: cannot write {repo / 'paper.toml'} (No space left on device); "
                   "nothing was changed.\n")
    assert (repo / "paper.toml").read_bytes() == record
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err == (f"error: no space left on the device holding {root / 'papers'}; free some "
                   "space and run the command again.\n")
    assert [p.name for p in (root / "papers").iterdir()] == [repo.name]


def test_a_full_cache_disk_is_one_line(cli, mount, tmp_path: Path, online, monkeypatch):
    disk = mount(tmp_path / "disk", size="256k")
    monkeypatch.setenv("REPLICATE_CACHE_DIR", str(disk / "cache"))
    (disk / "cache").mkdir()
    fill(disk)
    serve_one(online)
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err == (f"error: no space left on the device holding {disk / 'cache' / 'pdf'}; free "
                   "some space and run the command again.\n")


def test_a_read_only_workspace_is_one_line(cli, mount, tmp_path: Path, online, monkeypatch):
    from replicate import settings

    settings.init(tmp_path / "real" / "ws")
    repo = a_paper_in(tmp_path / "real" / "ws")
    view = mount(tmp_path / "view", readonly_of=tmp_path / "real")
    root = view / "ws"
    monkeypatch.chdir(root)
    serve_one(online)
    code, _, err = cli("claim", "1512.03385", "--metric", "top-1 error", "--value", "3.57")
    assert code == 1
    assert err == (f"error: {root / 'papers' / repo.name / '.git'} is on a read-only file "
                   "system; make it writable or use another workspace or cache folder.\n")
    code, _, err = cli("add", "1706.03762")
    assert code == 1 and err == (f"error: {root / 'papers'} is on a read-only file system; make "
                                 "it writable or use another workspace or cache folder.\n")
    assert online.pdf_requests() == []  # said before any download
    code, _, err = cli("init", str(view / "another"))
    assert code == 1 and err.startswith(f"error: {view} is on a read-only file system")


def test_a_read_only_cache_is_one_line(cli, mount, tmp_path: Path, online, workspace: Path,
                                       monkeypatch):
    (tmp_path / "real" / "cache").mkdir(parents=True)
    view = mount(tmp_path / "view", readonly_of=tmp_path / "real")
    monkeypatch.setenv("REPLICATE_CACHE_DIR", str(view / "cache"))
    serve_one(online)
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err == (f"error: {view / 'cache'} is on a read-only file system; make it writable or "
                   "use another workspace or cache folder.\n")
    assert list((workspace / "papers").iterdir()) == []
    assert online.pdf_requests() == []


def test_a_folder_without_write_permission_is_one_line(cli, workspace: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions; the read-only mount tests cover this case")
    repo = a_paper_in(workspace)
    repo.chmod(0o555)
    try:
        code, _, err = cli("status", "1512.03385", "reading")
    finally:
        repo.chmod(0o755)
    assert code == 1
    assert err == (f"error: permission denied for {repo}; change its permissions or use another "
                   "workspace or cache folder.\n")


def test_init_on_a_file_is_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    code, _, err = cli("init", str(tmp_path / "notes.txt"))
    assert code == 1
    assert err == (f"error: {tmp_path / 'notes.txt'} is a file, not a folder; move it away or "
                   "make the workspace somewhere else.\n")
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "papers").write_text("mine\n")
    code, _, err = cli("init", str(tmp_path / "ws"))
    assert code == 1 and err.startswith(f"error: {tmp_path / 'ws' / 'papers'} is a file")
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_a_cache_below_a_file_is_one_line(cli, workspace: Path, online, monkeypatch) -> None:
    (workspace.parent / "blocker").write_text("")
    monkeypatch.setenv("REPLICATE_CACHE_DIR", str(workspace.parent / "blocker" / "cache"))
    serve_one(online)
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err == (f"error: {workspace.parent / 'blocker'} is a file where a folder is "
                   "expected; move it away.\n")


def test_from_file_that_is_binary_or_not_utf8(cli, workspace: Path, online) -> None:
    serve_one(online)
    ids = workspace.parent / "ids.txt"
    ids.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, _, err = cli("add", "--from-file", str(ids))
    assert code == 1
    assert err == (f"error: {ids} is a binary file, not a list of arXiv ids; give a text file "
                   "with one id per line.\n")
    ids.write_bytes(b"1706.03762\xa0\n")
    code, _, err = cli("add", "--from-file", str(ids))
    assert code == 1
    assert err == f"error: line 1 of {ids} is not UTF-8 text; save the file as UTF-8.\n"
    ids.write_bytes(b"# lu \xe0 la caf\xe9\n1706.03762  # l'attention, r\xe9sum\xe9\n")
    code, out, err = cli("add", "--from-file", str(ids))
    assert code == 0, err
    assert out.startswith("added  1706.03762")


def test_a_paper_whose_git_is_gone(cli, workspace: Path) -> None:
    import shutil

    repo = a_paper_in(workspace)
    shutil.rmtree(repo / ".git")
    record = (repo / "paper.toml").read_bytes()
    for args in (("status", "1512.03385", "reading"), ("reread", "1512.03385"),
                 ("claim", "1512.03385", "--metric", "error", "--value", "3.57")):
        code, _, err = cli(*args)
        assert code == 1
        assert err == (f"error: {repo} has no .git folder, so nothing can be changed or "
                       "committed there; restore .git, or run 'replicate add --rebuild' with the "
                       "paper's id to make it a git repo again from its files.\n")
        assert (repo / "paper.toml").read_bytes() == record
    code, out, err = cli("add", "1512.03385")
    assert code == 0, err
    assert "note: its .git is gone (the repo's history is lost); run 'replicate add --rebuild " \
        "1512.03385' to make it a git repo again from its files" in out
    assert not (repo / ".git").exists()
    code, out, err = cli("add", "--rebuild", "1512.03385")
    assert code == 0, err
    assert "it is a git repo again" in out
    log = subprocess.run(["git", "log", "--format=%s"], cwd=repo, capture_output=True,
                         text=True, check=True).stdout
    assert log.startswith("Rebuild the repository of arXiv:1512.03385")
    code, out, err = cli("status", "1512.03385", "reading")
    assert code == 0, err


def test_every_option_of_every_command_is_in_the_readme() -> None:
    from replicate.cli import build_parser

    readme = (PROJECT / "README.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    missing = []
    for name, command in sub.choices.items():
        if name.startswith("__"):
            continue  # the completion scripts' hidden helper
        for action in command._actions:
            if action.help == argparse.SUPPRESS:
                continue  # internal (a Slurm task's --run-id)
            longs = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            if longs and not any(re.search(rf"{re.escape(o)}(?![\w-])", readme) for o in longs):
                missing.append(f"{name} {longs[0]}")
    assert missing == [], "options README.md does not mention"
