"""The contract for scripts: each command's ``--json`` prints the fields README documents.

README's "JSON output" section has a ``### <command>`` entry per command; each bullet
starts with the backquoted names of top-level fields. The commands are found there and in
the parser, so a command added later is checked too: one with ``--json`` and no entry
fails, and so does an entry whose command prints other fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_add import serve

from replicate.cli import build_parser

PROJECT = Path(__file__).resolve().parent.parent
PAPER = "1706.03762"

# How to call a command whose positionals a placeholder cannot fill, or that needs an option.
ARGV: dict[str, list[str]] = {
    "add": ["add", PAPER],
    "init": ["init", "elsewhere"],
    "run": ["run", PAPER],
    "claim": ["claim", PAPER, "--metric", "accuracy", "--value", "91", "--dataset", "CIFAR-10"],
    "result": ["result", PAPER, "{key}", "28.1"],
    "status": ["status", PAPER, "replicated", "--note", "all there"],
    "path": ["path"],
}
# Commands left to their own tests: they need a setup this workspace does not have.
OWN_TESTS = {"publish": "it needs a git remote; tests/test_publish.py checks its JSON"}
# Commands whose exit code 1 reports a finding, not a failure to print.
FINDINGS = {"doctor"}
# What a required positional is filled with, by its metavar.
PLACEHOLDERS = {"ID": PAPER, "KEY": "{key}", "STATE": "reading", "VALUE": "28.1",
                "QUERY": "attention"}


def documented() -> dict[str, tuple[bool, list[str]]]:
    """{command: (prints a list of objects, its documented top-level fields)}."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## JSON output\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    out: dict[str, tuple[bool, list[str]]] = {}
    for entry in re.split(r"^### ", section[1] if section else "", flags=re.M)[1:]:
        name = entry.split(None, 1)[0].strip("`")
        fields = []
        for bullet in re.findall(r"^- (.*)$", entry, re.M):
            head = bullet.split(": ", 1)[0]
            fields += re.findall(r"`([a-z0-9_]+)`", head)
        assert fields, f"README's JSON entry for {name} lists no fields"
        assert len(set(fields)) == len(fields), f"README lists a field of {name} twice"
        out[name] = ("A list of objects" in entry, fields)
    return out


def json_commands() -> dict[str, object]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {name: sub.choices[name] for name in sorted(parser.json_commands)}


def test_every_command_with_json_is_documented() -> None:
    docs = documented()
    commands = json_commands()
    assert sorted(set(commands) - set(docs)) == [], "commands with --json missing from README"
    assert sorted(set(docs) - set(commands)) == [], "README documents JSON of commands without it"


def argv_of(name: str, parser) -> list[str]:
    if name in ARGV:
        return list(ARGV[name])
    argv = [name]
    for action in parser._actions:
        if action.option_strings or action.nargs == "*" or (
                action.nargs == "?" and action.metavar != "ID"):
            continue
        metavar = action.metavar or action.dest.upper()
        assert metavar in PLACEHOLDERS, (
            f"test_json does not know how to fill {metavar} of '{name}'; add it to ARGV")
        argv.append(PLACEHOLDERS[metavar])
    return argv


@pytest.fixture
def paper(cli, online, workspace: Path) -> str:
    """A workspace with one paper added from the loopback arXiv, a claim with a
    number, and a finished run: every command has something to print."""
    from replicate import record, runs

    serve(online, PAPER, "Attention Is All You Need")
    code, _, err = cli("add", PAPER)
    assert code == 0, err
    repo = record.locate(workspace / "papers", PAPER)
    key = record.load(repo).claims[0].key
    run = runs.Run(run_id="seed0", seed=0, state="succeeded", duration_s=2.0)
    runs.save(repo, run)
    (runs.runs_dir(repo) / "seed0" / runs.METRICS_FILE).write_text(json.dumps({key: 28.0}))
    return key


@pytest.mark.parametrize("name", sorted(documented()))
def test_json_has_the_documented_fields(cli, paper: str, name: str) -> None:
    commands = json_commands()
    assert name in commands, f"README documents {name}, which has no --json"
    if name in OWN_TESTS:
        pytest.skip(OWN_TESTS[name])
    argv = [a.format(key=paper) for a in argv_of(name, commands[name])]
    code, out, err = cli(*argv, "--json")
    assert code == (code if name in FINDINGS else 0), err
    data = json.loads(out)
    is_list, fields = documented()[name]
    items = data if is_list else [data]
    assert isinstance(data, list) == is_list, f"{name} --json prints a {type(data).__name__}"
    assert items, f"{name} --json printed an empty list; nothing to compare"
    for item in items:
        assert sorted(item) == sorted(fields), f"{name} --json fields differ from README"


def test_json_before_the_command_name_too(cli, paper: str) -> None:
    code, out, err = cli("--json", "show", PAPER)
    assert code == 0, err
    assert json.loads(out)["arxiv_id"] == PAPER
