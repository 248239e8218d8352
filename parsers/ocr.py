"""OCR for pages without a usable text layer: Tesseract on a PDFium rendering, words as `Char`s.

Over 300 lines because the module is one step (which pages, render, Tesseract, hOCR to chars,
merge with the text layer) and its docstring keeps the measurements behind each threshold.

Why pytesseract, not OCRmyPDF: we OCR single pages (a typed cover page keeps its text layer,
the scanned pages behind it are read), and we need each word's box to build the same
`PageChars` that cleaning and the page map take. pytesseract runs the `tesseract` binary on one
image with a timeout and hands back its hOCR: words with boxes, lines with baselines and font
heights. OCRmyPDF works on whole
documents: it writes a new PDF with a text layer (which we would then parse again), runs its own
process pool, and needs Ghostscript, qpdf/pikepdf and more. PDFium (pypdfium2, already the fast
engine) renders the page, so no Poppler or Ghostscript is needed at runtime.

Which pages (`page_needs_ocr`), measured on every page of the dev files (../shared/corpus):
- no visible glyph: a scan without a text layer;
- glyphs that are not words: under 25% letters and under 50% letters or digits (the garbage
  layer of nysd.413994.212.0: 2-3% letters, 30-31% letters or digits; every other dev page
  has at least 42% letters and 68% letters or digits), or, with at least 20 tokens of three
  letters or more, under half of them shaped like words (no dev page has this; every dev page
  with 20 such tokens is at 0.86 or more);
- little text over a picture: the text boxes cover under 4% of the page, and the page shows
  an image (at least 0.1% of it). Scans whose only text is the ECF stamp cover 0.6-1.8% and
  have a page-sized image (doctor__ocr_pdf_variation: 1.1%, and a small image of the word
  "UNITED"); born-digital pages with an image cover 8.8% or more, and the sparse born-digital
  pages (0.1-3.8%: a signature block, an exhibit cover) have no image. A sparse scan that has
  an OCR layer (recap nysd.351385 page 2, a signature page: 2.7%) is OCR'd again.

Output (`ocr_page`): one `Char` per character, each word's width split evenly between its
characters, a space char between words. Tesseract's hOCR gives each line a baseline, a font
height (x_size) and a descender depth; a glyph's box runs from the baseline's descent up by
that height, as pdfminer boxes a typed glyph, so a line's glyphs share one band and `size`
is steady from line to line (a line's ink box is not: it shrinks when no letter descends).
Font "OCR", matrix (1, 0, 0, 1, x, y) with (x, y) the box's bottom-left in pdfminer's space.
Coordinates are points in the page frame of `parsers.chars`, from pixels through PDFium's own
device-to-page mapping (crop box and /Rotate included): on dev scans that carry an OCR layer,
our words sit within a point of that layer's.

Bounds: a page is rendered with at most `MAX_RENDER_PIXELS` (the dpi is lowered for larger
pages), a page whose images exceed `MAX_IMAGE_PIXELS` is refused before PDFium decodes them,
and Tesseract is killed after `timeout` seconds. Tesseract runs with one OpenMP thread
(`OMP_THREAD_LIMIT=1`, unless set): extraction already runs a process per core, and its
threads then fight those processes (a page took 9.3 s instead of 3.3 s here).
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import pypdfium2.raw as pdfium_c
import pytesseract

from parsers.bombs import check_inflated_sizes
from parsers.chars import Char, PageChars
from parsers.engine_pdfium import PageFrame, load_page, open_pdf
from parsers.errors import PdfError, check_header

DEFAULT_DPI = 300
# A letter page at 300 dpi is 8.4 million pixels, tabloid 16.8; bigger pages get a lower dpi.
MAX_RENDER_PIXELS = 20_000_000
# A 600 dpi scan of a letter page is 34 million pixels; this allows large-format exhibits.
MAX_IMAGE_PIXELS = 150_000_000
OCR_FONT = "OCR"
LANGUAGE = "eng"

# page_needs_ocr thresholds; the module docstring gives the dev-file figures behind them.
_MIN_LETTERS = 0.25
_MIN_ALNUM = 0.5
_MIN_WORD_SHAPED = 0.5
_WORD_TEST_TOKENS = 20
_SPARSE_AREA = 0.04
_MIN_IMAGE_AREA = 0.001
_MIN_GLYPHS = 20  # fewer glyphs than this say too little about their shape

_VOWELS = frozenset("aeiouyAEIOUY")
_WORD = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]+)*$")
_CONSONANT_RUN = re.compile(r"[^aeiouyAEIOUY'’.-]{5}")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_XHTML = "{http://www.w3.org/1999/xhtml}"
_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class OcrFailed(PdfError):
    """A page could not be OCR'd: Tesseract missing, failing or too slow, or the page too big."""

    kind = "ocr_failed"


