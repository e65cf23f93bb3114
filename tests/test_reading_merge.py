"""Suggestions merged into records, and how `show --json` reports where each claim came from."""

from __future__ import annotations

import json
from pathlib import Path

from pdfs import make_pdf

from replicate import reading, record
from replicate.record import Claim, Hyperparameter, Paper

ABSTRACT = ("We propose the Transformer. Our model achieves 28.4 BLEU on the WMT 2014 "
            "English-to-German translation task.")
PAGE2 = ("5 Training\nWe used the Adam optimizer with β1 = 0.9 and a dropout rate of 0.1.\n"
         "6 Results\nOur big model reaches 41.8 BLEU on WMT 2014 English-to-French.")


def test_a_record_without_fingerprints_is_the_users_and_is_only_filled_in() -> None:
    """A hand-written record (or one whose fingerprints were lost) keeps every value."""
    paper = Paper(arxiv_id="1706.03762", version=5, title="Attention Is All You Need",
                  claims=[Claim("bleu-wmt-2014-english-german", "BLEU", 28.0, origin="paper",
                                dataset="WMT 2014 English-German")],
                  hyperparameters=[Hyperparameter("dropout", "0.3")],
                  datasets=["my dataset"])
    found = reading.extract([f"A Paper\nAbstract\n{ABSTRACT}\n1 Introduction\nText.", PAGE2],
                            version=5)
    assert {c.key for c in found.claims} >= {"bleu-wmt-2014-english-german"}
    notes = reading.apply(paper, found)
    claims = {c.key: c for c in paper.claims}
    assert claims["bleu-wmt-2014-english-german"].value == 28.0  # not replaced by 28.4
    assert {h.name: h.value for h in paper.hyperparameters}["dropout"] == "0.3"
    assert paper.datasets == ["my dataset"]
    assert paper.sections == found.sections and paper.sections  # empty before: filled in
    assert any(c.value == 41.8 for c in paper.claims)  # a new suggestion is added
    assert any("kept your edited claim" in n for n in notes)
    # the next reread, now with fingerprints, keeps them too
    reading.apply(paper, found)
    assert paper.extracted and paper.datasets == ["my dataset"]
    assert {c.key: c for c in paper.claims}["bleu-wmt-2014-english-german"].value == 28.0


def test_show_json_says_where_each_claim_was_found(cli, online, workspace: Path) -> None:
    pdf = make_pdf([f"Attention Is All You Need\nAlice Example\nAbstract\n{ABSTRACT}\n"
                    "1 Introduction\nText.", PAGE2], stamp="arXiv:1706.03762v5 [cs.CL] 6 Dec 2017")
    online.add_paper("1706.03762", 5, title="Attention Is All You Need", abstract=ABSTRACT,
                     pdf=pdf)
    assert cli("add", "1706.03762")[0] == 0
    data = json.loads(cli("show", "1706.03762", "--json")[1])
    first = data["claims"][0]
    for key in ("key", "metric", "value", "unit", "dataset", "table", "page", "source", "from",
                "version"):
        assert key in first, key
    assert (first["value"], first["from"], first["table"]) == (28.4, "abstract", None)
    assert [c["from"] for c in data["claims"] if c["value"] == 41.8] == ["text"]
    for h in data["hyperparameters"]:
        assert {"name", "value", "number", "source", "page", "section"} <= set(h)
    repo = record.find(workspace / "papers", "1706.03762")
    assert 'found_in = "abstract"' in (repo / "paper.toml").read_text()
