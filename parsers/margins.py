"""What sits around the body of a page: pleading-paper line numbers, running headers and
footers (the ECF stamp among them), page numbers, and footnotes.

Every rule here works on the geometry of `parsers.lines.Line`s, never on flat text alone:
a line number is a digit word in a left-margin column whose values count up at a fixed
pitch; a running header is a line at the top of the page that recurs, digits aside, at the
same height on another page; a footnote block is the run of smaller lines at the foot of the
body. Rotated margin text (the N.D. Cal. sidebar) never gets this far: `parsers.lines` keeps
only horizontal glyphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from parsers.chars import Mask
from parsers.ecf import EcfStamp, parse_stamp
from parsers.lines import RULE, Glyphs, Line, PageLines

# Pleading paper numbers 26 to 28 lines; a run this long from 1 at a fixed pitch is no list.
_MIN_NUMBER_RUN = 8
_COLUMN_SLACK = 2.5  # points: right edges of right-aligned numbers agree to within this
# Running headers and footers live in the top and bottom quarter of the page; a repeat must
# sit within this many points of the same height (measured from its own edge of the page).
_ZONE = 0.25
_SAME_HEIGHT = 24.0
_STAMP_BAND = 36.0  # points from the top of the page: where CM/ECF prints its stamp
# A lone page number at the foot of a page: "2", "- 2 -", "Page 2", "Page 2 of 9", "xiv".
_PAGE_NUMBER = re.compile(
    r"^(?:[Pp]age\s*)?[-–—]?\s*(?:\d{1,4}|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))\s*[-–—]?"
    r"(?:\s*of\s*\d{1,4})?$"
)
# A form's footer ending in its page count: "CV-90 (10/08) CIVIL MINUTES - GENERAL Page 1 of 1".
_PAGE_OF = re.compile(r"\bPage \d{1,4} of \d{1,4}$")
_DIGITS = re.compile(r"\d+")
_STAMP_TAIL = re.compile(r"\s*(?:Page ?ID\s*)?#:\s*\d+\s*")  # the stamp's "Page ID #:1912" on a line of its own
_FOOTNOTE_SIZE = 0.92  # footnote text is at most this fraction of the body's size


@dataclass
class MarginReport:
    """How many lines and words each rule took out of a document, for tests and the bench."""

    line_numbers: int = 0
    headers: int = 0
    footers: int = 0
    ecf_stamps: int = 0
    footnote_lines: int = 0


@dataclass(frozen=True)
class NumberColumn:
    """The boxes of a page's pleading-paper line numbers, to leave their glyphs out."""

    x0: float
    x1: float
    boxes: tuple[tuple[float, float], ...]  # (top, bottom) of each number, top to bottom

    def covers(self, glyphs: Glyphs) -> Mask:
        """Which glyphs are (part of) one of the line numbers."""
        middle = (glyphs.top + glyphs.bottom) / 2
        tops = np.array([top for top, _ in self.boxes])
        bottoms = np.array([bottom for _, bottom in self.boxes])
        at = np.searchsorted(tops, middle, side="right") - 1  # the last box starting above
        inside = at >= 0
        at = np.where(inside, at, 0)
        return inside & (glyphs.x0 >= self.x0) & (glyphs.x1 <= self.x1) & (tops[at] <= middle) & (middle <= bottoms[at])


def find_line_numbers(page: PageLines) -> NumberColumn | None:
    """The pleading-paper line-number column of a page, if it has one.

    Candidates are lines whose first word is a bare number up to 99 in the left third of the
    page. Grouped by right edge (the numbers are right-aligned), the column is the group
    holding a run of consecutive values from 1 (2 or 3 if the first number sits in the header)
    at a near-constant vertical pitch. The caller rebuilds the page's lines without these
    glyphs (`page_lines(..., leave_out=column.covers)`): a number shares a band with the body
    line or footnote beside it, and would otherwise distort its line.
    """
    candidates = [
        line
        for line in page.lines
        if line.words[0].text.isdigit()
        and len(line.words[0].text) <= 2
        and not line.words[0].superscript
        and line.words[0].x1 < page.width / 3
    ]
    best: list[Line] = []
    for column in _columns(candidates):
        run = _counting_run(column)
        if len(run) > len(best):
            best = run
    if len(best) < _MIN_NUMBER_RUN:
        return None
    words = [line.words[0] for line in best]
    return NumberColumn(
        min(word.x0 for word in words) - 0.5,
        max(word.x1 for word in words) + 0.5,
        tuple(sorted((word.top - 0.5, word.bottom + 0.5) for word in words)),
    )


