"""The training recipe: every setting a replicator must copy, named as the paper names it.

Three readers feed one ranked list. Prose sentences give the usual settings by
their names (`replicate/data/hyperparameters.csv`), lists such as "memory slots
(128), memory size (40)", and symbols the paper defines ("a momentum coefficient
m" ... "m = 0.999"). Hyperparameter tables give one setting per row (or column),
one value per setting: "batch size (MNLI)" 16 beside "batch size (SST-2)" 16
stays apart. The ranking puts the recipe first: settings stated in the training,
setup and appendix sections and in hyperparameter tables, before symbols from the
method section, other papers' settings and sweeps of candidate values.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import metrics, vocab
from ..record import Hyperparameter
from .document import (
    APPENDIX,
    BODY,
    CAPTION,
    FRONT,
    HEADING,
    PROSE,
    REFERENCES,
    TABLE,
    Block,
    Cell,
    Document,
    Table,
)
from .outline import REFERENCES as REFERENCES_HEADING
from .tables import (
    ABLATION,
    DATASETS,
    HYPERPARAMETERS,
    MAIN,
    OTHER,
    classify,
    is_own,
    own_method_names,
)
from .text import split_sentences, tabular

# -- numbers as papers print them ------------------------------------------------------------

_MINUS = "−\x00\\-"  # pypdf gives a superscript minus as U+2212 or as a NUL
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16, "twenty": 20,
          "a hundred": 100, "hundred": 100, "a": 1}
_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "k": 1e3, "m": 1e6, "b": 1e9}
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_POWER = rf"10\s*(?:\^\s*\{{?\s*[{_MINUS}+]?\s*\d+\s*\}}?|[−\x00]\s*\d+)"
_TIMES = rf"\s*[×x·*]\s*(?:{_POWER}|10\s*\d{{1,2}}(?!\d))"
_E = rf"\s*[eE]\s*\^?\s*\{{?\s*[{_MINUS}+]?\s*\d+\s*\}}?"
_MAG = r"(?:\s*(?:thousand|million|billion)\b|[kKMB](?![\w-]))"
_WORDNUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?:thousand|million|billion)\b"
VALUE = (rf"(?<![\w.])(?:{_POWER}|{_WORDNUM}|[{_MINUS}]?{_NUM}(?!\d)(?:{_TIMES}|{_E})?{_MAG}?)"
         rf"(?:\s*%)?(?![\w.]\d)")
_VALUE = re.compile(VALUE)
# "learning rates of 5e-5, 3e-5 and 2e-5": candidates, read as a sweep
# "256, 8 GPUs" is not a list of batch sizes; "0.1, 0.01 and 0.001 for 50k ... updates" is
_NOT_A_UNIT = r"(?!\s*(?!(?:and|or|for|with|in|on|at|to|each|respectively)\b)[A-Za-z]{3})"
_VALUES = rf"{VALUE}(?:\s*,\s*{VALUE}{_NOT_A_UNIT})*(?:,?\s*(?:and|or)\s+{VALUE}{_NOT_A_UNIT})?"


def parse_number(text: str) -> float | None:
    """The value as one number ("10−9" -> 1e-09, "60 × 10^4" -> 6e5, "10k" -> 1e4), else None."""
    t = re.sub(rf"[{_MINUS}]", "-", text.strip().lower()).replace(",", "").rstrip("%").strip()
    t = re.sub(r"\s+", " ", t)
    m = re.fullmatch(r"10\s*(?:\^\s*\{?\s*([-+]?\d+)\s*\}?|(-\d+))", t.replace(" ", ""))
    if m:
        return _power("1", m[1] or m[2])
    words = re.fullmatch(r"(one|two|three|four|five|six|seven|eight|nine|ten|a) "
                         r"(thousand|million|billion)", t)
    if words:
        return _WORDS[words[1]] * _MAGNITUDES[words[2]]
    m = re.fullmatch(r"(-?\d*\.?\d+)\s*(?:[×x·*]\s*10\s*(?:\^\s*\{?\s*([-+]?\d+)\s*\}?|(-\s*\d+)|(\d{1,2}))"
                     r"|e\s*\^?\s*\{?\s*([-+]?\s*\d+)\s*\}?)?\s*(thousand|million|billion|k|m|b)?", t)
    if not m:
        return None
    exponent = next((g for g in (m[2], m[3], m[4], m[5]) if g), None)
    value = _power(m[1], exponent.replace(" ", "")) if exponent else float(m[1])
    if value is None:
        return None
    if m[6]:
        value *= _MAGNITUDES[m[6]]
    return value


def _power(mantissa: str, exponent: str) -> float | None:
    """mantissa × 10^exponent from the printed digits (3e-5 is 3e-05, not
    3.0000000000000004e-05); None past what a float holds ("5193e93118" in a link)."""
    got = float(f"{mantissa}e{int(exponent)}")
    return None if math.isinf(got) else got


def _tidy(value: str) -> str:
    """The value as printed, with a NUL minus shown as a minus, spaces folded, and a power
    of ten whose superscript the PDF flattened written out ("60 × 104" -> "60 × 10^4")."""
    value = re.sub(r"([×x·]\s*)10([1-9]\d?)\b", r"\g<1>10^\2", value)
    return re.sub(r"\s+", " ", value.replace("\x00", "−")).strip()


# -- the vocabulary of usual settings ----------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    name: str
    aliases: tuple[str, ...]
    placement: str  # after (name then value), before (value then name), both, word


@lru_cache(maxsize=1)
def names() -> tuple[_Name, ...]:
    """The shipped vocabulary of setting names (replicate/data/hyperparameters.csv)."""
    from importlib.resources import files

    text = files("replicate").joinpath("data/hyperparameters.csv").read_text(encoding="utf-8")
    return tuple(_Name(r["name"], tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
                       r["placement"]) for r in csv.DictReader(io.StringIO(text)))


def _alias_pattern(alias: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s_-]+", alias)]
    return r"[\s_-]*".join(parts) if len(parts) > 1 else parts[0]


# PDF text runs math into the word before it ("areα=0.001", "andϵ= 10−8"): a Greek letter
# right after Latin ones still starts a symbol
_GLUED = r"(?<=[A-Za-z])(?=[α-ωΑ-Ωϵ])"
_START = rf"(?:(?<![\w-])|{_GLUED})"
# "Nesterov momentum [35] of 0.9", "weight decay (the L2 penalty multiplier set to 5 · 10−4)"
# "label smoothing (α=0.2)": the value in the brackets, after the setting's symbol
# "the mini-batch size for training is 128", "the batch size for all methods is set to 64"
_CONNECT = (r"(?:\s*\(\s*[A-Za-zα-ωϵ]\w{0,3}\s*=(?=\s*\d)|\s*\([^()]{0,30}\)|\s*\[[\w\s,–-]{1,20}\]|"
            # a table flattened into a line: "Learning rate α 0.00025 Minibatch size 32"
            r"\s+[α-ωϵ]\w{0,2}(?=\s+\d)|"
            r"\s+(?:used\s+)?(?:for|during|in)\s+(?:the\s+)?(?:training|pre-?training|fine-?tuning|"
            r"optimi[sz]ation|(?:all|both|each)\s+(?:the\s+)?[a-z]+)(?=\s+(?:is|was|are|were)\s)|"
            r"\s*\((?:[A-Za-z][\w-]*\s+){1,4}(?=set\s|of\s|=))?"
            r"(?:\s*(?:[:=≈∼~]|of|is|was|were|are|set\s+(?:to|as|at)|equal\s+to|equals|"
            r"starts?\s+(?:from|at|with)|starting\s+(?:from|at)|begins?\s+(?:at|with)|initially|"
            # "the learning rate for the first 10 epochs is 0.1": the rate's, not the epochs'
            r"(?:over|for)\s+the\s+first\s+[\d.,]+k?\s+(?:epochs?|steps?|iterations?|updates?)\s+(?:is|was|=)|"
            r"(?:over|for)\s+the\s+first|over|with\s+a\s+max(?:imum)?\s+of|"
            # "the learning rate was increased by a factor of 5, to 0.0075"
            r"(?:increased|decreased|reduced|raised|lowered|changed|scaled)\s+(?:by\s+(?:a\s+factor\s+of\s+)?"
            r"[\d.]+,?\s+)?to|"
            # "gradient clipping at norm 1.0"
            r"to|at\s+(?:a\s+)?(?:max(?:imum)?\s+)?norm(?:\s+of)?|at|as|fixed\s+(?:to|at|on)|initiali[sz]ed\s+(?:to|at|as)|"
            r"clipped\s+(?:to|at)|about|around|approximately|"
            r"roughly|only|just|value|parameter|\$)){0,3}\s*")  # "a momentum value of 0.9"
_SHAPE = r"\d+\s*[×x]\s*\d+(?:\s*[×x]\s*\d+)?"  # a kernel's: "16 8×8 filters"
_BEFORE = (r"(?:\s+(?:training|total|more|warm-?up|gradient|optimi[sz]ation|parallel|"
           r"identical|hidden|additional|rectified\s+linear|ReLU|tanh|sigmoid|logistic|gated|LSTM|GRU|SGD|"
           r"maxout|recurrent|independent|separate|parallel|self-attention|attention|encoder|"
           r"decoder|transformer|convolutional|mini-?batch)){0,2}\s+")
# "two hidden layers of 1200 rectified linear hidden units": 1200 is the units', not the layers'
# "we lower the learning rate 6 times faster": a ratio, not the value
_RATIO_NEXT = re.compile(r"\s*(?:times|×|-?fold)\b", re.I)
_TIME_NEXT = re.compile(r"\s*(?:epochs?|steps?|iterations?|updates?)\b", re.I)
# "n = 20000 iterations is 135 seconds": what a run took, not a setting
_CLOCK_NEXT = re.compile(r"\s*(?:GPU[\s-]?)?(?:seconds?|minutes?|hours?|days?)\b", re.I)
_TIMED = re.compile(r"length|duration|window|hop|interval|time|budget|limit")  # "frames of 2 seconds"
_EVERY = re.compile(r"\b(?:every|each)\s+$", re.I)
# "for the first 10 epochs is 0.1": a value after the duration is another setting's
_A_RATE_AFTER = re.compile(r"\b(?:epochs?|steps?|iterations?|updates?)\s+(?:is|was|are|were|=)\s*$", re.I)


def _interval(sentence: str, name: str) -> str:
    """What happens every so many steps: "decayed by 0.9x after every 62.5k iterations"."""
    if re.search(r"(?i)\b(?:decay|reduc|divid|multipl|drop|anneal|lower)", sentence):
        return "learning rate decay interval"
    if re.search(r"(?i)\b(?:evaluat|validat)", sentence):
        return "evaluation interval"
    if re.search(r"(?i)\bcheckpoint|\bsav(?:e|ed|ing)\b", sentence):
        return "checkpoint interval"
    return name


_DURATIONS = {"epochs", "training steps", "warmup steps", "warmup epochs", "learning rate schedule",
              "early stopping patience", "gradient accumulation"}
_UNITS_NEXT = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:hidden\s+)?(?:units|neurons)\b", re.I)
_OPTIMIZERS = (r"(?:SGD|[Ss]tochastic\s+[Gg]radient\s+[Dd]escent)(?:\s+with\s+(?:Nesterov\s+)?momentum)?|AdamW|Adamax|Adam|ADAM|AdaGrad|Adagrad|ADAGRAD|RMSProp|RMSprop|Rmsprop|Adadelta|AdaDelta|ADADELTA|"
               r"LAMB|LARS|Adafactor|Nesterov|momentum SGD|NAdam|Nadam|AMSGrad|AdaBelief|Muon|Lion|Shampoo|"
               r"Sophia|Adan")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """(name, pattern, anchors): a pattern is tried only on a sentence that holds one of
    its anchors (lower case), which spares most of them most sentences."""
    out: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = []
    for n in names():
        if n.placement == "word":
            continue
        alias = "|".join(_alias_pattern(a) for a in sorted(n.aliases, key=len, reverse=True))
        anchors = tuple({re.split(r"[\s_-]+", a.lower())[0] for a in n.aliases})
        # "name of VALUE" is tried first: in "# Epoch 5 Warmup Steps 500", 500 is the warmup
        if n.placement in ("after", "both"):
            out.append((n.name, re.compile(
                # not a plot panel's title: "Epoch 10: CE with Confidence Penalty"
                # nor a formula: "# layers 1+2n"
                rf"{_START}(?:{alias})(?![\w-]){_CONNECT}(?P<v>{_VALUES})(?!:\s)(?!\s*\+\s*\d*[A-Za-z])", re.I),
                anchors))
        if n.placement in ("before", "both"):
            out.append((n.name, re.compile(  # not "3 × 3 filters", but "16 8×8 filters"
                rf"(?<!\()(?<![×x]\s)(?<![×x])(?P<v>{VALUE})(?:\s+{_SHAPE})?{_BEFORE}(?:{alias})(?![\w-])",
                re.I), anchors))
    out.append(("layers", re.compile(  # "a 12-layer decoder", "the 6-layer Transformer"
        r"(?<![\w.-])(?P<v>\d{1,3})-layers?\b(?!\s+(?:MLP|perceptron|network|CNN|convolutional|"
        r"fully|feed-?forward|neural|LSTM|GRU|RNN|bidirectional|BiLSTM|classifier))", re.I), ("layer",)))
    out.append(("learning rate", re.compile(  # a warm-up: "linearly increase the learning rate from 0 to 0.256"
        rf"\b(?:increas|rais|ramp|warm)\w*(?:\s+up)?\s+(?:the\s+)?learning\s+rates?\s+(?:linearly\s+)?"
        rf"from\s+0(?:\.0+)?\s+to\s+(?P<v>{VALUE})"
        # "a learning rate warm-up scheme with an inverse exponential increase from 0.0 to 0.001"
        rf"|\blearning\s+rates?\s+warm[\s-]?up\b(?:[^.;]|\.\d){{0,60}}?\bfrom\s+0(?:\.0+)?\s+to\s+"
        rf"(?P<u>{VALUE})", re.I), ("learning",)))
    out.append(("learning rate decay factor", re.compile(  # "the learning rate is reduced by a factor of 0.5"
        rf"\b(?:learning\s+rates?|lr)\b(?:[^.;]|\.\d){{0,40}}?\b(?:reduc|decay|decreas|divid|multipli|dropp|anneal|"
        rf"lower|cut)\w*\s+(?:by\s+(?:a\s+factor\s+(?:of\s+)?)?|with\s+a\s+factor\s+(?:of\s+)?)"
        rf"(?P<v>{VALUE})(?!\s*(?:%|percent|times|×))", re.I), ("learning", "lr")))
    out.append(("cross-validation folds", re.compile(  # "stratified 5-fold cross-validation"
        rf"(?P<v>{VALUE})-fold\s+(?:stratified\s+)?cross[\s-]?validation", re.I), ("fold",)))
    out.append(("batch size", re.compile(
        rf"\bbatch\w*\b[^.]{{0,80}}?(?P<v>{VALUE})\s+(?:source\s+|target\s+|input\s+)?tokens\b", re.I),
        ("batch",)))
    out.append(("optimizer", re.compile(
        # "its variants such as Adagrad (Duchi et al.)" names an example, not the one used
        rf"(?<![\w-])(?<!such as )(?<!e\.g\. )(?<!e\.g\., )(?<!like )(?<!from )"
        rf"(?P<v>{_OPTIMIZERS})(?![\w-])(?:\s+SGD)?(?=\s+(?:optimi[sz](?:er|ation)|with|\(|\[cite\]|\[\d+(?:[,–-]\s*\d+)*\]|to\s+train|"
        r"for\s+(?:training|optimi)|was\s+used|is\s+used|algorithm|update|rule))"
        # "we train ... with Adam", "models are optimized using SGD"; not "a model trained with Adam"
        rf"|\b(?:[Ww]e|are|were|is|was|be|been)\s+(?:\w+\s+){{0,2}}?"
        rf"(?:optimi[sz]e[ds]?|train(?:ed|ing)?|use[ds]?|using|adopt|employ)\s+"
        rf"(?:(?!{_OPTIMIZERS})[\w-]+\s+){{0,4}}?"
        rf"(?:with|using|by)\s+(?:a\s+(?:version|variant)\s+of\s+|the\s+)?(?P<w>{_OPTIMIZERS})(?![\w-])"
        # "We used Adam for learning the parameters", "an algorithm called Adam [48]"
        rf"|\b(?:[Ww]e\s+(?:use[ds]?|adopt(?:ed)?|employ(?:ed)?|cho(?:o)?se)\s+(?:the\s+|an?\s+)?|"
        rf"(?:algorithm|optimi[sz]er|method)\s+(?:called|named)\s+)(?P<u>{_OPTIMIZERS})(?![\w-])"
        # "(3) optimizer: Adam", "the optimizer is SGD"
        rf"|\boptimi[sz]er\s*(?::|=|\bis\b|\bwas\b)\s*(?P<x>{_OPTIMIZERS})(?![\w-])"),
        ("sgd", "stochastic", "adam", "adagrad", "rmsprop", "adadelta", "lamb", "lars", "adafactor",
         "nesterov", "momentum", "nadam", "amsgrad", "adabelief", "muon", "lion", "shampoo",
         "sophia", "adan")))
    out.extend(_DESCRIBED)
    # the anchors as one expression: a sentence without any is passed over in one search
    return tuple((name, rx, re.compile("|".join(re.escape(a) for a in anchors))) for name, rx, anchors in out)


# "trained using SGD with momentum, specifically the ADAM algorithm", "stochastic gradient
# descent using ADAM": the optimizer named last is the one meant
_NAMELY = re.compile(r"(?i)\b(?:specifically|namely|in\s+particular|i\.e\.|using),?\s+(?:the\s+|an?\s+)?$")
_DESCRIBED_NAMES = {"activation", "loss function", "initialization", "learning rate schedule"}
_WORD_SETTINGS = {"optimizer", *_DESCRIBED_NAMES}
_SGD = re.compile(r"[Ss]tochastic\s+[Gg]radient\s+[Dd]escent")
# settings a word gives, not a number: what a replicator must choose the same way
_ACTIVATIONS = r"ReLU|GELU|ELU|SELU|Leaky\s?ReLU|LReLU|PReLU|tanh|SiLU|Swish|Mish|softplus"
_DESCRIBED: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("activation", re.compile(  # "a GELU activation", "activation function: ReLU", "with ReLU activations"
        rf"(?<![\w-])(?P<v>{_ACTIVATIONS})(?![\w-])\s+(?:activation|non-?linearit)\w*"
        rf"|\b(?:activation(?:\s+function)?|non-?linearity)\s*(?:is|was|:|=|of)?\s*(?:the\s+|a\s+)?"
        rf"(?P<w>{_ACTIVATIONS})(?![\w-])"), ("activation", "linearit")),
    ("loss function", re.compile(  # "the binary cross-entropy loss", "trained with a triplet loss"
        r"(?<![\w-])(?P<v>(?:binary\s+|categorical\s+|softmax\s+)?cross[- ]?entropy|mean\s+squared\s+error|"
        r"smooth\s?L1|SmoothL1(?:Loss)?|hinge|triplet|focal|InfoNCE|least[- ]squares|L1|L2|MSE|MAE|CTC|"
        r"connectionist\s+temporal\s+classification(?:\s+\(CTC\))?|"
        # "Mean Squared Error (MSE) Loss"
        r"negative\s+log[- ]likelihood|KL[- ]divergence)(?:\s+\([A-Z]{2,5}\))?\s+(?:loss|objective)\b"
        r"(?!\s+(?:of|between|is\s+low))",
        re.I), ("loss", "objective")),
    ("learning rate schedule", re.compile(  # "cosine annealing", "a linear learning rate decay"
        r"(?<![\w-])(?P<v>cosine|linear|exponential|polynomial|step|inverse[- ]square[- ]root|one[- ]cycle|"
        # "a one-cycle learning rate (OCLR) schedule", "cosine-decay learning rate scheduler"
        r"cyclic(?:al)?|triangular)(?:[\s-]+(?:decay(?:ing)?|annealing)(?=\s+(?:learning[- ]rate|LR|lr)\b))?[\s-]+"
        r"(?:(?:learning[- ]rate|LR|lr)\s+(?:\([A-Z]{2,6}\)\s+)?)?(?:annealing|decay(?:ing)?|schedul(?:e|er|ing))\b"
        r"|(?<![\w-])(?P<w>constant)\s+(?:learning[- ]rate|LR|lr)\b(?!\s+warm)"
        r"|\b(?:learning[- ]rates?|LR|lr)\s+(?:is|was|are|were)\s+(?:then\s+)?(?:decayed|annealed|decreased|reduced)\s+"
        r"(?P<u>linearly|exponentially|with\s+a\s+cosine)"
        # "with an exponentially decaying learning rate"
        r"|(?<![\w-])(?P<x>linearly|exponentially)\s+decay(?:ing|ed)\s+(?:learning[- ]rate|LR|lr)\b"), ("cosine", "linear", "exponential",
                                                              "polynomial", "step", "inverse",
                                                              "constant", "learning", "lr", "one",
                                                              "cycl", "triangular")),
    ("initialization", re.compile(  # "Glorot initialization", "initialized with Xavier"
        r"(?<![\w-])(?P<v>Xavier|Glorot|He|Kaiming|orthogonal|LeCun)(?:\s+(?:uniform|normal))?\s+"
        # "We initialize all parameters with xavier method"
        r"initiali[sz]ation|\binitiali[sz]ed?\s+(?:(?!with|using|by)[\w-]+\s+){0,3}?(?:with|using|by)\s+"
        r"(?:the\s+)?(?P<w>(?i:xavier|glorot|kaiming|orthogonal|lecun)|He)\b"), ("initiali",)),
)


@lru_cache(maxsize=1)
def _cell_names() -> dict[str, str]:
    """Every alias, squeezed ("batchsize"), to its setting's name: for table row labels."""
    return {_squeeze(a): n.name for n in names() for a in (*n.aliases, n.name)}


