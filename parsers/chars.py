"""The engine-neutral page model: characters with geometry, as any PDF engine can give them.

Cleaning (parsers/layout.py) works only on these, so pdfplumber (the default engine) and
pypdfium2 (the fast one) feed the same code. Besides its chars, a page lists the filled shapes
painted on it (`Shape`: filled paths, images, annotations) and the order in which chars and
shapes were painted, which is what bad-redaction detection reads (parsers/redactions.py). Coordinates are PDF points with the origin at
the top-left of the page, y growing downwards, like pdfplumber's `top`/`bottom`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple, overload

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Mask = npt.NDArray[np.bool_]
Texts = npt.NDArray[np.object_]


class Char(NamedTuple):
    """One glyph: its text and box, font size and name, and text matrix (a, b, c, d, e, f).

    A named tuple, not a dataclass: engines make one per glyph of the document.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    matrix: tuple[float, float, float, float, float, float]


class CharArrays(Sequence[Char]):
    """A page's chars field by field, as arrays (what cleaning reads); a sequence of `Char`s.

    The `Char`s are made only when first asked for: the fast engine reads PDFium's boxes
    into arrays, and a Python object per glyph and per number would cost it more than
    cleaning the glyph does. `matrix` has one row (a, b, c, d, e, f) per char.
    """

    __slots__ = ("_chars", "bottom", "font", "matrix", "size", "text", "top", "x0", "x1")

    def __init__(
        self,
        text: list[str],
        x0: Floats,
        x1: Floats,
        top: Floats,
        bottom: Floats,
        size: Floats,
        font: list[str],
        matrix: Floats,
    ) -> None:
        self.text, self.font, self.matrix = text, font, matrix
        self.x0, self.x1, self.top, self.bottom, self.size = x0, x1, top, bottom, size
        self._chars: tuple[Char, ...] | None = None

    @classmethod
    def of(cls, chars: Sequence[Char]) -> CharArrays:
        """The arrays of some chars (`chars` itself when it is a `CharArrays`)."""
        if isinstance(chars, CharArrays):
            return chars
        if not chars:
            empty = np.zeros(0)
            return cls([], empty, empty, empty, empty, empty, [], np.zeros((0, 6)))
        text, *numbers, font, matrix = zip(*chars)
        x0, x1, top, bottom, size = (np.fromiter(column, np.float64, len(chars)) for column in numbers)
        arrays = cls(
            list(text), x0, x1, top, bottom, size, list(font), np.array(matrix, dtype=np.float64).reshape(len(chars), 6)
        )
        arrays._chars = tuple(chars)
        return arrays

    def _made(self) -> tuple[Char, ...]:
        """The `Char`s, made once (`tuple.__new__`: in C, without Char's Python __new__)."""
        if self._chars is None:
            floats = (column.tolist() for column in (self.x0, self.x1, self.top, self.bottom, self.size))
            matrices = zip(*(column.tolist() for column in self.matrix.T))
            self._chars = tuple(map(tuple.__new__, repeat(Char), zip(self.text, *floats, self.font, matrices)))
        return self._chars

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, index: int) -> Char: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Char, ...]: ...

    def __getitem__(self, index: int | slice) -> Char | tuple[Char, ...]:
        return self._made()[index]

    def __iter__(self) -> Iterator[Char]:
        return iter(self._made())


class Shape(NamedTuple):
    """A filled area painted on the page: a filled path, an image or an annotation.

    `order` is its place in the page's paint order (`PageChars.order` gives the chars'), so a
    shape painted after a char may cover it; annotations come after all page content. `dark`
    says whether its fill is dark enough to read as a redaction bar (None: not known, as for
    images and most annotations).
    """

    x0: float
    top: float
    x1: float
    bottom: float
    order: int
    kind: str  # "path", "image" or "annotation"
    dark: bool | None


@dataclass(frozen=True, slots=True)
class PageChars:
    """The characters of one page (1-based `number`), in the order the engine read them.

    `shapes` are the page's filled shapes, and `order` the paint order of each char (the same
    scale as `Shape.order`; -1 where not known); an engine that does not read them leaves
    them empty (`order` None).
    """

    number: int
    width: float
    height: float
    chars: Sequence[Char]
    shapes: tuple[Shape, ...] = ()
    order: Ints | None = None
