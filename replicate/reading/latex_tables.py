"""LaTeX tabulars to `Table` rows: one cell per column, spans expanded, marks kept.

Rows split on `\\\\` and cells on `&` at the top level only (not inside braces or a
nested environment, so a `\\begin{tabular}{c}a\\\\b\\end{tabular}` header cell stays
one cell). Rules (`\\hline`, `\\toprule`, ...) only tell where the header ends.
"""

from __future__ import annotations

import re

from .document import Cell
from .latex_text import BOLD, UNDERLINE, Renderer, finish

ROW_BREAKS = frozenset(("\\\\", "\\tabularnewline", "\\cr", "\\crcr"))
FULL_RULES = frozenset((
    "\\hline", "\\midrule", "\\toprule", "\\bottomrule", "\\specialrule", "\\hhline",
    "\\Xhline", "\\thickhline", "\\hdashline", "\\Hline", "\\midrule*",
))
TABULARS = ("tabular", "tabular*", "tabularx", "tabulary", "longtable", "longtable*",
            "array", "supertabular", "tabu", "xtabular", "NiceTabular", "tblr")
_NUMERIC = re.compile(
    r"[~≈<>≤≥]?\s*[-+−]?\$?\d[\d,]*(?:[ \u2009]\d{3})*(?:\.\d+)?\s*(?:%|[kKMBGTx×]|e[-+]?\d+|\^-?\d+)?"
    r"(?:\s*/\s*\d[\d.]*\s*%?)?"  # two results in one cell: "0.913 / 0.780" (AUC / accuracy)
    r"(?:\s*±\s*\d[\d.]*)?\s*[*†‡]*(?:\s*\(\s*[-+−]?\d[\d.]*\s*%?\s*\))?")


_BOLD = frozenset("\\" + name for name in BOLD)
_UNDERLINE = frozenset("\\" + name for name in UNDERLINE)


def numeric(text: str) -> bool:
    """A cell that holds a number (a result), not a header word."""
    return bool(_NUMERIC.fullmatch(text.strip()))


def _split(r: Renderer, lo: int, hi: int) -> list[tuple[list[tuple[int, int]], bool]]:
    """Rows as lists of cell token ranges, each with whether a full rule precedes it."""
    toks, match = r.toks, r.match
    rows: list[tuple[list[tuple[int, int]], bool]] = []
    cells: list[tuple[int, int]] = []
    start = lo
    depth = 0
    i = lo
    while i < hi:
        t = toks[i]
        if t == "{":
            i = match[i] + 1
            continue
        if t == "\\begin":
            depth += 1
        elif t == "\\end":
            depth -= 1
        elif depth <= 0 and t == "&":
            cells.append((start, i))
            start = i + 1
        elif depth <= 0 and t in ROW_BREAKS:
            cells.append((start, i))
            rows.append((cells, False))
            cells = []
            j = i + 1
            if j < hi and toks[j].startswith("*"):
                toks[j] = toks[j][1:]
            _, i = r.opt(j, hi)
            start = i
            continue
        i += 1
    cells.append((start, hi))
    rows.append((cells, False))
    # Mark the rules: a rule sits at the start of a row's first cell (or alone in a row
    # of its own, such as the text after the last \\).
    out: list[tuple[list[tuple[int, int]], bool]] = []
    pending_rule = False
    for cells, _ in rows:
        first = cells[0]
        rule = any(toks[k] in FULL_RULES for k in range(first[0], first[1]))
        if len(cells) == 1 and not _has_text(r, first):
            pending_rule = pending_rule or rule
            continue
        out.append((cells, pending_rule or rule))
        pending_rule = False
    return out


def _has_text(r: Renderer, cell: tuple[int, int]) -> bool:
    # Rendering reads arguments destructively, so look at a copy of the tokens.
    return bool(finish(Renderer(r.toks[cell[0]:cell[1]]).render()))


def _find(r: Renderer, lo: int, hi: int, name: str) -> int:
    """Index of a top-level command `name` in the range, or -1."""
    i = lo
    while i < hi:
        t = r.toks[i]
        if t == "{":
            i = r.match[i] + 1
            continue
        if t == name:
            return i
        i += 1
    return -1


def _int(text: str) -> int:
    m = re.search(r"-?\d+", text)
    return int(m.group()) if m else 1


