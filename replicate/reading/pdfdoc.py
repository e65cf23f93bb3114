"""A `Document` from a PDF's page texts, for papers without a LaTeX source.

The split is line-based: numbered headings (the outline's `heading` rule), table
and figure captions, runs of number-heavy lines (table rows, plot axes) and
prose between them. Zones follow the headings: related work until the next
section, references from the reference list's heading, the appendix after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

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
    Cell,
    Document,
    Table,
)
from .outline import APPENDIX as APPENDIX_START
from .outline import REFERENCES as REFERENCES_HEADING
from .outline import RELATED_WORK, RUN_IN, from_roman, heading, numbers_in_roman
from .tables import HYPER_CAPTION
from .text import tabular

# a float's number as printed: "2", "A3", a supplement's "S.1"
NUMBER = r"[A-Z]?\.?\d+"
UNNUMBERED = re.compile(
    r"(?i)^(?:Introduction|Related\s+Work|Background|Preliminaries|Methods?|Methodology|Approach|"
    r"Experiments?|Experimental\s+(?:Setup|Settings|Results)|Results(?:\s+and\s+Discussion)?|"
    r"Discussion|Conclusions?(?:\s+and\s+Future\s+Work)?|Limitations|Implementation\s+Details)$")
CAPTION_START = re.compile(rf"^(?:Table|Figure|Fig\.)\s+{NUMBER}[.:]\s")


Layout = Callable[[list[int]], dict[int, str]]


def from_pages(pages: list[str], layout: Layout | None = None) -> Document:
    """Blocks of the cleaned page texts, in reading order, each with its zone and page.

    `layout` gives the layout text (pypdf's "layout" mode) of the pages asked for, by
    page number; it is asked only for the pages with a table caption, because it is
    slow, and the tables found there follow their captions as TABLE blocks.
    """
    doc = Document(origin="pdf", pages=list(pages))
    zone, section = FRONT, ""
    kind, lines, page_of = "", [], 1
    seen_heading = roman = False  # roman: the first section is "I." (IEEE style)

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
            found = heading(line, appendix=zone == APPENDIX, roman=roman) if zone != REFERENCES else None
            if not found and not seen_heading and zone != REFERENCES and UNNUMBERED.match(line) and (
                    zone != FRONT or line.lower() == "introduction"):
                # a paper without numbered headings (AAAI's "Introduction", "Experiments")
                flush()
                zone, section = RELATED if RELATED_WORK.match(line) else BODY, line
                doc.blocks.append(Block(HEADING, line, zone, section, number))
                continue
            if found:
                if not seen_heading:
                    seen_heading, roman = True, numbers_in_roman(line, found[0])
                flush()
                if zone in (FRONT, BODY, RELATED):
                    zone = RELATED if RELATED_WORK.match(line) else BODY
                run_in = RUN_IN.match(line)  # "4.1.1 Graph construction. We build ..."
                section = line[:run_in.end()].strip().rstrip(".:") if run_in else line
                doc.blocks.append(Block(HEADING, section, zone, section, number))
                if run_in:
                    kind, page_of, lines = PROSE, number, [line[run_in.end():]]
                continue
            # "TABLE 2: Full results ..." (IEEE Computer Society's journals)
            line = _CAPITAL_CAPTION.sub(lambda m: m[0].capitalize(), line)
            # "TABLE I: Drone-to-drone detection results ..." (IEEE, the caption on its line)
            line = _ROMAN_CAPTION.sub(lambda m: f"Table {from_roman(m['roman'])}:", line)
            ieee = IEEE_TABLE.match(line)
            if ieee and (n := from_roman(ieee["roman"])):
                flush()  # its caption follows: one block "Table 5: Comparison between ..."
                kind, page_of = CAPTION, number
                lines.append(f"Table {n}:")
                continue
            run_on = _RUN_ON_CAPTION.search(line) if kind == CAPTION else None
            if run_on:  # a figure's caption, then the table's beside it on the same line
                lines.append(line[:run_on.start()].rstrip())
                flush()
                line = line[run_on.start():]
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
    if layout is not None:
        _add_tables(doc, layout)
    return doc


def _add_tables(doc: Document, layout: Layout) -> None:
    # a paper whose body shows its results only in figures gives them in the appendix's tables
    has_body = any(b.kind == CAPTION and b.zone == BODY and TABLE_LABEL.match(b.text)
                   and RESULTS_CAPTION.search(b.text) for b in doc.blocks)
    # results tables of the body; in the appendix only the recipe's (layout text is slow)
    captions = [b for b in doc.blocks if b.kind == CAPTION and TABLE_LABEL.match(b.text)
                and b.page is not None and (b.zone == BODY or b.zone == APPENDIX and (
                    RECIPE_CAPTION.search(b.text) or not has_body and RESULTS_CAPTION.search(b.text)))]
    texts = layout(sorted({b.page for b in captions})) if captions else {}
    # the pages' bold numbers, which `pdf.LayoutText` keeps beside the text
    found = {n: layout_tables(text, n, bold=getattr(text, "in_bold", None))
             for n, text in texts.items()}
    # a results table captioned as a figure: only its plain rows (no layout text asked)
    figures = [b for b in doc.blocks if b.kind == CAPTION and b.zone == BODY
               and FIGURE_LABEL.match(b.text)]
    for block in captions + figures:
        m = TABLE_LABEL.match(block.text) or FIGURE_LABEL.match(block.text)
        label = f"{m['what']} {m['n']}"
        at = doc.blocks.index(block) + 1
        laid_out, plain = found.get(block.page, {}).pop(label, None), _plain_table(doc, at, label)
        if laid_out is not None and plain is not None:
            _names_from(plain, laid_out)
        for table in (laid_out, plain):
            if table is None:
                continue
            table.caption, table.page = block.text, block.page
            text = "\n".join(" | ".join(c.text for c in row) for row in table.rows)
            doc.blocks.insert(at, Block(TABLE, text, block.zone, block.section, block.page, table))
            at += 1


def _names_from(plain: Table, table: Table) -> None:
    """Name the layout table's rows the layout text left unnamed from the plain text's rows
    with the same numbers: layout mode can drop a name set after a bullet ("• Tent"), or
    one set sideways over a group of rows ("ECL" beside "96", "192", ...)."""
    names = {tuple(c.text for c in row[1:]): row[0].text for row in plain.rows[plain.header_rows:]}
    body = table.rows[table.header_rows:]
    # the name's number read as the first cell: "96 | 0.140" where the plain text has "ECL 96"
    shifted = [row for row in body if len(row) > 2 and not row[0].text and names.get(
        tuple(c.text for c in row[2:]), "").endswith(f" {row[1].text}")]
    if body and len(shifted) * 2 > len(body):
        ids = {id(row) for row in shifted}
        for row in table.rows:
            row[0].text = names.get(tuple(c.text for c in row[2:]), "") if id(row) in ids else (
                f"{row[0].text} {row[1].text}".strip() if len(row) > 1 else row[0].text)
            del row[1:2]
        return
    for row in body:
        name = names.get(tuple(c.text for c in row[1:]), "")
        if not row[0].text or name.endswith(f" {row[0].text}"):
            row[0].text = name


_GLUED_ROWS = re.compile(r"(?<=\d)(?=[A-Z][A-Za-z])")  # "72.5 89.5RAG-Seq. 14.7": two rows


def _plain_table(doc: Document, at: int, label: str) -> Table | None:
    """The rows the plain text prints right under a caption (a name, then numbers), as a
    stand-in: pypdf's layout text can lose a table set beside another one, or mix it with
    the prose of the page's columns.

    Header lines that give one word to each column, or to each group of columns
    ("Models TimeCNN iTransformer" over "Metric MSE MAE MSE MAE"), are read as headers; under
    them a row may be named by a number, after the short line above it ("ECL", then "96").
    """
    under, over = _lines_by(doc, at)
    # a caption set under its table ("Table 1: Results of the ScienceParse system."): the
    # rows are the lines above it
    return _plain_rows(under, label) or _plain_rows(over, label)


def _plain_rows(lines: list[str], label: str) -> Table | None:
    rows: list[tuple[str, str, list[str]]] = []  # (group, name, values)
    above: list[str] = []  # the lines between the caption and the first row
    group = ""
    for text in lines:
        for line in _rows_of(_GLUED_ROWS.sub("\n", text).split("\n")):
            words = line.split()
            # "GCN (Kipf & Welling, 2017) 81.5%": the year closes the name's citation
            first = next((i for i, w in enumerate(words) if _numeric(w)
                          and not re.fullmatch(r"(?:19|20)\d\d[a-z]?\)[,;]?", w)), None)
            cut = max(first or 0, 1)
            # a row's cells may count in thousands ("32k"), once its first number is read
            if first is not None and tabular(line) and len(words) > cut and all(
                    _numeric(w) or _THOUSANDS.fullmatch(w) for w in words[first:]
            ) and not _steps(words[cut:]):
                if not rows and above and _GROUP.fullmatch(above[-1]):
                    group = above.pop()
                rows.append((group, " ".join(words[:cut]), words[cut:]))
            elif not rows:
                above.append(line)
            elif _GROUP.fullmatch(line):
                group = line  # "Traffic": the rows under it, until the next such line
    width = Counter(len(v) for _, _, v in rows).most_common(1)[0][0] if rows else 0
    # "wav2vec 2.0 89.5M 4.1M 2.9": a row one number wider than the rest has it in its name
    rows = [(g, f"{n} {' '.join(v[:len(v) - width])}", v[len(v) - width:])
            if len(v) > width and re.search(r"[A-Za-z]$", n) else (g, n, v) for g, n, v in rows]
    headers = _plain_headers(above, width)
    named = [(f"{g} {n}" if headers and g else n, v) for g, n, v in rows
             if headers or not _numeric(n)]  # a number names a row only under headers
    if len(named) < 2:
        return None
    body = [[Cell(n)] + [Cell(v) for v in values] for n, values in named]
    return Table(label=label, rows=headers + body, header_rows=len(headers), plain=True)


def _rows_of(lines: list[str]) -> list[str]:
    """Lines with two rows of a row group set side by side split in two: "CW ConvNet 1.40
    0.51 CapsNet 1.82 0.50" is "CW ConvNet 1.40 0.51" and "CW CapsNet 1.82 0.50"."""
    out: list[str] = []
    for line in lines:
        parts = [p.split() for p in re.split(r"(?<=[\d%])\s+(?=[A-Z][A-Za-z])", line)]
        numeric = [[_numeric(w) for w in p] for p in parts]
        firsts = [n.index(True) if True in n else 0 for n in numeric]
        if len(parts) < 2 or sum(numeric[0]) < 2 or len({sum(n) for n in numeric}) > 1 or any(
                not all(n[f:]) for n, f in zip(numeric, firsts, strict=True)):
            out.append(line)
            continue
        group = parts[0][:max(0, firsts[0] - firsts[1])]  # the first row's group ("CW")
        out += [" ".join(parts[0])] + [" ".join(group + p) for p in parts[1:]]
    return out


def _steps(values: list[str]) -> bool:
    """Evenly spaced numbers ("1000 2000 3000", "10% 15% 20% 25%"): the settings a header
    lays out over its columns, not results."""
    try:
        got = [float(v.rstrip("%").replace(",", "")) for v in values]
    except ValueError:
        return False
    gaps = {round(b - a, 9) for a, b in zip(got, got[1:], strict=False)}
    return len(got) >= 3 and len(gaps) == 1 and gaps != {0}


_GROUP = re.compile(r"[^\d\s]{1,30}(?: [^\d\s]{1,30}){0,2}")  # "ECL", "Solar-Energy"
_THOUSANDS = re.compile(r"\d+(?:\.\d+)?k")  # "32k"


def _lines_by(doc: Document, at: int) -> tuple[list[str], list[str]]:
    """The page's lines under the caption block `doc.blocks[at - 1]`, down to the next
    caption or heading, and those over it, up to a caption, a heading or a line of prose."""
    caption = doc.blocks[at - 1]
    if not doc.pages or caption.page is None:
        return [], []
    lines = [line.strip() for line in doc.pages[caption.page - 1].split("\n")]
    lines = [line for line in lines if line]
    label = TABLE_LABEL.match(caption.text) or FIGURE_LABEL.match(caption.text)
    start = next((i for i, line in enumerate(lines) if label and _caption_of(line, label)), None)
    if start is None:
        return [], []
    words, end = len(caption.text.split()), start
    while end < len(lines) and words > 0:  # past the caption's own lines
        words -= len(lines[end].split())
        end += 1
    under: list[str] = []
    for line in lines[end:]:
        if CAPTION_START.match(line) or heading(line):
            break
        under.append(line)
    over: list[str] = []
    for line in reversed(lines[:start]):
        if CAPTION_START.match(line):
            return under, []  # rows under another caption are that one's
        if heading(line) or not tabular(line) and len(line.split()) >= 10:
            break
        over.insert(0, line)
    return under, over


def _caption_of(line: str, label: re.Match[str]) -> bool:
    """Whether the page's `line` starts the caption `label` matched ("TABLE V" for Table 5)."""
    if re.match(rf"(?i){label['what']}\s+{re.escape(label['n'])}\s*[:.]", line):
        return True
    ieee = IEEE_TABLE.match(line)
    return bool(ieee) and label["what"] == "Table" and str(from_roman(ieee["roman"])) == label["n"]


def _plain_headers(lines: list[str], width: int) -> list[list[Cell]]:
    """Header rows of a plain table with `width` value columns: the lines right above its
    rows whose words fall one to a column, or one to each equal group of columns, after an
    optional first word or two for the row names ("Metric MSE MAE ...")."""
    headers: list[list[Cell]] = []
    for line in reversed(lines[-3:]):
        words = line.split()
        row = None
        if re.search(r"\b[a-z]{3,}\.$", line.rstrip()):
            break  # a caption's last sentence ("Best model without gold access underlined."), not "Acc."
        for lead in (1, 2, 0):  # "Attack Network MNIST ...": two words over the row names
            heads = words[lead:]
            if width >= 2 and len(heads) >= 2 and width % len(heads) == 0 and not any(
                    _numeric(w) for w in heads):
                span = width // len(heads)
                row = [Cell(" ".join(words[:lead]))] + [Cell(h, span=span) for h in heads
                                                       for _ in range(span)]
                break
        if row is None:
            break
        headers.insert(0, row)
    return headers


# --- tables, from pypdf's layout text (columns kept aligned by spaces) -----------------

# the recipe's tables, which the appendix's layout text is read for: any configuration's too
RECIPE_CAPTION = re.compile(rf"{HYPER_CAPTION.pattern}|configuration", re.I)
RESULTS_CAPTION = re.compile(r"(?i)\bresults?\b|\bperformance\b|\bcompar|\baccuracy\b|\bscores?\b")
TABLE_LABEL = re.compile(rf"^(?P<what>Table)\s+(?P<n>{NUMBER})\s*[:.]")
FIGURE_LABEL = re.compile(r"^(?P<what>Figure)\s+(?P<n>\d+)\s*[:.]")
_ROMAN_LABEL = r"(?P<ieee>TABLE)\s+(?P<roman>[IVX]{1,5})"  # IEEE's "TABLE V"
_LAYOUT_CAPTION = re.compile(rf"(?:^|\s{{2,}})(?:(?P<what>Table|TABLE|Figure|FIGURE|Fig\.)\s+(?P<n>{NUMBER})\s*[:.]"
                             rf"|{_ROMAN_LABEL}(?:\s|:|$))")


# a table's caption run on after a figure's, on one line: "... optimal transport. Table 1: Speed-ups"
_RUN_ON_CAPTION = re.compile(rf"(?<=[.!?]\s)(?P<what>Table)\s+(?P<n>{NUMBER})\s*:(?P<ieee>)(?P<roman>)")


def _a_table(caption: re.Match[str] | None) -> bool:
    """A layout caption of a table ("Table 2:", IEEE's "TABLE V"), not of a figure."""
    return bool(caption) and (caption["what"] in ("Table", "TABLE") or bool(caption["ieee"]))


_CAPITAL_CAPTION = re.compile(rf"^(?:TABLE|FIGURE)(?=\s+{NUMBER}[.:]\s)")
# IEEE style: "TABLE V" on a line of its own, the caption on the lines after it
IEEE_TABLE = re.compile(rf"^{_ROMAN_LABEL}$")
_ROMAN_CAPTION = re.compile(rf"^{_ROMAN_LABEL}\s*:(?=\s)")  # "TABLE I: ..." on one line
_GAP = re.compile(r"\s{2,}")
_CELL_NUMBER = re.compile(
    r"[(\[]?[−\-+]?(?:\d[\d,]*\.?\d*|\.\d+)\s*[%KMB×x]?[)\]]?(?:\s*[*†‡]+)?"
    r"(?:\s*(?:±|/)\s*[\d.]*%?(?:\s*[*†‡]+)?(?:\s*±\s*\d*\.?\d+)?|\s*<\s*\d*\.\d+\s*±\s*\d*\.?\d+)?"
    r"(?:\s*\([\d.±\s]+(?:[a-zμ]{1,3}|%)?\)|\s*\(\d+\.?\d*%?\s*[-–]\s*\d+\.?\d*%?\))?|/\s*[\d.-]+"
    r"|±\s*\d*\.?\d+%?")


def _segments(line: str) -> list[tuple[int, str]]:
    """(start column, text) of the pieces of a layout line that wide gaps separate."""
    out, pos = [], 0
    for piece in _GAP.split(line):
        at = line.find(piece, pos) if piece else pos
        if piece.strip():
            out.append((at + len(piece) - len(piece.lstrip()), piece.strip()))
        pos = at + len(piece)
    return out


# "1.4 · 106", "1e-3", and "10−3" (10^-3: the PDF text drops the superscript, keeps its minus)
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?\s*·\s*10\d{1,2}|·\s*10\d{1,2}|\d+(?:\.\d+)?[eE][−-]?\d{1,2}"
                         r"|10−\d{1,2}")


