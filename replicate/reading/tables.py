"""Tables: what kind each one is, and the paper's own results in the main ones.

A replicator's headline numbers mostly sit in results tables, in the rows of the
paper's own method ("Transformer (big) 28.4 41.8"). This module tells results
tables from ablations, hyperparameter tables and dataset statistics (by caption
and headers), finds the method's name (title, abstract, "(ours)" marks, bold best
cells) and turns its rows into `TableResult`s: metric and dataset from the
column headers and the caption, the value, the table's label and the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import metrics, vocab
from .datasets import DATA_COLUMN, dataset_near
from .document import APPENDIX, BODY, CAPTION, PROSE, Cell, Document, Table

MAIN, ABLATION, HYPERPARAMETERS, DATASETS, OTHER = (
    "main", "ablation", "hyperparameters", "datasets", "other")


# a caption of the recipe's table ("Experiment settings for all the different environments")
HYPER_CAPTION = re.compile(
    r"hyper-?\s?parameter|training (?:details|settings|setup|configuration)|"
    r"experiment(?:al)? (?:settings|setup|configuration)|"
    r"implementation details|(?:optimi[sz]ation|training|fine-?tuning) (?:hyper)?parameters|"
    r"settings used|configurations? (?:used|of the)|architecture details", re.I)
_HYPER_HEADER = re.compile(
    r"learning rate|\blr\b|batch size|dropout|weight decay|warm-?up|optimi[sz]er|momentum|"
    r"^(?:hyper-?)?parameters?$|^(?:value|setting)s?$|epochs", re.I)
_DATA_CAPTION = re.compile(
    r"\bstatistics\b|(?:data ?sets?|corpora|benchmarks?|tasks?) (?:used|details|summary|sizes?|"
    r"descriptions?|overview)|summary of (?:the )?(?:[\w-]+ )?(?:data|tasks|benchmarks)|"
    r"number of (?:examples|samples|images|sentences|tokens|classes|"
    r"training (?:examples|samples|images|sentences|tokens|instances|set|data))|"
    r"(?:size|sizes) of the (?:data|train)", re.I)
# a caption that names only data: "Classification benchmark datasets.", "Datasets used."
DATA_LIST = re.compile(r"(?i)^(?:table\s+[\w.]+[:.]\s*)?(?:(?!result|performance|accura|compar|error|score)[\w-]+\s+){0,3}"
                        r"(?:data ?sets|corpora)(?:\s+used)?\.?\s*$")
DATA_HEADER = re.compile(r"^#\s*(?:train|test|dev|val|examples|samples|images|classes|tokens)|"
                          r"^(?:train(?:ing)?|dev|test|val(?:idation)?)\s+(?:size|examples|samples)|"
                          r"^(?:classes|#?examples|size|samples|images|tokens|vocab(?:ulary)?)(?:\s|$)",
                          re.I)
_ABLATION = re.compile(
    r"ablat|variation|effect of|impact of|influence of|sensitivity|analysis|w/o|without|"
    r"removing|varying|different (?:choices|settings|values|numbers|sizes)|comparison of "
    # "comparison of different approaches to ...": methods set side by side are the results
    r"(?:different|various)\s(?!(?:[\w-]+\s){0,2}(?:approach|method|model|baseline|system|technique))|"
    r"contribution of|"
    # "F1 scores of baseline LayoutXLM based on different reading orders"
    r"(?-i:\bof (?:the )?baseline [A-Z])|based on different|"
    r"design choices|study", re.I)
_RESULTS = re.compile(
    r"result|compar|state[- ]of[- ]the[- ]art|performance|accurac|error|score|bleu|f1|test|"
    r"benchmark|leaderboard|outperform|evaluation|best|baseline|speed-?up", re.I)


# Columns that describe the model or its cost, not its results.
_NOT_A_RESULT = re.compile(
    r"param|#|flops?\b|cost|size|layers?\b|depth|width|dim|epochs?|steps|iterations?\b|batch|year|train(?:ing)?\s+(?:set|data)|"
    r"time|speed|throughput|latency|memory|hours|days|gpu|tpu|(?-i:\b[KMGT]B\b)|"
    r"(?-i:^(?:d_?[a-z]*|[hkKNnrLHA]|d_?\{?\w+\}?)$)|"
    r"^(?:no\.\s*(?:of\s+)?)?(?:data ?sets|seeds|runs|trials|data ?points|samples|examples)$|"
    r"^\|\s*\w+\s*\|$|\bp[\s-]?values?\b|\bcount\b",
    re.I)  # how many, not how well
_BASELINE_ROW = re.compile(r"^(?:human|random|majority|chance|oracle|baseline|nominal|original|"
                           r"unadapted|non-adapted|untrained)\b|\bhuman performance\b|"
                           r"\bSOTA\b|state of the art|^previous|^prior|^best (?:published|reported)", re.I)
# what no method is: the recordings, the gold annotations (a row no method's own, but
# not a baseline that the rows below it are set against)
_REFERENCE_ROW = re.compile(r"(?i)\bground[- ]truth\b|^(?:gold|reference|recordings?)\b")
# a row of what a method costs ("HBM R/W (GB)", "Runtime (ms)"), whatever name it holds
_COST_ROW = re.compile(r"(?i:flops?\b|runtime|latency|throughput|memory)|(?-i:\b[KMGT]B\b)|"
                       r"\((?:ms|s|sec|hours?|days?)\)")
_SECONDARY_ROW = re.compile(r"\b(?:best|max(?:imum)?|oracle|upper[- ]bound)\b", re.I)
_LAST_ROW = re.compile(r"(?i)\blast\b")
# the method with a part taken out ("CODA w/o break", "- state dropout"): an ablation
_VARIANT_ROW = re.compile(r"(?i)\bw/o\b|\bwithout\b|^\s*[-–−]\s*[A-Za-z]")
_CITED = re.compile(r"\[(?:cite|\d+(?:[,–-]\s*\d+)*)\]|\bet al\.|\(\d{4}\)|\b(?:19|20)\d\d\b")
# what a table of the paper's method alone is scored on, row by row
_TEST_COLUMN = re.compile(r"(?i)^(?:test\s+)?(?:signals?|splits?|scenarios?|conditions?|test\s+sets?|"
                          r"test\s+cases?|inputs?)$")
_COMPARES = re.compile(r"(?i)\bcompar|\bversus\b|\bvs\.?\s|\bagainst\b|\bbaselines?\b")
_OURS = re.compile(r"\(ours\)|\bours\b|this work|\bproposed\b|\(our\b", re.I)

_VALUE = re.compile(
    r"^[(\[]?(?P<num>[−\-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[−\-+]?\d*\.?\d+(?:[eE][−\-+]?\d+)?)"
    r"(?:\s*[·×]\s*10\s*\^\s*\{?\s*(?P<exp>[−\-+]?\d+)\s*\}?)?"  # "1.4 · 10^6", "4.2 · 10^-7"
    r"(?P<pct>\s*%)?(?P<times>\s*[x×])?[)\]]?"
    # spreads: "± 1.4 ± 7.1" (over seeds, then over folds), "<0.01 ± 0.5" (one too small to print),
    # an interval set as a superscript: "98% ^(+1%)-5%"
    r"(?:\s*(?:±|\+/?-|\\pm|<)\s*\d*\.?\d+(?:[eE][−\-+]?\d+)?%?)*(?:\s*[*†‡§]+)?(?:\s*(?:[/(]|\^\s*[({]).*)?$")


MAX_ROWS = 2  # own rows of a table to report beyond those with bold cells: the last ones
MORE_ROWS = 2  # own rows before those, reported after them ("RNNsearch-30" above "RNNsearch-50")


@dataclass
class TableResult:
    """One number of the paper's own method in a results table."""

    metric: str
    value: float
    unit: str
    dataset: str
    table: str  # "Table 2"
    row: str  # the row as printed, cells separated by spaces
    page: int | None
    bold: bool
    lower_is_better: bool
    later: bool = False  # from an own row above the last ones: ranked after every table's others


