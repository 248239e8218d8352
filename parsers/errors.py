"""Typed errors for PDFs we cannot extract, non-fatal problems found while extracting, and
the header check every engine runs first (`check_header`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class PdfError(Exception):
    """A PDF whose text cannot be extracted; raised only as one of the subclasses below.

    `kind` is a short stable name for records and stats (`extract/failed/<kind>`); the message
    is for a person reading the record.
    """

    kind: ClassVar[str]


class EmptyPdf(PdfError):
    """The body is not a PDF at all: 0 bytes, whitespace only, or no `%PDF-` header."""

    kind = "empty"


class BrokenPdf(PdfError):
    """The body claims to be a PDF, but the parser cannot open or read it."""

    kind = "broken"


class EncryptedPdf(PdfError):
    """The PDF is encrypted and needs a password we do not have."""

    kind = "encrypted"


class TooLargePdf(PdfError):
    """The PDF is over a page-count or byte limit set by the caller."""

    kind = "too_large"


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


@dataclass(frozen=True)
class ExtractionProblem:
    """A non-fatal problem: the extraction still returned, but some of it is missing or doubtful."""

    kind: str
    message: str
    pages: tuple[int, ...] = ()
