"""The rubric command: the paper's weighted tree of requirements, its score and marks."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "rubric", help="the paper's rubric: requirements met, and the weighted score",
        description="Show the paper's rubric (rubric.toml in its repo, made from the claims, "
        "the recipe and the runs the first time, in PaperBench's form): each leaf met or not, "
        "the weights and the weighted score. Result leaves follow the claims' verdicts and "
        "execution leaves the runs; mark code leaves done with --done. New claims and runs "
        "add leaves, and changes are committed.",
        epilog=examples("replicate rubric 1706.03762",
                        "replicate rubric 1706.03762 --done model training"),
    )
    paper_argument(p)
    p.add_argument("--done", nargs="+", action="extend", default=[], metavar="NAME",
                   help="mark these code leaves done")
    p.add_argument("--undo", nargs="+", action="extend", default=[], metavar="NAME",
                   help="mark these leaves not done again")
    p.add_argument("--json", action="store_true", help="print the rubric and its score as JSON")
    p.set_defaults(handler=cmd_rubric)


def cmd_rubric(args: argparse.Namespace) -> int:
    from .. import rubric, settings
    from ..errors import UsageError
    from ..ledger import to_json

    both = sorted(set(args.done) & set(args.undo))
    if both:
        raise UsageError(f"{', '.join(both)} cannot be both --done and --undo; give one.")
    got = rubric.update(settings.load(args.workspace), args.id, args.done, args.undo)
    if args.json:
        sys.stdout.write(to_json(got.to_dict()))
        return 0
    from .term import color_wanted, width

    print_rubric(got, width(), color_wanted(args))
    return 0


def print_rubric(got: Any, room: int, color: bool = False) -> None:
    """The tree, a node a line (its requirement wrapped below), with the score on top."""
    from ..rubric import score_line
    from .term import fit, paint_words, wrap

    said = "; ".join(got.changes())
    if said:
        print(f"{said[0].upper()}{said[1:]}" + (f"; committed {got.path.name}." if got.commit
                                                else "."))
    print(fit(f"{got.arxiv_id}: {score_line(got)}", room))
    print(fit(str(got.path), room))

    def show(node: Any, depth: int) -> None:
        pad = "  " * depth
        if node.leaf:
            mark = {True: "[x]", False: "[ ]", None: "[-]"}[node.met]
            head = f"{pad}{mark} {node.name}  weight {node.weight:g}  " \
                f"{node.decided_by}: {node.why}"
            body = pad + " " * 4
        else:
            score = "-" if node.score is None else f"{node.score:.2f}"
            head = f"{pad}{node.name}  weight {node.weight:g}  score {score}"
            body = pad + "  "
        print(paint_words(fit(head, room), color, ["reproduced", "not-reproduced", "pending"]))
        if node.requirements:
            print("\n".join(wrap(node.requirements, room, body)))
        for child in node.sub_tasks:
            show(child, depth + 1)

    for child in got.root.sub_tasks:
        print()
        show(child, 0)
    print()
    print(f"Mark code leaves done with 'replicate rubric {got.arxiv_id} --done NAME'.")