def _numeric(text: str) -> bool:
    if text.startswith("["):
        return False  # a citation, "[18]"
    if text in ("-", "–", "—", "N/A", "n/a", "NA", "None") or _SCIENTIFIC.fullmatch(text):
        return True  # a cell left empty counts as one of the row's numbers
    if _MARKS.fullmatch(text):
        return True  # "✓  ×": yes/no cells between the row's name and its numbers
    return bool(_CELL_NUMBER.fullmatch(text)) and any(ch.isdigit() for ch in text)


# "linear", "1-CNN", "CNN"; not a little word of a sentence ("sizes of 20 and 21"), nor a
# capitalised name, which starts the row of a table set beside ("... 0.4550  Finance  0.2329")
_WORD_CELL = re.compile(r"(?!(?i:and|or|of|to|in|on|at|for|the|with|by|vs|from|than)$)(?![A-Z][a-z])"
                        r"(?=[\d-]*[A-Za-z])[\w-]{1,12}")
_MARKS = re.compile(r"[✓✔✗✘×](?:\s+[✓✔✗✘×])*")
_YEAR = re.compile(r"(?:19[89]|20[0-4])\d")


_PLAIN_NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?%?")


def _numbers_apart(at: int, text: str) -> list[tuple[int, str]]:
    """A segment of plain numbers one space apart ("0.75 0.89", a tight table's columns) as
    one cell each; any other segment as it is."""
    words = text.split(" ")
    if len(words) < 2 or not all(_PLAIN_NUMBER.fullmatch(w) for w in words):
        return [(at, text)]
    out = []
    for w in words:
        out.append((at, w))
        at += len(w) + 1
    return out


