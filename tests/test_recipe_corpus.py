"""The recipe, datasets, code link and outline of real papers, pinned.

Each paper's first 20 hyperparameters, its datasets, official code and section
headings, read from its PDF and from its LaTeX source, are kept in
tests/golden/recipe-<id>.json and recipe-<id>-latex.json: a change that loses
one of them fails. After a deliberate change, regenerate them with
``REPLICATE_REGOLD=1 pytest tests/test_recipe_corpus.py`` and review the diff.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

from replicate import reading
from replicate.reading.datasets import find_datasets
from replicate.reading.hyperparameters import find_hyperparameters
from replicate.reading.links import find_official_code, find_urls
from replicate.reading.outline import find_sections

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
PAPERS = ["1706.03762", "1911.05722", "1312.5602", "2106.09685", "1605.06065v1", "1512.03385",
          "1810.04805", "2010.11929", "1409.0473", "1807.03748", "2205.14135"]

REGOLD = os.environ.get("REPLICATE_REGOLD") == "1"  # read before the fixtures clear REPLICATE_*

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


@functools.cache
def read(paper: str) -> reading.Reading:
    from replicate import pdf

    return reading.extract(pdf.page_texts(CORPUS / "arxiv" / paper / "paper.pdf"))


@functools.cache
def read_latex(paper: str) -> reading.Reading:
    """What the recipe extractors find in the paper's LaTeX source."""
    from replicate.reading.latex import parse_source

    doc = parse_source(CORPUS / "arxiv" / paper / "source")
    assert doc is not None
    urls = find_urls(doc)
    return reading.Reading(hyperparameters=find_hyperparameters(doc), datasets=find_datasets(doc),
                           code_urls=urls, official_code=find_official_code(doc, urls),
                           sections=find_sections(doc))


def summary(found: reading.Reading) -> dict[str, object]:
    return {
        "hyperparameters": [[h.name, h.value] for h in found.hyperparameters[:20]],
        "datasets": found.datasets,
        "official_code": found.official_code,
        "sections": found.sections,
    }


@pytest.mark.parametrize("via", ["pdf", "latex"])
@pytest.mark.parametrize("paper", PAPERS)
def test_nothing_pinned_is_lost(paper: str, via: str) -> None:
    path = GOLDEN / f"recipe-{paper}{'-latex' if via == 'latex' else ''}.json"
    now = summary(read(paper) if via == "pdf" else read_latex(paper))
    if REGOLD:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    pinned = json.loads(path.read_text(encoding="utf-8"))
    top = {tuple(h) for h in now["hyperparameters"]}  # type: ignore[union-attr]
    assert [h for h in pinned["hyperparameters"] if tuple(h) not in top] == []
    assert [d for d in pinned["datasets"] if d not in now["datasets"]] == []  # type: ignore[operator]
    assert now["official_code"] == pinned["official_code"]
    assert [s for s in pinned["sections"] if s not in now["sections"]] == []  # type: ignore[operator]


def numbers(paper: str, via: str = "pdf") -> dict[str, float | None]:
    found = read(paper) if via == "pdf" else read_latex(paper)
    return {h.name: h.number for h in found.hyperparameters}


@pytest.mark.parametrize("via", ["pdf", "latex"])
def test_the_transformer_recipe(via: str) -> None:
    hp = numbers("1706.03762", via)
    assert hp["warmup steps"] == 4000 and hp["beta2"] == 0.98
    assert hp["epsilon"] == pytest.approx(1e-9)
    assert hp["dropout"] == 0.1 and hp["label smoothing"] == 0.1
    assert hp["model dimension"] == 512 and hp["training steps"] == 100000
    assert hp["training steps (big)"] == 300000


@pytest.mark.parametrize("via", ["pdf", "latex"])
def test_momentum_contrast_names_its_own_settings(via: str) -> None:
    hp = numbers("1911.05722", via)
    assert hp["K"] == 65536 and hp["momentum coefficient m"] == 0.999
    assert hp["temperature τ"] == 0.07
    assert hp["batch size"] == 256 and hp["batch size (IG-1B)"] == 1024


def test_dqn_replay_memory_and_frame_skip() -> None:
    found = read("1312.5602")
    hp = numbers("1312.5602")
    assert hp["replay memory"] == 1e6 and hp["k"] == 4 and hp["batch size"] == 32
    assert {"Breakout", "Pong", "Space Invaders", "Atari 2600"} <= set(found.datasets)


def test_lora_rank_and_alpha() -> None:
    hp = {h.name: h.value for h in read("2106.09685").hyperparameters}
    assert hp["rank r"] in ("4", "8") and hp["optimizer"] == "AdamW"
    table = {h.name: h.value for h in read_latex("2106.09685").hyperparameters}
    assert table["LoRA α"] == "8" and table["warmup ratio"] == "0.06"


def test_bert_datasets_and_code() -> None:
    found = read("1810.04805")
    assert {"GLUE", "SQuAD v1.1", "SQuAD v2.0", "SWAG", "MultiNLI", "BookCorpus"} <= set(
        found.datasets)
    assert found.official_code == "https://github.com/google-research/bert"
