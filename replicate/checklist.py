"""The ML Code Completeness Checklist (Papers with Code, NeurIPS 2020), checked on a repo.

Five items, each met or not from the repo's files alone: dependencies with versions,
training code, evaluation code, pretrained weights or a link to them, and a results table
in README.md with the command that produces it. A freshly scaffolded repo meets none of
them: its requirements are unpinned, and its notebook's training and evaluation cells
are stubs (functions that only return) until the user writes them.

The ledger checks every paper, so the checks stay cheap: a bounded walk of the folders
(never into data, runs or hidden folders) and a few small text files read.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import record
from .cache import read_entries, write_entries

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ITEMS = ("dependencies", "training", "evaluation", "weights", "results")

# The walk: folders never worth looking into, how deep, and how many entries at most.
_SKIP = {"data", "datasets", "runs", "results", "node_modules", "__pycache__", "wandb",
         "mlruns", "logs", "outputs", "site-packages", "venv", "env"}
_DEPTH = 3
_MAX_ENTRIES = 2000

_LOCKS = ("poetry.lock", "uv.lock", "pdm.lock", "Pipfile.lock", "conda-lock.yml")
_CODE = (".py", ".sh", ".ipynb", ".jl", ".r", ".lua")
_TRAIN_NAME = re.compile(r"^(?:train|training|trainer|fit|finetune|fine[-_]tune|pretrain|"
                         r"pre[-_]train)(?:[-_].*)?$|[-_](?:train|training|finetune|pretrain)$")
_EVAL_NAME = re.compile(r"^(?:eval|evaluate|evaluation|inference|infer|predict|benchmark|"
                        r"test[-_]model)(?:[-_].*)?$|[-_](?:eval|evaluate|evaluation|"
                        r"inference)$")
_TRAIN_CODE = re.compile(r"\.backward\(|\.fit\(|optimizer\.step\(|\btrainer\.train\(")
_EVAL_CODE = re.compile(r"\.eval\(\)|no_grad\(|inference_mode\(|\.evaluate\(|\.predict\(")
_TRAIN_DEF = re.compile(r"^(?:train|fit|finetune|pretrain)")
_EVAL_DEF = re.compile(r"^(?:eval|evaluate|test|score|predict)")
_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)", re.M)
_WEIGHTS = (".pt", ".pth", ".ckpt", ".safetensors", ".bin", ".h5", ".hdf5", ".onnx", ".keras")
_WEIGHT_HOSTS = ("huggingface.co", "hf.co", "zenodo.org", "figshare.com", "drive.google.com",
                 "dropbox.com", "osf.io")
_WEIGHT_WORDS = re.compile(r"\b(?:weights?|checkpoints?|pre-?trained|model zoo)\b", re.I)
_URL = re.compile(r"https?://[^\s)>\]]+")
_RUNNERS = re.compile(r"^(?:\$\s*)?(?:python3?|bash|sh|make|replicate\s+run|papermill|"
                      r"jupyter\s+(?:nbconvert|execute)|torchrun|accelerate\s+launch|deepspeed|"
                      r"uv\s+run|poetry\s+run|conda\s+run|srun|sbatch|julia|Rscript|\./)\b")
_VERSIONED = re.compile(r"(?:===?|>=|<=|~=|!=|<|>|\s@\s)")
_UNVERSIONED_OK = {"pip"}  # an environment.yml lists pip itself to get its pip: section


@dataclass
class Item:
    """One item of the checklist: met or not, and what was found or what to add."""

    name: str
    met: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "met": self.met, "detail": self.detail}


@dataclass
class Checklist:
    """The five items of the ML Code Completeness Checklist for one repo."""

    items: list[Item] = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(i.met for i in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def summary(self) -> str:
        """``3/5``: the items met of the five."""
        return f"{self.met}/{self.total}"

    @property
    def missing(self) -> list[str]:
        return [i.name for i in self.items if not i.met]

    def to_dict(self) -> dict[str, Any]:
        return {"met": self.met, "total": self.total, "summary": self.summary,
                "items": [i.to_dict() for i in self.items]}


def check(repo: Path, paper: record.Paper | None = None) -> Checklist:
    """The checklist for the paper repo `repo` (`paper`, its record, words the advice)."""
    return _check(_Repo(repo), paper.arxiv_id if paper is not None else "")


def _check(repo: _Repo, arxiv_id: str) -> Checklist:
    readme = _readme(repo)
    notebooks = _notebook_code(repo)
    return Checklist([
        _dependencies(repo),
        _code(repo, notebooks, "training", _TRAIN_NAME, _TRAIN_CODE, _TRAIN_DEF,
              "train.py, or the notebook's training cell"),
        _code(repo, notebooks, "evaluation", _EVAL_NAME, _EVAL_CODE, _EVAL_DEF,
              "eval.py, or the notebook's evaluation cell"),
        _weights(repo, readme),
        _results(readme, arxiv_id),
    ])


CACHE_VERSION = 1


def _stamp(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size]


def check_all(repos: list[Path], ids: list[str], cache: Path | None) -> list[Checklist]:
    """The checklist of each repo (`ids`, the papers' ids), for the ledger.

    Checking reads files, so what each check looked at (the folders walked, the files read
    or measured) is kept in `cache` with their modification and change times and sizes:
    a repo none of whose folders or files changed is not checked again.
    """
    entries = read_entries(cache, CACHE_VERSION, "repos")
    kept: dict[str, Any] = {}
    out = []
    changed = False
    for repo, arxiv_id in zip(repos, ids, strict=True):
        key = str(repo)
        entry = entries.get(key)
        if entry is not None and entry[0] == arxiv_id and all(
                _stamp(os.path.join(key, rel)) == stamp for rel, stamp in entry[1]):
            kept[key] = entry
            out.append(Checklist([Item(*item) for item in entry[2]]))
            continue
        changed = True
        look = _Repo(repo)
        result = _check(look, arxiv_id)
        out.append(result)
        kept[key] = [arxiv_id, list(map(list, look.touched.items())),
                     [[i.name, i.met, i.detail] for i in result.items]]
    if changed or kept.keys() != entries.keys():
        write_entries(cache, CACHE_VERSION, "repos", kept)
    return out


# --- reading the repo ------------------------------------------------------------------------

class _Repo:
    """A repo as the checks see it: its files, and every folder and file looked at."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Each path looked at, stamped before it is read: a change made while the check
        # runs is seen by the next one.
        self.touched: dict[str, list[int] | None] = {}
        self.files = _walk(root, self.touch)

    def touch(self, rel: str) -> list[int] | None:
        if rel not in self.touched:
            self.touched[rel] = _stamp(os.path.join(self.root, rel))
        return self.touched[rel]

    def text(self, rel: str, limit: int = 1_000_000) -> str:
        """A small text file's content; '' when it cannot be read (the check then fails)."""
        self.touch(rel)
        try:
            with open(os.path.join(self.root, rel), "rb") as f:
                return f.read(limit).decode("utf-8", "replace")
        except OSError:
            return ""

    def size(self, rel: str) -> int:
        return (self.touch(rel) or [0, 0, 0])[2]


def _walk(repo: Path, touch: Callable[[str], object]) -> list[str]:
    """The repo's files (posix paths relative to it), a bounded walk: hidden folders, data,
    runs and results are not entered, nor folders `_DEPTH` levels down (``src/model/`` is
    read, ``src/model/layers/`` is not)."""
    found: list[str] = []
    seen = 0
    pending = [("", 0)]
    while pending:
        rel, depth = pending.pop()
        touch(rel or ".")
        try:
            with os.scandir(repo / rel if rel else repo) as entries:
                for entry in entries:
                    seen += 1
                    if seen > _MAX_ENTRIES:
                        return sorted(found)
                    path = f"{rel}/{entry.name}" if rel else entry.name
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if depth + 1 < _DEPTH and not entry.name.startswith(".") and \
                                    entry.name.lower() not in _SKIP:
                                pending.append((path, depth + 1))
                        elif entry.is_file():
                            found.append(path)
                    except OSError:
                        continue
        except OSError:
            continue
    return sorted(found)


def _stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    return name.rsplit(".", 1)[0] if "." in name else name


def _readme(repo: _Repo) -> str:
    name = next((f for f in repo.files if f.lower() == "readme.md"), None)
    return repo.text(name) if name else ""


# --- dependencies ----------------------------------------------------------------------------

def _requirement_name(line: str) -> str | None:
    """The package a requirements line names, or None for options, URLs and paths."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith(("-", ".", "/")) or "://" in line:
        return None
    m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    return m[0] if m else None


def _unversioned(lines: list[str]) -> tuple[int, list[str]]:
    """(how many requirements, those with no version) among requirement specifiers."""
    count, bare = 0, []
    for line in lines:
        name = _requirement_name(line)
        if name is None:
            continue
        count += 1
        spec = line.split("#", 1)[0].split(";", 1)[0]
        if not _VERSIONED.search(spec) and name.lower() not in _UNVERSIONED_OK:
            bare.append(name)
    return count, bare


def _pyproject(text: str) -> list[str]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return []
    deps = data.get("project", {}).get("dependencies", [])
    lines = [d for d in deps if isinstance(d, str)] if isinstance(deps, list) else []
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    if isinstance(poetry, dict):
        for name, spec in poetry.items():
            version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
            if name != "python":
                lines.append(f"{name}{'' if version in ('', '*') else ' ==' + version}")
    return lines


def _environment(text: str) -> list[str]:
    """The packages under ``dependencies:`` of a conda environment.yml (its pip list too),
    written as requirement lines (``numpy=1.26`` becomes ``numpy ==1.26``)."""
    lines, inside = [], False
    for raw in text.splitlines():
        if raw and not raw[0].isspace() and not raw.startswith("-"):
            inside = raw.split(":", 1)[0].strip() == "dependencies"
            continue
        m = re.match(r"\s*-\s*([^\s:#]+)\s*(.*?)\s*(?:#.*)?$", raw)
        if inside and m and not raw.rstrip().endswith(":"):
            name, rest = m[1], m[2]
            single = re.match(r"([A-Za-z0-9._-]+)=([^=].*)", name)
            lines.append(f"{single[1]} =={single[2]}" if single else f"{name} {rest}".strip())
    return lines


def _dependencies(repo: _Repo) -> Item:
    top = [f for f in repo.files if "/" not in f]
    lock = next((f for f in top if f in _LOCKS), None)
    if lock:
        return Item("dependencies", True, f"{lock} pins every dependency")
    declared: list[str] = []
    bare: dict[str, list[str]] = {}
    for name in top:
        lower = name.lower()
        if re.fullmatch(r"requirements[\w.-]*\.(?:txt|in)", lower):
            lines = repo.text(name).splitlines()
        elif lower in ("environment.yml", "environment.yaml"):
            lines = _environment(repo.text(name))
        elif lower == "pyproject.toml":
            lines = _pyproject(repo.text(name))
        else:
            continue
        count, missing = _unversioned(lines)
        if count:
            declared.append(name)
        if missing:
            bare[name] = missing
    setup = next((f for f in top if f in ("setup.py", "setup.cfg")), None)
    if not declared and setup:
        return Item("dependencies", True, f"{setup} declares the dependencies (their versions "
                    "are not checked)")
    if not declared:
        return Item("dependencies", False, "no requirements.txt, environment.yml or "
                    "pyproject.toml listing the dependencies; add one with their versions")
    if bare:
        shown = "; ".join(f"{name}: {', '.join(names[:6])}{' ...' if len(names) > 6 else ''}"
                          for name, names in bare.items())
        return Item("dependencies", False, f"no version for {shown}; pin them "
                    "(numpy==1.26.4) or bound them (numpy>=1.26)")
    return Item("dependencies", True, f"{', '.join(declared)} give every dependency a version")


# --- training and evaluation code ------------------------------------------------------------

def _is_stub(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function that does nothing yet: a docstring, then only pass, ``...``, a constant or
    empty return, or ``raise NotImplementedError`` (the generated notebook's cells)."""
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    for stmt in body:
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue
        if isinstance(stmt, ast.Return) and (
                stmt.value is None or isinstance(stmt.value, ast.Constant) or
                isinstance(stmt.value, (ast.Dict, ast.List, ast.Tuple)) and
                not getattr(stmt.value, "keys", None) and not getattr(stmt.value, "elts", None)):
            continue
        if isinstance(stmt, ast.Raise) and "NotImplementedError" in ast.dump(stmt):
            continue
        return False
    return True


@dataclass
class _Cell:
    notebook: str
    label: str  # the cell's id, else its number
    source: str


def _notebook_code(repo: _Repo) -> list[_Cell]:
    """The code cells of the repo's notebooks (their checkpoints and run copies left out)."""
    cells = []
    for name in repo.files:
        if not name.endswith(".ipynb"):
            continue
        try:
            doc = json.loads(repo.text(name, 20_000_000))
        except ValueError:
            continue
        raw = doc.get("cells") if isinstance(doc, dict) else None
        for i, cell in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            cells.append(_Cell(name, str(cell.get("id") or f"{i + 1}"), source))
    return cells


def _does(source: str, calls: re.Pattern[str], defs: re.Pattern[str]) -> bool:
    """Whether code does the work: it calls what training (evaluation) calls, or defines a
    train (evaluate) function that is more than a stub."""
    if calls.search(source):
        return True
    if not any(defs.match(name) for name in _DEF.findall(source)):
        return False
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and
               defs.match(node.name) and not _is_stub(node) for node in ast.walk(tree))


