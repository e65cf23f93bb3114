"""Datasets, benchmarks and environments a paper uses.

Two sources: the shared vocabulary (`replicate.vocab`, which also matches human
baselines), and names the paper itself presents as data ("the Omniglot dataset",
"the LAMA benchmark", "a corpus called X"), kept when the paper names them again
and they are not a model, a method or the paper's own system.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .. import metrics, vocab
from .document import ABSTRACT, APPENDIX, BODY, CAPTION, HEADING, PROSE, TABLE, Document
from .links import own_names

_CALLED = re.compile(
    r"\b(?:dataset|benchmark|corpus|environment)s?\s+(?:called|named|dubbed)\s+"
    r"(?P<n>[A-Z][\w.*'’+-]*(?:[ -][A-Z0-9][\w.*'’+-]*){0,3})")
_NOT_A_NAME = {
    "the", "this", "that", "our", "each", "a", "an", "all", "both", "these", "those", "its", "we",
    "in", "for", "on", "table", "figure", "fig", "section", "appendix", "large", "small", "new",
    "standard", "public", "full", "original", "same", "training", "train", "test", "validation",
    "development", "dev", "other", "several", "two", "three", "many", "real", "synthetic", "toy",
    "image", "text", "speech", "audio", "video", "language", "vision", "every", "any", "one", "most",
    "existing", "popular", "common", "challenging", "downstream", "target", "source", "held-out",
    "unlabeled", "labeled", "pre-training", "pretraining", "fine-tuning", "evaluation", "whole",
    "entire", "following", "above", "below", "classification", "detection", "segmentation", "if",
    "when", "while", "then", "using", "with", "from", "to", "by", "as", "at", "of", "and", "or",
    "sota", "another",
}


# what data is for, said between its names and "datasets": "the X and Y graph classification
# datasets" (not names, but no sign that the words before are not either)
_KINDS = {"image", "text", "speech", "audio", "video", "language", "vision", "classification",
          "detection", "segmentation", "real", "synthetic", "benchmark"}
# a name: capitalised words ("IMDB movie", "Reddit-Binary"), or one set as an identifier
# ("reddit_threads", as LaTeX's small capitals hold it)
_NAME = r"(?:[A-Z][\w.*'’+-]*(?:[ -](?:[A-Z0-9][\w.*'’+-]*|v\d[\w.]*)){0,3}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)"
_BRACKETS = r"\s*\[[^\]]{1,30}\]"  # "[12]", "[cite]"
# "the Wisconsin Diagnostic Breast Cancer (WDBC) dataset": the name keeps its short form
_ACRONYM = r"(?:\s*\([A-Z][A-Za-z0-9-]{1,9}\))?"
_CITE = rf"(?:{_BRACKETS})?"
_WITH_SHORT_FORM = re.compile(r"(?P<long>.*?)\s*\((?P<short>[^()]+)\)")
# "the Omniglot dataset", "the IMDB movie review dataset", "the MIMIC-III [47] and ECtHR [6, 7]
# datasets": names, then (a citation and) at most two lower-case words, then what they are
_PRESENTED = re.compile(
    rf"(?P<n>{_NAME}{_ACRONYM}){_CITE}(?P<more>(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_NAME}{_CITE})*)"
    rf"(?:\s+(?!(?:{'|'.join(sorted(_NOT_A_NAME - _KINDS))})\b)[a-z]{{3,}}){{0,2}}?\s+"
    r"(?:dataset|data\s+set|data-set|benchmark|corpus|challenge|suite|environment|test\s+set)s?\b")

# "real-world datasets: (i) PenDigits [11], (ii) CharacterTrajectories [11], (iii) LSST [1]",
# "The datasets are: Bike Rentals [10] (n=731; ...), ... and Abalone [9] (n=4177; ...)"
# "real-world datasets (MNIST, Arcene, and 9 other UCI datasets)"; "(down-sampled) Abalone"
_ITEM = rf"(?:\([^()]{{1,20}}\)\s*)?{_NAME}{_CITE}(?:\s*\([^()]{{0,80}}\))?"
_LISTED = re.compile(
    rf"\b(?:data ?sets?|benchmarks?)(?:(?:\s+(?:are|is|include|includes|used))?\s*:|"
    rf"\s*\((?![^()]*(?:\bet\s+al\b|\b(?:19|20)\d\d\b)))\s*(?P<n>{_ITEM})"  # not "(Conneau et al., 2018)"
    rf"(?P<more>(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_ITEM})+)")

# 'The “Housing” data are', '“Movies released in 2015-2018” data were obtained from': a name
# set in quotes as the data
_QUOTED = re.compile(r"[“\"](?P<n>[A-Z][^”\"\n]{1,40}?)[”\"]\s+(?:data\s?sets?|data|corpus)\b")

# "The proposed algorithms are trained on a subset of MedleyDB v1.1.": a name given as what
# the method learns from or is tested on, though not called a dataset
_TRAINED_ON = re.compile(
    r"\b(?:(?:(?:pre-?)?train(?:ed|ing)?|fine-?tun(?:ed|ing)|evaluated|tested)\s+on|"
    r"(?:set|data)\s+(?:is|are|was|were)\s+derived\s+from)\s+"
    r"(?:(?:a\s+)?(?:subsets?|parts?|portions?|splits?)\s+of\s+)?(?:the\s+)?"
    rf"(?P<n>{_NAME}){_CITE}(?P<more>(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_NAME}{_CITE})*)"
    r"(?=\s*[.,;)]|\s+(?:and|with|for|to|in|using)\b)")

# "the CPSC dataset [cite], the Chapman-Shaoxing dataset [cite], and PTB-XL [cite].": the
# last of a list of datasets, named without the word the others have; the PDF may cite
# by author and year ("Liu et al. (2018)")
_CITE_OR_AUTHOR = rf"(?:{_BRACKETS}|\s+[A-Z][\w-]+(?: et al\.| and [A-Z][\w-]+)?,? \(\d{{4}}[a-z]?\))?"
_LAST_OF = re.compile(
    rf"(?:(?:the\s+)?{_NAME}\s+(?:dataset|corpus|benchmark){_CITE_OR_AUTHOR}\s*,\s*){{2,}}(?:and\s+)?(?:the\s+)?"
    rf"(?P<n>{_NAME}){_CITE_OR_AUTHOR}\s*[.;]")


# "Table 1: Standard ensembling on Sudoku-Extreme.": what a results table is scored on
_CAPTION_ON = re.compile(
    rf"\bon\s+(?:the\s+)?(?P<n>{_NAME})(?=\s*[.,;:(]|\s*$|\s+(?:test|validation|dev|benchmark|"
    r"data(?:set)?|tasks?|with|and|for|using|under|across)\b)")
# not data: a part of the paper, the hardware it ran on ("NVIDIA 1080Ti", "Pixel 1 Phone"), a
# task or a language pair ("ImageNet Classification", "English-to-German")
_NOT_DATA = re.compile(r"(?i)^(?:task|case|setting|experiment|section|split|phase|step|level|round|"
                       r"stage|table|figure|eq|equation|part|model|method|variant)s?\b|"
                       r"(?i:nvidia|titan|tesla|geforce|gpu|tpu|cpu|intel|amd|pixel|iphone|phone|"
                       r"classification|detection|segmentation|translation|generation|recognition)\b|-to-")


def _captioned(doc: Document, body: list[str], own: list[str]) -> list[str]:
    """Names a table's caption says the results are on, that the text names again."""
    lower = _lower_words(body)
    found: list[str] = []
    for b in doc.blocks:
        # a table's own caption (LaTeX), or a caption block of the PDF's text
        caption = b.table.caption if b.table is not None else b.text if b.kind == CAPTION else ""
        if b.zone not in (BODY, APPENDIX) or not (b.table is not None or caption.startswith("Table")):
            continue
        for m in _CAPTION_ON.finditer(caption):
            if not _NOT_DATA.search(m["n"]) and not any(vocab.is_model(w) for w in m["n"].split()):
                _keep(m["n"], lower, own, found)
    return [name for name in found if _times(name, body) >= 2]


