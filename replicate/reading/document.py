"""One parsed document that every extractor reads: text split once into zones and blocks.

A paper's text comes from its LaTeX source when arXiv has one (see `latex`), else
from the PDF (see `from_pages`). Either way it becomes a `Document`: an ordered
list of `Block`s (heading, prose, table, caption), each tagged with the zone it
sits in (front matter, abstract, body, related work, references, appendix), the
section it belongs to and its page when known. Extractors (claims, tables,
hyperparameters, datasets, links, outline, compute) read the document and never
split the raw text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

# Zones, in reading order.
FRONT, ABSTRACT, BODY, RELATED, REFERENCES, APPENDIX = (
    "front", "abstract", "body", "related", "references", "appendix")
ZONES = (FRONT, ABSTRACT, BODY, RELATED, REFERENCES, APPENDIX)

# Block kinds.
HEADING, PROSE, TABLE, CAPTION = "heading", "prose", "table", "caption"


@dataclass
class Cell:
    """One table cell as printed; `bold` marks the best result (\\textbf, bold font)."""

    text: str
    bold: bool = False
    underline: bool = False
    span: int = 1  # columns it covers (\\multicolumn)


@dataclass
class Table:
    """A table: caption, label as the paper prints it ("Table 2"), rows of cells.

    `header_rows` counts the leading rows that are column headers. Rows are
    expanded so that a cell spanning columns is repeated in each (\\multicolumn)
    and a cell spanning rows is repeated below (\\multirow): every row has one
    cell per column, which keeps header lookups simple.
    """

    caption: str = ""
    label: str = ""  # "Table 2"; "" when unnumbered
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 1
    page: int | None = None
    # rows read from a PDF's plain text, without headers: a stand-in for the layout
    # text's table of the same label, used only when that one gives no own result
    plain: bool = False

    def header(self, column: int) -> str:
        """The column's header text, the header rows joined ("BLEU EN-DE")."""
        parts: list[str] = []
        for row in self.rows[: self.header_rows]:
            if column < len(row):
                text = row[column].text.strip()
                if text and text not in parts:
                    parts.append(text)
        # "Self-" over "BLEU" is one word broken at its hyphen
        return re.sub(r"(?<=[A-Za-z])- (?=[A-Za-z])", "-", " ".join(parts))

    def halves(self) -> list[Table]:
        """The tables a table sets side by side to save room ("Method | Rank | Method |
        Rank" under "Classification" and "Regression"), else the table itself: a row of
        one half is not a row of the other."""
        for row in self.rows[: self.header_rows]:
            first = row[0].text.strip() if row else ""
            if not re.search(r"[A-Za-z]{2}", first):
                continue
            starts = [j for j in range(1, len(row))
                      if row[j].text.strip() == first and row[j - 1].text.strip() != first]
            bounds = [0, *starts, len(row)]
            widths = {b - a for a, b in pairwise(bounds)}
            if starts and len(widths) == 1 and min(widths) >= 2:
                return [replace(self, rows=[r[a:b] for r in self.rows])
                        for a, b in pairwise(bounds)]
        return [self]


@dataclass
class Block:
    """A piece of the document: a heading, a paragraph, a table or a caption."""

    kind: str  # HEADING, PROSE, TABLE, CAPTION
    text: str  # the plain text (for a table: its rows, cells separated by " | ")
    zone: str = BODY
    section: str = ""  # the heading of the section it is in ("4.1 Training Data")
    page: int | None = None
    table: Table | None = None

    def __post_init__(self) -> None:
        # a float goes where the layout has room, often beside the related work; its
        # results are the body's ("Table 1: Performance after training ..." on DDPG's page 7)
        if self.zone == RELATED and self.kind in (TABLE, CAPTION):
            self.zone = BODY


@dataclass
class Document:
    """The whole paper, parsed once. `origin` says where the text came from."""

    origin: str  # "latex" or "pdf"
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    urls: list[str] = field(default_factory=list)  # \\url, \\href and footnote links (LaTeX)
    pages: list[str] = field(default_factory=list)  # the PDF's page texts, when read from it
    # the PDF's links to code hosts: (page, URL, the line it is set on), printed or not
    links: list[tuple[int, str, str]] = field(default_factory=list)

    def zone(self, *zones: str) -> list[Block]:
        return [b for b in self.blocks if b.zone in zones]

    def of_kind(self, *kinds: str, zones: tuple[str, ...] = ()) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds and (not zones or b.zone in zones)]

    def split_side_by_side(self) -> None:
        """Each table set side by side becomes one block per half; the first keeps the
        text, so that a name in it is counted once."""
        blocks: list[Block] = []
        for b in self.blocks:
            parts = b.table.halves() if b.table is not None else []
            if len(parts) < 2:
                blocks.append(b)
                continue
            blocks += [replace(b, table=t, text=b.text if i == 0 else "") for i, t in enumerate(parts)]
        self.blocks = blocks

    @property
    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.table is not None]
