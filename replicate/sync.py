"""Keeping a paper repo's files in step with its record.

The owned regions (`regions`) of README.md, REPORT.md, NOTES.md and the notebook are
rendered afresh from the templates `add` uses (`scaffold.render_texts`) and spliced into
the user's files after every change of the record, in the same commit. `sync` does the
same on demand, and commits the numbers the notebook wrote to ``results/reproduced.json``.
A file the user deleted stays deleted; a file whose markers are gone is left alone.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import gitrepo, locks, record, regions, scaffold
from .errors import ReplicateError
from .files import write_atomic
from .ledger import RESULTS_FILE, read_numbers, read_results
from .record import Paper
from .settings import Settings

log = logging.getLogger("replicate")
TOLD = "replicate-regions-told"  # in .git: files whose lost markers the user was told of


@dataclass
class Owned:
    """The owned files of one repo, rendered afresh and spliced into what is on disk."""

    texts: dict[str, str] = field(default_factory=dict)  # to commit: regions changed
    worktree: dict[str, str] = field(default_factory=dict)  # to leave uncommitted after
    changed: dict[str, list[str]] = field(default_factory=dict)  # file -> regions changed
    left_alone: dict[str, list[str]] = field(default_factory=dict)  # file -> regions lost


@dataclass
class Synced:
    """What `sync` did to one paper, for the CLI to report."""

    arxiv_id: str
    path: Path
    files: dict[str, list[str]] = field(default_factory=dict)
    left_alone: dict[str, list[str]] = field(default_factory=dict)
    record: bool = False  # paper.toml's own uncommitted edits were committed
    results: dict[str, dict[str, float | None]] = field(default_factory=dict)
    commit: str | None = None
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return self.commit is not None

    def to_dict(self) -> dict[str, Any]:
        return {"arxiv_id": self.arxiv_id, "path": str(self.path), "changed": self.changed,
                "files": self.files, "left_alone": self.left_alone, "record": self.record,
                "results": self.results, "commit": self.commit, "problem": self.problem}


def owned(settings: Settings, repo: Path, paper: Paper, results: str | None = None) -> Owned:
    """The new texts of `repo`'s owned files for `paper`; unchanged files are not in them.

    `results` is the text of ``results/reproduced.json`` as it is about to be committed,
    when the same commit changes it.
    """
    numbers = None if results is None else read_numbers(repo / RESULTS_FILE, results)
    context = scaffold.context(paper, repo, tolerance=settings.tolerance, results=numbers)
    fresh = scaffold.render_texts(context, scaffold.template_sources(settings.templates_dir))
    out = Owned()
    for name, text in fresh.items():
        path = repo / name
        if not regions.has_regions(name, text) or not path.is_file():
            continue  # the user deleted the file: it stays deleted
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            out.left_alone[name] = []  # not UTF-8 text: no markers to find
            continue
        spliced = regions.splice_file(name, current, text)
        if spliced.left_alone:
            out.left_alone[name] = spliced.missing
            continue
        base = gitrepo.committed(repo, name) if spliced.text != current else current
        if base is not None and base != current:
            # The user's uncommitted edits stay uncommitted: the commit gets the
            # regions spliced into the committed text, the working tree both.
            committed = regions.splice_file(name, base, text)
            if not committed.left_alone:
                if committed.text != base:
                    out.texts[name] = committed.text
                    out.changed[name] = committed.changed
                out.worktree[name] = spliced.text
                continue
        if spliced.text != current:
            out.texts[name] = spliced.text
            out.changed[name] = spliced.changed
    return out


def lost(name: str, missing: list[str]) -> str:
    """Why the file `name` is left alone, in a sentence without its full stop."""
    if not missing:
        return f"{name} cannot be read as UTF-8 text, so it is left alone; save it as UTF-8"
    marks = ", ".join(f"replicate:{m}" for m in missing)
    return (f"{name} has lost the markers of its owned region ({marks}), so it is left "
            "alone; put them back (see a new paper's file) to keep it in step with the record")


def regenerate(settings: Settings, repo: Path, paper: Paper | None = None,
               results: str | None = None) -> Owned:
    """The owned files to commit with a change of `repo` (its record `paper`, read when
    not given; `results`, the text of ``results/reproduced.json`` the change writes).

    Never stops the change itself: a record the figures cannot be read from, or a
    template that fails, is warned about and the files wait for the next change or
    `replicate sync`. A file whose markers are gone is named once, not at every change.
    """
    try:
        got = owned(settings, repo, record.load(repo) if paper is None else paper, results)
    except ReplicateError as e:
        log.warning("%s: files not brought in step with the record: %s", repo.name,
                    str(e).rstrip("."))
        return Owned()
    _tell_once(repo, got.left_alone)
    return got


def _tell_once(repo: Path, left_alone: Mapping[str, list[str]]) -> None:
    told = _told(repo)
    for name, missing in left_alone.items():
        if name not in told:
            log.warning("%s", lost(name, missing))
    _remember(repo, set(left_alone), told)


def _told(repo: Path) -> set[str]:
    try:
        return set((gitrepo.git_dir(repo) / TOLD).read_text(encoding="utf-8").split("\n")) - {""}
    except OSError:
        return set()


def _remember(repo: Path, names: set[str], told: set[str]) -> None:
    """Keep which files the user has been told of; a file whose markers are back drops out."""
    if names != told:
        with contextlib.suppress(OSError):  # only a reminder of what was said
            write_atomic(gitrepo.git_dir(repo) / TOLD, "".join(f"{n}\n" for n in sorted(names)))


def _results_change(repo: Path) -> tuple[str | None, dict[str, dict[str, float | None]]]:
    """``results/reproduced.json``'s text when it differs from the last commit, and what
    changed in it ({key: {"old", "new"}}); (None, {}) when it is as committed."""
    path = repo / RESULTS_FILE
    if not path.is_file():
        return None, {}
    new = read_results(repo)  # a broken file raises RecordError naming it
    text = path.read_text(encoding="utf-8")
    before = gitrepo.committed(repo, RESULTS_FILE.as_posix())
    if before == text:
        return None, {}
    try:
        old = json.loads(before) if before else {}
    except ValueError:
        old = {}
    old = old if isinstance(old, dict) else {}
    changes = {k: {"old": old.get(k), "new": new.get(k)}
               for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}
    return text, changes


def _message(synced: Synced) -> str:
    parts = []
    if synced.results:
        figures = ", ".join(
            f"{k} {_g(v['new'])}" if v["old"] is None else f"{k} {_g(v['old'])} -> {_g(v['new'])}"
            for k, v in synced.results.items())
        parts.append(f"results from the notebook: {figures}")
    if synced.record:
        parts.append("paper.toml edited by hand")
    if synced.files:
        parts.append("in step with the record: " + ", ".join(
            f"{name} ({', '.join(names)})" for name, names in synced.files.items()))
    text = "; ".join(parts)
    return "Sync: " + text if text else "Sync"


def _g(value: float | None) -> str:
    return "removed" if value is None else f"{value:g}"


def describe(synced: Synced) -> str:
    """One line saying what changed in a paper's repo."""
    return f"{synced.arxiv_id}: " + _message(synced).removeprefix("Sync: ")


