"""Naming papers (ids, id prefixes, title words, the repo you are in), list, path and completion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_ledger import make_paper, resnet_claims

REPLICATE = Path(sys.executable).parent / "replicate"


@pytest.fixture
def shelf(workspace: Path) -> dict[str, Path]:
    """Four papers, two of them sharing the words 'deep' and 'learning'."""
    return {
        "1512.03385": make_paper(workspace, "1512.03385", title="Deep Residual Learning for "
                                 "Image Recognition", claims=resnet_claims()),
        "1706.03762": make_paper(workspace, "1706.03762", title="Attention Is All You Need",
                                 status="reading"),
        "1312.5602": make_paper(workspace, "1312.5602", title="Playing Atari with Deep "
                                "Reinforcement Learning"),
        "hep-th/9901001": make_paper(workspace, "hep-th/9901001", title="Über Schrödinger "
                                     "Operators"),
    }


NAMES = [
    ("1706.03762", "1706.03762"),
    ("arXiv:1706.03762v5", "1706.03762"),
    ("https://arxiv.org/abs/1706.03762", "1706.03762"),
    ("1706.037", "1706.03762"),  # a unique prefix
    ("1706", "1706.03762"),
    ("hep-th/99", "hep-th/9901001"),
    ("attention", "1706.03762"),  # title words, any case
    ("ATTENTION need", "1706.03762"),
    ("resid", "1512.03385"),  # the start of a word
    ("deep residual", "1512.03385"),
    ("schrodinger", "hep-th/9901001"),  # accents do not matter
    ("uber", "hep-th/9901001"),
    ("1706.03762-attention-is-all-you-need", "1706.03762"),  # the folder's name
    ("papers/1312.5602-playing-atari-with-deep-reinforcement-learning/", "1312.5602"),
]


def test_a_paper_is_named_by_id_prefix_or_title_words(cli, shelf) -> None:
    for name, expected in NAMES:
        code, out, err = cli("show", name, "--json")
        assert code == 0, (name, err)
        assert json.loads(out)["arxiv_id"] == expected, name


def test_words_naming_several_papers_list_them_in_one_sentence(cli, shelf) -> None:
    code, out, err = cli("status", "deep learning", "reading")
    assert (code, out) == (1, "")
    assert err == ("error: 'deep learning' names 2 papers: 1312.5602 (Playing Atari with Deep "
                   "Reinforcement Learning); 1512.03385 (Deep Residual Learning for Image "
                   "Recognition); give more of the id or title.\n")
    code, out, err = cli("show", "1", "--json")  # a prefix shared by three ids
    assert code == 1 and err.startswith("error: '1' names 3 papers: 1312.5602 (")


def test_nothing_matching_says_what_to_do(cli, shelf) -> None:
    code, _, err = cli("show", "transformers are rnns")
    assert code == 1
    assert err == ("error: no paper in the workspace matches 'transformers are rnns'; see "
                   "'replicate list', or add it with 'replicate add ID'.\n")
    code, _, err = cli("show", "1901.00001")  # a valid id that is not there
    assert code == 1 and err.startswith("error: 1901.00001 is not in the workspace (")
    code, _, err = cli("show", "1706.3762")  # a mistyped id is called one
    assert code == 1 and err.startswith("error: '1706.3762' has a four-digit number")


def test_inside_a_paper_repo_the_id_may_be_left_out(cli, shelf, monkeypatch) -> None:
    repo = shelf["1512.03385"]
    (repo / "notebooks").mkdir(exist_ok=True)
    monkeypatch.chdir(repo / "notebooks")
    code, out, err = cli("show", "--json")
    assert code == 0, err
    assert json.loads(out)["arxiv_id"] == "1512.03385"
    code, out, err = cli("status", "reading")  # the one word is the state
    assert (code, out) == (0, "1512.03385: queued -> reading.\n"), err
    code, out, _ = cli("status")
    assert out.startswith("1512.03385: reading\n")
    code, out, err = cli("claim", "--metric", "BLEU", "--value", "28.4")
    assert code == 0, err
    code, out, err = cli("result", "bleu", "28.5")
    assert code == 0, err
    code, out, _ = cli("path")  # the no-argument form still shows the workspace
    assert out.startswith("workspace")


def test_outside_a_paper_repo_a_missing_id_is_one_sentence(cli, shelf) -> None:
    code, out, err = cli("show")
    assert (code, out) == (1, "")
    assert err == ("error: no paper named, and this folder is not inside a paper repo; give "
                   "an id or words of the title (see 'replicate list'), or run the command in "
                   "the paper's repo.\n")


def test_list_shows_each_paper_with_status_and_claims(cli, shelf, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = cli("list")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "1312.5602", "1512.03385", "1706.03762", "hep-th/9901001"]
    assert all(len(line) <= 60 for line in lines)
    resnet = lines[1]
    assert resnet.startswith("1512.03385      Deep Residual Learning for")
    assert "…" in resnet and resnet.split()[-2:] == ["queued", "0/2"]
    code, out, _ = cli("list", "--status", "reading")
    assert out.split()[0] == "1706.03762" and len(out.splitlines()) == 1
    code, out, _ = cli("list", "--status", "replicated")
    assert out == "No replicated papers.\n"


def test_list_json(cli, shelf) -> None:
    code, out, err = cli("list", "--json", "--status", "queued")
    assert code == 0, err
    data = json.loads(out)
    assert [p["arxiv_id"] for p in data] == ["1312.5602", "1512.03385", "hep-th/9901001"]
    assert data[1] == {"arxiv_id": "1512.03385",
                       "title": "Deep Residual Learning for Image Recognition",
                       "status": "queued", "claims_reproduced": 0, "claims_total": 2,
                       "path": str(shelf["1512.03385"]), "problem": None}


def test_list_rejects_an_unknown_state(cli, shelf) -> None:
    assert cli("list", "--status", "done") == (
        1, "", "error: unknown state 'done'; use one of: queued, reading, implementing, "
        "experimenting, replicated, partial, not-reproduced, abandoned.\n")
    code, out, _ = cli("list", "--status", "Not reproduced")
    assert (code, out) == (0, "No not-reproduced papers.\n")


def test_path_prints_the_repo_of_a_paper(cli, shelf) -> None:
    code, out, err = cli("path", "attention")
    assert (code, out) == (0, f"{shelf['1706.03762']}\n"), err
    result = subprocess.run(["bash", "-c", f'cd "$({REPLICATE} path resid)" && pwd'],
                            capture_output=True, text=True)
    assert result.stdout.strip() == str(shelf["1512.03385"].resolve())


def test_a_broken_record_is_still_named_by_its_id(cli, shelf) -> None:
    (shelf["1706.03762"] / "paper.toml").write_text("title = [")
    code, out, err = cli("path", "1706.03")
    assert (code, out) == (0, f"{shelf['1706.03762']}\n"), err


# -- completion ---------------------------------------------------------------------------


@pytest.fixture
def complete(cli, workspace: Path):
    """What bash completes at the end of a command line, with the generated script loaded."""
    script = cli("completion", "bash")[1]
    env = {**os.environ, "PATH": f"{REPLICATE.parent}:{os.environ['PATH']}"}

    def run(shell_line: str) -> list[str]:
        words = shell_line.split(" ")
        program = (f'{script}\nCOMP_WORDS=({" ".join(repr(w) for w in words)})\n'
                   f"COMP_CWORD={len(words) - 1}\n_replicate\n"
                   'printf "%s\\n" "${COMPREPLY[@]}"\n')
        result = subprocess.run(["bash", "-c", program], capture_output=True, text=True,
                                cwd=workspace, env=env, check=True)
        return [line for line in result.stdout.splitlines() if line]

    return run


def test_the_bash_script_is_valid_and_completes_commands_and_options(cli, complete) -> None:
    code, out, _ = cli("completion", "bash")
    assert code == 0
    check = subprocess.run(["bash", "-n"], input=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert complete("replicate li") == ["list"]
    assert set(complete("replicate ")) >= {"add", "show", "list", "search", "open",
                                                      "completion", "status"}
    assert "__complete" not in complete("replicate ")
    assert complete("replicate list --st") == ["--status"]
    assert complete("replicate list --status rep") == ["replicated"]
    assert complete("replicate run --on s") == ["slurm"]


def test_bash_completes_the_workspace_papers_as_they_are_added(complete, workspace) -> None:
    assert complete("replicate show ") == []
    make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    make_paper(workspace, "1512.03385", title="Deep Residual Learning")
    assert complete("replicate show ") == ["1512.03385", "1706.03762"]
    assert complete("replicate status 17") == ["1706.03762"]
    assert complete("replicate open att") == ["1706.03762"]  # by title words
    assert set(complete("replicate status 1706.03762 ")) >= {"queued", "partial"}
    assert complete("replicate open 1706.03762 p") == ["pdf"]


def test_the_dynamic_part_lists_ids_and_titles(cli, shelf) -> None:
    code, out, _ = cli("__complete", "papers", "17")
    assert (code, out) == (0, "1706.03762\tAttention Is All You Need\n")
    code, out, _ = cli("__complete", "papers", "")
    assert len(out.splitlines()) == 4


def test_the_dynamic_part_is_silent_without_a_workspace(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("__complete", "papers", "") == (0, "", "")


@pytest.mark.parametrize("shell, check", [
    ("zsh", ["zsh", "-n"]),
    ("fish", ["fish", "--no-execute"]),
])
def test_zsh_and_fish_scripts_are_valid(cli, workspace, shell: str, check: list[str]) -> None:
    code, out, _ = cli("completion", shell)
    assert code == 0 and "__complete papers" in out
    if shutil.which(check[0]) is None:
        pytest.skip(f"{shell} is not installed")
    result = subprocess.run(check, input=out, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_fish_completes_the_workspace_papers_with_their_titles(cli, workspace: Path,
                                                               tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    script = tmp_path / "replicate.fish"
    script.write_text(cli("completion", "fish")[1])
    env = {**os.environ, "PATH": f"{REPLICATE.parent}:{os.environ['PATH']}"}
    result = subprocess.run(["fish", "-c", f"source {script}; complete -C 'replicate open '"],
                            capture_output=True, text=True, cwd=workspace, env=env)
    assert "1706.03762\tAttention Is All You Need" in result.stdout.splitlines()
    assert "pdf" in result.stdout.splitlines()
