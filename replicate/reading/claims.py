"""Headline claims: results the paper states, with metric, value, unit and dataset."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import metrics
from ..record import Claim, claim_key
from . import tables
from .datasets import dataset_near
from .document import BODY, CAPTION, FRONT, PROSE, Document
from .text import number, sentences

_NUM = r"(?<![\w.\-/+])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


# metric acronyms matched as printed: "65.7% AP50", "~65 FPS", "an MAE of 290.82"
_ACRONYMS = r"AP(?:50|75|S|M|L)|MAP|MAE|RMSE|MRR|IQM|SARI|FPS|mIoU|IoU|nDCG|NDCG|CIDEr|METEOR|MOS"


_METRIC = (
    # a metric starts a word: the test, made first, spares the alternatives at every letter
    r"(?<![A-Za-z])(?=[A-Za-z])(?P<metric>BLEU(?:\s+score)?|F1(?:\s+score)?|(?:test|validation)\s+errors|"
    r"(?:top-?[15]\s+)?(?:(?:test|validation|val)(?:\s+set)?\s+)?"
    r"error(?:\s+rate)?|(?:top-?[15]\s+)?(?:(?:test|validation|val)(?:\s+set)?\s+)?accuracy|perplexity|EM|exact\s+match|mAP|AP|WER|word\s+error"
    r"\s+rate|FID|Inception\s+score|ROUGE(?:-[12L])?|GLUE\s+score|"
    # Atari's "194.3% mean human performance and 109.0% median performance"
    r"(?:(?:mean|median)\s+)?human[\s-](?:normali[sz]ed\s+)?(?:performance|score)|(?:mean|median)\s+performance|"
    r"average\s+score|score|AUC"
    rf"|top-?[15]|frames\s+per\s+second|(?-i:{_ACRONYMS})"
    # and the forms the metric vocabulary gives prose: "a PSNR of", "3.281 cross-entropy loss"
    rf"|{metrics.prose()})"
)


_SPREAD = r"(?:\s*±\s*\d+(?:\.\d+)?)?"


# "89.6% mean accuracy", "perfect (100%) classification accuracy"
_QUALIFIER = r"(?:(?:mean|average|median|overall|classification)\s+(?!human|performance|score))?"
CLAIM_FORWARD = re.compile(rf"{_NUM}{_SPREAD}\s*(?P<pct>%)?\)?\s*(?:\(\S+\)\s*)?{_QUALIFIER}{_METRIC}\b",
                           re.I)


CLAIM_BACKWARD = re.compile(
    rf"{_METRIC}(?:\s*\((?P<acronym>[A-Z]{{2,5}})\))?(?:\s+(?:of|to|is|was|reaches|=|:|at|by))+\s+(?:an?\s+|only\s+)?"
    # "a test accuracy of ≈99.04%", "an accuracy of about 92%"
    rf"(?:(?:about|around|approximately|roughly)\s+|[~∼≈]\s*)?{_NUM}{_SPREAD}\s*(?P<pct>%)?",
    re.I,
)


SPEEDUP = re.compile(
    rf"{_NUM}(?:\s*(?:(?P<times>×|x\b|-?fold|times\b)|(?P<pct>%))\s*(?:[\w-]+\s+){{0,3}}?|\s+)"
    rf"(?P<metric>speed-?up|faster)", re.I)


# "reaching 99.3% of the performance level of ChatGPT": a result relative to a reference
RELATIVE = re.compile(rf"{_NUM}\s*(?P<pct>%)\s+of\s+(?:the\s+)?(?P<metric>performance)\s+(?:level\s+)?"
                      r"(?:of|obtained\s+by)\b", re.I)


# "the accuracy of T5 XXL on GSM8K improves from 8.11% to 21.99% and 18.42%": the result is
# where it ends (and the numbers listed after it)
# (not "IoU thresholds ranging from 0.5 to 0.95": a range, not a change)
FROM_TO = re.compile(rf"{_METRIC}\b[^.;%]{{0,80}}?\b(?:improv|increas|boost|rais|jump|ris|grow|go)\w*\s+"
                     rf"from\s+\d+(?:\.\d+)?\s*%?\s+to\s+{_NUM}{_SPREAD}\s*(?P<pct>%)?", re.I)
# "The pipeline achieves 100% parse and execution validity": a percentage the method attains
# is a result, whatever it measures; the words after it name it
_WORD = r"[A-Za-z][\w-]*"
_NOT_A_NAME = (r"(?:of|on|in|for|with|after|across|at|over|than|when|while|compared|and|or|to|by|"
               r"from|higher|lower|better|worse|more|less|fewer|relative|absolute|improvement|gain|"
               r"reduction|increase|decrease|points?|the|an?|our|its|accurate|faster|slower)\b")
ACHIEVES = re.compile(
    rf"\b(?:achiev|attain|reach|obtain)\w*\s+(?:an?\s+|nearly\s+|about\s+|up\s+to\s+)?{_NUM}\s*"
    rf"(?P<pct>%)\s+(?!{_NOT_A_NAME})(?P<metric>{_WORD}(?:\s+(?:and\s+)?(?!{_NOT_A_NAME}){_WORD}){{0,3}})",
    re.I)
_CONDITION_BEFORE = re.compile(r"\b(?:when|whenever|if|until|once|unless)\b[^,;]{0,40}$", re.I)
# "comparable to a MOS of 4.58 for professionally recorded speech": the reference's result
_VERSUS = r"compared\s+(?:to|with)|versus|vs\.?"
_REFERENCE_BEFORE = re.compile(r"(?:comparable|close|similar|equal)\s+to\s+(?:an?\s+|the\s+)?$|"
                               rf"(?:{_VERSUS})\s+(?:an?\s+|the\s+)?$", re.I)
_AND_MORE = re.compile(rf"(?:\s*,\s*|,?\s+and\s+){_NUM}\s*(?P<pct>%)?(?![\w.])")


# A number followed by these is a difference, not a result.
NOT_A_RESULT = re.compile(
    r"^\s*(?:%\s*)?(?:\(?\s*)?(?:points?|pp|absolute|relative|improvement|gain|fewer|more|less|"
    r"lower|higher|reduction|times|x\b|×)", re.I)


# A number preceded by these is a difference too ("by over 2 BLEU", "+1.5 F1").
DIFFERENCE_BEFORE = re.compile(r"(?:\bby|\+|±|over|than|of\s+up\s+to|\bmargin\s*\(?)\s*(?:over\s+|more\s+than\s+|"
                               r"about\s+|nearly\s+|almost\s+|up\s+to\s+)?[~∼≈]?\s*$", re.I)


AFTER_METRIC = re.compile(r"^\s*(?:points?|pp\b|better|worse|higher|lower|improvement|gain|drop|"
                          r"over|above|below|less|more|reduction|relative|absolute)", re.I)


# "[3]", "et al.", "(Smith, 2019)", "(Ljung and Singh, 2012)", "Agarwal and Zesch (2019)",
# the LaTeX reader's "[cite]": someone else's work
CITATION = re.compile(r"\[(?:\d+(?:[,–-]\s*\d+)*|cite)\]|et al\.|\(\w+(?: (?:and|&) [A-Z]\w+)?,? (?:19|20)\d\d\)"
                      r"|\b[A-Z][a-z]+\s+\((?:19|20)\d\d[a-z]?\)")


FIRST_PERSON = re.compile(r"\b(?:we|our)\b|(?<!on )\bthis (?:paper|work)\b", re.I)


THIRD_PERSON = re.compile(r"\b(?:they|their|he|she|his|her)\b|co-?authors", re.I)


LIST_MORE = re.compile(rf"\s+on\s+[^,;]{{1,40}}?(?:,\s*(?:and\s+)?|\s+and\s+){_NUM}\s*(?P<pct>%)?(?=\s+on\b)", re.I)


CLAIM_CONTEXT = re.compile(
    r"achiev|obtain|reach|outperform|state-of-the-art|state of the art|new record|push|"
    r"improv|result|surpass|set|establish|attain|scor|yield|win|won|faster|speed|receiv|"
    r"\b(?:mean|median|average)\b", re.I)  # "the median accuracy was 75%"


def _metric_name(raw: str) -> str:
    m = re.sub(r"\s+", " ", raw.strip())
    low = m.lower()
    if _AS_PRINTED.fullmatch(m):
        return "nDCG" if low == "ndcg" else m
    if low == "frames per second":
        return "FPS"
    if low == "performance":
        return "relative performance"
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
    named = metrics.canonical(m)
    if named:
        return named  # "Dice score" is Dice
    if low.endswith("errors"):
        return "test errors" if low.startswith("test") else "validation errors"  # a count
    low = re.sub(r"\b(?:test|validation|val) (?:set )?", "", low)
    return re.sub(r"top-?([15])", r"top-\1", low)


# a change, its size given without "by": "improve ... 1% top-1 accuracy"; not "improves the
# accuracy to 85%", "improve ..., reaching 85%"
_CHANGED_BY = re.compile(r"\b(?:improv|increas|boost|rais|reduc|decreas|lower)\w*\b(?:(?!\b(?:to|reach\w*|"
                         r"achiev\w*|obtain\w*|yield\w*)\b)[^.,;:()])*(?<!\bof )(?<!\bat )$", re.I)
_AXIS = re.compile(r"(?:\d+\.\d+\s+){3,}")  # "Epoch 0.60 0.70 0.80 0.90Test Accuracy"
_AS_PRINTED = re.compile(_ACRONYMS)


_TABLE_REF_BEFORE = re.compile(r"(?:Table|Tab\.|Figure|Fig\.|Section|Sec\.|Eq\.|Appendix|\[)\s*$", re.I)


_INEQUALITY_BEFORE = re.compile(
    r"[<>≤≥]\s*$|target\s+(?:[\w-]+\s+){0,2}(?:of\s+)?$|"
    # "all the presented algorithms ... (all exceeded 90% test accuracy)": a bound over a set
    r"\b(?:all|each|every)\b(?:\s+[\w-]+){0,3}?\s+(?:exceed(?:ed|s)?|above|over|more\s+than|"
    r"at\s+least)\s+$", re.I)


FRAGMENT = re.compile(r"[a-z]|\d+\s+[a-z]")  # a sentence that starts mid-way


_YEAR = re.compile(r"(?:19|20)\d\d")


REDUCTION = re.compile(
    rf"\b(?:reduc(?:e|es|ed|ing)|cut(?:s|ting)?|lower(?:s|ed|ing)?|and)\s+(?:the\s+)?"
    rf"(?:number\s+of\s+)?(?P<what>[a-zA-Z][\w -]{{2,40}}?)\s+by\s+(?:up\s+to\s+|over\s+|about\s+"
    rf"|nearly\s+|almost\s+)?{_NUM}\s*(?:(?P<times>times|×|x\b|-?fold)|(?P<pct>%))", re.I)


_RESOURCE = re.compile(r"memory|parameters?|time|cost|comput\w*|FLOPs|latency|size|energy|storage", re.I)


# "the same accuracy with 14 times fewer training steps": a saving, stated as a ratio
FEWER = re.compile(
    rf"{_NUM}\s*(?:times|×|x\b|-?fold)\s+(?:fewer|less)\s+(?P<what>(?:[a-zA-Z][\w-]*\s+){{0,2}}?"
    rf"(?:steps|iterations|updates|epochs|examples|samples|data|{_RESOURCE.pattern}))\b", re.I)


# "speed up training and inference of several RNN architectures by up to 9x", "with a
# speedup of up to 3.28x in synchronous and up to 2.69x in asynchronous settings": a
# speed-up, though said with "by" or "of up to"
_UP_TO = r"(?:up\s+to\s+|over\s+|about\s+|nearly\s+|almost\s+|a\s+factor\s+of\s+)?"
_TIMES = r"\s*(?:×|x\b|times\b|-?fold\b)"
SPEED_UP_BY = re.compile(
    rf"\b(?:(?:speed(?:s|ed|ing)?[\s-]+up|accelerat(?:e|es|ed|ing))\b[^.;]{{0,80}}?\bby|"
    rf"speed-?ups?\s+of)\s+{_UP_TO}{_NUM}{_TIMES}"
    rf"(?P<more>(?:\s+(?:in|on|for)\s+(?:[\w-]+\s+){{0,3}}?(?:and|while)\s+{_UP_TO}\d+(?:\.\d+)?{_TIMES})*)", re.I)


# the speed-up listed before another: "4.3 and" of "4.3 and 7.0 times faster" (not a range:
# "between 6 and 10 times faster")
_SPEEDUP_BEFORE = re.compile(rf"(?<!between ){_NUM}\s*(?:×|x\b|times\b)?\s*(?:,\s*(?:and\s+)?|and\s+)$")


# "significant reductions in computational requirements (approximately 60.46%) and parameter
# count (about 57.50%)": each saving with its size in brackets after it
_ABOUT = r"(?:(?:about|approximately|nearly|roughly|around|up\s+to)\s+)?"
_REDUCED_IN = re.compile(rf"\breductions?\s+in\s+(?P<what>[a-zA-Z][\w -]{{2,40}}?)\s*\({_ABOUT}{_NUM}\s*%\)", re.I)
_AND_REDUCED = re.compile(rf"\s+and\s+(?:in\s+)?(?P<what>[a-zA-Z][\w -]{{2,40}}?)\s*\({_ABOUT}{_NUM}\s*%\)", re.I)
# "At 320 × 320 YOLOv3 runs in 22 ms at 28.2 mAP", "57.9 AP50 in 51 ms on a Titan X": a latency
# (not "frames in 25 ms windows": a setting's length)
_RUNS_IN = re.compile(rf"(?:\b(?:runs?|running|inference|processes|takes?)\s+(?:only\s+)?(?:in\s+)?|(?<=[A-Za-z0-9] )in\s+)"
                      rf"{_NUM}\s*ms\b(?!\s*(?:windows?|frames?|hops?|shifts?|intervals?|chunks?|segments?|steps?))",
                      re.I)


def _reductions(sentence: str) -> list[tuple[str, float, str, int]]:
    """ "reduce the number of trainable parameters by 10,000 times and the GPU memory
    requirement by 3 times": a result of its own, not a difference to skip."""
    found = []
    for m in REDUCTION.finditer(sentence):
        if m.group(0).lower().startswith("and") and not found:
            continue  # "and X by N" only continues a reduction already found
        what = re.sub(r"\s+", " ", m["what"]).strip()
        if m["pct"] and not _RESOURCE.search(what):
            continue  # "reduces the error by 2%": a difference between results
        found.append((f"{what} reduction", number(m["num"]), "%" if m["pct"] else "×",
                      m.start("num")))
    for m in SPEED_UP_BY.finditer(sentence):
        found.append(("speedup", number(m["num"]), "×", m.start("num")))
        found += [("speedup", number(more[1]), "×", m.start("more") + more.start(1))
                  for more in re.finditer(rf"(\d+(?:\.\d+)?){_TIMES}", m["more"])]
    for m in _REDUCED_IN.finditer(sentence) if "reduction" in sentence.lower() else ():
        if not _RESOURCE.search(m["what"]):
            continue
        found.append((f"{m['what'].strip().lower()} reduction", number(m["num"]), "%", m.start("num")))
        pos = m.end()
        while (more := _AND_REDUCED.match(sentence, pos)) and _RESOURCE.search(more["what"]):
            found.append((f"{more['what'].strip().lower()} reduction", number(more["num"]), "%",
                          more.start("num")))
            pos = more.end()
    for m in _RUNS_IN.finditer(sentence) if " ms" in sentence else ():
        clause = sentence[max(sentence.rfind(",", 0, m.start()), 0): m.start()]
        if not re.search(rf"(?i)\b(?:{_VERSUS}|than)\s", clause):
            found.append(("inference time", number(m["num"]), "ms", m.start("num")))
    for m in FEWER.finditer(sentence):
        if not DIFFERENCE_BEFORE.search(sentence[max(0, m.start() - 30): m.start()]):
            found.append((f"{m['what'].lower()} reduction", number(m["num"]), "×", m.start("num")))
    return found


