"""Shared fixtures. Every test runs isolated: HOME, XDG dirs, git config and
REPLICATE_* settings all point into its own tmp_path.

Network tests ask for `online` (the `workspace`, wired to a fresh loopback arXiv
from `arxiv_server`); `workspace` alone leaves the settings at their defaults.
`make_fetcher` builds a `Fetcher` from that workspace's settings.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for var in list(os.environ):
        if var.startswith("REPLICATE_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Test User\n\temail = test@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("REPLICATE_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("NO_COLOR", "FORCE_COLOR"):  # the runner's terminal must not shape output
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised, empty workspace that is the current directory."""
    from replicate import settings

    root = tmp_path / "ws"
    settings.init(root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run the real CLI entry point; return (exit code, stdout, stderr)."""
    from replicate.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def arxiv_server():
    """A loopback arXiv (API and PDFs), closed after the test."""
    from arxiv_server import ArxivServer

    with ArxivServer() as server:
        yield server


@pytest.fixture
def online(workspace: Path, arxiv_server, monkeypatch: pytest.MonkeyPatch):
    """The workspace talking to the loopback arXiv: no delay, short timeouts, two retries."""
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", arxiv_server.api_url)
    monkeypatch.setenv("REPLICATE_ARXIV_PDF_URL", arxiv_server.pdf_url)
    monkeypatch.setenv("REPLICATE_ARXIV_SOURCE_URL", arxiv_server.source_url)
    monkeypatch.setenv("REPLICATE_ARXIV_DELAY", "0")
    monkeypatch.setenv("REPLICATE_HTTP_TIMEOUT", "0.5")
    monkeypatch.setenv("REPLICATE_HTTP_RETRIES", "2")
    return arxiv_server


@pytest.fixture
def make_fetcher(workspace: Path, online):
    """Build a `Fetcher` for the online workspace; keyword arguments override settings."""
    from replicate import settings
    from replicate.fetch import Fetcher

    def make(**overrides) -> Fetcher:
        return Fetcher(settings.load(workspace, **overrides))

    return make
