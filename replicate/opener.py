"""Opening a paper's notebook, PDF, repo folder, abstract page or code.

`target` says what would be opened (a path or a URL) and never starts anything, so
scripts and headless machines can use it (``replicate open --print``); `launch`
hands it to JupyterLab, the platform's opener or the web browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BadValue, CannotOpen

if TYPE_CHECKING:  # the command line imports TARGETS at start-up: keep this light
    from .record import Paper
    from .settings import Settings

TARGETS = ("notebook", "pdf", "repo", "abs", "code")
DEFAULT = "notebook"


@dataclass
class Target:
    """What `replicate open` would open: a file or folder (`path`), or a web page (`url`)."""

    arxiv_id: str
    kind: str  # one of TARGETS
    location: str  # the path or URL
    is_url: bool

    def to_dict(self) -> dict[str, object]:
        return dict(vars(self))


def target(settings: Settings, repo: Path, paper: Paper, kind: str = DEFAULT) -> Target:
    """The path or URL of `kind` for the paper in `repo`."""
    from . import cache
    from .runs import NOTEBOOK

    if kind not in TARGETS:
        raise BadValue(f"cannot open '{kind}'; choose one of: {', '.join(TARGETS)}.")
    aid = paper.arxiv_id
    if kind == "notebook":
        path = repo / NOTEBOOK
        if not path.is_file():
            raise BadValue(f"{path} is missing; restore it from the repo's git history "
                           f"(git -C {repo} checkout -- {NOTEBOOK.as_posix()}).")
        return Target(aid, kind, str(path), False)
    if kind == "pdf":
        for path in (repo / "paper.pdf", cache.pdf_file(settings, aid, paper.version)):
            if path.is_file():
                return Target(aid, kind, str(path), False)
        return Target(aid, kind, paper.pdf_url, True)  # gone from disk: arXiv still has it
    if kind == "repo":
        return Target(aid, kind, str(repo), False)
    if kind == "abs":
        return Target(aid, kind, paper.abs_url, True)
    url = paper.official_code or next(iter(paper.code_urls), None)
    if not url:
        raise BadValue(f"{aid} names no code; put its repository's URL in official_code "
                       f"in {repo / 'paper.toml'}.")
    return Target(aid, kind, url, True)


def launch(t: Target) -> None:
    """Open `t`: the notebook in JupyterLab, a web page in the browser, a file or folder
    with the platform's opener. `CannotOpen` when the machine has none of them."""
    if t.is_url:
        import webbrowser

        try:
            opened = webbrowser.open(t.location)
        except webbrowser.Error:
            opened = False
        if not opened:
            raise CannotOpen(f"no web browser found to open {t.location}; use --print to "
                             "get the address.")
        return
    if t.kind == "notebook":
        lab = shutil.which("jupyter-lab")
        if lab is None:
            raise CannotOpen("JupyterLab is not installed; install it with 'pip install "
                             "jupyterlab', or use --print to get the notebook's path.")
        subprocess.run([lab, t.location], cwd=Path(t.location).parent.parent, check=False)
        return
    if sys.platform == "win32":  # pragma: no cover - not tested on Windows
        os.startfile(t.location)  # type: ignore[attr-defined]
        return
    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        raise CannotOpen(f"no program to open {t.location} here (xdg-open is missing); use "
                         "--print to get the path.")
    subprocess.Popen([opener, t.location], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)