def _data_row(line: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]] | None:
    """(row label cells, value cells) when the line is a table row: a label, then two or more
    numbers; each cell with its start column."""
    segs = [piece for seg in _segments(line) for piece in _numbers_apart(*seg)]
    twice = _named_twice(segs)
    if twice:
        return twice
    for i in range(len(segs)):
        run = []
        for k, s in enumerate(segs[i:], start=i):
            # a word between numbers ("64  linear  33.4": the classifier's cell) past the row's
            # name (a line number in the margin opens no row)
            if not _numeric(s[1]) and not (i and run and _WORD_CELL.fullmatch(s[1])
                                           and k + 1 < len(segs) and _numeric(segs[k + 1][1])):
                break
            run.append(s)
        last = i + len(run) == len(segs)
        # a spread in a cell of its own ("3.61   ±0.06") belongs to the value before it; so
        # does one in parentheses when every other cell of the row is one ("2.9   (3.7)")
        bracketed = len(run) >= 4 and len(run) % 2 == 0 and all(
            _SPREAD_CELL.fullmatch(t) and not _SPREAD_CELL.fullmatch(run[k - 1][1])
            for k, (_, t) in enumerate(run) if k % 2)
        for k in range(len(run) - 1, 0, -1):
            if (run[k][1].startswith("±") or bracketed and k % 2) and run[k - 1][1][-1:].isdigit() or (
                    run[k - 1][1].endswith("±") and run[k][1][:1].isdigit()):  # "0.052 ±   0.003"
                run[k - 1] = (run[k - 1][0], f"{run[k - 1][1]} {run[k][1]}")
                del run[k]
        digits = sum(any(ch.isdigit() for ch in t) for _, t in run)
        if digits >= 2 and all(_YEAR.fullmatch(t) for _, t in run):
            return None  # the years the methods above were published: a header line
        if digits >= 2 or digits == 1 and last and i > 0 and len(segs[i - 1][1]) <= 45:
            # the label's cells ("Open Book  DPR"), not prose of the other column beside them
            label = [seg for k, seg in enumerate(segs[:i][-2:]) if k == min(i, 2) - 1
                     or len(seg[1].split()) <= 3]
            if 3 <= i <= 5 and all(len(seg[1]) <= 20 for seg in segs[:i]):
                label = segs[:i]  # "EDSR [35]  ×2  DIV2K": method, scale, training data
            if i and len(segs[i - 1][1]) > 60:
                return None  # prose of the other column, then numbers
            return label, run
    return None


