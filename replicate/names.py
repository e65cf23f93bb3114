"""Which paper of the workspace a piece of text names.

A paper may be named by any id form `ids.parse` takes, by a unique prefix of its id,
by words of its title (each word the start of a title word, ignoring case and
accents), or by nothing at all inside its repo. Every command resolves names here,
through `record.locate`, so they all accept the same forms.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import AmbiguousPaper, InvalidId, PaperNotFound

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SHOWN_CANDIDATES = 5
_FOLDER_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?_\d{7})")


@dataclass(frozen=True)
class Entry:
    """A paper of the workspace as names see it: its id, title and repo."""

    arxiv_id: str
    title: str
    repo: Path

    @property
    def label(self) -> str:
        return f"{self.arxiv_id} ({self.title})" if self.title else self.arxiv_id


def id_from_folder(name: str) -> str:
    """The arXiv id a paper folder is named after (``hep-th_9901001-slug`` -> hep-th/9901001)."""
    m = _FOLDER_ID.match(name)
    return m[1].replace("_", "/") if m else name


def entries(papers_dir: Path) -> list[Entry]:
    """Every paper of the workspace, its id and title read from its record.

    Only two keys are wanted, so the record is read without the full check: a record
    that cannot be parsed still names its paper by the folder.
    """
    from .record import RECORD_NAME, paper_repos

    found = []
    for repo in paper_repos(papers_dir):
        try:
            data = tomllib.loads((repo / RECORD_NAME).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        aid, title = data.get("arxiv_id"), data.get("title")
        found.append(Entry(aid if isinstance(aid, str) and aid else id_from_folder(repo.name),
                           " ".join(title.split()) if isinstance(title, str) else "", repo))
    return found


def fold(text: str) -> str:
    """`text` lower-cased without accents, for matching ("Schrödinger" ~ "schrodinger")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def here(papers_dir: Path, cwd: Path | None = None) -> Path | None:
    """The paper repo holding `cwd` (or a folder inside it), if it is one of the workspace's."""
    from .record import paper_repos

    try:
        papers = papers_dir.resolve()
        start = (cwd or Path.cwd()).resolve()
    except OSError:
        return None
    for folder in (start, *start.parents):
        if folder.parent == papers:
            return folder if folder in paper_repos(papers) else None
    return None


def resolve(papers_dir: Path, text: str | None, cwd: Path | None = None) -> Path:
    """The repo of the paper `text` names, or, without text, the paper repo holding `cwd`.

    Tried in order: an exact id, a unique id prefix, the folder's name, title words.
    Nothing found is `PaperNotFound`; several papers are `AmbiguousPaper`, naming them.
    """
    if text is None or not text.strip():
        repo = here(papers_dir, cwd)
        if repo is None:
            raise PaperNotFound(
                "no paper named, and this folder is not inside a paper repo; give an id or "
                "words of the title (see 'replicate list'), or run the command in the "
                "paper's repo."
            )
        return repo
    from .ids import parse, quote
    from .record import find

    try:
        aid = parse(text)
    except InvalidId as e:
        invalid: InvalidId | None = e
    else:
        repo = find(papers_dir, aid.id)
        if repo is None:
            raise PaperNotFound(f"{aid.id} is not in the workspace ({papers_dir}); "
                                f"add it with 'replicate add {aid.id}'.")
        return repo
    papers = entries(papers_dir)
    wanted = text.strip()
    for match in (_by_prefix, _by_folder, _by_title):
        chosen = match(papers, wanted)
        if len(chosen) == 1:
            return chosen[0].repo
        if chosen:
            raise AmbiguousPaper(_ambiguous(wanted, chosen))
    if re.fullmatch(r"(?i)(arxiv:)?[\d.v/]+|[a-z-]+(\.[a-z]{2})?/\d+(v\d+)?", wanted):
        raise invalid  # a mistyped id: say what is wrong with it
    raise PaperNotFound(
        f"no paper in the workspace matches {quote(wanted)}; see 'replicate list', or add "
        "it with 'replicate add ID'."
    )


def candidates(papers_dir: Path, prefix: str) -> list[Entry]:
    """The papers a word being typed could name: by the start of the id, or of title words.

    For shell completion: every paper when `prefix` is empty.
    """
    papers = entries(papers_dir)
    if not prefix.strip():
        return papers
    by_id = [p for p in papers if p.arxiv_id.lower().startswith(prefix.strip().lower())]
    return by_id or _by_title(papers, prefix)


def _by_prefix(papers: list[Entry], text: str) -> list[Entry]:
    """A start of an id (``1706.037``, ``arXiv:1706``): it must hold a digit."""
    prefix = re.sub(r"(?i)^arxiv:\s*", "", text).lower()
    if not re.search(r"\d", prefix):
        return []
    return [p for p in papers if p.arxiv_id.lower().startswith(prefix)]


def _by_folder(papers: list[Entry], text: str) -> list[Entry]:
    """The repo's folder name, as tab completion of a path gives it (``papers/1706...-need/``)."""
    name = Path(text.rstrip("/\\")).name
    return [p for p in papers if p.repo.name == name]


def _by_title(papers: list[Entry], text: str) -> list[Entry]:
    """Every word of `text` begins a word of the title; an exact title wins over the others."""
    query = words(text)
    if not query:
        return []
    found = []
    for p in papers:
        title = words(p.title)
        if all(any(w.startswith(q) for w in title) for q in query):
            found.append(p)
    exact = [p for p in found if words(p.title) == query]
    return exact if len(exact) == 1 else found


def _ambiguous(text: str, chosen: list[Entry]) -> str:
    from .ids import quote

    shown = "; ".join(p.label for p in chosen[:SHOWN_CANDIDATES])
    more = len(chosen) - SHOWN_CANDIDATES
    tail = f"; and {more} more" if more > 0 else ""
    return (f"{quote(text)} names {len(chosen)} papers: {shown}{tail}; give more of the id "
            "or title.")
