"""The default engine's char source: pdfplumber (on pdfminer), one pass over each page's glyphs.

Just over 300 lines because it is one device: what pdfminer's interpreter paints (glyphs,
filled paths, images, annotations) becomes chars and shapes in one paint order, read together.

pdfplumber opens the PDF and its pages; each page's content stream is then interpreted by
pdfminer with our own device (`_CharDevice`), which makes our `parsers.chars.Char` straight
from each glyph. The chars are exactly pdfplumber's `page.chars` (tests/parsers/
test_engine_pdfplumber.py compares them on every dev file), without the LTChar, path and image
objects and per-glyph dicts that `page.chars` builds and cleaning never reads.

Each page is closed once its chars are taken: pdfplumber otherwise keeps every page's objects
(760 MB for a 170-page opinion).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import pdfplumber
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import (
    PDFGraphicState,
    PDFPageInterpreter,
    PDFResourceManager,
    PDFTextState,
)
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSLiteral
from pdfminer.utils import Matrix, apply_matrix_pt, apply_matrix_rect
from pdfplumber.utils.exceptions import PdfminerException

from parsers.chars import Char, PageChars, Shape
from parsers.errors import BrokenPdf, EncryptedPdf, PdfError, TooLargePdf, check_header
from parsers.shapes import annotation_shape, colour_is_dark, subpath_boxes

ENGINE = "pdfplumber"
ENGINE_VERSION: str = pdfplumber.__version__


def pdfplumber_pages(data: bytes, *, max_pages: int | None) -> Iterator[PageChars]:
    """Yield each page's chars, page 1 first, closing each page once it is read.

    pdfplumber opens every PDF with the empty user password (pdfminer's default too), so a
    PDF restricted only by an owner password (common for court filings) opens like any other.

    Raises:
        EmptyPdf: `data` is not a PDF at all (see `parsers.errors.check_header`).
        EncryptedPdf: the PDF needs a password to open, or uses encryption pdfminer lacks.
        TooLargePdf: the PDF has more than `max_pages` pages.
        BrokenPdf: pdfminer cannot open the PDF or read one of its pages, or finds no pages.
    """
    check_header(data)
    where = "open the PDF"
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count == 0:
                raise BrokenPdf("pdfminer finds no pages in the PDF")
            if max_pages is not None and count > max_pages:
                raise TooLargePdf(f"PDF has {count} pages, over the limit of {max_pages}")
            for page in pdf.pages:
                where = f"read page {page.page_number} of {count}"
                chars = _page_chars(page)
                page.close()
                yield chars
    except (PdfError, MemoryError):
        raise  # ours are typed already; running out of memory says nothing about the file
    except PdfminerException as exc:
        raise _from_pdfminer(exc.args[0], where) from exc
    except Exception as exc:  # Boundary: any other parser failure means we cannot read this file.
        raise BrokenPdf(f"pdfplumber cannot {where}: {_describe(exc)}") from exc


def _page_chars(page: Any) -> PageChars:
    """Interpret one pdfplumber page with `_CharDevice`, in content-stream order, into `Char`s.

    Raises:
        PdfminerException: pdfminer failed on the page (as `page.layout` raises it).
    """
    height = float(page.height)
    # pdfminer shifts coordinates by the MediaBox origin; undo it as pdfplumber does.
    device = _CharDevice(page.pdf.rsrcmgr, float(page.mediabox[0]), height + float(page.mediabox[1]))
    try:
        PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    shapes = device.shapes + _annotations(page.page_obj, device)
    return PageChars(
        number=page.page_number,
        width=float(page.width),
        height=height,
        chars=tuple(device.chars),
        shapes=tuple(shapes),
        order=device.char_order(),
    )


def _annotations(page: PDFPage, device: _CharDevice) -> list[Shape]:
    """The page's annotations that can cover text, painted after all its content (one that
    cannot be read, with a rectangle of things other than numbers say, is left out)."""
    shapes = []
    for number, ref in enumerate(resolve1(page.annots) or ()):
        try:
            shape = _annotation(resolve1(ref), device, device.order + 1 + number)
        except (PSException, TypeError, ValueError):
            continue
        if shape is not None:
            shapes.append(shape)
    return shapes


def _annotation(annot: object, device: _CharDevice, order: int) -> Shape | None:
    """One annotation's shape (`parsers.shapes.annotation_shape`), or None."""
    if not isinstance(annot, dict):
        return None
    subtype, rect = resolve1(annot.get("Subtype")), resolve1(annot.get("Rect"))
    if not isinstance(subtype, PSLiteral) or not isinstance(rect, list) or len(rect) != 4:
        return None
    left, bottom, right, top = (float(resolve1(value)) for value in rect)
    corners = [device.to_page(apply_matrix_pt(device.page_ctm, point)) for point in ((left, bottom), (right, top))]
    interior, colour = (_components(resolve1(annot.get(key))) for key in ("IC", "C"))
    return annotation_shape(str(subtype.name), corners, order, interior, colour)


