"""Lines of words from one page's chars: the first step of cleaning, engine-neutral.

Only horizontal glyphs are kept. Rotation is read from the char's text matrix (a, b, c, d):
the glyph's baseline runs along (a, b), so text is horizontal and reads left to right when
`a > 0` and `b` is near 0. pdfminer's `upright` flag is not used: it is computed as
`a*d > 0 and b*c <= 0`, which calls the N.D. Cal. sidebar upright when its 90-degree matrix
carries rounding noise (a = d = -4.4e-08 in xray__gov.uscourts.cand.288207.440.0.pdf).

Glyphs are grouped into lines by sorting them once by vertical centre and sweeping: a glyph
joins the current line when its centre lies inside the band of the line's largest glyph (so
superscripts and small caps join their line). Space chars are then put in the line whose band
holds them. Within a line, chars are sorted by x0 and split into words on space chars or on
gaps wider than a fraction of the font size (some PDFs draw no spaces at all). Text is
normalised word by word: ligatures spelled out, odd spaces made plain, `(cid:NN)` dropped.

The page's glyphs are handled as arrays (`parsers.chars.CharArrays`, numpy): only the sweep,
and the few glyphs that need a closer look (overprints, raised markers, lines of mixed sizes),
go glyph by glyph in Python; the rest is one array step per page, not one object per glyph.

Over 300 lines because grouping, word splitting and the glyph-by-glyph special cases work on
the same arrays and line bands; split, each would rebuild them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from typing import NamedTuple

import numpy as np

from parsers.chars import CharArrays, Floats, Ints, Mask, PageChars, Texts
from parsers.overlapping import split_overlapping, typed_over_blanks

# A gap wider than this fraction of the font size between two glyphs is a word space.
# Word spaces in the corpus are 0.22-0.33 em; kerning and tracking inside a word stay under 0.1.
_SPACE_GAP = 0.17
# A glyph under this fraction of its line's size, whose bottom sits this many ems (of its
# nearest full-size neighbour) above that neighbour's, is raised: a superscript.
_SUPER_SIZE = 0.85
_SUPER_RAISE = 0.2
# Footnote markers: digits and the traditional symbols. Raised letters ("1st", "2d") stay glued.
_MARKER_CHARS = frozenset("0123456789*†‡§¶")
# Baselines within this slope of horizontal count as horizontal (text matrices carry noise).
_SKEW = 0.05
# The same glyph drawn twice (fake bold, stamped signatures, a document typed over its own
# image) within this fraction of its width; a narrow glyph (a period, an apostrophe) counts as
# _NARROW_EM of its size wide, so a copy set a point or two aside is still found.
_OVERPRINT = 0.3
_NARROW_EM = 0.5
# Glyphs that are one mark to a reader: a straight and a curly quote drawn over each other.
_SAME_MARK = str.maketrans("’‘”“", "''\"\"")
_QUOTE_MARKS = np.array(["'", "’", "‘", '"', "”", "“"], dtype=object)

_CID = re.compile(r"\(cid:\d+\)")
_CHAR_MAP = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufffd": None,
        "\u0000": None,
        "\u2010": "-",
        "\u2011": "-",  # Unicode hyphens: plain hyphen, so hyphenation sees them
    }
)
# Soft hyphens mark where a word may break; inside a line they are invisible.
SOFT_HYPHEN = "\u00ad"
# A rule drawn with text, not a line: "——————" above slip-opinion footnotes, or "______".
RULE = re.compile(r"^[\s_—–-]{3,}$")


class Word(NamedTuple):
    """A run of glyphs without a space or wide gap; `superscript` marks a raised marker."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    superscript: bool = False


@dataclass(slots=True)
class Line:
    """One horizontal line: its words left to right, its band and its dominant font size."""

    words: list[Word]
    top: float
    bottom: float
    size: float
    # Where the line came from, for the footnote and margin rules (set by later steps).
    page: int = 0
    flags: set[str] = field(default_factory=set)

    @property
    def x0(self) -> float:
        """Left edge of the first word."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge of the last word."""
        return self.words[-1].x1

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(word.text for word in self.words)