# "superior accuracy (WIDER FACE Val/Test – Easy: 0.910/0.896, ...; FDDB – discontinuous: 0.973)":
# a metric, then its results labelled one by one in brackets
_METRIC_LIST = re.compile(rf"{_METRIC}\s*\((?P<items>[^()]{{5,300}}?:\s*\d[^()]*)\)", re.I)
_LABELLED = re.compile(r"(?<![\w.])(?!(?i:see|table|tab|fig|figure|eq|section)\b)[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,2}"
                       r"\s*:\s*(?P<vals>\d*\.?\d+(?:\s*/\s*\d*\.?\d+)*)(?=\s*(?:[,;]|$))")


def _listed_results(sentence: str) -> list[tuple[str, float, str, int]]:
    found: list[tuple[str, float, str, int]] = []
    if "(" not in sentence or ":" not in sentence:
        return found  # what the pattern needs, looked for cheaply: this runs on every sentence
    for m in _METRIC_LIST.finditer(sentence):
        metric, start = _metric_name(m["metric"]), m.start("items")
        for item in _LABELLED.finditer(m["items"]):
            for v in re.finditer(r"\d*\.?\d+", item["vals"]):
                found.append((metric, number(v[0]), "", start + item.start("vals") + v.start()))
    return found


def _claims_in(sentence: str, headline: bool) -> list[tuple[str, float, str, int]]:
    """(metric, value, unit, position) found in one sentence."""
    found = _reductions(sentence) + _listed_results(sentence)
    for rx in (CLAIM_FORWARD, CLAIM_BACKWARD, SPEEDUP, RELATIVE, FROM_TO, ACHIEVES):
        for m in rx.finditer(sentence):
            if rx is ACHIEVES and any(at == m.start("num") for *_, at in found):
                continue  # a metric the vocabulary knows read it already
            after = sentence[m.end():]
            if rx is CLAIM_BACKWARD and NOT_A_RESULT.match(after):
                continue
            if rx is CLAIM_FORWARD and (NOT_A_RESULT.match(sentence[m.end("num"):])
                                        or AFTER_METRIC.match(after)):
                continue
            before = sentence[max(0, m.start("num") - 30): m.start("num")]
            bound = rx is SPEEDUP and re.search(r"\bmore\s+than\s*$", before)  # "more than 100x faster"
            if (DIFFERENCE_BEFORE.search(before) and not bound) or _INEQUALITY_BEFORE.search(before):
                continue
            if _CHANGED_BY.search(sentence[max(0, m.start("num") - 90): m.start("num")]):
                continue  # "SE can improve ResNet50 on ImageNet 1% top-1 accuracy": a gain
            if _TABLE_REF_BEFORE.search(sentence[max(0, m.start() - 12): m.start()]):
                continue
            if rx in (CLAIM_BACKWARD, CLAIM_FORWARD) and _REFERENCE_BEFORE.search(
                    sentence[max(0, m.start() - 30): m.start()]):
                continue  # "compared to 57.5 AP50 in 198 ms by RetinaNet": the reference's
            if _CONDITION_BEFORE.search(sentence[max(0, m.start() - 60): m.start()]):
                continue  # "decreases ... when the accuracy reaches 100%": a condition
            if re.match(r"-[A-Za-z]", sentence[m.end("num"):]):
                continue  # "8-shot", "5-fold", "16-bit": what the number counts, not a result
            if re.fullmatch(r"\d+", m["num"]) and re.match(r"\s*(?:scores|values|runs)\b", after):
                continue  # "we have 20 F1 scores": how many there are
            if re.match(r"\s*/\s*[A-Za-z(Σ∑]", sentence[m.end("num"):]):
                continue  # "MRR = 1/Q Σ ...": a formula
            value = number(m["num"])
            metric = _metric_name(m["metric"])
            if m.groupdict().get("acronym") and _AS_PRINTED.fullmatch(m["acronym"]):
                metric = m["acronym"]  # "a mean opinion score (MOS) of 4.53"
            pct = bool(m.groupdict().get("pct"))
            if metric in ("score", "top-1", "top-5") and not pct and not headline:
                continue
            if not pct and _YEAR.fullmatch(m["num"]):
                continue
            unit = "×" if rx is SPEEDUP and not pct else ("%" if pct else "")
            if rx is SPEEDUP and (first := _SPEEDUP_BEFORE.search(sentence, 0, m.start("num"))):
                # "4.3 and 7.0 times faster than BiDAF in training and inference": both
                found.append((metric, number(first["num"]), unit, first.start("num")))
            found.append((metric, value, unit, m.start("num")))  # BLEU, F1: the metric says it
            if rx is FROM_TO:
                pos = m.end()
                while (more := _AND_MORE.match(sentence, pos)) and bool(more["pct"]) == pct:
                    found.append((metric, number(more["num"]), unit, more.start("num")))
                    pos = more.end()
            if rx in (CLAIM_BACKWARD, CLAIM_FORWARD):
                # "88.55% on ImageNet, 90.72% on ImageNet-ReaL and 94.55% on CIFAR-100"
                pos = m.end()
                for more in LIST_MORE.finditer(sentence, pos):
                    if more.start() != pos:
                        break
                    found.append((metric, number(more["num"]), "%" if more["pct"] else "",
                                  more.start("num")))
                    pos = more.end()
    return found