def classify(table: Table) -> str:
    """MAIN, ABLATION, HYPERPARAMETERS, DATASETS or OTHER, from caption and headers."""
    caption = table.caption
    headers = [c.text.strip() for row in table.rows[: table.header_rows] for c in row]
    first_column = [row[0].text.strip() for row in table.rows[table.header_rows:] if row]
    # "NER results. Hyperparameters were selected on Dev." and "Test scores. Best model
    # without gold access underlined." are results tables: past the caption's first
    # sentence, metric headers outweigh such words
    headed = any(_metric_of(h) for h in headers)
    metric_headers = headed or bool(_metric_of(caption[: first_sentence_end(caption)]))

    def says(rx: re.Pattern[str]) -> bool:
        m = rx.search(caption)
        return bool(m) and (m.start() < first_sentence_end(caption) or not metric_headers)

    if says(HYPER_CAPTION):
        return HYPERPARAMETERS
    # setting names head columns, or open rows ("Dropout | 0.1"); a row "with Dropout" of a
    # results table names a variant, and under metric headers "LR" is a model (logistic
    # regression), not a learning rate
    named = [h for h in headers if _HYPER_HEADER.search(h)] + [
        c for c in first_column if _HYPER_HEADER.match(c) and len(c.split()) <= 4 and not headed]
    # rows of metrics ("Accuracy", "FPR", "TPR") over the methods' columns are results laid
    # out across, whatever "Parameter" heads the first column
    if len({n.lower() for n in named}) >= 2 and not _metric_rows(first_column):
        return HYPERPARAMETERS  # (not "Value" over each of two tasks' results)
    if says(_ABLATION) and _numeric_columns(table):
        return ABLATION
    data = _DATA_CAPTION.search(caption)
    end = first_sentence_end(caption)
    first = caption[:end]
    if data and data.start() >= end and (re.search(r"(?i)\bresults?\b|\bperformance\b", first)
                                         or _metric_of(first)):
        data = None  # "... test results are comparable ... Reported statistics are F1 ..."
    if data or sum(bool(DATA_HEADER.search(h)) for h in headers) >= 2 or DATA_LIST.search(first):
        return DATASETS
    if not _numeric_columns(table):
        return OTHER
    if _RESULTS.search(caption) or metric_headers:
        return MAIN
    return OTHER


def first_sentence_end(caption: str) -> int:
    """Where the caption's first sentence ends, its "Table 7:" label not counted."""
    label = re.match(r"\s*(?:Table|Tab\.|Figure|Fig\.)\s*[\w.]+\s*[:.]\s*", caption)
    start = label.end() if label else 0
    m = re.compile(r"[.:;](?:\s|$)").search(caption, start)
    return m.end() if m else len(caption)


_TITLE_NAME = re.compile(r"^\s*([a-z]?[A-Z][\w.+-]*(?:[- ][A-Z0-9][\w.+-]*){0,2})\s*:")
# what a paper's method is built on, said just before that method's name
_BASES = ("built on", "based on", "on top of", "extends", "extending", "builds on", "builds upon",
          "alternative to")
_PROPOSE = re.compile(
    # "we propose X", "we leverage ... and introduce 2T-HGNN"
    r"(?:(?i:we)(?:\s+[\w-]+){0,8}?\s+(?:and\s+)?(?:propose|present|introduce|design|develop|call|name|dub|term)"
    r"|called|named|dubbed|termed|coined)"
    # not what it is built on ("an algorithm built on MuZero, which we name EfficientZero")
    r"\b[^.;]{0,80}?(?<![.] )" + "".join(f"(?<!{w} )" for w in _BASES) +
    r"\b(?P<name>\d?[A-Z][\w-]*[A-Z0-9][\w-]*|[A-Z][a-z]{2,}(?:(?:[ -]| & )[A-Z][a-z]+){0,3}(?=[ ,.:)]))")
# fields and kinds of model, not a method's name: "a visual RL algorithm", "an LLM"
_FIELDS = {"RL", "ML", "DL", "AI", "NLP", "CV", "IR", "QA", "MT", "ASR", "TTS", "LLM", "LLMs", "GPU",
           "GPUs", "CUDA", "DNN", "DNNs", "CNN", "CNNs", "RNN", "RNNs", "NN", "NNs", "SOTA"}
_OR_NAME = re.compile(r",? or (?:simply )?(?P<name>[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\b"
                      # the method's own variant: "PPNP, and its fast approximation, APPNP"
                      r"|\bits\s+(?:[a-z-]+\s+){0,2}(?:approximation|variant|version|extension),?\s+"
                      r"(?:(?:called|named|dubbed)\s+)?(?P<variant>[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\b")
_ACRONYM = re.compile(r"\((?P<name>(?:[A-Z][a-z]+ )?[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)")  # "(Fast R-CNN)"
_COMMON = {"The", "This", "We", "Our", "In", "It", "A", "An", "Deep", "Neural", "On", "For", "By",
           "With", "Unlike", "When", "Using", "As", "To", "Its", "These", "Both", "Each"}


