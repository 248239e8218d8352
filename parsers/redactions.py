"""Bad redactions: text still in the text layer under a box drawn to hide it, found on our page
model (`parsers.chars.PageChars`: chars, filled shapes, paint order).

Over 300 lines because it is one judgement, read top to bottom: which shapes may hide text,
which chars sit under them, and which of those the reader cannot see, each rule beside the
case it excludes.

A bad redaction is a filled box (a path, an image, an annotation) painted over characters
that stay in the text layer: the page looks redacted, the words copy out. What is not one:
- text printed on top of a box (a table's shaded header, a label on a coloured bar): a char
  painted after a box is only a candidate when the box is dark (the same-coloured text of a
  word processor's black "shading" is painted after its box, and hidden all the same);
- a box over whitespace or punctuation only, over one character, over "XXXX", or over the
  words "redacted" or "confidential" (a placeholder the author left under the bar);
- unfilled boxes (strokes are not shapes), boxes a char only partly sits under (a char counts
  when `COVERED` of its box is under the shape), hairlines (`MIN_SIDE`) and backgrounds (a
  shape over `BACKGROUND` of the page: a scan, a page-sized fill);
- a shape that geometry says covers the text, but that does not on the rendered page: paths
  whose winding rule or clipping path leaves the text's place unfilled, white text that
  renders black. Geometry alone cannot tell these, so each candidate char is checked on the
  page PDFium renders (`parsers.redaction_pixels`): the page is rendered as it is, and again
  with the candidate chars' text objects made invisible; a char whose pixels do not change
  is hidden.

Beyond x-ray: text drawn under an annotation box on which other, visible text is printed (a
square pasted over a word with the "corrected" word typed on top: `hidden_text_on_visible_
text.pdf` of x-ray's tests, which x-ray's pixel test cannot see, since the box is not of one
colour). Each hidden run is then classed by what the reader sees: a dark bar (`box`), or an
annotation with visible text printed over it (`overprint`). Hidden text under anything else
is not reported, as x-ray does not: a logo, a white patch with nothing on it, and the page's
own white boxes with text printed on them (on the corpus: a signature image over the typed
name, pleading-paper line numbers printed twice, the second set over a white strip).

Everything here is pure geometry and text; the rendering is in `parsers.redaction_pixels`,
and how the engines read shapes (dark fills, subpaths, annotations) in `parsers.shapes`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

import numpy as np

from parsers.chars import CharArrays, Floats, Ints, PageChars, Shape

# A shape must be at least this many points in both directions (hairlines, rules and table
# borders are thinner), and a char counts as under it when this share of its box is.
MIN_SIDE = 4.0
COVERED = 0.8
# A shape over more than this share of the page is a background (a scan, a page fill).
BACKGROUND = 0.5
# The mark left in the text where a hidden char was.
MASK = "\u2588"
# Placeholders authors leave under a bar; x-ray lets them pass too.
_PLACEHOLDER = re.compile(
    r"redacted\s+and\s+publicly\s+filed|name\s+redacted|redact\w*"
    r"|confidential|privileged?",
    re.IGNORECASE,
)


_DATE = re.compile(r"[0-3]?\d[/-][0-3]?\d(?:[/-]\d{0,4})?")


@dataclass(frozen=True)
class Candidate:
    """A shape over chars of the text layer: which chars (indices into the page's chars)."""

    shape: Shape
    chars: tuple[int, ...]
    text: str


def only_dates(text: str) -> bool:
    """Whether text is nothing but dates (or dates cut at a box's edge: "03/23/", "03/23")."""
    return not _DATE.sub("", text).strip(" \t\n,;")


@dataclass(frozen=True)
class Redaction:
    """A redaction box on a page: where, what kind, and whether text is still under it.

    `kind`: `box` (a dark bar), `overprint` (a box with other, visible text printed over the
    hidden text), `proper` (a dark bar with no text under it: the redaction worked).
    `chars` counts the hidden characters (spaces aside); the hidden text itself is never kept.
    """

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    kind: str
    chars: int
    # Whether the hidden text is only dates: a document whose hidden runs are all dates is
    # not reported (x-ray's rule: dates left under bars are the forms' stamps, not secrets).
    dates: bool = False

    @property
    def hides_text(self) -> bool:
        """Whether text is still in the text layer under this box."""
        return self.chars > 0

    def to_dict(self) -> dict[str, object]:
        """The record's form: page, bbox [x0, top, x1, bottom], kind, hides_text, chars."""
        return {
            "page": self.page,
            "bbox": [self.x0, self.top, self.x1, self.bottom],
            "kind": self.kind,
            "hides_text": self.hides_text,
            "chars": self.chars,
        }


def covering_shapes(page: PageChars) -> list[Shape]:
    """The shapes of a page that may hide text: big enough, not a background, and not a path
    filled with a light colour (a white box, a shaded table cell: never a redaction bar, and
    the reason for most renderings when they were let in)."""
    limit = BACKGROUND * page.width * page.height
    return [
        shape
        for shape in page.shapes
        if shape.kind != "text-annotation"
        and not (shape.kind == "path" and shape.dark is False)
        and shape.x1 - shape.x0 >= MIN_SIDE
        and shape.bottom - shape.top >= MIN_SIDE
        and (shape.x1 - shape.x0) * (shape.bottom - shape.top) <= limit
    ]


def candidates(page: PageChars) -> list[Candidate]:
    """The shapes over chars of the page that may be bad redactions, with those chars.

    A char (not a space) is under a shape when `COVERED` of its box is, and the shape was
    painted after it, or is dark. A char under several goes to the first painted after it
    (else a dark one under it). Runs whose text says nothing (`says_something`) are left out.
    """
    shapes = covering_shapes(page)
    if not shapes or not page.chars:
        return []
    chars = CharArrays.of(page.chars)
    order = page.order if page.order is not None else np.full(len(chars), -1, dtype=np.intp)
    owner = _owners(_Glyphs.of(chars), order, shapes)
    found = []
    for index in np.unique(owner[owner >= 0]).tolist():
        members = np.flatnonzero(owner == index)
        text = "".join(chars.text[i] for i in members.tolist())
        if says_something(text):
            found.append(Candidate(shapes[index], tuple(members.tolist()), text))
    return found


@dataclass(frozen=True)
class _Glyphs:
    """A page's inked chars (spaces aside) sorted by top, to find those under a box fast."""

    index: Ints  # into the page's chars
    x0: Floats
    x1: Floats
    top: Floats
    bottom: Floats
    tallest: float
    count: int  # of all the page's chars

    @classmethod
    def of(cls, chars: CharArrays) -> _Glyphs:
        """The inked chars of a page with a box, by top."""
        area = (chars.x1 - chars.x0) * (chars.bottom - chars.top)
        count = len(chars)
        inked = ~np.fromiter(map(str.isspace, chars.text), bool, count) & (
            np.fromiter(map(len, chars.text), np.intp, count) > 0
        )
        index = np.flatnonzero(inked & (area > 0))
        index = index[np.argsort(chars.top[index], kind="stable")]
        heights = chars.bottom[index] - chars.top[index]
        return cls(
            index,
            chars.x0[index],
            chars.x1[index],
            chars.top[index],
            chars.bottom[index],
            float(heights.max()) if len(index) else 0.0,
            len(chars),
        )

    def under(self, shape: Shape, share: float) -> Ints:
        """The chars (indices into the page's chars) with over `share` of their box under
        `shape` (at least `share`, for `COVERED`)."""
        start = int(np.searchsorted(self.top, shape.top - self.tallest, side="left"))
        end = int(np.searchsorted(self.top, shape.bottom, side="right"))
        x0, x1 = self.x0[start:end], self.x1[start:end]
        top, bottom = self.top[start:end], self.bottom[start:end]
        width = np.clip(np.minimum(x1, shape.x1) - np.maximum(x0, shape.x0), 0, None)
        height = np.clip(np.minimum(bottom, shape.bottom) - np.maximum(top, shape.top), 0, None)
        kept: Ints = self.index[start:end][width * height >= share * (x1 - x0) * (bottom - top)]
        return kept


def _owners(glyphs: _Glyphs, order: Ints, shapes: list[Shape]) -> Ints:
    """For each char, the index in `shapes` of the shape hiding it, or -1."""
    owner = np.full(glyphs.count, -1, dtype=np.intp)
    first = int(order.min()) if len(order) else 0
    # Shapes painted before every char, and not dark, hide none: left out.
    covered = {
        index: glyphs.under(shape, COVERED)
        for index, shape in enumerate(shapes)
        if shape.dark is True or shape.order > first or first < 0
    }
    for index, under in covered.items():  # dark shapes, whenever painted
        if shapes[index].dark is True:
            owner[under] = index
    # Then every shape painted after the char (or any, where the order is not known), latest
    # first, so that the first one painted after a char is left owning it.
    for index in sorted(covered, key=lambda i: shapes[i].order, reverse=True):
        under = covered[index]
        later = (order[under] < shapes[index].order) | (order[under] < 0)
        owner[under[later]] = index
    return owner


def says_something(text: str) -> bool:
    """Whether text found under a box is worth calling hidden: two letters or digits at least,
    not one character repeated ("XXXX"), not placeholder words, not a garbled encoding."""
    if "\ufffd" in text:
        return False
    alnum = [char for char in text if char.isalnum()]
    if len(alnum) < 2 or len(set(alnum)) == 1:
        return False
    return bool(_PLACEHOLDER.sub("", text).strip(" \t\n.,;:-_()[]\"'\u2019\u201c\u201d"))


def mask(page: PageChars, hidden: Sequence[int]) -> PageChars:
    """The page with the chars at `hidden` replaced by `MASK`, their boxes kept."""
    if not hidden:
        return page
    chars = CharArrays.of(page.chars)
    text = list(chars.text)
    for index in hidden:
        text[index] = MASK
    masked = CharArrays(text, chars.x0, chars.x1, chars.top, chars.bottom, chars.size, list(chars.font), chars.matrix)
    return PageChars(page.number, page.width, page.height, masked, page.shapes, page.order)


def proper_boxes(page: PageChars, used: Sequence[Shape]) -> list[Redaction]:
    """Dark bars with no char of the text layer under them (half of a glyph's box at most,
    spaces aside): redactions that worked."""
    bars = [
        shape
        for shape in covering_shapes(page)
        if shape.dark is True and shape not in used and shape.bottom - shape.top >= 6
    ]
    if not bars:
        return []
    glyphs = _Glyphs.of(CharArrays.of(page.chars))
    return [redaction(page.number, shape, "proper", 0) for shape in bars if not len(glyphs.under(shape, 0.5))]


def redaction(page: int, shape: Shape, kind: str, chars: int) -> Redaction:
    """A `Redaction` for a shape, its box rounded to 0.01 pt."""
    return Redaction(
        page, round(shape.x0, 2), round(shape.top, 2), round(shape.x1, 2), round(shape.bottom, 2), kind, chars
    )


def overprinted(page: PageChars, shape: Shape, hidden: Sequence[int]) -> bool:
    """Whether visible text is printed over a shape where it hides chars: page text painted
    after the shape, or a text annotation, over the hidden chars' line."""
    chars = CharArrays.of(page.chars)
    left = float(chars.x0[list(hidden)].min())
    right = float(chars.x1[list(hidden)].max())
    top = float(chars.top[list(hidden)].min())
    bottom = float(chars.bottom[list(hidden)].max())
    for other in page.shapes:
        if (
            other.kind == "text-annotation"
            and other.order > shape.order
            and _meets(other.x0, other.top, other.x1, other.bottom, left, top, right, bottom)
        ):
            return True
    if page.order is None:
        return False
    later = np.setdiff1d(np.flatnonzero(page.order > shape.order), hidden)
    return bool(
        any(
            chars.text[i].strip()
            and _meets(
                float(chars.x0[i]),
                float(chars.top[i]),
                float(chars.x1[i]),
                float(chars.bottom[i]),
                left,
                top,
                right,
                bottom,
            )
            for i in later.tolist()
        )
    )


def _meets(
    x0: float, top: float, x1: float, bottom: float, left: float, upper: float, right: float, lower: float
) -> bool:
    """Whether two boxes overlap across and share at least half of the lower one's height."""
    across = min(x1, right) - max(x0, left)
    down = min(bottom, lower) - max(top, upper)
    return across > 0 and down > 0.5 * min(bottom - top, lower - upper)


def judge(
    page: PageChars, found: Sequence[Candidate], hidden: AbstractSet[int], dark: AbstractSet[Shape]
) -> tuple[list[Redaction], list[int]]:
    """The page's redactions, given which candidate chars the rendering showed `hidden` and
    which candidate shapes it showed as `dark` bars; and the chars to mask (those the
    reported redactions hide). Proper redactions (dark bars over nothing) are listed too."""
    if not found:
        return proper_boxes(page, []), []
    chars = CharArrays.of(page.chars)
    found_here: list[Redaction] = []
    masked: list[int] = []
    for candidate in found:
        under = [index for index in candidate.chars if index in hidden]
        if not under or not says_something("".join(chars.text[i] for i in under)):
            continue
        if candidate.shape in dark:
            kind = "box"
        elif candidate.shape.kind == "annotation" and overprinted(page, candidate.shape, under):
            kind = "overprint"
        else:
            continue
        hidden_text = "".join(chars.text[i] for i in under)
        found_here.append(
            replace(redaction(page.number, candidate.shape, kind, len(under)), dates=only_dates(hidden_text))
        )
        masked.extend(under)
    found_here.extend(proper_boxes(page, [candidate.shape for candidate in found]))
    return found_here, masked


def reported(found: Sequence[Redaction]) -> list[Redaction]:
    """A document's redactions as reported: without the bad ones when all of them hide only
    dates (x-ray's rule), the proper ones kept."""
    bad = [item for item in found if item.hides_text]
    if bad and all(item.dates for item in bad):
        return [item for item in found if not item.hides_text]
    return list(found)