def _squeeze(text: str) -> str:
    return re.sub(r"[^\w#αβγδεϵτλμ]", "", text.lower())


def known_name(text: str) -> str | None:
    """The usual name of a setting printed as `text` ("Batch Size" -> "batch size")."""
    text = re.sub(r"\(.*?\)|\[cite\]", "", text).strip()
    # "Hidden size D" is the hidden size; "Optimizer: learning rate" the learning rate
    for form in (text, re.sub(r"\s+(?:[A-Za-zα-ω](?:_?[A-Za-z0-9]{1,5})?|\$.*\$)$", "", text),
                 re.sub(r"^[A-Za-z][\w ]{1,20}:\s*", "", text)):
        squeezed = _squeeze(form)
        if squeezed and squeezed in _cell_names():
            return _cell_names()[squeezed]
    return None


# -- where a setting is stated ------------------------------------------------------------------

_OFF_RECIPE = re.compile(
    r"intro|conclu|discussion|related|background|prior\s+work|previous\s+work|limitation|future|"
    r"broader|impact|acknowledg|analysis|visuali|why\s|motivation|overview|preliminar", re.I)
_SETUP_SECTION = re.compile(r"train|setup|set-up|implementation|detail|hyper|optimi|protocol|"
                            r"configur|procedure|regulari|experiment", re.I)
