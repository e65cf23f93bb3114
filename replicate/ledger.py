"""Everything computed from the paper records: verdicts, counts, pace, exports.

Records (``paper.toml``) and each repo's ``results/reproduced.json`` are the
truth; nothing here is stored except LEDGER.md, which is rewritten from them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import baselines, checklist, record, runs
from .cache import read_entries, write_entries
from .errors import BadValue, RecordError
from .files import write_atomic
from .names import id_from_folder
from .record import Claim, Paper
from .settings import Settings

STATES = ("queued", "reading", "implementing", "experimenting",
          "replicated", "partial", "not-reproduced", "abandoned")
FINISHED = ("replicated", "partial", "not-reproduced")
STUCK_AFTER_DAYS = 30
DAYS_PER_MONTH = 30.44
RESULTS_FILE = Path("results") / "reproduced.json"
FORMATS = ("md", "csv", "json", "html")
# The paper's overall verdict -> the finished state it gives (`status ID done`).
VERDICT_STATES = {"reproduced": "replicated", "partial": "partial",
                  "not-reproduced": "not-reproduced"}
DONE = "done"  # `status ID done`: the finished state the paper's claims give


@dataclass
class Tolerance:
    """How far below the paper's figure still counts as reproduced."""

    amount: float
    relative: bool

    @classmethod
    def parse(cls, text: str | float) -> Tolerance:
        raw = str(text).strip()
        try:
            if raw.endswith("%"):
                tol = cls(float(raw[:-1]) / 100, True)
            else:
                tol = cls(float(raw), False)
        except ValueError:
            raise BadValue(
                f"tolerance must be a number such as 0.5 or a percentage such as 2%, not '{raw}'."
            ) from None
        if not math.isfinite(tol.amount):
            raise BadValue(f"tolerance must be a finite number, not '{raw}'.")
        if tol.amount < 0:
            raise BadValue(f"tolerance must not be negative ('{raw}').")
        return tol

    def absolute(self, paper_value: float) -> float:
        return self.amount * abs(paper_value) if self.relative else self.amount


def read_results(repo: Path) -> dict[str, float]:
    """The numbers in ``results/reproduced.json`` (``{"key": value}``); {} when there is none.

    ``null`` values are skipped (a notebook cell not run yet); a file that is not a JSON
    object of numbers raises `RecordError` naming it, as nothing should overwrite it then.
    """
    return read_numbers(repo / RESULTS_FILE)


def read_numbers(path: Path, raw: str | bytes | None = None) -> dict[str, float]:
    """``{"<claim key>": number}`` from a results or metrics file, as `read_results` says;
    `raw` is its text when it is about to be written (and `path` names it)."""
    try:
        raw = path.read_bytes() if raw is None else raw
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise RecordError(f"cannot read {path} ({e.strerror}); check its permissions.") from e
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise RecordError(f"{path} is not valid JSON ({e}); fix it or run the notebook "
                          "again.") from e
    except RecursionError:
        raise RecordError(f'{path} is nested too deeply; it must hold one object '
                          '{"<claim key>": number}, so fix it.') from None
    if not isinstance(data, dict):
        raise RecordError(f'{path} must hold one object {{"<claim key>": number}}; fix it.')
    numbers = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value):
            raise RecordError(f"{path} has {key!r}: {json.dumps(value)}, which is not a "
                              "number; fix it.")
        numbers[str(key)] = float(value)
    return numbers


def verdict(
    claim: Claim, reproduced: float | None, tolerance: Tolerance
) -> tuple[str, float | None]:
    """(verdict, signed gap): the gap is positive when the user did better than the paper."""
    if reproduced is None:
        return "pending", None
    gap = claim.value - reproduced if claim.lower_is_better else reproduced - claim.value
    slack = 1e-9 * max(1.0, abs(claim.value))  # 76 - 2% must not miss by a rounding error
    ok = gap >= -tolerance.absolute(claim.value) - slack
    # Two huge figures of opposite sign overflow: no gap rather than an infinite one.
    return ("reproduced" if ok else "not-reproduced"), (
        round(gap, 10) if math.isfinite(gap) else None)


def central_keys(claims: list[Claim]) -> set[str]:
    """The keys of the paper's central claims: those marked central, else every claim not
    marked otherwise (a paper whose user marked none has every claim central)."""
    marked = {c.key for c in claims if c.central}
    return marked or {c.key for c in claims if c.central is not False}


