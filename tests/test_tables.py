"""Results tables: their kinds, the paper's own rows, and the claims they give.

Documents are built here by hand (as the LaTeX reader builds them) and PDFs are
made with fpdf2, each cell set at its own position as typesetters do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replicate import metrics, pdf, reading
from replicate.reading import tables
from replicate.reading.claims import MAX_CLAIMS, find_claims
from replicate.reading.document import (
    ABSTRACT,
    APPENDIX,
    BODY,
    CAPTION,
    PROSE,
    TABLE,
    Block,
    Cell,
    Document,
    Table,
)
from replicate.reading.hyperparameters import find_hyperparameters
from replicate.reading.pdfdoc import CAPTION_START, from_pages, layout_tables

TITLE = "Attention Is All You Need"
ABSTRACT_TEXT = (
    "We propose a new simple network architecture, the Transformer, based solely on attention. "
    "Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation task. "
    "On the WMT 2014 English-to-French translation task, our model establishes a new "
    "single-model state-of-the-art BLEU score of 41.8 after training for 3.5 days.")


def row(*texts: str, bold: tuple[int, ...] = ()) -> list[Cell]:
    return [Cell(t, bold=i in bold) for i, t in enumerate(texts)]


def results_table() -> Table:
    return Table(
        caption="Table 2: The Transformer achieves better BLEU scores than previous models on "
                "the English-to-German and English-to-French newstest2014 tests.",
        label="Table 2",
        rows=[row("Model", "BLEU", "BLEU", "Training Cost (FLOPs)"),
              row("", "EN-DE", "EN-FR", ""),
              row("ByteNet [cite]", "23.75", "", ""),
              row("GNMT + RL [cite]", "24.6", "39.92", "2.3 · 10^19"),
              row("ConvS2S [cite]", "25.16", "40.46", "9.6 · 10^18"),
              row("Transformer (base model)", "27.3", "38.1", "3.3 · 10^18"),
              row("Transformer (big)", "28.4", "41.8", "2.3 · 10^19", bold=(1, 2))],
        header_rows=2)


def ablation_table() -> Table:
    return Table(
        caption="Table 3: Variations on the Transformer architecture.", label="Table 3",
        rows=[row("", "N", "PPL (dev)", "BLEU (dev)"),
              *[row(f"({chr(65 + i)})", str(i + 2), f"{4.9 + i / 10:.2f}", f"{25.0 + i / 10:.1f}")
                for i in range(14)],
              row("big", "6", "4.33", "26.4", bold=(3,))])


def hyper_table() -> Table:
    return Table(caption="Table 9: The hyperparameters we used for fine-tuning.", label="Table 9",
                 rows=[row("Setting", "Value"), row("Learning rate", "2e-4"),
                       row("Batch size", "16"), row("Dropout", "0.1")])


def data_table() -> Table:
    return Table(caption="Table 5: Statistics of the datasets.", label="Table 5",
                 rows=[row("Dataset", "#Train", "#Test", "Classes"),
                       row("SST-2", "67k", "1.8k", "2"), row("MNLI", "393k", "20k", "3")])


def document(*blocks: Block) -> Document:
    return Document(origin="latex", title=TITLE, abstract=ABSTRACT_TEXT, blocks=[
        Block(PROSE, ABSTRACT_TEXT, zone=ABSTRACT), *blocks])


def table_block(t: Table, zone: str = BODY) -> Block:
    return Block(TABLE, "", zone=zone, section="6 Results", table=t)


def test_tables_are_told_apart_by_caption_and_headers() -> None:
    assert tables.classify(results_table()) == tables.MAIN
    assert tables.classify(ablation_table()) == tables.ABLATION
    assert tables.classify(hyper_table()) == tables.HYPERPARAMETERS
    assert tables.classify(data_table()) == tables.DATASETS
    words = Table(caption="Table 1: Examples of generated answers.", label="Table 1",
                  rows=[row("Question", "Answer"), row("Who wrote it?", "Hemingway")])
    assert tables.classify(words) == tables.OTHER
    methods = Table(caption="Table 4: Comparison of different approaches to adapt GPT2 for "
                            "paraphrase generation.", label="Table 4",
                    rows=[row("Method", "BLEU", "SARI"), row("Fine Tuning", "29.5", "38.0"),
                          row("RAPT", "31.8", "42.4")])
    assert tables.classify(methods) == tables.MAIN
    plural = Table(caption="Table 1: F-measures for multiple pitch detection on the MAPS dataset",
                   label="Table 1", rows=[row("Acoustic Model", "Frame", "Note"),
                                          row("RNN", "68.24", "67.40")])
    assert tables.classify(plural) == tables.MAIN
    methods.caption = "Table 5: Comparison of different temperatures."
    assert tables.classify(methods) == tables.ABLATION


@pytest.mark.parametrize(("title", "abstract", "name"), [
    ("BERT: Pre-training of Deep Bidirectional Transformers", "We introduce BERT.", "BERT"),
    ("A Paper", "We introduce a new language representation model called BERT, which", "BERT"),
    (TITLE, ABSTRACT_TEXT, "Transformer"),
    ("Low-rank adaptation", "We propose Low-Rank Adaptation, or LoRA, which freezes", "LoRA"),
    ("Momentum contrast", "We present Momentum Contrast (MoCo) for unsupervised learning.", "MoCo"),
    ("Batch Normalization: Accelerating Deep Network Training", "Training is slow.", "BN"),
    ("Fast R-CNN", "This paper proposes a Fast Region-based Convolutional Network method (Fast "
     "R-CNN) for object detection.", "Fast R-CNN"),
    ("xLSTM: Extended Long Short-Term Memory", "We scale LSTMs.", "xLSTM"),
    ("Audiobook Recommendations", "To address these challenges, we leverage podcast and music "
     "user preferences and introduce 2T-HGNN, a scalable recommendation system.", "2T-HGNN"),
    ("Graph Attention Networks", "We present graph attention networks (GATs), novel "
     "architectures.", "GAT"),
    ("Predict then Propagate", "We construct a simple model, personalized propagation of neural "
     "predictions (PPNP), and its fast approximation, APPNP.", "APPNP"),
    ("Towards Robust General Medical Image Segmentation", "Attacks exist. Defenses exist. We "
     "extend AutoAttack. And we present a novel lattice architecture for RObust Generic medical "
     "image segmentation (ROG).", "ROG"),
    ("Fast attention", "We propose FlashAttention, an exact attention faster than in (GPT-2).",
     "FlashAttention"),
    ("Deep Speech 2: End-to-End Speech Recognition in English and Mandarin", "We show an "
     "end-to-end approach.", "DS2"),
    ("Slow and Steady Wins the Race", "To this end, we introduce the Hare & Tortoise, inspired "
     "by the brain.", "Hare & Tortoise"),
    ("YellowFin and the Art of Momentum Tuning", "Based on these insights, we design YELLOWFIN, "
     "an automatic tuner for momentum.", "YELLOWFIN"),
])
def test_the_method_is_named_from_title_and_abstract(title: str, abstract: str, name: str) -> None:
    assert name in tables.method_names(title, abstract)


def test_the_acronym_the_words_after_we_propose_spell_is_the_name() -> None:
    abstract = ("In this paper, we propose a novel LS-based method, the best orthogonalized subset "
                "selection (BOSS) method, which performs BS upon an orthogonalized basis.")
    names = tables.method_names("On Information Criteria for Subset Selection", abstract)
    assert names[0] == "BOSS" and "LS-based" not in names


def test_data_the_paper_makes_and_a_platform_are_no_method_name() -> None:
    abstract = ("We introduce PaSa, an agent. We develop two high-quality datasets for complex "
                "academic search, AutoScholarQuery and RealScholarQuery. To evaluate it, we "
                "develop RealQueries, a dataset of real queries. We develop a parallel linear "
                "recurrence CUDA kernel.")
    assert tables.method_names("PaSa: An LLM Agent for Paper Search", abstract) == ["PaSa"]


def test_a_benchmark_in_the_abstracts_brackets_is_no_method_name() -> None:
    abstract = ("Deep RL agents do well on benchmarks like the Arcade Learning Environment (ALE). "
                "We study how DQN generalizes.")
    assert "ALE" not in tables.method_names("Generalization and Regularization in DQN", abstract)
    assert "MNIST" in tables.method_names("MNIST: a dataset of digits", "We present (MNIST).")


def test_own_rows_become_results_with_metric_dataset_and_row() -> None:
    found = tables.own_results(results_table(), ["Transformer"])
    first = found[0]
    assert (first.metric, first.value, first.table, first.bold) == ("BLEU", 28.4, "Table 2", True)
    assert "EN-DE" in first.dataset
    assert first.row.startswith("Transformer (big) 28.4 41.8")
    values = [r.value for r in found]
    assert values[:2] == [28.4, 41.8]  # bold (best) first
    assert set(values) == {28.4, 41.8, 27.3, 38.1}  # no baseline, no training cost
    assert all(r.metric == "BLEU" for r in found)


def test_rows_marked_ours_and_uncited_rows_are_the_papers_own() -> None:
    t = Table(caption="Table 1: Results on CIFAR-10 (test error, %).", label="Table 1",
              rows=[row("Method", "Error (%)"), row("Maxout [cite]", "9.38"),
                    row("NIN [cite]", "8.81"), row("Deep net (ours)", "6.43")])
    assert [(r.value, r.metric) for r in tables.own_results(t, [])] == [(6.43, "error")]
    assert tables.own_results(t, [])[0].lower_is_better
    uncited = Table(caption="Table 1: Average total reward.", label="Table 1",
                    rows=[row("", "Breakout", "Pong"), row("Random", "1.2", "-20.4"),
                          row("Sarsa [3]", "5.2", "-19"), row("Contingency [4]", "6", "-17"),
                          row("DQN", "168", "20"), row("Human", "31", "-3")])
    found = tables.own_results(uncited, [])
    assert [(r.value, r.dataset) for r in found] == [(168, "Breakout"), (20, "Pong")]


def test_values_with_spreads_percent_and_pairs() -> None:
    assert tables.parse_value("76.4±0.3") == (76.4, "")
    assert tables.parse_value("88.5%") == (88.5, "%")
    assert tables.parse_value("56.8/68.0") == (56.8, "")
    assert tables.parse_value("1,449.4") == (1449.4, "")
    assert tables.parse_value("−20.4") == (-20.4, "")
    assert tables.parse_value("ResNet") is None and tables.parse_value("") is None
    # powers of ten and an interval set as a superscript
    assert tables.parse_value("1.4 · 10^6") == (1.4e6, "")
    assert tables.parse_value("3.2 · 10^-5 ^(+1.3 · 10^-5)-1.3 · 10^-5") == (3.2e-5, "")
    assert tables.parse_value("98% ^(+1%)-5%") == (98.0, "%")
    assert tables.parse_value("2^10") is None


def test_a_success_rate_table_with_counts_p_values_and_a_float_format() -> None:
    t = Table(caption="Table 2: Shows the success-rate and the sparsity error for all weight "
                      "matrices, in double precision.", label="Table 2",
              rows=[row("Model", "|D|", "p-value", "Success Rate", "Sparsity error"),
                    row("NALU", "6·10^4", "0.03", "0% ^(+4%)-0%", "—"),
                    row("NMU", "6·10^4", "0.01", "98% ^(+1%)-5%", "4.2 · 10^-7")])
    assert tables.classify(t) == tables.MAIN
    found = [(r.metric, r.value) for r in tables.own_results(t, ["NMU"])]
    assert found == [("success rate", 98.0), ("error", 4.2e-7)]
    assert metrics.named("Rank-k updates on dense matrices (CPU, double precision).") == []


def test_a_column_of_standard_deviations_is_no_result() -> None:
    t = Table(caption="Table 2: Scores of the Transformer, averaged over 5 runs (standard "
                      "deviation in parentheses).", label="Table 2",
              # a header set over each value and its spread, as a multicolumn of two
              rows=[row("Game", "Transformer", "Transformer", "Baseline", "Baseline"),
                    row("Freeway", "25.4", "(0.2)", "22.5", "(7.5)"),
                    row("Hero", "9274.8", "(95.1)", "8013.4", "(231.0)")])
    found = tables.own_results(t, ["Transformer"])
    assert [(r.value, r.dataset) for r in found] == [(25.4, "Freeway"), (9274.8, "Hero")]


def test_abstract_first_then_own_table_rows_then_text() -> None:
    doc = document(
        Block(PROSE, "Our base model reaches 27.3 BLEU, and we obtain 92.7 F1 on WSJ parsing.",
              section="6 Results"),
        table_block(results_table()),
        table_block(ablation_table()),
        table_block(hyper_table(), zone=APPENDIX),
        table_block(data_table()))
    claims = find_claims(doc, ABSTRACT_TEXT, 5, title=TITLE)
    assert [c.value for c in claims[:2]] == [28.4, 41.8]
    assert [c.found_in for c in claims[:2]] == ["abstract", "abstract"]
    assert claims[0].table == "Table 2"  # the abstract's number, found in the table too
    froms = [c.found_in for c in claims]
    assert froms.index("table") < froms.index("text")
    table_claims = [c for c in claims if c.found_in == "table"]
    assert {c.value for c in table_claims} == {27.3, 38.1}
    assert all(c.table == "Table 2" and c.source.startswith("Transformer") for c in table_claims)
    values = {c.value for c in claims}
    assert not values & {23.75, 24.6, 25.16, 4.33, 26.4, 2e-4, 16}  # baselines, ablation, recipe
    assert 92.7 in values


def test_a_big_table_does_not_push_the_abstract_out_of_the_first_five() -> None:
    big = Table(caption="Table 4: Results on all tasks.", label="Table 4",
                rows=[row("Model", *[f"Task{i} Acc" for i in range(10)]),
                      *[row(f"Transformer-{k}", *[f"{80 + k + i / 10:.1f}" for i in range(10)],
                            bold=tuple(range(1, 11)) if k == 3 else ())
                        for k in range(4)]])
    text = Block(PROSE, "Our model also reaches 92.7 F1 on WSJ parsing.", section="6 Results")
    claims = find_claims(document(table_block(big), text), ABSTRACT_TEXT, 5, title=TITLE)
    assert [c.value for c in claims[:2]] == [28.4, 41.8]
    assert len(claims) <= MAX_CLAIMS
    assert claims[-1].found_in == "text" and claims[-1].value == 92.7  # the text still shows
    assert claims[2].value == 83.0 and claims[2].dataset == "Task0"  # bold row first


# -- tables in a PDF, read from pypdf's layout text -----------------------------------------

GRID = [("Model", "EN-DE", "EN-FR"), ("ByteNet [18]", "23.75", "-"),
        ("GNMT + RL [38]", "24.6", "39.92"), ("ConvS2S [9]", "25.16", "40.46"),
        ("Transformer (base model)", "27.3", "38.1"), ("Transformer (big)", "28.4", "41.8")]


def table_pdf(path: Path, section: str = "6 Results") -> None:
    """Two pages: an abstract, then a results table under its caption, set cell by cell."""
    from fpdf import FPDF

    doc = FPDF(format="letter")
    doc.set_font("helvetica", size=10)
    doc.add_page()
    doc.set_xy(20, 20)
    doc.multi_cell(w=170, h=5, text=f"{TITLE}\nAlice Example, Bob Example\nAbstract\n"
                                    f"{ABSTRACT_TEXT}\n1 Introduction\nSequence models.")
    doc.add_page()
    doc.set_xy(20, 20)
    doc.multi_cell(w=170, h=5, text=f"{section}\nTable 2: The Transformer achieves better BLEU "
                                    "scores than previous models on newstest2014.")
    for i, (name, de, fr) in enumerate(GRID):
        y = 45 + 6 * i
        doc.text(25, y, name)
        doc.text(110, y, de)
        doc.text(140, y, fr)
    doc.set_xy(20, 90)
    doc.multi_cell(w=170, h=5, text="The big model is the best of all models we trained.")
    doc.output(str(path))


def test_a_pdf_table_is_read_from_the_layout_text_of_its_page_only(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    table_pdf(path)
    asked: list[list[int]] = []

    def layout(numbers: list[int]) -> dict[int, str]:
        asked.append(numbers)
        return pdf.layout_texts(path, numbers, cache=tmp_path / "layout.json")

    got = reading.extract(pdf.page_texts(path), layout=layout)
    assert asked == [[2]]  # only the page with a table caption is laid out
    doc = reading.parse(pdf.page_texts(path), layout=layout)
    (t,) = [t for t in doc.tables if not t.plain]  # beside the plain text's stand-in
    assert (t.label, t.page) == ("Table 2", 2) and t.caption.startswith("Table 2: The")
    assert [c.text for c in t.rows[-1]] == ["Transformer (big)", "28.4", "41.8"]
    assert t.header(1) == "EN-DE" and t.header(2) == "EN-FR"
    assert tables.classify(t) == tables.MAIN
    from_table = [c for c in got.claims if c.found_in == "table"]
    assert {c.value for c in from_table} == {27.3, 38.1}
    assert all(c.table == "Table 2" and c.page == 2 for c in from_table)
    assert got.claims[0].table == "Table 2"  # 28.4 from the abstract, also in Table 2
    cached = json.loads((tmp_path / "layout.json").read_text())
    assert list(cached["pages"]) == ["2"]


def test_a_results_table_set_beside_the_related_work_is_the_bodys(tmp_path: Path) -> None:
    # a float lands where the layout has room: here under the related work's heading
    path = tmp_path / "paper.pdf"
    table_pdf(path, section="5 Related Work")
    got = reading.extract(pdf.page_texts(path), layout=pdf.layout_reader(path))
    assert {c.value for c in got.claims if c.found_in == "table"} == {27.3, 38.1}


def test_layout_text_is_cached_and_extended(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    table_pdf(path)
    cache = tmp_path / "layout.json"
    first = pdf.layout_texts(path, [2], cache=cache)
    assert "Transformer (big)" in first[2]
    path.unlink()  # from now on only the cache can answer
    assert pdf.layout_texts(path, [2], cache=cache) == first
    assert pdf.layout_texts(path, [1, 2], cache=cache) == first


def test_a_results_caption_that_mentions_hyperparameters_later_is_still_results() -> None:
    ner = Table(caption="Table 7: CoNLL-2003 Named Entity Recognition results. Hyperparameters "
                        "were selected using the Dev set.", label="Table 7",
                rows=[row("System", "Dev F1", "Test F1"), row("ELMo [cite]", "95.7", "92.2"),
                      row("BERT BASE", "96.4", "92.4")])
    assert tables.classify(ner) == tables.MAIN
    assert [r.value for r in tables.own_results(ner, ["BERT"])] == [96.4, 92.4]
    sweep = Table(caption="Table 8: Hyperparameters used for fine-tuning; dev accuracy.",
                  label="Table 8", rows=[row("Learning rate", "Dev acc."), row("1e-4", "84.1")])
    assert tables.classify(sweep) == tables.HYPERPARAMETERS


def test_the_average_row_ranks_before_the_best_single_run_row() -> None:
    t = Table(caption="Table 1: Average total reward; the lower rows report the single best "
                      "performing episode.", label="Table 1",
              rows=[row("", "Breakout", "Pong"), row("Sarsa [3]", "5.2", "-19"),
                    row("DQN", "168", "20", bold=(1, 2)), row("HNeat Best [4]", "52", "19"),
                    row("DQN Best", "225", "21", bold=(1, 2))])
    found = tables.own_results(t, ["DQN"])
    assert [r.value for r in found] == [168, 20, 225, 21]


def test_a_header_that_names_its_dataset_keeps_it_alone() -> None:
    t = Table(caption="Table 4: We report accuracy on WikiSQL, validation accuracy on "
                      "MultiNLI-matched, and Rouge-1/2/L on SAMSum.", label="Table 4",
              rows=[row("Model", "WikiSQL", "MNLI-m"), row("", "Acc. (%)", "Acc. (%)"),
                    row("GPT-3 (FT)", "73.8", "89.5"), row("GPT-3 (LoRA)", "74.0", "91.6")],
              header_rows=2)
    found = {r.value: r.dataset for r in tables.own_results(t, ["LoRA"])}
    assert found == {74.0: "WikiSQL", 91.6: "MNLI-m"}


def side_by_side(left: list[str], right: list[str]) -> str:
    """Layout text of two floats set side by side, line by line."""
    return "\n".join(f"       {a:<45}{b}" for a, b in zip(left, right, strict=True))


def layout_results(page: str, names: list[str]) -> list[tuple[str, float]]:
    """(metric, value) of the own results of the one table on a layout page, captioned
    by the page's first line."""
    [t] = layout_tables(page, 1).values()
    t.caption = page.split("\n")[0].strip()
    return [(r.metric, r.value) for r in tables.own_results(t, names)]


