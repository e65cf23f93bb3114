"""Checking the workspace: doctor."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "doctor", help="check every paper and the workspace; --fix repairs what is safe",
        description="Check that each record parses and has its fields, each paper is a git "
        "repo with its record and its PDF, results match claims, templates render, "
        "LEDGER.md is current and the cache is readable. Each problem is one line with "
        "its fix.",
        epilog=examples("replicate doctor", "replicate doctor --fix"),
    )
    p.add_argument("--fix", action="store_true",
                   help="download missing PDFs again, rebuild LEDGER.md, drop corrupt cache "
                   "entries, and say what was done")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from .. import settings
    from ..doctor import check
    from ..fetch import Fetcher
    from .term import plural

    s = settings.load(args.workspace)
    fetcher = Fetcher(s) if args.fix else None
    report = check(s, fix=args.fix, fetch_pdf=fetcher.pdf if fetcher else None)
    if args.json:
        print(json.dumps({"checked": report.checked,
                          "problems": [p.to_dict() for p in report.problems]}, indent=2,
                         ensure_ascii=False))
    else:
        for p in report.problems:
            where = f"{p.paper}: " if p.paper else ""
            if p.fixed:
                print(f"fixed: {where}{p.path} {p.problem}")
            else:
                print(f"{where}{p.path} {p.problem}; {p.fix}.")
        left = len(report.remaining)
        print(f"{plural(report.checked, 'paper')} checked: " + (
            "no problems." if not report.problems else
            f"{len(report.problems) - left} fixed, {left} left."))
    return 1 if report.remaining else 0
