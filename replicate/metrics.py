"""Metric names: one vocabulary (replicate/data/metrics.csv) for tables and prose.

Each row gives a metric's name, how a table's header or caption names it, how a
sentence names it next to its number (blank when prose cannot be trusted to: "IS",
"scores"), whether lower is better, and a note on why. Acronyms match as printed ("IS"
is a metric, "is" is not); a row marked `ignore_case` matches in any case. A name may
have several rows ("EM" and "exact match").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class Metric:
    name: str
    header: re.Pattern[str] | None  # None: a name prose gives, never a column's
    prose: str  # the pattern with its case flag inline, or ""
    lower_is_better: bool


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Metric, ...]:
    text = files("replicate").joinpath("data/metrics.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        flags = re.I if row["ignore_case"] == "yes" else 0
        prose = f"(?{'i' if flags else '-i'}:{row['prose']})" if row["prose"] else ""
        out.append(Metric(row["name"], re.compile(row["header"], flags) if row["header"] else None,
                          prose, row["lower_is_better"] == "yes"))
    return tuple(out)


@lru_cache(maxsize=1)
def headers() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, name) of each metric a table's header may name, in the vocabulary's order:
    an earlier row wins ("Self-BLEU" before "BLEU")."""
    return tuple((m.header, m.name) for m in vocabulary() if m.header is not None)


def named(text: str) -> list[str]:
    """Every metric a header or caption names, in the vocabulary's order."""
    return list(_named(text))


@lru_cache(maxsize=8192)
def _named(text: str) -> tuple[str, ...]:
    # a table's headers and caption are asked about again and again while it is read
    return tuple(name for rx, name in headers() if rx.search(text))


def is_metric(text: str) -> bool:
    """True when the whole text is a metric's name ("MOS"): not a method's."""
    return any(rx.fullmatch(text) for rx, _ in headers())


@lru_cache(maxsize=1)
def prose() -> str:
    """An alternation of the forms sentences give metrics in ("a PSNR of", "3.28 validation
    loss"), for a pattern compiled case-insensitively."""
    return "|".join(m.prose for m in vocabulary() if m.prose)


def canonical(text: str) -> str | None:
    """The vocabulary's name for a metric as a sentence printed it ("Dice score" is Dice); a
    ranking metric keeps its cut-off ("HR@10"). None when the prose forms do not hold it."""
    name = next((name for name, rx in _prose_rows() if rx.fullmatch(text)), None)
    return text if name and "@" in text else name


@lru_cache(maxsize=1)
def _prose_rows() -> list[tuple[str, re.Pattern[str]]]:
    return [(m.name, re.compile(m.prose)) for m in vocabulary() if m.prose]


@lru_cache(maxsize=1)
def _lower() -> re.Pattern[str]:
    # an acronym as a word in its case ("TER", not "interpolation"); a word in any case, also
    # inside a longer name ("top-1 error", "validation loss")
    names = [m.name for m in vocabulary() if m.lower_is_better]
    acronyms = [re.escape(n) for n in names if n.isupper()]
    words = [re.escape(n) for n in names if not n.isupper()]
    return re.compile(rf"(?i:{'|'.join(words)})|\b(?:{'|'.join(acronyms)})\b")


def lower_is_better(metric: str) -> bool:
    return bool(_lower().search(metric))