def layout_rows(page: str, number: int) -> dict[str, list[list[str]]]:
    return {label: [[c.text for c in r] for r in t.rows]
            for label, t in layout_tables(page, number).items()}


def test_layout_tables_set_side_by_side_are_read_one_side_at_a_time() -> None:
    left = ["Method                    ACC", "Phone classification", "Random init        27.6",
            "MFCC features      39.7", "CPC                64.6", "Supervised         74.6",
            "Table 1: LibriSpeech phone classification.", "results for all models."]
    right = ["Method                ACC", "#steps predicted", "2 steps             28.5",
             "4 steps             57.6", "8 steps             63.6", "12 steps            64.6",
             "Table 2: Ablation experiments.", ""]
    page = side_by_side(left, right)
    page += ("\nwith the Kaldi toolkit and pre-trained models on Librispeech. We have made the "
             "aligned phone labels available.\n")
    rows = layout_rows(page, 5)
    assert set(rows) == {"Table 1", "Table 2"}
    assert ["CPC", "64.6"] in rows["Table 1"] and ["8 steps", "63.6"] in rows["Table 2"]
    assert not any("steps" in c for r in rows["Table 1"] for c in r)


def test_a_header_set_over_short_row_labels_heads_the_label_column() -> None:
    # "Corpus" is wider than "PTB" and "JDK", so it reaches toward the numbers
    page = "\n".join([
        "Table 2. Perplexities (P) and top-k proportions.",
        "",
        "                    Corpus       P       Top 1    Top 5    Top 10    Language",
        "                    PTB       85.288    0.269     0.470     0.552     English",
        "                    JDK       21.808    0.474     0.652     0.716     Java",
        "                    Guava     18.678    0.519     0.696     0.751     Java"])
    rows = layout_rows(page, 7)["Table 2"]
    assert rows[0][:3] == ["Corpus", "P", "Top 1"]
    assert rows[1][:3] == ["PTB", "85.288", "0.269"]


def test_a_label_header_set_left_of_the_numbers_leaves_each_column_its_own() -> None:
    page = "\n".join([
        "Table 6: Dependency parser comparison on the test set.",
        "",
        "                          System    UAS    LAS    Kt/s",
        "            Kong et al.(2014)     81.4     76.9     0.3",
        "                Ensemble (20)     83.4     79.4     0.2",
        "  Distillation w/ exploration     82.1     77.9     2.3"])
    rows = layout_rows(page, 7)["Table 6"]
    assert rows[0] == ["System", "UAS", "LAS", "Kt/s"]
    assert rows[-1] == ["Distillation w/ exploration", "82.1", "77.9", "2.3"]


def test_numbers_one_space_apart_are_cells_of_their_own() -> None:
    # a tight table: the layout text keeps one space between some of its columns
    page = "\n".join([
        "Table 2. MSD test set results. Comparison of Dice score.",
        "",
        "                        T1    T2   T3    T4    T5   Mean    Std",
        "       MPUNet [25]      0.6  0.89  0.75 0.89  0.77   0.66  0.22",
        "        nnUNet [13]    0.61  0.93  0.84 0.89  0.83   0.75  0.15",
        "       ROG (Ours)      0.56  0.91  0.75 0.89  0.79   0.69  0.18"])
    rows = layout_rows(page, 8)["Table 2"]
    assert rows[-1] == ["ROG (Ours)", "0.56", "0.91", "0.75", "0.89", "0.79", "0.69", "0.18"]
    assert rows[0][3:5] == ["T3", "T4"]


def test_a_table_whose_caption_is_set_under_it() -> None:
    # the layout text lost it; the plain text has its rows over the caption
    page = "\n".join([
        "4 Results", "We compare the parsers on the test set and report the scores below.",
        "Field Precision Recall F1", "title 85.5 85.5 85.5", "authors 92.1 92.1 92.1",
        "venues 91.7 89.7 90.7", "Table 1: Results of the ScienceParse system on the test set.",
        "Labels 1000 2000 3000", "Table 2: Scores of other parsers.", "Grobid 80.1 79.2 79.6",
        "Cermine 70.3 71.0 70.6", "Table 3: Parsing speed on one CPU."])
    doc = from_pages(["Title\nAbstract\nWe parse papers.", page], layout=lambda numbers: {})
    plain = {t.label: [[c.text for c in r] for r in t.rows] for t in doc.tables}
    assert plain["Table 1"][0] == ["Field", "Precision", "Recall", "F1"]
    assert plain["Table 1"][-1] == ["venues", "91.7", "89.7", "90.7"]
    # a line of evenly spaced settings ("1000 2000 3000") is a header, not a row
    assert plain["Table 2"] == [["Grobid", "80.1", "79.2", "79.6"],
                                ["Cermine", "70.3", "71.0", "70.6"]]
    assert "Table 3" not in plain  # the rows over it are under Table 2's caption, so Table 2's


def test_a_metric_caption_outweighs_a_later_without() -> None:
    bleu = Table(caption="Table 1: BLEU scores of the trained models computed on the test set. The "
                         "columns show the scores on all sentences and on the sentences without "
                         "any unknown word.", label="Table 1",
                 rows=[row("Model", "All", "No UNK"), row("RNNenc-50", "17.82", "26.71"),
                       row("RNNsearch-50", "26.75", "34.16")])
    assert tables.classify(bleu) == tables.MAIN
    steps = Table(caption="Figure 3: For each variant, the number of training steps required to "
                          "reach the accuracy of the baseline, and the maximum accuracy.",
                  label="Figure 3", rows=[row("Model", "Steps to 72.2%", "Max accuracy"),
                                          row("Inception", "31.0 · 10^6", "72.2%"),
                                          row("BN-x30", "2.7 · 10^6", "74.8%")])
    assert tables.classify(steps) == tables.MAIN
    assert [(r.value, r.dataset) for r in tables.own_results(steps, ["BN"])] == [(74.8, "")]


def test_a_name_given_in_the_body_marks_the_papers_rows() -> None:
    prose = Block(PROSE, "We train two types of models. The first one is an RNN Encoder-Decoder, "
                         "and the other is the proposed model, to which we refer as RNNsearch.")
    bleu = Table(caption="Table 1: BLEU scores of the trained models on the test set.",
                 label="Table 1", rows=[row("Model", "All", "No UNK"),
                                        row("RNNencdec-50", "17.82", "26.71"),
                                        row("RNNsearch-50", "26.75", "34.16"),
                                        row("Moses", "33.30", "35.63")])
    doc = Document(origin="latex", title="Neural machine translation", blocks=[
        prose, table_block(bleu)])
    assert tables.body_names(doc) == ["RNNsearch"]
    found = tables.results(doc, [])
    assert [(r.metric, r.value) for r in found[0]] == [("BLEU", 26.75), ("BLEU", 34.16)]
    dataset = Document(origin="latex", blocks=[Block(PROSE, "We refer to it as ImageNet.")])
    assert tables.body_names(dataset) == []
    # a sentence's first word, and a footnote's mark glued to the name
    marked = Document(origin="pdf", blocks=[
        Block(PROSE, "We call our approach Whisper2. We demonstrate models trained at this scale."),
        Block(PROSE, "We train Whisper models to predict the raw text of transcripts.")])
    assert tables.body_names(marked) == ["Whisper"]


def test_a_name_the_body_gives_its_approach_in_a_sentence_of_its_own() -> None:
    doc = Document(origin="pdf", title="Continuous control with deep RL", blocks=[
        Block(PROSE, "Our model-free approach which we call Deep DPG (DDPG) can learn policies."),
        Block(PROSE, "To solve this problem, I use a hybrid content-collaborative model, called "
                     "LightFM due to its resemblance to factorisation machines."),
        Block(PROSE, "We create a new Twitter dependency treebank, which we call TWEEBANK V2.")])
    assert tables.body_names(doc) == ["DDPG", "Deep DPG", "LightFM"]


def test_a_row_that_says_it_is_ours_is_the_papers() -> None:
    t = Table(caption="Table 5: Results of 1.3B models on the Open LLM Leaderboard.",
              label="Table 5", rows=[row("Model", "ARC", "HellaSwag"),
                                     row("Cerebras-GPT-1.3B", "26.3", "38.5"),
                                     row("Our DC-6-1.3B", "27.8", "41.2")])
    assert [r.value for r in tables.own_results(t, ["SlimPajama-DC"])][:2] == [27.8, 41.2]


def test_an_acronym_of_the_papers_task_does_not_name_its_method() -> None:
    doc = Document(origin="pdf", title="Exploring Models and Data for Image Question Answering",
                   blocks=[Block(PROSE, "This work aims to address the problem of image-based "
                                        "question-answering (QA) with new models and datasets."),
                           Block(PROSE, "We also present a new QA dataset, COCO-QA.")])
    assert tables.body_names(doc) == []
    # the columns of the dataset named after the task are not the paper's own
    t = captioned_layout_table("Table 2. DAQUAR and COCO-QA results", [
        "                      DAQUAR       COCO-QA",
        "                      ACC.         ACC.",
        "     BOW              0.3267       0.3752",
        "     FULL             0.3694       0.5784"])
    t.rows[-1][1].bold = t.rows[-1][2].bold = True
    found = tables.results(Document(origin="pdf", title=doc.title, blocks=[
        *doc.blocks, table_block(t)]), [])
    assert [(r.dataset, r.value) for r in found[0]][:2] == [("DAQUAR", 0.3694), ("COCO-QA", 0.5784)]


def test_the_rows_set_against_a_named_baseline_are_the_papers() -> None:
    t = Table(caption="Table 1: Frame classification accuracy and WER of the distilled model.",
              label="Table 1", rows=[row("System", "Test Frame Accuracy", "WER"),
                                     row("Baseline", "58.9%", "10.9%"),
                                     row("10xEnsemble", "61.1%", "10.7%"),
                                     row("Distilled Single model", "60.8%", "10.7%")])
    found = [(r.metric, r.value, r.row.split()[0]) for r in tables.own_results(t, [])]
    assert ("accuracy", 60.8, "Distilled") in found and ("WER", 10.7, "Distilled") in found
    assert not any(value in (58.9, 10.9) for _, value, _ in found)


def test_the_longer_of_two_names_marks_the_papers_rows() -> None:
    # "GP" (the Gaussian process it builds on) and "GP-PoM" (its method) both name rows
    t = Table(caption="Table 1: CharacterTrajectories under label-based subsampling.",
              label="Table 1",
              rows=[row("Imputation", "Model", "w-AUROC", "BAC", "Accuracy"),
                    row("GP", "Sig", "95.283", "62.423", "63.614"),
                    row("forward-filling", "Sig", "98.011", "81.202", "81.331"),
                    row("GP-PoM", "Sig", "99.516", "88.627", "89.011", bold=(3,))])
    found = {(r.metric, r.value) for r in tables.own_results(t, ["GP-PoM", "GP"])}
    # BAC is balanced accuracy, a result like the accuracy beside it
    assert ("balanced accuracy", 88.627) in found and ("accuracy", 89.011) in found
    assert not any(value in (62.423, 63.614) for _, value in found)


def test_a_table_of_corpora_scored_by_metrics_is_the_papers_own() -> None:
    # no method in the rows: the paper's one model on each corpus
    t = Table(caption="Table 2: Perplexities (P). Proportion of predictions which had the "
                      "correct word in their top-k predictions.", label="Table 2",
              rows=[row("Corpus", "P", "Top 1", "Top 5", "Language"),
                    row("PTB", "85.288", "0.269", "0.470", "English"),
                    row("JDK", "21.808", "0.474", "0.652", "Java")])
    found = {(r.metric, r.dataset, r.value) for r in tables.own_results(t, ["LSTM"])}
    assert {("top-1", "JDK", 0.474), ("top-5", "PTB", 0.47)} <= found
    assert any(value == 21.808 for _, _, value in found)
    # rows of methods under "Method" are not read this way
    t.rows[0][0].text = "Method"
    assert tables.own_results(t, ["LSTM"]) == []