def overall_verdict(claims: list[dict[str, Any]]) -> str | None:
    """The paper's verdict from its claims (as `claim_views` gives them): reproduced when
    every central claim is, partial when some are, not-reproduced when none is, None while
    no central claim has a number. A pending claim counts as not reproduced yet."""
    central = [c["verdict"] for c in claims if c.get("central", True)]
    if not central or all(v == "pending" for v in central):
        return None
    done = sum(v == "reproduced" for v in central)
    return "reproduced" if done == len(central) else "partial" if done else "not-reproduced"


def verdict_summary(claims: list[dict[str, Any]]) -> str:
    """``partial: 2 of 3 central claims reproduced``, or why there is no verdict yet."""
    central = [c for c in claims if c.get("central", True)]
    overall = overall_verdict(claims)
    if not central:
        return "no verdict yet: " + ("no central claim" if claims else "no claims")
    done = sum(c["verdict"] == "reproduced" for c in central)
    pending = sum(c["verdict"] == "pending" for c in central)
    every = len(central) == len(claims)
    what = f"{len(central)} {'' if every else 'central '}claim{'s' if len(central) > 1 else ''}"
    if overall is None:
        return f"no verdict yet: {what}, none measured"
    rest = f", {pending} pending" if pending else ""
    return f"{overall}: {done} of {what} reproduced{rest}"


def _number(value: Any, what: str, path: Path) -> float | None:
    """A figure from a hand-editable record, or `RecordError` naming the file to fix."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise RecordError(f"{path} has {what} = {value!r}, which is not a number; fix the file.")


def claim_views(paper: Paper, repo: Path, default_tolerance: str,
                results: dict[str, float] | None = None,
                stats: dict[str, runs.ClaimStats] | None = None) -> list[dict[str, Any]]:
    """Each claim with its verdict, gap and human baseline, as `show --json` prints them.

    A number in ``results/reproduced.json`` (written by the notebook and by
    `replicate result`, so it holds the latest) wins over the record's ``reproduced``
    field. `results` saves reading that file again; a claim the tool cannot use raises
    `RecordError` naming the file. Where runs (``replicate run``) reported the claim, their
    mean is the reproduced figure instead, with its spread (`stats`, else read from runs/).
    """
    path = repo / record.RECORD_NAME
    results = read_results(repo) if results is None else results
    stats = runs.claim_stats(repo) if stats is None else stats
    views = []
    central = central_keys(paper.claims)
    for c in paper.claims:
        tol_text = c.tolerance if c.tolerance not in (None, "") else default_tolerance
        value = _number(c.value, f"claim {c.key!r} value", path)
        if value is None:
            raise RecordError(f"{path} has claim {c.key!r} without a value; fix the file.")
        mine = results.get(c.key, _number(c.reproduced, f"claim {c.key!r} reproduced", path))
        try:
            tolerance = Tolerance.parse(tol_text)
        except BadValue as e:
            raise RecordError(f"{path}, claim {c.key!r}: {e} Fix the file.") from None
        by_hand, spread = mine, stats.get(c.key)
        if c.override and by_hand is not None:
            spread = None  # the user's number wins over the runs
        if spread is not None:
            mine = spread.mean
        outcome, gap = verdict(c, mine, tolerance)
        human = _number(c.human, f"claim {c.key!r} human", path)
        human_source = "given by you" if human is not None else None
        if human is None:
            base = baselines.match(c.metric, c.dataset)
            if base is not None:
                human, human_source = base.value, base.source
        views.append({
            "key": c.key, "metric": c.metric, "value": value, "unit": c.unit,
            "dataset": c.dataset, "tolerance": str(tol_text), "reproduced": mine,
            "verdict": outcome, "gap": gap, "human": human, "human_source": human_source,
            "lower_is_better": c.lower_is_better, "source": c.source, "page": c.page,
            "origin": c.origin, "version": c.version, "table": c.table,
            "from": c.found_in or None, "central": c.key in central,
            **run_figures(value, by_hand, spread),
        })
        if spread is None and by_hand is not None and by_hand == c.reproduced:
            views[-1].update(_elsewhere(value, by_hand, c.reproduced_std, c.reproduced_n))
    return views


def run_figures(paper_value: float, by_hand: float | None,
                spread: runs.ClaimStats | None) -> dict[str, Any]:
    """A claim's figures from its runs: n, mean, std, range, and whether the paper's figure
    lies within mean ± std; `by_hand` is the number recorded without runs."""
    if spread is None:
        return {"runs": 0, "mean": None, "std": None, "min": None, "max": None,
                "by_hand": by_hand, "within_std": None}
    std = spread.std or 0.0
    return {"runs": spread.n, "mean": spread.mean, "std": spread.std, "min": spread.min,
            "max": spread.max, "by_hand": by_hand,
            "within_std": spread.mean - std <= paper_value <= spread.mean + std}


def _elsewhere(paper_value: float, mean: float, std: float | None,
               n: int | None) -> dict[str, Any]:
    """The figures of runs made elsewhere, recorded by hand as mean ± std over n runs."""
    if std is None and n is None:
        return {}
    within = None if std is None else mean - std <= paper_value <= mean + std
    return {"runs": n or 0, "mean": mean, "std": std, "within_std": within}


def mean_std(claim: dict[str, Any]) -> str:
    """``19.5 ± 0.3 (n=5)`` for a claim with runs, else its single figure or –."""
    if claim.get("runs"):
        std = "" if claim["std"] is None else f" ± {claim['std']:.3g}"
        return f"{claim['mean']:.4g}{std} (n={claim['runs']})"
    return "–" if claim.get("reproduced") is None else f"{claim['reproduced']:g}"


def spent(runs_n: int, compute: dict[str, float]) -> str:
    """``4 runs, 2.5 h wall, 10 GPU-hours``: what a paper (or the workspace) used."""
    if not runs_n:
        return "no runs yet"
    wall = compute["wall_s"]
    text = (f"{wall / 3600:.3g} h" if wall >= 3600 else f"{wall / 60:.3g} min" if wall >= 60
            else f"{wall:.3g} s")
    gpu = f", {compute['gpu_hours']:.3g} GPU-hours" if compute["gpu_hours"] else ""
    return f"{runs_n} run{'s' if runs_n != 1 else ''}, {text} wall{gpu}"


@dataclass
class Row:
    """One paper's line in the ledger."""

    arxiv_id: str
    title: str
    status: str
    added: str
    path: str
    claims_total: int = 0
    claims_reproduced: int = 0
    verdict: str | None = None  # the paper's overall verdict (`overall_verdict`)
    last_activity: str | None = None
    status_since: str | None = None
    days_in_status: int | None = None
    stuck: bool = False
    problem: str | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    runs: int = 0
    compute: dict[str, float] = field(default_factory=lambda: {"wall_s": 0.0, "gpu_hours": 0.0})
    checklist: dict[str, Any] = field(default_factory=dict)  # the ML Code Completeness Checklist


