"""The LaTeX source (e-print): every form arXiv serves, hostile archives, the cache, and `add`.

Every archive is built here, in the test, with tarfile and gzip; the corpus tests
pack the real sources of ../shared/corpus at test time (and skip without it).
"""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest
from arxiv_server import ArxivServer
from pdfs import make_pdf

from replicate import cache, source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MAIN = (b"\\documentclass{article}\n\\begin{document}\n\\input{results}\n"
        b"\\end{document}\n")
RESULTS = b"\\begin{tabular}{lc} Ours & \\textbf{28.4} \\\\ \\end{tabular}\n"


def tar_bytes(files: dict[str, bytes], *, extra: list[tarfile.TarInfo] | None = None,
              gz: bool = True) -> bytes:
    """A tar (gzipped unless `gz` is False) of `files`, plus raw `extra` entries."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if gz else "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra or []:
            tar.addfile(info)
    return buf.getvalue()


def serve(server: ArxivServer, eprint: bytes | None, **kwargs) -> None:
    server.add_paper("1706.03762", 5, title="Attention Is All You Need",
                     pdf=make_pdf(["Attention Is All You Need", "Results"]),
                     source=eprint, **kwargs)


def fetched(make_fetcher) -> source.Source:
    return source.get(make_fetcher(), "1706.03762", 5)


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the forms arXiv serves -----------------------------------------------------------------


def test_a_gzipped_tar_is_unpacked_into_the_cache(make_fetcher, online) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN, "sections/results.tex": RESULTS,
                             "figs/plot.png": b"\x89PNG" + bytes(100)}))
    got = fetched(make_fetcher)
    assert got.note is None
    assert got.folder == make_fetcher().settings.cache_dir / "source" / "1706.03762v5"
    # Figures are never unpacked: no reader reads them.
    assert files_in(got.folder) == {"ms.tex": MAIN, "sections/results.tex": RESULTS}
    assert (got.folder / "ms.tex").stat().st_mode & 0o777 == 0o644


def test_a_gzipped_single_tex_becomes_one_file(make_fetcher, online) -> None:
    serve(online, gzip.compress(MAIN + RESULTS))
    got = fetched(make_fetcher)
    assert files_in(got.folder) == {"main.tex": MAIN + RESULTS}


def test_x_eprint_tar_with_content_encoding_is_read_as_unzipped(make_fetcher, online) -> None:
    # arXiv's other way: the HTTP client un-gzips it, so the bytes are a plain tar.
    serve(online, tar_bytes({"ms.tex": MAIN}), source_type="application/x-eprint-tar",
          source_encoding="x-gzip")
    assert files_in(fetched(make_fetcher).folder) == {"ms.tex": MAIN}


def test_a_single_tex_with_content_encoding_is_read_as_unzipped(make_fetcher, online) -> None:
    serve(online, gzip.compress(MAIN), source_type="application/x-eprint",
          source_encoding="x-gzip")
    assert files_in(fetched(make_fetcher).folder) == {"main.tex": MAIN}


def test_a_plain_tar_labelled_as_gzip_is_still_unpacked(make_fetcher, online) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN}, gz=False), source_type="application/gzip")
    assert files_in(fetched(make_fetcher).folder) == {"ms.tex": MAIN}


def test_a_pdf_only_submission_has_no_source_and_is_not_asked_again(make_fetcher,
                                                                    online) -> None:
    serve(online, make_pdf(["Only a PDF"]), source_type="application/pdf")
    got = fetched(make_fetcher)
    assert got.folder is None
    assert got.note == "read from the PDF: arXiv has only the PDF of 1706.03762v5, no LaTeX source"
    assert fetched(make_fetcher) == got
    assert len(online.source_requests()) == 1


def test_no_e_print_at_all_is_a_note(make_fetcher, online) -> None:
    serve(online, None)
    got = fetched(make_fetcher)
    assert (got.folder, got.note) == (None, "read from the PDF: arXiv has no LaTeX source for "
                                            "1706.03762v5")


def test_a_source_that_cannot_be_downloaded_is_tried_again_later(make_fetcher, online) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN}))
    online.fail("source", "503", times=3)
    got = fetched(make_fetcher)
    assert got.folder is None and got.note.startswith(
        "read from the PDF: the LaTeX source of 1706.03762v5 could not be downloaded")
    assert files_in(fetched(make_fetcher).folder) == {"ms.tex": MAIN}


# -- hostile archives -----------------------------------------------------------------------


def link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.mark.parametrize("name", ["../escaped.tex", "sub/../../escaped.tex", "/tmp/escaped.tex"])
def test_a_path_out_of_the_folder_refuses_the_archive(make_fetcher, online, tmp_path: Path,
                                                      name: str) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN, name: b"pwned"}))
    got = fetched(make_fetcher)
    assert got.folder is None
    assert "it was not unpacked" in got.note and name in got.note
    assert not list(tmp_path.rglob("escaped.tex")) and not Path("/tmp/escaped.tex").exists()
    assert not (make_fetcher().settings.cache_dir / "source" / "1706.03762v5").exists()


def test_links_and_devices_are_never_created(make_fetcher, online, tmp_path: Path) -> None:
    device = tarfile.TarInfo("dev")
    device.type = tarfile.CHRTYPE
    device.devmajor, device.devminor = 1, 3
    fifo = tarfile.TarInfo("pipe")
    fifo.type = tarfile.FIFOTYPE
    serve(online, tar_bytes({"ms.tex": MAIN}, extra=[
        link("passwd.tex", "/etc/passwd"), link("up.tex", "../../x"),
        link("hard.tex", "ms.tex", tarfile.LNKTYPE), device, fifo]))
    got = fetched(make_fetcher)
    assert [p.name for p in got.folder.iterdir()] == ["ms.tex"]


def test_a_tar_bomb_of_many_files_is_one_clear_note(make_fetcher, online) -> None:
    files = {f"f{n}.tex": b"" for n in range(source.MAX_MEMBERS + 1)}
    serve(online, tar_bytes(files))
    got = fetched(make_fetcher)
    assert got.folder is None
    assert got.note == ("read from the PDF: the LaTeX source of 1706.03762v5 holds more than "
                        "10,000 files; it was not unpacked")
    assert list((make_fetcher().settings.cache_dir / "source").iterdir()) == [
        cache.no_source_file(make_fetcher().settings, "1706.03762", 5)]


def test_a_tar_bomb_of_one_huge_file_writes_nothing(make_fetcher, online) -> None:
    huge = bytes(source.MAX_KEPT + 1)
    serve(online, tar_bytes({"ms.tex": MAIN, "data.tex": huge}))
    got = fetched(make_fetcher)
    assert got.note == ("read from the PDF: the LaTeX source of 1706.03762v5 is larger than "
                        "64 MiB; it was not unpacked")
    folder = make_fetcher().settings.cache_dir / "source"
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) < 1000


def test_a_gzip_bomb_of_one_tex_file_writes_nothing(make_fetcher, online) -> None:
    serve(online, gzip.compress(b"\\relax" + b" " * source.MAX_KEPT, compresslevel=1))
    got = fetched(make_fetcher)
    assert got.folder is None and "is larger than 64 MiB" in got.note


def test_a_damaged_archive_is_a_note(make_fetcher, online) -> None:
    whole = tar_bytes({"ms.tex": MAIN, "big.tex": b"".join(b"%d\n" % n for n in range(9999))})
    serve(online, whole[: len(whole) // 2])
    got = fetched(make_fetcher)
    assert got.folder is None and "is a damaged" in got.note


def test_a_web_page_instead_of_the_source_is_a_note(make_fetcher, online) -> None:
    serve(online, b"<!DOCTYPE html><html><body>Not yet</body></html>",
          source_type="application/gzip")
    assert fetched(make_fetcher).note == ("read from the PDF: arXiv sent a web page instead of "
                                          "the LaTeX source of 1706.03762v5")


# -- through add and reread -----------------------------------------------------------------


def test_add_reads_the_source_and_keeps_it_out_of_the_repo(cli, online, workspace) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN, "results.tex": RESULTS}))
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    assert "note:" not in out
    repo = next((workspace / "papers").iterdir())
    assert not list(repo.rglob("*.tex"))
    assert (Path(online_cache(workspace)) / "source" / "1706.03762v5" / "results.tex").is_file()


def online_cache(workspace: Path) -> Path:
    from replicate import settings

    return settings.load(workspace).cache_dir


def test_add_without_source_is_told_in_one_note(cli, online, workspace) -> None:
    serve(online, make_pdf(["Only a PDF"]), source_type="application/pdf")
    code, out, _ = cli("add", "1706.03762")
    assert code == 0
    assert out.count("note:") == 1
    assert ("note: read from the PDF: arXiv has only the PDF of 1706.03762v5, no LaTeX source"
            in out)


def test_a_hostile_source_never_fails_add(cli, online, workspace) -> None:
    serve(online, tar_bytes({"../../evil.tex": b"x"}))
    code, out, _ = cli("add", "1706.03762")
    assert code == 0 and out.startswith("added  1706.03762")
    assert "holds a path leading out of its folder ('../../evil.tex')" in out


@pytest.mark.parametrize("how", ["flag", "config", "env"])
def test_no_source_skips_the_download(cli, online, workspace, monkeypatch, how: str) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN}))
    args = ["add", "1706.03762"]
    if how == "flag":
        args.append("--no-source")
    elif how == "config":
        with (workspace / "replicate.toml").open("a") as f:
            f.write("\n[reading]\nsource = false\n")
    else:
        monkeypatch.setenv("REPLICATE_READING_SOURCE", "false")
    code, out, _ = cli(*args)
    assert code == 0 and "note:" not in out
    assert online.source_requests() == []


def test_a_bad_source_setting_is_one_clear_error(cli, online, workspace, monkeypatch) -> None:
    monkeypatch.setenv("REPLICATE_READING_SOURCE", "maybe")
    code, _, err = cli("add", "1706.03762")
    assert code == 1
    assert err == "error: REPLICATE_READING_SOURCE must be true or false, not 'maybe'.\n"


def test_reread_downloads_a_source_never_fetched_once(cli, online, workspace) -> None:
    serve(online, tar_bytes({"ms.tex": MAIN}))
    assert cli("add", "1706.03762", "--no-source")[0] == 0
    assert online.source_requests() == []
    code, _, err = cli("reread", "1706.03762")
    assert code == 0, err
    assert cli("reread", "1706.03762")[0] == 0
    assert len(online.source_requests()) == 1
    assert (online_cache(workspace) / "source" / "1706.03762v5" / "ms.tex").is_file()


def test_path_lists_the_source_endpoint(cli, workspace, monkeypatch) -> None:
    _, out, _ = cli("path")
    assert "arxiv source  https://arxiv.org/e-print" in out
    monkeypatch.setenv("REPLICATE_ARXIV_SOURCE_URL", "http://127.0.0.1:9/e-print")
    assert "http://127.0.0.1:9/e-print" in cli("path")[1]


# -- the real sources of the corpus ---------------------------------------------------------


def corpus_sources() -> list[Path]:
    return sorted(CORPUS.glob("arxiv/*/source")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not corpus_sources(), reason="shared corpus not present")
@pytest.mark.parametrize("form", ["tar.gz", "x-eprint-tar"])
def test_every_real_source_comes_back_whole(make_fetcher, online, tmp_path: Path,
                                            form: str) -> None:
    fetcher = make_fetcher()
    for n, folder in enumerate(corpus_sources()):
        original = files_in(folder)
        packed = tmp_path / f"{n}.tar.gz"
        with tarfile.open(packed, "w:gz") as tar:
            tar.add(folder, arcname=".")
        arxiv_id = f"2101.{n:05d}"
        online.add_paper(arxiv_id, 1, source=packed.read_bytes(),
                         **({"source_type": "application/x-eprint-tar",
                             "source_encoding": "x-gzip"} if form == "x-eprint-tar" else {}))
        got = source.get(fetcher, arxiv_id, 1)
        assert got.note is None, folder
        assert files_in(got.folder) == original, folder


@pytest.mark.skipif(not (CORPUS / "arxiv/1412.6980/source/arxiv.tex").is_file(),
                    reason="shared corpus not present")
def test_a_real_one_file_source_served_as_gzipped_tex(make_fetcher, online) -> None:
    tex = (CORPUS / "arxiv/1412.6980/source/arxiv.tex").read_bytes()
    online.add_paper("1412.6980", 9, source=gzip.compress(tex))
    got = source.get(make_fetcher(), "1412.6980", 9)
    assert files_in(got.folder) == {"main.tex": tex}
