"""The fetcher against a misbehaving arXiv: real `arxiv` client and `requests`, loopback server."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfs import make_pdf

from replicate import settings
from replicate.errors import BadPdf, InvalidId, NetworkError, PaperNotFound
from replicate.fetch import Fetcher
from replicate.ids import parse


@pytest.fixture
def fetcher_for(workspace: Path, online):
    arxiv_server = online

    def make(**overrides) -> Fetcher:
        return Fetcher(settings.load(workspace, **overrides))

    arxiv_server.add_paper("1706.03762", 5, title="Attention Is All You Need",
                           pdf=make_pdf(["Attention Is All You Need"]))
    return make


def lookup(fetcher: Fetcher, *texts: str):
    found = fetcher.metadata([parse(t) for t in texts])
    return [found[parse(t)] for t in texts]


@pytest.mark.parametrize("status", ["429", "403", "503", "500"])
def test_busy_answers_are_retried(fetcher_for, arxiv_server, status: str) -> None:
    arxiv_server.fail("api", status, times=2)
    (meta,) = lookup(fetcher_for(), "1706.03762")
    assert meta.title == "Attention Is All You Need" and meta.version == 5
    assert len(arxiv_server.api_requests()) == 3


def test_retry_after_is_honoured(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("api", "429", retry_after="1")
    lookup(fetcher_for(), "1706.03762")
    first, second = arxiv_server.api_requests()
    assert second.at - first.at >= 0.95


def test_busy_for_too_long_is_one_clear_error(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("api", "503", times=10)
    (err,) = lookup(fetcher_for(), "1706.03762")
    assert isinstance(err, NetworkError)
    assert str(err) == "arXiv answered HTTP 503 after 3 tries; try again in a few minutes."
    assert len(arxiv_server.api_requests()) == 3


def test_connection_reset_is_retried(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("api", "reset")
    (meta,) = lookup(fetcher_for(), "1706.03762")
    assert meta.arxiv_id == "1706.03762"


def test_a_stalled_server_times_out_after_a_few_tries(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("api", "stall", times=10)
    (err,) = lookup(fetcher_for(), "1706.03762")
    assert isinstance(err, NetworkError)
    assert "did not answer in time" in str(err)
    assert len(arxiv_server.api_requests()) == 3


def test_rate_limit_spaces_api_requests(fetcher_for, arxiv_server) -> None:
    fetcher = fetcher_for(delay=0.3)
    lookup(fetcher, "1706.03762")
    lookup(fetcher, "1706.03762v5")
    first, second = arxiv_server.api_requests()
    assert second.at - first.at >= 0.29


def test_retries_never_undercut_the_rate_limit(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("api", "503")
    lookup(fetcher_for(delay=0.3), "1706.03762")
    first, second = arxiv_server.api_requests()
    assert second.at - first.at >= 0.29


def test_empty_feed_glitch_is_retried_before_calling_an_id_unknown(
    fetcher_for, arxiv_server
) -> None:
    arxiv_server.fail("api", "empty")
    (meta,) = lookup(fetcher_for(), "1706.03762")
    assert meta.title == "Attention Is All You Need"


def test_unknown_id_is_not_found_after_the_glitch_retries(fetcher_for, arxiv_server) -> None:
    (err,) = lookup(fetcher_for(), "1512.03385")
    assert isinstance(err, PaperNotFound)
    assert str(err).startswith("arXiv has no paper 1512.03385;")
    assert len(arxiv_server.api_requests()) == 3


def test_a_batch_is_one_request_and_unknown_ids_fail_alone(fetcher_for, arxiv_server) -> None:
    arxiv_server.add_paper("hep-th/9901001", 2, title="Old")
    meta, old, missing = lookup(fetcher_for(), "1706.03762", "hep-th/9901001", "1512.03385")
    assert meta.version == 5 and old.arxiv_id == "hep-th/9901001" and old.version == 2
    assert isinstance(missing, PaperNotFound)
    assert [len(r.query["id_list"][0].split(",")) for r in arxiv_server.api_requests()] == [3, 1, 1]


def test_a_specific_version_is_looked_up(fetcher_for, arxiv_server) -> None:
    arxiv_server.add_paper("1706.03762", 2, title="Attention (v2)")
    (meta,) = lookup(fetcher_for(), "1706.03762v2")
    assert meta.version == 2 and meta.title == "Attention (v2)"


def test_http_400_error_feed_isolates_the_malformed_id(fetcher_for, arxiv_server) -> None:
    fetcher = fetcher_for()
    # Local parsing accepts it; the server (like arXiv for ids it never issued) does not.
    from arxiv_server import error_feed

    arxiv_server.add_raw_feed("1706.03762,1713.00001", error_feed("1713.00001"), status=400)
    arxiv_server.add_raw_feed("1713.00001", error_feed("1713.00001"), status=400)
    found = fetcher.metadata([parse("1706.03762")] + [_unchecked("1713.00001")])
    values = list(found.values())
    assert values[0].title == "Attention Is All You Need"
    assert isinstance(values[1], InvalidId)
    assert str(values[1]) == "arXiv rejected '1713.00001' as malformed; check the id."


def _unchecked(text: str):
    from replicate.ids import ArxivId

    return ArxivId(text)


def test_pdf_is_downloaded_once_then_cached(fetcher_for, arxiv_server) -> None:
    fetcher = fetcher_for()
    first = fetcher.pdf("1706.03762", 5)
    again = fetcher_for().pdf("1706.03762", 5)
    assert first == again and first.read_bytes().startswith(b"%PDF")
    assert len(arxiv_server.pdf_requests()) == 1


@pytest.mark.parametrize(
    "fault, message",
    [
        ("html", "arXiv sent a web page instead of the PDF of 1706.03762v5 (it may still be "
                 "processing or be withdrawn); try again later."),
        ("truncated", "the PDF of 1706.03762v5 is truncated (no end-of-file marker); "
                      "download it again."),
    ],
)
def test_bad_pdfs_are_refused_and_never_cached(fetcher_for, arxiv_server, fault, message) -> None:
    arxiv_server.fail("pdf", fault)
    fetcher = fetcher_for()
    with pytest.raises(BadPdf) as info:
        fetcher.pdf("1706.03762", 5)
    assert str(info.value) == message
    cache = fetcher.settings.cache_dir / "pdf"
    assert list(cache.iterdir()) == []
    assert fetcher.pdf("1706.03762", 5).read_bytes().startswith(b"%PDF")


def test_a_cut_off_download_is_tried_again(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("pdf", "short-read")
    assert fetcher_for().pdf("1706.03762", 5).read_bytes().startswith(b"%PDF")
    assert len(arxiv_server.pdf_requests()) == 2


def test_a_download_cut_off_every_time_is_one_clear_error(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("pdf", "short-read", times=3)
    fetcher = fetcher_for()
    with pytest.raises(NetworkError, match="PDF of 1706.03762v5") as info:
        fetcher.pdf("1706.03762", 5)
    assert str(info.value).endswith("try again.")
    assert list((fetcher.settings.cache_dir / "pdf").iterdir()) == []


def test_pdf_of_a_missing_version_is_not_found(fetcher_for) -> None:
    with pytest.raises(PaperNotFound, match="no PDF for 1706.03762v9"):
        fetcher_for().pdf("1706.03762", 9)


def test_pdf_busy_then_ok(fetcher_for, arxiv_server) -> None:
    arxiv_server.fail("pdf", "503", times=2)
    assert fetcher_for().pdf("1706.03762", 5).is_file()
    assert len(arxiv_server.pdf_requests()) == 3
