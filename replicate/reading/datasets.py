"""Datasets a paper uses, from a vocabulary of names and their spellings."""

from __future__ import annotations

import re

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
