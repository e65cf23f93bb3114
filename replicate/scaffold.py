"""Render a paper repo from the Jinja templates and move it into place only when complete.

Only ``*.jinja`` files are rendered (the suffix is dropped); other files are
copied as bytes. A name starting with ``dot_`` becomes a dotfile. A workspace's
own ``templates/paper/`` overrides packaged files of the same relative path.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import bibtex, gitrepo, record, regions
from .errors import ReplicateError
from .files import default_mode, naming
from .record import Paper

PAPER_TEMPLATES = "paper"
SUFFIX = ".jinja"


def packaged_templates() -> Path:
    """The templates shipped with the package (a real folder on disk).

    Installed, they are the package `replicate.templates`; in a source checkout run
    in place (``python -m replicate`` in a clone) they are its top-level ``templates/``.
    """
    from importlib.resources import files

    try:
        return Path(str(files("replicate.templates")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"


def template_sources(workspace_templates: Path) -> list[Path]:
    """The template folders in use, the workspace's override first when it exists.

    A clone of this project used as the workspace holds the package's own
    templates (a Python package folder): they are not an override.
    """
    sources = [packaged_templates() / PAPER_TEMPLATES]
    override = workspace_templates / PAPER_TEMPLATES
    own = (workspace_templates / "__init__.py").is_file()
    return [override, *sources] if override.is_dir() and not own else sources


def slugify(text: str, limit: int = 50) -> str:
    """ASCII, lowercase, hyphen-separated, cut at a word boundary."""
    ascii_text = "".join(
        c if c.isascii() else ("" if unicodedata.combining(c) else " ")
        for c in unicodedata.normalize("NFKD", text)
    )
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "paper")


def repo_name(paper: Paper) -> str:
    """``<id>-<title-slug>``, with old-style ``/`` as ``_``."""
    return f"{paper.arxiv_id.replace('/', '_')}-{slugify(paper.title)}"


def _files(sources: list[Path]) -> dict[str, Path]:
    """Relative template path -> the file that wins (override before packaged)."""
    chosen: dict[str, Path] = {}
    for source in reversed(sources):
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                chosen[path.relative_to(source).as_posix()] = path
    return chosen


def _target_name(rel: str) -> str:
    parts = [("." + p[4:]) if p.startswith("dot_") else p for p in rel.split("/")]
    name = "/".join(parts)
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name


def _pyformat(value: Any) -> str:
    """A Python literal for any paper text, valid whatever characters it holds."""
    import pprint

    return pprint.pformat(value, width=88, sort_dicts=False)


def oneline(text: Any) -> str:
    """Whitespace runs (newlines included) as one space: arXiv titles arrive wrapped."""
    return " ".join(str(text).split())


def as_number(text: str) -> int | float | str:
    """A hyperparameter as a number when it is just one ("4000", "3e-4"), else the text."""
    for kind in (int, float):
        try:
            value = kind(text.strip())
        except ValueError:
            continue
        if value == value and abs(value) != float("inf"):
            return value
    return text


_ENTITY_AMP = re.compile(r"&(?=#?\w+;)")


def md_escape(value: Any) -> Any:
    """Text from a paper as Markdown shows it: GitHub renders raw HTML, so ``<``, ``>`` and
    an ``&`` that would start an entity become entities; other values pass unchanged."""
    if not isinstance(value, str):
        return value
    return _ENTITY_AMP.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")


def is_web_link(value: Any) -> bool:
    """Only http(s) links from metadata reach a page: no ``javascript:``, ``data:`` or ``file:``."""
    text = str(value or "").strip()
    return text.lower().startswith(("http://", "https://")) and not any(
        c.isspace() or c in "<>\"" for c in text)


def environment(sources: list[Path], *, markup: str | None = None,
                **options: Any):  # -> jinja2.Environment
    """The one Jinja environment of replicate, for paper repos and ledger pages alike.

    `markup` is what the output is: ``"md"`` escapes every value that a template prints
    (HTML inside Markdown), ``"html"`` autoescapes, None leaves values as they are (the
    notebook's JSON, requirements). Undefined names are errors, not empty strings.
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(s) for s in sources]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=markup == "html",
        finalize=md_escape if markup == "md" else None,
        **options,
    )
    env.filters["pyformat"] = _pyformat
    env.filters["tojson"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.filters["md"] = lambda v: oneline(v).replace("|", "\\|")
    env.filters["oneline"] = oneline
    env.tests["web_link"] = is_web_link
    return env


def _markup(template: str) -> str | None:
    """What a template writes, by its name: ``README.md.jinja`` writes Markdown."""
    name = template[: -len(SUFFIX)] if template.endswith(SUFFIX) else template
    return {".md": "md", ".html": "html"}.get(Path(name).suffix)


def _render(envs: dict[str | None, Any], rel: str, path: Path, context: dict[str, Any]) -> str:
    """A template's text; a notebook's JSON laid out as Jupyter saves it."""
    import jinja2

    try:
        text = envs[_markup(rel)].get_template(rel).render(**context)
    except jinja2.UndefinedError as e:
        raise ReplicateError(
            f"template {path}{_line(e, path)} uses something that does not exist "
            f"({e.message}); use only {', '.join(sorted(context))} or fix the template."
        ) from e
    except jinja2.TemplateError as e:
        line = getattr(e, "lineno", None)
        where = f", line {line}" if line else _line(e, path)
        raise ReplicateError(
            f"template {path}{where} failed: {e.message or e}; fix the template."
        ) from e
    if _target_name(rel).endswith(".ipynb"):
        try:
            return regions.notebook_text(json.loads(text))
        except ValueError as e:
            raise ReplicateError(f"template {path} does not make valid notebook JSON ({e}); "
                                 "fix the template.") from e
    return text


@functools.lru_cache(maxsize=8)
def _environments(sources: tuple[Path, ...]) -> dict[str | None, Any]:
    """One environment per kind of output, kept so a run over many papers compiles once
    (Jinja reloads a template whose file changed)."""
    return {kind: environment(list(sources), markup=kind) for kind in (None, "md", "html")}


def render(context: dict[str, Any], sources: list[Path]) -> dict[str, str | bytes]:
    """Every file of a paper repo as the templates make it, written nowhere: {path in the
    repo: text}, a copied (non-``*.jinja``) file as bytes.

    The one render of a paper repo: `build` writes it, `upgrade` merges it, `sync` takes
    its owned regions.
    """
    envs = _environments(tuple(sources))
    return {_target_name(rel): (_render(envs, rel, path, context) if rel.endswith(SUFFIX)
                                else path.read_bytes())
            for rel, path in _files(sources).items()}


def render_texts(context: dict[str, Any], sources: list[Path]) -> dict[str, str]:
    """The text of every rendered (``*.jinja``) file, by its path in the repo, written nowhere:
    what `build` would write today, for keeping a repo's owned regions in step."""
    return {rel: data for rel, data in render(context, sources).items() if isinstance(data, str)}


def write_rendered(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write rendered files into a new repo folder."""
    for rel, data in files.items():
        out = folder / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            out.write_text(data, encoding="utf-8")
        else:
            out.write_bytes(data)


def template_hashes(sources: list[Path]) -> dict[str, str]:
    """The sha256 of each template in use, by its relative path: what a repo is rendered from."""
    import hashlib

    return {rel: hashlib.sha256(path.read_bytes()).hexdigest()
            for rel, path in _files(sources).items()}


def figures(paper: Paper, repo: Path, tolerance: str,
            results: Mapping[str, float] | None = None) -> dict[str, Any]:
    """What the paper's repo holds of the user's own work, as the templates print it: each
    claim's reproduced figure, verdict and human figure (from `ledger.claim_views`), the
    paper's overall verdict, what the report takes from NOTES.md and the compute of its
    runs. A claim the record cannot value raises `RecordError`, as in the ledger.
    `results` stands for ``results/reproduced.json`` when a commit is about to change it."""
    from . import ledger, runs
    from .checklist import check
    from .report import confirmed

    paper_runs = runs.list_runs(repo) if (repo / runs.RUNS_DIR).is_dir() else []
    views = ledger.claim_views(paper, repo, tolerance, None if results is None else dict(results),
                               runs.claim_stats(repo, paper_runs))
    spent = runs.compute(paper_runs)
    gpus = sorted({f"{r.gpu_count}x {r.gpu_name}" if r.gpu_count and r.gpu_name else "CPU"
                   for r in paper_runs if r.state in runs.FINAL and r.duration_s is not None})
    return {
        "claims": {v["key"]: {"reproduced": ledger.mean_std(v), "verdict": v["verdict"],
                              "central": v["central"],
                              "human": "–" if v["human"] is None else f"{v['human']:g}"}
                   for v in views},
        "central_marked": any(c.central is not None for c in paper.claims),
        "verdict": ledger.overall_verdict(views),
        "summary": ledger.verdict_summary(views),
        "human_sources": list(dict.fromkeys(v["human_source"] for v in views
                                            if v["human_source"] not in (None, "given by you"))),
        "confirmed": confirmed(repo, paper),
        # The repo's own files decide the checklist; a repo not yet made has none.
        "checklist": check(repo, paper) if repo.is_dir() else None,
        "hardware": ", ".join(gpus),
        "spent": ledger.spent(spent.runs, {"wall_s": spent.wall_s,
                                           "gpu_hours": spent.gpu_hours}),
    }


def context(paper: Paper, repo: Path, *, tolerance: str = "2%", now: datetime | None = None,
            results: Mapping[str, float] | None = None) -> dict[str, Any]:
    """Everything the paper templates may use, for the repo `repo` (which may not exist yet)."""
    return {
        "paper": paper, "now": now or datetime.now(timezone.utc), "repo_name": repo_name(paper),
        "hparams": {h.name: as_number(h.value) for h in paper.hyperparameters},
        "claims_dict": {
            c.key: {"metric": c.metric, "dataset": c.dataset, "unit": c.unit, "paper": c.value,
                    "lower_is_better": c.lower_is_better}
            for c in paper.claims
        },
        "figures": figures(paper, repo, tolerance, results),
        "citation": bibtex.entry(paper, paper.cite_key or bibtex.base_key(paper)).text,
    }


def _line(error: BaseException, template: Path) -> str:
    """', line N' of `template` where `error` happened, when the traceback tells."""
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f", line {line}" if line else ""


def build(
    paper: Paper,
    papers_dir: Path,
    *,
    pdf: Path | None = None,
    workspace_templates: Path | None = None,
    now: datetime | None = None,
    tolerance: str = "2%",
) -> Path:
    """Build the paper's repo in a temp folder beside its target, then rename it in.

    Any failure (a template error, git, Ctrl-C) removes the temp folder: nothing
    half-made is ever left in the workspace. What it was rendered from is recorded
    (`upgrade.record_base`), so later template changes can be merged in.
    """
    from . import upgrade

    papers_dir.mkdir(parents=True, exist_ok=True)
    name = repo_name(paper)
    target = (papers_dir / name).resolve()
    if target.parent != papers_dir.resolve():
        raise ReplicateError(f"'{name}' would land outside {papers_dir}; check the paper id.")
    if target.exists():
        raise ReplicateError(f"{target} already exists; remove it or pick another workspace.")
    sources = (template_sources(workspace_templates) if workspace_templates is not None
               else [packaged_templates() / PAPER_TEMPLATES])
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=papers_dir))
    try:
        tmp.chmod(default_mode(folder=True))  # mkdtemp makes it 0700; the repo is the user's
        with naming(papers_dir):  # a full disk while writing names the papers folder
            rendered = render(context(paper, tmp, tolerance=tolerance, now=now), sources)
            write_rendered(tmp, rendered)
            (tmp / "results").mkdir(exist_ok=True)
            # What the report says of the repo's own files (its code checklist) can only be
            # read once they are written: render again, so the first commit already says it.
            again = render(context(paper, tmp, tolerance=tolerance, now=now), sources)
            if again != rendered:
                write_rendered(tmp, {k: v for k, v in again.items() if v != rendered[k]})
                rendered = again
            if pdf is not None:
                _copy_pdf(pdf, tmp / "paper.pdf")
            record.save(tmp, paper)
            gitrepo.init(tmp)
            gitrepo.write_files(tmp, upgrade.record_base(tmp, rendered, template_hashes(sources)))
            gitrepo.commit_all(
                tmp, f"Scaffold replication of {oneline(paper.title)} (arXiv:{paper.versioned_id})"
            )
            os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _copy_pdf(pdf: Path, dest: Path) -> None:
    try:
        shutil.copyfile(pdf, dest)
    except OSError as e:
        if e.filename != str(pdf):
            raise  # the copy's side (a full disk): the CLI names it
        raise ReplicateError(f"cannot copy the PDF {pdf} ({e.strerror}); check the file.") from e