MAX_CLAIMS = 15  # the abstract's, then the main tables' own rows, then the text's
MAX_FROM_TABLES = 8  # at least, beyond the abstract's (at most MAX_CLAIMS in all)
ROOM_FOR_TEXT = 3  # claims kept for results stated in the text, when the text has them


@dataclass
class _Candidate:
    metric: str
    value: float
    unit: str
    dataset: str
    source: str
    page: int | None
    found_in: str  # "abstract", "table", "text"
    table: str | None = None


def find_claims(doc: Document, abstract: str, version: int | None, *, title: str = "",
                abstract_page: int | None = None) -> list[Claim]:
    """Headline results, best first: the abstract's, the own rows of the main results
    tables (bold first, a few per table in turn), then results the body's text states.

    `abstract` is arXiv's when known, else the printed one (`abstract_page` is then 1).
    Sentences that cite others, tables flattened into text, sentence fragments that
    two-column layouts glue together, related work and the appendix are left out.
    """
    stated: list[_Candidate] = []
    for s in sentences(abstract):
        for metric, value, unit, at in _claims_in(s, True):
            stated.append(_Candidate(metric, value, unit, dataset_near(s, at), s, abstract_page,
                                     "abstract"))
    ours, others = [], []
    for block in doc.of_kind(PROSE, zones=(FRONT, BODY)):
        for s in sentences(block.text):
            if len(s) > 400 or not CLAIM_CONTEXT.search(s) or FRAGMENT.match(s):
                continue
            if len(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?!\s*%|\.\d|\w)", s)) > 6 or _AXIS.search(s):
                continue  # a table or a plot's axis, flattened into text
            mine = FIRST_PERSON.search(s)
            if (CITATION.search(s) or THIRD_PERSON.search(s)) and not mine:
                continue  # someone else's result
            for metric, value, unit, at in _claims_in(s, False):
                if mine and not FIRST_PERSON.search(s, 0, at) and (
                        CITATION.search(s, 0, at) or THIRD_PERSON.search(s, 0, at)):
                    continue  # "X (2019) achieved 0.151 WER ... on a dataset like the one we used"
                c = _Candidate(metric, value, unit, dataset_near(s, at), s, block.page, "text")
                (ours if mine or (block.page or 99) <= 2 else others).append(c)
    # a speed-up a figure's caption states ("resulting in an 7.6× speedup"), after the text's
    for block in doc.of_kind(CAPTION, zones=(BODY,)):
        for s in sentences(block.text):
            if not CITATION.search(s) and not THIRD_PERSON.search(s):
                others += [_Candidate(metric, value, unit, dataset_near(s, at), s, block.page, "text")
                           for metric, value, unit, at in _claims_in(s, False) if metric == "speedup"]
    text = ours + others
    claims: list[Claim] = []
    for c in stated:
        _add(claims, c, version)
    # the tables fill what the abstract left, but for a few of the text's own results
    # (as many as it has that are new); the same number twice counts once
    reserve = min(ROOM_FOR_TEXT, len({(c.value, c.unit) for c in text if _same(claims, c) is None}))
    room = min(MAX_CLAIMS, max(len(claims) + MAX_FROM_TABLES, MAX_CLAIMS - reserve))
    for c in _from_tables(doc, tables.method_names(title, abstract)):
        _add(claims, c, version, room)
    for c in text:
        _add(claims, c, version)
    taken: set[str] = set()
    for k in claims:
        if k.metric == "GLUE score" and not k.dataset:
            k.dataset = "GLUE"
        k.key = claim_key(k.metric, k.dataset, taken)
        taken.add(k.key)
    return claims