def test_every_speedup_of_a_table_the_caption_calls_the_papers_own() -> None:
    t = Table(caption="Figure 3: Online Sinkhorn warms up Sinkhorn. Table: Speed-ups provided "
                      "by Online Sinkhorn to reach a precision of 1e-3.", label="Figure 3",
              rows=[row("- log ε", "4", "3", "2"),
                    row("Stanford", "5.3x", "4.4x", "2.3x"),
                    row("2D GMM", "17x", "3.7x", "1.3x")])
    found = {(r.metric, r.dataset, r.value) for r in tables.own_results(t, ["Online Sinkhorn"])}
    assert ("speedup", "Stanford", 5.3) in found and ("speedup", "2D GMM", 17.0) in found
    assert len(found) == 6


def test_setting_columns_beside_metric_columns_are_not_results() -> None:
    t = Table(caption="Figure 4: Batch-Normalized Inception comparison with the state of the art "
                      "on ImageNet.", label="Figure 4",
              rows=[row("Model", "Resolution", "Crops", "Models", "Top-1 error", "Top-5 error"),
                    row("GoogLeNet ensemble [cite]", "224", "144", "7", "-", "6.67%"),
                    row("BN-Inception multicrop", "224", "144", "1", "21.99%", "5.82%"),
                    row("BN-Inception ensemble", "224", "144", "6", "20.1%", "4.9%", bold=(5,))])
    names = tables.method_names("Batch Normalization: Accelerating Deep Network Training",
                                "We introduce Batch Normalization, which normalizes layer inputs.")
    assert "BN" in names
    found = {(r.metric, r.value) for r in tables.own_results(t, names)}
    assert found == {("top-5 error", 4.9), ("top-1 error", 20.1), ("top-5 error", 5.82),
                     ("top-1 error", 21.99)}


def test_memory_in_gigabytes_is_a_cost_not_a_result() -> None:
    t = Table(caption="Figure 2: Forward and backward runtime of standard attention and "
                      "FlashAttention.", label="Figure 2",
              rows=[row("Attention", "Standard", "FlashAttention"),
                    row("GFLOPs", "66.6", "75.2"), row("HBM R/W (GB)", "40.3", "4.4")])
    assert tables.own_results(t, ["FlashAttention"]) == []


def test_a_full_width_table_below_floats_side_by_side_keeps_its_rows() -> None:
    left = ["Method                    ACC", "Video [28]         29.8", "BiGan [35]         34.8",
            "Colorization [10]  35.2", "CPC                48.7", "",
            "Table 3: ImageNet top-1 results.", "with the AlexNet encoder."]
    right = ["Method                ACC", "MS                  48.3", "Exemplar            53.1",
             "Col                 62.5", "CPC                 73.6", "",
             "Table 4: ImageNet top-5 results.", "as reported."]
    page = side_by_side(left, right) + "\n\n\n" + "\n".join([
        "            Method                   MR       CR       Subj     MPQA     TREC",
        "            Skip-thought [26]        75.5     79.3     92.1     86.9     91.4",
        "            CPC                      76.9     80.1     91.2     87.7     96.8",
        "", "Table 5: Classification accuracy on five common NLP benchmarks. We follow the same "
        "transfer setup."])
    rows = layout_rows(page, 8)
    assert set(rows) == {"Table 3", "Table 4", "Table 5"}
    assert ["CPC", "76.9", "80.1", "91.2", "87.7", "96.8"] in rows["Table 5"]
    assert ["CPC", "48.7"] in rows["Table 3"] and ["CPC", "73.6"] in rows["Table 4"]


def test_a_table_of_the_methods_own_runs_gives_each_rows_best() -> None:
    t = Table(caption="Table 5: Long Document performance (micro F1) at different sequence "
                      "lengths using FlashAttention.", label="Table 5",
              rows=[row("", "512", "1024", "16384"),
                    row("MIMIC-III [cite]", "52.8", "50.7", "57.1", bold=(3,)),
                    row("ECtHR [cite]", "72.2", "80.7", "79.2", bold=(2,))])
    found = [(r.metric, r.value, r.dataset) for r in tables.own_results(t, ["FlashAttention"])]
    assert found == [("F1", 57.1, "MIMIC-III"), ("F1", 80.7, "ECtHR")]
    cost = Table(caption="Figure 2: Runtime of standard attention and FlashAttention.",
                 label="Figure 2", rows=[row("Attention", "Standard", "FlashAttention"),
                                         row("HBM R/W (GB)", "40.3", "4.4"),
                                         row("Runtime (ms)", "41.7", "7.3")])
    assert tables.own_results(cost, ["FlashAttention", "HBM"]) == []


def test_an_acronym_the_body_defines_for_words_of_the_title_names_the_papers_rows() -> None:
    prose = Block(PROSE, "We revisit meta-learning with a memory-augmented neural network (MANN), "
                         "unlike long short-term memory (LSTM) networks.")
    accuracy = Table(caption="Table 1: Test-set classification accuracies on Omniglot.",
                     label="Table 1", rows=[row("Model", "2nd", "10th"),
                                            row("Human", "57.3", "92.4"),
                                            row("Feedforward", "19.6", "19.5"),
                                            row("LSTM", "49.5", "62.5"),
                                            row("MANN", "82.8", "98.1")])
    doc = Document(origin="latex", title="One-shot Learning with Memory-Augmented Neural Networks",
                   blocks=[prose, table_block(accuracy)])
    assert tables.body_names(doc) == ["MANN"]  # LSTM is spelt out too, but not in the title
    assert sorted(r.value for r in tables.results(doc, [])[0]) == [82.8, 98.1]


def test_an_acronym_of_title_words_used_unexplained_names_the_papers_rows() -> None:
    prose = Block(PROSE, "Our MAE is 290.82, and the AMDCN is inspired by MCNN and CNN models.")
    mae = Table(caption="Table 1. Mean absolute error of various methods on crowds.",
                label="Table 1", rows=[row("Method", "MAE"), row("AMDCN", "290.82"),
                                       row("MCNN", "377.60"), row("Hydra2s", "333.73")])
    doc = Document(origin="pdf", blocks=[prose, table_block(mae)],
                   title="An Aggregated Multicolumn Dilated Convolution Network for Counting")
    assert tables.body_names(doc) == ["AMDCN"]
    found = tables.results(doc, [])[0]
    assert [(r.value, r.metric, r.lower_is_better) for r in found] == [(290.82, "MAE", True)]


def test_ranking_and_regression_metrics_head_results_columns() -> None:
    header = row("Model", "MAG F1", "Co-View MAP", "Co-View nDCG", "Recomm. P@1", "Depth RMSE")
    t = Table(caption="Table 1: Results on the evaluation suite.", label="Table 1",
              rows=[header, row("Random", "4.8", "25.2", "51.6", "16.8", "3.1"),
                    row("SPECTER (Ours)", "82.0", "83.6", "91.5", "20.0", "0.9")])
    found = tables.own_results(t, [])
    assert {(r.value, r.metric, r.dataset) for r in found} == {
        (82.0, "F1", "MAG"), (83.6, "MAP", "Co-View"), (91.5, "nDCG", "Co-View"),
        (20.0, "precision", "Recomm"), (0.9, "RMSE", "Depth")}


def test_a_layout_header_apart_from_its_rows_and_set_tighter_than_them() -> None:
    page = "\n".join([
        "Model↓ / Metric→     F1     F1   MAP  nDCG  MAP  nDCG",
        "",
        "Random                    4.8        9.4     25.2       51.6     25.6       51.9",
        "SIF (2017)                78.4       81.4    79.4       89.4     78.2       88.9",
        "SPECTER (Ours)            82.0       86.4    83.6       91.5     84.5       92.4",
        "",
        "           Table 1: Results on the evaluation suite."])
    rows = layout_rows(page, 7)["Table 1"]
    assert rows[0] == ["Model↓ / Metric→", "F1", "F1", "MAP", "nDCG", "MAP", "nDCG"]
    assert rows[-1] == ["SPECTER (Ours)", "82.0", "86.4", "83.6", "91.5", "84.5", "92.4"]


def test_results_first_then_what_the_statistics_are_is_a_results_table() -> None:
    t = Table(caption="Table 5: Our model's test results are comparable with reported ones. "
                      "Reported statistics are span-level F1 for NER.", label="Table 5",
              rows=[row("Dataset", "Reference", "Task", "SciBERT", "S2ORC-SciBERT"),
                    row("BC5CDR", "[cite]", "NER", "90.01", "90.41 ± 0.06"),
                    row("JNLPBA", "[cite]", "NER", "77.28", "77.70 ± 0.25")])
    assert tables.classify(t) == tables.MAIN
    found = tables.own_results(t, ["S2ORC"])
    assert [(r.value, r.metric, r.dataset) for r in found] == [
        (90.41, "F1", "BC5CDR NER"), (77.7, "F1", "JNLPBA NER")]


def test_variant_rows_named_for_a_setting_do_not_make_a_settings_table() -> None:
    t = Table(caption="Table 2: Error rates (%) on CIFAR and SVHN datasets.", label="Table 2",
              rows=[row("Method", "Depth", "Params", "C10", "C10+", "SVHN"),
                    row("FractalNet [17]", "21", "38.6M", "10.18", "5.22", "2.01"),
                    row("with Dropout/Drop-path", "21", "38.6M", "7.33", "4.60", "1.87"),
                    row("Wide ResNet [42]", "16", "11.0M", "-", "4.81", "-"),
                    row("with Dropout", "16", "2.7M", "-", "-", "1.64"),
                    row("DenseNet-BC (k = 40)", "190", "25.6M", "-", "3.46", "-")])
    assert tables.classify(t) == tables.MAIN
    found = tables.own_results(t, ["DenseNet"])
    assert [(r.value, r.dataset) for r in found] == [(3.46, "C10+")]  # C10+ is CIFAR-10's


def test_own_rows_above_the_last_two_come_after_every_tables_others() -> None:
    bleu = Table(caption="Table 1: BLEU scores of the trained models on the test set.",
                 label="Table 1", rows=[row("Model", "All", "No UNK"),
                                        row("RNNencdec-30", "13.93", "24.19"),
                                        row("RNNsearch-30", "21.50", "31.44"),
                                        row("RNNsearch-50", "26.75", "34.16"),
                                        row("RNNsearch-50*", "28.45", "36.15")])
    found = tables.own_results(bleu, ["RNNsearch"])
    assert [r.value for r in found] == [28.45, 26.75, 36.15, 34.16, 21.50, 31.44]
    assert [r.later for r in found] == [False] * 4 + [True] * 2
    long = Table(caption="Table 2: BLEU scores on long sentences.", label="Table 2",
                 rows=[row("Model", "BLEU"), row("RNNsearch-50", "25.5")])
    doc = Document(origin="latex", blocks=[table_block(bleu), table_block(long)])
    values = [c.value for c in find_claims(doc, "", None, title="RNNsearch: Learning to Align")]
    assert values.index(25.5) < values.index(21.50)


def test_a_table_the_layout_text_loses_is_read_from_the_plain_texts_rows() -> None:
    pages = ["SuRF: Retrieval for Questions\nAbstract\nWe present SuRF, a retriever.\n"
             "1 Introduction\nQuestions need facts.\n",
             "2 Results\nTable 1: Open-Domain QA Test Scores.\nModel NQ TQA\nBART 15.1 19.7\n"
             "SuRF-Tok. 44.1 55.2\nSuRF-Seq. 44.5 56.8\nWe see that retrieval helps.\n"]
    asked: list[list[int]] = []

    def layout(numbers: list[int]) -> dict[int, str]:
        asked.append(numbers)
        return {n: "" for n in numbers}  # pypdf's layout mode lost the table

    got = reading.extract(pages, layout=layout)
    assert asked == [[2]]
    from_table = [(c.value, c.table) for c in got.claims if c.found_in == "table"]
    assert sorted(from_table) == [(44.1, "Table 1"), (44.5, "Table 1"), (55.2, "Table 1"),
                                  (56.8, "Table 1")]
    assert all(c.metric == "score" for c in got.claims if c.found_in == "table")
    # the plain rows are not read again as settings
    assert not any(h.value in ("44.1", "15.1") for h in got.hyperparameters)


def test_a_results_table_captioned_as_a_figure_is_read_from_the_plain_text() -> None:
    pages = ["MANN: Memory for One-shot Learning\nAbstract\nWe present MANN, a learner.\n"
             "1 Introduction\nFew examples.\n",
             "2 Results\nFigure 2: Test accuracy on Omniglot after each presentation.\n"
             "LSTM 49.5 62.5\nMANN 82.8 98.1\nWe see that memory helps.\n"
             "Figure 3: Training curves of each model.\nLSTM 10 20\nMANN 30 40\n"]
    got = reading.extract(pages, layout=lambda numbers: {n: "" for n in numbers})
    from_table = sorted((c.value, c.table) for c in got.claims if c.found_in == "table")
    assert from_table == [(82.8, "Figure 2"), (98.1, "Figure 2")]


def test_the_average_column_of_an_own_row_leads_when_its_cells_fill_the_headed_columns() -> None:
    rows = [row("System", "MNLI", "QQP", "SST-2", "Average"),
            row("Baseline [3]", "80.6", "66.1", "93.2", "75.1"),
            row("Ours", "86.7", "72.1", "94.9", "82.1")]
    glue = Table(caption="Table 1: GLUE test results, scored by the evaluation server.",
                 label="Table 1", rows=rows)
    assert [r.value for r in tables.own_results(glue, [])][:2] == [82.1, 86.7]
    # a PDF row whose cells slid under other headers: no column is trusted to be the average
    shifted = Table(caption=glue.caption, label="Table 1", rows=[
        rows[0], rows[1], row("Ours", "86.7", "", "72.1", "94.9 82.1")])
    assert tables.own_results(shifted, [])[0].value == 86.7


def test_a_speedup_stated_in_a_figure_caption_is_a_claim() -> None:
    doc = Document(origin="latex", blocks=[
        Block(PROSE, "We evaluate the kernel on long sequences."),
        Block(CAPTION, "Figure 1: The kernel does not read the large matrix, resulting in a "
                       "7.6× speedup on the attention computation."),
        Block(CAPTION, "Figure 2: Validation accuracy reaches 81.2% after 40 epochs."),
        Block(CAPTION, "Figure 3: The method of Smith et al. gives a 2× speedup.")])
    assert [(c.metric, c.value, c.unit) for c in find_claims(doc, "", None)] == [
        ("speedup", 7.6, "×")]


def test_headers_broken_at_a_hyphen_and_generation_metrics() -> None:
    t = Table(caption="Table 4: Comparison of different approaches to paraphrase generation on "
                      "QQP.", label="Table 4",
              rows=[row("", "Self-", "", "", ""), row("Method", "BLEU", "BLEU", "iBLEU", "SARI"),
                    row("Prompt Tuning [cite]", "59.94", "31.56", "4.11", "36.45"),
                    row("RAPT", "50.27", "34.09", "14.33", "42.40")],
              header_rows=2)
    assert t.header(1) == "Self-BLEU"
    found = {r.metric: (r.value, r.lower_is_better) for r in tables.own_results(t, ["RAPT"])}
    assert found == {"Self-BLEU": (50.27, True), "BLEU": (34.09, False), "iBLEU": (14.33, False),
                     "SARI": (42.4, False)}


def test_a_table_beside_prose_with_its_spreads_in_cells_of_their_own() -> None:
    prose = ["compare the performance of MelGAN for inverting ground",
             "truth mel-spectrograms to raw audio against existing meth-",
             "ods, we run an independent MOS test where the MelGAN model",
             "is trained until convergence (around 2.5M iterations).",
             "Similar to the ablation study, these scores are shown", ""]
    table = ["Table 3: Mean Opinion Scores", "Model        MOS     95% CI",
             "WaveGlow     4.11     ±0.05", "WaveNet      4.05     ±0.05",
             "MelGAN       3.61     ±0.06", ""]
    page = "\n".join(f"  {a:<62}{b}" for a, b in zip(prose, table, strict=True))
    rows = layout_rows(page, 7)
    assert ["MelGAN", "3.61 ±0.06"] in rows["Table 3"]
    assert ["WaveGlow", "4.11 ±0.05"] in rows["Table 3"]  # not "... MOS test ... WaveGlow"


