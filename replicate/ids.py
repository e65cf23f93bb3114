"""Parse every form of arXiv identifier a user may paste. Pure: no I/O.

Handles new-style ids (``1706.03762``, ``2301.00001v2``), old-style ids with an
archive (``hep-th/9901001``, ``math.GT/0309136``), the ``arXiv:`` prefix and
abs/pdf URLs. Versions are split off with a regex anchored at the end, never
``split('v')``, which breaks archives such as ``solv-int``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidId

_NEW = r"(?P<new>(?P<yymm>\d{4})\.(?P<num>\d{4,5}))"
_OLD = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.(?P<subject>[A-Z]{2}))?/(?P<oldnum>\d{7}))"
_ID = rf"(?:{_NEW}|{_OLD})(?:v(?P<version>\d+))?"
_URL = r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
_FULL = re.compile(rf"^(?:arxiv:\s*|{_URL})?{_ID}(?:\.pdf)?/?(?:[?#].*)?$", re.IGNORECASE)

EXAMPLES = "1706.03762, arXiv:1706.03762v5, https://arxiv.org/abs/1706.03762 or hep-th/9901001"


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


def parse(text: str) -> ArxivId:
    """Return the `ArxivId` in `text`, or raise `InvalidId` naming it."""
    raw = text.strip()
    m = _FULL.match(raw)
    if not m:
        raise InvalidId(f"'{text.strip()}' is not an arXiv id; use a form such as {EXAMPLES}.")
    version = int(m["version"]) if m["version"] else None
    if version == 0:
        raise InvalidId(f"'{raw}' has version 0; arXiv versions start at v1.")
    if m["new"]:
        yymm = m["yymm"]
        month = int(yymm[2:])
        if not 1 <= month <= 12:
            raise InvalidId(f"'{raw}' has no valid month ({yymm[2:]}); check the id.")
        # Five-digit numbers started in January 2015; four before that.
        if len(m["num"]) == 5 and yymm < "1501":
            raise InvalidId(f"'{raw}' has a five-digit number, which arXiv used only from 1501 on.")
        if len(m["num"]) == 4 and yymm >= "1501":
            raise InvalidId(f"'{raw}' has a four-digit number; ids from 1501 on have five digits.")
        return ArxivId(m["new"], version)
    archive = m["archive"].lower()
    num = m["oldnum"]
    month = int(num[2:4])
    if not 1 <= month <= 12:
        raise InvalidId(f"'{raw}' has no valid month ({num[2:4]}); check the id.")
    # The subject class (math.GT) is not part of the identifier the API knows.
    return ArxivId(f"{archive}/{num}", version)

