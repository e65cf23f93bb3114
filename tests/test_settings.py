"""Settings: every wrong value is one line naming where it was set and what is allowed,
and it is caught before a command changes anything."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from replicate import settings

TIMEOUT = "must be a number of seconds above 0, at most 3600"
DELAY = "must be a number of seconds from 0 to 3600"
TOLERANCE = "must be a number such as 0.5 or a percentage such as 2%, finite and not negative"
RETRIES = "must be a whole number from 0 to 20"
GOAL = "must be a whole number of papers from 1 to 100,000"


def assert_refused_before_any_change(cli, workspace: Path, expected: str) -> None:
    """`add` stops at the settings: one line, exit 1, nothing written in the workspace."""
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*"))
    code, out, err = cli("add", "1706.03762")
    assert code == 1, out
    assert err == f"error: {expected}\n"
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*")) == before


@pytest.mark.parametrize(
    "var, value, allowed",
    [
        ("REPLICATE_HTTP_TIMEOUT", "0", TIMEOUT),
        ("REPLICATE_HTTP_TIMEOUT", "nan", TIMEOUT),
        ("REPLICATE_HTTP_TIMEOUT", "inf", TIMEOUT),
        ("REPLICATE_HTTP_TIMEOUT", "-1", TIMEOUT),
        ("REPLICATE_ARXIV_DELAY", "nan", DELAY),
        ("REPLICATE_ARXIV_DELAY", "inf", DELAY),
        ("REPLICATE_ARXIV_DELAY", "1e308", DELAY),
        ("REPLICATE_ARXIV_DELAY", "soon", DELAY),
        ("REPLICATE_HTTP_RETRIES", "2.9", RETRIES),
        ("REPLICATE_HTTP_RETRIES", "true", RETRIES),
        ("REPLICATE_TOLERANCE", "nan", TOLERANCE),
        ("REPLICATE_TOLERANCE", "inf", TOLERANCE),
        ("REPLICATE_TOLERANCE", "1e400%", TOLERANCE),
        ("REPLICATE_TOLERANCE", "-2%", TOLERANCE),
        ("REPLICATE_GOAL_MIN", "1e400", GOAL),
        ("REPLICATE_GOAL_MIN", "9" * 30, GOAL),
        ("REPLICATE_GOAL_MIN", "0", GOAL),
        ("REPLICATE_ARXIV_API_URL", "ftp://example.org/api", "must be an http:// or https:// URL"),
    ],
)
def test_a_wrong_environment_variable_is_named(cli, workspace: Path, monkeypatch,
                                               var: str, value: str, allowed: str) -> None:
    monkeypatch.setenv(var, value)
    shown = value if len(value) <= 60 else value[:59] + "…"
    assert_refused_before_any_change(cli, workspace, f"{var} {allowed}, not '{shown}'.")


@pytest.mark.parametrize(
    "toml, name, shown, allowed",
    [
        ("[arxiv]\ntimeout = true\n", "[arxiv] timeout", "true", TIMEOUT),
        ("[arxiv]\ntimeout = 0\n", "[arxiv] timeout", "0", TIMEOUT),
        ("[arxiv]\nretries = 2.9\n", "[arxiv] retries", "2.9", RETRIES),
        ("[arxiv]\ndelay = nan\n", "[arxiv] delay", "nan", DELAY),
        ("[arxiv]\ndelay = inf\n", "[arxiv] delay", "inf", DELAY),
        ("[arxiv]\ndelay = 1e308\n", "[arxiv] delay", "1e+308", DELAY),
        ("[ledger]\ntolerance = nan\n", "[ledger] tolerance", "nan", TOLERANCE),
        ("[ledger]\ntolerance = inf\n", "[ledger] tolerance", "inf", TOLERANCE),
        ('[ledger]\ntolerance = "1e400%"\n', "[ledger] tolerance", "'1e400%'", TOLERANCE),
        ("[ledger]\ntolerance = false\n", "[ledger] tolerance", "false", TOLERANCE),
        ("[goal]\nmin = 1e400\n", "[goal] min", "inf", GOAL),
        ("[goal]\nstretch = 100001\n", "[goal] stretch", "100001", GOAL),
        ('papers = ""\n', "papers", "''", "must be the name of a folder inside the workspace"),
        ("papers = 5\n", "papers", "5", "must be the name of a folder inside the workspace"),
        ("[paths]\ncache_dir = 5\n", "[paths] cache_dir", "5", "must be the path of a folder"),
    ],
)
def test_a_wrong_value_in_replicate_toml_is_named(cli, workspace: Path, monkeypatch, toml: str,
                                                  name: str, shown: str, allowed: str) -> None:
    monkeypatch.delenv("REPLICATE_CACHE_DIR")  # the environment would win over the file
    config = workspace / "replicate.toml"
    config.write_text(toml)
    assert_refused_before_any_change(cli, workspace, f"{name} in {config} {allowed}, not {shown}.")


@pytest.mark.parametrize("value", ["../elsewhere", "/tmp", ".", "papers/../.."])
def test_papers_outside_the_workspace_is_refused(cli, workspace: Path, value: str) -> None:
    config = workspace / "replicate.toml"
    config.write_text(f'papers = "{value}"\n')
    assert_refused_before_any_change(
        cli, workspace,
        f"papers in {config} must be the name of a folder inside the workspace, not '{value}'.")


def test_papers_may_be_a_nested_folder(cli, workspace: Path) -> None:
    (workspace / "replicate.toml").write_text('papers = "work/papers"\n')
    code, out, err = cli("path")
    assert code == 0, err
    assert str(workspace / "work" / "papers") in out


def test_a_stretch_goal_below_the_goal_is_refused(cli, workspace: Path, monkeypatch) -> None:
    (workspace / "replicate.toml").write_text("[goal]\nmin = 30\nstretch = 10\n")
    assert_refused_before_any_change(
        cli, workspace, "the stretch goal must be at least the goal (30), not 10; fix [goal] "
        "stretch or REPLICATE_GOAL_STRETCH.")


def test_a_table_that_is_not_a_table_is_named(cli, workspace: Path) -> None:
    config = workspace / "replicate.toml"
    config.write_text("arxiv = 5\n")
    assert_refused_before_any_change(cli, workspace, f"[arxiv] in {config} must be a table; "
                                     "fix the file.")


def test_a_config_that_is_not_utf8_is_named(cli, workspace: Path) -> None:
    config = workspace / "replicate.toml"
    config.write_bytes(b"[goal]\nmin = 20  # caf\xe9\n")
    assert_refused_before_any_change(
        cli, workspace, f"{config} is not UTF-8 text (line 2 has the byte 0xe9); save it as UTF-8.")


def test_papers_that_is_a_file_is_refused(cli, workspace: Path) -> None:
    (workspace / "papers").rmdir()
    (workspace / "papers").write_text("not a folder\n")
    assert_refused_before_any_change(
        cli, workspace, f"{workspace / 'papers'} is a file, but papers must be a folder; move "
        "the file away or set papers in the config to another folder.")


def test_a_cache_dir_that_is_a_file_is_refused(cli, workspace: Path, monkeypatch) -> None:
    cache = workspace.parent / "cache-file"
    cache.write_text("")
    monkeypatch.setenv("REPLICATE_CACHE_DIR", str(cache))
    assert_refused_before_any_change(
        cli, workspace, f"the cache folder {cache} is a file; move it away or set "
        "REPLICATE_CACHE_DIR or [paths] cache_dir to a folder.")


def test_claim_tolerance_must_be_finite(cli, workspace: Path) -> None:
    for value in ("nan", "inf", "1e400%"):
        code, _, err = cli("claim", "1706.03762", "--metric", "BLEU", "--value", "28.4",
                           "--tolerance", value)
        assert code == 2  # a command line that cannot be right
        assert err == f"error: tolerance must be a finite number, not '{value}'.\n"


def test_good_values_in_every_form_are_taken(cli, workspace: Path, monkeypatch) -> None:
    (workspace / "replicate.toml").write_text(
        '[arxiv]\ndelay = 0\ntimeout = 2.5\nretries = "4"\n[ledger]\ntolerance = 0.5\n'
        '[goal]\nmin = 5\nstretch = 5\n')
    monkeypatch.setenv("REPLICATE_HTTP_TIMEOUT", "7")
    s = settings.load()
    assert (s.delay, s.timeout, s.retries, s.tolerance) == (0.0, 7.0, 4, "0.5")
    assert (s.goal_min, s.goal_stretch) == (5, 5)
    code, _, err = cli("ledger")
    assert code == 0, err


def test_every_setting_has_one_row() -> None:
    """A new field of Settings is read and checked only once it has its row in SETTINGS."""
    fields = {f.name for f in dataclasses.fields(settings.Settings)} - {"workspace",
                                                                        "config_file"}
    assert {row.name for row in settings.SETTINGS} == fields
