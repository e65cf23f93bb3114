"""Everything computed from the paper records: verdicts, counts, pace, exports.

Records (``paper.toml``) and each repo's ``results/reproduced.json`` are the
truth; nothing here is stored except LEDGER.md, which is rewritten from them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import baselines, record
from .errors import BadValue, ReplicateError
from .files import write_atomic
from .record import Claim, Paper
from .settings import Settings

STATES = ("queued", "reading", "implementing", "experimenting",
          "replicated", "partial", "not-reproduced", "abandoned")
FINISHED = ("replicated", "partial", "not-reproduced")
STUCK_AFTER_DAYS = 30
DAYS_PER_MONTH = 30.44
RESULTS_FILE = Path("results") / "reproduced.json"
FORMATS = ("md", "csv", "json", "html")


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
        if tol.amount < 0:
            raise BadValue(f"tolerance must not be negative ('{raw}').")
        return tol

    def absolute(self, paper_value: float) -> float:
        return self.amount * abs(paper_value) if self.relative else self.amount


def read_results(repo: Path) -> dict[str, float]:
    """The numbers the notebook wrote (``{"key": value}``); {} when absent or unreadable."""
    try:
        data = json.loads((repo / RESULTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


def verdict(
    claim: Claim, reproduced: float | None, tolerance: Tolerance
) -> tuple[str, float | None]:
    """(verdict, signed gap): the gap is positive when the user did better than the paper."""
    if reproduced is None:
        return "pending", None
    gap = claim.value - reproduced if claim.lower_is_better else reproduced - claim.value
    ok = gap >= -tolerance.absolute(claim.value) - 1e-12
    return ("reproduced" if ok else "not reproduced"), round(gap, 10)


def claim_views(paper: Paper, repo: Path, default_tolerance: str) -> list[dict[str, Any]]:
    """Each claim with its verdict, gap and human baseline, as `show --json` prints them.

    A number in ``results/reproduced.json`` (written by the notebook and by
    `replicate result`) wins over the record's ``reproduced`` field.
    """
    results = read_results(repo)
    views = []
    for c in paper.claims:
        tol_text = c.tolerance if c.tolerance is not None else default_tolerance
        mine = results.get(c.key, c.reproduced)
        outcome, gap = verdict(c, mine, Tolerance.parse(tol_text))
        human, human_source = c.human, "given by you" if c.human is not None else None
        if human is None:
            base = baselines.match(c.metric, c.dataset)
            if base is not None:
                human, human_source = base.value, base.source
        views.append({
            "key": c.key, "metric": c.metric, "value": c.value, "unit": c.unit,
            "dataset": c.dataset, "tolerance": tol_text, "reproduced": mine,
            "verdict": outcome, "gap": gap, "human": human, "human_source": human_source,
            "lower_is_better": c.lower_is_better, "source": c.source, "page": c.page,
            "origin": c.origin, "version": c.version,
        })
    return views


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
    last_activity: str | None = None
    days_in_status: int | None = None
    stuck: bool = False
    problem: str | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": {"min": self.goal_min, "stretch": self.goal_stretch},
            "finished": self.finished,
            "counts": self.counts,
            "pace": {"per_month": self.per_month, "eta_min": self.eta_min,
                     "eta_stretch": self.eta_stretch},
            "generated": self.generated,
            "papers": [asdict(r) for r in self.papers],
        }


def _parse_time(text: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(text)
    except (TypeError, ValueError):
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


def _row(repo: Path, tolerance: str, now: datetime) -> Row:
    try:
        paper = record.load(repo)
    except ReplicateError as e:
        return Row(arxiv_id=repo.name.split("-", 1)[0].replace("_", "/"), title=repo.name,
                   status="unknown", added="", path=str(repo), problem=str(e))
    try:
        claims = claim_views(paper, repo, tolerance)
    except BadValue as e:
        claims, problem = [], f"{repo / record.RECORD_NAME}: {e}"
    else:
        problem = None
    changed = _parse_time(paper.history[-1].at) if paper.history else _parse_time(paper.added)
    days = (now - changed).days if changed else None
    activity = last_activity(repo)
    return Row(
        arxiv_id=paper.arxiv_id, title=paper.title, status=paper.status, added=paper.added,
        path=str(repo), claims_total=len(claims),
        claims_reproduced=sum(c["verdict"] == "reproduced" for c in claims),
        last_activity=activity.isoformat(timespec="seconds") if activity else None,
        days_in_status=days,
        stuck=bool(days is not None and days >= STUCK_AFTER_DAYS
                   and paper.status not in (*FINISHED, "abandoned")),
        problem=problem, claims=claims,
    )


def pace(rows: list[Row], goal_min: int, goal_stretch: int, now: datetime
         ) -> tuple[float, str | None, str | None]:
    """Finished papers per month since the first add, and when each goal falls at that pace.

    An ETA is today's date once a goal is met, and None while nothing is finished.
    """
    added = [t for t in (_parse_time(r.added) for r in rows) if t is not None]
    finished = sum(r.status in FINISHED for r in rows)
    if not added or not finished:
        return 0.0, None, None
    months = max((now - min(added)).total_seconds() / 86400, 1.0) / DAYS_PER_MONTH
    per_month = finished / months

    def eta(goal: int) -> str:
        remaining = max(goal - finished, 0)
        return (now + timedelta(days=remaining / per_month * DAYS_PER_MONTH)).date().isoformat()

    return round(per_month, 2), eta(goal_min), eta(goal_stretch)


def build(settings: Settings, now: datetime | None = None) -> Ledger:
    """The ledger of the workspace, computed afresh from every paper repo."""
    now = now or datetime.now(timezone.utc)
    Tolerance.parse(settings.tolerance)
    rows = [_row(repo, settings.tolerance, now) for repo in record.paper_repos(settings.papers_dir)]
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


def render_text(ledger: Ledger) -> str:
    """The terminal view."""
    lines = [
        f"goal      {bar(ledger.finished, ledger.goal_min)}",
        f"stretch   {bar(ledger.finished, ledger.goal_stretch)}",
        "status    " + ", ".join(f"{n} {s}" for s, n in ledger.counts.items() if n) or "none",
    ]
    if ledger.per_month:
        lines.append(f"pace      {ledger.per_month:g} finished a month: {ledger.goal_min} by "
                     f"{ledger.eta_min}, {ledger.goal_stretch} by {ledger.eta_stretch}")
    else:
        lines.append("pace      nothing finished yet")
    lines.append("")
    if not ledger.papers:
        lines.append("No papers yet: add one with 'replicate add 1706.03762'.")
        return "\n".join(lines) + "\n"
    header = f"{'id':<18} {'title':<48} {'status':<15} {'claims':>6}  {'last activity':<13} days"
    lines += [header, "-" * len(header)]
    for r in ledger.papers:
        claims = f"{r.claims_reproduced}/{r.claims_total}"
        activity = (r.last_activity or "")[:10]
        days = "" if r.days_in_status is None else str(r.days_in_status)
        mark = "  stuck" if r.stuck else ("  ! " + r.problem if r.problem else "")
        lines.append(f"{r.arxiv_id:<18} {_short(r.title):<48} {r.status:<15} {claims:>6}  "
                     f"{activity:<13} {days}{mark}")
    return "\n".join(lines) + "\n"


def render(ledger: Ledger, fmt: str) -> str:
    """The ledger as md, csv, json or html."""
    if fmt == "json":
        return json.dumps(ledger.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        fields = ["arxiv_id", "title", "status", "added", "claims_reproduced", "claims_total",
                  "last_activity", "days_in_status", "stuck", "problem", "path"]
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for r in ledger.papers:
            writer.writerow(asdict(r))
        return out.getvalue()
    if fmt in ("md", "html"):
        return _template(f"ledger.{fmt}.jinja", fmt == "html").render(
            ledger=ledger, bar=bar, short=_short, finished_states=FINISHED)
    raise BadValue(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}.")


def _template(name: str, html: bool):  # -> jinja2.Template
    from importlib.resources import files

    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(files("replicate.templates"))),
        undefined=jinja2.StrictUndefined, autoescape=html, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["num"] = lambda v: "–" if v is None else f"{v:g}"
    env.filters["md"] = lambda v: str(v).replace("|", "\\|").replace("\n", " ")
    return env.get_template(name)


def write_ledger_md(settings: Settings, now: datetime | None = None) -> Path:
    """Rewrite LEDGER.md in the workspace root, so a pushed workspace shows its ledger."""
    write_atomic(settings.ledger_file, render(build(settings, now), "md"))
    return settings.ledger_file
