"""Commands about arXiv versions: outdated."""

from __future__ import annotations

import argparse
import dataclasses
import sys


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "outdated", help="list the papers arXiv has a newer version of",
        description="Ask arXiv (one request for the whole workspace) for each paper's latest "
        "version and list those newer than the version the paper was read from. Nothing "
        "is changed; 'replicate reread ID --latest' moves a paper to its latest version.",
        epilog=examples("replicate outdated", "replicate outdated --json"),
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_outdated)


def cmd_outdated(args: argparse.Namespace) -> int:
    from .. import settings
    from ..ledger import to_json
    from ..versions import outdated
    from .papers import _notify, _relative

    s = settings.load(args.workspace)
    result = outdated(s, notify=_notify)
    if args.json:
        sys.stdout.write(to_json({
            "checked": result.checked,
            "outdated": [dataclasses.asdict(n) for n in result.newer],
            "problems": [dataclasses.asdict(p) for p in result.problems],
        }))
    else:
        for n in result.newer:
            when = f", {n.updated[:10]}" if n.updated else ""
            print(f"{n.arxiv_id}  v{n.read_version} -> v{n.latest_version}{when}  {n.title}")
            print(f"       {_relative(n.path, s.workspace)}")
        for p in result.problems:
            print(f"error: {p.arxiv_id or _relative(p.path, s.workspace)}: {p.error}",
                  file=sys.stderr)
        papers = f"{result.checked} paper{'' if result.checked == 1 else 's'}"
        if result.newer:
            have = "has" if len(result.newer) == 1 else "have"
            print(f"{len(result.newer)} of {papers} {have} a newer version on arXiv; "
                  "'replicate reread ID --latest' reads it.")
        elif result.checked:
            print(f"None of {papers} has a newer version on arXiv.")
        else:
            print("No papers to check; add one with 'replicate add ID'.")
    return 1 if result.problems else 0
