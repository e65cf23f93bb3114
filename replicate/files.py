"""Safe file writing: nothing the user sees is ever half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