def _cell(r: Renderer, lo: int, hi: int) -> tuple[Cell, int]:
    """One cell and the rows it spans (negative: spans upwards, as \\multirow{-2})."""
    marks = r.toks[lo:hi]
    bold = not _BOLD.isdisjoint(marks)
    underline = not _UNDERLINE.isdisjoint(marks)
    span, rowspan = 1, 1
    k = _find(r, lo, hi, "\\multicolumn")
    if k >= 0:
        a, i = r.arg(k + 1, hi)
        span = max(1, min(_int(r.raw_of(a)), 64))
        _, i = r.arg(i, hi)
        content, _ = r.arg(i, hi)
        if isinstance(content, tuple):
            lo, hi = content
    k = _find(r, lo, hi, "\\multirow")
    if k >= 0:
        _, i = r.opt(k + 1, hi)
        a, _ = r.arg(i, hi)
        rowspan = max(-64, min(_int(r.raw_of(a)), 64)) or 1
    text = finish(r.render(lo, hi))
    return Cell(text=text, bold=bold and bool(text), underline=underline and bool(text), span=span), rowspan


_SPEC_TOKEN = re.compile(r"\s*(?:(?P<sep>[@!])\s*|(?P<deco>[<>])\s*|(?P<star>\*)\s*|"
                         r"(?P<col>[A-Za-z])\s*|[|:;.]\s*|(?P<group>\{))")
_JOINING = {"/": "/", "\\pm": " ± ", "$\\pm$": " ± ", "±": " ± ", "-": "-", "--": "–",
            ":": ":", ",": ","}


def _group(spec: str, i: int) -> tuple[str, int]:
    """The {group} at i (braces balanced) and the index after it."""
    if i >= len(spec) or spec[i] != "{":
        return "", i
    depth = 0
    for k in range(i, len(spec)):
        depth += {"{": 1, "}": -1}.get(spec[k], 0)
        if depth == 0:
            return spec[i + 1:k], k + 1
    return spec[i + 1:], len(spec)


def column_joins(spec: str, depth: int = 0) -> dict[int, str]:
    """Columns that print as one value: `c@{/}c` sets "56.8/68.0" in two cells.

    Maps the column before such a separator to the text it prints (`/`, ` ± `).
    Separators that only space the columns (`@{}`, `@{\\hspace{3pt}}`) join nothing.
    """
    return _walk_spec(spec, depth)[0]


def ruled_groups(spec: str) -> list[int]:
    """How many columns each stretch between vertical rules holds: `c | c c c | c c c` is
    [1, 3, 3]."""
    columns, bars = _walk_spec(spec)[1:]
    edges = sorted({0, columns, *(b for b in bars if 0 < b < columns)})
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


def _walk_spec(spec: str, depth: int = 0) -> tuple[dict[int, str], int, set[int]]:
    """The joins of `column_joins`, how many columns the spec holds, and after how many
    columns each vertical rule stands."""
    joins: dict[int, str] = {}
    bars: set[int] = set()
    columns, i = 0, 0
    while i < len(spec):
        m = _SPEC_TOKEN.match(spec, i)
        if not m or m.end() == i:
            i += 1
            continue
        i = m.end()
        if m["sep"]:
            text, i = _group(spec, i)
            sep = _JOINING.get(text.strip())
            if sep and columns:
                joins[columns - 1] = sep
        elif m["deco"]:
            _, i = _group(spec, i)
        elif m["star"] and depth < 3:
            times, i = _group(spec, i)
            inner, i = _group(spec, i)
            n = min(int(times) if times.strip().isdigit() else 1, 64)
            inner_joins = column_joins(inner, depth + 1)
            width = _width(inner)
            for k in range(n):
                joins.update({columns + k * width + j: t for j, t in inner_joins.items()})
            columns += n * width
        elif m["col"]:
            columns += 1
            if m["col"] in "Ss" and spec[i:i + 1] == "[":  # S[table-format=2.1]
                close = spec.find("]", i)
                i = close + 1 if close >= 0 else len(spec)
            elif m["col"] in "pmbwW":
                _, i = _group(spec, i)  # p{3cm}
        elif m["group"]:
            _, i = _group(spec, i - 1)
        elif "|" in m[0]:
            bars.add(columns)
    return {j: t for j, t in joins.items() if j < columns - 1}, columns, bars


def _width(spec: str) -> int:
    """How many columns a (starred-group) spec holds."""
    return max(1, sum(1 for m in re.finditer(r"(?<![@!<>{\\])[lcrpmbXSL](?![a-z])", spec)))


def _joined(rows: list[list[Cell]], joins: dict[int, str]) -> list[list[Cell]]:
    """Each row with the cells a separator joins set as one cell ("56.8/68.0")."""
    out = []
    for row in rows:
        new: list[Cell] = []
        skip = False
        for j, cell in enumerate(row):
            if skip:
                skip = False
                continue
            if j in joins and j + 1 < len(row):
                other = row[j + 1]
                skip = True
                if other.text and other.text != cell.text and cell.text:
                    cell = Cell(f"{cell.text}{joins[j]}{other.text}", cell.bold or other.bold,
                                cell.underline or other.underline, max(1, cell.span - 1))
                elif other.text and not cell.text:
                    cell = other
            new.append(cell)
        out.append(new)
    return out


