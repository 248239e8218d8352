"""parsers.text.extract on generated PDFs (tests/support/pdfgen.py) and on the real corpus in ../shared.

Expected text is what we drew into the generated PDFs, or read off the rendered corpus page by a
person; page counts come from PROVENANCE, which PyMuPDF (an independent reader) filled in.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from parsers.errors import BrokenPdf, EmptyPdf, EncryptedPdf, PdfError, TooLargePdf
from parsers.text import extract
from tests.conftest import SHARED
from tests.support import pdfgen

CorpusPdf = Callable[[str], Path]

PAGES = [
    "Alpha page names the appellant.",
    "Bravo page weighs the evidence.",
    "Charlie page: it is so ordered.",
]


def words(text: str) -> list[str]:
    """The text's words, so layout whitespace does not matter."""
    return text.split()


# --- generated PDFs ---------------------------------------------------------------------------


def test_text_pages_come_back_in_order_with_their_words() -> None:
    extraction = extract(pdfgen.text_pdf(PAGES))

    assert [words(page) for page in extraction.pages] == [words(page) for page in PAGES]
    assert extraction.page_count == 3
    assert extraction.problems == ()
    assert extraction.ocr_pages == ()
    assert (extraction.engine, extraction.engine_version) == ("pdfplumber", pdfplumber.__version__)
    assert extraction.seconds > 0


def test_text_splits_on_form_feeds_into_the_pages() -> None:
    extraction = extract(pdfgen.text_pdf(PAGES))

    chunks = extraction.text.split("\f")

    assert [words(chunk) for chunk in chunks] == [words(page) for page in PAGES]


def test_a_form_feed_drawn_on_a_page_does_not_split_it() -> None:
    # pdfplumber's default word grouping drops it today; keep_blank_chars=True would not.
    extraction = extract(pdfgen.form_feed_pdf())

    assert extraction.text.split("\f") == list(extraction.pages)
    assert extraction.page_count == 1
    assert words(extraction.pages[0]) == ["before", "after"]


def test_encrypted_pdf_is_an_encrypted_error() -> None:
    with pytest.raises(EncryptedPdf, match="password") as raised:
        extract(pdfgen.encrypted_pdf(user_password="secret"))

    assert raised.value.kind == "encrypted"


def test_owner_password_only_pdf_is_read_like_any_other() -> None:
    # Courts often restrict copying with an owner password; anyone may still open and read it.
    extraction = extract(pdfgen.encrypted_pdf(user_password=""))

    assert words(extraction.pages[0]) == ["Sealed", "order", "of", "the", "court"]


def test_image_only_pages_are_a_problem_naming_every_page_not_an_error() -> None:
    extraction = extract(pdfgen.image_only_pdf(pages=2))

    assert extraction.page_count == 2
    assert extraction.ocr_pages == (1, 2)  # OCR ran, and found nothing to read
    [problem] = extraction.problems
    assert (problem.kind, problem.pages) == ("no_text_layer", (1, 2))
    assert problem.message.startswith("2 of 2 pages have no text layer")


def test_truncated_pdf_is_broken() -> None:
    # pdfminer does not recover the first half: the catalog and xref sit at the end of the file.
    with pytest.raises(BrokenPdf, match="^pdfminer cannot open the PDF: ") as raised:
        extract(pdfgen.truncated_pdf())

    assert raised.value.kind == "broken"


def test_an_html_error_page_is_empty_and_says_what_came_instead() -> None:
    # EmptyPdf, not BrokenPdf: no PDF arrived at all (fetch it again later), whereas a broken
    # PDF is a document that is damaged. pdfminer's own "No /Root object" would hide that.
    with pytest.raises(EmptyPdf, match="503 Service Unavailable") as raised:
        extract(pdfgen.not_a_pdf())

    assert raised.value.kind == "empty"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "PDF is 0 bytes"), (b" \r\n\t", "PDF is 4 bytes of whitespace only")],
    ids=["zero-bytes", "whitespace"],
)
def test_nothing_at_all_is_empty(data: bytes, message: str) -> None:
    with pytest.raises(EmptyPdf) as raised:
        extract(data)

    assert str(raised.value) == message


def test_stray_bytes_before_the_header_are_tolerated() -> None:
    # Like doctor__broken-mime.pdf: a CRLF in front of "%PDF-" must not make it "not a PDF".
    extraction = extract(b"\r\n" + pdfgen.text_pdf(PAGES[:1]))

    assert words(extraction.pages[0]) == words(PAGES[0])


