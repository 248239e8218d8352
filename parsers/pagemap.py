"""Where each part of the clean text sits in the PDF: page boundaries and one box per line.

The map is kept small enough to travel with every extraction (and into the record): the
start offset of each page, and for each printed line that made it into the text its
[start, end) offsets, page number and bounding box, in PDF points from the top-left corner of
the page (x to the right, y down, as pdfplumber's `top`/`bottom`). A per-character box is
not stored: for a span that covers only part of a line, the box's left and right edges are
interpolated along the line by character offset, which is close for running text in a
proportional font (within a word or two) and exact at the line's ends.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple


class LineBox(NamedTuple):
    """One printed line: its [start, end) in the text, its page, and its box in points."""

    start: int
    end: int
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


class Box(NamedTuple):
    """A rectangle on one page, in PDF points from the page's top-left corner."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageMap:
    """Offsets of pages and lines in one text stream (pages joined by form feeds)."""

    page_starts: tuple[int, ...]
    lines: tuple[LineBox, ...]

    def page_at(self, offset: int) -> int:
        """The page (1-based) whose text holds `offset` (a form feed belongs to the page before)."""
        if not self.page_starts:
            raise ValueError("the map has no pages")
        return max(1, bisect_right(self.page_starts, offset))

    def pages(self, start: int, end: int) -> tuple[int, ...]:
        """The pages a span of the text was printed on, in order.

        A word carried back over a page break (a hyphenated word split between two pages)
        names both pages.
        """
        touched = sorted({line.page for line in self._overlapping(start, end)})
        return tuple(touched) if touched else (self.page_at(start),)

    def boxes(self, start: int, end: int) -> tuple[Box, ...]:
        """One box per printed line the span [start, end) touches, in text order."""
        found = []
        for line in self._overlapping(start, end):
            x0, x1 = line.x0, line.x1
            if line.end > line.start:
                per_char = (line.x1 - line.x0) / (line.end - line.start)
                if start > line.start:
                    x0 = line.x0 + per_char * (start - line.start)
                if end < line.end:
                    x1 = line.x0 + per_char * (end - line.start)
            found.append(Box(line.page, round(x0, 2), line.top, round(x1, 2), line.bottom))
        return tuple(found)

    def _overlapping(self, start: int, end: int) -> list[LineBox]:
        """The lines that share at least one character with [start, end)."""
        if end <= start:
            return []
        # Line segments do not overlap and come in text order, so their ends are sorted too.
        index = bisect_right(self.lines, start, key=lambda line: line.end)
        found = []
        while index < len(self.lines) and self.lines[index].start < end:
            found.append(self.lines[index])
            index += 1
        return found