def test_a_metric_named_in_the_abstract_is_not_the_method() -> None:
    abstract = ("Subjective evaluation metric (Mean Opinion Score, or MOS) shows the effectiveness "
                "of the proposed approach.")
    assert tables.method_names("MelGAN: Generative Adversarial Networks for Waveforms",
                               abstract) == ["MelGAN"]


def test_a_leaderboard_with_pair_columns_and_not_reported_cells() -> None:
    page = "\n".join([
        "                                                  Published       LeaderBoard",
        "  Single Model                                            EM / F1          EM / F1",
        "  BiDAF (Seo et al., 2016)                   68.0 / 77.3       68.0 / 77.3",
        "  Reg-RaSoR                                  N/A               75.8 / 83.3",
        "  Dev set: QANet                             73.6 / 82.7       N/A",
        "  Test set: QANet + data augmentation ×3     76.2 / 84.6       76.2 / 84.6",
        "",
        "  Table 2: The performances of different models on SQuAD dataset."])
    t = layout_tables(page, 8)["Table 2"]
    assert [[c.text for c in r] for r in t.rows[t.header_rows:]][1:3] == [
        ["Reg-RaSoR", "N/A", "75.8 / 83.3"], ["Dev set: QANet", "73.6 / 82.7", "N/A"]]
    assert t.header(1) == "Published EM / F1"
    found = [(r.metric, r.value) for r in tables.own_results(t, ["QANet"])][:4]
    assert found == [("EM", 76.2), ("F1", 84.6), ("EM", 73.6), ("F1", 82.7)]


@pytest.mark.parametrize("left, right, label, header, last", [
    # a table set right of the other column's prose keeps its own labels and headers
    (["performs by 4.28% in the accuracy.", "Compared with the state-of-the-art, RepVGG",
      "also shows favorable performance, considering", "ity: RepVGG-A2 is 1.37%/59% better",
      "B0, RepVGG-B1 performs 0.39% better than", "3.2GF and runs slightly faster.",
      "in ResNeXt-50 and", ""],
     ["Table 4: RepVGG models and baselines on ImageNet.", "",
      "Model         Top-1acc   Speed   Params(M)FLOPs",
      "RepVGG-A0      72.41     3256     8.30     1.4",
      "ResNet-18      71.16     2442    11.68     1.8",
      "RepVGG-B3      80.52      363   110.96    26.2", "", ""],
     "Table 4", ["Model", "Top-1acc", "Speed", "Params(M)", "FLOPs"],
     ["RepVGG-B3", "80.52", "363", "110.96", "26.2"]),
    # the paragraph above a table set left of the other column, and that column's prose
    # beside the headers, are not headers
    (["19 but still more efficient than ResNet-101 or ResNet-152.",
      "Here are some ImageNet results:", "",
      "  Backbone           Top-1     Top-5     Bn Ops     BFLOP/s     FPS",
      "  Darknet-19 [15]    74.1      91.8       7.29       1246       171",
      "  ResNet-101[5]      77.1      93.7       19.7       1039        53",
      "  Darknet-53         77.2      93.8       18.7       1457        78",
      "Table 2. Comparison of backbones."],
     ["models like RetinaNet in this metric though.", "However, when we look at the old",
      "mAP at IOU= .5 (or AP50  in the chart) YOLOv3 is very",
      "the  SSD  variants.   This  indicates  that  YOLOv3  is  a  very",
      "strong detector that excels at producing decent boxes",
      "jects. However, performance drops", "threshold increases", "boxes aligned."],
     "Table 2", ["Backbone", "Top-1", "Top-5", "Bn Ops", "BFLOP/s", "FPS"],
     ["Darknet-53", "77.2", "93.8", "18.7", "1457", "78"]),
])
def test_a_table_beside_the_other_columns_prose_keeps_its_own_labels_and_headers(
        left: list[str], right: list[str], label: str, header: list[str], last: list[str]) -> None:
    page = "\n".join(f"  {a:<72}{b}" for a, b in zip(left, right, strict=True))
    rows = layout_rows(page, 7)[label]
    assert (rows[0], rows[-1]) == (header, last)


def test_a_cell_with_its_time_in_brackets_is_a_number() -> None:
    page = "\n".join(["  Method               Citeseer       Cora",
                      "  ICA [18]               69.1           75.1",
                      "  GCN (this paper)     70.3 (7s)      81.5 (4s)", "",
                      "  Table 2: Summary of results in terms of classification accuracy."])
    assert layout_rows(page, 7)["Table 2"][-1] == ["GCN (this paper)", "70.3 (7s)", "81.5 (4s)"]


def test_statistical_in_a_results_caption_is_not_dataset_statistics() -> None:
    t = Table(caption="Table 1: Subjective 5-scale mean opinion scores of speech samples from "
                      "LSTM-RNN-based statistical parametric and WaveNet-based synthesizers.",
              label="Table 1", rows=[row("Speech samples", "MOS"),
                                     row("LSTM-RNN parametric", "3.67"),
                                     row("WaveNet (L+F)", "4.21")])
    assert tables.classify(t) == tables.MAIN
    assert [(r.metric, r.value) for r in tables.own_results(t, ["WaveNet"])] == [("MOS", 4.21)]


def test_a_method_marked_ours_in_a_legend_read_down_its_column() -> None:
    legend = Block(CAPTION, "Figure 1: Exact gradient REINFORCE REBAR RELAX (ours) curves.", BODY)
    d = Document(origin="pdf", title="Backpropagation through the Void", blocks=[legend])
    assert tables.body_names(d) == ["RELAX"]
    t = Table(caption="Table 2: Best obtained validation objective.", label="Table 2",
              rows=[row("", "REBAR", "RELAX"), row("MNIST", "ours", ""),
                    row("1 layer", "-114.32", "-113.62"), row("2 Layer", "-101.20", "-100.85")],
              header_rows=2)
    assert [r.value for r in tables.own_results(t, ["RELAX"])] == [-113.62, -100.85]


def test_a_comparison_that_names_no_method_is_read_from_its_last_row() -> None:
    t = Table(caption="Table 1: Mean predictive accuracy of neural fingerprints compared to "
                      "standard circular fingerprints.", label="Table 1",
              rows=[row("Dataset", "Solubility", "Drug efficacy"),
                    row("Predict mean", "4.29± 0.40", "1.47± 0.07"),
                    row("Circular FPs + neural net", "1.40± 0.13", "1.36± 0.10"),
                    row("Neural FPs + neural net", "0.52± 0.07", "1.16± 0.03")], header_rows=1)
    found = tables.own_results(t, [])
    assert [(r.value, r.later) for r in found] == [(0.52, True), (1.16, True)]
    t.caption = "Table 1: Mean predictive accuracy of fingerprints."
    assert tables.own_results(t, []) == []  # no comparison: no guess
    # a last row the layout text garbled into pieces of cells is no method's
    t.caption = "Table 2: Quantile losses compared to baselines."
    t.rows[-1] = row("+11%) 0.117 (", "+23%)", "0.095*")
    assert tables.own_results(t, []) == []


def test_a_column_bold_in_most_rows_outweighs_ours_under_a_baseline() -> None:
    t = Table(caption="Table 2: Best obtained validation objective.", label="Table 2",
              rows=[row("", "REBAR", "RELAX"), row("MNIST", "ours", ""),
                    row("1 layer", "-114.32", "-113.62", bold=(2,)),
                    row("2 Layer", "-101.20", "-100.85", bold=(2,))], header_rows=2)
    assert [r.value for r in tables.own_results(t, [])] == [-113.62, -100.85]


def test_a_headers_citation_is_not_part_of_its_dataset() -> None:
    t = Table(caption="Table 1: Mean predictive accuracy compared to circular fingerprints.",
              label="Table 1", rows=[row("Dataset", "Solubility [cite]", "Drug efficacy [5]"),
                                     row("Circular FPs", "1.40", "1.36"),
                                     row("Neural FPs (ours)", "0.52", "1.16")], header_rows=1)
    assert [r.dataset for r in tables.own_results(t, [])] == ["Solubility", "Drug efficacy"]


def test_ieee_tables_numbered_in_roman_with_the_caption_below_the_label() -> None:
    from replicate.reading.pdfdoc import from_pages

    table = ["TABLE V", "Comparison between the best results of the CLM network and",
             "previous works for both datasets.", "",
             "Method                      QWK      CCR",
             "Nominal network             0.541    0.701",
             "CLM network (proposal)      0.582    0.723"]
    page = "I. Introduction\nText.\nTABLE V\nComparison between the best results of the CLM " \
           "network and\nprevious works for both datasets.\nMethod QWK CCR\n"
    doc = from_pages([page], layout=lambda pages: {1: "\n".join(table)})
    t = next(b.table for b in doc.blocks if b.table is not None and not b.table.plain)
    assert t.label == "Table 5" and t.caption.startswith("Table 5: Comparison between")
    assert [(r.metric, r.value) for r in tables.own_results(t, ["CLM"])] == [
        ("QWK", 0.582), ("CCR", 0.723)]


def test_named_metrics_do_not_hide_top_k_and_one_off_columns() -> None:
    t = Table(caption="Table 5: Comparison between the best results and previous works.",
              label="Table 5", rows=[row("Method", "QWK(SD)", "Top-2(SD)", "1-off(SD)", "Top-1"),
                                     row("Nominal [3]", "0.541", "0.80", "0.84", "0.70"),
                                     row("CLM", "0.582(0.016)", "0.871", "0.868", "0.72")],
              header_rows=1)
    assert [r.metric for r in tables.own_results(t, ["CLM"])] == [
        "QWK", "top-k accuracy", "1-off accuracy", "top-1"]


def test_a_row_whose_name_the_pdf_lost_is_no_one_s() -> None:
    t = Table(caption="Table 7: Comparison with the state of the art in ILSVRC classification.",
              label="Table 7", rows=[row("Method", "top-1 val. error (%)", "top-5 test error (%)"),
                                     row("VGG (1 net, dense eval.)", "24.4", "7.0"),
                                     row("GoogLeNet (Szegedy et al., 2014)", "-", "7.9"),
                                     row("-", "-", "11.7")], header_rows=1)
    assert 11.7 not in [r.value for r in tables.own_results(t, ["VGG"])]
    assert 11.7 not in [r.value for r in tables.own_results(t, [])]  # not an uncited row


def test_group_headers_span_their_columns_and_lr_under_metrics_is_a_model() -> None:
    page = "\n".join([
        "                 Table 2: Performance on CTR prediction.",
        "                      Company*                 Criteo",
        "                   AUC       LogLoss        AUC       LogLoss",
        "      LR          0.8640      0.02648      0.7686     0.47762",
        "      LR & DNN    0.8673      0.02634      0.7981     0.46772",
        "      FM & DNN    0.8661      0.02640      0.7850     0.45382",
        "      DeepFM      0.8715      0.02618      0.8007     0.45083", ""])
    t = layout_tables(page, 5)["Table 2"]
    t.caption = "Table 2: Performance on CTR prediction."
    assert [t.header(j) for j in range(1, 5)] == [
        "Company* AUC", "Company* LogLoss", "Criteo AUC", "Criteo LogLoss"]
    # "LR" rows (logistic regression) under metric headers do not make a settings table
    assert tables.classify(t) == tables.MAIN
    assert [(r.metric, r.value, r.dataset) for r in tables.own_results(t, ["DeepFM"])] == [
        ("AUC", 0.8715, "Company*"), ("log loss", 0.02618, "Company*"),
        ("AUC", 0.8007, "Criteo"), ("log loss", 0.45083, "Criteo")]


def test_the_plain_rows_of_a_results_table_are_not_read_as_settings() -> None:
    caption = "Table 2: Performance on CTR prediction."
    rows = ["LR 0.8640 0.02648 0.7686 0.47762", "LR & DNN 0.8673 0.02634 0.7981 0.46772",
            "DeepFM 0.8715 0.02618 0.8007 0.45083"]
    pages = ["DeepFM: A Network for CTR Prediction\nAbstract\nWe propose DeepFM.\n"
             "1 Introduction\nClicks matter.\n",
             "3 Experiments\n" + caption + "\n" + "\n".join(rows) + "\nDeepFM wins.\n"]
    layout = "\n".join([f"        {caption}", "                   Company*              Criteo",
                        "                AUC     LogLoss     AUC     LogLoss"]
                       + ["    " + r.replace(" 0.", "      0.") for r in rows])
    got = reading.extract(pages, arxiv_title="DeepFM: A Network for CTR Prediction",
                          layout=lambda numbers: {n: layout for n in numbers})
    assert ("AUC", 0.8715) in [(c.metric, c.value) for c in got.claims]
    assert not [h for h in got.hyperparameters if h.name.startswith("learning rate")]


def test_a_settings_table_keeps_rows_in_e_notation_and_cells_left_none() -> None:
    caption = "Table 1: Hyper-parameters used for the ML algorithms."
    layout = "\n".join([
        f"        {caption}",
        "   Hyper-parameters    GRU-SVM      MLP       Nearest Neighbor",
        "         Batch Size        128        128           N/A",
        "       Dropout Rate        0.5       None           N/A",
        "      Learning Rate       1e-3       1e-2           N/A",
        "             Epochs       3000       3000             1"])
    pages = ["GRU-SVM for Breast Cancer\nAbstract\nWe propose GRU-SVM.\n1 Introduction\nX.\n",
             "3 Experiments\n" + caption + "\nBatch Size 128 128 N/A\nEpochs 3000 3000 1\n"]
    got = reading.extract(pages, arxiv_title="GRU-SVM for Breast Cancer",
                          layout=lambda numbers: {n: layout for n in numbers})
    found = {(h.name, h.value) for h in got.hyperparameters}
    assert {("learning rate (GRU-SVM)", "1e-3"), ("learning rate (MLP)", "1e-2"),
            ("dropout (GRU-SVM)", "0.5")} <= found


def captioned_layout_table(caption: str, lines: list[str]) -> Table:
    """The table of layout text `lines` set over `caption`, captioned."""
    t = layout_tables("\n".join([*lines, "", caption]), 1)[caption.split(".")[0].split(":")[0]]
    t.caption = caption
    return t


def test_three_label_cells_and_group_headers_set_apart_from_their_columns() -> None:
    caption = ("Table 1.  Quantitative comparison with the several peer-methods on benchmark "
               "datasets.")
    t = captioned_layout_table(caption, [
        "  Method             Scale     Training            Set5 [2]                Set14 [56]",
        "                                    Dataset      PSNR      SSIM      PSNR      SSIM",
        "  EDSR [35]             ×2         DIV2K       38.11     0.9602     33.92     0.9195",
        "  RCAN [60]            ×2         DIV2K       38.27     0.9614     34.12     0.9216",
        "  DRCT (Ours)         ×2          DF2K        38.62     0.9628     34.84     0.9272"])
    # the method, its scale and its training data name the row
    assert [r[0].text for r in t.rows[t.header_rows:]] == [
        "EDSR [35] ×2 DIV2K", "RCAN [60] ×2 DIV2K", "DRCT (Ours) ×2 DF2K"]
    # "Set5" spans the two columns it is set over, "Training Dataset" heads the labels
    assert [t.header(j) for j in range(1, 5)] == [
        "Set5 [2] PSNR", "Set5 [2] SSIM", "Set14 [56] PSNR", "Set14 [56] SSIM"]
    assert [(r.metric, r.value, r.dataset) for r in tables.own_results(t, ["DRCT"])][:2] == [
        ("PSNR", 38.62, "Set5"), ("SSIM", 0.9628, "Set5")]


