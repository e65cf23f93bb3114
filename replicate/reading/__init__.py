"""The first pass of reading a paper: suggestions pulled from its text. Pure: no I/O.

Everything found is a *suggestion* with the sentence it came from. The
extractors prefer missing a number to inventing one: a wrong headline claim
costs a replicator more than a blank line does.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..record import Claim, Hyperparameter, Paper, claim_key

MAX_CLAIMS = 12

STAMP = re.compile(
    r"arXiv:\s*(?P<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})"
    r"v(?P<v>\d+)\s*(?:\[(?P<cat>[^\]]+)\])?\s*(?P<date>\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})?"
)

# -- datasets: common spellings -> the usual name -------------------------------------------

DATASETS: list[tuple[str, str]] = [
    (r"WMT\s*(?:20)?14\s+English[- ]?to[- ]?German|WMT\s*(?:20)?14\s+En(?:glish)?[- ]De\b",
     "WMT 2014 English-German"),
    (r"WMT\s*(?:20)?14\s+English[- ]?to[- ]?French|WMT\s*(?:20)?14\s+En(?:glish)?[- ]Fr\b",
     "WMT 2014 English-French"),
    (r"WMT\s*['’]?\s*(?:20)?14", "WMT 2014"),
    (r"ImageNet(?:-1[kK])?|ILSVRC(?:\s*-?\s*20\d\d)?", "ImageNet"),
    (r"ImageNet-21[kK]", "ImageNet-21k"),
    (r"ImageNet-ReaL", "ImageNet ReaL"),
    (r"VTAB(?:-1[kK])?", "VTAB"),
    (r"JFT-300M", "JFT-300M"),
    (r"CIFAR-?10(?!0)", "CIFAR-10"),
    (r"CIFAR-?100", "CIFAR-100"),
    (r"(?<![A-Za-z-])MNIST", "MNIST"),
    (r"Fashion-MNIST", "Fashion-MNIST"),
    (r"SVHN", "SVHN"),
    (r"(?:MS\s*)?COCO", "COCO"),
    (r"PASCAL\s+VOC(?:\s*20\d\d)?", "PASCAL VOC"),
    (r"SQuAD\s*v?1\.1", "SQuAD v1.1"),
    (r"SQuAD\s*v?2\.0", "SQuAD v2.0"),
    (r"(?<![A-Za-z])GLUE(?![A-Za-z])", "GLUE"),
    (r"SuperGLUE", "SuperGLUE"),
    (r"Multi-?NLI|MNLI", "MultiNLI"),
    (r"SNLI", "SNLI"),
    (r"SWAG", "SWAG"),
    (r"Penn\s+Treebank|PTB", "Penn Treebank"),
    (r"WikiText-?103", "WikiText-103"),
    (r"WikiText-?2", "WikiText-2"),
    (r"One\s+Billion\s+Word", "One Billion Word"),
    (r"LibriSpeech", "LibriSpeech"),
    (r"TIMIT", "TIMIT"),
    (r"Switchboard", "Switchboard"),
    (r"Atari(?:\s+2600)?(?:\s+games)?", "Atari 2600"),
    (r"Omniglot", "Omniglot"),
    (r"CelebA", "CelebA"),
    (r"LSUN", "LSUN"),
    (r"Natural\s+Questions", "Natural Questions"),
    (r"TriviaQA", "TriviaQA"),
    (r"MS\s*MARCO", "MS MARCO"),
    (r"WikiSQL", "WikiSQL"),
    (r"SAMSum", "SAMSum"),
    (r"E2E\s+NLG", "E2E NLG"),
    (r"Kinetics(?:-\d+)?", "Kinetics"),
    (r"Cityscapes", "Cityscapes"),
    (r"STL-?10", "STL-10"),
    (r"Long\s+Range\s+Arena|\bLRA\b", "Long Range Arena"),
    (r"BookCorpus", "BookCorpus"),
    (r"English\s+Wikipedia", "English Wikipedia"),
    (r"DCASE(?:\s*20\d\d)?", "DCASE"),
    (r"Path-X", "Path-X"),
    (r"Path-256", "Path-256"),
    (r"FEVER", "FEVER"),
    (r"Jeopardy", "Jeopardy"),
    (r"WebQuestions", "WebQuestions"),
    (r"CuratedTrec", "CuratedTrec"),
    (r"OpenWebText", "OpenWebText"),
    (r"Instagram-1B|IG-1B", "Instagram-1B"),
    (r"LVIS", "LVIS"),
    (r"Oxford(?:-IIIT)?\s+Pets?", "Oxford-IIIT Pets"),
    (r"Oxford\s+Flowers(?:-102)?", "Oxford Flowers-102"),
    (r"WMT\s*['’]?\s*(?:20)?14\s+English[- ]?French|WMT\s*['’]\s*14\s+En(?:glish)?[- ]?Fr", "WMT 2014 English-French"),
    (r"CoNLL-2003(?:\s+NER)?", "CoNLL-2003"),
    (r"RACE", "RACE"),
]
_DATASET_RES = [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])"), name) for p, name in DATASETS]

# -- claims ---------------------------------------------------------------------------------

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
REFERENCES = re.compile(r"(?:^|\n)\s*(?:\d+\.?\s*)?(?:References|Bibliography|REFERENCES|R EFERENCES)\s*\n")
LIST_MORE = re.compile(rf"\s+on\s+[^,;]{{1,40}}?(?:,\s*(?:and\s+)?|\s+and\s+){_NUM}\s*(?P<pct>%)?(?=\s+on\b)", re.I)
CLAIM_CONTEXT = re.compile(
    r"achiev|obtain|reach|outperform|state-of-the-art|state of the art|new record|push|"
    r"improv|result|surpass|set|establish|attain|scor|yield|win|won", re.I)

# -- hyperparameters ------------------------------------------------------------------------

_SCI = (r"(?:10\s*[−-]\s*\d+(?!\.\d)|10\^\s*\{?[−-]\d+\}?|\d+(?:\.\d+)?"
        r"(?:\s*[×x·]\s*10\s*\^?[−-]\s*\d+|\s*[eE]\s*[−-]?\s*\d+)?)")
HYPERPARAMETERS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(p, re.I)) for name, p in [
        ("learning rate", rf"learning\s+rate(?:\s+(?:of|was|is|=|to|set\s+to))+\s*(?P<v>{_SCI})"),
        ("warmup steps", r"(?:warmup_steps\s*=\s*|warm-?up\s+(?:of|for)?\s*)(?P<v>\d[\d,.]*\s*[kK]?)(?=\s*(?:steps|iterations|$|[.,;]))"),
        ("batch size", r"(?:mini-?)?batch(?:es)?(?:\s+size)?(?:\s+(?:of|was|is|=))+\s*(?P<v>\d[\d,]*k?)"),
        ("epochs", r"(?<![\d.,∼~])(?P<v>\d[\d,]*)\s+(?:training\s+)?epochs"),
        ("training steps", r"(?:train\w*|for|total|after|until|terminat\w*)\b[^.]{0,40}?(?<![×x·]\s)(?<![×x·\d.,])"
                           r"(?P<v>\d[\d,.]*(?:\s*[×x·]\s*10\d{1,2}|\s*[kKM]\b)?)\s+(?:training\s+)?(?:steps|iterations|updates)"),
        ("optimizer", r"(?P<v>Adam(?:W|ax)?|SGD|AdaGrad|RMSProp|Adadelta|ADADELTA|LAMB|Adafactor)"
                      r"\s+(?:optimizer|optimiser|with|\(|to\s+train|for\s+(?:training|optimi))"),
        ("beta1", r"β\s*1\s*=\s*(?P<v>\d+(?:\.\d+)?)"),
        ("beta2", r"β\s*2\s*=\s*(?P<v>\d+(?:\.\d+)?)"),
        ("epsilon", rf"(?:ε|ϵ|epsilon)\s*=\s*(?P<v>{_SCI})"),
        ("momentum", r"momentum(?:\s+(?:of|=))+\s*(?P<v>0?\.\d+)"),
        ("weight decay", rf"weight\s+decay(?:\s+(?:of|=))+\s*(?P<v>{_SCI})"),
        ("dropout", r"(?:dropout(?:\s+(?:rate|probability))?(?:\s+(?:of|=|p\s*=))+\s*|P\s*drop\s*=\s*)"
                    r"(?P<v>0?\.\d+)"),
        ("label smoothing", r"label\s+smoothing(?:\s+(?:of|value|=|ϵ\s*ls\s*=))+\s*(?P<v>0?\.\d+)"),
        ("layers", r"(?:N\s*=\s*)(?P<v>\d+)\s+(?:identical\s+)?layers?"),
        ("model dimension", r"d\s*_?\s*model\s*=\s*(?P<v>\d+)"),
        ("hidden size", r"hidden\s+(?:size|dimension|units?)(?:\s+(?:of|=))+\s*(?P<v>\d+)"),
        ("attention heads", r"(?P<v>\d+)\s+(?:parallel\s+)?attention\s+heads|h\s*=\s*(?P<v2>\d+)\s+"
                            r"parallel"),
        ("beam size", r"beam\s+(?:size|width)(?:\s+(?:of|=))+\s*(?P<v>\d+)"),
    ]
]

# -- code links, sections, compute ----------------------------------------------------------

URL = re.compile(r"(?:https?://|www\.|(?<![\w.@])(?=github\.com/))[^\s<>\"'(){}\[\]]+", re.I)
CODE_HOSTS = re.compile(r"github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|"
                        r"sites\.google|code\.google|tensorflow/|pytorch", re.I)
OFFICIAL = re.compile(
    r"(?:our|the|all)\s+(?:source\s+)?(?:code|implementation|models?|software)[^.]{0,80}?"
    r"(?:is|are|will\s+be|has\s+been|have\s+been)\s+(?:publicly\s+|made\s+|open[- ]?sourced?\s+)?"
    r"(?:available|released|open[- ]sourced|at)|code\s*(?:is\s+)?(?:available\s+)?(?:at|:)\s*$"
    r"|(?:available|released)\s+at\s*(?:https?://)?$"
    r"|(?:code|implementations?|models?)[^.]{0,60}?(?:are|is)\s+(?:publicly\s+)?available"
    r"|(?:we|i)\s+(?:release|provide|publish|open[- ]source)[^.]{0,160}?\bat\s*(?:https?://)?$"
    r"|(?<![A-Za-z])code\b[^.]{0,150}?(?:open[- ]sourced|released|available|published)[^.]{0,120}?\b(?:at|in)\s*(?:https?://)?$"
    r"|\b(?:provide|release|publish|share|open[- ]source)\w*\s+(?:our|the)\s+(?:source\s+)?"
    r"(?:code|implementations?|models?|checkpoints?)[^.]{0,120}?\bat\s*(?:https?://)?$",
    re.I)
# Publishers' pages: links that reference lists print, never code or data.
BIBLIOGRAPHY = re.compile(r"aclanthology\.org|aclweb\.org/anthology|jmlr\.org|proceedings\.|"
                          r"papers\.nips\.cc|openreview\.net|link\.springer|ieeexplore|dl\.acm\.org|"
                          r"semanticscholar|sciencedirect|nature\.com/articles", re.I)
THEIRS = re.compile(r"\btheir\b|authors'|baseline|et al", re.I)
SECTION = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\.?(?:\s+|(?=[A-Z][A-Za-z]{2}))(?P<title>[A-Z][^\n]{1,70})$")
COMPUTE = re.compile(
    r"(?P<hw>(?:\d+|one|two|four|eight|sixteen|thirty-two|sixty-four)\s+(?:NVIDIA\s+)?"
    r"(?:(?:Tesla\s+)?(?:P100|V100|A100|K80|K40|H100|Titan\s*X|GTX\s*\d+)s?(?:\s+GPUs?)?|GPUs|"
    r"(?:Cloud\s+)?TPUs?(?:\s*v\d)?(?:\s+(?:cores|chips|Pods?))?))(?!\w)"
    r"|(?:for|took|takes|in|about|approximately|around|over)\s+(?P<time>\d+(?:\.\d+)?\s+"
    r"(?:days|hours|weeks)(?!\s+of\b))", re.I)
TRAINING = re.compile(r"train|took|takes|ran\b|run\b", re.I)


@dataclass
class Stamp:
    """The arXiv stamp in page 1's margin, e.g. ``arXiv:1706.03762v5 [cs.CL] 6 Dec 2017``.

    `date` is as printed (``6 Dec 2017``).
    """

    arxiv_id: str
    version: int | None
    category: str
    date: str


@dataclass
class Reading:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    stamp: Stamp | None = None
    claims: list[Claim] = field(default_factory=list)
    hyperparameters: list[Hyperparameter] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    code_urls: list[str] = field(default_factory=list)
    official_code: str | None = None
    sections: list[str] = field(default_factory=list)
    compute: list[str] = field(default_factory=list)
    version: int | None = None  # the arXiv version the text came from, when known


# -- text clean-up --------------------------------------------------------------------------

# pypdf prints an accent as a spacing mark before its letter ("Universit´e"): put it back on.
_ACCENTS = {"\u00b4": "\u0301", "\u00a8": "\u0308", "\u02c7": "\u030c", "\u02c6": "\u0302",
            "\u02dc": "\u0303", "\u02da": "\u030a", "\u00b8": "\u0327"}
_SPACING_ACCENT = re.compile("([" + "".join(_ACCENTS) + r"])([A-Za-z])")
_LINE_HYPHEN = re.compile(r"([A-Za-z]+)-\n[ \t]*([A-Za-z]+)")
_WORD = re.compile(r"[A-Za-z]+")
_COMPOUND = re.compile(r"[A-Za-z]+-[A-Za-z]+")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def clean(text: str) -> str:
    """Undo PDF extraction quirks: detached accents, ligatures, odd spaces, soft hyphens."""
    text = _SPACING_ACCENT.sub(lambda m: m[2] + _ACCENTS[m[1]], text)
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return _SPACES.sub(" ", text)


def dehyphenate(pages: list[str]) -> list[str]:
    """Join words split at line ends, keeping real hyphens ("English-\\nto-German").

    The document is its own dictionary: a split is kept as a hyphen when the
    hyphenated form occurs elsewhere, joined when the joined word does, and
    otherwise joined only between lower-case fragments (a syllable break).
    """
    whole = "\n".join(pages)
    words = {w.lower() for w in _WORD.findall(whole)}
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


def tabular(line: str) -> bool:
    """A line that is mostly numbers: a table row or a plot's axis, not prose."""
    tokens = line.split()
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


