"""Headline claims: results the paper states, with metric, value, unit and dataset."""

from __future__ import annotations

import re

from ..record import Claim, claim_key
from .datasets import dataset_near
from .outline import appendix_start, not_related_work, strip_references
from .text import number, sentences

MAX_CLAIMS = 12


_NUM = r"(?<![\w.\-/+])(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)"


_METRIC = (
    r"(?P<metric>BLEU(?:\s+score)?|F1(?:\s+score)?|(?:top-?[15]\s+)?(?:(?:test|validation|val)\s+)?error(?:\s+rate)?"
    r"|(?:top-?[15]\s+)?(?:(?:test|validation|val)\s+)?accuracy|perplexity|EM|exact\s+match|mAP|AP|WER|word\s+error"
    r"\s+rate|FID|Inception\s+score|ROUGE(?:-[12L])?|GLUE\s+score|average\s+score|score|AUC"
    r"|top-?[15])"
)


_LOWER_BETTER = re.compile(r"error|perplexity|WER|FID|loss", re.I)


_SPREAD = r"(?:\s*±\s*\d+(?:\.\d+)?)?"


CLAIM_FORWARD = re.compile(rf"{_NUM}{_SPREAD}\s*(?P<pct>%)?\s*(?:\(\S+\)\s*)?{_METRIC}\b", re.I)


CLAIM_BACKWARD = re.compile(
    rf"{_METRIC}(?:\s*\([A-Z]{{2,5}}\))?(?:\s+(?:of|to|is|was|reaches|=|:|at|by))+\s+(?:an?\s+|only\s+)?{_NUM}{_SPREAD}\s*(?P<pct>%)?",
    re.I,
)


SPEEDUP = re.compile(
    rf"{_NUM}(?:\s*(?:(?P<times>×|x\b|-?fold)|(?P<pct>%))\s*(?:[\w-]+\s+){{0,3}}?|\s+)(?P<metric>speed-?up|faster)", re.I)


# A number followed by these is a difference, not a result.
NOT_A_RESULT = re.compile(
    r"^\s*(?:%\s*)?(?:\(?\s*)?(?:points?|pp|absolute|relative|improvement|gain|fewer|more|less|"
    r"lower|higher|reduction|times|x\b|×)", re.I)


# A number preceded by these is a difference too ("by over 2 BLEU", "+1.5 F1").
DIFFERENCE_BEFORE = re.compile(r"(?:\bby|\+|±|over|than|of\s+up\s+to)\s*(?:over\s+|more\s+than\s+|about\s+|"
                               r"nearly\s+|almost\s+|up\s+to\s+)?$", re.I)


AFTER_METRIC = re.compile(r"^\s*(?:points?|pp\b|better|worse|higher|lower|improvement|gain|drop|"
                          r"over|above|below|less|more|reduction|relative|absolute)", re.I)


CITATION = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|et al\.|\(\w+,? (?:19|20)\d\d\)")


FIRST_PERSON = re.compile(r"\b(?:we|our)\b|(?<!on )\bthis (?:paper|work)\b", re.I)


THIRD_PERSON = re.compile(r"\b(?:they|their|he|she|his|her)\b|co-?authors", re.I)


LIST_MORE = re.compile(rf"\s+on\s+[^,;]{{1,40}}?(?:,\s*(?:and\s+)?|\s+and\s+){_NUM}\s*(?P<pct>%)?(?=\s+on\b)", re.I)


CLAIM_CONTEXT = re.compile(
    r"achiev|obtain|reach|outperform|state-of-the-art|state of the art|new record|push|"
    r"improv|result|surpass|set|establish|attain|scor|yield|win|won", re.I)


def _metric_name(raw: str) -> str:
    m = re.sub(r"\s+", " ", raw.strip())
    low = m.lower()
    if low.startswith(("bleu", "f1")):
        return m.split()[0].upper()
    if low.startswith("glue"):
        return "GLUE score"
    if low in ("em", "exact match"):
        return "EM"
    if low in ("wer", "word error rate"):
        return "WER"
    if low in ("map", "ap", "fid", "auc"):
        return low.upper() if low != "map" else "mAP"
    if low.startswith("rouge"):
        return m.upper()
    if low.startswith("speed") or low == "faster":
        return "speedup"
    low = re.sub(r"\b(?:test|validation|val) ", "", low)
    return re.sub(r"top-?([15])", r"top-\1", low)


_TABLE_REF_BEFORE = re.compile(r"(?:Table|Tab\.|Figure|Fig\.|Section|Sec\.|Eq\.|Appendix|\[)\s*$", re.I)


_INEQUALITY_BEFORE = re.compile(r"[<>≤≥~∼≈]\s*$|target\s+(?:[\w-]+\s+){0,2}(?:of\s+)?$", re.I)