_SPREAD_CELL = re.compile(r"\(\d*\.?\d+\)")  # "(3.7)": a standard deviation


def _named_twice(segs: list[tuple[int, str]]
                 ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]] | None:
    """ "LightGBM  5.17  ExtraTrees  6.56": a table set twice side by side, each half a name
    then as many numbers: the first name is the row's label, the rest its cells (see
    `Table.halves`)."""
    groups: list[list[tuple[int, str]]] = []
    for seg in segs:
        number = _numeric(seg[1])
        if number and groups:
            groups[-1].append(seg)
        elif not number and (not groups or len(groups[-1]) > 1):
            groups.append([seg])
        else:
            return None
    if (len(groups) < 2 or len({len(g) for g in groups}) != 1 or len(groups[0]) < 2
            or any(len(g[0][1]) > 30 or len(g[0][1].split()) > 4 or not re.search(r"[A-Za-z]{2}", g[0][1])
                   for g in groups)):
        return None
    return groups[0][:1], [seg for g in groups for seg in g][1:]


_HEADER_LABEL = re.compile(r"(?i)(?:methods?|models?|approach(?:es)?|systems?)\s*(?:/|\\|$)")


def layout_tables(layout: str, page: int, split: bool = True,
                  bold: Callable[[str], bool] | None = None) -> dict[str, Table]:
    """Tables on one page of layout text, by label ("Table 2"): rows of cells by column.

    Floats set side by side (two tables, or a table beside a figure, each with its own
    caption) are read one side at a time, so their columns do not mix. `bold` tells a cell
    whose number the page prints in bold (see `pdf.LayoutText.in_bold`): it is marked bold.
    """
    lines = layout.split("\n")
    sides = _side_by_side(lines) if split else None
    if sides:
        out: dict[str, Table] = {}
        for side in sides:
            for label, table in layout_tables("\n".join(side), page, False, bold).items():
                out.setdefault(label, table)
        return out
    captions = [(i, f"Table {m['n'] or from_roman(m['roman'])}") for i, line in enumerate(lines)
                for m in [_LAYOUT_CAPTION.search(line) or _RUN_ON_CAPTION.search(line)] if _a_table(m)]
    rows = {i: r for i, line in enumerate(lines) if (r := _data_row(line))}
    clusters: list[list[int]] = []
    for i in sorted(rows):
        if clusters and i - clusters[-1][-1] <= 3:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    clusters = _subtables_joined(lines, clusters, rows)
    # "Method/Noise ratio  20%  50%  80%": the header over the methods, though it holds numbers
    valued = {c[1]: c[0] for c in clusters if _values_over(rows, c)}
    clusters = [c[1:] if _HEADER_LABEL.match(" ".join(t for _, t in rows[c[0]][0]))
                or c[0] in valued.values() else c for c in clusters]
    clusters = [c for c in clusters if len(c) >= 2]
    out: dict[str, Table] = {}
    for at, label in captions:
        if not clusters or label in out:
            continue
        best = min(clusters, key=lambda c: min(abs(c[0] - at), abs(c[-1] - at)) + (c[0] < at) * 0.5)
        clusters.remove(best)
        out[label] = table = _table_of(lines, best, rows, label, page, valued.get(best[0]))
        for row in table.rows[table.header_rows:]:
            for cell in row[1:]:
                cell.bold = bold is not None and bold(cell.text)
    return out


