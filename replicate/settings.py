"""Resolve the workspace and every setting, in one place, at call time.

Precedence for each value: explicit argument > ``REPLICATE_*`` environment
variable > the workspace's ``replicate.toml`` (or ``[tool.replicate]`` in a
``pyproject.toml``) > built-in default.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
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

# setting name -> (environment variable, config table, config key, default)
_SPEC: dict[str, tuple[str, str, str, Any]] = {
    "api_url": ("REPLICATE_ARXIV_API_URL", "arxiv", "api_url", DEFAULT_API_URL),
    "pdf_url": ("REPLICATE_ARXIV_PDF_URL", "arxiv", "pdf_url", DEFAULT_PDF_URL),
    "source_url": ("REPLICATE_ARXIV_SOURCE_URL", "arxiv", "source_url", DEFAULT_SOURCE_URL),
    "read_source": ("REPLICATE_READING_SOURCE", "reading", "source", True),
    "delay": ("REPLICATE_ARXIV_DELAY", "arxiv", "delay", 3.0),
    "timeout": ("REPLICATE_HTTP_TIMEOUT", "arxiv", "timeout", 30.0),
    "retries": ("REPLICATE_HTTP_RETRIES", "arxiv", "retries", 3),
    "cache_dir": ("REPLICATE_CACHE_DIR", "paths", "cache_dir", None),
    "goal_min": ("REPLICATE_GOAL_MIN", "goal", "min", 20),
    "goal_stretch": ("REPLICATE_GOAL_STRETCH", "goal", "stretch", 50),
    "tolerance": ("REPLICATE_TOLERANCE", "ledger", "tolerance", "2%"),
}


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
    except OSError as e:
        raise WorkspaceError(f"cannot read {path} ({e.strerror}).") from e
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("replicate")
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
    values: dict[str, Any] = {}
    for name, (var, table, key, default) in _SPEC.items():
        if overrides.get(name) is not None:
            raw = overrides[name]
        elif env.get(var):
            raw = env[var]
        elif isinstance(data.get(table), dict) and key in data[table]:
            raw = data[table][key]
        else:
            raw = default
        values[name] = _coerce(name, raw, default, var)
    if values["cache_dir"] is None:
        values["cache_dir"] = _default_cache_dir()
    values["cache_dir"] = Path(values["cache_dir"]).expanduser()
    papers_name = str(data.get("papers", "papers"))
    return Settings(workspace=root, config_file=config, papers_name=papers_name, **values)


def _coerce(name: str, raw: Any, default: Any, var: str) -> Any:
    if isinstance(default, bool):
        return _boolean(name, raw, var)
    if raw is None or default is None or isinstance(default, str):
        return raw if raw is None else str(raw)
    try:
        value = type(default)(raw)
    except (TypeError, ValueError):
        raise WorkspaceError(
            f"{name} must be a number, not {raw!r}; fix {var} or replicate.toml."
        ) from None
    if value < 0:
        raise WorkspaceError(f"{name} must not be negative ({raw!r}); fix {var} or replicate.toml.")
    return value


def _boolean(name: str, raw: Any, var: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise WorkspaceError(f"{name} must be true or false, not {raw!r}; fix {var} or replicate.toml.")


def _default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("replicate", appauthor=False))


def init(folder: Path) -> Path:
    """Make `folder` a workspace: ``replicate.toml`` and ``papers/``. Keeps an existing config."""
    from .files import write_atomic

    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    if not config.exists():
        write_atomic(config, DEFAULT_CONFIG)
    (folder / "papers").mkdir(exist_ok=True)
    return config