# a run-in paragraph title: "Training. We use SGD ..." (LaTeX's \paragraph)
_SETUP_LEAD = re.compile(r"^(?:Training|Optimi[sz]ation|Implementation|Setup|Hyper-?parameters|"
                         r"Experimental setup|Training details|Pre-?training|Fine-?tuning)\b[^.]{0,30}\.",
                         re.I)


def _section_weight(block: Block, chapter: str) -> float:
    """0 in setup sections, 0.5 in the appendix and elsewhere, 2.5 in the introduction,
    discussion and such."""
    if _SETUP_SECTION.search(block.section) or _SETUP_LEAD.match(block.text):
        return 0.0
    if block.zone == APPENDIX:
        return 0.5
    if _OFF_RECIPE.search(block.section) or _OFF_RECIPE.search(chapter):
        return 2.5
    return 0.5


_USED = re.compile(r"\b(?:we|our|use[ds]?|using|set|trained|train|apply|applied|adopt|employ\w*|"
                   r"default|chosen|fixed|run|ran|found|follow\w*)\b", re.I)
_SWEEP = re.compile(r"\b(?:sweep\w*|grid|among|search\w*\s+over|range|chosen\s+from|selected\s+from|"
                    r"tun(?:e|ed|ing)\s+(?:over|in|from|among)|vary|varied|varying|one\s+of)\b", re.I)
_THEIRS = re.compile(r"\bet al\b|\b(?:in|by|of)\s+\[(?:cite|\d+(?:,\s*\d+)*)\]", re.I)
_STRONG = re.compile(r"\bwe\s+(?:set|use|used|choose|chose|fix|fixed|train\w*)\b|\bour\s+default\b|"
                     r"\b(?:is|was|are|were)\s+set\s+(?:to|as)\b", re.I)
_TRAINED_FOR = re.compile(
    rf"\btrain\w*\s+(?:[\w-]+\s+){{0,4}}?(?:for|with)\s+(?:a\s+total\s+of\s+|about\s+|approximately\s+|"
    rf"roughly\s+|[∼~]\s*)?(?P<v>{VALUE})\s+(?:(?:mini-?batch|training|gradient|optimi[sz]ation)\s+)?"
    rf"(?P<unit>frames|steps|iterations|updates|epochs|tokens|"
    r"episodes|games|samples|images|examples)\b", re.I)
_WARMUP_BEFORE = re.compile(r"warm-?up\W+(?:\w+\W+){0,2}$", re.I)  # "with warmup for 100 steps"
# "a learning rate which warms up from 0 to its maximal value over the first 5 epochs"
_WARMS_UP = re.compile(
    rf"\bwarm(?:s|ed|ing)?[\s-]?up\b(?:[^.;]|\.\d){{0,80}}?\b(?:over|for|during|in)\s+(?:the\s+first\s+)?"
    rf"(?P<v>{VALUE})\s+(?P<unit>epochs?|steps?|iterations?|updates?)\b"
    # "in the first 5-epoch warmup training stage"
    rf"|(?<![\w.])(?P<v2>\d+(?:,\d{{3}})*)-(?P<unit2>epoch|step|iteration)\s+(?:linear\s+)?warm[\s-]?up\b", re.I)
_UNIT_NAMES = {"steps": "training steps", "iterations": "training steps", "updates": "training steps",
               "epochs": "epochs"}
_BIBLIOGRAPHIC = re.compile(r"\b(?:19|20)\d\d\b[^.]*\b(?:Proceedings|In\s+[A-Z]|arXiv|pp\.|Journal|"
                            r"Conference|Press|vol\.|URL)|\bpp\.\s*\d")
_SETTING = re.compile(
    r"^(?:For|On|With)\s+(?:the\s+)?(?!Table|Figure|Fig\.|Section|Sec\.|example|instance)(?P<a>[\w.+/-]+(?:[ -][\w.+/-]+){0,3}?)\s*(?:models?|"
    r"experiments?|tasks?|datasets?)?,"
    r"|^(?:The|Our)\s+(?P<b>base|big|large|small|tiny|huge|medium|deep|shallow)\s+models?\b", re.I)


# a run-in label naming a variant: "BN-x30: Like BN-x5, but with the initial learning rate 0.045"
_VARIANT_LEAD = re.compile(r"^(?P<c>(?=[^:]*(?:\d|[A-Za-z]-[A-Za-z0-9]))[A-Z][\w.+/-]*(?:[ -][\w.+/-]+){0,2}):"
                           r"\s+(?=\w)")
_NOT_A_VARIANT = re.compile(r"(?i)^(?:note|example|remark|step|training|setup|results?|input|"
                            r"output|definition|theorem|lemma|proof|figure|table|section|answer|"
                            r"question|task|goal|idea|summary|observation)s?\b")


def _setting(sentence: str) -> str:
    """What a sentence's values are for: "For IG-1B, ...", "The big models ...", "BN-x30: ..."."""
    lead = _VARIANT_LEAD.match(sentence)
    if lead and not _NOT_A_VARIANT.match(lead["c"]):
        return lead["c"]
    m = _SETTING.search(sentence)
    if m and m["b"]:
        return m["b"]
    if m and re.search(r"[A-Z0-9]", m["a"]) and len(m["a"].split()) <= 3:
        return m["a"].strip()
    return ""


def _dataset_of(sentence: str) -> str:
    """The one dataset a sentence trains or tests on, as the setting its values belong to."""
    names = {m.name for m in vocab.mentions(sentence, gated=False)
             if re.search(r"\b(?:on|for|in|to|of|with|the)\s+(?:MS[\s-]?)?$",
                          sentence[max(0, m.start - 12):m.start], re.I)}
    return names.pop() if len(names) == 1 else ""


_SETTING_NAMED = r"[A-Za-z](?:[\w.-]*\w)?(?:\s+(?!and\b|for\b|on\b)(?:[\w.-]*\w)){0,3}?"
# a second value for a second setting after the first: "of 32 on CIFAR-10 and 64 on ImageNet"
_PER_SETTING = re.compile(
    rf"\s+(?:for|on)\s+(?:the\s+)?(?P<a>{_SETTING_NAMED})\s*,?\s+and\s+(?:(?:of\s+)?(?P<v>{VALUE}))"
    rf"\s+(?:for|on)\s+(?:the\s+)?(?P<b>{_SETTING_NAMED})(?=\s*[,.;:)]|\s+(?:and|with|while|in)\b|\s*$)")


@dataclass
class _Candidate:
    name: str
    value: str
    source: str
    block: Block
    rank: float
    order: int
    setting: str = ""
    key: str = ""  # the usual name, for telling repeats apart


# -- prose ----------------------------------------------------------------------------------------

_AFTER_BRACKET = re.compile(r"(?<=[.!?]\))\s+(?=[A-Z])")  # "(... as in [3].) We set K"
# "following [38].4 We set", "a learning rate of 5e-5.4 Following"
_FOOTNOTE_MARK = re.compile(r"(?:(?<=[a-z\])])|(?<=\d[eE][-−]\d))\.\d(?=\s+[A-Z])")
_LIST_ITEM = re.compile(
    rf"(?P<name>[A-Za-z][A-Za-z#.'’ -]{{2,60}}?)\s*\((?P<v>{VALUE})(?P<rest>[^()]{{0,40}})\)")
_LIST_CUE = re.compile(r"hyper-?\s*parameters?|parameters|values?\s+used|settings?|were\s+left\s+"
                       r"constant|grid|configuration", re.I)
_SYMBOL = r"(?:[α-ωΑ-Ω]|[A-Za-z])(?:_\{?[A-Za-z0-9]{1,5}\}?|\d{1,2}|[a-z](?![a-z]))?"
_THE_DESCRIPTION = r"(?:the|an?|i\.e\.,?)\s"
_ASSIGN = re.compile(rf"(?:(?<![\w^_{{/=∆])|{_GLUED})(?<![/=]\s)(?!(?:it|is|as|at|an|be|by|if|in|of|on|or|"
                     rf"to|we|so|up|he)\b)(?P<sym>{_SYMBOL})(?:\s*=\s*|(?:\s+in\s+Eq\S*)?"
                     rf"\s+(?:is|was)\s+set\s+(?:to|as)\s+|\s+(?P<is>is|was)\s+)(?P<v>{VALUE})"
                     rf"(?!\d|\.\d)(?!\s*[×x*/+^−-]\s*\w)(?![A-Za-z]?\()"  # not "σ = 0.2M(x)"
                     rf"(?!\s*\((?!{_THE_DESCRIPTION})\s*\w)")  # but "M = 10 (the number of ...)"
_STOP = {"the", "a", "an", "of", "and", "or", "with", "to", "for", "in", "on", "by", "is", "are",
         "we", "our", "this", "that", "which", "where", "here", "each", "all", "its", "as", "use",
         "using", "used", "set", "be", "from", "at", "per", "than", "then", "so", "it", "larger",
         "smaller", "bigger", "higher", "lower", "different", "same", "other", "new", "given",
         "fixed", "small", "large", "more", "less", "many", "few", "every", "some", "any", "only",
         "whose", "what", "how", "better", "worse", "perform", "performs", "achieve", "achieves",
         "into", "onto", "upon", "within", "about", "over", "under", "through", "between", "across",
         "via", "specifically", "involves", "remain", "remains"}


_NO_NAME = r"(?:same\s+)?(?:(?:hyper-?)?parameters?|values?|settings?|variables?|constants?|letters?|symbols?)"


