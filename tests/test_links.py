"""Code links from LaTeX and PDF text, and the official one told apart."""

from __future__ import annotations

from pathlib import Path

import pdfs
import pytest

from replicate import pdf, reading
from replicate.reading.document import BODY, FRONT, PROSE, REFERENCES, Block, Document
from replicate.reading.links import find_official_code, find_urls
from replicate.reading.pdfdoc import from_pages
from replicate.reading.text import clean


def latex(*texts: str, urls: tuple[str, ...] = (), title: str = "", abstract: str = "") -> Document:
    d = Document(origin="latex", title=title, abstract=abstract, urls=list(urls))
    d.blocks = [Block(PROSE, t, BODY, "1 Introduction") for t in texts]
    return d


def official(d: Document, comment: str = "") -> str | None:
    return find_official_code(d, find_urls(d, comment), comment)


def test_latex_url_href_and_footnote_links() -> None:
    d = latex("Our code is available at https://github.com/acme/widget.",
              urls=("https://github.com/acme/widget", "https://pytorch.org/hub",
                    "https://doi.org/10.1000/1"))
    d.blocks.append(Block(PROSE, "[4] https://github.com/else/thing. 2019.", REFERENCES))
    assert find_urls(d) == ["https://github.com/acme/widget", "https://pytorch.org/hub"]
    assert official(d) == "https://github.com/acme/widget"


def test_a_latex_footnote_after_or_inside_the_sentence_releasing_the_code() -> None:
    # LaTeX's footnotes are read in brackets where their marks stand
    after = latex("All our code is available as part of the T2T library and it includes "
                  "instructions on how to run our experiments. (https://github.com/big/t2t/rl) "
                  "Videos are online. (https://github.com/big/videos)")
    assert official(after) == "https://github.com/big/t2t/rl"
    inside = latex("Our implementation (https://github.com/me/fast) is released under MIT.")
    assert official(inside) == "https://github.com/me/fast"
    theirs = latex("The baseline code of Smith et al. is available. (https://github.com/smith/x)")
    assert official(theirs) is None


def test_latex_source_or_model_code_available_and_a_repository_beside_a_deeper_link() -> None:
    source = latex("Source code to perform all experiments is available on github. "
                   "(http://www.github.com/me/gpss. All GP fits used GPML.)")
    assert official(source) == "http://www.github.com/me/gpss"
    # the repository itself, though a link into one of its files begins the same
    model = latex("Model code is available: RASP-for-COGS (https://github.com/me/RASP-for-COGS).",
                  "The rule is at https://github.com/me/RASP-for-COGS/blob/5d12/cogs.rasp#L740.")
    assert official(model) == "https://github.com/me/RASP-for-COGS"


def test_pdf_urls_cut_by_a_line_break_are_joined() -> None:
    d = from_pages(["1 Introduction\nThe code we used to train our models is available at "
                    "https://github.com/\ntensorflow/tensor2tensor. See also "
                    "www.example.org/data-\n"
                    "card for the data.\n", "References\n[1] https://github.com/cited/repo\n"])
    assert find_urls(d) == ["https://github.com/tensorflow/tensor2tensor",
                            "https://www.example.org/data-card"]
    assert official(d) == "https://github.com/tensorflow/tensor2tensor"


def test_other_projects_repositories_are_not_official() -> None:
    d = latex("We build on the baseline code of Smith et al., available at "
              "https://github.com/smith/base. Their implementation is available at "
              "https://github.com/jones/impl.")
    assert official(d) is None


def test_a_repository_named_after_the_papers_system_is_official() -> None:
    d = latex("Experiments use https://github.com/facebookresearch/moco and "
              "https://github.com/facebookresearch/detectron2.",
              abstract="We present Momentum Contrast (MoCo) for unsupervised learning.")
    assert official(d) == "https://github.com/facebookresearch/moco"
    d = latex(urls=("https://github.com/microsoft/LoRA",), title="LoRA: Low-Rank Adaptation")
    assert official(d) == "https://github.com/microsoft/LoRA"


def test_a_repository_named_after_the_title_s_system_among_others_it_names() -> None:
    d = latex("∗ Equal contribution. 1 https://github.com/allenai/specter and the benchmark "
              "at https://github.com/allenai/scidocs.",
              title="SPECTER: Document-level Representation Learning",
              abstract="We propose SPECTER. We also release SCIDOCS, a new benchmark.")
    assert official(d) == "https://github.com/allenai/specter"
    d = latex("Loading scripts: https://github.com/multilexsum/dataset.",
              title="Multi-LexSum: Real-World Summaries of Civil Rights Lawsuits")
    assert official(d) == "https://github.com/multilexsum/dataset"
    d = latex("1 https://github.com/someone/longeval-summarization",
              title="LongEval: Guidelines for Human Evaluation of Faithfulness")
    assert official(d) == "https://github.com/someone/longeval-summarization"
    d = latex("A video of our results can be seen at https://sites.google.com/view/directed-gail.",
              title="Directed GAIL: Learning Hierarchical Policies")
    assert official(d) is None  # a project page named after it is not its code


