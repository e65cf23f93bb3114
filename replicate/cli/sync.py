"""The sync command: paper repos' owned regions in step with their records."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "sync", help="bring papers' README, REPORT, NOTES and notebook in step with the record",
        description="Regenerate the owned regions of each paper's files from paper.toml "
        "(after hand edits) and commit them, with the numbers the notebook wrote to "
        "results/reproduced.json. Without ids, every paper of the workspace.",
        epilog=examples("replicate sync", "replicate sync 1706.03762 --json"),
    )
    ids = p.add_argument("ids", nargs="*", metavar="ID",
                         help="the papers to sync (default: all)")
    ids.complete = "paper"  # type: ignore[attr-defined]  # completion offers the papers
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(handler=cmd_sync)


def cmd_sync(args: argparse.Namespace) -> int:
    from .. import settings
    from ..sync import describe, lost, sync

    done = sync(settings.load(args.workspace), args.ids)
    if args.json:
        print(json.dumps([s.to_dict() for s in done], indent=2, ensure_ascii=False))
    else:
        for synced in done:
            if synced.changed:
                print(describe(synced))
        if not any(s.changed for s in done):
            print("Every paper is in step with its record; nothing changed.")
    for synced in done:
        for name, missing in synced.left_alone.items():
            print(f"warning: {synced.arxiv_id}: {lost(name, missing)}.", file=sys.stderr)
        if synced.problem:
            print(f"warning: {synced.problem}", file=sys.stderr)
    return 1 if any(s.problem for s in done) else 0