def _glossary(doc: Document) -> dict[str, str]:
    """What the paper calls its symbols: "a momentum coefficient m" -> {"m": "momentum coefficient"}."""
    out: dict[str, str] = {}
    before = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Oo]ur|[Ii]ts|with)\s+(?P<words>(?:[a-z][a-z-]+\s+){{0,2}}[a-z][a-z-]{{2,}})"
                        rf"\s+(?P<sym>{_SYMBOL})"
                        r"(?=\s*(?:[,.;:)]|is\b|was\b|in\b|of\b|=|∈|and\b|\(|$))")
    after = re.compile(rf"(?<![\w^_])(?P<sym>{_SYMBOL})\s*(?:∈[^.;]{{0,15}}?)?\s*(?:is|denotes|as)\s+(?:a|an|the)\s+"
                       r"(?P<words>(?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]{2,})")
    # "we denote the number of layers (i.e., blocks) as L, the hidden size as H"
    named_as = re.compile(r"(?P<words>\b(?:[a-z][a-z-]+\s+){0,3}[a-z][a-z-]{2,})(?:\s*\([^()]*\))?\s+as\s+"
                          rf"(?P<sym>{_SYMBOL})(?![\w-])")
    # "we set M = 10 (the number of similar patches in a PG)": named in brackets after its value
    bracketed = re.compile(rf"(?<![\w^_])(?P<sym>{_SYMBOL})\s*=\s*{VALUE}\s*\({_THE_DESCRIPTION}\s*"
                           r"(?:the\s+)?(?P<words>[a-z][a-z-]+(?:\s+[A-Za-z][\w-]*){0,5})")
    # an algorithm's inputs and a list of notation: "Require: α: Stepsize", "K: queue size"
    colon = re.compile(rf"(?:^|(?<=[\s:]))(?P<sym>{_SYMBOL})\s*:\s+(?P<words>[A-Za-z][a-z-]{{2,}}"
                       r"(?:\s+[a-z][a-z-]+){0,2})(?![\w-])", re.M)
    for b in doc.blocks:
        if b.kind not in (PROSE, CAPTION) or b.zone not in (BODY, APPENDIX, "abstract"):
            continue
        for rx in (bracketed, after, before, named_as, colon):
            for m in rx.finditer(b.text):
                sym = re.sub(r"[\s{}]", "", m["sym"])
                words = m["words"].split()
                if rx is bracketed:  # up to where the name ends: "number of similar patches"
                    stop = next((i for i, w in enumerate(words) if w in _STOP and w != "of"), len(words))
                    words = words[:stop]
                    while words and words[-1] == "of":
                        words = words[:-1]
                    words = words[:4]
                if not words:
                    continue
                if rx is not after and words[-1].lower() in _STOP:
                    continue  # "the results with k": the words do not name k
                while words and words[0].lower() in _STOP:
                    words = words[1:]
                words = [w for w in words if w.lower() == "of" or w.lower() not in _STOP]
                if len(words) > 1 and re.fullmatch(r"(?:hyper-?)?parameters?", words[-1], re.I):
                    words = words[:-1]  # "a temperature hyper-parameter"
                if words and re.fullmatch(_NO_NAME, " ".join(words), re.I):
                    continue  # "the same hyperparameters M = 2": no name for M
                if not words or sym in out or len(sym) > 4:
                    continue
                if words[-1].endswith(("ly", "ed", "ing")) and len(words) == 1:
                    continue
                if sym.isalpha() and sym.islower() and len(sym) > 1:
                    continue  # a word, not a symbol
                out[sym] = " ".join(words if rx is bracketed else words[-3:]).lower()
    return out


def _paragraphs(doc: Document) -> list[tuple[str, Block]]:
    """Prose and captions to read, each with the block it starts in. In a PDF, a line the
    splitter took for a table row ("(128), memory size (40), controller size (200 hidden
    units") is put back into the paragraph around it."""
    out: list[tuple[str, Block]] = []
    glue = False
    for block in doc.blocks:
        if not _readable(doc, block):
            glue = False
            continue
        stray = (doc.origin == "pdf" and block.kind == TABLE and block.table is None
                 and "\n" not in block.text and (len(re.findall(r"[A-Za-z]{3,}", block.text)) >= 3
                                                 or re.fullmatch(r"[a-z].*[a-z].*\.", block.text)))
        # (or a sentence's end: "of 32, and dropout of 0.1.")
        if out and (stray or glue and block.kind == PROSE) and out[-1][1].kind == PROSE:
            out[-1] = (out[-1][0] + " " + block.text, out[-1][1])
            glue = stray
            continue
        glue = False
        if block.kind in (PROSE, CAPTION):
            out.append((block.text, block))
    return out


def _section_title(heading: str) -> str:
    """ "A.2 Pre-training Procedure" -> "Pre-training Procedure" (short headings only)."""
    title = re.sub(r"^[\dA-Z](?:[.\d]*\d)?\.?\s+(?=[A-Z])", "", heading).strip()
    if REFERENCES_HEADING.match(f"\n{title}\n"):
        return "appendix"  # after the reference list, under no heading the outline knows
    return title if 0 < len(title.split()) <= 5 and not re.search(r"[.:;]$", title) else ""


def _chapters(doc: Document) -> dict[int, str]:
    """Each block's top-level heading ("3 Model Architecture" for a block under 3.1)."""
    out: dict[int, str] = {}
    chapter = ""
    for block in doc.blocks:
        if block.kind == HEADING and not re.match(r"\s*[\dA-Z]+\.\d", block.text):
            chapter = block.text
        out[id(block)] = chapter
    return out


def _prose(doc: Document, glossary: dict[str, str], out: list[_Candidate]) -> None:
    patterns = _patterns()
    chapters = _chapters(doc)
    for text, block in _paragraphs(doc):
        weight = _section_weight(block, chapters.get(id(block), ""))
        recipe = weight < 1
        setting = ""  # "For IG-1B, ..." holds for the sentences after it in the paragraph
        for s in (part for whole in split_sentences(_FOOTNOTE_MARK.sub(". ", text))
                  for part in _AFTER_BRACKET.split(whole)):
            if (len(s) > 600 or _BIBLIOGRAPHIC.search(s) or tabular(s) or _derivation(s)
                    or _RUN.search(s) or _TESTED.search(s)):
                continue
            base = weight + (0.0 if recipe or _USED.search(s) else 1.0)
            if _THEIRS.search(s) and not re.search(r"follow|same|as in|as\s+\[cite\]", s, re.I):
                base += 2.0
            if block.kind == CAPTION:
                base += 1.0
            setting = _setting(s) or setting
            here = setting  # else the sentence's dataset, looked up once something is found
            first = len(out)
            if _STRONG.search(s):
                base -= 0.5
            taken: list[tuple[int, int]] = []  # where the values already read sit
            _paired(s, block, base, here, taken, out)
            _respectively(s, block, base, here, taken, out)
            _listed(s, block, base, here, taken, out)
            _colon_list(s, block, base, here, taken, out)
            _comma_list(s, block, base, here, taken, out)
            for m in _WARMS_UP.finditer(s):
                v = "v" if m["v"] else "v2"
                if not _taken(m.start(v), taken):
                    unit = m["unit"] or m["unit2"]
                    name = "warmup epochs" if unit.lower().startswith("epoch") else "warmup steps"
                    out.append(_Candidate(name, _tidy(m[v]), s, block, base, len(out), here, name))
                    taken.append((m.start(v), m.end(v)))
            _set_to(s, block, base, here, glossary, taken, out)
            named: set[str] = set()
            numbers = bool(_HAS_NUMBER.search(s))
            low = s.lower()
            for name, rx, anchors in patterns:
                if name in named or not numbers and name not in _WORD_SETTINGS:
                    continue  # every other setting needs a number
                if not anchors.search(low):
                    continue
                values = [(m.start(g), m.end(g), m[g]) for m in rx.finditer(s)
                          for g in ("v", "w", "u", "x") if m.groupdict().get(g)
                          and not _PER_LAYER.search(s, max(0, m.start() - 14), m.start())]
                values = [v for v in values if v[2] and not _taken(v[0], taken)
                          and not _a_case(s, s[max(0, v[0] - 40):v[0]], v[1])
                          and not (name == "optimizer" and _EXAMPLES.search(s[max(0, v[0] - 40):v[0]]))
                          and not (name in _COUNTS and not _a_count(name, v[2]))
                          and not (name in ("epochs", "training steps") and _A_RATE_AFTER.search(
                              s, max(0, v[0] - 30), v[0]) and (parse_number(v[2]) or 1) < 1)
                          and (name != "random seed" or v[2].isdigit())  # not "best seed 97.6%"
                          and (name == "hidden units" or not _UNITS_NEXT.match(s, v[1]))
                          # "the same learning rate for the first 100 epochs": a duration
                          and (name in _DURATIONS or not _HAS_NUMBER.search(v[2])
                               or not _TIME_NEXT.match(s, v[1]))
                          and (name == "cross-validation folds" or not _RATIO_NEXT.match(s, v[1]))
                          and (not _CLOCK_NEXT.match(s, v[1]) or _TIMED.search(name))]
                if not values:
                    continue
                if name == "optimizer":
                    # "trained using SGD with momentum, specifically the ADAM algorithm"
                    values = [v for v in values[1:]
                              if _NAMELY.search(s, max(0, v[0] - 30), v[0])][-1:] or values
                named.add(name)
                listed = _VALUE.findall(values[0][2])
                # several values for one name in a sentence: a list of candidates, a sweep, a
                # legend ("β1=0 β1=0.9"), or the setting and then a schedule ("200 epochs ...
                # at 120 and 160 epochs"): the first value counts only after a verb
                sweep = len(listed) > 1
                if len({_tidy(v[2]) for v in values}) > 1 and not sweep:
                    sweep = bool(_SWEEP.search(s))
                    if not sweep and not _USED.search(s[: values[0][0]]):
                        continue
                for start, end, value in values[:1]:
                    shown = name
                    if name == "epsilon" and re.search(r"greedy|explor", s, re.I):
                        shown = "exploration ε"
                    if name == "training steps" and _WARMUP_BEFORE.search(s[:start]):
                        shown = "warmup steps"
                    if name in _DURATIONS and _EVERY.search(s, max(0, start - 8), start):
                        shown = _interval(s, shown)  # "every 1000 iterations": how often
                    if (name == "learning rate schedule" and parse_number(value) is not None
                            and not _TIME_NEXT.match(s, end)):
                        shown = "learning rate decay factor"  # "a learning rate decay of 0.1"
                    if name == "optimizer":
                        value = _SGD.sub("SGD", value)  # the name a replicator's config takes
                    # a word's choice (an activation, a loss) after the numbers a rerun needs
                    # and a run's seed, which a rerun copies but which does not make the method
                    rank = base + (5.0 if sweep else 0.0) + (
                        1.0 if name in _DESCRIBED_NAMES or name == "random seed" else 0.0)
                    out.append(_Candidate(shown + (" (sweep)" if sweep else ""),
                                          ", ".join(_tidy(v) for v in listed) if len(listed) > 1
                                          else ", ".join(_tidy(v[2]) for v in values) if sweep
                                          else _tidy(value), s, block, rank, len(out),
                                          here, shown))
                    taken.append((start, end))
                    other = None if sweep else _PER_SETTING.match(s, end)
                    if other:  # "0.01 for Pubmed, and 0.005 for all other datasets"
                        out[-1].setting = other["a"]
                        out.append(_Candidate(shown, _tidy(other["v"]), s, block, rank, len(out),
                                              other["b"], shown))
                        taken.append((other.start("v"), other.end("v")))
            for m in _TRAINED_FOR.finditer(s):
                if _taken(m.start("v"), taken):
                    continue
                unit = m["unit"].lower()
                name = _UNIT_NAMES.get(unit, f"training {unit}")
                if _WARMUP_BEFORE.search(s[:m.start()]):
                    name = "warmup steps"
                out.append(_Candidate(name, _tidy(m["v"]), s, block, base, len(out), here, name))
            if numbers:
                _with_probability(s, block, base, here, taken, out)
                _assigned(s, block, base, recipe, here, glossary, taken, out)
                if recipe or _USED.search(s):
                    _own_words(s, block, base, here, taken, out)
            if not here and len(out) > first:
                dataset = _dataset_of(s)
                for c in out[first:]:
                    c.setting = c.setting or dataset


