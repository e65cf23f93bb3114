"""The LaTeX reader: an unpacked arXiv source folder becomes a Document."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from replicate.reading import tables
from replicate.reading.document import (
    ABSTRACT,
    APPENDIX,
    BODY,
    CAPTION,
    FRONT,
    HEADING,
    PROSE,
    REFERENCES,
    RELATED,
    TABLE,
    Document,
)
from replicate.reading.latex import parse_source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def paper(tmp_path: Path, body: str, preamble: str = "", **files: str) -> Document:
    main = (f"\\documentclass{{article}}\n{preamble}\n"
            f"\\begin{{document}}\n{body}\n\\end{{document}}\n")
    doc = parse_source(write(tmp_path, {"main.tex": main, **files}))
    assert doc is not None
    return doc


def texts(doc: Document, kind: str = PROSE) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == kind]


def prose(doc: Document) -> str:
    return "\n".join(texts(doc))


# -- finding and assembling the source ---------------------------------------------------------


def test_no_tex_or_no_main_file_is_no_source(tmp_path):
    assert parse_source(tmp_path) is None
    write(tmp_path, {"section.tex": "\\section{Intro} text", "notes.txt": "hello"})
    assert parse_source(tmp_path) is None
    assert parse_source(tmp_path / "missing") is None


def test_a_wrapper_around_the_pdf_is_no_source(tmp_path):
    write(tmp_path, {"arxiv.tex": "\\documentclass{article}\n\\usepackage{pdfpages}\n"
                                  "\\begin{document}\n\\includepdf[pages=1-last]{paper.pdf}\n"
                                  "\\end{document}\n"})
    assert parse_source(tmp_path) is None


def test_the_main_file_is_the_one_that_inputs_the_others(tmp_path):
    doc = parse_source(write(tmp_path, {
        "big_standalone_figure.tex": "\\documentclass{standalone}\\begin{document}"
                                     + "x " * 5000 + "\\end{document}",
        "paper.tex": "\\documentclass{article}\\begin{document}\\input{intro}\\end{document}",
        "intro.tex": "\\section{Introduction}We read the right file.",
    }))
    assert doc is not None
    assert texts(doc, HEADING) == ["1 Introduction"]
    assert "We read the right file." in prose(doc)


def test_a_supplement_compiled_beside_the_paper_is_not_the_main_file(tmp_path):
    tables = {f"tables/t{i}.tex": f"\\begin{{tabular}}{{c}}{i}\\end{{tabular}}" for i in range(6)}
    doc = parse_source(write(tmp_path, {
        **tables,
        "supplemental_online.tex": "\\documentclass{article}\\begin{document}Complete results."
                                   + "".join(f"\\input{{tables/t{i}}}" for i in range(6))
                                   + "\\end{document}",
        "ms.tex": "\\documentclass{article}\\begin{document}\\input{intro}\\end{document}",
        "intro.tex": "\\section{Introduction}The paper itself.",
    }))
    assert doc is not None and texts(doc, HEADING) == ["1 Introduction"]


def test_of_two_main_files_the_one_titled_as_the_paper_is_read(tmp_path):
    folder = write(tmp_path, {
        # an old draft, longer than the paper, left beside it
        "main.tex": "\\documentclass{article}\\title{Multiparty Linear Regression}"
                    "\\begin{document}\\section{Draft}" + "words " * 400 + "\\end{document}",
        "nips_format.tex": "\\documentclass{article}\\title{Secure Computation for Machine "
                           "Learning With SPDZ}\\begin{document}\\section{Introduction}The paper."
                           "\\end{document}",
    })
    doc = parse_source(folder, "Secure computation for machine learning with SPDZ")
    assert doc is not None and texts(doc, HEADING) == ["1 Introduction"]
    # with no title known, the larger file is still taken
    assert texts(parse_source(folder), HEADING) == ["1 Draft"]


def test_a_word_inside_a_file_name_does_not_mark_it_a_supplement(tmp_path):
    doc = parse_source(write(tmp_path, {
        "discovery.tex": "\\documentclass{article}\\begin{document}\\input{intro}\\end{document}",
        "intro.tex": "\\section{Introduction}The paper itself.",
        "notes.tex": "\\documentclass{article}\\begin{document}Notes.\\end{document}",
    }))
    assert doc is not None and texts(doc, HEADING) == ["1 Introduction"]


def test_the_main_file_may_be_spelled_ltx_or_upper_case(tmp_path):
    doc = parse_source(write(tmp_path, {
        "PAPER.TEX": "\\documentclass{article}\\begin{document}Upper case.\\end{document}"}))
    assert doc is not None and prose(doc) == "Upper case."
    doc = parse_source(write(tmp_path / "b", {
        "paper.ltx": "\\documentclass{article}\\begin{document}Other suffix.\\end{document}"}))
    assert doc is not None and prose(doc) == "Other suffix."


def test_the_document_may_begin_in_an_input(tmp_path):
    doc = parse_source(write(tmp_path, {
        "main.tex": "\\documentclass{article}\n\\usepackage{x}\n\\input{body}\n",
        "body.tex": "\\begin{document}\n\\section{Intro}Body text.\n\\end{document}\n"}))
    assert doc is not None and prose(doc) == "Body text."


def test_inputs_are_followed_with_and_without_extension_in_subfolders_and_with_spaces(tmp_path):
    doc = paper(
        tmp_path,
        "\\input{sections/intro}\n\\include{sections/method.tex}\n\\input{my results}\n"
        "\\subfile{parts/extra}\n\\input appendix\n\\input{missing/file}\n",
        **{
            "sections/intro.tex": "\\section{Intro}Intro text.\n\\input{sections/nested}",
            "sections/nested.tex": "Nested text.",
            "sections/method.tex": "\\section{Method}Method text.",
            "my results.tex": "\\section{Results}Results text.",
            "parts/extra.tex": "\\documentclass[../main.tex]{subfiles}\n\\begin{document}\n"
                               "Subfile text.\n\\end{document}",
            "appendix.tex": "Bare input text.",
        })
    body = prose(doc)
    for sentence in ("Intro text.", "Nested text.", "Method text.", "Results text.",
                     "Subfile text.", "Bare input text."):
        assert sentence in body
    assert "documentclass" not in body and "subfiles" not in body


def test_an_input_cycle_ends(tmp_path):
    doc = paper(tmp_path, r"\input{a}",
                **{"a.tex": r"A text. \input{b}", "b.tex": r"B text. \input{a}"})
    assert prose(doc).count("A text.") == 1
    assert prose(doc).count("B text.") == 1


def test_comments_crlf_and_latin1(tmp_path):
    main = ("\\documentclass{article}\r\n\\begin{document}\r\n"
            "Accuracy rose by 5\\% % this is a comment with 99.9\r\n"
            "% a whole commented line 42.0\r\n"
            "and stayed. \\input{old}\r\n\r\nNew paragraph.%\r\n\r\nAnother.\r\n"
            "\\end{document}\r\n")
    old = "Caf\xe9 na\xefve \u201ctext\u201d.".encode("cp1252")
    doc = parse_source(write(tmp_path, {"main.tex": main, "old.tex": old}))
    assert doc is not None
    body = prose(doc)
    assert "Accuracy rose by 5% and stayed." in body  # one paragraph: the comment line joins it
    assert "99.9" not in body and "42.0" not in body
    assert "Café naïve “text”." in body
    assert texts(doc)[-2:] == ["New paragraph.", "Another."]


def test_iffalse_and_comment_environments_are_dropped(tmp_path):
    doc = paper(tmp_path, "Kept.\n\\iffalse\nOld draft 12.3.\n\\fi\n"
                          "\\begin{comment}\nHidden 45.6.\n\\end{comment}\nAlso kept.")
    body = prose(doc)
    assert "Kept." in body and "Also kept." in body
    assert "12.3" not in body and "45.6" not in body


def test_conditionals_take_the_branch_the_paper_chose(tmp_path):
    doc = paper(
        tmp_path,
        "\\iftoggle{arxiv}{\\begin{table}[H]}{\\begin{table}[t]}\n\\caption{Chosen.}\n"
        "\\begin{tabular}{ll}a & 1\\\\\\end{tabular}\n\\end{table}\n"
        "\\ifextended Long version 7.7. \\else Short version. \\fi\n"
        "\\section{Later}Still read.",
        preamble="\\usepackage{etoolbox}\\newtoggle{arxiv}\\toggletrue{arxiv}\\newif\\ifextended")
    assert doc.tables[0].caption == "Chosen."
    assert "Short version." in prose(doc) and "7.7" not in prose(doc)
    assert "Still read." in prose(doc)


# -- macros ------------------------------------------------------------------------------------


def test_the_papers_macros_are_expanded(tmp_path):
    preamble = (
        "\\newcommand{\\bertlarge}{BERT$_{\\rm LARGE}$}\n"
        "\\newcommand*{\\ours}{RoBERTa\\xspace}\n"
        "\\newcommand{\\old}{Old}\\renewcommand{\\old}{New}\n"
        "\\def\\model{GPT}\n"
        "\\newcommand{\\best}[1]{\\textbf{#1}}\n"
        "\\newcommand{\\acc}[2][Top-1]{#1 accuracy #2}\n"
        "\\def\\pair#1#2{#1 and #2}\n"
        "\\newcommand{\\loop}{\\loop x}\n")
    doc = paper(tmp_path, "\\bertlarge{} beats \\ours and \\old \\model. "
                          "\\acc{76.5} \\acc[Top-5]{93.1} \\pair{A}{B}. \\loop",
                preamble=preamble)
    body = prose(doc)
    assert "BERT LARGE beats RoBERTa and New GPT." in body
    assert "Top-1 accuracy 76.5 Top-5 accuracy 93.1 A and B." in body


def test_text_macros_from_the_papers_own_style_file(tmp_path):
    doc = paper(tmp_path, r"\ours{} beats \base. \textbf{Bold} \toptitlebar end.",
                preamble=r"\usepackage[final]{nips,mymacros}",
                **{"mymacros.sty": r"""\ProvidesPackage{mymacros}
