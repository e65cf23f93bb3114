"""The loopback arXiv answers as arXiv does, as seen by the real `arxiv` client and `requests`."""

from __future__ import annotations

import io
import socket
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import arxiv
import pytest
import requests
from arxiv_server import ArxivServer
from pdfs import make_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def client_for(server: ArxivServer, page_size: int = 100) -> arxiv.Client:
    client = arxiv.Client(page_size=page_size, delay_seconds=0, num_retries=0)
    client.query_url_format = server.api_url + "?{}"
    return client


def results(server: ArxivServer, *ids: str, page_size: int = 100) -> list[arxiv.Result]:
    return list(client_for(server, page_size).results(arxiv.Search(id_list=list(ids))))


def test_one_entry_with_every_field(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper(
        "1706.03762", 5, title="Attention <Is> All & You Need",
        authors=["Ashish Vaswani", "Łukasz Kaiser"], abstract='Dominant "sequence" models < 1.',
        comment="15 pages, 5 figures", journal_ref="NeurIPS 2017", doi="10.5555/3295222",
        primary_category="cs.CL", categories=["cs.CL", "cs.LG"],
        published="2017-06-12T17:57:34Z", updated="2017-12-06T03:30:32Z")
    (r,) = results(arxiv_server, "1706.03762")
    assert r.entry_id == "http://arxiv.org/abs/1706.03762v5"
    assert r.get_short_id() == "1706.03762v5"
    assert r.title == "Attention <Is> All & You Need"
    assert [a.name for a in r.authors] == ["Ashish Vaswani", "Łukasz Kaiser"]
    assert r.summary == 'Dominant "sequence" models < 1.'
    assert (r.comment, r.journal_ref, r.doi) == ("15 pages, 5 figures", "NeurIPS 2017",
                                                 "10.5555/3295222")
    assert r.primary_category == "cs.CL" and r.categories == ["cs.CL", "cs.LG"]
    assert r.published.isoformat() == "2017-06-12T17:57:34+00:00"
    assert r.updated.isoformat() == "2017-12-06T03:30:32+00:00"
    assert r.pdf_url == "https://arxiv.org/pdf/1706.03762v5"


def test_optional_fields_are_absent_when_not_set(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("1512.03385", title="0")
    (r,) = results(arxiv_server, "1512.03385")
    assert r.title == "0"
    assert (r.comment, r.journal_ref, r.doi) == (None, None, None)


def test_versions_latest_unless_asked(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("1706.03762", 1, title="First")
    arxiv_server.add_paper("1706.03762", 2, title="Second")
    assert [r.title for r in results(arxiv_server, "1706.03762")] == ["Second"]
    assert [r.title for r in results(arxiv_server, "1706.03762v1")] == ["First"]
    assert results(arxiv_server, "1706.03762v3") == []


def test_many_ids_in_one_request_unknown_ones_absent(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("1706.03762", title="A")
    arxiv_server.add_paper("hep-th/9901001", 2, title="B")
    found = results(arxiv_server, "1706.03762", "0808.05394", "hep-th/9901001")
    assert [r.get_short_id() for r in found] == ["1706.03762v1", "hep-th/9901001v2"]
    (request,) = arxiv_server.api_requests()
    assert request.query["id_list"] == ["1706.03762,0808.05394,hep-th/9901001"]


def test_pages_follow_start_and_max_results(arxiv_server: ArxivServer) -> None:
    ids = [f"2101.0000{n}" for n in range(1, 6)]
    for n, aid in enumerate(ids):
        arxiv_server.add_paper(aid, title=f"Paper {n}")
    found = results(arxiv_server, *ids, page_size=2)
    assert [r.title for r in found] == [f"Paper {n}" for n in range(5)]
    starts = [r.query["start"][0] for r in arxiv_server.api_requests()]
    assert starts == ["0", "2", "4"]


def test_old_style_id_with_subject_class(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("math/0309136", title="Knots")
    (r,) = results(arxiv_server, "math.GT/0309136")
    assert r.entry_id == "http://arxiv.org/abs/math/0309136v1"


def test_nonexistent_id_gives_an_empty_feed(arxiv_server: ArxivServer) -> None:
    assert results(arxiv_server, "0000.0000") == []
    body = urllib.request.urlopen(f"{arxiv_server.api_url}?id_list=0000.0000").read()
    assert b"<opensearch:totalResults>0</opensearch:totalResults>" in body
    assert b"<entry>" not in body


def test_malformed_id_is_http_400_with_arxivs_error_feed(arxiv_server: ArxivServer) -> None:
    with pytest.raises(arxiv.HTTPError) as info:
        results(arxiv_server, "abc")
    assert info.value.status == 400
    with pytest.raises(HTTPError) as raw:
        urllib.request.urlopen(f"{arxiv_server.api_url}?id_list=1706.03762,abc")
    body = raw.value.read().decode()
    assert "<id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>" in body
    assert "<title>Error</title>" in body
    assert "<summary>incorrect id format for abc</summary>" in body


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_feeds_have_the_shape_of_a_recorded_answer(arxiv_server: ArxivServer) -> None:
    """Same elements, in the same order, as arXiv's own current answer."""
    from lxml import etree

    recorded = (CORPUS / "api" / "arxivpy_id_list_hep-ex_0406020v1.xml").read_bytes()
    arxiv_server.add_paper("hep-ex/0406020", comment="Presented at Moriond",
                           journal_ref="J. Phys. 1", primary_category="hep-ex")
    ours = urllib.request.urlopen(
        f"{arxiv_server.api_url}?search_query=&id_list=hep-ex/0406020v1&start=0&max_results=100"
    ).read()

    def shape(xml: bytes) -> list[str]:
        root = etree.fromstring(xml)
        return [etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)
                and etree.QName(e).localname not in ("affiliation", "journal_ref")]

    assert shape(ours) == shape(recorded)


def test_pdf_by_version_and_old_style_path(arxiv_server: ArxivServer) -> None:
    pdf = make_pdf(["Old paper"])
    arxiv_server.add_paper("hep-th/9901001", pdf=pdf)
    r = requests.get(f"{arxiv_server.pdf_url}/hep-th/9901001v1", timeout=5)
    assert r.status_code == 200 and r.content == pdf
    assert r.headers["Content-Type"] == "application/pdf"
    assert requests.get(f"{arxiv_server.pdf_url}/hep-th/9901001v2", timeout=5).status_code == 404
    assert requests.get(f"{arxiv_server.pdf_url}/1706.03762v1", timeout=5).status_code == 404


def test_faults_come_in_order_then_normal_service(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("1706.03762", pdf=make_pdf(["x"]))
    arxiv_server.fail("pdf", "503", retry_after="7")
    arxiv_server.fail("pdf", "403")
    url = f"{arxiv_server.pdf_url}/1706.03762v1"
    first = requests.get(url, timeout=5)
    assert (first.status_code, first.headers["Retry-After"]) == (503, "7")
    assert requests.get(url, timeout=5).status_code == 403
    assert requests.get(url, timeout=5).status_code == 200
    assert [r.fault for r in arxiv_server.pdf_requests()] == ["503", "403", None]


def test_unknown_faults_are_refused(arxiv_server: ArxivServer) -> None:
    with pytest.raises(ValueError):
        arxiv_server.fail("api", "teapot")
    with pytest.raises(ValueError):
        arxiv_server.fail("api", "truncated")


def test_empty_glitch_hides_an_existing_paper_once(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("1706.03762")
    arxiv_server.fail("api", "empty")
    assert results(arxiv_server, "1706.03762") == []
    assert len(results(arxiv_server, "1706.03762")) == 1


@pytest.mark.parametrize("kind", ["truncated", "short-read"])
def test_cut_pdfs(arxiv_server: ArxivServer, kind: str) -> None:
    pdf = make_pdf(["A page"] * 3)
    arxiv_server.add_paper("1706.03762", pdf=pdf)
    arxiv_server.fail("pdf", kind)
    url = f"{arxiv_server.pdf_url}/1706.03762v1"
    if kind == "truncated":
        r = requests.get(url, timeout=5)
        assert r.content == pdf[: len(pdf) // 2]
        assert r.headers["Content-Length"] == str(len(pdf) // 2)
    else:
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            requests.get(url, timeout=5)


def test_html_instead_of_a_pdf(arxiv_server: ArxivServer) -> None:
    arxiv_server.add_paper("1706.03762", pdf=make_pdf(["x"]))
    arxiv_server.fail("pdf", "html")
    arxiv_server.fail("pdf", "html", content_type="application/pdf")
    url = f"{arxiv_server.pdf_url}/1706.03762v1"
    plain = requests.get(url, timeout=5)
    assert plain.headers["Content-Type"].startswith("text/html")
    disguised = requests.get(url, timeout=5)
    assert disguised.headers["Content-Type"] == "application/pdf"
    assert disguised.content.startswith(b"<!DOCTYPE html>")


def test_reset_and_stall(arxiv_server: ArxivServer) -> None:
    arxiv_server.fail("api", "reset")
    arxiv_server.fail("api", "stall")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{arxiv_server.api_url}?id_list=1706.03762", timeout=5)
    with pytest.raises(requests.Timeout):
        requests.get(f"{arxiv_server.api_url}?id_list=1706.03762", timeout=0.2)


def test_close_is_prompt_even_with_a_stalled_request() -> None:
    server = ArxivServer()
    server.fail("pdf", "stall")
    sock = socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))
    sock.sendall(b"GET /pdf/1706.03762v1 HTTP/1.1\r\nHost: x\r\n\r\n")
    assert server.wait_for("/pdf/")
    started = time.monotonic()
    server.close()
    assert time.monotonic() - started < 1
    sock.settimeout(5)
    assert sock.recv(10) == b""  # released, closed without an answer
    sock.close()


def test_pdf_text_reads_back(arxiv_server: ArxivServer) -> None:
    from pypdf import PdfReader

    stamp = "arXiv:1706.03762v5 [cs.CL] 6 Dec 2017"
    pdf = make_pdf(["Title\nα = 0.1 ± 0.02, loss −3.5", "Second page"], stamp=stamp,
                   title="Title")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Title"
    first = reader.pages[0].extract_text()
    assert stamp in first and "0.1" in first
    assert reader.pages[1].extract_text() == "Second page"