def test_a_footnote_saying_where_the_implementation_is() -> None:
    d = from_pages(["2 Method\nIn this case, a convolution\n1Implementation available on "
                    "https://github.com/\nme/counting.\noperation as defined in [25]\n"])
    assert find_urls(d) == ["https://github.com/me/counting"]
    assert official(d) == "https://github.com/me/counting"


def test_a_host_and_a_path_both_cut_by_line_breaks() -> None:
    d = from_pages(["1 Introduction\nprior work used the Transformer\n1Code has been released at "
                    "https://github.\ncom/google-research/tapas/blob/master/\nTABLEFORMER.md\n"
                    "Title Length\n"])
    assert official(d) == "https://github.com/google-research/tapas/blob/master/TABLEFORMER.md"
    d = from_pages(["1 Introduction\nfrom\n1See shared repository located at "
                    "https://github.com/kandluis/code-gen.\n2See article by Marc Andreessen.\n"])
    assert official(d) == "https://github.com/kandluis/code-gen"


def test_the_arxiv_comment_and_the_abstract_name_the_code() -> None:
    d = latex("Nothing here.", abstract="Code is available at https://github.com/a/b.")
    assert official(d) == "https://github.com/a/b"
    d = Document(origin="pdf", blocks=[Block(PROSE, "Intro.", FRONT)], pages=["Intro."])
    assert official(d, "Code: https://github.com/c/d") == "https://github.com/c/d"


def test_a_url_cut_after_its_scheme_and_code_under_a_licence() -> None:
    d = from_pages(["Fast R-CNN\nAbstract\nFast R-CNN is implemented in Python and C++ and is "
                    "available under the open-source MIT License at https:\n"
                    "//github.com/rbgirshick/fast-rcnn.\n1 Introduction\nText.\n"])
    assert find_urls(d) == ["https://github.com/rbgirshick/fast-rcnn"]
    assert official(d) == "https://github.com/rbgirshick/fast-rcnn"


def test_code_that_may_be_found_at_a_link_and_a_project_page_said_to_hold_the_code() -> None:
    d = from_pages(["3 Experiments\nWe report the mean of 10 runs.\n1Our implementation of the GAT "
                    "layer may be found at: https://github.com/PetarV-/GAT.\n"])
    assert official(d) == "https://github.com/PetarV-/GAT"
    d = from_pages(["YOLOv3\nAbstract\nIt is 3.8x faster. As always, all the code is online at "
                    "https://pjreddie.com/yolo/.\n1 Introduction\nDarknet is at "
                    "http://pjreddie.com/darknet/.\n"])
    assert official(d) == "https://pjreddie.com/yolo/"
    # a page that is not said to hold the code is not the code
    d = from_pages(["1 Introduction\nOur data is available at https://example.org/data.\n"])
    assert official(d) is None


def test_a_monorepo_folder_named_after_the_method_is_official() -> None:
    d = from_pages(["Temporal Fusion Transformers\nAbstract\nWe introduce the Temporal Fusion "
                    "Transformer (TFT).\n1 Introduction\nText.\n3URL: https://github.com/google-"
                    "research/google-research/tree/master/tft\n"])
    d.title = "Temporal Fusion Transformers"
    d.abstract = "We introduce the Temporal Fusion Transformer (TFT)."
    assert official(d) == "https://github.com/google-research/google-research/tree/master/tft"


def test_a_footnote_link_whose_mark_closes_a_sentence_releasing_the_code() -> None:
    page = ("1 Introduction\nWe have released our two best-performing models1 to facilitate "
            "research.\nWe feed each page to Apache's PDFBox library2 to read it.\n"
            "1http://www.robots.ox.ac.uk/\u02dcvgg/research/very_deep/\n1\n"
            "2https://pdfbox.apache.org\n")
    d = from_pages([clean(page), "References\n[1] A. Author. A paper. 2014.\n"])
    assert "http://www.robots.ox.ac.uk/~vgg/research/very_deep/" in find_urls(d)  # no page number
    assert official(d) == "http://www.robots.ox.ac.uk/~vgg/research/very_deep/"
    # the mark of a tool the paper uses is not a release
    d = from_pages([page.replace("released our two best-performing models1", "trained models"),
                    "References\n"])
    assert official(d) is None
    d = from_pages(["A.2 Code\nOur code to reproduce our results along with the commands are "
                    "available3 through the Transformers library.\n3huggingface.co/mvp\n"])
    assert official(d) == "https://huggingface.co/mvp"


def test_code_at_the_following_url_or_on_the_project_website() -> None:
    d = from_pages(["1 Introduction\nTo serve as a foundation for further research, we release "
                    "inference code and models at\nthe following URL: https://github.com/openai/"
                    "\nwhisper.\n2 Approach\n"])
    assert official(d) == "https://github.com/openai/whisper"
    d = from_pages(["1 Introduction\nThe code and datasets are available on the project website:"
                    "\nhttp://snap.stanford.edu/jodie.\nACM Reference Format:\n"])
    assert official(d) == "http://snap.stanford.edu/jodie"


def linked_pdf(path: Path, line: str, url: str) -> None:
    path.write_bytes(pdfs.linked_pdf("1 Introduction\nWe study widgets.", line, url))


