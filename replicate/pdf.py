"""Validate PDFs and extract their text with pypdf, quietly and cached."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import BadPdf
from .files import write_atomic

MAGIC = b"%PDF-"
# Bump when what `page_texts` extracts changes, so no command serves text cached before.
TEXT_FORMAT = 3
LAYOUT_FORMAT = 6  # bump when what `layout_texts` caches changes
LINKS_FORMAT = 1  # and what `page_links` caches
# TeX's math fonts (Greek letters, operators), by their base font name
_TEX_MATH_FONT = re.compile(
    r"^/?(?:[A-Z]{6}\+)?(?:CMMI|CMSY|CMEX|CMBSY|CMMIB|MSAM|MSBM|EUFM|EUSM)\d*$")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs and warns about harmless quirks in real arXiv PDFs; users must not see it."""
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def _check_header(path: Path, label: str) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise BadPdf(f"cannot read {path} ({e.strerror}).") from e
    if MAGIC not in head:
        lowered = head.lower()
        kind = "an HTML page" if b"<html" in lowered or b"<!doctype" in lowered else (
            "empty" if not head else "not a PDF")
        raise BadPdf(f"{label} is {kind}, not a PDF; check the file or download it again.")


def _reader(path: Path, label: str | None = None):  # -> pypdf.PdfReader
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    label = label or path.name
    _check_header(path, label)
    try:
        with _quiet():
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise BadPdf(f"{label} is protected by a password; open it, save a copy "
                             "without the password, and use that.")
            if len(reader.pages) == 0:
                raise BadPdf(f"{label} has no pages; download it again.")
    except BadPdf:
        raise
    except (PyPdfError, ValueError, KeyError, OSError, TypeError, AttributeError) as e:
        raise BadPdf(f"{label} is a damaged or truncated PDF ({e}); download it again.") from e
    return reader


def validate(path: Path, label: str | None = None) -> int:
    """Check `path` is a whole PDF pypdf can open; return its page count or raise `BadPdf`.

    `label` names the file in messages (default: its file name).
    """
    label = label or path.name
    _check_header(path, label)
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 2048))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise BadPdf(f"{label} is truncated (no end-of-file marker); download it again.")
    return len(_reader(path, label).pages)


def _trust_glyph_names(page, seen: set[int]) -> None:
    """Decode TeX's math fonts by the glyph names of their encoding, not their ToUnicode map.

    Some PDF producers write ToUnicode maps that turn the math font's α, β, θ, π, ∈ into
    "↵", "\\x00", "✓", "⇡", "2" (Adam's "β1=0.9" read as "\\x001=0.9"); the encoding's
    /Differences names the glyphs ("/alpha", "/element") and pypdf decodes those right. Only
    fonts whose every name pypdf knows lose their map, and only in memory.
    """
    try:  # pypdf's own table of glyph names; without it (another pypdf), the maps stay
        from pypdf._codecs.adobe_glyphs import adobe_glyphs
        from pypdf.generic import DictionaryObject

        fonts = page["/Resources"]["/Font"]
    except (ImportError, KeyError, TypeError):
        return
    for ref in fonts.values():
        font = ref.get_object()
        if id(font) in seen or not isinstance(font, DictionaryObject):
            continue
        seen.add(id(font))
        encoding = font.get("/Encoding")
        encoding = encoding.get_object() if encoding is not None else None
        if ("/ToUnicode" not in font or not isinstance(encoding, DictionaryObject)
                or not _TEX_MATH_FONT.match(str(font.get("/BaseFont", "")))):
            continue
        names = [n for n in encoding.get("/Differences", []) if isinstance(n, str)]
        if names and all(n in adobe_glyphs for n in names):
            del font["/ToUnicode"]


# a text-showing array that ends with a string: "[(33.11)]TJ"
_TJ_ENDS_WITH_TEXT = re.compile(rb"([)>])(\s*)\](\s*)TJ")


def _for_layout(page) -> None:
    """Mend, in memory, two ways pypdf's layout mode misplaces text.

    - It drops a `cm` set outside any q/Q, and pdfTeX's \\resizebox (how most wide tables
      are set) starts with one: the table's rows land at the wrong height, on top of another
      table's. The content is wrapped in one q/Q pair, inside which every transform is kept.
    - It does not advance past the last string of a TJ array, so the next TJ ("[(33.11)]TJ
      0 g [-1366 (0.9064)]TJ", cells set in colour) starts where the first did and the cells
      run together ("33.110.9064"). A zero after that string makes pypdf advance past it.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, StreamObject

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, StreamObject):
        contents = [contents]
    if not isinstance(contents, (ArrayObject, list)):
        return
    streams = [s.get_object() for s in contents]
    data = b"\n".join(s.get_data() for s in streams if isinstance(s, StreamObject))
    stream = DecodedStreamObject()
    stream.set_data(b"q\n" + _TJ_ENDS_WITH_TEXT.sub(rb"\1\2 0]\3TJ", data) + b"\nQ")
    page[NameObject("/Contents")] = stream


def _read_cache(cache: Path, version: int) -> dict | None:
    """A cache file's data, or None when absent, damaged or of another format version."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == version else None


