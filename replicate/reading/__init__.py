"""The reading pass: suggestions pulled from a paper's text. Pure: no network.

Everything found is a *suggestion* with the sentence it came from. The
extractors prefer missing a number to inventing one: a wrong headline claim
costs a replicator more than a blank line does. Each extractor lives in its own
module (claims, hyperparameters, datasets, links, outline, compute, frontmatter);
`merge` folds a fresh reading into a record without losing the user's edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..record import Claim, Hyperparameter
from .claims import find_claims
from .compute import find_compute
from .datasets import find_datasets
from .document import Document
from .frontmatter import find_front_matter
from .hyperparameters import find_hyperparameters
from .links import find_official_code, find_urls
from .merge import apply, fingerprint
from .outline import find_sections, without_references
from .pdfdoc import Layout, from_pages
from .text import Stamp, clean, dehyphenate, find_stamp, without_citations

__all__ = ["Reading", "Stamp", "apply", "clean", "dehyphenate", "extract", "fingerprint"]


@dataclass
class Reading:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    stamp: Stamp | None = None
    claims: list[Claim] = field(default_factory=list)
    hyperparameters: list[Hyperparameter] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    code_urls: list[str] = field(default_factory=list)
    official_code: str | None = None
    sections: list[str] = field(default_factory=list)
    compute: list[str] = field(default_factory=list)
    version: int | None = None  # the arXiv version the text came from, when known
    origin: str = "pdf"  # where the body was read from: "latex" (the source) or "pdf"


def extract(
    pages: list[str], *, arxiv_title: str = "", abstract: str = "", comment: str = "",
    version: int | None = None, source: Path | None = None, layout: Layout | None = None,
    links: Sequence[tuple[int, str, str]] = (),
) -> Reading:
    """Everything the text suggests; wrong is worse than missing.

    `arxiv_title`, `abstract` and `comment` are arXiv's (any may be empty); `version` is the
    arXiv version the pages come from, recorded on every claim and setting.
    `source` is the folder of the paper's unpacked LaTeX source, when arXiv has one:
    the body is then read from it; else from the pages, with `layout` (see
    `pdfdoc.from_pages`) giving the tables. `links` are the PDF's links to code hosts
    (see `pdf.page_links`): a paper may link its code without printing the URL. Title, authors and the arXiv stamp
    returned come from the PDF's first page; arXiv's title, when given, is the one the
    method's name is read from (a venue's header can stand first on page 1).
    """
    pages = dehyphenate([clean(p) for p in pages])
    first = pages[0] if pages else ""
    title, authors, printed_abstract = find_front_matter(first)
    comment = clean(comment)
    doc = parse(pages, source, layout, clean(arxiv_title) or title)
    doc.links = list(links)
    # arXiv's abstract, else the source's, else the one printed on page 1
    abstract_text = dehyphenate([clean(abstract or doc.abstract)])[0] if abstract or doc.abstract \
        else printed_abstract
    pages, _ = without_references(pages)
    doc.title = doc.title or clean(arxiv_title) or title  # own rows may be named after its words
    claims = find_claims(doc, abstract_text, version, title=doc.title,
                         abstract_page=None if abstract or doc.abstract else 1)
    if doc.origin != "pdf":
        _pages_of_claims(claims, pages)
    doc.abstract = doc.abstract or abstract_text
    urls = find_urls(doc, comment)
    hyperparameters = find_hyperparameters(doc, version)
    for item in (*claims, *hyperparameters):
        item.source = without_citations(item.source)
    return Reading(
        title=title,
        authors=authors,
        abstract=printed_abstract,
        stamp=find_stamp(first),
        claims=claims,
        hyperparameters=hyperparameters,
        datasets=find_datasets(doc),
        code_urls=urls,
        official_code=find_official_code(doc, urls, comment),
        sections=find_sections(doc),
        compute=find_compute(doc),
        version=version,
        origin=doc.origin,
    )


def parse(pages: list[str], source: Path | None = None, layout: Layout | None = None,
          title: str = "") -> Document:
    """The paper parsed once: from its LaTeX source when it yields a document, else the PDF.
    `title`, when known, picks the paper's main file among several in the source."""
    doc = None
    if source is not None:
        from .latex import parse_source

        doc = parse_source(source, title)
        if doc is not None:
            _pages_of_tables(doc, pages)
    if doc is None:
        doc = from_pages(pages, layout)
    doc.split_side_by_side()
    return doc


def _pages_of_tables(doc: Document, pages: list[str]) -> None:
    """A LaTeX table's page is where the PDF prints its caption ("Table 2:")."""
    import re

    for table in doc.tables:
        if table.page is None and table.label:
            rx = re.compile(rf"(?m)^\s*{re.escape(table.label)}\s*[:.]")
            table.page = next((n for n, p in enumerate(pages, start=1) if rx.search(p)), None)


def _pages_of_claims(claims: list[Claim], pages: list[str]) -> None:
    """A sentence read from the LaTeX source is on the PDF page where its words are."""
    import re

    flat = [" ".join(re.findall(r"[a-z]+", p.lower())) for p in pages]
    for c in claims:
        if c.page is not None or c.found_in != "text":
            continue
        words = re.findall(r"[a-z]+", c.source.lower())
        for at in range(0, max(1, len(words) - 5), 5):
            probe = " ".join(words[at: at + 6])
            page = next((n for n, p in enumerate(flat, start=1) if probe in p), None)
            if page is not None:
                c.page = page
                break
