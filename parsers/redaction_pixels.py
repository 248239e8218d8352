"""What the reader sees where `parsers.redactions` finds chars under a box: PDFium renders it.

Geometry cannot tell whether a shape really covers a char: a winding rule or a clipping path
may leave the char's place unfilled, white text may render black, a box may be painted in a
colour the page hides. So each page with candidates is rendered (grayscale, annotations
included) twice: as it is, and with the text objects of the candidate chars made invisible
(text render mode 3). A char whose pixels do not change between the two is hidden: nothing
of it reaches the reader. A candidate shape whose rendered box is nearly all dark pixels is a
redaction bar (x-ray checks that the box is of one dark colour; a share of dark pixels also
takes in cross-hatched bars).

Only pages where `parsers.redactions.candidates` finds something are rendered, and each at
most twice, so pages without filled shapes over text cost nothing here.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2.raw as pdfium_c

from parsers.chars import CharArrays, PageChars, Shape
from parsers.engine_pdfium import PageFrame, load_page
from parsers.ocr import MAX_RENDER_PIXELS, check_images, pixel_mapping
from parsers.redactions import Candidate
from parsers.shapes import DARK_LUMINANCE

# Pixels per point of the renderings (144 dpi): a 10-point glyph is 20 pixels high.
SCALE = 2.0
# A char is hidden when no pixel of the inner part of its box (this share cut off each side)
# changes by more than this (0-255) once it is made invisible.
INSET = 0.2
CHANGE = 24
# A shape is a dark bar when this share of its rendered pixels are dark, its edges (this
# share of its size, each side: anti-aliased, or a hair outside the bar) left out.
DARK_SHARE = 0.95
EDGE = 0.05
# Chars PDFium finds within this many points of our char's centre.
TOLERANCE = 1.5

Pixels = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Rendered:
    """What the renderings showed: the candidate chars that are hidden (indices into the
    page's chars) and the candidate shapes that render as dark bars."""

    hidden: frozenset[int]
    dark: frozenset[Shape]


def render_check(pdf: Any, page: PageChars, found: Sequence[Candidate]) -> Rendered:
    """Render page `page.number` of an open `pypdfium2.PdfDocument` and judge `found`.

    Raises:
        BrokenPdf: PDFium cannot load the page.
        OcrFailed: the page has an image too large to decode safely (as OCR refuses it).
    """
    pdf_page = load_page(pdf, page.number - 1)
    textpage = pdf_page.get_textpage()
    try:
        check_images(pdf_page, page.number)
        frame = PageFrame.of(pdf_page)
        before = _render(pdf_page)
        to_pixel = _user_to_pixel(pdf_page, before)
        chars = CharArrays.of(page.chars)
        handles, indices = _text_objects(
            textpage, frame, chars, sorted({index for candidate in found for index in candidate.chars})
        )
        for handle in handles:
            pdfium_c.FPDFTextObj_SetTextRenderMode(handle, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
        after = _render(pdf_page)
        hidden = frozenset(
            index
            for index in indices
            if _unchanged(
                before,
                after,
                _pixel_box(
                    frame,
                    to_pixel,
                    before,
                    (
                        float(chars.x0[index]),
                        float(chars.top[index]),
                        float(chars.x1[index]),
                        float(chars.bottom[index]),
                    ),
                    INSET,
                ),
            )
        )
        dark = frozenset(
            candidate.shape
            for candidate in found
            if _is_dark(before, _pixel_box(frame, to_pixel, before, candidate.shape[:4], EDGE))
        )
    finally:
        textpage.close()
        pdf_page.close()
    return Rendered(hidden, dark)


def _render(page: Any) -> Pixels:
    """The page rendered in grayscale at `SCALE` (less for a page over `MAX_RENDER_PIXELS`),
    annotations included, as rows of pixels."""
    width, height = page.get_size()
    area = width * height * SCALE * SCALE
    scale = SCALE * min(1.0, math.sqrt(MAX_RENDER_PIXELS / area)) if area > 0 else SCALE
    bitmap = page.render(scale=scale, grayscale=True, draw_annots=True)
    try:
        pixels: Pixels = np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height, bitmap.width, -1)[:, :, 0]
    finally:
        bitmap.close()
    return pixels


def _user_to_pixel(page: Any, pixels: Pixels) -> tuple[float, ...]:
    """The affine map from user space to the rendering's pixels (PDFium's own, inverted)."""
    a, b, c, d, e, f = pixel_mapping(page, pixels.shape[1], pixels.shape[0])
    determinant = a * d - b * c
    return (
        d / determinant,
        -b / determinant,
        -c / determinant,
        a / determinant,
        (c * f - d * e) / determinant,
        (b * e - a * f) / determinant,
    )


def _pixel_box(
    frame: PageFrame, to_pixel: tuple[float, ...], pixels: Pixels, box: Sequence[float], inset: float
) -> tuple[int, int, int, int]:
    """A box in our coordinates (x0, top, x1, bottom) as pixel bounds (column and row ranges)
    within the rendering, with `inset` of its size cut off each side."""
    x0, top, x1, bottom = box
    a, b, c, d, e, f = to_pixel
    columns, rows = [], []
    for x, y in ((x0, top), (x1, bottom), (x0, bottom), (x1, top)):
        ux, uy = frame.user_point(x, y)
        columns.append(a * ux + c * uy + e)
        rows.append(b * ux + d * uy + f)
    left, right, upper, lower = min(columns), max(columns), min(rows), max(rows)
    cut_x, cut_y = (right - left) * inset, (lower - upper) * inset
    height, width = pixels.shape
    return (
        max(0, int(left + cut_x)),
        min(width, int(np.ceil(right - cut_x))),
        max(0, int(upper + cut_y)),
        min(height, int(np.ceil(lower - cut_y))),
    )


def _unchanged(before: Pixels, after: Pixels, bounds: tuple[int, int, int, int]) -> bool:
    """Whether no pixel within `bounds` changed by more than `CHANGE` (an empty box: no)."""
    left, right, upper, lower = bounds
    if right <= left or lower <= upper:
        return False
    change = np.abs(before[upper:lower, left:right].astype(np.int16) - after[upper:lower, left:right].astype(np.int16))
    return int(change.max()) <= CHANGE


def _is_dark(pixels: Pixels, bounds: tuple[int, int, int, int]) -> bool:
    """Whether `DARK_SHARE` of the pixels within `bounds` are dark."""
    left, right, upper, lower = bounds
    if right <= left or lower <= upper:
        return False
    region = pixels[upper:lower, left:right]
    return float(np.mean(region <= DARK_LUMINANCE)) >= DARK_SHARE


def _text_objects(
    textpage: Any, frame: PageFrame, chars: CharArrays, indices: Sequence[int]
) -> tuple[list[Any], list[int]]:
    """The PDFium text objects that draw the chars at `indices` (found by position, and the
    same character), and the indices found: only those can be judged hidden, since a char
    left visible would show no change either."""
    handles: dict[int, Any] = {}
    found = []
    for index in indices:
        x, y = frame.user_point(
            float(chars.x0[index] + chars.x1[index]) / 2, float(chars.top[index] + chars.bottom[index]) / 2
        )
        at = pdfium_c.FPDFText_GetCharIndexAtPos(textpage.raw, x, y, TOLERANCE, TOLERANCE)
        if at < 0 or chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, at) % 0x110000) != (chars.text[index]):
            continue
        handle = pdfium_c.FPDFText_GetTextObject(textpage.raw, at)
        address = ctypes.cast(handle, ctypes.c_void_p).value
        if address:
            handles[address] = handle
            found.append(index)
    return list(handles.values()), found
