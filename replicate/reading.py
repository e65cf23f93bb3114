"""The first pass of reading a paper: suggestions pulled from its text. Pure: no I/O.

Everything found is a *suggestion* with the sentence it came from. The
extractors prefer missing a number to inventing one: a wrong headline claim
costs a replicator more than a blank line does.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from .record import Claim, Hyperparameter, Paper

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
]
_DATASET_RES = [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])"), name) for p, name in DATASETS]

# -- claims ---------------------------------------------------------------------------------

_NUM = r"(?<![\w.\-/+])(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)"
_METRIC = (
    r"(?P<metric>BLEU(?:\s+score)?|F1(?:\s+score)?|(?:top-?[15]\s+)?(?:(?:test|validation|val)\s+)?error(?:\s+rate)?"
    r"|(?:top-?[15]\s+)?(?:(?:test|validation|val)\s+)?accuracy|perplexity|EM|exact\s+match|mAP|AP|WER|word\s+error"
    r"\s+rate|FID|Inception\s+score|ROUGE(?:-[12L])?|GLUE\s+score|average\s+score|score|AUC"
    r"|speed-?up|top-?[15])"
)
_LOWER_BETTER = re.compile(r"error|perplexity|WER|FID|loss", re.I)
_SPREAD = r"(?:\s*±\s*\d+(?:\.\d+)?)?"
CLAIM_FORWARD = re.compile(rf"{_NUM}{_SPREAD}\s*(?P<pct>%)?\s*(?:\(\S+\)\s*)?{_METRIC}\b", re.I)
CLAIM_BACKWARD = re.compile(
    rf"{_METRIC}(?:\s+(?:of|to|is|was|reaches|=|:|at|by))+\s+(?:an?\s+|only\s+)?{_NUM}{_SPREAD}\s*(?P<pct>%)?",
    re.I,
)
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
FIRST_PERSON = re.compile(r"\b(?:we|our|this paper|this work)\b", re.I)
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
        ("epochs", r"(?P<v>\d[\d,]*)\s+(?:training\s+)?epochs"),
        ("training steps", r"(?<![×x·]\s)(?<![×x·\d.,])(?P<v>\d[\d,.]*\s*[kKM]?)\s+(?:training\s+)?(?:steps|iterations)"),
        ("optimizer", r"(?P<v>Adam(?:W|ax)?|SGD|AdaGrad|RMSProp|Adadelta|ADADELTA|LAMB|Adafactor)"
                      r"\s+(?:optimizer|optimiser|with|\()"),
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
    r"|(?:we|i)\s+(?:release|provide|publish|open[- ]source)[^.]{0,160}?\bat\s*(?:https?://)?$",
    re.I)
THEIRS = re.compile(r"\btheir\b|authors'|baseline|et al", re.I)
SECTION = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<title>[A-Z][^\n]{1,70})$")
COMPUTE = re.compile(
    r"(?P<hw>(?:\d+|one|two|four|eight|sixteen|thirty-two|sixty-four)\s+(?:NVIDIA\s+)?"
    r"(?:(?:Tesla\s+)?(?:P100|V100|A100|K80|K40|H100|Titan\s*X|GTX\s*\d+)s?(?:\s+GPUs?)?|GPUs|TPUs?"
    r"(?:\s*v\d)?(?:\s+cores)?|TPU\s*v\d(?:\s+cores)?))"
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


# -- text clean-up --------------------------------------------------------------------------


def clean(text: str) -> str:
    """Undo PDF extraction quirks: ligatures, odd spaces, words hyphenated at line ends."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    return re.sub(r"[ \t\u00a0]+", " ", text)