# a setting the paper names in its own words, as what it sizes or weighs: "a codebook size
# of 512", "an LSTM hidden size of 512", "a decay rate of 0.99999"
_SETTING_NOUN = (r"(?:size|rate|length|dimension(?:ality)?|threshold|coefficient|factor|ratio|weight|"
                 r"probability|temperature|margin|window|stride|decay|capacity|depth|width|horizon|interval)")
_OWN_WORDS = re.compile(
    rf"\b(?:an?|the|our|(?:with|and|using)(?!\s+(?:an?|the|our)\s))\s+(?P<name>(?:[A-Za-z][\w-]*\s+){{0,3}}?{_SETTING_NOUN})\s+(?:(?:of|=|equals|"
    rf"(?:is|was)\s+set\s+to|set\s+to|is|was)\s+)?(?P<v>{VALUE})(?![\d.,/]?\d|[A-Za-z%×]|\s*(?:%|percent|times|×|[KMGT]B\b|FPS\b))", re.I)


# "a latent vector of size 256", "a sliding window of width 20", "rollouts of length 50": the
# thing's size, named by the thing
_OF_SIZE = re.compile(
    rf"\b(?:an?|the|our|with|using|use)\s+(?:(?:an?|the|our)\s+)?(?P<name>(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]+)\s+of\s+"
    rf"(?P<dim>size|length|width|dimension(?:ality)?|depth)\s+(?:[A-Za-z]\w?\s*=\s*)?(?P<v>{VALUE})"
    rf"(?![\d.,/]?\d|\s*[×x]\s*\d)")


# "images are horizontally flipped with probability 0.5", "tokens are masked with a probability
# of 15%": the chance of an augmentation, named by what it does
_ACTS = {"flip": "flip", "crop": "crop", "rotat": "rotation", "mask": "mask", "drop": "drop",
         "replac": "replacement", "swap": "swap", "shuffl": "shuffle", "jitter": "jitter",
         "blur": "blur", "eras": "erasing"}
_WITH_PROBABILITY = re.compile(
    rf"\b(?P<how>(?:horizontal|vertical)(?:ly)?\s+|random(?:ly)?\s+)?(?P<act>{'|'.join(_ACTS)})(?P<rest>[a-z]*)"
    rf"(?:\s+(?P<how2>horizontally|vertically))?(?:\s+[\w-]+){{0,3}}?\s+with\s+(?:a\s+)?probability\s+"
    rf"(?:of\s+)?(?:p\s*=\s*)?(?P<v>{VALUE})(?![\d.,/]?\d)", re.I)


def _names_a_setting(name: str) -> bool:
    """Words that can name a setting: none of them a stop word ("used a relative weight"),
    and not a metric's name ("an error rate of 3.5" is a result)."""
    return not any(w.lower() in _STOP for w in name.split()) and not metrics.is_metric(name)


# what a setting named by a noun alone belongs to: "Stochastic Depth with a rate of 0.25"
_OWNER = re.compile(r"(?:^|\s)((?!We\b|For\b|In\b)[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?|[a-z]+-[a-z][\w-]*)"
                    r"\s+(?:with|using)\s+$")


def _own_words(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
               out: list[_Candidate]) -> None:
    at = 0
    while m := _OWN_WORDS.search(s, at):
        at = m.start() + 1  # "and used a relative weight of 0.5": tried again from "a"
        words = m["name"].split()
        if len(words) < 2 and (owner := _OWNER.search(s, 0, m.start())):
            words = [owner[1], *words]  # "AAM-softmax with a margin of 0.2": its margin
        # "a ratio of 1", "the threshold of 0.5": a noun alone names no setting of the paper
        if _taken(m.start("v"), taken) or len(words) < 2 or not _names_a_setting(" ".join(words)):
            continue
        _as_printed(" ".join(words), m["v"], m.span("v"), s, block, base + 1.0, setting, taken, out)
        at = m.end()
    for m in _OF_SIZE.finditer(s):
        words = m["name"].split()
        if _taken(m.start("v"), taken) or not _names_a_setting(m["name"]):
            continue
        # "rollouts of length 50", "mini-batches of size 128": the rollout length, batch size
        words[-1] = re.sub(r"(?<=ch|sh)es$|(?<=[^su])s$", "", words[-1])
        _as_printed(" ".join([*words, m["dim"]]), m["v"], m.span("v"), s, block, base + 1.0, setting,
                    taken, out)


def _with_probability(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
                      out: list[_Candidate]) -> None:
    for m in _WITH_PROBABILITY.finditer(s):
        if _taken(m.start("v"), taken):
            continue
        how = (m["how2"] or m["how"] or "").strip().lower().removesuffix("ly")
        how = "" if how.startswith("random") else how
        act = "dropout" if m["rest"].lower() == "out" else _ACTS[m["act"].lower()]  # "dropout with p"
        name = " ".join(w for w in (how, act, "probability") if w)
        _as_printed(name, m["v"], m.span("v"), s, block, base + 1.0, setting, taken, out)


# a derivation, not a recipe: "R(T) ≤ ... √1−β2", "γ ≜ β2/√β2"
_FORMULA = re.compile(r"[≤≥√‖∑∏∫≜∇]")


_RUN = re.compile(r"(?:(?<![\w.])\d+(?:\.\d+)?\s+){5,}")  # "epoch 4 6 8 10 12 14": a plot's axis
# "χ^2(17)=33.79, p=0.0089": a significance test's outcome, whose p is no number of features
_TESTED = re.compile(r"χ\s*\^?\s*2\s*\(\d|(?<![\w^_])p\s*[<≤]\s*0?\.0|(?i:significan|wilcoxon|kendall|"
                     r"t-test|p-value)(?=.*(?<![\w^_])p\s*=\s*0?\.\d)")
# settings that count things: none of them is ever 0 ("preceding layers, x0, ...")
_COUNTS = {"layers", "epochs", "batch size", "attention heads", "hidden units", "training steps",
           "beam size", "seeds", "cross-validation folds"}


def _a_count(name: str, value: str) -> bool:
    """A count is above 0, and a number of layers or heads a whole one ("every two layers
    is 0.1" gives no layers); epochs may be fractional ("1.4 epochs"), though not a rate
    ("20 epochs at 1×10^-4")."""
    n = parse_number(value)
    return n is None or n > 0 and (name in ("epochs", "training steps") and n >= 0.05
                                   or float(n).is_integer() or "%" in value)


def _derivation(s: str) -> bool:
    """A formula rather than a recipe: two math signs, or one beside two equals signs
    ("L = 1/n ∑ i=1 |ŷi − γyi|")."""
    signs = len(_FORMULA.findall(s))
    return signs >= 2 or signs == 1 and s.count("=") >= 2


# "Assuming ε = 0", "if ζ = 0": a case of the analysis, not a setting
_CONDITION = r"if|when|whenever|unless"
_SUPPOSED = re.compile(rf"\b(?:assum(?:e|es|ed|ing)|suppos(?:e|ing)|let|{_CONDITION})\s*(?:that\s+)?\S{{0,12}}$",
                       re.I)
# "SGD variants such as momentum and Adagrad": examples, not the optimizer used
_EXAMPLES = re.compile(r"(?:such\s+as|e\.g\.,?|like|including)\s(?:(?!\b(?:using|with|use|by)\b)[^.;:]){0,30}$",
                       re.I)
_SUPPOSED_AFTER = re.compile(rf"\s*(?:{_CONDITION})\b")
_CASE_BEFORE = re.compile(rf"(?i)\b(?:{_CONDITION})\s*$")


def _a_case(s: str, before: str, end: int) -> bool:
    """A value the analysis supposes ("Assuming ε=0", "ζ=0 if ..."): `before` is the text
    just before it, `end` where it ends in the sentence `s`."""
    return bool(_SUPPOSED.search(before) or _SUPPOSED_AFTER.match(s, end))


def _taken(at: int, taken: list[tuple[int, int]]) -> bool:
    """True when position `at` lies in a value another rule has already read."""
    return any(a <= at < b for a, b in taken)


# "a per-layer learning rate of 1 for weights ... and a global learning rate of 0.001": a multiplier
_PER_LAYER = re.compile(r"\bper-(?:layer|parameter)\s+$")
_HAS_NUMBER = re.compile(r"\d|thousand|million|billion", re.I)


def _as_printed(name: str, value: str, span: tuple[int, int], s: str, block: Block, rank: float,
                setting: str, taken: list[tuple[int, int]], out: list[_Candidate]) -> None:
    """A setting a list or a phrase names as the paper prints it, under its usual name when it
    has one ("Batch Size" is the batch size), its value's place in the sentence read."""
    usual = known_name(name) or name.lower()
    out.append(_Candidate(usual, _tidy(value), s, block, rank, len(out), setting, usual))
    taken.append(span)


# where the words before a list item's bracket stop naming it: "We use label smoothing (0.1)"
_ITEM_START = r"[,;:]|\band\b|\bwith\b|\buse[ds]?\b|\busing\b"


def _last_words(name: str) -> str:
    """ "We use label smoothing" -> "label smoothing": the name before a list item's value."""
    return " ".join(re.split(_ITEM_START, name)[-1].split()[-4:])


_EQUATION_REF = re.compile(r"(?i)(?:^(?:under|by|from|with|into|using|via|as|in|to)\s.*|\b(?:structure|"
                           r"equation|eq|problem|system|formula|objective|constraint|condition|"
                           r"definition|theorem|lemma|proposition|form)\s*)\(\d{1,2}\)$")


def _listed(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
            out: list[_Candidate]) -> None:
    """ "memory slots (128), memory size (40), controller size (200 hidden units)"; "label
    smoothing (0.1), weight decay (0.01), and gradient norm clipping (0.1)" """
    if "(" not in s:
        return
    items = list(_LIST_ITEM.finditer(s))
    if not _LIST_CUE.search(s) and sum(bool(known_name(_last_words(m["name"]))) for m in items) < 2:
        return  # without a word saying so, a list of settings names two usual ones
    for m in items:
        if _taken(m.start("v"), taken) or not re.fullmatch(r"(?:\s+[a-z][\w-]*(?:\s+[\w-]+)*)?\s*", m["rest"]):
            continue
        name = re.split(rf"{_ITEM_START}|\bof\s+the\b(?=\s+\w+\s*$)", m["name"])[-1].strip()
        words = name.split()
        if not words or len(words) > 6 or words[0].lower() in ("see", "table", "figure", "eq", "section"):
            continue
        name = " ".join(words).strip(" .'’-")
        if _EQUATION_REF.search(f"{name} ({m['v']})") or s[m.start("v") - 2].isalpha():
            continue  # "under the model structure (2)": an equation's number; "xsim(0)" a function's
        if (len(name) < 3 or name.lower() in _GENERIC or re.search(r"\d|et al|^(?:of|the|in|on)$", name, re.I)
                or re.fullmatch(r"(?:19|20)\d\d", m["v"].strip())):  # "Ham & Lee (2008)"
            continue
        _as_printed(name, m["v"], m.span("v"), s, block, base + 0.5, setting, taken, out)


