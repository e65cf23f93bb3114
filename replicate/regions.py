"""Owned regions: the parts of a paper repo's files that replicate keeps in step with the record.

A region is marked in Markdown by a pair of HTML comments (GitHub shows neither)::

    <!-- replicate:claims -->
    | key | metric | ... |
    <!-- /replicate:claims -->

and in a notebook by a cell whose metadata says ``"replicate": "claims"``. `splice` puts
the bodies of a fresh render into the user's file and leaves every other byte alone; a
file whose markers the user deleted is left whole, and the result names what is gone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field

OPEN = "<!-- replicate:{name} -->"
CLOSE = "<!-- /replicate:{name} -->"
_REGION = re.compile(
    r"<!--\s*replicate:(?P<name>[\w.-]+)\s*-->(?P<body>.*?)<!--\s*/replicate:(?P=name)\s*-->",
    re.S,
)
_ANY_MARK = re.compile(r"<!--\s*/?replicate:(?P<name>[\w.-]+)\s*-->")
_TICKED = re.compile(r"^(?P<lead>\s*[-*+]\s+)\[[xX]\](?P<rest>\s.*)$")
NOTEBOOK_KEY = "replicate"  # cell metadata naming the region a notebook cell is
# Regions added to a file's template after repos were made with it: a file with no mark of
# one is from before it, and keeps its other regions in step (`upgrade` or `replicate
# report` brings the new ones); REPORT.md gained the ML Reproducibility Challenge's shape.
ADDED = {"REPORT.md": ("scope", "methodology", "checklist")}


@dataclass
class Spliced:
    """What `splice` made of a file: its new text and what happened to each region."""

    text: str
    changed: list[str] = field(default_factory=list)  # regions whose body is new
    missing: list[str] = field(default_factory=list)  # regions the file lacks: left alone

    @property
    def left_alone(self) -> bool:
        return bool(self.missing)


def find(text: str) -> dict[str, tuple[int, int]]:
    """Each region's name and the (start, end) offsets of its body in `text`."""
    return {m["name"]: m.span("body") for m in _REGION.finditer(text)}


def names(text: str) -> list[str]:
    """The names of the regions `text` marks, complete or not, in order."""
    return list(dict.fromkeys(m["name"] for m in _ANY_MARK.finditer(text)))


def strip(text: str) -> str:
    """`text` without its owned regions (markers and bodies) and without stray marks: what
    of a file is the user's own."""
    return _ANY_MARK.sub("", re.sub(_REGION.pattern + r"\n?", "", text, flags=re.S))


def _keep_ticks(old: str, new: str) -> str:
    """A checklist item the user ticked stays ticked when the same item comes back."""
    ticked = {m["lead"] + "[ ]" + m["rest"] for line in old.splitlines()
              if (m := _TICKED.match(line))}
    if not ticked:
        return new
    lines = new.splitlines(keepends=True)
    for i, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        if bare in ticked:
            lines[i] = bare.replace("[ ]", "[x]", 1) + line[len(bare):]
    return "".join(lines)


def splice(current: str, fresh: str, optional: Collection[str] = ()) -> Spliced:
    """`current` with each region's body taken from `fresh`, everything else untouched.

    A region of `fresh` that `current` no longer marks (the user deleted a marker)
    leaves the whole of `current` as it is, listed in `missing`, unless it is `optional`
    and `current` has no mark of it at all (a file from templates older than the region).
    Regions only `current` has are kept as they are.
    """
    new = find(fresh)
    have = find(current)
    marked = set(names(current)) if optional else set()
    missing = [name for name in new if name not in have
               and (name not in optional or name in marked)]
    if missing:
        return Spliced(current, missing=missing)
    pieces, at, changed = [], 0, []
    for name, (start, end) in sorted(have.items(), key=lambda item: item[1]):
        if name not in new:
            continue
        body = _keep_ticks(current[start:end], fresh[slice(*new[name])])
        if body != current[start:end]:
            changed.append(name)
        pieces += [current[at:start], body]
        at = end
    pieces.append(current[at:])
    return Spliced("".join(pieces), changed=changed)


def cell_region(cell: dict) -> str | None:
    """The region a notebook cell is, from its metadata; None for the user's cells."""
    meta = cell.get("metadata")
    name = meta.get(NOTEBOOK_KEY) if isinstance(meta, dict) else None
    return name if isinstance(name, str) else None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def splice_notebook(current: str, fresh: str) -> Spliced:
    """`splice` for a notebook: each cell marked as a region gets the fresh cell's source.

    Outputs, execution counts and every other cell stay as they are. A notebook that
    is not valid JSON, or that lost a region cell, is left alone (`missing`). The JSON
    is written as Jupyter writes it (`notebook_text`), and only when a region changed.
    """
    new = {name: _source(c) for c in _cells(_load(fresh)) or [] if (name := cell_region(c))}
    doc = _load(current)
    cells = _cells(doc)
    if cells is None:
        return Spliced(current, missing=list(new) or ["notebook"])
    have = {name: c for c in cells if (name := cell_region(c))}
    missing = [name for name in new if name not in have]
    if missing:
        return Spliced(current, missing=missing)
    changed = []
    for name, source in new.items():
        cell = have[name]
        if _source(cell) != source:
            cell["source"] = source
            changed.append(name)
    return Spliced(notebook_text(doc) if changed else current, changed=changed)


def notebook_text(doc: dict) -> str:
    """A notebook's JSON as Jupyter saves it (sorted keys, one-space indent, sources as
    lists of lines), so that saving it in Jupyter and splicing it change only what changed."""
    for cell in _cells(doc) or []:
        cell["source"] = _source(cell).splitlines(keepends=True)
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _load(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _cells(doc: object) -> list[dict] | None:
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        return None
    return cells


def splice_file(name: str, current: str, fresh: str) -> Spliced:
    """`splice` or `splice_notebook`, by the file's name; the regions templates added since
    (`ADDED`) may be absent from a file made before them."""
    if name.endswith(".ipynb"):
        return splice_notebook(current, fresh)
    return splice(current, fresh, ADDED.get(name, ()))


def has_regions(name: str, fresh: str) -> bool:
    """Whether a fresh render of `name` marks any region (a workspace template may not)."""
    if name.endswith(".ipynb"):
        return any(cell_region(c) for c in _cells(_load(fresh)) or [])
    return bool(find(fresh))
