"""Resolve the workspace and every setting, in one place, at call time.

Precedence for each value: explicit argument > ``REPLICATE_*`` environment
variable > the workspace's ``replicate.toml`` (or ``[tool.replicate]`` in a
``pyproject.toml``) > built-in default. `SETTINGS` is the one table of what
each setting is and may be; every value is checked there before a command
changes anything, and a wrong one is one sentence naming where it was set.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import WorkspaceError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "replicate.toml"

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_PDF_URL = "https://arxiv.org/pdf"
DEFAULT_SOURCE_URL = "https://arxiv.org/e-print"

DEFAULT_CONFIG = """\
# replicate workspace settings. Environment variables REPLICATE_* override these.

[goal]
min = 20        # papers to finish (replicated, partial or not-reproduced)
stretch = 50

[ledger]
tolerance = "2%"   # default claim tolerance: "2%" of the paper's figure, or an absolute number

# [arxiv]
# api_url = "https://export.arxiv.org/api/query"
# pdf_url = "https://arxiv.org/pdf"
# source_url = "https://arxiv.org/e-print"   # the LaTeX source (e-print) of each paper
# delay = 3       # seconds between API requests (arXiv asks for at least 3)
# timeout = 30    # seconds before a request counts as stalled

# [reading]
# source = true   # read the LaTeX source when arXiv has it (false: the PDF only)
"""


def _reject(value: Any, kinds: tuple[type, ...]) -> None:
    """TOML booleans are ints to Python; a setting that wants a number or text refuses them."""
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise ValueError


def number(low: float, high: float, *, above: bool = False) -> Callable[[Any], float]:
    """A finite number in [low, high] (or (low, high] with `above`), from TOML or text."""

    def check(raw: Any) -> float:
        _reject(raw, (int, float, str))
        value = float(raw)
        if not math.isfinite(value) or value > high or value < low or (above and value == low):
            raise ValueError
        return value

    return check


def integer(low: int, high: int) -> Callable[[Any], int]:
    """A whole number in [low, high]: ``2.9`` and ``true`` are not retry counts."""

    def check(raw: Any) -> int:
        _reject(raw, (int, str))
        value = int(raw)
        if not low <= value <= high:
            raise ValueError
        return value

    return check


def text(raw: Any) -> str:
    """Non-empty text (a number or a boolean is not a path)."""
    _reject(raw, (str,))
    if not raw.strip():
        raise ValueError
    return raw.strip()


def boolean(raw: Any) -> bool:
    """TOML's true/false, or the words people put in environment variables."""
    if isinstance(raw, bool):
        return raw
    word = text(raw).lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError


def url(raw: Any) -> str:
    value = text(raw)
    if not value.lower().startswith(("http://", "https://")) or any(c.isspace() for c in value):
        raise ValueError
    return value


def tolerance(raw: Any) -> str:
    """``"2%"`` or an absolute number, as the ledger reads it (finite, not negative)."""
    from .errors import BadValue
    from .ledger import Tolerance

    _reject(raw, (int, float, str))
    try:
        Tolerance.parse(raw)
    except BadValue:
        raise ValueError from None
    return str(raw).strip()


def table(raw: Any) -> dict[str, Any]:
    """A TOML table, such as [slurm], whose keys the module using it checks."""
    _reject(raw, (dict,))
    return dict(raw)


def folder(raw: Any) -> str:
    """A folder given relative to the workspace; whether it stays inside is checked in `load`."""
    return text(raw)


@dataclass(frozen=True)
class Setting:
    """One setting: where it is read from, and what it may be (`check` raises ValueError)."""

    name: str  # the field of `Settings`
    env: str | None  # the environment variable, or None when only the file sets it
    table: str | None  # the table in replicate.toml; None for a top-level key
    key: str
    default: Any
    check: Callable[[Any], Any]
    allowed: str  # what `check` accepts, for the error message

    @property
    def toml_name(self) -> str:
        return f"[{self.table}] {self.key}" if self.table else self.key


SECONDS = 3600
GOAL_LIMIT = 100_000

