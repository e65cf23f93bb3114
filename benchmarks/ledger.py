"""Time `replicate ledger` over a workspace of 1,000 papers (target: well under a second).

    python benchmarks/ledger.py [papers]

Builds the workspace in a temp folder: one real scaffolded repo, copied with a
different record per paper (each with claims, hyperparameters, an outline and a
results file, about the size `replicate add` writes). The first run parses every
record; later runs reuse the parsed records cached by (path, mtime, size).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from replicate import record, scaffold, settings
from replicate.record import Claim, Hyperparameter, Paper, StatusChange

STATES = ["queued", "reading", "implementing", "replicated", "partial", "not-reproduced"]


def build_workspace(root: Path, count: int) -> None:
    settings.init(root)
    papers = root / "papers"
    template = scaffold.build(Paper(arxiv_id="1000.00000", version=1, title="Template"), papers)
    for i in range(count):
        arxiv_id = f"{2001 + i // 9000 % 12:04d}.{i % 90000:05d}"
        state = STATES[i % len(STATES)]
        added = f"2026-{1 + i % 9:02d}-{1 + i % 27:02d}T10:00:00+00:00"
        paper = Paper(
            arxiv_id=arxiv_id, version=1, title=f"Paper number {i} on something", added=added,
            status=state, history=[StatusChange("queued", added), StatusChange(state, added)],
            abstract="An abstract. " * 40,
            claims=[Claim(f"acc-{k}", "accuracy", 70.0 + k, unit="%", dataset="ImageNet",
                          origin="paper", source="Table 2: a row of numbers") for k in range(5)],
            hyperparameters=[Hyperparameter(f"setting {k}", str(k / 10), source="Section 5 says so",
                                            page=5) for k in range(10)],
            sections=[f"{k} Section heading number {k}" for k in range(12)],
            authors=[f"Author {k}" for k in range(6)], datasets=["ImageNet", "CIFAR-10"],
        )
        repo = papers / f"{arxiv_id}-paper-{i}"
        shutil.copytree(template, repo)
        record.save(repo, paper)
        (repo / "results" / "reproduced.json").write_text('{"acc-0": 70.1, "acc-1": 69.0}')
    shutil.rmtree(template)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        start = time.perf_counter()
        build_workspace(root, count)
        print(f"built {count} paper repos in {time.perf_counter() - start:.1f} s")
        env = {**os.environ, "REPLICATE_WORKSPACE": str(root),
               "REPLICATE_CACHE_DIR": str(Path(tmp) / "cache")}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "replicate", "ledger"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        cold = (time.perf_counter() - start) * 1000
        print(f"replicate ledger (first run, no cache) {cold:5.0f} ms")
        for args in (["ledger"], ["ledger", "--json"], ["ledger", "--format", "html"]):
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "replicate", *args], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                runs.append(time.perf_counter() - start)
            print(f"replicate {' '.join(args):<24} {min(runs) * 1000:7.0f} ms "
                  f"(best of 3, {count} papers, whole process)")


if __name__ == "__main__":
    main()
