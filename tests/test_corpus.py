"""arXiv's own recorded answers and real arXiv PDFs, served by the loopback arXiv to the fetcher.

Skips when the shared corpus (../shared/corpus beside the project) is absent.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from replicate.errors import BadPdf, InvalidId, PaperNotFound
from replicate.fetch import Metadata
from replicate.ids import ArxivId
from replicate.pdf import page_texts

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def recorded_feeds() -> list[tuple[str, int, Path]]:
    """(id_list, HTTP status, file) for every recorded answer to an id_list request."""
    feeds = []
    index = json.loads((CORPUS / "api" / "index.json").read_text())
    for item in index:
        query = parse_qs(urlsplit(item["request"]).query, keep_blank_values=True)
        if query.get("id_list", [""])[0] and not query.get("search_query", [""])[0]:
            feeds.append((query["id_list"][0], item["http_status"] or 200,
                          CORPUS / "api" / item["file"]))
    for atom in sorted(CORPUS.glob("arxiv/*/atom.xml")):
        feeds.append((atom.parent.name.replace("_", "/"), 200, atom))
    return feeds


def as_id(text: str) -> ArxivId:
    """The id as sent, unchecked: arXiv itself judges ids such as 0000.0000 and INVALIDID."""
    m = re.fullmatch(r"(.+?)(?:v(\d+))?", text)
    assert m
    return ArxivId(m[1], int(m[2]) if m[2] else None)


def expected(path: Path) -> list[dict]:
    """What each entry of a recorded feed says, read independently with lxml."""
    from lxml import etree

    out = []
    for entry in etree.parse(str(path)).getroot().iter(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id")
        if "/api/errors" in entry_id:
            continue
        m = re.search(r"/abs/(.+)v(\d+)$", entry_id)
        assert m
        out.append({
            "arxiv_id": m[1], "version": int(m[2]),
            "title": " ".join(entry.findtext(f"{ATOM}title").split()),
            "authors": [" ".join(a.findtext(f"{ATOM}name").split())
                        for a in entry.iter(f"{ATOM}author")],
            "doi": entry.findtext(f"{ARXIV}doi"),
            "journal_ref": entry.findtext(f"{ARXIV}journal_ref"),
        })
    return out


@pytest.fixture
def recorded(online):
    """The loopback arXiv answering each recorded id_list with arXiv's own recorded answer."""
    for id_list, status, path in recorded_feeds():
        online.add_raw_feed(id_list, path.read_bytes(), status=status)
    return online


FEEDS = recorded_feeds() if CORPUS.is_dir() else []


@pytest.mark.parametrize("id_list, status, path", FEEDS, ids=[f[2].name for f in FEEDS])
def test_every_recorded_answer_is_understood(make_fetcher, recorded, id_list: str,
                                            status: int, path: Path) -> None:
    ids = [as_id(i) for i in id_list.split(",")]
    found = make_fetcher().metadata(ids)
    entries = {e["arxiv_id"]: e for e in expected(path)}
    for one in ids:
        answer = found[one]
        if status == 400:
            assert isinstance(answer, InvalidId)
            assert str(answer) == f"arXiv rejected '{one}' as malformed; check the id."
        elif one.id not in entries:
            assert isinstance(answer, PaperNotFound)
            assert str(answer).startswith(f"arXiv has no paper {one};")
        else:
            want = entries[one.id]
            assert isinstance(answer, Metadata)
            got = {k: getattr(answer, k) for k in want}
            assert got == want


def test_details_of_real_answers(make_fetcher, recorded) -> None:
    wanted = ["1312.2021", "astro-ph/9812133", "2104.12255v1", "1706.03762", "1111.2011v2",
              "math/9501234"]
    fetcher = make_fetcher()  # each recorded answer is for one id: ask one at a time
    wrong_sign, old, zero, attention, bethe, knuth = (
        fetcher.metadata([as_id(i)])[as_id(i)] for i in wanted)
    assert wrong_sign.doi == "10.1103/PhysRevD.89.084044"
    assert wrong_sign.journal_ref == "Phys. Rev. D 89, 084044 (2014)"
    assert wrong_sign.categories == ["hep-th", "gr-qc"] and wrong_sign.primary_category == "hep-th"
    assert wrong_sign.abstract.startswith("We describe a UV complete asymptotically fragile")
    assert "\n" not in wrong_sign.abstract  # hard wraps joined
    assert old.arxiv_id == "astro-ph/9812133" and len(old.authors) == 32
    assert old.comment
    assert zero.title == "0"
    assert (attention.version, attention.title) == (7, "Attention Is All You Need")
    assert attention.authors[0] == "Ashish Vaswani"
    assert bethe.version == 2 and bethe.title.startswith("Quantum Criticality for Extended Nodes")
    assert knuth.arxiv_id == "math/9501234" and knuth.published == "1995-01-23T00:00:00+00:00"


def test_a_malformed_id_in_a_batch_spoils_only_itself(make_fetcher, recorded) -> None:
    recorded.add_paper("1706.03762", 7, title="Attention Is All You Need")
    recorded.add_raw_feed("1706.03762,abc", (CORPUS / "api" /
                          "arxivpy_error_incorrect_id_format_abc_http400.xml").read_bytes(), 400)
    found = make_fetcher().metadata([as_id("1706.03762"), as_id("abc")])
    assert found[as_id("1706.03762")].title == "Attention Is All You Need"
    assert isinstance(found[as_id("abc")], InvalidId)


PAPERS = [("1706.03762", 5, "arxiv/1706.03762"), ("math/0411343", 1, "arxiv/math_0411343"),
          ("quant-ph/9508027", 2, "arxiv/quant-ph_9508027"), ("1111.2011", 2, "arxiv/1111.2011v2")]


def manifest_entry(folder: str) -> dict:
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    return next(p for p in manifest if p["dir"] == folder)


@pytest.mark.parametrize("arxiv_id, version, folder", PAPERS, ids=[p[0] for p in PAPERS])
def test_real_pdfs_download_whole_and_read(make_fetcher, online, arxiv_id: str, version: int,
                                           folder: str) -> None:
    info = manifest_entry(folder)
    online.add_paper(arxiv_id, version, pdf=(CORPUS / folder / "paper.pdf").read_bytes())
    fetcher = make_fetcher()
    path = fetcher.pdf(arxiv_id, version)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == info["pdf_sha256"]
    assert path.name == f"{arxiv_id.replace('/', '_')}v{version}.pdf"
    pages = page_texts(path)
    assert len(pages) == info["page_count"]
    assert info["page1_arxiv_stamp"] in " ".join(pages[0].split())
    assert fetcher.pdf(arxiv_id, version) == path
    assert len(online.pdf_requests()) == 1


def test_a_truncated_real_pdf_is_refused_then_fetched_whole(make_fetcher, online) -> None:
    info = manifest_entry("arxiv/1706.03762")
    online.add_paper("1706.03762", 5, pdf=(CORPUS / "arxiv/1706.03762/paper.pdf").read_bytes())
    online.fail("pdf", "truncated")
    fetcher = make_fetcher()
    with pytest.raises(BadPdf, match="the PDF of 1706.03762v5 is truncated"):
        fetcher.pdf("1706.03762", 5)
    assert not (fetcher.settings.cache_dir / "pdf" / "1706.03762v5.pdf").exists()
    path = fetcher.pdf("1706.03762", 5)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == info["pdf_sha256"]
