"""The Written Opinions Report: its query, and the parser on the four saved real pages.

Expected values come from juriscraper's .json beside each page, or are read off the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from scrapers.spiders.pacer_feeds import FeedChanged
from scrapers.spiders.pacer_reports import (
    ReportRow,
    cookie_pairs,
    date_windows,
    form_nonce,
    parse_opinion_report,
    report_form,
    report_url,
)
from tests.scrapers.test_pacer_feeds import doc_id

REPORTS = "fixtures/juriscraper/tests/examples/pacer/free_opinion_report"
EXAMPLES = {"areb_1": 1, "arwb_1": 1, "cacd_1": 2, "cand_2": 12}


def parse_report(shared_path: Callable[[str], Path], example: str) -> list[ReportRow]:
    court = example.split("_")[0]
    page = shared_path(f"{REPORTS}/{example}.html").read_text(encoding="utf-8")
    return parse_opinion_report(page, court, report_url(court))


def spaced(text: str) -> str | None:
    """juriscraper's text with runs of spaces as one, "" as None (as we keep them)."""
    return " ".join(text.split()) or None


@pytest.mark.parametrize(("example", "count"), EXAMPLES.items())
def test_report_matches_juriscraper(shared_path: Callable[[str], Path], example: str, count: int) -> None:
    oracle = json.loads(shared_path(f"{REPORTS}/{example}.json").read_text(encoding="utf-8"))
    expected = [
        (
            r["case_name"],
            r["docket_number"],
            r["date_filed"],
            r["document_number"],
            " ".join(r["description"].split()),
            r["pacer_doc_id"],
            r["pacer_case_id"],
            r["pacer_seq_no"],
            spaced(r["nature_of_suit"]),
            spaced(r["cause"]),
        )
        for r in oracle
    ]
    actual = [
        (
            row.ref.case_name,
            row.ref.docket_number,
            row.ref.date_filed and row.ref.date_filed.isoformat(),
            row.ref.entry_number,
            row.ref.description,
            doc_id(row.ref.document_url),
            row.pacer_case_id,
            row.pacer_seq_no,
            row.nature_of_suit,
            row.cause,
        )
        for row in parse_report(shared_path, example)
    ]
    assert len(expected) == count
    assert actual == expected


def test_document_links_carry_case_and_sequence_as_cm_ecf_links_do(shared_path: Callable[[str], Path]) -> None:
    # cacd row 1: href .../doc1/031142115150, goDLS('/doc1/031142115150','888478','76',…).
    first = parse_report(shared_path, "cacd_1")[0].ref
    url = urlsplit(first.document_url or "")
    assert url.netloc + url.path == "ecf.cacd.uscourts.gov/doc1/031142115150"
    assert parse_qs(url.query) == {"caseid": ["888478"], "de_seq_num": ["76"]}
    # areb has no goDLS: the case id comes from the DktRpt.pl?301867 docket link.
    [areb] = parse_report(shared_path, "areb_1")
    assert areb.ref.document_url == "https://ecf.areb.uscourts.gov/doc1/026027668006?caseid=301867"


def test_rows_repeat_the_case_above_and_skip_recap_links(shared_path: Callable[[str], Path]) -> None:
    rows = parse_report(shared_path, "cand_2")
    assert [(r.ref.docket_number, r.ref.entry_number) for r in rows[-3:-1]] == [
        ("5:23-cv-05906", "11"),
        ("5:23-cv-05906", "12"),
    ]
    continued = rows[-2]
    assert continued.ref.case_name == "Do v. California Corrections Health Care Services"
    assert continued.ref.document_url == ("https://ecf.cand.uscourts.gov/doc1/035024244456?caseid=420951&de_seq_num=46")
    assert continued.ref.source_id == "5-23-cv-05906-12"
    assert continued.extras() == {
        "pacer_case_id": "420951",
        "pacer_seq_no": "46",
        "nature_of_suit": "Prisoner: Prison Condition",
        "cause": "42:1983 Prisoner Civil Rights",
    }


