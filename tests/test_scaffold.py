"""The scaffolded paper repo: files, commit, notebook that runs, templates, no leftovers."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from replicate import record, scaffold
from replicate.errors import ReplicateError
from replicate.record import Claim, Hyperparameter, Paper

NASTY = 'Quotes " \' and \\ backslashes, {{ braces }}, {% raw %}, """triple""", $x$, </script>, ü∑→'


def a_paper(**kw) -> Paper:
    base = dict(
        arxiv_id="1706.03762", version=5, title="Attention Is All You Need",
        authors=["Ashish Vaswani", "Noam Shazeer"], abstract="We propose the Transformer.",
        primary_category="cs.CL", published="2017-06-12T17:57:34+00:00",
        official_code="https://github.com/tensorflow/tensor2tensor",
        code_urls=["https://github.com/tensorflow/tensor2tensor", "https://example.org/data"],
        sections=["1 Introduction", "2 Background", "3 Model Architecture"],
        datasets=["WMT 2014 English-German"], compute=["8 P100 GPUs", "3.5 days"],
        claims=[Claim("bleu-wmt14-en-de", "BLEU", 28.4, dataset="WMT 2014 English-German",
                      origin="paper", page=1)],
        hyperparameters=[Hyperparameter("beta1", "0.9"), Hyperparameter("warmup_steps", "4000"),
                         Hyperparameter("dropout", "0.1 (base)")],
    )
    base.update(kw)
    return Paper(**base)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def run_notebook(repo: Path, edit=None) -> dict:
    import nbclient
    import nbformat

    path = repo / "notebooks" / "replication.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    if edit:
        edit(nb)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_repo_has_the_files_and_one_commit(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    repo = scaffold.build(a_paper(), papers, pdf=pdf)
    assert repo == papers / "1706.03762-attention-is-all-you-need"
    for name in ("README.md", "NOTES.md", "REPORT.md", "requirements.txt", ".gitignore",
                 "paper.toml", "notebooks/replication.ipynb", "results/README.md", "paper.pdf"):
        assert (repo / name).is_file(), name
    assert git(repo, "log", "--format=%s").splitlines() == [
        "Scaffold replication of Attention Is All You Need (arXiv:1706.03762v5)"
    ]
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "check-ignore", "paper.pdf", "data/x.csv", "checkpoints/a.pt").split() == [
        "paper.pdf", "data/x.csv", "checkpoints/a.pt"]
    readme = (repo / "README.md").read_text()
    assert "Official code: https://github.com/tensorflow/tensor2tensor" in readme
    assert "https://example.org/data" in readme and "Ashish Vaswani, Noam Shazeer" in readme
    assert "`queued`" in readme
    assert "- [ ] 3 Model Architecture" in (repo / "NOTES.md").read_text()
    assert "| `bleu-wmt14-en-de` | BLEU | WMT 2014 English-German | 28.4 |" in (
        repo / "REPORT.md").read_text()
    assert record.load(repo) == a_paper()
    assert [p.name for p in papers.iterdir()] == [repo.name]


def test_notebook_runs_and_writes_reproduced_numbers(tmp_path: Path) -> None:
    repo = scaffold.build(a_paper(), tmp_path / "papers")
    nb = run_notebook(repo)
    out = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "device: cpu" in out and "bleu-wmt14-en-de" in out
    assert not (repo / "results" / "reproduced.json").exists()

    def fill(nb) -> None:
        nb.cells[-1].source = nb.cells[-1].source.replace(
            "REPRODUCED = {}", 'REPRODUCED = {"bleu-wmt14-en-de": 27.9}')

    run_notebook(repo, fill)
    assert json.loads((repo / "results" / "reproduced.json").read_text()) == {
        "bleu-wmt14-en-de": 27.9}


def test_notebook_shows_claims_and_hyperparameters(tmp_path: Path) -> None:
    import nbformat

    repo = scaffold.build(a_paper(), tmp_path / "papers")
    nb = nbformat.read(repo / "notebooks" / "replication.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "## Claims to reproduce" in text
    # The claims table is read from paper.toml when the notebook runs.
    out = "".join(o.get("text", "") for c in run_notebook(repo).cells
                  if c.cell_type == "code" for o in c.outputs)
    assert "bleu-wmt14-en-de" in out and "WMT 2014 English-German" in out and "28.4" in out
    assert "HPARAMS = {'beta1': 0.9, 'warmup_steps': 4000, 'dropout': '0.1 (base)'}" in text
    assert "We propose the Transformer." in text


def test_any_characters_in_paper_text_give_a_valid_runnable_notebook(tmp_path: Path) -> None:
    paper = a_paper(title=NASTY, abstract=NASTY + "\nsecond line",
                    authors=[NASTY], claims=[Claim("k", NASTY, 1.5, dataset=NASTY)],
                    hyperparameters=[Hyperparameter(NASTY, NASTY)])
    repo = scaffold.build(paper, tmp_path / "papers")
    nb = run_notebook(repo)
    assert NASTY in nb.cells[0].source
    assert record.load(repo).title == NASTY


def test_a_wrapped_title_stays_on_one_line(tmp_path: Path) -> None:
    repo = scaffold.build(a_paper(title="Attention Is All\n  You Need"), tmp_path / "papers")
    assert repo.name == "1706.03762-attention-is-all-you-need"
    for name in ("README.md", "NOTES.md", "REPORT.md"):
        assert (repo / name).read_text().splitlines()[0].endswith(": Attention Is All You Need")
    assert git(repo, "log", "--format=%B").strip() == (
        "Scaffold replication of Attention Is All You Need (arXiv:1706.03762v5)")


def test_a_paper_with_no_extras_still_renders(tmp_path: Path) -> None:
    paper = Paper(arxiv_id="hep-th/9901001", version=1, title="Strings")
    repo = scaffold.build(paper, tmp_path / "papers")
    assert repo.name == "hep-th_9901001-strings"
    assert "No claims were found" in (repo / "notebooks" / "replication.ipynb").read_text()
    run_notebook(repo)


def test_workspace_templates_override_file_by_file(tmp_path: Path) -> None:
    override = tmp_path / "templates" / "paper"
    override.mkdir(parents=True)
    (override / "README.md.jinja").write_text("# My own: {{ paper.title }}\n")
    (override / "EXTRA.txt").write_text("plain {{ copied }} as bytes\n")
    repo = scaffold.build(a_paper(), tmp_path / "papers",
                          workspace_templates=tmp_path / "templates")
    assert (repo / "README.md").read_text() == "# My own: Attention Is All You Need\n"
    assert (repo / "EXTRA.txt").read_text() == "plain {{ copied }} as bytes\n"
    assert (repo / "NOTES.md").is_file()


def test_unknown_template_variable_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    override = tmp_path / "templates" / "paper"
    override.mkdir(parents=True)
    (override / "README.md.jinja").write_text("{{ paper.titel }}\n")
    papers = tmp_path / "papers"
    with pytest.raises(ReplicateError) as info:
        scaffold.build(a_paper(), papers, workspace_templates=tmp_path / "templates")
    assert "README.md.jinja, line 1" in str(info.value) and "titel" in str(info.value)
    assert list(papers.iterdir()) == []


def test_a_git_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.gitconfig"
    broken.write_text("[user\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(broken))
    papers = tmp_path / "papers"
    with pytest.raises(ReplicateError, match="git failed"):
        scaffold.build(a_paper(), papers)
    assert list(papers.iterdir()) == []


def test_a_missing_pdf_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    with pytest.raises(ReplicateError, match="cannot copy the PDF"):
        scaffold.build(a_paper(), papers, pdf=tmp_path / "gone.pdf")
    assert list(papers.iterdir()) == []


def test_an_interrupt_mid_build_leaves_nothing(tmp_path: Path) -> None:
    papers = tmp_path / "papers"

    class Interrupting(Paper):
        @property
        def versioned_id(self) -> str:  # read for the commit message, after rendering
            raise KeyboardInterrupt

    paper = Interrupting(**a_paper().__dict__)
    with pytest.raises(KeyboardInterrupt):
        scaffold.build(paper, papers)
    assert list(papers.iterdir()) == []


def test_build_refuses_an_existing_repo(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    repo = scaffold.build(a_paper(), papers)
    (repo / "NOTES.md").write_text("mine\n")
    with pytest.raises(ReplicateError, match="already exists"):
        scaffold.build(a_paper(), papers)
    assert (repo / "NOTES.md").read_text() == "mine\n"


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Attention Is All You Need", "attention-is-all-you-need"),
        ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
         "bert-pre-training-of-deep-bidirectional"),
        ("Über Räume — 16×16 Wörter", "uber-raume-16-16-worter"),
        ("???", "paper"),
    ],
)
def test_repo_names(title: str, slug: str) -> None:
    assert scaffold.repo_name(a_paper(title=title)) == f"1706.03762-{slug}"


def test_the_wheel_ships_the_templates(tmp_path: Path) -> None:
    project = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
         str(project)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("replicate/templates/paper/README.md.jinja",
                 "replicate/templates/paper/dot_gitignore",
                 "replicate/templates/paper/notebooks/replication.ipynb.jinja",
                 "replicate/templates/paper/results/README.md"):
        assert name in names


HOSTILE_TITLE = "<img src=x onerror=alert(1)> Nets & <b>Bold</b> Q&amp;A"


def test_html_in_metadata_is_escaped_in_readme_and_ledger(cli, online, workspace: Path) -> None:
    from pdfs import make_pdf

    online.add_paper("1706.03762", 1, title=HOSTILE_TITLE,
                     authors=["<script>alert(1)</script> Eve", "Bob"],
                     comment="see <a href='javascript:alert(1)'>code</a>",
                     pdf=make_pdf(["A paper\nSome text."]))
    code, _, err = cli("add", "1706.03762")
    assert code == 0, err
    repo = next((workspace / "papers").iterdir())
    escaped = "&lt;img src=x onerror=alert(1)&gt; Nets & &lt;b&gt;Bold&lt;/b&gt; Q&amp;amp;A"
    readme = (repo / "README.md").read_text()
    ledger = (workspace / "LEDGER.md").read_text()
    for page in (readme, ledger, (repo / "NOTES.md").read_text(),
                 (repo / "REPORT.md").read_text()):
        assert "<img" not in page and "<b>" not in page and "<script>" not in page
        assert "<a href" not in page
    assert f"# Replicating: {escaped}" in readme
    assert "| &lt;img src=x onerror=alert(1)&gt; Nets & &lt;b&gt;" in ledger
    assert "**Authors:** &lt;script&gt;alert(1)&lt;/script&gt; Eve, Bob" in readme
    code, page, _ = cli("ledger", "--format", "html")
    assert "<img" not in page and "&lt;img src=x" in page
    assert json.loads(cli("show", "1706.03762", "--json")[1])["title"] == HOSTILE_TITLE


def test_links_from_metadata_are_http_only(tmp_path: Path) -> None:
    paper = a_paper(official_code="javascript:alert(1)",
                    code_urls=["javascript:alert(1)", "data:text/html,<b>x</b>",
                               "file:///etc/passwd", "https://github.com/a/b"])
    readme = (scaffold.build(paper, tmp_path / "papers") / "README.md").read_text()
    assert "javascript:" not in readme and "data:" not in readme and "file:" not in readme
    assert "- Link from the paper: https://github.com/a/b" in readme
    assert "Official code" not in readme


@pytest.mark.parametrize("title", ["", "  ***  ", "?!"])
def test_a_missing_title_is_reported(cli, online, workspace: Path, title: str) -> None:
    from pdfs import make_pdf

    online.add_paper("1706.03762", 1, title=title, pdf=make_pdf(["Text."]))
    code, out, err = cli("add", "1706.03762")
    assert code == 0, err
    shown = " ".join(title.split())
    assert f"note: arXiv gave no title (only '{shown}'); write the title in paper.toml" in out
    assert (workspace / "papers" / "1706.03762-paper").is_dir()
