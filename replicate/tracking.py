"""Changes to a paper's progress: status, claims, reproduced numbers.

Each change is read, written to the record and committed in the paper repo under
the paper's lock (so commands run at once never lose each other's changes), as one
step; then LEDGER.md is rewritten. Nothing is changed when a value is rejected or
the commit fails.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import gitrepo, locks, record
from .errors import BadValue
from .ledger import FINISHED, RESULTS_FILE, STATES, Tolerance, read_results, write_ledger_md
from .record import Claim, StatusChange, claim_key
from .settings import Settings


@dataclass
class Change:
    """What a command changed, for the CLI to report."""

    arxiv_id: str
    repo: Path
    summary: str


def number(text: str | float, what: str) -> float:
    """A finite float, or `BadValue` naming `what`."""
    try:
        value = float(str(text).replace("−", "-").strip())
    except ValueError:
        raise BadValue(f"{what} must be a number, not '{text}'.") from None
    if not math.isfinite(value):
        raise BadValue(f"{what} must be a finite number, not '{text}'.")
    return value


@contextmanager
def _editing(settings: Settings, paper_id: str) -> Iterator[tuple[Path, record.Paper]]:
    """The repo and record of a paper, read and changed under the paper's lock."""
    repo = record.locate(settings.papers_dir, paper_id)
    with locks.paper(repo):
        yield repo, record.load(repo)


def _commit(settings: Settings, repo: Path, paper: record.Paper, message: str,
            others: dict[str, str] | None = None) -> None:
    """Write the record (and `others`) and commit them with the owned regions of the repo's
    files brought in step, or change nothing."""
    from . import sync

    files = {record.RECORD_NAME: record.new_text(repo, paper), **(others or {})}
    owned = sync.regenerate(settings, repo, paper, files.get(RESULTS_FILE.as_posix()))
    gitrepo.commit_files(repo, {**files, **owned.texts}, message, worktree=owned.worktree)


def state_name(text: str) -> str:
    """A state as the user may type it: "Not reproduced" is not-reproduced."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def set_status(settings: Settings, paper_id: str, state: str,
               now: datetime | None = None) -> Change:
    """Move a paper to `state`, keeping the change in its history."""
    state = state_name(state)
    if state not in STATES:
        raise BadValue(f"unknown state '{state}'; use one of: {', '.join(STATES)}.")
    with _editing(settings, paper_id) as (repo, paper):
        old = paper.status
        if old == state:
            summary = f"{paper.arxiv_id} is already {state}; nothing changed."
            return Change(paper.arxiv_id, repo, summary)
        at = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        paper.status = state
        paper.history.append(StatusChange(state, at))
        _commit(settings, repo, paper, f"Status: {old} -> {state}")
    write_ledger_md(settings, now)
    note = " It counts toward your goal." if state in FINISHED else ""
    return Change(paper.arxiv_id, repo, f"{paper.arxiv_id}: {old} -> {state}.{note}")


def add_claim(settings: Settings, paper_id: str, *, metric: str, value: str | float,
              dataset: str = "", unit: str = "", tolerance: str | None = None,
              lower_is_better: bool = False, human: str | float | None = None,
              now: datetime | None = None) -> Change:
    """Add a claim of the user's own to the paper."""
    metric = metric.strip()
    if not metric:
        raise BadValue("--metric must not be empty; name what is measured, e.g. 'top-1 accuracy'.")
    paper_value = number(value, "--value")
    if tolerance is not None:
        Tolerance.parse(tolerance)
    human_value = None if human is None else number(human, "--human")
    with _editing(settings, paper_id) as (repo, paper):
        key = claim_key(metric, dataset, {c.key for c in paper.claims}, words=3)
        paper.claims.append(Claim(
            key=key, metric=metric, value=paper_value, unit=unit, dataset=dataset.strip(),
            source="user", origin="user", version=paper.version, tolerance=tolerance,
            lower_is_better=lower_is_better, human=human_value,
        ))
        _commit(settings, repo, paper, f"Claim {key}: {metric} {paper_value:g}")
    write_ledger_md(settings, now)
    return Change(paper.arxiv_id, repo, f"Added claim {key} to {paper.arxiv_id}.")


SPREAD = re.compile(r"^(?P<mean>.+?)\s*(?:±|\+-|\+/-)\s*(?P<std>[^±]+)$")


def parse_result(text: str | float, n: int | None = None) -> tuple[float, float | None]:
    """``19.5``, or ``19.5±0.3`` / ``19.5+-0.3`` (mean and std of runs made elsewhere,
    whose count `n` must then be given): (mean, std or None)."""
    m = SPREAD.match(str(text).strip())
    if n is not None and n < 1:
        raise BadValue(f"--n must be a whole number of runs, 1 or more, not {n}.")
    if m is None:
        return number(text, "the reproduced value"), None
    mean = number(m["mean"], "the reproduced mean")
    std = number(m["std"], "the reproduced spread")
    if std < 0:
        raise BadValue(f"the spread after ± must not be negative, not '{m['std']}'.")
    if n is None:
        raise BadValue(f"'{text}' is a mean and spread of several runs: say how many "
                       "with --n, e.g. --n 5.")
    return mean, std


def record_result(settings: Settings, paper_id: str, key: str, value: str | float,
                  now: datetime | None = None, *, n: int | None = None,
                  override: bool = False) -> Change:
    """Record a reproduced number, in the record and in ``results/reproduced.json``.

    Both get it so the file, which the ledger prefers, holds whatever was written last:
    this command's number or the notebook's. A results file that is not valid JSON is
    left alone and named, and nothing is changed. `value` may be a mean ± std of `n`
    runs made elsewhere. Runs made with `replicate run` give the claim's figure unless
    `override` makes this number win.
    """
    from . import runs

    mine, std = parse_result(value, n)
    with _editing(settings, paper_id) as (repo, paper):
        claim = next((c for c in paper.claims if c.key == key), None)
        if claim is None:
            keys = (", ".join(c.key for c in paper.claims)
                    or "none yet (add one with 'replicate claim')")
            raise BadValue(f"{paper.arxiv_id} has no claim '{key}'; its claims are: {keys}.")
        claim.reproduced, claim.reproduced_std, claim.reproduced_n = mine, std, n
        claim.override = override
        results = read_results(repo)
        results[key] = mine
        shown = f"{mine:g}" + ("" if std is None else f" ± {std:g}") + (
            "" if n is None else f" (n={n})")
        _commit(settings, repo, paper,
                f"Result {key}: {shown}" + (" (overrides runs)" if override else ""),
                {RESULTS_FILE.as_posix(): json.dumps(results, indent=2) + "\n"})
        from_runs = not override and key in runs.claim_stats(repo)
    write_ledger_md(settings, now)
    summary = f"Recorded {key} = {shown} for {paper.arxiv_id}."
    if from_runs:
        summary += (" Its runs still give the claim's figure; add --override to use this "
                    "number instead.")
    return Change(paper.arxiv_id, repo, summary)
