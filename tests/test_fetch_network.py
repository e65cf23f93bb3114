"""Hardening of the network and downloads: deadlines, long waits, damaged caches, leftovers
from killed runs, garbled API answers, long batches, encrypted PDFs, and reread.

Real CLI (in process, or a real process where a signal is needed), real loopback arXiv.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pdfs import make_pdf

from replicate import cache, pdf, settings
from replicate.errors import NetworkError, PaperNotFound
from replicate.ids import parse


def paper_pdf(arxiv_id: str, version: int = 1, title: str = "A Paper") -> bytes:
    return make_pdf([f"{title}\nAlice Example\nAbstract\nWe reach 28.4 BLEU.", "Results"],
                    stamp=f"arXiv:{arxiv_id}v{version} [cs.CL] 6 Dec 2017")


def serve(server, arxiv_id: str = "1706.03762", version: int = 5,
          title: str = "Attention Is All You Need", **kw) -> bytes:
    pdf = paper_pdf(arxiv_id, version, title)
    server.add_paper(arxiv_id, version, title=title, authors=["Alice Example"], pdf=pdf, **kw)
    return pdf


def lookup(fetcher, *texts: str) -> list:
    found = fetcher.metadata([parse(t) for t in texts])
    return [found[parse(t)] for t in texts]


def replicate(*args: str, cwd: Path, **env: str) -> subprocess.Popen:
    """`replicate ARGS` as a real process (it inherits the test's REPLICATE_* settings)."""
    return subprocess.Popen([sys.executable, "-m", "replicate", *args], cwd=cwd,
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


# -- 10: deadlines and long waits -----------------------------------------------------------


@pytest.mark.parametrize("route", ["pdf", "api"])
def test_a_server_that_trickles_is_given_up_at_the_deadline(make_fetcher, online,
                                                            route: str) -> None:
    serve(online)
    online.fail(route, "trickle", every=0.05)
    fetcher = make_fetcher(timeout=0.2)  # a byte every 0.05 s never trips the 0.2 s timeout
    started = time.monotonic()
    if route == "pdf":
        with pytest.raises(NetworkError) as info:
            fetcher.pdf("1706.03762", 5)
        err = info.value
    else:
        (err,) = lookup(fetcher, "1706.03762")
    assert time.monotonic() - started < 4 * fetcher.deadline
    assert isinstance(err, NetworkError)
    assert "too slowly (not done after 2 s); try again later." in str(err)
    assert len(online.requests) == 1  # a server this slow is not asked again


@pytest.mark.parametrize("route", ["pdf", "api"])
def test_a_server_that_trickles_its_headers_is_given_up_too(make_fetcher, online,
                                                            route: str) -> None:
    serve(online)
    online.fail(route, "slow-head", every=0.05)
    fetcher = make_fetcher(timeout=0.2)
    started = time.monotonic()
    if route == "pdf":
        with pytest.raises(NetworkError) as info:
            fetcher.pdf("1706.03762", 5)
        err = info.value
    else:
        (err,) = lookup(fetcher, "1706.03762")
    assert time.monotonic() - started < 4 * fetcher.deadline
    assert str(err) == (f"{online.base} answered too slowly (not done after 2 s); "
                        "try again later.")
    assert len(online.requests) == 1


def test_a_retry_after_beyond_the_cap_is_said_once_and_waited_once(cli, online) -> None:
    serve(online)
    online.fail("api", "503", times=5, retry_after="7200")
    started = time.monotonic()
    code, _, err = cli("add", "1706.03762")  # timeout 0.5 s: the cap is 4 timeouts, 2 s
    assert code == 1
    assert err.splitlines() == [
        "note: arXiv asks to wait 2 hours (HTTP 503); waiting 2 s once, then giving up",
        "error: 1706.03762: arXiv asks to wait 2 hours before the next request (HTTP 503); "
        "try again after that.",
    ]
    assert 2 <= time.monotonic() - started < 10
    assert len(online.api_requests()) == 2


def test_a_retry_after_within_the_cap_is_obeyed_quietly(cli, online, monkeypatch) -> None:
    monkeypatch.setenv("REPLICATE_HTTP_TIMEOUT", "5")  # a 1 s wait is too short to explain
    serve(online)
    online.fail("api", "503", retry_after="1")
    code, _, err = cli("add", "1706.03762")
    assert code == 0 and "note:" not in err
    first, second = online.api_requests()
    assert second.at - first.at >= 0.95


# -- 11: damaged caches, leftovers of killed runs, the ledger of an interrupted batch --------


def test_a_damaged_cached_pdf_is_downloaded_again(make_fetcher, online) -> None:
    pdf = serve(online)
    path = make_fetcher().pdf("1706.03762", 5)
    path.write_bytes(pdf[: len(pdf) // 2])
    heard: list[str] = []
    fetcher = make_fetcher()
    fetcher.notify = heard.append
    assert fetcher.pdf("1706.03762", 5).read_bytes() == pdf
    assert heard == [f"the cached PDF {path} was damaged; downloading it again"]
    assert len(online.pdf_requests()) == 2


def test_a_killed_download_leaves_a_part_file_the_next_run_removes(online, workspace) -> None:
    serve(online)
    online.fail("pdf", "stall")
    proc = replicate("add", "1706.03762", cwd=workspace)
    try:
        assert online.wait_for("/pdf/"), "the download never started"
        folder = settings.load(workspace).cache_dir / "pdf"
        assert [p.suffix for p in folder.iterdir()] == [".part"]
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert [p.suffix for p in folder.iterdir()] == [".part"]  # SIGKILL cleans nothing up
    done = replicate("add", "1706.03762", cwd=workspace)
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert [p.name for p in folder.iterdir()] == ["1706.03762v5.pdf"]


def test_a_live_download_is_not_taken_for_a_leftover(online, workspace) -> None:
    serve(online)
    serve(online, "1512.03385", 1, "Deep Residual Learning")
    online.fail("pdf", "stall", seconds=5)
    slow = replicate("add", "1706.03762", cwd=workspace, REPLICATE_HTTP_TIMEOUT="30")
    try:
        assert online.wait_for("/pdf/")
        quick = replicate("add", "1512.03385", cwd=workspace)
        _, err = quick.communicate(timeout=60)
        assert quick.returncode == 0, err
        _, err = slow.communicate(timeout=60)
        assert slow.returncode == 0, err  # its .part survived the other run
    finally:
        slow.kill()


def test_staging_folders_of_a_killed_run_are_removed(cli, online, workspace) -> None:
    serve(online)
    old = workspace / "papers" / ".tmp-1512.03385-deep-residual-learning-k3j2"
    (old / ".git").mkdir(parents=True)
    hour_ago = time.time() - 2 * 3600
    os.utime(old, (hour_ago, hour_ago))
    live = workspace / "papers" / ".tmp-2010.11929-an-image-is-worth-x9a1"
    live.mkdir()  # another run may be building this one right now
    own = workspace / "papers" / ".tmp-1706.03762-attention-is-all-you-need-p0q1"
    own.mkdir()  # recent, but adding this paper takes its lock: no one else is building it
    assert cli("add", "1706.03762")[0] == 0
    assert not old.exists() and live.exists() and not own.exists()


def test_ledger_lists_what_was_added_before_ctrl_c(online, workspace) -> None:
    serve(online)
    serve(online, "1512.03385", 1, "Deep Residual Learning")
    online.fail("pdf", "stall", path="1512.03385")  # the second paper's download hangs
    proc = replicate("add", "1706.03762", "1512.03385", cwd=workspace,
                     REPLICATE_HTTP_TIMEOUT="30")
    try:
        assert online.wait_for("/pdf/1512.03385"), "the second download never started"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert out.startswith("[1/2] added  1706.03762  Attention Is All You Need")
    ledger = (workspace / "LEDGER.md").read_text()
    assert "Attention Is All You Need" in ledger and "Deep Residual" not in ledger


# -- 12: garbled answers, wrong statuses, long batches --------------------------------------


def test_one_entry_with_a_bad_date_fails_only_its_paper(make_fetcher, online) -> None:
    serve(online)
    online.add_paper("1512.03385", title="Deep Residual Learning", published="2015-13-45T99:00Z")
    good, bad = lookup(make_fetcher(), "1706.03762", "1512.03385")
    assert good.title == "Attention Is All You Need"
    assert not isinstance(bad, (NetworkError, PaperNotFound))
    assert str(bad) == ("arXiv's entry for 1512.03385v1 has a malformed published date "
                        "('2015-13-45T99:00Z'); try again later.")
    assert len(online.api_requests()) == 1


@pytest.mark.parametrize("status, hint", [
    ("404", "check REPLICATE_ARXIV_API_URL or [arxiv] api_url in replicate.toml."),
    ("414", "ask for fewer papers at once."),
])
def test_404_and_414_from_the_api_name_their_cause(cli, online, status: str, hint: str) -> None:
    serve(online)
    online.fail("api", status)
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err == (f"error: 1706.03762: arXiv's API at {online.api_url} answered HTTP {status}; "
                   f"{hint}\n")
    assert "a few minutes" not in err
    assert len(online.api_requests()) == 1


def test_a_long_batch_is_split_into_bounded_requests(make_fetcher, online) -> None:
    from replicate.fetch import BATCH

    ids = [f"2101.{n:05d}" for n in range(1, 251)]
    for aid in ids:
        online.add_paper(aid, title=f"Paper {aid}")
    found = lookup(make_fetcher(), *(ids + ids[::-1]))
    assert [m.title for m in found[:250]] == [f"Paper {aid}" for aid in ids]
    asked = [r.query["id_list"][0].split(",") for r in online.api_requests()]
    assert [len(a) for a in asked] == [BATCH, BATCH, 50]
    assert sorted(i for a in asked for i in a) == ids


def test_a_batch_with_arxiv_down_fails_fast(make_fetcher, online) -> None:
    online.fail("api", "500", times=3)
    ids = [f"2101.{n:05d}" for n in range(1, 301)]
    found = lookup(make_fetcher(), *ids)
    assert all(isinstance(e, NetworkError) for e in found)
    assert len(online.api_requests()) == 3  # one batch's tries, not three batches'


# -- 13: encrypted PDFs, a version 0 stamp --------------------------------------------------


def encrypted(pdf: bytes, user: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_aes_pdf_with_only_an_owner_password_is_read(cli, online, workspace) -> None:
    online.add_paper("1706.03762", 5, title="Attention Is All You Need",
                     pdf=encrypted(paper_pdf("1706.03762", 5, "Attention Is All You Need"), ""))
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    assert "28.4 BLEU" in cache.text_file(settings.load(workspace), "1706.03762", 5).read_text()


def test_a_pdf_that_needs_a_password_says_so(cli, workspace) -> None:
    locked = workspace / "locked.pdf"
    locked.write_bytes(encrypted(paper_pdf("1706.03762", 5), "secret"))
    code, _, err = cli("add", "locked.pdf")
    assert code == 1
    assert err == ("error: locked.pdf: locked.pdf is protected by a password; open it, save a "
                   "copy without the password, and use that.\n")


def test_a_version_0_stamp_is_not_a_version(cli, workspace) -> None:
    stamped = workspace / "paper.pdf"
    stamped.write_bytes(paper_pdf("1706.03762", 0))
    code, _, err = cli("add", str(stamped))
    assert code == 1
    assert "paper.pdf shows no arXiv id" in err


# -- 18: reread without its text, and after an offline add ----------------------------------


def test_reread_without_text_cache_or_paper_pdf(cli, online, workspace) -> None:
    serve(online)
    assert cli("add", "1706.03762", "--no-source")[0] == 0
    s = settings.load(workspace)
    repo = next((workspace / "papers").iterdir())
    cache.text_file(s, "1706.03762", 5).unlink()
    (repo / "paper.pdf").unlink()
    code, out, err = cli("reread", "1706.03762", "--no-source")
    assert code == 0, err
    assert len(online.pdf_requests()) == 1  # the cached PDF served
    cache.text_file(s, "1706.03762", 5).unlink()
    cache.pdf_file(s, "1706.03762", 5).unlink()
    code, out, err = cli("reread", "1706.03762", "--no-source")
    assert code == 0, err
    assert len(online.pdf_requests()) == 2  # downloaded again
    assert cache.pdf_file(s, "1706.03762", 5).is_file()


def test_reread_text_cached_by_an_older_reader_is_read_again(cli, online, workspace) -> None:
    serve(online)
    assert cli("add", "1706.03762", "--no-source")[0] == 0
    s = settings.load(workspace)
    texts = cache.text_file(s, "1706.03762", 5)
    texts.write_text(json.dumps(["stale text from an older reader"]))
    assert cli("reread", "1706.03762", "--no-source")[0] == 0
    sha = json.loads(cli("show", "1706.03762", "--json")[1])["pdf_sha256"]
    read = "".join(pdf.cached_texts(cache.text_file_of(s, sha)) or [])
    assert "28.4 BLEU" in read and "stale text" not in read


def test_reread_fills_what_an_offline_add_missed(cli, online, workspace, monkeypatch) -> None:
    serve(online, published="2017-06-12T17:57:34Z", doi="10.48550/arXiv.1706.03762")
    pdf = workspace / "attention.pdf"
    pdf.write_bytes(paper_pdf("1706.03762", 5, "Attention Is All You Need"))
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    assert cli("add", str(pdf))[0] == 0
    assert "published" in json.loads(cli("show", "1706.03762", "--json")[1])["missing"]
    monkeypatch.setenv("REPLICATE_ARXIV_API_URL", online.api_url)
    code, out, err = cli("reread", "1706.03762", "--no-source")
    assert code == 0, err
    assert "filled in from arXiv: " in out
    data = json.loads(cli("show", "1706.03762", "--json")[1])
    assert data["missing"] == [] and data["published"].startswith("2017-06-12")
    assert data["doi"] == "10.48550/arXiv.1706.03762"
