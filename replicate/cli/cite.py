"""Citing papers: bibtex."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "bibtex", help="BibTeX entries for one, several or all papers",
        description="Print BibTeX entries in the form arXiv exports them (@misc), as "
        "@article or @inproceedings when arXiv has a journal reference, with keys that "
        "stay the same as the workspace grows.",
        epilog=examples("replicate bibtex > refs.bib",
                        "replicate bibtex 1706.03762 1810.04805 --output refs.bib"),
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="the papers (default: all of them)")
    p.add_argument("--output", "-o", metavar="FILE", type=Path,
                   help="write the entries to FILE instead of printing them")
    p.add_argument("--json", action="store_true",
                   help="print arxiv_id, key, type and bibtex of each entry as JSON")
    p.set_defaults(handler=cmd_bibtex)


def cmd_bibtex(args: argparse.Namespace) -> int:
    from .. import settings
    from ..bibtex import entries
    from ..files import write_atomic

    s = settings.load(args.workspace)
    found = entries(s.papers_dir, args.ids)
    text = "\n".join(e.text for e in found)
    if args.output:
        write_atomic(args.output, text)
    if args.json:
        print(json.dumps([{"arxiv_id": e.arxiv_id, "key": e.key, "type": e.kind,
                           "bibtex": e.text} for e in found], indent=2, ensure_ascii=False))
    elif args.output:
        print(f"{len(found)} entries written to {args.output}.")
    else:
        print(text, end="")
    return 0
