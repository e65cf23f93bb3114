"""`replicate search` against the loopback arXiv, and `replicate open`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pdfs import make_pdf
from test_ledger import make_paper

from replicate.search import build_query


@pytest.fixture
def arxiv(online):
    """The loopback arXiv with three papers to find."""
    online.add_paper("1706.03762", 7, title="Attention Is All You Need",
                     authors=["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"],
                     abstract="The dominant sequence transduction models are based on "
                     "recurrent networks.", primary_category="cs.CL",
                     published="2017-06-12T17:57:34Z",
                     pdf=make_pdf(["Attention Is All You Need", "We propose the Transformer."]))
    online.add_paper("1512.03385", 1, title="Deep Residual Learning for Image Recognition",
                     authors=["Kaiming He", "Xiangyu Zhang"], primary_category="cs.CV",
                     abstract="Deeper neural networks are more difficult to train.",
                     published="2015-12-10T19:51:55Z")
    online.add_paper("1409.0473", 7, title="Neural Machine Translation by Jointly Learning "
                     "to Align and Translate", authors=["Dzmitry Bahdanau"],
                     abstract="An attention mechanism for translation.",
                     primary_category="cs.CL", published="2014-09-01T16:33:02Z")
    return online


@pytest.mark.parametrize("typed, sent", [
    ("attention", "all:attention"),
    ("attention is all", "all:attention AND all:is AND all:all"),
    ("ti:attention au:vaswani", "ti:attention AND au:vaswani"),
    ("cat:cs.CL ANDNOT ti:translation", "cat:cs.CL ANDNOT ti:translation"),
    ('ti:"all you need" OR abs:residual', 'ti:"all you need" OR abs:residual'),
    ('"image recognition"', 'all:"image recognition"'),
    ("(ti:a OR ti:b) cat:cs.LG", "( ti:a OR ti:b ) AND cat:cs.LG"),
])
def test_the_query_is_arxivs_search_query(typed: str, sent: str) -> None:
    assert build_query(typed) == sent


def test_search_shows_id_version_date_authors_title(cli, arxiv, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = cli("search", "attention")
    assert code == 0, err
    assert out == (
        "1. 1706.03762v7  2017-06-12  Attention Is All You Need\n"
        "   Ashish Vaswani, Noam Shazeer et al.\n"
        "2. 1409.0473v7  2014-09-01  Neural Machine Translation by Jointly Learning to Align "
        "and Translate\n"
        "   Dzmitry Bahdanau\n"
        "2 shown; add one with 'replicate search ... --add K' or 'replicate add ID'.\n"
    )
    [request] = arxiv.api_requests()
    assert request.query["search_query"] == ["all:attention"]
    assert request.query["max_results"] == ["10"]


def test_field_prefixes_reach_arxiv(cli, arxiv) -> None:
    code, out, _ = cli("search", "ti:attention", "au:vaswani", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "ti:attention AND au:vaswani"
    assert [h["arxiv_id"] for h in data["hits"]] == ["1706.03762"]
    code, out, _ = cli("search", "cat:cs.CL", "ANDNOT", "ti:translation", "--json")
    assert [h["arxiv_id"] for h in json.loads(out)["hits"]] == ["1706.03762"]


def test_max_limits_the_hits_and_says_how_many_match(cli, arxiv) -> None:
    for n in range(12):
        arxiv.add_paper(f"2001.{n + 1:05d}", title=f"Learning Thing {n}")
    code, out, _ = cli("search", "learning", "--max", "3")
    assert code == 0
    assert out.splitlines()[-1].startswith("3 of 14 shown;")
    assert arxiv.api_requests()[-1].query["max_results"] == ["3"]
    code, out, err = cli("search", "learning", "--max", "0")
    assert code == 1 and err == "error: --max must be from 1 to 100, not 0.\n"


def test_papers_already_added_are_marked(cli, arxiv, workspace: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    make_paper(workspace, "1512.03385", title="Deep Residual Learning for Image Recognition")
    code, out, _ = cli("search", "deep OR attention")
    assert "1512.03385v1  2015-12-10  Deep Residual Learning for Image Recognition  [added]" \
        in out
    assert "Attention Is All You Need  [added]" not in out
    code, out, _ = cli("search", "residual", "--json")
    hit = json.loads(out)["hits"][0]
    assert hit == {"index": 1, "arxiv_id": "1512.03385", "version": 1,
                   "published": "2015-12-10", "authors": ["Kaiming He", "Xiangyu Zhang"],
                   "title": "Deep Residual Learning for Image Recognition",
                   "primary_category": "cs.CV", "in_workspace": True}


def test_add_k_adds_that_hit_keeping_the_delay(cli, arxiv, workspace: Path,
                                               monkeypatch) -> None:
    monkeypatch.setenv("REPLICATE_ARXIV_DELAY", "0.3")
    code, out, err = cli("search", "attention", "--add", "1", "--max=5")
    assert code == 0, err
    assert "added  1706.03762  Attention Is All You Need" in out
    assert (workspace / "papers" / "1706.03762-attention-is-all-you-need" / "paper.toml").exists()
    search, lookup = arxiv.api_requests()
    assert "search_query" in search.query and lookup.query["id_list"] == ["1706.03762"]
    assert lookup.at - search.at >= 0.3
    code, out, err = cli("search", "attention")
    assert "Attention Is All You Need  [added]" in out


def test_add_with_json_keeps_stdout_one_document(cli, arxiv) -> None:
    code, out, err = cli("search", "attention", "--add", "1", "--json")
    assert code == 0, err
    assert json.loads(out)["hits"][0]["arxiv_id"] == "1706.03762"
    assert "added  1706.03762" in err


def test_add_k_out_of_range_adds_nothing(cli, arxiv, workspace: Path) -> None:
    code, out, err = cli("search", "attention", "--add", "3")
    assert (code, out) == (1, "")
    assert err == ("error: --add 3 is not one of the 2 papers found; give a number from 1 "
                   "to 2.\n")
    code, out, err = cli("search", "nothing-like-this", "--add", "1")
    assert err == "error: --add has nothing to add: the search found no papers.\n"
    assert list((workspace / "papers").iterdir()) == []


def test_nothing_found_and_arxiv_down(cli, arxiv) -> None:
    code, out, _ = cli("search", "quantum gravity")
    assert (code, out) == (0, "arXiv found nothing for all:quantum AND all:gravity.\n")
    arxiv.fail("api", "503", times=3)
    code, out, err = cli("search", "attention")
    assert code == 1
    assert err == "error: arXiv answered HTTP 503 after 3 tries; try again in a few minutes.\n"


def test_a_search_of_only_operators_is_refused_before_asking(cli, arxiv) -> None:
    code, _, err = cli("search", "AND")
    assert code == 1
    assert err == ("error: the search 'AND' has AND where a word belongs; put words on both "
                   "sides of it.\n")
    assert arxiv.api_requests() == []


# -- open ---------------------------------------------------------------------------------


@pytest.fixture
def paper(workspace: Path) -> Path:
    repo = make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    return repo


def test_open_print_gives_each_path_or_url(cli, paper: Path, monkeypatch) -> None:
    assert cli("open", "attention", "--print") == (
        0, f"{paper / 'notebooks' / 'replication.ipynb'}\n", "")
    assert cli("open", "attention", "repo", "--print") == (0, f"{paper}\n", "")
    assert cli("open", "1706", "abs", "--print") == (
        0, "https://arxiv.org/abs/1706.03762v1\n", "")
    # No PDF on disk: the one on arXiv.
    assert cli("open", "1706", "pdf", "--print") == (
        0, "https://arxiv.org/pdf/1706.03762v1\n", "")
    (paper / "paper.pdf").write_bytes(make_pdf(["x"]))
    assert cli("open", "1706", "pdf", "--print") == (0, f"{paper / 'paper.pdf'}\n", "")
    monkeypatch.chdir(paper)
    assert cli("open", "repo", "--print") == (0, f"{paper}\n", "")


def test_open_json(cli, paper: Path) -> None:
    code, out, _ = cli("open", "attention", "abs", "--json")
    assert code == 0
    assert json.loads(out) == {"arxiv_id": "1706.03762", "kind": "abs",
                               "location": "https://arxiv.org/abs/1706.03762v1", "is_url": True}


def test_open_code_needs_a_link(cli, paper: Path) -> None:
    code, _, err = cli("open", "attention", "code", "--print")
    assert code == 1
    assert err == (f"error: 1706.03762 names no code; put its repository's URL in "
                   f"official_code in {paper / 'paper.toml'}.\n")
    text = (paper / "paper.toml").read_text()
    (paper / "paper.toml").write_text(
        'official_code = "https://github.com/tensorflow/tensor2tensor"\n' + text)
    assert cli("open", "attention", "code", "--print") == (
        0, "https://github.com/tensorflow/tensor2tensor\n", "")


def test_open_notebook_starts_jupyterlab(cli, paper: Path, tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lab = bin_dir / "jupyter-lab"
    lab.write_text(f"#!{sys.executable}\nimport os, sys\n"
                   f"open({str(tmp_path / 'lab.txt')!r}, 'w').write(os.getcwd() + ' ' + "
                   "' '.join(sys.argv[1:]))\n")
    lab.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    code, _, err = cli("open", "attention")
    assert code == 0, err
    notebook = paper / "notebooks" / "replication.ipynb"
    assert (tmp_path / "lab.txt").read_text() == f"{paper} {notebook}"


def test_open_without_jupyterlab_or_an_opener_says_what_to_do(cli, paper: Path,
                                                              tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = cli("open", "attention", "notebook")
    assert code == 1
    assert err == ("error: JupyterLab is not installed; install it with 'pip install "
                   "jupyterlab', or use --print to get the notebook's path.\n")
    if sys.platform.startswith("linux"):
        code, _, err = cli("open", "attention", "repo")
        assert code == 1
        assert err == (f"error: no program to open {paper} here (xdg-open is missing); use "
                       "--print to get the path.\n")


# -- recorded answers of the real API -----------------------------------------------------

CORPUS_API = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "api"


@pytest.mark.skipif(not CORPUS_API.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("name", [
    "arxivpy_search_testing_start0_max10.xml",  # today's format
    "arxivpy2016_search_au_del_maestro.xml",  # the classic one, old-style ids among them
    "arxivpy2016_search_au_del_maestro_AND_ti_quantum_criticality.xml",
])
def test_recorded_search_answers_are_read_whole(cli, online, name: str) -> None:
    index = {e["file"]: e for e in json.loads((CORPUS_API / "index.json").read_text())}
    online.add_raw_feed("", (CORPUS_API / name).read_bytes())  # every search gets this answer
    code, out, err = cli("search", "anything", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == index[name]["total_results"]
    assert len(data["hits"]) == index[name]["entries"]
    for hit in data["hits"]:
        assert hit["title"] and hit["authors"] and hit["version"] >= 1
        assert len(hit["published"]) == 10 and hit["published"][:2] in ("19", "20")
    code, out, err = cli("search", "anything")
    assert code == 0 and len(out.splitlines()) == 2 * len(data["hits"]) + 1