def _components(value: object) -> tuple[float, ...] | None:
    """A colour array of numbers (0-1), or None."""
    if not isinstance(value, list) or not value:
        return None
    try:
        return tuple(float(resolve1(part)) for part in value)
    except (TypeError, ValueError):
        return None


class _CharDevice(PDFTextDevice):
    """A pdfminer device that turns each glyph straight into a `Char` and ignores the rest.

    pdfplumber's `page.layout` builds an LTChar per glyph (with marked-content tags) and an
    object per path and image, which cleaning never reads; `page.chars` then builds a dict of
    some twenty keys per glyph. This device computes only the glyph's box, exactly as LTChar
    computes it and pdfplumber converts it, so a `Char` has the same `top`/`bottom`/`x0`/`x1`
    as the matching `page.chars` entry. It runs once per glyph of the document.
    """

    def __init__(self, manager: PDFResourceManager, shift_x: float, shift_y: float) -> None:
        super().__init__(manager)
        self.shift_x, self.shift_y = shift_x, shift_y
        self.chars: list[Char] = []
        # Paint order: one step per string, filled path and image; runs of chars share one.
        self.order = 0
        self.runs: list[tuple[int, int]] = []  # (index of the run's first char, its order)
        self.shapes: list[Shape] = []
        self.page_ctm: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        """Keep the page's matrix: annotations' rectangles are in its default space."""
        super().begin_page(page, ctm)
        self.page_ctm = ctm

    def to_page(self, point: tuple[float, float]) -> tuple[float, float]:
        """A point in pdfminer's device space, in our page coordinates (x, top)."""
        return point[0] + self.shift_x, self.shift_y - point[1]

    def render_string(
        self, textstate: PDFTextState, seq: Any, ncs: PDFColorSpace, graphicstate: PDFGraphicState
    ) -> None:
        """Note where this string's chars start in the paint order, then read them."""
        self.order += 1
        self.runs.append((len(self.chars), self.order))
        super().render_string(textstate, seq, ncs, graphicstate)

    def paint_path(self, graphicstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        """Record each filled subpath's box, in paint order (strokes cover no text)."""
        self.order += 1
        if not fill or self.ctm is None:
            return
        dark = colour_is_dark(_colour_of(graphicstate.ncolor, graphicstate.ncs.name))
        ctm = self.ctm
        for points in subpath_boxes(_path_points(path)):
            corners = [self.to_page(apply_matrix_pt(ctm, point)) for point in points]
            xs, tops = [x for x, _ in corners], [top for _, top in corners]
            self.shapes.append(Shape(min(xs), min(tops), max(xs), max(tops), self.order, "path", dark))

    def render_image(self, name: str, stream: PDFStream) -> None:
        """Record an image's box (the unit square through the current matrix)."""
        self.order += 1
        if self.ctm is None:
            return
        x0, y0, x1, y1 = apply_matrix_rect(self.ctm, (0, 0, 1, 1))
        (left, top), (right, bottom) = self.to_page((x0, y1)), self.to_page((x1, y0))
        self.shapes.append(
            Shape(min(left, right), min(top, bottom), max(left, right), max(top, bottom), self.order, "image", None)
        )

    def char_order(self) -> npt.NDArray[np.intp]:
        """The paint order of each char read, from the runs."""
        if not self.runs:
            return np.zeros(len(self.chars), dtype=np.intp)
        starts, steps = (np.array(column, dtype=np.intp) for column in zip(*self.runs))
        lengths = np.diff(np.append(starts, len(self.chars)))  # each run holds until the next
        order: npt.NDArray[np.intp] = np.repeat(steps, lengths)
        return order

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        """Record one glyph; return its advance, as pdfminer's layout analyzer does."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        advance = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            across, down = font.char_disp(cid)  # type: ignore[misc]
            across = fontsize * 0.5 if across is None else across * fontsize * 0.001
            down = (1000 - down) * fontsize * 0.001
            box = (-across, down + rise + advance, -across + fontsize, down + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, advance, descent + rise + fontsize)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        x0, x1 = (x1, x0) if x1 < x0 else (x0, x1)
        y0, y1 = (y1, y0) if y1 < y0 else (y0, y1)
        name = font.fontname
        self.chars.append(
            Char(
                text,
                x0 + self.shift_x,
                x1 + self.shift_x,
                self.shift_y - y1,
                self.shift_y - y0,
                x1 - x0 if vertical else y1 - y0,
                name if type(name) is str else _font_name(name),
                matrix,
            )
        )
        return advance


def _colour_of(value: object, space: str) -> tuple[float, ...] | None:
    """pdfminer's fill colour in colour space `space` as gray, RGB or CMYK components.

    A Separation or DeviceN colour is tints of inks (1 full ink, 0 none; court PDFs print
    black text and bars as the tint 1.0 of one ink), read as gray: the fullest tint as the
    darkest. Where the ink is a light spot colour this calls a bar dark that is not, and the
    rendered page (`parsers.redaction_pixels`) says otherwise. Colour spaces whose values are
    not colours (Indexed, Pattern, Lab) give None: not known.
    """
    if isinstance(value, (int, float)):
        components: tuple[float, ...] = (float(value),)
    elif isinstance(value, tuple) and all(isinstance(part, (int, float)) for part in value):
        components = tuple(float(part) for part in value)
    else:
        return None  # a pattern, or a colour space pdfminer does not resolve
    if space in ("Separation", "DeviceN"):
        return (1.0 - max(components),)
    if space in ("Indexed", "Pattern", "Lab"):
        return None
    return components


def _path_points(path: Any) -> list[tuple[str, list[tuple[float, float]]]]:
    """A pdfminer path (segments of an operator then flat coordinates: `("l", x, y)`) as
    (operator, points) pairs; a segment with coordinates that are not numbers is skipped."""
    segments: list[tuple[str, list[tuple[float, float]]]] = []
    for operator, *numbers in path:
        if not all(isinstance(number, (int, float)) for number in numbers):
            continue
        segments.append((str(operator), list(zip(numbers[::2], numbers[1::2]))))
    return segments


def _font_name(font: object) -> str:
    """A font name pdfminer left as bytes (rare, and seen in broken PDFs) as text."""
    return font.decode("latin-1") if isinstance(font, bytes) else str(font)


def _from_pdfminer(cause: object, where: str) -> PdfError:
    """Map the pdfminer exception that pdfplumber wrapped to one of our errors."""
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedPdf("PDF is encrypted and needs a password we do not have")
    if isinstance(cause, PDFEncryptionError):
        return EncryptedPdf(f"PDF is encrypted in a way pdfminer cannot decrypt: {cause}")
    return BrokenPdf(f"pdfminer cannot {where}: {_describe(cause)}")


def _describe(exc: object) -> str:
    """pdfminer's own messages read well alone; anything else needs its type to make sense."""
    if isinstance(exc, PSException) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
