"""A paper repo whose notebook computes real numbers from its seed: for run and Slurm tests.

The notebook is the one `add` scaffolds; only its evaluation cell is filled in, as a
user would, and committed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from replicate import scaffold
from replicate.record import Claim, Paper

PAPER_ID = "1512.03385"
KEY = "top1-acc-cifar10"
# 90 + seed: seeds 0 and 1 give 90 and 91 (mean 90.5, sample std 0.707).
EVALUATION = f'scores = {{"{KEY}": 90.0 + SEED}}\n'


def make_runnable(workspace: Path, evaluation: str = EVALUATION) -> Path:
    paper = Paper(arxiv_id=PAPER_ID, version=1, title="Deep Residual Learning",
                  added="2026-01-01T00:00:00+00:00",
                  claims=[Claim(KEY, "accuracy", 90.3, unit="%", dataset="CIFAR-10",
                                origin="paper", tolerance="0.5")])
    repo = scaffold.build(paper, workspace / "papers")
    set_cell(repo, "evaluation", evaluation)
    return repo


def set_cell(repo: Path, cell_id: str, source: str, *, commit: bool = True) -> None:
    path = repo / "notebooks" / "replication.ipynb"
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c.get("id") == cell_id)
    cell["source"] = source
    path.write_text(json.dumps(nb, indent=1))
    if commit:
        subprocess.run(["git", "commit", "-qam", f"Fill in {cell_id}"], cwd=repo, check=True)


def run_folders(repo: Path) -> list[Path]:
    return sorted(p for p in (repo / "runs").iterdir() if (p / "run.json").is_file())


def run_json(folder: Path) -> dict:
    return json.loads((folder / "run.json").read_text())