def number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


# -- pieces ---------------------------------------------------------------------------------


def find_stamp(text: str) -> Stamp | None:
    m = STAMP.search(text)
    if not m:
        return None
    return Stamp(m["id"], int(m["v"]), (m["cat"] or "").strip(), m["date"] or "")


def find_datasets(text: str, strong: str = "") -> list[str]:
    """Datasets named in the abstract, or at least twice in the body; most mentioned first."""
    counts: dict[str, int] = {}
    for rx, name in _DATASET_RES:
        n = len(rx.findall(text))
        if n >= 2 or (strong and rx.search(strong)):
            counts[name] = counts.get(name, 0) + n
    if "WMT 2014 English-German" in counts or "WMT 2014 English-French" in counts:
        counts.pop("WMT 2014", None)
    return sorted(counts, key=lambda k: -counts[k])


def dataset_near(sentence: str, at: int) -> str:
    """The dataset named in the same clause as position `at`, else the nearest one.

    A number in brackets belongs to the name just before them:
    "Path-X (seq. length 16K, 61.4% accuracy) and Path-256 (...)".
    """
    paren = sentence.rfind("(", 0, at)
    if paren >= 0 and ")" not in sentence[paren:at]:
        named = [(m.end(), name) for rx, name in _DATASET_RES
                 for m in rx.finditer(sentence, max(0, paren - 40), paren)]
        if named:
            return max(named)[1]
    start = max(sentence.rfind(sep, 0, at) for sep in (", ", "; ", " and ", ": "))
    ends = [i for i in (sentence.find(sep, at) for sep in (", ", "; ", " and ")) if i >= 0]
    clause = (max(start, 0), min(ends) if ends else len(sentence))
    best, best_distance = "", 10**9
    for rx, name in _DATASET_RES:
        for m in rx.finditer(sentence):
            inside = clause[0] <= m.start() < clause[1]
            distance = abs(m.start() - at) - (10**6 if inside else 0)
            before = m.start() < at and at - m.start() < 120  # "On WMT 2014 ..., our model ..."
            if distance < best_distance and (inside or before):
                best, best_distance = name, distance
    return best


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


