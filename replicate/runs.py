"""Runs of a paper's notebook: one folder per execution, the truth about what ran.

``runs/<run-id>/`` in the paper repo holds ``run.json`` (seed, parameters, state,
times, host, software, GPU, git commit), ``metrics.json`` (``{claim key: number}``,
written by the notebook), the executed notebook and the log. The ledger derives each
claim's mean and spread, and each paper's compute, from these folders.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import __version__, gitrepo, locks
from .errors import BadValue, RecordError, ReplicateError
from .files import write_atomic
from .settings import Settings

RUNS_DIR = "runs"
RUN_FILE = "run.json"
METRICS_FILE = "metrics.json"
EXECUTED = "notebook.ipynb"
PARTIAL = ".running.ipynb"  # the notebook as papermill saves it cell by cell
LOG_FILE = "log.txt"
NOTEBOOK = Path("notebooks") / "replication.ipynb"
RUN_DIR_VAR = "REPLICATE_RUN_DIR"  # tells the notebook where to write metrics.json
STATES = ("queued", "running", "succeeded", "failed")
FINAL = ("succeeded", "failed")
# Executed notebooks and logs can be large and hold data; the records are committed.
GITIGNORE = "# Executed notebooks and logs stay out of git; run.json and metrics.json are kept.\n" \
    f"*/{EXECUTED}\n*/{PARTIAL}\n*/{LOG_FILE}\nslurm/*.log\n"


class RunTimeout(BaseException):
    """A run went past its --timeout; a BaseException so the notebook's code cannot catch it."""


class RunStopped(BaseException):
    """SIGTERM arrived (scancel, a Slurm time limit, a shutdown): the run ends as failed."""


@dataclass
class Run:
    """One execution of the notebook with one seed, as ``run.json`` records it."""

    run_id: str
    seed: int
    params: dict[str, Any] = field(default_factory=dict)
    state: str = "queued"
    executor: str = "local"  # or "slurm"
    queued: str | None = None
    started: str | None = None
    finished: str | None = None
    duration_s: float | None = None
    timeout_s: float | None = None
    host: str | None = None
    python: str | None = None
    platform: str | None = None
    commit: str | None = None
    dirty: bool | None = None
    replicate: str | None = None
    torch: str | None = None
    cuda: str | None = None
    gpu_name: str | None = None
    gpu_count: int = 0
    slurm_job: str | None = None
    log: str | None = None  # relative to the paper repo
    slurm_log: str | None = None
    notebook: str | None = None
    error: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)  # from metrics.json, not run.json

    @property
    def gpu_hours(self) -> float:
        return (self.duration_s or 0.0) * self.gpu_count / 3600

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ClaimStats:
    """A claim's figures over the succeeded runs that reported it."""

    n: int
    mean: float
    std: float | None  # sample standard deviation; None for a single run
    min: float
    max: float


@dataclass
class Compute:
    """What a paper's finished runs cost."""

    runs: int = 0
    wall_s: float = 0.0
    gpu_hours: float = 0.0


# --- parsing what the user typed -----------------------------------------------------------

def parse_seeds(spec: str | None) -> list[int]:
    """``0-4``, ``1,7,42`` or a mix (``0-2,10``) as a list of distinct seeds, in order."""
    if spec is None or not str(spec).strip():
        return [0]
    seeds: list[int] = []
    for part in str(spec).split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m or (m[2] is not None and int(m[2]) < int(m[1])):
            raise BadValue(f"--seeds takes seeds such as 0-4 or 1,7,42, not '{spec}'.")
        last = int(m[2]) if m[2] is not None else int(m[1])
        for seed in range(int(m[1]), last + 1):
            if seed not in seeds:
                seeds.append(seed)
    if len(seeds) > 10_000:
        raise BadValue(f"--seeds {spec} asks for {len(seeds)} runs; ask for fewer.")
    return seeds


