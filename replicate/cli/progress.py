"""Commands about progress: status, claim, result, ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples, value

    p = sub.add_parser(
        "status", help="set a paper's state (queued, reading, ..., replicated, partial, ...)",
        description="Set a paper's state; the change is kept in its history and committed. "
        "States: queued, reading, implementing, experimenting, replicated, partial, "
        "not-reproduced, abandoned. Replicated, partial and not-reproduced count as finished; "
        "'done' takes the one the claims give (all central claims reproduced: replicated; "
        "some: partial; none: not-reproduced).",
        epilog=examples("replicate status 1706.03762 implementing",
                        "replicate status 1706.03762 done"),
    )
    paper_argument(p)
    state = p.add_argument("state", metavar="STATE", nargs="?", type=value(_state),
                           help="the new state, or done for the one the claims give; without it, "
                           "show the state and its history")
    state.complete = "state"  # type: ignore[attr-defined]
    p.add_argument("--note", metavar="TEXT",
                   help="why, kept with the change in the history (and the commit message)")
    p.add_argument("--json", action="store_true",
                   help="print the state, its history and what changed as JSON")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("claim", help="add, edit or remove a claim of the paper to reproduce",
                       description="Add a quantitative claim of the paper by hand (one that "
                       "matches a suggestion adopts it), or change (--edit KEY) or delete "
                       "(--remove KEY) one.",
                       epilog=examples("replicate claim 1512.03385 --metric accuracy "
                                       "--value 93.57 --dataset CIFAR-10",
                                       "replicate claim 1512.03385 --edit accuracy-cifar-10 "
                                       "--tolerance 1%"))
    paper_argument(p)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--edit", metavar="KEY", help="change the given fields of claim KEY")
    action.add_argument("--remove", metavar="KEY", help="delete claim KEY")
    p.add_argument("--metric", help="what is measured, e.g. 'top-1 accuracy'")
    p.add_argument("--value", type=value(_number("--value")),
                   help="the paper's figure")
    p.add_argument("--dataset", help="dataset or task, e.g. ImageNet")
    p.add_argument("--unit", help="e.g. %% or BLEU")
    p.add_argument("--tolerance", type=value(_tolerance),
                   help="how far below still counts: 0.5 (metric units) or 2%%")
    p.add_argument("--lower-is-better", action=argparse.BooleanOptionalAction, default=None,
                   help="for errors, losses, WER... (--no-lower-is-better undoes it)")
    p.add_argument("--human", type=value(_number("--human")),
                   help="a human-level figure for comparison")
    central = p.add_mutually_exclusive_group()
    central.add_argument("--central", dest="central", action="store_const", const=True,
                         default=None, help="a central claim: the paper's verdict follows "
                         "its central claims (when none is marked, every claim is)")
    central.add_argument("--not-central", dest="central", action="store_const", const=False,
                         help="not a central claim: left out of the paper's verdict")
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(handler=cmd_claim)

    p = sub.add_parser("result", help="record a number you reproduced for a claim",
                       description="Record your number for one of the paper's claims (see "
                       "'replicate show ID' for the claim keys) and print its verdict.",
                       epilog=examples("replicate result 1706.03762 bleu-wmt-2014-english-german "
                                       "27.9", "replicate result 1706.03762 "
                                       "bleu-wmt-2014-english-german 27.9±0.2 --n 3"))
    paper_argument(p)
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE", type=value(_result),
                   help="your number, or the mean ± std of runs made elsewhere (19.5±0.3)")
    p.add_argument("--n", type=int, metavar="N",
                   help="how many runs a mean ± std is over (needed with ±)")
    p.add_argument("--override", action="store_true",
                   help="this number wins over the mean of the claim's runs")
    p.add_argument("--json", action="store_true",
                   help="print what changed and the claim's verdict as JSON")
    p.set_defaults(handler=cmd_result)

    p = sub.add_parser("ledger", help="progress toward your goal: every paper, claim and pace",
                       description="Show the ledger computed from every paper's record.",
                       epilog=examples("replicate ledger", "replicate ledger -o ledger.html"))
    p.add_argument("--json", action="store_true", help="print JSON (same as --format json)")
    p.add_argument("--format", choices=("md", "csv", "json", "html"),
                   help="print (or write with --output) the ledger in this format")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, help="write to FILE")
    p.set_defaults(handler=cmd_ledger)


# Validators for argparse, owned by the core; imported when used, so --help stays quick.
def _state(text: str) -> str:
    from ..tracking import state

    return state(text)


def _number(option: str) -> Any:
    def number(text: str) -> float:
        from ..tracking import number

        return number(text, option)

    return number


def _result(text: str) -> str:
    from ..tracking import parse_result

    parse_result(text, 1)  # its form only; whether --n is needed is checked with --n
    return text


def _tolerance(text: str) -> str:
    from ..ledger import Tolerance

    Tolerance.parse(text)
    return text


def _report(args: argparse.Namespace, change: Any) -> None:
    """What a change did: JSON, or its sentence with warnings on stderr."""
    from ..ledger import to_json

    if args.json:
        sys.stdout.write(to_json(change.to_dict()))
    else:
        print(change.summary)
    for warning in change.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _is_state(text: str) -> bool:
    from ..ledger import DONE, STATES
    from ..tracking import state_name

    return state_name(text) in (*STATES, DONE)


def cmd_status(args: argparse.Namespace) -> int:
    from .. import names, settings, tracking
    from ..errors import UsageError

    s = settings.load(args.workspace)
    if args.state is None and args.id is not None and _is_state(args.id) and \
            names.here(s.papers_dir) is not None:
        args.id, args.state = None, args.id  # `replicate status reading` inside a paper repo
    if args.state is None:
        if args.note is not None:
            raise UsageError("--note goes with a new state, e.g. 'replicate status "
                             f"{args.id} partial --note TEXT'.")
        change = tracking.read_status(s, args.id)
        if args.json:
            _report(args, change)
            return 0
        print(change.summary)
        for entry in change.data["history"]:
            note = f"  {entry['note']}" if entry.get("note") else ""
            print(f"  {entry['at']}  {entry['state']}{note}")
        return 0
    _report(args, tracking.set_status(s, args.id, args.state, note=args.note))
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    from .. import settings, tracking
    from ..errors import UsageError

    fields = {"metric": args.metric, "value": args.value, "dataset": args.dataset,
              "unit": args.unit, "tolerance": args.tolerance,
              "lower_is_better": args.lower_is_better, "human": args.human,
              "central": args.central}
    given = [f"--{k.replace('_', '-')}" for k, v in fields.items() if v is not None]
    if args.central is False:
        given = [g if g != "--central" else "--not-central" for g in given]
    if args.remove:
        if given:
            raise UsageError(f"--remove takes no other option; leave out {', '.join(given)}.")
        change = tracking.remove_claim(settings.load(args.workspace), args.id, args.remove)
    elif args.edit:
        if not given:
            raise UsageError(f"say what to change in claim {args.edit}, e.g. --value 76.1 or "
                             "--tolerance 1%.")
        change = tracking.edit_claim(settings.load(args.workspace), args.id, args.edit,
                                     **fields)
    else:
        missing = [o for o, v in (("--metric", args.metric), ("--value", args.value))
                   if v is None]
        if missing:
            raise UsageError(f"a new claim needs {' and '.join(missing)}, e.g. "
                             "--metric 'top-1 accuracy' --value 76.1.")
        fields["dataset"] = fields["dataset"] or ""
        fields["unit"] = fields["unit"] or ""
        change = tracking.add_claim(settings.load(args.workspace), args.id, **fields)
    _report(args, change)
    return 0


def cmd_result(args: argparse.Namespace) -> int:
    from .. import settings, tracking
    from . import value

    value(lambda text: tracking.parse_result(text, args.n))(args.value)  # --n goes with ±
    change = tracking.record_result(settings.load(args.workspace), args.id, args.key,
                                    args.value, n=args.n, override=args.override)
    _report(args, change)
    claim = change.data["claim"]
    if not args.json and claim is not None:
        print(verdict_line(claim))
    return 0


def verdict_line(c: dict[str, Any]) -> str:
    """``reproduced: 75.2 against the paper's 76 (gap -0.8, tolerance 2%); human 94.9``."""
    from ..ledger import mean_std

    unit = c.get("unit") or ""
    mine = mean_std(c).replace("–", "-") + ("" if c.get("runs") else unit)
    line = f"{c['verdict']}: {mine} against the paper's " \
        f"{c['value']:g}{unit}"
    if c.get("gap") is not None:
        line += f" (gap {c['gap']:+g}, tolerance {c['tolerance']})"
    if c.get("human") is not None and c.get("reproduced") is not None:
        better = (c["reproduced"] < c["human"]) if c["lower_is_better"] else \
            (c["reproduced"] > c["human"])
        side = "better than" if better else ("level with" if c["reproduced"] == c["human"]
                                             else "short of")
        line += f"; {side} the human {c['human']:g}{unit}"
    return line + "."


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


