"""Every id form a user may paste, and a table of malformed ones.

The tables follow arXiv's own identifier rules and the examples of its documentation
(https://info.arxiv.org/help/arxiv_identifier.html and arxiv_identifier_for_services).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from replicate.errors import InvalidId
from replicate.ids import ArxivId, id_or_path, parse

# arXiv's documented examples: the preferred external form, the internal one, versions.
ARXIV_DOCUMENTED = [
    ("arXiv:0706.0001", ArxivId("0706.0001")),
    ("arXiv:0706.0001v1", ArxivId("0706.0001", 1)),
    ("arXiv:0706.0001v2", ArxivId("0706.0001", 2)),
    ("0706.0001", ArxivId("0706.0001")),
    ("arXiv:1501.00001", ArxivId("1501.00001")),
    ("arXiv:1501.00001v1", ArxivId("1501.00001", 1)),
    ("9912.12345v2", ArxivId("9912.12345", 2)),
    ("arXiv:9912.12345v2", ArxivId("9912.12345", 2)),
    ("hep-th/9901001", ArxivId("hep-th/9901001")),
    ("hep-th/9901001v1", ArxivId("hep-th/9901001", 1)),
    ("arXiv:hep-th/9901001", ArxivId("hep-th/9901001")),
    ("math.CA/0611800v2", ArxivId("math/0611800", 2)),
    ("arXiv:math/0611800v2", ArxivId("math/0611800", 2)),
    ("math.GT/0309136", ArxivId("math/0309136")),
    # The stamp on a PDF's margin, and the citation form arXiv recommends.
    ("arXiv:0706.0001v1 [q-bio.CB] 1 Jun 2007", ArxivId("0706.0001", 1)),
    ("arXiv:0706.0001v1 [q-bio.CB]", ArxivId("0706.0001", 1)),
    ("arXiv:hep-th/9901001v1 [hep-th]", ArxivId("hep-th/9901001", 1)),
]

# The edges of each rule: first and last month of each form, digits, sequence numbers.
RULE_EDGES = [
    ("0704.0001", ArxivId("0704.0001")),  # the first new-style id (April 2007)
    ("1412.9999", ArxivId("1412.9999")),  # the last four-digit month
    ("1501.00001", ArxivId("1501.00001")),  # the first five-digit month
    ("hep-th/9108001", ArxivId("hep-th/9108001")),  # August 1991, arXiv's first month
    ("math/0703001", ArxivId("math/0703001")),  # March 2007, the last old-style month
    ("quant-ph/9409001", ArxivId("quant-ph/9409001")),
    ("solv-int/9901001v1", ArxivId("solv-int/9901001", 1)),  # 'v' inside an archive name
    ("supr-con/9609004", ArxivId("supr-con/9609004")),
    ("2301.00001v12", ArxivId("2301.00001", 12)),
]

PASTED = [
    ("1706.03762", ArxivId("1706.03762")),
    ("1706.03762v5", ArxivId("1706.03762", 5)),
    ("arxiv:1706.03762v2", ArxivId("1706.03762", 2)),
    ("  arXiv: 1706.03762 \n", ArxivId("1706.03762")),
    ("https://arxiv.org/abs/1706.03762", ArxivId("1706.03762")),
    ("http://arxiv.org/abs/1706.03762v7", ArxivId("1706.03762", 7)),
    ("https://arxiv.org/abs/arXiv:1706.03762", ArxivId("1706.03762")),
    ("https://arxiv.org/pdf/1706.03762v5", ArxivId("1706.03762", 5)),
    ("https://arxiv.org/pdf/1706.03762v5.pdf", ArxivId("1706.03762", 5)),
    ("https://arxiv.org/pdf/1706.03762.pdf", ArxivId("1706.03762")),
    ("arxiv.org/pdf/1706.03762.pdf", ArxivId("1706.03762")),
    ("https://arxiv.org/ps/1706.03762", ArxivId("1706.03762")),
    ("https://arxiv.org/ps/hep-th/9901001v2", ArxivId("hep-th/9901001", 2)),
    ("https://export.arxiv.org/abs/1706.03762/", ArxivId("1706.03762")),
    ("arxiv.org/abs/2106.09685?context=cs", ArxivId("2106.09685")),
    ("1706.03762.pdf", ArxivId("1706.03762")),
    ("1706.03762v7.pdf", ArxivId("1706.03762", 7)),
    ("arXiv:math/0411343v1", ArxivId("math/0411343", 1)),
    ("https://arxiv.org/abs/hep-th/9901001v3", ArxivId("hep-th/9901001", 3)),
]


@pytest.mark.parametrize("text, expected", ARXIV_DOCUMENTED + RULE_EDGES + PASTED)
def test_every_identifier_arxiv_knows_parses(text: str, expected: ArxivId) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text, why",
    [
        ("", "not an arXiv id"),
        ("abc", "not an arXiv id"),
        ("1706.0376", "four-digit number"),  # four digits after 1412
        ("1706.037621", "not an arXiv id"),  # too long
        ("1713.03762", "no valid month"),
        ("1700.03762", "no valid month"),
        ("1412.12345", "five-digit number"),  # five digits before 1501
        ("1501.0001", "four-digit number"),  # four digits from 1501 on
        ("0612.1234", "from 0704 to 1412"),  # new-style before April 2007
        ("0703.0001", "from 0704 to 1412"),
        ("0704.0000", "numbers papers from 1"),
        ("1501.00000", "numbers papers from 1"),
        ("quant-ph/9409000", "numbers papers from 1"),
        ("hep-th/9107001", "from 9108 to 0703"),  # before arXiv began
        ("math/0704001", "from 9108 to 0703"),  # old style after the change
        ("stat/0601001", "names no arXiv archive"),  # stat only ever had new-style ids
        ("foo-bar/9901001", "names no arXiv archive"),
        ("1706.0376v", "not an arXiv id"),
        ("1706.03762v0", "version 0"),
        ("hep-th/990100", "not an arXiv id"),
        ("hep-th/9913001", "no valid month"),
        ("HEP-TH/990100x", "not an arXiv id"),
        ("https://example.com/abs/1706.03762", "not an arXiv id"),
        ("1706.03762 1512.03385", "not an arXiv id"),
        ("10.48550/arXiv.1706.03762", "not an arXiv id"),
        ("١٧٠٦.٠٣٧٦٢", "not an arXiv id"),  # Arabic-Indic digits
        ("１７０６.０３７６２", "not an arXiv id"),  # full-width digits
        ("arXiv:0706.0001v1 [q-bio.CB] yesterday", "not an arXiv id"),
    ],
)
def test_malformed_ids_are_rejected_with_the_text_named(text: str, why: str) -> None:
    with pytest.raises(InvalidId) as info:
        parse(text)
    message = str(info.value)
    assert f"'{text.strip()}'" in message and why in message


def test_long_input_is_quoted_cut_short() -> None:
    with pytest.raises(InvalidId) as info:
        parse("1706.03762" + "x" * 5000)
    message = str(info.value)
    assert len(message) < 200
    assert message.startswith("'1706.03762xxx") and "…'" in message


def test_control_characters_are_shown_escaped() -> None:
    with pytest.raises(InvalidId) as info:
        parse("1706.03762\x1b[31m")
    assert "\x1b" not in str(info.value) and "\\x1b" in str(info.value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1706.03762.pdf", ArxivId("1706.03762")),
        ("arxiv.org/pdf/1706.03762.pdf", ArxivId("1706.03762")),
        ("downloads/attention.pdf", Path("downloads/attention.pdf")),
        ("~/papers/1706.03762.pdf", Path("~/papers/1706.03762.pdf")),
        ("Scan.PDF", Path("Scan.PDF")),
    ],
)
def test_path_or_id_is_decided_by_the_id_grammar(text: str, expected: ArxivId | Path) -> None:
    assert id_or_path(text) == expected


def test_a_pdf_url_elsewhere_is_not_a_path() -> None:
    with pytest.raises(InvalidId):
        id_or_path("https://example.com/paper.pdf")


def test_versioned_and_slug_forms() -> None:
    aid = parse("hep-th/9901001v2")
    assert aid.versioned == "hep-th/9901001v2"
    assert aid.slug == "hep-th_9901001"
    assert str(parse("1706.03762")) == "1706.03762"


def test_add_takes_a_pdf_name_or_pdf_url_as_the_id(cli, online, workspace: Path) -> None:
    from pdfs import make_pdf

    for aid in ("1706.03762", "1512.03385"):
        online.add_paper(aid, 1, title=f"Paper {aid}", authors=["Alice Example"],
                         abstract="An abstract.", pdf=make_pdf([f"Paper {aid}\nText."]))
    code, out, err = cli("add", "arxiv.org/pdf/1706.03762.pdf", "1512.03385.pdf")
    assert code == 0, err
    assert "no such file" not in err and "2 added." in out
    assert sorted(p.name for p in (workspace / "papers").iterdir()) == [
        "1512.03385-paper-1512-03385", "1706.03762-paper-1706-03762"]


def test_add_quotes_a_long_input_cut_short(cli, workspace: Path) -> None:
    code, _, err = cli("add", "1706.03762" + "x" * 5000)
    assert code == 1
    assert err.count("\n") == 1 and len(err) < 400
    assert err.startswith("error: 1706.03762xxx") and "…: '1706.03762xxx" in err
