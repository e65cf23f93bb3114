"""Commands about executing the notebook: run, runs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import PAPER_HELP, paper_argument


def register(sub: argparse._SubParsersAction) -> None:
    from . import examples

    p = sub.add_parser(
        "run", help="execute the paper's notebook once per seed, here or on Slurm",
        description="Execute notebooks/replication.ipynb headless (papermill) once per seed, "
        "with the seed and each --param injected into its 'parameters' cell. Each run gets "
        "runs/<run-id>/ in the paper repo: run.json, metrics.json, the executed notebook "
        "and the log. The exit code is 1 if any run failed.",
        epilog=examples("replicate run 1706.03762 --seeds 0-4 --param lr=3e-4",
                        "replicate run 1706.03762 --seeds 0-4 --on slurm"),
    )
    paper_argument(p)
    p.add_argument("--seeds", metavar="SPEC",
                   help="seeds such as 0-4 or 1,7,42 (default: one run, seed 0)")
    p.add_argument("--param", metavar="NAME=VALUE", action="append", default=[],
                   help="set a notebook parameter, e.g. lr=3e-4 (repeatable)")
    p.add_argument("--on", choices=("local", "slurm"), default="local",
                   help="run here, one seed after the other, or as a Slurm job array "
                   "(resources from [slurm] in replicate.toml)")
    p.add_argument("--wait", action="store_true",
                   help="with --on slurm: wait until every task ends, then show the results")
    p.add_argument("--timeout", metavar="SECONDS", type=float,
                   help="stop a run that takes longer and record it failed")
    p.add_argument("--run-id", help=argparse.SUPPRESS)  # a Slurm array task runs its run
    p.add_argument("--json", action="store_true",
                   help="print the runs made (or queued) as JSON once they end")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("runs", help="list a paper's runs: state, seed, duration, host, metrics",
                       description="List the runs of one paper (or of every paper), asking "
                       "Slurm about those still queued or running.",
                       epilog=examples("replicate runs 1706.03762", "replicate runs --json"))
    paper_argument(p, PAPER_HELP + ", else every paper")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_runs)


def cmd_run(args: argparse.Namespace) -> int:
    from .. import runs

    try:
        return _run(args)
    except runs.RunStopped:  # scancel or a time limit: the run is already recorded failed
        print("stopped by SIGTERM; the run is recorded as failed.", file=sys.stderr)
        return 143


def _run(args: argparse.Namespace) -> int:
    from .. import record, runs, settings
    from ..errors import BadValue
    from ..ledger import write_ledger_md

    s = settings.load(args.workspace)
    repo, paper = record.open_paper(s.papers_dir, args.id)
    if args.timeout is not None and args.timeout <= 0:
        raise BadValue(f"--timeout must be a positive number of seconds, not {args.timeout:g}.")
    if args.run_id:
        run = runs.resume(repo, args.run_id, s)
        if args.json:
            _print_json(paper.arxiv_id, repo, "local", None, [run])
        else:
            _print_run(run)
        write_ledger_md(s)
        return 0 if run.state == "succeeded" else 1
    seeds = runs.parse_seeds(args.seeds)
    params = runs.parse_params(args.param)
    if args.on == "slurm":
        return _run_slurm(args, s, repo, paper.arxiv_id, seeds, params)
    if args.wait:
        raise BadValue("--wait is for --on slurm; local runs always finish before the "
                       "command returns.")
    for note in runs.check_notebook(repo, params):
        print(f"warning: {note}", file=sys.stderr)
    failed = 0
    known = {c.key for c in paper.claims}
    made = []
    try:
        for run in runs.run_local(repo, seeds, params, timeout=args.timeout, settings=s):
            made.append(run)
            if not args.json:
                _print_run(run)
            failed += run.state != "succeeded"
            unknown = sorted(set(run.metrics) - known)
            if unknown:
                print(f"warning: {', '.join(unknown)} in {run.run_id}'s metrics.json not a "
                      f"claim of {paper.arxiv_id}; its claims are: "
                      f"{', '.join(sorted(known)) or 'none'}.", file=sys.stderr)
    finally:
        write_ledger_md(s)
    if args.json:
        _print_json(paper.arxiv_id, repo, "local", None, made)
    elif len(seeds) > 1:
        print(f"{len(seeds) - failed} of {len(seeds)} runs succeeded.")
    return 1 if failed else 0


def _run_slurm(args: argparse.Namespace, s: Any, repo: Any, paper_id: str,
               seeds: list[int], params: dict[str, Any]) -> int:
    from .. import runs, slurm

    for note in runs.check_notebook(repo, params):
        print(f"warning: {note}", file=sys.stderr)
    job, batch = slurm.submit(repo, s.workspace, paper_id, seeds, params, s.slurm,
                              timeout=args.timeout)
    if args.json:
        ended = slurm.wait(repo, [r.run_id for r in batch]) if args.wait else batch
        _print_json(paper_id, repo, "slurm", job, ended)
        return 1 if args.wait and any(r.state != "succeeded" for r in ended) else 0
    print(f"submitted Slurm job {job}: {len(batch)} task(s), seeds "
          f"{', '.join(str(r.seed) for r in batch)}")
    for run in batch:
        print(f"  queued  {run.run_id}  (task {run.slurm_job})")
    if not args.wait:
        print(f"follow them with 'replicate runs {paper_id}'.")
        return 0
    ended = slurm.wait(repo, [r.run_id for r in batch])
    for run in ended:
        _print_run(run)
    return 1 if any(r.state != "succeeded" for r in ended) else 0


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _metrics(metrics: dict[str, float]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in metrics.items())


def _print_run(run: Any) -> None:
    if run.state == "succeeded":
        figures = _metrics(run.metrics) or "no metrics written"
        print(f"{run.run_id} (seed {run.seed}): succeeded in {_duration(run.duration_s)}: "
              f"{figures}")
    else:
        print(f"{run.run_id} (seed {run.seed}): {run.state}: {run.error}", file=sys.stderr)


def run_json(arxiv_id: str, run: Any) -> dict[str, Any]:
    """One run as `runs --json` and `run --json` print it."""
    return {"arxiv_id": arxiv_id, **run.to_dict(), "gpu_hours": run.gpu_hours}


def _print_json(arxiv_id: str, repo: Any, on: str, job: str | None, made: list[Any]) -> None:
    from ..ledger import to_json

    sys.stdout.write(to_json({
        "arxiv_id": arxiv_id, "path": str(repo), "changed": bool(made), "on": on,
        "slurm_job": job, "runs": [run_json(arxiv_id, r) for r in made],
        "succeeded": sum(r.state == "succeeded" for r in made),
        "failed": sum(r.state == "failed" for r in made)}))


def cmd_runs(args: argparse.Namespace) -> int:
    from .. import names, record, runs, settings, slurm
    from ..errors import RecordError
    from ..ledger import to_json

    s = settings.load(args.workspace)
    if args.id is not None or names.here(s.papers_dir) is not None:
        chosen = [record.open_paper(s.papers_dir, args.id)]
    else:
        chosen = []
        for repo in record.paper_repos(s.papers_dir):
            try:
                chosen.append((repo, record.load(repo)))
            except RecordError as e:
                print(f"warning: {e}", file=sys.stderr)
    papers = [(paper, slurm.refresh(repo, runs.list_runs(repo))) for repo, paper in chosen]
    if args.json:
        sys.stdout.write(to_json([run_json(paper.arxiv_id, run)
                                  for paper, paper_runs in papers for run in paper_runs]))
        return 0
    if not any(paper_runs for _, paper_runs in papers):
        where = papers[0][0].arxiv_id if len(papers) == 1 else "any paper"
        print(f"No runs of {where} yet: start one with 'replicate run'.")
        return 0
    from .term import color_wanted, fit, table, width, wrap

    room, color = width(), color_wanted(args)
    header = ["run", "state", "seed", "duration", "host / GPU", "metrics"]
    for paper, paper_runs in papers:
        if not paper_runs:
            continue
        print(fit(f"{paper.arxiv_id}  {paper.title}", room))
        rows = []
        for run in paper_runs:
            gpu = f"{run.gpu_count}x {run.gpu_name}" if run.gpu_count else "no GPU"
            where = f"{run.host} / {gpu}" if run.host else (run.slurm_job or "-")
            rows.append([run.run_id, run.state, str(run.seed), _duration(run.duration_s),
                         where, _metrics(run.metrics)])
        lines = table(header, rows, room, shrink=(4, 5), right=(2, 3), color=color,
                      styled=(1,), indent="  ")
        print(lines[0])
        for run, line in zip(paper_runs, lines[1:], strict=True):
            print(line)
            if run.error:
                print("\n".join(wrap(run.error, room, " " * 6)))
    return 0
