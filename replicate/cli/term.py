"""Terminal presentation: the width, fitting and wrapping text, tables, colour, live status.

The one place that knows about terminals, so every command fits the window the same
way. Content never depends on whether output is a terminal: the width is the
terminal's even when stdout is piped (``replicate ledger | less`` shows what the
terminal would), and colour is added on top of the same characters, only for a
terminal, never with ``NO_COLOR`` or ``--no-color``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import IO, Any

DEFAULT_WIDTH = 80
MIN_WIDTH = 20  # narrower windows are treated as this wide rather than cut to nothing
ELLIPSIS = "…"
GAP = "  "  # between table columns

# Colour by value, one spelling of each state and verdict (see ledger.verdict).
GREEN, RED, YELLOW, DIM = "32", "31", "33", "2"
STYLES = {
    "reproduced": GREEN, "replicated": GREEN, "succeeded": GREEN,
    "not-reproduced": RED, "not reproduced": RED, "failed": RED,
    "partial": YELLOW, "stuck": YELLOW,
    "pending": DIM, "queued": DIM, "abandoned": DIM,
}


def width() -> int:
    """Columns to fit: ``COLUMNS``, else the terminal's (stdout, stderr or stdin), else 80.

    Asking every stream keeps piped output (``| less``) as wide as the window it came from.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    for stream in (sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            return max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
        except (AttributeError, ValueError, OSError):
            continue
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def plural(n: int, word: str) -> str:
    """'1 paper', '3 papers': counts read as a person would write them."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def color_wanted(args: Any = None, stream: IO[str] | None = None) -> bool:
    """Colour for `stream` (stdout): a terminal, unless ``--no-color`` or ``NO_COLOR``.

    ``FORCE_COLOR`` (not empty, not ``0``) forces it where the stream is no terminal.
    """
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    stream = stream or sys.stdout
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def paint(text: str, value: str | None = None, on: bool = True) -> str:
    """`text` in the colour of `value` (a state or verdict; default: the text); as is when off."""
    code = STYLES.get((value if value is not None else text).strip())
    if not on or not code or not text:
        return text
    return f"\x1b[{code}m{text}\x1b[0m"


def paint_words(line: str, on: bool, words: Sequence[str] | None = None) -> str:
    """Colour each state or verdict word that stands alone in an already fitted line."""
    if not on:
        return line
    names = sorted(words or STYLES, key=len, reverse=True)
    pattern = r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])"
    return re.sub(pattern, lambda m: paint(m.group(1), on=True), line)


def fit(text: str, room: int) -> str:
    """`text` on one line of at most `room` characters, cut at the end with an ellipsis."""
    text = re.sub(r"[\t\r\n\v\f]+", " ", text)
    if len(text) <= room:
        return text
    if room <= 1:
        return ELLIPSIS[:room]
    return text[: room - 1].rstrip() + ELLIPSIS


def wrap(text: str, room: int, indent: str = "", first: str | None = None) -> list[str]:
    """`text` wrapped at word boundaries into lines of at most `room` characters.

    Paragraphs (blank lines) are kept; a word longer than a line (a path, a URL) is
    left whole on a line of its own rather than broken.
    """
    lines: list[str] = []
    for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if n:
            lines.append("")
        lines += textwrap.wrap(paragraph.strip(), width=max(room, 1),
                               initial_indent=indent if n or first is None else first,
                               subsequent_indent=indent, break_on_hyphens=False,
                               break_long_words=False)
    return lines


def table(header: Sequence[str], rows: Sequence[Sequence[str]], room: int, *,
          shrink: Sequence[int] = (), right: Sequence[int] = (), color: bool = False,
          styled: Sequence[int] = (), indent: str = "") -> list[str]:
    """Rows laid out in columns within `room` characters, one line each, header first.

    Columns in `shrink` give up their width first, in that order, down to a few
    characters each (their cells cut with an ellipsis); whatever still does not fit
    is cut at the right edge, so a row is never wrapped. Cells of `styled` columns
    are coloured by value when `color` is on.
    """
    count = len(header)
    cells = [list(header)] + [[str(c) for c in row] + [""] * (count - len(row)) for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(count)]
    total = len(indent) + sum(widths) + len(GAP) * (count - 1)
    for i in shrink:
        if total <= room:
            break
        floor = min(widths[i], max(len(header[i]), 8))
        give = min(total - room, widths[i] - floor)
        widths[i] -= give
        total -= give
    lines = []
    for n, row in enumerate(cells):
        parts = []
        for i, cell in enumerate(row):
            text = fit(cell, widths[i]) if len(cell) > widths[i] else cell
            last = i == count - 1
            pad = widths[i] - len(text)
            if i in right:
                text = " " * pad + text
            elif not last:
                text = text + " " * pad
            parts.append((text, i in styled and n > 0))
        plain = indent + GAP.join(t for t, _ in parts)
        if len(plain.rstrip()) > room:  # even the shrunk columns do not fit: cut the row
            lines.append(fit(plain.rstrip(), room))
            continue
        lines.append((indent + GAP.join(paint(t, t.strip(), color) if s else t
                                        for t, s in parts)).rstrip())
    return lines


class Activity:
    """What `add` is doing, on one transient line of a terminal (stderr); else nothing.

    Notes are printed above the line; a wait that lasts (arXiv not answering) is
    shown on the line on a terminal and printed as a note elsewhere.
    """

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.live = None
        self._task: Any = None
        self._counter = ""  # "[3/10] " while a paper of a batch is under way

    def __enter__(self) -> Activity:
        try:
            terminal = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            terminal = False
        if terminal:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
            )
            from rich.text import Text

            class Bar(BarColumn):  # only for a download of known size
                def render(self, task: Any) -> Any:
                    return super().render(task) if task.total else Text("")

            class Size(DownloadColumn):
                def render(self, task: Any) -> Any:
                    return super().render(task) if task.total else Text("")

            console = Console(file=self.stream, width=width(), highlight=False,
                              no_color=not color_wanted(stream=self.stream))
            self.live = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 Bar(bar_width=20), Size(), console=console, transient=True,
                                 redirect_stdout=_same_terminal(self.stream),
                                 redirect_stderr=True)
            self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()

    def counter(self) -> str:
        """``[3/10] `` while a batch is under way; nothing for a single paper."""
        return f"[{min(self.done + 1, self.total)}/{self.total}] " if self.total > 1 else ""

    def finished(self) -> str:
        """Count one input done; its counter, for the line that reports it."""
        label = self.counter()
        self.done += 1
        return label

    def stage(self, name: str, what: str) -> None:
        """Paper `name` ("" for the whole batch) has reached step `what` ("reading the PDF")."""
        self._counter = self.counter() if name else ""
        self._show(f"{self._counter}{name}: {what}" if name else what,
                   bar=what.startswith("downloading"))

    def transfer(self, name: str, done: int, total: int | None) -> None:
        if self.live is not None and self._task is not None:
            self.live.update(self._task, completed=done, total=total)

    def waiting(self, message: str) -> None:
        """A wait worth explaining: on the line on a terminal, else as a note."""
        if self.live is not None:
            self._show(f"{self._counter}{message}…")
        else:
            note(message)

    def _show(self, text: str, bar: bool = False) -> None:
        """A new step: a new task, so no bar or size is left over from the last one."""
        if self.live is None:
            return
        if self._task is not None:
            self.live.remove_task(self._task)
        room = width() - (38 if bar else 4)  # the spinner, and a bar with its size
        self._task = self.live.add_task(fit(text, room), total=None)
        self.live.refresh()  # each step is drawn at least once, however quick


def _same_terminal(stream: IO[str]) -> bool:
    """Is stdout the terminal `stream` writes to (so its lines must pass above the status)?"""
    try:
        return sys.stdout.isatty() and os.path.samestat(os.fstat(sys.stdout.fileno()),
                                                        os.fstat(stream.fileno()))
    except (AttributeError, ValueError, OSError):
        return False


def note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr, flush=True)

