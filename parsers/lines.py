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
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from parsers.chars import Char, PageChars

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
# The same glyph drawn twice (fake bold, stamped signatures) within this fraction of its width.
_OVERPRINT = 0.3

_CID = re.compile(r"\(cid:\d+\)")
_CHAR_MAP = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
    "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    "\ufffd": None, "\u0000": None,
    "\u2010": "-", "\u2011": "-",  # Unicode hyphens: plain hyphen, so hyphenation sees them
})
# Soft hyphens mark where a word may break; inside a line they are invisible.
SOFT_HYPHEN = "\u00ad"
# A rule drawn with text, not a line: "——————" above slip-opinion footnotes, or "______".
RULE = re.compile(r"^[\s_—–-]{3,}$")


@dataclass(slots=True)
class Word:
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


def page_lines(page: PageChars, *, leave_out: Callable[[Char], bool] | None = None) -> PageLines:
    """Group a page's horizontal chars into lines of words, top to bottom.

    `leave_out` drops glyphs before grouping (the pleading-paper number column).
    """
    # Baseline direction (a, b) of the text matrix: left to right, within _SKEW of level.
    horizontal = [char for char in page.chars
                  if char.matrix[0] > 0 and abs(char.matrix[1]) <= _SKEW * char.matrix[0]]
    rotated = len(page.chars) - len(horizontal)
    if leave_out is not None:
        horizontal = [char for char in horizontal if not leave_out(char)]
    lines = [line for line in _group_lines(horizontal) if line.words]
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


def _group_lines(chars: list[Char]) -> Iterable[Line]:
    """Sweep glyphs sorted by vertical centre into lines; yield each line's words.

    Space chars take no part in the sweep (a space's box says little about its line, and
    one left beside a removed line number would otherwise start a line of its own); each is
    then put in the line whose band holds its centre, where it separates words.
    """
    glyphs = [char for char in chars if char.text and not char.text.isspace()]
    glyphs.sort(key=_centre)
    groups: list[tuple[list[Char], float, float]] = []
    members: list[Char] = []
    top = bottom = size = 0.0
    for char in glyphs:
        middle = (char.top + char.bottom) / 2
        if members and (top <= middle <= bottom or char.top <= (top + bottom) / 2 <= char.bottom):
            members.append(char)
            if char.size > size:
                top, bottom, size = char.top, char.bottom, char.size
            continue
        if members:
            groups.append((members, top, bottom))
        members = [char]
        top, bottom, size = char.top, char.bottom, char.size
    if members:
        groups.append((members, top, bottom))
    if len(glyphs) < len(chars):
        _place_spaces([char for char in chars if not char.text or char.text.isspace()], groups)
    for members, top, bottom in groups:
        yield _line(members, top, bottom)


def _place_spaces(spaces: list[Char], groups: list[tuple[list[Char], float, float]]) -> None:
    """Add each space char to the line whose band holds its vertical centre (if any).

    Spaces go in front of the line's glyphs: the stable sort by x0 then keeps a zero-width
    space before the glyph that starts where it stands, so it ends the word before.
    """
    middles = [(top + bottom) / 2 for _, top, bottom in groups]  # ascending, as swept
    placed: dict[int, list[Char]] = {}
    for space in spaces:
        middle = (space.top + space.bottom) / 2
        at = bisect_left(middles, middle)
        for index in (at - 1, at):
            if 0 <= index < len(groups):
                _, top, bottom = groups[index]
                if top <= middle <= bottom:
                    placed.setdefault(index, []).append(space)
                    break
    for index, found in placed.items():
        groups[index][0][:0] = found


def _centre(char: Char) -> float:
    """Twice the glyph's vertical centre (the sort key; halving would not change the order)."""
    return char.top + char.bottom


def _x0(char: Char) -> float:
    """The glyph's left edge (a sort key)."""
    return char.x0


def _line(chars: list[Char], top: float, bottom: float) -> Line:
    """One line from its chars: sorted left to right, split into words, overprints dropped.

    Word boxes are kept up to date glyph by glyph rather than computed per word afterwards:
    this loop runs once per glyph of the document.
    """
    chars.sort(key=_x0)
    size = _dominant_size(chars)
    raised = _raised_markers(chars, size)
    words: list[Word] = []
    parts: list[str] = []
    x0 = x1 = word_top = word_bottom = word_size = 0.0
    marker = False
    previous: Char | None = None
    for char in chars:
        text = char.text
        if not text or text.isspace():
            if parts:
                _emit(words, parts, x0, x1, word_top, word_bottom, word_size, marker)
                parts = []
            previous = None
            continue
        if previous is not None and text == previous.text and (
            abs(char.x0 - previous.x0) < _OVERPRINT * max(previous.x1 - previous.x0, 1.0)
        ):
            continue
        is_marker = bool(raised) and id(char) in raised
        if parts and (is_marker != marker or char.x0 - x1 > _SPACE_GAP * (
                max(size, char.size))):
            _emit(words, parts, x0, x1, word_top, word_bottom, word_size, marker)
            parts = []
        if parts:
            x1 = max(x1, char.x1)
            word_top = min(word_top, char.top)
            word_bottom = max(word_bottom, char.bottom)
            word_size = max(word_size, char.size)
        else:
            x0, x1, word_top, word_bottom, word_size = (
                char.x0, char.x1, char.top, char.bottom, char.size)
            marker = is_marker
        parts.append(text)
        previous = char
    if parts:
        _emit(words, parts, x0, x1, word_top, word_bottom, word_size, marker)
    return Line(words, top, bottom, size)


def _emit(words: list[Word], parts: list[str], x0: float, x1: float, top: float,
          bottom: float, size: float, marker: bool) -> None:
    """Close a run of glyphs as a word (unless normalising leaves nothing of it)."""
    text = normalise("".join(parts)).strip()
    if text:
        words.append(Word(text, x0, x1, top, bottom, size, marker))


def _raised_markers(chars: list[Char], size: float) -> set[int]:
    """Ids of the small digits and symbols that sit raised above their full-size neighbours.

    Raised is judged against the nearest full-size glyph, not against the line's band: on
    pleading paper a footnote's first line shares its band with a line number.
    """
    small = [i for i, char in enumerate(chars)
             if char.size < _SUPER_SIZE * size and char.text in _MARKER_CHARS]
    if not small:
        return set()
    full = [i for i, char in enumerate(chars)
            if char.size >= _SUPER_SIZE * size and not char.text.isspace()]
    raised: set[int] = set()
    for i in small:
        at = bisect_left(full, i)
        if at == 0 and at == len(full):
            continue
        char = chars[i]
        left = chars[full[at - 1]] if at > 0 else None
        right = chars[full[at]] if at < len(full) else None
        neighbour = left if right is None or (
            left is not None and char.x0 - left.x1 <= right.x0 - char.x1) else right
        assert neighbour is not None
        if char.bottom < neighbour.bottom - _SUPER_RAISE * neighbour.size:
            raised.add(id(char))
    return raised


def _dominant_size(chars: list[Char]) -> float:
    """The font size most of the line's glyphs use (glyphs of one font share one size)."""
    sizes = {char.size for char in chars}
    if len(sizes) == 1:  # most lines: one font, one size
        return sizes.pop()
    counts: dict[float, int] = {}
    for char in chars:
        if not char.text.isspace():
            size = char.size
            counts[size] = counts.get(size, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else 0.0
