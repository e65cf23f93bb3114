"""Searching arXiv for papers to add, through the same client (and rate limit) as `add`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import BadValue
from .fetch import Fetcher
from .settings import Settings

FIELDS = ("ti", "au", "abs", "co", "jr", "cat", "rn", "id", "all")
OPERATORS = ("AND", "OR", "ANDNOT")
MAX_RESULTS = 100  # one page; arXiv asks clients not to page through thousands
_TOKEN = re.compile(r'(?:[A-Za-z]+:)?"[^"]*"?|\(|\)|[^\s()]+')


@dataclass
class Hit:
    """One paper arXiv found: what a user needs to pick it."""

    index: int  # 1-based, as `--add K` counts
    arxiv_id: str
    version: int
    published: str
    authors: list[str] = field(default_factory=list)
    title: str = ""
    primary_category: str = ""
    in_workspace: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class Results:
    query: str  # the search_query sent to arXiv
    total: int  # how many papers match in all (arXiv's count)
    hits: list[Hit]


def build_query(text: str) -> str:
    """arXiv's ``search_query`` for what the user typed.

    Words without a field prefix search everything (``all:``); ``ti:``, ``au:``,
    ``abs:``, ``cat:`` (and arXiv's other prefixes), ``AND``/``OR``/``ANDNOT``,
    parentheses and quoted phrases pass through; terms side by side must all match.
    """
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if token in OPERATORS:
            if not out or out[-1] in OPERATORS or out[-1] == "(":
                raise BadValue(f"the search '{text}' has {token} where a word belongs; "
                               "put words on both sides of it.")
            out.append(token)
            continue
        prefix, _, rest = token.partition(":")
        if token not in ("(", ")"):
            if prefix.lower() in FIELDS and rest:
                token = f"{prefix.lower()}:{rest}"
            else:
                token = f"all:{token}"
        if out and out[-1] not in OPERATORS and out[-1] != "(" and token != ")":
            out.append("AND")
        out.append(token)
    if not out:
        raise BadValue("the search is empty; give words to look for, e.g. "
                       "'replicate search attention is all you need'.")
    if out[-1] in OPERATORS:
        raise BadValue(f"the search '{text}' ends with {out[-1]}; add the words it joins.")
    return " ".join(out)


def search(settings: Settings, text: str, max_results: int = 10,
           fetcher: Fetcher | None = None) -> Results:
    """The first `max_results` papers arXiv finds for `text`, marked when already added."""
    from . import record

    if not 1 <= max_results <= MAX_RESULTS:
        raise BadValue(f"--max must be from 1 to {MAX_RESULTS}, not {max_results}.")
    query = build_query(text)
    fetcher = fetcher or Fetcher(settings)
    entries, total = fetcher.search(query, 0, max_results)
    hits = [
        Hit(n, m.arxiv_id, m.version, m.published[:10], m.authors, m.title, m.primary_category,
            record.find(settings.papers_dir, m.arxiv_id) is not None)
        for n, m in enumerate(entries[:max_results], 1)
    ]
    return Results(query, max(total, len(hits)), hits)