# "(1) dropout: 0.5; (2) network structure: 400-400-400; (3) optimizer: Adam": a list of
# settings, each named as the paper names it, items apart by semicolons
_COLON_ITEM = re.compile(r"(?:^|;\s*)(?:\(?\d{1,2}\)\s*|[a-z]\)\s*)?(?P<name>[A-Za-z][\w -]{1,40}?)\s*:\s*"
                         r"(?P<v>[^;:]{1,80}?)\s*(?=;|\.?$)")


# "We adopt searched learning rate 0.00261, momentum 0.949, IoU threshold for assigning
# ground truth 0.213, and loss normalizer 0.07": settings listed as name then value
# (a value may carry its unit and a gloss: "a silence onset of 3 frames (≈ 150 ms)")
_NAME_VALUE = re.compile(rf"^(?:and\s+)?(?P<name>[A-Za-z][\w-]*(?:\s+[\w-]+){{0,6}}?)\s+(?:of\s+|=\s*)?"
                         rf"(?P<v>{VALUE})(?P<unit>\s+[a-z]+)?(?P<gloss>\s*\([^()]*\))?$")
# where a list's clause begins: after "we use", else after "with" ("The encoder has two
# layers with hidden dimension 64, state dimension 16, ...")
_LIST_OPENERS = (r"\b(?:we\s+\w+|use[ds]?|adopt(?:ed)?|set)\s+", r"\bwith\s+")


def _comma_list(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
                out: list[_Candidate]) -> None:
    if s.count(",") < 2:
        return
    for opener in _LIST_OPENERS:
        clause = re.split(opener, s, maxsplit=1)[-1].rstrip(". ")
        items = re.split(r",\s*", re.sub(r"\s+for\s+[^,]*$", "", clause))
        found = [(m, item) for item in items if (m := _NAME_VALUE.match(item.strip()))]
        if len(found) < 3 or len(found) < len(items) - 1:
            continue
        # settings: one named as usual; in a list read more loosely (after "with", values
        # with units), all but one named as usual or as what they size ("release threshold")
        loose = opener != _LIST_OPENERS[0] or any(m["unit"] or m["gloss"] for m, _ in found)
        usual = [bool(known_name(m["name"]) or re.search(rf"(?i)\b{_SETTING_NOUN}$", m["name"]))
                 for m, _ in found]
        if sum(usual) >= len(found) - 1 if loose else any(known_name(m["name"]) for m, _ in found):
            break
    else:
        return
    start = s.find(clause)
    for m, item in found:
        at = s.find(item, start) + item.find(m["v"], len(m["name"]))
        words = [w for w in m["name"].split() if w.lower() not in ("searched", "a", "an", "the")]
        if _taken(at, taken) or loose and known_name(" ".join(words)):
            continue  # (a usual name in a loose list: the usual patterns read it, as usual)
        _as_printed(" ".join(words), m["v"], (at, at + len(m["v"])), s, block, base + 0.5, setting,
                    taken, out)


def _colon_list(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
                out: list[_Candidate]) -> None:
    if s.count(";") < 1 or s.count(":") < 2:
        return  # what a list needs, looked for cheaply: this runs on every sentence
    items = [m for m in _COLON_ITEM.finditer(s) if not _taken(m.start("v"), taken)
             and not re.search(r"\d", m["name"])]  # "Line 4-8: co-divide": not settings
    if len(items) < 2 or not any(known_name(m["name"].strip()) for m in items) and sum(
            parse_number(m["v"]) is not None for m in items) < 2:
        return  # settings, named as usual or given numbers
    for m in items:
        name = m["name"].strip()
        if len(name.split()) > 4 or re.search(r"(?i)^(?:see|table|figure|note|e\.g|i\.e)\b", name):
            continue
        _as_printed(name, m["v"].strip(), m.span("v"), s, block, base + 0.5, setting, taken, out)


# "the learning rate and batch size are set as 5 × 10−5 and 32 (respectively)", "the hidden
# size and dropout rate are 256 and 0.1": names and values in the same order; without "set",
# the values end the clause (not "are 0.1 and 0.01 for small models", a sweep)
_NAMES = r"[a-z][a-z -]{2,30}?"
_PAIRED = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<names>{_NAMES}(?:,\s*(?:the\s+)?{_NAMES})*,?\s+and\s+(?:the\s+)?{_NAMES})"
    rf"\s+(?:are|were)\s+(?:respec-?\s?tively\s+)?(?P<set>(?:set|fixed)\s+(?:as|to|at)\s+)?"
    rf"(?P<values>{VALUE}(?:\s*,\s*{VALUE})*,?\s+and\s+{VALUE})(?(set)|(?=,?\s+respectively\b|\s*(?:[.;)]|,\s|$)))")


def _values_in(m: re.Match[str]) -> list[tuple[int, int, str]]:
    """(start, end, text) in the sentence of each value the match's "values" group lists."""
    return [(v.start() + m.start("values"), v.end() + m.start("values"), v.group(0))
            for v in _VALUE.finditer(m["values"])]


def _paired(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
            out: list[_Candidate]) -> None:
    if " are " not in s and " were " not in s:
        return  # what the pattern needs, looked for cheaply: this runs on every sentence
    for m in _PAIRED.finditer(s):
        names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", m["names"]) if n.strip()]
        names = [re.sub(r"^the\s+", "", n) for n in names]
        values = _values_in(m)
        known = [known_name(n) for n in names]
        if len(names) != len(values) or not all(known):
            continue
        if len(set(known)) < len(known):
            known = names  # "the batch size and the mini-batch size": two settings, as printed
        for name, (start, end, value) in zip(known, values, strict=True):
            out.append(_Candidate(name, _tidy(value), s, block, base, len(out), setting, name))
            taken.append((start, end))


# "a learning rate of 10−4 and 10−3 for the actor and critic respectively"
_RESPECTIVELY = re.compile(
    rf"\b(?P<name>[a-z][a-z -]{{2,30}}?)s?\s+(?:of|=|:)\s+(?P<values>{VALUE}(?:\s*,\s*{VALUE})*,?\s+and\s+"
    rf"{VALUE})\s+for\s+(?:the\s+)?(?P<what>[^.;]{{3,80}}?),?\s+respectively")
# "the word and character dropout rates are 0.1 and 0.05 respectively"
_RESPECTIVELY_BEFORE = re.compile(
    rf"\b(?P<what>[a-z][\w-]*(?:,\s*[a-z][\w-]*)*,?\s+and\s+[a-z][\w-]*)\s+(?P<name>[a-z][a-z ]{{2,30}}?)s?"
    rf"\s+(?:are|were|of|=)\s+(?P<values>{VALUE}(?:\s*,\s*{VALUE})*,?\s+and\s+{VALUE}),?\s+respectively")
# "On CIFAR and SVHN we train using batch size 64 for 300 and 40 epochs, respectively"
_RESPECTIVELY_ON = re.compile(
    rf"\b[Oo]n\s+(?:the\s+)?(?P<what>[A-Z][\w-]*(?:,\s*[A-Z][\w-]*)*,?\s+and\s+[A-Z][\w-]*)\b[^.;]{{0,80}}?"
    rf"\b(?P<values>{VALUE}(?:\s*,\s*{VALUE})*,?\s+and\s+{VALUE})\s+(?P<name>[a-z][a-z ]{{2,30}}?),?\s+respectively")
# "The batch sizes for CIFAR-10 and for ImageNet are 128 and 4096": the settings named first
_FOR_EACH = re.compile(
    rf"\b(?P<name>[a-z][a-z -]{{2,30}}?)s?\s+for\s+(?:the\s+)?(?P<what>[^.;]{{3,80}}?)\s+(?:are|were)\s+"
    rf"(?P<values>{VALUE}(?:\s*,\s*{VALUE})*,?\s+and\s+{VALUE})(?!\s*(?:for|on|in)\b)")
# "0.5 (dropout rate), 5 · 10−4 (L2 regularization) and 16 (number of hidden units)"
_VALUE_NAMED = re.compile(rf"(?P<v>{VALUE})\s*\((?P<name>[A-Za-z](?:[A-Za-z -]|(?<=[A-Za-z])\d){{2,40}}?)\)")


def _known_tail(words: str) -> str | None:
    """The usual name the words end with: "with a learning rate", "number of hidden units"."""
    split = words.split()
    return next((n for i in range(len(split)) if (n := known_name(" ".join(split[i:])))), None)


def _respectively(s: str, block: Block, base: float, setting: str, taken: list[tuple[int, int]],
                  out: list[_Candidate]) -> None:
    """Values named one by one: per setting ("... respectively") or each by its own name in
    brackets after it."""
    lists = [*_RESPECTIVELY.finditer(s), *_RESPECTIVELY_BEFORE.finditer(s),
             *_RESPECTIVELY_ON.finditer(s)] if "respectively" in s else []
    if " for " in s and " and " in s:
        lists += _FOR_EACH.finditer(s)
    for m in lists:
        name = _known_tail(m["name"])
        whats = [w for w in re.split(r",\s*(?:and\s+)?(?:for\s+)?(?:the\s+)?|\s+and\s+(?:for\s+)?(?:the\s+)?",
                                     m["what"]) if w]
        values = _values_in(m)
        if name is None or len(whats) != len(values) or _taken(values[0][0], taken):
            continue
        for what, (start, end, value) in zip(whats, values, strict=True):
            shown = f"{name} ({what.strip()})"
            out.append(_Candidate(shown, _tidy(value), s, block, base, len(out), setting, name))
            taken.append((start, end))
    if "(" in s:
        for m in _VALUE_NAMED.finditer(s):
            # the brackets name the setting itself, not words around one ("(keeping the
            # total number of layers)")
            name = known_name(re.sub(r"^(?:the\s+)?(?:number|size)\s+of\s+(?:the\s+)?", "", m["name"]))
            if name is not None and not _taken(m.start("v"), taken):
                out.append(_Candidate(name, _tidy(m["v"]), s, block, base, len(out), setting, name))
                taken.append((m.start("v"), m.end("v")))


# "we set the early stopping patience as 3", "we fix r (matrix rank) as 8", "the margin was set
# to 1": a setting the paper names in its own words
_SET_TO = re.compile(
    rf"\b(?:[Ww]e\s+(?:set|fix(?:ed)?|cho(?:o)?se)\s+(?:the\s+|our\s+)?"
    rf"(?P<name>[A-Za-zα-ω][\w-]*(?:\s+[a-z][\w-]*){{0,3}}?)\s*(?:\((?P<desc>[^()]{{2,30}})\))?"
    rf"\s+(?:as|to|at|=)|(?:[Tt]he|[Oo]ur)\s+(?P<subject>(?:[a-z][a-z-]+\s+){{0,2}}[a-z][a-z-]{{2,}})"
    rf"(?:\s+of\s+(?:the\s+|our\s+|each\s+|all\s+)?(?P<whose>[a-z][a-z-]{{2,}}))?\s+"
    rf"(?:is|was|were|are)\s+(?:set|fixed)\s+(?:to|as|at))\s+(?P<v>{VALUE})(?!\d|\.\d)(?!\s*[×x*/+^(−-]\s*\w)")
