"""paper.toml as the user's file: what they write survives, what is wrong is named, and
a bad record never stops the rest of the workspace. Through the real CLI."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from test_ledger import git_log, make_paper, resnet_claims, show

from replicate.record import Claim

EDITED = '''\
# My notes on this paper, above everything.
title = "Deep Residual Learning"  # the short title I use
arxiv_id = "1512.03385"
version = 1
my_priority = "high"   # a key of my own
added = 2026-01-01T09:00:00Z
status = "queued"

[[history]]
state = "queued"
at = "2026-01-01T09:00:00+00:00"

[[claims]]
# the headline number
key = "top5-error-imagenet"
metric = "top-5 error"
value = 3.57
lower_is_better = true
seen_in = "Table 4"   # mine too

[my_table]
gpu = "A100"
'''


def in_order(lines: list[str], text: str) -> bool:
    """Whether every line of `lines` is in `text`, in this order."""
    rest = text.splitlines()
    for line in lines:
        if line not in rest:
            return False
        rest = rest[rest.index(line) + 1:]
    return True


def test_comments_order_and_own_keys_survive_every_command(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    (repo / "paper.toml").write_text(EDITED)
    assert cli("status", "1512.03385", "reading")[0] == 0
    assert cli("claim", "1512.03385", "--metric", "accuracy", "--value", "93.57",
               "--dataset", "CIFAR-10")[0] == 0
    assert cli("result", "1512.03385", "top5-error-imagenet", "3.6")[0] == 0
    text = (repo / "paper.toml").read_text()
    kept = [line for line in EDITED.splitlines() if line and line != 'status = "queued"']
    assert in_order(kept, text), text
    assert 'status = "reading"' in text and "reproduced = 3.6" in text
    data = show(cli, "1512.03385")
    assert [h["state"] for h in data["history"]] == ["queued", "reading"]
    assert data["added"] == "2026-01-01T09:00:00+00:00"  # a TOML datetime is a fine timestamp
    assert [c["key"] for c in data["claims"]] == ["top5-error-imagenet", "accuracy-cifar-10"]


def test_reread_keeps_what_the_user_wrote(cli, online, workspace: Path) -> None:
    from test_add import serve

    serve(online, "1706.03762", "Attention Is All You Need", version=5)
    cli("add", "1706.03762")
    repo = next((workspace / "papers").glob("1706.03762-*"))
    text = (repo / "paper.toml").read_text()
    edited = "# read in March\n" + text.replace('status = "queued"',
                                                'status = "queued"  # not yet\nmine = 1')
    (repo / "paper.toml").write_text(edited)
    code, _, err = cli("reread", "1706.03762")
    assert code == 0, err
    after = (repo / "paper.toml").read_text()
    assert after.startswith("# read in March\n")
    assert 'status = "queued"  # not yet\nmine = 1\n' in after


BAD = [
    ('claims = "x"', "claims must be a list of tables ([[claims]])"),
    ('history = ["queued"]', "history must be a list of tables ([[history]])"),
    ("title = 42", "title must be a string in quotes, not 42"),
    ("title = 2026-01-01", "title must be a string in quotes, not datetime.date(2026, 1, 1)"),
    ('authors = "Kaiming He"', "authors must be a list of strings, not 'Kaiming He'"),
    ("version = 1.5", "version must be a whole number, not 1.5"),
    ('[[claims]]\nkey = "k"\nmetric = "m"\nvalue = 1\nlower_is_better = "false"',
     "lower_is_better of claim 'k' must be true or false (no quotes), not 'false'"),
    ('[[claims]]\nkey = "k"\nmetric = "m"\nvalue = nan',
     "value of claim 'k' must be a finite number, not nan"),
    ('[[claims]]\nkey = "k"\nmetric = "m"\nvalue = -inf',
     "value of claim 'k' must be a finite number, not -inf"),
    ('[[claims]]\nkey = "k"\nvalue = 1', "metric of claim 'k' is missing"),
    ('[[claims]]\nkey = "k"\nmetric = "m"\nvalue = 1\nhuman = "5"',
     "human of claim 'k' must be a finite number, not '5'"),
    ('[[hyperparameters]]\nname = "lr"\nvalue = [1]',
     "value of hyperparameter 'lr' must be a string in quotes, not [1]"),
    ('[[history]]\nstate = "queued"', "at of history entry 1 is missing"),
    ("[extracted]\nclaims = 1", "extracted must be a table of strings"),
]


def bad_record(repo: Path, line: str) -> None:
    base = 'arxiv_id = "1512.03385"\nversion = 1\ntitle = "Deep Residual Learning"\n'
    if not line.startswith("[") and line.split(" =")[0] in base:
        key = line.split(" =")[0]
        base = "".join(ln + "\n" for ln in base.splitlines() if not ln.startswith(key))
    (repo / "paper.toml").write_text(base + line + "\n")


@pytest.mark.parametrize("line, message", BAD)
def test_a_wrong_field_is_named_once_and_the_rest_works(cli, workspace: Path, line: str,
                                                        message: str) -> None:
    good = make_paper(workspace, "1706.03762", title="Attention Is All You Need")
    repo = make_paper(workspace)
    bad_record(repo, line)
    before = (repo / "paper.toml").read_bytes()
    expected = f"{repo / 'paper.toml'}: {message}; fix the file."

    code, out, err = cli("ledger", "--json")
    assert code == 0
    assert err == f"warning: {expected}\n"
    papers = {p["arxiv_id"]: p for p in json.loads(out)["papers"]}
    assert papers["1512.03385"]["status"] == "unknown"
    assert papers["1512.03385"]["problem"] == expected
    assert papers["1706.03762"]["title"] == "Attention Is All You Need"
    code, out, _ = cli("ledger")
    assert "! " + expected in out

    for args in (("show", "1512.03385"), ("status", "1512.03385", "reading"),
                 ("claim", "1512.03385", "--metric", "m", "--value", "1")):
        code, _, err = cli(*args)
        assert (code, err) == (1, f"error: {expected}\n")
    assert (repo / "paper.toml").read_bytes() == before and len(git_log(repo)) == 1
    assert cli("status", "1706.03762", "reading")[0] == 0
    assert show(cli, "1706.03762")["status"] == "reading"
    assert len(git_log(good)) == 2
    assert "| unknown (needs a fix) |" in (workspace / "LEDGER.md").read_text()


def test_a_record_that_is_not_text_a_folder_or_a_dangling_link(cli, workspace: Path) -> None:
    latin = make_paper(workspace, "1512.03385")
    (latin / "paper.toml").write_bytes(b'arxiv_id = "1512.03385"\ntitle = "R\xe9sum\xe9"\n')
    folder = make_paper(workspace, "1706.03762")
    (folder / "paper.toml").unlink()
    (folder / "paper.toml").mkdir()
    dangling = make_paper(workspace, "1412.06980")
    (dangling / "paper.toml").unlink()
    (dangling / "paper.toml").symlink_to(dangling / "gone.toml")
    make_paper(workspace, "1810.04805", title="BERT")
    code, out, err = cli("ledger")
    assert code == 0 and "BERT" in out
    assert err.splitlines() == [
        f"warning: {dangling / 'paper.toml'} is missing; restore it from the repo's git history.",
        f"warning: {latin / 'paper.toml'} is not UTF-8 text (byte 0xe9 at offset 34); "
        "save it as UTF-8.",
        f"warning: {folder / 'paper.toml'} is a folder, not the record file; move it away and "
        "restore paper.toml from the repo's git history.",
    ]
    code, _, err = cli("show", "1512.03385")
    assert code == 1 and err.count("\n") == 1 and "is not UTF-8 text" in err


def test_a_symlinked_record_is_read_and_written_through(cli, workspace: Path,
                                                        tmp_path: Path) -> None:
    repo = make_paper(workspace)
    kept = tmp_path / "elsewhere" / "paper.toml"
    kept.parent.mkdir()
    kept.write_text((repo / "paper.toml").read_text())
    (repo / "paper.toml").unlink()
    (repo / "paper.toml").symlink_to(kept)
    code, _, err = cli("status", "1512.03385", "reading")
    assert code == 0, err
    assert (repo / "paper.toml").is_symlink()
    assert 'status = "reading"' in kept.read_text()
    assert show(cli, "1512.03385")["status"] == "reading"


def test_json_output_never_holds_nan_or_infinity(cli, workspace: Path) -> None:
    make_paper(workspace, claims=[Claim("big", "score", -1e308, origin="paper",
                                        lower_is_better=True)])
    assert cli("result", "1512.03385", "big", "1e308")[0] == 0  # a gap beyond any float

    def strict(text: str):
        return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))

    (view,) = strict(cli("show", "1512.03385", "--json")[1])["claims"]
    assert view["gap"] is None and view["verdict"] == "not-reproduced"
    assert strict(cli("ledger", "--json")[1])["papers"][0]["claims"][0]["gap"] is None


def test_a_deeply_nested_results_file_is_one_sentence(cli, workspace: Path) -> None:
    repo = make_paper(workspace, claims=resnet_claims())
    results = repo / "results" / "reproduced.json"
    results.write_text("[" * 100_000 + "]" * 100_000)
    message = (f'{results} is nested too deeply; it must hold one object '
               '{"<claim key>": number}, so fix it.')
    code, _, err = cli("ledger")
    assert code == 0 and err == f"warning: {message}\n"
    code, _, err = cli("result", "1512.03385", "top1-acc-cifar10", "93.5")
    assert (code, err) == (1, f"error: {message}\n")


def test_files_keep_normal_modes(cli, workspace: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        repo = make_paper(workspace, claims=resnet_claims())
        cli("status", "1512.03385", "reading")
        cli("result", "1512.03385", "top1-acc-cifar10", "93.5")
        cli("ledger", "--format", "csv", "--output", str(tmp_path / "ledger.csv"))
        (workspace / "papers" / "second").mkdir()
        from replicate import settings

        settings.init(tmp_path / "fresh")
    finally:
        os.umask(old)

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    for path in (repo / "paper.toml", repo / "results" / "reproduced.json",
                 workspace / "LEDGER.md", tmp_path / "ledger.csv",
                 tmp_path / "fresh" / "replicate.toml"):
        assert mode(path) == 0o644, path
    assert mode(repo) == 0o755
    (repo / "paper.toml").chmod(0o600)  # a mode the user chose is kept
    cli("status", "1512.03385", "implementing")
    assert mode(repo / "paper.toml") == 0o600


def test_the_ledger_sees_an_edit_that_keeps_size_and_mtime(cli, workspace: Path) -> None:
    repo = make_paper(workspace)
    record_file = repo / "paper.toml"
    assert json.loads(cli("ledger", "--json")[1])["papers"][0]["status"] == "queued"
    st = record_file.stat()
    text = record_file.read_text()
    edited = text.replace('status = "queued"', 'status = "reading"', 1)
    assert len(edited) == len(text) + 1
    edited = edited.replace("Deep Residual Learning", "Deep Residual Learnin", 1)
    assert len(edited) == len(text)
    record_file.write_text(edited)  # what `cp -p` or `rsync -t` leave
    os.utime(record_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (record_file.stat().st_size, record_file.stat().st_mtime_ns) == (
        st.st_size, st.st_mtime_ns)
    (paper,) = json.loads(cli("ledger", "--json")[1])["papers"]
    assert (paper["status"], paper["title"]) == ("reading", "Deep Residual Learnin")


def test_added_paper_and_cached_files_keep_normal_modes(cli, online, workspace: Path,
                                                        tmp_path: Path) -> None:
    from test_add import serve

    serve(online, "1706.03762", "Attention Is All You Need")
    old = os.umask(0o022)
    try:
        assert cli("add", "1706.03762")[0] == 0
    finally:
        os.umask(old)
    repo = next((workspace / "papers").glob("1706.03762-*"))
    cached = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and "locks" not in p.parts]
    assert any(p.suffix == ".pdf" for p in cached)
    for path in [repo / "paper.toml", repo / "paper.pdf", workspace / "LEDGER.md", *cached]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE(repo.stat().st_mode) == 0o755