# Every setting, once: add a row (and the field of `Settings`) for a new one.
SETTINGS: tuple[Setting, ...] = (
    Setting("api_url", "REPLICATE_ARXIV_API_URL", "arxiv", "api_url", DEFAULT_API_URL,
            url, "an http:// or https:// URL"),
    Setting("pdf_url", "REPLICATE_ARXIV_PDF_URL", "arxiv", "pdf_url", DEFAULT_PDF_URL,
            url, "an http:// or https:// URL"),
    Setting("source_url", "REPLICATE_ARXIV_SOURCE_URL", "arxiv", "source_url",
            DEFAULT_SOURCE_URL, url, "an http:// or https:// URL"),
    Setting("read_source", "REPLICATE_READING_SOURCE", "reading", "source", True,
            boolean, "true or false"),
    Setting("delay", "REPLICATE_ARXIV_DELAY", "arxiv", "delay", 3.0,
            number(0, SECONDS), f"a number of seconds from 0 to {SECONDS}"),
    Setting("timeout", "REPLICATE_HTTP_TIMEOUT", "arxiv", "timeout", 30.0,
            number(0, SECONDS, above=True), f"a number of seconds above 0, at most {SECONDS}"),
    Setting("retries", "REPLICATE_HTTP_RETRIES", "arxiv", "retries", 3,
            integer(0, 20), "a whole number from 0 to 20"),
    Setting("cache_dir", "REPLICATE_CACHE_DIR", "paths", "cache_dir", None,
            text, "the path of a folder"),
    Setting("goal_min", "REPLICATE_GOAL_MIN", "goal", "min", 20,
            integer(1, GOAL_LIMIT), f"a whole number of papers from 1 to {GOAL_LIMIT:,}"),
    Setting("goal_stretch", "REPLICATE_GOAL_STRETCH", "goal", "stretch", 50,
            integer(1, GOAL_LIMIT), f"a whole number of papers from 1 to {GOAL_LIMIT:,}"),
    Setting("tolerance", "REPLICATE_TOLERANCE", "ledger", "tolerance", "2%",
            tolerance, "a number such as 0.5 or a percentage such as 2%, finite and not negative"),
    Setting("papers_name", None, None, "papers", "papers",
            folder, "the name of a folder inside the workspace"),
    Setting("slurm", None, None, "slurm", {}, table,
            "a table ([slurm] partition, gpus, ...)"),
)


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where things are and how to fetch."""

    workspace: Path
    config_file: Path | None
    api_url: str = DEFAULT_API_URL
    pdf_url: str = DEFAULT_PDF_URL
    source_url: str = DEFAULT_SOURCE_URL
    read_source: bool = True
    delay: float = 3.0
    timeout: float = 30.0
    retries: int = 3
    cache_dir: Path = field(default_factory=lambda: Path(".cache"))
    goal_min: int = 20
    goal_stretch: int = 50
    tolerance: str = "2%"
    papers_name: str = "papers"
    slurm: dict[str, Any] = field(default_factory=dict)  # [slurm], checked by slurm.resources

    @property
    def papers_dir(self) -> Path:
        return self.workspace / self.papers_name

    @property
    def templates_dir(self) -> Path:
        """A workspace's own templates, which override the packaged ones file by file."""
        return self.workspace / "templates"

    @property
    def ledger_file(self) -> Path:
        return self.workspace / "LEDGER.md"


def find_workspace(start: Path) -> tuple[Path, Path] | None:
    """The nearest ancestor of `start` that is a workspace, with its config file."""
    for folder in [start, *start.parents]:
        config = folder / CONFIG_NAME
        if config.is_file():
            return folder, config
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _read_toml(pyproject) is not None:
            return folder, pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any] | None:
    """The settings table of a config file; None for a pyproject with no [tool.replicate]."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise WorkspaceError(f"{path} is not valid TOML ({e}); fix or remove it.") from e
    except UnicodeDecodeError as e:
        line = e.object[: e.start].count(b"\n") + 1
        raise WorkspaceError(f"{path} is not UTF-8 text (line {line} has the byte "
                             f"{e.object[e.start]:#04x}); save it as UTF-8.") from e
    except OSError as e:
        raise WorkspaceError(f"cannot read {path} ({e.strerror}).") from e
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("replicate") if isinstance(tool, dict) else None
        if data is not None and not isinstance(data, dict):
            raise WorkspaceError(f"[tool.replicate] in {path} must be a table; fix the file.")
    return data


def load(
    workspace: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    **overrides: Any,
) -> Settings:
    """Resolve the settings for one run; raise `WorkspaceError` when there is no workspace."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    if workspace is None and env.get("REPLICATE_WORKSPACE"):
        workspace = env["REPLICATE_WORKSPACE"]
    if workspace is not None:
        root = Path(workspace).expanduser().resolve()
        if not root.is_dir():
            raise WorkspaceError(
                f"workspace {root} does not exist; create it with 'replicate init {root}'."
            )
        config: Path | None = root / CONFIG_NAME
        if not config.is_file():
            py = root / "pyproject.toml"
            config = py if py.is_file() and _read_toml(py) is not None else None
    else:
        found = find_workspace(cwd.resolve())
        if found is None:
            raise WorkspaceError(
                "no workspace here or above; run 'replicate init' to make one, "
                "or pass --workspace DIR."
            )
        root, config = found
    data = (_read_toml(config) if config else None) or {}
    values = {row.name: _value(row, overrides, env, data, config) for row in SETTINGS}
    _check_together(values, root, config)
    return Settings(workspace=root, config_file=config, **values)