def _appendix_start(pages: list[str]) -> int:
    """The 1-based page after the one where the reference list begins (len+1 if none)."""
    for number_, page in enumerate(pages, start=1):
        if number_ > 1 and REFERENCES.search(page):
            return number_ + 1
    return len(pages) + 1


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
    appendix = appendix or _appendix_start(pages)
    related = False
    for number_, page in enumerate(pages[: appendix - 1], start=1):
        prose, related = _not_related_work(_strip_references(page), related)
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


RELATED_WORK = re.compile(r"(?i)^\d{1,2}\.?\s*(?:related\s+work|background|prior\s+work|previous\s+work)")


def _not_related_work(page: str, inside: bool) -> tuple[str, bool]:
    """The page without its related-work section (the numbers there are other papers'),
    and whether that section runs on to the next page."""
    keep = []
    for line in page.split("\n"):
        stripped = line.strip()
        if SECTION.match(stripped):
            inside = bool(RELATED_WORK.match(stripped))
        if not inside:
            keep.append(line)
    return "\n".join(keep), inside


def _same_metric(a: str, b: str) -> bool:
    return a.split()[-1] == b.split()[-1]


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


def _strip_references(page: str) -> str:
    m = REFERENCES.search(page)
    return page[: m.start()] if m else page


NEEDS_TRAINING = {"optimizer", "training steps"}
USED = re.compile(r"\b(?:we|use[ds]?|using|train\w*|optimi[sz]ed)\b", re.I)
_SCALED = re.compile(r"([×x·]\s*)10([1-9]\d?)\b")


