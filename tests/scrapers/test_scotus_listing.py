"""The Supreme Court listing parsers, against juriscraper's expected outputs and the pages."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from scrapers.items import DocumentRef
from scrapers.spiders.scotus_listing import ListingChanged, parse_listing

EXAMPLES = "fixtures/juriscraper/tests/examples/opinions/united_states"
SLIP_URL = "https://www.supremecourt.gov/opinions/slipopinion/22"
RELATING_URL = "https://www.supremecourt.gov/opinions/relatingtoorders/15"
PDFS = "https://www.supremecourt.gov/opinions"

Row = tuple[str | None, str, str | None, str, str | None, str | None]


@pytest.fixture(scope="module")
def slip_docs(shared_path: Callable[[str], Path]) -> list[DocumentRef]:
    page = shared_path(f"{EXAMPLES}/scotus_slip_example.html")
    return parse_listing(page.read_text(encoding="utf-8"), SLIP_URL)


@pytest.fixture(scope="module")
def relating_docs(shared_path: Callable[[str], Path]) -> list[DocumentRef]:
    page = shared_path(f"{EXAMPLES}/scotus_relating_example.html")
    return parse_listing(page.read_text(encoding="utf-8"), RELATING_URL)


def by_case(docs: list[DocumentRef], case_name: str) -> list[DocumentRef]:
    return [d for d in docs if d.case_name == case_name]


def as_row(doc: DocumentRef) -> Row:
    """The fields juriscraper's compare.json holds, in its formats."""
    assert doc.date_filed is not None
    return (doc.case_name, doc.date_filed.isoformat(), doc.docket_number, doc.document_url, doc.judge, doc.citation)


@pytest.mark.parametrize(
    ("example", "url", "count"),
    [("scotus_slip_example", SLIP_URL, 58), ("scotus_relating_example", RELATING_URL, 9)],
)
def test_matches_juriscraper_expected_output(
    shared_path: Callable[[str], Path], example: str, url: str, count: int
) -> None:
    oracle = json.loads(shared_path(f"{EXAMPLES}/{example}.compare.json").read_text())
    expected = Counter[Row](
        (r["case_names"], r["case_dates"], r["docket_numbers"], r["download_urls"], r["judges"], r.get("citations"))
        for r in oracle
    )
    html = shared_path(f"{EXAMPLES}/{example}.html").read_text(encoding="utf-8")
    actual = Counter(as_row(d) for d in parse_listing(html, url))
    assert sum(expected.values()) == count  # the oracle itself is not empty or truncated
    assert expected - actual == Counter(), "rows juriscraper finds and we miss"
    assert actual - expected == Counter(), "rows we find and juriscraper does not"


def test_reads_the_latest_slip_opinion(slip_docs: list[DocumentRef]) -> None:
    [doc] = by_case(slip_docs, "303 Creative LLC v. Elenis")
    assert doc == DocumentRef(
        case_name="303 Creative LLC v. Elenis",
        docket_number="21-476",
        date_filed=date(2023, 6, 30),
        document_url=f"{PDFS}/22pdf/600us1r58_7khn.pdf",
        document_type="opinion",
        judge="Neil Gorsuch",
        citation="600 U.S. 570",
    )


def test_reads_the_more_table_too(slip_docs: list[DocumentRef]) -> None:
    # The first release of the term sits in the collapsed "More" table, not the latest ten.
    [doc] = by_case(slip_docs, "In re Grand Jury")
    assert (doc.date_filed, doc.docket_number, doc.judge) == (date(2023, 1, 23), "21-1397", "Per Curiam")
    assert len(slip_docs) == 58


def test_keeps_original_docket_and_straightens_apostrophes(slip_docs: list[DocumentRef]) -> None:
    [doc] = by_case(slip_docs, "New York v. New Jersey")
    assert doc.docket_number == "156, Orig."
    # The page prints "Jack Daniel’s" with a typographic apostrophe.
    [doc] = by_case(slip_docs, "Jack Daniel's Properties, Inc. v. VIP Products LLC")
    assert doc.docket_number == "22-148"


def test_strips_page_fragments(relating_docs: list[DocumentRef]) -> None:
    # Breyer's dissent starts on page 2 of the PDF holding Sotomayor's statement.
    brooks = by_case(relating_docs, "Brooks v. Alabama")
    assert {(d.judge, d.document_url) for d in brooks} == {
        ("Sonia Sotomayor", f"{PDFS}/15pdf/15-7786_n7io.pdf"),
        ("Stephen Breyer", f"{PDFS}/15pdf/15-7786_n7io.pdf"),
    }


def test_a_revision_link_is_a_document_of_its_own(relating_docs: list[DocumentRef]) -> None:
    correll = by_case(relating_docs, "Correll v. Florida")
    breyer = {d.date_filed: d.document_url for d in correll if d.judge == "Stephen Breyer"}
    # The row is dated 10/29/2015 (four-digit year); its Revised link reads 10/30/15.
    assert breyer == {
        date(2015, 10, 29): f"{PDFS}/15pdf/15-6551_c07d.pdf",
        date(2015, 10, 30): f"{PDFS}/15pdf/15-6551_diff_1924.pdf",
    }


def test_a_page_without_the_table_raises(shared_path: Callable[[str], Path]) -> None:
    tree = lxml.html.fromstring(shared_path(f"{EXAMPLES}/scotus_slip_example.html").read_bytes())
    for table in tree.xpath("//table[.//th]"):
        table.drop_tree()
    with pytest.raises(ListingChanged, match="no table"):
        parse_listing(lxml.html.tostring(tree, encoding="unicode"), SLIP_URL)


def page(*rows: str) -> str:
    """A slip page with the real table's headers and the given rows."""
    headers = "".join(f"<th>{h}</th>" for h in ("R-", "Date", "Docket", "Name", "J.", "Citation"))
    table = f"<table class='table table-bordered'><tr>{headers}</tr>{''.join(rows)}</table>"
    return f"<html><body>{table}</body></html>"


def row(initials: str, name_cell: str = "<a href='/opinions/24pdf/1.pdf'>A v. B</a>") -> str:
    """A table row with no citation yet."""
    cells = ("1", "10/7/24", "24-1", name_cell, initials, "")
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def test_an_empty_table_is_an_empty_listing() -> None:
    # A term with nothing released yet. Assumed shape: no saved empty page exists.
    assert parse_listing(page(), SLIP_URL) == []


def test_unknown_initials_are_kept_and_a_decree_has_no_author() -> None:
    docs = parse_listing(page(row("XY"), row("D")), SLIP_URL)
    assert [(d.judge, d.title, d.citation) for d in docs] == [("XY", None, None), (None, "Decree", None)]


def test_a_row_without_a_link_raises() -> None:
    with pytest.raises(ListingChanged, match="no link"):
        parse_listing(page(row("T", name_cell="A v. B")), SLIP_URL)
