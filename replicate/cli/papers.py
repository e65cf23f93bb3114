"""Commands about single papers: add, show, reread."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

SHOW_FIELDS = (
    "arxiv_id", "version", "title", "authors", "abstract", "published", "updated",
    "primary_category", "categories", "doi", "journal_ref", "comment", "pdf_sha256",
    "status", "added", "history", "official_code", "code_urls", "datasets", "sections",
    "compute", "hyperparameters", "missing", "read_from_version",
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add", help="add papers by arXiv id, URL or PDF and scaffold a replication repo for each",
        description="Fetch each paper's metadata and PDF from arXiv, read it, and scaffold "
        "a git repo for its replication in the workspace's papers/ folder.",
    )
    p.add_argument("ids", nargs="*", metavar="ID",
                   help="1706.03762, arXiv:1706.03762v5, an abs/pdf URL, hep-th/9901001, "
                   "or a path to a PDF you have")
    p.add_argument("--from-file", "-f", metavar="FILE", type=Path,
                   help="read ids from FILE, one per line (# comments allowed)")
    p.add_argument("--rebuild", action="store_true",
                   help="make a paper already there whose .git is gone a git repo again")
    p.add_argument("--no-source", action="store_true",
                   help="read the PDF only; do not download the LaTeX source")
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("show", help="show a paper's record: metadata, claims, plan, status",
                       description="Show what the workspace knows about one paper.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print the record as JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("reread", help="read a paper's PDF again, updating unedited suggestions",
                       description="Re-run the extraction of claims, hyperparameters, datasets "
                       "and links, keeping everything you edited in paper.toml.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--no-source", action="store_true",
                   help="read the PDF only; do not download the LaTeX source")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--version", type=int, metavar="N",
                       help="read arXiv version N of the paper instead (its PDF and source)")
    which.add_argument("--latest", action="store_true",
                       help="read the latest version arXiv has")
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(handler=cmd_reread)


def cmd_add(args: argparse.Namespace) -> int:
    from .. import settings
    from ..add import add, read_id_file
    from ..errors import BadValue

    inputs = list(args.ids)
    if args.from_file:
        inputs += read_id_file(args.from_file)
    if not inputs:
        raise BadValue("nothing to add; give an arXiv id (e.g. 'replicate add 1706.03762') "
                       "or --from-file FILE.")
    s = settings.load(args.workspace, read_source=False if args.no_source else None)
    counts = {"added": 0, "exists": 0, "failed": 0}
    with _progress() as progress:
        for result in add(s, inputs, progress=progress, notify=_notify, rebuild=args.rebuild):
            counts[result.outcome] += 1
            _print_added(result, s.workspace)
    parts = [f"{counts['added']} added"]
    if counts["exists"]:
        parts.append(f"{counts['exists']} already there")
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    if len(inputs) > 1 or counts["failed"]:
        print(", ".join(parts) + ".")
    return 1 if counts["failed"] else 0


def _print_added(result: Any, workspace: Path) -> None:
    if result.outcome == "failed":
        from ..ids import shorten

        print(f"error: {shorten(result.input, 160)}: {result.error}", file=sys.stderr)
        return
    where = _relative(result.path, workspace) if result.path else ""
    label = "added" if result.outcome == "added" else "exists"
    print(f"{label:<7}{result.arxiv_id}  {result.title}".rstrip())
    if where:
        print(f"       {where}")
    for note in result.notes:
        print(f"       note: {note}")


def _notify(message: str) -> None:
    print(f"note: {message}", file=sys.stderr, flush=True)


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        try:
            return str(path.relative_to(base))
        except ValueError:
            return str(path)


class _progress:
    """A download progress bar on stderr when it is a terminal; silent otherwise."""

    def __enter__(self):
        self._bar = None
        if not sys.stderr.isatty():
            return None
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                             TransferSpeedColumn(), transient=True)
        self._bar.start()
        self._tasks: dict[str, Any] = {}
        return self.update

    def update(self, name: str, done: int, total: int | None) -> None:
        if name not in self._tasks:
            self._tasks[name] = self._bar.add_task(f"PDF {name}", total=total)
        self._bar.update(self._tasks[name], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def paper_json(paper: Any, repo: Path, tolerance: str) -> dict[str, Any]:
    from ..ledger import claim_views

    data = paper.to_dict()
    out = {k: data[k] for k in SHOW_FIELDS}
    out["path"] = str(repo)
    out["claims"] = claim_views(paper, repo, tolerance)
    return out


def cmd_show(args: argparse.Namespace) -> int:
    from .. import record, settings
    from ..ledger import to_json

    s = settings.load(args.workspace)
    repo, paper = record.open_paper(s.papers_dir, args.id)
    data = paper_json(paper, repo, s.tolerance)
    if args.json:
        sys.stdout.write(to_json(data))
        return 0
    _print_paper(data)
    return 0


def _print_paper(d: dict[str, Any]) -> None:
    import textwrap

    from ..ledger import mean_std

    print(f"{d['title']}")
    parts = [f"arXiv:{d['arxiv_id']}v{d['version']}"]
    if d["primary_category"]:
        parts.append(f"[{d['primary_category']}]")
    if d["published"]:
        parts.append(f"published {d['published'][:10]}")
    parts.append(f"status: {d['status']}")
    print("  ".join(parts))
    if d["authors"]:
        print(textwrap.fill(", ".join(d["authors"]), width=88))
    for label, key in (("journal", "journal_ref"), ("doi", "doi"), ("comment", "comment")):
        if d.get(key):
            print(f"{label}: {d[key]}")
    print(f"repo: {d['path']}")
    if d["official_code"]:
        print(f"code: {d['official_code']} (official)")
    for url in d["code_urls"]:
        if url != d["official_code"]:
            print(f"link: {url}")
    if d["abstract"]:
        print()
        print(textwrap.fill(d["abstract"], width=88))
    if d["claims"]:
        print("\nClaims (key: paper / yours / human -> verdict)")
        for c in d["claims"]:
            unit = c.get("unit") or ""
            dataset = f" on {c['dataset']}" if c.get("dataset") else ""
            mine = mean_std(c).replace("–", "-")
            human = "-" if c.get("human") is None else c["human"]
            within = " (the paper's figure is within mean ± std)" if c.get("within_std") else ""
            print(f"  {c['key']}: {c['metric']}{dataset}: {c['value']}{unit} / {mine} / "
                  f"{human} -> {c['verdict']}{within}")
            if c.get("source"):
                src = c["source"] if len(c["source"]) < 100 else c["source"][:97] + "..."
                page = f"p.{c['page']}: " if c.get("page") else ""
                print(f"      from {page}{src}")
    if d["hyperparameters"]:
        print("\nHyperparameters")
        for h in d["hyperparameters"]:
            print(f"  {h['name']}: {h['value']}")
    for label, key in (("Datasets", "datasets"), ("Compute", "compute")):
        if d[key]:
            print(f"\n{label}: " + "; ".join(d[key]))
    if d["sections"]:
        print("\nOutline")
        for sec in d["sections"]:
            print(f"  {sec}")
    if d["missing"]:
        print("\nMissing (fill in paper.toml): " + ", ".join(d["missing"]))


def cmd_reread(args: argparse.Namespace) -> int:
    import dataclasses

    from .. import settings
    from ..add import reread
    from ..ledger import to_json

    s = settings.load(args.workspace, read_source=False if args.no_source else None)
    done = reread(s, args.id, version=args.version, latest=args.latest, notify=_notify)
    if args.json:
        data = {k: v for k, v in dataclasses.asdict(done).items() if k != "diff"}
        sys.stdout.write(to_json({**data, **dataclasses.asdict(done.diff)}))
        return 0
    read = f" v{done.to_version}" if done.to_version != done.from_version else ""
    print(f"Re-read {done.arxiv_id}{read}; suggestions in {done.path / 'paper.toml'} updated.")
    for note in done.notes:
        print(f"  {note}")
    _print_diff(done.diff)
    return 0


def _print_diff(diff: Any) -> None:
    """Claims and settings as they were and are now: ``28.4 (v1) -> 28.9 (v2)``."""
    def figure(value: float | None, unit: str, version: int | None) -> str:
        return f"{value:g}{unit}" + (f" (v{version})" if version else "")

    for title, changes in (("Changed claims", diff.claims_changed),
                           ("Added claims", diff.claims_added),
                           ("Removed claims", diff.claims_removed)):
        if changes:
            print(f"{title}:")
        for c in changes:
            dataset = f" on {c.dataset}" if c.dataset else ""
            old = None if c.old_value is None else figure(c.old_value, c.unit, c.old_version)
            new = None if c.new_value is None else figure(c.new_value, c.unit, c.new_version)
            shown = f"{old} -> {new}" if old and new else old or new
            print(f"  {c.key}: {c.metric}{dataset}: {shown}")
    if diff.hyperparameters:
        print("Changed hyperparameters:")
    for h in diff.hyperparameters:
        old = "(none)" if h.old_value is None else h.old_value
        new = "(none)" if h.new_value is None else h.new_value
        print(f"  {h.name}: {old} -> {new}")
    if diff.empty:
        print("No claim or hyperparameter changed.")
