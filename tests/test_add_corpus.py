"""Add the real papers of the shared corpus through the loopback arXiv.

Skips when the corpus (../shared/corpus beside the project) is absent.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def manifest() -> list[dict]:
    return json.loads((CORPUS / "manifest.json").read_text())


def test_add_every_corpus_paper(cli, online) -> None:
    arxiv_server = online
    papers = manifest()
    wanted = []
    for p in papers:
        aid = re.sub(r"v\d+$", "", p["arxiv_id"])
        version = int(p["pdf_version_from_stamp"].lstrip("v"))
        pdf = (CORPUS / p["dir"] / "paper.pdf").read_bytes()
        arxiv_server.add_paper(aid, version, title=p["title"], authors=[p["first_author"]],
                               abstract=f"Abstract of {p['title']}.", pdf=pdf)
        wanted.append((aid, version, p))
    code, out, err = cli("add", *[f"{aid}v{v}" for aid, v, _ in wanted])
    assert code == 0, err
    assert err == ""  # pypdf's warnings about real-world PDFs never reach the user
    assert f"{len(wanted)} added." in out
    assert len([r for r in arxiv_server.requests if "/api/" in r.path]) == 1

    for aid, version, p in wanted:
        code, out, err = cli("show", aid, "--json")
        assert code == 0, err
        data = json.loads(out)
        assert data["title"] == p["title"] and data["version"] == version
        assert data["pdf_sha256"] == p["pdf_sha256"]
        repo = Path(data["path"])
        assert repo.name.startswith(aid.replace("/", "_") + "-")
        log = subprocess.run(["git", "log", "--format=%s"], cwd=repo, capture_output=True,
                             text=True, check=True).stdout
        assert log.startswith(f"Scaffold replication of {p['title']}")
        nb = json.loads((repo / "notebooks" / "replication.ipynb").read_text())
        assert nb["nbformat"] == 4

    attention = json.loads(cli("show", "1706.03762", "--json")[1])
    values = [c["value"] for c in attention["claims"][:5]]
    assert 28.4 in values
