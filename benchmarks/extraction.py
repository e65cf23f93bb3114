"""What the reading pass finds in each real paper of ../shared/corpus, and what it costs.

    python benchmarks/extraction.py [--brief] [--pdf-only]

Per paper: where the body was read from (the LaTeX source in
``arxiv/<id>/source/`` when the corpus has one, else the PDF), the top claims
(with where each was found: abstract, table, text), hyperparameters, datasets,
code links, outline size and compute. Then the cost, side by side in one run:
pypdf's plain text extraction of the PDFs against the whole reading as `add`
does it (plain text, layout text of the pages with tables, the LaTeX source,
the extractors), which must stay within 1.3 times the former.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from replicate import pdf, reading

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BUDGET = 1.3
RUNS = 2


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}; nothing to measure.")
    brief = "--brief" in sys.argv
    pdf_only = "--pdf-only" in sys.argv
    papers = json.loads((CORPUS / "manifest.json").read_text())
    total_plain = total_read = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for p in papers:
            folder = CORPUS / p["dir"]
            path = folder / "paper.pdf"
            source = folder / "source" if (folder / "source").is_dir() and not pdf_only else None
            t_plain = t_read = float("inf")
            for run in range(RUNS):  # the best of a few runs: the machine may be busy
                start = time.perf_counter()
                pdf.page_texts(path)  # pypdf alone, nothing cached
                t_plain = min(t_plain, time.perf_counter() - start)

                cache = Path(tmp) / f"{p['dir'].replace('/', '_')}-{run}.json"
                start = time.perf_counter()
                pages = pdf.page_texts(path, cache=cache)
                found = reading.extract(pages, version=p.get("pdf_version_from_stamp"),
                                        source=source, layout=pdf.layout_reader(path, cache),
                                        links=pdf.page_links(path, cache, pages))
                t_read = min(t_read, time.perf_counter() - start)
            total_plain += t_plain
            total_read += t_read
            _report(p, found, source, len(pages), t_plain, t_read, brief)
    ratio = total_read / total_plain
    print(f"\n{len(papers)} papers: pypdf plain text {total_plain:.2f} s, the reading as `add` "
          f"does it {total_read:.2f} s = {ratio:.2f}x (budget {BUDGET}x: "
          f"{'within' if ratio <= BUDGET else 'OVER'})")


def _report(p: dict, found: reading.Reading, source: Path | None, n_pages: int,
            t_plain: float, t_read: float, brief: bool) -> None:
    origin = "LaTeX source" if found.origin == "latex" else "PDF"
    print(f"\n== {p['arxiv_id']}  {p['title'][:64]}  ({n_pages} pages, read from {origin}"
          f"{' (source given)' if source and found.origin != 'latex' else ''}: pypdf "
          f"{t_plain:.2f} s, reading {t_read:.2f} s)")
    stamp = found.stamp
    print(f"   stamp: {stamp.arxiv_id}v{stamp.version} [{stamp.category}] {stamp.date}"
          if stamp else "   stamp: none")
    print(f"   title: {found.title!r}  authors: {found.authors}")
    for c in found.claims[: 5 if brief else 15]:
        unit = c.unit if c.unit in ("%", "×", "") else " " + c.unit
        where = c.table or (f"p.{c.page}" if c.page else c.found_in)
        print(f"   claim  [{c.found_in:8}] {c.metric} = {c.value:g}{unit} on {c.dataset or '?'} "
              f"({where}): {c.source[:80]}")
    for h in found.hyperparameters[: 3 if brief else 20]:
        print(f"   hparam {h.name} = {h.value}")
    print(f"   datasets: {', '.join(found.datasets) or '-'}")
    print(f"   code: {found.official_code or '-'}  links: {', '.join(found.code_urls[:4])}")
    print(f"   sections ({len(found.sections)}): {'; '.join(found.sections[:8])}")
    print(f"   compute: {', '.join(found.compute) or '-'}")


if __name__ == "__main__":
    main()
