"""The `add` pipeline: inputs -> ids -> one metadata request -> PDFs -> reading -> repos.

Data flow: `ids.parse` -> `Fetcher.metadata` (one request for the batch) ->
`Fetcher.pdf` -> `pdf.page_texts` -> `source.get` (the LaTeX source, when arXiv
has one) -> `reading.extract` -> `scaffold.build`.
One failing input never stops the others: each yields its own `Added`.
"""

from __future__ import annotations

import copy
import dataclasses
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from . import bibtex, cache, files, ids, locks, record
from .errors import BadPdf, BadValue, InvalidId, NetworkError, PaperNotFound, ReplicateError
from .fetch import Fetcher, Notify
from .record import Metadata
from .settings import Settings

if TYPE_CHECKING:
    from .reading.diff import ReadingDiff

Progress = Callable[[str, int, "int | None"], None]
Stage = Callable[[str, str], None]  # (paper or "" for the batch, what it is doing)
STALE_STAGING = 3600  # seconds after which a .tmp-* repo being built was left by a killed run


@dataclass
class Added:
    """The outcome of one input of `replicate add`."""

    input: str
    outcome: str  # "added", "exists" or "failed"
    arxiv_id: str | None = None
    title: str = ""
    path: Path | None = None
    error: ReplicateError | None = None
    notes: list[str] = field(default_factory=list)
    found: Found | None = None  # what reading the paper gave (a paper added now)

    @property
    def ok(self) -> bool:
        return self.outcome != "failed"


@dataclass
class Found:
    """What reading a paper gave, in numbers, for the line that reports it."""

    claims: int = 0
    first_claim: str = ""  # "28.4 BLEU on WMT 2014 English-German"
    hyperparameters: int = 0
    datasets: int = 0
    official_code: str | None = None

    @classmethod
    def of(cls, paper: record.Paper) -> Found:
        first = paper.claims[0] if paper.claims else None
        return cls(len(paper.claims), describe_claim(first) if first else "",
                   len(paper.hyperparameters), len(paper.datasets), paper.official_code)


def describe_claim(claim: record.Claim) -> str:
    """A claim in a few words: its figure, metric and dataset ("28.4 BLEU on WMT 2014")."""
    unit = claim.unit or ""
    if unit in ("%", "‰"):
        figure, metric = f"{claim.value:g}{unit}", claim.metric
    else:
        figure = f"{claim.value:g}"
        metric = claim.metric if unit.lower() in claim.metric.lower() else f"{unit} {claim.metric}"
    dataset = f" on {claim.dataset}" if claim.dataset else ""
    return f"{figure} {metric.strip()}{dataset}".strip()


@dataclass
class _Job:
    input: str
    aid: ids.ArxivId
    local_pdf: Path | None = None
    pages: list[str] | None = None


