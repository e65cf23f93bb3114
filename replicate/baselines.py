"""Human-level baselines: a small sourced table, matched to claims by metric and dataset.

Datasets are named through the shared vocabulary (`replicate.vocab`: "ILSVRC 2012"
is ImageNet, a leading "Atari" or "ALE" on a game is ignored); metrics are compared
lowercased with everything but letters and digits dropped, then mapped through the
aliases below ("exact match" is EM). When two rows of the table name the
same benchmark and metric, the first one wins.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from . import vocab

# Metric spellings -> one canonical name, after lowercasing and dropping everything
# but letters and digits. Dataset names go through the shared vocabulary (`vocab`).
METRIC_ALIASES = {
    "top5error": "top5error", "top5err": "top5error", "top5errorrate": "top5error",
    "em": "em", "exactmatch": "em", "f1": "f1", "f1score": "f1",
    "score": "score", "gluescore": "score", "averagescore": "score", "avgscore": "score",
    "wer": "wer", "worderrorrate": "wer",
    "error": "error", "errorrate": "error", "testerror": "error", "testerrorrate": "error",
    "accuracy": "accuracy", "acc": "accuracy", "testaccuracy": "accuracy",
    "top1accuracy": "top1accuracy", "reward": "score", "averagereward": "score",
    "top5accuracy": "top5accuracy", "top5acc": "top5accuracy",
    "meanscore": "score", "rawscore": "score", "gamescore": "score", "meanreward": "score",
    "return": "score", "averagereturn": "score", "meanreturn": "score",
    "episodereturn": "score",
}


@dataclass(frozen=True)
class Baseline:
    dataset: str
    metric: str
    value: float
    unit: str
    lower_is_better: bool
    source: str


def _norm(text: str, aliases: dict[str, str]) -> str:
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    return aliases.get(key, key)


def _dataset(text: str) -> str:
    return vocab.canonical(text) or vocab.key(text)


@lru_cache(maxsize=1)
def table() -> tuple[Baseline, ...]:
    """The shipped table (replicate/data/human_baselines.csv)."""
    from importlib.resources import files

    text = files("replicate").joinpath("data/human_baselines.csv").read_text(encoding="utf-8")
    return tuple(
        Baseline(r["dataset"], r["metric"], float(r["value"]), r["unit"],
                 r["lower_is_better"] == "true", r["source"])
        for r in csv.DictReader(io.StringIO(text))
    )


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], Baseline]:
    index: dict[tuple[str, str], Baseline] = {}
    for b in table():
        index.setdefault((_dataset(b.dataset), _norm(b.metric, METRIC_ALIASES)), b)
    return index


def match(metric: str, dataset: str) -> Baseline | None:
    """The human baseline for this metric on this dataset, if the table has one."""
    if not metric or not dataset:
        return None
    return _index().get((_dataset(dataset), _norm(metric, METRIC_ALIASES)))