def parse_params(items: Sequence[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; a value is a Python literal (3e-4, 64, True, 'adam') or else text."""
    params: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise BadValue(f"--param takes NAME=VALUE (e.g. lr=3e-4), not '{item}'.")
        if name == "SEED":
            raise BadValue("set the seed with --seeds, not --param SEED.")
        try:
            value = ast.literal_eval(raw.strip())
        except (ValueError, SyntaxError):
            value = raw.strip()
        params[name] = value
    return params


def notebook_parameters(notebook: Path) -> set[str] | None:
    """The names assigned in the notebook's cell tagged ``parameters``; None without one."""
    try:
        nb = json.loads(notebook.read_bytes())
    except (OSError, ValueError) as e:
        raise ReplicateError(f"{notebook} is not a readable notebook ({e}); restore it "
                             "from git.") from e
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return set()
            return {t.id for node in ast.walk(tree) if isinstance(node, (ast.Assign,
                    ast.AnnAssign)) for t in (node.targets if isinstance(node, ast.Assign)
                    else [node.target]) if isinstance(t, ast.Name)}
    return None


# --- run folders ------------------------------------------------------------------------

def runs_dir(repo: Path) -> Path:
    return repo / RUNS_DIR


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def new_run_id(repo: Path, seed: int, now: datetime, taken: set[str] | None = None) -> str:
    """``20261125-160102-seed0``: sorts by time, says the seed, unique in the repo."""
    base = f"{now:%Y%m%d-%H%M%S}-seed{seed}"
    taken = taken or set()
    run_id, n = base, 2
    while run_id in taken or (runs_dir(repo) / run_id).exists():
        run_id, n = f"{base}-{n}", n + 1
    return run_id


def _run_text(run: Run) -> str:
    """``run.json``: everything but the metrics, which the notebook owns."""
    data = run.to_dict()
    data.pop("metrics")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save(repo: Path, run: Run) -> Path:
    """Write ``run.json`` atomically (a run still going: its end is committed)."""
    path = runs_dir(repo) / run.run_id / RUN_FILE
    write_atomic(path, _run_text(run))
    return path


def load(repo: Path, run_id: str) -> Run:
    """Read one run folder; `RecordError` names a file that is broken."""
    folder = runs_dir(repo) / run_id
    path = folder / RUN_FILE
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise RecordError(f"{path} is missing; the run '{run_id}' does not exist.") from None
    except (OSError, ValueError) as e:
        raise RecordError(f"{path} is not valid JSON ({e}); fix or remove the run.") from e
    if not isinstance(data, dict):
        raise RecordError(f"{path} must hold one JSON object; fix or remove the run.")
    known = {f.name for f in fields(Run)}
    try:
        run = Run(**{k: v for k, v in data.items() if k in known and k != "metrics"})
    except TypeError as e:
        raise RecordError(f"{path} lacks a field ({e}); fix or remove the run.") from e
    run.metrics = read_metrics(folder / METRICS_FILE)
    return run


def read_metrics(path: Path) -> dict[str, float]:
    """``{claim key: number}`` from a run's metrics file; {} when the notebook wrote none."""
    from .ledger import read_numbers

    return read_numbers(path)


def list_runs(repo: Path) -> list[Run]:
    """Every run of the paper, oldest first; a broken folder raises `RecordError`."""
    folder = runs_dir(repo)
    if not folder.is_dir():
        return []
    return [load(repo, p.name) for p in sorted(folder.iterdir())
            if (p / RUN_FILE).is_file()]


def claim_stats(repo: Path, runs: list[Run] | None = None) -> dict[str, ClaimStats]:
    """Each claim key's mean, spread and range over the succeeded runs that reported it."""
    runs = list_runs(repo) if runs is None else runs
    values: dict[str, list[float]] = {}
    for run in runs:
        if run.state == "succeeded":
            for key, value in run.metrics.items():
                values.setdefault(key, []).append(value)
    return {key: ClaimStats(n=len(v), mean=statistics.fmean(v),
                            std=statistics.stdev(v) if len(v) > 1 else None,
                            min=min(v), max=max(v)) for key, v in values.items()}


def compute(runs: list[Run]) -> Compute:
    """Runs that ended, their wall time and GPU-hours (failed runs cost compute too)."""
    done = [r for r in runs if r.state in FINAL and r.duration_s is not None]
    return Compute(len(done), round(sum(r.duration_s or 0 for r in done), 3),
                   round(sum(r.gpu_hours for r in done), 4))


# --- where, and on what ----------------------------------------------------------------

def _gpus() -> tuple[str | None, int]:
    """The GPU's name and how many this process may use, from nvidia-smi; (None, 0) without."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None, 0
    try:
        out = subprocess.run([exe, "--query-gpu=name", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None, 0
    names = [line.strip() for line in out.splitlines() if line.strip()]
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    count = len(names)
    if visible is not None:
        count = min(count, len([d for d in visible.split(",") if d.strip()]))
    return (names[0] if names and count else None), count


def _torch_versions() -> tuple[str | None, str | None]:
    """torch's version and the CUDA it was built for, read from its files, never imported."""
    from importlib import metadata

    try:
        dist = metadata.distribution("torch")
    except metadata.PackageNotFoundError:
        return None, None
    cuda = None
    with contextlib.suppress(OSError):
        text = Path(str(dist.locate_file("torch/version.py"))).read_text()
        m = re.search(r"^cuda\s*(?::\s*\S+)?\s*=\s*'([^']+)'", text, re.M)
        cuda = m[1] if m else None
    return dist.version, cuda


def describe_machine(run: Run, repo: Path) -> None:
    """Fill in where and on what the run executes."""
    run.host = socket.gethostname()
    run.python = platform.python_version()
    run.platform = platform.platform()
    run.replicate = __version__
    run.commit, run.dirty = gitrepo.head_state(repo, exclude=RUNS_DIR)
    run.torch, run.cuda = _torch_versions()
    run.gpu_name, run.gpu_count = _gpus()


# --- executing ---------------------------------------------------------------------------

def commit_records(repo: Path, files: dict[str, str], message: str,
                   worktree: dict[str, str] | None = None) -> None:
    """Write and commit run records (with ``runs/.gitignore`` the first time), under the
    paper's lock: array tasks finish together on a shared disk. `worktree`: texts left
    uncommitted after the commit (see `gitrepo.commit_files`)."""
    ignore = f"{RUNS_DIR}/.gitignore"
    if not (repo / ignore).exists():
        files = {**files, ignore: GITIGNORE}
    gitrepo.commit_files(repo, files, message, worktree=worktree)


def queue(repo: Path, seeds: Sequence[int], params: Mapping[str, Any], *,
          executor: str = "local", timeout: float | None = None,
          now: datetime | None = None) -> list[Run]:
    """Record one queued run per seed; nothing runs yet."""
    now = now or _now()
    taken: set[str] = set()
    made = []
    for seed in seeds:
        run = Run(run_id=new_run_id(repo, seed, now, taken), seed=seed, params=dict(params),
                  executor=executor, queued=_stamp(now), timeout_s=timeout)
        taken.add(run.run_id)
        save(repo, run)
        made.append(run)
    return made


@contextlib.contextmanager
def _signals(seconds: float | None) -> Iterator[None]:
    """In the main thread: `RunTimeout` after `seconds`, `RunStopped` on SIGTERM."""
    def expire(signum: int, frame: Any) -> None:
        raise RunTimeout()

    def stop(signum: int, frame: Any) -> None:
        raise RunStopped()

    try:
        old_term = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: no handlers, no deadline
        yield
        return
    alarm = bool(seconds) and hasattr(signal, "setitimer")
    if alarm:
        old_alarm = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_alarm)
        signal.signal(signal.SIGTERM, old_term)


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    """The kernel inherits our environment: that is how the notebook learns its run folder."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


@contextlib.contextmanager
def _stderr_to(log: Any) -> Iterator[None]:
    """The kernel's own messages (it inherits file descriptor 2) belong in the run's log."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _first_line(source: str) -> str:
    line = next((s.strip() for s in source.splitlines() if s.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _error_sentence(e: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(e, PapermillExecutionError):
        where = f"cell [{e.exec_count}]" if e.exec_count else "a cell"
        return (f"{where} ({_first_line(e.source)!r}) raised {e.ename}: "
                f"{_first_line(str(e.evalue)) or '(no message)'}")
    name = type(e).__name__
    if name == "NoSuchKernel":
        return (f"no Jupyter kernel named {e}; install ipykernel in this environment "
                "(pip install ipykernel)")
    return f"{name}: {_first_line(str(e)) or '(no message)'}"


def execute(repo: Path, run: Run, *, start: bool = True, settings: Settings | None = None
            ) -> Run:
    """Execute the notebook for `run` in its folder and record how it ended.

    A raising notebook, a timeout or Ctrl-C leave the run ``failed`` with one sentence
    saying why; Ctrl-C is raised again once the record is written. The executed notebook
    is written beside ``run.json`` under a temporary name and renamed when the run ends.
    With `settings`, the repo's owned regions (REPORT.md's figures and compute) are
    brought in step in the run's commit.
    """
    import papermill

    notebook = repo / NOTEBOOK
    folder = runs_dir(repo) / run.run_id
    part = folder / PARTIAL
    log_path = folder / LOG_FILE
    if start:
        with locks.paper(repo):
            run.state = "running"
            run.started = _stamp(_now())
            run.log = f"{RUNS_DIR}/{run.run_id}/{LOG_FILE}"
            describe_machine(run, repo)
            save(repo, run)
    began = _now()
    interrupted: BaseException | None = None
    (folder / METRICS_FILE).unlink(missing_ok=True)
    try:
        with log_path.open("a", encoding="utf-8") as log, _env(RUN_DIR_VAR, str(folder)), \
                _stderr_to(log), _signals(run.timeout_s):
            log.write(f"# run {run.run_id}: seed {run.seed}, params {run.params}, "
                      f"started {run.started} on {run.host}\n")
            log.flush()
            for attempt in range(_KERNEL_STARTS):
                try:
                    papermill.execute_notebook(
                        str(notebook), str(part), parameters={"SEED": run.seed, **run.params},
                        cwd=str(notebook.parent), progress_bar=False, log_output=False,
                        stdout_file=log, stderr_file=log,
                    )
                    break
                except RuntimeError as e:
                    if not _KERNEL_DIED.search(str(e)) or attempt == _KERNEL_STARTS - 1:
                        raise
                    log.write(f"# the kernel did not start ({e}); starting it again\n")
                    log.flush()
        run.state, run.error = "succeeded", None
    except RunTimeout:
        run.state, run.error = "failed", f"timed out after {run.timeout_s:g} s (--timeout)"
    except KeyboardInterrupt as e:
        run.state, run.error = "failed", "interrupted (Ctrl-C)"
        interrupted = e
    except RunStopped as e:
        run.state, run.error = "failed", "stopped by SIGTERM (scancel, a time limit or a " \
            "shutdown)"
        interrupted = e
    except Exception as e:  # the notebook is the user's code: whatever it raises is recorded
        run.state, run.error = "failed", _error_sentence(e)
    finished = _now()
    if part.exists():
        os.replace(part, folder / EXECUTED)
        run.notebook = f"{RUNS_DIR}/{run.run_id}/{EXECUTED}"
    try:
        run.metrics = read_metrics(folder / METRICS_FILE)
    except RecordError as e:  # said in the run's error; the file would break every reading
        run.metrics = {}
        (folder / METRICS_FILE).unlink(missing_ok=True)
        if run.state == "succeeded":
            run.state, run.error = "failed", str(e).rstrip(".")
    run.finished = _stamp(finished)
    run.duration_s = round((finished - began).total_seconds(), 3)
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"# {run.state} after {run.duration_s:g} s" +
                  (f": {run.error}\n" if run.error else "\n"))
    with locks.paper(repo):
        _commit(repo, run, settings)
    if interrupted is not None:
        raise interrupted
    return run


# Two kernels started at once (a job array's tasks on one node) can race for the same free
# ports, and one dies before it answers: no cell has run, so it is started again.
_KERNEL_STARTS = 3
_KERNEL_DIED = re.compile(r"Kernel died before replying to kernel_info")


def _commit(repo: Path, run: Run, settings: Settings | None = None) -> None:
    """Commit the run's records: what ran, where, and what came out, in the paper's history;
    with `settings`, the owned regions its figures change go in the same commit."""
    folder = f"{RUNS_DIR}/{run.run_id}"
    files = {f"{folder}/{RUN_FILE}": _run_text(run)}
    if run.metrics:
        files[f"{folder}/{METRICS_FILE}"] = json.dumps(run.metrics, indent=2) + "\n"
    worktree: dict[str, str] = {}
    if settings is not None:
        from . import sync

        save(repo, run)  # the figures are read from the run folders, this one as it ended
        owned = sync.regenerate(settings, repo)
        files.update(owned.texts)
        worktree = owned.worktree
    figures = ", ".join(f"{k}={v:g}" for k, v in run.metrics.items())
    commit_records(repo, files, f"Run {run.run_id}: {run.state}" +
                   (f" ({figures})" if figures else ""), worktree)


def run_local(repo: Path, seeds: Sequence[int], params: Mapping[str, Any], *,
              timeout: float | None = None, settings: Settings | None = None
              ) -> Iterator[Run]:
    """Execute one run per seed, one after the other, yielding each as it ends.

    Each run is recorded just before it starts, so Ctrl-C leaves no run queued forever.
    """
    check_notebook(repo, params)
    for seed in seeds:
        yield execute(repo, queue(repo, [seed], params, timeout=timeout)[0],
                      settings=settings)


def check_notebook(repo: Path, params: Mapping[str, Any]) -> list[str]:
    """Refuse a missing notebook; return notes on parameters its parameters cell lacks."""
    notebook = repo / NOTEBOOK
    if not notebook.is_file():
        raise ReplicateError(f"{notebook} is missing; restore it with 'git checkout -- "
                             f"{NOTEBOOK.as_posix()}' in {repo}.")
    names = notebook_parameters(notebook)
    if names is None:
        raise ReplicateError(f"{notebook} has no cell tagged 'parameters'; tag the cell that "
                             "sets SEED (View > Cell Toolbar > Tags) and run again.")
    return [f"--param {p}: the notebook's parameters cell does not set {p}; the value is "
            "injected anyway" for p in params if p not in names]


def resume(repo: Path, run_id: str, settings: Settings | None = None) -> Run:
    """Execute a queued run (a Slurm array task does this on its node)."""
    with locks.paper(repo):
        run = load(repo, run_id)
        if run.state != "queued":
            raise BadValue(f"run {run_id} is {run.state}, not queued; start a new one with "
                           "'replicate run'.")
        job, task = os.environ.get("SLURM_ARRAY_JOB_ID"), os.environ.get("SLURM_ARRAY_TASK_ID")
        if job and task:
            run.slurm_job = f"{job}_{task}"
        run.state = "running"
        run.started = _stamp(_now())
        run.log = run.log or f"{RUNS_DIR}/{run.run_id}/{LOG_FILE}"
        describe_machine(run, repo)
        save(repo, run)
    return execute(repo, run, start=False, settings=settings)


def mark_failed(repo: Path, run_id: str, error: str, now: datetime | None = None) -> Run | None:
    """Record that a run ended without finishing (Slurm cancelled it, the node died...).

    Only a run still queued or running changes: the task's own record wins.
    """
    with locks.paper(repo):
        run = load(repo, run_id)
        if run.state in FINAL:
            return None
        run.state, run.error = "failed", error
        run.finished = _stamp(now or _now())
        _commit(repo, run)
    return run