def test_a_pdf_without_pages_is_broken_not_an_empty_success() -> None:
    with pytest.raises(BrokenPdf, match="no pages"):
        extract(pdfgen.zero_page_pdf())


def test_more_pages_than_max_pages_is_too_large() -> None:
    data = pdfgen.text_pdf(PAGES)

    with pytest.raises(TooLargePdf, match="3 pages, over the limit of 2") as raised:
        extract(data, max_pages=2)

    assert raised.value.kind == "too_large"
    assert extract(data, max_pages=3).page_count == 3


def test_results_and_errors_survive_pickling_for_the_process_pool() -> None:
    # parsers/pool.py sends both back from a worker process; an exception whose __init__ takes
    # other arguments than its message would fail to unpickle there.
    extraction = extract(pdfgen.image_only_pdf(pages=1))
    with pytest.raises(EncryptedPdf) as raised:
        extract(pdfgen.encrypted_pdf())

    assert pickle.loads(pickle.dumps(extraction)) == extraction
    error = pickle.loads(pickle.dumps(raised.value))
    assert (type(error), error.kind, str(error)) == (EncryptedPdf, "encrypted", str(raised.value))


# --- real court PDFs, read in place from ../shared ------------------------------------------


def read_corpus(corpus_pdf: CorpusPdf, name: str) -> bytes:
    """The bytes of a corpus PDF, checked against PROVENANCE's sha256 by the fixture."""
    return corpus_pdf(name).read_bytes()


def test_zero_byte_corpus_file_is_empty(corpus_pdf: CorpusPdf) -> None:
    with pytest.raises(EmptyPdf, match="PDF is 0 bytes"):
        extract(read_corpus(corpus_pdf, "doctor__empty.pdf"))


def test_pdf_that_pdfminer_cannot_open_is_read_by_pdfium_and_says_so(corpus_pdf: CorpusPdf) -> None:
    # An eval file: only its engine, page count and problems are looked at, not its text.
    extraction = extract(read_corpus(corpus_pdf, "doctor__missouri.pdf"), ocr=False)

    assert extraction.engine == "pypdfium2"
    assert extraction.page_count == provenance_pages()["doctor__missouri.pdf"]
    assert extraction.text.strip()
    [fallback] = [p for p in extraction.problems if p.kind == "engine_fallback"]
    assert fallback.message == (
        "pdfminer cannot open the PDF: No /Root object! - Is this really a PDF?; the text is PDFium's (pypdfium2)"
    )


def test_pdf_that_no_engine_can_open_is_broken_with_both_reasons() -> None:
    with pytest.raises(BrokenPdf, match="^pdfminer cannot open the PDF: .*; PDFium cannot open"):
        extract(pdfgen.truncated_pdf())


def test_the_fast_engine_is_chosen_by_name() -> None:
    extraction = extract(pdfgen.text_pdf(["First page.", "Second page."]), engine="pypdfium2")

    assert extraction.engine == "pypdfium2"
    assert [page.split()[0] for page in extraction.pages] == ["First", "Second"]


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'pdfbox'"):
        extract(pdfgen.text_pdf(["x"]), engine="pdfbox")


def test_supreme_court_slip_opinion(corpus_pdf: CorpusPdf) -> None:
    extraction = extract(read_corpus(corpus_pdf, "scotuspdf__24-482_d1oe.pdf"))

    assert extraction.page_count == 25
    assert extraction.problems == ()
    # Read off the rendered first page: court, caption and docket number.
    first = extraction.pages[0]
    assert "SUPREME COURT OF THE UNITED STATES" in first
    assert "ELLINGBURG v. UNITED STATES" in first
    assert "No. 24–482." in first


def test_district_court_order_has_text_on_both_pages(corpus_pdf: CorpusPdf) -> None:
    extraction = extract(read_corpus(corpus_pdf, "doctor__gov.uscourts.cand.16711.199.0.pdf"))

    assert extraction.page_count == 2
    assert extraction.problems == ()
    assert "ORDER DENYING MOTION TO QUASH" in extraction.pages[0]
    assert "IT IS SO ORDERED." in extraction.pages[1]


def test_scan_without_text_layer_is_read_by_ocr(corpus_pdf: CorpusPdf) -> None:
    extraction = extract(read_corpus(corpus_pdf, "doctor__image-pdf-2.pdf"))

    assert extraction.ocr_pages == tuple(range(1, extraction.page_count + 1))
    assert extraction.problems == ()
    # Read on the page image: the last line of the order's first page.
    assert "Judge Timothy W. Conner dissented." in extraction.pages[0]