@dataclass
class Ledger:
    goal_min: int
    goal_stretch: int
    finished: int
    counts: dict[str, int]
    per_month: float
    eta_min: str | None
    eta_stretch: str | None
    papers: list[Row]
    generated: str

    @property
    def problems(self) -> list[str]:
        return [r.problem for r in self.papers if r.problem]

    @property
    def compute(self) -> dict[str, float]:
        """Runs, wall time and GPU-hours across every paper."""
        return {"runs": sum(r.runs for r in self.papers),
                "wall_s": round(sum(r.compute["wall_s"] for r in self.papers), 3),
                "gpu_hours": round(sum(r.compute["gpu_hours"] for r in self.papers), 4)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": {"min": self.goal_min, "stretch": self.goal_stretch},
            "finished": self.finished,
            "counts": self.counts,
            "pace": {"per_month": self.per_month, "eta_min": self.eta_min,
                     "eta_stretch": self.eta_stretch},
            "generated": self.generated,
            "compute": self.compute,
            "papers": [vars(r).copy() for r in self.papers],
        }


def _parse_time(value: Any) -> datetime | None:
    """A record's ISO date or timestamp (or a TOML date a user typed); naive means UTC."""
    if isinstance(value, datetime):
        t = value
    elif isinstance(value, date):
        t = datetime(value.year, value.month, value.day)
    else:
        try:
            t = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def last_activity(repo: Path) -> datetime | None:
    """The time of the repo's last commit, read from ``.git/logs/HEAD`` (no git process)."""
    try:
        with (repo / ".git" / "logs" / "HEAD").open("rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - 4096))
            last = f.read().splitlines()[-1].decode("utf-8", "replace")
    except (OSError, IndexError):
        return None
    m = re.search(r"> (\d+) ([+-])(\d\d)(\d\d)\t", last)
    if not m:
        return None
    offset = timedelta(hours=int(m[3]), minutes=int(m[4])) * (1 if m[2] == "+" else -1)
    return datetime.fromtimestamp(int(m[1]), timezone(offset))


def _row(repo: Path, paper: Paper | RecordError, tolerance: str, now: datetime) -> Row:
    activity = last_activity(repo)
    stamp = activity.isoformat(timespec="seconds") if activity else None
    if isinstance(paper, RecordError):
        return Row(arxiv_id=id_from_folder(repo.name), title=repo.name, status="unknown",
                   added="", path=str(repo), last_activity=stamp, problem=str(paper))
    problems = []
    if paper.status not in STATES:
        problems.append(f"{repo / record.RECORD_NAME} has status '{paper.status}', which is "
                        f"not one of {', '.join(STATES)}; fix the file or use 'replicate status'.")
    try:
        results = read_results(repo)
    except RecordError as e:
        results = {}
        problems.append(str(e))
    try:
        paper_runs = runs.list_runs(repo)
    except RecordError as e:
        paper_runs = []
        problems.append(str(e))
    spent = runs.compute(paper_runs)
    try:
        claims = claim_views(paper, repo, tolerance, results, runs.claim_stats(repo, paper_runs))
    except RecordError as e:
        claims = []
        problems.append(str(e))
    # Time in the current state: since the history entry that entered it.
    entered = next((h.at for h in reversed(paper.history) if h.state == paper.status), None)
    since = _parse_time(entered if entered is not None else paper.added)
    days = max(0, (now - since).days) if since else None
    return Row(
        arxiv_id=paper.arxiv_id, title=paper.title, status=paper.status, added=str(paper.added),
        path=str(repo), claims_total=len(paper.claims),
        claims_reproduced=sum(c["verdict"] == "reproduced" for c in claims),
        verdict=overall_verdict(claims),
        last_activity=stamp,
        status_since=since.isoformat(timespec="seconds") if since else None,
        days_in_status=days,
        stuck=bool(days is not None and days >= STUCK_AFTER_DAYS
                   and paper.status not in (*FINISHED, "abandoned")),
        problem=" ".join(problems) or None, claims=claims, runs=spent.runs,
        compute={"wall_s": spent.wall_s, "gpu_hours": spent.gpu_hours},
    )


def pace(rows: list[Row], goal_min: int, goal_stretch: int, now: datetime
         ) -> tuple[float, str | None, str | None]:
    """Finished papers per month since the first add, and when each goal falls at that pace.

    A goal already met gets the date it was met (when the paper that met it was finished);
    the ETAs are None while nothing is finished.
    """
    added = [t for t in (_parse_time(r.added) for r in rows) if t is not None]
    done = sorted(_parse_time(r.status_since) or now for r in rows if r.status in FINISHED)
    if not added or not done:
        return 0.0, None, None
    months = max((now - min(added)).total_seconds() / 86400, 1.0) / DAYS_PER_MONTH
    per_month = len(done) / months

    def eta(goal: int) -> str:
        if goal <= len(done):
            return done[max(goal, 1) - 1].date().isoformat()
        days = (goal - len(done)) / per_month * DAYS_PER_MONTH
        return (now + timedelta(days=days)).date().isoformat()

    return round(per_month, 2), eta(goal_min), eta(goal_stretch)


CACHE_VERSION = 2


def _plain(paper: Paper) -> dict[str, Any]:
    """The record as `record.from_dict` reads it; a shallow copy, as `asdict` is slow."""
    return {k: [dict(vars(x)) if hasattr(x, "__dataclass_fields__") else x for x in v]
            if isinstance(v, list) else v for k, v in vars(paper).items()}


def _cache_file(settings: Settings, kind: str = "records") -> Path:
    digest = hashlib.sha256(str(settings.papers_dir.resolve()).encode()).hexdigest()[:16]
    return settings.cache_dir / "ledger" / f"{kind}-{digest}.json"


def load_records(repos: list[Path], cache: Path | None) -> list[Paper | RecordError]:
    """Every repo's record, or the `RecordError` that says which file to fix.

    Parsing TOML is most of the ledger's time, so the parsed records are kept in `cache`
    keyed by each file's path and a hash of its bytes: any change is seen, even one that
    keeps the size and modification time (``cp -p``, ``rsync -t``), and the cache is only
    ever derived from the records, never a second truth.
    """
    entries = read_entries(cache, CACHE_VERSION, "records")
    kept: dict[str, Any] = {}
    papers: list[Paper | RecordError] = []
    changed = False
    for repo in repos:
        path = repo / record.RECORD_NAME
        try:
            raw: bytes | None = path.read_bytes()
            stamp = hashlib.blake2b(raw, digest_size=16).hexdigest()
        except OSError:
            raw = stamp = None
        entry = entries.get(str(path))
        if stamp is not None and entry is not None and entry[0] == stamp:
            kept[str(path)] = entry
            papers.append(record.from_dict(entry[1]))
            continue
        changed = True
        try:
            paper = record.load(repo, raw)
        except RecordError as e:
            papers.append(e)
            continue
        papers.append(paper)
        if stamp is not None:
            kept[str(path)] = [stamp, _plain(paper)]
    if changed or kept.keys() != entries.keys():
        write_entries(cache, CACHE_VERSION, "records", kept)
    return papers


def build(settings: Settings, now: datetime | None = None, *, use_cache: bool = True) -> Ledger:
    """The ledger of the workspace, computed afresh from every paper repo."""
    now = now or datetime.now(timezone.utc)
    Tolerance.parse(settings.tolerance)
    repos = record.paper_repos(settings.papers_dir)
    papers = load_records(repos, _cache_file(settings) if use_cache else None)
    rows = [_row(repo, paper, settings.tolerance, now)
            for repo, paper in zip(repos, papers, strict=True)]
    checks = checklist.check_all(repos, [r.arxiv_id for r in rows],
                                 _cache_file(settings, "checklist") if use_cache else None)
    for row, check in zip(rows, checks, strict=True):
        row.checklist = check.to_dict()
    counts = {s: 0 for s in STATES}
    for r in rows:
        if r.status in counts:
            counts[r.status] += 1
    per_month, eta_min, eta_stretch = pace(rows, settings.goal_min, settings.goal_stretch, now)
    return Ledger(settings.goal_min, settings.goal_stretch,
                  sum(counts[s] for s in FINISHED), counts, per_month, eta_min, eta_stretch,
                  rows, now.isoformat(timespec="seconds"))


def bar(done: int, goal: int, width: int = 30) -> str:
    filled = min(width, round(width * done / goal)) if goal else width
    return "[" + "#" * filled + "." * (width - filled) + f"] {done}/{goal}"


def _short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _finite(data: Any) -> Any:
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def to_json(data: Any) -> str:
    """Strict JSON, as other tools parse it: a number that is not finite becomes null."""
    return json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False,
                      default=str) + "\n"


