"""`replicate add` end to end: real CLI, real loopback arXiv, real git repos."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pdfs import linked_pdf, make_pdf

ABSTRACT = (
    "The dominant sequence transduction models are based on complex recurrent networks.\n"
    "Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation task."
)


def paper_pdf(arxiv_id: str, version: int = 1, title: str = "A Paper") -> bytes:
    return make_pdf(
        [f"{title}\nAlice Example, Bob Example\nAbstract\n{ABSTRACT}\n1 Introduction\nText.",
         "2 Results\nWe reach 28.4 BLEU on WMT 2014 English-German."],
        stamp=f"arXiv:{arxiv_id}v{version} [cs.CL] 6 Dec 2017",
    )


def serve(server, arxiv_id: str, title: str, version: int = 1, **kw) -> None:
    server.add_paper(arxiv_id, version, title=title, authors=["Alice Example", "Bob Example"],
                     abstract=ABSTRACT, pdf=paper_pdf(arxiv_id, version, title), **kw)


def api_requests(server) -> list:
    return [r for r in server.requests if "/api/" in r.path]


def pdf_requests(server) -> list:
    return [r for r in server.requests if "/pdf/" in r.path]


def git_log(repo: Path) -> list[str]:
    out = subprocess.run(["git", "log", "--format=%s"], cwd=repo, capture_output=True, text=True,
                         check=True)
    return out.stdout.splitlines()


def leftovers(workspace: Path) -> list[str]:
    return sorted(p.name for p in (workspace / "papers").iterdir())


def test_add_one_paper_makes_a_committed_repo(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need", version=7,
          comment="15 pages; code at https://github.com/tensorflow/tensor2tensor",
          journal_ref="NIPS 2017", doi="10.5555/3295222")
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    repo = workspace / "papers" / "1706.03762-attention-is-all-you-need"
    assert "added" in out and "Attention Is All You Need" in out
    assert git_log(repo) == [
        "Scaffold replication of Attention Is All You Need (arXiv:1706.03762v7)"
    ]
    assert (repo / "paper.pdf").read_bytes().startswith(b"%PDF")
    status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=repo,
                            capture_output=True, text=True, check=True).stdout
    assert "!! paper.pdf" in status
    readme = (repo / "README.md").read_text()
    assert "https://github.com/tensorflow/tensor2tensor" in readme

    code, out, err = cli("show", "1706.03762", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["arxiv_id"] == "1706.03762" and data["version"] == 7
    assert data["authors"] == ["Alice Example", "Bob Example"]
    assert data["journal_ref"] == "NIPS 2017" and data["doi"] == "10.5555/3295222"
    assert data["comment"].startswith("15 pages")
    assert data["status"] == "queued" and data["path"] == str(repo)
    assert len(data["pdf_sha256"]) == 64
    for key in ("abstract", "published", "updated", "primary_category", "categories", "claims"):
        assert key in data

    code, out, _ = cli("show", "arXiv:1706.03762v7")
    assert code == 0 and "Attention Is All You Need" in out


def test_every_id_form_in_one_call_uses_one_api_request(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    serve(online, "1512.03385", "Deep Residual Learning")
    serve(online, "2106.09685", "LoRA")
    serve(online, "hep-th/9901001", "Old Style Paper", version=2)
    serve(online, "math/0309136", "Knots")
    code, out, err = cli(
        "add", "arXiv:1706.03762v5", "https://arxiv.org/abs/1512.03385",
        "https://arxiv.org/pdf/2106.09685v1.pdf", "hep-th/9901001", "math.GT/0309136",
    )
    assert code == 0, err
    assert len(api_requests(online)) == 1
    assert "5 added." in out
    names = leftovers(workspace)
    assert "hep-th_9901001-old-style-paper" in names
    assert "math_0309136-knots" in names
    assert any(n.startswith("1706.03762-") for n in names)


def test_one_bad_id_does_not_stop_the_others(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need")
    code, out, err = cli("add", "not-an-id", "1706.03762", "1512.03385")
    assert code == 1
    assert "error: not-an-id: 'not-an-id' is not an arXiv id" in err
    assert "error: 1512.03385: arXiv has no paper 1512.03385" in err
    assert "1 added, 2 failed." in out
    assert leftovers(workspace) == ["1706.03762-attention-is-all-you-need"]
    assert "Traceback" not in err


def test_from_file_skips_blank_lines_and_comments(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need")
    serve(online, "1512.03385", "Deep Residual Learning")
    ids = workspace / "to-read.txt"
    ids.write_text("# my reading list\n\n1706.03762  # transformers\n  1512.03385\n")
    code, out, err = cli("add", "--from-file", str(ids))
    assert code == 0, err
    assert "2 added." in out


def test_readding_changes_nothing_and_says_so(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need")
    cli("add", "1706.03762")
    repo = workspace / "papers" / "1706.03762-attention-is-all-you-need"
    (repo / "README.md").write_text("my own notes\n")
    before = len(online.requests)
    code, out, err = cli("add", "https://arxiv.org/abs/1706.03762v1")
    assert code == 0, err
    assert "exists" in out and "nothing was changed" in out
    assert (repo / "README.md").read_text() == "my own notes\n"
    assert len(online.requests) == before
    assert len(git_log(repo)) == 1


def test_a_second_add_uses_the_cached_pdf(cli, online, workspace: Path) -> None:
    import shutil

    serve(online, "1706.03762", "Attention Is All You Need")
    cli("add", "1706.03762")
    shutil.rmtree(workspace / "papers" / "1706.03762-attention-is-all-you-need")
    code, _, err = cli("add", "1706.03762")
    assert code == 0, err
    assert len(pdf_requests(online)) == 1


@pytest.mark.parametrize("fault", ["html", "truncated"])
def test_a_bad_pdf_leaves_nothing_behind(cli, online, workspace: Path, fault: str) -> None:
    serve(online, "1706.03762", "Attention Is All You Need")
    online.fail("pdf", fault, times=10)
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err.startswith("error: 1706.03762: ") and err.count("\n") == 1
    assert leftovers(workspace) == []
    cache = workspace.parent / "cache" / "pdf"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_interrupt_mid_download_leaves_nothing_behind(online, workspace: Path) -> None:
    from replicate import settings
    from replicate.add import add

    serve(online, "1706.03762", "Attention Is All You Need")

    def interrupt(name: str, done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(add(settings.load(), ["1706.03762"], progress=interrupt))
    assert leftovers(workspace) == []
    cache = workspace.parent / "cache" / "pdf"
    assert list(cache.iterdir()) == []


def test_network_down_is_one_clear_error(cli, workspace: Path, monkeypatch) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("REPLICATE_ARXIV_DELAY", "0")
    monkeypatch.setenv("REPLICATE_HTTP_RETRIES", "1")
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err.startswith(f"error: 1706.03762: cannot reach http://127.0.0.1:{port}")
    assert "Traceback" not in err
    assert leftovers(workspace) == []


def test_add_a_local_pdf_reads_the_id_from_the_stamp(cli, online, workspace: Path) -> None:
    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    pdf = workspace / "downloaded.pdf"
    pdf.write_bytes(paper_pdf("1706.03762", 5, "Attention Is All You Need"))
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    assert len(pdf_requests(online)) == 0
    _, out, _ = cli("show", "1706.03762", "--json")
    data = json.loads(out)
    assert data["version"] == 5 and data["authors"] == ["Alice Example", "Bob Example"]


def test_add_a_local_pdf_offline_uses_what_the_pdf_says(cli, workspace: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("REPLICATE_ARXIV_DELAY", "0")
    monkeypatch.setenv("REPLICATE_HTTP_RETRIES", "0")
    pdf = workspace / "paper.pdf"
    pdf.write_bytes(paper_pdf("1706.03762", 5, "Attention Is All You Need"))
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    assert "added from the PDF alone" in out
    assert "not found offline" in out
    _, out, _ = cli("show", "1706.03762", "--json")
    data = json.loads(out)
    assert data["version"] == 5
    assert "published" in data["missing"]


def test_add_a_file_that_is_not_a_pdf(cli, workspace: Path) -> None:
    fake = workspace / "notes.pdf"
    fake.write_text("<html>not really</html>")
    code, _, err = cli("add", str(fake))
    assert code == 1
    assert err == "error: " + str(fake) + ": notes.pdf is an HTML page, not a PDF; check the " \
        "file or download it again.\n"
    missing = workspace / "missing.pdf"
    code, _, err = cli("add", str(missing))
    assert code == 1 and "no such file" in err


def test_add_a_pdf_without_a_text_layer(cli, workspace: Path) -> None:
    blank = workspace / "scan.pdf"
    blank.write_bytes(make_pdf([""]))
    code, _, err = cli("add", str(blank))
    assert code == 1
    assert "has no text layer" in err


def test_nothing_to_add_is_a_clear_error(cli, workspace: Path) -> None:
    code, _, err = cli("add")
    assert code == 2 and err.startswith("error: nothing to add")


def test_show_unknown_paper_suggests_add(cli, workspace: Path) -> None:
    code, _, err = cli("show", "1706.03762")
    assert code == 1
    assert err.endswith("add it with 'replicate add 1706.03762'.\n")


def test_add_reads_the_paper_and_reread_keeps_user_edits(cli, online, workspace: Path) -> None:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    import tomli_w

    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    cli("add", "1706.03762")
    data = json.loads(cli("show", "1706.03762", "--json")[1])
    first = data["claims"][0]
    assert (first["metric"], first["value"], first["dataset"]) == (
        "BLEU", 28.4, "WMT 2014 English-German")
    assert first["source"].startswith("Our model achieves 28.4 BLEU")
    assert "WMT 2014 English-German" in data["datasets"]
    assert data["read_from_version"] == 5
    repo = Path(data["path"])
    notebook = (repo / "notebooks" / "replication.ipynb").read_text()
    assert "paper.toml" in notebook  # the notebook reads the claims from the record

    record_file = repo / "paper.toml"
    record = tomllib.loads(record_file.read_text())
    record["claims"][0]["value"] = 28.0
    record_file.write_text(tomli_w.dumps(record))
    code, out, err = cli("reread", "1706.03762")
    assert code == 0, err
    assert f"kept your edited claim {first['key']}" in out
    again = json.loads(cli("show", "1706.03762", "--json")[1])
    assert again["claims"][0]["value"] == 28.0
    assert len(pdf_requests(online)) == 1


def test_show_prints_the_plan_readably(cli, online, workspace: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # a claim's line whole
    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    cli("add", "1706.03762")
    code, out, _ = cli("show", "1706.03762")
    assert code == 0
    assert "Claims (key: paper / yours / human -> verdict)" in out
    assert "BLEU on WMT 2014 English-German: 28.4 / - / - -> pending" in out
    assert "status: queued" in out


def test_ctrl_c_exits_130_and_leaves_nothing_behind(online, workspace: Path) -> None:
    import os
    import signal
    import sys

    serve(online, "1706.03762", "Attention Is All You Need")
    online.fail("pdf", "stall")
    env = {**os.environ, "REPLICATE_HTTP_TIMEOUT": "30"}
    proc = subprocess.Popen([sys.executable, "-m", "replicate", "add", "1706.03762"],
                            cwd=workspace, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert online.wait_for("/pdf/"), "the download never started"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err == "interrupted; nothing was left half-made.\n"
    assert leftovers(workspace) == []
    assert list((workspace.parent / "cache" / "pdf").iterdir()) == []


def test_a_local_pdf_stamped_with_another_id_does_not_poison_that_papers_cache(
        cli, online, workspace: Path, tmp_path: Path, monkeypatch) -> None:
    """The text of a file the user supplied is cached by its content, not by the id it shows."""
    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    impostor = workspace / "impostor.pdf"
    impostor.write_bytes(make_pdf(
        ["Something Else Entirely\nEve Example\nAbstract\nWe report 99.9 accuracy on MNIST.",
         "2 Results\nWe reach 99.9 accuracy on MNIST."],
        stamp="arXiv:1706.03762v5 [cs.CL] 6 Dec 2017"))
    code, out, err = cli("add", str(impostor))
    assert code == 0, err

    from replicate import settings

    other = tmp_path / "other"
    settings.init(other)
    monkeypatch.chdir(other)
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    _, out, _ = cli("show", "1706.03762", "--json")
    claims = json.loads(out)["claims"]
    assert any(c["value"] == 28.4 for c in claims)
    assert not any(c["value"] == 99.9 for c in claims)


def test_add_reads_a_code_link_the_pdf_does_not_print(cli, online, workspace: Path) -> None:
    head = "Widgets at Scale\nAlice Example, Bob Example\nAbstract\nWe scale widgets.\n" \
           "1 Introduction\nWidgets are useful."
    online.add_paper("2401.00001", 1, title="Widgets at Scale", authors=["Alice Example"],
                     abstract="We scale widgets.", pdf=linked_pdf(
                         head, "We provide our code", "https://github.com/acme/widgets"))
    code, out, err = cli("add", "2401.00001", "--no-source")
    assert code == 0, err
    code, out, err = cli("show", "2401.00001", "--json")
    assert json.loads(out)["official_code"] == "https://github.com/acme/widgets"
