"""Commands for finding papers: list, search, open, completion (and the hidden __complete)."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
from typing import Any

from . import examples, paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from ..opener import TARGETS

    p = sub.add_parser("list", help="list the workspace's papers: id, title, status, claims",
                       description="One line per paper: id, title, status and claims "
                       "reproduced of the total.",
                       epilog=examples("replicate list", "replicate list --status reading"))
    state = p.add_argument("--status", metavar="STATE", help="only papers in this state")
    state.complete = "state"  # type: ignore[attr-defined]
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("search", help="search arXiv; mark papers already added; add a hit",
                       description="Search arXiv (words match anywhere; ti:, au:, abs:, cat: "
                       "prefixes, AND/OR/ANDNOT and quoted phrases pass through to arXiv's "
                       "search_query). Requests keep arXiv's delay, like add.",
                       epilog=examples("replicate search attention is all you need",
                                       "replicate search ti:resnet au:he --add 1"))
    p.add_argument("query", metavar="QUERY", nargs="+", help="what to look for")
    p.add_argument("--max", type=int, default=10, metavar="N",
                   help="show at most N papers (default 10, at most 100)")
    p.add_argument("--add", type=int, metavar="K", help="add the K-th paper found")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("open", help="open a paper's notebook, PDF, repo, abstract or code",
                       description="Open the paper's notebook in JupyterLab, its PDF or repo "
                       "folder with the system's opener, its abstract page or code in the "
                       "browser. --print prints the path or URL instead.",
                       epilog=examples("replicate open attention", "replicate open resnet pdf "
                                       "--print"))
    paper_argument(p)
    p.add_argument("target", metavar="WHAT", nargs="?", choices=TARGETS,
                   help=f"{', '.join(TARGETS)} (default: notebook)")
    p.add_argument("--print", action="store_true", dest="print_only",
                   help="print the path or URL instead of opening it")
    p.add_argument("--json", action="store_true",
                   help="print the path or URL as JSON instead of opening it")
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser("completion", help="print a shell completion script (bash, zsh, fish)",
                       description="Print the completion script for your shell: commands, "
                       "options, states and the workspace's papers (asked for each time, "
                       "so papers added later are completed too).",
                       epilog=examples("replicate completion bash >> ~/.bash_completion",
                                       "replicate completion fish > "
                                       "~/.config/fish/completions/replicate.fish"))
    p.add_argument("shell", metavar="SHELL", choices=("bash", "zsh", "fish"),
                   help="bash, zsh or fish")
    p.set_defaults(handler=cmd_completion)

    p = sub.add_parser("__complete",  # no help: hidden; what completion scripts ask
                       epilog=examples("replicate __complete papers 1706"))
    p.add_argument("kind", choices=("papers",))
    p.add_argument("prefix", nargs="?", default="")
    p.set_defaults(handler=cmd_complete)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"


def cmd_list(args: argparse.Namespace) -> int:
    from .. import ledger, settings
    from ..errors import BadValue
    from ..tracking import state_name

    s = settings.load(args.workspace)
    wanted = None if args.status is None else state_name(args.status)
    if wanted is not None and wanted not in ledger.STATES:
        raise BadValue(f"unknown state '{wanted}'; use one of: {', '.join(ledger.STATES)}.")
    rows = [r for r in ledger.build(s).papers if wanted in (None, r.status)]
    if args.json:
        fields = ("arxiv_id", "title", "status", "claims_reproduced", "claims_total", "path",
                  "problem")
        sys.stdout.write(ledger.to_json([{k: getattr(r, k) for k in fields} for r in rows]))
        return 0
    if not rows:
        print(f"No {wanted} papers." if wanted else
              "No papers yet: add one with 'replicate add 1706.03762'.")
        return 0
    id_width = max(len(r.arxiv_id) for r in rows)
    status_width = max(len(r.status) for r in rows)
    claims = [f"{r.claims_reproduced}/{r.claims_total}" for r in rows]
    claims_width = max(len(c) for c in claims)
    columns = shutil.get_terminal_size().columns
    title_width = max(columns - id_width - status_width - claims_width - 6, 20)
    for r, c in zip(rows, claims, strict=True):
        print(f"{r.arxiv_id:<{id_width}}  {_fit(r.title, title_width):<{title_width}}  "
              f"{r.status:<{status_width}}  {c:>{claims_width}}".rstrip())
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .. import settings
    from ..errors import BadValue
    from ..fetch import Fetcher
    from ..search import search
    from .papers import add_and_print

    s = settings.load(args.workspace)
    fetcher = Fetcher(s)
    found = search(s, " ".join(args.query), args.max, fetcher)
    if args.add is not None and not 1 <= args.add <= len(found.hits):
        raise BadValue(f"--add {args.add} is not one of the {len(found.hits)} papers found; "
                       f"give a number from 1 to {len(found.hits)}." if found.hits else
                       "--add has nothing to add: the search found no papers.")
    if args.json:
        sys.stdout.write(json.dumps({"query": found.query, "total": found.total,
                                     "hits": [h.to_dict() for h in found.hits]},
                                    indent=2, ensure_ascii=False) + "\n")
    else:
        _print_hits(found)
    if args.add is None:
        return 0
    hit = found.hits[args.add - 1]
    if args.json:  # the outcome goes to stderr, so stdout stays one JSON document
        with contextlib.redirect_stdout(sys.stderr):
            return add_and_print(s, [hit.arxiv_id], fetcher=fetcher)
    return add_and_print(s, [hit.arxiv_id], fetcher=fetcher)


def _print_hits(found: Any) -> None:
    if not found.hits:
        print(f"arXiv found nothing for {found.query}.")
        return
    columns = shutil.get_terminal_size().columns
    width = len(str(len(found.hits)))
    for h in found.hits:
        authors = ", ".join(h.authors[:2]) + (" et al." if len(h.authors) > 2 else "")
        mark = "  [added]" if h.in_workspace else ""
        head = f"{h.index:>{width}}. {h.arxiv_id}v{h.version}  {h.published}  "
        print(head + _fit(h.title, max(columns - len(head) - len(mark), 20)) + mark)
        print(" " * (width + 2) + _fit(authors, max(columns - width - 2, 20)))
    shown = len(found.hits)
    more = f" of {found.total}" if found.total > shown else ""
    print(f"{shown}{more} shown; add one with 'replicate search ... --add K' or "
          "'replicate add ID'.")


def cmd_open(args: argparse.Namespace) -> int:
    from .. import names, opener, record, settings

    s = settings.load(args.workspace)
    if args.target is None and args.id in opener.TARGETS and \
            names.here(s.papers_dir) is not None:
        args.id, args.target = None, args.id  # `replicate open pdf` inside a paper repo
    repo, paper = record.open_paper(s.papers_dir, args.id)
    target = opener.target(s, repo, paper, args.target or opener.DEFAULT)
    if args.json:
        print(json.dumps(target.to_dict(), indent=2, ensure_ascii=False))
        return 0
    if args.print_only:
        print(target.location)
        return 0
    opener.launch(target)
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    from ..completion import script
    from . import build_parser

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


def cmd_complete(args: argparse.Namespace) -> int:
    """``id<TAB>title`` of each paper the prefix could name; quiet when there is nothing."""
    from .. import names, settings
    from ..errors import ReplicateError

    try:
        s = settings.load(args.workspace)
    except ReplicateError:
        return 0
    for entry in names.candidates(s.papers_dir, args.prefix):
        print(f"{entry.arxiv_id}\t{entry.title}")
    return 0
