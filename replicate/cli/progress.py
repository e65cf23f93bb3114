"""Commands about progress: status, claim, result, ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "status", help="set a paper's state (queued, reading, ..., replicated, partial, ...)",
        description="Set a paper's state; the change is kept in its history and committed. "
        "States: queued, reading, implementing, experimenting, replicated, partial, "
        "not-reproduced, abandoned. Replicated, partial and not-reproduced count as finished.",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("state", metavar="STATE", nargs="?",
                   help="the new state; without it, show the state and its history")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("claim", help="add a claim of the paper to reproduce",
                       description="Add a quantitative claim of the paper by hand.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--metric", required=True, help="what is measured, e.g. 'top-1 accuracy'")
    p.add_argument("--value", required=True, help="the paper's figure")
    p.add_argument("--dataset", default="", help="dataset or task, e.g. ImageNet")
    p.add_argument("--unit", default="", help="e.g. %% or BLEU")
    p.add_argument("--tolerance", help="how far below still counts: 0.5 (metric units) or 2%%")
    p.add_argument("--lower-is-better", action="store_true", help="for errors, losses, WER...")
    p.add_argument("--human", help="a human-level figure for comparison")
    p.set_defaults(handler=cmd_claim)

    p = sub.add_parser("result", help="record a number you reproduced for a claim",
                       description="Record your number for one of the paper's claims (see "
                       "'replicate show ID' for the claim keys).")
    p.add_argument("id", metavar="ID")
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE",
                   help="your number, or the mean ± std of runs made elsewhere (19.5±0.3)")
    p.add_argument("--n", type=int, metavar="N",
                   help="how many runs a mean ± std is over (needed with ±)")
    p.add_argument("--override", action="store_true",
                   help="this number wins over the mean of the claim's runs")
    p.set_defaults(handler=cmd_result)

    p = sub.add_parser("ledger", help="progress toward your goal: every paper, claim and pace",
                       description="Show the ledger computed from every paper's record.")
    p.add_argument("--json", action="store_true", help="print JSON (same as --format json)")
    p.add_argument("--format", choices=("md", "csv", "json", "html"),
                   help="print (or write with --output) the ledger in this format")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, help="write to FILE")
    p.set_defaults(handler=cmd_ledger)


def cmd_status(args: argparse.Namespace) -> int:
    from .. import record, settings, tracking

    s = settings.load(args.workspace)
    if args.state is not None:
        print(tracking.set_status(s, args.id, args.state).summary)
        return 0
    _, paper = record.open_paper(s.papers_dir, args.id)
    print(f"{paper.arxiv_id}: {paper.status}")
    for change in paper.history:
        print(f"  {change.at}  {change.state}")
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    from .. import settings, tracking

    change = tracking.add_claim(
        settings.load(args.workspace), args.id, metric=args.metric, value=args.value,
        dataset=args.dataset, unit=args.unit, tolerance=args.tolerance,
        lower_is_better=args.lower_is_better, human=args.human,
    )
    print(change.summary)
    return 0


def cmd_result(args: argparse.Namespace) -> int:
    from .. import settings, tracking

    print(tracking.record_result(settings.load(args.workspace), args.id, args.key,
                                 args.value, n=args.n, override=args.override).summary)
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    from .. import ledger, settings
    from ..errors import ReplicateError
    from ..files import write_atomic

    s = settings.load(args.workspace)
    book = ledger.build(s)
    fmt = "json" if args.json and not args.format else args.format
    if args.output and not fmt:
        fmt = {".md": "md", ".csv": "csv", ".json": "json", ".html": "html",
               ".htm": "html"}.get(args.output.suffix.lower(), "md")
    text = ledger.render(book, fmt) if fmt else ledger.render_text(book)
    if args.output:
        try:
            write_atomic(args.output, text)
        except OSError as e:
            raise ReplicateError(f"cannot write {args.output} ({e.strerror}); "
                                 "choose another --output.") from e
        print(f"Wrote the ledger ({fmt}) to {args.output}.")
    else:
        sys.stdout.write(text)
    for problem in book.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0