\newcommand{\ours}{MoCo}
\def\base{SimCLR}
\renewcommand{\textbf}[1]{BROKEN}
\def\toptitlebar{\hrule height4pt\vskip .25in}
\def\@internal{x}"""})
    assert prose(doc) == "MoCo beats SimCLR. Bold end."


def test_macros_in_tables_and_bold_through_macros(tmp_path):
    doc = paper(tmp_path,
                "\\begin{table}\\caption{Results.}\\begin{tabular}{lc}\n"
                "Model & Acc \\\\ \\hline\n\\bertlarge & \\best{86.7} \\\\\n"
                "\\end{tabular}\\end{table}",
                preamble=r"\newcommand{\bertlarge}{BERT$_{\rm LARGE}$}"
                         r"\newcommand{\best}[1]{\textbf{#1}}")
    row = doc.tables[0].rows[1]
    assert row[0].text == "BERT LARGE"
    assert row[1].text == "86.7" and row[1].bold


def test_a_control_symbol_macro_marks_the_best_cells_and_rules_group_the_headers(tmp_path):
    # "\renewcommand{\*}[1]{\textbf{#1}}"; "\\*" still ends a row; the dataset set in the
    # middle cell of the columns between two rules heads all of them
    doc = paper(tmp_path,
                "\\begin{table}\\caption{Results.}\\begin{tabular}{c | c c c | c c c}\n"
                "  & & DAQUAR & & & COCO-QA & \\\\\n"
                "  & Acc. & WUPS 0.9 & WUPS 0.0 & Acc. & WUPS 0.9 & WUPS 0.0 \\\\* \\hline\n"
                "BOW & 0.3267 & 0.4319 & 0.8130 & 0.3752 & 0.4854 & 0.8278 \\\\\n"
                "FULL & \\*{0.3694} & \\*{0.4815} & 0.8268 & \\*{0.5784} & 0.6790 & 0.8952 \\\\\n"
                "\\end{tabular}\\end{table}",
                preamble=r"\renewcommand{\*}[1]{\textbf{#1}}")
    t = doc.tables[0]
    assert [c.text for c in t.rows[0]][1:] == ["DAQUAR"] * 3 + ["COCO-QA"] * 3
    assert [c.text for c in t.rows[-1]][:3] == ["FULL", "0.3694", "0.4815"]
    assert [c.bold for c in t.rows[-1]][1:5] == [True, True, False, True]
    assert [c.text for c in t.rows[-2]][:2] == ["BOW", "0.3267"]


# -- headings and prose ------------------------------------------------------------------------


def test_headings_are_numbered_as_latex_numbers_them(tmp_path):
    doc = paper(tmp_path, "\\section{Introduction}a\n\\section{Method}b\n\\subsection{Data}c\n"
                          "\\subsection*{Notes}d\n\\subsubsection{Details}e\n\\section*{Acknowledgments}f\n"
                          "\\appendix\n\\section{Proofs}g\n\\subsection{Lemma}h\n\\section{More}i")
    assert texts(doc, HEADING) == ["1 Introduction", "2 Method", "2.1 Data", "Notes",
                                   "2.1.1 Details", "Acknowledgments", "A Proofs", "A.1 Lemma",
                                   "B More"]
    under = {b.text: b.section for b in doc.blocks if b.kind == PROSE}
    assert under["c"] == "2.1 Data" and under["e"] == "2.1.1 Details" and under["h"] == "A.1 Lemma"


def test_a_word_broken_by_hand_in_a_heading_is_whole_again(tmp_path):
    doc = paper(tmp_path, "\\section{\\parbox[t]{10cm}{Internal Prior Learn-\\\\ing and "
                          "English-\\\\German Denoising}}a")
    assert texts(doc, HEADING) == ["1 Internal Prior Learning and English-German Denoising"]


@pytest.mark.parametrize("cls", ["[journal]{IEEEtran}", "[aps,prab,reprint]{revtex4-2}"])
def test_ieee_papers_number_sections_in_roman_and_subsections_by_letter(tmp_path, cls):
    body = ("\\section{Introduction}a\n\\section{Related works}b\n\\subsection{Ordinal losses}c\n"
            "\\subsubsection{Diabetic Retinopathy}d\n\\appendix\n\\section{Proofs}e")
    main = f"\\documentclass{cls}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
    doc = parse_source(write(tmp_path, {"main.tex": main}))
    assert texts(doc, HEADING) == ["I Introduction", "II Related works", "II-A Ordinal losses",
                                   "II-A1 Diabetic Retinopathy", "A Proofs"]


def test_paragraph_titles_open_their_paragraph(tmp_path):
    doc = paper(tmp_path, "\\section{Setup}\n\\paragraph{Optimizer} We use Adam.\n"
                          "\\paragraph{Batching.} Batches of 4096.")
    assert texts(doc) == ["Optimizer. We use Adam.", "Batching. Batches of 4096."]
    assert texts(doc, HEADING) == ["1 Setup"]


def test_paragraphs_and_list_items_are_blocks(tmp_path):
    doc = paper(tmp_path, "First paragraph\nstill first.\n\nSecond.\\par Third.\n"
                          "\\begin{itemize}\n\\item learning rate 0.1\n\\item[Batch:] 256\n"
                          "\\end{itemize}")
    assert texts(doc) == ["First paragraph still first.", "Second.", "Third.",
                          "learning rate 0.1", "Batch: 256"]


def test_markup_becomes_plain_text(tmp_path):
    doc = paper(tmp_path,
                "We \\emph{train} a \\textbf{big} \\textit{model}~\\cite{vaswani} for "
                "3--5 days---roughly; see Table~\\ref{tab:x} and \\citet{a,b}, \\citep[p.~3]{c}. "
                "It scores 80\\%\\footnote{On the dev set.} ``quoted'' \\& more.")
    assert prose(doc) == ("We train a big model [cite] for 3–5 days—roughly; see Table ? and "
                          "[cite], [cite]. It scores 80% (On the dev set.) \"quoted\" & more.")


def test_math_becomes_readable_text(tmp_path):
    doc = paper(tmp_path,
                "Adam with $\\beta_1 = 0.9$, $\\beta_2 = 0.98$ and $\\epsilon = 10^{-9}$; "
                "lr $3 \\times 10^{-4}$, $\\alpha=0.6$, $\\tau \\sim 0.07$, $d \\approx 512$, "
                "$19.5 \\pm 0.3$, $d_{\\text{model}}=512$, $P_{drop}$, $\\mathrm{lr}$, "
                "$K = 65{,}536$, $N = 10\\,000$, the 10\\textsuperscript{th} and `single', "
                "$\\frac{1}{\\sqrt{d_k}}$, BERT$_{\\rm LARGE}$, $x^{k+1}$, "
                "\\(\\gamma\\) and \\[ \\lambda = 0.5 \\]")
    assert prose(doc) == (
        "Adam with β1 = 0.9, β2 = 0.98 and ε = 10^-9; lr 3 × 10^-4, α=0.6, τ ~ 0.07, d ≈ 512, "
        "19.5 ± 0.3, dmodel=512, Pdrop, lr, K = 65,536, N = 10,000, the 10th and 'single', "
        "1/√dk, BERT LARGE, x^(k+1), γ and λ = 0.5")


def test_display_math_stays_in_its_paragraph(tmp_path):
    doc = paper(tmp_path, "The loss is\n\\begin{equation}\\label{eq:l}\nL = \\sum_i x_i\n"
                          "\\end{equation}\nwhere $x$ is the input. See Eq.~\\eqref{eq:l}.")
    assert texts(doc) == ["The loss is L = Σi xi where x is the input. See Eq. ?."]


def test_references_to_sections_and_tables_print_their_numbers(tmp_path):
    doc = paper(tmp_path, "\\section{Intro}\\label{sec:intro}See Section~\\ref{sec:res}, "
                          "\\cref{tab:main} and \\autoref{fig:arch}; \\ref{sec:more}.\n"
                          "\\section{Results}\n\\label{sec:res}\n"
                          "\\subsection{More\\label{sec:more}}\n"
                          "\\begin{figure}\\caption{Arch.}\\label{fig:arch}\\end{figure}\n"
                          "\\begin{table}\\caption{Main.}\\label{tab:main}"
                          "\\begin{tabular}{l}a\\\\\\end{tabular}\\end{table}")
    assert "See Section 2, Table 1 and Figure 1; 2.1." in prose(doc)


def test_accents_and_symbols(tmp_path):
    doc = paper(tmp_path, "Heinrich K\\\"uttler, Christopher R{\\'e}, \\c{C}a\\u{g}lar, "
                          "\\L{}ukasz, 4\\texttimes{} faster, \\S 3, \\ldots, $\\leq 5$, $\\to$, "
                          "$\\div$.")
    assert prose(doc) == ("Heinrich Küttler, Christopher Ré, Çağlar, Łukasz, 4× faster, § 3, …, "
                          "≤ 5, →, ÷.")


def test_layout_commands_leave_no_trace(tmp_path):
    doc = paper(tmp_path, r"""