def find_hyperparameters(pages: list[str], version: int | None) -> list[Hyperparameter]:
    """Each setting once, from the first sentence that states it (not a sweep of values)."""
    found: dict[str, Hyperparameter] = {}
    for number_, page in enumerate(pages, start=1):
        for s in sentences(_strip_references(page)):
            if len(s) > 500:
                continue
            for name, rx in HYPERPARAMETERS:
                if name in found:
                    continue
                values = []
                for m in rx.finditer(s):
                    value = m.group("v") or (m.groupdict().get("v2") or "")
                    value = value.strip().rstrip(".,;")
                    if value:
                        values.append(value)
                if not values or len(set(values)) > 1 and name != "optimizer":
                    continue  # "β1=0 β1=0.9 ...": a sweep in a legend, not the setting
                if name in NEEDS_TRAINING and not USED.search(s):
                    continue
                value = _SCALED.sub(r"\g<1>10^\2", values[0])
                shown = "exploration epsilon" if name == "epsilon" and "greedy" in s else name
                found[name] = Hyperparameter(shown, value, source=s[:300], page=number_,
                                             version=version)
    order = [n for n, _ in HYPERPARAMETERS]
    return [found[n] for n in order if n in found]


def join_urls(text: str) -> str:
    """Glue back URLs that a line break cut after a slash, hyphen, dot or underscore."""
    text = re.sub(r"(https?://\S*[/\-_])\n(?=[\w\-./~]+(?:\s|$))", r"\1", text)
    return re.sub(r"(https?://\S*\.)\n(?=[a-z][\w\-./~]*(?:\s|$))", r"\1", text)


