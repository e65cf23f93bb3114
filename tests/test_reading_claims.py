"""Claims from a LaTeX source written here, placed on the pages of the PDF it was built into."""

from __future__ import annotations

from pathlib import Path

from pdfs import make_pdf

from replicate import pdf, reading
from replicate.reading import tables
from replicate.reading.claims import find_claims
from replicate.reading.document import BODY, PROSE, Block, Document

MAIN = r"""\documentclass{article}
\newcommand{\model}{Transformer}
\begin{document}
\title{Attention Is All You Need}
\begin{abstract}
We propose a new simple network architecture, the \model{}. Our model achieves 28.4 BLEU on
the WMT 2014 English-to-German translation task. It can reduce the number of trainable
parameters by 10,000 times and the GPU memory requirement by 3 times.
\end{abstract}
\section{Introduction}
Recurrent models are slow.
\section{Results}
\begin{table}[t]
\caption{The \model{} achieves better BLEU scores than previous models on newstest2014.}
\label{tab:wmt}
\begin{tabular}{lcc}
\hline
Model & \multicolumn{2}{c}{BLEU} \\
 & EN-DE & EN-FR \\
\hline
ByteNet \cite{bytenet} & 23.75 & -- \\
GNMT + RL \cite{gnmt} & 24.6 & 39.92 \\
\model{} (base model) & 27.3 & 38.1 \\
\model{} (big) & \textbf{28.4} & \textbf{41.8} \\
\hline
\end{tabular}
\end{table}
Our big model also reaches 92.7 F1 on the WSJ parsing task.
\end{document}
"""

PDF_PAGES = [
    "Attention Is All You Need\nAlice Example\nAbstract\nWe propose a new simple network "
    "architecture, the Transformer.\n1 Introduction\nRecurrent models are slow.",
    "2 Results\nTable 1: The Transformer achieves better BLEU scores than previous models on "
    "newstest2014.\nOur big model also reaches 92.7 F1 on the WSJ parsing task.",
]


