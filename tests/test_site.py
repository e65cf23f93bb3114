"""site: the static portfolio over a demo workspace, read as files and in headless Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import browser
import demo_workspace
import pytest


class Page(HTMLParser):
    """The links (href, src) and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)
        self.scripts += tag == "script"


def read(page: Path) -> Page:
    parsed = Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = demo_workspace.build(tmp_path / "demo", extra=20)
    monkeypatch.chdir(root)
    return root


def test_site_writes_an_index_and_a_page_per_paper(cli, demo: Path) -> None:
    code, out, err = cli("site")
    assert code == 0, err
    site = demo / "site"
    assert out == (f"Wrote the site (28 pages, 26 papers) to {site}; open "
                   f"{site / 'index.html'}.\n")
    index = (site / "index.html").read_text()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in index
    assert "3 of 20 papers finished (15%)" in index and "3 of 50 papers finished (6%)" in index
    assert re.search(r"[\d.]+ finished a month: 20 by \d{4}-\d\d-\d\d, 50 by ", index)
    assert "9 runs, 18 h wall, 18 GPU-hours" in index
    # Each paper's overall verdict beside its count of claims, in a symbol and a word.
    assert re.search(r'1/2<br><span class="verdict verdict-partial">◐ partial</span>', index)
    page = (site / "papers" / "1706.03762-attention-is-all-you-need.html").read_text()
    # Claims: paper, mine as mean ± std (n), the verdict in words beside its colour.
    assert "28.4" in page and "27.1 ± 0.283 (n=2)" in page
    assert "✗ not-reproduced" in page and "✓ reproduced" in page
    assert "8 NVIDIA P100 GPUs for 3.5 days" in page and "3e-4" in page
    assert 'href="https://github.com/example/replicate-1706.03762"' in page
    assert 'href="https://arxiv.org/abs/1706.03762v1"' in page
    assert 'id="report"' in page and "Replication report: Attention Is All You Need" in page
    # --json says what was written; a paper gone from the workspace loses its page.
    (demo / "papers" / "2101.10000-a-paper-still-queued-number-1").rename(
        demo / "elsewhere")
    code, out, _ = cli("site", "--json")
    data = json.loads(out)
    assert data["papers"] == 25 and data["pages"][0] == "index.html"
    assert not (site / "papers" / "2101.10000-a-paper-still-queued-number-1.html").exists()


def test_every_link_resolves_and_leaves_only_for_the_web(cli, demo: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert cli("site", "--output", str(out))[0] == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 27
    for page in pages:
        parsed = read(page)
        assert parsed.scripts == 0, page
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), (page, link)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), (page, link)
            assert target.is_relative_to(out.resolve()), (page, link)
            if parts.fragment:
                assert parts.fragment in read(target).ids, (page, link)


def test_paper_text_is_escaped_and_report_links_stay_inside(cli, demo: Path) -> None:
    repo = demo / "papers" / "1512.03385-deep-residual-learning-for-image-recognition"
    report = repo / "REPORT.md"
    report.write_text(report.read_text() + "\n<script>alert(1)</script>\n\n"
                      "See [the plot](results/plot.png) and [the notes](NOTES.md).\n")
    code, _, err = cli("site")
    assert code == 0, err
    page = (demo / "site" / "papers" / f"{repo.name}.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Published: links into the repo lead to its page on the forge.
    assert ('href="https://github.com/example/replicate-1512.03385/blob/HEAD/results/plot.png"'
            in page)
    other = demo / "papers" / "1502.03167-batch-normalization-accelerating-deep-network"
    (other / "REPORT.md").write_text("# R\n\n[the notes](NOTES.md) ![a plot](plot.png)\n")
    cli("site")
    page = (demo / "site" / "papers" / f"{other.name}.html").read_text()
    assert "NOTES.md" not in page and "the notes" in page and "a plot" in page
    assert "this replication's code is not published yet" in page


def test_a_broken_record_still_gets_its_row(cli, demo: Path) -> None:
    repo = demo / "papers" / "1312.5602-playing-atari-with-deep-reinforcement-learning"
    (repo / "paper.toml").write_text("title = [\n")
    code, _, err = cli("site")
    assert code == 0
    assert f"warning: {repo / 'paper.toml'} is not valid TOML" in err
    assert "needs a fix" in (demo / "site" / "index.html").read_text()


def test_output_that_is_a_file_is_refused(cli, demo: Path) -> None:
    (demo / "taken").write_text("x")
    code, _, err = cli("site", "--output", "taken")
    assert code == 1
    assert err == "error: taken is a file, not a folder; choose another --output.\n"


@pytest.mark.skipif(browser.chromium() is None, reason="no chromium on this machine")
def test_pages_fit_a_laptop_and_a_phone(cli, demo: Path, tmp_path: Path) -> None:
    assert cli("site")[0] == 0
    site = demo / "site"
    profile = tmp_path / "profile"
    pages = [site / "index.html", *sorted((site / "papers").glob("*.html"))]
    for width in (1280, 390):
        sizes = browser.measure(pages, width, profile)
        assert len(sizes) == len(pages) == 27
        for size in sizes:
            assert size["inner"] == width, size
            assert size["scroll"] <= size["client"], size  # nothing sticks out sideways
        browser.screenshot(site / "index.html", tmp_path / f"index-{width}.png", width,
                           profile)
    assert "3 of 20 papers finished" in browser.dump_dom(site / "index.html", profile)