_CALLED_AFTER = re.compile(r"[^.;]{0,60}?,?\s+(?:called|named|dubbed|termed|coined)\s+(?:as\s+)?[A-Z]")


def method_names(title: str, abstract: str) -> list[str]:
    """The paper's own method as it names it: "BERT" from "BERT: ...", "we propose X" ..."""
    names: list[str] = []
    m = _TITLE_NAME.match(title)
    if m:
        names.append(m[1])
    for text in (title, abstract):
        for m in _PROPOSE.finditer(text):
            if _CALLED_AFTER.match(text, m.end("name")):
                continue  # "a novel ALE approximation, called DALE": the name is DALE
            if _DATA_NOUN_IN.search(text, m.start(), m.start("name")) or _DATA_AFTER.match(text, m.end("name")):
                continue  # "We develop two high-quality datasets ..., RealScholarQuery", "X, a dataset"
            # "we present a novel architecture for RObust Generic medical image segmentation
            # (ROG)": the acronym the phrase ends with is the name
            spelled = re.match(r"[^.;()]{0,100}?\((?P<a>[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)",
                               text[m.start("name"):])
            # "a novel LS-based method, the best orthogonalized subset selection (BOSS)
            # method": the acronym the words before it spell
            names.append(spelled["a"] if spelled and (spelled["a"][0] == m["name"][0] or _spelled_by(
                spelled["a"], text[:m.start("name") + spelled.start("a") - 1]) is not None) else m["name"])
    for name in list(names):
        words = re.split(r"[ -]", name)
        if len(words) >= 2 and all(w[:1].isupper() or w.isdigit() for w in words):
            # "Contrastive Predictive Coding" is "CPC" in the tables, "Batch Normalization"
            # "BN", "Deep Speech 2" "DS2"
            names.append("".join(w[0] for w in words))
    for text in (title, abstract):
        for m in _OR_NAME.finditer(text):
            names.append(m["name"] or m["variant"])
    first = abstract.split(". ")[:4]
    for sentence in first:
        for m in _ACRONYM.finditer(sentence):
            # not a benchmark's ("the Arcade Learning Environment (ALE)"), unless the title's;
            # not the method a name found already extends, as the background presents it
            # ("Accumulated Local Effect (ALE) is a method ..." for DALE)
            background = not re.search(r"(?i)\b(?:we|our)\b|\bthis (?:paper|work)\b", sentence)
            if (not vocab.canonical(m["name"]) or m["name"] in title) and not (background and any(
                    n != m["name"] and n.endswith(m["name"]) for n in names)):
                names.append(m["name"])
    out: list[str] = []
    for n in names:
        n = n.strip(".,;:-")
        n = n[:-1] if re.fullmatch(r"[A-Z]{2,}s", n) else n  # "GATs" name rows "GAT (ours)"
        if metrics.is_metric(n):
            continue  # "Mean Opinion Score, or MOS" names the metric, not the method
        if len(n) >= 2 and n not in _COMMON and n not in _FIELDS and n.lower() not in (o.lower() for o in out):
            out.append(n)
    return out


# "the proposed model, to which we refer as RNNsearch": a name given in the body only
_REFER = re.compile(
    r"(?:(?:to\s+)?which\s+we\s+(?:will\s+)?refer\s+(?:to\s+)?as|[Ww]e\s+(?:will\s+)?(?:refer\s+to|call|name|dub|term)"
    r"\s+(?:it|this\s+\w+|(?:the|our)\s+(?:proposed\s+)?(?:model|method|approach|network|system|architecture))"
    r"(?:\s+as)?)\s+(?P<name>[A-Z][\w-]*[A-Za-z0-9])\b")
# "Our model-free approach which we call Deep DPG (DDPG)", "I use a hybrid content-collaborative
# model, called LightFM": the paper's own method, named in a sentence of its own
_CALLED = re.compile(
    r"(?:\b(?:which|that)\s+we\s+(?:will\s+)?(?:call|name|dub|term)|\b(?:[Ww]e|I)\s+(?:use|propose|introduce|"
    r"present|develop|design)\b[^.;]{0,80}?,?\s+(?:called|named|dubbed))\s+(?:as\s+)?"
    r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})(?:\s+\((?P<acronym>[A-Z][\w-]*[A-Z][\w-]*)\))?(?=[\s,.;:)])")

# "a new Twitter dependency treebank, which we call TWEEBANK V2": data the paper makes
_DATA_NOUNS = r"\b(?:data\s*sets?|corpus|corpora|treebanks?|benchmarks?|collections?|suites?)\b"
_DATA_NOUN_IN = re.compile(_DATA_NOUNS, re.I)
_DATA_AFTER = re.compile(rf",?\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}{_DATA_NOUNS}", re.I)
_DATA_NOUN = re.compile(rf"(?:{_DATA_NOUNS}|\btasks?\b)[\s,]*$", re.I)


def body_names(doc: Document) -> list[str]:
    """Names the paper gives its own model in the body's prose ("we refer to as X"); not a
    dataset's ("we refer to it as ImageNet"). An acronym the body defines for words of the
    title ("memory-augmented neural network (MANN)" under the title "... with
    Memory-Augmented Neural Networks") names the paper's method too."""
    title = _words(doc.title)
    out: list[str] = []
    # "Exact gradient REINFORCE REBAR RELAX (ours)": a figure's legend marks the method
    for block in doc.blocks:
        if block.zone == BODY and block.kind in (PROSE, CAPTION):
            out += [m["name"] for m in _MARKED_OURS.finditer(block.text)
                    if m["name"] not in out and not vocab.canonical(m["name"])]
    for block in doc.of_kind(PROSE, zones=(BODY,)):
        # not the method it is built on: "built on top of the MuZero Reanalyze algorithm. For
        # brevity, we refer to it as MuZero"
        found = [m["name"] for m in _REFER.finditer(block.text)
                 if not _BASE_BEFORE.search(block.text[max(0, m.start() - 150):m.start()])]
        calls = ("call" in block.text or "name" in block.text or "dub" in block.text
                 or "term" in block.text)  # what _CALLED needs, looked for cheaply
        found += [n for m in (_CALLED.finditer(block.text) if calls else ()) for n in (m["acronym"], m["name"])
                  if n and not _BASE_BEFORE.search(block.text[max(0, m.start() - 150):m.start()])
                  and not _DATA_NOUN.search(block.text[max(0, m.start() - 40):m.start()])]
        if len(title) >= 2:
            found += [m["acronym"] for m in _DEFINED.finditer(block.text)
                      if _spells(m["acronym"], block.text[:m.start()], title)
                      and not _a_task(m["acronym"], doc)]
            # "the AMDCN" under "An Aggregated Multicolumn Dilated Convolution Network ...":
            # an acronym of consecutive title words, used without being spelled out
            found += [a for a in _CAPS.findall(block.text) if _initials_of(a, title)]
            # "CapsNet" under "On the Vulnerability of Capsule Networks ...": the title's
            # words cut short and run together
            found += [c.rstrip("s") for c in _CONTRACTED.findall(block.text) if _contracts(c, title)]
        for name in found:
            # "We call our approach Whisper2.": a footnote's mark glued on
            if re.search(r"[a-z]\d$", name) and any(
                    re.search(rf"\b{re.escape(name[:-1])}\b", b.text) for b in doc.blocks):
                name = name[:-1]
            if name not in out and name not in _COMMON and not vocab.canonical(name):
                out.append(name)
    return out