def find_urls(texts: list[str]) -> list[str]:
    """URLs in the text, joined back where a line break split them, deduplicated."""
    urls: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for m in URL.finditer(join_urls(text)):
            url = m.group(0).rstrip(".,;:)]}'\"?")
            url = re.sub(r"(?<=[A-Za-z])\.\d$", "", url)  # a footnote mark glued on
            if url.startswith("www.") or url.lower().startswith("github.com"):
                url = "https://" + url
            if re.search(r"arxiv\.org|doi\.org|creativecommons", url, re.I) or BIBLIOGRAPHY.search(url):
                continue
            same = url.lower().rstrip("/").replace("http://", "https://")
            if same not in seen and re.match(r"https?://[^/\s]+\.[a-z]{2,}", url, re.I):
                seen.add(same)
                urls.append(url)
    return [u for u in urls if not any(o != u and o.startswith(u) for o in urls)]


def find_official_code(texts: list[str], urls: list[str]) -> str | None:
    """The code link the authors call their own, read from the words before it."""
    for text in texts:
        flat = re.sub(r"\s*\n\s*", " ", join_urls(text))
        for m in URL.finditer(flat):
            bare = m.group(0).split("://", 1)[-1].rstrip(".,;:)]}'\"?")
            url = next((u for u in urls if u.split("://", 1)[-1].startswith(bare)), None)
            if url is None or not CODE_HOSTS.search(url):
                continue
            before = flat[max(0, m.start() - 300): m.start()].rsplit(". ", 1)[-1]
            before = re.sub(r"(?:https?://|www\.)$", "", before)
            if OFFICIAL.search(before) and not THEIRS.search(before):
                return url
    return None


