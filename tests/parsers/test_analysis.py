"""`analyse`: metadata, key quotes and citations of one extraction, in record-ready form."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from parsers.analysis import Analysed, Analysis, analyse
from parsers.ecf import parse_stamp
from parsers.metadata import Field, Metadata
from parsers.pool import ExtractionPool, ExtractOptions
from parsers.text import Extraction, extract
from storage import cli
from storage.archive import add_extraction
from storage.document import DocumentRef
from storage.records import SCHEMA_PATH, RecordParts, build_record


@pytest.fixture(scope="module")
def scanlon(corpus_pdf: Callable[[str], Path]) -> tuple[Extraction, Analysis]:
    """The D.N.J. opinion in Scanlon v. Lawson (dev, 12 pages), extracted and analysed."""
    extraction = extract(corpus_pdf("xray__data3-test3.pdf").read_bytes(), ocr=False)
    return extraction, analyse(extraction)


def test_analysis_of_an_opinion(scanlon: tuple[Extraction, Analysis]) -> None:
    extraction, analysis = scanlon
    assert analysis.metadata.get("court_id") == "njd"
    assert analysis.metadata.get("disposition") == "denied"
    assert len(analysis.quotes) == 5
    # Page 10: "Again, due diligence does not permit doing nothing."
    assert any(
        quote.page == 10 and quote.text == "Again, due diligence does not permit doing nothing."
        for quote in analysis.quotes
    )
    assert all(extraction.text[q.start : q.end] == q.text for q in analysis.quotes)
    assert "357 F.3d 348" in {cited.citation for cited in analysis.citations}


def test_a_document_without_text_has_no_quotes_citations_or_disposition() -> None:
    # A scanned page OCR could not read: three blank pages and an ECF stamp.
    blank = Extraction(
        pages=("", "", ""),
        engine="pdfplumber",
        engine_version="0",
        seconds=0.0,
        ecf=parse_stamp("Case: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1"),
    )
    analysis = analyse(blank)
    assert (analysis.quotes, analysis.citations) == ((), ())
    assert analysis.metadata.get("disposition") is None
    assert analysis.metadata.get("docket_number") == "17-2218"


def test_record_forms_are_json(scanlon: tuple[Extraction, Analysis]) -> None:
    _, analysis = scanlon
    quotes = json.loads(json.dumps(analysis.quotes_json()))
    assert [quote["rank"] for quote in quotes] == [1, 2, 3, 4, 5]
    first = quotes[0]
    assert set(first) == {"rank", "text", "page", "bbox", "score", "reason", "start", "end"}
    page, x0, top, x1, bottom = first["bbox"][0]
    assert page == first["page"] and x0 < x1 and top < bottom
    citations = json.loads(json.dumps(analysis.citations_json()))
    assert all(set(cited) == {"citation", "kind", "count", "name"} for cited in citations)
    assert all(cited["count"] >= 1 for cited in citations)


def test_with_listing_keeps_quotes_and_puts_the_listing_first(scanlon: tuple[Extraction, Analysis]) -> None:
    _, analysis = scanlon
    listed = analysis.with_listing({"court_id": "njd", "case_name": "Scanlon v. Lawson (D.N.J.)"})
    assert listed.quotes == analysis.quotes
    assert listed.metadata.field("case_name").source == "listing"  # type: ignore[union-attr]
    document = listed.metadata.to_json()["case_name"]["others"]
    assert document == [{"value": "Scanlon v. Lawson", "source": "caption"}]


def test_record_from_a_dev_pdf_carries_the_analysis_and_validates(scanlon: tuple[Extraction, Analysis]) -> None:
    extraction, analysis = scanlon
    parts = RecordParts(
        facts=DocumentRef(document_type=None, court_id="njd", case_name="Scanlon v. Lawson"), sha256="0" * 64
    )
    add_extraction(parts, Analysed(extraction, analysis))
    record = build_record("njd/scanlon-158", parts)
    jsonschema.validate(json.loads(json.dumps(record)), json.loads(SCHEMA_PATH.read_text()))
    # The listing's case name wins; the caption's as printed is kept beside the short form.
    assert record["case"]["name"] == "Scanlon v. Lawson"
    assert record["case"]["name_full"] == "Edward Scanlon, IV v. Valerie Lawson"
    assert record["metadata"]["case_name"] == {"value": "Scanlon v. Lawson", "source": "listing", "others": []}
    assert (record["schema_version"], record["document"]["filed_by"], record["quotes_skipped"]) == (3, "court", None)
    # What the listing did not give comes from the document (read off the PDF's last page).
    assert (
        record["document"]["judge"],
        record["document"]["date_filed"],
        record["document"]["disposition"],
        record["document"]["type"],
    ) == ("Renée Marie Bumb", "2020-03-09", "denied", "opinion")
    assert record["metadata"]["judge"]["source"] == "signature"
    assert len(record["quotes"]) == 5
    assert all(quote["text"] in extraction.text for quote in record["quotes"])
    assert {
        "citation": "357 F.3d 348",
        "kind": "case",
        "count": 1,
        "name": "DeRienzo v. Harvard Industries, Inc.",
    } in record["citations"]


def test_extract_quotes_prints_rank_page_and_sentence(
    corpus_pdf: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_pdf("doctor__gov.uscourts.cand.16711.199.0.pdf")
    assert cli.main(["extract", "--quotes", "--no-ocr", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 5
    assert all(re.match(r"[1-5]\. p\. [12]  \S", line) for line in lines)
    # The decree, on page 2 of the PDF.
    assert any(
        re.fullmatch(r"[1-5]\. p\. 2  Accordingly, defendant’s motion to quash is DENIED\.", line) for line in lines
    )


def test_the_worker_pool_extracts_and_analyses(corpus_pdf: Callable[[str], Path]) -> None:
    data = corpus_pdf("doctor__gov.uscourts.cand.16711.199.0.pdf").read_bytes()
    pool = ExtractionPool(1, timeout=120, options=ExtractOptions(ocr=False))
    try:
        result = asyncio.run(pool.analyse(data))
    finally:
        pool.close()
    assert isinstance(result, Analysed)
    assert result.analysis.metadata.get("disposition") == "denied"
    assert result.analysis.quotes[0].text in result.extraction.text


def test_a_listed_opinion_keeps_its_quotes_whatever_the_document_reads_as(scanlon: tuple[Extraction, Analysis]) -> None:
    extraction, analysis = scanlon
    # The same words, read as a party's filing: no quotes; listed as the court's order: quotes.
    read = analysis.metadata
    as_read = tuple((name, (Field("party", "text"),) if name == "filed_by" else found) for name, found in read.values)
    as_party = Analysis(Metadata(as_read, read.dockets), analysis.quotes, analysis.citations)
    assert as_party.shown_quotes == () and as_party.quotes
    for listed_type, quoted in (("order", True), ("other", False)):
        parts = RecordParts(facts=DocumentRef(court_id="njd", document_type=listed_type), sha256="0" * 64)
        add_extraction(parts, Analysed(extraction, as_party))
        record = build_record("njd/scanlon-158", parts)
        assert bool(record["quotes"]) is quoted
        assert record["quotes_skipped"] == (None if quoted else "party_filing")
        assert record["document"]["filed_by"] == ("court" if quoted else "party")
