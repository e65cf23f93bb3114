"""A demo workspace of made-up progress on real papers, built through the library.

Used by the site's tests and by ``docs/make_site_screenshot.py``: paper repos with
claims, runs (run.json and metrics.json as `replicate run` writes them), numbers
recorded by hand, hyperparameters and a status history. Nothing is downloaded.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from replicate import runs, scaffold, settings
from replicate.record import Claim, Hyperparameter, Paper, StatusChange

# Progress over the last three months, whenever the demo is built.
START = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0) - \
    timedelta(days=100)

# (id, title, authors, status, [(metric, dataset, paper value, unit, lower is better, [runs])])
PAPERS = [
    ("1512.03385", "Deep Residual Learning for Image Recognition",
     ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"], "replicated",
     [("top-1 error", "CIFAR-10", 6.43, "%", True, [6.61, 6.52, 6.38]),
      ("top-5 error", "ImageNet", 3.57, "%", True, [])]),
    ("1706.03762", "Attention Is All You Need",
     ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
      "Aidan N. Gomez", "Łukasz Kaiser", "Illia Polosukhin"], "partial",
     [("BLEU", "WMT 2014 English-German", 28.4, "", False, [26.9, 27.3]),
      ("BLEU", "WMT 2014 English-French", 41.8, "", False, [41.5])]),
    ("1412.06980", "Adam: A Method for Stochastic Optimization",
     ["Diederik P. Kingma", "Jimmy Ba"], "not-reproduced",
     [("test accuracy", "MNIST", 98.2, "%", False, [97.1, 97.0, 96.8, 97.2])]),
    ("1502.03167", "Batch Normalization: Accelerating Deep Network Training by Reducing "
     "Internal Covariate Shift", ["Sergey Ioffe", "Christian Szegedy"], "experimenting",
     [("top-5 error", "ImageNet", 4.82, "%", True, [])]),
    ("1810.04805", "BERT: Pre-training of Deep Bidirectional Transformers for Language "
     "Understanding", ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
     "implementing", [("F1", "SQuAD v1.1", 93.2, "", False, [])]),
    ("1312.5602", "Playing Atari with Deep Reinforcement Learning",
     ["Volodymyr Mnih", "Koray Kavukcuoglu", "David Silver"], "reading",
     [("score", "Atari Breakout", 225.0, "", False, [])]),
]


def build(root: Path, extra: int = 0) -> Path:
    """Make the demo workspace at `root` (plus `extra` queued papers, to see 20-50 of them)."""
    settings.init(root)
    papers_dir = root / "papers"
    for n, (arxiv_id, title, authors, status, claims) in enumerate(PAPERS):
        added = START + timedelta(days=6 * n)
        history = [StatusChange("queued", added.isoformat())]
        if status != "queued":
            history.append(StatusChange(status, (added + timedelta(days=12 + 4 * n)).isoformat()))
        paper = Paper(
            arxiv_id=arxiv_id, version=1, title=title, authors=authors,
            added=added.isoformat(), status=status, history=history,
            official_code="https://github.com/example/official" if n % 2 else None,
            compute=["8 NVIDIA P100 GPUs for 3.5 days"] if n == 1 else [],
            published_url=f"git@github.com:example/replicate-{arxiv_id}.git" if n < 3 else None,
            claims=[Claim(scaffold.slugify(f"{m} {d}"), m, v, unit=u, dataset=d,
                          lower_is_better=low, origin="paper", version=1, found_in="abstract")
                    for m, d, v, u, low, _ in claims],
            hyperparameters=[
                Hyperparameter("learning rate", "0.1" if n % 2 == 0 else "3e-4",
                               section="Training"),
                Hyperparameter("batch size", "256", section="Training", page=5),
                Hyperparameter("optimizer", "SGD with momentum 0.9" if n % 2 == 0 else "Adam",
                               section="Setup"),
            ],
        )
        repo = scaffold.build(paper, papers_dir)
        for m, d, _, _, _, values in claims:
            key = scaffold.slugify(f"{m} {d}")
            for seed, value in enumerate(values):
                _run(repo, key, seed, value, added + timedelta(days=10, hours=seed))
    queued = START + timedelta(days=90)
    for i in range(extra):
        paper = Paper(arxiv_id=f"2101.{10000 + i}", version=1,
                      title=f"A Paper Still Queued Number {i + 1}", added=queued.isoformat(),
                      history=[StatusChange("queued", queued.isoformat())])
        scaffold.build(paper, papers_dir)
    return root


def _run(repo: Path, key: str, seed: int, value: float, started: datetime) -> None:
    run = runs.Run(run_id=f"{started:%Y%m%d-%H%M%S}-seed{seed}", seed=seed, state="succeeded",
                   started=started.isoformat(), finished=(started + timedelta(hours=2)).isoformat(),
                   duration_s=7200.0, host="gpu-node-1", gpu_name="NVIDIA A100", gpu_count=1)
    runs.save(repo, run)
    metrics = runs.runs_dir(repo) / run.run_id / runs.METRICS_FILE
    existing = json.loads(metrics.read_text()) if metrics.exists() else {}
    metrics.write_text(json.dumps({**existing, key: value}))
