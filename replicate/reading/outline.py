"""The section outline, and where related work, references and the appendix begin."""

from __future__ import annotations

import re
from collections import Counter

from .document import APPENDIX as APPENDIX_ZONE
from .document import HEADING, Document
from .document import REFERENCES as REFERENCES_ZONE

REFERENCES = re.compile(r"(?:^|\n)\s*(?:\d+\.?\s*)?(?:References|Bibliography|REFERENCES|R EFERENCES)\s*\n")


# a title starts with a capital, or a name such as "sLSTM" or "xLSTM Architecture"
SECTION = re.compile(r"^(?P<num>[1-9]\d?(?:\.\d{1,2}){0,2})\.?(?:\s+|(?=[A-Z][A-Za-z]{2}))"
                     r"(?P<title>(?:[A-Z]|[a-z][A-Z]{2}|\d[A-Z]+-?[A-Z]+\s)[^\n]{1,70})$")
# a run-in subsubsection title, its paragraph on the same line: "4.1.1 Graph construction. We
# build a co-listening graph" (ACM's \subsubsection)
RUN_IN = re.compile(r"^(?P<num>[1-9]\d?\.\d{1,2}\.\d{1,2})\.?\s+(?P<title>[A-Z][^.:\n]{2,60}?)[.:]\s+(?=[A-Z(])")
_PROSE_OPENING = re.compile(r"^(?:We|Our|This\s+paper|In\s+this)\s+[a-z]")  # a list item of contributions
APPENDIX_SECTION = re.compile(r"^(?P<num>[A-H](?:\.\d{1,2}){0,2})\.?\s+(?P<title>[A-Z][^\n]{1,70})$")
# IEEE style: "II. BACKGROUND" with lettered subsections "A. Features" (cited as "II-A")
ROMAN_SECTION = re.compile(r"^(?P<num>[IVX]{1,4})\.\s+(?P<title>[A-Z][^\n]{1,70})$")
LETTERED_SECTION = re.compile(r"^(?P<num>[A-H])\.\s+(?P<title>[A-Z][^\n]{1,70})$")
_ROMAN = {"I": 1, "V": 5, "X": 10}
# heading numbers of lettered subsections ("A. Features"): only meaningful under a roman section
LETTERED = 200
_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at",
                "from", "as", "vs", "via", "is", "are", "we", "do", "does"}


def heading(line: str, appendix: bool = False,
            roman: bool = False) -> tuple[tuple[int, ...], str, str] | None:
    """(number, printed number, title) when a PDF line reads as a numbered heading.

    Footnotes ("2They represent a negligible number of parameters.") and plot axes
    ("80Accuracy [%]") start with a number too: a heading's title is short, ends
    without a period, holds no decimals, brackets or more than one number. In the appendix, headings
    are lettered ("B INFERENCE LATENCY", "D.1 RoBERTa") and in title or upper case; a
    title in upper case may be longer. IEEE-style papers number sections in roman ("IV. RESULTS") and their subsections
    with a letter and a period ("A. Features"): those count only when `roman` says the
    paper's first section was "I." (else only "I." itself, which starts such a paper).
    """
    m = (RUN_IN.match(line) or SECTION.match(line) or (APPENDIX_SECTION.match(line) if appendix else None)
         or ROMAN_SECTION.match(line) or (LETTERED_SECTION.match(line) if roman else None))
    if not m:
        return None
    title = m["title"].strip()
    words = title.split()
    spaced = line[len(m["num"]):len(m["num"]) + 1].isspace()  # not a footnote's "1JODIE stands ..."
    if title.endswith(".") and spaced and len(words) <= 8 and _capitalised(words) and "." not in title[:-1]:
        title = title[:-1]  # "6.1 RedPajama, SlimPajama and Others."
    if (len(words) > (12 if title.isupper() else 9) or re.search(r"(?<![\dvV])\d+\.\d|[=<>%\[\]]|[.,:;]$", title)
            or m.re is RUN_IN and len(words) > 8 or _PROSE_OPENING.match(title)
            or re.search(r"\b(?!(?:vs|etc|al|cf|resp|approx)\.)[a-z]{2,}\.\s+[A-Z]", title)  # two sentences: a list item's ("2. Training is slow. For SVM")
            or len(re.findall(r"(?<![\w.-])(?!(?:19|20)\d\d\b)\d+(?![\w.])", title)) > 1  # years aside
            or re.search(r"(?:^|\s)\.\d", title)  # a table row's ".68 .46"
            or re.search(r"\s\d{1,2}[A-Z][a-z]", title)  # "1Google Inc., USA 2New York University"
            or not re.search(r"[A-Za-z]{3}", title)):
        return None
    first, *rest = m["num"].split(".")
    if m.re is ROMAN_SECTION:
        value = from_roman(first)
        # IEEE titles may be in sentence case ("II. Related works") once the paper is roman
        good = value and (roman or value == 1) and (_capitalised(words) or roman and len(words) <= 6)
        return ((value,), first, title) if good else None
    if m.re is LETTERED_SECTION:
        return (LETTERED + ord(first) - ord("A"),), first, title  # in sentence case too
    if first.isdigit():
        if int(first) > 15:
            return None
        num = (int(first), *map(int, rest))
    else:
        if not _capitalised(words):
            return None  # "A model with ...": prose that happens to start a line
        num = (100 + ord(first) - ord("A"), *map(int, rest))  # after every numbered section
    after = line[len(m["num"]):len(m["num"]) + 1]
    glued = not after.isspace() and after != "."
    if glued and sum(w[:1].islower() for w in words) >= 3:
        return None  # "6The vector C is not a meaningful sentence representation"
    return num, m["num"], title