def read_id_file(path: Path) -> list[str]:
    """Ids one per line; blank lines and ``#`` comments are ignored.

    Comments may be in any encoding (a Latin-1 note is kept out of the way); an id
    line that is not UTF-8, or a binary file, is one clear error naming the file.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReplicateError(f"cannot read {path} ({e.strerror}); check the path.") from e
    if b"\0" in data:
        raise ReplicateError(f"{path} is a binary file, not a list of arXiv ids; give a text "
                             "file with one id per line.")
    found = []
    for number, line in enumerate(data.decode("utf-8", "surrogateescape").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if any("\udc80" <= c <= "\udcff" for c in text):
            raise ReplicateError(f"line {number} of {path} is not UTF-8 text; save the file "
                                 "as UTF-8.")
        if text:
            found.append(text)
    return found


def add(
    settings: Settings,
    inputs: Sequence[str],
    *,
    progress: Progress | None = None,
    notify: Notify | None = None,
    now: datetime | None = None,
    rebuild: bool = False,
    stage: Stage | None = None,
    waiting: Notify | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Added]:
    """Add every input (id, URL or PDF path), yielding one `Added` per input as it finishes.

    `notify` hears what is worth saying while a paper is being fetched (a long wait);
    `stage`, each step of each paper as it starts; `waiting`, what a request arXiv
    leaves unanswered for a few seconds is waiting for.
    A paper already there whose ``.git`` is gone is made a git repo again with `rebuild`.
    LEDGER.md is refreshed for the papers added even when the batch is interrupted.
    A `fetcher` already used (by a search) is reused, so the delay between requests holds.
    """
    now = now or datetime.now(timezone.utc)
    cache.remove_leftovers(settings)
    _remove_stale_staging(settings.papers_dir)
    jobs: list[_Job] = []
    for text in inputs:
        try:
            jobs.append(_job_for(text, settings))
        except ReplicateError as e:
            yield Added(text, "failed", error=e)

    to_fetch: list[_Job] = []
    seen: set[str] = set()
    for job in jobs:
        existing = record.find(settings.papers_dir, job.aid.id)
        if existing is not None:
            yield Added(job.input, "exists", job.aid.id, path=existing,
                        title=_title_of(existing), notes=[_existing_note(existing, job, rebuild)])
        elif job.aid.id in seen:
            yield Added(job.input, "exists", job.aid.id, notes=["given twice; added once"])
        else:
            seen.add(job.aid.id)
            to_fetch.append(job)
    if not to_fetch:
        return

    for folder in (settings.papers_dir, settings.cache_dir):
        files.require_writable(folder)
    # a fetcher already used (by a search) keeps its delay: one client, one rate limit
    fetcher = fetcher or Fetcher(settings, notify=notify, waiting=waiting)
    stage = stage or (lambda name, what: None)
    stage("", f"asking arXiv about {_papers(len(to_fetch))}")
    found = fetcher.metadata([j.aid for j in to_fetch])
    added = False
    try:
        for job in to_fetch:
            try:
                result = _add_one(settings, fetcher, job, found[job.aid], progress, now, stage)
            except ReplicateError as e:
                result = Added(job.input, "failed", job.aid.id, error=e)
            added = added or result.outcome == "added"
            yield result
    finally:
        if added:  # also after Ctrl-C or a failure later in the batch
            _refresh_ledger(settings)


def _papers(n: int) -> str:
    return "1 paper" if n == 1 else f"{n} papers"


def _existing_note(repo: Path, job: _Job, rebuild: bool) -> str:
    """What `add` says of a paper already there, rebuilding its lost ``.git`` if asked."""
    from . import gitrepo

    if (repo / ".git").exists():
        return "already in the workspace; nothing was changed"
    if not rebuild:
        return (f"its .git is gone (the repo's history is lost); run 'replicate add --rebuild "
                f"{job.aid.id}' to make it a git repo again from its files")
    gitrepo.init_and_commit(repo, f"Rebuild the repository of arXiv:{job.aid.id} from its files "
                            "(the earlier history was lost)")
    return "its .git was gone; it is a git repo again, with its files in one new commit"


def _remove_stale_staging(papers_dir: Path, arxiv_id: str | None = None) -> None:
    """Remove the half-built repos (``.tmp-*``) a killed run left behind.

    With `arxiv_id` (its add lock held, so no live run is building it), all of that
    paper's; without, any other paper's older than ``STALE_STAGING``.
    """
    pattern = f".tmp-{arxiv_id.replace('/', '_')}-*" if arxiv_id else ".tmp-*"
    try:
        staged = [p for p in papers_dir.glob(pattern) if p.is_dir()]
    except OSError:
        return
    for folder in staged:
        try:
            old = bool(arxiv_id) or time.time() - folder.stat().st_mtime > STALE_STAGING
        except OSError:
            continue
        if old:
            shutil.rmtree(folder, ignore_errors=True)


def _job_for(text: str, settings: Settings) -> _Job:
    found = ids.id_or_path(text)
    if isinstance(found, ids.ArxivId):
        return _Job(text, found)
    path = found.expanduser()
    if not path.is_file():
        raise ReplicateError(f"no such file: {text}; check the path.")
    return _job_for_pdf(text, path, settings)


def _job_for_pdf(text: str, path: Path, settings: Settings) -> _Job:
    """A PDF the user already has: its arXiv id comes from the margin stamp or the file name."""
    from . import pdf, reading

    pdf.validate(path)
    pages = pdf.page_texts(path)
    if not "".join(pages).strip():
        raise BadPdf(f"{path.name} has no text layer (a scan?); add the paper by its arXiv id.")
    stamp = reading.extract(pages[:1]).stamp
    aid = None
    if stamp is not None:
        try:
            aid = ids.ArxivId(ids.parse(stamp.arxiv_id).id, stamp.version)
        except InvalidId:
            aid = None
    if aid is None:
        try:
            aid = ids.parse(path.stem)
        except InvalidId:
            raise ReplicateError(
                f"{path.name} shows no arXiv id (no margin stamp, no id in the file name); "
                "add it by id, e.g. 'replicate add 1706.03762'."
            ) from None
    return _Job(text, aid, local_pdf=path, pages=pages)


def _add_one(
    settings: Settings,
    fetcher: Fetcher,
    job: _Job,
    meta: Metadata | ReplicateError,
    progress: Progress | None,
    now: datetime,
    stage: Stage,
) -> Added:
    from . import pdf, reading, scaffold

    notes: list[str] = []
    missing: list[str] = []
    offline = isinstance(meta, ReplicateError)
    if isinstance(meta, ReplicateError):
        if job.local_pdf is None or not isinstance(meta, NetworkError):
            raise meta
        meta = _metadata_from_pdf(job, missing)
        notes.append("arXiv could not be reached, so the paper was added from the PDF alone")
    if job.local_pdf is not None:
        pdf_path = job.local_pdf
    else:
        stage(meta.versioned_id, "downloading the PDF")
        pdf_path = fetcher.pdf(
            meta.arxiv_id, meta.version,
            progress=(lambda d, t: progress(meta.versioned_id, d, t)) if progress else None,
        )
    sha = files.sha256(pdf_path)
    texts = (cache.text_file_of(settings, sha) if job.local_pdf is not None
             else cache.text_file(settings, meta.arxiv_id, meta.version))
    if job.pages is not None:
        pages = job.pages
        pdf.save_texts(texts, pages)
    else:
        stage(meta.versioned_id, "reading the PDF")
        pages = pdf.page_texts(pdf_path, cache=texts)
    paper = _paper(meta, sha, now)
    paper.missing = missing
    folder = None
    if settings.read_source and not offline:
        stage(meta.versioned_id, "downloading the LaTeX source")
        folder, note = _source(fetcher, meta.arxiv_id, meta.version)
        notes += [note] if note else []
    stage(meta.versioned_id, "reading the paper")
    found = reading.extract(pages, arxiv_title=meta.title, abstract=meta.abstract,
                            comment=meta.comment or "",
                            version=meta.version, source=folder,
                            layout=pdf.layout_reader(pdf_path, texts),
                            links=pdf.page_links(pdf_path, texts, pages))
    if not paper.abstract and found.abstract:
        paper.abstract = found.abstract
    reading.apply(paper, found)
    if not "".join(pages).strip():
        notes.append("the PDF has no text layer, so nothing could be read from it")
    if not any(c.isalnum() for c in paper.title):
        notes.append(f"arXiv gave no title (only {ids.quote(paper.title)}); write the title "
                     "in paper.toml")
    with locks.new_paper(settings, paper.arxiv_id):  # another add of it may race us
        existing = record.find(settings.papers_dir, paper.arxiv_id)
        if existing is not None:
            return Added(job.input, "exists", paper.arxiv_id, paper.title, existing,
                         notes=["already in the workspace; nothing was changed"])
        _remove_stale_staging(settings.papers_dir, paper.arxiv_id)
        stage(meta.versioned_id, "building the repo")
        taken = bibtex.keys(list(bibtex.workspace_papers(settings.papers_dir).values())).values()
        paper.cite_key = paper.cite_key or bibtex.unique_key(paper, set(taken))
        repo = scaffold.build(paper, settings.papers_dir, pdf=pdf_path,
                              workspace_templates=settings.templates_dir, now=now,
                              tolerance=settings.tolerance)
    if paper.missing:
        notes.append("not found offline: " + ", ".join(paper.missing) + "; run 'replicate "
                     f"reread {paper.arxiv_id}' later or edit paper.toml")
    return Added(job.input, "added", paper.arxiv_id, paper.title, repo, notes=notes,
                 found=Found.of(paper))


def _source(fetcher: Fetcher, arxiv_id: str, version: int) -> tuple[Path | None, str | None]:
    from . import source

    got = source.get(fetcher, arxiv_id, version)
    return got.folder, got.note


def _metadata_from_pdf(job: _Job, missing: list[str]) -> Metadata:
    """No network: build what metadata the PDF itself shows, and list what is missing."""
    from . import reading

    found = reading.extract(job.pages or [])
    meta = Metadata(arxiv_id=job.aid.id, version=job.aid.version or 1,
                    title=found.title or job.aid.id, authors=found.authors,
                    abstract=found.abstract,
                    primary_category=found.stamp.category if found.stamp else "")
    for name, value in (("title", found.title), ("authors", found.authors),
                        ("abstract", found.abstract), ("published", ""), ("doi", "")):
        if not value:
            missing.append(name)
    return meta


def _paper(meta: Metadata, pdf_sha256: str, now: datetime) -> record.Paper:
    stamp = now.isoformat(timespec="seconds")
    return record.Paper(
        **dataclasses.asdict(meta), pdf_sha256=pdf_sha256, added=stamp,
        status="queued", history=[record.StatusChange("queued", stamp)],
    )


def _title_of(repo: Path) -> str:
    try:
        return record.load(repo).title
    except ReplicateError:
        return ""


def _refresh_ledger(settings: Settings) -> None:
    from . import ledger

    ledger.write_ledger_md(settings)


@dataclass
class Reread:
    """The outcome of `reread`: which version was read, what changed in the record."""

    arxiv_id: str
    path: Path
    from_version: int | None  # the arXiv version the suggestions were read from before
    to_version: int  # the version read now
    notes: list[str]
    diff: ReadingDiff


def reread(settings: Settings, text: str, *, version: int | None = None, latest: bool = False,
           notify: Notify | None = None) -> Reread:
    """Run the reading pass again on a paper already added, keeping what the user edited.

    Uses the cached page texts (of the recorded PDF, or by id and version), so the
    PDF is parsed at most once; without them, the repo's ``paper.pdf``, else the
    cached PDF, else a new download. Metadata missing since an offline add, and the
    LaTeX source if it was never fetched, are fetched now when arXiv can be reached.

    With `version` (or `latest`: the newest arXiv has), that version's metadata, PDF
    and source are read instead, the record moves to it and ``paper.pdf`` is replaced;
    claims keep the version they were read from, so a claim the user edited stays
    pinned to the old one.
    """
    from . import pdf, reading, tracking
    from .reading.diff import diff

    if version is not None and version < 1:
        raise BadValue(f"--version must be 1 or more, not {version}.")
    repo = record.locate(settings.papers_dir, text)
    with locks.paper(repo):
        paper = record.load(repo)
        before = copy.deepcopy(paper)
        fetcher = Fetcher(settings, notify=notify)
        meta = None
        if latest or (version is not None and version != paper.version):
            meta = _version_metadata(fetcher, paper.arxiv_id, None if latest else version)
        notes: list[str] = []
        if paper.missing:
            notes += _fill_missing(fetcher, paper, meta)
        new_pdf = None
        if meta is not None and meta.version != paper.version:
            new_pdf = fetcher.pdf(meta.arxiv_id, meta.version)
            _move_to(paper, meta, files.sha256(new_pdf))
            notes.append(f"moved from v{before.version} to v{meta.version}")
            texts = cache.text_file(settings, paper.arxiv_id, paper.version)
            pages, layout = pdf.page_texts(new_pdf, cache=texts), new_pdf
        else:
            if meta is not None:
                notes.append(f"v{meta.version} is the latest version on arXiv")
            pages, texts, layout = _pages(settings, fetcher, repo, paper)
        folder = None
        if settings.read_source:
            folder, note = _source(fetcher, paper.arxiv_id, paper.version)
            notes += [note] if note else []
        found = reading.extract(pages, arxiv_title=paper.title, abstract=paper.abstract,
                                comment=paper.comment or "",
                                version=paper.version, source=folder,
                                layout=pdf.layout_reader(layout, texts),
                                links=pdf.page_links(layout, texts, pages))
        notes += reading.apply(paper, found)
        moved = f" (from v{before.version})" if new_pdf is not None else ""
        tracking.commit(settings, repo, paper,
                        f"Re-read {paper.versioned_id}{moved}: update suggestions")
        if new_pdf is not None:  # ignored by git: the repo's copy follows the record
            files.write_atomic(repo / "paper.pdf", new_pdf.read_bytes())
    _refresh_ledger(settings)
    return Reread(paper.arxiv_id, repo, before.read_from_version or before.version,
                  paper.version, notes, diff(before, paper, found))


def _pages(settings: Settings, fetcher: Fetcher, repo: Path, paper: record.Paper
           ) -> tuple[list[str], Path, Path]:
    """The page texts of the recorded version, the text cache file, and the PDF they are of."""
    from . import pdf

    texts = cache.text_file(settings, paper.arxiv_id, paper.version)
    mine = cache.text_file_of(settings, paper.pdf_sha256) if paper.pdf_sha256 else None
    pages = (pdf.cached_texts(mine) if mine else None) or pdf.cached_texts(texts)
    local = repo / "paper.pdf"
    if pages is not None:
        return pages, texts, local
    if local.is_file():  # maybe the user's own file: its text is kept by content
        path, texts = local, cache.text_file_of(settings, files.sha256(local))
    else:
        try:
            path = fetcher.pdf(paper.arxiv_id, paper.version)
        except ReplicateError as e:
            raise type(e)(f"no text of {paper.versioned_id} is cached and {local} is gone; "
                          f"downloading it again failed: {e}") from e
    return pdf.page_texts(path, cache=texts), texts, path


def _version_metadata(fetcher: Fetcher, arxiv_id: str, version: int | None) -> Metadata:
    """arXiv's metadata of one version of the paper (the latest when `version` is None)."""
    aid = ids.ArxivId(arxiv_id, version)
    got = fetcher.metadata([aid])[aid]
    if isinstance(got, PaperNotFound) and version is not None:
        raise PaperNotFound(f"arXiv has no version {version} of {arxiv_id}; see its versions "
                            f"at https://arxiv.org/abs/{arxiv_id}.") from got
    if isinstance(got, ReplicateError):
        raise got
    return got