# "the latent dimensionality of the models": the setting, not whose it is
_WHOSE = {"model", "models", "network", "networks", "method", "methods", "system", "approach",
          "algorithm", "experiments", "layer", "layers"}
_GENERIC = {"parameters", "parameter", "hyper-parameters", "hyperparameters", "hyper-parameter",
            "hyperparameter", "values", "value", "settings", "setting"}


def _set_to(s: str, block: Block, base: float, setting: str, glossary: dict[str, str],
            taken: list[tuple[int, int]], out: list[_Candidate]) -> None:
    if "set" not in s and "fix" not in s and "cho" not in s:
        return  # as in _paired
    for m in _SET_TO.finditer(s):
        if _taken(m.start("v"), taken) or _RATIO_NEXT.match(s, m.end("v")):
            continue
        words = (m["name"] or m["subject"]).split()
        if _CASE_BEFORE.search(s[max(0, m.start() - 12):m.start()]):
            continue  # "if the third input bit is set to 1": a case, not a setting
        while words and words[-1].lower() in ("also", "then", "initially", "again", "only", "further"):
            words = words[:-1]  # "we set the VAE learning rate also to 3e-4"
        inner = [i for i, w in enumerate(words) if w.lower() in _STOP and w.lower() != "of"]
        words = words[inner[-1] + 1:] if inner else words  # "the SIF model with a = 0.0001": a
        if not words or words[0].lower() in _STOP or " ".join(words).lower() in _GENERIC or any(
                w.lower() in ("it", "them", "this", "that", "these", "those") for w in words):
            continue  # "we set hyper-parameters as 0.5, 0.5, 5"; "the temperature parameter" is one
        name = " ".join(words)
        if not m["desc"] and re.fullmatch(_SYMBOL, name):
            if "=" in s[m.start():m.start("v")]:
                continue  # "we set K = 65536": named by what the paper calls K, in _assigned
            name = _symbol_name(name, glossary.get(name, ""))  # "we set γ to 0.97"
        if m["desc"] and not re.search(r"\d|cite|et al", m["desc"]):
            name = f"{m['desc'].strip()} {name}"  # "r (matrix rank)": the matrix rank r
        name = known_name(name) or name
        if m["whose"] and m["whose"] not in _WHOSE:
            # "the size of the queue" is the queue size; "the learning rate of the generator"
            # the generator's
            size = words[-1].lower() in ("size", "length", "width", "depth", "dimension")
            joined = f"{m['whose']} {name}"
            name = (known_name(joined) or joined) if size else f"{name} ({m['whose']})"
        out.append(_Candidate(name, _tidy(m["v"]), s, block, base + 0.5, len(out), setting, name))
        taken.append((m.start("v"), m.end("v")))


_NOUN_OF = re.compile(rf"\b(?:an?|the|our)\s+(?P<name>(?:[a-z][a-z-]+\s+){{0,2}}[a-z-]*(?:{_SETTING_NOUN}|patience))\s+of\s*$"
                      rf"|\b(?P<name2>(?:[a-z][a-z-]+\s+)?[a-z-]*{_SETTING_NOUN})\s*\(\s*$")


_SETTING_WORD = re.compile(rf"(?i)^(?:{_SETTING_NOUN}|parameter|coefficient|constant|gain)s?$")


def _named_before(near: str, words: list[str], sym: str) -> str:
    """What the words just before a symbol (`near`; `words`, those of them that are no
    stop word) call it, when no usual name does; else ""."""
    # "the updating parameter µ = 1.001", "a compression factor θ = 0.5": the words before
    # it, when they end with what a setting is
    tail = list(itertools.takewhile(lambda w: w.lower() not in _STOP, near.split()[::-1]))
    if tail and _SETTING_WORD.search(tail[0]):
        return " ".join(tail[:3][::-1])
    # "an Ornstein-Uhlenbeck process with θ = 0.15": θ of what a proper name names
    proper = next((k for k, w in enumerate(words)
                   if w[:1].isupper() and len(w) >= 3 and k + 1 < len(words)), None)
    if proper is not None and words[proper] not in ("We", "For", "In") and sym != "a":
        return " ".join(words[proper:])  # (not "the SIF model with a = 0.0001": an article)
    return ""


_GENERIC_WORDS = {"parameter", "coefficient", "factor", "constant", "strength", "weight", "rate"}


@lru_cache(maxsize=1)
def _any_name() -> re.Pattern[str]:
    aliases = sorted({a for n in names() if n.placement != "word" for a in (*n.aliases, n.name)},
                     key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(_alias_pattern(a) for a in aliases)})(?![\w-])", re.I)


def _named_earlier(before: str) -> str | None:
    """ "L2 weight decay on all the trainable variables, with parameter λ = 3 × 10−7": the
    setting the clause names before a symbol that only a generic word introduces."""
    clause = re.split(r"[;:]", before)[-1][-100:]
    if re.search(r"(?<![\w.])\d", clause):
        return None  # a value of its own in between
    found = _any_name().search(clause)  # the clause's subject: "dropout on all layers, with rate p"
    return known_name(found[0]) if found else None


def _assigned(s: str, block: Block, base: float, recipe: bool, setting: str,
              glossary: dict[str, str], taken: list[tuple[int, int]], out: list[_Candidate]) -> None:
    """ "K = 65536 and m = 0.999", named from what the paper calls K and m."""
    if len(re.findall(r"=\s*(?![\d.−\s-])", s)) >= 2 or s.count("=") > 8:
        return  # an equation, or a sweep laid out in a legend
    symbols: set[str] = set()
    for m in _ASSIGN.finditer(s):
        sym = re.sub(r"[\s{}]", "", m["sym"])
        if _taken(m.start("v"), taken) or sym in symbols:
            continue
        symbols.add(sym)
        if sym in ("i", "j"):
            continue  # an index: "∑ i=1"
        if _a_case(s, s[max(0, m.start() - 30):m.start("v")], m.end("v")):
            continue
        if known_name(sym):
            continue  # β1, ϵls ...: read by their names already
        described = glossary.get(sym, "")
        near = re.search(r"((?:[A-Za-z][\w-]*\s+)?[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})\s*$", s[:m.start()])
        if near:  # "an initial temperature τ = 5.0": the sentence's own name comes first
            words = [w for w in near[1].split() if w.lower() not in _STOP]
            for k in range(len(words)):
                if known_name(" ".join(words[k:])):
                    described = " ".join(words[k:])
                    break
            if not described:
                described = _named_before(near[1], words, sym)
            # "L2 weight decay ..., with parameter λ": the clause's setting, not "parameter"
            if described.lower() in _GENERIC_WORDS and re.search(
                    rf"\bwith\s+{re.escape(described)}\s*$", near[1]):
                described = _named_earlier(s[:m.start()]) or described
        if not described:  # "a probability of p = 0.25", "repeated with some probability (p=0.1 ..."
            of = _NOUN_OF.search(s, 0, m.start())
            words = (of["name"] or of["name2"]).lower().split() if of else []
            described = " ".join(w for w in words if w not in _STOP)
        if m["is"] and not (described and re.search(
                rf"{re.escape(described.split()[-1])}\s*$", s[:m.start()], re.I)):
            continue  # "is" only where the sentence names it: "the embedding dimensionality m is 620"
        cue = bool(re.search(r"\b(?:we\s+use|we\s+set|set|default|chosen|fixed|use|used|employ|"
                             r"experiments?|consider|apply|applied|parameter)\b", s, re.I))
        if not (recipe or cue) or not described and not cue:
            continue
        name = _symbol_name(sym, described)
        if parse_number(m["v"]) == 0 and not known_name(described):
            continue  # "θ0 = 0": an initial state, not a setting to rerun
        rank = base + (1.0 if described or _STRONG.search(s) else 2.0)
        # "BERT-base (L=12, H=768)": the values belong to the name before the brackets
        owner = re.search(r"([A-Za-z]*[A-Z][\w.+/-]*)\s*\([^()]*$", s[:m.start()])
        out.append(_Candidate(name, _tidy(m["v"]), s, block, rank, len(out),
                              owner[1] if owner else setting, name))


def _readable(doc: Document, block: Block) -> bool:
    """Body and appendix; in a PDF also the reference zone's prose, where an appendix that
    follows the reference list ends up when it carries no heading of its own."""
    if block.zone in (FRONT, BODY, APPENDIX):
        return True
    return block.zone == REFERENCES and doc.origin == "pdf" and not _BIBLIOGRAPHIC.search(block.text[:300])


# -- tables -----------------------------------------------------------------------------------------

def _settings_table(table: Table) -> bool:
    """A hyperparameter table (`tables.classify`), or one that `tables` leaves unclassified
    whose header or first columns name three settings (model variants: layers, heads)."""
    kind = classify(table)
    if kind == HYPERPARAMETERS:
        return True
    names = [c for row in table.rows for c in row[:3]] + (table.rows[0] if table.rows else [])
    return kind == OTHER and sum(1 for c in names if known_name(c.text)) >= 3


# "rq=rv=4" in a table cell: one value for a symbol's variants (r_q and r_v), the rank r
_SHARED = re.compile(rf"^(?P<sym>[A-Za-zα-ω])_?\{{?[A-Za-z]{{1,2}}\}}?(?:\s*=\s*(?P=sym)_?\{{?[A-Za-z]{{1,2}}\}}?)+"
                     rf"\s*=\s*(?P<v>{VALUE})$")


def _shared_symbol(name: str, value: str, glossary: dict[str, str]) -> tuple[str, str]:
    """(name, value) of a cell: "rq=rv=4" under "LoRA Config." is the rank r, 4."""
    m = _SHARED.match(value.strip().strip("$"))
    if not m:
        return name, value
    return _symbol_name(m["sym"], glossary.get(m["sym"], "")), m["v"]


def _symbol_name(sym: str, described: str) -> str:
    """ "momentum coefficient m": what the paper calls the symbol, then the symbol."""
    return f"{known_name(described) or described} {sym}" if described else sym


def _tables(doc: Document, out: list[_Candidate], glossary: dict[str, str]) -> None:
    names = own_method_names(doc)
    for block in doc.blocks:
        t = block.table
        if (block.kind != TABLE or t is None or t.plain or not _readable(doc, block)
                or not _settings_table(t)):
            continue  # a plain text's rows are read line by line (`_pdf_rows`)
        # the row naming the settings: the first, or one under a row of groups
        # ("Directed Info-GAIL | VAE pre-training" over "Epochs | Batch Size | Epochs")
        named = [sum(1 for c in row if known_name(c.text)) for row in t.rows[:3]]
        names_row = next((i for i, n in enumerate(named) if n >= 2), None)
        last = t.rows[t.header_rows - 1] if t.header_rows >= 2 else []
        merged = sum(1 for j in range(len(last)) if known_name(t.header(j)))
        if merged >= 2 and merged >= max(named):
            # names set over two rows: "Batch | Training" over "Size | Steps"
            _columns(t, block, out, names, t.header_rows - 1, merged=True)
        elif names_row is not None:
            _columns(t, block, out, names, names_row)
        else:
            _rows(t, block, out, glossary)