_THANKS = re.compile(r"(?i)acknowledge?ments?\b")


def _texts(doc: Document) -> tuple[str, list[str]]:
    """The abstract, and every other text where a paper names the data it uses: prose,
    captions and table cells of the body and appendix (not related work or references)."""
    abstract = doc.abstract or " ".join(b.text for b in doc.blocks if b.zone == ABSTRACT)
    body = [b.text for b in doc.blocks if b.zone in (BODY, APPENDIX)
            and b.kind in (PROSE, CAPTION, TABLE, HEADING)]
    return abstract, body


def _presented(texts: list[str], own: list[str]) -> tuple[list[str], set[str]]:
    """Names presented as data, and those of them a list of three or more presents ("We used
    the Mcf-7, Molt-4, ..., Uacc257 graph classification datasets"): named once, but as the
    data used."""
    found: list[str] = []
    listed: set[str] = set()
    lower = _lower_words(texts)
    for text in texts:
        for rx in (_PRESENTED, _CALLED, _LAST_OF, _TRAINED_ON, _LISTED, _QUOTED):
            for m in rx.finditer(text):
                more = m.groupdict().get("more") or ""
                if rx is _LISTED:  # each item bare of its brackets: "(iii) LSST [1]" is LSST
                    names = [re.sub(r"^\([^()]*\)\s*|\s*\[[^\]]*\]|\s*\([^()]*\)$", "", n)
                             for n in (m["n"], *re.findall(_ITEM, more))]
                else:
                    names = [m["n"], *re.findall(_NAME, more)]
                # a short name in capitals only where it is called data as printed: "the
                # RWC dataset [10]", "datasets: ... LSST [1]" (not "the GPU used")
                short = rx is _LISTED or rx is _PRESENTED and not m["more"] and re.fullmatch(
                    rf"(?:{_BRACKETS})?\s+(?:dataset|data\s+set|corpus)",
                    text[m.end("n"):m.end()]) is not None and (
                        "(" in m["n"] or text[:m.start("n")].endswith(("the ", "The ")))
                kept = [name for raw in names if (name := _keep(raw, lower, own, found, short))]
                if len(names) >= 3 or rx is _LAST_OF or rx is _QUOTED:  # (a list of three or more)
                    listed.update(kept)
    return found, listed


