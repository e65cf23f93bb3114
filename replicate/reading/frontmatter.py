"""Title, authors and abstract as printed on page 1 (used when arXiv cannot be asked)."""

from __future__ import annotations

import re

from .text import STAMP, WORD

FRONT_NOISE = re.compile(r"(?i)^(?:published|accepted|under review|preprint|proceedings|workshop|"
                         r"draft|to appear|submitted|arxiv:|technical report|\(version|\(dated)")


# a venue's footer that a PDF may print first: "July 5 - 10, 2020. c©2020 Association for ..."
COPYRIGHT = re.compile(r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|Association for Computational Linguistics",
                       re.I)


AFFILIATION = re.compile(
    r"(?i)universit|institut|research|\binc\b|google|deepmind|department|\bdept\b|\blabs?\b|"
    r"laborator|corporation|\bcorp\b|technolog|college|school|\bteam\b|\bfair\b|\bbrain\b|"
    r"microsoft|facebook|openai|\bmeta\b|nvidia|amazon|\bibm\b|\bcent(?:er|re)\b|academy|"
    r"foundation|\bltd\b|\bllc\b|hospital|faculty|\bai\b|language|\busa\b|\buk\b|china|"
    r"germany|france|canada|japan|mountain view|stanford|berkeley|\bmit\b|toronto|montr|"
    r"amsterdam|\bschool\b|www\.|https?://|\d{4,}")


EMAIL = re.compile(r"\S*@\S+|\{[^}]*\}\s*@?\s*\S*|\b[A-Z0-9._-]+@[A-Z0-9.-]+\b|\{[^}]*$|^[^{]*\}\S*")


MARKS = "*∗†‡§¶⋆⇤"


_WORDISH = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


_INITIAL = re.compile(r"[A-Z]\.(?:-?[A-Z]\.)?")


_PARTICLES = {"van", "von", "der", "den", "de", "da", "del", "di", "le", "la", "du", "dos"}


def _name_token(token: str) -> bool:
    """A capitalised word ("Łukasz", "Allen-Zhu", "KyungHyun"), an initial or a particle."""
    if token in _PARTICLES or _INITIAL.fullmatch(token):
        return True
    return bool(_WORDISH.fullmatch(token)) and token[0].isupper() and not (
        len(token) > 3 and token.isupper())


def _names_in(line: str, marks: str) -> list[str] | None:
    """The person names on one author line, or None when the line is not one.

    Names separated by commas, "and", footnote marks or numbers are taken one per
    piece; a run of four or more words without separators ("Kaiming He Xiangyu
    Zhang") is cut into given name [initials, particles] family name.
    """
    line = EMAIL.sub(" ", line)
    pieces = [c for c in re.split(r",|;|\band\b|[" + re.escape(MARKS) + r"]|\d+", line)
              if c.strip()]
    names: list[str] = []
    for piece in pieces:
        tokens = piece.split()
        if marks:
            tokens = [t[:-1] if len(t) > 2 and t[-1] in marks and t[-2].islower() else t
                      for t in tokens]
        if not all(_name_token(t) for t in tokens):
            return None
        found = _split_names(tokens) if len(tokens) >= 4 else [" ".join(tokens)]
        if not found or any(len(n.split()) < 2 or n.split()[0] in _PARTICLES for n in found):
            return None
        names += found
    return names or None


def _split_names(tokens: list[str]) -> list[str] | None:
    names: list[str] = []
    i = 0
    while i < len(tokens):
        j = i + 1  # past the given name: initials and particles belong to the same name
        while j < len(tokens) and (_INITIAL.fullmatch(tokens[j]) or tokens[j] in _PARTICLES):
            j += 1
        if j >= len(tokens) or _INITIAL.fullmatch(tokens[i]):
            return None
        names.append(" ".join(tokens[i:j + 1]))
        i = j + 1
    return names