@dataclass(frozen=True, slots=True)
class PageLines:
    """A page's lines top to bottom, and how many rotated glyphs were left out."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rotated_chars: int


def page_lines(page: PageChars, *, leave_out: Callable[[Glyphs], Mask] | None = None) -> PageLines:
    """Group a page's horizontal chars into lines of words, top to bottom.

    `leave_out` marks glyphs to drop before grouping (the pleading-paper number column).
    """
    glyphs, rotated = _horizontal(page)
    drop = typed_over_blanks(glyphs.text, glyphs.x0, glyphs.x1, glyphs.top, glyphs.bottom)
    if leave_out is not None:
        drop |= leave_out(glyphs)
    if drop.any():
        glyphs = glyphs.take(np.flatnonzero(~drop))
    lines = _group_lines(glyphs)
    for line in lines:
        line.page = page.number
    return PageLines(page.number, page.width, page.height, lines, rotated_chars=rotated)


def normalise(text: str) -> str:
    """Map ligatures and odd spaces to plain text, and drop `(cid:NN)` glyphs without a map."""
    if text.isascii():
        return _CID.sub("", text) if "(cid:" in text else text
    if "(cid:" in text:
        text = _CID.sub("", text)
    return text.translate(_CHAR_MAP)


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Some of a page's chars as arrays, one entry per char, for whole-page array work.

    `space` marks space chars (and chars without text), which only separate words.
    """

    text: Texts
    space: Mask
    x0: Floats
    x1: Floats
    top: Floats
    bottom: Floats
    size: Floats

    def take(self, index: Ints) -> Glyphs:
        """The chars at `index`, in that order."""
        return Glyphs(
            self.text[index],
            self.space[index],
            self.x0[index],
            self.x1[index],
            self.top[index],
            self.bottom[index],
            self.size[index],
        )


def _horizontal(page: PageChars) -> tuple[Glyphs, int]:
    """The page's horizontal chars as `Glyphs`, and how many others were left out."""
    chars = CharArrays.of(page.chars)
    a, b = chars.matrix[:, 0], chars.matrix[:, 1]
    # Baseline direction (a, b) of the text matrix: left to right, within _SKEW of level.
    index = np.flatnonzero((a > 0) & (np.abs(b) <= _SKEW * a))
    text = np.array(chars.text, dtype=object)[index]
    space = np.fromiter(map(str.isspace, text), bool, len(index)) | (
        np.fromiter(map(len, text), np.intp, len(index)) == 0
    )
    return Glyphs(
        text, space, chars.x0[index], chars.x1[index], chars.top[index], chars.bottom[index], chars.size[index]
    ), len(chars) - len(index)


def _group_lines(glyphs: Glyphs) -> list[Line]:
    """Sweep glyphs sorted by vertical centre into lines of words (those with any words).

    Space chars take no part in the sweep (a space's box says little about its line, and
    one left beside a removed line number would otherwise start a line of its own); each is
    then put in the line whose band holds its centre, where it separates words. A line's
    chars are then ordered left to right (stable: a space goes before a glyph starting where
    it stands, so it ends the word before) and the page's words are cut in one pass
    (`_words`).
    """
    space = glyphs.space
    inked = np.flatnonzero(~space)
    inked = inked[np.argsort(glyphs.top[inked] + glyphs.bottom[inked], kind="stable")]
    starts, band_top, band_bottom = _sweep(
        glyphs.top[inked].tolist(), glyphs.bottom[inked].tolist(), glyphs.size[inked].tolist()
    )
    if not starts:
        return []
    group = np.zeros(len(inked), dtype=np.intp)
    group[starts] = 1
    group = np.cumsum(group) - 1
    group, band_top, band_bottom = split_overlapping(
        glyphs.top[inked], glyphs.bottom[inked], glyphs.x0[inked], glyphs.size[inked], group, band_top, band_bottom
    )
    spaces = np.flatnonzero(space)
    at = _band_of(glyphs, spaces, np.array(band_top), np.array(band_bottom))
    members = np.concatenate([spaces[at >= 0], inked])
    line = np.concatenate([at[at >= 0], group])
    # Order by line, then x0; ties keep spaces first, then glyphs in sweep order.
    order = np.lexsort((np.arange(len(members)), glyphs.x0[members], line))
    return _lines(glyphs.take(members[order]), line[order], band_top, band_bottom)