def _stub_only(source: str) -> bool:
    """Whether a cell holds nothing but stubs and calls of them, as the generated notebook's
    ``history = train(model, data, HPARAMS)`` below its empty ``def train``."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    stubs = {s.name for s in tree.body
             if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_stub(s)}
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in stubs:
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue
        value = getattr(stmt, "value", None)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Expr)) and \
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
                value.func.id in stubs:
            continue
        return False
    return True


def _makefile_target(repo: _Repo, word: str) -> str | None:
    if "Makefile" not in repo.files:
        return None
    m = re.search(rf"^({word}[\w-]*)\s*:", repo.text("Makefile"), re.M)
    return m[1] if m else None


def _code(repo: _Repo, cells: list[_Cell], what: str, names: re.Pattern[str],
          calls: re.Pattern[str], defs: re.Pattern[str], example: str) -> Item:
    scripts = [f for f in repo.files if f.lower().endswith(_CODE) and names.search(_stem(f))
               and not _stem(f).startswith("test_")]
    scripts = [f for f in scripts if repo.size(f)]
    if scripts:
        more = f" and {len(scripts) - 1} more" if len(scripts) > 1 else ""
        return Item(what, True, f"{scripts[0]}{more}")
    target = _makefile_target(repo, "train" if what == "training" else "eval")
    if target:
        return Item(what, True, f"the Makefile's {target} target")
    own = [c for c in cells if c.label == what]  # the generated notebook's cell for it
    cell = next((c for c in own if not _stub_only(c.source)), None)
    if cell is not None:
        return Item(what, True, f"{cell.notebook}, its {what} cell")
    cell = next((c for c in cells if _does(c.source, calls, defs)), None)
    if cell is not None:
        return Item(what, True, f"{cell.notebook}, cell {cell.label}")
    stub = next(iter(own), None)
    if stub is not None:
        return Item(what, False, f"the {what} cell of {stub.notebook} is still a stub; write "
                    f"the {what} code there or in a script ({example.split(',')[0]})")
    return Item(what, False, f"no {what} code found; add it ({example})")


# --- weights and results ---------------------------------------------------------------------

def _ignored(repo: _Repo, rel: str) -> bool:
    """Whether the repo's top .gitignore keeps `rel` out (its simple patterns: ``dir/``,
    ``*.pt``, names and paths; negations are not followed)."""
    parts = rel.split("/")
    for raw in repo.text(".gitignore").splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith(("#", "!")):
            continue
        if pattern.endswith("/"):
            name = pattern.strip("/")
            if any(fnmatch.fnmatch(p, name) for p in parts[:-1]):
                return True
        elif "/" in pattern.strip("/"):
            if fnmatch.fnmatch(rel, pattern.lstrip("/")):
                return True
        elif any(fnmatch.fnmatch(p, pattern) for p in parts):
            return True
    return False


def _weights(repo: _Repo, readme: str) -> Item:
    for line in readme.splitlines():
        for url in _URL.findall(line):
            host = url.split("/")[2].lower().removeprefix("www.")
            if host in _WEIGHT_HOSTS or "/releases" in url or _WEIGHT_WORDS.search(line):
                return Item("weights", True, f"README.md links to them: {url}")
    kept = [f for f in repo.files if f.lower().endswith(_WEIGHTS)]
    shared = [f for f in kept if not _ignored(repo, f)]
    if shared:
        return Item("weights", True, f"{shared[0]}" + (f" and {len(shared) - 1} more"
                                                        if len(shared) > 1 else ""))
    if kept:
        return Item("weights", False, f"{kept[0]} is here, but .gitignore keeps it out of the "
                    "repo; upload it (Hugging Face, a GitHub release, Zenodo) and link it in "
                    "README.md")
    return Item("weights", False, "no checkpoint or link to the weights; upload them (Hugging "
                "Face, a GitHub release, Zenodo) and link them in README.md")


def _has_table(text: str) -> bool:
    """A Markdown table with a header, its ``|---|`` rule and a row holding a number."""
    lines = text.splitlines()
    for i in range(1, len(lines) - 1):
        if re.match(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$", lines[i]) and \
                "|" in lines[i - 1]:
            for row in lines[i + 1:]:
                if "|" not in row:
                    break
                if re.search(r"\d", row):
                    return True
    return False


def _command(text: str) -> str | None:
    """The first command in README.md's code (fenced blocks or `inline`) that runs
    something: python, bash, make, replicate run, papermill ..."""
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            lines.append(line.strip())
        else:
            lines.extend(s.strip() for s in re.findall(r"`([^`\n]+)`", line))
    return next((line for line in lines if _RUNNERS.match(line)), None)


def _results(readme: str, arxiv_id: str) -> Item:
    run = f"replicate run {arxiv_id} --seeds 0-2".replace("  ", " ")
    if not readme:
        return Item("results", False, "no README.md; add one with a table of your results and "
                    f"the command that produces them (e.g. {run})")
    table, command = _has_table(readme), _command(readme)
    if table and command:
        return Item("results", True, f"README.md has a results table and the command "
                    f"`{command if len(command) <= 60 else command[:57] + '...'}`")
    if table:
        return Item("results", False, "README.md has a results table but no command that "
                    f"produces it; add it in a code block (e.g. {run})")
    return Item("results", False, "README.md has no table of results; add your numbers (as "
                f"in REPORT.md) with the command that produces them (e.g. {run})")