_SECTION_ROW = re.compile(r"^\s*[A-Z][\w-]*(?:\s+[\w-]+)?:\s+\S(?:[^.]*[^.\s])?\s*$")


def _drop_caption_lines(lines: list[str], above: int, header_lines: list[str]) -> None:
    """The caption above a table (ending at line `above` or before it) runs on over lines set
    where it starts, each line but its last without a full stop ("... report accuracy and
    weighted AUROC" / "(w-AUROC)"): those of `header_lines` are the caption's, not headers."""
    def indent(line: str) -> int:
        return len(line) - len(line.lstrip())

    start = next((k for k in range(above, max(-1, above - 4), -1)
                  if not lines[k].strip() or _LAYOUT_CAPTION.search(lines[k])), -1)
    caption = _LAYOUT_CAPTION.search(lines[start]) if above >= 0 and start >= 0 else None
    # a caption beside the prose of the other column is not followed line by line
    if caption is None or caption.start("what" if caption["what"] else "ieee") != indent(
            lines[start]) or any(
            abs(indent(lines[k]) - indent(lines[start])) > 1 for k in range(start, above + 1)):
        return
    last = lines[above]
    while header_lines and not last.rstrip().endswith(".") and abs(
            indent(header_lines[0]) - indent(lines[start])) <= 1:
        last = header_lines.pop(0)


# words of a sentence set beside the table ("5-shot test accuracy.", "This second")
_NOT_A_GROUP = re.compile(r"[.,;:]$|(?i:\b(?:the|this|that|these|of|and|an?|in|on|for|to|with|we|is|are)\b)")