def _from_tables(doc: Document, names: list[str]) -> list[_Candidate]:
    """The main tables' own results, one table after another in turn; the results of own
    rows above each table's last ones after all the others."""
    found = tables.results(doc, names)
    out: list[_Candidate] = []
    for later in (False, True):
        per_table = [[_Candidate(r.metric, r.value, r.unit, r.dataset, r.row, r.page, "table",
                                 r.table) for r in results if r.later == later]
                     for results in found]
        for depth in range(max((len(t) for t in per_table), default=0)):
            out += [t[depth] for t in per_table if depth < len(t)]
    return out


def _same(claims: list[Claim], c: _Candidate) -> Claim | None:
    """The claim that already states the candidate's number, if any."""
    return next((k for k in claims if k.value == c.value and _same_unit(k.unit, c.unit)
                 and _same_metric(k.metric, c.metric)), None)


def _add(claims: list[Claim], c: _Candidate, version: int | None, limit: int = MAX_CLAIMS) -> None:
    """A candidate made a claim, unless `limit` claims are made: the same number stated
    twice is one claim, which keeps what the second statement adds."""
    same = _same(claims, c)
    if same is not None:
        if len(c.metric) > len(same.metric) and c.found_in != "table":
            same.metric = c.metric  # "error" in the abstract, "top-5 error" later
        same.dataset = same.dataset or c.dataset
        same.table = same.table or c.table
        same.unit = same.unit or c.unit
        return
    if len(claims) < limit:
        claims.append(Claim(
            key="", metric=c.metric, value=c.value, unit=c.unit, dataset=c.dataset,
            source=c.source if len(c.source) <= 300 else c.source[:297] + "...",
            page=c.page, origin="paper", version=version,
            lower_is_better=metrics.lower_is_better(c.metric), table=c.table,
            found_in=c.found_in,
        ))


def _same_unit(a: str, b: str) -> bool:
    return a == b or not a or not b


def _same_metric(a: str, b: str) -> bool:
    a, b = a.lower().split()[-1], b.lower().split()[-1]
    return a == b or "score" in (a, b) or {a, b} <= {"top-1", "top-5", "accuracy", "error"}