def _columns(lines: list[Line]) -> list[list[Line]]:
    """Group lines by the right edge of their first word (one sort, one sweep)."""
    columns: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: line.words[0].x1):
        if columns and line.words[0].x1 - columns[-1][-1].words[0].x1 <= _COLUMN_SLACK:
            columns[-1].append(line)
        else:
            columns.append([line])
    return columns


def _counting_run(column: list[Line]) -> list[Line]:
    """The longest top-to-bottom run of values n, n+1, ... (n <= 3) at a steady pitch."""
    column = sorted(column, key=lambda line: line.top)
    best: list[Line] = []
    run: list[Line] = []
    for line in column:
        value = int(line.words[0].text)
        if run and value == int(run[-1].words[0].text) + 1 and _steady(run, line):
            run.append(line)
            continue
        if len(run) > len(best) and int(run[0].words[0].text) <= 3:
            best = run
        run = [line]
    if len(run) > len(best) and int(run[0].words[0].text) <= 3:
        best = run
    return best


def _steady(run: list[Line], line: Line) -> bool:
    """Whether `line` follows the run at the pitch of its first step (within a third)."""
    step = line.words[0].bottom - run[-1].words[0].bottom
    if len(run) < 2:
        return step > 0
    pitch = run[1].words[0].bottom - run[0].words[0].bottom
    return abs(step - pitch) <= pitch / 3


def drop_running_lines(pages: Sequence[PageLines], report: MarginReport) -> EcfStamp | None:
    """Peel running headers, footers, ECF stamps and page numbers off every page.

    From the top (and from the bottom) of each page, lines are removed while they are in the
    page's top (bottom) quarter and are an ECF stamp, or recur with the same text once digits
    are normalised at the same height on another page, or (the last line only) read as a lone
    page number or end with "Page N of M". A single page has no other page to repeat on: there
    only the stamp and those two page-number patterns apply. Peeling stops at the first line
    that is none of these, so body text that happens to repeat lower down is never touched.

    On the document's first page, recurring lines at the top are kept when the page has a
    body below them: there they are the document's title block (the case number and title of
    a C.D. Cal. minutes form), not yet a running head; except in the top half inch, where
    CM/ECF stamps sit (two stamps printed over each other recur without parsing as one).
    Returns the first page's ECF stamp.
    """
    seen = _recurring(pages)
    stamp: EcfStamp | None = None
    for index, page in enumerate(pages):
        lines = page.lines
        top_zone, bottom_zone = page.height * _ZONE, page.height * (1 - _ZONE)
        title = index == 0 and any(top_zone <= line.top and line.bottom <= bottom_zone for line in lines)
        after_stamp = False
        while lines and lines[0].top < top_zone:
            found = parse_stamp(lines[0].text)
            if after_stamp and _STAMP_TAIL.fullmatch(lines[0].text):
                # its "Page ID #:15069", or just the number, sits a little lower than the stamp
                if index == 0 and stamp is not None:
                    stamp = replace(stamp, text=f"{stamp.text} {lines[0].text.strip()}")
            elif found is None and ((title and lines[0].bottom > _STAMP_BAND) or not _recurs(lines[0], page, seen)):
                break
            after_stamp = found is not None
            stamp, report.ecf_stamps = stamp or found, report.ecf_stamps + (found is not None)
            report.headers += 1
            del lines[0]
        last = True
        while lines and lines[-1].bottom > bottom_zone:
            found = parse_stamp(lines[-1].text)
            if found is None and not _recurs(lines[-1], page, seen) and not (last and _is_page_number(lines[-1].text)):
                break
            stamp, report.ecf_stamps = stamp or found, report.ecf_stamps + (found is not None)
            report.footers += 1
            last = False
            del lines[-1]
    return stamp


