"""Commands about single papers: add, show, reread."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import paper_argument

SHOW_FIELDS = (
    "arxiv_id", "version", "title", "authors", "abstract", "published", "updated",
    "primary_category", "categories", "doi", "journal_ref", "comment", "pdf_sha256",
    "status", "added", "history", "official_code", "code_urls", "datasets", "sections",
    "compute", "hyperparameters", "missing", "read_from_version",
)


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples, value

    p = sub.add_parser(
        "add", help="add papers by arXiv id, URL or PDF and scaffold a replication repo for each",
        description="Fetch each paper's metadata and PDF from arXiv, read it, and scaffold "
        "a git repo for its replication in the workspace's papers/ folder.",
        epilog=examples("replicate add 1706.03762 https://arxiv.org/abs/1512.03385",
                        "replicate add --from-file reading-list.txt"),
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
    p.add_argument("--json", action="store_true",
                   help="print what happened to each input as JSON")
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("show", help="show a paper's record: metadata, claims, plan, status",
                       description="Show what the workspace knows about one paper.",
                       epilog=examples("replicate show 1706.03762",
                                       "replicate show 1706.03762 --json"))
    paper_argument(p)
    p.add_argument("--json", action="store_true", help="print the record as JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("reread", help="read a paper's PDF again, updating unedited suggestions",
                       description="Re-run the extraction of claims, hyperparameters, datasets "
                       "and links, keeping everything you edited in paper.toml.",
                       epilog=examples("replicate reread 1706.03762",
                                       "replicate reread 1706.03762 --latest"))
    paper_argument(p)
    p.add_argument("--no-source", action="store_true",
                   help="read the PDF only; do not download the LaTeX source")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--version", type=value(_version), metavar="N",
                       help="read arXiv version N of the paper instead (its PDF and source)")
    which.add_argument("--latest", action="store_true",
                       help="read the latest version arXiv has")
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(handler=cmd_reread)


def _version(text: str) -> int:
    """An arXiv version number: a whole number, 1 or more."""
    from ..errors import BadValue

    try:
        number = int(text)
    except ValueError:
        raise BadValue(f"--version must be a whole number such as 2, not '{text}'.") from None
    if number < 1:
        raise BadValue(f"--version must be 1 or more, not {number}.")
    return number


def cmd_add(args: argparse.Namespace) -> int:
    from .. import settings
    from ..add import read_id_file
    from ..errors import UsageError

    inputs = list(args.ids)
    if args.from_file:
        inputs += read_id_file(args.from_file)
    if not inputs:
        raise UsageError("nothing to add; give an arXiv id (e.g. 'replicate add 1706.03762') "
                         "or --from-file FILE.")
    s = settings.load(args.workspace, read_source=False if args.no_source else None)
    return add_and_print(s, inputs, rebuild=args.rebuild, as_json=args.json)


def add_and_print(s: Any, inputs: list[str], *, rebuild: bool = False,
                  fetcher: Any = None, as_json: bool = False) -> int:
    """Add `inputs`, printing each outcome as it comes and a summary (or, `as_json`, one
    JSON document at the end); the exit code."""
    from ..add import add
    from ..ledger import to_json
    from .term import Activity

    counts = {"added": 0, "exists": 0, "failed": 0}
    papers = []
    with Activity(len(inputs)) as activity:
        for result in add(s, inputs, progress=activity.transfer, notify=_notify,
                          rebuild=rebuild, stage=activity.stage, waiting=activity.waiting,
                          fetcher=fetcher):
            counts[result.outcome] += 1
            counter = activity.finished()
            if as_json:
                papers.append(_added_json(result))
            else:
                _print_added(result, s.workspace, counter)
    if as_json:
        sys.stdout.write(to_json({"papers": papers, **counts}))
        return 1 if counts["failed"] else 0
    parts = [f"{counts['added']} added"]
    if counts["exists"]:
        parts.append(f"{counts['exists']} already there")
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    if len(inputs) > 1 or counts["failed"]:
        print(", ".join(parts) + ".")
    return 1 if counts["failed"] else 0


def _print_added(result: Any, workspace: Path, counter: str = "") -> None:
    from .term import fit, width, wrap

    if result.outcome == "failed":
        from ..ids import shorten

        print(f"error: {shorten(result.input, 160)}: {result.error}", file=sys.stderr)
        return
    room = width()
    where = _relative(result.path, workspace) if result.path else ""
    label = "added" if result.outcome == "added" else "exists"
    head = f"{counter}{label:<7}{result.arxiv_id}  "
    print((head + fit(result.title, room - len(head))).rstrip())
    indent = " " * 7
    if where:
        print(f"{indent}{where}")
    if result.found is not None:
        print("\n".join(wrap("read: " + found_summary(result.found), room, indent + "  ",
                              first=indent)))
    for note in result.notes:  # a message, like an error line: whole, for the terminal to wrap
        print(f"{indent}note: {note}")


def found_summary(found: Any) -> str:
    """'3 claims (28.4 BLEU on WMT 2014 English-German, ...), 12 hyperparameters, ...'."""
    from .term import plural

    claims = plural(found.claims, "claim")
    if found.first_claim:
        claims += f" ({found.first_claim}{', ...' if found.claims > 1 else ''})"
    code = found.official_code or ""
    code = code.split("://", 1)[-1] if code else "none found"
    return (f"{claims}, {plural(found.hyperparameters, 'hyperparameter')}, "
            f"{plural(found.datasets, 'dataset')}, official code: {code}")


def _added_json(result: Any) -> dict[str, Any]:
    return {"input": result.input, "outcome": result.outcome, "arxiv_id": result.arxiv_id,
            "title": result.title or None, "path": str(result.path) if result.path else None,
            "error": str(result.error) if result.error else None, "notes": result.notes}


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


def paper_json(paper: Any, repo: Path, tolerance: str) -> dict[str, Any]:
    from .. import checklist, rubric
    from ..ledger import claim_views, overall_verdict

    data = paper.to_dict()
    out = {k: data[k] for k in SHOW_FIELDS}
    out["path"] = str(repo)
    out["claims"] = claim_views(paper, repo, tolerance)
    out["verdict"] = overall_verdict(out["claims"])
    out["rubric"] = rubric.brief(repo, paper, tolerance, out["claims"])
    out["checklist"] = checklist.check(repo, paper).to_dict()
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
    from .term import color_wanted, width

    _print_paper(data, width(), color_wanted(args))
    return 0


def _print_paper(d: dict[str, Any], room: int, color: bool = False) -> None:
    """The record as text fitted to `room` columns: long text wrapped, one-liners cut."""
    from ..ledger import mean_std, verdict_summary
    from .term import fit, paint_words, wrap

    def out(*lines: str) -> None:
        for line in lines:
            print(line)

    out(*wrap(d["title"], room))
    parts = [f"arXiv:{d['arxiv_id']}v{d['version']}"]
    if d["primary_category"]:
        parts.append(f"[{d['primary_category']}]")
    if d["published"]:
        parts.append(f"published {d['published'][:10]}")
    parts.append(f"status: {d['status']}")
    out(*(paint_words(line, color, [d["status"]]) for line in wrap("  ".join(parts), room)))
    if d["authors"]:
        out(*wrap(", ".join(d["authors"]), room))
    for label, key in (("journal", "journal_ref"), ("doi", "doi"), ("comment", "comment")):
        if d.get(key):
            out(*wrap(f"{label}: {d[key]}", room, "  ", first=""))
    out(fit(f"repo: {d['path']}", room))
    if d["official_code"]:
        out(fit(f"code: {d['official_code']} (official)", room))
    for url in d["code_urls"]:
        if url != d["official_code"]:
            out(fit(f"link: {url}", room))
    if d["abstract"]:
        out("", *wrap(d["abstract"], room))
    if d["claims"]:
        overall = verdict_summary(d["claims"])
        out("", paint_words(fit(f"Verdict: {overall}", room), color and bool(d["verdict"]),
                            [d["verdict"] or ""]))
        some = not all(c["central"] for c in d["claims"])
        out("", fit("Claims (key: paper / yours / human -> verdict)", room))
        for c in d["claims"]:
            unit = c.get("unit") or ""
            dataset = f" on {c['dataset']}" if c.get("dataset") else ""
            mine = mean_std(c).replace("–", "-")
            human = "-" if c.get("human") is None else c["human"]
            within = " (the paper's figure is within mean ± std)" if c.get("within_std") else ""
            central = " (central)" if some and c["central"] else ""
            line = (f"{c['key']}{central}: {c['metric']}{dataset}: {c['value']}{unit} / {mine} / "
                    f"{human} -> {c['verdict']}{within}")
            wrapped = wrap(line, room, " " * 6, first="  ")
            verdict = next(i for i in range(len(wrapped) - 1, -1, -1)
                           if c["verdict"] in wrapped[i] or i == 0)
            wrapped[verdict] = paint_words(wrapped[verdict], color, [c["verdict"]])
            out(*wrapped)
            if c.get("source"):
                page = f"p.{c['page']}: " if c.get("page") else ""
                out(fit(f"      from {page}{c['source']}", room))
    if d["hyperparameters"]:
        out("", "Hyperparameters")
        out(*(fit(f"  {h['name']}: {h['value']}", room) for h in d["hyperparameters"]))
    for label, key in (("Datasets", "datasets"), ("Compute", "compute")):
        if d[key]:
            out("", *wrap(f"{label}: " + "; ".join(d[key]), room, "  ", first=""))
    if d["sections"]:
        out("", "Outline")
        out(*(fit(f"  {sec}", room) for sec in d["sections"]))
    if d["missing"]:
        out("", *wrap("Missing (fill in paper.toml): " + ", ".join(d["missing"]), room, "  ",
                      first=""))
    _print_assessment(d, room, out)


def _print_assessment(d: dict[str, Any], room: int, out: Any) -> None:
    """The rubric's score and the ML Code Completeness Checklist, item by item."""
    from .term import fit, wrap

    r = d["rubric"]
    line = r["problem"] or (f"score {r['score']:.2f} ({r['met']} of {r['total']} leaves met; "
                            f"'replicate rubric {d['arxiv_id']}' shows them)")
    out("", *wrap(f"Rubric: {line}", room, "  ", first=""))
    c = d["checklist"]
    out(fit(f"ML Code Completeness Checklist: {c['summary']}", room))
    for item in c["items"]:
        mark = "[x]" if item["met"] else "[ ]"
        out(*wrap(f"{mark} {item['name']}: {item['detail']}", room, " " * 6, first="  "))


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
    if diff.claims_kept or diff.hyperparameters_kept:
        print("Kept your edits where the paper now says otherwise:")
    for c in diff.claims_kept:
        dataset = f" on {c.dataset}" if c.dataset else ""
        print(f"  {c.key}: {c.metric}{dataset}: yours "
              f"{figure(c.old_value, c.unit, c.old_version)}, the paper "
              f"{figure(c.new_value, c.unit, c.new_version)}")
    for h in diff.hyperparameters_kept:
        print(f"  {h.name}: yours {h.old_value}, the paper {h.new_value}")
