"""The contract for scripts: global options anywhere, exit codes, --quiet, CSV values."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from test_ledger import make_paper, resnet_claims


@pytest.mark.parametrize("argv", [
    ("-w", "{ws}", "path"),
    ("path", "-w", "{ws}"),
    ("path", "--workspace", "{ws}"),
    ("--workspace={ws}", "path"),
])
def test_workspace_before_or_after_the_command(cli, tmp_path: Path, argv) -> None:
    cli("init", str(tmp_path / "there"))
    code, out, err = cli(*(a.format(ws=tmp_path / "there") for a in argv))
    assert code == 0, err
    assert re.search(rf"^workspace\s+{re.escape(str(tmp_path / 'there'))}$", out, re.M)


def test_a_global_option_before_the_command_is_not_lost_after_it(cli, tmp_path: Path) -> None:
    cli("init", str(tmp_path / "there"))
    code, out, err = cli("-w", str(tmp_path / "there"), "--json", "path")
    assert code == 0, err
    assert json.loads(out)["workspace"] == str(tmp_path / "there")
    code, out, _ = cli("--json", "ledger", "-w", str(tmp_path / "there"))
    assert json.loads(out)["papers"] == []


def test_quiet_prints_nothing_on_success_but_keeps_warnings(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    code, out, err = cli("status", "1512.03385", "replicated", "--quiet")
    assert (code, out) == (0, "")
    assert err.startswith("warning: 1512.03385 is marked replicated with 2 claims pending")
    code, out, err = cli("-q", "status", "1512.03385", "nonsense")
    assert code == 2 and err.startswith("error: unknown state 'nonsense'")
    code, out, _ = cli("-q", "show", "1512.03385", "--json")  # JSON is what was asked for
    assert json.loads(out)["status"] == "replicated"


@pytest.mark.parametrize("argv, message", [
    (("add",), "error: nothing to add; give an arXiv id"),
    (("claim", "1512.03385", "--metric", "BLEU", "--value", "abc"),
     "error: --value must be a number, not 'abc'."),
    (("claim", "1512.03385", "--value", "3"), "error: a new claim needs --metric"),
    (("claim", "1512.03385", "--remove", "top1-acc-cifar10", "--value", "3"),
     "error: --remove takes no other option; leave out --value."),
    (("claim", "1512.03385", "--edit", "top1-acc-cifar10"),
     "error: say what to change in claim top1-acc-cifar10"),
    (("result", "1512.03385", "top1-acc-cifar10", "1", "--n", "x"),
     "error: argument --n: invalid int value: 'x'; see 'replicate result --help'."),
    (("status", "1512.03385", "--note", "why"), "error: --note goes with a new state"),
    (("ledger", "--frobnicate"), "error: unrecognized arguments: --frobnicate"),
    (("result",), "error: the following arguments are required: KEY, VALUE"),
])
def test_usage_errors_exit_2_with_one_error_line(cli, workspace: Path, argv, message) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    before = (repo / "paper.toml").read_bytes()
    code, out, err = cli(*argv)
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1, err
    assert (repo / "paper.toml").read_bytes() == before


def test_json_on_a_command_without_json_output_is_a_usage_error(cli, workspace: Path) -> None:
    from replicate.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    without = sorted(n for n in set(sub.choices) - parser.json_commands
                     if not n.startswith("__"))  # the completion scripts' hidden helper
    for name in without:
        required = [a for a in sub.choices[name]._actions
                    if not a.option_strings and a.nargs not in ("?", "*")]
        filled = [a.choices[0] if a.choices else "x" for a in required]  # a valid choice
        code, out, err = cli(name, *filled, "--json")
        assert (code, out) == (2, ""), name
        assert err == f"error: 'replicate {name}' has no JSON output; leave out --json.\n"


def test_a_user_caused_error_exits_1(cli, workspace: Path) -> None:
    code, out, err = cli("show", "1706.03762", "--json")
    assert (code, out) == (1, "")
    assert err.startswith("error: 1706.03762 is not in the workspace")


def test_csv_writes_json_booleans_and_empty_nulls(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    code, out, err = cli("ledger", "--format", "csv")
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["stuck"] in ("true", "false")
    assert row["problem"] == ""
    assert "False" not in out and "None" not in out
