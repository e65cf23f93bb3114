"""Template upgrades for every paper repo: each template change merged into the user's files.

A repo records what it was rendered from in ``.replicate/templates.json`` (the package
version, a hash of each template, the files rendered and the commit holding their text).
That commit, on the repo's ``replicate-templates`` branch, holds the rendered text
exactly as it was written: the merge base. An upgrade renders the current templates for
the paper (``scaffold.render``, the very render of ``add``) and merges base -> new render
into the user's file with ``git merge-file``, as ``copier update`` does for one project,
here for every repo at once. A repo made before the record existed takes its first
commit's files as the base.

The owned regions of the merged files are then taken from the new render, as `sync`
does after every change of the record. Only a repo with no uncommitted changes is
touched, so no work can be lost. A clean merge is one commit; a conflict leaves git's
standard markers in the file and no commit, with the record already pointing at the new
base, so the resolved file merges cleanly next time.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, gitrepo, locks, record, regions, scaffold
from .errors import ReplicateError
from .settings import Settings

MANIFEST = ".replicate/templates.json"
BASE_BRANCH = "replicate-templates"
BASE_REF = f"refs/heads/{BASE_BRANCH}"
LABELS = ("yours", "templates before", "templates now")
# Repos upgraded at once: each mostly waits on git, so a few keep the cores busy.
WORKERS = 4


@dataclass
class Outcome:
    """What upgrading one paper repo did (or, in a dry run, would do)."""

    arxiv_id: str
    repo: Path
    state: str  # "upgraded", "current", "conflicts" or "skipped"
    files: list[str] = field(default_factory=list)  # changed: merged, added or removed
    conflicts: list[str] = field(default_factory=list)  # left with markers (or binary, kept)
    reason: str = ""  # why a repo was skipped
    note: str = ""  # where the base of a repo made before bases were recorded came from
    commit: str | None = None
    diff: str = ""  # the change to the work tree, as a unified diff (dry runs)


@dataclass
class Templates:
    """The templates every repo is upgraded to: the packaged ones and the workspace's."""

    sources: list[Path]
    hashes: dict[str, str]
    tolerance: str  # the workspace's, for the verdicts the templates print

    @classmethod
    def of(cls, settings: Settings) -> Templates:
        sources = scaffold.template_sources(settings.templates_dir)
        return cls(sources, scaffold.template_hashes(sources), settings.tolerance)


def _as_bytes(files: dict[str, str | bytes] | dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data.encode("utf-8") if isinstance(data, str) else data
            for rel, data in files.items()}


def manifest_text(base: str, hashes: dict[str, str], files: list[str]) -> str:
    """The record of what a repo was rendered from, as JSON for people and diffs."""
    data = {"replicate": __version__, "base": base, "branch": BASE_BRANCH,
            "templates": dict(sorted(hashes.items())), "files": sorted(files)}
    return json.dumps(data, indent=2) + "\n"


def record_base(repo: Path, rendered: dict[str, str | bytes], hashes: dict[str, str],
                parent: str | None = None) -> dict[str, str]:
    """Commit the rendered text on the base branch (after `parent`); return the manifest
    naming it, ``{path: text}``, for the caller to write and commit with its files."""
    base = gitrepo.commit_tree(repo, BASE_REF, _as_bytes(rendered),
                               f"Templates of replicate {__version__}", parent)
    return {MANIFEST: manifest_text(base, hashes, list(rendered))}