def _sweep(tops: list[float], bottoms: list[float], sizes: list[float]) -> tuple[list[int], list[float], list[float]]:
    """Cut glyphs in order of vertical centre into lines: each line's first glyph and band.

    A glyph joins the line when its centre lies in the line's band, or the band's centre in
    the glyph; the band is that of the line's largest glyph.
    """
    starts: list[int] = []
    band_tops: list[float] = []
    band_bottoms: list[float] = []
    top = bottom = size = middle = 0.0
    for index, (char_top, char_bottom, char_size) in enumerate(zip(tops, bottoms, sizes)):
        if starts and (top <= (char_top + char_bottom) / 2 <= bottom or char_top <= middle <= char_bottom):
            if char_size > size:
                top, bottom, size = char_top, char_bottom, char_size
                middle = (top + bottom) / 2
            continue
        if starts:
            band_tops.append(top)
            band_bottoms.append(bottom)
        starts.append(index)
        top, bottom, size = char_top, char_bottom, char_size
        middle = (top + bottom) / 2
    if starts:
        band_tops.append(top)
        band_bottoms.append(bottom)
    return starts, band_tops, band_bottoms


def _band_of(glyphs: Glyphs, spaces: Ints, tops: Floats, bottoms: Floats) -> Ints:
    """The line whose band holds each space's vertical centre (the nearer first), or -1."""
    middle = (glyphs.top[spaces] + glyphs.bottom[spaces]) / 2
    at = np.searchsorted((tops + bottoms) / 2, middle, side="left")  # ascending, as swept
    found = np.full(len(spaces), -1)
    for index in (at, at - 1):  # the line above wins: it is tried last, and overwrites
        inside = (index >= 0) & (index < len(tops))
        safe = np.where(inside, index, 0)
        inside &= (tops[safe] <= middle) & (middle <= bottoms[safe])
        found = np.where(inside, index, found)
    return found


def _lines(chars: Glyphs, line: Ints, tops: list[float], bottoms: list[float]) -> list[Line]:
    """The lines with words, from the page's chars ordered by line (`line` numbers them),
    then left to right."""
    first = np.flatnonzero(np.diff(line, prepend=-1))
    sizes = _dominant_sizes(chars, first)
    numbers, words = _words(chars, line, sizes[line], _raised_markers(chars, line, sizes[line]))
    # Words come line by line: each line's are one slice.
    ends = np.cumsum(np.bincount(numbers, minlength=len(tops))).tolist()
    return [
        Line(words[start:end], tops[number], bottoms[number], size)
        for number, (start, end, size) in enumerate(zip([0, *ends], ends, sizes.tolist()))
        if end > start
    ]


def _dominant_sizes(chars: Glyphs, first: Ints) -> Floats:
    """Each line's font size: the one most of its glyphs use (the first seen, on a tie)."""
    sizes = np.minimum.reduceat(chars.size, first)
    ends = np.append(first[1:], len(chars.text)).tolist()
    # Most lines use one font and one size; only the others are counted glyph by glyph.
    for number in np.flatnonzero(sizes != np.maximum.reduceat(chars.size, first)).tolist():
        start, end = first[number], ends[number]
        counts: dict[float, int] = {}
        for text, size in zip(chars.text[start:end], chars.size[start:end].tolist()):
            if not text.isspace():
                counts[size] = counts.get(size, 0) + 1
        sizes[number] = max(counts, key=counts.__getitem__) if counts else 0.0
    return sizes


def _raised_markers(chars: Glyphs, line: Ints, size: Floats) -> Mask:
    """Which chars are small digits and symbols raised above their full-size neighbours.

    Raised is judged against the nearest full-size glyph in the line, not against the line's
    band: on pleading paper a footnote's first line shares its band with a line number.
    """
    raised = np.zeros(len(chars.text), dtype=bool)
    small = chars.size < _SUPER_SIZE * size
    markers = [i for i in np.flatnonzero(small).tolist() if chars.text[i] in _MARKER_CHARS]
    if not markers:
        return raised
    at = np.arange(len(raised))
    full = ~small & ~np.fromiter(map(str.isspace, chars.text), bool, len(raised))
    lefts = np.maximum.accumulate(np.where(full, at, -1)).tolist()
    rights = np.minimum.accumulate(np.where(full, at, len(raised))[::-1])[::-1].tolist()
    x0, x1, bottom, sizes = (chars.x0.tolist(), chars.x1.tolist(), chars.bottom.tolist(), chars.size.tolist())
    for i in markers:
        left = lefts[i] if lefts[i] >= 0 and line[lefts[i]] == line[i] else None
        right = rights[i] if rights[i] < len(raised) and line[rights[i]] == line[i] else None
        if left is None and right is None:
            continue
        neighbour = left if right is None or (left is not None and x0[i] - x1[left] <= x0[right] - x1[i]) else right
        assert neighbour is not None
        raised[i] = bottom[i] < bottom[neighbour] - _SUPER_RAISE * sizes[neighbour]
    return raised


