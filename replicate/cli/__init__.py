"""The command line: parse arguments, call the library, print. Nothing else lives here.

Each command module has ``register(subparsers)``; the handler it sets gets the
parsed arguments and returns an exit code. Errors a user can cause are
`ReplicateError`s, caught once in `main`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import ReplicateError

COMMAND_MODULES = ("workspace", "papers", "progress", "runs", "versions", "sync", "publish",
                   "finding", "cite", "doctor", "upgrade")

PAPER_HELP = ("the paper: its id (any form, or the start of it) or words of its title; "
              "default: the paper repo you are in")


def paper_argument(parser: argparse.ArgumentParser, help: str = PAPER_HELP) -> argparse.Action:
    """The optional ``ID`` naming one paper of the workspace (resolved by `record.locate`);
    marked so that shell completion offers the workspace's papers."""
    action = parser.add_argument("id", metavar="ID", nargs="?", help=help)
    action.complete = "paper"  # type: ignore[attr-defined]
    return action


class HelpFormatter(argparse.HelpFormatter):
    """Descriptions wrapped to the terminal; text with line breaks (examples) kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def examples(*lines: str) -> str:
    """The epilog of a command's ``--help``: one or two command lines to copy."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


class Parser(argparse.ArgumentParser):
    """argparse that takes ``-1e-3`` and ``-1.5E2`` as numbers, not as unknown options.

    argparse's own test for a negative number knows no exponent; its subparsers are
    built from this class too, so every command gets the wider one (and the help
    formatter that keeps examples as written).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = Parser(
        prog="replicate",
        description="A paper-replication workbench: arXiv id in, replication repo out, "
        "and a ledger of what you reproduced.",
        epilog=examples("replicate add 1706.03762", "replicate ledger"),
    )
    parser.add_argument("--version", action="version", version=f"replicate {__version__}")
    parser.add_argument(
        "--workspace", "-w", metavar="DIR",
        help="the workspace to use (default: $REPLICATE_WORKSPACE, else the nearest "
        "folder above holding replicate.toml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def _quiet_libraries() -> None:
    """Library loggers (retries, malformed-feed notes) must not reach the user's terminal;
    the library's own warnings (the ``replicate`` logger) are printed as ``warning: ...``."""
    import logging

    class Warnings(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print(f"warning: {record.getMessage()}", file=sys.stderr)

    for name in ("arxiv", "urllib3", "pypdf", "git", "papermill"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    own = logging.getLogger("replicate")
    if not any(type(h).__name__ == "Warnings" for h in own.handlers):
        own.addHandler(Warnings(logging.WARNING))
        own.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``replicate`` command; returns the exit code."""
    _quiet_libraries()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except ReplicateError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `replicate ledger | head`
        return 0
    except OSError as e:  # a full disk, a read-only folder: the user's to fix, in one line
        from ..files import os_error

        error = os_error(e)
        if error is None:
            raise
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-made.", file=sys.stderr)
        return 130


def run() -> None:
    sys.exit(main())