def is_roman_heading(line: str) -> bool:
    """True for an IEEE-style section line ("II. BACKGROUND"), which sets how the rest is numbered."""
    return bool(ROMAN_SECTION.match(line)) and not SECTION.match(line)


def numbers_in_roman(first: str, number: tuple[int, ...]) -> bool:
    """Whether a paper whose first heading is the line `first` (numbered `number`) numbers
    its sections in roman, IEEE style: that heading is "I."."""
    return is_roman_heading(first) and number == (1,)


def _capitalised(words: list[str]) -> bool:
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return sum(w[:1].isupper() for w in big) >= 0.7 * len(big)


def from_roman(text: str) -> int:
    """ "XIV" -> 14; 0 when the letters are no well-formed numeral below 40."""
    values = [_ROMAN[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total < 40 and to_roman(total) == text else 0


def to_roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def appendix_start(pages: list[str]) -> int:
    """The 1-based page after the one where the reference list begins (len+1 if none)."""
    for number_, page in enumerate(pages, start=1):
        if number_ > 1 and REFERENCES.search(page):
            return number_ + 1
    return len(pages) + 1


# numbered, or not in a paper without numbered headings
RELATED_WORK = re.compile(r"(?i)^(?:\d{1,2}\.?\s*)?(?:related\s+work|background|prior\s+work|previous\s+work)")


def not_related_work(page: str, inside: bool) -> tuple[str, bool]:
    """The page without its related-work section (the numbers there are other papers'),
    and whether that section runs on to the next page."""
    keep = []
    for line in page.split("\n"):
        stripped = line.strip()
        if heading(stripped):
            inside = bool(RELATED_WORK.match(stripped))
        if not inside:
            keep.append(line)
    return "\n".join(keep), inside


APPENDIX = re.compile(r"(?m)^\s*(?:Appendix|Appendices|APPENDIX|Supplementary Material|"
                      r"A\.?\s+(?:[A-Z][a-z]{3,}|[A-Z]{4,})\b(?!,))")


def without_references(pages: list[str]) -> tuple[list[str], int]:
    """The pages with the reference list blanked out, and the first page after it began
    (the appendix; len(pages) + 1 when there is no reference list)."""
    out: list[str] = []
    start = 0
    for number_, page in enumerate(pages, start=1):
        if not start:
            m = REFERENCES.search(page) if number_ > 1 else None
            if m is None:
                out.append(page)
                continue
            start = number_ + 1
            rest = APPENDIX.search(page, m.end())
            out.append(page[: m.start()] + ("\n" + page[rest.start():] if rest else ""))
            if rest:
                break
        else:
            rest = APPENDIX.search(page)
            out.append(page[rest.start():] if rest else "")
            if rest:
                break
    out += pages[len(out):]
    return out, start or len(pages) + 1


def strip_references(page: str) -> str:
    m = REFERENCES.search(page)
    return page[: m.start()] if m else page


def find_sections(doc: Document) -> list[str]:
    """The numbered headings in order ("3.2 Training"), references and what follows them left out.

    From LaTeX the headings are the source's own (unnumbered ones too). From a PDF a
    line only counts when its number can follow the one before it (1 -> 1.1 -> 2),
    which drops table rows and footnotes that look like headings.
    """
    out: list[str] = []
    lines = [(" ".join(b.text.split()), b.zone == APPENDIX_ZONE) for b in doc.blocks
             if b.kind == HEADING and b.zone != REFERENCES_ZONE]
    if doc.origin != "pdf":
        return list(dict.fromkeys(line for line, _ in lines if line))
    first = next((line for line, appendix in lines if heading(line, appendix)), "")
    if not is_roman_heading(first):
        found = [f for line, appendix in lines
                 if not is_roman_heading(line) and (f := heading(line, appendix))]
        # a running header ("4 CARAMALAU ET AL.: MOBYV2AL: SELF-SUPERVISED ...") recurs
        titles = Counter(title for _, _, title in found if len(title.split()) >= 4)
        found = [f for f in found if titles[f[2]] < 3]
        # a plot's legend ("1 Frozen Layer", "2 Frozen Layers", "3 Frozen Layers"): one title
        # under three section numbers
        singular = [re.sub(r"s\b", "", title.lower()) for _, _, title in found]
        numbers: dict[str, set[int]] = {}
        for (num, _, _), key in zip(found, singular, strict=True):
            if len(num) == 1 and num[0] < 100:
                numbers.setdefault(key, set()).add(num[0])
        found = [f for f, key in zip(found, singular, strict=True)
                 if len(f[0]) > 1 or f[0][0] >= 100 or len(numbers[key]) < 3]
        return [f"{found[i][1]} {found[i][2]}" for i in _longest_chain([f[0] for f in found])]
    last: tuple[int, ...] = ()
    roman = False  # the paper numbers its sections "I.", "II.", ... (set by its first heading)
    for line, appendix in lines:
        found = heading(line, appendix=appendix, roman=roman)
        if not found:
            continue
        num, printed, title = found
        is_roman = is_roman_heading(line)
        if not last:
            roman = numbers_in_roman(line, num)
        if num[0] >= LETTERED:
            if not (roman and last and last[0] < 100):
                continue
            num, printed = (last[0], num[0] - LETTERED + 1), f"{to_roman(last[0])}-{printed}"
        elif roman != is_roman:
            continue
        if not _appendix_step(last, num) and (
                not last and num != (1,) or last and not _follows(last, num)):
            continue
        out.append(f"{printed} {title}")
        last = num
    return out


def _longest_chain(numbers: list[tuple[int, ...]]) -> list[int]:
    """The positions of the longest run of heading numbers that can follow one another.

    Numbered list items ("2. Training is single-stage") read as headings too; taking
    them in turn as they come would let "2." of a list stand for section 2 and shut out
    the real one, so the longest chain wins."""
    best: list[tuple[int, int]] = []  # (length of the best chain ending here, the one before)
    for i, num in enumerate(numbers):
        length, before = (1, -1) if num in ((1,), (100,)) else (0, -1)
        for j in range(i):
            # of equals the nearest: "1 Introduction" rather than an affiliation "1 Imperial College"
            if best[j][0] and best[j][0] + 1 >= length and _can_follow(numbers[j], num):
                length, before = best[j][0] + 1, j
        best.append((length, before))
    end = max(range(len(numbers)), key=lambda i: best[i][0], default=-1)
    if end < 0 or not best[end][0]:
        return []
    chain = []
    while end >= 0:
        chain.append(end)
        end = best[end][1]
    return chain[::-1]


def _appendix_step(last: tuple[int, ...], num: tuple[int, ...]) -> bool:
    """The appendix starts ("A" after the body), or its next letter comes, maybe skipping
    one whose heading the PDF text lost."""
    if num == (100,) and (not last or last[0] < 100):
        return True
    return bool(last) and len(num) == 1 and 100 <= last[0] < num[0] <= last[0] + 3


def _can_follow(last: tuple[int, ...], num: tuple[int, ...]) -> bool:
    if _appendix_step(last, num):
        return True
    if len(num) == len(last) + 1 and num[:-1] == last and num[-1] == 2:
        return True  # "6" then "6.2": the PDF text lost "6.1" (a chain without the gap wins)
    if len(num) > 1 and len(num) <= len(last) and num[:-1] == last[:len(num) - 1]:
        # "2.1" then "2.5": the PDF text lost the subsections between (one a chain skips
        # costs it a heading, so a chain without a gap wins)
        return last[len(num) - 1] < num[-1] <= last[len(num) - 1] + 3
    return _follows(last, num)


def _follows(last: tuple[int, ...], num: tuple[int, ...]) -> bool:
    """True when `num` can come right after `last` (1 -> 1.1 -> 1.2 -> 2 -> 2.1 ...)."""
    if len(num) > len(last) + 1:
        return False
    if len(num) == len(last) + 1:
        return num[:-1] == last and num[-1] == 1
    return num[:-1] == last[: len(num) - 1] and num[-1] == last[len(num) - 1] + 1
