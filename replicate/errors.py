"""Errors a user can cause. The CLI catches `ReplicateError` once and prints its message.

Each message is one sentence naming the thing and what to do about it.
"""

from __future__ import annotations


class ReplicateError(Exception):
    """Base class for every error a user can cause or fix."""


class InvalidId(ReplicateError):
    """Text that is not an arXiv identifier in any accepted form."""


class PaperNotFound(ReplicateError):
    """arXiv (or the workspace) has no paper with this id."""


class AmbiguousPaper(ReplicateError):
    """Text that names several papers of the workspace (an id prefix, title words)."""


class CannotOpen(ReplicateError):
    """Nothing on this machine can open what was asked for (a headless server)."""


class NetworkError(ReplicateError):
    """arXiv could not be reached, or kept failing after retries."""


class BadPdf(ReplicateError):
    """A download or a file that is not a whole, readable PDF."""


class WorkspaceError(ReplicateError):
    """No workspace, or a workspace/config file that cannot be used."""


class RecordError(ReplicateError):
    """A paper record file that is missing or cannot be parsed."""


class BadValue(ReplicateError):
    """A value given on the command line or in a file that makes no sense."""


class Busy(ReplicateError):
    """Another command held the lock of a paper or of the workspace for too long."""


class GitError(ReplicateError):
    """A git command failed (a refusing hook, a repo whose .git is gone, a full disk)."""


class RemoteError(ReplicateError):
    """A git remote that cannot be reached, or that refuses a push."""


class UsageError(BadValue):
    """A malformed command line (no ids for ``add``, ``--value abc``): exit code 2."""
