"""Text clean-up shared by the extractors: PDF quirks undone, sentences, numbers, the arXiv stamp."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

STAMP = re.compile(
    r"arXiv:\s*(?P<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})"
    r"v(?P<v>[1-9]\d*)\s*(?:\[(?P<cat>[^\]]+)\])?\s*(?P<date>\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})?"
)


@dataclass
class Stamp:
    """The arXiv stamp in page 1's margin, e.g. ``arXiv:1706.03762v5 [cs.CL] 6 Dec 2017``.

    `date` is as printed (``6 Dec 2017``).
    """

    arxiv_id: str
    version: int | None
    category: str
    date: str


# pypdf prints an accent as a spacing mark before its letter ("Universit´e"): put it back on.
_ACCENTS = {"\u00b4": "\u0301", "\u00a8": "\u0308", "\u02c7": "\u030c", "\u02c6": "\u0302",
            "\u02dc": "\u0303", "\u02da": "\u030a", "\u00b8": "\u0327"}


_SPACING_ACCENT = re.compile("([" + "".join(_ACCENTS) + r"])([A-Za-z])")


_LINE_HYPHEN = re.compile(r"([A-Za-z]+)-\n[ \t]*([A-Za-z]+)")


WORD = re.compile(r"[A-Za-z]+")


_COMPOUND = re.compile(r"[A-Za-z]+-[A-Za-z]+")


_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


# TeX's math symbol font (cmsy) puts "×" at code 2: a PDF that does not map the glyph
# gives "3\x02 speedup" for "3× speedup" (its code 0, the minus, is read where it is used)
_TIMES_GLYPH = re.compile(r"(?<=\d)\s?\x02")


def clean(text: str) -> str:
    """Undo PDF extraction quirks: detached accents, ligatures, odd spaces, soft hyphens,
    a times sign left as the symbol font's raw code."""
    text = text.replace("/\u02dc", "/~")  # TeX's tilde in a URL ("ox.ac.uk/˜vgg"), not an accent
    text = _SPACING_ACCENT.sub(lambda m: m[2] + _ACCENTS[m[1]], text)
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return _SPACES.sub(" ", _TIMES_GLYPH.sub("×", text))


def dehyphenate(pages: list[str]) -> list[str]:
    """Join words split at line ends, keeping real hyphens ("English-\\nto-German").

    The document is its own dictionary: a split is kept as a hyphen when the
    hyphenated form occurs elsewhere, joined when the joined word does, and
    otherwise joined only between lower-case fragments (a syllable break).
    """
    whole = "\n".join(pages)
    words = {w.lower() for w in WORD.findall(whole)}
    compounds = {c.lower() for c in _COMPOUND.findall(whole)}

    def fix(m: re.Match[str]) -> str:
        a, b = m[1], m[2]
        if f"{a}-{b}".lower() in compounds:
            return f"{a}-{b}"
        if (a + b).lower() in words or not (a[0].isupper() or b[0].isupper()):
            return a + b
        return f"{a}-{b}"

    return [_LINE_HYPHEN.sub(fix, p) for p in pages]


_NUMTOK = re.compile(r"[(\[]?[−+-]?\d[\d.,]*[%)\]]?[,;]?|[·±×]|[−-]")


_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z(\[\d])")


_ABBREVIATION = re.compile(r"(?:\bal|\be\.g|\bi\.e|\bFigs?|\bEqs?|\bvs|\bSecs?|\bcf|\bresp|\bTab|"
                           r"\bapprox|\bseq|\bNo|\bet|\bresp|\b[A-Z])\.$")


_LONG_WORD = re.compile(r"[A-Za-z]{4,}[.!?]$")


def _split(flat: str) -> list[str]:
    """Sentence breaks, but not after "et al.", "e.g.", "Fig." and the like; a break
    before a lower-case word only after a full word (two columns glued together)."""
    out, start = [], 0
    for m in _BREAK.finditer(flat):
        before = flat[max(0, m.start() - 12): m.start()]
        if _ABBREVIATION.search(before):
            continue
        if flat[m.end()].islower() and not _LONG_WORD.search(before):
            continue
        out.append(flat[start:m.start()])
        start = m.end()
    out.append(flat[start:])
    return out


_TWO_DIGITS = re.compile(r"\d\D*\d")


_LIST = re.compile(r"\[\s*\d[\d.]*(?:\s*,\s*\d[\d.]*)+\s*\]")


def tabular(line: str) -> bool:
    """A line that is mostly numbers: a table row or a plot's axis, not prose."""
    if not _TWO_DIGITS.search(line):
        return False  # most prose lines: no need to look at each word
    tokens = _LIST.sub("0", line).split()  # "strides [5, 4, 2, 2, 2]": one value
    numbers = sum(1 for t in tokens if _NUMTOK.fullmatch(t))
    return numbers >= 2 and numbers * 3 >= len(tokens)


def sentences(text: str) -> list[str]:
    """Sentences of the prose, line breaks folded; table rows are left out."""
    out: list[str] = []
    block: list[str] = []
    for line in [*text.split("\n"), "1 2 3"]:
        if tabular(line):
            if block:
                flat = " ".join(block)
                out += [p.strip() for p in _split(flat) if p.strip()]
                block = []
        elif line.strip():
            block.append(line.strip())
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (line breaks folded), numbers and all: for a Document's blocks."""
    return [p.strip() for p in _split(" ".join(text.split())) if p.strip()]


def number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


_CITATIONS = re.compile(r"[ \t~]*\[cite\](?:\s*[,;]\s*\[cite\])*")


def without_citations(text: str) -> str:
    """A sentence as a reader quotes it: the LaTeX reader's "[cite]" tokens dropped.

    The extractors need the tokens (a cited row is someone else's); the user does not.
    """
    out = _CITATIONS.sub("", text)
    out = re.sub(r"\(\s*\)|\[\s*\]", "", out)  # "(see [cite])" leaves "(see )" at worst
    if out == text:
        return text
    return re.sub(r"\s+([,;:)]|\.(?!\d))", r"\1", out).strip()


def find_stamp(text: str) -> Stamp | None:
    m = STAMP.search(text)
    if not m:
        return None
    return Stamp(m["id"], int(m["v"]), (m["cat"] or "").strip(), m["date"] or "")
