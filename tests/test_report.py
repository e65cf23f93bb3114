"""`replicate report`: REPORT.md in the ML Reproducibility Challenge's shape, metadata.yaml
for ReScience C, and the paper's overall verdict wherever papers are shown."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import yaml
from runnable import EVALUATION, KEY, set_cell
from test_ledger import git_log, make_paper, resnet_claims
from test_sync import committed_files, git, region

from replicate import scaffold
from replicate.record import Claim, Hyperparameter, Paper

PAPER = "1512.03385"
TITLE = "Deep Residual Learning for Image Recognition"

# REPORT.md as the templates wrote it before the report took the MLRC shape.
OLD_REPORT = """# Replication report: Deep Residual Learning

arXiv:1512.03385v1

## What the paper claims

<!-- replicate:claims -->
<!-- /replicate:claims -->

## What I reproduced

CIFAR-10 only: 93.4 after five seeds.

## What differed, and why I think it did

The learning-rate warmup is not in the paper.

I asked the authors; no answer yet.

## Compute

<!-- replicate:compute -->
<!-- /replicate:compute -->

Trained on my own GPU at night.

## Plots

![loss](loss.png)
"""


def report_of(repo: Path) -> str:
    return (repo / "REPORT.md").read_text()


def metadata(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def headings(text: str) -> list[str]:
    return re.findall(r"^#+ .*$", text, re.M)


def section(text: str, heading: str) -> str:
    """The text under `heading` up to the next heading."""
    start = text.index(heading + "\n") + len(heading) + 1
    nxt = re.search(r"^#", text[start:], re.M)
    return text[start:start + nxt.start()] if nxt else text[start:]


def commit_all(repo: Path, message: str = "My words") -> None:
    git(repo, "commit", "-qam", message)


def resnet(workspace: Path) -> Path:
    """A paper with the authors' code, hyperparameters, the paper's compute and two claims:
    one the notebook computes from its seed, one recorded by hand."""
    paper = Paper(arxiv_id=PAPER, version=1, title=TITLE, authors=["Kaiming He", "Jian Sun"],
                  published="2015-12-10T00:00:00Z", primary_category="cs.CV",
                  added="2026-01-01T00:00:00+00:00",
                  official_code="https://github.com/KaimingHe/deep-residual-networks",
                  datasets=["CIFAR-10", "ImageNet"], compute=["8 GPUs, 2 weeks"],
                  hyperparameters=[Hyperparameter("learning rate", "0.1", page=4,
                                                  section="4.2"),
                                   Hyperparameter("batch size", "128")],
                  claims=[Claim(KEY, "accuracy", 90.3, unit="%", dataset="CIFAR-10",
                                origin="paper", tolerance="0.5"),
                          Claim("top5-error-imagenet", "top-5 error", 3.57, unit="%",
                                dataset="ImageNet", lower_is_better=True, origin="paper")])
    repo = scaffold.build(paper, workspace / "papers")
    set_cell(repo, "evaluation", EVALUATION)
    return repo


def test_the_report_says_what_was_tested_how_and_what_came_out(cli, workspace: Path) -> None:
    repo = resnet(workspace)
    notes = repo / "NOTES.md"
    notes.write_text(notes.read_text().replace("- [ ] learning rate", "- [x] learning rate")
                     + "\nThe shortcut is option A (zero padding) on CIFAR.\n\n"
                     "### Open questions\n\nWhy 164 layers?\n")
    commit_all(repo, "Notes")
    notes_before = notes.read_bytes()
    assert cli("run", PAPER, "--seeds", "0-1")[0] == 0
    assert cli("result", PAPER, "top5-error-imagenet", "4.2")[0] == 0

    code, out, err = cli("report", PAPER)

    assert code == 0, err
    text = report_of(repo)
    assert headings(text) == [
        f"# Replication report: {TITLE}", "## Scope of reproducibility", "## Methodology",
        "### From my reading notes", "#### Open questions", "### Computational requirements",
        "## Results",
        "### What I reproduced", "## Discussion", "### What differed, and why I think it did",
        "### What was easy", "### What was difficult",
        "### Communication with the original authors", "## Code completeness"]
    assert "- accuracy on CIFAR-10: 90.3% (`top1-acc-cifar10`)\n" in region(text, "scope")
    assert ("- top-5 error on ImageNet: 3.57% (lower is better) (`top5-error-imagenet`)\n"
            in region(text, "scope"))
    method = region(text, "methodology")
    assert "- The authors' code: https://github.com/KaimingHe/deep-residual-networks\n" in method
    assert "- Datasets: CIFAR-10, ImageNet\n" in method
    assert "| learning rate ✓ | 0.1 | 4.2, p. 4 |\n| batch size | 128 |  |\n" in method
    assert region(text, "notes") == ("\nThe shortcut is option A (zero padding) on CIFAR.\n\n"
                                     "#### Open questions\n\nWhy 164 layers?\n")
    compute = region(text, "compute")
    assert "| paper | 8 GPUs, 2 weeks | |" in compute
    assert re.search(r"\| mine \| CPU \| 2 runs, [\d.]+ (s|min) wall \|", compute)
    results = region(text, "claims")
    assert "**Overall: partial: 1 of 2 claims reproduced.**" in results
    assert ("| `top1-acc-cifar10` | accuracy | CIFAR-10 | 90.3% | 90.5 ± 0.707 (n=2) | "
            "reproduced | 94 |") in results
    assert ("| `top5-error-imagenet` | top-5 error | ImageNet | 3.57% | 4.2 | not-reproduced | "
            "5.1 |") in results
    assert "Human-level figures: Karpathy, Lessons learned" in results
    assert "; Russakovsky et al., ImageNet Large Scale" in results
    checklist = region(text, "checklist")
    assert "The ML Code Completeness Checklist, checked on this repository: 1/5." in checklist
    assert "- ✗ training: the training cell of notebooks/replication.ipynb is still a stub" in (
        checklist)
    assert out.startswith(f"{PAPER}: {repo / 'REPORT.md'} and metadata.yaml committed "
                          "(partial: 1 of 2 claims reproduced).\n")
    assert git_log(repo)[0] == "Report: REPORT.md, metadata.yaml"
    assert committed_files(repo) == ["REPORT.md", "metadata.yaml"]
    assert git(repo, "status", "--porcelain") == ""
    assert notes.read_bytes() == notes_before  # NOTES.md is only read

    code, out, err = cli("report", PAPER)
    assert (code, err) == (0, "")
    assert out == (f"The report of {PAPER} is up to date; nothing changed (partial: 1 of 2 "
                   "claims reproduced).\n")


def test_prose_stays_through_two_regenerations(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    assert cli("report", PAPER)[0] == 0
    text = report_of(repo)
    prose = {"### What was easy": "The code ran as published.",
             "### What was difficult": "ImageNet does not fit my disk.",
             "### Communication with the original authors": "One e-mail, answered in a day.",
             "### What differed, and why I think it did": "Augmentation differs."}
    for heading, words in prose.items():
        text = text.replace(heading + "\n", f"{heading}\n\n{words}\n")
    (repo / "REPORT.md").write_text(text + "\n## Appendix\n\nMy own closing section.\n")
    commit_all(repo)

    assert cli("result", PAPER, "top1-acc-cifar10", "93.4±0.2", "--n", "5")[0] == 0
    assert cli("report", PAPER)[0] == 0
    (repo / "REPORT.md").write_text(report_of(repo).replace(
        "One e-mail, answered in a day.", "One e-mail, answered in a day. Then silence."))
    assert cli("result", PAPER, "top5-error-imagenet", "3.5")[0] == 0
    code, _, err = cli("report", PAPER)

    assert (code, err) == (0, "")
    text = report_of(repo)
    for heading, words in prose.items():
        assert section(text, heading).strip().startswith(words), heading
    assert "Then silence." in section(text, "### Communication with the original authors")
    assert text.endswith("## Appendix\n\nMy own closing section.\n")
    assert "**Overall: reproduced: 2 of 2 claims reproduced.**" in text
    assert "| 93.57% | 93.4 ± 0.2 (n=5) | reproduced | 94 |" in text
    # The user's uncommitted words went into the report's commit, as they stand.
    assert "Then silence." in git(repo, "show", "HEAD:REPORT.md")
    assert git(repo, "status", "--porcelain") == ""


def test_a_report_of_the_earlier_shape_keeps_every_word(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    (repo / "REPORT.md").write_text(OLD_REPORT)
    commit_all(repo, "A report of the earlier template")

    # Until it is reshaped, its claims and compute follow the record, without a warning.
    code, _, err = cli("result", PAPER, "top1-acc-cifar10", "93.5")
    assert (code, err) == (0, "")
    text = report_of(repo)
    assert "| 93.57% | 93.5 | reproduced |" in region(text, "claims")
    assert "## What I reproduced\n\nCIFAR-10 only" in text and "scope" not in regions_of(text)

    code, out, err = cli("report", PAPER, "--json")

    assert (code, err) == (0, ""), err
    data = json.loads(out)
    assert data["reshaped"] is True and data["changed"] is True
    text = report_of(repo)
    assert regions_of(text) == ["scope", "methodology", "compute", "claims", "checklist"]
    assert section(text, "### What I reproduced").strip() == \
        "CIFAR-10 only: 93.4 after five seeds."
    assert section(text, "### What differed, and why I think it did").strip() == (
        "The learning-rate warmup is not in the paper.\n\nI asked the authors; no answer yet.")
    assert "<!-- /replicate:compute -->\n\nTrained on my own GPU at night.\n\n## Results" in text
    assert text.endswith("## Kept from the earlier report\n\n### Plots\n\n![loss](loss.png)\n")
    assert text.count("arXiv:1512.03385v1") == 1
    assert git_log(repo)[0] == ("Report: REPORT.md, metadata.yaml (REPORT.md in the ML "
                                "Reproducibility Challenge's shape, your text kept)")
    # From then on it is a report of the current shape: regenerating changes nothing.
    data = json.loads(cli("report", PAPER, "--json")[1])
    assert (data["changed"], data["reshaped"]) == (False, False)


def regions_of(text: str) -> list[str]:
    from replicate import regions

    return list(regions.find(text))


def test_a_report_whose_markers_are_gone_is_left_alone(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    text = report_of(repo).replace("<!-- /replicate:scope -->\n", "")
    (repo / "REPORT.md").write_text(text)
    commit_all(repo)
    code, out, err = cli("report", PAPER)
    assert (code, out) == (1, "")
    assert err == ("error: REPORT.md has lost the markers of its owned region "
                   "(replicate:scope), so it cannot be regenerated; put them back (see a new "
                   "paper's file) to keep it in step with the record.\n")
    assert report_of(repo) == text and not (repo / "metadata.yaml").exists()


def test_output_writes_elsewhere_and_commits_nothing(cli, workspace: Path,
                                                   tmp_path: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    (repo / "REPORT.md").write_text(report_of(repo).replace(
        "### What was easy\n", "### What was easy\n\nEverything but the data.\n"))
    commit_all(repo)
    head = git_log(repo)
    target = tmp_path / "mlrc" / "resnet.md"
    target.parent.mkdir()

    code, out, err = cli("report", PAPER, "--output", str(target))

    assert code == 0, err
    assert out.startswith(f"{PAPER}: {target} and metadata.yaml written (")
    assert "Everything but the data." in section(target.read_text(), "### What was easy")
    assert metadata(target.parent / "metadata.yaml")["type"] == "Replication"
    assert git_log(repo) == head and not (repo / "metadata.yaml").exists()
    # The file written is where the prose is kept from next time.
    target.write_text(target.read_text().replace("Everything but", "All but"))
    assert cli("result", PAPER, "top1-acc-cifar10", "93.5")[0] == 0
    data = json.loads(cli("report", PAPER, "-o", str(target), "--json")[1])
    assert data["commit"] is None
    assert data["files"] == [str(target), str(target.parent / "metadata.yaml")]
    assert "All but the data." in target.read_text()
    assert "| 93.5 | reproduced |" in target.read_text()
    # A folder is not a file to write: one usage line, nothing written.
    assert cli("report", PAPER, "-o", str(target.parent)) == (
        2, "", f"error: --output {target.parent} is a folder; name the report's file, e.g. "
               f"{target.parent / 'REPORT.md'}.\n")


def test_metadata_follows_rescience_and_the_verdict(cli, workspace: Path) -> None:
    repo = resnet(workspace)
    meta = repo / "metadata.yaml"

    code, _, err = cli("report", PAPER)
    assert code == 0
    assert err == (f"warning: {PAPER} has no verdict yet: 2 claims, none measured; the title "
                   "gets its [Re] or [¬Re] once a central claim has your number\n")
    data = metadata(meta)
    assert data["title"] == TITLE
    assert data["type"] == "Replication"
    assert data["replication"] == [
        {"cite": f"Kaiming He, Jian Sun. {TITLE}. arXiv:1512.03385v1, 2015."},
        {"bib": "he2015deep"}, {"url": "https://arxiv.org/pdf/1512.03385v1"},
        {"doi": "10.48550/arXiv.1512.03385"}]
    assert data["code"] == [{"url": None}, {"doi": None}, {"swh": None}]
    assert data["authors"] == [{"name": "Test User", "orcid": None,  # git's identity
                                "email": "test@example.org", "affiliations": "1,*"}]
    assert (data["domain"], data["language"]) == ("Computer Vision", "Python")
    assert data["bibliography"] == "CITATION.bib"

    # The user completes it; the verdict and the published code come later.
    meta.write_text(meta.read_text().replace("abstract: null", 'abstract: "We re-ran ResNet."')
                    .replace('domain: "Computer Vision"', 'domain: "Deep Learning"'))
    commit_all(repo)
    assert cli("result", PAPER, "top5-error-imagenet", "5.0")[0] == 0
    record = repo / "paper.toml"
    record.write_text('published_url = "git@github.com:me/resnet.git"\n' + record.read_text())
    assert cli("sync", PAPER)[0] == 0
    code, _, err = cli("report", PAPER)
    assert (code, err) == (0, "")
    data = metadata(meta)
    assert data["title"] == f"[¬Re] {TITLE}"
    assert data["code"][0] == {"url": "https://github.com/me/resnet"}
    assert (data["abstract"], data["domain"]) == ("We re-ran ResNet.", "Deep Learning")

    assert cli("run", PAPER, "--seeds", "0")[0] == 0  # 90.0 against 90.3 ± 0.5: reproduced
    cli("report", PAPER)
    assert metadata(meta)["title"] == f"[Re] {TITLE}"  # partial: some central claims held
    assert cli("claim", PAPER, "--edit", "top5-error-imagenet", "--not-central")[0] == 0
    data = json.loads(cli("report", PAPER, "--json")[1])
    assert (data["verdict"], data["title"]) == ("reproduced", f"[Re] {TITLE}")
    assert data["summary"] == "reproduced: 1 of 1 central claim reproduced"


def test_json_says_what_was_written(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    cli("result", PAPER, "top1-acc-cifar10", "93.5")
    code, out, err = cli("report", PAPER, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == {
        "arxiv_id": PAPER, "path": str(repo), "changed": True,
        "report": str(repo / "REPORT.md"), "metadata": str(repo / "metadata.yaml"),
        "files": ["metadata.yaml"],  # REPORT.md has followed the record all along
        "commit": git(repo, "rev-parse", "HEAD").strip(), "verdict": "partial",
        "summary": "partial: 1 of 2 claims reproduced, 1 pending",
        "title": "[Re] Deep Residual Learning", "reshaped": False, "warnings": []}


def test_an_unknown_paper_is_one_sentence(cli, workspace: Path) -> None:
    make_paper(workspace)
    code, out, err = cli("report", "1706.03762")
    assert (code, out) == (1, "")
    assert err.startswith("error: 1706.03762 is not in the workspace") and err.count("\n") == 1


# -- the paper's verdict everywhere -----------------------------------------------------------


def test_the_verdict_in_show_and_the_ledger(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    cli("result", PAPER, "top1-acc-cifar10", "93.5")
    cli("result", PAPER, "top5-error-imagenet", "4.5")

    data = json.loads(cli("show", PAPER, "--json")[1])
    assert data["verdict"] == "partial"
    assert [c["central"] for c in data["claims"]] == [True, True]
    assert cli("claim", PAPER, "--edit", "top1-acc-cifar10", "--central")[0] == 0
    assert 'central = true' in (repo / "paper.toml").read_text()
    data = json.loads(cli("show", PAPER, "--json")[1])
    assert data["verdict"] == "reproduced"
    assert [c["central"] for c in data["claims"]] == [False, True]
    out = cli("show", PAPER)[1]
    assert "Verdict: reproduced: 1 of 1 central claim reproduced\n" in out
    assert "  top1-acc-cifar10 (central): accuracy on CIFAR-10" in out

    assert "1/2 (reproduced)" in cli("ledger")[1]
    [row] = json.loads(cli("ledger", "--json")[1])["papers"]
    assert row["verdict"] == "reproduced"
    [line] = csv.DictReader(io.StringIO(cli("ledger", "--format", "csv")[1]))
    assert line["verdict"] == "reproduced"
    md = (workspace / "LEDGER.md").read_text()
    assert "| 1/2 | reproduced |" in md and "| top1-acc-cifar10 (central) |" in md
    html = cli("ledger", "--format", "html")[1]
    assert '<td class="reproduced">reproduced</td>' in html
    assert cli("site")[0] == 0
    page = (workspace / "site" / "papers" / f"{repo.name}.html").read_text()
    assert "verdict: <span class=\"verdict verdict-reproduced\">✓ reproduced</span>" in page


def test_central_and_not_central_are_one_choice(cli, workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    code, _, err = cli("claim", PAPER, "--edit", "top1-acc-cifar10", "--central",
                       "--not-central")
    assert code == 2 and "not allowed with argument" in err
    code, _, err = cli("claim", PAPER, "--remove", "top1-acc-cifar10", "--not-central")
    assert (code, err) == (2, "error: --remove takes no other option; leave out "
                              "--not-central.\n")


def test_status_done_takes_the_state_the_claims_give(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    code, out, err = cli("status", PAPER, "done")
    assert (code, out) == (1, "")
    assert err == (f"error: {PAPER} has no verdict yet: 2 claims, none measured; record your "
                   "numbers with 'replicate result', or name the state, e.g. 'replicate status "
                   f"{PAPER} abandoned'.\n")

    cli("result", PAPER, "top1-acc-cifar10", "93.5")
    assert cli("status", PAPER)[1].splitlines()[0] == (
        f"{PAPER}: queued; its claims say partial ('replicate status {PAPER} done' marks it "
        "partial)")
    code, out, err = cli("status", PAPER, "not-reproduced")
    assert code == 0
    assert err == (f"warning: {PAPER} is marked not-reproduced, but its claims say partial: 1 "
                   f"of 2 claims reproduced, 1 pending; 'replicate status {PAPER} done' takes "
                   "the state they give.\n")
    code, out, err = cli("status", PAPER, "done", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["status"], data["previous"], data["verdict"]) == (
        "partial", "not-reproduced", "partial")
    assert git_log(repo)[0] == "Status: not-reproduced -> partial"

    cli("result", PAPER, "top5-error-imagenet", "3.5")
    code, out, err = cli("status", PAPER, "done")
    assert (code, out, err) == (0, f"{PAPER}: partial -> replicated.\n", "")
    code, out, _ = cli("status", PAPER, "done")
    assert out == f"{PAPER} is already replicated; nothing changed.\n"


def test_replicated_by_the_central_claims_warns_only_of_central_claims(cli,
                                                                      workspace: Path) -> None:
    make_paper(workspace, claims=resnet_claims())
    assert cli("claim", PAPER, "--edit", "top1-acc-cifar10", "--central")[0] == 0
    cli("result", PAPER, "top1-acc-cifar10", "93.5")

    # The verdict follows the central claim: done marks it replicated, with no warning
    # about the claim left out of it.
    assert cli("status", PAPER, "done") == (0, f"{PAPER}: queued -> replicated. It counts "
                                               "toward your goal.\n", "")
    cli("claim", PAPER, "--edit", "top5-error-imagenet", "--central")
    code, _, err = cli("status", PAPER, "replicated", "--note", "again")
    assert (code, err) == (0, f"warning: {PAPER} is marked replicated with 1 claim pending "
                              "(top5-error-imagenet); record your numbers with 'replicate "
                              "result', or mark it partial.\n")


def test_a_central_mark_is_the_users_and_survives_reread(workspace: Path) -> None:
    """Marking a suggestion central does not make it an edited claim: a new reading still
    updates its figure, and the mark stays."""
    from replicate import record as rec
    from replicate import settings, tracking
    from replicate.reading import Reading
    from replicate.reading.merge import apply

    repo = make_paper(workspace, claims=[])
    paper = rec.load(repo)
    apply(paper, Reading(claims=[Claim("bleu-wmt", "BLEU", 28.4, dataset="WMT",
                                       origin="paper")]))
    rec.save(repo, paper)
    tracking.edit_claim(settings.load(workspace), PAPER, "bleu-wmt", central=True)
    paper = rec.load(repo)
    apply(paper, Reading(claims=[Claim("bleu-wmt", "BLEU", 28.9, dataset="WMT",
                                       origin="paper")]))
    assert [(c.value, c.central) for c in paper.claims] == [(28.9, True)]
