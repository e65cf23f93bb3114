"""The fetcher's answers: metadata fields, id forms, batches, PDF downloads and their faults.

Busy answers, stalls and the empty-feed glitch on the API are in test_fetch_faults.py;
these tests cover what a user sees of the rest, against the loopback arXiv.
"""

from __future__ import annotations

import pytest
from arxiv_server import ArxivServer
from pdfs import make_pdf

from replicate.errors import BadPdf, NetworkError, PaperNotFound
from replicate.ids import parse

ABSTRACT = """  The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks in an encoder-decoder configuration.

  We propose a new simple network architecture, the Transformer, with BLEU < 30 & more.
"""


def lookup(fetcher, *texts: str) -> list:
    found = fetcher.metadata([parse(t) for t in texts])
    return [found[parse(t)] for t in texts]


def test_every_field_of_the_feed_reaches_the_metadata(make_fetcher, online) -> None:
    online.add_paper(
        "1706.03762", 7, title="Attention Is All\n  You Need",
        authors=["Ashish Vaswani", "Łukasz Kaiser", "Illia Polosukhin"], abstract=ABSTRACT,
        comment="15 pages, 5 figures", journal_ref="Advances in Neural Information\n "
        "Processing Systems 30 (2017)", doi="10.48550/arXiv.1706.03762",
        primary_category="cs.CL", categories=["cs.CL", "cs.LG"],
        published="2017-06-12T17:57:34Z", updated="2023-08-02T00:41:18Z")
    (meta,) = lookup(make_fetcher(), "arXiv:1706.03762")
    assert (meta.arxiv_id, meta.version) == ("1706.03762", 7)
    assert meta.title == "Attention Is All You Need"
    assert meta.authors == ["Ashish Vaswani", "Łukasz Kaiser", "Illia Polosukhin"]
    assert meta.abstract == (
        "The dominant sequence transduction models are based on complex recurrent or "
        "convolutional neural networks in an encoder-decoder configuration.\n\n"
        "We propose a new simple network architecture, the Transformer, with BLEU < 30 & more.")
    assert meta.comment == "15 pages, 5 figures"
    assert meta.journal_ref == "Advances in Neural Information Processing Systems 30 (2017)"
    assert meta.doi == "10.48550/arXiv.1706.03762"
    assert (meta.primary_category, meta.categories) == ("cs.CL", ["cs.CL", "cs.LG"])
    assert meta.published.startswith("2017-06-12T17:57:34")
    assert meta.updated.startswith("2023-08-02T00:41:18")


def test_missing_optional_fields_are_none_and_a_title_of_0_is_kept(make_fetcher, online) -> None:
    online.add_paper("2104.12255", title="0")
    (meta,) = lookup(make_fetcher(), "2104.12255v1")
    assert meta.title == "0"
    assert (meta.doi, meta.journal_ref, meta.comment) == (None, None, None)


def test_old_style_ids_in_every_form(make_fetcher, online) -> None:
    online.add_paper("math/0309136", title="Knots")
    online.add_paper("solv-int/9901001", 2, title="Solitons")
    knots, solitons, pinned = lookup(make_fetcher(), "math.GT/0309136",
                                     "https://arxiv.org/abs/solv-int/9901001",
                                     "solv-int/9901001v1")
    assert (knots.arxiv_id, knots.title) == ("math/0309136", "Knots")
    assert (solitons.arxiv_id, solitons.version) == ("solv-int/9901001", 2)
    assert isinstance(pinned, PaperNotFound)  # v1 was never served


def test_a_batch_with_repeats_and_two_versions_is_one_request(make_fetcher, online) -> None:
    online.add_paper("1706.03762", 1, title="First draft")
    online.add_paper("1706.03762", 5, title="Camera ready")
    latest, again, first = lookup(make_fetcher(), "1706.03762", "1706.03762", "1706.03762v1")
    assert latest is again and latest.version == 5 and latest.title == "Camera ready"
    assert first.version == 1 and first.title == "First draft"
    (request,) = online.api_requests()
    assert request.query["id_list"] == ["1706.03762,1706.03762v1"]


def test_the_empty_glitch_in_a_batch_costs_one_more_request(make_fetcher, online) -> None:
    for aid in ("1706.03762", "1512.03385"):
        online.add_paper(aid, title=aid)
    online.fail("api", "empty")
    a, b = lookup(make_fetcher(delay=0.3), "1706.03762", "1512.03385")
    assert (a.title, b.title) == ("1706.03762", "1512.03385")
    first, second = online.api_requests()
    assert second.query["id_list"] == first.query["id_list"]
    assert second.at - first.at >= 0.29  # asking again still keeps the rate limit