def _words(chars: Glyphs, line: Ints, size: Floats, raised: Mask) -> tuple[Ints, list[Word]]:
    """The page's words and the line of each, from chars ordered by line, then left to right.

    A word ends at a space char, at the line's end, where a raised marker starts or ends, or
    before a glyph starting more than _SPACE_GAP of the font size past the word's right edge.
    Overprinted glyphs are left out first (`_overprinted`).
    """
    space = chars.space
    kept = np.flatnonzero(~space & ~_overprinted(chars, line))
    if not len(kept):
        return np.zeros(0, dtype=np.intp), []
    previous, current = kept[:-1], kept[1:]
    spaces_before = np.cumsum(space)
    starts = np.ones(len(kept), dtype=bool)
    starts[1:] = (
        (line[current] != line[previous])
        | (raised[current] != raised[previous])
        | (spaces_before[current] != spaces_before[previous])
    )
    # Within a run of glyphs that only gaps can split, the word's right edge is the run's
    # running maximum: a glyph past a gap reaches further right than everything before it
    # (boxes have x0 <= x1, sizes are >= 0), so the maximum restarts with the new word.
    reach = _running_max(chars.x1[kept], np.cumsum(starts))
    starts[1:] |= chars.x0[current] - reach[:-1] > _SPACE_GAP * np.maximum(size[current], chars.size[current])
    first = np.flatnonzero(starts)
    pieces = chars.text[kept].tolist()
    offsets = np.cumsum([0, *map(len, pieces)])[np.append(first, len(kept))].tolist()
    joined, heads = "".join(pieces), kept[first]
    plain = joined.isascii() and "(cid:" not in joined  # then normalising changes no word
    texts = [(joined[start:end] if plain else normalise(joined[start:end])).strip() for start, end in pairwise(offsets)]
    boxes = (
        reduce(values[kept], first).tolist()
        for reduce, values in (
            (np.maximum.reduceat, chars.x1),
            (np.minimum.reduceat, chars.top),
            (np.maximum.reduceat, chars.bottom),
            (np.maximum.reduceat, chars.size),
        )
    )
    # tuple.__new__ makes each `Word` (a named tuple) in C, without Word's Python __new__.
    words = map(tuple.__new__, repeat(Word), zip(texts, chars.x0[heads].tolist(), *boxes, raised[heads].tolist()))
    shown = np.fromiter(map(bool, texts), bool, len(texts))
    return line[heads][shown], [word for word in words if word.text]


def _running_max(values: Floats, segment: Ints) -> Floats:
    """The running maximum of `values`, restarting where `segment` (non-decreasing) steps."""
    distinct, rank = np.unique(values, return_inverse=True)
    # Ranks, not values, are lifted above every earlier segment's: integers stay exact.
    lift = segment * len(distinct)
    result: Floats = distinct[np.maximum.accumulate(lift + rank) - lift]
    return result


def _overprinted(chars: Glyphs, line: Ints) -> Mask:
    """Glyphs drawn again over the same glyph (fake bold, stamped signatures): to leave out.

    A glyph is compared with the last glyph kept before it in its line since a space; it is
    a copy when it is the same mark (_SAME_MARK) and starts within _OVERPRINT of that glyph's
    width (at least _NARROW_EM of its size).
    """
    text, space = chars.text, chars.space
    quote = np.isin(text, _QUOTE_MARKS)
    dropped = np.zeros(len(text), dtype=bool)
    kept_as: dict[int, int] = {}  # a dropped glyph -> the glyph it copies
    # Same mark as the char before, in the same line (so that char is no space either).
    same = (text[1:] == text[:-1]) | (quote[1:] & quote[:-1])
    repeats = np.flatnonzero(same & ~space[1:] & (line[1:] == line[:-1]))
    for i in (repeats + 1).tolist():
        original = kept_as.get(i - 1, i - 1)
        if text[i].translate(_SAME_MARK) != text[original].translate(_SAME_MARK):
            continue
        width = max(float(chars.x1[original] - chars.x0[original]), _NARROW_EM * float(chars.size[original]))
        if abs(chars.x0[i] - chars.x0[original]) < _OVERPRINT * max(width, 1.0):
            if text[i] != text[original] and text[original] in "'\"":  # keep the curly one
                dropped[original], original = True, i
            else:
                dropped[i] = True
            kept_as[i] = original
    return dropped