def test_a_link_the_page_does_not_print_is_official_when_its_line_speaks_of_our_code(
        tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    linked_pdf(path, "We provide both PyTorch and Torch implementations.",
               "https://github.com/acme/widget")
    texts = tmp_path / "texts.json"
    pages = pdf.page_texts(path, cache=texts)  # keeps the page's links to code hosts
    links = pdf.page_links(path, texts, pages)
    assert links == [(1, "https://github.com/acme/widget",
                      "We provide both PyTorch and Torch implementations.")]
    path.unlink()
    assert pdf.page_links(path, texts, pages) == links  # read once, then from the cache
    # a PDF gone before its links were read gives none, and none are kept for later
    fresh = tmp_path / "fresh.json"
    linked_pdf(path, "We provide our code", "https://github.com/acme/widget")
    pages = pdf.page_texts(path, cache=fresh)
    path.unlink()
    assert pdf.page_links(path, fresh, pages) == []
    linked_pdf(path, "We provide our code", "https://github.com/acme/widget")
    assert pdf.page_links(path, fresh, pages) == [(1, "https://github.com/acme/widget",
                                                  "We provide our code")]
    path.unlink()
    linked_pdf(path, "We provide both PyTorch and Torch implementations.",
               "https://github.com/acme/widget")
    found = reading.extract(pdf.page_texts(path), links=links)
    assert found.official_code == "https://github.com/acme/widget"
    assert "https://github.com/acme/widget" in found.code_urls
    other = tmp_path / "other.pdf"
    linked_pdf(other, "Instead we use the public implementation of CoGAN.",
               "https://github.com/someone/CoGAN")
    found = reading.extract(pdf.page_texts(other), links=pdf.page_links(other))
    assert found.official_code is None


def test_code_and_models_at_a_link_and_a_repository_named_as_the_title() -> None:
    d = from_pages(["Abstract\nCode and pre-trained models at https://github.com/\n"
                    "facebookresearch/SEAL.\n1 Introduction\nText.\n"])
    assert official(d) == "https://github.com/facebookresearch/SEAL"
    # a footnote on the framework the code is built on names no release; the repository
    # has the title's name
    d = from_pages(["1 Introduction\nWe implemented our methods based on Keras6.\n"
                    "6https://github.com/hexiangnan/neural_\ncollaborative_filtering\n"
                    "See also https://github.com/keras-team/keras.\n"])
    d.title = "Neural Collaborative Filtering"
    assert official(d) == "https://github.com/hexiangnan/neural_collaborative_filtering"


def test_the_training_scripts_available_online_are_the_official_code() -> None:
    # a LaTeX footnote, read where its mark stands
    tex = latex("We train Mozilla's implementation (https://github.com/mozilla/DeepSpeech) on "
                "two languages.",
                "The complete training script, as well as the modified versions of DeepSpeech "
                "that utilize layer freezing are available online "
                "(https://github.com/me/deepspeech-paper).")
    assert official(tex) == "https://github.com/me/deepspeech-paper"
    # a PDF footnote, its mark closing the sentence
    page = ("3 Training\nWe train Mozilla's implementation1 on two languages. The complete "
            "training script, as well as the modified versions that utilize layer freezing are "
            "available online2.\n1https://github.com/mozilla/DeepSpeech\n"
            "2https://github.com/me/deepspeech-paper\n")
    assert official(from_pages([clean(page), "References\n"])) == (
        "https://github.com/me/deepspeech-paper")


def test_a_review_copys_anonymous_repository_is_its_code() -> None:
    d = from_pages(["1 Introduction\nWe define a loss.2\n2Code is available at https://anonymous."
                    "4open.science/r/isometry-pursuit-8FC4/README.md.\n"])
    assert official(d) == "https://anonymous.4open.science/r/isometry-pursuit-8FC4/README.md"


def test_data_and_code_released_at_two_links_in_that_order() -> None:
    d = latex("Our dataset and system are publicly available at https://github.com/me/Tweebank "
              "and https://github.com/me/twpipe. We annotate tweets.",
              urls=("https://github.com/me/Tweebank", "https://github.com/me/twpipe"))
    assert official(d) == "https://github.com/me/twpipe"


def test_the_code_implementations_may_be_found_online_at() -> None:
    d = latex("The code implementations may be found online at https://github.com/me/wdbc. "
              "Nearest neighbour search was based on the work of others.",
              urls=("https://github.com/me/wdbc",))
    assert official(d) == "https://github.com/me/wdbc"


@pytest.mark.parametrize("sentence", [
    "We study a benchmark and release the codes required to reproduce our results in the "
    "GitHub repository https://github.com/me/sysid.",
    "The developed software is based on the PyTorch library and it is available in the GitHub "
    "repository https://github.com/me/sysid.",
    "All code used for the analysis in this paper can be found here: https://github.com/me/sysid.",
])
def test_code_released_in_a_github_repository_or_found_here(sentence: str) -> None:
    d = latex(sentence + " Our baseline follows Smith et al.", urls=("https://github.com/me/sysid",))
    assert official(d) == "https://github.com/me/sysid"
