"""A `Document` from a PDF's page texts, for papers without a LaTeX source.

The split is line-based: numbered headings (the outline's `SECTION` rule), table
and figure captions, runs of number-heavy lines (table rows, plot axes) and
prose between them. Zones follow the headings: related work until the next
section, references from the reference list's heading, the appendix after it.
"""

from __future__ import annotations

import re

from .document import (
    APPENDIX,
    BODY,
    CAPTION,
    FRONT,
    HEADING,
    PROSE,
    REFERENCES,
    RELATED,
    TABLE,
    Block,
    Document,
)
from .outline import APPENDIX as APPENDIX_START
from .outline import REFERENCES as REFERENCES_HEADING
from .outline import RELATED_WORK, SECTION
from .text import tabular

CAPTION_START = re.compile(r"^(?:Table|Figure|Fig\.)\s+[A-Z]?\d+[.:]\s")


def from_pages(pages: list[str]) -> Document:
    """Blocks of the cleaned page texts, in reading order, each with its zone and page."""
    doc = Document(origin="pdf", pages=list(pages))
    zone, section = FRONT, ""
    kind, lines, page_of = "", [], 1

    def flush() -> None:
        nonlocal kind, lines
        text = "\n".join(lines).strip() if kind == TABLE else " ".join(lines).strip()
        if text:
            doc.blocks.append(Block(kind or PROSE, text, zone, section, page_of))
        kind, lines = "", []

    for number, page in enumerate(pages, start=1):
        for raw in page.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if zone != REFERENCES and number > 1 and REFERENCES_HEADING.match("\n" + line + "\n"):
                flush()
                zone, section = REFERENCES, line
                continue
            if zone == REFERENCES and APPENDIX_START.match(line):
                flush()
                zone = APPENDIX
            heading = SECTION.match(line)
            if heading and zone != REFERENCES:
                flush()
                if zone in (FRONT, BODY, RELATED):
                    zone = RELATED if RELATED_WORK.match(line) else BODY
                section = line
                doc.blocks.append(Block(HEADING, line, zone, section, number))
                continue
            this = CAPTION if CAPTION_START.match(line) else TABLE if tabular(line) else PROSE
            continues = this == kind or kind == CAPTION and this == PROSE
            # prose runs on across a page break; tables and captions do not
            if this == CAPTION or not continues or page_of != number and kind != PROSE:
                flush()
                kind, page_of = this, number
            lines.append(line)
            if kind == CAPTION and line.endswith("."):
                flush()
    flush()
    return doc