def _rows(t: Table, block: Block, out: list[_Candidate], glossary: dict[str, str]) -> None:
    """One setting per row: its name in a label column, a value per setting column."""
    width = max((len(r) for r in t.rows), default=0)
    scores = [sum(1 for r in t.rows if c < len(r) and known_name(r[c].text)) for c in range(width)]
    label = max(range(width), key=lambda c: (scores[c], -c)) if width else 0
    # header rows end at the first row that names a setting ("Optimizer | AdamW | AdamW")
    heads = next((i for i, r in enumerate(t.rows[: t.header_rows])
                  if label < len(r) and known_name(r[label].text)), t.header_rows)
    body = t.rows[heads:]

    def header(column: int) -> str:
        parts = [r[column].text.strip() for r in t.rows[:heads] if column < len(r)]
        return " ".join(dict.fromkeys(p for p in parts if p))
    first = ""  # the first group of rows ("RoBERTa base"); rows without a group hold for all
    for row in body:
        if label >= len(row):
            continue
        raw = row[label].text.strip()
        if not raw or not re.search(r"[A-Za-zα-ωΑ-Ω#]", raw):
            continue
        group = " ".join(c.text.strip() for c in row[:label] if c.text.strip())
        first = first or group
        first_group = group in ("", first)
        cells = [(c, header(c)) for c in range(label + 1, len(row))]
        values = [(row[c].text.strip(), h) for c, h in cells
                  if row[c].text.strip() not in ("", "-", "–", "—", "n/a", "N/A")]  # none set
        if not values:
            continue
        name = known_name(raw) or raw
        source = " | ".join(c.text for c in row)
        if all(_SHARED.match(v.strip().strip("$")) for v, _ in values):
            name, _ = _shared_symbol(name, values[0][0], glossary)
            values = [(_shared_symbol(name, v, glossary)[1], h) for v, h in values]
        distinct = {v for v, _ in values}
        rank = 0.0 if first_group else 3.0
        if len(distinct) == 1:
            out.append(_Candidate(name, _tidy(values[0][0]), source, block, rank, len(out),
                                  "" if first_group else group, name))
            continue
        for i, (value, head) in enumerate(values):
            setting = ", ".join(p for p in (group, head) if p)
            out.append(_Candidate(name, _tidy(value), source, block, rank + (0 if i == 0 else 3.5),
                                  len(out), setting, name))


# what a run measures, not what it sets: "Valid. Acc.", "Iterations to 0.001 loss", "Time (s)"
_MEASURED = re.compile(r"(?i)\bloss\b|params\b|parameters\b|\btime\b|\(s\)|\bsec\b|\bhours?\b|flops|memory|throughput|speed")


def _unlisted(header: str) -> bool:
    """A column head that names a setting no list holds ("posterior λ"), not a measure."""
    return bool(re.search(r"[A-Za-zα-ω]", header)) and not metrics.named(header) and not _MEASURED.search(header)


def _columns(t: Table, block: Block, out: list[_Candidate], names: list[str],
             names_row: int = 0, merged: bool = False) -> None:
    """One setting per column (a header row of names, maybe under a row of groups, or
    `merged` with the rows above it), one row per model or dataset. The main row is the
    paper's own method's when a row names it (a table of each optimizer's tuned settings),
    else the first."""
    header = [Cell(t.header(j)) if merged else c for j, c in enumerate(t.rows[names_row])]
    groups = [""] * len(header) if merged else [
        " ".join(dict.fromkeys(r[j].text.strip() for r in t.rows[:names_row] if j < len(r) and r[j].text.strip()))
        for j in range(len(header))]
    qualified = len({g for g in groups if g}) > 1  # two groups set the same names apart
    rows = t.rows[max(t.header_rows, names_row + 1):]
    # a column of numbers under a name no list holds ("posterior λ") is a setting as printed
    named = [known_name(h.text) or (re.sub(_GLUED, " ", h.text.strip()) if _unlisted(h.text) and all(
        parse_number(r[j].text) is not None for r in rows if j < len(r) and r[j].text.strip())
        else None) for j, h in enumerate(header)]
    labels = [" ".join(c.text.strip() for c, name in zip(row, named, strict=False)
                       if not name and parse_number(c.text) is None and c.text.strip())
              for row in rows]
    own = [i for i, label in enumerate(labels) if label and is_own(label, names)]
    main = own[0] if own else 0
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        for j, (c, name) in enumerate(zip(row, named, strict=False)):
            if name and c.text.strip() and c.text.strip() not in ("-", "–", "—"):
                setting = ", ".join(p for p in ("" if i == main else label,
                                                groups[j] if qualified else "") if p)
                rank = 0.0 if i == main else 0.5 if i in own else 3.5
                out.append(_Candidate(name, _tidy(c.text), " | ".join(x.text for x in row), block,
                                      rank, len(out), setting, name))


_ROW = re.compile(rf"^(?P<name>[A-Za-z#α-ωΑ-Ω][^\d]{{1,40}}?)\s+(?P<vals>(?:{VALUE})(?:\s+(?:{VALUE}))*)$")


def _pdf_rows(doc: Document, out: list[_Candidate]) -> None:
    """Table lines of a PDF ("Batch Size 16 16 32"): the label names a setting, unless the
    lines are those of a table read as results ("LR 0.8640 0.02648": logistic regression)."""
    kind = ""  # the class of the table read under the last caption
    for block in doc.blocks:
        if block.kind == CAPTION:
            kind = ""
        elif block.table is not None and not kind:
            kind = classify(block.table)
        if block.kind != TABLE or block.table is not None or not _readable(doc, block) or kind in (
                MAIN, ABLATION, DATASETS):
            continue
        for line in block.text.split("\n"):
            m = _ROW.match(line.strip())
            name = known_name(m["name"]) if m else None
            if not m or not name:
                continue
            vals = m["vals"].split()
            value = vals[0] if len(set(vals)) == 1 else " / ".join(vals)
            out.append(_Candidate(name, _tidy(value), line.strip(), block, 1.0, len(out), "", name))


# "Hyperparameter  Value" over "Optimizer  AdamW", "Warmup Updates  2048": a settings table the
# plain text prints line by line, values in words too; "Model  Max Learning Rate" over
# "Tiny  1.5 × 10−3": one setting for each model
_LIST_HEAD = re.compile(r"(?i)^(?:hyper-?\s?parameters?|parameters?|settings?|config(?:uration)?s?)\s+"
                        r"(?:values?|settings?)$")
_PER_HEAD = re.compile(r"^(?:Models?|Methods?|Datasets?|Tasks?|Sizes?|Variants?)\s+(?P<name>[A-Za-z].{2,40})$")
_LINE_VALUE = re.compile(rf"^(?P<name>[^\d\s].{{0,50}}?)\s+(?P<v>{VALUE}\s*×?)$")


def _settings_lists(doc: Document, out: list[_Candidate]) -> None:
    if doc.origin != "pdf":
        return  # a LaTeX table keeps its cells
    for number, page in enumerate(doc.pages, start=1):
        lines = [line.strip() for line in page.split("\n")]
        on_page = [b for b in doc.blocks if b.page == number]
        for i, line in enumerate(lines):
            per = _PER_HEAD.match(line)
            setting = known_name(per["name"]) if per else None
            if not setting and not _LIST_HEAD.match(line):
                continue
            missed = 0
            for row in lines[i + 1:i + 40]:
                found = _per_model(row, setting) if setting else _name_value(row)
                missed = missed + 1 if found is None else 0
                if missed == 2 or re.match(r"(?:Table|TABLE)\s+[\dIVX]", row):
                    break  # past the table: its caption, or prose
                # the block that holds the row, else the page's first
                block = next((b for b in on_page if row in b.text), on_page[0] if on_page else None)
                if block is not None and found:
                    name, value, of = found
                    out.append(_Candidate(name, _tidy(value), row, block, 1.0, len(out), of, name))


def _name_value(row: str) -> tuple[str, str, str] | None:
    """("optimizer", "AdamW", "") from "Optimizer AdamW": the longest usual name the row
    opens with, then a number or a few words; else a setting named as printed before a
    number ("Speechless audio subsample factor 10×"); None past the table's last row."""
    words = row.split()
    for k in range(min(len(words) - 1, 6), 0, -1):
        usual, value = known_name(" ".join(words[:k])), " ".join(words[k:])
        if usual == known_name(" ".join(words[:k - 1])):
            continue  # the last word adds nothing: "Schedule Linear" is the schedule's value
        if usual and (_VALUE.fullmatch(value) or len(words) - k <= 4 and not re.search(r"\d", value)):
            return usual, value, ""
    m = _LINE_VALUE.match(row)
    if m and len(m["name"].split()) <= 6 and not row.endswith(".") and not re.search(r"[\d×]$", m["name"]):
        return m["name"].lower(), m["v"], ""
    return None


def _per_model(row: str, setting: str) -> tuple[str, str, str] | None:
    m = _LINE_VALUE.match(row)
    if not m or len(m["name"].split()) > 3:
        return None
    return setting, m["v"], m["name"]


# -- the ranked list ------------------------------------------------------------------------------


def find_hyperparameters(doc: Document, version: int | None = None) -> list[Hyperparameter]:
    """The recipe, best first: each setting once per value, per-setting values apart."""
    found: list[_Candidate] = []
    glossary = _glossary(doc)
    _tables(doc, found, glossary)
    _pdf_rows(doc, found)
    _settings_lists(doc, found)
    _prose(doc, glossary, found)
    position = {id(b): i for i, b in enumerate(doc.blocks)}

    def rank(c: _Candidate) -> tuple[float, int, int]:
        return c.rank, position.get(id(c.block), 0), c.order

    found.sort(key=rank)
    seen: set[tuple[str, str]] = set()
    usuals: set[tuple[str, str]] = set()
    groups: dict[str, list[_Candidate]] = {}
    shadows: set[int] = set()
    for c in found:
        number = parse_number(c.value)
        value = repr(number) if number is not None else c.value.lower()
        if (c.key.lower(), value) in seen:
            continue  # each value of a setting once, where it ranks best
        # "temperature T" and "temperature" are one setting: its value is shown once, but
        # still tells which of the setting's values is the main one
        usual = ((known_name(c.key) or c.key).lower(), value)
        if usual in usuals:
            shadows.add(id(c))
        seen.add((c.key.lower(), value))
        usuals.add(usual)
        groups.setdefault(c.name, []).append(c)
    kept: list[_Candidate] = []
    used: set[str] = set()
    for name, group in groups.items():
        # the bare name goes to the main value, others say which setting they belong to
        # ("batch size (CIFAR-10)"), else which section they come from.
        # the setting's main value is the one the paper states first, outside a sweep or
        # another paper's settings (ImageNet before CIFAR-10, the base model before the big)
        columns = [c for c in group if c.setting and c.block.table is not None]
        rest = [c for c in group if c not in columns]
        plain = min(rest, key=lambda c: (c.rank >= 2, position.get(id(c.block), 0), c.order),
                    default=None)
        for c in group:
            setting = c.setting or _section_title(c.block.section)
            final = name if c is plain else f"{name} ({setting})" if setting else ""
            if final and final not in used and id(c) not in shadows:
                used.add(final)
                c.name = final
                kept.append(c)
                if c is not plain:
                    c.rank += 1.0  # the main recipe first, its variants for other settings after
    kept.sort(key=rank)
    return [Hyperparameter(c.name, c.value, source=c.source[:300], page=c.block.page, version=version,
                           number=parse_number(c.value), section=c.block.section) for c in kept]
