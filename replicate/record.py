"""The per-paper record file (``paper.toml`` in each paper repo): the source of truth.

Everything else (the ledger, LEDGER.md, exports) is computed from these files.
The file is TOML so a user can edit it by hand: reading checks every field's type
and names the one that is wrong; writing goes through tomlkit into the text as it
is, so the user's comments, key order and keys of their own survive.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
import sys
import types
import typing
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
    reproduced_std: float | None = None  # the spread of runs made elsewhere ("19.5±0.3")
    reproduced_n: int | None = None  # how many runs that number is the mean of
    override: bool = False  # the number recorded by hand wins over runs (result --override)
    table: str | None = None  # "Table 2" when the value was read from a results table
    found_in: str = ""  # where in the paper: "abstract", "table" or "text" ("" for the user's)
    central: bool | None = None  # a central claim of the paper (claim --central); None: unsaid


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
    number: float | None = None  # the value as one number, when it is one ("10^-9" -> 1e-09)
    section: str = ""  # the section or table it was read from


@dataclass
class StatusChange:
    state: str
    at: str  # ISO 8601 timestamp with timezone
    note: str | None = None  # why, in the user's words (status --note)


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
    cite_key: str = ""  # the BibTeX key, chosen once at add (see `bibtex`)
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
    published_url: str | None = None  # where `replicate publish` pushed the repo (its remote)

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned_id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    @property
    def code_url(self) -> str | None:
        """The published repo as a web page (``git@github.com:u/r.git`` -> its https page),
        or None when it is not published or lives where no browser goes (a local path)."""
        return browsable(self.published_url)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def browsable(remote: str | None) -> str | None:
    """The https page of a git remote URL (``ssh://``, scp-like ``git@host:u/r`` or
    http(s), credentials dropped), else None: a local path has no page."""
    text = (remote or "").strip()
    for pattern, scheme in (
        (r"^(https?)://(?:[^/@]*@)?([^/]+)/(.+?)(?:\.git)?/?$", None),
        (r"^ssh://(?:[^@/]+@)?([^/:]+)(?::\d+)?/(.+?)(?:\.git)?/?$", "https"),
        (r"^(?:[^@/:]+@)?([\w-]+(?:\.[\w-]+)+):(?!/)(.+?)(?:\.git)?/?$", "https"),
    ):
        m = re.match(pattern, text)
        if m:
            return f"{scheme}://{m[1]}/{m[2]}" if scheme else f"{m[1]}://{m[2]}/{m[3]}"
    return None


_NESTED = {"claims": Claim, "hyperparameters": Hyperparameter, "history": StatusChange}
_TIMESTAMPS = {"added", "published", "updated", "at"}  # a TOML date typed here is fine
_IDENTITY = {Claim: "key", Hyperparameter: "name"}  # how a table is matched when rewritten


class _Bad(ValueError):
    """One wrong field, named as the user sees it in the file."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, required) of each field of dataclass `cls`."""
    return tuple((f.name, f.default is dataclasses.MISSING and
                  f.default_factory is dataclasses.MISSING) for f in dataclasses.fields(cls))


@functools.cache
def _shape(hint: Any) -> tuple[Any, Any, bool]:
    """(str, bool, int, float, dict or list; the item type of a list; whether None is fine)."""
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
    if optional:
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    origin = typing.get_origin(hint)
    if origin is None:
        return hint, None, optional
    return origin, (typing.get_args(hint) or (None,))[0], optional


def _check(value: Any, hint: Any, name: str, where: str) -> Any:
    """`value` as the dataclass field wants it, or `_Bad` saying what the field must be.

    `where` names the table holding the field ("" at the top, "claim 'k'" in a claim).
    """
    base, item, optional = _shape(hint)
    if value is None and optional:
        return None
    label = f"{name} of {where}" if where else name
    if base is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (datetime.date, datetime.time)) and name in _TIMESTAMPS:
            return value.isoformat()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                name == "value" and math.isfinite(value):
            return str(value)  # a hyperparameter typed as a TOML number
        raise _Bad(f"{label} must be a string in quotes, not {_shown(value)}")
    if base is bool:
        if isinstance(value, bool):
            return value
        raise _Bad(f"{label} must be true or false (no quotes), not {_shown(value)}")
    if base is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Bad(f"{label} must be a whole number, not {_shown(value)}")
    if base is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                math.isfinite(value):
            return float(value)
        raise _Bad(f"{label} must be a finite number, not {_shown(value)}")
    if base is dict:
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {str(k): v for k, v in value.items()}
        raise _Bad(f"{label} must be a table of strings")
    if base is list and dataclasses.is_dataclass(item):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _Bad(f"{label} must be a list of tables ([[{name}]])")
        return [_build(item, v, _entry(name, i, v, item)) for i, v in enumerate(value)]
    if base is list:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise _Bad(f"{label} must be a list of strings, not {_shown(value)}")
    raise TypeError(f"no check for {hint!r}")  # pragma: no cover - a new field type