def test_scan_without_ocr_names_the_pages_without_text(corpus_pdf: CorpusPdf) -> None:
    extraction = extract(read_corpus(corpus_pdf, "doctor__image-pdf.pdf"), ocr=False)

    assert extraction.page_count == 2
    assert extraction.ocr_pages == ()
    assert [(p.kind, p.pages) for p in extraction.problems] == [("no_text_layer", (1, 2))]


def test_mixed_scan_gets_ocr_only_on_its_image_only_pages(corpus_pdf: CorpusPdf) -> None:
    # PROVENANCE: pages 1-6 carry OCR text, pages 7-11 (appeal forms) are images only.
    extraction = extract(read_corpus(corpus_pdf, "courtlistener__Calderon_Fuentes_EHO.pdf"))

    assert extraction.page_count == 11
    assert extraction.ocr_pages == (7, 8, 9, 10, 11)
    assert extraction.problems == ()
    # Read on the page images of pages 7 and 11.
    assert "Ombudsman" in extraction.pages[6]
    assert "perjury" in extraction.pages[10]


def test_garbage_text_layer_is_replaced_by_ocr(corpus_pdf: CorpusPdf) -> None:
    extraction = extract(read_corpus(corpus_pdf, "doctor__gov.uscourts.nysd.413994.212.0.pdf"))

    assert 1 in extraction.ocr_pages
    # Read on the page image of page 1.
    assert "Neither warrants relief here." in extraction.pages[0]


def test_a_typed_stamp_over_a_scan_is_kept_as_typed_and_the_rest_is_ocrd() -> None:
    stamp = "Case 2:21-cv-00031-BJR Document 42 Filed 01/21/21 Page 1 of 1"
    data = pdfgen.scanned_pdf(["scan:It is so ordered. The motion to dismiss is denied."], stamp=stamp)

    extraction = extract(data)

    assert extraction.ocr_pages == (1,)
    assert extraction.ecf is not None and extraction.ecf.text == stamp
    assert extraction.pages[0] == "It is so ordered. The motion to dismiss is denied."


def test_ocr_stops_at_its_time_budget_and_names_the_pages_left() -> None:
    extraction = extract(pdfgen.image_only_pdf(pages=2), ocr_seconds=0)

    assert extraction.ocr_pages == ()
    assert [(p.kind, p.pages) for p in extraction.problems] == [("ocr_skipped", (1, 2)), ("no_text_layer", (1, 2))]


# --- every corpus PDF: no crash, and PyMuPDF's page count ---------------------------------------

# The only corpus files that may fail, and how. Any other failure is a regression.
EXPECTED_ERRORS: dict[str, type[PdfError]] = {
    "doctor__empty.pdf": EmptyPdf,
}


@cache
def provenance_pages() -> dict[str, int]:
    """File name -> the 'pages' column of corpus/PROVENANCE.md, found by its header."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (SHARED / "corpus" / "PROVENANCE.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ]
    header, table = rows[0], rows[1:]
    file_at, pages_at = header.index("file"), header.index("pages")
    return {row[file_at].strip("`"): int(row[pages_at]) for row in table}


def corpus_names() -> list[str]:
    """The PDFs in ../shared/corpus/pdfs, listed at collection time to name each test."""
    names = sorted(path.name for path in (SHARED / "corpus" / "pdfs").glob("*.pdf"))
    # Without ../shared, one placeholder goes to the corpus_pdf fixture, which skips (fails on CI).
    return names or ["absent.pdf"]


def test_corpus_folder_holds_exactly_the_files_in_provenance(
    shared_path: Callable[[str], Path],
) -> None:
    listed = sorted(path.name for path in shared_path("corpus/pdfs").glob("*.pdf"))

    assert len(listed) == 60
    assert listed == sorted(provenance_pages())


@pytest.mark.parametrize("name", corpus_names())
def test_every_corpus_pdf_extracts_or_fails_as_expected(corpus_pdf: CorpusPdf, name: str) -> None:
    data = read_corpus(corpus_pdf, name)

    # Without OCR: the scans are OCR'd in the tests above and in tests/parsers/test_ocr.py.
    if name in EXPECTED_ERRORS:
        with pytest.raises(EXPECTED_ERRORS[name]):
            extract(data, ocr=False)
    else:
        assert extract(data, ocr=False).page_count == provenance_pages()[name]