def test_reductions_in_the_abstract_are_claims() -> None:
    abstract = ("LoRA can reduce the number of trainable parameters by 10,000 times and the "
                "GPU memory requirement by 3 times. It lowers the error by 2% over the baseline.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    got = {(c.metric, c.value, c.unit) for c in found.claims}
    assert ("trainable parameters reduction", 10000, "×") in got
    assert ("GPU memory requirement reduction", 3, "×") in got
    assert not any(c.value == 2 for c in found.claims)  # a difference, not a result


def test_savings_in_brackets_latencies_and_results_labelled_in_brackets_are_claims() -> None:
    abstract = ("Our model achieves significant reductions in computational requirements "
                "(approximately 60.46%) and parameter count (about 57.20%). At 320 × 320 YOLOv3 "
                "runs in 22 ms at 28.2 mAP. It achieves 57.9 AP50 in 51 ms on a Titan X, compared "
                "to 57.5 AP50 in 198 ms by RetinaNet. The method achieves superior accuracy (WIDER "
                "FACE Val/Test – Easy: 0.910/0.896; FDDB – discontinuous: 0.973, continuous: "
                "0.724). Features are computed in 25 ms windows.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    got = {(c.metric, c.value, c.unit) for c in found.claims}
    assert {("computational requirements reduction", 60.46, "%"),
            ("parameter count reduction", 57.2, "%"), ("inference time", 22, "ms"),
            ("inference time", 51, "ms"), ("AP50", 57.9, "")} <= got
    assert {0.91, 0.896, 0.973, 0.724} <= {c.value for c in found.claims if c.metric == "accuracy"}
    # the reference's figures, and a window's length, are no results of the paper's
    assert not {57.5, 198, 25} & {c.value for c in found.claims}


def test_metric_acronyms_as_printed_and_plot_axes_are_not_claims() -> None:
    abstract = ("YOLOv4 achieves state-of-the-art results: 43.5% AP (65.7% AP50) for the MS "
                "COCO dataset. Our counting network reaches an MAE of 290.82 on UCF.")
    page = ("A Paper\n1 Introduction\nText.\n2 Results\nEpoch 0.60 0.70 0.80 0.90Test Accuracy "
            "w/o warm start warm start CIFAR-10 with 0.95 accuracy shown.\n")
    found = reading.extract([page], abstract=abstract)
    got = {(c.metric, c.value, c.unit) for c in found.claims}
    assert {("AP", 43.5, "%"), ("AP50", 65.7, "%"), ("MAE", 290.82, "")} <= got
    relative = reading.extract(["A Paper\n1 Introduction\nText.\n"], abstract=(
        "Our model reaches 99.3% of the performance level of ChatGPT on the Vicuna benchmark."))
    assert [(c.metric, c.value) for c in relative.claims] == [("relative performance", 99.3)]
    assert not any(c.value in (0.9, 0.95) for c in found.claims)
    gain = reading.extract(["A Paper\n1 Introduction\nWe find that the SE module can improve "
                            "ResNet50 on ImageNet 1% top-1 accuracy. Our model improves the "
                            "accuracy to 85.2% on ImageNet.\n"])
    assert [c.value for c in gain.claims] == [85.2]  # the first is a gain, the second a result


def test_metrics_of_the_shared_vocabulary_are_read_in_prose() -> None:
    page = ("A Paper\n1 Introduction\nText.\n4 Results\nOur network achieves a PSNR of 32.51 "
            "and an SSIM of 0.912 on Set5. Our model reaches NDCG@10 of 0.512 on MovieLens. "
            "After 1750 steps, our optimizer achieves 3.281 cross-entropy loss. We obtain a "
            "Dice score of 0.87 on BraTS and an MAE of 2752.59 on the sales data.\n")
    got = {(c.metric, c.value): c.lower_is_better for c in reading.extract([page]).claims}
    assert got == {("PSNR", 32.51): False, ("SSIM", 0.912): False, ("NDCG@10", 0.512): False,
                   ("loss", 3.281): True, ("Dice", 0.87): False, ("MAE", 2752.59): True}


def test_a_speed_up_said_with_by_is_a_claim() -> None:
    abstract = ("We show that our kernel can speed up training and inference of several RNN "
                "architectures by up to 9x. It reduces the error by 2%.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    assert [(c.metric, c.value, c.unit) for c in found.claims] == [("speedup", 9, "×")]
    both = reading.extract(["A Paper\n1 Introduction\nText."], abstract=(
        "YellowFin converges in fewer iterations than Adam, with a speedup of up to 3.28x in "
        "synchronous and up to 2.69x in asynchronous settings."))
    assert [(c.metric, c.value) for c in both.claims] == [("speedup", 3.28), ("speedup", 2.69)]


def test_claims_from_a_latex_source_with_their_pdf_pages(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "main.tex").write_text(MAIN)
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PDF_PAGES))
    found = reading.extract(pdf.page_texts(path), source=source)
    assert found.origin == "latex"
    first = found.claims[0]
    assert (first.value, first.found_in, first.table) == (28.4, "abstract", "Table 1")
    by_value = {c.value: c for c in found.claims}
    big = by_value[41.8]
    assert (big.found_in, big.table, big.page, big.metric) == ("table", "Table 1", 2, "BLEU")
    assert "EN-FR" in big.dataset and big.source.startswith("Transformer (big)")
    assert {27.3, 38.1} <= set(by_value) and not {23.75, 24.6, 39.92} & set(by_value)
    assert by_value[10000].found_in == "abstract"
    text = by_value[92.7]
    assert (text.found_in, text.table, text.page) == ("text", None, 2)
    froms = [c.found_in for c in found.claims]
    assert froms == sorted(froms, key=["abstract", "table", "text"].index)


def test_a_result_stated_as_where_an_improvement_ends_is_a_claim() -> None:
    abstract = ("For example, the accuracy of T5 XXL on GSM8K improves from 8.11% to 21.99% and "
                "18.42% when finetuned on PaLM 540B and GPT-3 175B generated chains of thought.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    assert [(c.metric, c.value, c.dataset) for c in found.claims] == [
        ("accuracy", 21.99, "GSM8K"), ("accuracy", 18.42, "GSM8K")]  # not the 8.11 it started at


def test_a_speed_up_stated_as_a_lower_bound_is_a_claim() -> None:
    abstract = ("Our implementation runs at more than 100x faster than realtime on GTX 1080Ti GPU "
                "and more than 2x faster than real-time on CPU. It improves BLEU by more than 2.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    assert [(c.metric, c.value, c.unit) for c in found.claims] == [
        ("speedup", 100, "×"), ("speedup", 2, "×")]


def test_ranges_references_and_counts_are_not_results() -> None:
    page = ("A Paper\n1 Introduction\nText.\n2 Results\nWe calculate the average precision for a "
            "sequence of IoU thresholds ranging from 0.5 to 0.95. The accuracy achieved comes "
            "close to the accuracy of 8-shot PaLM 540B. As we showed, the gradient norm may "
            "decrease by only a factor of ten when the accuracy reaches 100%.\n")
    abstract = ("Our model achieves a mean opinion score (MOS) of 4.53 comparable to a MOS of 4.58 "
                "for professionally recorded speech.")
    found = reading.extract([page], abstract=abstract)
    assert [(c.metric, c.value) for c in found.claims] == [("MOS", 4.53)]


def test_atari_human_normalised_performance_is_a_claim_of_the_method_named_not_its_base() -> None:
    abstract = ("We propose a sample efficient model-based visual RL algorithm built on MuZero, "
                "which we name EfficientZero. Our method achieves 194.3% mean human performance "
                "and 109.0% median performance on the Atari 100k benchmark.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    assert [(c.metric, c.value, c.unit) for c in found.claims] == [
        ("mean human performance", 194.3, "%"), ("median performance", 109.0, "%")]
    title = "Mastering Atari Games with Limited Data"
    assert tables.method_names(title, abstract) == ["EfficientZero"]
    body = Document(origin="pdf", title=title, blocks=[
        Block(PROSE, "Our method is built on top of the MuZero Reanalyze algorithm. For brevity, "
                     "we refer to it as MuZero throughout the paper.", BODY)])
    assert tables.body_names(body) == []


def test_counts_of_runs_and_scores_and_formulas_are_not_results() -> None:
    page = ("A Paper\n1 Introduction\nText.\n2 Results\nFor ICA, we report the mean accuracy of "
            "100 runs with random node orderings. For each model we have 20 F1 scores: MRR = "
            "1/Q Σ 1/rank. Our model reaches an F1 of 91.3 on CoNLL.\n")
    found = reading.extract([page])
    assert [(c.metric, c.value) for c in found.claims] == [("F1", 91.3)]


def test_results_the_text_states_with_a_qualifier_a_list_or_times_faster() -> None:
    page = ("A Paper\n1 Introduction\nText.\n4 Results\nAfter 7 cycles, MoBY achieves 89.6% mean "
            "accuracy on CIFAR-10 and 63.1% on CIFAR-100. Indeed, we achieve perfect (100%) "
            "classification accuracy when matching authors. The model achieved 18.8 PER on the "
            "test set, spending 3.2 per epoch. OSEDiff shows a clear speed advantage, being "
            "approximately 105 times faster than StableSR.\n")
    got = {(c.metric, c.value, c.unit, c.dataset) for c in reading.extract([page]).claims}
    assert got == {("accuracy", 89.6, "%", "CIFAR-10"), ("accuracy", 63.1, "%", "CIFAR-100"),
                   ("accuracy", 100, "%", ""), ("PER", 18.8, "", ""),
                   ("speedup", 105, "×", "")}
    listed = reading.extract(["A Paper\n1 Introduction\nText.\n4 Results\nOur model is 4.3 and "
                              "7.0 times faster than BiDAF in training and inference. It "
                              "converges between 6 and 10 times faster than the LSTM.\n"])
    assert [c.value for c in listed.claims] == [4.3, 7.0, 10]  # a range gives its end
    atari = reading.extract([page], abstract="Our agent reaches 194.3% mean human normalized "
                                             "performance on Atari.")
    assert atari.claims[0].metric == "mean human normalized performance"


def test_an_approximate_result_is_a_claim_but_not_an_approximate_margin() -> None:
    abstract = ("It achieves 43.5% AP for the MS COCO dataset at a realtime speed of ~65 FPS on "
                "Tesla V100. Our method outperforms the Scattering Transform by a large margin "
                "(about ∼10% top-5) and improves accuracy by ~2.1%.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    assert [(c.metric, c.value) for c in found.claims] == [("AP", 43.5), ("FPS", 65)]
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=(
        "The MLP algorithm stands out among the implemented algorithms with a test accuracy "
        "of ≈99.04%."))
    assert [(c.metric, c.value) for c in found.claims] == [("accuracy", 99.04)]


def test_a_percentage_the_method_achieves_is_a_claim_whatever_it_measures() -> None:
    abstract = ("The pipeline achieves 100% parse and execution validity after repair. "
                "It achieves 2% higher accuracy than the baseline and reaches 45% of the time "
                "budget.")
    found = reading.extract(["A Paper\n1 Introduction\nText."], abstract=abstract)
    assert [(c.metric, c.value, c.unit) for c in found.claims] == [
        ("parse and execution validity", 100, "%")]


def test_a_result_the_text_credits_to_a_cited_paper_is_theirs() -> None:
    said = ("A Paper\n1 Introduction\nText.\n5 Further Research\nThe dataset is small; Agarwal "
            "and Zesch (2019) achieved a best result of 0.151 WER, in contrast to a result of "
            "0.797 WER on a dataset like the one we used. With freezing, we achieve a WER of "
            "0.44 on German.\n")
    assert [c.value for c in reading.extract([said]).claims] == [0.44]
    # the LaTeX reader marks a citation "[cite]"
    doc = Document(origin="latex", title="A Paper", blocks=[Block(
        PROSE, "Similar results were achieved by [cite], where freezing two layers gave a WER "
               "of 44% on data like ours. We achieve a WER of 0.44.", BODY, "4 Results")])
    assert [c.value for c in find_claims(doc, "", 1)] == [0.44]


def test_an_r2_index_is_a_result_unless_a_cited_toolbox_gave_it() -> None:
    said = ("A Paper\n1 Introduction\nText.\n5 Results\nThe estimated model achieves an R2 index "
            "of 0.99 on the test data. For comparison, a linear model estimated using the System "
            "Identification Toolbox (Ljung and Singh, 2012) achieves an R2 index of 0.96.\n")
    assert [(c.metric, c.value) for c in reading.extract([said]).claims] == [("R²", 0.99)]