def _manifest(repo: Path) -> dict | None:
    """The repo's record of its templates, or None (an old repo, or a file that is not ours)."""
    try:
        data = json.loads((repo / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = (isinstance(data, dict) and isinstance(data.get("base"), str)
          and re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", data["base"]) is not None
          and isinstance(data.get("templates"), dict) and isinstance(data.get("files"), list))
    if not ok:
        return None
    data["files"] = [f for f in data["files"] if isinstance(f, str) and _inside(f)]
    return data


def _inside(rel: str) -> bool:
    """A path that stays inside the repo and can be named to git on one line."""
    parts = rel.split("/")
    return bool(rel) and "\n" not in rel and not rel.startswith("/") and ".." not in parts


def _read_ours(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _binary(data: bytes | None) -> bool:
    return data is not None and b"\0" in data[:8000]


def merge(base: bytes | None, ours: bytes | None, theirs: bytes | None
          ) -> tuple[bytes | None, str | None]:
    """One file's three-way merge: (its new content, None to remove it; a conflict or None).

    A file the user deleted stays deleted; one removed from the templates goes only when
    the user never changed it; binary files are replaced only when the user never changed
    them, else the user's stays and it is a conflict without markers.
    """
    if theirs == base or ours == theirs:
        return ours, None
    if ours == base:
        return theirs, None
    if ours is None:
        return None, None
    if theirs is None:
        return ours, None
    if _binary(base) or _binary(ours) or _binary(theirs):
        return ours, "binary"
    merged, conflicts = gitrepo.merge_file(base or b"", ours, theirs, LABELS)
    return merged, "markers" if conflicts else None


def in_step(rel: str, text: bytes | None, fresh: bytes | None) -> bytes | None:
    """A merged file with its owned regions taken from the new render: they follow the
    record (`regions`), whatever either side had in them; a file whose markers are gone is
    left as it is."""
    if text is None or fresh is None or _binary(text):
        return text
    try:
        current, new = text.decode("utf-8"), fresh.decode("utf-8")
    except UnicodeDecodeError:
        return text
    if not regions.has_regions(rel, new):
        return text
    spliced = regions.splice_file(rel, current, new)
    return text if spliced.left_alone else spliced.text.encode("utf-8")


def _reshaped_report(rel: str, ours: bytes | None, theirs: bytes | None) -> bytes | None:
    """A REPORT.md of the shape before the ML Reproducibility Challenge's, carried into the
    new one as `replicate report` carries it (every paragraph of the user's kept, in the
    section of the same name); None for any other file. Merged line by line, its sections'
    new headings would conflict wherever the user wrote."""
    from .report import REPORT_NAME, reshape

    if rel != REPORT_NAME or ours is None or theirs is None:
        return None
    try:
        current, new = ours.decode("utf-8"), theirs.decode("utf-8")
    except UnicodeDecodeError:
        return None
    added = set(regions.ADDED[REPORT_NAME])
    if set(regions.names(current)) & added or not set(regions.names(new)) >= added:
        return None
    return reshape(current, new).encode("utf-8")


def _base(repo: Path, manifest: dict | None, paths: list[str]
          ) -> tuple[dict[str, bytes | None], str | None, str]:
    """(The base text of each path, the base branch's tip, a note on where the base came from).

    The recorded base when its commit is in the repo; else the repo's first commit.
    """
    names = [BASE_REF]
    if manifest is not None:
        names += [manifest["base"], *(f"{manifest['base']}:{p}" for p in paths)]
    found = gitrepo.read_objects(repo, names)
    parent = f"{BASE_REF}^0" if found[BASE_REF] is not None else None  # fast-import's spelling
    if manifest is not None and found.get(manifest["base"]) is not None:
        return {p: found[f"{manifest['base']}:{p}"] for p in paths}, parent, ""
    root = gitrepo.root_commit(repo)
    if root is None:
        raise ReplicateError(f"{repo} has no commit yet; commit its files, then run "
                             "'replicate upgrade' again.")
    old = gitrepo.read_objects(repo, [f"{root}:{p}" for p in paths])
    return ({p: old[f"{root}:{p}"] for p in paths}, parent,
            "no recorded template base: merged against the first commit")


def _diff(before: dict[str, bytes | None], after: dict[str, bytes | None]) -> str:
    """The change to the work tree as a unified diff, ``a/`` the file now, ``b/`` after."""
    out = []
    for rel in sorted(after):
        old, new = before.get(rel), after[rel]
        if _binary(old) or _binary(new):
            out.append(f"Binary file {rel} differs\n")
            continue
        lines = [(data or b"").decode("utf-8", "replace").splitlines(keepends=True)
                 for data in (old, new)]
        for line in difflib.unified_diff(*lines, "/dev/null" if old is None else f"a/{rel}",
                                         "/dev/null" if new is None else f"b/{rel}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _message(files: list[str]) -> str:
    shown = ", ".join(files[:4]) + (f" and {len(files) - 4} more" if len(files) > 4 else "")
    return f"Upgrade templates: {shown or 'record the new templates (no file changed)'}"


def upgrade_repo(repo: Path, templates: Templates, *, dry_run: bool = False) -> Outcome:
    """Merge the current templates into one paper repo (under its lock); see the module."""
    try:
        paper = record.load(repo)
    except ReplicateError as e:
        return Outcome(repo.name, repo, "skipped", reason=str(e))
    manifest = _manifest(repo)
    if manifest is not None and manifest["templates"] == templates.hashes:
        return Outcome(paper.arxiv_id, repo, "current")
    try:
        with locks.paper(repo):
            return _merge_into(repo, paper, manifest, templates, dry_run)
    except ReplicateError as e:
        return Outcome(paper.arxiv_id, repo, "skipped", reason=str(e))


def _merge_into(repo: Path, paper: record.Paper, manifest: dict | None, templates: Templates,
                dry_run: bool) -> Outcome:
    dirty = gitrepo.uncommitted(repo)
    if dirty:
        shown = ", ".join(dirty[:3]) + (" ..." if len(dirty) > 3 else "")
        return Outcome(paper.arxiv_id, repo, "skipped", reason=(
            f"{repo.name} has uncommitted changes ({shown}); commit or discard them, then "
            "run 'replicate upgrade' again."))
    context = scaffold.context(paper, repo, tolerance=templates.tolerance)
    theirs = _as_bytes(scaffold.render(context, templates.sources))
    paths = sorted(set(theirs) | set(manifest["files"] if manifest else ()))
    base, parent, note = _base(repo, manifest, paths)
    if all(theirs.get(p) == base[p] for p in paths):
        return Outcome(paper.arxiv_id, repo, "current", note=note)
    ours = {p: _read_ours(repo / p) for p in paths}
    after: dict[str, bytes | None] = {}
    conflicts = []
    for rel in paths:
        merged = _reshaped_report(rel, ours[rel], theirs.get(rel))
        conflict = False
        if merged is None:
            merged, conflict = merge(base[rel], ours[rel], theirs.get(rel))
        if conflict:
            conflicts.append(rel)
        else:
            merged = in_step(rel, merged, theirs.get(rel))
        if merged != ours[rel]:
            after[rel] = merged
    outcome = Outcome(paper.arxiv_id, repo, "conflicts" if conflicts else "upgraded",
                      files=sorted(after), conflicts=conflicts, note=note)
    if dry_run:
        outcome.diff = _diff(ours, after)
        return outcome
    changes: dict[str, str | bytes | None] = {
        **after, **record_base(repo, dict(theirs), templates.hashes, parent)}
    if conflicts:
        gitrepo.write_files(repo, changes)  # left for the user to resolve and commit
    else:
        outcome.commit = gitrepo.commit_files(repo, changes, _message(outcome.files))
    return outcome


def upgrade(settings: Settings, ids: list[str] | None = None, *, dry_run: bool = False
            ) -> Iterator[Outcome]:
    """Upgrade the named papers (all of them when none is named), one outcome each, in order.

    Every name is checked before any repo is changed. Several repos are upgraded at once:
    most of the time goes to waiting on git.
    """
    repos = ([record.locate(settings.papers_dir, text) for text in ids] if ids
             else record.paper_repos(settings.papers_dir))
    repos = list(dict.fromkeys(repos))
    templates = Templates.of(settings)
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    try:
        futures = [pool.submit(upgrade_repo, repo, templates, dry_run=dry_run) for repo in repos]
        for future in futures:
            yield future.result()
    finally:  # Ctrl-C: the repos being upgraded finish their step; the others are not begun
        pool.shutdown(wait=True, cancel_futures=True)
