"""BibTeX: arXiv's form, journal upgrades, stable unique keys, escaping, CITATION.bib."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pdfs import make_pdf

from replicate import bibtex
from replicate.record import Paper


def serve(server, arxiv_id: str, title: str, authors: list[str], **kw) -> None:
    server.add_paper(arxiv_id, 1, title=title, authors=authors,
                     pdf=make_pdf([f"{title}\nAbstract\nWe do things.\n1 Introduction\nText."]),
                     **kw)


def parse_bib(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """A small BibTeX reader: key -> (type, fields); braces must balance in every value."""
    out = {}
    for m in re.finditer(r"@(\w+)\{([^,]+),\n(.*?)\n\}\n", text, re.S):
        fields = {}
        for line in m[3].split(",\n"):
            name, _, value = line.strip().partition(" = ")
            assert value.startswith("{") and value.endswith("}"), line
            depth = 0
            for i, c in enumerate(value):
                if c == "{" and value[i - 1:i] != "\\":
                    depth += 1
                elif c == "}" and value[i - 1:i] != "\\":
                    depth -= 1
                assert depth >= 0, line
            assert depth == 0, line
            fields[name] = value[1:-1]
        out[m[2]] = (m[1], fields)
    assert text.count("@") == len(out)
    return out


def test_bibtex_for_all_papers_in_arxivs_form(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need",
          ["Ashish Vaswani", "Noam Shazeer"], primary_category="cs.CL")
    serve(online, "1810.04805", "BERT: Pre-training of Deep Bidirectional Transformers",
          ["Jacob Devlin"], published="2018-10-11T00:00:00Z",
          journal_ref="Proceedings of NAACL-HLT 2019, pages 4171-4186", doi="10.18653/v1/N19-1423")
    serve(online, "1512.03385", "Deep Residual Learning for Image Recognition", ["Kaiming He"],
          published="2015-12-10T00:00:00Z", journal_ref="IEEE Trans. Pattern Anal. 39 (2017) 1-12")
    assert cli("add", "1706.03762", "1810.04805", "1512.03385")[0] == 0
    code, out, err = cli("bibtex")
    assert code == 0, err
    bib = parse_bib(out)
    assert set(bib) == {"vaswani2017attention", "devlin2018bert", "he2015deep"}
    kind, f = bib["vaswani2017attention"]
    assert kind == "misc"
    assert f == {"title": "{Attention Is All You Need}",
                 "author": "Ashish Vaswani and Noam Shazeer", "year": "2017",
                 "eprint": "1706.03762", "archivePrefix": "arXiv",
                 "primaryClass": "cs.CL", "url": "https://arxiv.org/abs/1706.03762"}
    kind, f = bib["devlin2018bert"]
    assert kind == "inproceedings" and f["booktitle"].startswith("Proceedings of {NAACL-HLT} 2019")
    assert f["doi"] == "10.18653/v1/N19-1423" and f["title"].startswith("{{BERT}: Pre-training")
    assert bib["he2015deep"][0] == "article" and "journal" in bib["he2015deep"][1]

    code, out, _ = cli("bibtex", "1810.04805", "--json")
    assert code == 0
    [one] = json.loads(out)
    assert (one["arxiv_id"], one["key"], one["type"]) == ("1810.04805", "devlin2018bert",
                                                          "inproceedings")
    assert one["bibtex"].startswith("@inproceedings{devlin2018bert,")

    code, out, _ = cli("bibtex", "--output", "refs.bib")
    assert code == 0 and "3 entries written to refs.bib" in out
    assert set(parse_bib((workspace / "refs.bib").read_text())) == set(bib)


def test_keys_are_unique_and_never_change_as_papers_arrive(cli, online, workspace: Path) -> None:
    serve(online, "1512.03385", "Deep Residual Learning", ["Kaiming He"],
          published="2015-12-10T00:00:00Z")
    assert cli("add", "1512.03385")[0] == 0
    first = cli("bibtex")[1]
    serve(online, "1512.03386", "Deep Dreams of Residuals", ["Kaiming He"],
          published="2015-12-11T00:00:00Z")
    assert cli("add", "1512.03386")[0] == 0
    code, out, _ = cli("bibtex")
    assert code == 0
    bib = parse_bib(out)
    assert bib["he2015deep"][1]["eprint"] == "1512.03385"  # the earlier paper keeps its key
    assert bib["he2015deepb"][1]["eprint"] == "1512.03386"
    assert first in out
    repo = next((workspace / "papers").glob("1512.03386-*"))
    assert 'cite_key = "he2015deepb"' in (repo / "paper.toml").read_text()


def test_each_repo_has_its_citation_file(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need", ["Ashish Vaswani"])
    assert cli("add", "1706.03762")[0] == 0
    repo = next((workspace / "papers").glob("1706.03762-*"))
    bib = parse_bib((repo / "CITATION.bib").read_text())
    assert list(bib) == ["vaswani2017attention"]
    assert "CITATION.bib" in (repo / "README.md").read_text()


def test_unknown_paper_is_one_clear_error(cli, workspace: Path) -> None:
    code, out, err = cli("bibtex", "2101.00001")
    assert code == 1 and out == ""
    assert err.startswith("error: 2101.00001 is not in the workspace")


def test_latex_special_characters_are_escaped_and_math_kept() -> None:
    paper = Paper(arxiv_id="2101.00001", version=1,
                  title="Q&A at 100% with $\\beta$-VAEs: #1 ~ the_best {really} ^",
                  authors=["José Ñúñez", "Aaron van den Oord", "Smith, John", "Bob Jones Jr."],
                  published="2021-01-01T00:00:00Z")
    text = bibtex.entry(paper, bibtex.base_key(paper)).text
    assert bibtex.base_key(paper) == "nunez2021q"
    fields = parse_bib(text)["nunez2021q"][1]
    assert fields["title"] == ("{Q\\&A at 100\\% with $\\beta$-{VAEs}: \\#1 \\textasciitilde{} "
                               "the\\_best \\{really\\} \\textasciicircum{}}")
    assert fields["author"] == ("José Ñúñez and Aaron van den Oord and Smith, John and "
                                "Bob Jones Jr.")
    assert [bibtex.base_key(Paper(arxiv_id="1807.03748", version=1, title="Representation "
                                  "Learning", authors=[a])) for a in paper.authors[1:]] == [
        "oord2018representation", "smith2018representation", "jones2018representation"]
