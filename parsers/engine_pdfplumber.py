"""The default engine's char source: pdfplumber (on pdfminer), one pass over each page's glyphs.

We read `page.layout` (pdfminer's LTPage, built once per page without layout analysis, as
pdfplumber builds it for `page.chars`) and turn its LTChar objects straight into our
`parsers.chars.Char`. `page.chars` would first build a dict of some twenty keys per glyph
(colours, marked content, doctop) that cleaning never reads: on the dev files that costs
10 pages per CPU-second against 16 this way. The coordinates are converted exactly as pdfplumber converts them, so a
`Char` has the same `top`/`bottom`/`x0`/`x1` as the matching `page.chars` entry.

Each page is closed once its chars are taken: pdfplumber otherwise keeps every page's objects
(760 MB for a 170-page opinion).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
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
    raise EmptyPdf(
        f"not a PDF: no %PDF- header in the first {_HEADER_WINDOW} bytes;"
        f" it starts with {data[:80]!r}"
    )


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
    """Convert the LTChars of one pdfplumber page, in content-stream order, to `Char`s.

    This loop runs once per glyph of the document, hence the locals and `type(...) is`.
    """
    height = float(page.height)
    # pdfminer shifts coordinates by the MediaBox origin; undo it as pdfplumber does.
    shift_x, shift_y = float(page.mediabox[0]), height + float(page.mediabox[1])
    out: list[Char] = []
    append, make = out.append, Char
    stack: list[Any] = [iter(page.layout)]
    while stack:  # figures (form XObjects) nest chars; walk them without recursion
        for obj in stack[-1]:
            if type(obj) is LTChar:
                x0, y0, x1, y1 = obj.bbox
                font = obj.fontname
                append(make(obj.get_text(), x0 + shift_x, x1 + shift_x, shift_y - y1,
                            shift_y - y0, obj.size,
                            font if type(font) is str else _font_name(font), obj.matrix))
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj))
                break
        else:
            stack.pop()
    return PageChars(number=page.page_number, width=float(page.width), height=height,
                     chars=tuple(out))


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
