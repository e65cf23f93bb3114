"""Headless Chromium for the tests of HTML pages: found on PATH, driven from the command line.

`measure` loads pages in frames of a given width inside one probe page (a headless
window has a minimum width, a frame does not), and a script there writes each frame's
content width and client width into the DOM, which ``--dump-dom`` prints; `screenshot`
writes a PNG. Tests skip when there is no Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--allow-file-access-from-files"]
_PROBE = """<!DOCTYPE html><html><body>{frames}<script>
addEventListener("load", () => {{
  const sizes = [...document.querySelectorAll("iframe")].map(f => ({{
    page: f.getAttribute("src"), scroll: f.contentDocument.documentElement.scrollWidth,
    client: f.contentDocument.documentElement.clientWidth, inner: f.contentWindow.innerWidth}}));
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(sizes);
  document.body.appendChild(pre);
}});
</script></body></html>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    browser = chromium()
    assert browser is not None
    return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def dump_dom(page: Path, profile: Path, width: int = 1280) -> str:
    return run([f"--window-size={width},900", "--dump-dom", page.as_uri()], profile).stdout


def measure(pages: list[Path], width: int, profile: Path) -> list[dict]:
    """For each page shown `width` px wide: {"page", "scroll" (its content's width),
    "client" (the width it has), "inner" (the viewport's)}. The probe page is written
    beside the first page, so the frames' relative links still work."""
    root = pages[0].parent
    frames = "".join(
        f'<iframe src="{p.relative_to(root).as_posix()}" '
        f'style="width:{width}px;height:600px;border:0;display:block"></iframe>' for p in pages)
    probe = root / f".probe-{width}.html"
    probe.write_text(_PROBE.format(frames=frames), encoding="utf-8")
    try:
        dom = dump_dom(probe, profile, max(width, 1280))
    finally:
        probe.unlink()
    m = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert m, f"the probe did not load in Chromium: {dom[-300:]!r}"
    return json.loads(m[1].replace("&quot;", '"').replace("&amp;", "&"))


def screenshot(page: Path, out: Path, width: int, profile: Path, height: int = 1400) -> Path:
    """A PNG of `page` in a window `width` px wide; asserts that it is that wide."""
    done = run([f"--window-size={width},{height}", f"--screenshot={out}", page.as_uri()],
               profile)
    assert out.is_file(), done.stderr[-500:]
    head = out.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", head[16:20])[0] == width
    return out
