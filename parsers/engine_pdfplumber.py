"""The default engine's char source: pdfplumber (on pdfminer), one pass over each page's glyphs.

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

import pdfplumber
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.psexceptions import PSException
from pdfminer.utils import Matrix, apply_matrix_rect
from pdfplumber.utils.exceptions import PdfminerException

from parsers.chars import Char, PageChars
from parsers.errors import BrokenPdf, EmptyPdf, EncryptedPdf, PdfError, TooLargePdf

ENGINE = "pdfplumber"
ENGINE_VERSION: str = pdfplumber.__version__
# Readers look for the header anywhere in the first 1024 bytes, and real court PDFs need that:
# the corpus has files with a stray CRLF or "%%EOF" before it.
_HEADER_WINDOW = 1024


def check_header(data: bytes) -> None:
    """Reject bodies that are not PDFs before a parser gives them a misleading "No /Root".

    Raises:
        EmptyPdf: `data` is empty, whitespace, or has no `%PDF-` in its first 1024 bytes.
    """
    if not data:
        raise EmptyPdf("PDF is 0 bytes")
    if b"%PDF-" in data[:_HEADER_WINDOW]:
        return
    if data.isspace():
        raise EmptyPdf(f"PDF is {len(data)} bytes of whitespace only")
    raise EmptyPdf(f"not a PDF: no %PDF- header in the first {_HEADER_WINDOW} bytes; it starts with {data[:80]!r}")


def pdfplumber_pages(data: bytes, *, max_pages: int | None) -> Iterator[PageChars]:
    """Yield each page's chars, page 1 first, closing each page once it is read.

    pdfplumber opens every PDF with the empty user password (pdfminer's default too), so a
    PDF restricted only by an owner password (common for court filings) opens like any other.

    Raises:
        EmptyPdf: `data` is not a PDF at all (see `check_header`).
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
    return PageChars(number=page.page_number, width=float(page.width), height=height, chars=tuple(device.chars))


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
