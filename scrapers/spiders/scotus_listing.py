"""Supreme Court of the United States: the term listings of opinions, parsed without Scrapy.

Listings, one page per October Term (<yy> is the year the term began):
- https://www.supremecourt.gov/opinions/slipopinion/<yy>, "Opinions of the Court": the slip
  opinions of argued cases and per curiam decisions. Columns: R- (release number), Date,
  Docket, Name (link to the PDF), sometimes Revised, J. (author) and Citation (U.S. Reports,
  blank until the Reporter assigns pages).
- https://www.supremecourt.gov/opinions/relatingtoorders/<yy>, "Opinions Relating to Orders":
  statements and dissents by single justices on orders (mostly denials of certiorari).
  Columns: Date, Docket, Name, Revised, J., Pt. (preliminary print volume/part, not a citation).

Quirks:
- The slip page splits a term into two tables: the ten latest, and the rest under "More".
- Dates are m/d/yy or m/d/yyyy, both on one page.
- Each writing gets its own row, so several rows (each with its author) can link to one PDF,
  the later ones with a `#page=N` fragment where that writing starts. Fragments are dropped,
  so such rows share a document_url.
- A Revised cell links revised PDFs, the link text being the revision date; each revision
  becomes a DocumentRef of its own, dated by its revision.
- J. holds initials: "PC" is per curiam, "D" a decree (no author); initials we do not know
  (a new justice) are kept as printed.
- Docket numbers are kept as printed ("156, Orig.", "13A1003 (13-854)").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from urllib.parse import urldefrag, urljoin

from parsel import Selector

from scrapers.items import DocumentRef
from scrapers.spiders._bounded import html_selector

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


class ListingChanged(ValueError):
    """The page no longer has the shape these parsers read."""


def parse_listing(html: str, base_url: str) -> list[DocumentRef]:
    """The opinions on a slip opinion or relating-to-orders term page (same table shape).

    Raises:
        ListingChanged: when the page is too large or deep to parse, has no opinions table,
            or a row cannot be read.
    """
    return _parse_opinion_tables(html, base_url)


def _parse_opinion_tables(html: str, base_url: str) -> list[DocumentRef]:
    """Every row of every table headed with the required columns, in page order."""
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
