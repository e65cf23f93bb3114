"""Statuses, claims, results and the ledger, through the real CLI over real paper repos."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from replicate import baselines, ledger, record, scaffold, settings
from replicate.record import Claim, Paper, StatusChange

T0 = "2026-01-01T09:00:00+00:00"


def make_paper(workspace: Path, arxiv_id: str = "1512.03385", *, added: str = T0,
               status: str = "queued", claims: list[Claim] | None = None,
               title: str = "Deep Residual Learning") -> Path:
    paper = Paper(arxiv_id=arxiv_id, version=1, title=title, added=added, status=status,
                  history=[StatusChange(status, added)], claims=claims or [])
    return scaffold.build(paper, workspace / "papers")


def resnet_claims() -> list[Claim]:
    return [
        Claim("top5-error-imagenet", "top-5 error", 3.57, unit="%", dataset="ImageNet",
              lower_is_better=True, origin="paper", source="Table 4", page=6),
        Claim("top1-acc-cifar10", "accuracy", 93.57, unit="%", dataset="CIFAR-10",
              origin="paper", tolerance="0.5"),
    ]


def git_log(repo: Path) -> list[str]:
    return subprocess.run(["git", "log", "--format=%s"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.splitlines()


def show(cli, paper_id: str) -> dict:
    code, out, err = cli("show", paper_id, "--json")
    assert code == 0, err
    return json.loads(out)


# -- status -------------------------------------------------------------------------------


def test_status_changes_are_kept_and_committed(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    code, out, err = cli("status", "1512.03385", "reading")
    assert code == 0, err
    assert out == "1512.03385: queued -> reading.\n"
    code, out, _ = cli("status", "arXiv:1512.03385", "replicated")
    assert "counts toward your goal" in out
    data = show(cli, "1512.03385")
    assert data["status"] == "replicated"
    assert [h["state"] for h in data["history"]] == ["queued", "reading", "replicated"]
    assert all(datetime.fromisoformat(h["at"]).tzinfo for h in data["history"])
    assert git_log(repo)[:2] == ["Status: reading -> replicated", "Status: queued -> reading"]
    assert "1 replicated" in (workspace / "LEDGER.md").read_text()


def test_same_status_again_changes_nothing(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    code, out, _ = cli("status", "1512.03385", "queued")
    assert code == 0 and "already queued; nothing changed" in out
    assert len(git_log(repo)) == 1


@pytest.mark.parametrize(
    "args, message, exit_code",
    [
        (("status", "1512.03385", "complete"),
         "error: unknown state 'complete'; use one of: queued, reading, implementing, "
         "experimenting, replicated, partial, not-reproduced, abandoned, or done for the one "
         "the claims give.\n", 2),
        (("status", "1706.03762", "reading"),
         "error: 1706.03762 is not in the workspace", 1),
        (("status", "nonsense", "reading"),
         "error: no paper in the workspace matches 'nonsense'; see 'replicate list'", 1),
        (("claim", "1512.03385", "--metric", "BLEU", "--value", "high"),
         "error: --value must be a number, not 'high'.\n", 2),
        (("claim", "1512.03385", "--metric", "BLEU", "--value", "1", "--tolerance", "lots"),
         "error: tolerance must be a number such as 0.5 or a percentage such as 2%, not "
         "'lots'.\n", 2),
        (("claim", "1512.03385", "--metric", "BLEU"),
         "error: a new claim needs --value, e.g. --metric 'top-1 accuracy' --value 76.1.\n", 2),
        (("result", "1512.03385", "top5-error-imagenet", "n/a"),
         "error: the reproduced value must be a number, not 'n/a'.\n", 2),
        (("result", "1512.03385", "bleu", "3"),
         "error: 1512.03385 has no claim 'bleu'; its claims are: top5-error-imagenet, "
         "top1-acc-cifar10.\n", 1),
    ],
)
def test_bad_input_is_one_sentence_and_changes_nothing(cli, workspace: Path, args, message,
                                                        exit_code) -> None:
    """A malformed command line is a usage error (exit 2); a paper or claim that is not
    there is the user's to fix (exit 1). Either way one line, and nothing changes."""
    repo = make_paper(workspace, claims=resnet_claims())
    before = (repo / "paper.toml").read_text()
    code, out, err = cli(*args)
    assert code == exit_code
    assert err.startswith(message) and err.count("\n") == 1
    assert (repo / "paper.toml").read_text() == before
    assert len(git_log(repo)) == 1


# -- claims and results ---------------------------------------------------------------------


