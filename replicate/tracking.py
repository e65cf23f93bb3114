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
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import gitrepo, locks, metrics, record, vocab
from .errors import BadValue, RecordError
from .ledger import (
    DONE,
    FINISHED,
    RESULTS_FILE,
    STATES,
    VERDICT_STATES,
    Tolerance,
    claim_views,
    overall_verdict,
    read_results,
    verdict_summary,
    write_ledger_md,
)
from .record import Claim, StatusChange, claim_key
from .settings import Settings


@dataclass
class Change:
    """What a command changed, for the CLI to report (as a sentence, or as JSON).

    `data` holds the command's own fields (the claim as `show --json` prints it, the
    status before and after); `warnings` what the user should look at, though the change
    was made.
    """

    arxiv_id: str
    repo: Path
    summary: str
    changed: bool = True
    data: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"arxiv_id": self.arxiv_id, "path": str(self.repo), "changed": self.changed,
                **self.data, "warnings": self.warnings}


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
def editing(settings: Settings, paper_id: str) -> Iterator[tuple[Path, record.Paper]]:
    """The repo and record of a paper, read and changed under the paper's lock."""
    repo = record.locate(settings.papers_dir, paper_id)
    with locks.paper(repo):
        yield repo, record.load(repo)


def commit(settings: Settings, repo: Path, paper: record.Paper, message: str,
           others: dict[str, str] | None = None) -> str | None:
    """Write the record (and `others`) and commit them with the owned regions of the repo's
    files brought in step, or change nothing; the new commit's sha, or None."""
    from . import sync

    files = {record.RECORD_NAME: record.new_text(repo, paper), **(others or {})}
    owned = sync.regenerate(settings, repo, paper, files.get(RESULTS_FILE.as_posix()))
    return gitrepo.commit_files(repo, {**files, **owned.texts}, message,
                                worktree=owned.worktree)