def sentences(text: str) -> list[str]:
    """Sentences with line breaks folded; good enough to quote as a source."""
    flat = re.sub(r"\s*\n\s*", " ", text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(\[\d])", flat)
    return [p.strip() for p in parts if p.strip()]


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
    """The dataset named in the same clause as position `at`, else the nearest one."""
    start = max(sentence.rfind(sep, 0, at) for sep in (", ", "; ", " and ", ": "))
    ends = [i for i in (sentence.find(sep, at) for sep in (", ", "; ", " and ")) if i >= 0]
    clause = (max(start, 0), min(ends) if ends else len(sentence))
    best, best_distance = "", 10**9
    for rx, name in _DATASET_RES:
        for m in rx.finditer(sentence):
            inside = clause[0] <= m.start() < clause[1]
            distance = abs(m.start() - at) - (10**6 if inside else 0)
            if distance < best_distance and (inside or abs(m.start() - at) < 120):
                best, best_distance = name, distance
    return best


def _metric_name(raw: str) -> str:
    m = re.sub(r"\s+", " ", raw.strip())
    low = m.lower()
    if low.startswith(("bleu", "f1", "glue")):
        return m.split()[0].upper() if not low.startswith("glue") else "GLUE score"
    if low in ("em", "exact match"):
        return "EM"
    low = re.sub(r"\b(?:test|validation|val) ", "", low)
    return low.replace("top5", "top-5").replace("top1", "top-1")


def claim_key(metric: str, dataset: str, taken: set[str]) -> str:
    def slug(text: str) -> str:
        return "-".join(re.findall(r"[a-z0-9]+", text.lower().replace(".", ""))[:4])

    base = "-".join(p for p in (slug(metric), slug(dataset)) if p) or "claim"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _claims_in(sentence: str, page: int | None, headline: bool
               ) -> list[tuple[str, float, str, str, int]]:
    """(metric, value, unit, source, position) found in one sentence."""
    found = []
    for rx in (CLAIM_FORWARD, CLAIM_BACKWARD):
        for m in rx.finditer(sentence):
            after = sentence[m.end():]
            if rx is CLAIM_BACKWARD and NOT_A_RESULT.match(after):
                continue
            if rx is CLAIM_FORWARD and (NOT_A_RESULT.match(sentence[m.end("num"):])
                                        or AFTER_METRIC.match(after)):
                continue
            if DIFFERENCE_BEFORE.search(sentence[max(0, m.start("num") - 30): m.start("num")]):
                continue
            before = sentence[max(0, m.start() - 12): m.start()]
            if re.search(r"(?:Table|Figure|Fig\.|Section|Sec\.|Eq\.|\[)\s*$", before):
                continue
            value = number(m["num"])
            metric = _metric_name(m["metric"])
            if metric in ("score", "top-1", "top-5", "speed-up") and not m["pct"] and not headline:
                continue
            if not m["pct"] and value.is_integer() and 1900 <= value <= 2030:
                continue
            unit = "%" if m["pct"] else ""
            found.append((metric, value, unit, sentence, m.start()))
            if rx is CLAIM_BACKWARD:
                # "88.55% on ImageNet, 90.72% on ImageNet-ReaL and 94.55% on CIFAR-100"
                pos = m.end()
                for more in LIST_MORE.finditer(sentence, pos):
                    if more.start() != pos:
                        break
                    found.append((metric, number(more["num"]), "%" if more["pct"] else "",
                                  sentence, more.start("num")))
                    pos = more.end()

    return found


def find_claims(abstract: str, pages: list[str], version: int | None,
                abstract_page: int | None = None) -> list[Claim]:
    """Headline results: the abstract's first, then sentences that state results.

    `abstract_page` is 1 when the abstract was read from the PDF, None for arXiv's.
    """
    candidates: list[tuple[int, str, float, str, str, int | None, int]] = []
    for s in sentences(abstract):
        for metric, value, unit, src, at in _claims_in(s, abstract_page, True):
            candidates.append((0, metric, value, unit, src, abstract_page, at))
    for number_, page in enumerate(pages, start=1):
        body = _strip_references(page)
        for s in sentences(body):
            if len(s) > 400 or not CLAIM_CONTEXT.search(s):
                continue
            if len(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?!\s*%|\.\d|\w)", s)) > 6:
                continue  # a table or a plot's axis, flattened into text
            if CITATION.search(s) and not FIRST_PERSON.search(s):
                continue  # someone else's result
            for metric, value, unit, src, at in _claims_in(s, number_, False):
                candidates.append((1, metric, value, unit, src, number_, at))
    claims: list[Claim] = []
    seen: set[tuple[str, float]] = set()
    taken: set[str] = set()
    for _, metric, value, unit, src, page, at in sorted(candidates, key=lambda c: c[0]):
        if (metric, value) in seen:
            continue
        seen.add((metric, value))
        dataset = "GLUE" if metric == "GLUE score" else dataset_near(src, at)
        key = claim_key(metric, dataset, taken)
        taken.add(key)
        claims.append(Claim(
            key=key, metric=metric, value=value, unit=unit, dataset=dataset,
            source=src if len(src) <= 300 else src[:297] + "...", page=page, origin="paper",
            version=version, lower_is_better=bool(_LOWER_BETTER.search(metric)),
        ))
        if len(claims) >= MAX_CLAIMS:
            break
    return claims


def _strip_references(page: str) -> str:
    m = re.search(r"\n(?:References|Bibliography|REFERENCES)\s*\n", page)
    return page[: m.start()] if m else page


def find_hyperparameters(pages: list[str], version: int | None) -> list[Hyperparameter]:
    found: dict[str, Hyperparameter] = {}
    for number_, page in enumerate(pages, start=1):
        for s in sentences(_strip_references(page)):
            if len(s) > 500:
                continue
            for name, rx in HYPERPARAMETERS:
                if name in found:
                    continue
                m = rx.search(s)
                if m:
                    value = m.group("v") or (m.groupdict().get("v2") or "")
                    if name == "training steps" and re.fullmatch(r"\d{1,2}", value.strip()):
                        continue  # "2 steps ahead" is not a training length
                    if value:
                        found[name] = Hyperparameter(name, value.strip().rstrip(".,"),
                                                     source=s[:300], page=number_,
                                                     version=version)
    order = [n for n, _ in HYPERPARAMETERS]
    return sorted(found.values(), key=lambda h: order.index(h.name))


def join_urls(text: str) -> str:
    """Glue back URLs that a line break cut after a slash, hyphen or underscore."""
    return re.sub(r"(https?://\S*[/\-_])\n(?=[a-z0-9][\w\-./~]*(?:\s|$))", r"\1", text)


def find_urls(texts: list[str]) -> list[str]:
    """URLs in the text, joined back where a line break split them, deduplicated."""
    urls: list[str] = []
    for text in texts:
        for m in URL.finditer(join_urls(text)):
            url = m.group(0).rstrip(".,;:)]}'\"?")
            url = re.sub(r"(?<=[A-Za-z])\.\d$", "", url)  # a footnote mark glued on
            if url.startswith("www.") or url.lower().startswith("github.com"):
                url = "https://" + url
            if re.search(r"arxiv\.org|doi\.org|creativecommons", url, re.I):
                continue
            if url not in urls and re.match(r"https?://[^/\s]+\.[a-z]{2,}", url, re.I):
                urls.append(url)
    return urls


def find_official_code(texts: list[str], urls: list[str]) -> str | None:
    for text in texts:
        flat = re.sub(r"\s*\n\s*", " ", join_urls(text))
        for url in urls:
            if not CODE_HOSTS.search(url):
                continue
            bare = url.split("://", 1)[-1]
            for m in re.finditer(re.escape(bare), flat):
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


def find_compute(pages: list[str]) -> list[str]:
    found: list[str] = []
    for page in pages:
        for s in sentences(_strip_references(page)):
            if len(s) > 400 or not TRAINING.search(s):
                continue
            for m in COMPUTE.finditer(s):
                text = re.sub(r"\s+", " ", m["hw"] or m["time"])
                if m["time"] and not re.search(r"GPU|TPU|P100|V100|A100|K80|train", s):
                    continue
                if text not in found:
                    found.append(text)
            if len(found) >= 6:
                return found
    return found


FRONT_NOISE = re.compile(r"(?i)^(?:published|accepted|under review|preprint|proceedings|workshop|"
                         r"draft|to appear|submitted|arxiv:|technical report)")


def find_front_matter(first_page: str) -> tuple[str, list[str], str]:
    """(title, authors, abstract) as page 1 prints them; blanks where unsure."""
    lines = [ln.strip() for ln in first_page.splitlines() if ln.strip()]
    lines = [ln for ln in lines if not STAMP.search(ln) and not FRONT_NOISE.match(ln)]
    abstract = ""
    m = re.search(r"(?:^|\n)\s*Abstract\.?\s*\n?(?P<body>.+?)(?:\n\s*(?:1\.?\s+Introduction|"
                  r"Introduction|Keywords|I\.\s+INTRODUCTION)\b)", first_page, re.S | re.I)
    if m:
        abstract = re.sub(r"\s*\n\s*", " ", m["body"]).strip()
    title, authors = "", []
    if lines and not re.match(r"(?i)abstract|\d", lines[0]) and len(lines[0]) < 150:
        title = lines[0].rstrip(" *∗†‡")
        if len(lines) > 1 and _continues_title(lines[0], lines[1]):
            joiner = "" if title.endswith("-") else " "
            title = (title[:-1] if title.endswith("-") else title) + joiner + lines[1]
        rest = lines[2 if title != lines[0] else 1:]
        if rest:
            marked = bool(re.search(r"[*∗†‡]|\d$", rest[0]))
            names = [re.sub(r"[*∗†‡\d,\s]+$", "", n).strip() for n in
                     re.split(r",\s*|\s+and\s+|\s{2,}", rest[0])]
            names = [n for n in names if n]
            if ((len(names) >= 2 or marked) and len(names) <= 12
                    and all(_looks_like_name(n) for n in names)):
                authors = names
    return title, authors, abstract


def _continues_title(first: str, second: str) -> bool:
    if first.endswith("-") or re.match(r"^[a-z]", second):
        return True
    if first.isupper() and second.isupper() and len(second) > 8 and not re.search(r"[@\d]", second):
        return True
    return first.endswith((" for", " of", " and", " to", " with", " in", " the", " by", " on",
                           " from", " via", " at", " as", " a", " an", ":"))


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+", text))


def extract(
    pages: list[str], *, abstract: str = "", comment: str = "", version: int | None = None
) -> Reading:
    """Everything the text suggests; wrong is worse than missing."""
    pages = [clean(p) for p in pages]
    first = pages[0] if pages else ""
    title, authors, printed_abstract = find_front_matter(first)
    abstract_text = clean(abstract) if abstract else printed_abstract
    urls = find_urls([abstract_text, clean(comment), *pages])
    all_text = "\n".join(pages)
    return Reading(
        title=title,
        authors=authors,
        abstract=printed_abstract,
        stamp=find_stamp(first),
        claims=find_claims(abstract_text, pages, version, None if abstract else 1),
        hyperparameters=find_hyperparameters(pages, version),
        datasets=find_datasets(all_text, abstract_text),
        code_urls=urls,
        official_code=find_official_code([clean(comment), abstract_text, *pages], urls),
        sections=find_sections(pages),
        compute=find_compute(pages),
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
    """Write the suggestions into `paper`, keeping whatever the user edited.

    ``paper.extracted`` holds a fingerprint of each suggestion as last written.
    A suggestion whose current value still matches its fingerprint is replaced;
    one the user changed is kept. Claims the user added are never touched, a paper
    claim the user deleted is not brought back, and numbers the user recorded on a
    claim (reproduced, tolerance, human) survive re-extraction.
    """
    notes: list[str] = []
    first = not paper.extracted
    old = paper.extracted

    def unedited(name: str, current: object) -> bool:
        return first or old.get(name) == fingerprint(current)

    new_prints: dict[str, str] = {}
    for name in ("datasets", "code_urls", "official_code", "sections", "compute"):
        value = getattr(reading, name)
        if unedited(name, getattr(paper, name)):
            if not first and getattr(paper, name) != value:
                notes.append(f"updated {name.replace('_', ' ')}")
            setattr(paper, name, value)
            new_prints[name] = fingerprint(value)
        else:
            notes.append(f"kept your edited {name.replace('_', ' ')}")
            new_prints[name] = old.get(name, "")

    hp_old = {h.name: h for h in paper.hyperparameters}
    hps: list[Hyperparameter] = []
    for h in reading.hyperparameters:
        mine = hp_old.pop(h.name, None)
        print_name = f"hp:{h.name}"
        if mine is not None and not first and old.get(print_name) != fingerprint(mine):
            hps.append(mine)
            new_prints[print_name] = old.get(print_name, "")
            notes.append(f"kept your edited hyperparameter {h.name}")
        elif mine is None and not first and print_name in old:
            new_prints[print_name] = old[print_name]  # deleted by the user: stays deleted
        else:
            hps.append(h)
            new_prints[print_name] = fingerprint(h)
    hps += [h for h in hp_old.values()]  # the user's own, or ones no longer found
    paper.hyperparameters = hps

    by_key = {c.key: c for c in paper.claims}
    claims: list[Claim] = []
    for c in reading.claims:
        mine = by_key.pop(c.key, None)
        print_name = f"claim:{c.key}"
        edited = mine is not None and not first and (
            old.get(print_name) != fingerprint(_claim_core(mine)))
        if mine is not None and (mine.origin == "user" or edited):
            claims.append(mine)
            new_prints[print_name] = old.get(print_name, "")
            notes.append(f"kept your edited claim {c.key}")
            continue
        if mine is None and not first and print_name in old:
            new_prints[print_name] = old[print_name]
            continue
        if mine is not None:
            for f in _USER_FIELDS:
                setattr(c, f, getattr(mine, f))
        claims.append(c)
        new_prints[print_name] = fingerprint(_claim_core(c))
    claims += list(by_key.values())
    paper.claims = claims
    paper.extracted = new_prints
    paper.read_from_version = paper.version
    return notes