def test_user_claims_get_stable_unique_keys(cli, workspace: Path) -> None:
    make_paper(workspace)
    for _ in range(2):
        code, out, err = cli("claim", "1512.03385", "--metric", "top-1 accuracy", "--value",
                             "78.6", "--dataset", "ImageNet", "--unit", "%")
        assert code == 0, err
    claims = show(cli, "1512.03385")["claims"]
    assert [c["key"] for c in claims] == ["top-1-accuracy-imagenet", "top-1-accuracy-imagenet-2"]
    assert claims[0]["source"] == "user" and claims[0]["verdict"] == "pending"
    assert claims[0]["tolerance"] == "2%"


def test_results_from_the_command_and_the_notebook_file(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    code, out, err = cli("result", "1512.03385", "top5-error-imagenet", "3.6")
    assert code == 0, err
    assert json.loads((repo / "results" / "reproduced.json").read_text()) == {
        "top5-error-imagenet": 3.6}
    assert git_log(repo)[0] == "Result top5-error-imagenet: 3.6"
    # The notebook merges its numbers into the same file.
    (repo / "results" / "reproduced.json").write_text(
        json.dumps({"top5-error-imagenet": 3.6, "top1-acc-cifar10": 92.9}))
    claims = {c["key"]: c for c in show(cli, "1512.03385")["claims"]}
    assert claims["top1-acc-cifar10"]["reproduced"] == 92.9
    assert claims["top1-acc-cifar10"]["verdict"] == "not-reproduced"
    assert claims["top5-error-imagenet"]["verdict"] == "reproduced"
    for key in ("key", "metric", "value", "dataset", "tolerance", "reproduced", "verdict",
                "human", "source"):
        assert key in claims["top1-acc-cifar10"]


@pytest.mark.parametrize(
    "value, lower, tolerance, mine, verdict, gap",
    [
        (76.0, False, "1", 75.1, "reproduced", -0.9),       # within an absolute tolerance
        (76.0, False, "1", 74.9, "not-reproduced", -1.1),   # just outside it
        (76.0, False, "0", 77.0, "reproduced", 1.0),        # better than the paper
        (76.0, False, "2%", 74.5, "reproduced", -1.5),      # 2% of 76 is 1.52
        (76.0, False, "2%", 74.4, "not-reproduced", -1.6),
        (3.57, True, "0.1", 3.65, "reproduced", -0.08),     # lower is better: a bit worse
        (3.57, True, "0.1", 3.70, "not-reproduced", -0.13),
        (3.57, True, "0", 3.2, "reproduced", 0.37),         # lower is better: better
        (3.57, True, "0", None, "pending", None),
    ],
)
def test_verdicts_on_both_sides_of_the_tolerance(value, lower, tolerance, mine, verdict,
                                                 gap) -> None:
    claim = Claim("k", "m", value, lower_is_better=lower)
    outcome, signed = ledger.verdict(claim, mine, ledger.Tolerance.parse(tolerance))
    assert outcome == verdict
    assert signed == (None if gap is None else pytest.approx(gap))


def test_workspace_default_tolerance_comes_from_the_config(cli, workspace: Path) -> None:
    (workspace / "replicate.toml").write_text('[ledger]\ntolerance = "0.1"\n')
    make_paper(workspace, claims=[Claim("acc", "accuracy", 90.0, dataset="X")])
    cli("result", "1512.03385", "acc", "89.85")
    (claim,) = show(cli, "1512.03385")["claims"]
    assert claim["tolerance"] == "0.1" and claim["verdict"] == "not-reproduced"


def test_human_baselines_are_matched_and_sourced(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    cli("claim", "1512.03385", "--metric", "F1", "--value", "88.5", "--dataset", "SQuAD v1.1")
    cli("claim", "1512.03385", "--metric", "BLEU", "--value", "28.4", "--dataset", "WMT14")
    cli("claim", "1512.03385", "--metric", "accuracy", "--value", "99", "--dataset", "MyData",
        "--human", "97.5")
    claims = {c["key"]: c for c in show(cli, "1512.03385")["claims"]}
    assert claims["top5-error-imagenet"]["human"] == 5.1
    assert "arXiv:1409.0575" in claims["top5-error-imagenet"]["human_source"]
    assert claims["f1-squad-v11"]["human"] == 91.2
    assert claims["bleu-wmt14"]["human"] is None
    assert claims["accuracy-mydata"]["human"] == 97.5


def test_every_shipped_baseline_has_a_source() -> None:
    rows = baselines.table()
    assert len(rows) >= 10
    assert all(r.source and r.value > 0 for r in rows)
    assert baselines.match("Top-5 Error", "ILSVRC 2012").value == 5.1


# -- the ledger -----------------------------------------------------------------------------


def test_pace_and_eta_with_fixed_dates(workspace: Path) -> None:
    for i, state in enumerate(["replicated", "partial", "not-reproduced", "reading"]):
        make_paper(workspace, f"1512.0338{i}", status=state, added="2026-01-01T00:00:00+00:00")
    now = datetime(2026, 3, 2, tzinfo=timezone.utc)  # 60 days after the first add
    book = ledger.build(settings.load(workspace), now)
    assert book.finished == 3
    assert book.per_month == pytest.approx(3 / (60 / 30.44), abs=0.01)
    # 17 more at about 1.52 a month: 340 days from now.
    assert book.eta_min == "2027-02-05"
    assert book.eta_stretch > book.eta_min
    assert book.counts["reading"] == 1


def test_no_pace_before_anything_is_finished(workspace: Path) -> None:
    make_paper(workspace)
    book = ledger.build(settings.load(workspace))
    assert (book.per_month, book.eta_min, book.eta_stretch) == (0.0, None, None)


def test_ledger_json_has_goal_counts_pace_and_papers(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims(), added="2025-06-01T00:00:00+00:00")
    make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    cli("status", "1706.03762", "replicated")
    cli("result", "1512.03385", "top5-error-imagenet", "3.5")
    code, out, err = cli("ledger", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["goal"] == {"min": 20, "stretch": 50}
    assert data["finished"] == 1 and data["counts"]["replicated"] == 1
    assert set(data["pace"]) == {"per_month", "eta_min", "eta_stretch"}
    papers = {p["arxiv_id"]: p for p in data["papers"]}
    resnet = papers["1512.03385"]
    assert (resnet["claims_reproduced"], resnet["claims_total"]) == (1, 2)
    assert resnet["stuck"] is True and resnet["days_in_status"] > 30
    assert resnet["last_activity"][:10] == datetime.now(timezone.utc).date().isoformat()
    assert papers["1706.03762"]["title"] == "Attention Is All You Need"
    assert papers["1706.03762"]["added"] == T0


def test_ledger_table_marks_stuck_papers(cli, workspace: Path) -> None:
    make_paper(workspace, added="2025-01-01T00:00:00+00:00")
    code, out, _ = cli("ledger")
    assert code == 0
    assert "goal      [" in out and "0/20" in out and "0/50" in out
    assert "1512.03385" in out and "stuck" in out
    assert "nothing finished yet" in out


def test_empty_workspace_ledger_says_how_to_start(cli, workspace: Path) -> None:
    code, out, _ = cli("ledger")
    assert code == 0 and "add one with 'replicate add" in out


def test_each_export_format_parses_back(cli, workspace: Path, tmp_path: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    cli("result", "1512.03385", "top5-error-imagenet", "3.5")
    for fmt in ("md", "csv", "json", "html"):
        target = tmp_path / f"ledger.{fmt}"
        code, out, err = cli("ledger", "--format", fmt, "--output", str(target))
        assert code == 0, err
        assert f"Wrote the ledger ({fmt})" in out
    rows = list(csv.DictReader(io.StringIO((tmp_path / "ledger.csv").read_text())))
    assert rows[0]["arxiv_id"] == "1512.03385" and rows[0]["claims_reproduced"] == "1"
    assert json.loads((tmp_path / "ledger.json").read_text())["papers"][0]["claims_total"] == 2
    md = (tmp_path / "ledger.md").read_text()
    assert "| [1512.03385](https://arxiv.org/abs/1512.03385) |" in md
    assert ("| top5-error-imagenet | top-5 error (lower is better) | ImageNet | 3.57% | 3.5 "
            "| +0.07 | 5.1 | reproduced |") in md

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[str] = []
            self.tags: set[str] = set()

        def handle_starttag(self, tag, attrs) -> None:
            self.tags.add(tag)

        def handle_data(self, data) -> None:
            if data.strip():
                self.cells.append(data.strip())

    page = Cells()
    page.feed((tmp_path / "ledger.html").read_text())
    assert {"svg", "table", "rect"} <= page.tags
    assert "top5-error-imagenet" in page.cells and "5.1" in page.cells  # human figure
    assert "3.57%" in page.cells and "3.5" in page.cells and "+0.07" in page.cells
    assert any("arXiv:1409.0575" in cell for cell in page.cells)  # where 5.1 comes from
    assert "http" not in "".join(
        line for line in (tmp_path / "ledger.html").read_text().splitlines()
        if "<link" in line or "<script" in line)


def test_html_escapes_paper_text(cli, workspace: Path) -> None:
    make_paper(workspace, title="<script>alert(1)</script> & Friends")
    _, out, _ = cli("ledger", "--format", "html")
    assert "<script>alert" not in out and "&lt;script&gt;" in out


def test_html_renders_in_headless_chromium(cli, workspace: Path, tmp_path: Path) -> None:
    import browser

    if browser.chromium() is None:
        pytest.skip("no chromium on this machine")
    make_paper(workspace, claims=resnet_claims())
    page = tmp_path / "ledger.html"
    cli("ledger", "--format", "html", "--output", str(page))
    dom = browser.dump_dom(page, tmp_path / "profile")
    assert "Replication ledger" in dom and "<svg" in dom
    assert "top5-error-imagenet" in dom


def test_a_corrupt_or_missing_record_is_marked_and_named(cli, workspace: Path) -> None:
    good = make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    bad = make_paper(workspace)
    (bad / "paper.toml").write_text("title = [unclosed\n")
    gone = make_paper(workspace, "1412.06980", title="Adam")
    (gone / "paper.toml").unlink()
    code, out, err = cli("ledger")
    assert code == 0
    assert "Attention Is All" in out  # the title, cut to fit 80 columns
    assert f"warning: {bad / 'paper.toml'} is not valid TOML" in err
    assert f"warning: {gone / 'paper.toml'} is missing" in err
    data = json.loads(cli("ledger", "--json")[1])
    assert {p["arxiv_id"]: p["status"] for p in data["papers"]} == {
        "1412.06980": "unknown", "1512.03385": "unknown", "1706.03762": "queued"}
    assert record.load(good).title == "Attention Is All You Need"


# -- records edited by hand, results files, the cache ----------------------------------------


def test_a_broken_results_file_is_named_and_never_overwritten(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    results = repo / "results" / "reproduced.json"
    results.write_text('{"top5-error-imagenet": 3.6,')
    code, out, err = cli("ledger", "--json")
    assert code == 0
    assert f"warning: {results} is not valid JSON" in err
    (paper,) = json.loads(out)["papers"]
    assert paper["claims_total"] == 2 and paper["problem"].startswith(str(results))
    before = (repo / "paper.toml").read_text()
    code, _, err = cli("result", "1512.03385", "top1-acc-cifar10", "93.5")
    assert code == 1
    assert err.startswith(f"error: {results} is not valid JSON") and err.count("\n") == 1
    assert results.read_text() == '{"top5-error-imagenet": 3.6,'
    assert (repo / "paper.toml").read_text() == before and len(git_log(repo)) == 1


def test_results_file_nulls_are_pending_and_text_is_refused(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    results = repo / "results" / "reproduced.json"
    results.write_text('{"top5-error-imagenet": null}')
    (view, _) = show(cli, "1512.03385")["claims"]
    assert view["verdict"] == "pending"
    results.write_text('{"top5-error-imagenet": "3.6"}')
    code, _, err = cli("ledger")
    assert code == 0
    assert f"warning: {results} has 'top5-error-imagenet': \"3.6\", which is not a number" in err


def test_a_hand_edited_record_the_ledger_cannot_use_is_marked(cli, workspace: Path) -> None:
    make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    repo = make_paper(workspace, claims=resnet_claims())
    text = (repo / "paper.toml").read_text()
    (repo / "paper.toml").write_text(text.replace("value = 3.57", 'value = "3.57%"')
                                     .replace('status = "queued"', 'status = "done"'))
    code, out, err = cli("ledger", "--json")
    assert code == 0
    papers = {p["arxiv_id"]: p for p in json.loads(out)["papers"]}
    assert papers["1706.03762"]["problem"] is None
    assert papers["1512.03385"]["status"] == "unknown"
    assert papers["1512.03385"]["problem"] == (
        f"{repo / 'paper.toml'}: value of claim 'top5-error-imagenet' must be a finite number, "
        "not '3.57%'; fix the file.")
    assert err.count("warning: ") == 1 and str(repo / "paper.toml") in err
    (repo / "paper.toml").write_text(text.replace('status = "queued"', 'status = "done"'))
    problem = json.loads(cli("ledger", "--json")[1])["papers"][0]["problem"]
    assert "has status 'done', which is not one of queued" in problem


def test_the_ledger_follows_records_edited_after_it_ran(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    assert json.loads(cli("ledger", "--json")[1])["papers"][0]["title"] == (
        "Deep Residual Learning")
    paper = record.load(repo)
    paper.title = "Deep Residual Learning for Image Recognition"
    record.save(repo, paper)
    assert json.loads(cli("ledger", "--json")[1])["papers"][0]["title"] == paper.title
    (repo / "paper.toml").write_text("oops = [\n")
    code, out, err = cli("ledger", "--json")
    assert json.loads(out)["papers"][0]["status"] == "unknown"
    assert "is not valid TOML" in err


def test_goals_already_met_show_the_day_they_were_met(workspace: Path) -> None:
    (workspace / "replicate.toml").write_text("[goal]\nmin = 2\nstretch = 4\n")
    for i, day in enumerate(["2026-01-10", "2026-01-20", "2026-02-01"]):
        repo = make_paper(workspace, f"1512.0338{i}", added="2026-01-01T00:00:00+00:00")
        paper = record.load(repo)
        paper.status = "replicated"
        paper.history.append(StatusChange("replicated", f"{day}T12:00:00+00:00"))
        record.save(repo, paper)
    book = ledger.build(settings.load(workspace), datetime(2026, 3, 2, tzinfo=timezone.utc))
    assert book.eta_min == "2026-01-20"  # the second paper finished
    assert book.eta_stretch == "2026-03-22"  # one more at 1.52 a month: 20 days on
    rows = {r.arxiv_id: r for r in book.papers}
    assert rows["1512.03380"].days_in_status == 50 and not rows["1512.03380"].stuck


def test_days_in_status_count_from_entering_it(cli, workspace: Path) -> None:
    make_paper(workspace, added="2026-01-01T00:00:00+00:00")
    s = settings.load(workspace)
    from replicate import tracking

    tracking.set_status(s, "1512.03385", "reading", now=datetime(2026, 1, 5, tzinfo=timezone.utc))
    tracking.set_status(s, "1512.03385", "Not reproduced",
                        now=datetime(2026, 2, 5, tzinfo=timezone.utc))
    (row,) = ledger.build(s, datetime(2026, 2, 15, tzinfo=timezone.utc)).papers
    assert (row.status, row.days_in_status, row.status_since) == (
        "not-reproduced", 10, "2026-02-05T00:00:00+00:00")
    code, out, _ = cli("status", "1512.03385")
    assert code == 0
    assert out.splitlines() == [
        "1512.03385: not-reproduced",
        "  2026-01-01T00:00:00+00:00  queued",
        "  2026-01-05T00:00:00+00:00  reading",
        "  2026-02-05T00:00:00+00:00  not-reproduced",
    ]


def test_an_output_that_cannot_be_written_is_one_sentence(cli, workspace: Path) -> None:
    (workspace / "afile").write_text("x")
    code, out, err = cli("ledger", "--format", "csv", "--output", "afile/ledger.csv")
    assert code == 1 and out == ""
    assert err.startswith("error: cannot write afile/ledger.csv (") and err.count("\n") == 1


@pytest.mark.parametrize(
    "metric, dataset, human",
    [
        ("top-5 error rate", "ILSVRC-2012", 5.1),
        ("Top-5 Acc", "ImageNet", 94.9),
        ("exact match", "SQuAD 1.1", 82.3),
        ("F1", "SQuAD 2.0", 89.5),
        ("average score", "Atari Breakout", 31.8),
        ("score", "ALE/Pong", 9.3),
        ("mean score", "Ms. Pacman", 15693),
        ("WER", "SWB", 5.1),  # Saon et al. come first in the table, Xiong et al. after
        ("word error rate", "test-other", 12.69),
        ("accuracy", "MultiNLI matched", 92.0),
        ("test error", "MNIST", 0.2),
        ("BLEU", "WMT14 en-de", None),
        ("top-5 error", "", None),
        ("score", "Alien", None),
    ],
)
def test_baseline_names_are_matched_loosely_but_not_guessed(metric, dataset, human) -> None:
    found = baselines.match(metric, dataset)
    assert (found.value if found else None) == human


def test_the_record_cache_gives_the_same_ledger_as_parsing(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    cli("result", "1512.03385", "top5-error-imagenet", "3.5")
    s = settings.load(workspace)
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    parsed = ledger.build(s, now, use_cache=False).to_dict()
    ledger.build(s, now)  # fills the cache
    assert list((s.cache_dir / "ledger").glob("records-*.json"))
    assert ledger.build(s, now).to_dict() == parsed
