"""The per-paper record file (``paper.toml`` in each paper repo): the source of truth.

Everything else (the ledger, LEDGER.md, exports) is computed from these files.
The file is TOML so a user can edit it by hand; the tool reads it back and
rewrites it atomically.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RecordError
from .files import write_atomic

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RECORD_NAME = "paper.toml"

HEADER = (
    "# The record of this replication, read by `replicate` (show, ledger, status ...).\n"
    "# Edit freely: it is plain TOML. Extracted claims and hyperparameters are suggestions.\n\n"
)


@dataclass
class Claim:
    """A quantitative result the paper states, and what the user got for it."""

    key: str
    metric: str
    value: float
    unit: str = ""
    dataset: str = ""
    source: str = ""  # the sentence or table row it came from, or "user"
    page: int | None = None
    origin: str = "user"  # "paper" when extracted from the PDF, "user" when added by hand
    version: int | None = None  # the arXiv version it was read from
    tolerance: str | None = None  # "0.5" (metric units) or "2%"; None: the workspace default
    lower_is_better: bool = False
    human: float | None = None  # a human baseline given by the user; else the shipped table
    reproduced: float | None = None


def claim_key(metric: str, dataset: str, taken: set[str], words: int = 4) -> str:
    """A short, stable key such as ``top-1-accuracy-imagenet``, unique within the paper.

    Metric and dataset each keep their first `words` words.
    """
    def slug(text: str) -> str:
        return "-".join(re.findall(r"[a-z0-9]+", text.lower().replace(".", ""))[:words])

    base = "-".join(p for p in (slug(metric), slug(dataset)) if p) or "claim"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@dataclass
class Hyperparameter:
    """A training or model setting as printed in the paper."""

    name: str
    value: str
    source: str = ""
    page: int | None = None
    version: int | None = None


@dataclass
class StatusChange:
    state: str
    at: str  # ISO 8601 timestamp with timezone


@dataclass
class Metadata:
    """What arXiv says about one version of a paper."""

    arxiv_id: str
    version: int
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    published: str = ""
    updated: str = ""
    primary_category: str = ""
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}" if self.version else self.arxiv_id


@dataclass
class Paper(Metadata):
    """One paper's metadata, reading suggestions and replication progress."""

    pdf_sha256: str | None = None
    added: str = ""
    status: str = "queued"
    history: list[StatusChange] = field(default_factory=list)
    code_urls: list[str] = field(default_factory=list)
    official_code: str | None = None
    datasets: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    compute: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    hyperparameters: list[Hyperparameter] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # metadata that could not be found
    read_from_version: int | None = None  # the arXiv version the suggestions come from
    extracted: dict[str, str] = field(default_factory=dict)  # fingerprints, to spot user edits

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned_id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_NESTED = {"claims": Claim, "hyperparameters": Hyperparameter, "history": StatusChange}


def from_dict(data: dict[str, Any]) -> Paper:
    """Build a `Paper` from parsed TOML, ignoring keys it does not know."""
    known = {f.name for f in dataclasses.fields(Paper)}
    kwargs = {k: v for k, v in data.items() if k in known}
    for name, cls in _NESTED.items():
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs[name] = [cls(**{k: v for k, v in item.items() if k in names}) for item in
                        data.get(name, [])]
    return Paper(**kwargs)


def _drop_none(value: Any) -> Any:
    """TOML has no null: leave unset fields out of the file."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def dumps(paper: Paper) -> str:
    import tomli_w

    return HEADER + tomli_w.dumps(_drop_none(paper.to_dict()), multiline_strings=True)


def save(repo: Path, paper: Paper) -> Path:
    """Write the record into `repo` atomically; return its path."""
    path = repo / RECORD_NAME
    write_atomic(path, dumps(paper))
    return path


def load(repo: Path) -> Paper:
    """Read the record of the paper repo `repo`; `RecordError` says which file to fix."""
    path = repo / RECORD_NAME
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise RecordError(f"{path} is missing; restore it from the repo's git history.") from None
    except tomllib.TOMLDecodeError as e:
        raise RecordError(f"{path} is not valid TOML ({e}); fix the file by hand.") from e
    try:
        return from_dict(data)
    except (TypeError, ValueError) as e:
        raise RecordError(f"{path} has a field the tool cannot use ({e}); fix the file.") from e


def paper_repos(papers_dir: Path) -> list[Path]:
    """Every paper repo in the workspace, sorted by folder name."""
    if not papers_dir.is_dir():
        return []
    return sorted(
        p for p in papers_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and
        ((p / RECORD_NAME).exists() or (p / ".git").exists())
    )


def find(papers_dir: Path, arxiv_id: str) -> Path | None:
    """The repo of the paper with this (unversioned) id, if it is in the workspace."""
    slug = arxiv_id.replace("/", "_")
    for repo in paper_repos(papers_dir):
        if repo.name == slug or repo.name.startswith(slug + "-"):
            return repo
    return None


def open_paper(papers_dir: Path, text: str) -> tuple[Path, Paper]:
    """The repo and record of the paper `text` names (any id form), or `PaperNotFound`."""
    from .errors import PaperNotFound
    from .ids import parse

    aid = parse(text)
    repo = find(papers_dir, aid.id)
    if repo is None:
        raise PaperNotFound(
            f"{aid.id} is not in the workspace ({papers_dir}); "
            f"add it with 'replicate add {aid.id}'."
        )
    return repo, load(repo)
