"""CM/ECF's Written Opinions Report (WrtOpRpt.pl): the query and the result page, without Scrapy.

The report lists the documents a court's judges marked as written opinions (opinions, and many
orders) filed in a date range, with links to them. Since CM/ECF 2.4 (2005, for the E-Government
Act) the report and the opinions are free, but reached by logging into CM/ECF with a PACER (or
CM/ECF) login; an opinion opens without a billing receipt (D. Neb.'s notice of 13 May 2005,
www.ned.uscourts.gov/news/important-information-us-district-court).

The query (as juriscraper's FreeOpinionReport makes it, and as the saved pages' URLs show):
1. GET https://ecf.<court>.uscourts.gov/cgi-bin/WrtOpRpt.pl (ohnd: OHND_WrtOpRpt.pl): the
   form, whose action carries a one-time nonce (`WrtOpRpt.pl?138972475983537-L_1_0-1`).
2. POST the form to that action with `filed_from`/`filed_to` (mm/dd/yyyy), `ShowFull=1`,
   `Key1=cs_sort_case_numb` (rows by case number) and `all_case_ids=0`, a week at most per
   query (juriscraper's day_span: longer ranges make PACER choke).
Without a PACER login CM/ECF answers step 1 with a redirect to pacer.login.uscourts.gov (or a
login form), so `form_nonce` finds nothing. Appellate courts have no such report; juriscraper
lists the district and bankruptcy courts that do not publish one (NO_REPORT).

The result page (four real pages, areb, arwb, cacd, cand, in
../shared/fixtures/juriscraper/tests/examples/pacer/free_opinion_report/): a table with the
columns "Case Number & Name", "Date Filed", "Doc. #", "Description" and, in district courts,
"Notes" (office, case flags, NOS, cause). Quirks:
- A row leaves the case (and sometimes date) cell blank when it is the one in the row above.
- District courts link "<docket>-<judges>" and put the name in bold; areb and arwb link
  "<docket> <name>".
- The document link's onclick `goDLS('/doc1/<id>', '<case id>', '<seq no>', …)` names the PACER
  case and the entry's sequence number, which CM/ECF's own document links carry as
  `caseid`/`de_seq_num`; bankruptcy pages have no goDLS, the case id is in the docket link.
- "Total number of opinions reported: 0" and no table: an empty report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from parsel import Selector

from scrapers.items import DocumentRef
from scrapers.spiders._bounded import html_selector
from scrapers.spiders.pacer_feeds import (
    APPELLATE_COURTS,
    FeedChanged,
    clean_case_name,
    docket_number_core,
    document_type_of,
    entry_source_id,
)

WINDOW_DAYS = 7
# juriscraper's FreeOpinionReport.EXCLUDED_COURT_IDS: "not provided by the court or in disuse".
NO_REPORT = frozenset({"casb", "innb", "miwb", "ohsb"})
REPORT_COLUMNS = {
    "case number": "case",
    "date filed": "date",
    "doc": "doc",
    "description": "description",
    "notes": "notes",
}
REQUIRED_COLUMNS = ("case", "date", "doc", "description")
GO_DLS = re.compile(r"goDLS\('([^']*)','([^']*)','([^']*)'")


class PacerLoginRequired(RuntimeError):
    """CM/ECF sent the report form to PACER's login: the report needs a logged-in session."""


@dataclass(frozen=True)
class ReportRow:
    """A report row: its document, and what the report says beyond DocumentRef's fields."""

    ref: DocumentRef
    pacer_case_id: str | None
    pacer_seq_no: str | None
    nature_of_suit: str | None
    cause: str | None

    def extras(self) -> dict[str, str | int | None]:
        """The row's PACER ids, nature of suit and cause, for the record's source extras."""
        return {
            "pacer_case_id": self.pacer_case_id,
            "pacer_seq_no": self.pacer_seq_no,
            "nature_of_suit": self.nature_of_suit,
            "cause": self.cause,
        }


def report_url(court_id: str) -> str:
    """The Written Opinions Report of a district or bankruptcy court's CM/ECF.

    Raises:
        ValueError: for an appellate court, or a court that publishes no report.
    """
    if court_id[-1:].isdigit() or court_id in APPELLATE_COURTS:
        raise ValueError(f"{court_id}: appellate CM/ECF has no Written Opinions Report")
    if court_id in NO_REPORT:
        raise ValueError(f"{court_id} publishes no Written Opinions Report")
    script = "OHND_WrtOpRpt.pl" if court_id == "ohnd" else "WrtOpRpt.pl"
    return f"https://ecf.{court_id}.uscourts.gov/cgi-bin/{script}"


def date_windows(since: date, until: date, days: int = WINDOW_DAYS) -> list[tuple[date, date]]:
    """`since`..`until` cut into consecutive ranges of at most `days` days, oldest first."""
    windows = []
    while since <= until:
        end = min(since + timedelta(days=days - 1), until)
        windows.append((since, end))
        since = end + timedelta(days=1)
    return windows


def report_form(filed_from: date, filed_to: date) -> dict[str, str]:
    """The fields posted to the report's form for one range of filing dates."""
    return {
        "filed_from": f"{filed_from:%m/%d/%Y}",
        "filed_to": f"{filed_to:%m/%d/%Y}",
        "ShowFull": "1",
        "Key1": "cs_sort_case_numb",
        "all_case_ids": "0",
    }


def cookie_pairs(header: str) -> dict[str, str]:
    """The cookies of a `name=value; name=value` Cookie header (blank names or values dropped)."""
    pairs = (part.strip().partition("=") for part in header.split(";"))
    return {name.strip(): value.strip() for name, _, value in pairs if name.strip() and value.strip()}