def _a_task(acronym: str, doc: Document) -> bool:
    """ "image question answering (QA)" under "... for Image Question Answering": an
    acronym the paper uses for a task ("a new QA dataset", "the QA task") names what it
    works on, not its method."""
    rx = re.compile(rf"(?<![\w-]){re.escape(acronym)}\s+(?:tasks?|problems?|datasets?|benchmarks?"
                    r"|research|literature|community|pairs?)\b")
    return any(rx.search(b.text) for b in doc.of_kind(PROSE, zones=(BODY,)))


_BASE_BEFORE = re.compile(r"(?i)\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _BASES) + r")\b")
_DEFINED = re.compile(r"\((?P<acronym>[A-Z]{2,6})s?\)")
_MARKED_OURS = re.compile(r"(?<![\w-])(?P<name>[A-Z][\w-]*[A-Z0-9][\w-]*)\s*\((?:[Oo]urs|this work)\)")


_CAPS = re.compile(r"(?<![\w-])[A-Z]{3,8}(?![\w-])")


_CONTRACTED = re.compile(r"(?<![\w-])(?:[A-Z][a-z]{2,5}){2,3}s?(?![\w-])")


def _contracts(name: str, title: list[str]) -> bool:
    parts = [p.lower() for p in re.findall(r"[A-Z][a-z]+", name.rstrip("s"))]
    return any(all(w.startswith(p) and w != p for w, p in zip(title[i:i + len(parts)], parts,
                                                             strict=True))
               for i in range(len(title) - len(parts) + 1))


def _spelled_by(acronym: str, before: str) -> list[str] | None:
    """The last words of `before` when they start with the acronym's letters, in order."""
    words = _words(before[-120:])[-len(acronym):]
    spelled = len(words) == len(acronym) and "".join(w[0] for w in words) == acronym.lower()
    return words if spelled else None


def _initials_of(acronym: str, title: list[str]) -> bool:
    n = len(acronym)
    return any("".join(w[0] for w in title[i:i + n]) == acronym.lower()
               for i in range(len(title) - n + 1))


def _words(text: str) -> list[str]:
    """Lower-case words, hyphenated ones split and plurals made singular."""
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w
            for w in re.findall(r"[a-z]+", text.lower())]


def _spells(acronym: str, before: str, title: list[str]) -> bool:
    """True when the words just before "(ACRONYM)" give its letters and run on in the title."""
    words = _spelled_by(acronym, before)
    if words is None:
        return False
    n = len(words)
    return any(title[i:i + n] == words for i in range(len(title) - n + 1))


def own_method_names(doc: Document, names: list[str] | None = None) -> list[str]:
    """The paper's names for its own method: the title's and abstract's (or `names`), then
    those its body gives."""
    names = method_names(doc.title, doc.abstract) if names is None else names
    names = names + [n for n in body_names(doc) if n not in names]
    tail = _TITLE_TAIL.search(doc.title)
    if not names and tail:
        # "Simple and Scalable Predictive Uncertainty Estimation using Deep Ensembles": with
        # no name given anywhere, what the title says it uses ("Deep Ensembles" heads a column)
        names = [tail["name"]]
    return names


_TITLE_TAIL = re.compile(r"\b(?:using|via)\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,3})\s*$")


def is_own(label: str, names: list[str]) -> bool:
    if _OURS.search(label):
        return True
    # the name as a word ("RoBlarge (LoRA)", "BERTLARGE", "ResNet-152"), in any case; an
    # estimator's hat before it set apart ("ˆfDALE", "f̂DALE", "fDALE": f-hat of DALE)
    label = _HATTED.sub(" ", label)
    return any(re.search(rf"(?<![A-Za-z0-9])(?i:{re.escape(n)})(?![a-z])", label) for n in names)


# the LaTeX reader drops the hat: "\hat{f}_{\mathtt{DALE}}" is "fDALE", a function's f
_HATTED = re.compile(r"(?<![A-Za-z0-9])(?:[ˆ˜^][a-zα-ω]|[a-zα-ω][\u0302\u0303]|[fgh](?=[A-Z]{3,}\b))(?=[A-Z])")


def parse_value(text: str) -> tuple[float, str] | None:
    """(value, unit) of a results cell ("28.4", "76.4±0.3", "88.5%", "1.93x", "44.5/56.8"),
    else None."""
    t = text.strip().replace("−", "-").replace("\\%", "%")
    m = _VALUE.match(t)
    if not m:
        return None
    try:
        number = m["num"].replace(",", "").replace("−", "-")
        exp = f"e{m['exp'].replace('−', '-')}" if m["exp"] else ""
        value = float(number + exp)  # "3.2 · 10^-5" is 3.2e-05 exactly
    except (ValueError, OverflowError):
        return None
    return value, "%" if m["pct"] else "×" if m["times"] else ""


_NO_VALUE = re.compile(r"[\s\-–—−/]*")  # "", "-", "-/-": a result not reported


def _cells(table: Table, column: int) -> list[str]:
    """The column's reported cells, below its headers ("-" and empty cells left out)."""
    return [r[column].text for r in table.rows[table.header_rows:]
            if column < len(r) and not _NO_VALUE.fullmatch(r[column].text)]


# a cell that only gives the spread of the one before it: "436.1 & (18.9)", "& ± 0.3"
_SPREAD_CELL = re.compile(r"^\(\s*(?:±\s*)?[-+−]?\d[\d.,]*\s*%?\s*\)$|^(?:±|\+/?-)\s*\d")


def _spreads(cells: list[str], column: int) -> bool:
    """Standard deviations set in a column of their own (`cells`, see `_cells`), after
    their values'."""
    return column > 1 and bool(cells) and all(_SPREAD_CELL.match(c) for c in cells)


