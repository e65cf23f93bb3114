"""The reading pass on text written here, on generated PDFs, and on the real corpus."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from replicate import reading
from replicate.record import Claim, Hyperparameter, Paper

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

PAGE1 = """arXiv:1706.03762v5 [cs.CL] 6 Dec 2017
Attention Is All You Need
Alice Example, Bob Example
Abstract
We propose a new network. Our model achieves 28.4 BLEU on the WMT 2014 English-
to-German translation task, improving over the existing best results by over 2 BLEU.
On the WMT 2014 English-to-French translation task, our model establishes a new
single-model state-of-the-art BLEU score of 41.8 after training for 3.5 days on eight GPUs.
1 Introduction
Recurrent models [12, 31] were popular in 2017. Table 3 lists 12 variants.
"""

PAGE2 = """2 Training
5.1 Optimizer
We used the Adam optimizer [20] with β1 = 0.9, β2 = 0.98 and ϵ = 10−9. We varied the
learning rate over the course of training, with warmup_steps = 4000. We trained on 8 NVIDIA
P100 GPUs with a batch size of 25,000 tokens. We apply dropout with Pdrop = 0.1 and label
smoothing of value ϵls = 0.1. The encoder is a stack of N = 6 identical layers with h = 8 parallel
attention heads and dmodel = 512; we use beam search with a beam size of 4.
3 Results
Our big model achieves 92.7 ± 0.3% accuracy on CIFAR-10, a 1.5 point absolute improvement.
Smith et al. [7] report 99.9% accuracy on MNIST.
The code we used to train and evaluate our models is available at https://github.com/
tensorflow/tensor2tensor. See also https://example.org/data-card.
References
[1] A. Author. A 2016 paper with 95.5% accuracy on ImageNet. 2016.
"""


@pytest.fixture(scope="module")
def found() -> reading.Reading:
    return reading.extract([PAGE1, PAGE2], version=5)


def test_stamp_title_and_authors(found) -> None:
    assert found.stamp == reading.Stamp("1706.03762", 5, "cs.CL", "6 Dec 2017")
    assert found.title == "Attention Is All You Need"
    assert found.authors == ["Alice Example", "Bob Example"]
    assert found.abstract.startswith("We propose a new network.")


def test_headline_claims_come_first_with_their_datasets(found) -> None:
    first = [(c.metric, c.value, c.dataset) for c in found.claims[:2]]
    assert first == [("BLEU", 28.4, "WMT 2014 English-German"),
                     ("BLEU", 41.8, "WMT 2014 English-French")]
    assert found.claims[0].page == 1 and "28.4 BLEU" in found.claims[0].source
    assert all(c.version == 5 and c.origin == "paper" for c in found.claims)


def test_differences_citations_years_and_references_are_not_claims(found) -> None:
    values = {c.value for c in found.claims}
    assert 2.0 not in values            # "by over 2 BLEU" is a margin
    assert 1.5 not in values            # "a 1.5 point absolute improvement"
    assert 99.9 not in values           # someone else's number, cited
    assert 95.5 not in values           # in the references
    assert not values & {12.0, 31.0, 2017.0, 3.0}


def test_table_rows_flattened_into_text_are_not_claims() -> None:
    rows = ("Table 2: The Transformer achieves better BLEU scores than previous models.\n"
            "Model BLEU EN-DE EN-FR Training Cost (FLOPs)\n"
            "ByteNet [18] 23.75 39.2 1.0 · 10^20 2.3 · 10^19 1.4 · 10^20\n"
            "Transformer (big) 28.4 41.8 2.3 · 10^19 3.3 · 10^18\n")
    assert reading.extract([rows]).claims == []


def test_plus_minus_and_percent(found) -> None:
    cifar = next(c for c in found.claims if c.dataset == "CIFAR-10")
    assert (cifar.metric, cifar.value, cifar.unit) == ("accuracy", 92.7, "%")
    assert cifar.page == 2


def test_keys_are_short_stable_and_unique() -> None:
    again = reading.extract([PAGE1, PAGE2], version=5)
    keys = [c.key for c in again.claims]
    assert keys == [c.key for c in reading.extract([PAGE1, PAGE2], version=5).claims]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "bleu-wmt-2014-english-german"


def test_hyperparameters_with_greek_letters_and_scientific_notation(found) -> None:
    hp = {h.name: h.value for h in found.hyperparameters}
    assert hp["beta1"] == "0.9" and hp["beta2"] == "0.98"
    assert hp["epsilon"].replace(" ", "") == "10−9"
    assert hp["warmup steps"] == "4000"
    assert hp["optimizer"] == "Adam"
    assert hp["batch size"] == "25,000"
    assert hp["dropout"] == "0.1" and hp["label smoothing"] == "0.1"
    assert hp["layers"] == "6" and hp["attention heads"] == "8"
    assert hp["model dimension"] == "512" and hp["beam size"] == "4"
    beta = next(h for h in found.hyperparameters if h.name == "beta1")
    assert "β1 = 0.9" in beta.source and beta.page == 2 and beta.version == 5


def test_datasets_are_normalised(found) -> None:
    assert found.datasets[:2] == ["WMT 2014 English-German", "WMT 2014 English-French"]
    assert "ImageNet" not in found.datasets  # only in the references


def test_urls_broken_across_lines_are_joined_and_the_official_one_told_apart(found) -> None:
    assert found.code_urls == ["https://github.com/tensorflow/tensor2tensor",
                               "https://example.org/data-card"]
    assert found.official_code == "https://github.com/tensorflow/tensor2tensor"


def test_urls_from_the_arxiv_comment() -> None:
    got = reading.extract(["Nothing here."], comment="Code: https://github.com/me/repo.")
    assert got.code_urls == ["https://github.com/me/repo"]
    assert got.official_code == "https://github.com/me/repo"


def test_someone_elses_code_is_not_official() -> None:
    text = "Their code is available at https://github.com/other/baseline and we compare to it."
    got = reading.extract([text])
    assert got.code_urls == ["https://github.com/other/baseline"]
    assert got.official_code is None


def test_sections_in_order_without_table_rows(found) -> None:
    assert found.sections == ["1 Introduction", "2 Training", "3 Results"]


def test_compute(found) -> None:
    assert "8 NVIDIA P100 GPUs" in found.compute and "3.5 days" in found.compute


def test_ligatures_and_hyphenation_are_undone() -> None:
    text = "We ﬁne-tune the classi-\nﬁer. Our model achieves 76.1% top-1 accuracy on ImageNet."
    got = reading.extract([text])
    assert got.claims[0].metric == "top-1 accuracy"
    assert got.claims[0].value == 76.1 and got.claims[0].dataset == "ImageNet"


def test_lower_is_better_metrics() -> None:
    got = reading.extract(["We achieve 3.57% top-5 error on ImageNet and a perplexity of 23.7."])
    flags = {c.metric: c.lower_is_better for c in got.claims}
    assert flags == {"top-5 error": True, "perplexity": True}


def test_savings_as_ratios_and_the_symbol_fonts_times_sign() -> None:
    abstract = ("Batch Normalization achieves the same accuracy with 14 times fewer training "
                "steps. It trains faster than existing baselines: 3\x02 speedup on GPT-2.")
    got = reading.extract([f"A Paper\nAbstract\n{abstract}\n1 Introduction\nText.\n"])
    found = {(c.metric, c.value, c.unit) for c in got.claims}
    assert ("training steps reduction", 14.0, "×") in found
    assert ("speedup", 3.0, "×") in found
    assert "×" in reading.clean("3\x02 speedup")


def test_test_set_error_is_an_error() -> None:
    got = reading.extract(["With these settings we achieve 2.00% test set error on MNIST, compared "
                           "to the 2.10% of Smith et al."])
    assert [(c.metric, c.value, c.dataset) for c in got.claims] == [("error", 2.0, "MNIST")]


def test_datasets_named_with_a_description_a_citation_or_in_a_list() -> None:
    page = ("1 Introduction\nWe use the corpora of ACL WMT ’14 and its test set from WMT ’14.\n"
            "2 Experiments\nWe examine sparse features using the IMDB movie review dataset [12]. "
            "Training longer improves performance on the MIMIC-III [47] and ECtHR [6, 7] datasets. "
            "MIMIC-III holds discharge summaries; ECtHR holds legal cases; IMDB holds reviews. "
            "Although the dataset does not provide labels, we align them. Published as a "
            "conference paper at ICLR 2015 large datasets are common.\n")
    found = reading.extract(["A Paper\n", page]).datasets
    assert {"IMDB", "MIMIC-III", "ECtHR", "WMT 2014"} <= set(found)
    assert not {"Although", "ICLR 2015"} & set(found)


def test_a_title_wrapped_after_a_connecting_word_is_joined() -> None:
    got = reading.extract(["Batch Normalization: Accelerating Deep Network Training by\n"
                           "Reducing Internal Covariate Shift\nSergey Ioffe, Christian Szegedy\n"])
    assert got.title == ("Batch Normalization: Accelerating Deep Network Training by Reducing "
                         "Internal Covariate Shift")
    assert got.authors == ["Sergey Ioffe", "Christian Szegedy"]


def test_a_venues_copyright_footer_printed_first_is_not_the_title() -> None:
    page = ("Proceedings of the 58th Annual Meeting, pages 4969–4983\n"
            "July 5 - 10, 2020. c©2020 Association for Computational Linguistics\n"
            "SPECTER: Document-level Representation Learning\nArman Cohan, Sergey Feldman\n")
    assert reading.extract([page]).title == "SPECTER: Document-level Representation Learning"


def test_arxivs_title_names_the_system_whose_repository_is_official() -> None:
    page = ("Some Venue Header Line\nAbstract\nWe study documents.\n1 Introduction\n"
            "∗ Equal contribution\n1 https://github.com/allenai/specter\n")
    assert reading.extract([page]).official_code is None
    named = reading.extract([page], arxiv_title="SPECTER: Document-level Representation Learning")
    assert named.official_code == "https://github.com/allenai/specter"


def test_old_style_stamp_without_category() -> None:
    stamp = reading.extract(["arXiv:quant-ph/9508027v2 25 Jan 1996\nTitle"]).stamp
    assert stamp == reading.Stamp("quant-ph/9508027", 2, "", "25 Jan 1996")


# -- apply: suggestions into the record, keeping the user's edits --------------------------


def fresh() -> Paper:
    return Paper(arxiv_id="1706.03762", version=5, title="Attention Is All You Need")


def test_first_apply_fills_everything(found) -> None:
    paper = fresh()
    reading.apply(paper, found)
    assert paper.claims == found.claims and paper.datasets == found.datasets
    assert paper.read_from_version == 5 and paper.official_code == found.official_code


def test_reapply_keeps_user_edits_and_user_claims(found) -> None:
    paper = fresh()
    reading.apply(paper, found)
    paper.claims[0].value = 28.0                      # the user corrected a number
    paper.claims[1].reproduced = 40.9                 # and recorded a result
    del paper.claims[2]                               # and deleted a wrong suggestion
    paper.claims.append(Claim("mine", "accuracy", 90.0, origin="user"))
    paper.datasets = ["WMT 2014 English-German"]      # and trimmed the datasets
    paper.hyperparameters[0] = Hyperparameter(paper.hyperparameters[0].name, "0.95")
    deleted_key = found.claims[2].key
    notes = reading.apply(paper, reading.extract([PAGE1, PAGE2], version=5))
    claims = {c.key: c for c in paper.claims}
    assert claims[found.claims[0].key].value == 28.0
    assert claims[found.claims[1].key].reproduced == 40.9
    assert deleted_key not in claims
    assert claims["mine"].value == 90.0
    assert paper.datasets == ["WMT 2014 English-German"]
    assert paper.hyperparameters[0].value == "0.95"
    assert any("kept your edited claim" in n for n in notes)


def test_reapply_updates_unedited_suggestions(found) -> None:
    paper = fresh()
    reading.apply(paper, reading.extract([PAGE1], version=4))
    assert "CIFAR-10" not in {c.dataset for c in paper.claims}
    reading.apply(paper, found)
    assert "CIFAR-10" in {c.dataset for c in paper.claims}
    assert paper.sections == found.sections


# -- generated PDFs and the real corpus ----------------------------------------------------


def test_end_to_end_on_a_generated_pdf(tmp_path: Path) -> None:
    from pdfs import DEJAVU, make_pdf

    from replicate import pdf

    if not DEJAVU.is_file():
        pytest.skip("needs a unicode font for β and −")
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf([PAGE1.split("\n", 1)[1], PAGE2],
                              stamp="arXiv:1706.03762v5 [cs.CL] 6 Dec 2017"))
    got = reading.extract(pdf.page_texts(path), version=5)
    assert got.stamp is not None and got.stamp.arxiv_id == "1706.03762"
    assert [c.value for c in got.claims[:2]] == [28.4, 41.8]
    assert {h.name for h in got.hyperparameters} >= {"beta1", "beta2", "epsilon", "dropout"}


corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


@functools.cache
def corpus_reading(arxiv_dir: str) -> reading.Reading:
    from replicate import pdf

    return reading.extract(pdf.page_texts(CORPUS / "arxiv" / arxiv_dir / "paper.pdf"))


@corpus
def test_corpus_headline_numbers_are_among_the_first_claims() -> None:
    expected = {
        "1706.03762": {28.4, 41.8},
        "1512.03385": {3.57},
        "1810.04805": {80.5, 86.7, 93.2, 83.1},
        "2010.11929": {88.55},
    }
    for paper, values in expected.items():
        top = {c.value for c in corpus_reading(paper).claims[:5]}
        assert values <= top, paper


@corpus
def test_corpus_stamps_match_the_manifest() -> None:
    for p in json.loads((CORPUS / "manifest.json").read_text()):
        stamp = corpus_reading(p["dir"].split("/", 1)[1]).stamp
        if p["page1_has_arxiv_stamp"]:
            assert stamp is not None, p["arxiv_id"]
            assert f"v{stamp.version}" == p["pdf_version_from_stamp"], p["arxiv_id"]


@corpus
def test_corpus_official_code_and_datasets() -> None:
    bert = corpus_reading("1810.04805")
    assert "https://github.com/google-research/bert" in bert.code_urls
    assert {"GLUE", "SQuAD v1.1", "MultiNLI"} <= set(bert.datasets)
    resnet = corpus_reading("1512.03385")
    assert resnet.datasets[0] == "ImageNet"
    for paper, url in [("2205.14135", "https://github.com/HazyResearch/flash-attention"),
                       ("2106.09685", "https://github.com/microsoft/LoRA"),
                       ("1911.05722", "https://github.com/facebookresearch/moco"),
                       ("1810.04805", "https://github.com/google-research/bert")]:
        assert corpus_reading(paper).official_code == url, paper


@corpus
def test_corpus_training_recipe_of_the_transformer() -> None:
    hp = {h.name: h.value for h in corpus_reading("1706.03762").hyperparameters}
    assert hp["warmup steps"] == "4000" and hp["beta2"] == "0.98"
    assert hp["epsilon"] == "10−9" and hp["model dimension"] == "512"
    resnet = {h.name: h.value for h in corpus_reading("1512.03385").hyperparameters}
    assert resnet["weight decay"] == "0.0001" and resnet["momentum"] == "0.9"


# -- text quirks, page-1 layouts, and what is not a result ---------------------------------


def test_detached_accents_and_real_hyphens_at_line_ends() -> None:
    text = ("Zlatko Te\u02c7sanovi\u00b4c works at Universit\u00b4e de Montr\u00b4eal.\n"
            "We translate English-\nto-German and English-to-German again with a pre-\n"
            "trained repre-\nsentation.")
    page = reading.dehyphenate([reading.clean(text)])[0]
    assert "Tešanović" in page and "Université de Montréal" in page
    assert "English-to-German and" in page and "representation" in page


def test_authors_one_block_each_with_their_email() -> None:
    page = ("Attention Is All You Need\nAshish Vaswani∗\nGoogle Brain\navaswani@google.com\n"
            "Łukasz Kaiser∗\nGoogle Brain\nlukaszkaiser@google.com\n"
            "Aidan N. Gomez∗†\nUniversity of Toronto\naidan@cs.toronto.edu\nAbstract\nText.\n")
    got = reading.extract([page])
    assert got.title == "Attention Is All You Need"
    assert got.authors == ["Ashish Vaswani", "Łukasz Kaiser", "Aidan N. Gomez"]


def test_authors_run_together_on_one_line_and_a_title_on_two() -> None:
    page = ("Playing Atari with Deep Reinforcement Learning\n"
            "Volodymyr Mnih Koray Kavukcuoglu David Silver Alex Graves\n"
            "Aaron van den Oord Martin Riedmiller\nDeepMind Technologies\n"
            "{vlad,koray}@deepmind.com\nAbstract\nWe present a model.\n")
    got = reading.extract([page])
    assert got.title == "Playing Atari with Deep Reinforcement Learning"
    assert got.authors == ["Volodymyr Mnih", "Koray Kavukcuoglu", "David Silver", "Alex Graves",
                           "Aaron van den Oord", "Martin Riedmiller"]
    two_lines = reading.extract([
        "Quantum Criticality on a Bethe Lattice in the Large\nConnectivity Limit\n"
        "James M. Murray,1 Adrian Del Maestro,1, 2 and Zlatko Smith1\n"
        "1Institute for Quantum Matter, Johns Hopkins University\n"
        "Theoretical description of anisotropic systems is often a challenge here.\n"])
    assert two_lines.title.endswith("in the Large Connectivity Limit")
    assert two_lines.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Smith"]


def test_unclear_author_lines_give_no_authors() -> None:
    page = "A Title About Things\nsome text that is not a name at all\nAbstract\nText.\n"
    assert reading.extract([page]).authors == []


def test_a_title_whose_spaces_were_lost_is_left_blank() -> None:
    got = reading.extract(["ADAM:AMETHOD FORSTOCHASTICOPTIMIZATION\nDiederik P. Kingma*\n"
                           "University of Amsterdam\nAbstract\nWe introduce Adam.\n"])
    assert got.title == "" and got.authors == ["Diederik P. Kingma"]


def test_a_sweep_in_a_figure_legend_is_not_a_setting() -> None:
    legend = ("β1=0 β1=0.9 β2=0.99 β2=0.999 Figure 4: Effect of bias correction after 10 "
              "epochs.\nWe train with β1 = 0.9 and β2 = 0.999 for 200 epochs.")
    hp = {h.name: h for h in reading.extract([legend]).hyperparameters}
    assert hp["beta1"].value == "0.9" and "We train" in hp["beta1"].source
    assert hp["beta2"].value == "0.999"


def test_step_counts_with_a_lost_superscript() -> None:
    got = reading.extract(["We use SGD with a mini-batch size of 256 and the models are "
                           "trained for up to 60 × 104 iterations."])
    hp = {h.name: h.value for h in got.hyperparameters}
    assert hp["training steps"] == "60 × 10^4" and hp["batch size"] == "256"
    assert hp["optimizer"] == "SGD"


def test_related_work_thresholds_and_targets_are_not_claims() -> None:
    pages = ["Title\n1 Introduction\nWe study things.\n2 Related Work\n"
             "Smith reached 68% accuracy and they obtained 70.1% accuracy on MNIST.\n"
             "3 Method\nWith a learning rate of 0.1, it starts converging (<90% error).\n"
             "We train to reach the target accuracy of 72.0% on masked language modeling.\n"
             "Our model achieves 81.3% accuracy on CIFAR-10.\n"]
    claims = reading.extract(pages).claims
    assert [(c.value, c.dataset) for c in claims] == [(81.3, "CIFAR-10")]


def test_speedups_and_a_dataset_named_before_brackets() -> None:
    abstract = ("It trains 15% faster than baselines, with a 3× speedup on GPT-2, and is the first "
                "to solve Path-X (seq. length 16K, 61.4% accuracy) and Path-256 (seq. length "
                "64K, 63.1% accuracy).")
    claims = reading.extract(["Body."], abstract=abstract).claims
    got = [(c.metric, c.value, c.unit, c.dataset) for c in claims]
    assert ("speedup", 3.0, "×", "") in got
    assert ("accuracy", 61.4, "%", "Path-X") in got
    assert ("accuracy", 63.1, "%", "Path-256") in got
    assert all(c.page is None for c in claims)  # arXiv's abstract, not a page


def test_the_same_number_twice_is_one_claim_with_the_more_specific_metric() -> None:
    got = reading.extract(["Our ensemble achieves 3.57% error on the ImageNet test set.",
                           "We obtain 3.57% top-5 error on ImageNet, a new record."])
    assert [(c.metric, c.value) for c in got.claims] == [("top-5 error", 3.57)]
    assert got.claims[0].page == 1 and got.claims[0].lower_is_better


def test_reference_lists_give_no_links_and_the_appendix_no_claims() -> None:
    pages = ["Title\nOur code is available at https://github.com/me/ours.\n"
             "We achieve 90.5% accuracy on MNIST.",
             "References\n[1] A. Author. Paper. https://aclanthology.org/P19-1424 and "
             "https://github.com/other/theirs\n",
             "A Appendix Details\nWe achieve 99.1% accuracy on MNIST with more epochs.\n"]
    got = reading.extract(pages)
    assert got.code_urls == ["https://github.com/me/ours"]
    assert got.official_code == "https://github.com/me/ours"
    assert [c.value for c in got.claims] == [90.5]


def test_compute_keeps_the_most_specific_mention() -> None:
    got = reading.extract(["We trained on eight GPUs. Training took 3.5 days on 8 NVIDIA P100 "
                           "GPUs.", "BERT was trained on 16 Cloud TPUs (64 TPU chips total)."])
    assert got.compute == ["3.5 days", "8 NVIDIA P100 GPUs", "16 Cloud TPUs", "64 TPU chips"]


# -- apply, continued ----------------------------------------------------------------------


def test_apply_records_the_version_read_and_drops_stale_suggestions() -> None:
    paper = fresh()
    reading.apply(paper, reading.extract(
        ["We achieve 81.3% accuracy on CIFAR-10. We also achieve 70.0% accuracy on MNIST."],
        version=3))
    assert paper.read_from_version == 3
    mnist = next(c for c in paper.claims if c.dataset == "MNIST")
    mnist.reproduced = 69.5  # the user worked on this one
    notes = reading.apply(paper, reading.extract(["We achieve 81.5% accuracy on CIFAR-10."],
                                                 version=4))
    assert paper.read_from_version == 4
    by_dataset = {c.dataset: c for c in paper.claims}
    assert by_dataset["CIFAR-10"].value == 81.5 and by_dataset["CIFAR-10"].version == 4
    assert by_dataset["MNIST"].reproduced == 69.5  # kept: it carries the user's result
    assert not any("MNIST" in n for n in notes if n.startswith("dropped"))


def test_apply_never_touches_user_claims_even_under_a_paper_key(found) -> None:
    paper = fresh()
    mine = Claim(found.claims[0].key, "BLEU", 27.0, dataset="my own split", origin="user")
    paper.claims = [mine]
    reading.apply(paper, found)
    assert paper.claims[0] is mine and paper.claims[0].value == 27.0
    assert len([c for c in paper.claims if c.key == mine.key]) == 1


def test_apply_twice_without_edits_changes_nothing(found) -> None:
    paper = fresh()
    reading.apply(paper, found)
    before = paper.to_dict()
    assert reading.apply(paper, reading.extract([PAGE1, PAGE2], version=5)) == []
    assert paper.to_dict() == before


def test_apply_survives_a_round_trip_through_the_record_file(found, tmp_path: Path) -> None:
    from replicate import record

    paper = fresh()
    reading.apply(paper, found)
    record.save(tmp_path, paper)
    loaded = record.load(tmp_path)
    loaded.claims[0].reproduced = 28.1
    notes = reading.apply(loaded, reading.extract([PAGE1, PAGE2], version=5))
    assert not any(n.startswith("kept your edited") for n in notes)
    assert loaded.claims[0].reproduced == 28.1 and loaded.claims[0].value == 28.4


@corpus
def test_corpus_authors_and_titles_from_page_one() -> None:
    assert corpus_reading("1706.03762").authors[:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert corpus_reading("1512.03385").authors == ["Kaiming He", "Xiangyu Zhang",
                                                    "Shaoqing Ren", "Jian Sun"]
    assert corpus_reading("1807.03748").authors[0] == "Aaron van den Oord"
    assert corpus_reading("2205.14135").authors[-1] == "Christopher Ré"
    assert corpus_reading("1111.2011v2").title.endswith("Large Connectivity Limit")
    assert corpus_reading("1412.6980").title == ""  # spaces lost in small capitals


def test_roman_sections_with_lettered_subsections() -> None:
    pages = ["Sound Scenes\nAbstract\nWe classify scenes.\nI. INTRODUCTION\n"
             "Scenes are everywhere.\n"
             "II. BACKGROUND: A HISTORY OF SCENE CLASSIFICATION\nEarly work.\nA. Features\n"
             "Many features.\nB. Statistical models\nG. Rigoll\nMany models.\n"
             "III. EVALUATION\nWe evaluate.\nA. Results\nThe baseline reaches 55% accuracy.\n"]
    assert reading.extract(pages).sections == [
        "I INTRODUCTION", "II BACKGROUND: A HISTORY OF SCENE CLASSIFICATION", "II-A Features",
        "II-B Statistical models", "III EVALUATION", "III-A Results"]
    # in a paper numbered 1, 2, 3 a lettered line is no heading, nor is a roman one
    arabic = ["A Paper\n1 Introduction\nText.\nA. Appendix\nII. Second Part\n2 Method\nMore.\n"]
    assert reading.extract(arabic).sections == ["1 Introduction", "2 Method"]


_BAD_TO_UNICODE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                   b"/CMapName /Bad def 1 begincodespacerange <00> <FF> endcodespacerange "
                   b"2 beginbfchar <21> <21B5> <22> <0000> endbfchar endcmap "
                   b"CMapName currentdict /CMap defineresource pop end end")


def test_greek_letters_of_a_math_font_with_a_wrong_unicode_map(tmp_path: Path) -> None:
    # a producer maps TeX's math font's alpha to "↵" and beta to "\x00": the encoding's
    # glyph names are right
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    from replicate import pdf

    def name(text: str) -> NameObject:
        return NameObject(text)

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    cmap = DecodedStreamObject()
    cmap.set_data(_BAD_TO_UNICODE)
    differences = ArrayObject([NumberObject(33), name("/alpha"), name("/beta")])
    math = DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
        name("/BaseFont"): name("/ABCDEF+CMMI10"),
        name("/Encoding"): DictionaryObject({name("/Type"): name("/Encoding"),
                                             name("/Differences"): differences}),
        name("/ToUnicode"): writer._add_object(cmap)})
    text = DictionaryObject({name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
                             name("/BaseFont"): name("/Helvetica")})
    page[name("/Resources")] = DictionaryObject({name("/Font"): DictionaryObject({
        name("/F1"): writer._add_object(math), name("/F2"): writer._add_object(text)})})
    content = DecodedStreamObject()
    content.set_data(b"BT /F2 12 Tf 72 720 Td (We set the step size ) Tj /F1 12 Tf (!) Tj "
                     b"/F2 12 Tf (=0.001 and ) Tj /F1 12 Tf (\") Tj /F2 12 Tf (1=0.9.) Tj ET")
    page[name("/Contents")] = writer._add_object(content)
    path = tmp_path / "adam.pdf"
    with path.open("wb") as f:
        writer.write(f)
    pages = pdf.page_texts(path)
    assert pages == ["We set the step size α=0.001 and β1=0.9."]
    assert pdf.layout_texts(path, [1])[1].strip() == pages[0]
    got = reading.extract(["A Paper\n1 Experiments\n" + pages[0]])
    assert {(h.name, h.value) for h in got.hyperparameters} >= {("beta1", "0.9")}


def raw_pdf(path: Path, content: bytes, bold: str = "/Helvetica-Bold") -> Path:
    """A one-page PDF whose content stream is `content`, its fonts /F1 Helvetica and /F2
    the bold one `bold`."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    fonts = {f"/F{n}": writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject(name)}))
        for n, name in ((1, "/Helvetica"), (2, bold))}
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject(k): v for k, v in fonts.items()})})
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_a_resized_table_is_laid_out_where_it_is_printed(tmp_path: Path) -> None:
    # pdfTeX sets a \resizebox'd table as: move to the box (a `cm` outside any q/Q), scale
    # inside q/Q, move back; its cells in colour are shown one TJ after another
    from replicate import pdf

    path = raw_pdf(tmp_path / "resized.pdf", b"""
        1 0 0 1 72 700 cm
        q 0.8 0 0 0.8 0 0 cm 1 0 0 1 -72 -700 cm
        BT /F1 10 Tf 72 700 Td [(Method)]TJ 150 0 Td [(Acc)]TJ 100 0 Td [(F1)]TJ ET
        BT /F1 10 Tf 72 686 Td [(Ours)]TJ 150 0 Td 1 0 0 rg [(91.5)]TJ 0 g [-1000 (88.2)]TJ ET
        Q
        1 0 0 1 -72 -700 cm
        BT /F1 10 Tf 72 600 Td [(Table 1: Results on the test set.)]TJ ET
        BT /F1 10 Tf 72 560 Td [(The text goes on below the table.)]TJ ET""")
    lines = [line.strip() for line in pdf.layout_texts(path, [1])[1].splitlines() if line.strip()]
    assert lines[0].split() == ["Method", "Acc", "F1"]
    assert lines[1].split() == ["Ours", "91.5", "88.2"]
    assert lines[2] == "Table 1: Results on the test set."