\newcolumntype{x}[1]{>{\centering\arraybackslash}p{#1pt}}
Momentum \raise.17ex\hbox{$\scriptstyle\sim$}0.99 works\hspace{2mm} well,
\kern-.1em\vspace*{-3pt} \eg with a \tikz\fill[red] (0,0) circle (.5ex); dot
\newcommand{\late}{Late} and \late{} macros.""")
    assert prose(doc) == "Momentum ~0.99 works well, e.g. with a dot and Late macros."


def test_links_are_collected_in_order_without_repeats(tmp_path):
    doc = paper(tmp_path,
                "Code: \\url{https://github.com/us/ours}.\\footnote{Data at "
                "\\href{https://data.org/x\\_y}{our site}.} Also https://example.com/a, "
                "\\href{mailto:me@x.org}{me@x.org} and again \\url{https://github.com/us/ours}.",
                preamble="\\title{T}")
    assert doc.urls == ["https://github.com/us/ours", "https://data.org/x_y", "https://example.com/a"]
    assert "our site (https://data.org/x_y)" in prose(doc)
    named = paper(tmp_path / "named", "Code: \\href{https://github.com/me/Repo-X}{Repo-X} and "
                                      "\\href{https://github.com/me/y}{github.com/me/y}.")
    assert prose(named) == "Code: Repo-X (https://github.com/me/Repo-X) and github.com/me/y."


def test_figures_keep_only_their_captions(tmp_path):
    doc = paper(tmp_path, "Text.\n\\begin{figure*}[t]\\centering"
                          "\\includegraphics[width=\\linewidth]{fig.pdf}\n"
                          "Stray 77.7\\caption{Accuracy over time.}\\end{figure*}\n"
                          "\\begin{figure}\\includegraphics{a}\\caption{Second.}\\end{figure}")
    assert texts(doc, CAPTION) == ["Figure 1: Accuracy over time.", "Figure 2: Second."]
    assert "77.7" not in prose(doc)


def test_algorithms_keep_their_caption_and_steps_and_listings_are_dropped(tmp_path):
    doc = paper(tmp_path, r"""Before.
\begin{algorithm}[t]
\caption{Deep Q-learning}\label{alg:dqn}
\begin{algorithmic}[1]
\REQUIRE replay memory $\mathcal{D}$ of capacity $N = 10^6$
\For{episode $=1,M$}
\State With probability $\epsilon$ select a random action % a comment
\EndFor
\end{algorithmic}
\end{algorithm}
\begin{verbatim}code 9\end{verbatim}
After Algorithm~\ref{alg:dqn}.""")
    assert texts(doc, CAPTION) == ["Algorithm 1: Deep Q-learning"]
    assert texts(doc) == ["Before.", "Require: replay memory D of capacity N = 10^6",
                          "for episode =1,M", "With probability ε select a random action",
                          "After Algorithm 1."]


# -- tables ------------------------------------------------------------------------------------

TRANSFORMER_LIKE = r"""
\begin{table*}[t]
\caption{BLEU on newstest2014.}
\label{tab:wmt}
\begin{tabular}{lccccc}
\toprule
\multirow{2}{*}{Model} & \multicolumn{2}{c}{BLEU} & & \multicolumn{2}{c}{Cost} \\
\cmidrule(lr){2-3} \cmidrule[0.2mm](r{4pt}){5-6}
& EN-DE & EN-FR & & EN-DE & EN-FR \\
\hline
ByteNet \citep{x} & 23.75 & & & & \\
Ours (big) & \textbf{28.4} & \underline{41.8} & & \multicolumn{2}{c}{$2.3\cdot10^{19}$} \\
Ours (var) & $27.3 \pm 0.2$ & 19.5$\pm$0.3\footnote{Three runs.} & & & \\
\bottomrule
\end{tabular}
\end{table*}
"""


TITLED = r"""
\begin{table}
\caption{Mean test accuracy of our configurations.}
\begin{tabular}{c|c|ccc}
\multicolumn{5}{c}{Mean Test Accuracy Per Method} \\ \hline\hline
Last Layer & Emb Dim & \multicolumn{3}{c}{CIFAR-10 at 40 Labels} \\ \hline
Constraint & & None & 1st Order & 2nd Order \\ \hline
AAGMM & 8 & 94.98 & 94.64 & 93.58 \\
\end{tabular}
\end{table}
"""


def test_header_rows_under_a_title_row_and_beside_a_spanning_header(tmp_path):
    doc = paper(tmp_path, "\\section{Results}\n" + TITLED)
    [table] = [b.table for b in doc.blocks if b.kind == TABLE]
    assert table.header_rows == 3
    assert table.header(3) == "Mean Test Accuracy Per Method CIFAR-10 at 40 Labels 1st Order"
    found = tables.own_results(table, ["AAGMM"])
    assert sorted(r.value for r in found) == [93.58, 94.64, 94.98]  # not the embedding size, 8


def test_a_results_table_is_parsed_into_cells(tmp_path):
    doc = paper(tmp_path, "\\section{Results}\n" + TRANSFORMER_LIKE)
    [block] = [b for b in doc.blocks if b.kind == TABLE]
    table = block.table
    assert table.label == "Table 1" and table.caption == "BLEU on newstest2014."
    assert table.header_rows == 2
    assert [c.text for c in table.rows[0]] == ["Model", "BLEU", "BLEU", "", "Cost", "Cost"]
    assert [c.text for c in table.rows[1]] == ["Model", "EN-DE", "EN-FR", "", "EN-DE", "EN-FR"]
    assert table.rows[0][1].span == 2
    assert table.header(1) == "BLEU EN-DE"
    big = table.rows[3]
    assert [c.text for c in big] == ["Ours (big)", "28.4", "41.8", "", "2.3·10^19", "2.3·10^19"]
    assert big[1].bold and not big[2].bold and big[2].underline
    assert table.rows[2][0].text == "ByteNet [cite]"
    assert [c.text for c in table.rows[4][1:3]] == ["27.3 ± 0.2", "19.5 ± 0.3"]
    assert all(len(row) == 6 for row in table.rows)
    assert block.section == "1 Results" and block.zone == BODY
    assert block.text.splitlines()[0] == "Model | BLEU |  | Cost"
    assert "Ours (big) | 28.4 | 41.8 |  | 2.3·10^19" in block.text
    # the caption is the table's, not a block of its own
    assert not texts(doc, CAPTION)


STACKED = r"""
\begin{table}[htbp]
\centering
\begin{tabular}{ll}
Method & Cost \\
Ours & 2752.59 \\
\end{tabular}
\captionof{table}{Results on the breast cancer dataset.}\label{tab:a}
\begin{tabular}{ll}
Method & Cost \\
Ours & 21855.50 \\
\end{tabular}
\captionof{table}{Results on the mushroom dataset.}\label{tab:b}
\end{table}
As Table~\ref{tab:b} shows.
"""


def test_tables_stacked_in_one_float_each_keep_their_caption_and_number(tmp_path):
    doc = paper(tmp_path, "\\section{Results}\n" + STACKED)
    assert [(t.label, t.caption, t.rows[1][1].text) for t in doc.tables] == [
        ("Table 1", "Results on the breast cancer dataset.", "2752.59"),
        ("Table 2", "Results on the mushroom dataset.", "21855.50")]
    assert "As Table 2 shows." in texts(doc, PROSE)


def test_a_made_cells_alignment_is_not_its_text(tmp_path):
    doc = paper(tmp_path, "\\section{Data}\n\\begin{table}\\caption{Corpora.}\n"
                          "\\begin{tabular}{ll}Corpus & "
                          "\\makecell[l]{Papers w/ \\\\ body text} \\\\\n"
                          "Ours & 8.1M \\\\\n\\end{tabular}\\end{table}\n")
    [table] = doc.tables
    assert [c.text for c in table.rows[0]] == ["Corpus", "Papers w/ body text"]


def test_table_numbers_follow_latex_counter_across_floats_and_appendix(tmp_path):
    def table(caption: str, env: str = "table") -> str:
        return (f"\\begin{{{env}}}\\begin{{tabular}}{{lr}}a & 1\\\\\\end{{tabular}}"
                f"\\caption{{{caption}}}\\end{{{env}}}\n")

    doc = paper(tmp_path, table("One.") + table("Two.", "table*")
                + "\\begin{table}\\begin{tabular}{l}no caption\\\\\\end{tabular}\\end{table}\n"
                + "\\begin{figure}\\caption{Fig.}\\end{figure}\n"
                + "\\appendix\\section{Extra}\n" + table("Three."))
    assert [(t.label, t.caption) for t in doc.tables] == [
        ("Table 1", "One."), ("Table 2", "Two."), ("", ""), ("Table 3", "Three.")]
    assert doc.blocks[-1].zone == APPENDIX


def test_multirow_fills_the_rows_it_spans(tmp_path):
    doc = paper(tmp_path, "\\begin{tabular}{llr}\nTask & Model & Acc\\\\\\hline\n"
                          "\\multirow{2}{*}{NQ} & RAG & 44.5 \\\\\n & DPR & 41.5 \\\\\n"
                          "TQA & RAG & 56.8 \\\\\n\\multirow{-2}{*}{Up} & X & 1.0 \\\\\n"
                          "\\end{tabular}")
    rows = [[c.text for c in row] for row in doc.tables[0].rows]
    assert rows == [["Task", "Model", "Acc"], ["NQ", "RAG", "44.5"], ["NQ", "DPR", "41.5"],
                    ["TQA", "RAG", "56.8"], ["Up", "X", "1.0"]]


def test_tabular_variants_and_escaped_ampersands(tmp_path):
    doc = paper(tmp_path,
                "\\begin{table}\\caption{X.}\\begin{tabularx}{\\linewidth}{X|c}\n"
                "Data \\& setup & Score \\\\ \\midrule\nA \\& B & 1.5 \\\\\n"
                "\\end{tabularx}\\end{table}\n"
                "\\begin{tabular*}{\\textwidth}{@{\\extracolsep{\\fill}}lc}\nP & 2 \\\\\n"
                "\\end{tabular*}\n"
                "\\begin{table}\\centering\\resizebox{\\columnwidth}{!}{\\begin{tabular}{l*{2}{c}}\n"
                "{\\bf Method} & \\begin{tabular}{c}Top-1\\\\acc\\end{tabular} & T5 \\\\ \\hline\n"
                "Ours & {\\bf 76.5} & \\bm{93.1} \\\\\n\\end{tabular}}\\caption{Y.}\\end{table}")
    first, second, third = doc.tables
    assert [[c.text for c in r] for r in first.rows] == [["Data & setup", "Score"],
                                                         ["A & B", "1.5"]]
    assert second.label == "" and [c.text for c in second.rows[0]] == ["P", "2"]
    assert third.label == "Table 2"
    assert [c.text for c in third.rows[0]] == ["Method", "Top-1 acc", "T5"]
    assert third.rows[1][1].bold and third.rows[1][2].bold and not third.rows[1][0].bold


def test_a_table_set_in_a_minipage_is_numbered_by_its_captionof(tmp_path):
    doc = paper(tmp_path, r"""
\begin{table}\caption{First.}\begin{tabular}{l}a\\\end{tabular}\end{table}
\noindent\begin{minipage}{0.5\textwidth}\centering
\begin{tabular}{lc}Model & Acc\\ \hline Ours & 90.1\\\end{tabular}
\captionof{table}{Side table.}\label{tab:side}
\end{minipage}
\begin{minipage}{0.4\textwidth}\includegraphics{x}\captionof{figure}{Side figure.}\end{minipage}
See Table~\ref{tab:side}.""")
    assert [(t.label, t.caption) for t in doc.tables] == [("Table 1", "First."),
                                                          ("Table 2", "Side table.")]
    assert texts(doc, CAPTION) == ["Figure 1: Side figure."]
    assert texts(doc) == ["See Table 2."]


def test_longtable_with_its_caption_among_the_rows(tmp_path):
    doc = paper(tmp_path, "\\begin{longtable}{lr}\n\\caption{Hyperparameters.}\\label{tab:h}"
                          "\\\\\nName & Value \\\\\\hline\\endfirsthead\n"
                          "Name & Value (cont.) \\\\\\endhead\n"
                          "Learning rate & $10^{-4}$ \\\\\nBatch size & 256 \\\\\n\\end{longtable}")
    [table] = doc.tables
    assert table.label == "Table 1" and table.caption == "Hyperparameters."
    assert [[c.text for c in r] for r in table.rows] == [
        ["Name", "Value"], ["Learning rate", "10^-4"], ["Batch size", "256"]]


def test_header_rows_are_estimated(tmp_path):
    doc = paper(tmp_path,
                "\\begin{tabular}{lcc}\n & Dev & Test \\\\\n Model & Acc & F1 \\\\\n"
                "A & 1.0 & 2.0 \\\\\nB & 3.0 & 4.0 \\\\\\end{tabular}\n"
                "\\begin{tabular}{lc}\\toprule\nlearning rate & 0.001 \\\\\nbatch size & 32 \\\\"
                "\\bottomrule\\end{tabular}\n"
                "\\begin{tabular}{lcc}\\toprule\n Hyperparams & & Accuracy \\\\\\midrule\n"
                "\\#L & \\#H & MNLI \\\\\\midrule\n 12 & 768 & 84.4\\\\\\end{tabular}\n"
                "\\begin{tabular}{lc}\\hline\nSystem & Dev \\\\\\hline\nPublished & \\\\\n"
                "BiDAF & 77.3 \\\\\\end{tabular}\n"
                "\\begin{tabular}{lccc}\\toprule\nSetting & Base & Large & XL \\\\\\midrule\n"
                "Optimizer & \\multicolumn{3}{c}{AdamW} \\\\\nBatch size & 32 & 64 & 128 \\\\"
                "\\end{tabular}\n"
                # two results in a cell, AUC / accuracy
                "\\begin{tabular}{lcc}\n Method & DALL-E 2 & AVG \\\\\n"
                " \\cite{x} & 0.706 / 0.612 & 0.741 / 0.622 \\\\\n"
                " Ours & 0.767 / 0.584 & 0.913 / 0.780 \\\\\n Base & 0.5 & 0.6 \\\\\\end{tabular}")
    assert [t.header_rows for t in doc.tables] == [2, 0, 2, 1, 1, 1]


# -- zones and front matter --------------------------------------------------------------------

ZONED = r"""
\title{Deep Stuff:\\ A \textbf{New} Model\thanks{Code: \url{https://github.com/ada/code}}}
\author{Ada Lovelace\thanks{Equal.} \\ University of Somewhere \\ \texttt{ada@x.org} \And
Alan M. Turing \quad Grace Hopper$^{*}$ \\ Some Lab}
"""

ZONED_BODY = r"""
\maketitle
\begin{abstract}
We propose Stuff. It reaches 91.2\% accuracy.

Code: \url{https://github.com/ada/stuff}.
\end{abstract}
\begin{keywords}Deep learning, Stuff\end{keywords}
\section{Introduction}Intro.
\section{Related Work}Others did 80.0.
\subsection{Older work}Still related.
\section{Background and Notation}Background.
\section{Experiments}Ours.
\bibliography{refs}
\section{Extra Results}After the bibliography.
\section*{Appendix}Appendix text.
"""


def test_zones_title_authors_and_abstract(tmp_path):
    doc = paper(tmp_path, ZONED_BODY, preamble=ZONED)
    assert doc.origin == "latex"
    assert doc.title == "Deep Stuff: A New Model"
    assert doc.authors == ["Ada Lovelace", "Alan M. Turing", "Grace Hopper"]
    assert doc.abstract == "We propose Stuff. It reaches 91.2% accuracy.\nCode: https://github.com/ada/stuff."
    zones = {b.text: b.zone for b in doc.blocks if b.kind == PROSE}
    assert zones["Deep Stuff: A New Model"] == FRONT
    assert zones["We propose Stuff. It reaches 91.2% accuracy."] == ABSTRACT
    assert zones["Intro."] == BODY
    assert zones["Others did 80.0."] == RELATED
    assert zones["Still related."] == RELATED
    assert zones["Background."] == RELATED
    assert zones["Ours."] == BODY
    assert zones["After the bibliography."] == APPENDIX
    assert zones["Appendix text."] == APPENDIX
    assert doc.urls == ["https://github.com/ada/code", "https://github.com/ada/stuff"]
    assert zones["Deep learning, Stuff"] == FRONT
    assert [b.section for b in doc.blocks if b.zone == ABSTRACT][0] == "Abstract"


def test_inline_bibliography_is_the_references_zone(tmp_path):
    doc = paper(tmp_path, "\\section{Intro}Text \\cite{a}.\n\\begin{thebibliography}{9}\n"
                          "\\bibitem{a} A. Author. \\newblock A paper, 2019. \\url{https://ref.org}\n"
                          "\\bibitem[B(2020)]{b} B. Author. Another, 2020.\n"
                          "\\end{thebibliography}\n"
                          "\\section{Supplementary Material}More.")
    refs = [b.text for b in doc.blocks if b.zone == REFERENCES]
    assert refs == ["A. Author. A paper, 2019. https://ref.org", "B. Author. Another, 2020."]
    assert doc.blocks[-1].zone == APPENDIX
    assert doc.urls == []  # a reference's link is not the paper's


def test_icml_style_front_matter(tmp_path):
    doc = paper(tmp_path, "\\twocolumn[\n\\icmltitle{One-shot Learning}\n"
                          "\\icmlauthor{Adam Santoro}{dm}\n\\icmlauthor{Sergey Bartunov}{dm}\n"
                          "\\icmlaffiliation{dm}{Google DeepMind}\n]\n"
                          "\\begin{abstract}Short.\\end{abstract}\\section{Intro}Go.")
    assert doc.title == "One-shot Learning"
    assert doc.authors == ["Adam Santoro", "Sergey Bartunov"]
    assert "Google DeepMind" not in prose(doc)


def test_garbage_authors_give_no_authors(tmp_path):
    doc = paper(tmp_path, "\\maketitle Text.",
                preamble="\\author{\\textbf{Anonymous Submission 1234}"
                         " \\\\ Paper under double-blind review}")
    assert doc.authors == []


# -- robustness --------------------------------------------------------------------------------

MALFORMED = [
    "\\section{Unclosed title\nText after.",
    "\\begin{table}\\caption{Never closed}\\begin{tabular}{ll}a & b \\\\",
    "}}}{{{ $ unbalanced $$ math \\[ \\begin{itemize} \\item",
    "\\multicolumn{x}{c}{\\multirow{-}{*}{\\textbf{}}} & & \\\\ \\\\",
    "\\newcommand{\\a}{\\a\\a} \\a \\def\\b#1{#1#1} \\b{\\b{\\b{x}}}",
    "\\input{../../../etc/passwd} \\input{/etc/passwd} \\include{}",
    "\\begin{tabular}{",
    "\\href{", "\\url", "$^", "\\frac{1}", "\\sqrt[", "\\cite[", "\\\\[", "\\'", "\\cmidrule(",
    "\\section*{" * 50 + "deep" + "}" * 50,
    "{" * 3000 + "deep" + "}" * 3000,
]


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_sources_never_raise(tmp_path, body):
    parse_source(write(tmp_path, {"main.tex": "\\documentclass{article}\\begin{document}"
                                              + body + "\\end{document}"}))
    parse_source(write(tmp_path, {"main.tex": "\\documentclass{article}\\begin{document}" + body}))


def test_binary_and_unreadable_files_never_raise(tmp_path):
    write(tmp_path, {"main.tex": b"\\documentclass{article}\\begin{document}\xff\xfe\x00\x01 ok"
                                 b"\\end{document}", "figure.tex": bytes(range(256)) * 10})
    doc = parse_source(tmp_path)
    assert doc is None or "ok" in prose(doc)


def test_links_outside_the_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside.tex"
    outside.write_text("Secret 123.")
    src = tmp_path / "src"
    src.mkdir()
    (src / "link.tex").symlink_to(outside)
    write(src, {"main.tex": "\\documentclass{article}\\begin{document}Public. \\input{link}"
                            "\\input{../outside}\\end{document}"})
    doc = parse_source(src)
    assert doc is not None and "Secret" not in prose(doc)


# -- the real corpus ---------------------------------------------------------------------------

SOURCES = CORPUS / "arxiv"
PAPERS = ["1212.5701", "1312.5602", "1409.0473", "1502.03167", "1503.02531", "1512.03385",
          "1605.06065v1", "1706.03762", "1807.03748", "1810.04805", "1911.05722", "2005.11401",
          "2010.11929", "2106.09685", "2205.14135"]
corpus = pytest.mark.skipif(not SOURCES.is_dir(), reason="the shared corpus is not here")


def source(paper_id: str) -> Document:
    doc = parse_source(SOURCES / paper_id / "source")
    assert doc is not None
    return doc


def row(doc: Document, label: str, first_cell: str) -> list[str]:
    for table in doc.tables:
        if table.label == label:
            for r in table.rows:
                if r[0].text == first_cell:
                    return [c.text for c in r]
    raise AssertionError(f"no row {first_cell!r} in {label}")


@corpus
def test_corpus_pdf_wrapper_is_no_source():
    assert parse_source(SOURCES / "1412.6980" / "source") is None


@corpus
@pytest.mark.parametrize("paper_id", PAPERS)
def test_corpus_sources_parse_quickly_into_headings_prose_and_tables(paper_id):
    start = time.process_time()  # CPU time: other work on the machine does not count
    doc = parse_source(SOURCES / paper_id / "source")
    elapsed = time.process_time() - start
    assert doc is not None and doc.origin == "latex"
    assert elapsed < 0.5
    assert len(texts(doc, HEADING)) >= 5
    assert len(texts(doc)) >= 20
    assert doc.tables
    assert doc.title and doc.abstract
    for block in doc.blocks:  # no markup left behind
        assert "\\" not in block.text.replace("\\n", ""), block.text[:200]


@corpus
def test_corpus_transformer():
    doc = source("1706.03762")
    assert doc.title == "Attention Is All You Need"
    big = row(doc, "Table 2", "Transformer (big)")
    assert big[1:3] == ["28.4", "41.8"]
    table = next(t for t in doc.tables if t.label == "Table 2")
    assert table.header(1) == "BLEU EN-DE" and table.rows[-1][1].bold
    assert "BLEU" in table.caption
    assert "β1=0.9, β2=0.98 and ε=10^-9" in prose(doc)
    assert "https://github.com/tensorflow/tensor2tensor" in doc.urls
    assert "5.4 Regularization" in texts(doc, HEADING)


@corpus
def test_corpus_bert_glue_table():
    doc = source("1810.04805")
    large = row(doc, "Table 1", "BERT LARGE")
    assert large[1:3] == ["86.7/85.9", "72.1"] and large[-1] == "82.1"
    assert "GLUE" in next(t for t in doc.tables if t.label == "Table 1").caption
    assert doc.authors[:2] == ["Jacob Devlin", "Ming-Wei Chang"]
    assert any(b.zone == APPENDIX for b in doc.blocks)


@corpus
def test_corpus_resnet_imagenet_table():
    doc = source("1512.03385")
    resnet = row(doc, "Table 4", "ResNet-152")
    assert resnet[1:] == ["19.38", "4.49"]
    assert "ImageNet" in next(t for t in doc.tables if t.label == "Table 4").caption


@corpus
def test_corpus_lora():
    doc = source("2106.09685")
    assert "https://github.com/microsoft/LoRA" in doc.urls
    lora = row(doc, "Table 4", "GPT-3 (LoRA)")
    assert lora[2:4] == ["73.4", "91.7"]
    hyper = next(t for t in doc.tables if t.label == "Table 11")
    assert "hyperparameters" in hyper.caption.lower()


@corpus
def test_corpus_rag_dqn_moco_cpc():
    rag = source("2005.11401")
    assert row(rag, "Table 1", "Open Book")[0] == "Open Book"
    seq = [r for t in rag.tables if t.label == "Table 1" for r in t.rows if r[1].text == "RAG-Seq."]
    assert [c.text for c in seq[0][2:]] == ["44.5", "56.8/68.0", "45.2", "52.2"]  # c@{/}c
    assert [t.caption.split(".")[0] for t in rag.tables[:2]] == [
        "Open-Domain QA Test Scores", "Generation and classification Test Scores"]

    dqn = source("1312.5602")
    assert row(dqn, "Table 1", "DQN")[2] == "168"  # Breakout

    moco = source("1911.05722")
    assert "K = 65536" in prose(moco).replace(",", "")
    assert "m = 0.999" in prose(moco) or "m=0.999" in prose(moco)

    cpc = source("1807.03748")
    assert row(cpc, "Table 1", "CPC")[1] == "64.6"
    assert [t.label for t in cpc.tables if "ablation" in t.caption] == ["Table 2"]


SIDE_BY_SIDE = r"""
\begin{table}[t]
\begin{minipage}[b]{0.49\linewidth}
\caption{Open-domain QA test scores.}\label{tab:qa}
\begin{tabular}{llcc@{/}cc}
\toprule
\multicolumn{2}{c}{Model} & NQ & \multicolumn{2}{c}{TQA} & WQ \\ \midrule
Closed & T5 \cite{t5} & 34.5 & - & 50.1 & 37.4 \\
Open & DPR \cite{dpr} & 41.5 & 57.9 & - & 41.1 \\
 & Ours & \textbf{44.5} & 56.8 & \textbf{68.0} & 45.2 \\
\bottomrule
\end{tabular}
\end{minipage}
\hfill
\begin{minipage}[b]{0.49\linewidth}
\caption{Generation test scores.}\label{tab:gen}
\begin{tabular}{lcc}
\toprule
Model & B-1 & R-L \\ \midrule
BART & 15.1 & 38.2 \\
Ours & 17.3 & 40.1 \\
\bottomrule
\end{tabular}
\end{minipage}
\end{table}
See Table~\ref{tab:gen}.
"""


def test_two_tables_side_by_side_in_one_float_keep_their_own_captions(tmp_path):
    doc = paper(tmp_path, "\\section{Results}\n" + SIDE_BY_SIDE)
    qa, gen = [b.table for b in doc.blocks if b.kind == TABLE]
    assert (qa.label, qa.caption) == ("Table 1", "Open-domain QA test scores.")
    assert (gen.label, gen.caption) == ("Table 2", "Generation test scores.")
    assert [c.text for c in gen.rows[2]] == ["Ours", "17.3", "40.1"]
    assert "See Table 2." in prose(doc)


def test_a_separator_column_joins_its_two_cells_into_one_value(tmp_path):
    doc = paper(tmp_path, "\\section{Results}\n" + SIDE_BY_SIDE)
    qa = next(b.table for b in doc.blocks if b.kind == TABLE)
    assert [c.text for c in qa.rows[0]] == ["Model", "Model", "NQ", "TQA", "WQ"]
    assert [c.text for c in qa.rows[3]] == ["", "Ours", "44.5", "56.8/68.0", "45.2"]
    assert qa.rows[3][3].bold and qa.header(3) == "TQA"
    assert [c.text for c in qa.rows[1]][3] == "-/50.1"


def test_numbers_pgf_prints_in_a_table_are_rounded_as_printed(tmp_path):
    doc = paper(tmp_path, r"""
\begin{table}\caption{Results}
\begin{tabular}{lcc}
 & Warm & Cold \\
LightFM & \fmt{0.695144271163} & \fmt{0.69} \\
\end{tabular}\end{table}""", preamble=r"\newcommand{\fmt}[1]{\pgfmathparse{#1}"
                              r"\pgfmathprintnumber[precision=3, zerofill]{\pgfmathresult}}")
    [t] = doc.tables
    assert [c.text for c in t.rows[-1]] == ["LightFM", "0.695", "0.690"]
