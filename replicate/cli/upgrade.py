"""The upgrade command: merge template changes into every paper repo."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

STATES = ("upgraded", "current", "conflicts", "skipped")


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "upgrade", help="merge changes of the templates into every paper repo",
        description="Render the current templates (packaged and the workspace's) for each "
        "paper and merge what changed since its repo was rendered into its files (a "
        "three-way merge). A clean merge is committed; a conflict leaves conflict markers "
        "and no commit; a repo with uncommitted changes is skipped. Exit code 1 when a "
        "conflict remains or a repo was skipped.",
        epilog=examples("replicate upgrade --dry-run", "replicate upgrade 1706.03762"),
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="the papers to upgrade (default: all)")
    p.add_argument("--dry-run", "-n", action="store_true",
                   help="change nothing; print each paper's diff")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_upgrade)


def cmd_upgrade(args: argparse.Namespace) -> int:
    from .. import settings
    from ..upgrade import upgrade

    s = settings.load(args.workspace)
    groups: dict[str, list[Any]] = {state: [] for state in STATES}
    for outcome in upgrade(s, args.ids, dry_run=args.dry_run):
        groups[outcome.state].append(outcome)
        if not args.json:
            _print_outcome(outcome, args.dry_run)
    if args.json:
        out: dict[str, Any] = {"dry_run": args.dry_run}
        out.update({state: [_json(o, args.dry_run) for o in groups[state]] for state in STATES})
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        verb = "would be upgraded" if args.dry_run else "upgraded"
        print(f"{len(groups['upgraded'])} {verb}, {len(groups['current'])} already current, "
              f"{len(groups['conflicts'])} with conflicts, {len(groups['skipped'])} skipped.")
    return 1 if groups["conflicts"] or groups["skipped"] else 0


def _print_outcome(o: Any, dry_run: bool) -> None:
    if o.state == "skipped":
        print(f"{'skipped':<10}{o.arxiv_id}  {o.reason}")
        return
    detail = ", ".join(o.files) if o.files else ""
    if o.state == "upgraded" and not o.files:
        detail = "no file changed; the new templates are recorded"
    if o.conflicts:
        detail += (f"; conflicts in {', '.join(o.conflicts)}" +
                   ("" if dry_run else ": resolve them, then commit"))
    label = "would upgrade" if dry_run and o.state == "upgraded" else o.state
    print(f"{label:<9} {o.arxiv_id}  {detail}".rstrip())
    if o.note and o.state != "current":
        print(f"{'':<10}note: {o.note}")
    if dry_run and o.diff:
        sys.stdout.write(o.diff)


def _json(o: Any, dry_run: bool) -> dict[str, Any]:
    data = {"arxiv_id": o.arxiv_id, "path": str(o.repo), "files": o.files,
            "conflicts": o.conflicts, "commit": o.commit, "reason": o.reason or None,
            "note": o.note or None}
    if dry_run:
        data["diff"] = o.diff
    return data
