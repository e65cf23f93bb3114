"""File locks, so commands run at the same time never lose each other's changes.

A paper's lock lives in its repo's git folder (``.git/replicate.lock``), where every
process that changes the paper finds it whatever its settings, and no one sees it:
it covers the record, the results file and the commit. `add` takes a lock per
new paper id and LEDGER.md has one for the workspace; those two live in the cache
folder, keyed by the workspace. The operating system releases a lock when its
process ends, however it ends. Take a paper's lock before the workspace's, never
the other way round.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from .errors import Busy, ReplicateError
from .files import os_error
from .settings import Settings

WAIT_SECONDS = 120.0


@contextmanager
def _hold(path: Path, what: str) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise os_error(e) or ReplicateError(
            f"cannot make {path.parent} ({e.strerror}); check its permissions or the "
            "cache_dir setting.") from e
    lock = FileLock(path, timeout=WAIT_SECONDS, mode=0o644)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(f"another replicate command has been changing {what} for "
                   f"{WAIT_SECONDS:g} s; let it finish and try again.") from None
    except OSError as e:  # a read-only or full disk says so, naming the folder
        raise os_error(e) or ReplicateError(
            f"cannot lock {path} ({e.strerror}); check its permissions.") from e
    try:
        yield
    finally:
        lock.release()


def paper(repo: Path) -> AbstractContextManager[None]:
    """Hold the lock of the paper repo `repo`; `GitError` first if its .git is gone."""
    from .gitrepo import git_dir

    return _hold(git_dir(repo) / "replicate.lock", repo.name)


def _folder(settings: Settings) -> Path:
    key = hashlib.sha256(str(settings.papers_dir.resolve()).encode()).hexdigest()[:16]
    return settings.cache_dir / "locks" / key


def new_paper(settings: Settings, arxiv_id: str) -> AbstractContextManager[None]:
    """Hold the lock of adding `arxiv_id` (unversioned) to the workspace."""
    return _hold(_folder(settings) / f"add-{arxiv_id.replace('/', '_')}.lock", arxiv_id)


def workspace(settings: Settings) -> AbstractContextManager[None]:
    """Hold the lock of the files the whole workspace shares (LEDGER.md)."""
    return _hold(_folder(settings) / "workspace.lock", str(settings.ledger_file))