def _entry(name: str, index: int, data: dict[str, Any], cls: type) -> str:
    """How a message names one table of a list: claim 'top-1-accuracy', history entry 2."""
    ident = data.get(_IDENTITY.get(cls, ""))
    what = {"claims": "claim", "hyperparameters": "hyperparameter"}.get(name, f"{name} entry")
    return f"{what} {ident!r}" if isinstance(ident, str) else f"{what} {index + 1}"


def _build(cls: type, data: dict[str, Any], where: str = "") -> Any:
    hints = _field_types(cls)
    kwargs = {}
    for name, required in _fields(cls):
        if name in data:
            kwargs[name] = _check(data[name], hints[name], name, where)
        elif required:
            raise _Bad(f"{name} of {where} is missing" if where else f"{name} is missing")
    return cls(**kwargs)


def from_dict(data: dict[str, Any]) -> Paper:
    """Build a `Paper` from data the tool wrote itself (the ledger's cache): no checks."""
    known = {f.name for f in dataclasses.fields(Paper)}
    kwargs = {k: v for k, v in data.items() if k in known}
    for name, cls in _NESTED.items():
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs[name] = [cls(**{k: v for k, v in item.items() if k in names}) for item in
                        data.get(name, [])]
    return Paper(**kwargs)


def parse(data: dict[str, Any], path: Path) -> Paper:
    """Build a `Paper` from a hand-editable file, checking every field's type.

    Keys the tool does not know are ignored here (and kept in the file when it is
    rewritten); a wrong field raises `RecordError` naming it and the file.
    """
    try:
        return _build(Paper, data)
    except _Bad as e:
        raise RecordError(f"{path}: {e}; fix the file.") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{path} is missing; restore it from the repo's git history.") from None
    except IsADirectoryError:
        raise RecordError(f"{path} is a folder, not the record file; move it away and "
                          "restore paper.toml from the repo's git history.") from None
    except OSError as e:
        raise RecordError(f"cannot read {path} ({e.strerror}); check its permissions.") from e


