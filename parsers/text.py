"""Plain text extraction from PDF bytes with pdfplumber, one string per page."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from parsers.errors import (
    BrokenPdf,
    EmptyPdf,
    EncryptedPdf,
    ExtractionProblem,
    PdfError,
    TooLargePdf,
)

PAGE_SEPARATOR = "\f"
# Readers look for the header anywhere in the first 1024 bytes, and real court PDFs need that:
# the corpus has files with a stray CRLF or "%%EOF" before it.
_HEADER_WINDOW = 1024


@dataclass(frozen=True)
class Extraction:
    """The text of a PDF, one string per page, page 1 first."""

    pages: tuple[str, ...]
    engine: str
    engine_version: str
    seconds: float
    ocr_pages: tuple[int, ...] = ()
    problems: tuple[ExtractionProblem, ...] = ()

    @property
    def page_count(self) -> int:
        """Number of pages in the PDF."""
        return len(self.pages)

    @property
    def text(self) -> str:
        """All pages joined by form feeds, so page N is `text.split("\\f")[N - 1]`."""
        return PAGE_SEPARATOR.join(self.pages)


def extract(data: bytes, *, max_pages: int | None = None) -> Extraction:
    """Extract the text of each page of a PDF; pages without any text are reported as a problem.

    Raises:
        EmptyPdf: `data` is empty, whitespace, or has no PDF header (an HTML error page, say).
        EncryptedPdf: the PDF needs a password to open.
        TooLargePdf: the PDF has more than `max_pages` pages.
        BrokenPdf: pdfminer cannot open the PDF or read one of its pages, or finds no pages.
    """
    started = time.perf_counter()
    _check_header(data)
    pages = _read_pages(data, max_pages)
    return Extraction(
        pages=pages,
        engine="pdfplumber",
        engine_version=pdfplumber.__version__,
        seconds=time.perf_counter() - started,
        problems=_no_text_layer(pages),
    )


def _check_header(data: bytes) -> None:
    """Reject bodies that are not PDFs before pdfminer gives them a misleading "No /Root"."""
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


def _read_pages(data: bytes, max_pages: int | None) -> tuple[str, ...]:
    """Return each page's text, with our typed errors for whatever goes wrong."""
    where = "open the PDF"
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count == 0:
                raise BrokenPdf("pdfminer finds no pages in the PDF")
            if max_pages is not None and count > max_pages:
                raise TooLargePdf(f"PDF has {count} pages, over the limit of {max_pages}")
            texts = []
            for page in pdf.pages:
                where = f"read page {page.page_number} of {count}"
                texts.append(page.extract_text().replace(PAGE_SEPARATOR, ""))
                # pdfplumber otherwise keeps every page's objects: 760 MB for a 170-page opinion.
                page.close()
            return tuple(texts)
    except (PdfError, MemoryError):
        raise  # ours are typed already; running out of memory says nothing about the file
    except PdfminerException as exc:
        raise _from_pdfminer(exc.args[0], where) from exc
    except Exception as exc:  # Boundary: any other parser failure means we cannot read this file.
        raise BrokenPdf(f"pdfplumber cannot {where}: {_describe(exc)}") from exc


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


def _no_text_layer(pages: tuple[str, ...]) -> tuple[ExtractionProblem, ...]:
    """Report the pages with no text at all (usually scans), which OCR will fill in later."""
    blank = tuple(number for number, text in enumerate(pages, start=1) if not text.strip())
    if not blank:
        return ()
    message = (
        f"{len(blank)} of {len(pages)} pages have no text layer (scanned images?);"
        " OCR is not run yet"
    )
    return (ExtractionProblem(kind="no_text_layer", message=message, pages=blank),)