def state_name(text: str) -> str:
    """A state as the user may type it: "Not reproduced" is not-reproduced."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def state(text: str) -> str:
    """The state `text` names ("Not reproduced" is not-reproduced), `done`, or `BadValue`."""
    name = state_name(text)
    if name not in STATES and name != DONE:
        raise BadValue(f"unknown state '{text}'; use one of: {', '.join(STATES)}, or {DONE} "
                       "for the one the claims give.")
    return name


def status_data(repo: Path, paper: record.Paper, previous: str | None = None,
                note: str | None = None, verdict: str | None = None) -> dict[str, Any]:
    """The fields `status --json` prints, whether it read or changed the state."""
    return {"status": paper.status, "previous": previous, "note": note, "verdict": verdict,
            "history": [vars(h).copy() for h in paper.history]}


def _views(settings: Settings, repo: Path, paper: record.Paper
           ) -> tuple[list[dict[str, Any]] | None, RecordError | None]:
    """(The paper's claims with their verdicts, None and why when the record cannot value them)."""
    try:
        return claim_views(paper, repo, settings.tolerance), None
    except RecordError as e:
        return None, e


def _verdict_of(views: list[dict[str, Any]] | None) -> str | None:
    return None if views is None else overall_verdict(views)


def read_status(settings: Settings, paper_id: str) -> Change:
    """The paper's state and its history, changing nothing."""
    repo, paper = record.open_paper(settings.papers_dir, paper_id)
    verdict = _verdict_of(_views(settings, repo, paper)[0])
    summary = f"{paper.arxiv_id}: {paper.status}"
    if verdict is not None and VERDICT_STATES[verdict] != paper.status:
        summary += (f"; its claims say {verdict} ('replicate status {paper.arxiv_id} done' "
                    f"marks it {VERDICT_STATES[verdict]})")
    return Change(paper.arxiv_id, repo, summary, False,
                  status_data(repo, paper, verdict=verdict))


def set_status(settings: Settings, paper_id: str, new: str,
               now: datetime | None = None, *, note: str | None = None) -> Change:
    """Move a paper to `new`, keeping the change (and `note`) in its history.

    `done` is the finished state the paper's claims give (`ledger.overall_verdict`).
    Marking a paper replicated while some of its claims are pending or not reproduced,
    or partial or not-reproduced when the claims say otherwise, is allowed (the user may
    know better) but warned about.
    """
    new = state(new)
    note = (note or "").strip() or None
    with editing(settings, paper_id) as (repo, paper):
        views, problem = _views(settings, repo, paper)
        verdict = _verdict_of(views)
        if new == DONE:
            new = _done_state(paper, views, verdict)
        old = paper.status
        if old == new and note is None:
            summary = f"{paper.arxiv_id} is already {new}; nothing changed."
            return Change(paper.arxiv_id, repo, summary, False,
                          status_data(repo, paper, verdict=verdict))
        warnings = (_unfinished_claims(paper, views, problem) if new == "replicated"
                    else _disagreeing(paper, new, views, verdict))
        at = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        paper.status = new
        paper.history.append(StatusChange(new, at, note))
        commit(settings, repo, paper,
               f"Status: {old} -> {new}" + (f"\n\n{note}" if note else ""))
    write_ledger_md(settings, now)
    counts = " It counts toward your goal." if new in FINISHED and old not in FINISHED else ""
    summary = (f"{paper.arxiv_id}: {old} -> {new}.{counts}" if old != new
               else f"{paper.arxiv_id}: still {new}; note added.")
    return Change(paper.arxiv_id, repo, summary, True,
                  status_data(repo, paper, old, note, verdict), warnings)


def _done_state(paper: record.Paper, views: list[dict[str, Any]] | None,
                verdict: str | None) -> str:
    """The finished state `status ID done` means for this paper, or `BadValue` saying why
    its claims give none yet."""
    if views is None:
        raise BadValue(f"the claims of {paper.arxiv_id} cannot be read, so they give no state; "
                       "fix paper.toml, or name the state.")
    if verdict is None:
        raise BadValue(f"{paper.arxiv_id} has {verdict_summary(views)}; record your numbers "
                       "with 'replicate result', or name the state, e.g. 'replicate status "
                       f"{paper.arxiv_id} abandoned'.")
    return VERDICT_STATES[verdict]


def _disagreeing(paper: record.Paper, new: str, views: list[dict[str, Any]] | None,
                 verdict: str | None) -> list[str]:
    """A warning when a finished state other than replicated is not what the claims give."""
    if new not in FINISHED or views is None or verdict is None or VERDICT_STATES[verdict] == new:
        return []
    return [f"{paper.arxiv_id} is marked {new}, but its claims say {verdict_summary(views)}; "
            f"'replicate status {paper.arxiv_id} done' takes the state they give."]


def _unfinished_claims(paper: record.Paper, views: list[dict[str, Any]] | None,
                       problem: RecordError | None) -> list[str]:
    """A warning naming the central claims (those the verdict follows) that are pending or
    not reproduced, if any."""
    if views is None:
        return [f"the claims of {paper.arxiv_id} could not be checked: {problem}"]
    central = [v for v in views if v["central"]]
    kind = "claim" if len(central) == len(views) else "central claim"
    parts = []
    for verdict in ("pending", "not-reproduced"):
        keys = [v["key"] for v in central if v["verdict"] == verdict]
        if keys:
            parts.append(f"{len(keys)} {kind}{'s' if len(keys) > 1 else ''} {verdict} "
                         f"({', '.join(keys)})")
    if not parts:
        return []
    return [f"{paper.arxiv_id} is marked replicated with {' and '.join(parts)}; record your "
            "numbers with 'replicate result', or mark it partial."]


def _claim_view(settings: Settings, repo: Path, paper: record.Paper, key: str
                ) -> dict[str, Any] | None:
    """The claim as `show --json` prints it (verdict included), or None when unreadable."""
    try:
        return next((v for v in claim_views(paper, repo, settings.tolerance)
                     if v["key"] == key), None)
    except RecordError:
        return None


def _check_claim_values(value: str | float | None, tolerance: str | None,
                        human: str | float | None) -> tuple[float | None, float | None]:
    """The paper's figure and the human one as numbers; a bad tolerance raises here too."""
    if tolerance is not None:
        Tolerance.parse(tolerance)
    return (None if value is None else number(value, "--value"),
            None if human is None else number(human, "--human"))


def _same_text(a: str, b: str) -> bool:
    return vocab.key(a) == vocab.key(b)


def _same_dataset(a: str, b: str) -> bool:
    return (vocab.canonical(a) or vocab.key(a)) == (vocab.canonical(b) or vocab.key(b))


def add_claim(settings: Settings, paper_id: str, *, metric: str, value: str | float,
              dataset: str = "", unit: str = "", tolerance: str | None = None,
              lower_is_better: bool | None = None, human: str | float | None = None,
              central: bool | None = None, now: datetime | None = None) -> Change:
    """Add a claim of the user's own to the paper.

    A claim that says what a suggestion already says (same metric, dataset and figure)
    adopts that suggestion instead: the tolerance, human figure and direction given here
    are set on it, and no second claim (``key-2``) is made. Without a direction, the metric
    vocabulary's is taken (an error, a loss, WER: lower is better).
    """
    metric = metric.strip()
    if not metric:
        raise BadValue("--metric must not be empty; name what is measured, e.g. 'top-1 accuracy'.")
    paper_value, human_value = _check_claim_values(value, tolerance, human)
    assert paper_value is not None
    with editing(settings, paper_id) as (repo, paper):
        same = next((c for c in paper.claims if c.origin != "user"
                     and _same_text(c.metric, metric) and _same_dataset(c.dataset, dataset)
                     and math.isclose(c.value, paper_value, rel_tol=1e-9, abs_tol=1e-12)),
                    None)
        if same is not None:
            key, action = same.key, "adopted"
            if tolerance is not None:
                same.tolerance = tolerance
            if human_value is not None:
                same.human = human_value
            if lower_is_better is not None:
                same.lower_is_better = lower_is_better
            if unit and not same.unit:
                same.unit = unit
            if central is not None:
                same.central = central
            commit(settings, repo, paper, f"Claim {key}: adopt the suggestion")
            summary = f"Adopted the suggested claim {key} of {paper.arxiv_id}."
        else:
            key, action = claim_key(metric, dataset, {c.key for c in paper.claims}, words=3), \
                "added"
            paper.claims.append(Claim(
                key=key, metric=metric, value=paper_value, unit=unit,
                dataset=dataset.strip(), source="user", origin="user", version=paper.version,
                tolerance=tolerance, human=human_value,
                lower_is_better=metrics.lower_is_better(metric) if lower_is_better is None
                else lower_is_better,
                central=central,
            ))
            commit(settings, repo, paper, f"Claim {key}: {metric} {paper_value:g}")
            summary = f"Added claim {key} to {paper.arxiv_id}."
        view = _claim_view(settings, repo, paper, key)
    write_ledger_md(settings, now)
    return Change(paper.arxiv_id, repo, summary, True,
                  {"action": action, "key": key, "claim": view})


def _find_claim(paper: record.Paper, key: str) -> Claim:
    claim = next((c for c in paper.claims if c.key == key), None)
    if claim is None:
        keys = (", ".join(c.key for c in paper.claims)
                or "none yet (add one with 'replicate claim')")
        raise BadValue(f"{paper.arxiv_id} has no claim '{key}'; its claims are: {keys}.")
    return claim


def edit_claim(settings: Settings, paper_id: str, key: str, *, metric: str | None = None,
               value: str | float | None = None, dataset: str | None = None,
               unit: str | None = None, tolerance: str | None = None,
               lower_is_better: bool | None = None, human: str | float | None = None,
               central: bool | None = None, now: datetime | None = None) -> Change:
    """Change the given fields of claim `key` (None leaves a field as it is); its key stays,
    so the numbers recorded for it still apply. An edited suggestion is kept by `reread`."""
    if metric is not None and not metric.strip():
        raise BadValue("--metric must not be empty; name what is measured, e.g. 'top-1 accuracy'.")
    paper_value, human_value = _check_claim_values(value, tolerance, human)
    wanted = {"metric": None if metric is None else metric.strip(), "value": paper_value,
              "dataset": None if dataset is None else dataset.strip(), "unit": unit,
              "tolerance": tolerance, "lower_is_better": lower_is_better, "human": human_value,
              "central": central}
    with editing(settings, paper_id) as (repo, paper):
        claim = _find_claim(paper, key)
        fields = [k for k, v in wanted.items() if v is not None and getattr(claim, k) != v]
        for name in fields:
            setattr(claim, name, wanted[name])
        if fields:
            commit(settings, repo, paper, f"Claim {key}: edit {', '.join(fields)}")
        view = _claim_view(settings, repo, paper, key)
    if not fields:
        return Change(paper.arxiv_id, repo, f"Claim {key} of {paper.arxiv_id} already says "
                      "that; nothing changed.", False, {"action": "edited", "key": key,
                                                         "claim": view})
    write_ledger_md(settings, now)
    return Change(paper.arxiv_id, repo, f"Changed {', '.join(fields)} of claim {key} of "
                  f"{paper.arxiv_id}.", True, {"action": "edited", "key": key, "claim": view})


def remove_claim(settings: Settings, paper_id: str, key: str,
                 now: datetime | None = None) -> Change:
    """Delete claim `key`, and its number in ``results/reproduced.json``.

    A removed suggestion stays removed on `reread` (its fingerprint is kept).
    """
    with editing(settings, paper_id) as (repo, paper):
        claim = _find_claim(paper, key)
        paper.claims.remove(claim)
        results = read_results(repo)
        others = {}
        if key in results:
            del results[key]
            others[RESULTS_FILE.as_posix()] = json.dumps(results, indent=2) + "\n"
        commit(settings, repo, paper, f"Claim {key}: remove", others)
    write_ledger_md(settings, now)
    return Change(paper.arxiv_id, repo, f"Removed claim {key} from {paper.arxiv_id}.", True,
                  {"action": "removed", "key": key, "claim": None})


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
    with editing(settings, paper_id) as (repo, paper):
        claim = _find_claim(paper, key)
        claim.reproduced, claim.reproduced_std, claim.reproduced_n = mine, std, n
        claim.override = override
        results = read_results(repo)
        results[key] = mine
        shown = f"{mine:g}" + ("" if std is None else f" ± {std:g}") + (
            "" if n is None else f" (n={n})")
        commit(settings, repo, paper,
               f"Result {key}: {shown}" + (" (overrides runs)" if override else ""),
               {RESULTS_FILE.as_posix(): json.dumps(results, indent=2) + "\n"})
        from_runs = not override and key in runs.claim_stats(repo)
        view = _claim_view(settings, repo, paper, key)
    write_ledger_md(settings, now)
    summary = f"Recorded {key} = {shown} for {paper.arxiv_id}."
    if from_runs:
        summary += (" Its runs still give the claim's figure; add --override to use this "
                    "number instead.")
    return Change(paper.arxiv_id, repo, summary, True,
                  {"key": key, "from_runs": from_runs, "claim": view})