# a column of standard deviations by its own header: "Mean | SD"
_SPREAD_HEADER = re.compile(r"(?i)^(?:s\.?d\.?|std\.?(?: dev\.?)?|st\. ?dev\.?|standard deviation|σ|±)$")


def _numeric_columns(table: Table) -> list[int]:
    width = max((len(r) for r in table.rows[table.header_rows:]), default=0)
    cols = []
    for j in range(1, width):
        every = _cells(table, j)
        # "(± 0.1)" in the row under its value's is that value's spread, not a cell of its own
        cells = [c for c in every if not _SPREAD_CELL.match(c)]
        if cells and not _spreads(every, j) and not _SPREAD_HEADER.match(
                _own_header(table, j)) and sum(parse_value(c) is not None for c in cells) * 2 > len(cells):
            cols.append(j)
    return cols


_COUNT = re.compile(r"\d+|\d+(?:\.\d+)?\s?[KMBG]")  # "110" layers, "1.7M" parameters


def _counts(table: Table, column: int, numeric: list[int]) -> bool:
    """A column of whole numbers or sizes ("110", "1.7M"): what a model is (layers,
    parameters), not how it scores, when a column beside it (of the `numeric` ones) holds
    decimals."""
    mine = [c.strip() for c in _cells(table, column)]
    return bool(mine) and all(_COUNT.fullmatch(c) for c in mine) and any(
        any(re.match(r"\d*\.\d", c) and not _COUNT.fullmatch(c) for c in map(str.strip, _cells(table, j)))
        for j in numeric if j != column)


def _metric_rows(labels: list[str]) -> bool:
    """Most rows are metrics ("Accuracy", "FPR", "TPR"): the table is laid out across."""
    named = sum(1 for label in labels if _metric_of(label) and len(label.split()) <= 3)
    return named >= 2 and named * 2 > len(labels)


def _metric_of(text: str) -> str:
    """The metric a header or caption names; "top-1 error" from "top-1 err."."""
    named = _metrics_in(text)
    if not named:
        return ""
    if named[0] in ("top-1", "top-5") and len(named) > 1 and named[1] in ("error", "accuracy"):
        return f"{named[0]} {named[1]}"
    return named[0]


def _metrics_in(text: str) -> list[str]:
    found = metrics.named(text)
    # "rank-1 accuracies" is one metric, not accuracy besides
    found = [n for n in found if not any(o.endswith(f" {n}") for o in found)]
    # "AP50" is AP at one threshold, not AP besides
    return [n for n in found if n != "AP"] if any(n.startswith("AP") and n != "AP" for n in found) else found


def _dataset_of(header: str, metric_text: str) -> str:
    """The header words that are not the metric ("EN-DE" of "BLEU EN-DE")."""
    rest = header
    if metric_text:
        for rx, _ in metrics.headers():
            rest = rx.sub(" ", rest)
    rest = _CITED.sub(" ", rest)  # "Solubility [cite]"
    rest = re.sub(r"\(\s*\d[\d,.\s]*\)", " ", rest)  # "Housing (506, 13)": its size (n, p)
    # "Enzymes" under a header "Dataset" spanning all columns
    rest = re.sub(r"(?i)^\s*data ?sets?\s+(?=\S)|^\s*(?:measures?|metrics?)\s*$", " ", rest)
    rest = re.sub(r"(?i)[(\[](?:%|↑|↓|dev|test|s\.?d\.?|std\.?)[)\]]|[↑↓%()]|\b\d+(?:\.\d+)?[kKMB]\b|\s+", " ", rest)
    rest = re.sub(r"(?i)^\s*(?:max(?:imum)?|min(?:imum)?|best|final)\s*$", "", rest)  # "Max accuracy"
    if rest != header:  # "Accuracy on the Synthetic Dataset (Case 2)": what it is on, not "on the"
        rest = re.sub(r"(?i)^\s*(?:on|in|for)\s+(?:the\s+)?(?=\S)", "", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" -/,:.;")
    return rest


def _caption_dataset(caption: str) -> str:
    for at in range(0, len(caption), 40):
        found = dataset_near(caption, at)
        if found:
            return found
    return ""


_R2 = re.compile(r"\bR\s?\^?\s?2\b")
_ROUGE = re.compile(r"(?i)\bROUGE|\bR-?[1L]\b")


def _columns(table: Table) -> list[tuple[int, str, str]]:
    """(column, metric, dataset) of each results column."""
    cols = _numeric_columns(table)
    headers = {j: table.header(j) for j in cols}
    # "R2" is ROUGE-2 beside ROUGE-1 or ROUGE-L, else R² ("MAE | SMAPE | R2")
    r_squared = not any(_ROUGE.search(text) for text in [table.caption, *headers.values()])

    def metric_of(text: str) -> str:
        metric = _metric_of(text)
        return "R²" if metric == "ROUGE" and r_squared and _R2.search(text) else metric

    named = set(_metrics_in(table.caption)) - {"score"} - ({"ROUGE"} if r_squared else set())
    caption_metric = metric_of(table.caption) if len(named) == 1 or len(named) == 2 and (
        named & {"top-1", "top-5"} and named & {"error", "accuracy"}) else ""
    caption_data = _caption_dataset(table.caption)
    all_metrics = {metric_of(h) for h in headers.values()} - {""}
    out = []
    for j in cols:
        h = headers[j]
        metric = metric_of(h)
        if _NOT_A_RESULT.search(h) and not metric or not h and _counts(table, j, cols):
            continue
        own = _own_header(table, j)
        if own != h and _NOT_A_RESULT.search(own) and not _metric_of(own):
            continue  # "Emb Dim" under a title over the whole table ("Mean Test Accuracy")
        if all_metrics and not metric and re.search(r"[A-Za-z]{3}|^[A-Za-z]\.?$", h) and not _AVERAGE.match(
                h) and not vocab.mentions(h, gated=False) and not _AT.search(h):
            continue  # "Resolution", "Crops" beside "Top-1 error": a setting, not a result
        if not metric:
            metric = caption_metric or (next(iter(all_metrics)) if len(all_metrics) == 1 else "")
            if metric == "speedup" and not _in_times(table, j):
                metric = ""  # "accuracy ... and speed-up": a speed-up is in times, "ListOps" not
        if not metric and table.plain:
            metric = metric_of(table.caption)  # no headers: "Test Scores" is all there is
        data = _dataset_of(h, metric)
        if _NOT_A_RESULT.search(data) and not _metric_of(h):
            continue
        # the caption's first dataset, unless the header names a dataset of its own
        # ("MNLI-m" under a caption that mentions WikiSQL first)
        # ("test clean" is LibriSpeech's, under a caption naming LibriSpeech: "LibriSpeech test clean")
        own_name = vocab.canonical(data) if data else None
        if caption_data and caption_data.lower() not in data.lower() and not (
                data and (vocab.mentions(data, gated=False) or own_name)
                and (own_name == caption_data or caption_data.lower() not in (own_name or "").lower())):
            data = f"{caption_data} {data}".strip() if data else caption_data
        if not metric and not data:
            continue
        out.append((j, metric or "score", data))
    return out