def page_needs_ocr(page: PageChars, *, pdf: bytes | None = None) -> str | None:
    """Why `page` needs OCR (no text, text that is not words, a stamp over a scan), or None.

    `pdf`, the document's bytes, lets a page with little text be checked for images; without
    it, such a page is assumed to be a scan (born-digital pages with little text are then
    OCR'd needlessly, never the reverse).
    """
    glyphs = [char for char in page.chars if char.text.strip()]
    if not glyphs:
        return "no text layer"
    if len(glyphs) >= _MIN_GLYPHS:
        garbage = _not_words(glyphs, page.chars)
        if garbage is not None:
            return garbage
    area = sum((char.x1 - char.x0) * (char.bottom - char.top) for char in glyphs)
    share = area / (page.width * page.height) if page.width * page.height > 0 else 0.0
    if share >= _SPARSE_AREA:
        return None
    if pdf is None:
        return f"text covers only {share:.1%} of the page (images not checked)"
    images = page_image_area(pdf, page.number)
    if images < _MIN_IMAGE_AREA:
        return None
    return f"text covers only {share:.1%} of the page, images {images:.1%} (a stamp on a scan?)"


def _not_words(glyphs: list[Char], chars: Iterable[Char]) -> str | None:
    """A reason when the glyphs are not text: symbols and control codes, or letters in no order."""
    letters = sum(1 for char in glyphs if char.text.isalpha())
    alnum = sum(1 for char in glyphs if char.text.isalnum())
    if letters < _MIN_LETTERS * len(glyphs) and alnum < _MIN_ALNUM * len(glyphs):
        return (
            f"text layer is not words: {letters / len(glyphs):.0%} letters, {alnum / len(glyphs):.0%} letters or digits"
        )
    shapes = [shaped for shaped in map(_word_shaped, _tokens(chars)) if shaped is not None]
    if len(shapes) >= _WORD_TEST_TOKENS and sum(shapes) < _MIN_WORD_SHAPED * len(shapes):
        return f"text layer is not words: {sum(shapes)} of {len(shapes)} tokens look like words"
    return None


def _tokens(chars: Iterable[Char]) -> Iterator[str]:
    """Runs of glyphs in reading order, split at spaces, control codes, new lines and gaps."""
    run: list[str] = []
    previous: Char | None = None
    for char in chars:
        visible = bool(char.text.strip()) and char.text.isprintable()
        if run and (not visible or previous is None or _apart(previous, char)):
            yield "".join(run)
            run = []
        if visible:
            run.append(char.text)
            previous = char
    if run:
        yield "".join(run)


def _apart(previous: Char, char: Char) -> bool:
    """Whether `char` starts a new word: on another line, back to the left, or past a gap."""
    return abs(char.top - previous.top) > previous.size / 2 or not previous.x0 < char.x0 <= previous.x1 + 0.15 * max(
        previous.size, 1.0
    )


def _word_shaped(token: str) -> bool | None:
    """Whether a token of 3+ letters looks like a word (None for shorter ones): letters only
    (apostrophes, hyphens and dots inside), a vowel, no five consonants in a row, and
    lower case, Capitalised or UPPER CASE."""
    word = _EDGE_PUNCTUATION.sub("", token)
    if sum(1 for letter in word if letter.isalpha()) < 3:
        return None
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return bool(
        _WORD.match(word)
        and any(letter in _VOWELS for letter in plain)
        and not _CONSONANT_RUN.search(plain)
        and (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()))
    )


def page_image_area(data: bytes, page_number: int) -> float:
    """Share of page `page_number` (1-based) covered by images (0 to 1), from PDFium's objects.

    Raises:
        EncryptedPdf, BrokenPdf: PDFium cannot open the PDF or the page.
    """
    with open_pdf(data) as pdf:
        page = load_page(pdf, page_number - 1)
        try:
            return _image_area(page)
        finally:
            page.close()


def _image_area(page: Any) -> float:
    """Share of an open page covered by its image objects (overlaps counted twice, capped at 1).

    Images inside form XObjects are measured in the form's own space, which is the page's in
    the scanner output we have seen.
    """
    left, bottom, right, top = (float(value) for value in page.get_bbox())
    page_area = (right - left) * (top - bottom)
    if page_area <= 0:
        return 0.0
    covered = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        x0, y0, x1, y1 = image.get_bounds()
        width = min(x1, right) - max(x0, left)
        height = min(y1, top) - max(y0, bottom)
        if width > 0 and height > 0:
            covered += width * height
    return min(1.0, covered / page_area)


