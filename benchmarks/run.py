"""What `replicate run` costs over papermill executing the same notebook, and how long a
2-task Slurm array takes from submit to results on the local Slurm (when one answers).

The notebook is the scaffolded one with a real evaluation cell; both sides start a fresh
process and a kernel, so the difference is replicate's own work: settings, the run
record, machine facts, the commit and LEDGER.md. Target: under 1 s per run.

    python benchmarks/run.py [repeats]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from runnable import PAPER_ID, make_runnable  # noqa: E402


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - start


def slurm_answers() -> bool:
    if shutil.which("sbatch") is None:
        return False
    done = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True)
    return done.returncode == 0 and "idle" in done.stdout


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPLICATE_")}
        env.update(HOME=str(root), REPLICATE_CACHE_DIR=str(root / "cache"),
                   GIT_CONFIG_GLOBAL=str(root / ".gitconfig"))
        (root / ".gitconfig").write_text("[user]\n\tname = Bench\n\temail = b@example.org\n")
        os.environ.update(GIT_CONFIG_GLOBAL=env["GIT_CONFIG_GLOBAL"])
        from replicate import settings

        workspace = root / "ws"
        settings.init(workspace)
        repo = make_runnable(workspace)
        notebook = repo / "notebooks" / "replication.ipynb"
        direct_cmd = [sys.executable, "-m", "papermill", str(notebook), str(root / "out.ipynb"),
                      "-p", "SEED", "0", "--cwd", str(notebook.parent), "--no-progress-bar"]
        run_cmd = [sys.executable, "-m", "replicate", "run", PAPER_ID]
        timed(direct_cmd, workspace, env)  # warm the disk cache and the kernel spec lookup
        direct, ours = [], []
        for _ in range(repeats):
            direct.append(timed(direct_cmd, workspace, env))
            ours.append(timed(run_cmd, workspace, env))
        d, o = statistics.median(direct), statistics.median(ours)
        print(f"papermill alone     {d:6.2f} s (median of {repeats})")
        print(f"replicate run       {o:6.2f} s")
        print(f"overhead per run    {o - d:6.2f} s  (target < 1 s)")
        if not slurm_answers():
            print("slurm               no local Slurm answers (start one with .ci/slurm-up)")
            return
        wall = timed([*run_cmd, "--seeds", "0-1", "--on", "slurm", "--wait"], workspace, env)
        print(f"slurm 2-task array  {wall:6.2f} s from submit to results (--wait)")


if __name__ == "__main__":
    main()
