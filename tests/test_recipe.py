"""The training recipe, the outline and the compute, from Documents built here and from PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicate import reading
from replicate.reading.compute import find_compute
from replicate.reading.document import (
    APPENDIX,
    BODY,
    HEADING,
    PROSE,
    REFERENCES,
    RELATED,
    TABLE,
    Block,
    Cell,
    Document,
    Table,
)
from replicate.reading.hyperparameters import find_hyperparameters, parse_number
from replicate.reading.outline import find_sections


def latex_doc(*sections: tuple[str, str | Table], title: str = "", zone: str = BODY) -> Document:
    """A Document as the LaTeX reader gives it: (heading, paragraph or table) pairs."""
    doc = Document(origin="latex", title=title)
    heading = ""
    for head, body in sections:
        if head != heading:
            heading = head
            doc.blocks.append(Block(HEADING, head, zone, head))
        if isinstance(body, Table):
            doc.blocks.append(Block(TABLE, body.caption, zone, head, table=body))
        else:
            doc.blocks.append(Block(PROSE, body, zone, head))
    return doc


def table(caption: str, *rows: list[str], header_rows: int = 1) -> Table:
    return Table(caption=caption, label="Table 9", rows=[[Cell(c) for c in r] for r in rows],
                 header_rows=header_rows)


def recipe(doc: Document) -> dict[str, tuple[str, float | None]]:
    return {h.name: (h.value, h.number) for h in find_hyperparameters(doc, 1)}


@pytest.mark.parametrize("printed, number", [
    ("10^-9", 1e-9), ("10−9", 1e-9), ("10\x009", 1e-9), ("1e-4", 1e-4), ("5E-04", 5e-4),
    ("2 · 10^-4", 2e-4), ("60 × 10^4", 6e5), ("60 × 104", 6e5), ("25,000", 25000),
    ("10k", 1e4), ("1.25M", 1.25e6), ("one million", 1e6), ("10 million", 1e7), ("0.1", 0.1),
    ("15%", 15), ("[256, 480]", None), ("Adam", None),
    # past what a float holds: a piece of a link ("?view_only=5193e93118..."), not a number
    ("5193e93118", None), ("10^{400}", None),
])
def test_values_as_printed_become_one_number(printed: str, number: float | None) -> None:
    got = parse_number(printed)
    assert got == pytest.approx(number) if number is not None else got is None


def test_a_power_of_ten_is_the_number_as_printed() -> None:
    assert parse_number("3e-5") == 3e-05 and parse_number("2.5 × 10^-4") == 2.5e-04
    # a mantissa whose float would print with an exponent of its own
    assert parse_number("0.00005 × 10^-3") == 5e-08


def test_the_usual_settings_from_a_latex_training_section() -> None:
    doc = latex_doc(
        ("5.3 Optimizer", "We used the Adam optimizer [cite] with β2 = 0.98 and ε = 10^-9. "
                          "We used warmup_steps = 4000."),
        ("5.4 Regularization", "We apply dropout with P_drop = 0.1 and label smoothing of value "
                               "ϵ_ls = 0.1. We trained for 100,000 steps with a batch size "
                               "of 256."),
    )
    got = find_hyperparameters(doc, 5)
    hp = {h.name: h for h in got}
    assert hp["epsilon"].value == "10^-9" and hp["epsilon"].number == pytest.approx(1e-9)
    assert hp["beta2"].number == 0.98 and hp["optimizer"].value == "Adam"
    assert hp["warmup steps"].number == 4000 and hp["dropout"].number == 0.1
    assert hp["label smoothing"].number == 0.1 and hp["training steps"].number == 100000
    assert hp["batch size"].section == "5.4 Regularization" and hp["batch size"].version == 5
    assert hp["epsilon"].source.startswith("We used the Adam optimizer")


def test_settings_the_paper_names_itself() -> None:
    doc = latex_doc(
        ("3 Method", "Here m ∈ [0, 1) is a momentum coefficient. The temperature τ in Eq. 1 "
                     "is a hyper-parameter. We keep a queue whose size K is large."),
        ("4 Experiments", "We set K = 65536 and m = 0.999. The temperature τ is set as 0.07."),
        ("C Details", "A grid search was performed over the parameters, with the values used "
                      "in parentheses: memory slots (128), memory size (40), controller size "
                      "(200 hidden units for a LSTM). We used a replay memory of one million "
                      "most recent frames."),
    )
    hp = recipe(doc)
    assert hp["momentum coefficient m"] == ("0.999", 0.999)
    assert hp["temperature τ"] == ("0.07", 0.07)
    assert hp["queue size K"] == ("65536", 65536)
    assert hp["memory slots"] == ("128", 128) and hp["memory size"] == ("40", 40)
    assert hp["controller size"] == ("200", 200)
    assert hp["replay memory"] == ("one million", 1e6)


def test_words_that_do_not_name_a_symbol_are_not_its_name() -> None:
    doc = latex_doc(("2 Notation", "Let Z be a partition of a dataset X ⊂A into k ∈ Z+ distinct "
                                   "parts."),
                    ("4 Experiments", "We use the results with k = 5 on the nursery dataset."))
    assert recipe(doc) == {"k": ("5", 5)}


def test_equation_symbols_of_the_method_section_are_not_settings() -> None:
    doc = latex_doc(
        ("3 Method", "The loss is L = 1 when x = 0, and d_k = d_v = d_model/h = 64."),
        ("3 Method", "Let n = 2 be the order of the approximation."),
    )
    assert find_hyperparameters(doc) == []


def test_symbols_run_into_words_by_pdf_text_and_an_algorithms_inputs() -> None:
    doc = latex_doc(
        ("1 Introduction", "Require:α: Stepsize\nRequire:β1,β2∈[0,1): Exponential decay rates"),
        ("1 Introduction", "Good default settings for the tested problems areα=0.001, "
                           "β1=0.9,β2=0.999andϵ= 10−8."),
        ("2 Algorithm", "Assumingε=0, the effective step is bounded. Here ζ=0 if the "
                        "moment is stationary, and θ0 = 0 is the initial parameter vector."),
        ("4 Analysis", "R(T) ≤ D2 2α(1−β1) √1−β2 with β2 = 2 and γ ≜ β2."),
    )
    doc.origin = "pdf"
    hp = recipe(doc)
    assert hp["learning rate α"] == ("0.001", 0.001)
    assert hp["epsilon"] == ("10−8", 1e-8)
    assert hp["beta1"] == ("0.9", 0.9) and hp["beta2"] == ("0.999", 0.999)
    assert len(hp) == 4  # not ε = 0, ζ = 0, θ0 = 0, nor the proof's β2 = 2
    loss = latex_doc(("3 Training", "We use a scaled error for our loss: L = 1 n n∑ i=1 |ŷi −γyi|. "
                                    "We set σ = 0.2M(x) for the heads."))
    assert recipe(loss) == {}  # a formula's index, a value that is a function


def test_settings_the_paper_sets_in_its_own_words() -> None:
    doc = latex_doc(("5 Setup", "We set the early stopping patience as 3. For LoRA, we fix r "
                                "(matrix rank) as 8 because it worked well. The margin was set to "
                                "0.5. We also use a linear schedule with warmup for 100 steps, a "
                                "gradient norm clipping with a maximum of 1, and beam search with "
                                "5 beams. The models are trained with a learning rate of 5e-5.4 "
                                "Following previous work, we set it to 2."))
    hp = recipe(doc)
    assert hp["early stopping patience"] == ("3", 3)
    assert hp["matrix rank r"] == ("8", 8)
    assert hp["margin"] == ("0.5", 0.5)
    assert hp["warmup steps"] == ("100", 100) and "training steps" not in hp
    assert hp["gradient clipping"] == ("1", 1)
    assert hp["beam size"] == ("5", 5)
    assert hp["learning rate"] == ("5e-5", 5e-5)  # "5e-5.4": a footnote mark after it
    assert "it" not in hp
    other = recipe(latex_doc(("4 Setup", "If the third input bit is set to 1, the gate flips. "
                                         "We chose the SIF model with a = 0.0001. We set hyper-"
                                         "parameters as 0.5, 0.5, 5 by default. While the crop "
                                         "size is fixed to 224 × 224, S can vary. We set the VAE "
                                         "learning rate also to 3e-4.")))
    assert set(other) == {"VAE learning rate", "image resolution"}  # no case, example, list
    axis = recipe(latex_doc(("4 Results", "epoch 4 6 8 10 12 14 16test error (%) Test error: "
                                          "ResNet-1001 (10.2M) Test error: DenseNet-BC-100 (0.8M) "
                                          "Training loss: ResNet-1001.")))
    assert axis == {}  # a plot's axis is no schedule
    assert other["image resolution"] == ("224", 224)  # the crop size, whole


def test_symbols_named_in_brackets_after_their_values_and_set_without_equals() -> None:
    doc = latex_doc(("4.1 Implementation Details",
                     "In the first stage, we set p = 6 (the patch size), M = 10 (the number of "
                     "similar patches in a PG) and K = 32 (the number of Gaussian components in "
                     "GMM). During training, we set γ to 0.97, strongly penalizing false "
                     "negatives. We set λ=0.001 (i.e. the sparse regularization parameter)."))
    hp = recipe(doc)
    assert hp["patch size p"] == ("6", 6)
    assert hp["number of similar patches M"] == ("10", 10)
    assert hp["number of gaussian components K"] == ("32", 32)
    assert hp["γ"] == ("0.97", 0.97)
    assert hp["sparse regularization λ"] == ("0.001", 0.001)


def test_a_setting_of_a_part_set_to_a_value_is_named_by_the_setting() -> None:
    doc = latex_doc(("4 Experiments",
                     "The latent dimensionality of the models is set to 64 for all datasets. "
                     "The learning rate of the generator is set to 0.0002. The size of the "
                     "queue is set to 4096."))
    hp = recipe(doc)
    assert hp["latent dimensionality"] == ("64", 64) and "models" not in hp
    assert hp["learning rate (generator)"] == ("0.0002", 0.0002)
    assert hp["queue size"] == ("4096", 4096)


def test_settings_and_values_paired_by_respectively() -> None:
    doc = latex_doc(("4 Training",
                     "The hidden size, number of layers and dropout rate are 256, 2 and 0.1 "
                     "respectively. The batch size and the mini-batch size are 128 and 32, "
                     "respectively. The learning rate and weight decay are 0.001 and 0.0005."))
    hp = recipe(doc)
    assert hp["layers"] == ("2", 2) and hp["dropout"] == ("0.1", 0.1)
    assert hp["learning rate"] == ("0.001", 0.001) and hp["weight decay"] == ("0.0005", 0.0005)
    assert hp["batch size"] == ("128", 128) and hp["mini-batch size"] == ("32", 32)
    assert not any("sweep" in name for name in hp)


def test_settings_behind_a_word_of_their_own_and_a_learning_rate_cut_by_a_factor() -> None:
    doc = latex_doc(("3 Training",
                     "All models are trained using Nesterov momentum with a momentum value of 0.9. "
                     "The learning rate was reduced by a factor of 0.5 with a patience parameter "
                     "of 5. A final convolution has a residual connection and keep probability of "
                     "0.5. We tried temperatures of [1, 2, 5] and used a relative weight of 0.3 "
                     "on the hard targets. The network runs at 131 FPS with model size of 9 MB."))
    hp = recipe(doc)
    assert hp["momentum"] == ("0.9", 0.9)
    assert hp["learning rate decay factor"] == ("0.5", 0.5)
    assert hp["early stopping patience"] == ("5", 5)
    assert hp["keep probability"] == ("0.5", 0.5)
    assert hp["relative weight"] == ("0.3", 0.3)
    assert "model size" not in hp  # the size of the file the method gives: a result
    assert recipe(latex_doc(("3 Training", "We use SGD with a learning rate of 0.1, divided by 10 "
                                           "at epochs 30 and 60.")))["learning rate decay factor"] \
        == ("10", 10)


def test_a_symbol_named_by_the_noun_before_it_filters_and_clipping() -> None:
    doc = latex_doc(("4 Setup", "We use sticky actions with a probability of p=0.25 of repeating "
                                "the last action. The first hidden layer convolves 16 8 × 8 "
                                "filters with stride 4 with the input image. The gradient norm was "
                                "clipped to 1.0."))
    hp = recipe(doc)
    assert hp["probability p"] == ("0.25", 0.25)
    assert hp["filters"] == ("16", 16)  # not the kernel's 8
    assert hp["gradient clipping"] == ("1.0", 1)
    shapes = recipe(latex_doc(("4 Setup", "Each block stacks 3 × 3 filters and two 1×1 filters. "
                                          "The table gives the stages: # layers 1+2n 2n 2n.")))
    assert "filters" not in shapes and "layers" not in shapes  # kernel sizes, a formula


def test_a_symbol_named_after_with() -> None:
    doc = latex_doc(("4 Setup", "The model is discretized with sampling time T_s = 0.1 s."))
    assert recipe(doc)["sampling time T_s"] == ("0.1", 0.1)


def test_a_things_size_named_by_the_thing() -> None:
    doc = latex_doc(("4 Setup", "We use a latent vector of size 256 and the same optimizer. The "
                                "curvature is averaged over a sliding window of width 20. We use "
                                "rollouts of length 50 generated with the world model."))
    hp = recipe(doc)
    assert hp["latent vector size"] == ("256", 256)
    assert hp["sliding window width"] == ("20", 20)
    assert hp["rollout length"] == ("50", 50)
    assert recipe(latex_doc(("4 Setup", "We use mini-batches of size 128, sampling 64 RoIs from "
                                        "each image.")))["batch size"] == ("128", 128)
    ema = recipe(latex_doc(("4 Setup", "A moving average is applied on all trainable variables "
                                       "with a decay rate 0.9999. Our model reaches an error "
                                       "rate of 3.5.")))
    assert ema == {"decay rate": ("0.9999", 0.9999)}  # the error rate is a result


def test_an_augmentations_chance_named_by_what_it_does() -> None:
    doc = latex_doc(("3 Training", "During training, images are horizontally flipped with "
                                   "probability 0.5. Input tokens are randomly masked with a "
                                   "probability of 15% as in BERT. At inference time, dropout with "
                                   "probability 0.5 is applied to the pre-net."))
    hp = recipe(doc)
    assert hp["horizontal flip probability"] == ("0.5", 0.5)
    assert hp["mask rate"] == ("15%", 15)
    assert hp["dropout"] == ("0.5", 0.5)


def test_names_and_values_in_the_same_order_and_sizes_before_their_names() -> None:
    doc = latex_doc(("4 Setup", "On XFUN, the learning rate and batch size are set as 5 × 10−5 "
                                "and 32 for the SER task, respectively. We train the model with "
                                "1000 iterations for convergence. It consists solely of the "
                                "12-layer decoder, and each layer has 12 independent attention "
                                "heads. We trained for 100,000 mini-batch iterations."))
    hp = recipe(doc)
    assert hp["learning rate"] == ("5 × 10−5", 5e-5) and hp["batch size"] == ("32", 32)
    assert hp["training steps"] == ("1000", 1000)
    assert hp["layers"] == ("12", 12) and hp["attention heads"] == ("12", 12)
    assert recipe(latex_doc(("4 Setup", "A 2-layer MLP head is added on top."))) == {}


def test_a_sentences_end_the_pdf_took_for_a_table_row_is_read_with_it() -> None:
    doc = reading.pdfdoc.from_pages([
        "4 Fine-tuning\nWe fine-tune with a linear learning rate decay with 10% warm-up, batch "
        "size\nof 32, and dropout of 0.1.\n"])
    hp = recipe(doc)
    assert hp["batch size"] == ("32", 32) and hp["dropout"] == ("0.1", 0.1)


def test_settings_named_under_a_row_of_groups_one_row_per_environment() -> None:
    t = table("Table 2: Experiment settings for all the environments.",
              ["", "Ours", "Ours", "Ours", "VAE pre-training", "VAE pre-training"],
              ["Environment", "Epochs", "Batch Size", "posterior λ", "Epochs", "Batch Size"],
              ["Discrete", "1000", "256", "0.1", "500", "32"],
              ["Hopper-v2", "5000", "4096", "0.01", "2000", "32"], header_rows=2)
    hp = recipe(latex_doc(("A Settings", t)))
    assert hp["epochs (Ours)"] == ("1000", 1000)
    assert hp["batch size (VAE pre-training)"] == ("32", 32)
    assert hp["epochs (Hopper-v2, Ours)"] == ("5000", 5000)
    assert not any(v in ("Epochs", "Batch Size") for v, _ in hp.values())
    # a column no list names is a setting as printed; a measured column is not
    assert hp["posterior λ (Ours)"] == ("0.1", 0.1)
    measured = table("Table 3: Experimental setup of each model.",
                     ["Model", "Epochs", "Batch size", "Window Size", "Valid. Acc.", "Time (s)",
                      "Params"],
                     ["Ours", "20", "32", "100", "99.5%", "12", "1.2M"])
    assert recipe(latex_doc(("A Settings", measured))) == {
        "epochs": ("20", 20), "batch size": ("32", 32), "Window Size": ("100", 100)}
    named = recipe(latex_doc(("4 Setup", "The size of the sequences τ is 10. For the Gumbel-"
                                         "Softmax distribution we set an initial temperature "
                                         "τ = 5.0.")))
    assert named["temperature τ"] == ("5.0", 5.0)


@pytest.mark.parametrize("sentence, name, value", [
    ("We use a batch size of 256, a learning rate initialized as 0.1 and cosine annealing.",
     "learning rate", "0.1"),
    ("The prediction function uses 16 residual blocks instead of 20.", "blocks", "16"),
    ("We cap the gradient with a clipping value of 1.0.", "gradient clipping", "1.0"),
    ("Both phases use AdamW with gradient clipping at norm 1.0.", "gradient clipping", "1.0"),
    ("A dropout layer (with a drop ratio of 0.2) was inserted before the classifier.", "dropout",
     "0.2"),
    # a table the PDF flattened into a line, a symbol between name and value
    ("HYPERPARAMETERS Learning rate α 0.00025 Minibatch size 32", "learning rate", "0.00025"),
    # the learning rate's decay interval is not the run's length
    ("We use 100k SGD iterations and lower the learning rate by 0.1× each 40k iterations.",
     "training steps", "100k"),
])
def test_more_ways_papers_state_a_setting(sentence: str, name: str, value: str) -> None:
    assert recipe(latex_doc(("4 Training", sentence)))[name][0] == value


def test_a_value_after_a_phase_of_training_is_the_settings_not_the_phases() -> None:
    hp = recipe(latex_doc(("4 Training", "The learning rate for the first 10 epochs is 0.1, and "
                                         "0.01 afterwards.")))
    assert hp["learning rate"] == ("0.1", 0.1) and hp.get("epochs", ("",))[0] != "0.1"


def test_values_listed_for_the_datasets_named_first_respectively() -> None:
    hp = recipe(latex_doc(("4 Training", "On CIFAR and SVHN we train using batch size 64 for 300 "
                                         "and 40 epochs, respectively.")))
    assert hp["epochs (CIFAR)"] == ("300", 300) and hp["epochs (SVHN)"] == ("40", 40)


def test_settings_named_over_two_header_rows_one_row_per_task() -> None:
    t = table("Table 5: Long Range Arena model hyperparameters.",
              ["Task", "#Blocks", "Embedding", "Batch", "Training"],
              ["", "", "Dim", "Size", "Steps"],
              ["Retrieval", "6", "128", "64", "100k"],
              ["ListOps", "8", "128", "32", "80k"], header_rows=2)
    hp = recipe(latex_doc(("A Settings", t)))
    assert hp["batch size"] == ("64", 64) and hp["training steps"] == ("100k", 1e5)
    assert hp["batch size (ListOps)"] == ("32", 32)
    assert not any(v in ("Dim", "Size", "Steps") for v, _ in hp.values())


def test_a_settings_table_cell_left_empty_is_no_value() -> None:
    t = table("Table 9: Hyperparameters.", ["Setting", "Ours", "Baseline"],
              ["Learning rate", "0.1", "—"], ["Batch size", "—", "256"])
    hp = recipe(latex_doc(("A Details", t)))
    assert hp["learning rate"] == ("0.1", 0.1)
    assert not any(value in ("—", "-") for value, _ in hp.values())


def test_the_own_methods_row_of_a_settings_table_is_the_recipe() -> None:
    t = table("Table 9: Tuned hyperparameters of each optimizer.",
              ["Method", "Learning rate", "Momentum"],
              ["Adam", "0.001", "0.9"], ["SGD", "0.1", "0.95"], ["Lion", "0.0003", "0.99"])
    doc = latex_doc(("5 Experiments", t), title="Lion: Evolved Sign Momentum")
    hp = recipe(doc)
    assert hp["learning rate"] == ("0.0003", 3e-4) and hp["momentum"] == ("0.99", 0.99)
    assert hp["learning rate (Adam)"] == ("0.001", 1e-3)  # the baselines' stay apart
    first = recipe(latex_doc(("5 Experiments", t), title="A Study of Optimizers"))
    assert first["learning rate"] == ("0.001", 1e-3)  # no row is the paper's: the first


def test_per_setting_values_stay_apart() -> None:
    doc = latex_doc(
        ("4 Experiments", "For ImageNet, we use a mini-batch size of 256 and a learning rate "
                          "of 0.1."),
        ("4.2 CIFAR-10", "For CIFAR-10, we use a mini-batch size of 128 and a learning rate "
                         "of 0.1."),
        ("4.3 Detection", "We train on COCO with a batch size of 16."),
    )
    hp = recipe(doc)
    assert hp["batch size"] == ("256", 256)
    assert hp["batch size (CIFAR-10)"] == ("128", 128)
    assert hp["batch size (COCO)"] == ("16", 16)
    assert "learning rate (CIFAR-10)" not in hp  # the same value is one setting


def test_a_hyperparameter_table_one_value_per_setting() -> None:
    t = table("The hyperparameters we used for RoBERTa with LoRA on the GLUE benchmark.",
              ["Method", "Dataset", "MNLI", "SST-2", "MRPC"],
              ["", "Optimizer", "AdamW", "AdamW", "AdamW"],
              ["RoBERTa base", "Batch Size", "16", "16", "32"],
              ["RoBERTa base", "LoRA α", "8", "8", "8"],
              ["RoBERTa base", "Learning Rate", "5E-04", "5E-04", "4E-04"])
    got = find_hyperparameters(latex_doc(("D Hyperparameters", t), zone=APPENDIX))
    hp = {h.name: (h.value, h.number) for h in got}
    assert hp["optimizer"] == ("AdamW", None) and hp["LoRA α"] == ("8", 8)
    assert hp["batch size (RoBERTa base, MNLI)"] == ("16", 16)
    assert hp["batch size (RoBERTa base, MRPC)"] == ("32", 32)
    assert hp["learning rate (RoBERTa base, MNLI)"] == ("5E-04", 5e-4)
    row = next(h for h in got if h.name == "LoRA α")
    assert row.source == "RoBERTa base | LoRA α | 8 | 8 | 8" and row.section == "D Hyperparameters"


def test_one_value_for_a_symbols_variants_is_the_symbols_value() -> None:
    method = ("4 Our Method", "We constrain the update by a low-rank decomposition of the "
                              "rank r, which is much smaller than the width.")
    t = table("The hyperparameters for GPT-2 LoRA on E2E.", ["Dataset", "E2E", "WebNLG"],
              ["Optimizer", "AdamW", "AdamW"], ["Batch Size", "8", "8"],
              ["LoRA Config.", "rq=rv=4", "rq=rv=4"])
    hp = recipe(latex_doc(method, ("D Hyperparameters", t)))
    assert hp["rank r"] == ("4", 4) and "LoRA Config." not in hp


def test_units_described_by_their_kind_and_sizes_the_sentence_names() -> None:
    doc = latex_doc(
        ("3 Experiments", "We trained a single large neural net with two hidden layers of 1200 "
                          "rectified linear hidden units on all 60,000 training cases."),
        ("A.2 Model Size", "For all the models used in this paper, the size of a hidden layer n "
                           "is 1000, the word embedding dimensionality m is 620."),
        ("A.3 Momentum", "When m is too small, the accuracy drops; with no momentum (m is 0) "
                         "training fails."))
    hp = recipe(doc)
    assert hp["hidden units"] == ("1200", 1200)
    strides = recipe(latex_doc(("3.1 Audio", "We use five convolutional layers with strides "
                                             "[5, 4, 2, 2, 2], filter-sizes [10, 8, 4, 4, 4] and "
                                             "512 hidden units with ReLU activations.")))
    assert strides["hidden units"] == ("512", 512)  # bracketed lists do not make it a table row
    assert "layers" not in hp  # 1200 is the units', not the layers'
    assert hp["word embedding dimensionality m"] == ("620", 620)
    assert not any(value == "0" for value, _ in hp.values())


def test_variants_ratios_and_examples_of_optimizers() -> None:
    doc = latex_doc(
        ("3 Normalization", "Such a model can be trained with gradient descent or any of its "
                            "variants such as Adagrad [cite]."),
        ("4.2 Single-Network Classification",
         "Inception: the network trained with the initial learning rate of 0.0015. "
         "BN-x5: The initial learning rate was increased by a factor of 5, to 0.0075. "
         "BN-x30: Like BN-x5, but with the initial learning rate 0.045 (30 times that of "
         "Inception). Because our network trains faster, we lower the learning rate 6 times "
         "faster."),
        ("1 Introduction", "SGD variants such as momentum and Adagrad have been used widely."))
    hp = recipe(doc)
    assert hp["learning rate"] == ("0.0015", 0.0015)
    assert hp["learning rate (BN-x5)"] == ("0.0075", 0.0075)
    assert hp["learning rate (BN-x30)"] == ("0.045", 0.045)
    assert not any(value == "6" for value, _ in hp.values())
    assert "optimizer" not in hp
    used = recipe(latex_doc(("4.2 ImageNet", "The model was trained using a version of Stochastic "
                                             "Gradient Descent with momentum, using the mini-batch "
                                             "size of 32.")))
    assert used["optimizer"] == ("SGD with momentum", None)


def test_a_table_with_one_setting_per_column() -> None:
    t = table("Hyperparameters for training.",
              ["Models", "Dataset", "Epochs", "Base LR", "Weight decay", "Dropout"],
              ["ViT-B/16", "JFT-300M", "7", "8·10^-4", "0.1", "0.0"],
              ["ViT-L/16", "ImageNet", "300", "3·10^-3", "0.3", "0.1"])
    hp = recipe(latex_doc(("B.1 Training", t), zone=APPENDIX))
    assert hp["epochs"] == ("7", 7) and hp["learning rate"] == ("8·10^-4", pytest.approx(8e-4))
    assert hp["epochs (ViT-L/16 ImageNet)"] == ("300", 300)


def test_a_results_table_is_not_read_for_settings() -> None:
    t = table("Results on the test set.", ["Model", "BLEU", "Accuracy"], ["Ours", "28.4", "91.0"])
    assert find_hyperparameters(latex_doc(("5 Results", t))) == []


def test_the_recipe_comes_before_other_papers_settings_and_sweeps() -> None:
    doc = latex_doc(
        ("1 Introduction", "Smith et al. [cite] report a learning rate of 0.5 for their model."),
        ("4 Training", "We use a learning rate of 0.001 and train for 90 epochs."),
        ("4 Training", "We searched over learning rates among {0.1, 0.01, 0.001} and batch "
                       "sizes of 32, 64 and 128."),
        ("2 Related Work", "Jones et al. used dropout of 0.3."),
    )
    doc.blocks[-1].zone = doc.blocks[-2].zone = RELATED
    got = find_hyperparameters(doc)
    names = [h.name for h in got]
    assert names[:2] == ["learning rate", "epochs"]
    assert dict((h.name, h.value) for h in got)["learning rate"] == "0.001"
    assert "dropout" not in names  # related work is other papers'
    assert ("batch size (sweep)", "32, 64, 128") in [(h.name, h.value) for h in got]


def test_related_work_and_references_give_no_settings() -> None:
    doc = latex_doc(("2 Related Work", "Prior work used a batch size of 64."), zone=RELATED)
    doc.blocks.append(Block(PROSE, "[3] A. B. Training with a learning rate of 0.1. In ICML, 2019.",
                            REFERENCES, "References"))
    assert find_hyperparameters(doc) == []


def test_sections_from_latex_headings_and_from_pdf_lines() -> None:
    doc = latex_doc(("1 Introduction", "x"), ("3.2 Training", "y"), ("Conclusion", "z"))
    doc.blocks.append(Block(HEADING, "References", REFERENCES, "References"))
    assert find_sections(doc) == ["1 Introduction", "3.2 Training", "Conclusion"]
    pdf = reading.pdfdoc.from_pages(["1 Introduction\nText here.\n2 Method\nMore.\n"
                                     "7 Results 91.0 92.0\n2.1 Details\nAnd so on."])
    assert find_sections(pdf) == ["1 Introduction", "2 Method", "2.1 Details"]


@pytest.mark.parametrize("pages, expected, setting", [
    (["Title\n1Google Inc., USA 2New York University, USA\n1 Introduction\nText.\n"
      "2They represent a negligible number of parameters.\n"
      "0.75Validation Accuracy\n80Accuracy [%]\n2 Method\n"
      "6The vector C is not a meaningful sentence representation\n",
      "3Experiments\n3.1 SQuAD v1.1\n3.2 CIFAR-10 and Analysis\n3.3 Results 91.0 92.0\n"
      "3.3 Scaling Up to GPT-3 175B\nWe scale.\nReferences\n[1] A. Author. A paper. 2019.\n"
      "A LARGE MODELS STILL NEED UPDATES\nText.\nA model with this many layers is slow\n"
      "B Inference Latency\nB.1 Setup\nWe train using AdamW with a batch size of 32.\n"
      "D Hyperparameters Used\n"],
     ["1 Introduction", "2 Method", "3 Experiments", "3.1 SQuAD v1.1", "3.2 CIFAR-10 and Analysis",
      "3.3 Scaling Up to GPT-3 175B", "A LARGE MODELS STILL NEED UPDATES", "B Inference Latency",
      "B.1 Setup", "D Hyperparameters Used"],
     ("32", "B.1 Setup")),  # an appendix setting names its own section
    # run-in subsubsections (their paragraph read under them), titles ending in a period,
    # a lost first subsection, a list of contributions and a footnote
    (["Title\n1 INTRODUCTION\nText.\n1. We introduce a new unsupervised method for\n"
      "2 MODEL\n2.1 Graph Neural Network\n2.1.1 Graph construction. We build a graph with "
      "a batch size of 512 nodes.\n1JODIE stands for Joint Dynamic Embeddings.\n"
      "2.2 2T-HGNN Recommendations\nText.\n3 Related Work\n3.2 Data Processing Approaches\n"
      "3.3 RedPajama, SlimPajama and Others.\nText.\n"],
     ["1 INTRODUCTION", "2 MODEL", "2.1 Graph Neural Network", "2.1.1 Graph construction",
      "2.2 2T-HGNN Recommendations", "3 Related Work", "3.2 Data Processing Approaches",
      "3.3 RedPajama, SlimPajama and Others"],
     ("512", "2.1.1 Graph construction")),
])
def test_pdf_headings_are_told_from_footnotes_plot_axes_and_prose(
        pages: list[str], expected: list[str], setting: tuple[str, str]) -> None:
    doc = reading.pdfdoc.from_pages(pages)
    assert find_sections(doc) == expected
    batch = next(h for h in find_hyperparameters(doc, 1) if h.name.startswith("batch size"))
    assert (batch.value, batch.section) == setting


def test_pdf_headings_among_numbered_lists_running_headers_and_lost_lines() -> None:
    header = "4 SMITH ET AL.: A VERY LONG RUNNING TITLE OF THE PAPER"
    pages = ["Title\n1 Imperial College London, UK\n2 University College London, UK\n"
             "1. Introduction\nText.\n1.1. Contributions\nThis paper makes three points:\n"
             "1. Higher detection quality than others\n"
             "2. Training is single-stage, using a multi-task loss\n"
             "3. Training can update all network layers\n2. Method\nText.\n"
             "2.1. The RoI pooling layer\nText.\n",
             f"{header}\n2.2. sLSTM\nText.\n2.5. Memory and Speed Considerations\n"
             f"Text.\n{header}\n3. Experiments\n3.1. VOC 2010 and 2012 results\n{header}\n"
             "3.2. QLoRA vs. Standard Finetuning\nText.\n"]
    assert find_sections(reading.pdfdoc.from_pages(pages)) == [
        "1 Introduction", "1.1 Contributions", "2 Method", "2.1 The RoI pooling layer",
        "2.2 sLSTM", "2.5 Memory and Speed Considerations", "3 Experiments",
        "3.1 VOC 2010 and 2012 results", "3.2 QLoRA vs. Standard Finetuning"]


def test_ieee_headings_in_sentence_case() -> None:
    pages = ["Title\nI. Introduction\nText.\nII. Related works\nText.\nIII. Model proposal\n"
             "A. Cumulative Link Model (CLM)\nText.\nIV. Experiments\nText.\n"
             "I. think this line is prose that starts with a roman one and goes on for long.\n"]
    assert find_sections(reading.pdfdoc.from_pages(pages)) == [
        "I Introduction", "II Related works", "III Model proposal",
        "III-A Cumulative Link Model (CLM)", "IV Experiments"]


def test_compute_from_the_document() -> None:
    doc = latex_doc(("5.2 Hardware", "We trained our models on one machine with 8 NVIDIA P100 "
                                     "GPUs. Training took 3.5 days."),
                    ("2 Related Work", "Others trained on 512 TPU v3 chips."))
    doc.blocks[-1].zone = RELATED
    assert find_compute(doc) == ["8 NVIDIA P100 GPUs", "3.5 days"]


def test_the_recipe_of_a_generated_pdf(tmp_path: Path) -> None:
    from pdfs import has_unicode_font, make_pdf

    from replicate import pdf

    text = ("Title Of A Paper\nAbstract\nWe propose a model.\n1 Introduction\nIntro text.\n"
            "4 Experimental Setup\nWe use SGD with a mini-batch size of 256 and a momentum of\n"
            "0.9.\n"
            "The learning rate starts from 0.1 and the models are trained for up to 60 × 104\n"
            "iterations. We set K = 65536 and use a weight decay of 0.0001.\n")
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf([text]))
    got = reading.extract(pdf.page_texts(path))
    hp = {h.name: (h.value, h.number, h.page, h.section) for h in got.hyperparameters}
    assert hp["batch size"] == ("256", 256, 1, "4 Experimental Setup")
    assert hp["training steps"][:2] == ("60 × 10^4", 6e5)
    assert hp["weight decay"][1] == 1e-4 and hp["learning rate"][1] == 0.1
    assert hp["K"][1] == 65536
    if has_unicode_font():
        assert hp["momentum"][1] == 0.9


def test_sources_read_from_latex_are_quoted_without_citation_tokens(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\\begin{document}\\section{Training}\n"
        "For all experiments, we train using AdamW~\\cite{adamw} for 2 epochs with a batch "
        "size of 128 samples~\\citep{a,b}, \\cite{c}.\n\\end{document}\n")
    got = reading.extract([""], source=tmp_path)
    assert got.origin == "latex"
    hp = {h.name: h.source for h in got.hyperparameters}
    assert hp["batch size"] == ("For all experiments, we train using AdamW for 2 epochs with a "
                                "batch size of 128 samples.")


def test_warmup_tokens_are_not_warmup_steps() -> None:
    doc = latex_doc(("D.4 GPT-3", table("Table 9: The hyperparameters for GPT-3.",
                                        ["Hyperparameter", "Value"], ["Warmup Tokens", "250,000"],
                                        ["Warmup Steps", "500"], ["Batch Size", "128"],
                                        ["Optimizer: learning rate", "0.2"])))
    got = recipe(doc)
    assert got["warmup tokens"] == ("250,000", 250000) and got["warmup steps"] == ("500", 500)
    assert got["learning rate"] == ("0.2", 0.2)  # a row grouped under what it belongs to


@pytest.mark.parametrize("text, expected", [
    # the settings named before their values, without "respectively"
    ("The batch sizes for CIFAR-10 and for ImageNet are 128 and 4096.",
     {"batch size (CIFAR-10)": ("128", 128), "batch size (ImageNet)": ("4096", 4096)}),
    ("Following [8], we use a Nesterov momentum [35] of 0.9 without dampening. The training was "
     "regularised by weight decay (the L2 penalty multiplier set to 5 · 10−4).",
     {"momentum": ("0.9", 0.9), "weight decay": ("5 · 10−4", pytest.approx(5e-4))}),
    # a per-layer multiplier is not the learning rate
    ("All layers use a per-layer learning rate of 1 for weights and 2 for biases and a global "
     "learning rate of 0.001. A momentum of 0.9 and parameter decay of 0.0005 are used.",
     {"learning rate": ("0.001", 0.001), "weight decay": ("0.0005", 0.0005)}),
    # values per setting, and values each followed by its name in brackets
    ("We used Adam for learning the neural network parameters with a learning rate of 10−4 and "
     "10−3 for the actor and critic respectively. We used for Citeseer, Cora and Pubmed: 0.5 "
     "(dropout rate), 5 · 10−4 (L2 regularization) and 16 (number of hidden units). We remove "
     "stage 4 and place the layers in stage 3 (keeping the total number of layers).",
     {"optimizer": ("Adam", None), "learning rate (actor)": ("10−4", pytest.approx(1e-4)),
      "learning rate (critic)": ("10−3", pytest.approx(1e-3)), "dropout": ("0.5", 0.5),
      "weight decay": ("5 · 10−4", pytest.approx(5e-4)), "hidden units": ("16", 16),
      "layers": None}),
    ("Weights are adjusted using a batch based first-order optimization algorithm called "
     "Adam [48].", {"optimizer": ("Adam", None)}),
    # names before their values, and counts that are whole numbers
    ("We use dropout, where the word and character dropout rates are 0.1 and 0.05 respectively, "
     "and the dropout rate between every two layers is 0.1. We train for 1.5 epochs.",
     {"dropout (word)": ("0.1", 0.1), "dropout (character)": ("0.05", 0.05), "layers": None,
      "epochs": ("1.5", 1.5)}),
    # a list of settings, each named as the paper names it, items apart by semicolons
    ("We use the following settings for all deep models: (1) dropout: 0.5; (2) network "
     "structure: 400-400-400; (3) optimizer: Adam; (4) activation function: tanh for IPNN, "
     "relu for other deep models.",
     {"dropout": ("0.5", 0.5), "network structure": ("400-400-400", None),
      "optimizer": ("Adam", None),
      "activation function": ("tanh for IPNN, relu for other deep models", None)}),
    # two optimizer names, the first the one; a second value for a second setting
    ("Both models are trained using the Adam SGD optimizer (Kingma & Ba, 2014) with an initial "
     "learning rate of 0.01 for Pubmed, and 0.005 for all other datasets. We use a batch size of "
     "32 on CIFAR-10 and 64 on ImageNet.",
     {"optimizer": ("Adam", None), "learning rate": ("0.01", 0.01),
      "learning rate (all other datasets)": ("0.005", 0.005), "batch size": ("32", 32),
      "batch size (ImageNet)": ("64", 64)}),
    # a warm-up stated as the learning rate's, and a momentum coefficient
    ("We use Nesterov's Momentum with a momentum term of 0.9. We use a learning rate "
     "which warms up from 0 to its maximal value over the first 5 epochs.",
     {"momentum": ("0.9", 0.9), "warmup epochs": ("5", 5), "epochs": None}),
    # a boosted trees' recipe: depth, shrinkage (their learning rate) and trees
    ("In all the experiments, we boost trees with a common setting of maximum depth equals 8, "
     "shrinkage equals 0.1 and no column subsampling. We compare exact greedy methods with "
     "500 trees on Higgs-1M data.",
     {"max depth": ("8", 8), "learning rate": ("0.1", 0.1), "number of trees": ("500", 500)}),
    # settings named in the paper's own words, as what they size or weigh; not a noun alone
    ("We use a codebook size of 512. We keep an exponential moving average with a decay rate "
     "of 0.99999. We set the image buffer size to 50. We use a ratio of 1 between them.",
     {"codebook size": ("512", 512), "decay rate": ("0.99999", 0.99999),
      "image buffer size": ("50", 50), "ratio": None}),
    # settings listed as name then value, each named as printed
    ("We adopt searched learning rate 0.00261, momentum 0.949, IoU threshold for assigning "
     "ground truth 0.213, and loss normalizer 0.07 for genetic algorithm experiments.",
     {"learning rate": ("0.00261", 0.00261), "momentum": ("0.949", 0.949),
      "iou threshold for assigning ground truth": ("0.213", 0.213),
      "loss normalizer": ("0.07", 0.07)}),
    # symbols the sentence names or says it applies, and a size stated with "is"
    ("We consider α = 0.5. During training, we apply L2 regularization with λ = 0.0005. In our "
     "model, the filter size is 5,461.",
     {"α": ("0.5", 0.5), "weight decay λ": ("0.0005", 0.0005), "filter size": ("5,461", 5461)}),
    # settings a word gives: the activation, the loss, the initialization
    ("Each layer uses the GELU activation. We train with a binary cross-entropy loss for the "
     "class predictions. Both models are initialized using Glorot initialization. The loss of "
     "the model is low.",
     {"activation": ("GELU", None), "loss function": ("binary cross-entropy", None),
      "initialization": ("Glorot", None)}),
    # a size printed "48x48" is no number of its own, let alone 4
    ("We use an output resolution of 48x48 and train for 90 epochs. We use a compression ratio "
     "of 1/8. The learning rate schedule of 0.1, 0.01 and 0.001 for 50k, 25k and 10k updates.",
     {"image resolution": None, "epochs": ("90", 90), "compression ratio": None,
      "learning rate schedule (sweep)": ("0.1, 0.01, 0.001", None)}),
    # a list after "with", and one whose values carry units and glosses, each named as printed
    ("The audio encoder has two layers with hidden dimension 64, state dimension 16, "
     "convolution width 4, expansion factor 2, and projects to a vector. Break mode uses an "
     "energy onset threshold of 0.1, release threshold of 0.25, a silence onset of 3 frames "
     "(≈ 150 ms), and a grace window of 8 frames (≈ 400 ms).",
     {"state dimension": ("16", 16), "convolution width": ("4", 4), "expansion factor": ("2", 2),
      "release threshold": ("0.25", 0.25), "silence onset": ("3", 3)}),
    # a schedule and an optimizer named in words, in any case, not the one a method came from
    ("Both phases use cosine learning-rate decay. We optimize GNNs end-to-end using ADAM. Our "
     "rule was derived from ADAGRAD [3].",
     {"learning rate schedule": ("cosine", None), "optimizer": ("ADAM", None)}),
    ("We use stochastic gradient descent with Nesterov momentum [61]. The learning rate is "
     "decayed linearly to zero.",
     {"optimizer": ("SGD with Nesterov momentum", None),
      "learning rate schedule": ("linearly", None)}),
    # names and values paired with "respectively" before "set"; a symbol of what a proper
    # name names; a noun alone named by the technique it belongs to
    ("The momentum and weight decay are respec- tively set as 0.9 and 0.0005. For exploration "
     "we use an Ornstein-Uhlenbeck process with θ = 0.15. We use Stochastic Depth with a rate "
     "of 0.25. All systems are trained using AAM-softmax with a margin of 0.2. We use a ratio "
     "of 1 between them.",
     {"momentum": ("0.9", 0.9), "weight decay": ("0.0005", 0.0005),
      "Ornstein-Uhlenbeck process θ": ("0.15", 0.15), "stochastic depth rate": ("0.25", 0.25),
      "aam-softmax margin": ("0.2", 0.2), "ratio": None}),
    # a symbol named by the words before it that say what it is
    ("We use a compression factor θ = 0.5. Following prior work, the total mask ratio rt = 0.25.",
     {"compression factor θ": ("0.5", 0.5), "total mask ratio rt": ("0.25", 0.25)}),
    # a rate after the epochs is no number of epochs
    ("Phase 2 fine-tunes for 20 epochs at 1×10^-4 with scheduled sampling.",
     {"epochs": ("20", 20)}),
])
def test_words_between_a_setting_and_its_value(text: str, expected: dict) -> None:
    got = recipe(latex_doc(("4.2 Training", text)))
    assert {name: got.get(name) for name in expected} == expected


def test_algorithm_lines_pronouns_and_the_word_hyperparameters_name_no_setting() -> None:
    doc = latex_doc(("4.1 Implementation", "For all CIFAR experiments, we use the same "
                     "hyperparameters M = 2, T = 0.5, and α = 4. τ is set as 0.5 except for 90% "
                     "noise ratio when it is set as 0.6."),
                    ("3.1 Method", "Line 4-8: co-divide; Line 17-18: label co-refinement; Line 20: "
                     "label co-guessing."),
                    ("3.1 Method", "Epoch 10: CE with Confidence Penalty (b)"))  # a plot's panel
    got = recipe(doc)
    assert {"M", "T", "α", "τ"} <= set(got) and got["M"] == ("2", 2.0)
    assert not any(n.startswith(("hyperparameters", "it", "line", "epoch")) for n in got)


def test_a_setting_after_the_reference_list_is_the_appendix_s() -> None:
    doc = reading.pdfdoc.from_pages([
        "1 Introduction\nText.\n4 Experiments\nWe use a dropout of 0.05 in all experiments.\n",
        "References\n[1] A. Author. A paper. 2020.\nTraining details\n"
        "For the largest models we use a dropout of 0.1 throughout.\n"])
    got = recipe(doc)
    assert got["dropout"] == ("0.05", 0.05) and got["dropout (appendix)"] == ("0.1", 0.1)


def test_a_settings_table_the_pdf_prints_line_by_line() -> None:
    page = "\n".join([
        "1 Introduction", "Text.", "F Hyperparameters", "Hyperparameter Value", "Updates 1048576",
        "Optimizer AdamW", "Learning Rate Schedule Linear Decay",
        "Observation down-sampling 96 × 96", "Speechless audio subsample factor 10×",
        "Table 17. Training hyperparameters.",
        "Model Max Learning Rate", "Tiny 1.5 × 10−3", "Large V2 2.0 × 10−4",
        "Table 19. Learning rates of the models."])
    got = recipe(reading.pdfdoc.from_pages([page]))
    assert got["optimizer"] == ("AdamW", None) and got["training steps"] == ("1048576", 1048576)
    assert got["learning rate schedule"] == ("Linear Decay", None)
    assert got["speechless audio subsample factor"][0] == "10×"
    assert got["max learning rate"] == ("1.5 × 10−3", 1.5e-3)
    assert got["max learning rate (Large V2)"] == ("2.0 × 10−4", 2e-4)
    assert not any(n.startswith("observation") for n in got)  # "96 × 96" is no name and value


def test_usual_settings_listed_with_their_values_in_brackets() -> None:
    doc = latex_doc(("4 Training", "We use label smoothing (0.1), weight decay (0.01), and "
                     "gradient norm clipping (0.1). The model (12 layers) is described in [3]."))
    got = recipe(doc)
    assert got["label smoothing"] == ("0.1", 0.1) and got["weight decay"] == ("0.01", 0.01)
    assert got["gradient clipping"] == ("0.1", 0.1)


def test_a_warm_up_that_raises_the_learning_rate_from_zero_gives_its_peak_and_length() -> None:
    doc = latex_doc(("5 Training", "Following (Goyal et al. 2017), we linearly increase the "
                     "learning rate from 0 to 0.256 in the first 5-epoch warmup training stage."))
    got = recipe(doc)
    assert got["learning rate"] == ("0.256", 0.256) and got["warmup epochs"] == ("5", 5.0)


def test_a_rate_kept_for_a_number_of_epochs_is_not_that_number() -> None:
    doc = latex_doc(("4 Implementation", "All networks were trained from scratch with a learning "
                     "rate of 0.0002. We keep the same learning rate for the first 100 epochs and "
                     "linearly decay the rate to zero over the next 100 epochs."))
    got = recipe(doc)
    assert got["learning rate"] == ("0.0002", 0.0002)
    assert [v for n, v in got.items() if n.startswith("learning rate")] == [("0.0002", 0.0002)]


def test_a_significance_tests_p_is_no_setting_but_dropout_p_is() -> None:
    doc = latex_doc(("3 Data", "Each dataset has n samples and p features, where p is the "
                               "number of features."),
                    ("5 Results", "The ranks differ across methods (Friedman test): "
                                  "χ^2(17)=33.79, p=0.0089, Kendall's W=0.33."),
                    ("4 Setup", "We use dropout with p = 0.5 in every layer."))
    assert [h.value for h in find_hyperparameters(doc, 1)] == ["0.5"]


def test_the_optimizer_named_specifically_a_one_cycle_schedule_and_gradients_accumulated() -> None:
    doc = latex_doc(("4.2 Training Details",
                     "Both networks are trained using stochastic gradient descent (SGD) with "
                     "momentum, specifically the ADAM algorithm [cite]."),
                    ("4.2 Training Details",
                     "The NAdam optimizer uses a one-cycle learning rate (OCLR) schedule with a "
                     "peak learning rate of 3e-4. The batch size is 640k samples and the gradients "
                     "are accumulated over 3 steps."))
    found = recipe(doc)
    assert found["optimizer"][0] == "ADAM"
    assert found["learning rate schedule"][0] == "one-cycle"
    assert found["gradient accumulation"] == ("3", 3.0)
    assert "training steps" not in found
    assert [h.value for h in find_hyperparameters(doc, 1) if h.name.startswith("optimizer")] == [
        "ADAM", "NAdam"]


def test_a_batch_size_fixed_on_a_value() -> None:
    doc = latex_doc(("4 Setup", "The value of α is tuned to 0.25. Batch size is fixed on 128 and "
                                "embedding dimension is 32."))
    assert recipe(doc)["batch size"] == ("128", 128)


def test_a_number_after_learning_rate_decay_is_its_factor_not_a_schedule() -> None:
    doc = latex_doc(("4 Setup", "The classifier is trained for 175 epochs with a learning rate "
                                "decay of 0.1 at epochs 100 and 150."))
    found = recipe(doc)
    assert found["learning rate decay factor"] == ("0.1", 0.1)
    assert "learning rate schedule" not in found


def test_values_of_a_sentence_that_opens_in_one_datasets_experiments_belong_to_it() -> None:
    doc = latex_doc(("4.1 Experimental setup",
                     "In ImageNet image classification experiments, the default hyper-parameters "
                     "are as follows: the training steps is 8,000,000 and the batch size is 128."),
                    ("4.1 Experimental setup",
                     "In MS COCO object detection experiments, the default hyper-parameters are "
                     "as follows: the training steps is 500,500 and the batch size is 64."))
    found = recipe(doc)
    assert found["training steps"] == ("8,000,000", 8e6)
    assert found["training steps (COCO)"] == ("500,500", 500500)
    assert found["batch size (COCO)"] == ("64", 64)


def test_a_plots_legend_of_numbered_settings_is_no_heading() -> None:
    legend = "1 Frozen Layer\n2 Frozen Layers\n3 Frozen Layers\n4 Frozen Layers\n"
    pages = ["1 Introduction\nText.\n2 Method\nText.\n3 Setup\nText.\n",
             "Table 1: Datasets used\n4 Results\nThe test results are in Table 3.\n"
             f"Method WER CER\n3 Frozen Layers .68 .47\n4 Frozen Layers .68 .46\n{legend}",
             f"{legend}5 Further Research\nText.\n"]
    assert find_sections(reading.pdfdoc.from_pages(pages)) == [
        "1 Introduction", "2 Method", "3 Setup", "4 Results", "5 Further Research"]


def test_the_random_seed_a_run_uses_is_a_setting_apart_from_how_many_seeds() -> None:
    doc = latex_doc(("A Reproducibility", "Randomness control: seed control is exposed via "
                                          "SEED=42 in the config. We average over 5 seeds. "
                                          "It reaches 96.9% (best seed: 97.6%)."),
                    ("4 Setup", "We train with a batch size of 32 and a learning rate of 0.1."))
    found = recipe(doc)
    assert found["random seed"] == ("42", 42)
    assert found["seeds"] == ("5", 5)
    assert [h.name for h in find_hyperparameters(doc, 1)][-1] == "random seed"


def test_word_settings_as_papers_phrase_them() -> None:
    doc = latex_doc(("3.1 Architecture",
                     "The weights of the model are optimized using the Adam method [cite] with "
                     "respect to the Connectionist Temporal Classification (CTC) loss."),
                    ("4 Training", "We initialize all parameters with xavier method and train "
                                   "the network from scratch. We apply cosine-decay learning "
                                   "rate scheduler [cite] during training."))
    found = recipe(doc)
    assert found["optimizer"][0] == "Adam"
    assert found["loss function"][0] == "Connectionist Temporal Classification (CTC)"
    assert found["initialization"][0] == "xavier"
    assert found["learning rate schedule"][0] == "cosine"
    doc = latex_doc(("4 Training", "We optimize the loss with stochastic gradient descent using "
                                   "ADAM [cite], with an exponentially decaying learning rate. "
                                   "The loss function was Mean Squared Error (MSE) Loss."))
    found = recipe(doc)
    assert found["optimizer"][0] == "ADAM"
    assert found["learning rate schedule"][0] == "exponentially"
    assert found["loss function"][0] == "Mean Squared Error"
    # a list of the optimizers compared is not one of them named more precisely
    doc = latex_doc(("4 Experiments", "We train the networks using SGD, Momentum, ADAGRAD, and "
                                      "ADADELTA in a supervised fashion."))
    assert recipe(doc)["optimizer"][0] == "SGD"


def test_newer_optimizers_wd_and_a_value_in_brackets_after_its_symbol() -> None:
    doc = latex_doc(("4 Setup", "We use Muon [cite] for 2D weight matrices (lr=0.02, wd=0.005). "
                                "Here the loss is cross-entropy with label smoothing (α=0.2)."))
    found = recipe(doc)
    assert found["optimizer"][0] == "Muon"
    assert found["weight decay"] == ("0.005", 0.005)
    assert found["label smoothing"] == ("0.2", 0.2)


def test_a_warm_up_scheme_to_a_peak_and_a_generic_parameter_of_a_named_regulariser() -> None:
    doc = latex_doc(("4 Training details",
                     "First, we use L2 weight decay on all the trainable variables, with parameter "
                     "λ = 3 × 10−7. We use a learning rate warm-up scheme with an inverse "
                     "exponential increase from 0.0 to 0.001 in the first 1000 steps."))
    found = recipe(doc)
    assert found["weight decay λ"] == ("3 × 10−7", 3e-7)
    assert found["learning rate"] == ("0.001", 0.001) and found["warmup steps"] == ("1000", 1000.0)


def test_a_setting_named_with_and_without_its_symbol_is_shown_once() -> None:
    doc = latex_doc(("4 Training", "We distil with a temperature T = 2 on the transfer set."),
                    ("4 Training", "A temperature of 2 works best; the learning rate is 0.1."))
    found = [(h.name, h.value) for h in find_hyperparameters(doc)]
    assert [v for n, v in found if n.startswith("temperature")] == ["2"]
    assert ("learning rate", "0.1") in found


def test_equation_numbers_functions_notation_and_run_times_are_no_settings() -> None:
    doc = latex_doc(("4 Training",
                     "For fixed values of the network parameters θ, and under the model structure "
                     "(2), the simulated state xsim(0) is the initial state. Networks are always "
                     "denoted with the letter N. A training dataset with N = 4000 samples is built "
                     "with a fixed step ∆t = 0.5 µs. The run-time for n = 20000 gradient descent "
                     "iterations is 135 seconds. We use a learning rate of 0.001."))
    found = [(h.name, h.value) for h in find_hyperparameters(doc)]
    assert ("learning rate", "0.001") in found
    assert not [v for _, v in found if v in ("2", "0", "0.5", "135")]
    assert not [n for n, _ in found if "letter" in n]


def test_adam_optimization_and_what_happens_every_so_many_iterations() -> None:
    doc = latex_doc(("C.2 Model definitions and setup",
                     "Models are all optimized with Adam optimization using default parameters. "
                     "We evaluate each metric every 1000 iterations on the test set."))
    found = recipe(doc)
    assert found["optimizer"][0] == "Adam"
    assert not [n for n in found if n.startswith("training steps")]
    assert found["evaluation interval"] == ("1000", 1000.0)
    doc = latex_doc(("4 Implementation", "We use a learning rate of 0.12 which is exponentially "
                                         "decayed by 0.9x after every 62.5k iterations. We train "
                                         "for 1.25M iterations."))
    found = recipe(doc)
    assert found["learning rate decay interval"][0] == "62.5k"
    assert found["training steps"][0] == "1.25M"
