"""The engine-neutral page model: characters with geometry, as any PDF engine can give them.

Cleaning (parsers/layout.py) works only on these, so pdfplumber (the default engine) and
pypdfium2 (the fast one) feed the same code. Coordinates are PDF points with the origin at
the top-left of the page, y growing downwards, like pdfplumber's `top`/`bottom`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Char:
    """One glyph: its text and box, font size and name, and text matrix (a, b, c, d, e, f)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    matrix: tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class PageChars:
    """The characters of one page (1-based `number`), in the order the engine read them."""

    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
