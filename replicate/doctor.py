"""A health check of the workspace: each problem in one line, with its fix.

Each check returns plain `Problem`s. `--fix` repairs only what loses nothing:
a missing ``paper.pdf`` is downloaded again (or copied from the cache), LEDGER.md
is rebuilt, a corrupt cache entry is deleted (it is made again when needed).
A PDF that differs from the one recorded is reported, never replaced: it may be
the user's annotated copy.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import cache, files, ledger, pdf, record, scaffold
from .errors import BadPdf, RecordError, ReplicateError
from .settings import Settings


@dataclass
class Problem:
    paper: str | None  # the arXiv id, None for the workspace or an unreadable record
    path: str
    problem: str
    fix: str
    fixable: bool = False
    fixed: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Report:
    checked: int
    problems: list[Problem]

    @property
    def remaining(self) -> list[Problem]:
        return [p for p in self.problems if not p.fixed]


def check(settings: Settings, *, fix: bool = False,
          fetch_pdf: Callable[[str, int], Path] | None = None) -> Report:
    """Every check on every paper, then the workspace's; with `fix`, repair what is safe.

    `fetch_pdf(arxiv_id, version)` gives a PDF when one must be downloaded again
    (the CLI passes the fetcher's; None leaves a missing PDF reported).
    """
    problems: list[Problem] = []
    repos = record.paper_repos(settings.papers_dir)
    for repo in repos:
        problems += _paper(settings, repo, fix, fetch_pdf)
    problems += _ledger(settings, fix)
    problems += _cache(settings, fix)
    return Report(len(repos), problems)


def _paper(settings: Settings, repo: Path, fix: bool,
           fetch_pdf: Callable[[str, int], Path] | None) -> list[Problem]:
    out: list[Problem] = []
    if not (repo / ".git").exists():
        out.append(Problem(None, str(repo), "is not a git repo (its .git is gone)",
                           f"run 'replicate add {repo.name.split('-')[0]} --rebuild'"))
    if not (repo / record.RECORD_NAME).exists():
        out.append(Problem(None, str(repo), "has no paper.toml",
                           "restore it with 'git checkout paper.toml' in the repo, or remove "
                           "the folder and add the paper again"))
        return out
    try:
        paper = record.load(repo)
    except RecordError as e:
        return out + [_from_error(None, repo / record.RECORD_NAME, e)]
    pid = paper.arxiv_id
    for name in ("arxiv_id", "title"):
        if not str(getattr(paper, name)).strip():
            out.append(Problem(pid, str(repo / record.RECORD_NAME), f"has an empty {name}",
                               f"write the paper's {name} in paper.toml"))
    out += _pdf(settings, repo, paper, fix, fetch_pdf)
    keys = [c.key for c in paper.claims]
    for c in paper.claims:
        if not c.key.strip():
            key = record.claim_key(c.metric, c.dataset, set(keys))
            out.append(Problem(pid, str(repo / record.RECORD_NAME),
                               f"has a claim without a key ({c.metric} {c.value})",
                               f'give it one, e.g. key = "{key}"'))
    try:
        results = ledger.read_results(repo)
    except RecordError as e:
        out.append(_from_error(pid, repo / ledger.RESULTS_FILE, e))
        results = {}
    for key in sorted(set(results) - set(keys)):
        out.append(Problem(pid, str(repo / ledger.RESULTS_FILE),
                           f"has a number for '{key}', which is no claim of the paper",
                           "rename it to one of: " + (", ".join(keys) or "(no claims yet)")
                           + ", or add that claim with 'replicate claim'"))
    try:
        scaffold.render_texts(scaffold.context(paper, repo, tolerance=settings.tolerance),
                              scaffold.template_sources(settings.templates_dir))
    except (ReplicateError, OSError) as e:
        out.append(Problem(pid, str(settings.templates_dir), f"templates do not render: {e}"
                           .rstrip("."), "fix the template it names"))
    return out


def _from_error(paper: str | None, path: Path, error: ReplicateError) -> Problem:
    """A problem from an error's one sentence: "<path> <what>; <fix>."."""
    text = str(error).rstrip(".")
    for prefix in (f"{path}: ", f"{path} "):
        text = text.removeprefix(prefix)
    what, _, fix = text.rpartition("; ")
    return Problem(paper, str(path), what or fix, fix if what else "fix it by hand")


def _pdf(settings: Settings, repo: Path, paper: record.Paper, fix: bool,
         fetch_pdf: Callable[[str, int], Path] | None) -> list[Problem]:
    target = repo / "paper.pdf"
    if target.exists():
        if paper.pdf_sha256 and files.sha256(target) != paper.pdf_sha256:
            return [Problem(paper.arxiv_id, str(target),
                            "differs from the PDF the paper was read from",
                            "if it is not your own annotated copy, delete it and run "
                            "'replicate doctor --fix'")]
        return []
    problem = Problem(paper.arxiv_id, str(target), "is missing",
                      "'replicate doctor --fix' downloads it again", fixable=True)
    if fix:
        cached = cache.pdf_file(settings, paper.arxiv_id, paper.version)
        try:
            if not cached.is_file() and fetch_pdf is not None and paper.version:
                cached = fetch_pdf(paper.arxiv_id, paper.version)
            same = cached.is_file() and paper.pdf_sha256 in (None, "", files.sha256(cached))
            if same:
                shutil.copyfile(cached, target)
                problem.fixed = True
        except ReplicateError as e:
            problem.fix = (f"the download failed ({str(e).rstrip('.')}); run "
                           "'replicate doctor --fix' again later")
    return [problem]


def _ledger(settings: Settings, fix: bool) -> list[Problem]:
    if not settings.papers_dir.is_dir():
        return []
    try:
        fresh = ledger.render(ledger.build(settings), "md")
    except ReplicateError:
        return []  # a broken record is reported with its paper
    try:
        current = settings.ledger_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current == fresh:
        return []
    problem = Problem(None, str(settings.ledger_file),
                      "is missing" if current is None else "is out of date",
                      "'replicate doctor --fix' rebuilds it", fixable=True)
    if fix:
        ledger.write_ledger_md(settings)
        problem.fixed = True
    return [problem]


def _cache(settings: Settings, fix: bool) -> list[Problem]:
    out: list[Problem] = []
    bad: list[Path] = []
    for path in sorted((settings.cache_dir / "text").glob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            bad.append(path)
    for path in sorted((settings.cache_dir / "pdf").glob("*.pdf")):
        try:
            pdf.validate(path)
        except BadPdf:
            bad.append(path)
    for path in bad:
        problem = Problem(None, str(path), "is a corrupt cache entry",
                          "'replicate doctor --fix' deletes it (it is made again when needed)",
                          fixable=True)
        if fix:
            path.unlink(missing_ok=True)
            problem.fixed = True
        out.append(problem)
    return out