def _cached(cache: Path, key: str) -> object:
    """One entry of the page texts' cache, or None when absent, damaged or of an older format."""
    data = _read_cache(cache, TEXT_FORMAT)
    return data.get(key) if data is not None else None


def cached_texts(cache: Path) -> list[str] | None:
    """The page texts kept in `cache`, or None when absent, damaged or of an older format."""
    pages = _cached(cache, "pages")
    if isinstance(pages, list) and all(isinstance(p, str) for p in pages):
        return pages
    return None


def page_texts(path: Path, cache: Path | None = None) -> list[str]:
    """The text of each page. With `cache` (a JSON file path), parse the PDF only once; the
    cache also keeps the pages' links to code hosts, for `page_links`."""
    if cache is not None:
        pages = cached_texts(cache)
        if pages is not None:
            return pages
    reader = _reader(path)
    pages: list[str] = []
    links: dict[int, list] = {}
    seen: set[int] = set()
    with _quiet():
        for number, page in enumerate(reader.pages, start=1):
            try:
                with contextlib.suppress(Exception):  # a repair, never a loss
                    _trust_glyph_names(page, seen)
                pages.append(page.extract_text() or "")
            except Exception:  # noqa: BLE001 - one unreadable page must not lose the others
                pages.append("")
            with contextlib.suppress(Exception):  # a damaged annotation loses its link only
                links[number] = _code_links(page)
    if cache is not None:
        save_texts(cache, pages, links)
    return pages


def save_texts(cache: Path, pages: list[str], links: dict[int, list] | None = None) -> None:
    """Keep extracted page texts (and their links, when read) so later commands never parse
    the PDF again."""
    data: dict[str, object] = {"format": TEXT_FORMAT, "pages": pages}
    if links is not None:
        data["links"] = {str(n): found for n, found in links.items() if found}
    write_atomic(cache, json.dumps(data, ensure_ascii=False))


def _beside(cache: Path | None, kind: str) -> Path | None:
    """Where what else is read from a PDF is cached, beside its page texts' cache."""
    return cache.with_name(f"{cache.stem}.{kind}.json") if cache is not None else None


class LayoutText(str):
    """A page's layout text, and the numbers the page prints only in a bold font: the best
    results a table marks, which the text itself cannot show."""

    bold: frozenset[str] = frozenset()

    def __new__(cls, text: str, bold: Iterable[str] = ()) -> LayoutText:
        self = super().__new__(cls, text)
        self.bold = frozenset(bold)
        return self

    def in_bold(self, cell: str) -> bool:
        """Whether a table cell's number is one the page prints in bold."""
        return bool(self.bold) and any(n in self.bold for n in _NUMBER.findall(cell))


def layout_texts(path: Path, numbers: list[int], cache: Path | None = None
                 ) -> dict[int, LayoutText]:
    """The layout text (columns kept aligned by spaces) of the pages `numbers` (from 1).

    pypdf's layout mode is several times slower than its plain mode, so only the pages
    asked for (those with a table) are read, and with `cache` (a JSON file) only once.
    """
    done: dict[int, str] = {}
    bold: dict[int, list[str]] = {}
    data = _read_cache(cache, LAYOUT_FORMAT) if cache is not None else None
    if data is not None:
        try:
            done = {int(k): v for k, v in data["pages"].items() if isinstance(v, str)}
            bold = {int(k): v for k, v in data["bold"].items() if isinstance(v, list)}
        except (ValueError, KeyError, AttributeError):
            done, bold = {}, {}  # a damaged cache entry is rebuilt below
    missing = [n for n in numbers if n not in done]
    if missing and path.is_file():
        reader = _reader(path)
        seen: set[int] = set()
        with _quiet():
            for n in missing:
                page = reader.pages[n - 1]
                try:
                    with contextlib.suppress(Exception):  # a repair, never a loss
                        _trust_glyph_names(page, seen)
                        _for_layout(page)
                    done[n] = page.extract_text(extraction_mode="layout") or ""
                    bold[n] = _bold_numbers(page)
                except Exception:  # noqa: BLE001 - one unreadable page must not lose the others
                    done[n] = ""
        if cache is not None:
            write_atomic(cache, json.dumps({"format": LAYOUT_FORMAT, "pages": done, "bold": bold},
                                           ensure_ascii=False))
    return {n: LayoutText(done[n], bold.get(n, ())) for n in numbers if n in done}


