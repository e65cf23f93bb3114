"""Start-up time of `replicate --help` against a bare `python -c pass`, in one run.

Heavy libraries (arxiv, git, pypdf, requests, jinja2, rich) are imported inside
the functions that use them, so help, show and ledger start fast. Target: at most
5x bare Python.

    python benchmarks/startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    bare = timed([sys.executable, "-c", "pass"], runs)
    cli = timed([sys.executable, "-m", "replicate", "--help"], runs)
    heavy = [m for m in ("arxiv", "git", "pypdf", "requests", "jinja2", "rich")
             if m in subprocess.run(
                 [sys.executable, "-c",
                  "import sys, replicate.cli as c; c.build_parser(); print(' '.join(sys.modules))"],
                 capture_output=True, text=True, check=True).stdout.split()]
    print(f"python -c pass      {bare * 1000:7.1f} ms (median of {runs})")
    print(f"replicate --help    {cli * 1000:7.1f} ms")
    print(f"ratio               {cli / bare:7.1f}x  (target <= 5x)")
    print(f"heavy imports at start-up: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
