"""Typed errors for PDFs we cannot extract, and non-fatal problems found while extracting."""

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


@dataclass(frozen=True)
class ExtractionProblem:
    """A non-fatal problem: the extraction still returned, but some of it is missing or doubtful."""

    kind: str
    message: str
    pages: tuple[int, ...] = ()
