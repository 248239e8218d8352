"""The fast engine's char source: PDFium (through pypdfium2), read into arrays page by page.

PDFium is C++ and parses a page several times faster than pdfminer; its text page API gives
each glyph's text, box, font size, font and matrix, which we turn into the same
`parsers.chars.Char` as the pdfplumber engine, so both feed the same cleaning:

- Coordinates follow pdfplumber exactly: PDFium's are PDF user space (origin bottom-left,
  y up); we apply pdfminer's page-rotation matrix and pdfplumber's flip (`top = height - y`),
  so a glyph gets the same `x0`/`top` from both engines, on rotated pages too.
- The box is pdfminer's: from the baseline's descent to one font size above it, along the
  glyph's advance. PDFium's "loose" box spans the font's ascent to descent, so its
  perpendicular extent is cut to the font size (on the dev files the two engines' boxes then
  agree within 1.5 pt, the rest being the fonts' descent values, which differ slightly).
- `size` is the box height, as pdfminer computes it (the advance, for text rotated 90 degrees).
- `matrix` is pdfminer's: the text matrix times the page matrix, translated to the glyph's
  origin. Two known differences: PDFium folds horizontal scaling (`Tz`) into `a` and text rise
  (`Ts`) into `f`, where pdfminer applies them to the box only.
- Glyphs PDFium makes up (spaces and line breaks between text objects) are left out: they have
  no text object. PDFium reports some hyphens as U+FFFE; they are given back as "-".
- Glyph order is PDFium's, which is not always the content stream's; cleaning sorts by position.
  PDFium also drops a glyph drawn twice at the same place (fake bold), which pdfminer keeps.
- Font names are PDFium's base names: it leaves out subset prefixes ("ABCDEF+") on some fonts
  and does not map aliases ("TimesNewRoman" where pdfminer says "Times-Roman").

Per glyph, only two PDFium calls run in Python (text object, box); the rest is done per text
object or on the page's arrays, and a page's chars come as `parsers.chars.CharArrays`, which
cleaning reads without a Python object per glyph (the `Char`s are made if asked for).

Each page and its text page are closed before the next is read. PDFium, and so pypdfium2, is
not thread-safe: use it from one thread per process (we run extraction in processes).

Over 300 lines because each C fast path sits beside the Python path that gives the same
result without the compiled module, and both must be read together.

PDFium inflates a content stream in full before parsing it and aborts the process when an
allocation fails, so a decompression bomb would take gigabytes or kill the worker.
`parsers.bombs.check_inflated_sizes` measures the streams first, with a cap.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO

from parsers.bombs import check_inflated_sizes
from parsers.chars import Char, CharArrays, Ints, PageChars, Shape
from parsers.errors import BrokenPdf, EncryptedPdf, TooLargePdf, check_header
from parsers.shapes import annotation_shape, colour_is_dark

ENGINE = "pypdfium2"
ENGINE_VERSION = f"{PYPDFIUM_INFO} (PDFium {PDFIUM_INFO.build})"
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "it is encrypted and needs a password we do not have",
    pdfium_c.FPDF_ERR_SECURITY: "it is encrypted with a security handler PDFium lacks",
}


def _fast(name: str, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called without pypdfium2's argument conversion.

    pypdfium2 declares argtypes, which makes ctypes check and convert every argument: about
    twice the cost of the call itself, paid several times per glyph. We pass exact C types;
    only where an address goes in as a plain int are `argtypes` given (cheaper than making
    a pointer object per call).
    """
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    if not address:
        raise ImportError(f"the PDFium library that pypdfium2 loaded has no {name}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_text_object = _fast("FPDFText_GetTextObject", ctypes.c_void_p)
_loose_box = _fast("FPDFText_GetLooseCharBox", ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_char_origin = _fast("FPDFText_GetCharOrigin", ctypes.c_int)
_font_size = _fast("FPDFText_GetFontSize", ctypes.c_double)
_char_matrix = _fast("FPDFText_GetMatrix", ctypes.c_int)
_unicode = _fast("FPDFText_GetUnicode", ctypes.c_uint)
_object_font = _fast("FPDFTextObj_GetFont", ctypes.c_void_p)
_base_font_name = _fast("FPDFFont_GetBaseFontName", ctypes.c_size_t)
# The page's objects, in paint order (filled shapes and the order of text objects).
_count_objects = _fast("FPDFPage_CountObjects", ctypes.c_int, ctypes.c_void_p)
_object_at = _fast("FPDFPage_GetObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_object_type = _fast("FPDFPageObj_GetType", ctypes.c_int, ctypes.c_void_p)
_form_count = _fast("FPDFFormObj_CountObjects", ctypes.c_int, ctypes.c_void_p)
_form_object_at = _fast("FPDFFormObj_GetObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong)
_draw_mode = _fast(
    "FPDFPath_GetDrawMode", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)
)
_ANNOTATION_NAMES = {
    pdfium_c.FPDF_ANNOT_SQUARE: "Square",
    pdfium_c.FPDF_ANNOT_CIRCLE: "Circle",
    pdfium_c.FPDF_ANNOT_POLYGON: "Polygon",
    pdfium_c.FPDF_ANNOT_REDACT: "Redact",
    pdfium_c.FPDF_ANNOT_HIGHLIGHT: "Highlight",
    pdfium_c.FPDF_ANNOT_INK: "Ink",
    pdfium_c.FPDF_ANNOT_STAMP: "Stamp",
    pdfium_c.FPDF_ANNOT_FREETEXT: "FreeText",
}
# Form XObjects nest; deeper ones are not looked into (their shapes are missed, not wrong).
_MAX_FORM_DEPTH = 4
# The PDFium functions the C loops call (parsers/_pdfium_glyphs.c), as addresses.
_GLYPH_CALLS, _RUN_CALLS = (
    tuple(int(ctypes.cast(function, ctypes.c_void_p).value or 0) for function in calls)
    for calls in ((_text_object, _loose_box), (_char_matrix, _char_origin, _font_size, _object_font))
)
_OBJECT_CALLS = tuple(
    int(ctypes.cast(function, ctypes.c_void_p).value or 0)
    for function in (_object_at, _form_object_at, _object_type, _draw_mode)
)
try:  # built by `pip install` where there is a C compiler
    from parsers import _pdfium_glyphs as _in_c
# Not built, or not loadable: setuptools' loader for an extension in a zipped egg (Scrapyd
# deploys one) raises TypeError. The same loops then run in Python, 2 us a glyph slower.
except (ImportError, TypeError):
    _in_c = None  # type: ignore[assignment]


def pdfium_pages(data: bytes, *, max_pages: int | None) -> Iterator[PageChars]:
    """Yield each page's chars, page 1 first, closing each page once it is read.

    Raises:
        EmptyPdf: `data` is not a PDF at all (no `%PDF-` header).
        EncryptedPdf: the PDF needs a password to open (the empty one is tried first).
        TooLargePdf: the PDF has more than `max_pages` pages, or a stream inflates past
            `parsers.bombs.MAX_INFLATED_BYTES`.
        BrokenPdf: PDFium cannot open the PDF or one of its pages, or finds no pages.
    """
    check_header(data)
    check_inflated_sizes(data)
    with open_pdf(data) as pdf:
        count = len(pdf)
        if max_pages is not None and count > max_pages:
            raise TooLargePdf(f"PDF has {count} pages, over the limit of {max_pages}")
        for index in range(count):
            page = load_page(pdf, index)
            try:
                chars = _page_chars(page, index + 1)
            except pypdfium2.PdfiumError as exc:
                raise BrokenPdf(f"PDFium cannot read the text of page {index + 1} of {count}: {exc}") from exc
            finally:
                page.close()
            yield chars


@contextmanager
def open_pdf(data: bytes) -> Iterator[Any]:
    """Open `data` with PDFium (empty password) as a `pypdfium2.PdfDocument`; close it after.

    Raises:
        EncryptedPdf: the PDF needs a password, or uses a security handler PDFium lacks.
        BrokenPdf: PDFium cannot open the PDF, or it has no pages.
    """
    try:
        pdf = pypdfium2.PdfDocument(data, password="")
    except pypdfium2.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in _LOAD_ERRORS:
            raise EncryptedPdf(f"PDFium cannot open the PDF: {_LOAD_ERRORS[code]}") from exc
        raise BrokenPdf(f"PDFium cannot open the PDF: {exc}") from exc
    try:
        yield pdf
    finally:
        pdf.close()


def load_page(pdf: Any, index: int) -> Any:
    """Page `index` (0-based) of an open document, as a `pypdfium2.PdfPage`.

    Raises:
        BrokenPdf: PDFium cannot load the page.
    """
    try:
        return pdf[index]
    except pypdfium2.PdfiumError as exc:
        raise BrokenPdf(f"PDFium cannot read page {index + 1} of {len(pdf)}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class PageFrame:
    """How PDF user space maps to our page coordinates (pdfplumber's) on one page.

    pdfminer first applies `ctm` (page rotation, MediaBox origin), then pdfplumber flips:
    `x = x' + shift_x`, `top = flip_y - y'`. `width` and `height` are the page's, rotated.
    """

    ctm: tuple[float, float, float, float, float, float]
    shift_x: float
    flip_y: float
    width: float
    height: float

    @classmethod
    def of(cls, page: Any) -> PageFrame:
        """The frame of a `pypdfium2.PdfPage`, from its MediaBox and /Rotate.

        PDFium does not return a MediaBox inherited from the page tree; the page's bounding
        box (MediaBox and CropBox intersected, inherited) stands in for it then.
        """
        left, bottom, right, top = page.get_mediabox(fallback_ok=False) or page.get_bbox()
        x0, x1 = sorted((float(left), float(right)))
        y0, y1 = sorted((float(bottom), float(top)))
        rotation = page.get_rotation() % 360
        ctm = {  # pdfminer's PDFPageInterpreter.process_page
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        # pdfplumber's Page.mediabox: the box normalised for rotation, then flipped.
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        width, height = nx1 - nx0, ny1 - ny0
        return cls(ctm, shift_x=nx0, flip_y=height - ny0, width=width, height=height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """User-space point -> (x, top) in our coordinates."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.shift_x, self.flip_y - (b * x + d * y + f)

    def user_point(self, x: float, top: float) -> tuple[float, float]:
        """(x, top) in our coordinates -> the user-space point (`point`'s inverse)."""
        a, b, c, d, e, f = self.ctm
        across, up = x - self.shift_x - e, self.flip_y - top - f
        determinant = a * d - b * c
        return (d * across - c * up) / determinant, (a * up - b * across) / determinant


def _page_chars(page: Any, number: int) -> PageChars:
    """All glyphs of one page (`CharArrays`); the page's text page is closed before returning."""
    frame = PageFrame.of(page)
    upright = frame.ctm[:4] == (1.0, 0.0, 0.0, 1.0)
    # Unrotated (nearly every page), our coordinates are user space flipped and shifted, which
    # `_read_chars` does on its arrays; a rotated page is read in user space, then turned.
    flip = frame.flip_y - frame.ctm[5] if upright else 0.0
    shift = (frame.ctm[4], frame.ctm[5]) if upright else (0.0, 0.0)
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count).replace("\ufffe", "-") if count else ""
        raw = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        chars, owners = _read_chars(raw, count, text if len(text) == count else None, flip, shift)
    finally:
        textpage.close()
    painted = PaintOrder.of(page, frame)
    order = painted.of_objects(owners) if painted.shapes else None
    if not upright:
        return PageChars(
            number=number,
            width=frame.width,
            height=frame.height,
            chars=tuple(_rotate(char, frame) for char in chars),
            shapes=painted.shapes,
            order=order,
        )
    return PageChars(
        number=number, width=frame.width, height=frame.height, chars=chars, shapes=painted.shapes, order=order
    )


@dataclass(frozen=True)
class PaintOrder:
    """A page's filled shapes, and the paint order of its text objects (by handle).

    Objects are numbered in the order PDFium paints them, form XObjects' contents in place;
    annotations come after all of them.
    """

    shapes: tuple[Shape, ...]
    handles: npt.NDArray[np.uint64]  # text object handles, sorted
    orders: Ints  # the paint order of each

    @classmethod
    def of(cls, page: Any, frame: PageFrame) -> PaintOrder:
        """Walk the objects of an open `pypdfium2.PdfPage`, then its annotations."""
        shapes: list[Shape] = []
        texts: list[tuple[npt.NDArray[np.uint64], Ints]] = []
        raw = int(ctypes.cast(page.raw, ctypes.c_void_p).value or 0)
        count = _walk(raw, False, _count_objects(ctypes.c_void_p(raw)), frame, shapes, texts, 0, 0)
        shapes.extend(_annotations(page, frame, count))
        handles = np.concatenate([found for found, _ in texts])
        orders = np.concatenate([numbers for _, numbers in texts])
        by_handle = np.argsort(handles, kind="stable")
        return cls(tuple(shapes), handles[by_handle], orders[by_handle])

    def of_objects(self, owners: npt.NDArray[np.uint64]) -> Ints:
        """The paint order of each glyph, from its text object's handle (-1 if not found)."""
        if not len(self.handles):
            return np.full(len(owners), -1, dtype=np.intp)
        at = np.searchsorted(self.handles, owners).clip(0, len(self.handles) - 1)
        found = self.handles[at] == owners
        return np.where(found, self.orders[at], -1).astype(np.intp)


def _walk(
    parent: int,
    in_form: bool,
    count: int,
    frame: PageFrame,
    shapes: list[Shape],
    texts: list[tuple[npt.NDArray[np.uint64], Ints]],
    order: int,
    depth: int,
) -> int:
    """Number `count` objects of a page or form from `order` on, a form's contents in place:
    note the text objects' handles and numbers, and the filled paths' and images' boxes;
    return the last number given. Only those objects are looked at one by one in Python."""
    handles, kinds, fills = read_objects(parent, in_form, count)
    special = (
        ((kinds == pdfium_c.FPDF_PAGEOBJ_PATH) & (fills != 0))
        | (kinds == pdfium_c.FPDF_PAGEOBJ_IMAGE)
        | ((kinds == pdfium_c.FPDF_PAGEOBJ_FORM) & (depth < _MAX_FORM_DEPTH))
    )
    orders = np.arange(1, count + 1, dtype=np.intp) + order
    for index in np.flatnonzero(special).tolist():
        handle, kind = int(handles[index]), int(kinds[index])
        number = int(orders[index])
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = _form_count(ctypes.c_void_p(handle))
            last = _walk(handle, True, inner, frame, shapes, texts, number, depth + 1)
            orders[index + 1 :] += last - number  # the form's contents came in between
        else:
            dark = _fill_dark(handle) if kind == pdfium_c.FPDF_PAGEOBJ_PATH else None
            shapes.append(
                _shape(handle, frame, number, "path" if kind == pdfium_c.FPDF_PAGEOBJ_PATH else "image", dark)
            )
    text = kinds == pdfium_c.FPDF_PAGEOBJ_TEXT
    texts.append((handles[text], orders[text]))
    return int(orders[-1]) if count else order


def read_objects(
    parent: int, in_form: bool, count: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """The first `count` objects of a page (or form) in paint order: their handles, their
    FPDF_PAGEOBJ_ types and a path's fill mode (0: none), in C when it was built."""
    handles = np.zeros(count, dtype=np.uint64)
    kinds = np.zeros(count, dtype=np.int32)
    fills = np.zeros(count, dtype=np.int32)
    if count <= 0:
        return handles, kinds, fills
    page_at, form_at, type_of, draw_mode_of = _OBJECT_CALLS
    if _in_c is not None:
        _in_c.read_objects(
            parent, in_form, form_at if in_form else page_at, type_of, draw_mode_of, handles, kinds, fills
        )
        return handles, kinds, fills
    owner = ctypes.c_void_p(parent)
    for index in range(count):
        handle = (_form_object_at if in_form else _object_at)(owner, index) or 0
        handles[index] = handle
        kinds[index] = _object_type(ctypes.c_void_p(handle)) if handle else 0
        if kinds[index] == pdfium_c.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            if _draw_mode(ctypes.c_void_p(handle), ctypes.byref(fill), ctypes.byref(stroke)):
                fills[index] = fill.value
    return handles, kinds, fills


def _as_object(handle: int) -> Any:
    """A page object's address as the pointer type pypdfium2's declared functions take."""
    return ctypes.cast(handle, pdfium_c.FPDF_PAGEOBJECT)


def _shape(handle: int, frame: PageFrame, order: int, kind: str, dark: bool | None) -> Shape:
    """A page object's bounding box as a `Shape` in our coordinates."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(_as_object(handle), left, bottom, right, top)
    return _box_shape(frame, (left.value, bottom.value, right.value, top.value), order, kind, dark)


def _box_shape(
    frame: PageFrame, box: tuple[float, float, float, float], order: int, kind: str, dark: bool | None
) -> Shape:
    """A user-space box (left, bottom, right, top) as a `Shape` in our coordinates."""
    left, bottom, right, top = box
    (xa, ta), (xb, tb) = frame.point(left, bottom), frame.point(right, top)
    return Shape(min(xa, xb), min(ta, tb), max(xa, xb), max(ta, tb), order, kind, dark)


def _fill_dark(handle: int) -> bool | None:
    """Whether a path's fill colour is dark (None when PDFium gives none)."""
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(_as_object(handle), red, green, blue, alpha):
        return None
    return colour_is_dark((red.value / 255, green.value / 255, blue.value / 255))


def _annotations(page: Any, frame: PageFrame, after: int) -> list[Shape]:
    """The page's annotations that can cover text or print text over it, after its content."""
    shapes = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            name = _ANNOTATION_NAMES.get(pdfium_c.FPDFAnnot_GetSubtype(annot))
            rect = pdfium_c.FS_RECTF()
            if name is None or not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            interior, colour = (
                _annotation_colour(annot, which)
                for which in (pdfium_c.FPDFANNOT_COLORTYPE_InteriorColor, pdfium_c.FPDFANNOT_COLORTYPE_Color)
            )
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        corners = [frame.point(rect.left, rect.bottom), frame.point(rect.right, rect.top)]
        shape = annotation_shape(name, corners, after + 1 + index, interior, colour)
        if shape is not None:
            shapes.append(shape)
    return shapes


def _annotation_colour(annot: Any, which: int) -> tuple[float, ...] | None:
    """An annotation's colour (RGB, 0-1) of one type, or None when it has none. PDFium gives
    no colour for an annotation with an appearance stream: an interior colour it has is then
    an empty tuple (filled, of a colour not known)."""
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if pdfium_c.FPDFAnnot_GetColor(annot, which, red, green, blue, alpha):
        return red.value / 255, green.value / 255, blue.value / 255
    interior = which == pdfium_c.FPDFANNOT_COLORTYPE_InteriorColor
    return () if interior and pdfium_c.FPDFAnnot_HasKey(annot, b"IC") else None


def _read_chars(
    raw: ctypes.c_void_p, count: int, text: str | None, flip: float, shift: tuple[float, float]
) -> tuple[CharArrays, npt.NDArray[np.uint64]]:
    """The glyphs of a text page, as arrays: `top = flip - y`, and `shift` added to origins;
    and the handle of each one's text object.

    Per glyph, PDFium is asked only for the glyph's text object and box (`read_glyphs`); what
    the glyphs of a text object share is read once per run of them (`read_runs`): a text
    object has one font, size and matrix, its glyphs share a baseline, and PDFium's loose box
    starts at the glyph's origin, so the origin need not be asked for glyph by glyph.
    `_columns` does the rest in arrays.
    """
    objects, boxes = read_glyphs(raw, count)
    kept = np.flatnonzero(objects)  # PDFium makes up spaces and line breaks between objects
    if not len(kept):
        return CharArrays.of(()), objects[kept]
    owners = objects[kept]
    firsts = np.ones(len(kept), dtype=bool)  # where each run of one object's glyphs starts
    firsts[1:] = owners[1:] != owners[:-1]
    styles, fonts = read_runs(raw, kept[firsts].astype(np.int32), owners[firsts])
    run = np.cumsum(firsts) - 1
    glyphs = [text[i] for i in kept.tolist()] if text is not None else [_glyph(_unicode(raw, i)) for i in kept.tolist()]
    names = _font_names(fonts)
    chars = _columns(glyphs, boxes[kept].astype(np.float64), styles[run], [names[i] for i in run.tolist()], flip, shift)
    for i in np.flatnonzero(np.isnan(chars.matrix[:, 4])).tolist():  # at another angle
        origin = _origin(raw, int(kept[i]))
        chars.matrix[i, 4:] = origin[0] + shift[0], origin[1] + shift[1]
    return chars, owners


def read_glyphs(raw: ctypes.c_void_p, count: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]:
    """The text object of each glyph of a text page (0: a glyph PDFium made up) and its loose
    box (left, top, right, bottom; zeros for a made-up glyph), in C when it was built."""
    objects = np.zeros(count, dtype=np.uint64)
    boxes = np.zeros((count, 4), dtype=np.float32)
    if not count:
        return objects, boxes
    if _in_c is not None:
        text_object_at, loose_box_at = _GLYPH_CALLS
        _in_c.read_glyphs(raw.value or 0, text_object_at, loose_box_at, objects, boxes)
    else:
        _read_glyphs_in_python(raw, objects, boxes)
    return objects, boxes


def _read_glyphs_in_python(
    raw: ctypes.c_void_p, objects: npt.NDArray[np.uint64], boxes: npt.NDArray[np.float32]
) -> None:
    """`read_glyphs`' loop in Python (about 2 us a glyph): fill `objects` and `boxes`."""
    objects[:] = [_text_object(raw, index) or 0 for index in range(len(objects))]
    address = boxes.ctypes.data
    for index in np.flatnonzero(objects).tolist():
        _loose_box(raw, index, address + 16 * index)  # an FS_RECTF: left, top, right, bottom


def read_runs(
    raw: ctypes.c_void_p,
    firsts: npt.NDArray[np.int32],
    objects: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.uint64]]:
    """What each run of one text object's glyphs shares, read at its first glyph (`firsts`),
    in C when it was built: a row of the matrix's a, b, c, d, the origin's x, y and the font
    size (zeros where PDFium fails), and the font handle of its text object (`objects`)."""
    styles = np.zeros((len(firsts), 7), dtype=np.float64)
    fonts = np.zeros(len(firsts), dtype=np.uint64)
    if _in_c is not None:
        matrix_at, origin_at, font_size_at, font_of = _RUN_CALLS
        _in_c.read_runs(raw.value or 0, matrix_at, origin_at, font_size_at, font_of, firsts, objects, styles, fonts)
    else:
        _read_runs_in_python(raw, firsts, objects, styles, fonts)
    return styles, fonts


def _read_runs_in_python(
    raw: ctypes.c_void_p,
    firsts: npt.NDArray[np.int32],
    objects: npt.NDArray[np.uint64],
    styles: npt.NDArray[np.float64],
    fonts: npt.NDArray[np.uint64],
) -> None:
    """`read_runs`' loop in Python: fill `styles` and `fonts`."""
    for run, (index, obj) in enumerate(zip(firsts.tolist(), objects.tolist())):
        matrix, x, y = pdfium_c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
        _char_matrix(raw, index, ctypes.byref(matrix))
        _char_origin(raw, index, ctypes.byref(x), ctypes.byref(y))
        styles[run] = (matrix.a, matrix.b, matrix.c, matrix.d, x.value, y.value, _font_size(raw, index))
        fonts[run] = _object_font(ctypes.c_void_p(obj)) or 0


def _columns(
    glyphs: list[str],
    box: npt.NDArray[np.float64],
    style: npt.NDArray[np.float64],
    fonts: list[str],
    flip: float,
    shift: tuple[float, float],
) -> CharArrays:
    """Our chars from PDFium's loose boxes (left, top, right, bottom; user space) and each
    glyph's row of `read_runs`' styles; a glyph at another angle has NaN for its origin."""
    left, top, right, bottom = box.T
    a, b, c, d, x, y, size = style.T
    # The baseline: horizontal (its y), vertical (its x), or at another angle (rare: the origin
    # is then asked for glyph by glyph). Cut the loose box to the font size (through the
    # matrix) above the descent, as pdfminer: across a horizontal baseline, along a vertical one.
    flat = np.abs(b) <= 1e-6 * np.abs(a)
    side = ~flat & (np.abs(a) <= 1e-6 * np.abs(b))
    height = size * np.where(flat, d, c)
    base = np.where(flat, y, x)
    upper = np.where(flat & (height > 0), bottom + height, top)
    lower = np.where(flat & (height <= 0), top + height, bottom)
    x0 = np.where(side & (height < 0), right + height, left)
    x1 = np.where(side & (height >= 0), left + height, right)
    e = np.where(flat, np.where(a > 0, left, right), np.where(side, base, np.nan))
    f = np.where(flat, base, np.where(side, np.where(b > 0, bottom, top), np.nan))
    shift_x, shift_y = shift
    return CharArrays(
        glyphs,
        x0,
        x1,
        flip - upper,
        flip - lower,
        upper - lower,
        fonts,
        np.column_stack((a, b, c, d, e + shift_x, f + shift_y)),
    )


def _origin(raw: ctypes.c_void_p, index: int) -> tuple[float, float]:
    """A glyph's origin in user space."""
    x, y = ctypes.c_double(), ctypes.c_double()
    _char_origin(raw, index, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def _glyph(code: int) -> str:
    """The text of one code point from PDFium, U+FFFE (its mark for some hyphens) as "-"."""
    if code == 0xFFFE:
        return "-"
    return chr(code) if code < 0x110000 else "\ufffd"


def _font_names(handles: npt.NDArray[np.uint64]) -> list[str]:
    """The base name of each font handle as PDFium gives it ("" for none), each asked once."""
    known = {0: ""}
    for handle in np.unique(handles).tolist():
        if handle:
            buffer = ctypes.create_string_buffer(256)
            length = _base_font_name(ctypes.c_void_p(handle), buffer, ctypes.c_size_t(256))
            known[handle] = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
    return [known[handle] for handle in handles.tolist()]


def _rotate(char: Char, frame: PageFrame) -> Char:
    """A char read in user space (`top = -y`) on a page with /Rotate, in our coordinates."""
    x0, top0 = frame.point(char.x0, -char.top)
    x1, top1 = frame.point(char.x1, -char.bottom)
    a, b, c, d, e, f = char.matrix
    ra, rb, rc, rd, re_, rf = frame.ctm
    matrix = (
        a * ra + b * rc,
        a * rb + b * rd,
        c * ra + d * rc,
        c * rb + d * rd,
        e * ra + f * rc + re_,
        e * rb + f * rd + rf,
    )
    upper, lower = min(top0, top1), max(top0, top1)
    return Char(char.text, min(x0, x1), max(x0, x1), upper, lower, lower - upper, char.font, matrix)