def _value(row: Setting, overrides: Mapping[str, Any], env: Mapping[str, str],
           data: dict[str, Any], config: Path | None) -> Any:
    """The row's value from the first place that sets it, checked; `WorkspaceError` if wrong."""
    table = data if row.table is None else data.get(row.table, {})
    if not isinstance(table, dict):
        raise WorkspaceError(f"[{row.table}] in {config} must be a table; fix the file.")
    if overrides.get(row.name) is not None:
        raw, where = overrides[row.name], row.name
    elif row.env and env.get(row.env):
        raw, where = env[row.env], row.env
    elif row.key in table:
        raw, where = table[row.key], f"{row.toml_name} in {config}"
    else:
        return row.default
    try:
        return row.check(raw)
    except (TypeError, ValueError, OverflowError):
        raise WorkspaceError(f"{where} must be {row.allowed}, not {_shown(raw)}.") from None


def _shown(raw: Any) -> str:
    """A wrong value as the user wrote it: TOML's spelling for booleans, text quoted and cut."""
    from .ids import quote

    if isinstance(raw, bool):
        return str(raw).lower()
    return quote(raw) if isinstance(raw, str) else quote(str(raw)).strip("'")


def _check_together(values: dict[str, Any], root: Path, config: Path | None) -> None:
    """What one row cannot check alone: the goals' order, and where the folders are."""
    if values["goal_stretch"] < values["goal_min"]:
        raise WorkspaceError(
            f"the stretch goal must be at least the goal ({values['goal_min']}), not "
            f"{values['goal_stretch']}; fix [goal] stretch or REPLICATE_GOAL_STRETCH."
        )
    # Lexically, so a papers/ that is a link to another disk is still the workspace's.
    papers = Path(os.path.normpath(root / values["papers_name"]))
    if papers == root or not papers.is_relative_to(root):
        raise WorkspaceError(
            f"papers in {config} must be {_row('papers_name').allowed}, "
            f"not {_shown(values['papers_name'])}."
        )
    if papers.exists() and not papers.is_dir():
        raise WorkspaceError(f"{papers} is a file, but papers must be a folder; move the file "
                             "away or set papers in the config to another folder.")
    cache = Path(values["cache_dir"] or _default_cache_dir()).expanduser()
    if cache.exists() and not cache.is_dir():
        raise WorkspaceError(f"the cache folder {cache} is a file; move it away or set "
                             "REPLICATE_CACHE_DIR or [paths] cache_dir to a folder.")
    values["cache_dir"] = cache


def _row(name: str) -> Setting:
    return next(row for row in SETTINGS if row.name == name)


def _default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("replicate", appauthor=False))


def init(folder: Path) -> Path:
    """Make `folder` a workspace: ``replicate.toml`` and ``papers/``. Keeps an existing config."""
    from .files import write_atomic

    folder = folder.expanduser().resolve()
    papers = folder / "papers"
    for path in (folder, papers):
        if path.exists() and not path.is_dir():
            raise WorkspaceError(f"{path} is a file, not a folder; move it away or make the "
                                 "workspace somewhere else.")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    if not config.exists():
        write_atomic(config, DEFAULT_CONFIG)
    papers.mkdir(exist_ok=True)
    return config
