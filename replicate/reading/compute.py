"""Compute the authors report: hardware and training time."""

from __future__ import annotations

import re

from .document import APPENDIX, BODY, CAPTION, FRONT, PROSE, Document
from .text import split_sentences

COMPUTE = re.compile(
    r"(?P<hw>(?:\d+|one|two|four|eight|sixteen|thirty-two|sixty-four)\s+(?:NVIDIA\s+)?"
    r"(?:(?:Tesla\s+)?(?:P100|V100|A100|K80|K40|H100|Titan\s*X|GTX\s*\d+)s?(?:\s+GPUs?)?|GPUs|"
    r"(?:Cloud\s+)?TPUs?(?:\s*v\d)?(?:\s+(?:cores|chips|Pods?))?))(?!\w)"
    r"|(?:for|took|takes|in|about|approximately|around|over)\s+(?P<time>\d+(?:\.\d+)?\s+"
    r"(?:days|hours|weeks)(?!\s+of\b))", re.I)


TRAINING = re.compile(r"train|took|takes|ran\b|run\b", re.I)


_COUNT_WORDS = {"one": "1", "a": "1", "a single": "1", "two": "2", "four": "4", "eight": "8",
                "sixteen": "16", "thirty-two": "32", "sixty-four": "64"}


def _compute_key(text: str) -> tuple[str, frozenset[str]]:
    words = text.lower().split()
    count = _COUNT_WORDS.get(words[0], words[0])
    return count, frozenset(w.rstrip("s") for w in words[1:] if w not in ("nvidia", "tesla"))


def find_compute(doc: Document) -> list[str]:
    """Accelerators and training times stated in sentences about training, most specific kept."""
    found: list[str] = []
    for block in doc.of_kind(PROSE, CAPTION, zones=(FRONT, BODY, APPENDIX)):
        for s in split_sentences(block.text):
            if len(s) > 400 or not TRAINING.search(s):
                continue
            for m in COMPUTE.finditer(s):
                text = re.sub(r"\s+", " ", m["hw"] or m["time"]).strip()
                if m["time"] and not re.search(r"GPU|TPU|P100|V100|A100|K80|train", s, re.I):
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
