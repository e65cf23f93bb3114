"""The portfolio site: a static, self-contained view of the workspace for other people.

An index (progress toward both goals, pace, compute, the table of papers) and a page
per paper (claims with verdicts, runs, compute, hyperparameters, links, the report),
plain HTML and one stylesheet: no network, no JavaScript, readable on a phone. Every
figure and verdict comes from `ledger.build` (one owner); this module only lays out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import ledger, record, runs
from .errors import BadValue, RecordError
from .files import write_atomic
from .settings import Settings

SITE_TEMPLATES = "site"
STYLESHEET = "style.css"
PAPERS = "papers"


@dataclass
class Site:
    """What `build_site` wrote."""

    output: Path
    pages: list[str] = field(default_factory=list)  # relative to `output`, index first
    papers: int = 0
    problems: list[str] = field(default_factory=list)


def page_name(row: ledger.Row) -> str:
    """The paper's page, named after its repo folder (unique and URL-safe)."""
    return f"{PAPERS}/{Path(row.path).name}.html"


def _report_html(repo: Path, code_url: str | None) -> str | None:
    """REPORT.md as HTML, its headings under the page's own, raw HTML shown as text.

    A link into the repo (``results/plot.png``) leads to the published repo when there
    is one, else is dropped: the site holds only pages of its own.
    """
    try:
        text = (repo / "REPORT.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
        for child in token.children or []:
            _localise(child, code_url)
    html = md.renderer.render(tokens, md.options, {})
    return html.replace("<table>", "<div class=\"scroll\"><table>").replace(
        "</table>", "</table></div>")


def _localise(token: Any, code_url: str | None) -> None:
    attr = {"link_open": "href", "image": "src"}.get(token.type)
    if attr is None:
        return
    target = str(token.attrGet(attr) or "")
    if re.match(r"^(https?:|mailto:|#)", target, re.IGNORECASE):
        return
    if code_url and not target.startswith("/"):
        token.attrSet(attr, f"{code_url}/blob/HEAD/{target.lstrip('./')}")
    elif token.type == "image":
        token.type, token.tag, token.content = "text", "", token.content or ""
        token.children = None
    else:
        token.attrs.pop(attr, None)
        token.tag = "span"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds >= 3600:
        return f"{seconds / 3600:.3g} h"
    return f"{seconds / 60:.3g} min" if seconds >= 60 else f"{seconds:.3g} s"


def _paper_context(row: ledger.Row, problems: list[str]) -> dict[str, Any]:
    repo = Path(row.path)
    paper: record.Paper | None
    try:
        paper = record.load(repo)
    except RecordError:
        paper = None  # the ledger already names the file to fix
    try:
        paper_runs = runs.list_runs(repo)
    except RecordError as e:
        paper_runs = []
        if str(e) not in (row.problem or ""):
            problems.append(str(e))
    code_url = paper.code_url if paper else None
    sources = list(dict.fromkeys(c["human_source"] for c in row.claims if c["human_source"]))
    return {"row": row, "paper": paper, "runs": paper_runs, "code_url": code_url,
            "report": _report_html(repo, code_url), "human_sources": sources}


def build_site(settings: Settings, output: Path | None = None,
               now: datetime | None = None) -> Site:
    """Write the site into `output` (default ``site/`` in the workspace) and say what."""
    out = Path(output) if output is not None else settings.workspace / "site"
    if out.exists() and not out.is_dir():
        raise BadValue(f"{out} is a file, not a folder; choose another --output.")
    book = ledger.build(settings, now)
    env = ledger.environment(html=True)
    env.filters["duration"] = _duration
    env.globals.update(spent=ledger.spent, bar_width=_bar_width, page_name=page_name,
                       finished_states=ledger.FINISHED, book=book)
    site = Site(out, papers=len(book.papers), problems=list(book.problems))
    files: dict[str, str] = {
        "index.html": env.get_template(f"{SITE_TEMPLATES}/index.html.jinja").render(
            root="", title="Replications"),
    }
    page = env.get_template(f"{SITE_TEMPLATES}/paper.html.jinja")
    for row in book.papers:
        files[page_name(row)] = page.render(root="../", title=row.title,
                                            **_paper_context(row, site.problems))
    from .scaffold import packaged_templates

    files[STYLESHEET] = (packaged_templates() / SITE_TEMPLATES / STYLESHEET).read_text(
        encoding="utf-8")
    try:
        for rel, text in files.items():
            write_atomic(out / rel, text)
        pages = out / PAPERS
        for old in pages.glob("*.html") if pages.is_dir() else []:
            if f"{PAPERS}/{old.name}" not in files:
                old.unlink()  # a paper no longer in the workspace
    except OSError as e:
        raise BadValue(f"cannot write the site into {out} ({e.strerror}); choose another "
                       "--output.") from e
    site.pages = list(files)
    return site


def _bar_width(done: int, goal: int) -> float:
    """The filled share of a progress bar, in percent (a goal met fills it)."""
    return 100.0 if goal <= 0 else round(min(1.0, done / goal) * 100, 1)
