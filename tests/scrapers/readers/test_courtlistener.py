"""CourtListener v4 parsers, on the docs' docket example and hand-written (constructed) pages.

The constructed pages are data a person wrote from CourtListener's documented shapes (see
fixtures/courtlistener/README.md); the expected values below are read off those files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from scrapers.items import DocumentRef
from scrapers.readers.courtlistener import (
    STORAGE_BASE,
    CourtListenerChanged,
    CourtListenerExtras,
    Docket,
    SearchPage,
    parse_docket,
    parse_search_page,
    retry_after_seconds,
    search_url,
    with_docket,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "courtlistener"
API = "https://www.courtlistener.com/api/rest/v4/"
PARLER_ORDER_PDF = f"{STORAGE_BASE}recap/gov.uscourts.wawd.294664/gov.uscourts.wawd.294664.34.0.pdf"
ORDER_TEXT_START = "ORDER denying Plaintiff's 2 Motion for TRO/Preliminary Injunction."


def page(name: str) -> SearchPage:
    return parse_search_page((FIXTURES / name).read_bytes(), storage_base=STORAGE_BASE)


def by_id(result: SearchPage) -> dict[str, DocumentRef]:
    return {ref.source_id or "": ref for ref in result.documents}


@pytest.fixture(scope="module")
def docket_example(shared_path: Callable[[str], Path]) -> Docket:
    example = shared_path("fixtures/apis/courtlistener/docket-4214664-docs-example.json")
    return parse_docket(example.read_text(encoding="utf-8"))


def test_docs_docket_example(docket_example: Docket) -> None:
    assert docket_example == Docket(
        docket_id=4214664,
        court_id="dcd",
        case_name="NATIONAL VETERANS LEGAL SERVICES PROGRAM v. United States",
        docket_number="1:16-cv-00745",
        judge="Paul L. Friedman",
    )


def test_rd_first_page() -> None:
    result = page("constructed_search_rd_page1.json")
    assert result.count == 4
    assert result.next_url is not None and "cursor=" in result.next_url
    assert [ref.source_id for ref in result.documents] == ["rd-90003400", "rd-90000200"]
    order = result.documents[0]
    assert order.document_url == PARLER_ORDER_PDF
    assert order.date_filed == date(2021, 1, 21)
    assert order.entry_number == "34"
    assert order.description is not None and order.description.startswith(ORDER_TEXT_START)
    assert order.title is None  # short_description is blank
    # type=rd hits carry no docket fields: the spider adds them from dockets/<docket_id>/.
    assert (order.court_id, order.case_name, order.docket_number) == (None, None, None)
    assert result.extras["rd-90003400"] == CourtListenerExtras(
        page_count=14, date_modified="2024-06-24T17:15:02.118230Z", docket_id=90000031
    )


def test_rd_document_not_in_recap_has_no_url() -> None:
    motion = by_id(page("constructed_search_rd_page1.json"))["rd-90000200"]
    assert motion.document_url is None
    assert motion.description == "MOTION for Temporary Restraining Order by Plaintiff Parler LLC."


def test_rd_last_page_and_attachment() -> None:
    result = page("constructed_search_rd_page2.json")
    assert result.next_url is None
    exhibit = by_id(result)["rd-90000101-1"]
    assert exhibit.entry_number == "1-1"  # its attachment_number is 1: "Document 1-1" on CM/ECF
    assert exhibit.title == "Exhibit A"
    assert exhibit.document_url == (f"{STORAGE_BASE}recap/gov.uscourts.wawd.294664/gov.uscourts.wawd.294664.1.1.pdf")
    assert result.extras["rd-90000100"].page_count is None


def test_watermark_is_the_latest_modification_on_the_page() -> None:
    assert page("constructed_search_rd_page1.json").max_date_modified == ("2024-06-24T17:15:03.904112Z")
    assert page("constructed_search_rd_page2.json").max_date_modified == ("2024-06-24T17:14:59.010321Z")


def test_watermark_compares_times_not_text() -> None:
    hit = json.loads((FIXTURES / "constructed_search_rd_page2.json").read_text())["results"][0]
    early, late = dict(hit, id=1), dict(hit, id=2)
    early["meta"] = {"timestamp": "2024-06-24T17:14:59Z"}  # sorts after ".5Z" as text
    late["meta"] = {"timestamp": "2024-06-24T17:14:59.500000Z"}
    body = json.dumps({"count": 2, "next": None, "results": [early, late]})
    result = parse_search_page(body, storage_base=STORAGE_BASE)
    assert result.max_date_modified == "2024-06-24T17:14:59.500000Z"


def test_r_page_flattens_nested_documents_with_docket_fields() -> None:
    result = page("constructed_search_r.json")
    assert [ref.source_id for ref in result.documents] == ["rd-90003400", "rd-90000200", "rd-90000100"]
    order = result.documents[0]
    assert (order.court_id, order.case_name, order.docket_number, order.judge) == (
        "wawd",
        "Parler LLC v. Amazon Web Services Inc",
        "2:21-cv-00031",
        "Barbara Jacobs Rothstein",
    )
    assert order.document_url == PARLER_ORDER_PDF
    assert result.extras["rd-90003400"].docket_id == 90000031
    # meta.more_docs: a fourth document matched; a type=rd query on the docket finds it.
    assert result.truncated_dockets == [90000031]


def test_o_page() -> None:
    result = page("constructed_search_o.json")
    assert result.next_url is not None
    parler, foo = result.documents
    assert parler == DocumentRef(
        case_name="Parler LLC v. Amazon Web Services, Inc.",
        docket_number="2:21-cv-00031",
        date_filed=date(2021, 1, 21),
        document_url=f"{STORAGE_BASE}pdf/2021/01/21/parler_llc_v._amazon_web_services_inc.pdf",
        document_type="opinion",
        judge="Barbara Jacobs Rothstein",
        citation="514 F. Supp. 3d 1261",
        court_id="wawd",
        source_id="o-90000600",
    )
    assert foo == DocumentRef(
        case_name="Foo v. Foo",
        docket_number="24158",
        date_filed=date(2003, 1, 10),
        document_url=None,
        document_type="opinion",
        citation="101 Haw. 235, 65 P.3d 182",
        court_id="hawapp",
        source_id="o-6489975",
    )
    assert result.max_date_modified == "2024-07-02T09:30:11.633410Z"


def test_opinion_without_local_copy_falls_back_to_download_url() -> None:
    data = json.loads((FIXTURES / "constructed_search_o.json").read_text())
    opinion = data["results"][0]["opinions"][0]
    opinion["local_path"] = None
    result = parse_search_page(json.dumps(data), storage_base=STORAGE_BASE)
    assert result.documents[0].document_url == "https://ecf.wawd.uscourts.gov/doc1/19719741234"


def test_storage_base_is_configurable() -> None:
    data = (FIXTURES / "constructed_search_rd_page1.json").read_bytes()
    links = [
        d.document_url
        for d in parse_search_page(data, storage_base="http://127.0.0.1:8000/storage").documents
        if d.document_url
    ]
    assert links and all(url.startswith("http://127.0.0.1:8000/storage/recap/") for url in links)


def test_with_docket_fills_what_a_rd_hit_lacks(docket_example: Docket) -> None:
    order = page("constructed_search_rd_page1.json").documents[0]
    filled = with_docket(order, docket_example)
    assert (filled.court_id, filled.case_name, filled.docket_number, filled.judge) == (
        "dcd",
        "NATIONAL VETERANS LEGAL SERVICES PROGRAM v. United States",
        "1:16-cv-00745",
        "Paul L. Friedman",
    )
    assert filled.source_id == order.source_id


@pytest.mark.parametrize(
    ("status", "headers", "body", "seconds"),
    [
        (
            429,
            {"Retry-After": "85774"},
            b'{"detail": "Request was throttled. Expected available in 85774 seconds."}',
            85774.0,
        ),
        (429, {}, '{"detail": "Request was throttled. Expected available in 12 seconds."}', 12.0),
        (429, {}, '{"detail": "Request was throttled. Expected available in 1 second."}', 1.0),
        (429, {"retry-after": "30"}, "", 30.0),
        (429, {"Retry-After": "5"}, "Expected available in 12 seconds.", 12.0),
        (429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, "", None),
        (429, {}, '{"detail": "Too many requests"}', None),
        (503, {"Retry-After": "30"}, "", None),
    ],
)
def test_retry_after_seconds(status: int, headers: dict[str, str], body: str | bytes, seconds: float | None) -> None:
    assert retry_after_seconds(status, headers, body) == seconds


def rd_page_with(**changes: object) -> str:
    data = json.loads((FIXTURES / "constructed_search_rd_page1.json").read_text())
    data["results"][0].update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>Maintenance</html>", "search page is not JSON"),
        ('["a list"]', "search page is a JSON list"),
        ('{"count": 0, "next": null}', "search page lacks results"),
        ('{"count": 0, "next": null, "results": {}}', "results is a dict"),
        ('{"count": 1, "next": null, "results": [{"id": 1}]}', "no RECAP document, docket or opinion"),
        (rd_page_with(page_count="14"), "page_count is '14'"),
        (rd_page_with(entry_date_filed="21/01/2021"), "entry_date_filed '21/01/2021' is not an ISO"),
    ],
)
def test_changed_search_pages_fail_loudly(body: str, message: str) -> None:
    with pytest.raises(CourtListenerChanged, match=message):
        parse_search_page(body, storage_base=STORAGE_BASE)


def test_changed_rd_hit_names_the_missing_field() -> None:
    data = json.loads((FIXTURES / "constructed_search_rd_page1.json").read_text())
    del data["results"][1]["filepath_local"]
    with pytest.raises(CourtListenerChanged, match="RECAP document hit 90000200 lacks filepath_local"):
        parse_search_page(json.dumps(data), storage_base=STORAGE_BASE)


def test_changed_docket_fails_loudly(shared_path: Callable[[str], Path]) -> None:
    example = shared_path("fixtures/apis/courtlistener/docket-4214664-docs-example.json")
    docket = json.loads(example.read_text(encoding="utf-8"))
    with pytest.raises(CourtListenerChanged, match="is not a courts/<id>/ URL"):
        parse_docket(json.dumps(dict(docket, court="dcd")))
    with pytest.raises(CourtListenerChanged, match="lacks case_name"):
        parse_docket(json.dumps({k: v for k, v in docket.items() if k != "case_name"}))


def query(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{API}search/"
    return parse_qs(parts.query)


def test_search_url_for_recap_documents() -> None:
    url = search_url(
        API,
        type="rd",
        q="injunction",
        court="wawd cand",
        docket="2:21-cv-00031",
        case_name="Parler",
        description="order",
        since=date(2021, 1, 1),
        until=date(2021, 1, 31),
    )
    assert query(url) == {
        "type": ["rd"],
        "q": ["injunction"],
        "order_by": ["entry_date_filed desc"],
        "court": ["wawd cand"],
        "docket_number": ["2:21-cv-00031"],
        "case_name": ["Parler"],
        "description": ["order"],
        "entry_date_filed_after": ["2021-01-01"],
        "entry_date_filed_before": ["2021-01-31"],
    }


def test_search_url_for_opinions_bounds_the_decision_date() -> None:
    url = search_url(API.rstrip("/"), type="o", court="wawd", since=date(2021, 1, 21))
    assert query(url) == {
        "type": ["o"],
        "order_by": ["dateFiled desc"],
        "court": ["wawd"],
        "filed_after": ["2021-01-21"],
    }


def test_search_url_refuses_what_the_search_api_would_ignore() -> None:
    with pytest.raises(ValueError, match="rd, r and o"):
        search_url(API, type="d")
    with pytest.raises(ValueError, match="RECAP types only"):
        search_url(API, type="o", description="order")