def test_a_web_page_from_the_api_is_not_a_missing_paper(make_fetcher, online) -> None:
    online.add_paper("1706.03762")
    online.fail("api", "html", times=10)
    (err,) = lookup(make_fetcher(), "1706.03762")
    assert isinstance(err, NetworkError)
    assert str(err).startswith("arXiv answered with a web page instead of the API's feed")


# -- PDFs ------------------------------------------------------------------------------------


@pytest.fixture
def paper(online: ArxivServer) -> bytes:
    pdf = make_pdf(["Attention Is All You Need\nAshish Vaswani", "Results: BLEU 28.4"],
                   stamp="arXiv:1706.03762v5 [cs.CL] 6 Dec 2017")
    online.add_paper("1706.03762", 5, title="Attention Is All You Need", pdf=pdf)
    return pdf


def cached(fetcher) -> list[str]:
    folder = fetcher.settings.cache_dir / "pdf"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_progress_counts_up_to_the_size(make_fetcher, paper: bytes) -> None:
    seen: list[tuple[int, int | None]] = []
    path = make_fetcher().pdf("1706.03762", 5, progress=lambda done, total: seen.append(
        (done, total)))
    assert path.read_bytes() == paper
    assert seen and seen[-1] == (len(paper), len(paper))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_old_style_pdf_is_fetched_and_cached_under_a_flat_name(make_fetcher, online) -> None:
    online.add_paper("solv-int/9901001", 2, pdf=make_pdf(["Solitons"]))
    fetcher = make_fetcher()
    path = fetcher.pdf("solv-int/9901001", 2)
    assert path.name == "solv-int_9901001v2.pdf" and path.parent.name == "pdf"
    assert [r.path for r in online.pdf_requests()] == ["/pdf/solv-int/9901001v2"]


def test_each_version_is_its_own_download(make_fetcher, online, paper: bytes) -> None:
    online.add_paper("1706.03762", 1, pdf=make_pdf(["Draft"]))
    fetcher = make_fetcher()
    assert fetcher.pdf("1706.03762", 1).read_bytes() != fetcher.pdf("1706.03762", 5).read_bytes()
    fetcher.pdf("1706.03762", 1)
    assert cached(fetcher) == ["1706.03762v1.pdf", "1706.03762v5.pdf"]
    assert len(online.pdf_requests()) == 2


def test_retry_after_on_a_pdf_is_honoured(make_fetcher, online, paper: bytes) -> None:
    online.fail("pdf", "429", retry_after="1")
    assert make_fetcher().pdf("1706.03762", 5).read_bytes() == paper
    first, second = online.pdf_requests()
    assert second.at - first.at >= 0.95


def test_a_reset_during_a_pdf_request_is_retried(make_fetcher, online, paper: bytes) -> None:
    online.fail("pdf", "reset")
    assert make_fetcher().pdf("1706.03762", 5).read_bytes() == paper
    assert [r.fault for r in online.pdf_requests()] == ["reset", None]


def test_a_web_page_labelled_as_a_pdf_is_refused(make_fetcher, online, paper: bytes) -> None:
    online.fail("pdf", "html", content_type="application/pdf")
    fetcher = make_fetcher()
    with pytest.raises(BadPdf) as info:
        fetcher.pdf("1706.03762", 5)
    assert str(info.value) == ("the PDF of 1706.03762v5 is an HTML page, not a PDF; "
                               "check the file or download it again.")
    assert cached(fetcher) == []


def test_a_cached_pdf_needs_no_server(make_fetcher, online, paper: bytes) -> None:
    path = make_fetcher().pdf("1706.03762", 5)
    online.close()
    assert make_fetcher().pdf("1706.03762", 5) == path


def test_a_stalled_pdf_download_gives_up_after_a_few_tries(make_fetcher, online,
                                                           paper: bytes) -> None:
    online.fail("pdf", "stall", times=20)
    fetcher = make_fetcher(timeout=0.2)
    with pytest.raises(NetworkError, match="did not answer in time"):
        fetcher.pdf("1706.03762", 5)
    assert cached(fetcher) == []
    assert len(online.pdf_requests()) == fetcher.settings.retries + 1


def test_a_pdf_refused_every_time_is_asked_for_a_few_times(make_fetcher, online,
                                                           paper: bytes) -> None:
    online.fail("pdf", "403", times=20)
    fetcher = make_fetcher()
    with pytest.raises(NetworkError, match="HTTP 403"):
        fetcher.pdf("1706.03762", 5)
    assert len(online.pdf_requests()) == fetcher.settings.retries + 1