def form_nonce(html: str) -> str | None:
    """The nonce in the report form's action (`…WrtOpRpt.pl?<nonce>`), None on a login page.

    Raises:
        FeedChanged: when the page is too large or nested too deep to parse.
    """
    for action in html_selector(html, "report form", FeedChanged).xpath("//form/@action").getall():
        path, _, query = action.partition("?")
        if path.endswith("WrtOpRpt.pl") and "-L_" in query:
            return query.strip()
    return None


def parse_opinion_report(html: str, court_id: str, base_url: str) -> list[ReportRow]:
    """One ReportRow per row of a Written Opinions Report result page.

    Raises:
        FeedChanged: when the page is too large or deep to parse, has no report table (and
            does not report zero opinions), or a row cannot be read.
    """
    page = html_selector(html, "Written Opinions Report", FeedChanged)
    table, columns = _report_table(page)
    if table is None:
        total = page.xpath("//b[contains(., 'Total number of opinions')]/following::text()[1]")
        if (total.get() or "").strip() == "0":
            return []
        raise FeedChanged("no Written Opinions Report table (logged out, or a new layout?)")
    rows: list[ReportRow] = []
    for tr in table.xpath("./tr[td] | ./tbody/tr[td]"):
        rows.append(_report_row(tr, columns, rows[-1] if rows else None, court_id, base_url))
    return rows


def _report_table(page: Selector) -> tuple[Selector | None, list[str]]:
    """The report's table and its column keys, or (None, []) when the page has none."""
    for table in page.xpath("//table"):
        headers = [
            " ".join(th.xpath("string()").get("").lower().split()) for th in table.xpath("./tr/th | ./tbody/tr/th")
        ]
        columns = [next((key for prefix, key in REPORT_COLUMNS.items() if h.startswith(prefix)), h) for h in headers]
        if set(REQUIRED_COLUMNS) <= set(columns):
            return table, columns
    return None, []


def _report_row(tr: Selector, columns: list[str], above: ReportRow | None, court_id: str, base_url: str) -> ReportRow:
    """The document in one report row; blank case and date cells repeat the row above.

    Raises:
        FeedChanged: when the row's cells do not match the headers or cannot be read.
    """
    cells = tr.xpath("./td")
    text = " ".join(tr.xpath("string()").get("").split())
    if len(cells) != len(columns):
        raise FeedChanged(f"{len(cells)} cells under {len(columns)} headers: {text!r}")
    cell = dict(zip(columns, cells))
    docket, case_name, case_id = _report_case(cell["case"], above, court_id, text)
    link = cell["doc"].xpath(".//a[contains(@href, '/doc1/')]")
    number = " ".join(link.xpath("string()").get("").split())
    if not link or not number.isdigit():
        raise FeedChanged(f"no numbered doc1 link in the row {text!r}")
    go_dls = GO_DLS.search(link.attrib.get("onclick", ""))
    case_id = go_dls.group(2) if go_dls else case_id
    seq_no = go_dls.group(3) or None if go_dls else None
    description = " ".join(cell["description"].xpath("string()").get("").split())
    query = urlencode({k: v for k, v in (("caseid", case_id), ("de_seq_num", seq_no)) if v})
    href = urljoin(base_url, link.attrib["href"].strip())
    ref = DocumentRef(
        case_name=case_name,
        docket_number=docket,
        date_filed=_report_date(cell["date"], above, text),
        document_url=f"{href}?{query}" if query else href,
        document_type=document_type_of(description),
        court_id=court_id,
        source_id=entry_source_id(docket or "", number),
        entry_number=number,
        description=description,
    )
    notes = cell.get("notes")
    return ReportRow(
        ref=ref,
        pacer_case_id=case_id,
        pacer_seq_no=seq_no,
        nature_of_suit=_note(notes, "NOS"),
        cause=_note(notes, "Cause"),
    )


def _report_case(
    cell: Selector, above: ReportRow | None, court_id: str, row_text: str
) -> tuple[str | None, str | None, str | None]:
    """A row's docket, case name and PACER case id (from the docket link).

    Raises:
        FeedChanged: when the first row has no case (later blank cells repeat the row above).
    """
    case_text = " ".join(cell.xpath(".//a/text()").get("").split())
    if not case_text:
        if above is None:
            raise FeedChanged(f"the first row has no case: {row_text!r}")
        return above.ref.docket_number, above.ref.case_name, above.pacer_case_id
    docket_text, _, name = case_text.partition(" ")
    case_ids = parse_qs(urlsplit(cell.xpath(".//a/@href").get("")).query, keep_blank_values=True)
    case_id = next((key for key in case_ids if key.isdigit()), None)  # DktRpt.pl?<case id>
    return (
        docket_number_core(docket_text, court_id),
        clean_case_name(name or cell.xpath("string(.//b)").get("")),
        case_id,
    )


def _report_date(cell: Selector, above: ReportRow | None, row_text: str) -> date | None:
    """A report date printed mm/dd/yyyy; a blank cell repeats the row above.

    Raises:
        FeedChanged: when the date is neither blank (after a row) nor mm/dd/yyyy.
    """
    printed = " ".join(cell.xpath("string()").get("").split())
    if not printed and above is not None:
        return above.ref.date_filed
    try:
        return datetime.strptime(printed, "%m/%d/%Y").date()
    except ValueError as exc:
        raise FeedChanged(f"date {printed!r} is not mm/dd/yyyy in the row {row_text!r}") from exc


def _note(cell: Selector | None, label: str) -> str | None:
    """The text after `<i>label:</i>` in a row's Notes cell, or None."""
    if cell is None:
        return None
    text = cell.xpath(f".//i[starts-with(normalize-space(), '{label}')]/following-sibling::text()[1]").get("")
    return " ".join(text.split()) or None