def find_front_matter(first_page: str) -> tuple[str, list[str], str]:
    """(title, authors, abstract) as page 1 prints them; blanks where unsure."""
    abstract = ""
    m = re.search(r"(?:^|\n)\s*Abstract\.?\s*\n?(?P<body>.+?)(?:\n\s*(?:1\.?\s+Introduction|"
                  r"Introduction|Keywords|I\.\s+INTRODUCTION)\b)", first_page, re.S | re.I)
    if m:
        abstract = re.sub(r"\s*\n\s*", " ", m["body"]).strip()
    lines = [ln.strip() for ln in first_page.splitlines() if ln.strip()]
    lines = [ln for ln in lines if not STAMP.search(ln) and not FRONT_NOISE.match(ln)
             and not COPYRIGHT.search(ln)]
    header: list[str] = []
    for ln in lines[:25]:
        if re.match(r"(?i)abstract\b", ln):
            break
        header.append(ln)
    else:
        header = header[:12]
    if not header or re.match(r"\d", header[0]) or len(header[0]) > 150:
        return "", [], abstract
    # Affiliations marked "yDepartment ..." show that a font turned † into y: strip it from names.
    marks = "".join({ln[0] for ln in header if re.match(r"[a-z][A-Z][a-z]", ln)})
    title_lines = [header[0]]
    i = 1
    while i < len(header) and len(title_lines) < 3:
        here, after = header[i], header[i + 1] if i + 1 < len(header) else ""
        if _continues_title(title_lines[-1], here) or (
                len(_names_in(here, marks) or ()) == 1 and not re.search(f"[{MARKS},\\d]", here)
                and after and not AFFILIATION.search(after) and not EMAIL.search(after)
                and _names_in(after, marks)):
            title_lines.append(here)
            i += 1
        else:
            break
    title = title_lines[0]
    for ln in title_lines[1:]:
        title = title[:-1] + ln if title.endswith("-") else f"{title} {ln}"
    title = title.rstrip(" " + MARKS)
    if any(len(w) > 18 for w in WORD.findall(title)):
        title = ""  # small capitals whose spaces the PDF lost: "FORSTOCHASTICOPTIMIZATION"
    return title, _authors(header[i:], marks), abstract


def _authors(lines: list[str], marks: str) -> list[str]:
    """Names between the title and the abstract; [] at the first line that is not
    a name, an affiliation, an e-mail or a footnote."""
    names: list[str] = []
    emails = [k for k, ln in enumerate(lines) if EMAIL.search(ln)]
    if len(emails) >= 2 and emails[0] > 0 and all(b - a >= 2 for a, b in zip(emails, emails[1:], strict=False)):
        # one block per author: name, affiliation lines, e-mail
        starts = [0] + [k + 1 for k in emails[:-1]]
        blocks = [_names_in(lines[s], marks) for s in starts]
        if all(b and len(b) == 1 for b in blocks):
            return [b[0] for b in blocks if b]
    for ln in lines:
        if ln[0] in MARKS or re.match(r"\d", ln) or re.match(r"[a-z][A-Z]", ln):
            continue  # footnote or affiliation marked with a number
        found = _names_in(ln, marks)
        if found and not AFFILIATION.search(EMAIL.sub(" ", ln)):
            names += found
        elif AFFILIATION.search(ln) or EMAIL.search(ln) or re.search(r"\b(?:19|20)\d\d\b", ln):
            continue
        elif names and len(ln.split()) >= 8:
            break  # the abstract, printed without a heading
        else:
            return []
    return names if len(names) <= 40 else []


def _continues_title(first: str, second: str) -> bool:
    if first.endswith("-") or re.match(r"^[a-z]", second):
        return True
    if (first.isupper() and second.isupper() and len(second) > 8
            and not re.search(r"[@\d,]", second) and not AFFILIATION.search(second)):
        return True
    return first.endswith((" for", " of", " and", " to", " with", " in", " the", " by", " on",
                           " from", " via", " at", " as", " a", " an", ":"))