# "Times-Bold", "NimbusRomNo9L-Medi", TeX's "CMBX10", "CMB10", "CMMIB10" (\boldsymbol) and
# "SFRB1000", pxfonts' "rpxb", ACM's Libertine "LinLibertineTB" and semibold "LinLibertineTZ"
_BOLD_FONT = re.compile(r"(?i)bold|black|heavy|demi|medi(?:um)?(?![a-z])|bx\d"
                        r"|(?:^|[+/])(?:(?:cm|cmmi|sfr)b\d|r(?:px|tx)b)"
                        r"|(?:libertine|biolinum)t?[bz](?!i)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _bold_numbers(page) -> list[str]:  # page: pypdf.PageObject
    """The numbers a page prints in a bold font at least as often as in other fonts.

    pypdf's layout mode drops fonts, so its plain mode, which reports each piece of text with
    its font, is run once more on the page.
    """
    fonts: dict[int, bool] = {}
    pieces: list[tuple[str, bool]] = []

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: object) -> None:
        if id(font) not in fonts:
            name = str(font.get("/BaseFont", "")) if font is not None else ""
            fonts[id(font)] = bool(_BOLD_FONT.search(name))
        pieces.append((text, fonts[id(font)]))

    page.extract_text(visitor_text=visit)
    # "$\mathbf{98.161}$" can set its digits in bold and its point in the text font
    for k in range(len(pieces) - 2, 0, -1):
        (before, b1), (point, _), (after, b2) = pieces[k - 1: k + 2]
        if point == "." and b1 and b2 and before[-1:].isdigit() and after[:1].isdigit():
            pieces[k - 1: k + 2] = [(before + point + after, True)]
    bold: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for text, is_bold in pieces:
        (bold if is_bold else other).update(_NUMBER.findall(text))
    return sorted(n for n in bold if bold[n] >= other[n])


def page_links(path: Path, cache: Path | None = None, pages: list[str] | None = None
               ) -> list[tuple[int, str, str]]:
    """(page, URL, the text of the line it is set on) of each web link to where code is kept
    that the page does not print (the `pages` texts, when given): a paper can link "Code" or
    a project's name to its repository without printing the URL.

    `cache` is the page texts' cache (see `page_texts`), which holds the links already; the
    line is read from pypdf's plain mode, which reports where each piece of text sits, for
    the pages with such a link only, and kept beside that cache.
    """
    own = _beside(cache, "links")
    data = _read_cache(own, LINKS_FORMAT) if own is not None else None
    if data is not None:
        with contextlib.suppress(ValueError, KeyError, TypeError):  # else rebuilt below
            return [(int(n), str(u), str(t)) for n, u, t in data["links"]]
    kept = _cached(cache, "links") if cache is not None else None
    reader = None
    if isinstance(kept, dict):
        links = {int(n): [(str(u), tuple(r)) for u, r in found] for n, found in kept.items()}
    elif path.is_file():
        reader = _reader(path)
        with _quiet():
            links = {n: _code_links(page) for n, page in enumerate(reader.pages, start=1)}
    else:
        return []
    from .reading.links import printed

    out: list[tuple[int, str, str]] = []
    readable = path.is_file()
    for number, found in sorted(links.items()):
        if pages is not None and number <= len(pages):
            text = re.sub(r"\s+", "", pages[number - 1])
            found = [(u, r) for u, r in found if not printed(u, text)]
        if not found or not readable:
            continue
        reader = reader or _reader(path)
        with _quiet(), contextlib.suppress(Exception):  # a damaged page loses its links only
            out += [(number, u, line) for u, line in _anchor_lines(reader.pages[number - 1], found)]
    if own is not None and readable:  # a PDF gone now is read when it is back
        write_atomic(own, json.dumps({"format": LINKS_FORMAT, "links": out}, ensure_ascii=False))
    return out


def _code_links(page) -> list[tuple[str, tuple[float, float, float, float]]]:  # page: PageObject
    """The page's links to code hosts, each with its rectangle."""
    from .reading.links import LINK_HOSTS  # where code is kept: the reading's list

    found: list[tuple[str, tuple[float, float, float, float]]] = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        action = annot.get("/A")
        uri = action.get_object().get("/URI") if action is not None else None
        if isinstance(uri, (str, bytes)) and "/Rect" in annot:
            uri = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            if LINK_HOSTS.match(uri) and (uri, rect) not in found:
                found.append((uri, rect))
    return found


def _anchor_lines(page, links: list) -> list[tuple[str, str]]:
    """Each link with the text of the line(s) its rectangle covers, in reading order: the
    pieces of text that reach the link, not those of the other column beside it."""
    pieces: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            em = abs(float(size or 10) * (tm[0] or 1) * (cm[0] or 1))
            pieces.append((-y, x, x + 0.5 * em * len(text.rstrip()), text))  # about where it ends

    page.extract_text(visitor_text=visit)
    out = []
    for uri, (x0, y0, x1, y1) in links:
        line = " ".join(text.strip() for y, x, end, text in sorted(pieces)
                        if y0 - 3 <= -y <= y1 + 3 and x <= x1 and end >= x0 - 30)
        out.append((uri, re.sub(r"\s+", " ", line)))
    return out


def layout_reader(path: Path, cache: Path | None = None) -> Callable[[list[int]], dict[int, str]]:
    """`layout_texts` of `path` for the pages a reader asks for, cached beside `cache`."""
    layout_cache = _beside(cache, "layout")
    return lambda numbers: layout_texts(path, numbers, cache=layout_cache)
