"""Supreme Court of the United States: slip opinions and opinions relating to orders.

Listings: https://www.supremecourt.gov/opinions/slipopinion/<yy> and .../relatingtoorders/<yy>,
one HTML table of PDFs per October Term. A court spider in the anatomy every court follows:
a module-level `parse_listing` (pure) and a `ListingSpider`. Over 80 lines for the justices'
initials and the table's quirks (revisions, shared PDFs, two date formats):
docs/sources/scotus.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin

from parsel import Selector
from scrapy.http import Response

from scrapers.items import CourtDocument, DocumentRef
from scrapers.readers.bounds import html_selector
from scrapers.spiders._base import ListingChanged, ListingSpider

LISTINGS = ("slipopinion", "relatingtoorders")
REQUIRED_COLUMNS = ("Date", "Docket", "Name", "J.")

# The names juriscraper (and so CourtListener) gives these initials, typos included, so that
# our records match theirs: "Elana Kagan" is its spelling of Justice Elena Kagan.
JUSTICES = {
    "A": "Samuel Alito",
    "AB": "Amy Coney Barrett",
    "AS": "Antonin Scalia",
    "B": "Stephen Breyer",
    "BK": "Brett Kavanaugh",
    "DS": "David Souter",
    "EK": "Elana Kagan",
    "G": "Ruth Bader Ginsburg",
    "JS": "John Paul Stevens",  # juriscraper misspells him "Stephens"; no oracle shows it
    "K": "Anthony Kennedy",
    "KJ": "Ketanji Brown Jackson",
    "NG": "Neil Gorsuch",
    "PC": "Per Curiam",
    "R": "John G. Roberts",
    "SS": "Sonia Sotomayor",
    "T": "Clarence Thomas",
}
DECREE = "D"


def parse_listing(html: str, base_url: str) -> list[DocumentRef]:
    """The opinions on a slip opinion or relating-to-orders term page (same table shape): every
    row of every table headed with the required columns, in page order.

    Raises:
        ListingChanged: when the page is too large or deep to parse, has no opinions table,
            or a row cannot be read.
    """
    page = html_selector(html, "listing", ListingChanged)
    tables = [(table, _headers(table)) for table in page.xpath("//table")]
    opinion_tables = [(t, h) for t, h in tables if set(REQUIRED_COLUMNS) <= set(h)]
    if not opinion_tables:
        raise ListingChanged(f"no table with the columns {', '.join(REQUIRED_COLUMNS)}")
    return [
        doc
        for table, headers in opinion_tables
        for row in table.xpath("./tr[td] | ./tbody/tr[td]")
        for doc in _parse_row(row, headers, base_url)
    ]


def _parse_row(row: Selector, headers: list[str], base_url: str) -> list[DocumentRef]:
    """The opinion in one row, followed by its revisions."""
    cells = row.xpath("./td")
    # A single cell spanning the table is a note (or padding), not an opinion.
    if len(cells) == 1 or not _text(row):
        return []
    if len(cells) != len(headers):
        raise ListingChanged(f"{len(cells)} cells under {len(headers)} headers: {_text(row)!r}")
    cell = dict(zip(headers, cells))
    href = cell["Name"].xpath(".//a/@href").get()
    if href is None:
        raise ListingChanged(f"no link to a PDF in the row {_text(row)!r}")
    initials = _text(cell["J."])
    citation = _text(cell["Citation"]) if "Citation" in cell else ""
    opinion = DocumentRef(
        case_name=_case_name(cell["Name"]),
        docket_number=_text(cell["Docket"]) or None,
        date_filed=_parse_date(_text(cell["Date"])),
        document_url=_absolute(href, base_url),
        title="Decree" if initials == DECREE else None,
        document_type="opinion",
        judge=None if initials in ("", DECREE) else JUSTICES.get(initials, initials),
        citation=citation or None,
    )
    revised = cell["Revised"].xpath(".//a[@href]") if "Revised" in cell else []
    revisions = [
        replace(opinion, date_filed=_parse_date(_text(link)), document_url=_absolute(link.attrib["href"], base_url))
        for link in revised
    ]
    return [opinion, *revisions]


def _headers(table: Selector) -> list[str]:
    """The column headers of a table, as printed."""
    return [_text(th) for th in table.xpath("./tr/th | ./thead/tr/th | ./tbody/tr/th")]


def _text(node: Selector) -> str:
    """A node's text with whitespace (non-breaking spaces too) collapsed."""
    return " ".join((node.xpath("string()").get() or "").split())


def _case_name(cell: Selector) -> str | None:
    """The case name, with straight apostrophes as juriscraper and CourtListener store them."""
    return _text(cell).replace("\u2019", "'").replace("\u2018", "'") or None


def _parse_date(text: str) -> date:
    """A date printed m/d/yy or m/d/yyyy.

    Raises:
        ListingChanged: when it is neither.
    """
    for fmt in ("%m/%d/%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ListingChanged(f"date {text!r} is neither m/d/yy nor m/d/yyyy")


def _absolute(href: str, base_url: str) -> str:
    """The absolute URL of a link, without the `#page=N` fragment."""
    return urldefrag(urljoin(base_url, href.strip())).url


def current_term(today: date) -> str:
    """The two-digit October Term in session on `today`."""
    year = today.year if today.month >= 10 else today.year - 1
    return f"{year % 100:02d}"


class ScotusSpider(ListingSpider):
    """Crawl one term's slip opinions and opinions relating to orders.

    Arguments: `term` (two-digit year, default the current term), `since`/`until` (ISO
    dates), `base_url` (a mirror or local test server instead of supremecourt.gov).
    """

    name = "scotus"
    court_id = "scotus"
    court_name = "Supreme Court of the United States"
    site = "https://www.supremecourt.gov"

    def __init__(self, *args: Any, term: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if term is not None and not (term.isdigit() and len(term) == 2):
            raise ValueError(f"term={term!r} is not a two-digit year such as 24")
        self.term = term

    def listing_urls(self) -> list[str]:
        """The term's two listing pages."""
        term = self.term or current_term(date.today())
        return [f"{self.base_url}/opinions/{listing}/{term}" for listing in LISTINGS]

    def parse(self, response: Response, **kwargs: Any) -> Iterator[CourtDocument]:
        """Items for the opinions a listing page shows."""
        yield from self.documents(parse_listing(response.text, response.url), response.url)
