"""A caption read as a page: parties in the left column, docket and title in the right.

Federal and state captions print the parties on the left and the docket number and the
document's title on the right, parted by a column of `)`, `:` or `§`, by a box, or by white
space alone. The clean text runs the two columns together line by line; `parsers.head` keeps
the first page's lines cut at wide gaps, with their boxes, and this module puts each cut
back in its column.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from parsers.head import Head, Segment

# A column rule printed as text: `)`, `]`, `:` or `§`, alone or several on one line.
_RULE = re.compile(r"^[)\]:§|\s]+$")
_LEADING_RULE = re.compile(r"^[)\]§|]\s*")
# A column starts right of this share of the page and left of the other.
_COLUMN_FROM, _COLUMN_TO = 0.35, 0.75
# The least gap between two columns' words, in ems (a word space is under half an em).
_COLUMN_GAP_EMS = 0.8
# The court's name in capitals, printed above the caption.
_COURT_NAME = re.compile(
    r"^(?:UNITED STATES|SUPERIOR|SUPREME|CIRCUIT|IN THE)\b.*\bCOURT\b|"
    r"^[A-Z ]*\bDISTRICT COURT\b"
)
# Segments whose left edges are within this many points share a column.
_ALIGN = 6.0
# A column rule down this many lines parts the columns even with no right-hand line beside it.
_RULE_LINES = 3
# A gap of this many line heights in a column is no caption's line spacing.
_BREAK_LINES = 4


@dataclass(frozen=True)
class Caption:
    """The caption's two columns as text, one printed line per text line."""

    left: str
    right: str


def read_caption(head: Head, stop: float | None) -> Caption | None:
    """The caption's columns, from the first page's segments above `stop` (the body's top).

    None when the page shows no right-hand column: one segment per line, or no column edge
    that at least two lines share.
    """
    segments = [seg for seg in head.segments if stop is None or seg.top < stop - 1]
    court = min((seg.top for seg in segments if _COURT_NAME.search(seg.text)), default=None)
    below_court = [seg for seg in segments if court is not None and seg.top > court]
    # Counsel's blocks above the court's name may print in two columns of their own.
    edge = _column_edge(below_court, head.width) or _column_edge(segments, head.width)
    if edge is None:
        return None
    first_right = min((seg.top for seg in segments if abs(seg.x0 - edge) <= _ALIGN), default=0.0)
    start = _caption_top(segments, edge, first_right)
    left: list[Segment] = []
    right: list[Segment] = []
    for seg in segments:
        if seg.top < start or _RULE.match(seg.text):
            continue
        if seg.x1 <= edge + _ALIGN and seg.x0 < edge - _ALIGN:
            left.append(seg)
        elif seg.x0 >= edge - _ALIGN:
            right.append(seg)
        else:  # "Plaintiffs, FILE UNDER SEAL": a role set close to the title, one run
            left_part, right_part = _cut(seg, edge - _ALIGN)
            left += [left_part] if left_part else []
            right += [right_part] if right_part else []
    return Caption(_lines(left), _lines(right))


def _cut(seg: Segment, edge: float) -> tuple[Segment | None, Segment | None]:
    """A segment cut at `edge` between its words: the part left of it, the part right of it."""
    words = seg.text.split(" ")
    if not len(words) == len(seg.starts) == len(seg.ends):
        return None, None  # no word edges: a spanning line (a heading), in neither column
    at = next((index for index, start in enumerate(seg.starts) if start >= edge), len(words))
    if at == 0 or at == len(words):
        return None, None
    # Between columns the gap is wider than a word space (a centred heading's are even), or a
    # column rule stands there ("… a Delaware corporation; ) MEMORANDUM OF …").
    if seg.starts[at] - seg.ends[at - 1] < _COLUMN_GAP_EMS * seg.size and not _RULE.match(words[at]):
        return None, None
    return (
        replace(seg, text=" ".join(words[:at]), x1=seg.starts[at] - 1, starts=seg.starts[:at]),
        replace(seg, text=" ".join(words[at:]), x0=seg.starts[at], starts=seg.starts[at:]),
    )


def _column_edge(segments: list[Segment], width: float) -> float | None:
    """The left edge of the right-hand column: the x where most segments that follow another
    on their line start, or where one does and another line of the column starts under it
    (New York's "MEMORANDUM & ORDER" beside "Plaintiff," over the docket beside a blank line),
    or just after a column rule."""
    starts: Counter[float] = Counter()
    aligned: Counter[float] = Counter()
    for seg in segments:
        if not _COLUMN_FROM * width <= seg.x0 <= _COLUMN_TO * width or _RULE.match(seg.text):
            continue
        column = round(seg.x0 / _ALIGN) * _ALIGN
        aligned[column] += 1
        if any(other.x1 < seg.x0 and _same_line(other, seg) and not _RULE.match(other.text) for other in segments):
            starts[column] += 1
    edge, count = starts.most_common(1)[0] if starts else (0.0, 0)
    if count < 2 and not (count == 1 and aligned[edge] >= 2):
        return _rule_column_edge(segments, width)
    return min(seg.x0 for seg in segments if abs(seg.x0 - edge) <= _ALIGN)


def _rule_column_edge(segments: list[Segment], width: float) -> float | None:
    """Just right of a column rule (`:` or `)` printed down the caption, on blank lines too)
    that three lines or more share, when the right-hand column has a line or none."""
    rules: Counter[float] = Counter(
        round(seg.x0 / _ALIGN) * _ALIGN
        for seg in segments
        if _COLUMN_FROM * width <= seg.x0 <= _COLUMN_TO * width and _RULE.match(seg.text)
    )
    if not rules or rules.most_common(1)[0][1] < _RULE_LINES:
        return None
    column = rules.most_common(1)[0][0]
    return max(seg.x1 for seg in segments if _RULE.match(seg.text) and abs(seg.x0 - column) <= _ALIGN) + _ALIGN


def _caption_top(segments: list[Segment], edge: float, first_right: float) -> float:
    """Where the caption starts: below the court's name, which spans the column edge above the
    right column's first line (so an attorney's block above the court's name is left out)."""
    spanning = [
        seg.bottom
        for seg in segments
        if seg.top <= first_right
        and seg.x0 < edge - _ALIGN < edge + _ALIGN < seg.x1
        and re.search(r"\bCOURT\b|\bDISTRICT OF\b", seg.text, re.IGNORECASE)
    ]
    return max(spanning, default=0.0)


def _same_line(one: Segment, other: Segment) -> bool:
    """Whether two segments overlap vertically by half the smaller one's height."""
    overlap = min(one.bottom, other.bottom) - max(one.top, other.top)
    return overlap >= 0.5 * min(one.bottom - one.top, other.bottom - other.top)


def _lines(segments: list[Segment]) -> str:
    """Segments as text, one line each, top to bottom, column rules left out; a blank line
    where the column skips more than `_BREAK_LINES` lines (the caption's end, a body's last lines)."""
    ordered = sorted(segments, key=lambda seg: (round(seg.top), seg.x0))
    lines: list[str] = []
    bottom: float | None = None
    for seg in ordered:
        text = _LEADING_RULE.sub("", seg.text).strip()
        if not text:
            continue
        if bottom is not None and seg.top - bottom > _BREAK_LINES * (seg.bottom - seg.top):
            lines.append("")
        lines.append(text)
        bottom = seg.bottom
    return "\n".join(lines)
