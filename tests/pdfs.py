"""Real PDFs made in the test, with fpdf2: text pages and an arXiv-style margin stamp."""

from __future__ import annotations

from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_pdf(pages: list[str], *, stamp: str | None = None) -> bytes:
    """A PDF with one page per string; `stamp` goes rotated in page 1's left margin."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(auto=False)
    if DEJAVU.is_file():
        pdf.add_font("body", "", str(DEJAVU))
        font = "body"
    else:  # core fonts only know latin-1
        font = "helvetica"
        pages = [p.encode("latin-1", "replace").decode("latin-1") for p in pages]
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