FRAGMENT = re.compile(r"[a-z]|\d+\s+[a-z]")  # a sentence that starts mid-way


_YEAR = re.compile(r"(?:19|20)\d\d")


def _claims_in(sentence: str, headline: bool) -> list[tuple[str, float, str, int]]:
    """(metric, value, unit, position) found in one sentence."""
    found = []
    for rx in (CLAIM_FORWARD, CLAIM_BACKWARD, SPEEDUP):
        for m in rx.finditer(sentence):
            after = sentence[m.end():]
            if rx is CLAIM_BACKWARD and NOT_A_RESULT.match(after):
                continue
            if rx is CLAIM_FORWARD and (NOT_A_RESULT.match(sentence[m.end("num"):])
                                        or AFTER_METRIC.match(after)):
                continue
            before = sentence[max(0, m.start("num") - 30): m.start("num")]
            if DIFFERENCE_BEFORE.search(before) or _INEQUALITY_BEFORE.search(before):
                continue
            if _TABLE_REF_BEFORE.search(sentence[max(0, m.start() - 12): m.start()]):
                continue
            value = number(m["num"])
            metric = _metric_name(m["metric"])
            pct = bool(m.groupdict().get("pct"))
            if metric in ("score", "top-1", "top-5") and not pct and not headline:
                continue
            if not pct and _YEAR.fullmatch(m["num"]):
                continue
            unit = "×" if rx is SPEEDUP and not pct else ("%" if pct else "")
            found.append((metric, value, unit, m.start("num")))  # BLEU, F1: the metric says it
            if rx is CLAIM_BACKWARD:
                # "88.55% on ImageNet, 90.72% on ImageNet-ReaL and 94.55% on CIFAR-100"
                pos = m.end()
                for more in LIST_MORE.finditer(sentence, pos):
                    if more.start() != pos:
                        break
                    found.append((metric, number(more["num"]), "%" if more["pct"] else "",
                                  more.start("num")))
                    pos = more.end()
    return found


def find_claims(abstract: str, pages: list[str], version: int | None,
                abstract_page: int | None = None, appendix: int | None = None) -> list[Claim]:
    """Headline results: the abstract's first, then our own results in the body, in order.

    `abstract_page` is 1 when the abstract was read from the PDF, None for arXiv's.
    Sentences that cite others, tables flattened into text, sentence fragments
    that two-column layouts glue together and the appendix rank last or not at all.
    """
    candidates: list[tuple[int, int, int, str, float, str, str, str]] = []
    for s in sentences(abstract):
        for metric, value, unit, at in _claims_in(s, True):
            candidates.append((0, 0, at, metric, value, unit, s, dataset_near(s, at)))
    appendix = appendix or appendix_start(pages)
    related = False
    for number_, page in enumerate(pages[: appendix - 1], start=1):
        prose, related = not_related_work(strip_references(page), related)
        for s in sentences(prose):
            if len(s) > 400 or not CLAIM_CONTEXT.search(s) or FRAGMENT.match(s):
                continue
            if len(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?!\s*%|\.\d|\w)", s)) > 6:
                continue  # a table or a plot's axis, flattened into text
            ours = FIRST_PERSON.search(s)
            if (CITATION.search(s) or THIRD_PERSON.search(s)) and not ours:
                continue  # someone else's result
            rank = 1 if ours or number_ <= 2 else 2
            for metric, value, unit, at in _claims_in(s, False):
                candidates.append((rank, number_, at, metric, value, unit, s,
                                   dataset_near(s, at)))
    candidates.sort(key=lambda c: c[:3])
    claims: list[Claim] = []
    for rank, page, _, metric, value, unit, src, dataset in candidates:
        same = next((c for c in claims if c.value == value and c.unit == unit
                     and _same_metric(c.metric, metric)), None)
        if same is not None:
            if len(metric) > len(same.metric):
                same.metric = metric  # "error" in the abstract, "top-5 error" later
            same.dataset = same.dataset or dataset
            continue
        if len(claims) >= MAX_CLAIMS:
            continue
        claims.append(Claim(
            key="", metric=metric, value=value, unit=unit, dataset=dataset,
            source=src if len(src) <= 300 else src[:297] + "...",
            page=abstract_page if rank == 0 else page, origin="paper", version=version,
            lower_is_better=bool(_LOWER_BETTER.search(metric)),
        ))
    taken: set[str] = set()
    for c in claims:
        if c.metric == "GLUE score" and not c.dataset:
            c.dataset = "GLUE"
        c.key = claim_key(c.metric, c.dataset, taken)
        taken.add(c.key)
    return claims


def _same_metric(a: str, b: str) -> bool:
    return a.split()[-1] == b.split()[-1]