def _lower_words(texts: list[str]) -> set[str]:
    """The words the texts use in lower case, but at a sentence's start: a name that is one
    of them ("Another dataset") is a word, not a name."""
    return {w for t in texts for w in re.findall(r"(?<![.!?]\s)\b[a-z][a-z-]+\b", t)}


def _keep(raw: str, lower: set[str], own: list[str], found: list[str], short: bool = False
          ) -> str | None:
    """Add a presented name unless it is a word, a model, the paper's own system or known data;
    the name added (or found before), else None. `short`: a name of three capitals will do."""
    words = raw.split()
    while words and words[0].lower() in _NOT_A_NAME:
        words = words[1:]
    name = " ".join(words).strip(".,;:'’")
    acronym = _WITH_SHORT_FORM.fullmatch(name)
    if acronym and (vocab.canonical(acronym["short"]) or vocab.canonical(acronym["long"])):
        return None  # known data: "General Language Understanding Evaluation (GLUE)" is GLUE
    if acronym and acronym["long"][:1] != acronym["short"][:1]:
        name = acronym["short"]  # "Wild (BFW)" of "Balanced Faces In the Wild (BFW)"
    if " " not in name and name.lower() in lower:
        return None  # a word used in lower case elsewhere: "Another dataset"
    if re.search(r"\.\s|^\d", name):
        return None  # two sentences' pieces ("Yes. The"), a numbered item ("3. UCSD")
    if (len(name) < 4 and not (short and re.fullmatch(r"[A-Z]{3}", name)) or name.lower() in _NOT_A_NAME
            or _NOT_DATA.search(name) or vocab.is_model(_SIZE.sub("", name))
            or vocab.key(name) in own or not re.search(r"[A-Z].*[A-Z0-9]|^[A-Z][a-z]{3,}|_", name)
            or vocab.canonical(name) or _subset_of_known(name)):
        return None
    if name not in found:
        found.append(name)
    return name


_SIZE = re.compile(r"[- ](?:\d+(?:\.\d+)?[BMK]|small|base|large|XX?L)$")  # "PaLM 540B" is PaLM
_SUBSET = re.compile(r"[- ](?:\d+(?:\.\d+)?[kKmM]?|full|small|tiny|mini|subset)$", re.I)


def _subset_of_known(name: str) -> bool:
    """"MNLI-100" (100 examples of MNLI) is MNLI's, which the vocabulary lists already."""
    base = _SUBSET.sub("", name)
    return base != name and bool(vocab.canonical(base))


