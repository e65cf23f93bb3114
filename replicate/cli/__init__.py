"""The command line: parse arguments, call the library, print. Nothing else lives here.

Each command module has ``register(subparsers)``; the handler it sets gets the
parsed arguments and returns an exit code. Errors a user can cause are
`ReplicateError`s, caught once in `main`: exit 1, or 2 for a `UsageError` (a malformed
command line, as argparse's own errors). Ctrl-C exits 130.

The global options (`GLOBAL_OPTIONS`) are defined once and given to the top-level parser
and to every command's parser, so they work before or after the command name. A command
prints JSON only when its own parser defines ``--json``; `--json` given to another command
is a usage error rather than text a script would choke on.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .. import __version__
from ..errors import BadValue, ReplicateError, UsageError

COMMAND_MODULES = ("workspace", "papers", "progress", "runs", "versions", "sync", "publish",
                   "finding", "cite", "doctor", "upgrade", "report", "rubric")

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

    def error(self, message: str) -> None:  # type: ignore[override]
        """A usage error: one ``error:`` line pointing at the help, exit 2."""
        self.exit(2, f"error: {message}; see '{self.prog} --help'.\n")


GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (("--workspace", "-w"), dict(
        metavar="DIR", help="the workspace to use (default: $REPLICATE_WORKSPACE, else the "
        "nearest folder above holding replicate.toml)")),
    (("--json",), dict(action="store_true", help="print JSON (see README, 'JSON output')")),
    (("--no-color",), dict(action="store_true", help="no colour in text output")),
    (("--quiet", "-q"), dict(action="store_true",
                             help="print nothing on success but warnings and errors")),
)
_GLOBAL_DEFAULTS = {"workspace": None, "json": False, "no_color": False, "quiet": False}

T = TypeVar("T")


def value(check: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse ``type=`` from a core validator: the value it rejects is a usage error."""
    def convert(text: str) -> T:
        try:
            return check(text)
        except BadValue as e:
            raise UsageError(str(e)) from None

    convert.__name__ = getattr(check, "__name__", "value")
    return convert


def _add_globals(parser: argparse.ArgumentParser, top: bool) -> bool:
    """Give `parser` the global options; True when it defined its own ``--json``.

    A command's copies default to SUPPRESS, so a value given before the command name is
    not overwritten by the command's default.
    """
    own = parser._option_string_actions
    own_json = "--json" in own
    group = parser if top else parser.add_argument_group("global options")
    for flags, kwargs in GLOBAL_OPTIONS:
        taken = [f for f in flags if f in own]
        if taken:
            own[taken[0]].default = argparse.SUPPRESS
            continue
        extra = {} if top else {"default": argparse.SUPPRESS}
        group.add_argument(*flags, **kwargs, **extra)
    return own_json


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = Parser(
        prog="replicate",
        description="A paper-replication workbench: arXiv id in, replication repo out, "
        "and a ledger of what you reproduced.",
        epilog=examples("replicate add 1706.03762", "replicate ledger"),
    )
    parser.add_argument("--version", action="version", version=f"replicate {__version__}")
    _add_globals(parser, top=True)
    parser.set_defaults(**_GLOBAL_DEFAULTS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f".{name}", __name__).register(sub)
    parser.json_commands = {name for name, p in sub.choices.items()  # type: ignore[attr-defined]
                            if _add_globals(p, top=False)}
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
    try:
        args = parser.parse_args(argv)
    except UsageError as e:  # a value a core validator rejected (``type=value(...)``)
        print(f"error: {e}", file=sys.stderr)
        return 2
    except SystemExit as e:  # --help, --version, and argparse's own usage errors
        return e.code if isinstance(e.code, int) else 0 if e.code is None else 2
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    if args.json and args.command not in parser.json_commands:  # type: ignore[attr-defined]
        print(f"error: 'replicate {args.command}' has no JSON output; leave out --json.",
              file=sys.stderr)
        return 2
    try:
        if args.quiet and not args.json:
            with contextlib.redirect_stdout(io.StringIO()):
                return int(args.handler(args) or 0)
        return int(args.handler(args) or 0)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
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