def _text(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RecordError(f"{path} is not UTF-8 text (byte {raw[e.start]:#04x} at offset "
                          f"{e.start}); save it as UTF-8.") from None


def load(repo: Path, raw: bytes | None = None) -> Paper:
    """Read the record of the paper repo `repo`; `RecordError` says which file to fix.

    `raw` is the file's bytes when the caller has read them already.
    """
    path = repo / RECORD_NAME
    text = _text(_read(path) if raw is None else raw, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RecordError(f"{path} is not valid TOML ({e}); fix the file by hand.") from e
    except RecursionError:
        raise RecordError(f"{path} is nested too deeply to be a record; fix the file.") from None
    return parse(data, path)


# -- writing: the user's comments, key order and own keys survive ----------------------------


def _toml_value(value: Any) -> Any:
    """A new TOML item for `value`, laid out as a person would write it."""
    import tomlkit

    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list):
        if value and dataclasses.is_dataclass(value[0]):
            aot = tomlkit.aot()
            for item in value:
                aot.append(_table(item))
            return aot
        array = tomlkit.array()
        array.extend(value)
        if len(tomlkit.dumps({"x": array})) > 100:
            array.multiline(True)
        return array
    if isinstance(value, dict):
        table = tomlkit.table()
        for k, v in value.items():
            table[k] = v
        return table
    return tomlkit.item(value)


def _table(obj: Any):  # -> tomlkit.items.Table
    import tomlkit

    table = tomlkit.table()
    _merge(table, obj, fresh=True)
    return table


def _blank_line_after(table: Any) -> None:
    """A table put among parsed ones ends in a blank line, as tomlkit does not add one."""
    import tomlkit

    body = table.value.body
    if not body or not isinstance(body[-1][1], tomlkit.items.Whitespace):
        table.add(tomlkit.nl())


def _same(item: Any, value: Any, hint: Any, name: str) -> bool:
    """Whether the file's `item` already says `value` (then its layout is kept)."""
    raw = item.unwrap() if hasattr(item, "unwrap") else item
    try:
        return _check(raw, hint, name, "") == value
    except _Bad:
        return False


def _merge(container: Any, obj: Any, *, fresh: bool = False) -> None:
    """Write the fields of dataclass `obj` into a tomlkit table, touching only what changed.

    Keys the tool does not know, comments and the order of keys are left as they are;
    a field left at its default is not added to a file that does not mention it.
    """
    hints = _field_types(type(obj))
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        present = f.name in container
        if value is None:
            if present:
                del container[f.name]
            continue
        if not present and not fresh and _is_default(f, value):
            continue
        if present and _same(container[f.name], value, hints[f.name], f.name):
            continue
        if present and isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            _merge_tables(container, f.name, value)
        elif present and isinstance(value, dict) and hasattr(container[f.name], "items"):
            table = container[f.name]
            for k in [k for k in table if k not in value]:
                del table[k]
            for k, v in value.items():
                if table.get(k) != v:
                    table[k] = v
        else:
            container[f.name] = _toml_value(value)


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default
    return f.default_factory is not dataclasses.MISSING and value == f.default_factory()


def _merge_tables(container: Any, name: str, items: list[Any]) -> None:
    """Rewrite an array of tables in place: each item updates the table it came from."""
    import tomlkit

    old = container[name]
    if not isinstance(old, tomlkit.items.AoT):
        container[name] = _toml_value(items)
        return
    key = _IDENTITY.get(type(items[0]))
    pool = list(old)
    wanted = []
    for i, item in enumerate(items):
        if key is None:
            match = pool[i] if i < len(pool) else None
        else:
            match = next((t for t in pool if t is not None and t.get(key) == getattr(item, key)),
                         None)
        if match is None:
            wanted.append(_table(item))
            continue
        pool[pool.index(match)] = None
        _merge(match, item)
        wanted.append(match)
    for i in reversed(range(len(old))):
        if not any(old[i] is t for t in wanted):
            del old[i]
    for i, table in enumerate(wanted):
        if i < len(old) and old[i] is table:
            continue
        here = next((j for j in range(len(old)) if old[j] is table), None)
        if here is not None:
            del old[here]
        old.insert(i, table)
        _blank_line_after(table)
        if i:
            _blank_line_after(old[i - 1])


def render(paper: Paper, current: str | None = None) -> str:
    """The record file's text for `paper`, written into the `current` text when there is one."""
    import tomlkit

    if current is None:
        doc = tomlkit.document()
        for line in HEADER.splitlines():
            doc.add(tomlkit.comment(line[2:]) if line else tomlkit.nl())
    else:
        doc = tomlkit.parse(current)
    _merge(doc, paper, fresh=current is None)
    return tomlkit.dumps(doc).rstrip("\n") + "\n"


def current_text(repo: Path) -> str | None:
    """The record file's text as it is now, or None when there is none yet."""
    path = repo / RECORD_NAME
    try:
        return _text(path.read_bytes(), path)
    except FileNotFoundError:
        return None


def new_text(repo: Path, paper: Paper) -> str:
    """The record file of `repo` with `paper` written into it, keeping the user's layout."""
    return render(paper, current_text(repo))


def save(repo: Path, paper: Paper) -> Path:
    """Write the record into `repo` atomically (no commit); return its path."""
    path = repo / RECORD_NAME
    write_atomic(path, new_text(repo, paper))
    return path


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


def locate(papers_dir: Path, text: str | None, cwd: Path | None = None) -> Path:
    """The repo of the paper `text` names: any id form, a unique id prefix, title words,
    or, without text, the paper repo holding `cwd` (see `names.resolve`)."""
    from .names import resolve

    return resolve(papers_dir, text, cwd)


def open_paper(papers_dir: Path, text: str | None, cwd: Path | None = None
               ) -> tuple[Path, Paper]:
    """The repo and record of the paper `text` names, as `locate` finds it."""
    repo = locate(papers_dir, text, cwd)
    return repo, load(repo)
