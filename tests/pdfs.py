"""Real PDFs made in the test, with fpdf2: text pages and an arXiv-style margin stamp.

Text is set in DejaVu Sans when it is installed, so Greek letters, ± and − come
back from pypdf as written; otherwise a core font is used and characters outside
Latin-1 are replaced by readable stand-ins (see `to_latin1`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

_STANDINS = {"\u2212": "-", "\u2013": "-", "\u2014": "--", "\u2018": "'", "\u2019": "'",
             "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2248": "~", "\u2264": "<=",
             "\u2265": ">="}
_GREEK_NAMES = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
                "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau",
                "upsilon", "phi", "chi", "psi", "omega")
_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψω", _GREEK_NAMES, strict=True))


def has_unicode_font() -> bool:
    """True when PDFs are set in DejaVu Sans (all of Unicode), False for the core font."""
    return DEJAVU.is_file()


def to_latin1(text: str) -> str:
    """`text` with everything outside Latin-1 replaced: − by -, β by beta, é kept."""
    out = []
    for ch in text:
        if ch in _STANDINS:
            out.append(_STANDINS[ch])
        elif ch.lower() in _GREEK:
            out.append(_GREEK[ch.lower()])
        elif ord(ch) < 256:
            out.append(ch)
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def make_pdf(pages: list[str], *, stamp: str | None = None, title: str | None = None) -> bytes:
    """A PDF with one page per string; `stamp` goes rotated in page 1's left margin.

    `title` becomes the document's Title metadata only; put it in the page text
    too when page 1 should show it, as on a real paper.
    """
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(auto=False)
    if has_unicode_font():
        pdf.add_font("body", "", str(DEJAVU))
        font = "body"
    else:  # core fonts only know latin-1
        font = "helvetica"
        pages = [to_latin1(p) for p in pages]
        stamp = to_latin1(stamp) if stamp else stamp
        title = to_latin1(title) if title else title
    if title:
        pdf.set_title(title)
    for number, text in enumerate(pages):
        pdf.add_page()
        if number == 0 and stamp:
            pdf.set_font(font, size=16)
            with pdf.rotation(90, x=12, y=200):
                pdf.text(12, 200, stamp)
        pdf.set_font(font, size=10)
        pdf.set_xy(25, 20)
        if text:
            pdf.multi_cell(w=165, h=5, text=text)
    return bytes(pdf.output())


def linked_pdf(head: str, line: str, url: str) -> bytes:
    """One page: `head`, then `line`, whose last word links to `url` without printing it."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(20, 20)
    pdf.multi_cell(w=170, h=5, text=head)
    *words, last = line.split()
    pdf.set_xy(20, 20 + 5 * (head.count("\n") + 2))
    pdf.cell(text=" ".join(words) + " ")
    pdf.cell(text=last, link=url)
    return bytes(pdf.output())
