"""The ML Code Completeness Checklist on real paper repos: a fresh one fails every item, a
finished one passes them all, and show and the ledger say so in each of their forms."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
import test_rubric
from runnable import set_cell

from replicate import checklist, record

PAPER = test_rubric.PAPER
added = test_rubric.added  # the fixture: a paper added from the loopback arXiv

PINNED = "numpy==1.26.4\ntorch>=2.1,<3\ntomli>=1.1; python_version < '3.11'\n-e .\n"
README_DONE = """# My replication

Weights: https://huggingface.co/me/transformer-wmt14

| model | BLEU |
|---|---|
| base | 27.9 |

```sh
python train.py --config base.yaml
```
"""


def items(repo: Path) -> dict[str, tuple[bool, str]]:
    result = checklist.check(repo, record.load(repo))
    return {i.name: (i.met, i.detail) for i in result.items}


def commit(repo: Path, message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=repo, check=True)


def finish(repo: Path) -> None:
    """What a replicator adds before releasing: pinned requirements, scripts, weights, results."""
    (repo / "requirements.txt").write_text(PINNED)
    (repo / "train.py").write_text("print('training')\n")
    (repo / "scripts").mkdir()
    (repo / "scripts" / "evaluate.py").write_text("print('evaluating')\n")
    (repo / "README.md").write_text(README_DONE)


def test_a_fresh_repo_meets_no_item_and_says_what_to_add(added: Path) -> None:
    result = checklist.check(added, record.load(added))
    assert (result.met, result.total, result.summary) == (0, 5, "0/5")
    assert [i.name for i in result.items] == list(checklist.ITEMS)
    found = items(added)
    assert found["dependencies"] == (False, "no version for requirements.txt: numpy, "
                                     "matplotlib, jupyterlab, tomli; pin them (numpy==1.26.4) "
                                     "or bound them (numpy>=1.26)")
    assert found["training"] == (False, "the training cell of notebooks/replication.ipynb is "
                                 "still a stub; write the training code there or in a "
                                 "script (train.py)")
    assert found["evaluation"][1].startswith("the evaluation cell of notebooks/replication."
                                             "ipynb is still a stub")
    assert found["weights"][0] is False and "link them in README.md" in found["weights"][1]
    assert found["results"] == (False, "README.md has no table of results; add your numbers "
                                "(as in REPORT.md) with the command that produces them (e.g. "
                                f"replicate run {PAPER} --seeds 0-2)")


def test_a_finished_repo_meets_every_item(added: Path) -> None:
    finish(added)
    result = checklist.check(added, record.load(added))
    assert result.summary == "5/5"
    assert result.to_dict()["items"] == [
        {"name": "dependencies", "met": True,
         "detail": "requirements.txt give every dependency a version"},
        {"name": "training", "met": True, "detail": "train.py"},
        {"name": "evaluation", "met": True, "detail": "scripts/evaluate.py"},
        {"name": "weights", "met": True,
         "detail": "README.md links to them: https://huggingface.co/me/transformer-wmt14"},
        {"name": "results", "met": True, "detail": "README.md has a results table and the "
                                                   "command `python train.py --config base.yaml`"},
    ]


def test_the_notebook_counts_once_its_cells_are_written(added: Path) -> None:
    set_cell(added, "training", "def train(model, data, hparams):\n"
             "    for batch in data:\n        model.step(batch)\n    return {}\n\n"
             "history = train(model, data, HPARAMS)\n")
    set_cell(added, "evaluation", "scores = {'bleu-wmt-2014-english-german': 27.9}\n")
    found = items(added)
    assert found["training"] == (True, "notebooks/replication.ipynb, its training cell")
    assert found["evaluation"] == (True, "notebooks/replication.ipynb, its evaluation cell")


@pytest.mark.parametrize("name, text, met, detail", [
    ("environment.yml", "name: r\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n"
     "  - pip\n  - pip:\n    - torch==2.1.0\n", True,
     "environment.yml, requirements.txt give every dependency a version"),
    ("environment.yml", "dependencies:\n  - python=3.11\n  - numpy\n", False,
     "no version for environment.yml: numpy; pin them (numpy==1.26.4) or bound them "
     "(numpy>=1.26)"),
    ("pyproject.toml", "[project]\nname = 'r'\ndependencies = ['torch>=2', 'numpy~=1.26']\n",
     True, "pyproject.toml, requirements.txt give every dependency a version"),
    ("uv.lock", "version = 1\n", True, "uv.lock pins every dependency"),
])
def test_other_ways_to_give_the_dependencies(added: Path, name: str, text: str, met: bool,
                                             detail: str) -> None:
    (added / "requirements.txt").write_text(PINNED)
    (added / name).write_text(text)
    assert items(added)["dependencies"] == (met, detail)


def test_weights_kept_out_of_git_do_not_count(added: Path) -> None:
    (added / "checkpoints").mkdir()
    (added / "checkpoints" / "model.pt").write_bytes(b"\0" * 64)
    assert items(added)["weights"] == (
        False, "checkpoints/model.pt is here, but .gitignore keeps it out of the repo; upload "
        "it (Hugging Face, a GitHub release, Zenodo) and link it in README.md")
    (added / "release").mkdir()
    (added / "release" / "model.safetensors").write_bytes(b"\0" * 64)
    assert items(added)["weights"][0] is False  # *.safetensors is kept out too
    ignore = added / ".gitignore"
    ignore.write_text(ignore.read_text().replace("*.safetensors\n", ""))
    assert items(added)["weights"] == (True, "release/model.safetensors")


def test_a_results_table_needs_its_command(added: Path) -> None:
    (added / "README.md").write_text("# R\n\n| model | BLEU |\n|---|---|\n| base | 27.9 |\n\n"
                                     "```sh\npip install -r requirements.txt\n"
                                     "jupyter lab notebooks/replication.ipynb\n```\n")
    assert items(added)["results"] == (
        False, "README.md has a results table but no command that produces it; add it in a "
        f"code block (e.g. replicate run {PAPER} --seeds 0-2)")
    (added / "README.md").write_text("# R\n\n| model | BLEU |\n|:--|--:|\n| base | 27.9 |\n\n"
                                     f"Made with `replicate run {PAPER} --seeds 0-4`.\n")
    assert items(added)["results"][0] is True


def test_show_lists_every_item(cli, added: Path) -> None:
    code, out, err = cli("show", PAPER)
    assert code == 0, err
    text = " ".join(out.split())
    assert "ML Code Completeness Checklist: 0/5" in text
    assert "[ ] dependencies: no version for requirements.txt: numpy," in text
    assert "[ ] results: README.md has no table of results;" in text
    finish(added)
    data = json.loads(cli("show", PAPER, "--json")[1])
    assert data["checklist"]["summary"] == "5/5" and data["checklist"]["met"] == 5
    assert "[x] training: train.py" in cli("show", PAPER)[1]


def test_the_ledger_shows_the_checklist_in_every_form(cli, added: Path, workspace: Path,
                                                      tmp_path: Path) -> None:
    def code_column() -> str:
        header, _, row = cli("ledger")[1].splitlines()[-3:]
        assert header.split() == ["id", "title", "status", "claims", "code", "activity",
                                  "days"]
        at = header.index("code")
        return row[at - 1:at + 4].strip()

    assert code_column() == "0/5"
    finish(added)
    commit(added, "Release")
    # The cache saw the repo change: the ledger checks it again.
    row = json.loads(cli("ledger", "--json")[1])["papers"][0]
    assert row["checklist"]["summary"] == "5/5" and row["checklist"]["items"][0]["met"]
    assert code_column() == "5/5"
    cli("ledger", "-o", str(tmp_path / "l.csv"))
    line = next(csv.DictReader(io.StringIO((tmp_path / "l.csv").read_text())))
    assert (line["checklist_met"], line["checklist_total"]) == ("5", "5")
    cli("status", PAPER, "implementing")  # rewrites LEDGER.md
    assert "| code checklist |" in (workspace / "LEDGER.md").read_text()
    assert "| 0/1 | – | 5/5 |" in (workspace / "LEDGER.md").read_text()
    (added / "train.py").unlink()
    cli("ledger", "-o", str(tmp_path / "l.html"))
    html = (tmp_path / "l.html").read_text()
    assert '<td class="num checklist" title="missing: training">4/5</td>' in html
    # A file rewritten in place leaves its folder as it was: its own times tell the cache.
    (added / "requirements.txt").write_text("numpy\n")
    row = json.loads(cli("ledger", "--json")[1])["papers"][0]
    assert row["checklist"]["summary"] == "3/5"
    assert row["checklist"]["items"][0]["detail"].startswith("no version for requirements")