def _in_times(table: Table, column: int) -> bool:
    """Most of the column's cells are in times ("1.93x")."""
    cells = _cells(table, column)
    return sum((parse_value(c) or (0, ""))[1] == "×" for c in cells) * 2 > len(cells)


# a result at a threshold: "Onset error threshold (s) ≤.05", "Recovery @1 s"
_AT = re.compile(r"[≤<≥>@]\s*[.\d]")
_AVERAGE = re.compile(r"(?i)\s*(?:avg\.?|average|mean|overall)\b")


def _own_header(table: Table, column: int) -> str:
    """The lowest header cell of a column that holds text of its own, not one spanning
    the columns beside it."""
    cells = [r[column] for r in table.rows[: table.header_rows] if column < len(r)]
    return next((c.text.strip() for c in reversed(cells) if c.text.strip() and c.span == 1), "")


def _average_cell(table: Table, row: list[Cell], column: int) -> bool:
    """True when the cell is the row's average over the table's benchmarks, read safely:
    the last column, headed "Avg"/"Average", and the row fills exactly the columns that
    have headers (a PDF's layout text can shift a row's cells under other headers)."""
    width = len(row)
    headed = [j for j in range(width) if table.header(j)]
    filled = [j for j in range(width) if row[j].text.strip()]
    return (bool(_AVERAGE.match(table.header(column))) and column == width - 1
            and headed == filled and len(filled) >= 4)


def _row_text(row: list[Cell]) -> str:
    out: list[str] = []
    for c in row:
        t = c.text.strip()
        if t and not (out and c.span > 1 and out[-1] == t):
            out.append(t)
    return " ".join(out)


def _shape(label: str) -> str:
    """A row's name with its numbers and plural s left out: "3 Frozen Layers" and "1 Frozen
    Layer" name one method set two ways."""
    return re.sub(r"s\b", "", re.sub(r"\d+(?:\.\d+)?", "#", label.lower())).strip()


_SETTING_NAME = re.compile(r"\d{1,3}%")


def _label(row: list[Cell]) -> str:
    """The row's name: its leading cells that are not numbers ("Open Book DPR [cite]")."""
    out: list[str] = []
    if len(row) > 3 and _SETTING_NAME.fullmatch(row[0].text.strip()) and all(
            parse_value(c.text) for c in row[1:3]):
        return row[0].text.strip()  # "60% | 66.69 | 84.98": rows named by a setting's value
    for c in row:
        t = c.text.strip()
        if t and parse_value(t) is not None:
            break
        if t and t not in out:
            out.append(t)
    return " ".join(out)


def _body(table: Table) -> list[tuple[list[Cell], str]]:
    """The rows below the headers, each with its name; rows named by nothing ("-") left out."""
    body = [(r, _label(r)) for r in table.rows[table.header_rows:] if r]
    # an operation ("+", "×", "√(·)") names a row as well as a word does
    return [(r, label) for r, label in body if re.search(r"[A-Za-z0-9+×÷√∑∏]", label)]


def _section_rows(table: Table) -> list[tuple[list[Cell], str]]:
    """Each body row with the text of the row heading it ("Penn Treebank", "Ours-frozen"), a
    row holding one text only, spanned or not; "" above the first such row."""
    out: list[tuple[list[Cell], str]] = []
    current = ""
    for row in table.rows[table.header_rows:]:
        filled = [c.text.strip() for c in row if c.text.strip()]
        if len(set(filled)) == 1 and parse_value(filled[0]) is None:
            current = filled[0]
        else:
            out.append((row, current))
    return out


def _sections(headed: list[tuple[list[Cell], str]]) -> dict[int, str]:
    """The dataset each body row is under (rows with their headings, see `_section_rows`),
    by id of the row, where a row naming only a dataset ("Penn Treebank", then "WikiText")
    heads the rows below it."""
    out: dict[int, str] = {}
    for row, heading in headed:
        named = vocab.canonical(heading) or (heading if vocab.mentions(heading, gated=False) else "")
        if named:
            out[id(row)] = named
    return out


def _under(sections: dict[int, str], row: list[Cell], data: str, caption_data: str) -> str:
    """`data` with the dataset of the section the row is in for the caption's."""
    section = sections.get(id(row))
    if not section or section.lower() in data.lower():
        return data
    if caption_data and data.lower().startswith(caption_data.lower()):
        return (section + data[len(caption_data):]).strip()
    return f"{section} {data}".strip() if not vocab.canonical(data) else data


