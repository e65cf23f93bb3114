"""The report command: REPORT.md in the ML Reproducibility Challenge's shape, and the
ReScience C metadata.yaml beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "report", help="write the paper's replication report and its ReScience metadata.yaml",
        description="(Re)write the paper's REPORT.md in the ML Reproducibility Challenge's "
        "shape (scope, methodology, results with your mean ± std, your prose sections) "
        "from its record, runs and NOTES.md, and metadata.yaml for ReScience C beside it, "
        "and commit both. Only the generated parts are rewritten: your text is kept.",
        epilog=examples("replicate report 1512.03385",
                        "replicate report 1512.03385 --output ~/mlrc/resnet.md"),
    )
    paper_argument(p)
    p.add_argument("--output", "-o", metavar="FILE", type=Path,
                   help="write the report to FILE (metadata.yaml beside it) instead of the "
                   "repo's REPORT.md; nothing is committed")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from .. import settings
    from ..ledger import to_json
    from ..report import write_report

    done = write_report(settings.load(args.workspace), args.id, args.output)
    if args.json:
        sys.stdout.write(to_json(done.to_dict()))
    elif not done.changed:
        print(f"The report of {done.arxiv_id} is up to date; nothing changed ({done.summary}).")
    else:
        where = "committed" if done.commit else "written"
        shaped = "; your earlier report's text was carried into it" if done.reshaped else ""
        print(f"{done.arxiv_id}: {done.report} and {done.metadata.name} {where} "
              f"({done.summary}){shaped}.")
        print(f"  title: {done.title}")
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
