"""File locks, so commands run at the same time never lose each other's changes.

One lock per paper (its record, results file and git commits; also held while
`add` checks the paper is new and moves its repo in) and one for the files
the whole workspace shares (LEDGER.md). The lock files live in ``papers/.locks/``;
the operating system releases a lock when its process ends, however it ends.
Always take a paper's lock before the workspace lock, never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from .errors import Busy, ReplicateError

FOLDER = ".locks"
WAIT_SECONDS = 120.0


@contextmanager
def _hold(path: Path, what: str) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ReplicateError(f"cannot make {path.parent} ({e.strerror}); check the "
                             "workspace's permissions.") from e
    lock = FileLock(path, timeout=WAIT_SECONDS, mode=0o644)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(f"another replicate command has been changing {what} for "
                   f"{WAIT_SECONDS:g} s; let it finish and try again.") from None
    except OSError as e:
        raise ReplicateError(f"cannot lock {path} ({e.strerror}); check the workspace's "
                             "permissions.") from e
    try:
        yield
    finally:
        lock.release()


def paper(papers_dir: Path, arxiv_id: str) -> AbstractContextManager[None]:
    """Hold the lock of the paper `arxiv_id` (unversioned) in `papers_dir`."""
    name = arxiv_id.replace("/", "_")
    return _hold(papers_dir / FOLDER / f"{name}.lock", arxiv_id)


def workspace(papers_dir: Path) -> AbstractContextManager[None]:
    """Hold the lock of the files the whole workspace shares (LEDGER.md)."""
    return _hold(papers_dir / FOLDER / "workspace.lock", "the workspace's LEDGER.md")