def test_rows_named_by_four_cells_under_header_lines_set_askew() -> None:
    t = captioned_layout_table("Table 1:  Summary of all experiments", [
        "  Dataset     Architecture    Algorithm        LR             Weight        Valid.",
        "                                                 Policy        Decay         Acc.",
        "",
        "  MNIST          Custom           SGD        Adaptive     None        99.5%",
        "  MNIST          Custom      Momentum    Adaptive     None      99.57%",
        " CIFAR-10    ResNet20 v1        SGD          Fixed        10−3        87.02%",
        " CIFAR-10       DenseNet          SGD        Adaptive      10−4      91.34%"])
    assert [r[0].text for r in t.rows[t.header_rows:]][-1] == "CIFAR-10 DenseNet SGD Adaptive"
    assert [t.header(j) for j in (1, 2)] == ["Weight Decay", "Valid. Acc."]
    assert [c.text for c in t.rows[-2][1:]] == ["10−3", "87.02%"]  # 10^-3, its superscript lost


def test_a_spread_marked_significant_and_a_header_row_of_noise_ratios() -> None:
    caption = "Table 1: Comparison with state-of-the-art methods in test accuracy (%)."
    t = captioned_layout_table(caption, [
        "     Dataset                          CIFAR-10                      CIFAR-100",
        "     Method/Noise ratio        20%         50%                 20%         50%",
        "     Mixup                     95.6        87.1                67.8        57.3",
        "     DivideMix            96.1 ± 0.2**  94.6 ± 0.1*         77.3 ± 0.3  74.6 ± 0.2**"])
    assert t.header_rows == 2 and t.header(1) == "CIFAR-10 20%" and t.header(3) == "CIFAR-100 20%"
    assert [(r.value, r.dataset) for r in tables.own_results(t, ["DivideMix"])] == [
        (96.1, "CIFAR-10 20"), (94.6, "CIFAR-10 50"), (77.3, "CIFAR-100 20"),
        (74.6, "CIFAR-100 50")]


def test_floats_side_by_side_are_not_cut_between_a_rows_name_and_its_numbers() -> None:
    page = "\n".join([
        "          Methods                             Modality             SER      "
        "                      Methods                     SER                     ",
        "         Base [7]                           Language              0.6026    "
        "                                             ZH           ES       ZH     ",
        "       Large [6]                          Language                0.6648    "
        "                   default order            0.8924     0.7550    0.7073   ",
        "        Dense [13]                          Language               0.8121   "
        "                 remove-pos-embed            0.8842     0.7477    0.6941   ",
        "    GridNet v1 [28]      Language + Layout+ Vision                0.7927    "
        "                 descending (Y,X)           0.8857     0.7486    0.7297   ",
        "     GridNet X [29]       Language + Layout+ Vision               0.8276    "
        "                 descending (X,Y)           0.8561     0.7343    0.6858   ",
        "      PageNet [2]          Language + Layout+ Vision              0.8334    "
        "                descending (X+Y)            0.8844     0.7513    0.7235   ",
        "       SelfPage [18]          Language + Layout+ Vision            0.8336   "
        "                       XY Cut                0.8903     0.7562    0.7281   ",
        "   TreeGrid* [16]                Language + Layout                0.8514    "
        "              Aug descending (Y,X)          0.8925     0.7543    0.7331   ",
        "      CutGridLM          Language + Layout+ Vision                0.8335    "
        "             Aug XY Cut (0.5, 0.5, 1)       0.8913     0.7568    0.7282   ",
        "                                                                            "
        "             Aug XY Cut (0.2, 0.2, 5)       0.9011     0.7586    0.7387   ",
        "                                                                            "
        "             Aug XY Cut (0.5, 0.5, 5)       0.9023     0.7600    0.7389   ",
        "Table 2.  Comparison with different methods on the FORMS w.r.t              "
        "             Aug XY Cut (0.7, 0.7, 5)       0.8918     0.7541    0.7260   ",
        "F1 score (↑).  The * means TreeGrid     use the LARGE model                 "
        "            Aug XY Cut (0.5, 0.5, 10)       0.8702     0.7399    0.6920   ",
        "while others use BASE models.",
        "                                                                            "
        "        Table 4. F1 scores (↑) of baseline GridNet X based on different",
        "                                                                            "
        "        reading orders on XFUN (Chinese, English)."])
    t = layout_tables(page, 6)["Table 2"]
    assert [r[0].text for r in t.rows[t.header_rows:]][-1] == "CutGridLM Language + Layout+ Vision"
    assert [c.text for c in t.rows[-1][1:]] == ["0.8335"]


def test_prose_beside_rows_named_by_numbers_is_no_ones_name() -> None:
    prose = ["4.3 Compared Settings", "We compare our proposed DLF model with nine baseline mod-",
             "els, which are listed in the order of the table below", ""]
    table = ["Table 2: Averaged negative log probability performance.",
             "   iPinYou      KM      STM      DLF",
             "      1458  10.532    4.761   4.088*",
             "      2259  14.671    5.471   5.244*",
             "Overall     15.366    5.148   4.774*"]
    page = "\n".join(f"  {a:<60}{b}" for a, b in zip(prose + [""], table, strict=True))
    t = layout_tables(page, 7)["Table 2"]
    assert [r[0].text for r in t.rows[t.header_rows:]] == ["", "", "Overall"]
    # the paper's method is a column: read down it, not along a row of prose naming it
    assert [(r.value, r.dataset) for r in tables.own_results(t, ["DLF"])] == [(4.774, "Overall")]


def test_columns_of_layer_counts_and_sizes_beside_decimals_are_not_results() -> None:
    t = Table(caption="Table 6. Classification error on the CIFAR-10 test set.", label="Table 6",
              rows=[row("Maxout [10]", "", "", "9.38"), row("FitNet [35]", "19", "2.5M", "8.39"),
                    row("ResNet", "56", "0.85M", "6.97"),
                    row("ResNet", "110", "1.7M", "6.43 (6.61±0.16)"),
                    row("ResNet", "1202", "19.4M", "7.93")],
              header_rows=0)
    found = [(r.metric, r.value) for r in tables.own_results(t, ["ResNet"])]
    assert ("error", 6.43) in found and ("error", 7.93) in found
    assert all(v not in (110, 1202, 1.7, 19.4) for _, v in found)


def test_coco_columns_keep_their_threshold_and_object_size() -> None:
    t = Table(caption="Table 3. Results on COCO test-dev.", label="Table 3",
              rows=[row("backbone", "AP", "AP50", "AP75", "APS", "APM", "APL"),
                    row("RetinaNet [9]", "39.1", "59.1", "42.3", "21.8", "42.7", "50.2"),
                    row("YOLOv3 608", "33.0", "57.9", "34.4", "18.3", "35.4", "41.9")])
    assert [(r.metric, r.value) for r in tables.own_results(t, ["YOLOv3"])] == [
        ("AP", 33.0), ("AP50", 57.9), ("AP75", 34.4), ("APS", 18.3), ("APM", 35.4), ("APL", 41.9)]


def test_results_given_only_in_the_appendix_are_read_from_its_tables() -> None:
    caption = "Table 4: Full results on the zero-shot RL performance."
    rows = ["Flip 426 ± 68 573 ± 37 506 ± 70", "Stand 865 ± 77 883 ± 42 953 ± 22"]
    pages = ["DoDont: Learning Desirable Skills\nAbstract\nWe propose DoDont.\n1 Introduction\n"
             "Skills matter.\n2 Experiments\nFigure 3: Zero-shot returns of DoDont and HILP.\n",
             "References\n[1] A. Author. A paper. 2020.\nA Full results\n" + caption + "\n"
             + "\n".join(rows) + "\n"]
    layout = "\n".join([caption, "  Task        FDM          HILP         DoDont",
                        "  Flip      426 ± 68     573 ± 37     506 ± 70",
                        "  Stand     865 ± 77     883 ± 42     953 ± 22"])
    got = reading.extract(pages, arxiv_title="DoDont: Learning Desirable Skills",
                          layout=lambda numbers: {n: layout for n in numbers})
    assert [(c.value, c.table) for c in got.claims if c.found_in == "table"] == [
        (506.0, "Table 4"), (953.0, "Table 4")]


def test_an_appendix_table_of_experiment_settings_is_read_for_the_recipe() -> None:
    caption = "Table 2: Experiment settings for all the different environments."
    pages = ["Skills\nAbstract\nWe propose Skills.\n1 Introduction\nSkills matter.\n",
             "References\n[1] A. Author. A paper. 2020.\nA Implementation details\n"
             "Discrete 1000 256 0.1\nHopper-v2 5000 4096 0.01\n" + caption + "\n"]
    layout = "\n".join(["   Environment     Epochs     Batch Size     posteriorλ",
                        "     Discrete        1000        256            0.1",
                        "     Hopper-v2       5000        4096           0.01", "", caption])
    got = reading.extract(pages, arxiv_title="Skills",
                          layout=lambda numbers: {n: layout for n in numbers})
    assert [(h.name, h.value) for h in got.hyperparameters][:3] == [
        ("epochs", "1000"), ("batch size", "256"), ("posterior λ", "0.1")]


def test_a_supplement_s_table_numbered_s_1_is_a_table() -> None:
    page = "\n".join(["  Method        SPT      MWKR      Ours",
                      "  Gap          42.0%    34.6%     17.7%",
                      "  Time(s)      0.012    0.012     0.061",
                      "  Table S.1. Results on instances of small and medium sizes."])
    assert layout_rows(page, 7)["Table S.1"][-1] == ["Time(s)", "0.012", "0.012", "0.061"]
    assert CAPTION_START.match("Table S.1. Results on instances of small and medium sizes.")


def test_recommendation_metrics_set_left_of_wider_numbers() -> None:
    page = "\n".join(["Table 2: Audiobook recommendations for warmstart users.", "",
                      "Model                           Warmstart users",
                      "                    HR@10↑    MRR↑    Coverage↑",
                      "Popularity              0.150       0.100        0.0%",
                      "LLM-KNN                 0.164       0.202       54.7%",
                      "2T-HGNN                 0.353       0.218       22.3%"])
    assert layout_results(page, ["2T-HGNN"]) == [
        ("hit rate", 0.353), ("MRR", 0.218), ("coverage", 22.3)]


def test_spreads_glued_to_their_values_and_years_closing_a_rows_citation() -> None:
    page = "\n".join(["Table 2: Summary of results in terms of classification accuracies.",
                      "  Method                           Cora           Citeseer",
                      "  GCN (Kipf & Welling, 2017)       81.5%          70.3%",
                      "  MoNet (Monti et al., 2016)       81.7± 0.5%     —",
                      "  GAT (ours)                       83.0± 0.7%     72.5± 0.7%"])
    assert layout_results(page, ["GAT"]) == [("accuracy", 83.0), ("accuracy", 72.5)]
    pages = ["GAT\nAbstract\nWe present GAT.\n1 Results\n" + page.split("\n")[0] + "\n"
             "GCN (Kipf & Welling, 2017) 81.5% 70.3%\nGAT (ours) 83.0% 72.5%\n"]
    doc = reading.pdfdoc.from_pages(pages, lambda numbers: {n: "" for n in numbers})
    plain = next(b.table for b in doc.blocks if b.table is not None)
    assert [c.text for c in plain.rows[0]] == ["GCN (Kipf & Welling, 2017)", "81.5%", "70.3%"]


def test_a_line_of_the_years_methods_were_published_is_no_row() -> None:
    page = "\n".join(["Table 3: Comparison with state-of-the-art methods.",
                      "             BEAT       WPMixer     TimeMixer",
                      "             Ours        2025        2024",
                      "  Weather    0.239      0.243       0.240",
                      "  ETTh1      0.415      0.422       0.447"])
    assert [r[0] for r in layout_rows(page, 6)["Table 3"]][-2:] == ["Weather", "ETTh1"]
    assert ("score", 2025.0) not in layout_results(page, ["BEAT"])


def bold_table_pdf(path: Path) -> None:
    """A results table whose best cells are set in a bold font, as papers mark them."""
    from fpdf import FPDF

    doc = FPDF(format="letter")
    doc.add_page()
    doc.set_font("helvetica", size=10)
    doc.set_xy(20, 20)
    doc.multi_cell(w=170, h=5, text="1 Results\nTable 1: Test accuracy of Foo and baselines on "
                                    "CIFAR-10 and CIFAR-100.")
    grid = [("Method", "CIFAR-10", "CIFAR-100"), ("Baseline", "93.1", "71.9"),
            ("Foo-large", "95.6", "78.4"), ("Foo-small", "94.2", "76.0")]
    for i, cells in enumerate(grid):
        for x, text in zip((25, 110, 140), cells, strict=True):
            doc.set_font("helvetica", style="B" if text in ("95.6", "78.4") else "", size=10)
            doc.text(x, 40 + 6 * i, text)
    doc.output(str(path))


