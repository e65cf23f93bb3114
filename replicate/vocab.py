"""Dataset names: one vocabulary (replicate/data/datasets.csv) and one normaliser for all.

The reading pass finds datasets in a paper's text with it, and the human-baseline
table is matched against claims with it, so "ILSVRC 2012", "ImageNet-1k" and
"imagenet" are the same dataset everywhere.

Each row names a dataset (or benchmark, environment, split), the spellings searched
for in text (`aliases`), spellings only accepted when a name is given on its own
(`lookup`: "CH" is CallHome in a baseline table, never in prose), its `kind`, and a
`context`: a pattern the paper must contain before a name is believed ("Pong" only
in a paper about Atari). Rows of kind `model` are names that are *not* datasets
(ResNet, BERT): they keep the discovery of new names from taking a model for data.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Dataset:
    name: str
    aliases: tuple[str, ...]
    lookup: tuple[str, ...]
    kind: str  # dataset, benchmark, environment, split, model
    domain: str
    context: str  # a regular expression the paper must match, or ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str


def key(text: str) -> str:
    """The spelling-free form of a name: lowercased, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@lru_cache(maxsize=1)
def datasets() -> tuple[Dataset, ...]:
    """The shipped vocabulary."""
    from importlib.resources import files

    text = files("replicate").joinpath("data/datasets.csv").read_text(encoding="utf-8")

    def split(cell: str | None) -> tuple[str, ...]:
        return tuple(a.strip() for a in (cell or "").split(";") if a.strip())

    return tuple(Dataset(r["name"], split(r["aliases"]), split(r["lookup"]), r["kind"],
                         r["domain"] or "", r["context"] or "")
                 for r in csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Dataset]:
    out: dict[str, Dataset] = {}
    for d in datasets():
        for spelling in (d.name, *d.aliases, *d.lookup):
            out.setdefault(key(spelling), d)
    return out


_PREFIX = re.compile(r"^(?:atari2600|atari|ale)(?=[a-z])")


def canonical(text: str) -> str | None:
    """The vocabulary's name for a dataset spelled `text`, or None when it is not known.

    A leading "Atari" or "ALE" on a game is ignored ("ALE/Pong" is Pong).
    """
    k = key(text)
    found = _by_key().get(k) or _by_key().get(_PREFIX.sub("", k))
    return found.name if found and found.kind != "model" else None


def is_model(text: str) -> bool:
    """True for names the vocabulary knows as models or methods, not data."""
    found = _by_key().get(key(text))
    return found is not None and found.kind == "model"


def _unspaced(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def _case_sensitive(alias: str) -> bool:
    """Short or word-like spellings must match as printed ("RACE", "Pong"), others in any case."""
    return not re.search(r"\d", alias) and (len(alias) < 7 or " " in alias or alias.istitle())


def _small_caps(printed: str, alias: str, context: str) -> bool:
    """ "LOGIQA" for "LogiQA", "XSUM" for "XSum": a name set in small capitals, which a PDF
    gives in capitals; only a name with a capital inside it ("PONG" is not "Pong") that the
    paper does not use as a word ("RECORD" is not "ReCoRD" where "record" is a word)."""
    return (printed.isupper() and len(alias) >= 4
            and re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", alias) is not None
            and re.search(rf"\b{re.escape(printed.lower())}\b", context) is None)


@lru_cache(maxsize=1)
def _searcher() -> tuple[re.Pattern[str], dict[str, tuple[Dataset, tuple[str, ...]]]]:
    """The pattern of every alias, and per spelling-free key its row and its printed forms
    ("PASCAL VOC" and "Pascal VOC" are both accepted as printed)."""
    spellings: dict[str, tuple[Dataset, tuple[str, ...]]] = {}
    for d in datasets():
        for alias in d.aliases:
            row, printed = spellings.setdefault(key(alias), (d, ()))
            if row is d:
                spellings[key(alias)] = (d, (*printed, alias))
    aliases = {a for d in datasets() for a in d.aliases}
    rx = re.compile(r"(?<![\w-])(?:" + _trie(aliases) + r")(?![\w-]|\.\d)", re.I)
    return rx, spellings


_GAP = object()  # between two words of a name: a space, a hyphen or nothing


def _trie(aliases: set[str]) -> str:
    """One pattern for every alias, its words joined by an optional space or hyphen, as a
    tree of shared prefixes: a flat alternation of a thousand names is tried name by name
    at every position of the text, a tree letter by letter. The longest name wins."""
    root: dict = {}
    for alias in aliases:
        node = root
        for i, word in enumerate(w for w in re.split(r"[\s-]+", alias) if w):
            for unit in ([_GAP] if i else []) + list(word.lower()):
                node = node.setdefault(unit, {})
        node[None] = {}  # a name ends here

    depths: dict[int, int] = {}

    def depth(node: dict) -> int:
        if id(node) not in depths:
            depths[id(node)] = max((1 + depth(child) for unit, child in node.items()
                                    if unit is not None), default=0)
        return depths[id(node)]

    def pattern(node: dict) -> str:
        # the branch to the longest names first: a gap may match nothing, so two branches
        # can both match, and the first that does wins
        units = sorted((u for u in node if u is not None),
                       key=lambda u: (-depth(node[u]), " " if u is _GAP else u))
        branches = [(r"[\s-]?" if unit is _GAP else re.escape(unit)) + pattern(node[unit])
                    for unit in units]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if None in node else body

    return pattern(root)


def mentions(text: str, context: str | None = None, *, gated: bool = True) -> list[Mention]:
    """Every dataset named in `text`, in order. `context` (default: `text`) is what a
    context-bound name ("Pong") is checked against: the whole paper, usually;
    `gated=False` skips that check (a claim's sentence in a paper already read)."""
    rx, spellings = _searcher()
    whole = text if context is None else context
    out: list[Mention] = []
    ok: dict[str, bool] = {}
    for m in rx.finditer(text):
        entry = spellings.get(key(m.group(0)))
        if entry is None:
            continue
        d, printed = entry
        if d.kind == "model":
            continue
        if all(_case_sensitive(a) and _unspaced(m.group(0)) != _unspaced(a)
               and not _small_caps(m.group(0), a, whole) for a in printed):
            continue
        if d.context and gated:
            if d.name not in ok:
                ok[d.name] = re.search(d.context, whole, re.I) is not None
            if not ok[d.name]:
                continue
        out.append(Mention(m.start(), m.end(), d.name))
    return out