def _csv_cell(value: Any) -> Any:
    """A cell as spreadsheets and JSON-minded scripts read it: true/false, empty for null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def render(ledger: Ledger, fmt: str) -> str:
    """The ledger as md, csv, json or html."""
    if fmt == "json":
        return to_json(ledger.to_dict())
    if fmt == "csv":
        out = io.StringIO()
        fields = ["arxiv_id", "title", "status", "added", "claims_reproduced", "claims_total",
                  "verdict", "checklist_met", "checklist_total", "last_activity",
                  "days_in_status", "stuck", "problem", "path"]
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for r in ledger.papers:
            row = {**vars(r), "checklist_met": r.checklist.get("met"),
                   "checklist_total": r.checklist.get("total")}
            writer.writerow({k: _csv_cell(v) for k, v in row.items() if k in fields})
        return out.getvalue()
    if fmt in ("md", "html"):
        sources = {c["human_source"]: None for r in ledger.papers for c in r.claims
                   if c["human_source"] and c["human_source"] != "given by you"}
        return _template(f"ledger.{fmt}.jinja", fmt == "html").render(
            ledger=ledger, bar=bar, short=_short, finished_states=FINISHED,
            human_sources=list(sources), spent=spent)
    raise BadValue(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}.")


def environment(html: bool):  # -> jinja2.Environment
    """The Jinja environment of pages made from the ledger (its own, and the site's)."""
    from .scaffold import environment, packaged_templates

    env = environment([packaged_templates()], markup="html" if html else "md",
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: "–" if v is None else f"{v:g}"
    env.filters["gap"] = lambda v: "–" if v is None else f"{v:+g}"
    env.filters["mean_std"] = mean_std
    return env


def _template(name: str, html: bool):  # -> jinja2.Template
    return environment(html).get_template(name)


def write_ledger_md(settings: Settings, now: datetime | None = None) -> Path:
    """Rewrite LEDGER.md in the workspace root, so a pushed workspace shows its ledger.

    Built and written under the workspace lock: the last command to write it read
    every record after the others had written theirs.
    """
    from . import locks

    with locks.workspace(settings):
        write_atomic(settings.ledger_file, render(build(settings, now), "md"))
    return settings.ledger_file
