"""Regenerate docs/site-laptop.png and docs/site-phone.png: the portfolio site of the demo
workspace (tests/demo_workspace.py, nothing downloaded) in headless Chromium.

    .venv/bin/python docs/make_site_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]


def main() -> None:
    import browser
    import demo_workspace

    from replicate import settings, site

    if browser.chromium() is None:
        sys.exit("no chromium on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REPLICATE_CACHE_DIR"] = str(Path(tmp) / "cache")
        root = demo_workspace.build(Path(tmp) / "demo", extra=20)
        built = site.build_site(settings.load(root), Path(tmp) / "site")
        index = built.output / "index.html"
        page = built.output / "papers" / "1706.03762-attention-is-all-you-need.html"
        browser.screenshot(index, HERE / "site-laptop.png", 1280, Path(tmp) / "p", 900)
        browser.screenshot(page, HERE / "site-phone.png", 390, Path(tmp) / "p", 900)
    print("wrote docs/site-laptop.png and docs/site-phone.png")


if __name__ == "__main__":
    main()
