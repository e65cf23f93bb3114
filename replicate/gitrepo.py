"""The few git operations replicate needs, with GitPython's errors wrapped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from .errors import ReplicateError

AUTHOR_FALLBACK = ("replicate", "replicate@localhost")


def _actor(repo):  # -> git.Actor
    """The user's git identity, or a neutral one so a commit never fails for lack of it."""
    from git import Actor

    reader = repo.config_reader()
    name = reader.get_value("user", "name", default="") or AUTHOR_FALLBACK[0]
    email = reader.get_value("user", "email", default="") or AUTHOR_FALLBACK[1]
    return Actor(str(name), str(email))


def init_and_commit(folder: Path, message: str) -> str:
    """Make `folder` a git repo on branch main and commit everything in it; return the sha."""
    from git import GitCommandError, Repo

    try:
        repo = Repo.init(folder, initial_branch="main")
        repo.git.add(A=True)
        actor = _actor(repo)
        commit = repo.index.commit(message, author=actor, committer=actor)
    except GitCommandError as e:
        raise ReplicateError(f"git failed in {folder}: {e.stderr.strip() or e}.") from e
    return commit.hexsha


def commit(repo_dir: Path, paths: Sequence[Path | str], message: str) -> str | None:
    """Commit `paths` (relative to the repo or absolute) if they changed; return the sha."""
    from git import GitCommandError, InvalidGitRepositoryError, NoSuchPathError, Repo

    try:
        repo = Repo(repo_dir)
        rel = [str(Path(p).resolve().relative_to(repo_dir.resolve())) if Path(p).is_absolute()
               else str(p) for p in paths]
        repo.git.add("--", *rel)
        if repo.head.is_valid() and not repo.index.diff("HEAD", paths=rel):
            return None  # nothing changed: no empty commit
        actor = _actor(repo)
        return repo.index.commit(message, author=actor, committer=actor).hexsha
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise ReplicateError(
            f"{repo_dir} is not a git repo; run 'git init' there or re-add the paper."
        ) from None
    except GitCommandError as e:
        raise ReplicateError(f"git failed in {repo_dir}: {e.stderr.strip() or e}.") from e


def last_commit_time(repo_dir: Path) -> datetime | None:
    """When the repo's HEAD was last committed, or None when it has no commits."""
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo

    try:
        repo = Repo(repo_dir)
        if not repo.head.is_valid():
            return None
        return repo.head.commit.committed_datetime
    except (InvalidGitRepositoryError, NoSuchPathError, ValueError):
        return None
