"""Commands about progress: status, claim, result, ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "status", help="set a paper's state (queued, reading, ..., replicated, partial, ...)",
        description="Set a paper's state; the change is kept in its history and committed. "
        "States: queued, reading, implementing, experimenting, replicated, partial, "
        "not-reproduced, abandoned. Replicated, partial and not-reproduced count as finished.",
        epilog=examples("replicate status 1706.03762 implementing",
                        "replicate status 1706.03762"),
    )
    paper_argument(p)
    state = p.add_argument("state", metavar="STATE", nargs="?",
                           help="the new state; without it, show the state and its history")
    state.complete = "state"  # type: ignore[attr-defined]
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("claim", help="add a claim of the paper to reproduce",
                       description="Add a quantitative claim of the paper by hand.",
                       epilog=examples("replicate claim 1512.03385 --metric accuracy "
                                       "--value 93.57 --dataset CIFAR-10"))
    paper_argument(p)
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
                       "'replicate show ID' for the claim keys).",
                       epilog=examples("replicate result 1706.03762 bleu-wmt-2014-english-german "
                                       "27.9", "replicate result 1706.03762 "
                                       "bleu-wmt-2014-english-german 27.9±0.2 --n 3"))
    paper_argument(p)
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE",
                   help="your number, or the mean ± std of runs made elsewhere (19.5±0.3)")
    p.add_argument("--n", type=int, metavar="N",
                   help="how many runs a mean ± std is over (needed with ±)")
    p.add_argument("--override", action="store_true",
                   help="this number wins over the mean of the claim's runs")
    p.set_defaults(handler=cmd_result)

    p = sub.add_parser("ledger", help="progress toward your goal: every paper, claim and pace",
                       description="Show the ledger computed from every paper's record.",
                       epilog=examples("replicate ledger", "replicate ledger -o ledger.html"))
    p.add_argument("--json", action="store_true", help="print JSON (same as --format json)")
    p.add_argument("--format", choices=("md", "csv", "json", "html"),
                   help="print (or write with --output) the ledger in this format")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, help="write to FILE")
    p.set_defaults(handler=cmd_ledger)


def _is_state(text: str) -> bool:
    from ..ledger import STATES
    from ..tracking import state_name

    return state_name(text) in STATES


def cmd_status(args: argparse.Namespace) -> int:
    from .. import names, record, settings, tracking

    s = settings.load(args.workspace)
    if args.state is None and args.id is not None and _is_state(args.id) and \
            names.here(s.papers_dir) is not None:
        args.id, args.state = None, args.id  # `replicate status reading` inside a paper repo
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
    from .term import color_wanted, width

    s = settings.load(args.workspace)
    book = ledger.build(s)
    fmt = "json" if args.json and not args.format else args.format
    if args.output and not fmt:
        fmt = {".md": "md", ".csv": "csv", ".json": "json", ".html": "html",
               ".htm": "html"}.get(args.output.suffix.lower(), "md")
    text = ledger.render(book, fmt) if fmt else ledger_text(book, width(), color_wanted(args))
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


def ledger_text(book: Any, room: int, color: bool = False) -> str:
    """The terminal view of the ledger: progress, pace, then one fitted line per paper."""
    from ..ledger import bar, spent
    from .term import fit, paint_words, table

    lines = [
        f"goal      {bar(book.finished, book.goal_min)}",
        f"stretch   {bar(book.finished, book.goal_stretch)}",
        "status    " + (", ".join(f"{n} {s}" for s, n in book.counts.items() if n) or "none"),
    ]
    if book.per_month:
        lines.append(f"pace      {book.per_month:g} finished a month: {book.goal_min} by "
                     f"{book.eta_min}, {book.goal_stretch} by {book.eta_stretch}")
    else:
        lines.append("pace      nothing finished yet")
    total = book.compute
    if total["runs"]:
        lines.append(f"compute   {spent(int(total['runs']), total)}")
    lines = [paint_words(fit(line, room), color) if line.startswith("status") else
             fit(line, room) for line in lines]
    lines.append("")
    if not book.papers:
        lines.append(fit("No papers yet: add one with 'replicate add 1706.03762'.", room))
        return "\n".join(lines) + "\n"
    rows = []
    for r in book.papers:
        mark = "stuck" if r.stuck else ("!" if r.problem else "")
        days = "" if r.days_in_status is None else str(r.days_in_status)
        rows.append([r.arxiv_id, r.title, r.status, f"{r.claims_reproduced}/{r.claims_total}",
                     (r.last_activity or "")[:10], days, mark])
    header = ["id", "title", "status", "claims", "activity", "days", ""]
    body = table(header, rows, room, shrink=(1,), right=(3, 5), color=color, styled=(2, 6))
    rule = "-" * min(room, len(body[0]))
    lines += [body[0], rule, *body[1:]]
    # A broken record's message names its file: whole, below the table, like a warning.
    lines += [f"! {r.problem}" for r in book.papers if r.problem]
    return "\n".join(lines) + "\n"