def ocr_page(data: bytes, page_number: int, *, dpi: int = DEFAULT_DPI, timeout: float) -> PageChars:
    """OCR page `page_number` (1-based) of a PDF into word-level chars (see the module docstring).

    Raises:
        EmptyPdf, EncryptedPdf, BrokenPdf, TooLargePdf: the PDF cannot be opened safely.
        OcrFailed: the page is too big, or Tesseract is missing, fails or runs past `timeout`.
    """
    return next(ocr_pages(data, [page_number], dpi=dpi, timeout=timeout))


def ocr_pages(
    data: bytes, page_numbers: Iterable[int], *, dpi: int = DEFAULT_DPI, timeout: float
) -> Iterator[PageChars]:
    """OCR several pages of one PDF, opening it once; `timeout` applies to each page.

    Raises:
        EmptyPdf, EncryptedPdf, BrokenPdf, TooLargePdf: the PDF cannot be opened safely.
        OcrFailed: a page is too big, or Tesseract is missing, fails or runs past `timeout`.
    """
    check_header(data)
    check_inflated_sizes(data)
    with open_pdf(data) as pdf:
        for number in page_numbers:
            page = load_page(pdf, number - 1)
            try:
                chars = _ocr_open_page(page, number, dpi, timeout)
            finally:
                page.close()
            yield chars


def _ocr_open_page(page: Any, number: int, dpi: int, timeout: float) -> PageChars:
    """Render an open page (bounded), run Tesseract on it, and map its words back to the page."""
    check_images(page, number)
    width, height = page.get_size()
    pixels = (width * dpi / 72) * (height * dpi / 72)
    scale = dpi / 72 * min(1.0, math.sqrt(MAX_RENDER_PIXELS / pixels)) if pixels > 0 else dpi / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        lines = _tesseract(bitmap.to_pil(), timeout, number)
        to_page = pixel_mapping(page, bitmap.width, bitmap.height)
    finally:
        bitmap.close()
    frame = PageFrame.of(page)
    return PageChars(
        number=number, width=frame.width, height=frame.height, chars=tuple(_word_chars(lines, to_page, frame))
    )


def check_images(page: Any, number: int) -> None:
    """Refuse a page with an image PDFium would have to decode at a dangerous size.

    Raises:
        OcrFailed: an image is over `MAX_IMAGE_PIXELS`.
    """
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        columns, rows = image.get_px_size()
        if columns * rows > MAX_IMAGE_PIXELS:
            raise OcrFailed(
                f"page {number} has a {columns} x {rows} pixel image, over the limit of {MAX_IMAGE_PIXELS:,} pixels"
            )


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line Tesseract read, in bitmap pixels: its words (text, left, right), its baseline
    (`y = slope * (x - left) + base`), its height (`size`, hOCR's x_size: the font's body,
    steadier than the ink box) and how far descenders reach below the baseline."""

    words: tuple[tuple[str, float, float], ...]
    left: float
    slope: float
    base: float
    size: float
    descent: float


def _tesseract(image: Any, timeout: float, number: int) -> list[OcrLine]:
    """Tesseract's lines of words on an image, in reading order, from its hOCR output.

    Raises:
        OcrFailed: Tesseract is not installed, fails, or runs past `timeout` seconds.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # see the module docstring
    try:
        hocr = pytesseract.image_to_pdf_or_hocr(image, lang=LANGUAGE, extension="hocr", timeout=timeout)
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrFailed("tesseract is not installed (Debian: apt install tesseract-ocr)") from exc
    except pytesseract.TesseractError as exc:
        raise OcrFailed(f"tesseract failed on page {number}: {exc.message}") from exc
    except RuntimeError as exc:  # pytesseract's only signal of its timeout
        raise OcrFailed(f"tesseract took more than {timeout:g} s on page {number}") from exc
    return _hocr_lines(hocr)


def _hocr_lines(hocr: bytes) -> list[OcrLine]:
    """The lines of a Tesseract hOCR page (its own output: well-formed XHTML)."""
    lines = []
    for element in ElementTree.fromstring(hocr).iter(f"{_XHTML}span"):
        if element.get("class") not in _LINE_CLASSES:
            continue
        words = []
        for word in element.iter(f"{_XHTML}span"):
            text = "".join(word.itertext()).strip()
            if word.get("class") == "ocrx_word" and text:
                box = _hocr_title(word.get("title", ""))["bbox"]
                words.append((text, box[0], box[2]))
        if not words:
            continue
        title = _hocr_title(element.get("title", ""))
        left, _, _, bottom = title["bbox"]
        slope, offset = title.get("baseline", [0.0, 0.0])
        size = title.get("x_size", [title["bbox"][3] - title["bbox"][1]])[0]
        descent = title.get("x_descenders", [0.0])[0]
        lines.append(OcrLine(tuple(words), left, slope, bottom + offset, size, descent))
    return lines


