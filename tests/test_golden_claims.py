"""Golden tests on the real corpus: the top claims of several papers, from the PDF and from
the LaTeX source, pinned in tests/golden/*.json so a change that loses them fails.

After a deliberate improvement, regenerate them with ``REPLICATE_REGOLD=1 pytest
tests/test_golden_claims.py`` and review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from replicate import pdf, reading

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
PAPERS = ["1706.03762", "1512.03385", "1810.04805", "2010.11929", "1312.5602", "2005.11401",
          "2106.09685", "1409.0473", "1807.03748", "2205.14135"]
TOP = 10
REGOLD = os.environ.get("REPLICATE_REGOLD") == "1"  # read before the fixtures clear REPLICATE_*

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("texts")


def read(arxiv_id: str, origin: str, texts: Path) -> reading.Reading | None:
    folder = CORPUS / "arxiv" / arxiv_id
    source = folder / "source"
    if origin == "latex" and not source.is_dir():
        return None
    cache = texts / f"{arxiv_id}.json"
    path = folder / "paper.pdf"
    return reading.extract(pdf.page_texts(path, cache=cache), version=None,
                           source=source if origin == "latex" else None,
                           layout=pdf.layout_reader(path, cache))


def summary(found: reading.Reading) -> list[dict]:
    return [{"value": c.value, "unit": c.unit, "metric": c.metric, "from": c.found_in,
             "table": c.table} for c in found.claims[:TOP]]


@pytest.mark.parametrize("origin", ["pdf", "latex"])
@pytest.mark.parametrize("arxiv_id", PAPERS)
def test_top_claims_are_kept(arxiv_id: str, origin: str, texts: Path) -> None:
    found = read(arxiv_id, origin, texts)
    if found is None:
        pytest.skip("no LaTeX source in the corpus")
    assert found.origin == origin
    golden = GOLDEN / f"claims-{arxiv_id}-{origin}.json"
    got = summary(found)
    if REGOLD:
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    want = json.loads(golden.read_text())
    lost = [w for w in want if not any(g["value"] == w["value"] and g["from"] == w["from"]
                                       and g["table"] == w["table"] for g in got)]
    assert not lost, f"claims no longer among the first {TOP}: {lost}"
    first = {w["value"] for w in want[:5]}
    assert first <= {g["value"] for g in got[:5]}, "the first five claims changed"
