"""Human baselines and the reading pass name datasets through one vocabulary."""

from __future__ import annotations

from replicate import baselines, vocab
from replicate.reading.datasets import find_datasets
from replicate.reading.document import BODY, PROSE, Block, Document


def test_every_baseline_names_a_dataset_the_vocabulary_knows() -> None:
    unknown = [b.dataset for b in baselines.table() if vocab.canonical(b.dataset) is None]
    assert unknown == []


def test_a_dataset_the_reading_pass_names_finds_its_baseline() -> None:
    doc = Document(origin="latex", blocks=[
        Block(PROSE, "We report top-5 error on the ILSVRC 2012 validation set. ILSVRC 2012 "
                     "is large. Our Q*bert and Pong scores on the Arcade Learning Environment.",
              BODY, "4 Experiments"),
        Block(PROSE, "Q*bert again, Pong again.", BODY, "4 Experiments")])
    names = find_datasets(doc)
    assert names[0] == "ImageNet"
    assert baselines.match("top-5 error", names[0]).value == 5.1
    assert baselines.match("score", "Pong").value == 9.3
    assert baselines.match("score", "Q*bert").value == 13455


def test_a_name_only_a_table_uses_is_not_searched_for_in_text() -> None:
    assert baselines.match("WER", "CH").value == 6.8  # CallHome, in a baseline lookup
    assert [m.name for m in vocab.mentions("CH and SWB are short.")] == []