def test_a_pdf_table_s_bold_cells_are_its_best_and_come_first(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    bold_table_pdf(path)
    cache = tmp_path / "layout.json"
    [page] = pdf.layout_texts(path, [1], cache=cache).values()
    assert page.bold == {"95.6", "78.4"}  # the layout text has no fonts: kept beside it
    path.unlink()
    assert pdf.layout_texts(path, [1], cache=cache)[1].bold == page.bold  # and cached
    t = layout_tables(page, 1, bold=page.in_bold)["Table 1"]
    assert [(r[0].text, [c.bold for c in r[1:]]) for r in t.rows[1:]] == [
        ("Baseline", [False, False]), ("Foo-large", [True, True]), ("Foo-small", [False, False])]
    # the own rows are read from the last one up, but the bold ones first
    assert [(r.row.split()[0], r.value) for r in tables.own_results(t, ["Foo"])][:2] == [
        ("Foo-large", 95.6), ("Foo-large", 78.4)]


def test_a_plain_table_s_headers_name_its_columns_and_groups_name_its_rows() -> None:
    from replicate.reading.pdfdoc import from_pages

    page = "\n".join([
        "4 Experiments",
        "TABLE 2: Full results for the multivariate forecasting. The lookback window is 96.",
        "Models Foo Bar",
        "Metric MSE MAE MSE MAE",
        "ECL",
        "96 0.140 0.236 0.148 0.240",
        "192 0.156 0.250 0.162 0.253",
        "Traffic",
        "96 0.377 0.257 0.395 0.268",
        "192 0.398 0.267 0.417 0.276",
        "Table 3: Gait recognition on the Gait3D dataset.",
        "Methods Rank-1 Rank-5 mAP mINP",
        "GaitSet [5] 36.7 58.3 30.01 17.3",
        "Foo (ours) 48.1 66.6 38.45 23.49",
    ])
    # the layout text mixes the table with the prose of the page's columns
    doc = from_pages([page], layout=lambda numbers: {n: "" for n in numbers})
    first, second = [b.table for b in doc.blocks if b.table is not None]
    assert (first.label, first.header_rows, second.label) == ("Table 2", 2, "Table 3")
    assert first.header(1) == "Foo MSE" and first.header(4) == "Bar MAE"
    assert [r[0].text for r in first.rows[2:]] == ["ECL 96", "ECL 192", "Traffic 96", "Traffic 192"]
    got = [(r.metric, r.value, r.dataset) for r in tables.own_results(first, ["Foo"])]
    assert ("MSE", 0.14, "ECL 96") in got and ("MAE", 0.257, "Traffic 96") in got
    assert not any(v in (0.148, 0.395) for _, v, _ in got)  # Bar's columns are not Foo's
    assert [(r.metric, r.value) for r in tables.own_results(second, ["Foo"])] == [
        ("rank-1 accuracy", 48.1), ("rank-k accuracy", 66.6), ("mAP", 38.45), ("mINP", 23.49)]


def test_a_plain_table_without_headers_keeps_rows_named_by_numbers_out() -> None:
    from replicate.reading.pdfdoc import from_pages

    page = "\n".join(["3 Results", "Table 4: Accuracy for each number of layers.",
                      "Number of layers Accuracy Loss",
                      "2 80.1 0.61", "4 82.3 0.55", "Foo 84.0 0.51", "Bar 83.2 0.52"])
    doc = from_pages([page], layout=lambda numbers: {n: "" for n in numbers})
    [t] = [b.table for b in doc.blocks if b.table is not None]
    assert t.header_rows == 0 and [r[0].text for r in t.rows] == ["Foo", "Bar"]


def test_capital_table_captions_with_arabic_numbers_are_tables() -> None:
    layout = "\n".join(["TABLE 2: Accuracy on the test sets.", "",
                        "Method        CIFAR-10    CIFAR-100",
                        "Baseline      93.1        71.9",
                        "Foo (ours)    95.6        78.4"])
    assert list(layout_tables(layout, 1)) == ["Table 2"]


def test_rows_the_layout_text_left_unnamed_take_their_names_from_the_plain_text() -> None:
    from replicate.reading.pdfdoc import from_pages

    # layout mode can drop a row name set after a bullet; the plain text keeps it
    layout = "\n".join(["Table 2: Scores on DomainBench.", "",
                        "Method               Geography   Medicine",
                        "Llama3-8B            0.2450      0.0834",
                        "                     0.0778      0.0067",
                        "                     0.3212      0.1319"])
    page = "\n".join(["5 Experiments", "Table 2: Scores on DomainBench.",
                      "Method Geography Medicine", "Llama3-8B 0.2450 0.0834",
                      "• Tent 0.0778 0.0067", "• TLM (Ours) 0.3212 0.1319"])
    doc = from_pages([page], layout=lambda numbers: {1: layout})
    t = next(b.table for b in doc.blocks if b.table is not None and not b.table.plain)
    assert [r[0].text for r in t.rows[1:]] == ["Llama3-8B", "• Tent", "• TLM (Ours)"]
    assert [(r.dataset, r.value) for r in tables.own_results(t, [])][:1] == [("Geography", 0.3212)]


def test_verification_forecasting_and_calibration_metrics_are_named_with_their_direction() -> None:
    t = Table(caption="Table 2: Results of ECAPA-TDNN on VoxCeleb1.", label="Table 2",
              rows=[row("System", "EER (%)", "MinDCF", "sMAPE", "ECE", "PESQ"),
                    row("ECAPA-TDNN", "0.87", "0.1066", "12.5", "0.018", "3.1")])
    found = {r.metric: r.lower_is_better for r in tables.own_results(t, ["ECAPA-TDNN"])}
    assert found == {"EER": True, "minDCF": True, "SMAPE": True, "ECE": True, "PESQ": False}


def test_spreads_over_seeds_and_folds_and_too_small_to_print_are_one_value() -> None:
    assert tables.parse_value("50.8 ± 1.4 ± 7.1") == (50.8, "")
    assert tables.parse_value("91.7 <0.01 ± 0.5") == (91.7, "")
    assert tables.parse_value("1.2 3.4") is None  # two numbers a layout glued: no one value


def test_a_benchmark_paper_s_tables_give_the_best_cell_of_each_dataset() -> None:
    """Every row is someone else's method: the state of each task is its best number,
    higher or lower as the metric has it; columns of no named metric give none."""
    accuracy = Table(
        caption="Table 1: Classification accuracies in percent and standard deviations on "
                "small-scale datasets.", label="Table 1",
        rows=[row("", "Method", "Dataset", "Dataset"),
              row("", "Method", "Enzymes", "NCI1"),
              row("Kernel", "1-WL", "50.8 ± 1.4 ± 7.1", "84.2 ± 0.3 ± 1.8"),
              row("Kernel", "WL-OA", "56.4 ± 1.1 ± 6.6", "85.0 ± 0.3 ± 1.8"),
              row("GNN", "GIN", "38.7 ± 1.5 ± 7.6", "77.7 <0.01 ± 2.3")],
        header_rows=2)
    for c in accuracy.rows[0][2:]:
        c.span = 2
    error = Table(caption="Table 2: Mean MAE on large-scale molecular regression tasks.",
                  label="Table 2",
                  rows=[row("Method", "ZINC", "QM9"), row("GINE", "0.084 ± 0.004", "0.081"),
                        row("MPNN", "0.126", "0.034 ± 0.001")], header_rows=1)
    rated = Table(caption="Table 3: Human evaluation of the summaries.", label="Table 3",
                  rows=[row("System", "Fluency", "Clarity"), row("PtGen", "77.1", "75.8"),
                        row("TConvS2S", "76.2", "74.3")], header_rows=1)
    assert tables.classify(error) == tables.MAIN and tables.classify(rated) == tables.MAIN
    doc = Document(origin="latex", title="TUDataset: A collection of benchmark datasets",
                   abstract="We introduce a collection of benchmark datasets for graph learning.",
                   blocks=[table_block(accuracy), table_block(error), table_block(rated)])
    found = [(r.dataset, r.metric, r.value, r.lower_is_better)
             for t in tables.results(doc, tables.method_names(doc.title, doc.abstract)) for r in t]
    assert found == [("Enzymes", "accuracy", 56.4, False), ("NCI1", "accuracy", 85.0, False),
                     ("ZINC", "MAE", 0.084, True), ("QM9", "MAE", 0.034, True)]


def test_a_table_without_own_rows_gives_its_best_cells_after_every_own_result() -> None:
    """The best cell stands for a task the paper's named rows do not cover; references
    no method reaches (ground truth, another paper's best) and gains ("+5%") are not it."""
    theirs = Table(caption="Table 3: Accuracy of embeddings on CIFAR-10 and SVHN.",
                   label="Table 3",
                   rows=[row("Method", "CIFAR-10", "SVHN", "Gain"),
                         row("Ground truth", "100.0", "100.0", ""),
                         row("Best published result [9]", "99.0", "99.0", ""),
                         row("ResNet [cite]", "93.0", "97.1", "+5%"),
                         row("WRN [cite]", "96.0", "96.2", "+12%")], header_rows=1)
    doc = document(table_block(results_table()), table_block(theirs))
    found = [(r.value, r.dataset, r.later) for t in tables.results(doc, ["Transformer"]) for r in t]
    assert found[-2:] == [(96.0, "CIFAR-10", True), (97.1, "SVHN", True)]
    assert (28.4, "EN-DE", False) in found[:-2]
    claims = find_claims(doc, ABSTRACT_TEXT, None, title=TITLE)
    assert [c.value for c in claims][-2:] == [96.0, 97.1]


def test_columns_of_standard_deviations_and_iteration_counts_are_not_results() -> None:
    t = Table(caption="Table 2: DR results. Mean and standard deviation over 5 runs.",
              label="Table 2",
              rows=[row("Method", "QWK", "SD", "MAE(SD)", "No. iterations"),
                    row("CLM (ours)", "0.582", "0.016", "0.115(0.002)", "35")], header_rows=1)
    found = [(r.metric, r.value, r.dataset) for r in tables.own_results(t, ["CLM"])]
    assert found == [("QWK", 0.582, ""), ("MAE", 0.115, "")]


def test_the_tables_fill_every_place_the_text_does_not_take() -> None:
    """Fifteen claims are shown: a table's numbers repeated in a second table count once, and
    places are kept for the text's results only when the text states some."""
    languages = ["ZH", "JA", "ES", "FR", "IT", "DE", "PT", "EN"]
    values = [f"0.{7000 + 37 * i}" for i in range(len(languages))]
    ser = Table(caption="Table 1: F1 of entity recognition on XFUND.", label="Table 1",
                rows=[row("Model", *languages), row("LayoutXLM [cite]", *["0.5"] * 8),
                      row("XYLayoutLM", *values)], header_rows=1)
    re_table = Table(caption="Table 2: F1 of relation extraction on XFUND.", label="Table 2",
                     rows=[row("Model", *languages), row("LayoutXLM [cite]", *["0.4"] * 8),
                           row("XYLayoutLM", *[f"0.{6000 + 41 * i}" for i in range(8)])],
                     header_rows=1)
    again = Table(caption="Table 3: F1 with each component of XYLayoutLM.", label="Table 3",
                  rows=[row("Model", *languages[:4]), row("XYLayoutLM", *values[:4])],
                  header_rows=1)
    doc = Document(origin="latex", title="XYLayoutLM: Layout-Aware Multimodal Networks",
                   abstract="We propose XYLayoutLM.",
                   blocks=[table_block(ser), table_block(again), table_block(re_table)])
    claims = find_claims(doc, doc.abstract, None, title=doc.title)
    assert len(claims) == MAX_CLAIMS
    assert len({c.value for c in claims}) == MAX_CLAIMS
    stated = Block(PROSE, "Our model reaches an F1 of 0.91 on FUNSD.", zone=BODY, section="5")
    doc.blocks.append(stated)
    claims = find_claims(doc, doc.abstract, None, title=doc.title)
    assert len(claims) == MAX_CLAIMS and claims[-1].value == 0.91


def test_a_variant_named_after_the_bold_row_is_the_paper_s_own_too() -> None:
    t = Table(caption="Table 4: Performance measures for the three models on highway crashes.",
              label="Table 4",
              rows=[row("Model", "Measure", "Measure"), row("Model", "RMSE", "MAPE"),
                    row("GP-SM", "0.06", "3.31%", bold=(1, 2)), row("GP-SM Opt", "0.24", "14.00%"),
                    row("ARIMA", "0.34", "27.07%")], header_rows=2)
    t.rows[0][1].span = t.rows[0][2].span = 2
    found = [(r.row.split(" 0")[0], r.metric, r.value, r.dataset)
             for r in tables.own_results(t, [])]
    assert found == [("GP-SM", "RMSE", 0.06, ""), ("GP-SM", "MAPE", 3.31, ""),
                     ("GP-SM Opt", "RMSE", 0.24, ""), ("GP-SM Opt", "MAPE", 14.0, "")]


def test_a_table_of_speed_ups_in_times_is_a_results_table() -> None:
    speedups = Table(caption="Table 4: The speedup of YellowFin and tuned momentum SGD over tuned "
                             "Adam on ResNet and LSTM models.", label="Table 4",
                     rows=[row("", "CIFAR10", "PTB", "TS"), row("Adam", "1x", "1x", "1x"),
                           row("mom. SGD", "1.71x", "0.88x", "2.49x"),
                           row("YellowFin", "1.93x", "0.77x", "3.28x")], header_rows=1)
    assert tables.classify(speedups) == tables.MAIN
    found = [(r.dataset, r.value, r.unit) for r in tables.own_results(speedups, ["YellowFin"])]
    assert found == [("CIFAR10", 1.93, "×"), ("PTB", 0.77, "×"), ("TS", 3.28, "×")]
    lra = Table(caption="Table 3: Accuracy on the Long Range Arena and speed-up over standard "
                        "attention.", label="Table 3",
                rows=[row("Models", "ListOps", "Text", "Speedup"),
                      row("Transformer", "36.0", "63.6", "-"),
                      row("FlashAttention", "37.6", "63.9", "2.4x")], header_rows=1)
    found = [(r.metric, r.dataset, r.value) for r in tables.own_results(lra, ["FlashAttention"])]
    assert ("speedup", "Long Range Arena", 2.4) in found
    assert not any(metric == "speedup" and value == 37.6 for metric, _, value in found)
    bleu = Table(caption="Table 1: German-English translation validation metrics.",
                 label="Table 1", rows=[row("", "BLEU4"), row("YellowFin", "31.59")],
                 header_rows=1)
    assert [(r.metric, r.value) for r in tables.own_results(bleu, ["YellowFin"])] == [
        ("BLEU", 31.59)]


def test_rows_named_by_an_operation_and_values_in_powers_of_ten() -> None:
    t = Table(caption="Table 1: Testing errors of the arithmetic task (median of 10 runs).",
              label="Table 1",
              rows=[row("Task", "NPU", "NALU", "NMU"),
                    row("+", "0.092 ± 0.031", "740.0 ± 330.0", "0.00602 ± 0.00019", bold=(3,)),
                    row("÷", "1.0e-7 ± 1.0e-7", "530.0 ± 200.0", "1.622 ± 0.081", bold=(1,)),
                    row("√(·)", "0.054 ± 0.0078", "7300.0 ± 7200.0", "10.96 ± 0.89")])
    found = tables.own_results(t, ["NPU"])
    assert sorted((r.value, r.dataset, r.metric) for r in found) == [
        (1e-07, "÷", "error"), (0.054, "√ ·", "error"), (0.092, "+", "error")]
    assert tables.parse_value("2.9E83 ± 2.9e83") == (2.9e83, "")


def test_a_row_naming_a_dataset_heads_the_rows_below_it() -> None:
    t = Table(caption="Table 1: Perplexities on PTB / Wikitext-2.", label="Table 1",
              rows=[row("Model", "Val", "Test"), row("Penn Treebank", "", ""),
                    row("AWD-LSTM [cite]", "60.0", "57.3"), row("VL-HMM", "125.0", "116.0"),
                    row("WikiText-2", "", ""),
                    row("AWD-LSTM [cite]", "68.6", "65.8"), row("VL-HMM", "166.6", "158.2")])
    found = {(r.value, r.dataset, r.metric) for r in tables.own_results(t, ["VL-HMM"])}
    assert found == {(125.0, "Penn Treebank Val", "perplexity"),
                     (116.0, "Penn Treebank Test", "perplexity"),
                     (166.6, "WikiText-2 Val", "perplexity"),
                     (158.2, "WikiText-2 Test", "perplexity")}


def test_the_whole_method_before_its_ablated_variants_and_results_at_a_threshold() -> None:
    t = Table(caption="Table 2: Score following compared: the ratio of onsets tracked below the "
                      "error threshold, and the frame accuracy.", label="Table 2",
              rows=[row("Method", "Onset error threshold (s) ≤.05",
                        "Onset error threshold (s) ≤1.0", "Bar accuracy"),
                    row("CYOLO [cite]", ".830", ".909", ".890"),
                    row("CODA w/o break", ".851", ".952", ".931"),
                    row("CODA w/o beam search", ".870", ".968", ".949"),
                    row("CODA (full)", ".897", ".981", ".975", bold=(1, 2, 3))])
    found = tables.own_results(t, ["CODA"])
    assert [(r.value, r.later) for r in found[:3]] == [(0.897, False), (0.981, False),
                                                       (0.975, False)]
    assert {r.value for r in found[3:]} <= {0.851, 0.952, 0.931, 0.870, 0.968, 0.949}
    assert all(r.later for r in found[3:])
    assert not any(r.lower_is_better for r in found[:2])  # an error threshold is no error


def test_a_caption_naming_the_method_over_one_column_of_results_is_all_its_own() -> None:
    t = Table(caption="Table 4: RASP-for-COGS model performance on the COGS test set (n=3000) "
                      "and the generalization splits.", label="Table 4",
              rows=[row("COGS Split", "String Exact Match % (95% CI)"),
                    row("COGS test set (in-distribution)", "99.97% (99.81-99.99%)"),
                    row("pp_recursion", "98.40% (97.41-99.08%)"),
                    row("cp_recursion", "99.90% (99.44-99.997%)")])
    found = tables.own_results(t, ["RASP"])
    assert [(r.value, r.metric) for r in found] == [(99.97, "EM"), (98.4, "EM"), (99.9, "EM")]
    # not where the rows are others' models, nor on an "ours" the caption says of another row
    theirs = Table(caption="Table 4: Main results (%); all but ours are taken from the board.",
                   label="Table 4", rows=[row("Model", "Accuracy"), row("BERT", "32.93"),
                                          row("ViLBERT", "49.1")])
    assert tables.own_results(theirs, ["RASP"]) == []


def test_the_rows_under_a_heading_row_marked_ours_are_the_papers_own() -> None:
    t = Table(caption="Table 1: AUC scores for various methods across commercial tools.",
              label="Table 1",
              rows=[row("Method", "Backbone", "DALL-E 3", "AVG"),
                    row("[cite]", "-", "0.794", "0.741"),
                    row("Ours-frozen", "", "", ""),
                    row("DFN [cite]", "ViT-H", "0.999", "0.913", bold=(2, 3)),
                    row("Ours-finetuned", "", "", ""),
                    row("SigLIP [cite]", "ViT-L", "0.993", "0.902")])
    found = tables.own_results(t, ["DinoHash"])
    assert {r.value for r in found} == {0.999, 0.913, 0.993, 0.902}


def test_a_comparison_of_different_feature_extraction_methods_is_a_results_table() -> None:
    t = Table(caption="Table 1: Comparison of different feature extraction methods for a CTC "
                      "model on LibriSpeech.", label="Table 1",
              rows=[row("Name", "WER [%]", "WER [%]"), row("", "dev", "test"),
                    row("", "clean", "clean"), row("Mel Filterbank", "2.9", "3.3"),
                    row("wav2vec 2.0", "2.9", "3.3")], header_rows=3)
    assert tables.classify(t) == tables.MAIN
    found = tables.own_results(t, ["wav2vec 2.0"])
    assert [(r.metric, r.dataset) for r in found] == [("WER", "LibriSpeech dev clean"),
                                                      ("WER", "LibriSpeech test clean")]


def test_tables_set_side_by_side_in_one_tabular_are_read_apart() -> None:
    t = Table(caption="Table 1: Main real-data comparison: mean rank over the datasets.",
              label="Table 1",
              rows=[row("Classification", "Classification", "Regression", "Regression"),
                    row("Method", "Mean rank", "Method", "Mean rank"),
                    row("LightGBM", "5.17", "ExtraTrees", "6.56"),
                    row("CIF", "6.08", "RF", "8.09"),
                    row("RF", "6.27", "CIF", "7.07")], header_rows=2)
    d = document(table_block(t))
    d.split_side_by_side()
    halves = [b.table for b in d.blocks if b.table is not None]
    assert [[c.text for c in r] for r in halves[1].rows] == [
        ["Regression", "Regression"], ["Method", "Mean rank"], ["ExtraTrees", "6.56"],
        ["RF", "8.09"], ["CIF", "7.07"]]
    found = [(r.metric, r.dataset, r.value, r.lower_is_better)
             for t in halves for r in tables.own_results(t, ["CIF"])]
    assert found == [("mean rank", "Classification", 6.08, True),
                     ("mean rank", "Regression", 7.07, True)]
    # a header spanning two columns is not a second table
    spanned = Table(rows=[row("Model", "Model", "BLEU"), row("GPT-2", "M", "21.0")])
    assert spanned.halves() == [spanned]


def test_a_layout_row_of_two_tables_side_by_side_keeps_each_name_with_its_number() -> None:
    page = "\n".join([
        "                     Classification                      Regression",
        "              Method      Mean rank             Method      Mean rank",
        "            LightGBM           5.17             ExtraTrees          6.56",
        "            CatBoost             5.85             CIF                     7.07",
        "            CIF                     6.08             RF                       8.09",
        "",
        "Table 1: Main real-data comparison. Ranks are computed within each dataset."])
    [t] = layout_tables(page, 9).values()
    assert [c.text for c in t.rows[-1]] == ["CIF", "6.08", "RF", "8.09"]
    assert [[c.text for c in r] for r in t.halves()[1].rows[-2:]] == [["CIF", "7.07"],
                                                                      ["RF", "8.09"]]


def test_a_value_column_repeated_for_two_tasks_is_no_settings_table() -> None:
    t = Table(caption="Table 7: Synthetic feature recovery for CIF.", label="Table 7",
              rows=[row("", "Classification", "Classification", "Regression", "Regression"),
                    row("Metric", "Value", "Rank", "Value", "Rank"),
                    row("Top-1 hit rate", "64%", "12/17", "81%", "15/18")], header_rows=2)
    assert tables.classify(t) != tables.HYPERPARAMETERS
    assert tables.classify(hyper_table()) == tables.HYPERPARAMETERS


def test_with_no_name_given_the_method_the_title_says_it_uses_heads_its_column() -> None:
    title = "Simple and Scalable Predictive Uncertainty Estimation using Deep Ensembles"
    abstract = ("We propose an alternative to Bayesian NNs that is simple to implement and "
                "yields high quality predictive uncertainty estimates.")
    assert tables.method_names(title, abstract) == []
    d = Document(origin="pdf", title=title, abstract=abstract)
    assert tables.own_method_names(d) == ["Deep Ensembles"]
    # a layout group header set over the first of its columns holds for the rest
    t = Table(caption="Table 1: Results on regression benchmark datasets comparing RMSE and NLL.",
              label="Table 1",
              rows=[row("Datasets", "", "RMSE", "", "", "NLL", ""),
                    row("", "PBP", "MC-dropout", "Deep Ensembles", "PBP", "MC-dropout",
                        "Deep Ensembles"),
                    row("Boston housing", "3.01± 0.18", "2.97± 0.85", "3.28± 1.00", "2.57± 0.09",
                        "2.46± 0.25", "2.41± 0.25")], header_rows=2)
    found = {(r.metric, r.value) for r in tables.own_results(t, ["Deep Ensembles"])}
    assert found == {("RMSE", 3.28), ("NLL", 2.41)}


def test_a_layout_row_keeps_its_name_past_marks_and_a_word_between_its_numbers() -> None:
    page = "\n".join([
        "Table 4:  Handcrafted kernel accuracies on ImageNet.",
        "",
        "                   Method                           Dim.     VQ  Q     D.     Res.     "
        "Classif.     Top1     Top5",
        "            SimplePatch(Ours)                2.103    ✓       6       1       64        "
        "linear       33.4      54.7",
        "         Scatt.(Zarka et al., 2019)                 -  ×      32      2      224       "
        "linear       26.1      44.7",
        "",
        "the sizes of    20    and    21 are set apart"])
    rows = layout_rows(page, 7)["Table 4"]
    assert rows[1][0] == "SimplePatch(Ours)" and rows[1][-2:] == ["33.4", "54.7"]
    # a capitalised name between numbers starts the row of a table set beside
    beside = layout_rows("Table 3: Results.\n\n       Model       Acc    F1\n"
                         "       Base     0.761  0.455   Finance   0.233\n"
                         "       TLM      0.842  0.605   Legal     0.301", 3)["Table 3"]
    assert beside[-2][:3] == ["Base", "0.761", "0.455"] and "Finance" not in beside[-2]
    assert len(rows) == 3  # "sizes of 20 and 21" is prose
    # "Q" and "D." beside "Top1" are settings, not results
    assert layout_results(page, ["SimplePatch"]) == [("top-1", 33.4), ("top-5", 54.7)]


def test_a_column_counting_the_datasets_is_no_result() -> None:
    t = Table(caption="Table 2: Direct CIF comparisons: mean balanced accuracy difference.",
              label="Table 2",
              rows=[row("Compared with", "Datasets", "Mean diff.", "W–L"),
                    row("ctree", "22", "+0.088", "22–0"), row("CIT", "23", "+0.032", "22–1")])
    assert [r.value for r in tables.own_results(t, ["CIT"])] == [0.032]  # not 23 datasets


def test_an_ieee_caption_on_the_line_of_its_roman_label() -> None:
    from replicate.reading.pdfdoc import from_pages

    table = ["         Methods              AP       Precision      Recall",
             "         Dogfight [19]      0.74          0.82            0.65",
             "         Ours                    0.80          0.82            0.72",
             "",
             "TABLE II: Drone-to-drone detection results on AOT [25]."]
    page = ("I. Introduction\nText.\nMethods AP Precision Recall\nDogfight [19] 0.74 0.82 0.65\n"
            "Ours 0.80 0.82 0.72\nTABLE II: Drone-to-drone detection results on AOT [25].\n")
    doc = from_pages([page], layout=lambda pages: {1: "\n".join(table)})
    t = next(b.table for b in doc.blocks if b.table is not None and not b.table.plain)
    assert t.label == "Table 2" and t.caption.startswith("Table 2: Drone-to-drone")
    assert [(r.metric, r.value) for r in tables.own_results(t, [])] == [
        ("AP", 0.8), ("precision", 0.82), ("recall", 0.72)]


def test_spreads_printed_in_the_row_under_their_values_leave_the_columns_numeric() -> None:
    t = Table(caption="Table 2: Test set accuracies for all presented architectures.",
              label="Table 2",
              rows=[row("", "piano", "average"), row("bag-of-features", "99.7", "61.4"),
                    row("and random forest", "(± 0.1)", "(± 0.5)"),
                    row("spiral hybrid", "97.6", "74.0"),
                    row("(147k parameters)", "(± 0.8)", "(± 0.6)")])
    assert tables.classify(t) == tables.MAIN
    assert [r.value for r in tables.own_results(t, ["spiral hybrid"])] == [97.6, 74.0]


def test_a_summary_of_the_benchmark_datasets_is_a_datasets_table() -> None:
    t = Table(caption="Table 2: A summary of the benchmark datasets.", label="Table 2",
              rows=[row("", "N", "m", "No. classes"), row("Mushroom", "8124", "22", "2"),
                    row("Nursery", "12960", "8", "5")])
    assert tables.classify(t) == tables.DATASETS


def test_rows_naming_the_bold_rows_method_set_another_way_follow_it() -> None:
    t = Table(caption="Table 2: Testing results German", label="Table 2",
              rows=[row("Method", "WER", "CER"), row("Reference", ".70", ".42"),
                    row("1 Frozen Layer", ".48", ".26"), row("2 Frozen Layers", ".44", ".22"),
                    row("3 Frozen Layers", ".44", ".22", bold=(1, 2)),
                    row("4 Frozen Layers", ".46", ".25")], header_rows=1)
    found = [(r.row.split(" .")[0], r.metric, r.value) for r in tables.own_results(t, [])]
    # the bold row first; then the method's other settings, not the reference it is set against
    assert found[:2] == [("3 Frozen Layers", "WER", 0.44), ("3 Frozen Layers", "CER", 0.22)]
    assert {f[0] for f in found[2:]} == {"1 Frozen Layer", "2 Frozen Layers", "4 Frozen Layers"}
    assert ("4 Frozen Layers", "WER", 0.46) in found


def test_an_estimators_hat_before_the_methods_name_leaves_it_the_methods_row() -> None:
    t = Table(caption="Table 3: Evaluation of DALE and ALE when lowering the number of bins.",
              label="Table 3",
              rows=[row("", "100", "50", "25"), row("ˆfALE", "0.04", "0.43", "0.79"),
                    row("ˆfDALE", "0.007", "0.01", "0.03")], header_rows=1)
    assert tables.is_own("f\u0302DALE", ["DALE"]) and not tables.is_own("ˆfALE", ["DALE"])
    assert tables.is_own("NMSE fDALE", ["DALE"])  # the LaTeX reader drops the hat
    assert {r.value for r in tables.own_results(t, ["DALE"])} == {0.007, 0.01, 0.03}
    # a name's own first letter is no hat: "mBERT" is not BERT
    assert not tables.is_own("mBERT", ["BERT"])


def test_the_method_a_paper_extends_is_not_its_name() -> None:
    abstract = ("Accumulated Local Effect (ALE) is a method for estimating feature effects. In "
                "this paper, we propose a novel ALE approximation, called Differential "
                "Accumulated Local Effects (DALE), which scales well.")
    assert tables.method_names("DALE: Differential Accumulated Local Effects", abstract) == ["DALE"]
    # both named by the paper itself, the one the other approximates too
    abstract = ("We utilize this propagation to construct a simple model, personalized "
                "propagation of neural predictions (PPNP), and its fast approximation, APPNP.")
    assert "PPNP" in tables.method_names("Predict then Propagate", abstract)
    assert tables.method_names("X", "We propose FooNet, named after its shape.") == ["FooNet"]


def test_a_plain_table_with_two_rows_of_a_group_on_one_line_and_two_words_over_its_names() -> None:
    from replicate.reading.pdfdoc import from_pages

    page = "\n".join([
        "4 Results",
        "Table 1. Average perturbation norms for each attack and archi-",
        "tecture.",
        "Attack Network MNIST Fashion SVHN CIFAR10",
        "CW ConvNet 1.40 0.51 0.67 0.37 CapsNet 1.82 0.50 0.60 0.23",
        "DeepFool ConvNet 1.07 0.31 0.41 0.23 CapsNet 2.02 0.55 0.80 0.16",
        "Table 2: Generation Test Scores.",
        "Best underlined.",
        "MSMARCO FEVER",
        "B-1 Acc.",
        "BART 15.1 64.0",
        "RAG 17.3 72.5",
    ])
    doc = from_pages([page], layout=lambda numbers: {n: "" for n in numbers})
    first, second = [b.table for b in doc.blocks if b.table is not None]
    assert [c.text for c in first.rows[0]] == ["Attack Network", "MNIST", "Fashion", "SVHN",
                                               "CIFAR10"]
    assert [[c.text for c in r] for r in first.rows[1:3]] == [
        ["CW ConvNet", "1.40", "0.51", "0.67", "0.37"],
        ["CW CapsNet", "1.82", "0.50", "0.60", "0.23"]]
    # the caption's last sentence is no row of headers; "Acc." is one
    assert second.header_rows == 2 and second.header(2) == "FEVER Acc."


def test_the_fit_index_of_system_identification_is_a_metric() -> None:
    t = Table(caption="Table 2: WH circuit: Top-5 configurations.", label="Table 2",
              rows=[row("est type", "batch size", "FIT"), row("LSTM", "128", "98.96 %"),
                    row("RAND", "512", "98.89 %")], header_rows=1)
    assert tables.classify(t) == tables.MAIN
    assert [(r.metric, r.value) for r in tables.results(Document(
        origin="latex", blocks=[Block(TABLE, "", BODY, "3 Experiments", table=t)]), [])[0]] == [
        ("FIT", 98.96)]


def test_the_titles_words_cut_short_and_run_together_name_the_papers_rows() -> None:
    prose = Block(PROSE, "We train CapsNets and a ConvNet of similar size on each dataset.")
    accuracy = Table(caption="Table 3. Test accuracies achieved by our networks.", label="Table 3",
                     rows=[row("Network", "MNIST", "SVHN"), row("ConvNet", "99.39%", "92.57%"),
                           row("CapsNet", "99.40%", "92.35%")])
    doc = Document(origin="pdf", blocks=[prose, table_block(accuracy)],
                   title="On the Vulnerability of Capsule Networks to Adversarial Attacks")
    assert tables.body_names(doc) == ["CapsNet"]
    assert [r.value for r in tables.results(doc, [])[0]] == [99.4, 92.35]


def test_a_header_naming_what_its_metric_is_on_gives_the_data_without_on_the() -> None:
    t = Table(caption="Table 1: Evaluation of the NMSE between the approximations.",
              label="Table 1",
              rows=[row("", "Accuracy on the Synthetic Dataset (Case 2)", "Accuracy in MNIST"),
                    row("DALE", "0.10", "0.03")], header_rows=1)
    assert [r.dataset for r in tables.own_results(t, ["DALE"])] == [
        "Synthetic Dataset Case 2", "MNIST"]


def test_a_results_table_laid_out_across_has_metrics_for_rows() -> None:
    t = Table(caption="Table 2: Summary of experiment results on the ML algorithms.",
              label="Table 2",
              rows=[row("Parameter", "GRU-SVM", "MLP", "SVM"),
                    row("Accuracy", "93.75%", "99.04%", "96.09%"),
                    row("Data points", "384000", "512896", "384000"),
                    row("Epochs", "3000", "3000", "3000"),
                    row("FPR", "16.67%", "1.27%", "6.38%"),
                    row("TPR", "100%", "99.21%", "97.53%")])
    assert tables.classify(t) == tables.MAIN
    found = [(r.metric, r.value) for r in tables.own_results(t, ["GRU-SVM"])]
    assert found == [("accuracy", 93.75), ("FPR", 16.67), ("TPR", 100.0)]
    both = [(r.metric, r.value) for r in tables.own_results(t, ["GRU-SVM", "MLP"])]
    assert both[:2] == [("accuracy", 93.75), ("accuracy", 99.04)]  # the first row's metric first
    doc = document(table_block(t))
    assert not [h for h in find_hyperparameters(doc) if h.value.endswith("%")]


def test_r2_beside_errors_is_the_coefficient_of_determination_beside_r1_it_is_rouge() -> None:
    fit = Table(caption="Table 2: Results of the benchmark models and the proposed model.",
                label="Table 2", rows=[row("Model", "MAE", "SMAPE", "R2"),
                                       row("Deep RNN", "78.26", "7.76%", "-0.35"),
                                       row("DiagBiRNN-Skip", "26.88", "1.09%", "0.95")])
    found = [(r.metric, r.value) for r in tables.own_results(fit, ["DiagBiRNN-Skip"])]
    assert found == [("MAE", 26.88), ("SMAPE", 1.09), ("R²", 0.95)]
    summaries = Table(caption="Table 3: ROUGE results on CNN/DailyMail.", label="Table 3",
                      rows=[row("Model", "R1", "R2", "RL"), row("Ours", "44.2", "21.3", "41.0")])
    assert {r.metric for r in tables.own_results(summaries, [])} == {"ROUGE"}


def test_the_adapted_model_beside_the_nominal_one_is_the_papers() -> None:
    t = Table(caption="Table 5: RLC example: R2 performance index of nominal and adapted model "
                      "for training, test, transfer and evaluation datasets.", label="Table 5",
              rows=[row("Model", "Train", "Test", "Transfer", "Eval"),
                    row("nominal", "0.99", "0.98", "0.92", "0.93"),
                    row("adapted", "-", "-", "0.99", "0.97")])
    # no method name in the rows: the one set against the nominal model is the paper's, and
    # "R2" with no ROUGE in sight is the coefficient of determination
    assert [(r.metric, r.value, r.dataset) for r in tables.own_results(t, [])] == [
        ("R²", 0.99, "Transfer"), ("R²", 0.97, "Eval")]


def test_a_table_of_a_baselines_variants_is_no_main_result() -> None:
    t = Table(caption="Table 4. F1 scores of baseline LayoutXLM based on different reading "
                      "orders on XFUN.", label="Table 4",
              rows=[row("Methods", "ZH", "ES"), row("default order", "0.8924", "0.7550"),
                    row("Aug XY Cut", "0.9023", "0.7600", bold=(1, 2))])
    assert tables.classify(t) == tables.ABLATION
    # "baseline models" of a dataset paper are its results
    t.caption = "Table 3: Performance of baseline models on different MDS tasks in Multi-LexSum."
    assert tables.classify(t) != tables.ABLATION


def test_the_best_epoch_beside_the_last_is_reported_first() -> None:
    t = Table(caption="Table 1: Comparison with state-of-the-art methods in test accuracy (%).",
              label="Table 1",
              rows=[row("Method", "20%", "50%"), row("Mixup Best", "95.6", "87.1"),
                    row("Mixup Last", "92.3", "77.6"), row("DivideMix Best", "96.1", "94.6"),
                    row("DivideMix Last", "95.7", "94.4")])
    assert [r.value for r in tables.own_results(t, ["DivideMix"])][:2] == [96.1, 94.6]
    dqn = Table(caption="Table 1: Average total reward.", label="Table 1",
                rows=[row("Method", "Pong"), row("DQN", "20"), row("DQN Best", "21")])
    assert [r.value for r in tables.own_results(dqn, ["DQN"])] == [20, 21]


def test_a_layout_row_named_by_its_number_takes_the_plain_texts_name() -> None:
    # the dataset's name is set sideways beside its rows, which layout text leaves out
    caption = "Table 2: Full results for the multivariate forecasting."
    pages = ["TimeCNN: Forecasting\nAbstract\nWe propose TimeCNN.\n1 Introduction\nText.\n",
             "4 Experiments\n" + caption + "\nModels TimeCNN iTransformer\n"
             "Metric MSE MAE MSE MAE\nECL\n96 0.140 0.236 0.148 0.240\n"
             "192 0.156 0.250 0.162 0.253\nTimeCNN wins.\n"]
    layout = "\n".join([f"        {caption}",
                        "           Models        TimeCNN          iTransformer",
                        "           Metric      MSE     MAE       MSE     MAE",
                        "              96      0.140   0.236     0.148   0.240",
                        "             192      0.156   0.250     0.162   0.253"])
    doc = reading.parse(pages, layout=lambda numbers: {n: layout for n in numbers})
    [laid_out] = [b.table for b in doc.blocks if b.table is not None and not b.table.plain]
    assert [[c.text for c in r][:2] for r in laid_out.rows] == [
        ["Models", "TimeCNN"], ["Metric", "MSE"], ["ECL 96", "0.140"], ["ECL 192", "0.156"]]


def test_a_bold_best_cell_in_a_method_column_is_that_methods_alone() -> None:
    t = Table(caption="Table 2. Top-1 error (%, 10-crop testing) on ImageNet validation.",
              label="Table 2",
              rows=[row("", "plain", "ResNet"), row("18 layers", "27.94", "27.88"),
                    row("34 layers", "28.54", "25.03", bold=(2,))])
    # the bold cell's row and the row of the same shape ("18 layers"), in the bold column only
    assert [r.value for r in tables.own_results(t, [])] == [25.03, 27.88]


def test_a_table_of_the_method_alone_scored_on_each_test_signal() -> None:
    t = Table(caption="Table 1: FIT index, uncertainty intervals coverage, and surprise index on "
                      "the test datasets.", label="Table 1",
              rows=[row("Signal", "FIT (%)", "coverage (%)", "surprise (%)"),
                    row("multisine 1", "98.1", "99.2", "0.33"),
                    row("multisine 2", "97.7", "98.6", "0.43")])
    found = [(r.metric, r.value, r.dataset) for r in tables.own_results(t, [])]
    assert found == [("FIT", 98.1, "multisine 1"), ("FIT", 97.7, "multisine 2"),
                     ("coverage", 99.2, "multisine 1"), ("coverage", 98.6, "multisine 2"),
                     ("surprise", 0.33, "multisine 1"), ("surprise", 0.43, "multisine 2")]


def test_cells_with_two_spreads_under_headers_the_layout_text_set_askew() -> None:
    # "Dataset" spans the columns; the layout text ran it into the first name and set the
    # names past the last column; a spread below 0.01 is printed "< 0.01"
    t = captioned_layout_table("Table 1. Classification accuracies in percent and standard "
                               "deviations.", [
        "       Method                                   DatasetENZYMES      IMDB-BINARY     NCI1",
        "",
        "       1-WL          50.8±1.4± 7.1      72.4±0.7± 4.4      84.2±0.3± 1.8",
        "       WL-OA         56.4±1.1± 6.6      73.3±0.6± 4.2      85.0 < 0.01± 1.8",
        "       GR            29.5±0.7± 5.4      59.8±1.1± 4.9      66.0±0.4± 2.4"])
    assert [c.text for c in t.rows[0]] == ["Method", "ENZYMES", "IMDB-BINARY", "NCI1"]
    assert [c.text for c in t.rows[t.header_rows + 1]] == [
        "WL-OA", "56.4±1.1± 6.6", "73.3±0.6± 4.2", "85.0 < 0.01± 1.8"]
    assert tables.parse_value("85.0 < 0.01± 1.8") == (85.0, "")


def test_a_table_captioned_after_a_figure_on_one_line_under_a_setting_s_values() -> None:
    # a figure and a table side by side: their captions run on, one line holds the end of
    # the figure's and the start of the table's; the table's first line is the values of
    # a setting (−log ε = 4, 3, 2, 1), set wider than the speed-ups under them
    table = ["                             − logε            4       3       2       1",
             "                             Stanford      5.3x  4.4x  2.3x  1.2x",
             "                             10D GMM  1.4x  1.5x  1.3x  1.2x",
             "                             2D GMM     17x  3.7x  1.3x  2.0x",
             "",
             "Figure 3: Online Sinkhorn allows to warmup Sinkhorn during the evaluation, and to",
             "speed discrete optimal transport. Table 1: Speed-ups provided by OS vs S to reach "
             "a 10−3 precision."]
    page = ("4 Experiments\nWe report speed-ups in Table 1.\n"
            "Figure 3: Online Sinkhorn allows to warmup Sinkhorn during the evaluation, and to\n"
            "speed discrete optimal transport. Table 1: Speed-ups provided by OS vs S to reach "
            "a 10−3 precision.\n")
    doc = from_pages([page], layout=lambda pages: {1: "\n".join(table)})
    captions = [b.text for b in doc.blocks if b.kind == CAPTION]
    assert captions[0].startswith("Figure 3:") and "Table 1" not in captions[0]
    assert captions[1].startswith("Table 1: Speed-ups")
    t = next(b.table for b in doc.blocks if b.table is not None and not b.table.plain)
    assert [c.text for c in t.rows[0]] == ["− logε", "4", "3", "2", "1"]
    assert [(r.dataset, r.value, r.unit) for r in tables.own_results(t, ["OS"])][:3] == [
        ("Stanford", 5.3, "×"), ("10D GMM", 1.4, "×"), ("2D GMM", 17.0, "×")]


def test_spreads_in_parentheses_set_apart_from_their_values() -> None:
    t = captioned_layout_table("Table 3: Accuracy of each agent on two games.", [
        "   Agent                 Pong                 Breakout",
        "   DQN            2.9     (3.7)        22.5     (7.5)",
        "   RegDQN        20.2     (1.9)        25.4     (0.2)"])
    assert [c.text for c in t.rows[-1]] == ["RegDQN", "20.2 (1.9)", "25.4 (0.2)"]
    assert [(r.dataset, r.value) for r in tables.own_results(t, ["RegDQN"])] == [
        ("Pong", 20.2), ("Breakout", 25.4)]


def test_row_groups_set_beside_their_rows_name_them() -> None:
    # \multirow centres "GP-PoM" on its block of four rows; the caption above runs on over
    # lines set where it starts, each but the last without a full stop
    t = layout_tables("\n".join([
        "Table 2: PenDigits dataset under label-based subsampling.  The top three methods are",
        "highlighted.  Balanced accuracy (BAC) is the metric we optimised for.  We further report",
        "accuracy and weighted AUROC (w-AUROC)",
        "        Imputation        Model        BAC          Accuracy",
        "                          DeepSig     97.403± 0.300    97.381± 0.298",
        "        GP-PoM            RNN         96.349± 0.297    96.306± 0.302",
        "                          RNNSig      93.022± 0.765    92.967± 0.763",
        "                          Sig         88.090± 1.493    87.999± 1.499",
        "                          DeepSig     92.885± 1.455    60.476± 4.110",
        "        GP                RNN         90.901± 0.016    90.306± 0.302",
        "                          RNNSig      89.669± 0.073    89.967± 0.763",
        "                          Sig         80.150± 0.144    80.999± 1.499"]), 1)["Table 2"]
    assert t.header_rows == 1 and [c.text for c in t.rows[0]][1:] == ["BAC", "Accuracy"]
    assert [r[0].text for r in t.rows[1:]] == [
        "GP-PoM DeepSig", "GP-PoM RNN", "GP-PoM RNNSig", "GP-PoM Sig",
        "GP DeepSig", "GP RNN", "GP RNNSig", "GP Sig"]
    # set on the first row of its block, a group runs until the next one
    t = captioned_layout_table("Table 1: Best obtained training objective.", [
        "     Dataset     Model        REBAR     RELAX",
        "     MNIST     1 layer         -111.6      -111.20",
        "                   2 Layer       -98.22       -98.00",
        "     Omniglot     1 layer         -116.63     -116.57",
        "                   2 Layer      -108.71     -108.54"])
    assert [r[0].text for r in t.rows[t.header_rows:]] == [
        "MNIST 1 layer", "MNIST 2 Layer", "Omniglot 1 layer", "Omniglot 2 Layer"]
    assert [(r.dataset, r.value) for r in tables.own_results(t, ["RELAX"])][:2] == [
        ("MNIST 1 layer", -111.2), ("MNIST 2 Layer", -98.0)]


def test_cells_with_a_confidence_interval_in_parentheses() -> None:
    t = captioned_layout_table("Table 2: Model performance on the generalization splits.", [
        "   Split                                     Exact Match % (95% CI)",
        "   obj_pp_to_subj_pp                         92.20% (90.36- 93.79%)",
        "   pp_recursion                              100.00% (99.63-100.00%)",
        "   all gen splits (21K examples)             99.63% (99.54-99.71%)"])
    assert [r[1].text for r in t.rows[t.header_rows:]] == [
        "92.20% (90.36- 93.79%)", "100.00% (99.63-100.00%)", "99.63% (99.54-99.71%)"]
    assert tables.parse_value(t.rows[-1][1].text) == (99.63, "%")


def test_rows_named_by_the_share_of_clean_data_under_label_error() -> None:
    # the rows' names are a setting's values, read as the first column of numbers; "label
    # error" is what the data suffers, the caption's metric is accuracy
    t = captioned_layout_table("Table 1: Classification accuracy with systematic label error.", [
        "     #clean/#total    Baseline     ITLM      Oracle",
        "         60%           66.69       84.98      92.44",
        "         70%           80.74       89.19      92.82",
        "         80%           89.91       91.93      92.93"])
    assert [r[0].text for r in t.rows[t.header_rows:]] == ["60%", "70%", "80%"]
    assert [(r.metric, r.value) for r in tables.own_results(t, ["ITLM"])] == [
        ("accuracy", 84.98), ("accuracy", 89.19), ("accuracy", 91.93)]


def test_a_spread_set_apart_from_its_plus_minus() -> None:
    t = captioned_layout_table("Table 2. Results on Rome16K, the mean and standard deviation.", [
        "   Method                    L1 Loss               L2 Loss",
        "   MatchALS [31]          0.052 ±   0.003      0.010 ±   0.002",
        "   GCN (ours)             0.023 ±   0.003      0.015 ±   0.002"])
    assert [c.text for c in t.rows[-1]] == ["GCN (ours)", "0.023 ± 0.003", "0.015 ± 0.002"]
    assert [r.value for r in tables.own_results(t, [])] == [0.023, 0.015]


def test_subtables_stacked_under_one_caption_are_one_table() -> None:
    t = captioned_layout_table("Table 2: Mean reciprocal rank (MRR) in the test set.", [
        "                      (a) Sequence models",
        "   Model                Movielens    Amazon    Goodbooks",
        "   LSTM                  0.0908      0.1502     0.1158",
        "   Mixture-LSTM          0.1001      0.1889     0.1358",
        "",
        "                      (b) Factorization models",
        "   Model                Movielens    Amazon    Goodbooks",
        "   Factorization         0.1053      0.1001     0.0738",
        "   Embedding Mixture     0.1026      0.1696     0.0853"])
    assert [r[0].text.split()[-1] for r in t.rows[t.header_rows:]] == [
        "LSTM", "Mixture-LSTM", "Factorization", "Mixture"]
    assert t.rows[-1][2].text == "0.1696"


def test_a_row_naming_the_rows_under_it_does_not_hide_the_header() -> None:
    t = captioned_layout_table("Table 1: Score-following comparison.", [
        "   Method              ≤.05   ≤.10   ≤.50   Bar     Sys",
        "   Setting I: Synthetic images – Synthetic audio",
        "   CYOLO-SB [10]       .820   .837   .893   .890    .963",
        "   CODA (ours)         .897   .914   .955   .975    .991"])
    assert [c.text for c in t.rows[0]] == ["Method", "≤.05", "≤.10", "≤.50", "Bar", "Sys"]
    assert [r[0].text for r in t.rows[t.header_rows:]] == ["CYOLO-SB [10]", "CODA (ours)"]


def test_a_plain_table_stands_in_for_one_the_layout_text_lost_to_the_prose_beside() -> None:
    from replicate.reading.pdfdoc import from_pages

    page = "\n".join([
        "5 Experiments",
        "Table 1: Comparison of different feature extraction methods for",
        "a CTC model on LibriSpeech.",
        "Feature Extractor #Params WER [%]",
        "Type Name Total FE clean other",
        "Fixed Gammatone 73.7M 32k 3.0 7.1",
        "Mel Filterbank 74.2M 21k 2.9 6.9",
        "wav2vec 2.0 89.5M 4.1M 2.8 6.8",
        "5.1. Dissecting the Feature Extractor",
    ])
    # the layout text sets the prose of the other column where the table's rows are
    layout = "\n".join(["Table 1: Comparison of different feature extraction methods for",
                        "a CTC model on LibriSpeech.",
                        "were chosen as (10,          3, 3,  3, 2),",
                        "(5,                          2, 2,  2, 2) for 6 layers"])
    doc = from_pages([page], layout=lambda numbers: {1: layout})
    plain = next(b.table for b in doc.blocks if b.table is not None and b.table.plain)
    # "32k" is a number, and a name may end in its version ("wav2vec 2.0")
    assert [[c.text for c in r] for r in plain.rows[plain.header_rows:]][2] == [
        "wav2vec 2.0", "89.5M", "4.1M", "2.8", "6.8"]
    # no row is the paper's: each column's best, the lowest error
    found = [(r.metric, r.value) for group in tables.results(doc, []) for r in group]
    assert ("WER", 2.8) in found and not {3.0, 2.9} & {v for _, v in found}