def own_results(table: Table, names: list[str]) -> list[TableResult]:
    """The results of the paper's own rows in one table, best (bold) first.

    Own rows are those naming the method or marked "ours"; when none does, the
    rows holding bold (best) cells stand in for them, else (when the others' rows
    cite their papers) the rows that cite nothing. A table with the methods as
    columns (datasets as rows) is read down the paper's own column.
    """
    body = _body(table)
    headed = _section_rows(table)
    # "GAT (ours)", "Our DC-6-1.3B"
    own = [r for r, label in body if (is_own(label, names) or re.match(r"(?i)our\s+[\w-]", label))
           and not _BASELINE_ROW.search(label) and not _COST_ROW.search(label)]
    if not any(parse_value(c.text) for r in own for c in r[1:]):
        # the rows under a heading row "Ours-frozen", "Ours (fine-tuned)" (which holds no result)
        under = {id(r) for r, heading in headed if _OURS.search(heading)}
        own = [r for r, label in body if id(r) in under and not _BASELINE_ROW.search(label)]
    # "GP Sig" beside "GP-PoM Sig": the shorter name is what the paper builds on (a
    # Gaussian process), the longer one its method
    shadowed = [m for m in names if any(n.lower().startswith(m.lower() + "-") for n in names)]
    if shadowed:
        named = [n for n in names if n not in shadowed]
        specific = [r for r in own if is_own(_label(r), named)]
        own = specific or own
    if not own:
        width = max((len(r) for r, _ in body), default=0)
        own_columns = [j for j in range(1, width)
                       if is_own(table.header(j), names) and not _spreads(_cells(table, j), j)]
        # a column named after the method outweighs an "ours" the layout text set askew
        named = [j for j in own_columns if is_own(_OURS.sub(" ", table.header(j)), names)]
        # "REBAR / ours" (their run of a baseline) beside a column bold in most rows
        bold_columns = [j for j in range(1, width)
                        if sum(j < len(r) and r[j].bold for r, _ in body) * 2 > len(body)]
        own_columns = named or (bold_columns if own_columns and bold_columns else own_columns)
        if own_columns:
            return _own_columns(table, own_columns, body)
    if not own and is_own(table.caption, names) and (
            all(vocab.mentions(label, gated=False) for _, label in body)
            or all(parse_value(table.header(j)) for j in _numeric_columns(table))):
        # "Long Document performance (micro F1) at different sequence lengths using
        # FlashAttention": rows of datasets, columns of settings, every number the paper's
        # own; the best (bold) one of each row, or every one when none is marked
        return _bold_cells(table, body) or _own_columns(table, _numeric_columns(table), body)
    if (not own and is_own(_OURS.sub(" ", table.caption), names) and len(_numeric_columns(table)) == 1
            and not any(_CITED.search(label) or _BASELINE_ROW.search(label) or vocab.is_model(label)
                        for _, label in body)):
        # "RASP-for-COGS model performance on the COGS test set ...": one column of results,
        # each row a split or setting the paper's method is scored on
        return _own_columns(table, _numeric_columns(table), body)
    rows_are = table.header(0).strip()
    if not own and (DATA_COLUMN.match(rows_are) or _TEST_COLUMN.match(rows_are)):
        # "Corpus | P | Top 1 | Top 5" over "JDK 21.808 0.474 ...": no method in the
        # table, only the paper's one, scored on each corpus by the metrics above (or on
        # each test signal: "Signal | FIT (%) | coverage (%)" over "multisine 1 98.1 99.2")
        numeric = _numeric_columns(table)
        if sum(bool(_metric_of(table.header(j))) for j in numeric) * 2 > len(numeric):
            return _own_columns(table, numeric, body, headed=True)
    columns = _columns(table)
    if not columns:
        return []
    siblings: list[list[Cell]] = []
    unmarked: set[int] = set()
    if not own:
        own = [r for r, label in body if any(c.bold for c in r[1:])
               and not _BASELINE_ROW.search(label) and not _CITED.search(label)]
        # "GP-SM Opt" below the bold "GP-SM": a variant of the best row's method
        best = {_label(r) for r in own}
        # "1 Frozen Layer" beside the bold "3 Frozen Layers": the same method, another setting
        shapes = {_shape(b) for b in best if re.search(r"\d", b) and re.search(r"[A-Za-z]{3}", b)}
        siblings = [r for r, label in body if r not in own and _shape(label) in shapes
                    and not _BASELINE_ROW.search(label)]  # reported after the bold rows
        own = [r for r, label in body if r in own or r in siblings or any(
            label.startswith(b + " ") and len(b) >= 3 for b in best) and not _CITED.search(label)]
        if own:
            # the columns no row marks best and no metric heads, when only bold cells tell the
            # paper's rows: in "plain | ResNet" over layer counts, the bold "25.03" is ResNet's,
            # the "28.54" beside it is not
            unmarked = {j for j in range(1, max(len(r) for r, _ in body))
                        if not any(j < len(r) and r[j].bold for r, _ in body)
                        and not _metric_of(table.header(j))}
    if not own and sum(bool(_CITED.search(label)) for _, label in body) >= 2:
        # the others' rows cite their papers; the rows that cite nothing are the paper's own
        own = [r for r, label in body if not _CITED.search(label)
               and not _BASELINE_ROW.search(label) and not _REFERENCE_ROW.search(label)]
    if not own and any(_BASELINE_ROW.search(label) for _, label in body) and not any(
            _CITED.search(label) for _, label in body):
        # "Baseline 58.9%" then "Distilled single model 60.8%": the rows set against the
        # baseline are the paper's
        own = [r for r, label in body if not _BASELINE_ROW.search(label)]
    guessed = False
    if (not own and len(body) >= 3 and not table.plain and _COMPARES.search(table.caption)
            and re.search(r"[A-Za-z]{2}", body[-1][1])):
        # nothing names the method (no name, "ours", bold or citations the text keeps): a
        # comparison table usually ends with it, named in words (not "+11%) 0.117 (", the
        # pieces of cells a garbled layout text gives); ranked after every table's named results
        own, guessed = [body[-1][0]], True
    # a best-single-run row ("DQN Best") is reported beside the average, not instead of it;
    # but beside the last epoch's ("DivideMix Best" over "DivideMix Last") it is the one reported
    labels = [_label(r) for r in own]
    best_last = any(_LAST_ROW.search(x) for x in labels) and any(_SECONDARY_ROW.search(x) for x in labels)

    def secondary(label: str) -> bool:
        return bool((_LAST_ROW if best_last else _SECONDARY_ROW).search(label))

    own.sort(key=lambda r: not secondary(_label(r)))
    bold = [r for r in own if any(c.bold for c in r[1:])]
    whole = [r for r in own if not _VARIANT_ROW.search(_label(r))]
    first = [r for r in whole if r in bold or r in whole[-MAX_ROWS:] and r not in siblings]
    more = [r for r in own[-MAX_ROWS - MORE_ROWS:] if r not in first]
    found: list[TableResult] = []
    lead: list[TableResult] = []  # the average over the benchmarks, when safely read
    # column by column (each benchmark's own numbers together); within a column the
    # last own row first, as it is usually the strongest configuration; the rows
    # before those come later
    sections = _sections(headed)
    caption_data = _caption_dataset(table.caption) if sections else ""
    for rows in (first, more):
        for j, metric, data in columns:
            for row in reversed(rows):
                if j < len(row) and j not in unmarked:
                    got = [replace(r, later=rows is more or guessed) for r in _result(
                        table, row, j, metric, _under(sections, row, data, caption_data))]
                    average = rows is first and _average_cell(table, row, j)
                    (lead if average else found).extend(got)
    found = lead + found
    # stable: bold first, rows from the last one up, best-single-run rows last
    found.sort(key=lambda r: (secondary(r.row), not r.bold))
    return found


def _bold_cells(table: Table, body: list[tuple[list[Cell], str]]) -> list[TableResult]:
    metric = _metric_of(table.caption) or "score"
    found: list[TableResult] = []
    for row, label in body:
        for j, cell in enumerate(row[1:], start=1):
            if cell.bold:
                found += _result(table, row, j, metric, _CITED.sub("", label).strip())
    return found


