"""`scrapy crawl pacer_rss` against a local server replaying real CM/ECF feeds."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest

from scrapers.items import DocumentRef
from scrapers.spiders.courtlistener_api import parse_search_page
from scrapers.spiders.pacer_feeds import is_order_or_opinion, parse_rss_feed
from scrapers.spiders.pacer_rss import (
    PacerRssSpider,
    feed_url,
    recap_copy,
    recap_search_url,
)
from storage.archive import Archive
from storage.records import SCHEMA_PATH
from tests.support.mirror import Mirror, serving

FEEDS = "fixtures/juriscraper/tests/examples/pacer/rss_feeds"
# court id -> saved feed ("sdny_1" is the feed of court nysd)
COURTS = {"nysd": "sdny_1.xml", "cadc": "cadc.xml", "wvsd": "wvsd.xml"}
REPO = Path(__file__).resolve().parents[2]
CONSTRUCTED_R = REPO / "tests/scrapers/fixtures/courtlistener/constructed_search_r.json"
STORAGE = "https://storage.courtlistener.com/"


def test_feed_urls() -> None:
    assert feed_url("wawd") == "https://ecf.wawd.uscourts.gov/cgi-bin/rss_outside.pl"
    assert feed_url("ca9").endswith("/n/beam/servlet/TransportRoom?servlet=RSSGenerator")
    assert feed_url("nyed") == "https://ecf.nyed.uscourts.gov/cgi-bin/readyDockets.pl"


def test_courts_are_required() -> None:
    with pytest.raises(ValueError, match="needs -a courts"):
        PacerRssSpider()


@pytest.fixture(scope="module")
def feeds(shared_path: Callable[[str], Path]) -> dict[str, bytes]:
    return {court: shared_path(f"{FEEDS}/{name}").read_bytes() for court, name in COURTS.items()}


@pytest.fixture(scope="module")
def base_url(feeds: dict[str, bytes]) -> Iterator[str]:
    mirror = Mirror(routes={f"/{court}/rss": (200, body, "application/rss+xml") for court, body in feeds.items()})
    with serving(mirror) as url:
        yield url


def crawl(
    base_url: str,
    uri: str,
    env: dict[str, str] | None = None,
    courts: Sequence[str] = tuple(COURTS),
    args: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "pacer_rss",
        "-a",
        f"courts={','.join(courts)}",
        "-a",
        f"feed_url={base_url}/{{court}}/rss",
        "-s",
        f"COURT_ARCHIVE_URI={uri}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "LOG_LEVEL=INFO",
        *args,
    ]
    return subprocess.run(
        command, check=False, cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300
    )


def expected_entries(feeds: dict[str, bytes]) -> int:
    return sum(1 for court, body in feeds.items() for ref in parse_rss_feed(body, court) if is_order_or_opinion(ref))


def test_orders_become_event_records_once(feeds: dict[str, bytes], base_url: str, tmp_path: Path) -> None:
    uri, env = str(tmp_path / "archive"), {}
    first = crawl(base_url, uri, env)
    assert first.returncode == 0, first.stderr[-2000:]
    records = list(Archive.open(uri).records())
    assert len(records) == expected_entries(feeds) > 20
    schema = json.loads(SCHEMA_PATH.read_text())
    for record in records:
        jsonschema.validate(record, schema)
        assert record["files"]["original"] is None and record["source"]["url"] is None
        assert record["document"]["type"] in ("order", "opinion")
    assert {r["court"]["id"] for r in records} == set(COURTS)
    second = crawl(base_url, uri, env)
    assert "0 stored, 0 events without a document" in second.stderr
    assert f"{len(records)} already archived" in second.stderr


# RECAP hand-off. CourtListener's answers are constructed (no real search response is public):
# constructed_search_r.json (tests/scrapers/fixtures/courtlistener/README.md), a type=r docket
# hit for W.D. Wash. 2:21-cv-00031 nesting its documents 34 (in RECAP), 2 (not) and 1 (in RECAP).
def entry(court: str, docket: str, number: str) -> DocumentRef:
    return DocumentRef(
        case_name=None, docket_number=docket, date_filed=None, document_url=None, court_id=court, entry_number=number
    )


def test_recap_search_asks_for_the_entry_on_its_docket() -> None:
    url = recap_search_url("https://www.courtlistener.com/api/rest/v4/", entry("nysd", "1:18-cv-03323", "3"))
    assert url.startswith("https://www.courtlistener.com/api/rest/v4/search/?")
    query = parse_qs(urlsplit(url).query)
    assert {k: query[k] for k in ("type", "court", "docket_number", "document_number")} == {
        "type": ["r"],
        "court": ["nysd"],
        "docket_number": ["1:18-cv-03323"],
        "document_number": ["3"],
    }


def constructed_r() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CONSTRUCTED_R.read_text(encoding="utf-8"))
    return data


def test_recap_copy_is_the_entry_s_main_document_with_a_file() -> None:
    page = parse_search_page(json.dumps(constructed_r()), storage_base=STORAGE)
    found = recap_copy(page, entry("wawd", "2:21-cv-00031", "34"))
    assert found is not None and found.document_url == (
        "https://storage.courtlistener.com/recap/gov.uscourts.wawd.294664/gov.uscourts.wawd.294664.34.0.pdf"
    )
    assert found.source_id == "rd-90003400"
    assert recap_copy(page, entry("wawd", "2:21-cv-00031", "2")) is None  # not in RECAP
    assert recap_copy(page, entry("wawd", "2:21-cv-00032", "34")) is None
    assert recap_copy(page, entry("waed", "2:21-cv-00031", "34")) is None


def test_an_attachment_is_not_the_entry_s_document() -> None:
    data = constructed_r()
    data["results"][0]["recap_documents"][0]["attachment_number"] = 1
    page = parse_search_page(json.dumps(data), storage_base=STORAGE)
    assert recap_copy(page, entry("wawd", "2:21-cv-00031", "34")) is None


def guy_v_trump_in_recap() -> bytes:
    """constructed_search_r.json's hit, made the docket of sdny_1's "1:18-cv-03323 Guy v. Trump
    et al" (PACER case 492150) with its Document 3, an order, in RECAP."""
    data = constructed_r()
    hit = data["results"][0]
    hit.update(court_id="nysd", docketNumber="1:18-cv-03323", caseName="Guy v. Trump", pacer_case_id="492150")
    document = copy.deepcopy(hit["recap_documents"][0])
    document.update(
        id=90000300,
        document_number=3,
        entry_number=3,
        is_available=True,
        filepath_local="recap/gov.uscourts.nysd.492150/gov.uscourts.nysd.492150.3.0.pdf",
    )
    hit["recap_documents"] = [document]
    return json.dumps(data).encode()