def find_sections(pages: list[str]) -> list[str]:
    """Numbered headings in order; a heading must follow the one before it."""
    out: list[str] = []
    last: tuple[int, ...] = ()
    for page in pages:
        for line in _strip_references(page).splitlines():
            m = SECTION.match(line.strip())
            if not m:
                continue
            title = m["title"].strip()
            if (len(title.split()) > 9 or re.search(r"\d{2,}|[=<>%]|\.\s*$|,$", title)
                    or title.endswith((".", ":", ";"))):
                continue
            num = tuple(int(x) for x in m["num"].split("."))
            if num[0] > 15 or not last and num != (1,) or last and not _follows(last, num):
                continue
            out.append(f"{m['num']} {title}")
            last = num
    return out


def _follows(last: tuple[int, ...], num: tuple[int, ...]) -> bool:
    """True when `num` can come right after `last` (1 -> 1.1 -> 1.2 -> 2 -> 2.1 ...)."""
    if len(num) > len(last) + 1:
        return False
    if len(num) == len(last) + 1:
        return num[:-1] == last and num[-1] == 1
    return num[:-1] == last[: len(num) - 1] and num[-1] == last[len(num) - 1] + 1


_COUNT_WORDS = {"one": "1", "a": "1", "a single": "1", "two": "2", "four": "4", "eight": "8",
                "sixteen": "16", "thirty-two": "32", "sixty-four": "64"}


def _compute_key(text: str) -> tuple[str, frozenset[str]]:
    words = text.lower().split()
    count = _COUNT_WORDS.get(words[0], words[0])
    return count, frozenset(w.rstrip("s") for w in words[1:] if w not in ("nvidia", "tesla"))


def find_compute(pages: list[str]) -> list[str]:
    """Accelerators and training times stated in sentences about training, most specific kept."""
    found: list[str] = []
    for page in pages:
        for s in sentences(_strip_references(page)):
            if len(s) > 400 or not TRAINING.search(s):
                continue
            for m in COMPUTE.finditer(s):
                text = re.sub(r"\s+", " ", m["hw"] or m["time"]).strip()
                if m["time"] and not re.search(r"GPU|TPU|P100|V100|A100|K80|train", s):
                    continue
                if text not in found:
                    found.append(text)
    keys = [_compute_key(t) for t in found]
    kept = []
    for i, text in enumerate(found):
        count, words = keys[i]
        if any(j != i and c == count and words < w for j, (c, w) in enumerate(keys)):
            continue  # "eight GPUs" beside "8 NVIDIA P100 GPUs"
        if any(keys[j] == keys[i] and (len(found[j]), -j) > (len(text), -i)
               for j in range(len(found))):
            continue  # "eight P100 GPUs" beside "8 NVIDIA P100 GPUs": the longer one
        kept.append(text)
    return kept[:6]


# -- title and authors ----------------------------------------------------------------------

FRONT_NOISE = re.compile(r"(?i)^(?:published|accepted|under review|preprint|proceedings|workshop|"
                         r"draft|to appear|submitted|arxiv:|technical report|\(version|\(dated)")
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
    lines = [ln for ln in lines if not STAMP.search(ln) and not FRONT_NOISE.match(ln)]
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
    if any(len(w) > 18 for w in _WORD.findall(title)):
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


def extract(
    pages: list[str], *, abstract: str = "", comment: str = "", version: int | None = None,
    source: Path | None = None,
) -> Reading:
    """Everything the text suggests; wrong is worse than missing.

    `abstract` and `comment` are arXiv's (either may be empty); `version` is the
    arXiv version the pages come from, recorded on every claim and setting.
    `source` is the folder of the paper's unpacked LaTeX source, when arXiv has one.
    """
    pages = dehyphenate([clean(p) for p in pages])
    first = pages[0] if pages else ""
    title, authors, printed_abstract = find_front_matter(first)
    abstract_text = dehyphenate([clean(abstract)])[0] if abstract else printed_abstract
    comment = clean(comment)
    pages, appendix = without_references(pages)
    urls = find_urls([abstract_text, comment, *pages])
    all_text = "\n".join(pages)
    return Reading(
        title=title,
        authors=authors,
        abstract=printed_abstract,
        stamp=find_stamp(first),
        claims=find_claims(abstract_text, pages, version, None if abstract else 1, appendix),
        hyperparameters=find_hyperparameters(pages, version),
        datasets=find_datasets(all_text, abstract_text),
        code_urls=urls,
        official_code=find_official_code([comment, abstract_text, *pages], urls),
        sections=find_sections(pages),
        compute=find_compute(pages),
        version=version,
    )


