"""Rough edges of tracking: claim --edit/--remove, adopting a suggestion, result's verdict,
status --note and the warning on a premature 'replicated'."""

from __future__ import annotations

import json
from pathlib import Path

import tomlkit
from test_ledger import git_log, make_paper, resnet_claims, show

from replicate import record as rec
from replicate import settings, tracking
from replicate.reading import Reading
from replicate.reading.merge import apply
from replicate.record import Claim

PAPER = "1512.03385"


def record(repo: Path) -> dict:
    return tomlkit.parse((repo / "paper.toml").read_text()).unwrap()


def test_a_claim_matching_a_suggestion_adopts_it(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    code, out, err = cli("claim", PAPER, "--metric", "Accuracy", "--value", "93.57",
                         "--dataset", "cifar10", "--tolerance", "1%", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["action"], data["key"], data["changed"]) == ("adopted", "top1-acc-cifar10", True)
    assert data["claim"]["tolerance"] == "1%"
    claims = record(repo)["claims"]
    assert [c["key"] for c in claims] == ["top5-error-imagenet", "top1-acc-cifar10"]
    assert claims[1]["tolerance"] == "1%" and claims[1]["origin"] == "paper"
    # a different figure is a claim of its own
    code, out, _ = cli("claim", PAPER, "--metric", "accuracy", "--value", "94",
                       "--dataset", "CIFAR-10")
    assert out == f"Added claim accuracy-cifar-10 to {PAPER}.\n"


def test_a_claims_direction_comes_from_its_metric_unless_given(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    for args in (["--metric", "WER", "--value", "4.1"], ["--metric", "BLEU", "--value", "28.4"],
                 ["--metric", "validation loss", "--value", "3.28", "--no-lower-is-better"]):
        code, _, err = cli("claim", PAPER, *args)
        assert code == 0, err
    directions = {c["metric"]: c["lower_is_better"] for c in record(repo)["claims"][2:]}
    assert directions == {"WER": True, "BLEU": False, "validation loss": False}


def test_edit_changes_the_given_fields_and_keeps_the_key(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    cli("result", PAPER, "top1-acc-cifar10", "93.2")
    code, out, err = cli("claim", PAPER, "--edit", "top1-acc-cifar10", "--value", "93.0",
                         "--unit", "%")
    assert code == 0, err
    assert out == f"Changed value of claim top1-acc-cifar10 of {PAPER}.\n"
    claim = next(c for c in show(cli, PAPER)["claims"] if c["key"] == "top1-acc-cifar10")
    assert (claim["value"], claim["reproduced"], claim["verdict"]) == (93.0, 93.2, "reproduced")
    assert git_log(repo)[0] == "Claim top1-acc-cifar10: edit value"
    code, out, _ = cli("claim", PAPER, "--edit", "top1-acc-cifar10", "--value", "93")
    assert code == 0 and "nothing changed" in out
    code, out, err = cli("claim", PAPER, "--edit", "bleu", "--value", "3")
    assert code == 1 and err.startswith(f"error: {PAPER} has no claim 'bleu'")
    code, _, _ = cli("claim", PAPER, "--edit", "top5-error-imagenet", "--no-lower-is-better")
    assert record(repo)["claims"][0]["lower_is_better"] is False


def test_an_edited_suggestion_survives_reread_merging(workspace: Path) -> None:
    """Reading the paper again keeps a suggestion the user edited."""
    repo = make_paper(workspace, claims=[])
    found = Reading(claims=[Claim("bleu-wmt", "BLEU", 28.4, dataset="WMT", origin="paper")])
    paper = rec.load(repo)
    apply(paper, found)
    rec.save(repo, paper)
    tracking.edit_claim(settings.load(workspace), PAPER, "bleu-wmt", value="28.0")
    paper = rec.load(repo)
    apply(paper, found)
    assert [c.value for c in paper.claims] == [28.0]


def test_remove_deletes_the_claim_and_its_number(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    cli("result", PAPER, "top1-acc-cifar10", "93.2")
    code, out, err = cli("claim", PAPER, "--remove", "top1-acc-cifar10", "--json")
    assert code == 0, err
    assert json.loads(out)["action"] == "removed" and json.loads(out)["claim"] is None
    assert [c["key"] for c in record(repo)["claims"]] == ["top5-error-imagenet"]
    assert json.loads((repo / "results" / "reproduced.json").read_text()) == {}
    assert git_log(repo)[0] == "Claim top1-acc-cifar10: remove"
    assert "top1-acc-cifar10" not in (workspace / "LEDGER.md").read_text()


def test_result_prints_the_verdict_and_the_human_figure(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    code, out, err = cli("result", PAPER, "top5-error-imagenet", "4.2")
    assert code == 0, err
    assert out.splitlines()[1] == ("not-reproduced: 4.2% against the paper's 3.57% (gap -0.63, "
                                   "tolerance 2%); better than the human 5.1%.")
    code, out, _ = cli("result", PAPER, "top1-acc-cifar10", "93.3")
    assert out.splitlines()[1] == ("reproduced: 93.3% against the paper's 93.57% (gap -0.27, "
                                   "tolerance 0.5); short of the human 94%.")
    code, out, _ = cli("result", PAPER, "top1-acc-cifar10", "93.3", "--json")
    data = json.loads(out)
    assert data["claim"]["verdict"] == "reproduced" and data["changed"] is True


def test_status_note_is_kept_in_the_history(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    code, out, err = cli("status", PAPER, "partial", "--note", "CIFAR only; no ImageNet GPUs")
    assert code == 0, err
    entry = record(repo)["history"][-1]
    assert (entry["state"], entry["note"]) == ("partial", "CIFAR only; no ImageNet GPUs")
    code, out, _ = cli("status", PAPER)
    assert out.splitlines()[-1].endswith("partial  CIFAR only; no ImageNet GPUs")
    code, out, _ = cli("status", PAPER, "--json")
    data = json.loads(out)
    assert (data["status"], data["changed"], data["previous"]) == ("partial", False, None)
    assert data["history"][-1]["note"] == "CIFAR only; no ImageNet GPUs"


def test_replicated_with_open_claims_warns_but_is_allowed(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    cli("result", PAPER, "top5-error-imagenet", "4.2")
    code, out, err = cli("status", PAPER, "replicated")
    assert code == 0
    assert out == f"{PAPER}: queued -> replicated. It counts toward your goal.\n"
    assert err == (f"warning: {PAPER} is marked replicated with 1 claim pending "
                   "(top1-acc-cifar10) and 1 claim not-reproduced (top5-error-imagenet); "
                   "record your numbers with 'replicate result', or mark it partial.\n")
    cli("result", PAPER, "top5-error-imagenet", "3.5")
    cli("result", PAPER, "top1-acc-cifar10", "93.5")
    code, out, err = cli("status", PAPER, "replicated", "--note", "all claims hold")
    assert (code, err) == (0, "")
    assert out == f"{PAPER}: still replicated; note added.\n"