def _hocr_title(title: str) -> dict[str, list[float]]:
    """hOCR properties: "bbox 1 2 3 4; x_size 50" -> {"bbox": [1, 2, 3, 4], "x_size": [50]}."""
    properties = {}
    for part in title.split(";"):
        if not part.strip():
            continue
        name, *values = part.split()
        properties[name] = [float(value) for value in values if _NUMBER.fullmatch(value)]
    return properties


def pixel_mapping(page: Any, columns: int, rows: int) -> tuple[float, ...]:
    """The affine map (a, b, c, d, e, f) from bitmap pixels to PDF user space, from PDFium.

    `x = a*px + c*py + e`, `y = b*px + d*py + f`, as `FPDF_RenderPageBitmap` placed the page.
    """
    points = []
    for px, py in ((0, 0), (columns, 0), (0, rows)):
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDF_DeviceToPage(page.raw, 0, 0, columns, rows, 0, px, py, x, y)
        points.append((x.value, y.value))
    (x0, y0), (x1, y1), (x2, y2) = points
    return ((x1 - x0) / columns, (y1 - y0) / columns, (x2 - x0) / rows, (y2 - y0) / rows, x0, y0)


def _word_chars(lines: list[OcrLine], to_page: tuple[float, ...], frame: PageFrame) -> Iterator[Char]:
    """Chars for Tesseract's words: a word's width split evenly; top and bottom from its line's
    baseline, descent and size, so a line's glyphs share one band as a font's glyphs do."""
    a, b, c, d, e, f = to_page

    def point(px: float, py: float) -> tuple[float, float]:
        return frame.point(a * px + c * py + e, b * px + d * py + f)

    for line in lines:
        previous: float | None = None
        for text, left, right in line.words:
            bottom_px = line.base + line.slope * ((left + right) / 2 - line.left) + line.descent
            corner_x0, corner_top = point(left, bottom_px - line.size)
            corner_x1, corner_bottom = point(right, bottom_px)
            x0, x1 = min(corner_x0, corner_x1), max(corner_x0, corner_x1)
            top, bottom = min(corner_top, corner_bottom), max(corner_top, corner_bottom)
            size = bottom - top
            baseline = frame.flip_y - bottom  # pdfminer's y of the glyph's box bottom
            if previous is not None and x0 > previous:
                yield Char(
                    " ",
                    previous,
                    x0,
                    top,
                    bottom,
                    size,
                    OCR_FONT,
                    (1.0, 0.0, 0.0, 1.0, previous - frame.shift_x, baseline),
                )
            step = (x1 - x0) / len(text)
            for index, glyph in enumerate(text):
                start = x0 + index * step
                yield Char(
                    glyph,
                    start,
                    start + step,
                    top,
                    bottom,
                    size,
                    OCR_FONT,
                    (1.0, 0.0, 0.0, 1.0, start - frame.shift_x, baseline),
                )
            previous = x1


def merge_layers(layer: PageChars, read: PageChars) -> PageChars:
    """Tesseract's reading of a page, with the page's own text layer kept where it is words.

    A stamp typed over a scanned order (the CM/ECF header on a scan) stays exactly as typed,
    and the OCR words that lie on it are dropped; a text layer that is not words (see
    `page_needs_ocr`) is dropped whole.
    """
    glyphs = [char for char in layer.chars if char.text.strip()]
    if not glyphs or (len(glyphs) >= _MIN_GLYPHS and _not_words(glyphs, layer.chars)):
        return read
    bands = _line_bands(glyphs)
    kept = [
        char
        for char in read.chars
        if not any(
            x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= (char.top + char.bottom) / 2 <= bottom
            for x0, top, x1, bottom in bands
        )
    ]
    return PageChars(number=read.number, width=read.width, height=read.height, chars=(*layer.chars, *kept))


def _line_bands(glyphs: list[Char]) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom) round the glyphs of each line, in reading order."""
    bands: list[list[float]] = []
    for char in glyphs:
        band = bands[-1] if bands else None
        if band is not None and abs(char.top - band[1]) <= char.size / 2:
            band[0], band[2] = min(band[0], char.x0), max(band[2], char.x1)
            band[3] = max(band[3], char.bottom)
        else:
            bands.append([char.x0, char.top, char.x1, char.bottom])
    return [(x0, top, x1, bottom) for x0, top, x1, bottom in bands]