def _row_groups(names: list[list[tuple[int, str]]], edge: int) -> list[str]:
    """The group of each row, from a column left of the row names that names only a few of
    them ("GP-PoM" beside the second of its four rows, as \\multirow sets it): each label
    spans its block of rows, from its row on when it stands on the first one, else the
    rows around it. Empty when there is no such column (or it is prose beside the table)."""
    left = [" ".join(t for at, t in row[:-1] if at < edge - 2) for row in names]
    at = [k for k, text in enumerate(left) if text]
    if len(at) < 2 or len(at) * 2 > len(names) or any(
            len(left[k]) > 25 or len(left[k].split()) > 3 or _PROSE_LINE.search(left[k])
            or _NOT_A_GROUP.search(left[k]) for k in at):
        return [""] * len(names)
    steps = {b - a for a, b in zip(at, at[1:], strict=False)}
    if at[0] == 0:
        starts = at  # set on the first row of its block
    elif len(steps) == 1 and len(names) == (p := steps.pop()) * len(at) and at[0] < p:
        starts = [k * p for k in range(len(at))]  # blocks of p rows, each label inside its own
    else:
        starts = [0] + [(a + b + 1) // 2 for a, b in zip(at, at[1:], strict=False)]  # the nearest label
    out = []
    for k in range(len(names)):
        out.append(left[at[max(g for g, start in enumerate(starts) if start <= k)]])
    return out


def _values_over(rows: dict, cluster: list[int]) -> bool:
    """ "− logε  4  3  2  1" over "Stanford  5.3x  4.4x ...": a first line of small whole
    numbers, the values of a setting, heads rows of measured ones (decimals, units)."""
    if len(cluster) < 3:
        return False
    head = [t for _, t in rows[cluster[0]][1]]
    if len(head) < 2 or not all(_WHOLE.fullmatch(t) for t in head):
        return False
    return all(sum(not _WHOLE.fullmatch(t) for _, t in rows[i][1]) * 2 > len(rows[i][1])
               for i in cluster[1:])


_WHOLE = re.compile(r"\d{1,4}")  # a small whole number: one of a setting's values


def _side_by_side(lines: list[str]) -> list[list[str]] | None:
    """A page whose floats stand side by side as [left side, right side, the rest], else None.

    The gutter is a column that a run of lines (text on both sides of it) leaves blank,
    with a caption ("Table 1:", "Figure 3:") on each side within the run, so a single
    wide table (its labels and numbers also apart) is never cut in two. Lines outside
    the run (full-width prose, other tables) are read as they are.
    """
    width = max((len(line) for line in lines), default=0)
    best: tuple[int, int, int, int] = (0, 0, 0, 0)  # clear lines, column, start, end
    for c in range(width // 4, 3 * width // 4):
        start, clear = 0, 0
        for k, line in enumerate([*lines, "x" * (c + 2)]):  # a sentinel ends the last run
            two_sided = bool(line[:c].strip() and line[c:].strip())
            if two_sided and not line[c - 1:c + 2].isspace():
                if clear > best[0]:
                    best = (clear, c, start, k)
                start, clear = k + 1, 0
            elif two_sided and not _CELL_NUMBER.fullmatch(_GAP.split(line[c:].lstrip(), 1)[0]):
                clear += 1  # not where a row's name ends and its numbers start
    clear, c, start, end = best
    if clear < 5:
        return None
    end = _end_of_floats(lines, start, end)
    run = lines[start:end]
    left = [line[:c].rstrip() for line in run]
    right = [line[c:] for line in run]
    if not all(any(_LAYOUT_CAPTION.search(line.strip()) for line in side)
               for side in (left, right)):
        return None
    return [left, right, lines[:start] + [""] * 4 + lines[end:]]


def _end_of_floats(lines: list[str], start: int, end: int) -> int:
    """Where the floats side by side end: when a full-width table follows them (its caption
    right after the run), its rows are not theirs. The run is cut at the first blank line
    after the last caption paragraph of the floats."""
    after = [line for line in lines[end:end + 3] if line.strip()]
    if not after or not _a_table(_LAYOUT_CAPTION.match(after[0].strip())):
        return end
    last = max((k for k in range(start, end) if _LAYOUT_CAPTION.search(lines[k])), default=None)
    if last is None:
        return end
    blank = next((k for k in range(last, end) if not lines[k].strip()), end)
    return blank


# a line of running prose, not a row's name: it breaks a word at its end, opens with a
# bullet, or runs on with the little words of sentences
_PROSE_LINE = re.compile(r"(?<=[a-z])-$|^[•◦▪]|^(?=(?:\S+\s+){6})(?=(?:.*?\b(?:the|of|and|with|which|is|are|"
                         r"our|we|to|in|that|for|this|by|be)\b){3})")


def _prose_above(line: str, left: int) -> bool:
    """A line of the paragraph above the table ("Here are some ImageNet results:"), not a
    header: words that run on as a sentence does, either running across the columns of
    numbers or with nothing set over them."""
    segments = _segments(line)
    over = [text for at, text in segments if at >= left]
    for at, text in segments:
        words = text.split()
        sentence = len(words) >= 7 or len(words) >= 4 and text.endswith((".", ":", ",")) or bool(
            _PROSE_LINE.search(text))
        if sentence and at < left and (at + len(text) > left + 4 or not over):
            return True
    return False


def _group_headers(line: str, centers: list[float], spacing: float, bounds: tuple[int, int],
                   row: list[Cell], below: str = "") -> bool:
    """Fill a header line that groups columns ("Company*" over its "AUC" and "LogLoss"):
    each label spans the columns set under it. False when the line is not such a line."""
    segments = [(at, text) for at, text in _segments(line) if bounds[0] <= at <= bounds[1] + 1]
    if not segments or len(segments) >= len(centers) or spacing <= 0:
        return False
    if _even_groups(line, centers, below, row):
        return True
    covers = [[j for j, c in enumerate(centers) if at - spacing / 2 <= c <= at + len(text) + spacing / 2]
              for at, text in segments]
    if not any(len(js) > 1 for js in covers) or len({j for js in covers for j in js}) < sum(
            map(len, covers)):
        return False  # labels of one column each, or overlapping: the usual assignment
    for (_, text), js in zip(segments, covers, strict=True):
        for j in js:
            row[j + 1] = Cell(text, span=len(js))
    return True


def _even_groups(line: str, centers: list[float], below: str, row: list[Cell]) -> bool:
    """ "Set5  Set14  BSD100" over "PSNR  SSIM  PSNR  SSIM  PSNR  SSIM": the headers below
    repeat every p columns, and the labels above are as many as the repeats: each spans its
    p columns in order, however far the layout text set the two lines apart. What is left of
    the first column ("Datasets") heads the row labels."""
    width = len(centers)
    segments = _segments(line)
    groups = [(at, text) for at, text in segments if at + len(text) / 2 >= centers[0]]
    over_labels = " ".join(text for at, text in segments if at + len(text) / 2 < centers[0])
    names = [text for _, text in _segments(below)][-width:]
    if len(groups) < 2 or width % len(groups) or len(names) != width:
        return False
    p = width // len(groups)
    if p < 2 or any(names[i] != names[i + p] for i in range(width - p)):
        return False
    for g, (_, text) in enumerate(groups):
        for j in range(g * p, (g + 1) * p):
            row[j + 1] = Cell(text, span=p)
    row[0].text = over_labels
    return True


# a label over all the columns that the layout text ran into the first one ("DatasetENZYMES
# IMDB-BINARY ...") names no column: blanked, the names after it keep their order
_SPANNING_GLUED = re.compile(r"(?<![A-Za-z])(?:Datasets?|Benchmarks?|Tasks?)(?=[A-Z][A-Z\d-]+(?:\s|$))")


_SUBCAPTION = re.compile(r"^\s*\([b-h]\)\s+[A-Z]")  # "(b) Factorization models"


def _subtables_joined(lines: list[str], clusters: list[list[int]], rows: dict) -> list[list[int]]:
    """Subtables stacked under one caption ("(a) Sequence models" over its rows, then "(b)
    Factorization models" over theirs, the same columns) are one table: their rows join."""
    out: list[list[int]] = []
    for c in clusters:
        if out and c[0] - out[-1][-1] <= 8 and any(
                _SUBCAPTION.match(lines[k]) for k in range(out[-1][-1] + 1, c[0])) and len(
                rows[c[0]][1]) == len(rows[out[-1][-1]][1]):
            out[-1] = out[-1] + c
        else:
            out.append(c)
    return out


def _named_in_order(segments: list[tuple[int, str]], width: int, left: int, right: int) -> bool:
    """A header line (its `segments`) that names the row labels then every column, in order,
    but that the layout text set askew, running past the last column: short names, one per
    column."""
    return (len(segments) == width + 1 and segments[0][0] < left
            and segments[-1][0] > right + 1
            and all(len(t) <= 24 and len(t.split()) <= 3 and not t[0].isdigit() for _, t in segments))


def _table_of(lines: list[str], cluster: list[int], rows: dict, label: str, page: int,
              valued: int | None = None) -> Table:
    """The table of the rows `cluster`, under the header lines above them; `valued` is the
    line of a setting's values heading them (see `_values_over`): one header per column."""
    data = [rows[i] for i in cluster]
    # where the row labels start: prose of the other column, set beside the table on the
    # same lines, ends before it
    # (a name of three cells or more, "EDSR [35]  ×2  DIV2K", starts at its first)
    starts = Counter(names[-1 if len(names) < 3 else 0][0] for names, _ in data if names)
    many_names = Counter(len(names) >= 3 for names, _ in data).most_common(1)[0][0]
    edge, agree = starts.most_common(1)[0] if starts else (0, 0)
    if agree * 2 < len(data):
        edge = 0
    width = max(len(cells) for _, cells in data)
    full = [cells for _, cells in data if len(cells) == width]
    centers = [sum(c[j][0] + len(c[j][1]) / 2 for c in full) / len(full) for j in range(width)]
    left = min(c[0][0] for c in full) - 4
    # headers past the longest row label are the columns', however far left of the
    # numbers they are set ("HR@10↑" over a wider "0.150")
    labels_end = max((at + len(t) for names, _ in data for at, t in names if at >= edge - 2), default=0)
    if 0 < labels_end < left - 2:
        left = labels_end + 2
    right = max(c[-1][0] + len(c[-1][1]) for c in full)  # prose of the column beside starts past it
    table_rows: list[list[Cell]] = []
    start = cluster[0]
    header_lines = []
    top = start - 1
    if top > 0 and not lines[top].strip() and lines[top - 1].strip():
        top -= 1  # one blank line between the header and the rows ("Model↓ / Metric→")
    above = -1  # the line over the header lines
    for i in range(top, max(-1, top - 4), -1):
        line = lines[i]
        above = i
        if i == top == start - 1 and i > 0 and _SECTION_ROW.match(line) and _segments(lines[i - 1]):
            # "Setting I: Synthetic images – Synthetic audio": a row naming the rows under
            # it, between them and the header
            continue
        if not line.strip() or _LAYOUT_CAPTION.search(line) or _prose_above(line, left):
            break
        header_lines.insert(0, line)
        above = i - 1
    _drop_caption_lines(lines, above, header_lines)
    spacing = min((b - a for a, b in zip(centers, centers[1:], strict=False)), default=0)
    value_names, values = rows[valued] if valued is not None else ([], [])
    for n, line in enumerate(header_lines):
        row = [Cell("") for _ in range(width + 1)]
        if valued is not None and line == lines[valued] and len(values) == width:
            row[0].text = " ".join(t for _, t in value_names)
            for j, (_, text) in enumerate(values):
                row[j + 1].text = text
            table_rows.append(row)
            continue
        if n < len(header_lines) - 1 and _group_headers(line, centers, spacing, (left, right), row,
                                                       header_lines[n + 1]):
            table_rows.append(row)
            continue
        # two headers the layout text ran together: "Params(M)FLOPs"
        # (past the last column only a short header of a table whose header lines are set
        # askew, "Valid." over "Acc.", not prose beside it)
        pieces = _segments(_SPANNING_GLUED.sub(lambda m: " " * len(m[0]), line))
        if _named_in_order(pieces, width, left, right):
            # the label's header, then one name per column, set askew past the last column
            for k, (_, text) in enumerate(pieces):
                row[k].text = text
            table_rows.append(row)
            continue
        segments = [(at + m.start(), m[0]) for at, text in pieces
                    if at <= right + 1 or many_names and at <= right + 16 and len(text) <= 8
                    for m in re.finditer(r".+?(?:(?<=[)\]])(?=[A-Z])|$)", text)]
        # headers no more than the columns keep their order: a header line set tighter
        # than the numbers under it ("F1  F1  MAP  nDCG ...") still gives one per column
        inside = sum(1 for at, text in segments if at >= left)
        # "Dataset  PSNR  SSIM ...": one header more than the columns, the first left of the
        # first column's middle, is the last row label's ("Training Dataset")
        first = next(((at, text) for at, text in segments if at >= left), None)
        label_too = (inside == width + 1 and first is not None
                     and first[0] + len(first[1]) / 2 < centers[0])
        if label_too:
            inside -= 1
        ordered = inside <= width
        # the headers, not prose beside the table
        kept = [(at, text) for at, text in segments if at + len(text) >= edge - 1]
        # rows named by three cells or more ("MNIST  Custom  SGD  Adaptive"): a header line with
        # more headers than columns gives its last ones to the columns, the rest to the names
        by_order = many_names and len(kept) > width
        free = 0
        for k, (at, text) in enumerate(kept):
            mid = at + len(text) / 2
            if by_order:
                j = max(k - (len(kept) - width), -1)
            elif label_too and (at, text) == first:
                j = -1
            elif at < left and (mid < centers[0] - 12 or abs(at - edge) <= 1 < edge or inside == width):
                # over the row labels: "Corpus" set where "PTB" and "JDK" start; "System" left
                # of the numbers when every column has its header already
                j = -1
            elif inside == width and at >= left and free < width:
                j, free = free, free + 1  # one header per column, in order, wherever it is set
            elif ordered and free < width:
                j = min(range(free, width), key=lambda k: abs(centers[k] - mid))
                free = j + 1
            else:
                j = min(range(width), key=lambda k: abs(centers[k] - mid))
            cell = row[j + 1]
            cell.text = f"{cell.text} {text}".strip()
        if any(c.text for c in row):  # not a line of prose beside the table only
            table_rows.append(row)
    headers = len(table_rows)
    groups = _row_groups([rows[i][0] for i in cluster], edge)
    for i, group in zip(cluster, groups, strict=True):
        names, cells = rows[i]
        name = " ".join(t for at, t in names if at >= edge - 2) or " ".join(t for _, t in names[-1:])
        name = f"{group} {name}".strip()
        if _PROSE_LINE.search(name):
            name = ""  # a line of the other column's prose, beside a row named by a number
        row = [Cell(name)] + [Cell("") for _ in range(width)]
        if len(cells) == width:
            for j, (_, text) in enumerate(cells):
                row[j + 1].text = text
        else:
            free = 0
            for at, text in cells:
                mid = at + len(text) / 2
                j = min(range(free, width), key=lambda k: abs(centers[k] - mid))
                row[j + 1].text, free = text, j + 1
                if free >= width:
                    break
        table_rows.append(row)
    _named_by_values(table_rows, headers)
    return Table(label=label, rows=table_rows, header_rows=headers, page=page)


def _named_by_values(rows: list[list[Cell]], headers: int) -> None:
    """Rows that only a setting's value names ("60%", "70%" under "#clean / #total"), its
    column read as the first of numbers: that column names the rows."""
    body = rows[headers:]
    if len(body) < 2 or len(body[0]) < 4 or any(r[0].text for r in body):
        return
    values = [r[1].text for r in body]
    if not all(re.fullmatch(r"\d{1,4}%?", v) for v in values):
        return
    for row in rows:
        row[0].text = f"{row[0].text} {row[1].text}".strip()
        del row[1]
