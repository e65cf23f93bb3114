"""`replicate result` with the mean ± std of runs made elsewhere, and --override."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def claim_key(cli, workspace: Path) -> str:
    from replicate import record, scaffold

    scaffold.build(record.Paper(arxiv_id="1512.03385", version=1, title="Deep Residual Learning"),
                   workspace / "papers")
    code, out, err = cli("claim", "1512.03385", "--metric", "top-1 accuracy", "--value", "76.0",
                         "--dataset", "ImageNet", "--unit", "%")
    assert code == 0, err
    return out.split()[2]


def shown(cli) -> dict:
    code, out, err = cli("show", "1512.03385", "--json")
    assert code == 0, err
    return json.loads(out)["claims"][0]


@pytest.mark.parametrize("text", ["75.8±0.3", "75.8+-0.3", "75.8 ± 0.3"])
def test_a_mean_and_spread_from_elsewhere(cli, claim_key: str, text: str) -> None:
    code, out, err = cli("result", "1512.03385", claim_key, text, "--n", "5")
    assert code == 0, err
    assert out == (f"Recorded {claim_key} = 75.8 ± 0.3 (n=5) for 1512.03385.\n"
                   "reproduced: 75.8 ± 0.3 (n=5) against the paper's 76% (gap -0.2, "
                   "tolerance 2%).\n")
    claim = shown(cli)
    assert (claim["mean"], claim["std"], claim["runs"]) == (75.8, 0.3, 5)
    assert claim["within_std"] is True and claim["verdict"] == "reproduced"
    assert "75.8 ± 0.3 (n=5)" in Path("LEDGER.md").read_text(encoding="utf-8")


def test_a_spread_needs_the_number_of_runs(cli, claim_key: str) -> None:
    code, out, err = cli("result", "1512.03385", claim_key, "75.8±0.3")
    assert code == 2
    assert err == ("error: '75.8±0.3' is a mean and spread of several runs: say how many "
                   "with --n, e.g. --n 5.\n")
    code, out, err = cli("result", "1512.03385", claim_key, "75.8±-0.3", "--n", "3")
    assert code == 2 and "must not be negative" in err
    assert shown(cli)["reproduced"] is None  # nothing was recorded


def test_runs_win_unless_the_number_by_hand_overrides_them(cli, workspace: Path,
                                                           claim_key: str) -> None:
    from replicate import record, runs

    repo = record.locate(workspace / "papers", "1512.03385")
    for seed, value in ((0, 75.0), (1, 77.0)):
        run = runs.Run(run_id=f"seed{seed}", seed=seed, state="succeeded", duration_s=1.0)
        runs.save(repo, run)
        (runs.runs_dir(repo) / run.run_id / runs.METRICS_FILE).write_text(
            json.dumps({claim_key: value}))

    code, out, err = cli("result", "1512.03385", claim_key, "70")
    assert code == 0, err
    assert "Its runs still give the claim's figure; add --override" in out
    claim = shown(cli)
    assert (claim["reproduced"], claim["runs"], claim["by_hand"]) == (76.0, 2, 70.0)

    code, out, err = cli("result", "1512.03385", claim_key, "70", "--override")
    assert code == 0, err
    assert "--override" not in out
    claim = shown(cli)
    assert claim["reproduced"] == 70.0 and claim["verdict"] == "not-reproduced"
