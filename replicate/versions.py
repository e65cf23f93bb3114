"""Newer arXiv versions of the workspace's papers (`replicate outdated`).

A v3 can fix a table, and the user replicating v1 numbers should know. Every
paper is looked up in one batched API request (`Fetcher.metadata`, 100 ids a
request under the rate limit) and its latest version compared with the version
its suggestions were read from. Nothing is written: the records change only when
the user re-reads a paper (`replicate reread ID --latest`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import ids, record
from .errors import NetworkError, ReplicateError
from .fetch import Fetcher, Notify
from .settings import Settings


@dataclass
class Newer:
    """A paper arXiv has a newer version of than the one it was read from."""

    arxiv_id: str
    title: str
    path: Path
    read_version: int  # the version the record's suggestions come from
    latest_version: int
    updated: str  # when arXiv published the latest version (ISO 8601), "" when unknown


@dataclass
class Problem:
    """A paper that could not be checked, and why."""

    arxiv_id: str | None
    path: Path
    error: str


@dataclass
class Outdated:
    checked: int  # papers compared with arXiv
    newer: list[Newer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def outdated(settings: Settings, *, notify: Notify | None = None) -> Outdated:
    """Compare every paper's latest arXiv version with the one it was read from.

    A record that cannot be read, or a paper arXiv does not know, is a `Problem` and
    the others are still checked; arXiv out of reach is a `NetworkError`, as no answer
    at all is better than a list that looks complete.
    """
    papers: list[tuple[Path, record.Paper]] = []
    problems: list[Problem] = []
    for repo in record.paper_repos(settings.papers_dir):
        try:
            papers.append((repo, record.load(repo)))
        except ReplicateError as e:
            problems.append(Problem(None, repo, str(e)))
    if not papers:
        return Outdated(0, problems=problems)
    fetcher = Fetcher(settings, notify=notify)
    wanted = {repo: ids.ArxivId(p.arxiv_id) for repo, p in papers}
    found = fetcher.metadata(list(wanted.values()))
    down = next((e for e in found.values() if isinstance(e, NetworkError)), None)
    if down is not None:
        raise down
    result = Outdated(len(papers), problems=problems)
    for repo, paper in papers:
        latest = found[wanted[repo]]
        if isinstance(latest, ReplicateError):
            result.problems.append(Problem(paper.arxiv_id, repo, str(latest)))
            continue
        read = paper.read_from_version or paper.version
        if latest.version > read:
            result.newer.append(Newer(paper.arxiv_id, paper.title, repo, read,
                                      latest.version, latest.updated))
    return result