def test_report_document_types(shared_path: Callable[[str], Path]) -> None:
    [areb] = parse_report(shared_path, "areb_1")
    assert (areb.ref.document_type, areb.ref.case_name, areb.ref.docket_number) == (
        "opinion",
        "Todd Armstrong",
        "4:23-bk-10939",
    )
    assert [r.ref.document_type for r in parse_report(shared_path, "cacd_1")] == ["order", "order"]
    # "Judicial Referral for Purpose of Determining Relationship of Cases": in the report, but
    # not an order by its description.
    assert parse_report(shared_path, "cand_2")[1].ref.document_type == "other"


def report_without(shared_path: Callable[[str], Path], xpath: str) -> str:
    tree = lxml.html.fromstring(shared_path(f"{REPORTS}/cacd_1.html").read_bytes())
    for node in tree.xpath(xpath):
        node.drop_tree()
    return str(lxml.html.tostring(tree, encoding="unicode"))


def test_a_report_without_its_table_raises(shared_path: Callable[[str], Path]) -> None:
    page = report_without(shared_path, "//table[.//th]")
    with pytest.raises(FeedChanged, match="no Written Opinions Report table"):
        parse_opinion_report(page, "cacd", report_url("cacd"))


def test_a_report_row_without_a_document_raises(shared_path: Callable[[str], Path]) -> None:
    page = report_without(shared_path, "//td[@align='center']/a")
    with pytest.raises(FeedChanged, match="no numbered doc1 link"):
        parse_opinion_report(page, "cacd", report_url("cacd"))


def test_a_report_of_nothing_is_empty() -> None:
    # Assumed shape: no saved empty report exists; the count line is the one on real pages.
    page = "<html><body><br>&nbsp; <b>Total number of opinions reported:</b> 0<br></body></html>"
    assert parse_opinion_report(page, "cacd", report_url("cacd")) == []


def test_report_urls() -> None:
    assert report_url("cand") == "https://ecf.cand.uscourts.gov/cgi-bin/WrtOpRpt.pl"
    assert report_url("ohnd") == "https://ecf.ohnd.uscourts.gov/cgi-bin/OHND_WrtOpRpt.pl"
    for court in ("ca9", "cadc", "casb"):
        with pytest.raises(ValueError, match=court):
            report_url(court)


def test_the_query_posts_a_week_at_most_as_juriscraper_does() -> None:
    assert date_windows(date(2024, 3, 18), date(2024, 4, 1)) == [
        (date(2024, 3, 18), date(2024, 3, 24)),
        (date(2024, 3, 25), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 4, 1)),
    ]
    assert date_windows(date(2024, 4, 2), date(2024, 4, 1)) == []
    assert report_form(date(2024, 4, 1), date(2024, 4, 7)) == {
        "filed_from": "04/01/2024",
        "filed_to": "04/07/2024",
        "ShowFull": "1",
        "Key1": "cs_sort_case_numb",
        "all_case_ids": "0",
    }


def test_the_nonce_is_read_from_the_form_action(shared_path: Callable[[str], Path]) -> None:
    # Constructed: no saved query form exists. The action's shape is the saved pages' URL.
    form = (
        '<form method="POST" enctype="multipart/form-data" '
        'action="../cgi-bin/WrtOpRpt.pl?138972475983537-L_1_0-1">'
        '<input name="filed_from"></form>'
    )
    assert form_nonce(form) == "138972475983537-L_1_0-1"
    login = '<form action="/csologin/login.jsf" method="post"><input name="loginForm"></form>'
    assert form_nonce(login) is None
    # A result page's only form posts to show_multidocs.pl: no query form there.
    page = shared_path(f"{REPORTS}/cacd_1.html").read_text(encoding="utf-8")
    assert form_nonce(page) is None


def test_pacer_cookie_setting_is_read_as_a_cookie_header() -> None:
    assert cookie_pairs(" NextGenCSO=abc=; PacerClientCode=x ;;bare; empty=") == {
        "NextGenCSO": "abc=",
        "PacerClientCode": "x",
    }
    assert cookie_pairs("") == {}
