"""Commands about sharing the work: publish (paper repos, the workspace) and site."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "publish", help="push a paper repo to a remote (and the workspace, with submodules)",
        description="Push the paper repo's branch to --remote and record the URL in its "
        "record; with --workspace-remote, commit every published paper as a git submodule "
        "of the workspace and push the workspace there too.",
        epilog=examples("replicate publish 1706.03762 --remote git@github.com:you/attention.git",
                        "replicate publish --workspace-remote git@github.com:you/papers.git"),
    )
    p.add_argument("id", metavar="ID", nargs="?", help="the paper to publish")
    p.add_argument("--remote", metavar="URL",
                   help="where to push the paper repo (default: the URL it was published at)")
    p.add_argument("--workspace-remote", metavar="URL",
                   help="push the workspace, each published paper a submodule, to URL")
    p.add_argument("--json", action="store_true", help="print what was published as JSON")
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser(
        "site", help="write a static portfolio site: progress, papers, claims, runs",
        description="Write a self-contained static site (HTML and one stylesheet, no "
        "JavaScript) of the workspace: an index with the progress toward both goals and "
        "a page for each paper.",
        epilog=examples("replicate site --output docs/site"),
    )
    p.add_argument("--output", "-o", metavar="DIR", type=Path,
                   help="where to write it (default: site/ in the workspace)")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(handler=cmd_site)


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return {k: _plain(v) for k, v in vars(value).items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, Path) else value


def cmd_publish(args: argparse.Namespace) -> int:
    from .. import publish, settings
    from ..errors import BadValue
    from ..ledger import to_json

    if args.id is None and args.workspace_remote is None:
        raise BadValue("say what to publish: a paper ('replicate publish ID --remote URL') "
                       "or the workspace (--workspace-remote URL).")
    if args.id is None and args.remote is not None:
        raise BadValue("--remote is where one paper goes; name the paper: "
                       "'replicate publish ID --remote URL'.")
    s = settings.load(args.workspace)
    done: dict[str, object] = {"paper": None, "workspace": None}
    if args.id is not None:
        paper = publish.publish_paper(s, args.id, args.remote)
        done["paper"] = _plain(paper)
        if not args.json:
            where = f" ({paper.code_url})" if paper.code_url else ""
            print(f"Published {paper.arxiv_id} ({paper.branch} at {paper.commit[:7]}) to "
                  f"{paper.url}{where}.")
    if args.workspace_remote is not None:
        ws = publish.publish_workspace(s, args.workspace_remote)
        done["workspace"] = _plain(ws)
        if not args.json:
            made = " (now a git repo)" if ws.created else ""
            print(f"Published the workspace{made} to {ws.url} with {len(ws.submodules)} "
                  f"paper submodule{'s' if len(ws.submodules) != 1 else ''}.")
            for skipped in ws.skipped:
                print(f"  left out: {skipped}")
    if args.json:
        sys.stdout.write(to_json(done))
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .. import settings, site
    from ..ledger import to_json

    s = settings.load(args.workspace)
    built = site.build_site(s, args.output)
    if args.json:
        sys.stdout.write(to_json(_plain(built)))
    else:
        print(f"Wrote the site ({len(built.pages)} pages, {built.papers} papers) to "
              f"{built.output}; open {built.output / 'index.html'}.")
    for problem in built.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0