_MOVING = ("version", "title", "authors", "abstract", "updated", "primary_category",
           "categories", "doi", "journal_ref", "comment")


def _move_to(paper: record.Paper, meta: Metadata, pdf_sha256: str) -> None:
    """Make the record describe version `meta` of the paper (what arXiv says of it)."""
    for name in _MOVING:
        value = getattr(meta, name)
        if value or name in ("doi", "journal_ref", "comment"):
            setattr(paper, name, value)
    paper.pdf_sha256 = pdf_sha256


_FILLABLE = ("title", "authors", "abstract", "published", "updated", "primary_category",
             "categories", "doi", "journal_ref", "comment")


def _fill_missing(fetcher: Fetcher, paper: record.Paper,
                  meta: Metadata | None = None) -> list[str]:
    """After an offline add: take from arXiv what the PDF did not show (and nothing else).

    `meta` is arXiv's answer when the caller already asked for it.
    """
    got: Metadata | ReplicateError
    if meta is None:
        aid = ids.ArxivId(paper.arxiv_id, paper.version)
        got = fetcher.metadata([aid])[aid]
    else:
        got = meta
    if isinstance(got, ReplicateError):
        return [f"still missing {', '.join(paper.missing)}: {str(got).rstrip('.')}"]
    filled = []
    for name in _FILLABLE:
        value = getattr(got, name)
        if value and (name in paper.missing or not getattr(paper, name)):
            setattr(paper, name, value)
            if name in paper.missing:
                filled.append(name)
    paper.missing = []
    return [f"filled in from arXiv: {', '.join(filled)}"] if filled else []
