"""The CM/ECF stamp parser (parsers/ecf.py), on the stamp of each court in the dev files.

The stamp strings are what poppler's `pdftotext` (not our code) reads at the top or foot of
those pages, checked against the rendered page; the expected fields are read off the stamp.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from parsers.ecf import EcfStamp, parse_stamp
from parsers.text import extract

CorpusPdf = Callable[[str], Path]


@pytest.mark.parametrize(
    ("stamp", "fields"),
    [
        # District courts (doctor__gov.uscourts.cand.16711.199.0.pdf, nysd.413741, and more).
        (
            "Case 3:04-cv-00098-SI Document 199 Filed 08/23/05 Page 1 of 2",
            ("3:04-cv-00098-SI", "199", date(2005, 8, 23), 1, 2),
        ),
        (
            "Case 1:12-cv-05708-ER Document 11 Filed 09/27/13 Page 1 of 15",
            ("1:12-cv-05708-ER", "11", date(2013, 9, 27), 1, 15),
        ),
        # The example (its wording, not a corpus read).
        (
            "Case 4:18-cv-06972-JST Document 713 Filed 06/10/21 Page 3 of 11",
            ("4:18-cv-06972-JST", "713", date(2021, 6, 10), 3, 11),
        ),
        # A referral judge's initials after a space (recap__gov.uscourts.nysd.351385.14.0.pdf).
        (
            "Case 1:09-cv-07491-JSR -RLE Document 14   Filed 06/17/11 Page 1 of 2",
            ("1:09-cv-07491-JSR -RLE", "14", date(2011, 6, 17), 1, 2),
        ),
        # D. Colo. names the court; C.D. Cal. adds the Page ID (doctor__rectangles_no.pdf,
        # xray__whitespace_redaction_with_comma.pdf).
        (
            "Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 1 of 16",
            ("1:21-cv-01061-KLM", "1", date(2021, 4, 16), 1, 16),
        ),
        (
            "Case 2:19-cr-00595-CAS Document 123 Filed 03/24/21 Page 3 of 26 Page ID #:992",
            ("2:19-cr-00595-CAS", "123", date(2021, 3, 24), 3, 26),
        ),
        # Courts of appeals, one variant each.
        (
            ("Case: 12-2209   Document: 00116475093   Page: 1       Date Filed: 01/03/2013   Entry ID: 5700979"),
            ("12-2209", "00116475093", date(2013, 1, 3), 1, None),
        ),
        ("Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2", ("17-3510", "1-1", date(2017, 10, 31), 1, 2)),
        ("Case: 25-1689, 07/15/2025, DktEntry: 28.1, Page 1 of 2", ("25-1689", "28.1", date(2025, 7, 15), 1, 2)),
        (
            "Case: 21-2728      Document: 138-2      Page: 1         Date Filed: 08/17/2022",
            ("21-2728", "138-2", date(2022, 8, 17), 1, None),
        ),
        ("Appeal: 17-2218   Doc: 17   Filed: 10/31/2017   Pg: 1 of 1", ("17-2218", "17", date(2017, 10, 31), 1, 1)),
        (
            "Case: 17-3994      Document: 1-3      Filed: 09/20/2017      Page: 1",
            ("17-3994", "1-3", date(2017, 9, 20), 1, None),
        ),
        (
            "Case: 17-2400      Document: 3          Filed: 07/13/2017     Pages: 1",
            ("17-2400", "3", date(2017, 7, 13), None, 1),
        ),
        (
            "Appellate Case: 22-1801    Page: 1      Date Filed: 01/19/2023 Entry ID: 5237514",
            ("22-1801", None, date(2023, 1, 19), 1, None),
        ),
        (
            "Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15",
            ("20-16276", "19", date(2020, 8, 5), 1, 15),
        ),
        (
            "Case: 14-1326         Document: 3       Page: 1     Filed: 03/18/2014",
            ("14-1326", "3", date(2014, 3, 18), 1, None),
        ),
    ],
    ids=[
        "cand",
        "nysd",
        "issue",
        "judge-initials",
        "colorado",
        "page-id",
        "ca1",
        "ca2",
        "ca2-acms",
        "ca3",
        "ca4",
        "ca6",
        "ca7",
        "ca8",
        "ca9",
        "cafc",
    ],
)
def test_every_courts_stamp_is_parsed(stamp: str, fields: tuple[object, ...]) -> None:
    parsed = parse_stamp(stamp)

    assert parsed is not None
    assert (parsed.case_number, parsed.document_number, parsed.date_filed, parsed.page, parsed.page_count) == fields
    assert parsed.text == " ".join(stamp.split())


@pytest.mark.parametrize(
    "line",
    [
        "Case No.: 18-cr-00258-EJD-1",  # a pleading footer, not a stamp
        "Case No. 15-cv-02543-BLF",
        "The case was filed on 01/03/2013 and set for hearing.",
        "Case 3:04-cv-00098-SI was reassigned.",  # no date, no document or page
        "Case 3:04-cv-00098-SI Document 199 Filed 13/45/05 Page 1 of 2",  # no such date
        "",
    ],
)
def test_lines_that_are_not_stamps(line: str) -> None:
    assert parse_stamp(line) is None


@pytest.mark.parametrize(("year", "expected"), [("99", 1999), ("05", 2005)])
def test_two_digit_years(year: str, expected: int) -> None:
    stamp = parse_stamp(f"Case 1:01-cv-00001 Document 1 Filed 01/02/{year} Page 1 of 1")

    assert stamp is not None and stamp.date_filed == date(expected, 1, 2)


def test_the_document_stamp_comes_from_its_first_page(corpus_pdf: CorpusPdf) -> None:
    # Pages 1 and 15 are scans; page 1 still carries the stamp as text.
    extraction = extract(corpus_pdf("doctor__gov.uscourts.nysd.413741.11.0.pdf").read_bytes())

    assert extraction.ecf == EcfStamp(
        case_number="1:12-cv-05708-ER",
        document_number="11",
        date_filed=date(2013, 9, 27),
        page=1,
        page_count=15,
        text="Case 1:12-cv-05708-ER Document 11 Filed 09/27/13 Page 1 of 15",
    )


def test_an_appellate_stamp_at_the_foot_of_the_page(corpus_pdf: CorpusPdf) -> None:
    # The Eighth Circuit prints its stamp at the bottom of each page.
    extraction = extract(corpus_pdf("doctor__ca8_.pdf").read_bytes())

    assert extraction.ecf is not None
    assert (extraction.ecf.case_number, extraction.ecf.date_filed) == ("22-1801", date(2023, 1, 19))
    assert "Appellate Case" not in extraction.text


def test_a_document_without_a_stamp_has_none(corpus_pdf: CorpusPdf) -> None:
    # x-ray's copy of the Tessera order was taken from the court before ECF stamped it.
    extraction = extract(corpus_pdf("xray__gov.uscourts.cand.288207.440.0.pdf").read_bytes())

    assert extraction.ecf is None