def sync_repo(settings: Settings, repo: Path) -> Synced:
    """Bring one paper repo in step with its record and commit what changed, as one step."""
    with locks.paper(repo):
        paper = record.load(repo)
        synced = Synced(paper.arxiv_id, repo)
        results_text, synced.results = _results_change(repo)
        got = owned(settings, repo, paper)
        synced.files, synced.left_alone = got.changed, got.left_alone
        files = dict(got.texts)
        record_text = record.current_text(repo)
        if record_text is not None and \
                gitrepo.committed(repo, record.RECORD_NAME) != record_text:
            synced.record = True
            files[record.RECORD_NAME] = record_text
        if results_text is not None:
            files[RESULTS_FILE.as_posix()] = results_text
        if files or got.worktree:
            synced.commit = gitrepo.commit_files(repo, files, _message(synced),
                                                 worktree=got.worktree)
        _remember(repo, set(got.left_alone), _told(repo))  # sync's report says it
    return synced


def sync(settings: Settings, ids: Sequence[str] = ()) -> list[Synced]:
    """`sync_repo` for the papers `ids` names, or every paper of the workspace.

    Named papers must exist (`PaperNotFound` first, before anything changes); with no
    ids, a paper whose record or results cannot be read is reported and the others go on.
    """
    repos = [record.locate(settings.papers_dir, text) for text in ids] if ids \
        else record.paper_repos(settings.papers_dir)
    done = []
    for repo in dict.fromkeys(repos):
        try:
            done.append(sync_repo(settings, repo))
        except ReplicateError as e:
            if ids:
                raise
            done.append(Synced(_arxiv_id(repo), repo, problem=str(e)))
    if any(s.changed for s in done):
        from .ledger import write_ledger_md

        write_ledger_md(settings)
    return done


def _arxiv_id(repo: Path) -> str:
    from .names import id_from_folder

    return id_from_folder(repo.name)
