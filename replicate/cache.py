"""Where downloads and derived texts live in the cache folder: the one owner of those paths.

Everything is keyed by arXiv id and version, so a new version never serves an old
file. Downloads are written to a locked ``.part`` file and renamed into place; a
``.part`` nobody holds a lock on was left by a killed run and may be removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .files import default_mode, naming, write_atomic

if TYPE_CHECKING:
    from .settings import Settings

try:  # POSIX: a live download holds a lock on its .part file
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _name(arxiv_id: str, version: int) -> str:
    return f"{arxiv_id.replace('/', '_')}v{version}"


def pdf_file(settings: Settings, arxiv_id: str, version: int) -> Path:
    """The cached PDF of one version of a paper."""
    return settings.cache_dir / "pdf" / f"{_name(arxiv_id, version)}.pdf"


def text_file(settings: Settings, arxiv_id: str, version: int) -> Path:
    """The cached page texts of that PDF (see `pdf.page_texts`)."""
    return settings.cache_dir / "text" / f"{_name(arxiv_id, version)}.json"


def text_file_of(settings: Settings, sha256: str) -> Path:
    """The cached page texts of a PDF the user supplied, keyed by its content.

    The id such a file claims (its stamp or its name) must not decide which paper's
    cache it fills: a wrong one would serve its text to every later add of that id.
    """
    return settings.cache_dir / "text" / f"sha256-{sha256}.json"


def source_dir(settings: Settings, arxiv_id: str, version: int) -> Path:
    """The folder of the unpacked LaTeX source of one version of a paper."""
    return settings.cache_dir / "source" / _name(arxiv_id, version)


def no_source_file(settings: Settings, arxiv_id: str, version: int) -> Path:
    """A note that arXiv has no usable source for this version, so it is not asked again."""
    folder = source_dir(settings, arxiv_id, version)
    return folder.parent / f"{folder.name}.none"


@contextlib.contextmanager
def part_file(target: Path) -> Iterator[tuple[Path, IO[bytes]]]:
    """A new, locked ``.part`` file beside `target` to download into; removed on exit.

    The caller renames it onto `target` when the download is whole. The lock tells
    `remove_leftovers` in another run that this file is still being written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # Created under another name and locked before it is called .part, so a cleaner
    # never sees an unlocked .part of a live run.
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new")
    path = Path(name[: -len(".new")] + ".part")
    try:
        os.chmod(name, default_mode())  # mkstemp makes it 0600; a cached PDF is a normal file
        with os.fdopen(fd, "w+b") as f:
            if fcntl is not None:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            os.rename(name, path)
            with naming(path):
                yield path, f
    finally:
        Path(name).unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def remove_leftovers(settings: Settings) -> list[Path]:
    """Delete what a killed run left in the download folders; return what was removed.

    That is each ``.part`` file no live run holds a lock on, and each ``.part.d``
    staging folder (an archive being unpacked) whose ``.part`` is gone.
    """
    removed: list[Path] = []
    if fcntl is None:  # pragma: no cover - no way to tell a live download from a dead one
        return removed
    for folder in (settings.cache_dir / "pdf", settings.cache_dir / "source"):
        try:
            parts = list(folder.glob(".*.part"))
            staged = list(folder.glob(".*.part.d"))
        except OSError:
            continue
        for part in parts:
            try:
                with part.open("rb") as f:
                    fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    part.unlink()
                removed.append(part)
            except OSError:
                continue  # locked (a download in progress) or already gone
        for staging in staged:
            if not staging.with_name(staging.name[: -len(".d")]).exists():
                shutil.rmtree(staging, ignore_errors=True)
                removed.append(staging)
    return removed


def read_entries(path: Path | None, version: int, key: str) -> dict[str, Any]:
    """The entries of a cache of derived data (the ledger's), or {} when there is none, it
    cannot be read, or it was written by another version of its format."""
    try:
        data = json.loads(path.read_bytes()) if path else {}
        entries = data[key] if data.get("version") == version else {}
    except (OSError, ValueError, KeyError, AttributeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_entries(path: Path | None, version: int, key: str, entries: dict[str, Any]) -> None:
    """Write such a cache; one that cannot be written only costs time next run."""
    if path is None:
        return
    with contextlib.suppress(OSError):
        write_atomic(path, json.dumps({"version": version, key: entries}, default=str,
                                      separators=(",", ":")))
