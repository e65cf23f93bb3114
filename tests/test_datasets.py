"""Dataset names: the shared vocabulary, names a paper presents, the one near a number."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from replicate import vocab
from replicate.reading import tables
from replicate.reading.datasets import dataset_near, find_datasets
from replicate.reading.document import (
    ABSTRACT,
    APPENDIX,
    BODY,
    CAPTION,
    PROSE,
    REFERENCES,
    RELATED,
    TABLE,
    Block,
    Cell,
    Document,
    Table,
)


def doc(*texts: str, abstract: str = "", title: str = "", zone: str = BODY) -> Document:
    d = Document(origin="latex", title=title, abstract=abstract)
    d.blocks = [Block(PROSE, t, zone, "4 Experiments") for t in texts]
    return d


def table_doc(caption: str, *rows: list[str], zone: str = BODY) -> Document:
    """A paper whose one table has the caption and rows given, the first row its header."""
    table = Table(caption=caption, label=caption.split(":")[0],
                  rows=[[Cell(c) for c in r] for r in rows], header_rows=1)
    d = doc("Text.")
    d.blocks.append(Block(TABLE, "", zone, "3 Results", table=table))
    return d


@pytest.mark.parametrize("spelled, name", [
    ("ILSVRC 2012", "ImageNet"), ("imagenet-1k", "ImageNet"), ("CIFAR10", "CIFAR-10"),
    ("SQuAD 2.0", "SQuAD v2.0"), ("MNLI-m", "MultiNLI"), ("MNLI-mm", "MultiNLI mismatched"),
    ("ALE/Pong", "Pong"), ("Atari Breakout", "Breakout"), ("Ms. Pacman", "Ms. Pac-Man"),
    ("SWB", "Switchboard"), ("test-other", "LibriSpeech test-other"), ("WMT14 en-de",
                                                                       "WMT 2014 English-German"),
    ("PeMSD4", "PEMS04"), ("Kodak PhotoCD", "Kodak24"), ("MNIST-8M", "MNIST8M"),
    # a benchmark's years, halves and test lists are reported apart
    ("VOC 2007", "PASCAL VOC 2007"), ("VOC-2012", "PASCAL VOC 2012"), ("Pascal VOC", "PASCAL VOC"),
    ("ARC-c", "ARC-Challenge"), ("ARC easy", "ARC-Easy"), ("VoxCeleb1-H", "VoxCeleb1-H"),
    ("dev-clean", "LibriSpeech dev-clean"), ("ImageNet-32", "ImageNet 32×32"),
    ("WMT’16 Romanian-English", "WMT 2016 English-Romanian"),
    ("WMT14 De-En", "WMT 2014 English-German"),
    ("ResNet", None), ("my data", None),
])
def test_one_name_for_every_spelling(spelled: str, name: str | None) -> None:
    assert vocab.canonical(spelled) == name


def test_names_in_text_are_matched_as_printed_where_they_are_words() -> None:
    found = [m.name for m in vocab.mentions("We use SQuAD, the RACE data and CIFAR10; the race "
                                            "was close and squad members watched.")]
    assert found == ["SQuAD v1.1", "RACE", "CIFAR-10"]


def test_a_game_is_a_dataset_only_in_a_paper_about_games() -> None:
    text = "Our agent plays Pong and Breakout well. Pong again, and Breakout again."
    assert find_datasets(doc(text)) == []
    assert find_datasets(doc(text, "We evaluate on Atari 2600 games from the ALE.")) == [
        "Pong", "Breakout", "Atari 2600"]


def test_abstract_names_count_once_body_names_twice() -> None:
    d = doc("We train on ImageNet.", "ImageNet again, and COCO once.",
            abstract="Results on WMT 2014 English-to-German and WMT 2014 English-French.")
    assert find_datasets(d) == ["ImageNet", "WMT 2014 English-German", "WMT 2014 English-French"]


def test_names_listed_after_the_datasets_we_include() -> None:
    found = find_datasets(doc("We perform benchmarks on eight datasets. We include three tabular "
                              "datasets: Give Me Some Credit (Kaggle 2011), German Credit (Hoffman "
                              "1994) and California Housing. We also include two image datasets: "
                              "MNIST and Fashion MNIST."))
    assert {"German Credit", "California Housing", "MNIST", "Fashion-MNIST"} <= set(found)


def test_names_the_paper_presents_as_data() -> None:
    d = doc("We collect the MegaFace2 dataset of faces. MegaFace2 has 4M images.",
            "The Flickr Faces benchmark is harder; Flickr Faces results are in Table 2.",
            "We compare with the ResNet baseline on the Standard benchmark. Standard results.",
            "Another dataset is small. We use another split.",
            title="FaceNet: faces", abstract="FaceNet dataset results.")
    assert find_datasets(d) == ["MegaFace2", "Flickr Faces"]


def test_names_presented_with_their_short_form_in_lists_and_in_three_capitals() -> None:
    d = doc("We test on the Cascaded Tanks System (CTS) dataset [22]. CTS is small.",
            "We extracted 1116 notes from the RWC dataset [10]. RWC notes are short.",
            "We evaluate on real-world datasets: (i) PenDigits [11], (ii) CharTraj [11], (iii) "
            "LSST [1], and (iv) Physio2012 [19].",
            "The GPU benchmark ran on one GPU. A new GCN dataset: Amazon2M. GCN is fast.",
            "We present a Named Entity Recognition (NER) dataset. NER is a task.",
            "We use real-world datasets (MNIST, Arcene, and 9 other UCI datasets) and the "
            "datasets (Conneau et al., 2018). Arcene has 100 samples.",
            "The datasets are: Bike Rentals [10] (n=731; 3 numerical), (down-sampled) "
            "Superconductivity [18] (n=2000) and Abalone [9] (n=4177).",
            "The “Hitters” data contain the salary of players.")
    # (named twice, Arcene comes before the names given once)
    assert find_datasets(d) == ["Cascaded Tanks System (CTS)", "RWC", "Arcene", "PenDigits",
                                "CharTraj", "LSST", "Physio2012", "Bike Rentals",
                                "Superconductivity", "Abalone", "Hitters"]


def test_the_papers_own_dataset_is_a_dataset_and_sentence_pieces_are_not() -> None:
    d = doc("In this paper, we present a new dataset, Multi-LexSum, for summarization.",
            "Multi-LexSum is distinct from other datasets. We train on Multi-LexSum.",
            "Did it work? Yes. The dataset was used. Yes. The end.",
            abstract="We introduce Multi-LexSum, a collection of 9,280 expert-authored summaries.",
            title="Multi-LexSum: Real-World Summaries of Civil Rights Lawsuits")
    assert find_datasets(d) == ["Multi-LexSum"]
    method = doc("We train LoRA on GLUE. LoRA is fast. LoRA again.",
                 title="LoRA: Low-Rank Adaptation of Large Language Models")
    assert "LoRA" not in find_datasets(method)  # a method, not data


def test_a_subset_of_a_known_dataset_is_not_a_dataset_of_its_own() -> None:
    d = doc("We fine-tune on MNLI and report accuracy on MNLI.",
            "PrefixEmbed performs poorly on the MNLI-100 dataset. LoRA is better on MNLI-100 "
            "and on MNLI-Full.")
    assert find_datasets(d) == ["MultiNLI"]


def test_a_column_headed_dataset_names_data_once_each() -> None:
    t = Table(caption="Table 5: Test results.", label="Table 5", rows=[
        [Cell("Domain"), Cell("Dataset"), Cell("Task"), Cell("Ours")],
        [Cell("Biomed"), Cell("BC5CDR [cite]"), Cell("NER"), Cell("90.41")],
        [Cell("Biomed"), Cell("EBM-NLP"), Cell("PICO"), Cell("72.35")],
        [Cell("Multi-domain"), Cell("PaperField"), Cell("CLS"), Cell("65.99")],
        [Cell("CS"), Cell("SciBERT"), Cell("CLS"), Cell("1.0")]])
    d = doc("We fine-tune on the tasks below.")
    d.blocks.append(Block(TABLE, "", BODY, "4 Experiments", table=t))
    assert find_datasets(d) == ["BC5CDR", "EBM-NLP", "PaperField"]  # SciBERT is a model


def test_related_work_and_references_do_not_count() -> None:
    d = doc("We train on MNIST and MNIST.")
    d.blocks += [Block(PROSE, "Others used CIFAR-10 and CIFAR-10.", RELATED, "2 Related Work"),
                 Block(PROSE, "Krizhevsky. CIFAR-10. CIFAR-10. 2009.", REFERENCES, "References")]
    assert find_datasets(d) == ["MNIST"]


def test_table_headers_and_captions_count() -> None:
    t = Table("Accuracy on GLUE tasks.", "Table 1", [[Cell("Model"), Cell("MNLI"), Cell("QNLI")],
                                                     [Cell("Ours"), Cell("86.7"), Cell("92.7")]])
    d = doc("We fine-tune on MNLI and QNLI.")
    d.blocks += [Block(CAPTION, t.caption, BODY, "4 Experiments"),
                 Block(TABLE, "Model | MNLI | QNLI\nOurs | 86.7 | 92.7", BODY, "4", table=t)]
    assert find_datasets(d)[:2] == ["MultiNLI", "QNLI"]


def test_abstract_zone_blocks_count_as_the_abstract() -> None:
    d = Document(origin="latex",
                 blocks=[Block(PROSE, "State of the art on LibriSpeech.", ABSTRACT)])
    assert find_datasets(d) == ["LibriSpeech"]


def test_the_dataset_nearest_a_number() -> None:
    s = "Path-X (seq. length 16K, 61.4% accuracy) and Path-256 (63.1% accuracy)"
    assert dataset_near(s, s.index("61.4")) == "Path-X"
    assert dataset_near(s, s.index("63.1")) == "Path-256"
    s = "On WMT 2014 English-to-German, our model reaches 28.4 BLEU, and 41.8 on English-French."
    assert dataset_near(s, s.index("28.4")) == "WMT 2014 English-German"
    assert dataset_near("Breakout: 225, Pong: 20", 10) == "Breakout"


def test_names_from_many_areas_are_found_and_common_words_only_in_their_field() -> None:
    text = ("We fine-tune SciBERT on SciCite and ACL-ARC, summarize the arXiv and PubMed datasets, "
            "count people on ShanghaiTech Part A and UCF_CC_50, classify actions on UCF50 and "
            "HMDB51, run CartPole in OpenAI Gym, and train on Cora and ogbn-arxiv.")
    assert [m.name for m in vocab.mentions(text)] == [
        "SciCite", "ACL-ARC", "arXiv", "PubMed", "ShanghaiTech Part A", "UCF_CC_50", "UCF50",
        "HMDB51", "CartPole", "OpenAI Gym", "Cora", "ogbn-arxiv"]
    assert vocab.is_model("SciBERT") and vocab.canonical("SciBERT") is None
    forecasting = "Traffic and Weather for long-horizon forecasting."
    assert [m.name for m in vocab.mentions(forecasting)] == ["Traffic", "Weather"]
    network = "Traffic between the switches grows; the router drops traffic when Weather is bad."
    assert vocab.mentions(network) == []
    assert [m.name for m in vocab.mentions("We searched arXiv for papers.")] == []


def test_instruction_data_llm_benchmarks_and_uci_tables_only_where_they_are_data() -> None:
    text = ("We finetune on FLAN v2, HH-RLHF and Self-Instruct, report MT-Bench and AlpacaEval, "
            "evaluate on WikiTableQuestions (WTQ) and Atari-100k.")
    assert [m.name for m in vocab.mentions(text)] == [
        "FLAN v2", "HH-RLHF", "Self-Instruct", "MT-Bench", "AlpacaEval", "WikiTableQuestions",
        "WikiTableQuestions", "Atari 100k"]
    clustering = "We run k-modes on the breast cancer, mushroom and nursery datasets from UCI."
    assert [m.name for m in vocab.mentions(clustering)] == [
        "Breast Cancer Wisconsin", "Mushroom", "Nursery"]
    assert vocab.mentions("The mushroom soup and the nursery rhymes had an adult audience.") == []
    graphs = "Node classification on the citation graphs Citeseer, Cora and Pubmed, and on NELL."
    assert [m.name for m in vocab.mentions(graphs)] == ["Citeseer", "Cora", "PubMed", "NELL"]


def test_a_dataset_column_of_a_settings_table_names_no_data() -> None:
    settings = Table(caption="Table 11: The hyperparameters we used for RoBERTa on GLUE.",
                     label="Table 11", rows=[[Cell("Dataset"), Cell("MNLI"), Cell("SST-2")],
                                             [Cell("Batch Size"), Cell("16"), Cell("16")],
                                             [Cell("Warmup Ratio"), Cell("0.06"), Cell("0.06")]],
                     header_rows=1)
    results = Table(caption="Table 2: Results.", label="Table 2",
                    rows=[[Cell("Dataset"), Cell("F1")], [Cell("BC5CDR"), Cell("90.4")],
                          [Cell("Average"), Cell("88.1")]], header_rows=1)
    d = doc("Text.")
    d.blocks += [Block(TABLE, "", BODY, "5 Results", table=t) for t in (settings, results)]
    assert find_datasets(d) == ["BC5CDR"]


def test_a_column_headed_dataset_name_lists_data() -> None:
    d = table_doc("Table 3: SGD results for 9 open sourced UCI datasets.",
                  ["Dataset Name", "SGD Plaintext error", "SPDZ error"],
                  ["Student Performance", "0.11", "0.12"], ["Auto MPG", "0.56", "0.68"])
    assert find_datasets(d) == ["Student Performance", "Auto MPG"]


def test_a_dataset_column_the_layout_ran_into_the_next() -> None:
    d = table_doc("Table 9: Summary of the datasets used to train the English model.",
                  ["Dataset Speech Type", "Hours"], ["Switchboard conversational", "300"],
                  ["Fisher conversational", "2000"], ["Baidu read", "5000"], zone=APPENDIX)
    assert find_datasets(d) == ["Switchboard", "Fisher"]


def test_a_dataset_column_headed_with_what_its_rows_give_beside_the_name() -> None:
    results = Table(caption="Table 5: Performance of subset selection methods on real data.",
                    label="Table 5",
                    rows=[[Cell("Dataset (n, p)"), Cell("Metrics"), Cell("BOSS"), Cell("lasso")],
                          [Cell("Housing (506, 13)"), Cell("RMSE"), Cell("3.372"), Cell("3.363")],
                          [Cell("Hitters (263, 19)"), Cell("RMSE"), Cell("233.853"),
                           Cell("234.064")]],
                    header_rows=1)
    d = doc("Another challenge in practice is the selection rule. Another commonly used error "
            "measure is the deviance.")
    d.blocks.append(Block(TABLE, "", BODY, "5 Results", table=results))
    assert find_datasets(d) == ["Housing", "Hitters"]
    found = tables.own_results(results, ["BOSS"])
    assert [(r.dataset, r.value) for r in found][:2] == [("Housing", 3.372), ("Hitters", 233.853)]


def test_a_header_row_named_dataset_and_a_list_of_benchmarks_named_once() -> None:
    t = Table(caption="Table 3: Experiments comparing data types.", label="Table 3",
              rows=[[Cell("Dataset"), Cell("GLUE (Acc.)"), Cell("Super-NaturalInstructions")],
                    [Cell("BF16"), Cell("88.6"), Cell("40.1")],
                    [Cell("QLoRA Int8"), Cell("88.8"), Cell("40.4")]], header_rows=1)
    d = doc("Mean zero-shot accuracy over Winogrande, HellaSwag, PiQA and WikiText-103 using "
            "LLaMA models.")
    d.blocks.append(Block(TABLE, "", BODY, "4 Results", table=t))
    # the header row named "Dataset" lists data; the column under it does not
    assert find_datasets(d) == ["WinoGrande", "HellaSwag", "PIQA", "WikiText-103", "GLUE",
                                "Super-NaturalInstructions"]
    named = Table(caption="Table 1: Mean predictive accuracy.", label="Table 1",
                  rows=[[Cell("Dataset"), Cell("Solubility [4]"), Cell("Drug efficacy [5]")],
                        [Cell("Neural FPs"), Cell("0.52"), Cell("1.16")]], header_rows=1)
    d = doc("Text.")
    d.blocks.append(Block(TABLE, "", BODY, "4 Results", table=named))
    assert find_datasets(d) == ["Solubility", "Drug efficacy"]  # a header row named as data
    column = Table(caption="Table 10: Applying CrossWeigh on other datasets.", label="Table 10",
                   rows=[[Cell("Dataset"), Cell("w/o CrossWeigh"), Cell("w/ CrossWeigh")],
                         [Cell("WNUT'17"), Cell("48.96"), Cell("50.03")],
                         [Cell("Sinhalese"), Cell("66.34"), Cell("67.68")]], header_rows=1)
    d = doc("Text.")
    d.blocks.append(Block(TABLE, "", BODY, "4 Results", table=column))
    assert "Sinhalese" in find_datasets(d)  # a column that names known data is a column of data
    stats = Table(caption="Table 1: The evaluation data.", label="Table 1",
                  rows=[[Cell("Dataset"), Cell("Language"), Cell("Number of queries"),
                         Cell("Speakers")],
                        [Cell("gbb-pd"), Cell("Kaytetye"), Cell("397"), Cell("Same")]],
                  header_rows=1)
    d = doc("Text.")
    d.blocks.append(Block(TABLE, "", BODY, "3 Data", table=stats))
    assert not {"Language", "Number of queries", "Speakers"} & set(find_datasets(d))



def test_a_paper_without_numbered_headings_has_a_body_to_read() -> None:
    from replicate import reading

    pages = ["BEAT: Balanced Frequency Adaptive Tuning\nAbstract\nWe propose BEAT.\nIntroduction\n"
             "Forecasting matters.\nExperiments\nETT dataset contains data from electricity "
             "transformers. There are four sub-datasets in ETT, including ETTh1, ETTh2, ETTm1, "
             "and ETTm2.\n"]
    got = reading.extract(pages, arxiv_title="BEAT: Balanced Frequency Adaptive Tuning")
    assert {"ETTh1", "ETTh2", "ETTm1", "ETTm2"} <= set(got.datasets)
    assert got.sections == []  # no numbered headings to list


@pytest.mark.parametrize("printed, name", [
    ("Boolq", "BoolQ"), ("Pawsx", "PAWS-X"), ("Xstory cloze", "XStoryCloze"),
    ("OpenSubtitles 2018", "OpenSubtitles"), ("IIT Bombay corpus", "IIT Bombay English-Hindi"),
    ("CMP Facade Database", "CMP Facades"),
    ("ILSVRC12", "ImageNet"), ("Clothing-1M", "Clothing1M"), ("TREx", "T-REx"),
    ("Naval propulsion plant", "Naval Propulsion"), ("DMControl", "DeepMind Control Suite"),
])
def test_evaluation_harness_and_parallel_corpus_spellings(printed: str, name: str) -> None:
    from replicate import vocab

    assert vocab.canonical(printed) == name


def test_names_set_in_small_capitals_unless_the_paper_uses_the_word() -> None:
    text = "We evaluate on WINOGRANDE and LOGIQA (Liu et al., 2020)."
    assert [m.name for m in vocab.mentions(text)] == ["WinoGrande", "LogiQA"]
    assert vocab.mentions("We keep a record of it. LOGIQA and RECORD.")[-1].name == "LogiQA"
    assert [m.name for m in vocab.mentions("We use the XSUM dataset.")] == ["XSum"]


def test_a_name_given_once_as_the_data_used_is_a_dataset() -> None:
    d = doc("Our large scale pre-training is performed on JFT-300m (Sun et al., 2017), a dataset "
            "of 300M images.", "We used the English multi-speaker corpus from CSTR voice cloning "
            "toolkit (VCTK) (Yamagishi, 2012).", "Unlike a corpus such as SNLI, ours is small.",
            "Augmentations follow the Kaldi recipe with the publicly available MUSAN dataset "
            "(babble, noise) [20].")
    assert find_datasets(d) == ["JFT-300M", "VCTK", "MUSAN"]


def test_a_name_given_once_after_training_on_it_is_a_dataset() -> None:
    d = doc("We report 5-shot MMLU after finetuning LLaMA on the instruction data Flan v2 [39] "
            "and Alpaca [55].",
            "We train OSEDiff using the LSDIR [26] dataset and the first 10K face images "
            "from FFHQ [19].",
            "Earlier systems used ConvNets pre-trained on ImageNet [2].",
            "Vicuna does full fine-tuning of LLaMA 13B on conversations from ShareGPT.",
            "The Threat Logs dataset is synthetic.")
    # the thanks name the data, but not what the paper trained on
    thanks = Block(PROSE, "We thank J. Doe for providing the Threat Logs dataset and for "
                   "assistance with training models on COCO.", BODY, "8 Acknowledgments")
    d.blocks.append(thanks)
    assert find_datasets(d) == ["Threat Logs", "MMLU", "FLAN v2", "Alpaca", "LSDIR", "FFHQ"]


def test_a_name_the_method_is_trained_or_tested_on_is_a_dataset() -> None:
    d = doc("The proposed algorithms are trained on a subset of MedleyDB v1.1 [cite].",
            "The test set is derived from MedleyDB for electric guitar.",
            "Face recognition models were evaluated on VGG2 and CASIA-Web.",
            "Table 2 gives the results on VGG2 and CASIA-Web.",
            "We fine-tuned on PaLM 540B generated rationales and tested on XLM-RoBERTa.",
            "Our update rule is derived from ADAGRAD. ADAGRAD and PaLM 540B are old.")
    assert find_datasets(d) == ["MedleyDB", "VGG2", "CASIA-Web"]


def test_names_a_list_presents_once_as_the_data_used_and_one_spelling_of_each() -> None:
    # LaTeX's small capitals keep names as identifiers ("\textsc{reddit\_threads}")
    d = doc("We used the deezer_ego_nets, Imdb-Multi, Mcf-7, Molt-4 and Uacc257 graph "
            "classification datasets.", "IMDB-Multi has 1,500 graphs.",
            "We tried the Galaxy benchmark once. The learning_rate and batch_size are tuned.")
    assert find_datasets(d) == ["deezer_ego_nets", "Imdb-Multi", "Mcf-7", "Molt-4", "Uacc257"]


def test_a_text_names_the_same_data_in_every_run() -> None:
    """The names found do not hang on the order Python happens to keep a set in, so
    `reread` of an unchanged paper changes nothing."""
    code = ("from replicate import vocab; print([m.name for m in vocab.mentions("
            "'We train on WMT’14 English-French, WMT’16 English-German and WMT14 en-de.')])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in range(6)}
    assert len(runs) == 1


@pytest.mark.parametrize("cited", ["[cite]", "Liu et al. (2018)"])
def test_the_last_of_a_list_of_datasets_needs_no_word_of_its_own(cited: str) -> None:
    """"the CPSC dataset, the Chapman-Shaoxing dataset, and PTB-XL": all three are data;
    "SOTA benchmarks" are not."""
    found = find_datasets(doc(
        f"We run our experiments on three datasets, the CPSC dataset {cited}, the "
        f"Chapman-Shaoxing dataset {cited}, and PTB-XL {cited}. The datasets are multi-label.",
        "CPSC and Chapman-Shaoxing hold 12-lead ECGs, as used in SOTA benchmarks [cite]."))
    assert sorted(found) == ["CPSC", "Chapman-Shaoxing", "PTB-XL"]


def test_traffic_and_image_restoration_benchmarks_are_known() -> None:
    found = find_datasets(doc(
        "We evaluate on the METR-LA, PEMS-BAY and PeMS07 traffic datasets.",
        "For super-resolution we train on DF2K and test on Urban100 and Manga109 [cite].",
        "Table 3: MAE on METR-LA and PEMS-BAY. Table 4: PSNR on Urban100 and Manga109."))
    assert set(found) == {"METR-LA", "PEMS-BAY", "PEMS07", "DF2K", "Urban100", "Manga109"}


def test_a_table_listing_the_benchmark_datasets_names_each_in_any_case() -> None:
    t = Table(caption="Table 10: Classification benchmark datasets.", label="Table 10", rows=[
        [Cell("Dataset"), Cell("n"), Cell("p"), Cell("Source")],
        [Cell("gamma"), Cell("19,020"), Cell("9"), Cell("UCI")],
        [Cell("page-blocks"), Cell("5,473"), Cell("10"), Cell("UCI")],
        [Cell("TOX_171"), Cell("171"), Cell("5,748"), Cell("ASU")]])
    d = doc("We benchmark the selectors on real datasets.")
    d.blocks.append(Block(TABLE, "", APPENDIX, "F Benchmark", table=t))
    assert find_datasets(d) == ["gamma", "page-blocks", "TOX_171"]  # not "Source"


def test_a_pdf_table_of_the_datasets_read_as_plain_lines_names_each() -> None:
    d = doc("We benchmark the selectors on real datasets.")
    d.blocks += [
        Block(TABLE, "gamma 19,020 9 UCI\npage-blocks 5,473 10 UCI\nTOX_171 171 5,748 ASU/SF\n"
                     "madelon 2,000 500 NIPS 2003", APPENDIX, "F Benchmark"),
        Block(CAPTION, "Table 10: Classification benchmark datasets.", APPENDIX, "F Benchmark"),
        Block(TABLE, "ResNet-50 76.1 93.0", APPENDIX, "G Results"),
        Block(CAPTION, "Table 11: Accuracy on ImageNet.", APPENDIX, "G Results")]
    assert find_datasets(d) == ["gamma", "page-blocks", "TOX_171", "madelon"]


def test_the_data_a_results_tables_caption_says_it_is_on_when_the_text_names_it_again() -> None:
    d = doc("On Sudoku-Extreme, a baseline TRM achieves 85.5% accuracy.",
            "All runs took 6 hours on an NVIDIA 1080Ti.")
    d.blocks += [
        Block(CAPTION, "Table 1: Standard ensembling on Sudoku-Extreme.", BODY, "5 Results"),
        Block(CAPTION, "Table 2: Run times on an NVIDIA 1080Ti.", BODY, "5 Results"),
        Block(CAPTION, "Table 3: Results on Task 1 and on Split-Twice.", BODY, "5 Results")]
    # not the hardware, a part of the experiments, or a name the text never uses again
    assert find_datasets(d) == ["Sudoku-Extreme"]
    # a LaTeX table's own caption; not a model scored on data ("Zeta LSTM")
    d = doc("On Sudoku-Extreme, a baseline TRM achieves 85.5% accuracy. Sudoku-Extreme is hard.",
            "Zeta LSTM is fast. The Zeta LSTM runs twice.")
    d.blocks += [Block(TABLE, "", BODY, "5 Results", table=Table(
        caption="Results on Sudoku-Extreme. Cost is relative.", label="Table 3", rows=[])),
        Block(TABLE, "", BODY, "5 Results", table=Table(
            caption="Speed on Zeta LSTM.", label="Table 4", rows=[]))]
    assert find_datasets(d) == ["Sudoku-Extreme"]


def test_ale_is_atari_only_in_a_paper_about_agents_or_games() -> None:
    effects = doc("Accumulated Local Effects (ALE) visualize feature effects. ALE is unbiased.",
                  "We compare DALE with ALE on Boston Housing. The Boston Housing data is small.")
    assert find_datasets(effects) == ["Boston Housing"]
    agents = doc("We evaluate our agent on the Arcade Learning Environment (ALE). "
                 "The ALE has many games.")
    assert find_datasets(agents) == ["Atari 2600"]


def test_the_verb_benchmark_before_the_papers_method_does_not_make_it_data() -> None:
    found = find_datasets(doc("We benchmark DinoHash against other methods like NeuralHash on "
                              "the COCO dataset.", abstract="We propose DinoHash, a perceptual "
                              "hashing model.", title="Provenance Detection for Images"))
    assert "DinoHash" not in found and "COCO" in found