def find_datasets(doc: Document) -> list[str]:
    """Datasets named in the abstract, or at least twice elsewhere; most mentioned first."""
    abstract, body = _texts(doc)
    whole = "\n".join([abstract, *body])
    counts: dict[str, int] = {}
    strong: set[str] = set()
    for m in vocab.mentions(abstract, whole) if abstract else []:
        strong.add(m.name)
        counts.setdefault(m.name, 0)  # first seen, first listed among equals
    # the thanks name data ("for providing the X dataset"), but what they say was trained
    # is no use of the paper's ("for assistance with training models on ImageNet")
    thanks = {b.text for b in doc.blocks if _THANKS.search(b.section)}
    for text in body:
        # "evaluate on Winogrande, HellaSwag, PiQA and Arc-Easy": named once, but in a
        # sentence that lists three or more known datasets
        ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        listed: dict[int, set[str]] = {}
        for m in vocab.mentions(text, whole):
            counts[m.name] = counts.get(m.name, 0) + 1
            listed.setdefault(bisect.bisect(ends, m.start), set()).add(m.name)
            if text not in thanks and (_USED_BEFORE.search(text[max(0, m.start - 160):m.start])
                                       or _USED_AFTER.match(text, m.end)):
                strong.add(m.name)  # named once, but as the data used
        for names in listed.values():
            if len(names) >= 3:
                strong |= names
    own = own_names(doc)
    presented, listed = _presented([abstract, *body], own)
    strong |= listed
    for name in presented:
        counts[name] = counts.get(name, 0) + _times(name, body)
        if _times(name, [abstract]):
            strong.add(name)
    for name in _captioned(doc, body, own):
        strong.add(name)
        counts[name] = max(counts.get(name, 0), _times(name, body))
    for name in _dataset_column(doc) + _plain_data_list(doc):
        strong.add(name)
        counts[name] = counts.get(name, 0) + 1
    for name in _own_data(doc, [abstract, *body]):
        strong.add(name)
        counts[name] = max(counts.get(name, 0), _times(name, body))
    kept = {name: n for name, n in counts.items() if n >= 2 or name in strong}
    kinds = {d.name: d.kind for d in vocab.datasets()}
    for name in list(kept):
        if kinds.get(name) == "benchmark" and any(o.startswith(name + " ") for o in kept):
            del kept[name]  # "WMT 2014" beside "WMT 2014 English-German"
    order = list(kept)
    ranked = sorted(order, key=lambda k: (-kept[k], order.index(k)))
    # one spelling of each: "Imdb-Multi" in the text is "IMDB-Multi" in a table
    spelled: dict[str, str] = {}
    for name in ranked:
        spelled.setdefault(vocab.key(name), name)
    return list(spelled.values())


_SENTENCE_END = re.compile(r"(?<=[.;:])\s+")
# a name given once as the data used: "pre-training is performed on JFT-300m", "the English
# multi-speaker corpus from CSTR voice cloning toolkit (VCTK)", "MusicNet, a dataset of"
_USED_BEFORE = re.compile(r"(?i)(?:\b(?:we|is|are|was|were)\s+(?:\w+\s+)?(?:(?:pre-?)?train|fine-?tun|"
                          r"evaluat|test|perform)\w*\s+on\s+(?:the\s+)?|\b(?:corpus|data ?set)\b[^.()]{0,60}\("
                          # "we include three tabular datasets: GMSC, German Credit and ..."
                          r"|\b(?:use|include|consider)\w*\s+(?:\w+\s+){0,3}data ?sets\s*:[^.]{0,140}?"
                          # "after finetuning LLaMA on Flan v2 [39] and Alpaca", "train X using
                          # the LSDIR [26] dataset and the first 10K face images from FFHQ"
                          # (not "models pre-trained on ImageNet", "fine-tuning of LLaMA on")
                          r"|(?<![\w-])(?:train(?:ing)?|fine-?tun(?:e|ing))\s+(?!of\b)(?:(?!on\b)[\w-]+\s+){0,3}?"
                          r"(?:on|using)\s+(?:the\s+)?(?:[^.;]{0,60}?\s+(?:and|from)\s+(?:the\s+)?"
                          r"(?:[\w-]+\s+){0,3}?)?)$")
# "MusicNet, a dataset of", "the MUSAN dataset (babble, noise)", "the CHEMDNER datasets"
_USED_AFTER = re.compile(r"(?:\s*\([^()]{0,40}\))?(?:,?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?)?\s*"
                         r"(?:data ?sets?|corpus|corpora|benchmark)\b")


def _times(name: str, texts: list[str]) -> int:
    """How often `name` stands as a whole name in `texts`; a name with its short form
    ("Cascaded Tanks System (CTS)") by either."""
    both = _WITH_SHORT_FORM.fullmatch(name)
    names = [n for n in (both["long"], both["short"]) if n] if both else [name]
    return sum(len(_whole(n).findall(t)) for n in names for t in texts)