_DEPTH_VARIANT = re.compile(r"(?i)\b\d+[\s-]+layers?\b")  # "MNIST 1 layer": the model the row reports on


def _own_columns(table: Table, columns: list[int], body: list[tuple[list[Cell], str]],
                 headed: bool = False) -> list[TableResult]:
    """Methods as columns: each row is a benchmark, named by its label. `headed`: each
    column is headed by what it measures, a metric the vocabulary may not know ("surprise")."""
    caption_metric = _metric_of(table.caption)
    speedups = "speedup" in _metrics_in(table.caption)  # "5.3x" under "Speed-ups provided by ..."
    found: list[tuple[int, TableResult]] = []  # each result with its row
    for j in columns:
        column_metric = "speedup" if speedups and _in_times(table, j) else caption_metric
        # a group's metric set over one of its columns ("RMSE" over "MC-dropout", not over
        # "Deep Ensembles" beside it) holds for the columns to its right
        left = next((m for k in range(j - 1, 0, -1) if (m := _metric_of(table.header(k)))), "")
        named = re.sub(r"\s*\([^()]*\)\s*$", "", table.header(j)).strip() if headed else ""
        if re.search(r"[A-Za-z]{3}", named):
            # "surprise (%)": a word; a symbol ("P") the caption spells out ("Perplexities (P)")
            left = named
        for i, (row, label) in enumerate(body):
            # "# layers" is what a method costs; "1 layer" a variant the row reports on
            if j < len(row) and not (_NOT_A_RESULT.search(_DEPTH_VARIANT.sub(" ", label))
                                     and not label[:1].isdigit()):
                metric = _metric_of(label) or _metric_of(table.header(j)) or left or column_metric
                data = _dataset_of(_CITED.sub(" ", label), metric)
                found += [(i, r) for r in _result(table, row, j, metric or "score", data)]
    if _metric_rows([label for _, label in body]):
        # rows of metrics: the first row's metric ("Accuracy") over every own column first
        found.sort(key=lambda p: p[0])
    results = [r for _, r in found]
    results.sort(key=lambda r: not r.bold)
    return results


_PAIR_HEADER = re.compile(r"(?P<a>[\w@-]+)\s*/\s*(?P<b>[\w@-]+)")  # "EM / F1"
_PAIR_CELL = re.compile(r"\s*(?P<a>\d+(?:\.\d+)?)\s*/\s*(?P<b>\d+(?:\.\d+)?)\s*")  # "76.2 / 84.6"


def _result(table: Table, row: list[Cell], j: int, metric: str, data: str) -> list[TableResult]:
    header = table.header(j)
    pair, cell = _PAIR_HEADER.search(header), _PAIR_CELL.fullmatch(row[j].text)
    if pair and cell and _metric_of(pair["a"]) and _metric_of(pair["b"]):
        # two metrics in one column: "EM / F1" over "76.2 / 84.6" (the dataset is read
        # without either, as `_dataset_of` drops every metric)
        return [r for k in "ab" for r in _one(table, row, j, _metric_of(pair[k]), data, cell[k])]
    return _one(table, row, j, metric, data, row[j].text)


def _one(table: Table, row: list[Cell], j: int, metric: str, data: str, text: str
         ) -> list[TableResult]:
    parsed = parse_value(text)
    if parsed is None:
        return []
    value, unit = parsed
    if unit == "" and "%" in table.header(j):
        unit = "%"
    return [TableResult(metric=metric, value=value, unit=unit, dataset=data, table=table.label,
                        row=_row_text(row), page=table.page, bold=row[j].bold,
                        lower_is_better=metrics.lower_is_better(metric))]


def best_cells(table: Table) -> list[TableResult]:
    """The best number of each column of a named metric, by its direction, baselines'
    rows (human, oracle) and costs left out: what a benchmark paper, whose rows are
    all others' methods, reports as the state of its tasks; else most often the
    paper's own method, which a table names in no way the reader knows."""
    body = [(r, label) for r, label in _body(table)
            if not _BASELINE_ROW.search(label) and not _COST_ROW.search(label)
            and not _SECONDARY_ROW.search(label) and not _REFERENCE_ROW.search(label)]
    found: list[TableResult] = []
    for j, metric, data in _columns(table):
        if metric == "score":
            continue  # no metric named, so which way is better is unknown ("Fluency", "Matvecs")
        # "+5%" is a gain over another row, "1x" the row others are measured against
        scored = [(parsed[0], r) for r, _ in body if j < len(r) and not r[j].text.lstrip().startswith("+")
                  for parsed in [parse_value(r[j].text)] if parsed is not None and parsed != (1.0, "×")]
        if len(scored) >= 2:
            sign = -1 if metrics.lower_is_better(metric) else 1
            _, row = max(scored, key=lambda vr: sign * vr[0])
            found += _result(table, row, j, metric, data)
    return found


def results(doc: Document, names: list[str]) -> list[list[TableResult]]:
    """Own results of each main results table of the body (else of the appendix), in the
    paper's order; when no table has rows of the paper's own, the body's tables' best
    cells (see `best_cells`)."""
    names = own_method_names(doc, names)
    out: list[list[TableResult]] = []
    appendix: list[list[TableResult]] = []
    best: list[list[TableResult]] = []
    done: set[str] = set()  # labels whose layout table gave own results
    laid_out: set[str] = set()  # labels the layout text read as a results table
    for block in doc.blocks:
        t = block.table
        if t is None or block.zone not in (BODY, APPENDIX) or classify(t) != MAIN:
            continue
        if t.plain and t.label in done:
            continue
        if t.plain and t.label.startswith("Figure") and not _metric_of(
                t.caption[:first_sentence_end(t.caption)]):
            continue  # a figure's plain rows are results only under a caption naming a metric
        if t.page is None:
            t.page = block.page
        found = own_results(t, names)
        if found:
            done.add(t.label)
            (out if block.zone == BODY else appendix).append(found)
        elif block.zone == BODY and (not t.plain or t.label not in laid_out):
            # the plain rows stand in for a table the layout text lost to the prose beside
            best.append(best_cells(t))
        if not t.plain:
            laid_out.add(t.label)
    # the appendix's tables only when the body's results are figures ("E Full results")
    best = [b for b in best if b]
    if out:  # beside the paper's own rows, after every one of them
        return out + [[replace(r, later=True) for r in b] for b in best]
    return appendix or best
