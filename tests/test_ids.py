"""Every id form a user may paste, and a table of malformed ones."""

from __future__ import annotations

import pytest

from replicate.errors import InvalidId
from replicate.ids import ArxivId, parse


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1706.03762", ArxivId("1706.03762")),
        ("1706.03762v5", ArxivId("1706.03762", 5)),
        ("arXiv:1706.03762", ArxivId("1706.03762")),
        ("arxiv:1706.03762v2", ArxivId("1706.03762", 2)),
        ("  arXiv: 1706.03762 \n", ArxivId("1706.03762")),
        ("https://arxiv.org/abs/1706.03762", ArxivId("1706.03762")),
        ("http://arxiv.org/abs/1706.03762v7", ArxivId("1706.03762", 7)),
        ("https://arxiv.org/pdf/1706.03762v5", ArxivId("1706.03762", 5)),
        ("https://arxiv.org/pdf/1706.03762v5.pdf", ArxivId("1706.03762", 5)),
        ("https://arxiv.org/pdf/1706.03762.pdf", ArxivId("1706.03762")),
        ("https://export.arxiv.org/abs/1706.03762/", ArxivId("1706.03762")),
        ("arxiv.org/abs/2106.09685?context=cs", ArxivId("2106.09685")),
        ("0704.0001", ArxivId("0704.0001")),
        ("2301.00001", ArxivId("2301.00001")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("quant-ph/9508027v2", ArxivId("quant-ph/9508027", 2)),
        ("math.GT/0309136", ArxivId("math/0309136")),
        ("solv-int/9901001v1", ArxivId("solv-int/9901001", 1)),
        ("arXiv:math/0411343v1", ArxivId("math/0411343", 1)),
        ("https://arxiv.org/abs/hep-th/9901001v3", ArxivId("hep-th/9901001", 3)),
    ],
)
def test_every_pasted_form_parses(text: str, expected: ArxivId) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1706.0376",  # too short
        "1706.037621",  # too long
        "1713.03762",  # month 13
        "1700.03762",  # month 00
        "1412.12345",  # five digits before 2015
        "1706.0376v",
        "1706.03762v0",
        "hep-th/990100",
        "hep-th/9913001",  # month 13
        "HEP-TH/990100x",
        "https://example.com/abs/1706.03762",
        "1706.03762 1512.03385",
        "10.48550/arXiv.1706.03762",
    ],
)
def test_malformed_ids_are_rejected_with_the_text_named(text: str) -> None:
    with pytest.raises(InvalidId) as info:
        parse(text)
    assert repr(text.strip())[1:-1] in str(info.value) or text.strip() in str(info.value)


def test_versioned_and_slug_forms() -> None:
    aid = parse("hep-th/9901001v2")
    assert aid.versioned == "hep-th/9901001v2"
    assert aid.slug == "hep-th_9901001"
    assert str(parse("1706.03762")) == "1706.03762"
