"""New arXiv versions: `replicate outdated` and `replicate reread --version N / --latest`,
against the loopback arXiv answering a newer version for one paper."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pdfs import make_pdf

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

INTRO = "The dominant sequence transduction models are based on complex recurrent networks. "
ABSTRACTS = {
    1: INTRO + "Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation "
    "task and 41.0 BLEU on the WMT 2014 English-to-French translation task.",
    2: INTRO + "Our model achieves 28.9 BLEU on the WMT 2014 English-to-German translation "
    "task and 41.8 BLEU on the WMT 2014 English-to-French translation task, and 92.7 F1 on "
    "SQuAD v1.1.",
}
RATES = {1: "0.001", 2: "0.0005"}
DE, FR, SQUAD = "bleu-wmt-2014-english-german", "bleu-wmt-2014-english-french", "f1-squad-v11"


def serve(server, arxiv_id: str, version: int, title: str = "Attention Is All You Need",
          source: bytes | None = None) -> bytes:
    """Serve one version of the paper; its abstract and learning rate differ by version."""
    pdf = make_pdf(
        [f"{title}\nAlice Example\nAbstract\n{ABSTRACTS[version]}\n1 Introduction\nText.",
         f"3 Training\nWe train with a learning rate of {RATES[version]} and a batch size "
         "of 64 for 100k steps.\n4 Results\nText."],
        stamp=f"arXiv:{arxiv_id}v{version} [cs.CL] 6 Dec 2017",
    )
    server.add_paper(arxiv_id, version, title=title, authors=["Alice Example"],
                     abstract=ABSTRACTS[version], pdf=pdf,
                     updated=f"2017-12-0{version}T10:00:00Z",
                     comment=f"version {version}", source=source)
    return pdf


def show(cli, arxiv_id: str) -> dict:
    code, out, err = cli("show", arxiv_id, "--json")
    assert code == 0, err
    return json.loads(out)


def git_log(repo: Path) -> list[str]:
    done = subprocess.run(["git", "log", "--format=%s"], cwd=repo, capture_output=True,
                          text=True, check=True)
    return done.stdout.splitlines()


def ids_asked(request) -> list[str]:
    return request.query["id_list"][0].split(",")


@pytest.fixture
def two_papers(cli, online, workspace: Path) -> dict[str, Path]:
    """Two papers added at v1; then arXiv gets a v2 of the first only."""
    serve(online, "1706.03762", 1)
    serve(online, "1512.03385", 1, title="Deep Residual Learning")
    code, _, err = cli("add", "1706.03762", "1512.03385", "--no-source")
    assert code == 0, err
    repos = {aid: Path(show(cli, aid)["path"]) for aid in ("1706.03762", "1512.03385")}
    serve(online, "1706.03762", 2)
    return repos


def test_outdated_lists_the_paper_with_a_newer_version(cli, online, two_papers) -> None:
    before = {aid: (repo / "paper.toml").read_bytes() for aid, repo in two_papers.items()}
    asked = len(online.api_requests())

    code, out, err = cli("outdated")
    assert code == 0, err
    assert out.splitlines()[0] == "1706.03762  v1 -> v2, 2017-12-02  Attention Is All You Need"
    assert "1512.03385" not in out
    assert "1 of 2 papers has a newer version on arXiv" in out

    requests = online.api_requests()[asked:]
    assert len(requests) == 1  # one batched request for the whole workspace
    assert sorted(ids_asked(requests[0])) == ["1512.03385", "1706.03762"]
    # outdated only reads: the records and their history are as they were
    for aid, repo in two_papers.items():
        assert (repo / "paper.toml").read_bytes() == before[aid]
        assert len(git_log(repo)) == 1

    code, out, err = cli("outdated", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["checked"] == 2 and data["problems"] == []
    assert data["outdated"] == [{
        "arxiv_id": "1706.03762", "title": "Attention Is All You Need",
        "path": str(two_papers["1706.03762"]), "read_version": 1, "latest_version": 2,
        "updated": "2017-12-02T10:00:00+00:00",
    }]


def test_reread_latest_shows_the_diff_and_keeps_what_the_user_wrote(
        cli, online, two_papers) -> None:
    import tomli_w

    repo = two_papers["1706.03762"]
    # the user records a result, adds a claim of their own and edits another claim
    assert cli("result", "1706.03762", DE, "27.9")[0] == 0
    assert cli("claim", "1706.03762", "--metric", "perplexity", "--value", "4.9",
               "--lower-is-better")[0] == 0
    data = tomllib.loads((repo / "paper.toml").read_text())
    fr = next(c for c in data["claims"] if c["key"] == FR)
    fr["value"] = 40.5
    steps = next(h for h in data["hyperparameters"] if h["name"] == "training steps")
    steps["value"] = "100,000"
    (repo / "paper.toml").write_text(tomli_w.dumps(data))
    subprocess.run(["git", "commit", "-qam", "My figure for English-French"], cwd=repo,
                   check=True)

    code, out, err = cli("reread", "1706.03762", "--latest", "--no-source", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["from_version"], done["to_version"]) == (1, 2)
    assert done["claims_changed"] == [{
        "key": DE, "metric": "BLEU", "dataset": "WMT 2014 English-German", "unit": "",
        "old_value": 28.4, "new_value": 28.9, "old_version": 1, "new_version": 2,
    }]
    assert [c["key"] for c in done["claims_added"]] == [SQUAD]
    assert done["claims_added"][0]["old_value"] is None
    assert done["claims_removed"] == []
    assert done["hyperparameters"] == [
        {"name": "learning rate", "old_value": "0.001", "new_value": "0.0005"}]
    assert f"kept your edited claim {FR}" in done["notes"]
    # what v2 says against the user's edits is shown, not hidden by them
    assert done["claims_kept"] == [{
        "key": FR, "metric": "BLEU", "dataset": "WMT 2014 English-French", "unit": "",
        "old_value": 40.5, "new_value": 41.8, "old_version": 1, "new_version": 2,
    }]
    assert done["hyperparameters_kept"] == [
        {"name": "training steps", "old_value": "100,000", "new_value": "100k"}]

    record = show(cli, "1706.03762")
    assert (record["version"], record["read_from_version"]) == (2, 2)
    assert record["comment"] == "version 2"
    claims = {c["key"]: c for c in record["claims"]}
    assert (claims[DE]["value"], claims[DE]["version"]) == (28.9, 2)
    assert claims[DE]["reproduced"] == 27.9  # the user's number stays on its claim
    assert (claims[FR]["value"], claims[FR]["version"]) == (40.5, 1)  # edited: pinned to v1
    assert claims[SQUAD]["version"] == 2
    assert claims["perplexity"]["value"] == 4.9
    assert (repo / "paper.pdf").read_bytes() == online._lookup("1706.03762v2").pdf
    assert git_log(repo)[0] == "Re-read 1706.03762v2 (from v1): update suggestions"
    # the repo's files follow the record, in the same commit
    assert "- Abstract: https://arxiv.org/abs/1706.03762v2\n" in (repo / "README.md").read_text()
    assert f"| `{DE}` | BLEU | WMT 2014 English-German | 28.9 |" in \
        (repo / "REPORT.md").read_text()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout == ""

    code, out, _ = cli("outdated")
    assert code == 0 and "None of 2 papers has a newer version on arXiv." in out


def test_reread_latest_prints_the_diff(cli, online, two_papers) -> None:
    record = two_papers["1706.03762"] / "paper.toml"
    text = record.read_text()
    assert text.count("value = 41.0\n") == 1
    record.write_text(text.replace("value = 41.0\n", "value = 40.5\n"))
    code, out, err = cli("reread", "1706.03762", "--latest", "--no-source")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Re-read 1706.03762 v2; suggestions in ")
    assert "  moved from v1 to v2" in lines
    assert lines[lines.index("Changed claims:") + 1] == (
        f"  {DE}: BLEU on WMT 2014 English-German: 28.4 (v1) -> 28.9 (v2)")
    assert lines[lines.index("Added claims:") + 1] == f"  {SQUAD}: F1 on SQuAD v1.1: 92.7 (v2)"
    assert lines[lines.index("Changed hyperparameters:") + 1] == "  learning rate: 0.001 -> 0.0005"
    assert lines[lines.index("Kept your edits where the paper now says otherwise:") + 1] == (
        f"  {FR}: BLEU on WMT 2014 English-French: yours 40.5 (v1), the paper 41.8 (v2)")

    # already at the latest: nothing to move, nothing changed
    code, out, err = cli("reread", "1706.03762", "--latest", "--no-source")
    assert code == 0, err
    assert "  v2 is the latest version on arXiv" in out
    assert "No claim or hyperparameter changed." in out.splitlines()
    assert out.rstrip().endswith("yours 40.5 (v1), the paper 41.8 (v2)")  # still said


def test_reread_version_goes_to_that_version(cli, online, two_papers) -> None:
    assert cli("reread", "1706.03762", "--latest", "--no-source")[0] == 0
    code, out, err = cli("reread", "1706.03762", "--version", "1", "--no-source", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["from_version"], done["to_version"]) == (2, 1)
    assert [c["key"] for c in done["claims_removed"]] == [SQUAD]
    assert done["claims_changed"][0]["new_value"] == 28.4
    record = show(cli, "1706.03762")
    assert (record["version"], record["read_from_version"]) == (1, 1)
    assert (two_papers["1706.03762"] / "paper.pdf").read_bytes() == \
        online._lookup("1706.03762v1").pdf


def test_reread_of_a_version_arxiv_lacks_changes_nothing(cli, online, two_papers) -> None:
    repo = two_papers["1706.03762"]
    before = (repo / "paper.toml").read_bytes()
    code, out, err = cli("reread", "1706.03762", "--version", "9")
    assert (code, out) == (1, "")
    assert err == ("error: arXiv has no version 9 of 1706.03762; see its versions at "
                   "https://arxiv.org/abs/1706.03762.\n")
    assert (repo / "paper.toml").read_bytes() == before
    code, _, err = cli("reread", "1706.03762", "--version", "0")
    assert (code, err) == (2, "error: --version must be 1 or more, not 0.\n")
    code, _, err = cli("reread", "1706.03762", "--version", "2", "--latest")
    assert code == 2 and err.startswith("error: argument --latest: not allowed with argument")


def test_outdated_offline_is_one_error_line(cli, two_papers, monkeypatch) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", f"http://127.0.0.1:{port}/api/query")
    code, out, err = cli("outdated")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: cannot reach http://127.0.0.1:{port} ")
    assert err.count("\n") == 1


def test_outdated_names_a_paper_arxiv_does_not_know(cli, online, workspace, two_papers) -> None:
    online.papers.pop("1512.03385")
    code, out, err = cli("outdated")
    assert code == 1
    assert "1706.03762  v1 -> v2" in out
    assert err.startswith("error: 1512.03385: arXiv has no paper 1512.03385")


def test_outdated_in_an_empty_workspace(cli, workspace) -> None:
    code, out, _ = cli("outdated")
    assert (code, out) == (0, "No papers to check; add one with 'replicate add ID'.\n")


def test_reread_latest_reads_that_versions_latex_source(cli, online, two_papers) -> None:
    import io
    import tarfile

    tex = ("\\documentclass{article}\n\\begin{document}\n\\begin{abstract}" + ABSTRACTS[2]
           + "\\end{abstract}\n\\section{Training}\nWe train with a learning rate of 0.0003 "
           "and a batch size of 64 for 100k steps.\n\\end{document}\n").encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("ms.tex")
        info.size = len(tex)
        tar.addfile(info, io.BytesIO(tex))
    serve(online, "1706.03762", 2, source=buf.getvalue())

    code, out, err = cli("reread", "1706.03762", "--latest", "--json")
    assert code == 0, err
    assert [r.path for r in online.source_requests()][-1] == "/e-print/1706.03762v2"
    assert json.loads(out)["hyperparameters"][0] == {
        "name": "learning rate", "old_value": "0.001", "new_value": "0.0003"}
