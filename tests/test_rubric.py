"""`replicate rubric`: the tree made from a real added paper, marks, hand edits, the score,
and leaves decided by recorded results and real runs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from runnable import KEY, PAPER_ID, make_runnable
from test_add import serve

from replicate import record

PAPER = "1706.03762"
CLAIM = "bleu-wmt-2014-english-german"


def git_log(repo: Path) -> list[str]:
    return subprocess.run(["git", "log", "--format=%s"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.splitlines()


def git_status(repo: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def added(cli, online, workspace: Path) -> Path:
    """The repo of a paper added from the loopback arXiv (one claim, one dataset)."""
    serve(online, PAPER, "Attention Is All You Need")
    code, _, err = cli("add", PAPER)
    assert code == 0, err
    return record.locate(workspace / "papers", PAPER)


def rubric_json(cli, *args: str) -> dict:
    code, out, err = cli("rubric", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def leaves(node: dict) -> dict[str, dict]:
    """Every leaf of a `--json` tree, by name."""
    if not node["sub_tasks"]:
        return {node["name"]: node}
    out: dict[str, dict] = {}
    for child in node["sub_tasks"]:
        out.update(leaves(child))
    return out


def groups(data: dict) -> dict[str, dict]:
    return {g["name"]: g for g in data["tree"]["sub_tasks"]}


def test_the_rubric_is_made_from_the_paper_and_committed(cli, added: Path) -> None:
    code, out, err = cli("rubric", PAPER)
    assert code == 0, err
    assert out.startswith("Made rubric.toml with 8 leaves; committed rubric.toml.\n")
    assert f"{PAPER}: score 0.00 (0 of 8 leaves met)" in out
    assert "[ ] model" in out and f"[ ] {CLAIM}" in out and "claim: pending" in out
    assert "--done NAME" in out
    assert git_log(added)[0] == "Rubric: made rubric.toml with 8 leaves (score 0.00)"
    assert git_status(added) == ""
    data = rubric_json(cli, PAPER)
    assert data["changed"] is False and data["created"] is False and data["saved"] is True
    assert list(groups(data)) == ["code", "execution", "results"]
    assert [g["weight"] for g in groups(data).values()] == [1, 1, 2]
    found = leaves(data["tree"])
    assert list(found) == ["model", "data-wmt-2014-english-german", "training", "evaluation",
                           "run", "seeds", f"metric-{CLAIM}", CLAIM]
    assert {n: f["task_category"] for n, f in found.items()} == {
        **{n: "Code Development" for n in list(found)[:4]},
        **{n: "Code Execution" for n in list(found)[4:7]}, CLAIM: "Result Analysis"}
    assert "WMT 2014 English-German" in found["data-wmt-2014-english-german"]["requirements"]
    assert "28.4 is reproduced" in found[CLAIM]["requirements"]
    assert found[CLAIM]["why"] == "pending" and found[CLAIM]["decided_by"] == "claim"
    assert found["seeds"]["why"] == "no run succeeded yet; 3 needed"
    assert len(git_log(added)) == 2  # asking again commits nothing


def test_marks_and_hand_edits_survive_new_claims(cli, added: Path) -> None:
    assert cli("rubric", PAPER, "--done", "model", "training")[0] == 0
    assert git_log(added)[0] == ("Rubric: made rubric.toml with 8 leaves; marked model, "
                                 "training done (score 0.12)")
    path = added / "rubric.toml"
    text = path.read_text()
    # By hand: a comment, a heavier code group, a renamed leaf, a leaf of one's own, and
    # the seeds leaf deleted.
    text = text.replace('name = "code"\n', '# what I write myself\nname = "code"\n', 1)
    text = text.replace('weight = 1\nid = "code"\n', 'weight = 3\nid = "code"\n')
    text = text.replace('name = "data-wmt-2014-english-german"', 'name = "wmt"')
    seeds = text.index('[[node]]\nname = "seeds"')
    text = text[:seeds] + text[text.index("[[node]]", seeds + 1):]
    text += ('\n[[node]]\nname = "ablation"\nparent = "code"\n'
             'requirements = "The ablation of Table 3 is coded."\nweight = 2\n')
    path.write_text(text)
    code, _, err = cli("claim", PAPER, "--metric", "BLEU", "--value", "41.0",
                       "--dataset", "WMT 2014 English-French")
    assert code == 0, err
    code, out, err = cli("rubric", PAPER, "--done", "wmt", "ablation")
    assert code == 0, err
    assert out.startswith("Added metric-bleu-wmt-2014-english, bleu-wmt-2014-english; "
                          "marked wmt, ablation done; committed rubric.toml.")
    after = path.read_text()
    assert '# what I write myself\nname = "code"' in after and 'weight = 3\nid = "code"' in after
    assert 'name = "wmt"' in after and 'requirements = "The ablation of Table 3' in after
    assert 'name = "seeds"' not in after  # deleted, and not made again
    data = rubric_json(cli, PAPER)
    found = leaves(data["tree"])
    assert [n for n, f in found.items() if f["met"]] == ["model", "wmt", "training",
                                                         "ablation"]
    assert "seeds" not in found and "bleu-wmt-2014-english" in found
    assert list(leaves(groups(data)["results"])) == [CLAIM, "bleu-wmt-2014-english"]
    # code: (1 + 1 + 1 + 0 + 2) / 6 = 5/6, weight 3; execution 0; results 0, weight 2.
    assert groups(data)["code"]["score"] == pytest.approx(5 / 6)
    assert data["score"] == pytest.approx(3 * 5 / 6 / 6)
    assert cli("rubric", PAPER, "--undo", "ablation")[0] == 0
    assert leaves(rubric_json(cli, PAPER)["tree"])["ablation"]["met"] is False
    assert git_log(added)[0].startswith("Rubric: marked ablation not done")


def test_the_score_of_a_small_known_tree(cli, added: Path) -> None:
    assert cli("rubric", PAPER)[0] == 0
    path = added / "rubric.toml"
    generated = path.read_text().split("\n[generated]\n")[1]  # what the tool made, deleted
    path.write_text('requirements = "A small tree"\n\n'
                    '[[node]]\nname = "a"\nweight = 3\n\n'
                    '[[node]]\nname = "a1"\nparent = "a"\nweight = 1\ndone = true\n\n'
                    '[[node]]\nname = "a2"\nparent = "a"\nweight = 3\n\n'
                    '[[node]]\nname = "b"\nweight = 1\ndone = true\n\n'
                    '[[node]]\nname = "zero"\nweight = 0\n\n'
                    '[[node]]\nname = "gone"\nparent = "a"\nclaim = "no-such-claim"\n\n'
                    f'[generated]\n{generated}')
    data = rubric_json(cli, PAPER)
    # a = (1·1 + 3·0) / 4 = 0.25 (gone does not count); top = (3·0.25 + 1·1 + 0·0) / 4.
    assert groups(data)["a"]["score"] == 0.25
    assert data["score"] == 0.4375
    assert (data["met"], data["total"]) == (2, 4)
    assert leaves(data["tree"])["gone"]["met"] is None
    assert data["added"] == [] and data["changed"] is False
    code, out, _ = cli("rubric", PAPER)
    assert "score 0.44 (2 of 4 leaves met)" in out
    assert "[-] gone" in out and "claim no-such-claim is gone from paper.toml" in out


def test_result_leaves_follow_the_recorded_numbers(cli, added: Path) -> None:
    assert cli("result", PAPER, CLAIM, "20")[0] == 0
    found = leaves(rubric_json(cli, PAPER)["tree"])
    assert found[CLAIM]["met"] is False and found[CLAIM]["why"] == "not-reproduced"
    assert cli("result", PAPER, CLAIM, "28.5")[0] == 0
    data = rubric_json(cli, PAPER)
    assert leaves(data["tree"])[CLAIM]["met"] is True
    assert groups(data)["results"]["score"] == 1 and data["score"] == 0.5
    assert leaves(data["tree"])[f"metric-{CLAIM}"]["met"] is False  # no run reported it


def test_execution_leaves_follow_real_runs(cli, workspace: Path) -> None:
    repo = make_runnable(workspace)
    assert cli("rubric", PAPER_ID, "--done", "evaluation")[0] == 0
    code, out, err = cli("run", PAPER_ID, "--seeds", "0-2", "--param", "lr=0.001")
    assert code == 0, err
    code, out, err = cli("rubric", PAPER_ID)
    assert code == 0, err
    assert out.startswith("Added run-lr-0.001; committed rubric.toml.")
    data = rubric_json(cli, PAPER_ID)
    found = leaves(data["tree"])
    assert found["run"]["why"] == "3 runs succeeded"
    assert found["seeds"]["met"] is True and found["seeds"]["why"] == "seeds 0, 1, 2 succeeded"
    assert found[f"metric-{KEY}"]["why"] == "3 runs reported it"
    assert found["run-lr-0.001"]["met"] is True
    assert found[KEY]["met"] is True  # mean 91 against 90.3
    assert found["evaluation"]["met"] is True  # the mark survived the new leaf
    assert groups(data)["execution"]["score"] == 1.0
    # (0.25 · 1 + 1 · 1 + 1 · 2) / 4
    assert data["score"] == pytest.approx(0.8125)
    assert 'params = "lr=0.001"' in (repo / "rubric.toml").read_text()


@pytest.mark.parametrize("args, message", [
    (["--done", "nope"], "error: the rubric of 1706.03762 has no leaf 'nope'; see its leaves "
                         "with 'replicate rubric 1706.03762'.\n"),
    (["--done", "run"], "error: leaf 'run' of the rubric of 1706.03762 is decided by the "
                        "recorded runs: run the notebook with 'replicate run'.\n"),
    (["--undo", CLAIM], f"error: leaf '{CLAIM}' of the rubric of 1706.03762 is decided by its "
                        "claim's verdict: record your number with 'replicate result'.\n"),
    (["--done", "code"], "error: 'code' is a group of the rubric of 1706.03762, not a leaf; "
                         "mark its leaves instead (model, data-wmt-2014-english-german, "
                         "training, evaluation).\n"),
])
def test_a_name_that_cannot_be_marked_is_one_sentence(cli, added: Path, args: list[str],
                                                      message: str) -> None:
    before = git_log(added)
    code, out, err = cli("rubric", PAPER, *args)
    assert (code, out, err) == (1, "", message)
    assert git_log(added) == before and not (added / "rubric.toml").exists()


def test_done_and_undo_of_one_name_is_a_usage_error(cli, added: Path) -> None:
    code, _, err = cli("rubric", PAPER, "--done", "model", "--undo", "model")
    assert code == 2
    assert err == "error: model cannot be both --done and --undo; give one.\n"


@pytest.mark.parametrize("edit, message", [
    (('weight = 2', 'weight = "high"'),
     "weight of node 'results' must be a number, 0 or more, not 'high'; fix the file."),
    (('parent = "code"', 'parent = "cod"'),
     "parent of node 'model' is 'cod', which no node is named; fix the name or remove the "
     "parent."),
    (('name = "training"', 'name = "model"'), "two nodes are named 'model'; rename one."),
    (('check = "seeds"', 'check = "sometimes"'),
     "check of node 'seeds' must be one of run, seeds, metric, not 'sometimes'; fix the file."),
])
def test_a_broken_rubric_names_the_file_and_field(cli, added: Path, edit: tuple[str, str],
                                                  message: str) -> None:
    assert cli("rubric", PAPER)[0] == 0
    path = added / "rubric.toml"
    path.write_text(path.read_text().replace(*edit, 1))
    code, out, err = cli("rubric", PAPER, "--done", "model")
    assert (code, out) == (1, "")
    assert err == f"error: {path}: {message}\n"
    code, out, err = cli("show", PAPER)  # show still shows the paper, and the problem
    assert code == 0, err
    assert f"Rubric: {path}: {message}" in " ".join(out.split())
    rubric = json.loads(cli("show", PAPER, "--json")[1])["rubric"]
    assert rubric["score"] is None and rubric["problem"].endswith(message)


def test_show_gives_the_score_of_the_rubric(cli, added: Path) -> None:
    rubric = json.loads(cli("show", PAPER, "--json")[1])["rubric"]
    assert rubric == {"score": 0.0, "met": 0, "total": 8,
                      "path": str(added / "rubric.toml"), "saved": False, "problem": None}
    assert not (added / "rubric.toml").exists()  # show writes nothing
    cli("rubric", PAPER, "--done", "model", "evaluation")
    code, out, _ = cli("show", PAPER)
    assert "Rubric: score 0.12 (2 of 8 leaves met; 'replicate rubric 1706.03762' shows " \
           "them)" in " ".join(out.split())
    rubric = json.loads(cli("show", PAPER, "--json")[1])["rubric"]
    assert (rubric["score"], rubric["saved"]) == (0.125, True)  # 2 of 4 code leaves: 1/2·1/4
