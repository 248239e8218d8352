"""Clean text from PDF bytes: the default engine (pdfplumber chars) and layout cleaning.

    extract(data) = pdfplumber_pages(data)   parsers/engine_pdfplumber.py: chars per page
                    -> clean_pages(...)      parsers/layout.py: lines, margins, paragraphs
                    -> Extraction

`extraction_from_pages` is the seam for other char sources (pypdfium2, OCR): anything that
yields `parsers.chars.PageChars` gets the same cleaning and the same `Extraction`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from typing import Any

import pypdfium2

from parsers import engine_pdfium as pdfium_engine
from parsers import engine_pdfplumber as pdfplumber_engine
from parsers.bombs import check_inflated_sizes
from parsers.chars import PageChars
from parsers.ecf import EcfStamp
from parsers.errors import BrokenPdf, ExtractionProblem, PdfError
from parsers.head import Head
from parsers.layout import PAGE_SEPARATOR, clean_pages
from parsers.ocr import merge_layers, ocr_page, page_needs_ocr
from parsers.pagemap import PageMap
from parsers.redaction_pixels import render_check
from parsers.redactions import Redaction, candidates, judge, mask, reported

__all__ = ["DEFAULT_ENGINE", "ENGINES", "PAGE_SEPARATOR", "Extraction", "extract", "extraction_from_pages"]

DEFAULT_ENGINE = pdfplumber_engine.ENGINE
KEEP_HIDDEN_ENV = "COURT_ARCHIVE_KEEP_HIDDEN_TEXT"
# OCR budget per document, and per page: Tesseract reads a letter page in 2-10 s here.
OCR_SECONDS = 180.0
OCR_PAGE_SECONDS = 60.0
# Each engine: a function yielding a PDF's `PageChars` page by page, and its version.
ENGINES: dict[str, tuple[Callable[..., Iterator[PageChars]], str]] = {
    pdfplumber_engine.ENGINE: (pdfplumber_engine.pdfplumber_pages, pdfplumber_engine.ENGINE_VERSION),
    pdfium_engine.ENGINE: (pdfium_engine.pdfium_pages, pdfium_engine.ENGINE_VERSION),
}


@dataclass(frozen=True)
class Extraction:
    """The clean text of a PDF, page 1 first, with where each line sits on its page.

    `pages[n]` is page n+1's body: paragraphs one per line, without pleading-paper line
    numbers, rotated margin text, running headers and footers, ECF stamps, page numbers or
    footnote markers. Footnotes are kept apart, in `footnotes[n]` (each starting with its own
    number), so a sentence running over a page break is not cut by the footnotes at the
    foot of the page. `page_map` locates any span of `text` on the page (`footnote_map` does
    the same for `footnote_text`); `ecf` is the CM/ECF stamp of the first page that has one;
    `head` is the first page's lines cut into columns, with their boxes (`parsers.head`).
    `redactions` are the redaction boxes found (`parsers.redactions`); the text a bad one
    hides is left out of `pages` (each char shown as `parsers.redactions.MASK`) unless the
    extraction was asked to keep it.
    """

    pages: tuple[str, ...]
    engine: str
    engine_version: str
    seconds: float
    ocr_pages: tuple[int, ...] = ()
    problems: tuple[ExtractionProblem, ...] = ()
    footnotes: tuple[str, ...] = ()
    page_map: PageMap | None = None
    footnote_map: PageMap | None = None
    ecf: EcfStamp | None = None
    head: Head | None = None
    redactions: tuple[Redaction, ...] = ()
    hidden_text_kept: bool = False

    @property
    def bad_redactions(self) -> int:
        """How many redaction boxes have text of the text layer under them."""
        return sum(1 for found in self.redactions if found.hides_text)

    @property
    def page_count(self) -> int:
        """Number of pages in the PDF."""
        return len(self.pages)

    @property
    def text(self) -> str:
        """All pages' bodies joined by form feeds, so page N is `text.split("\\f")[N - 1]`."""
        return PAGE_SEPARATOR.join(self.pages)

    @property
    def footnote_text(self) -> str:
        """All pages' footnotes joined by form feeds, page by page like `text`."""
        return PAGE_SEPARATOR.join(self.footnotes)


