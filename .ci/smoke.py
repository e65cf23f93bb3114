"""Drive an installed `replicate` (from the built wheel) against the loopback arXiv.

    python .ci/smoke.py /path/to/venv/bin/replicate WORKDIR
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from arxiv_server import ArxivServer  # noqa: E402
from pdfs import make_pdf  # noqa: E402


def main() -> None:
    exe, work = sys.argv[1], Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    with ArxivServer() as server:
        server.add_paper(
            "1706.03762", 7, title="Attention Is All You Need",
            authors=["Ashish Vaswani", "Noam Shazeer"],
            abstract="Our model achieves 28.4 BLEU on the WMT 2014 English-to-German task.",
            pdf=make_pdf(["Attention Is All You Need\nAbstract\nWe reach 28.4 BLEU."],
                         stamp="arXiv:1706.03762v7 [cs.CL] 2 Aug 2023"),
        )
        env = {**os.environ, "REPLICATE_ARXIV_API_URL": server.api_url,
               "REPLICATE_ARXIV_PDF_URL": server.pdf_url, "REPLICATE_ARXIV_DELAY": "0",
               "REPLICATE_ARXIV_SOURCE_URL": server.source_url,
               "REPLICATE_CACHE_DIR": str(work / "cache"), "HOME": str(work)}
        env.pop("REPLICATE_WORKSPACE", None)

        def run(*args: str) -> str:
            done = subprocess.run([exe, *args], cwd=work, env=env, capture_output=True,
                                  text=True)
            if done.returncode != 0:
                sys.exit(f"replicate {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
            return done.stdout

        run("init", ".")
        print(run("add", "1706.03762"), end="")
        data = json.loads(run("show", "1706.03762", "--json"))
        repo = Path(data["path"])
        for name in ("README.md", "paper.toml", "notebooks/replication.ipynb", ".gitignore"):
            if not (repo / name).is_file():
                sys.exit(f"the installed package scaffolded no {name} in {repo}")
        print(run("ledger"), end="")
        # The packaged notebook runs headless with the packaged papermill and kernel.
        print(run("run", "1706.03762"), end="")
        records = list((repo / "runs").glob("*/run.json"))
        if len(records) != 1 or json.loads(records[0].read_text())["state"] != "succeeded":
            sys.exit(f"replicate run left no succeeded run in {repo / 'runs'}")
    print("smoke test of the installed wheel: ok")


if __name__ == "__main__":
    main()
