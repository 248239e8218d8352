"""Output that fits a terminal: widths as the screen shows them, text cut with an ellipsis, table
columns narrowed to a width, and a progress line drawn only on a terminal (silent in cron)."""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import TextIO

ELLIPSIS = "…"
RESET = "\x1b[0m"
_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def output_width(stream: TextIO, *, wide: bool = False) -> int | None:
    """The width to fit `stream`'s lines to: its terminal's columns, or None (no limit) with `wide`
    or when the stream is no terminal (a pipe or a file gets whole lines, as with git and kubectl)."""
    if wide or not stream.isatty():
        return None
    return shutil.get_terminal_size().columns


def char_width(char: str) -> int:
    """Columns one character takes on a terminal: 2 for East Asian wide ones, 0 for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal, colour escapes taking none."""
    return sum(char_width(char) for char in _ESCAPE.sub("", text))


def cut(text: str, width: int) -> str:
    """`text` cut to `width` columns, ending with an ellipsis when anything was cut. Colour escapes
    are kept and take no room; a colour left open by the cut is closed."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    room, used, kept, colour_open = width - 1, 0, [], False
    for piece in _pieces(text):
        if piece.startswith("\x1b"):
            kept.append(piece)
            colour_open = piece != RESET
            continue
        if used + char_width(piece) > room:
            break
        kept.append(piece)
        used += char_width(piece)
    return "".join(kept) + ELLIPSIS + (RESET if colour_open else "")


def _pieces(text: str) -> list[str]:
    """`text` as colour escapes and single characters, in order."""
    pieces: list[str] = []
    start = 0
    for match in _ESCAPE.finditer(text):
        pieces += list(text[start : match.start()]) + [match.group()]
        start = match.end()
    return pieces + list(text[start:])


def pad(text: str, width: int) -> str:
    """`text` with blanks after it up to `width` columns (str.ljust counts characters, not columns)."""
    return text + " " * max(width - display_width(text), 0)


def fit_lines(text: str, width: int | None) -> str:
    """Each line of `text` cut to `width` columns (none cut when `width` is None)."""
    if width is None:
        return text
    return "\n".join(cut(line, width) for line in text.split("\n"))


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, broken between words (colour escapes take no
    room); a word longer than a line is cut with an ellipsis. At least one line, maybe empty."""
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = display_width(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = "", 0
        if size > width:
            word, size = cut(word, width), width
        line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    return lines + [line]


def fit_widths(natural: Sequence[int], width: int, *, minimum: Sequence[int], gap: int = 2) -> list[int]:
    """Widths for columns that want `natural` widths, `gap` apart, narrowed until a line fits
    `width`: the widest column loses a column at a time, none going below its `minimum` (a column
    whose minimum is its width stays as it is). When even the minimums are too wide, they are what
    is returned and the caller cuts the lines. Called in passes with rising minimums, it decides
    which columns give way first."""
    widths = list(natural)
    excess = sum(widths) + gap * max(len(widths) - 1, 0) - width
    while excess > 0:
        shrinkable = [i for i in range(len(widths)) if widths[i] > minimum[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
        excess -= 1
    return widths


class Progress:
    """`label: done/total (percent)` redrawn in place on a terminal, at most once per `interval`
    seconds and always at the end; nothing at all when the stream is no terminal (cron, a pipe, a
    log file) unless `force` asks for it. Called as `progress(done, total)`; `close()` ends the line."""

    def __init__(
        self,
        label: str,
        stream: TextIO,
        *,
        force: bool = False,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label, self.stream, self.interval, self.clock = label, stream, interval, clock
        self.enabled = force or stream.isatty()
        self.shown = False
        self.last: float | None = None

    def __call__(self, done: int, total: int | None = None) -> None:
        """Show that `done` of `total` (None: not known) are done."""
        if not self.enabled:
            return
        now = self.clock()
        if self.last is not None and now - self.last < self.interval and done != total:
            return
        if total:
            line = f"{self.label}: {done}/{total} ({100 * done // total}%)"
        else:
            line = f"{self.label}: {done}"
        self.stream.write(f"\r{line}\x1b[K" if self.stream.isatty() else f"\r{line}")
        self.stream.flush()
        self.shown, self.last = True, now

    def close(self) -> None:
        """End the progress line, if one was drawn, so what follows starts on a line of its own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False