def parse_tabular(body: str, spec: str = "") -> tuple[list[list[Cell]], int]:
    """The rows of a tabular's body (what lies between its column spec and \\end), and
    how many leading rows are headers; `spec` joins the cells its separators print
    as one value."""
    r = Renderer(body, notes=False)  # a footnote in a cell prints only its mark
    raw_rows = _split(r, 0, len(r.toks))
    rows: list[list[Cell]] = []
    rules: list[bool] = []
    fills: list[tuple[int, int, Cell]] = []  # (row, column, cell) spanning rows
    for cells, rule in raw_rows:
        row: list[Cell] = []
        for lo, hi in cells:
            cell, rowspan = _cell(r, lo, hi)
            col = len(row)
            for _ in range(cell.span):
                row.append(Cell(cell.text, cell.bold, cell.underline, cell.span))
            if rowspan > 1:
                for d in range(1, rowspan):
                    fills.append((len(rows) + d, col, cell))
            elif rowspan < -1:
                for d in range(1, -rowspan):
                    fills.append((len(rows) - d, col, cell))
        if all(not c.text for c in row):
            continue
        rows.append(row)
        rules.append(rule)
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend(Cell("") for _ in range(width - len(row)))
    for at, col, cell in fills:
        if 0 <= at < len(rows) and col < width:
            for c in range(col, min(col + cell.span, width)):
                if not rows[at][c].text:
                    rows[at][c] = Cell(cell.text, cell.bold, cell.underline, cell.span)
    joins = column_joins(spec) if "@" in spec or "!" in spec else {}
    if joins:
        rows = _joined(rows, joins)
    headers = _header_rows(rows, rules)
    if "|" in spec:
        _span_ruled_groups(rows[:headers], ruled_groups(spec))
    return rows, headers


def _span_ruled_groups(headers: list[list[Cell]], groups: list[int]) -> None:
    """ "& & DAQUAR & & & COCO-QA &" over `c | c c c | c c c`: a header row that names each
    group of columns between rules in one cell of it names all the group's columns."""
    if sum(groups) != (len(headers[0]) if headers else 0) or not any(g > 1 for g in groups):
        return
    for row in headers:
        spans = []
        at = 0
        for g in groups:
            filled = [c for c in row[at:at + g] if c.text]
            spans.append((at, g, filled))
            at += g
        wide = [(at, g, filled) for at, g, filled in spans if g > 1]
        if not all(len(filled) == 1 and filled[0].span == 1 for _, _, filled in wide):
            continue
        for at, g, (cell,) in wide:
            for k in range(at, at + g):
                row[k] = Cell(cell.text, cell.bold, cell.underline, g)


def _header_rows(rows: list[list[Cell]], rules: list[bool]) -> int:
    """Leading rows that are headers: up to the first full rule after the first row, else
    the leading rows without a number in them."""
    if not rows:
        return 0
    lead = 0
    for row in rows:
        if any(numeric(c.text) for c in row[1:]) or (len(row) == 1 and numeric(row[0].text)):
            break
        lead += 1
    ruled = next((k for k in range(1, min(len(rows), 5)) if rules[k]), 0)
    if ruled and ruled <= lead + 1:
        # A second header row may sit below the rule ("#L | #H | #A"), but a row that
        # only names a group of results ("Published") is not a header.
        if lead < len(rows):
            while ruled < min(lead, 4) and _names_columns(rows[ruled]):
                ruled += 1
        return ruled
    if lead == len(rows):  # no numbers at all: only the first row can be told a header
        return 1
    return lead


def _names_columns(row: list[Cell]) -> bool:
    """A row of column names ("#L | #H | #A | MNLI", "Last Layer | Emb Dim | CIFAR-10"
    over three columns): several different words in cells of their own. A row that names
    a group ("Published") or spans one value over the columns ("Optimizer | AdamW") is
    data."""
    return len({c.text for c in row if c.text and c.span == 1}) >= 2


def table_text(rows: list[list[Cell]]) -> str:
    """Rows joined by newlines, cells by " | "; a cell spanning columns printed once."""
    lines = []
    for row in rows:
        parts = []
        k = 0
        while k < len(row):
            cell = row[k]
            parts.append(cell.text)
            step = 1
            if cell.span > 1:
                while step < cell.span and k + step < len(row) and row[k + step].text == cell.text:
                    step += 1
            k += step
        lines.append(" | ".join(parts))
    return "\n".join(lines)
