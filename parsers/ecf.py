"""The CM/ECF header stamp that federal courts print on every page of a filed document.

District courts stamp `Case 3:04-cv-00098-SI Document 199 Filed 08/23/05 Page 1 of 2`; the
courts of appeals each have their own order and labels. The variants below are the ones in
the dev files of ../shared/corpus (the file that shows each is named):

    Case 1:09-cv-07491-JSR -RLE Document 14 Filed 06/17/11 Page 1 of 2   (recap nysd.351385)
    Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 1 of 16
    Case 2:15-cv-05642-CAS-JC Document 465 Filed 08/01/19 Page 1 of 1 Page ID #:8083
    Case: 12-2209 Document: 00116475093 Page: 1 Date Filed: 01/03/2013 Entry ID: 5700979  (1st)
    Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2                          (2d)
    Case: 25-1689, 07/15/2025, DktEntry: 28.1, Page 1 of 2                       (2d, ACMS)
    Case: 17-2678 Document: 003112692106 Page: 1 Date Filed: 08/03/2017                 (3d)
    Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1                                (4th)
    Case: 17-3994 Document: 1-3 Filed: 09/20/2017 Page: 1                               (6th)
    Case: 17-2400 Document: 3 Filed: 07/13/2017 Pages: 1                                (7th)
    Appellate Case: 22-1801 Page: 1 Date Filed: 01/19/2023 Entry ID: 5237514           (8th)
    Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15                (9th)
    Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014                             (Fed. Cir.)

So the parser reads labelled fields in any order after a leading `Case`/`Appeal` label,
rather than one pattern per court.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_LEAD = re.compile(
    r"^\s*(?:Appellate\s+)?(?:Case|Appeal):?\s+"
    # "1:09-cv-07491-JSR -RLE": a judge's initials can follow after a space.
    r"(?P<case>\d[\w:.-]*?(?:\s+-[A-Z]{2,4})*)\s*(?:,|\s)"
)
_DOCUMENT = re.compile(r"\b(?:Document|Doc|DktEntry):?\s*(?P<value>\d[\d.-]*\d|\d)")
_FILED = re.compile(r"\b(?:Date\s+)?Filed:?\s*(?P<value>\d{1,2}/\d{1,2}/\d{2,4})\b")
# Appellate stamps of the 2d and 9th Circuits give the date bare between commas.
_BARE_DATE = re.compile(r",\s*(?P<value>\d{1,2}/\d{1,2}/\d{4})\s*,")
_PAGE = re.compile(r"\b(?:Page|Pg):?\s*(?P<page>\d+)(?:\s+of\s+(?P<count>\d+))?")
_PAGES = re.compile(r"\bPages:\s*(?P<count>\d+)")


@dataclass(frozen=True)
class EcfStamp:
    """The fields of one CM/ECF stamp; `text` is the stamp as it reads on the page."""

    case_number: str
    document_number: str | None
    date_filed: date
    page: int | None
    page_count: int | None
    text: str


def parse_stamp(line: str) -> EcfStamp | None:
    """The stamp in one line of text, or None when the line is not an ECF stamp.

    A stamp starts with the case label and has at least a filing date and a document or
    page field; two-digit years are read as 19yy from 90 on, else 20yy (CM/ECF began in 1996).
    """
    text = " ".join(line.split())
    lead = _LEAD.match(text)
    if lead is None:
        return None
    rest = text[lead.end() - 1 :]
    filed = _FILED.search(rest) or _BARE_DATE.search(rest)
    document = _DOCUMENT.search(rest)
    page = _PAGE.search(rest)
    pages = _PAGES.search(rest)
    if filed is None or (document is None and page is None and pages is None):
        return None
    filed_on = _date(filed.group("value"))
    if filed_on is None:
        return None
    count = page.group("count") if page else None
    if count is None and pages is not None:
        count = pages.group("count")
    return EcfStamp(
        case_number=" ".join(lead.group("case").split()),
        document_number=document.group("value") if document else None,
        date_filed=filed_on,
        page=int(page.group("page")) if page else None,
        page_count=int(count) if count is not None else None,
        text=text,
    )


def _date(value: str) -> date | None:
    """A US month/day/year date; None when it is not a real date."""
    month, day, year = (int(part) for part in value.split("/"))
    if year < 100:
        year += 1900 if year >= 90 else 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None
