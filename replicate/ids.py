"""Parse every form of arXiv identifier a user may paste. Pure: no I/O.

Follows arXiv's identifier rules (https://info.arxiv.org/help/arxiv_identifier.html):
new-style ``YYMM.NNNN`` from 0704 to 1412 and ``YYMM.NNNNN`` from 1501, old-style
``archive(.SC)/YYMMNNN`` from 1991 to March 2007, sequence numbers from 1, versions
from v1. Also takes the ``arXiv:`` prefix, abs/pdf/ps/html URLs, a PDF's file name
(``1706.03762v5.pdf``) and the citation form stamped on PDFs
(``arXiv:0706.0001v1 [q-bio.CB] 1 Jun 2007``). Versions are split off with a regex
anchored at the end, never ``split('v')``, which breaks archives such as ``solv-int``.
Patterns are ASCII-only: ``١٧٠٦.٠٣٧٦٢`` is not an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidId

# The archives of old-style ids; the list is closed (archives begun after March 2007,
# such as stat or q-fin, only ever had new-style ids).
OLD_ARCHIVES = frozenset({
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an",
    "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an",
    "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin",
    "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph",
    "solv-int", "supr-con",
})

_NEW = r"(?P<new>(?P<yymm>\d{4})\.(?P<num>\d{4,5}))"
_OLD = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.(?P<subject>[a-z]{2}))?/(?P<oldnum>\d{7}))"
_ID = rf"(?:{_NEW}|{_OLD})(?!\d)(?:v(?P<version>\d+))?"
_URL = r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|ps|html|format)/(?:arxiv:)?"
_CATEGORY = r"\[[a-z]+(?:-[a-z]+)?(?:\.[a-z]+(?:-[a-z]+)?)?\]"
_DATE = r"\d{1,2}\s+[a-z]{3}\s+\d{4}"  # the stamp's date: "1 Jun 2007"
_FULL = re.compile(
    rf"^(?:arxiv:\s*|{_URL})?{_ID}"
    rf"(?:(?:\.pdf)?/?(?:[?#]\S*)?|\s+{_CATEGORY}(?:\s+{_DATE})?)$",
    re.IGNORECASE | re.ASCII,
)

EXAMPLES = "1706.03762, arXiv:1706.03762v5, https://arxiv.org/abs/1706.03762 or hep-th/9901001"
QUOTE_LIMIT = 60


@dataclass(frozen=True)
class ArxivId:
    """An arXiv id without its version, plus the version if one was given."""

    id: str
    version: int | None = None

    @property
    def versioned(self) -> str:
        """The id with its version suffix when known (``1706.03762v5``)."""
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def slug(self) -> str:
        """The id as a file-name part: old-style ``/`` becomes ``_``."""
        return self.id.replace("/", "_")

    def __str__(self) -> str:
        return self.versioned


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` as an error message shows it: control characters escaped, long input cut short."""
    shown = text if text.isprintable() else repr(text)[1:-1]
    return f"{shown[: limit - 1]}…" if len(shown) > limit else shown


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` quoted for an error message, as `shorten` shows it."""
    return f"'{shorten(text, limit)}'"


def parse(text: str) -> ArxivId:
    """Return the `ArxivId` in `text`, or raise `InvalidId` naming it."""
    raw = text.strip()
    m = _FULL.match(raw)
    if not m:
        raise InvalidId(f"{quote(raw)} is not an arXiv id; use a form such as {EXAMPLES}.")
    shown = quote(raw)
    version = int(m["version"]) if m["version"] else None
    if version == 0:
        raise InvalidId(f"{shown} has version 0; arXiv versions start at v1.")
    if m["new"]:
        yymm, num = m["yymm"], m["num"]
        if not 1 <= int(yymm[2:]) <= 12:
            raise InvalidId(f"{shown} has no valid month ({yymm[2:]}); check the id.")
        if len(num) == 4 and not "0704" <= yymm <= "1412":
            raise InvalidId(
                f"{shown} has a four-digit number, which arXiv used only from 0704 to 1412 "
                "(ids from 1501 on have five digits); check the id."
            )
        if len(num) == 5 and yymm < "1501":
            raise InvalidId(f"{shown} has a five-digit number, which arXiv used only from 1501 on.")
        if int(num) == 0:
            raise InvalidId(f"{shown} has the number {num}; arXiv numbers papers from 1.")
        return ArxivId(m["new"], version)
    archive, num = m["archive"].lower(), m["oldnum"]
    if archive not in OLD_ARCHIVES:
        raise InvalidId(f"{shown} names no arXiv archive ('{archive}'); check the id.")
    year = int(num[:2]) + (1900 if num[:2] >= "91" else 2000)
    month = int(num[2:4])
    if not 1 <= month <= 12:
        raise InvalidId(f"{shown} has no valid month ({num[2:4]}); check the id.")
    if not (1991, 8) <= (year, month) <= (2007, 3):
        raise InvalidId(
            f"{shown} is dated {num[:4]}, but ids of this form run from 9108 to 0703 "
            "(newer ones look like 0704.0001); check the id."
        )
    if int(num[4:]) == 0:
        raise InvalidId(f"{shown} has the number {num[4:]}; arXiv numbers papers from 1.")
    # The subject class (math.GT) is not part of the identifier the API knows.
    return ArxivId(f"{archive}/{num}", version)


def id_or_path(text: str) -> ArxivId | Path:
    """What `replicate add` was given: an id, or the path of a PDF the user has.

    Anything arXiv would know is an id, a PDF file name such as ``1706.03762.pdf`` and
    ``arxiv.org/pdf/1706.03762.pdf`` included; other text ending in ``.pdf`` is a path.
    """
    stripped = text.strip()
    try:
        return parse(stripped)
    except InvalidId:
        if stripped.lower().endswith(".pdf") and not re.match(r"(?i)https?:", stripped):
            return Path(stripped)
        raise
