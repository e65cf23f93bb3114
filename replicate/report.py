"""The replication report: REPORT.md in the ML Reproducibility Challenge's shape, and the
ReScience C metadata (``metadata.yaml``) of the article it may become.

The report is the paper repo's REPORT.md template rendered from the record, its runs and
NOTES.md (`scaffold.figures`): the generated parts are owned regions (`regions`), which
every change of the record keeps in step; everything outside them is the user's prose and
is never rewritten. A REPORT.md made before this shape is reshaped once: the new report,
with every paragraph of the user's carried into the section of the same name (or, when
the new report has none, into a section of its own at the end), so no text is lost.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import bibtex, gitrepo, locks, record, regions, scaffold
from .errors import ReplicateError, UsageError
from .files import write_atomic
from .record import Paper
from .settings import Settings

REPORT_NAME = "REPORT.md"
METADATA_NAME = "metadata.yaml"
NOTES_NAME = "NOTES.md"
METADATA_REGION = "rescience"
NOTES_REGION = "notes"
NOTES_HEADING = "### From my reading notes"
KEPT_HEADING = "## Kept from the earlier report"
# Headings of the earlier report whose text belongs under another heading now.
RENAMED = {"what the paper claims": "results", "compute": "computational requirements",
           "communication with original authors": "communication with the original authors"}
# The title prefix ReScience C asks of a replication, by the paper's overall verdict: a
# partial replication is still one ([Re]); with no verdict yet, no prefix.
PREFIX = {"reproduced": "[Re] ", "partial": "[Re] ", "not-reproduced": "[¬Re] "}
DOMAINS = {"cs.LG": "Machine Learning", "stat.ML": "Machine Learning",
           "cs.CV": "Computer Vision", "cs.CL": "Natural Language Processing",
           "cs.AI": "Artificial Intelligence", "cs.NE": "Neural and Evolutionary Computing",
           "cs.RO": "Robotics", "cs.IR": "Information Retrieval", "cs.SD": "Sound",
           "eess.AS": "Audio and Speech Processing", "eess.IV": "Image and Video Processing",
           "cs.CR": "Computer Security", "q-bio.NC": "Computational Neuroscience"}

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$", re.M)
_TICKED = re.compile(r"^\s*[-*+]\s+\[[xX]\]\s+(.*)$", re.M)


@dataclass
class Report:
    """What `replicate report` wrote, for the CLI to print."""

    arxiv_id: str
    repo: Path
    report: Path
    metadata: Path
    files: list[str] = field(default_factory=list)  # the files whose text changed
    commit: str | None = None
    verdict: str | None = None  # the paper's overall verdict (`ledger.overall_verdict`)
    summary: str = ""  # the verdict with its count of claims, as the report says it
    title: str = ""  # metadata.yaml's title, prefixed by the verdict
    reshaped: bool = False  # a REPORT.md of the earlier shape was carried into this one
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"arxiv_id": self.arxiv_id, "path": str(self.repo), "changed": self.changed,
                "report": str(self.report), "metadata": str(self.metadata),
                "files": self.files, "commit": self.commit, "verdict": self.verdict,
                "summary": self.summary, "title": self.title, "reshaped": self.reshaped,
                "warnings": self.warnings}


# -- what the report takes from NOTES.md (read only) ------------------------------------------


def _section(text: str, title: str) -> str:
    """The body of the section headed `title` (any level), up to the next heading of its
    level or above; "" when there is none."""
    for m in _HEADING.finditer(text):
        if _norm(m[2]) == _norm(title):
            level = len(m[1])
            end = next((n.start() for n in _HEADING.finditer(text, m.end())
                        if len(n[1]) <= level), len(text))
            return text[m.end():end]
    return ""


def _notes_file(repo: Path) -> str:
    try:
        return (repo / NOTES_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def user_notes(repo: Path) -> str:
    """The user's own notes from NOTES.md (its "Notes" section), which is never changed here."""
    return regions.strip(_section(_notes_file(repo), "Notes")).strip()


def confirmed(repo: Path, paper: Paper) -> list[str]:
    """The hyperparameters whose box the user ticked in NOTES.md, as confirmed."""
    if not paper.hyperparameters:
        return []
    ticked = [m[1] for m in _TICKED.finditer(_notes_file(repo))]
    return [h.name for h in paper.hyperparameters
            if any(t.startswith(f"{scaffold.md_escape(h.name)}: ") for t in ticked)]


# -- REPORT.md --------------------------------------------------------------------------------