def test_a_number_set_in_bold_around_a_point_in_the_text_font_is_bold(tmp_path: Path) -> None:
    # "$\\mathbf{98.161}$": the digits in the bold font, the point in the roman one
    from replicate import pdf

    path = raw_pdf(tmp_path / "bold.pdf", b"""
        BT /F1 10 Tf 72 700 Td (Ours  ) Tj /F2 10 Tf (98) Tj /F1 10 Tf (.) Tj /F2 10 Tf (161) Tj
        /F1 10 Tf (  97.5) Tj ET""")
    page = pdf.layout_texts(path, [1])[1]
    assert page.in_bold("98.161") and not page.in_bold("97.5")
    # ACM's Libertine names its bold "LinLibertineTB", Computer Modern's non-extended one "CMB10"
    for name in ("/WFVWLA+LinLibertineTB", "/ABCDEF+CMB10"):
        path = raw_pdf(tmp_path / "acm.pdf", b"""
            BT /F1 10 Tf 72 700 Td (Ours  ) Tj /F2 10 Tf (0.1889) Tj /F1 10 Tf (  0.1502) Tj ET""",
                       bold=name)
        page = pdf.layout_texts(path, [1])[1]
        assert page.in_bold("0.1889") and not page.in_bold("0.1502")


def test_a_bound_over_all_methods_is_no_result() -> None:
    page = ("Breast Cancer Detection\nAbstract\nResults show that all the presented ML "
            "algorithms performed well (all exceeded 90% test accuracy) on the classification "
            "task. The MLP algorithm stands out with a test accuracy of 99.04%.\n"
            "1 Introduction\nText.\n")
    assert [c.value for c in reading.extract([page]).claims] == [99.04]


def test_a_mean_or_median_stated_plainly_is_a_result() -> None:
    page = ("Scenes\nAbstract\nWe classify scenes.\n1 Introduction\nText.\n2 Results\n"
            "The median value of the listeners' accuracy was 75%. The mean of each feature is 0 "
            "and its deviation 1.\n")
    got = reading.extract([page, "More text.\n", "More.\n"])
    assert [(c.metric, c.value, c.unit) for c in got.claims] == [("accuracy", 75.0, "%")]


def test_a_count_of_test_errors_is_a_result() -> None:
    got = reading.extract(["Our distilled net achieved 74 test errors on MNIST. It made two "
                           "errors per class."])
    assert [(c.metric, c.value, c.unit, c.lower_is_better) for c in got.claims] == [
        ("test errors", 74.0, "", True)]


def test_cross_validation_folds_and_frame_length_are_settings() -> None:
    got = reading.extract(["A Paper\n1 Experiments\nWe evaluate with a stratified 5-fold "
                           "cross-validation. The frames duration is about 50ms.\n"])
    assert {(h.name, h.value) for h in got.hyperparameters} == {
        ("cross-validation folds", "5"), ("frame length", "50")}
