"""Time `replicate upgrade` over 100 paper repos (aim: under 10 s), beside rendering them once.

    python benchmarks/upgrade.py [papers]

Builds a workspace in a temp folder with real scaffolded repos, each with a commit of
the user's own in NOTES.md, then changes two templates (README.md and REPORT.md) in the
workspace and times, side by side:

- render: the templates rendered once for every paper, no git (the baseline);
- upgrade: `replicate upgrade` merging the change into every repo, a commit each;
- again: `replicate upgrade` once every repo is current.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from replicate import record, scaffold, settings
from replicate.record import Claim, Hyperparameter, Paper


def build_workspace(root: Path, count: int) -> list[Path]:
    settings.init(root)
    repos = []
    for i in range(count):
        paper = Paper(
            arxiv_id=f"2001.{i:05d}", version=1, title=f"Paper number {i} on something",
            authors=[f"Author {k}" for k in range(6)], abstract="An abstract. " * 40,
            claims=[Claim(f"acc-{k}", "accuracy", 70.0 + k, unit="%", dataset="ImageNet",
                          origin="paper") for k in range(5)],
            hyperparameters=[Hyperparameter(f"setting {k}", str(k / 10)) for k in range(10)],
            sections=[f"{k} Section heading number {k}" for k in range(12)],
        )
        repo = scaffold.build(paper, root / "papers", workspace_templates=root / "templates")
        notes = repo / "NOTES.md"
        notes.write_text(notes.read_text() + "My own notes.\n")
        subprocess.run(["git", "commit", "-qam", "Notes"], cwd=repo, check=True)
        repos.append(repo)
    return repos


def change_templates(root: Path) -> None:
    folder = root / "templates" / "paper"
    folder.mkdir(parents=True, exist_ok=True)
    packaged = scaffold.packaged_templates() / "paper"
    for name, old, new in (("README.md.jinja", "## Links", "## Links to the paper"),
                           ("REPORT.md.jinja", "## Compute", "## Compute used")):
        text = (packaged / name).read_text()
        (folder / name).write_text(text.replace(old, new))


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "replicate", *argv], env=env,
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    return took, summary


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        start = time.perf_counter()
        repos = build_workspace(root, count)
        print(f"built {count} paper repos in {time.perf_counter() - start:.1f} s")
        change_templates(root)

        start = time.perf_counter()
        sources = scaffold.template_sources(root / "templates")
        for repo in repos:
            scaffold.render(scaffold.context(record.load(repo), repo), sources)
        render_s = time.perf_counter() - start

        env = {**os.environ, "REPLICATE_WORKSPACE": str(root)}
        upgrade_s, summary = timed(["upgrade"], env)
        again_s, again = timed(["upgrade"], env)
        print(f"{'render ' + str(count) + ' papers once (baseline)':<40}{render_s:7.2f} s")
        print(f"{'replicate upgrade (merge + commit)':<40}{upgrade_s:7.2f} s   {summary}")
        print(f"{'replicate upgrade (all current)':<40}{again_s:7.2f} s   {again}")
        print(f"upgrade per repo: {1000 * upgrade_s / count:.0f} ms; "
              f"{upgrade_s / max(render_s, 1e-9):.0f}x the render alone")


if __name__ == "__main__":
    main()