def test_recap_copies_are_archived_under_their_entries(
    feeds: dict[str, bytes], corpus_pdf: Callable[[str], Path], tmp_path: Path
) -> None:
    pdf = "/recap/gov.uscourts.nysd.492150/gov.uscourts.nysd.492150.3.0.pdf"
    # Every search gets Guy v. Trump's docket: only its entry may match it.
    mirror = Mirror(
        routes={
            "/nysd/rss": (200, feeds["nysd"], "application/rss+xml"),
            "/api/rest/v4/search/": (200, guy_v_trump_in_recap(), "application/json"),
            pdf: (200, corpus_pdf("doctor__ca7_3.pdf").read_bytes(), "application/pdf"),
        }
    )
    uri = str(tmp_path / "archive")
    with serving(mirror) as url:
        recap = ["-a", "recap=1", "-a", f"api_url={url}/api/rest/v4", "-a", f"storage_url={url}/"]
        first = crawl(url, uri, courts=["nysd"], args=recap)
        assert first.returncode == 0, first.stderr[-2000:]
        records = {r["id"]: r for r in Archive.open(uri).records()}
        assert len(records) == expected_entries({"nysd": feeds["nysd"]})
        guy = records.pop("nysd/1-18-cv-03323-3")
        assert guy["files"]["original"] and guy["source"]["url"] == f"{url}{pdf}"
        assert guy["source"]["extras"] == {"courtlistener_id": "rd-90000300"}
        assert all(r["files"]["original"] is None for r in records.values())
        assert mirror.hits["/api/rest/v4/search/"] > 50  # one search per numbered entry
        second = crawl(url, uri, courts=["nysd"], args=recap)
    assert f"{len(records) + 1} already archived" in second.stderr
