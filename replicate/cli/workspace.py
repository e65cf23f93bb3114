"""Commands about the workspace itself: init, path."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser("init", help="make a workspace (replicate.toml and papers/)",
                       description="Make a workspace: replicate.toml with the goal and papers/.",
                       epilog=examples("replicate init ~/replications"))
    p.add_argument("dir", nargs="?", default=".", help="where (default: here)")
    p.add_argument("--json", action="store_true", help="print what was made as JSON")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("path", help="show where things are: workspace, papers, cache, endpoints",
                       description="Show where things are, so you never have to guess. "
                       "With ID, print just that paper's repo path.",
                       epilog=examples("replicate path", "replicate path resnet"))
    paper_argument(p, "a paper (its id, the start of it, or words of its title): print "
                   "just its repo's path")
    p.add_argument("--json", action="store_true", help="print the paths and endpoints as JSON")
    p.set_defaults(handler=cmd_path)


def cmd_init(args: argparse.Namespace) -> int:
    import sys

    from .. import settings
    from ..ledger import to_json

    folder = Path(args.dir).expanduser().resolve()
    created = not (folder / settings.CONFIG_NAME).exists()
    config = settings.init(folder)
    if args.json:
        sys.stdout.write(to_json({"workspace": str(config.parent), "config": str(config),
                                  "papers": str(config.parent / "papers"),
                                  "changed": created}))
        return 0
    print(f"Workspace ready at {config.parent} (settings in {config.name}, papers in papers/).")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    import sys

    from .. import settings
    from ..ledger import to_json

    s = settings.load(args.workspace)
    if args.id is not None:
        from .. import record

        repo = record.locate(s.papers_dir, args.id)
        print(to_json({"path": str(repo)}).rstrip("\n") if args.json else repo)
        return 0
    from ..scaffold import template_sources

    templates = [str(p) for p in template_sources(s.templates_dir)]
    if args.json:
        sys.stdout.write(to_json({
            "workspace": str(s.workspace), "config": str(s.config_file or "") or None,
            "papers": str(s.papers_dir), "ledger": str(s.ledger_file),
            "cache": str(s.cache_dir), "templates": templates, "arxiv_api": s.api_url,
            "arxiv_pdf": s.pdf_url, "arxiv_source": s.source_url}))
        return 0
    rows = [
        ("workspace", str(s.workspace)),
        ("config", str(s.config_file or "(none)")),
        ("papers", str(s.papers_dir)),
        ("ledger", str(s.ledger_file)),
        ("cache", str(s.cache_dir)),
        ("templates", "  ".join(templates)),
        ("arxiv api", s.api_url),
        ("arxiv pdf", s.pdf_url),
        ("arxiv source", s.source_url),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0
