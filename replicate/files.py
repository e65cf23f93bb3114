"""Safe file writing: nothing the user sees is ever half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import ReplicateError


def default_mode(folder: bool = False) -> int:
    """The mode the user's umask gives a new file (0644 under umask 022) or folder (0755)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return (0o777 if folder else 0o666) & ~mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temp file in the same folder and an atomic rename.

    A symlink is followed, so its target gets the new text and the link stays; the file
    keeps its mode, and a new one gets the umask's (mkstemp alone would make it 0600).
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    with naming(path):
        _write_atomic(path, data)


def _write_atomic(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = default_mode()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def naming(path: Path | str) -> Iterator[None]:
    """Give `path` to an OSError raised inside that names no file (a write to an open file)."""
    try:
        yield
    except OSError as e:
        if e.filename is None:
            e.filename = str(path)
        raise


def require_writable(folder: Path) -> None:
    """Say that `folder` cannot be written before any work is done for it (a read-only
    disk, or no permission), rather than after a download; nothing when it is absent."""
    if not folder.is_dir() or os.access(folder, os.W_OK):
        return
    readonly = hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY
    code = errno.EROFS if readonly else errno.EACCES
    raise os_error(OSError(code, os.strerror(code), str(folder))) or AssertionError(code)


def _existing(path: Path) -> Path:
    """`path`, or its nearest ancestor that exists (a staging folder is gone by now)."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return candidate
    return path


def _file_in_the_way(path: Path) -> Path:
    """The ancestor of `path` that is a file where a folder should be."""
    for candidate in reversed(path.parents):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return path


def os_error(e: OSError) -> ReplicateError | None:
    """One sentence for an OSError the user can fix (a full disk, a read-only or locked
    folder, a file where a folder belongs), naming the path; None for any other."""
    path = Path(e.filename) if e.filename else None
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f" holding {_existing(path)}" if path else ""
        return ReplicateError(f"no space left on the device{where}; free some space and run the "
                              "command again.")
    if path is None:
        return None
    if e.errno == errno.EROFS:
        return ReplicateError(f"{_existing(path)} is on a read-only file system; make it "
                              "writable or use another workspace or cache folder.")
    if e.errno in (errno.EACCES, errno.EPERM):
        return ReplicateError(f"permission denied for {_existing(path)}; change its permissions "
                              "or use another workspace or cache folder.")
    if e.errno == errno.ENOTDIR:
        return ReplicateError(f"{_file_in_the_way(path)} is a file where a folder is expected; "
                              "move it away.")
    if e.errno == errno.EISDIR:
        return ReplicateError(f"{path} is a folder where a file is expected; move it away.")
    if e.errno == errno.EEXIST:
        return ReplicateError(f"{path} already exists and is in the way; move it away.")
    return None


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in blocks (a PDF may be large)."""
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