def _is_page_number(text: str) -> bool:
    """A lone page number, or a footer line that ends with "Page N of M"."""
    return bool(_PAGE_NUMBER.match(text) or _PAGE_OF.search(text))


_Seen = dict[str, list[tuple[int, float, float]]]


def _key(line: Line) -> str:
    """The line's text with every number replaced by '#', so page 3's header matches page 4's."""
    return _DIGITS.sub("#", line.text)


def _recurring(pages: Sequence[PageLines]) -> _Seen:
    """Normalised text -> (page, distance from top, distance from bottom) of zone lines."""
    seen: _Seen = {}
    for page in pages:
        for line in page.lines:
            if line.top < page.height * _ZONE or line.bottom > page.height * (1 - _ZONE):
                seen.setdefault(_key(line), []).append((page.number, line.top, page.height - line.bottom))
    return seen


def _recurs(line: Line, page: PageLines, seen: _Seen) -> bool:
    """Whether the line's normalised text sits at the same height on some other page."""
    from_top, from_bottom = line.top, page.height - line.bottom
    near_top = from_top < from_bottom
    return any(
        number != page.number
        and (abs(top - from_top) <= _SAME_HEIGHT if near_top else abs(bottom - from_bottom) <= _SAME_HEIGHT)
        for number, top, bottom in seen.get(_key(line), ())
    )


def split_footnotes(page: PageLines) -> tuple[list[Line], list[Line]]:
    """Split a page's remaining lines into body and footnotes (kept, never dropped).

    The footnote block is the run of lines at the foot of the page that are smaller than the
    body (the font size most of the upper half of the page is set in), with body-size text
    above it. Pleading paper often sets footnotes at the body's size: there the block starts
    at a line opening with a raised footnote marker, in the lower half of the page, set at a
    tighter pitch than the double-spaced body. A rule drawn with text ("——————") above the
    block is dropped.
    """
    lines = page.lines
    if len(lines) < 2:
        return list(lines), []
    start = _small_block(lines, _body_size(lines, page.height / 2))
    if start is None:
        start = _marked_block(lines, page.height / 2)
    if start is None:
        return list(lines), []
    notes = [line for line in lines[start:] if not _is_rule(line)]
    return list(lines[:start]), notes


def _body_size(lines: list[Line], above: float) -> float:
    """The font size most characters in the upper part of the page are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.top < above:
            sizes[round(line.size, 1)] += len(line.text)
    if not sizes:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _small_block(lines: list[Line], body_size: float) -> int | None:
    """Start of the run of smaller lines (and rules) at the foot of the page, if any."""
    start = len(lines)
    while start > 0 and (_small(lines[start - 1], body_size) or _is_rule(lines[start - 1])):
        start -= 1
    return start if 0 < start < len(lines) else None


def _small(line: Line, body_size: float) -> bool:
    """Whether a line is set clearly smaller than the body."""
    return line.size <= body_size * _FOOTNOTE_SIZE


def _is_rule(line: Line) -> bool:
    """A line that is only a drawn rule of dashes or underscores."""
    return bool(RULE.match(line.text))


def _marked_block(lines: list[Line], below: float) -> int | None:
    """Start of a body-size footnote block opened by a raised marker, or None."""
    pitch = _median([b.bottom - a.bottom for a, b in pairwise(lines)])
    for index, line in enumerate(lines):
        if index == 0 or line.top < below or not line.words[0].superscript:
            continue
        block = lines[index:]
        steps = [b.bottom - a.bottom for a, b in pairwise(block)]
        if steps and _median(steps) < 0.75 * pitch:
            return index
    return None


def _median(values: list[float]) -> float:
    """The middle value (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