TITLE_ROOM = 16  # the fewest characters of a title the text ledger shows before it drops columns


def ledger_text(book: Any, room: int, color: bool = False) -> str:
    """The terminal view of the ledger: progress, pace, then one fitted line per paper."""
    from ..ledger import VERDICT_STATES, bar, spent
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
        # The claims' verdict, where the status does not already say it.
        verdict = (f" ({r.verdict})" if r.verdict and VERDICT_STATES.get(r.verdict) != r.status
                   else "")
        rows.append([r.arxiv_id, r.title, r.status,
                     f"{r.claims_reproduced}/{r.claims_total}{verdict}",
                     r.checklist.get("summary", ""), (r.last_activity or "")[:10], days, mark])
    header = ["id", "title", "status", "claims", "code", "activity", "days", ""]
    # A narrow terminal keeps the titles readable: the checklist, then the last activity,
    # are left to `show` (and the other formats).
    for drop in ("code", "activity"):
        others = sum(max(len(row[i]) for row in [header, *rows]) + 2
                     for i in range(len(header)) if header[i] != "title")
        if room - others >= TITLE_ROOM:
            break
        i = header.index(drop)
        header, rows = header[:i] + header[i + 1:], [row[:i] + row[i + 1:] for row in rows]
    right = tuple(header.index(h) for h in ("code", "days") if h in header)
    body = table(header, rows, room, shrink=(1,), right=right, color=color,
                 styled=(2, len(header) - 1))
    rule = "-" * min(room, len(body[0]))
    lines += [body[0], rule, *body[1:]]
    # A broken record's message names its file: whole, below the table, like a warning.
    lines += [f"! {r.problem}" for r in book.papers if r.problem]
    return "\n".join(lines) + "\n"