@lru_cache(maxsize=256)
def _whole(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


# a column whose cells name data; as the first column's header, rows that are data
DATA_COLUMN = re.compile(r"(?i)^(?:data ?sets?(?: names?)?|corpus|corpora|benchmarks?|environments?|tasks? / data)$")


def _dataset_column(doc: Document) -> list[str]:
    """The cells of a results table's column headed "Dataset" ("BC5CDR", "JNLPBA"): named
    once each, but named as data."""
    from .hyperparameters import known_name  # hyperparameters reads tables, which reads this
    from .tables import DATASETS, HYPERPARAMETERS, classify

    out: list[str] = []
    for t in (b.table for b in doc.blocks if b.table is not None and b.zone in (BODY, APPENDIX)):
        if classify(t) == HYPERPARAMETERS:
            continue  # "Dataset | MNLI | SST-2" heads a column of settings ("Batch Size")
        heads, body = t.rows[: max(t.header_rows, 1)], t.rows[max(t.header_rows, 1):]
        first = [r[0].text for r in body if r]
        # "Dataset | Solubility [4] | Drug efficacy [5]": a header row named as data
        named = [row for row in heads if row and DATA_COLUMN.match(row[0].text.strip())
                 and _names_its_row(row, first)]
        # (a header "Dataset (n, p)" says what the rows give beside the name)
        columns = {j for row in heads for j, c in enumerate(row)
                   if DATA_COLUMN.match(_IN_BRACKETS.sub("", c.text.strip()))
                   and not (j == 0 and any(row is n for n in named))}
        cells = [row[j].text for row in body for j in sorted(columns) if j < len(row)]
        cells += [c.text for row in named for c in row[1:]]
        # "Dataset Speech Type" over "Fisher conversational": the layout ran the name's
        # column into the next; the known name a cell opens with
        merged = {j for row in heads[:1] for j, c in enumerate(row) if j not in columns
                  and DATA_COLUMN.match(c.text.split(" ", 1)[0]) and " " in c.text.strip()}
        for words in (row[j].text.split() for row in body for j in sorted(merged) if j < len(row)):
            name = next((n for k in range(len(words), 0, -1)
                         if (n := vocab.canonical(" ".join(words[:k])))), None)
            if name and name not in out:
                out.append(name)
        # a table of the data itself ("Classification benchmark datasets.": "gamma | 19,020
        # | 9 | UCI") names its data in any case
        shape = _ANY_NAME_CELL if classify(t) == DATASETS else _NAME_CELL
        for text in cells:
            cell = _CELL_NOISE.sub("", _IN_BRACKETS.sub("", text)).strip()
            name = vocab.canonical(cell) or (cell if shape.fullmatch(cell) and not
                                             vocab.is_model(cell) and not known_name(cell) else "")
            if name and name not in out and not _SUMMARY_ROW.fullmatch(name):
                out.append(name)
    return out


def _plain_data_list(doc: Document) -> list[str]:
    """The row names of a table of the data that a PDF gives only as plain lines beside its
    caption ("Table 10: Classification benchmark datasets." by "gamma 19,020 9 UCI")."""
    from .hyperparameters import known_name
    from .tables import DATA_LIST, first_sentence_end

    out: list[str] = []
    for i, b in enumerate(doc.blocks):
        if b.kind != TABLE or b.table is not None:
            continue
        # its caption: the one right under it, else the one right over it
        below, above = doc.blocks[i + 1: i + 2], doc.blocks[max(0, i - 1): i]
        caption = next((c for c in below + above if c.kind == CAPTION), None)
        if caption is None or not DATA_LIST.search(caption.text[:first_sentence_end(caption.text)]):
            continue
        for line in b.text.split("\n"):
            m = _ROW_NAME.match(line)
            if m and not vocab.is_model(m["name"]) and not known_name(m["name"]) and m["name"] not in out:
                out.append(m["name"])
    return out


# a row's name before its first number: "page-blocks 5,473 10 UCI", "TOX_171 171 5,748 ASU/SF"
_ROW_NAME = re.compile(r"(?P<name>[A-Za-z][\w.+'’-]*[A-Za-z0-9_](?:[ -][A-Za-z][\w.+'’-]*){0,2})\s+[\d,.]+\s")


_IN_BRACKETS = re.compile(r"\s*\((?:[^()]*)\)$")  # "GLUE (Acc.)": the metric, after the name


_SUMMARY_ROW = re.compile(r"(?i)(?:avg\.?|average|mean|overall|total|all)")


def _names_its_row(row: list, below: list[str]) -> bool:
    """ "Dataset | GLUE (Acc.) | Super-NaturalInstructions", "Benchmark | Vicuna | Open
    Assistant": the first cell names the header row, which lists the data; the column under
    it holds the methods. A column of data names known data ("Dataset | w/o X | w/ X" over
    "WNUT'17"), or its header row holds headers of statistics or results."""
    from .tables import DATA_HEADER

    if any(vocab.canonical(_CELL_NOISE.sub("", b).strip()) for b in below):
        return False
    others = [c.text.strip() for c in row[1:] if c.text.strip()]
    if any(vocab.mentions(o, gated=False) for o in others):
        return True
    if any(_DESCRIBES.fullmatch(o) for o in others):
        return False  # "Dataset | n | p | Source": the column below names the data
    headers = [o for o in others if DATA_HEADER.search(o) or _COUNTED.match(o) or metrics.named(o)]
    return len(others) >= 2 and not headers


# headers that describe the data of each row: a statistic's symbol, where it is from
_DESCRIBES = re.compile(r"(?i)(?-i:[A-Za-z]|\|[A-Za-z]\|)|#\s*\w+|(?:source|domain|type|task|"
                        r"licen[cs]e|language|modality|reference|description|year|split)s?")
_COUNTED = re.compile(r"(?i)(?:number|no\.|#)\s*(?:of\s+)?[a-z]")  # "Number of queries": a statistic


_CELL_NOISE = re.compile(r"\[cite\]|\[\d+(?:,\s*\d+)*\]|[*†‡]+$")
_NAME_CELL = re.compile(r"[A-Z][\w.+'’-]*(?:[ -][\w.+'’-]+){0,3}")
_ANY_NAME_CELL = re.compile(r"[A-Za-z][\w.+'’-]*[A-Za-z][\w.+'’-]*(?:[ -][\w.+'’-]+){0,3}")


_DATA_WORD = r"(?:data ?set|corpus|benchmark|collection|suite)"


def _own_data(doc: Document, texts: list[str]) -> list[str]:
    """The paper's own system when it is data: "we introduce Multi-LexSum, a large-scale
    dataset", "Multi-LexSum is the first dataset to ...", "the S2ORC corpus"."""
    from .tables import method_names  # tables reads this module

    out = []
    for name in method_names(doc.title, doc.abstract)[:1]:
        n = re.escape(name)
        rx = re.compile(rf"(?<![\w-]){n}(?:,\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}{_DATA_WORD}|\s+"
                        rf"(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}{_DATA_WORD})\b"
                        rf"|\b(?:the|our|this)\s+{n}\s+{_DATA_WORD}\b"
                        # not "benchmark, ViT", nor the verb: "We benchmark DinoHash against ..."
                        rf"|(?<!we ){_DATA_WORD}(?:,?\s+(?:called|named)\s+|\s+){n}(?![\w-])", re.I)
        if any(rx.search(t) for t in texts):
            out.append(name)
    return out


def dataset_near(sentence: str, at: int) -> str:
    """The dataset named in the same clause as position `at`, else the nearest one.

    A number in brackets belongs to the name just before them:
    "Path-X (seq. length 16K, 61.4% accuracy) and Path-256 (...)".
    """
    found = vocab.mentions(sentence, gated=False)
    paren = sentence.rfind("(", 0, at)
    if paren >= 0 and ")" not in sentence[paren:at]:
        named = [(m.end, m.name) for m in found if max(0, paren - 40) <= m.start and m.end <= paren]
        if named:
            return max(named)[1]
    start = max(sentence.rfind(sep, 0, at) for sep in (", ", "; ", " and ", ": "))
    ends = [i for i in (sentence.find(sep, at) for sep in (", ", "; ", " and ")) if i >= 0]
    clause = (max(start, 0), min(ends) if ends else len(sentence))
    best, best_distance = "", 10**9
    for m in found:
        inside = clause[0] <= m.start < clause[1]
        distance = abs(m.start - at) - (10**6 if inside else 0)
        before = m.start < at and at - m.start < 120  # "On WMT 2014 ..., our model ..."
        if distance < best_distance and (inside or before):
            best, best_distance = m.name, distance
    return best