# -- merging into a record ------------------------------------------------------------------


def fingerprint(value: object) -> str:
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)  # type: ignore[arg-type]
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


_USER_FIELDS = ("reproduced", "tolerance", "human")


def _claim_core(c: Claim) -> dict:
    return {k: v for k, v in asdict(c).items() if k not in _USER_FIELDS}


def apply(paper: Paper, reading: Reading) -> list[str]:
    """Write the suggestions into `paper`, keeping whatever the user edited; return notes.

    ``paper.extracted`` holds a fingerprint of each suggestion as last written
    (``datasets``, ``claim:<key>``, ``hp:<name>`` ...). A suggestion whose value
    still matches its fingerprint is the tool's own and is replaced; one that no
    longer matches was edited and is kept. Claims the user added (origin "user")
    are never touched. A paper claim or setting the user deleted stays deleted:
    its fingerprint is remembered, so it is not brought back on the next reread
    (add it back by hand to undo). The numbers a user records on a claim
    (reproduced, tolerance, human) are carried over to the re-extracted claim of
    the same key; an unedited suggestion the new text no longer supports is
    dropped, unless the user recorded such a number on it.
    """
    notes: list[str] = []
    first = not paper.extracted
    old = paper.extracted
    new_prints: dict[str, str] = {}
    reading = copy.deepcopy(reading)  # the record must not share objects with the reading

    for name in ("datasets", "code_urls", "official_code", "sections", "compute"):
        value = getattr(reading, name)
        label = name.replace("_", " ")
        if first or old.get(name) == fingerprint(getattr(paper, name)):
            if not first and getattr(paper, name) != value:
                notes.append(f"updated {label}")
            setattr(paper, name, value)
            new_prints[name] = fingerprint(value)
        else:
            notes.append(f"kept your edited {label}")
            new_prints[name] = old.get(name, "")

    paper.hyperparameters = _merge(
        paper.hyperparameters, reading.hyperparameters, lambda h: h.name, "hp:",
        lambda h: fingerprint(h), lambda h: False, "setting", first, old, new_prints, notes)
    paper.claims = _merge(
        paper.claims, reading.claims, lambda c: c.key, "claim:",
        lambda c: fingerprint(_claim_core(c)), _has_user_numbers, "claim", first, old,
        new_prints, notes)
    paper.extracted = new_prints
    paper.read_from_version = reading.version if reading.version is not None else paper.version
    return notes


def _has_user_numbers(claim: Claim) -> bool:
    return any(getattr(claim, f) is not None for f in _USER_FIELDS)


def _merge(current: list, found: list, key, prefix: str, printer, precious, label: str,
           first: bool, old: dict[str, str], new_prints: dict[str, str], notes: list[str]
           ) -> list:
    """One list of suggestions (claims or settings) merged by key, in the new order."""
    mine = {key(x): x for x in current}
    out = []
    for item in found:
        name = prefix + key(item)
        have = mine.pop(key(item), None)
        if have is not None and getattr(have, "origin", "paper") == "user":
            out.append(have)  # the user's own entry under the same key wins
            continue
        if have is not None and not first and old.get(name) != printer(have):
            out.append(have)
            new_prints[name] = old.get(name, "")
            if have != item:
                notes.append(f"kept your edited {label} {key(item)}")
            continue
        if have is None and not first and name in old:
            new_prints[name] = old[name]  # deleted by the user: stays deleted
            continue
        if have is not None:
            for f in _USER_FIELDS:
                if hasattr(item, f):
                    setattr(item, f, getattr(have, f))
        elif not first:
            notes.append(f"new {label} {key(item)}")
        out.append(item)
        new_prints[name] = printer(item)
    for k, have in mine.items():
        name = prefix + k
        edited = name not in old or old.get(name) != printer(have)
        if getattr(have, "origin", "paper") == "user" or edited or precious(have):
            out.append(have)
            if name in old:
                new_prints[name] = old[name]
        else:
            notes.append(f"dropped {label} {k}: no longer found in the text")
    return out