def _norm(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


def _sections(text: str) -> list[tuple[str, int, int]]:
    """(normalised heading, start, end of its body) for each heading; "" before the first."""
    marks = list(_HEADING.finditer(text))
    out = [("", 0, marks[0].start() if marks else len(text))]
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append((_norm(m[2]), min(m.end() + 1, end), end))
    return out


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def reshape(current: str, fresh: str) -> str:
    """The `fresh` report with the user's text of an earlier-shaped `current` carried over:
    each paragraph the fresh report does not already hold goes to the end of the section of
    the same heading, or under its own heading in a last section. Owned regions are not
    carried: the fresh report has them anew."""
    known = {" ".join(p.split()) for p in _paragraphs(fresh)}
    known |= {" ".join(m[0].split()) for m in _HEADING.finditer(fresh)}
    fresh_sections = {name: end for name, _, end in _sections(fresh)}
    bare = regions.strip(current)
    headings = {_norm(m[2]): m[2] for m in _HEADING.finditer(bare)}
    into: dict[int, list[str]] = {}
    elsewhere: list[str] = []
    for name, start, end in _sections(bare):
        kept = [p for p in _paragraphs(bare[start:end]) if " ".join(p.split()) not in known]
        if not kept:
            continue
        target = RENAMED.get(name, name)
        if target in fresh_sections:
            into.setdefault(fresh_sections[target], []).extend(kept)
        else:
            elsewhere.append(f"### {headings.get(name, name)}\n\n" + "\n\n".join(kept))
    text = fresh
    for at in sorted(into, reverse=True):
        block = "\n\n".join(into[at])
        lead = "" if text[:at].endswith("\n\n") or at == 0 else "\n"
        tail = "\n" if at == len(text) else "\n\n"
        text = text[:at] + lead + block + tail + text[at:]
    if elsewhere:
        text = text.rstrip("\n") + f"\n\n{KEPT_HEADING}\n\n" + "\n\n".join(elsewhere) + "\n"
    return text


def with_notes(text: str, notes: str) -> str:
    """`text` with its ``notes`` region holding the user's notes from NOTES.md: added after
    the methodology the first time there are notes, kept in step once there. Only `report`
    writes it (the templates have no such region), so notes reach the report when asked."""
    # The notes' own headings go below the report's (### From my reading notes).
    levels = [len(m[1]) for m in _HEADING.finditer(notes)]
    shift = max(0, 4 - min(levels, default=4))
    notes = re.sub(r"^(#{1,6})(?=[ \t])", lambda m: "#" * min(6, len(m[1]) + shift), notes,
                   flags=re.M)
    body = scaffold.md_escape(notes) if notes else "(Nothing under \"Notes\" in NOTES.md.)"
    span = regions.find(text).get(NOTES_REGION)
    if span is not None:
        return text[:span[0]] + f"\n{body}\n" + text[span[1]:]
    close = regions.CLOSE.format(name="methodology")
    at = text.find(close)
    if not notes or at < 0:
        return text
    at += len(close)
    return (text[:at] + f"\n\n{NOTES_HEADING}\n\n{regions.OPEN.format(name=NOTES_REGION)}\n"
            f"{body}\n{regions.CLOSE.format(name=NOTES_REGION)}" + text[at:])


def report_text(current: str | None, fresh: str) -> tuple[str, bool]:
    """(The report to write, whether an earlier shape was reshaped): the owned regions of
    `current` taken from `fresh`, the rest kept; `fresh` itself when there is no report.

    A report of the current shape whose markers are gone is not reshaped, as that would
    move the user's text about: `ReplicateError` says to put them back.
    """
    if current is None:
        return fresh, False
    spliced = regions.splice(current, fresh)  # every region: an earlier shape is reshaped
    if not spliced.left_alone:
        return spliced.text, False
    if set(regions.names(current)) & set(regions.ADDED[REPORT_NAME]):
        from .sync import lost

        raise ReplicateError(lost(REPORT_NAME, spliced.missing).replace(
            "so it is left alone", "so it cannot be regenerated") + ".")
    return reshape(current, fresh), True


# -- metadata.yaml ----------------------------------------------------------------------------


def _yaml(value: Any) -> str:
    """A YAML scalar: a JSON string in double quotes is one, and so are null and numbers."""
    return json.dumps(value, ensure_ascii=False)


def title(paper: Paper, verdict: str | None) -> str:
    """The article's title as ReScience C asks: ``[Re]`` for a replication whose central
    claims held (all or some), ``[¬Re]`` for one where none did; bare with no verdict yet."""
    return PREFIX.get(verdict or "", "") + scaffold.oneline(paper.title)


def citation(paper: Paper) -> str:
    """The original article as a reference list gives it."""
    authors = ", ".join(paper.authors) or "Unknown authors"
    where = f"{scaffold.oneline(paper.journal_ref)}. " if paper.journal_ref else ""
    return (f"{authors}. {scaffold.oneline(paper.title)}. {where}"
            f"arXiv:{paper.versioned_id}, {bibtex.year(paper)}.")


def _author(repo: Path) -> tuple[str | None, str | None]:
    """(name, email) as git signs the user's commits, or (None, None) when it knows none."""
    done = gitrepo.run(repo, "var", "GIT_AUTHOR_IDENT")
    m = re.match(r"(.*?) <(.*?)>", done.stdout) if done.returncode == 0 else None
    return (m[1].strip() or None, m[2].strip() or None) if m else (None, None)


def metadata_text(paper: Paper, verdict: str | None, current: str | None,
                  author: tuple[str | None, str | None] = (None, None)
                  ) -> tuple[str, list[str]]:
    """(metadata.yaml's text, regions lost): its owned region from the record, the rest as
    the user left it (written once, with what the record knows, when there is no file)."""
    doi = paper.doi or f"10.48550/arXiv.{paper.arxiv_id}"
    owned = "\n".join([
        f"# <!-- replicate:{METADATA_REGION} -->",
        f"title: {_yaml(title(paper, verdict))}",
        'type: "Replication"',
        "replication:",
        f"  - cite: {_yaml(citation(paper))}",
        f"  - bib: {_yaml(paper.cite_key or bibtex.base_key(paper))}",
        f"  - url: {_yaml(paper.pdf_url)}",
        f"  - doi: {_yaml(doi)}",
        "code:",
        f"  - url: {_yaml(paper.code_url)}",
        f"# <!-- /replicate:{METADATA_REGION} -->",
    ])
    if current is not None:
        spliced = regions.splice(current, owned + "\n")
        return spliced.text, spliced.missing
    domain = DOMAINS.get(paper.primary_category, paper.primary_category or None)
    keywords = ", ".join(k for k in ("rescience c", "replication", domain and domain.lower(),
                                     "python") if k)
    return "\n".join([
        "# ReScience C metadata of this replication (https://github.com/ReScience/template).",
        "# `replicate report` rewrites the part between the replicate markers from the record",
        "# (the title's [Re] or [¬Re] follows the paper's verdict); the rest is yours: fill it",
        "# in (authors, affiliations, abstract, ...) and it is kept.",
        "",
        owned,
        "  - doi: null",
        "  - swh: null",
        "",
        "authors:",
        f"  - name: {_yaml(author[0])}",
        "    orcid: null",
        f"    email: {_yaml(author[1])}",
        '    affiliations: "1,*"',
        "affiliations:",
        "  - code: 1",
        "    name: null",
        "    address: null",
        f"keywords: {_yaml(keywords)}",
        "data:",
        "  - url: null",
        "  - doi: null",
        "abstract: null",
        'bibliography: "CITATION.bib"',
        f"domain: {_yaml(domain)}",
        'language: "Python"',
        "",
    ]), []


# -- writing ----------------------------------------------------------------------------------


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise ReplicateError(f"{path} is not UTF-8 text; save it as UTF-8, or write the "
                             "report elsewhere with --output.") from None


def write_report(settings: Settings, paper_id: str | None, output: Path | None = None,
                 cwd: Path | None = None) -> Report:
    """(Re)write the paper's report and metadata.yaml; see the module.

    In the repo (no `output`, or `output` naming the repo's own REPORT.md) the two files
    are committed as they then are, as one step under the paper's lock. With `output` the
    report goes there, metadata.yaml beside it, and nothing is committed: the report at
    `output` (else the repo's) is what the user's prose is kept from.
    """
    if output is not None and output.is_dir():
        raise UsageError(f"--output {output} is a folder; name the report's file, e.g. "
                         f"{output / REPORT_NAME}.")
    repo = record.locate(settings.papers_dir, paper_id, cwd)
    in_repo = output is None or output.resolve() == (repo / REPORT_NAME).resolve()
    target = repo / REPORT_NAME if in_repo else output
    assert target is not None
    meta = target.parent / METADATA_NAME
    with locks.paper(repo):
        paper = record.load(repo)
        context = scaffold.context(paper, repo, tolerance=settings.tolerance)
        fresh = scaffold.render_texts(
            context, scaffold.template_sources(settings.templates_dir))[REPORT_NAME]
        figures = context["figures"]
        current = _read(target)
        if current is None and not in_repo:
            current = _read(repo / REPORT_NAME)
        text, reshaped = report_text(current, fresh)
        text = with_notes(text, user_notes(repo))
        old_meta = _read(meta)
        if old_meta is None and not in_repo:
            old_meta = _read(repo / METADATA_NAME)
        meta_text, lost = metadata_text(paper, figures["verdict"], old_meta,
                                        _author(repo) if old_meta is None else (None, None))
        out = Report(paper.arxiv_id, repo, target, meta, verdict=figures["verdict"],
                     summary=figures["summary"], title=title(paper, figures["verdict"]),
                     reshaped=reshaped)
        if lost:
            from .sync import lost as lost_sentence

            out.warnings.append(lost_sentence(METADATA_NAME, lost))
        if figures["verdict"] is None:
            out.warnings.append(f"{paper.arxiv_id} has {figures['summary']}; the title gets "
                                "its [Re] or [¬Re] once a central claim has your number")
        texts = {target: text, meta: meta_text}
        if in_repo:
            files = {p.name: t for p, t in texts.items()
                     if t != _read(p) or gitrepo.committed(repo, p.name) != t}
            if files:
                out.commit = gitrepo.commit_files(repo, files, _message(files, reshaped))
            out.files = sorted(files)
            return out
    for path, content in texts.items():
        if content != _read(path):
            write_atomic(path, content)
            out.files.append(str(path))
    return out


def _message(files: dict[str, str], reshaped: bool) -> str:
    what = ", ".join(sorted(files))
    return f"Report: {what}" + (" (REPORT.md in the ML Reproducibility Challenge's shape, "
                                "your text kept)" if reshaped else "")