def keep_hidden_text() -> bool:
    """Whether the environment asks to keep the text bad redactions hide (`1`, `true`, `yes` or
    `on` in `KEEP_HIDDEN_ENV`, as the crawl settings read it): for those whose job is to find
    such filings."""
    return os.environ.get(KEEP_HIDDEN_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def extract(
    data: bytes,
    *,
    max_pages: int | None = None,
    engine: str = DEFAULT_ENGINE,
    ocr: bool = True,
    ocr_seconds: float = OCR_SECONDS,
    keep_hidden: bool = False,
) -> Extraction:
    """Extract the clean text of each page of a PDF, OCR'ing the pages that need it.

    `engine` reads the text layer: `pdfplumber` (the default) or `pypdfium2` (the fast one).
    When pdfminer cannot read the PDF, pypdfium2 takes over and the `engine` of the result
    says so, with an `engine_fallback` problem giving pdfminer's error. With `ocr`, each page
    without a usable text layer (`parsers.ocr.page_needs_ocr`) is read by Tesseract instead,
    listed in `ocr_pages`; OCR stops after `ocr_seconds` in all (the pages left are an
    `ocr_skipped` problem) and a page Tesseract fails on is an `ocr_failed` problem. Pages
    left without any text are a `no_text_layer` problem. Bad redactions are found on every
    page (`redactions`), and the text they hide is masked unless `keep_hidden`.

    Raises:
        EmptyPdf: `data` is empty, whitespace, or has no PDF header (an HTML error page, say).
        EncryptedPdf: the PDF needs a password to open.
        TooLargePdf: the PDF has more than `max_pages` pages, or a stream inflates too far.
        BrokenPdf: neither engine can open the PDF or read one of its pages.
        ValueError: `engine` is not one of `ENGINES`.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    try:
        return _extract_with(
            engine, data, max_pages, _OcrPass(data, ocr, ocr_seconds), _RedactionPass(data, keep_hidden), started
        )
    except BrokenPdf as exc:
        if engine == pdfium_engine.ENGINE:
            raise
        failure = exc
    fallback = ExtractionProblem(kind="engine_fallback", message=f"{failure}; the text is PDFium's (pypdfium2)")
    try:
        extraction = _extract_with(
            pdfium_engine.ENGINE,
            data,
            max_pages,
            _OcrPass(data, ocr, ocr_seconds),
            _RedactionPass(data, keep_hidden),
            started,
        )
    except BrokenPdf as exc:
        raise BrokenPdf(f"{failure}; {exc}") from exc
    return replace(extraction, problems=(fallback, *extraction.problems))


def _extract_with(
    engine: str, data: bytes, max_pages: int | None, ocr: _OcrPass, redact: _RedactionPass, started: float
) -> Extraction:
    """One engine's pages, bad redactions masked, OCR'd where needed, cleaned into an
    `Extraction`."""
    read_pages, version = ENGINES[engine]
    pages = ocr.pages(redact.pages(read_pages(data, max_pages=max_pages)))
    extraction = extraction_from_pages(pages, engine=engine, engine_version=version, started=started)
    return replace(
        extraction,
        ocr_pages=tuple(ocr.done),
        redactions=tuple(reported(redact.found)),
        hidden_text_kept=redact.keep_hidden,
        problems=(*redact.problems, *ocr.problems(), *extraction.problems),
    )


class _RedactionPass:
    """Finds each page's redactions (`parsers.redactions`), rendering with PDFium only the
    pages where shapes cover chars; masks the text bad ones hide unless told to keep it."""

    def __init__(self, data: bytes, keep_hidden: bool) -> None:
        self.data = data
        self.keep_hidden = keep_hidden
        self.found: list[Redaction] = []
        self.problems: list[ExtractionProblem] = []

    def pages(self, pages: Iterable[PageChars]) -> Iterator[PageChars]:
        """`pages`, each with the text its bad redactions hide masked (unless kept)."""
        with ExitStack() as stack:
            pdf: Any = None
            for page in pages:
                found = candidates(page)
                if not found:
                    self.found.extend(judge(page, (), frozenset(), frozenset())[0])
                    yield page
                    continue
                try:
                    if pdf is None:
                        check_inflated_sizes(self.data)
                        pdf = stack.enter_context(pdfium_engine.open_pdf(self.data))
                    rendered = render_check(pdf, page, found)
                except (PdfError, pypdfium2.PdfiumError) as exc:
                    self.problems.append(
                        ExtractionProblem(
                            kind="redaction_check_failed",
                            pages=(page.number,),
                            message=f"page {page.number}: cannot render it to check the boxes over its text: {exc}",
                        )
                    )
                    yield page
                    continue
                redactions, hidden = judge(page, found, rendered.hidden, rendered.dark)
                self.found.extend(redactions)
                yield page if self.keep_hidden else mask(page, hidden)


class _OcrPass:
    """Swaps each page that needs OCR for Tesseract's reading of it, within a time budget."""

    def __init__(self, data: bytes, enabled: bool, seconds: float) -> None:
        self.data = data
        self.enabled = enabled
        self.seconds = seconds
        self.deadline = time.perf_counter() + seconds
        self.done: list[int] = []
        self.failed: list[tuple[int, str]] = []
        self.skipped: list[int] = []

    def pages(self, pages: Iterable[PageChars]) -> Iterator[PageChars]:
        """`pages`, with Tesseract's chars in place of each page that has no usable text."""
        for page in pages:
            if not self.enabled or page_needs_ocr(page, pdf=self.data) is None:
                yield page
                continue
            remaining = self.deadline - time.perf_counter()
            if remaining <= 0:
                self.skipped.append(page.number)
                yield page
                continue
            try:
                read = ocr_page(self.data, page.number, timeout=min(remaining, OCR_PAGE_SECONDS))
            except PdfError as exc:
                self.failed.append((page.number, str(exc)))
                yield page
                continue
            self.done.append(page.number)
            yield merge_layers(page, read)

    def problems(self) -> tuple[ExtractionProblem, ...]:
        """The pages OCR failed on or had no time left for."""
        found = [
            ExtractionProblem(kind="ocr_failed", message=message, pages=(number,)) for number, message in self.failed
        ]
        if self.skipped:
            found.append(
                ExtractionProblem(
                    kind="ocr_skipped",
                    pages=tuple(self.skipped),
                    message=f"{len(self.skipped)} pages not OCR'd: OCR took its whole budget of {self.seconds:g} s",
                )
            )
        return tuple(found)


def extraction_from_pages(
    pages: Iterable[PageChars], *, engine: str, engine_version: str, started: float
) -> Extraction:
    """Clean any engine's pages into an `Extraction`; `started` is a `time.perf_counter()`."""
    clean = clean_pages(pages)
    return Extraction(
        pages=clean.pages,
        engine=engine,
        engine_version=engine_version,
        seconds=time.perf_counter() - started,
        problems=_no_text_layer(clean.pages, clean.footnotes),
        footnotes=clean.footnotes,
        page_map=clean.page_map,
        footnote_map=clean.footnote_map,
        ecf=clean.ecf,
        head=clean.head,
    )


def _no_text_layer(pages: tuple[str, ...], footnotes: tuple[str, ...]) -> tuple[ExtractionProblem, ...]:
    """Report the pages left with no text at all: scans that OCR did not (or could not) read."""
    blank = tuple(
        number
        for number, (body, notes) in enumerate(zip(pages, footnotes), start=1)
        if not body.strip() and not notes.strip()
    )
    if not blank:
        return ()
    message = f"{len(blank)} of {len(pages)} pages have no text layer (scanned images?) and no text OCR could read"
    return (ExtractionProblem(kind="no_text_layer", message=message, pages=blank),)
