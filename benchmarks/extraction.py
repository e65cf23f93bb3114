"""What the reading pass finds in each real paper of ../shared/corpus, and what it costs.

    python benchmarks/extraction.py [--brief]

Prints per paper the top claims, hyperparameters, datasets, code links, outline
size and compute; then pypdf's own text-extraction time for the corpus beside
the time of the extraction on top of it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from replicate import pdf, reading

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}; nothing to measure.")
    brief = "--brief" in sys.argv
    papers = json.loads((CORPUS / "manifest.json").read_text())
    total_pypdf = total_extract = 0.0
    for p in papers:
        path = CORPUS / p["dir"] / "paper.pdf"
        start = time.perf_counter()
        pages = pdf.page_texts(path)
        t_pdf = time.perf_counter() - start
        start = time.perf_counter()
        found = reading.extract(pages)
        t_ext = time.perf_counter() - start
        total_pypdf += t_pdf
        total_extract += t_ext
        print(f"\n== {p['arxiv_id']}  {p['title'][:70]}  ({len(pages)} pages: pypdf "
              f"{t_pdf:.2f} s, extraction {t_ext * 1000:.0f} ms)")
        stamp = found.stamp
        print(f"   stamp: {stamp.arxiv_id}v{stamp.version} [{stamp.category}] {stamp.date}"
              if stamp else "   stamp: none")
        print(f"   title: {found.title!r}  authors: {found.authors}")
        for c in found.claims[: 4 if brief else 8]:
            unit = c.unit if c.unit in ("%", "×", "") else " " + c.unit
            print(f"   claim  {c.key}: {c.metric} = {c.value:g}{unit} on {c.dataset or '?'} "
                  f"(p.{c.page or 'abstract'}): {c.source[:90]}")
        for h in found.hyperparameters[: 3 if brief else 20]:
            print(f"   hparam {h.name} = {h.value}")
        print(f"   datasets: {', '.join(found.datasets) or '-'}")
        print(f"   code: {found.official_code or '-'}  links: {', '.join(found.code_urls[:4])}")
        print(f"   sections ({len(found.sections)}): {'; '.join(found.sections[:8])}")
        print(f"   compute: {', '.join(found.compute) or '-'}")
    print(f"\n{len(papers)} papers: pypdf text extraction {total_pypdf:.2f} s, reading "
          f"extraction {total_extract:.2f} s ({total_extract / total_pypdf:.0%} on top)")


if __name__ == "__main__":
    main()
