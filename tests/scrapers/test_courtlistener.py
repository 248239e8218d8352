"""The courtlistener spider against a local replay of the REST API v4 and RECAP storage.

Search pages are the constructed fixtures in tests/scrapers/fixtures/courtlistener/ (see its
README); the docket answer is the real docs example with the constructed case's values; PDFs
are real corpus PDFs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers.readers.courtlistener import search_url
from storage.archive import Archive
from tests.support.crawl import Crawl, run_spider
from tests.support.mirror import Mirror, Outage, serving

FIXTURES = Path(__file__).parent / "fixtures/courtlistener"
API = "/api/rest/v4"
TOKEN = "cl-test-token-never-logged"
THROTTLED = b'{"detail": "Request was throttled. Expected available in 1 second."}'


def first_page_path() -> str:
    url = search_url("http://x" + API, type="rd", court="wawd", docket="2:21-cv-00031", since=date(2021, 1, 1))
    return url.removeprefix("http://x")


def docket_answer(shared_path: Callable[[str], Path]) -> bytes:
    docket = json.loads(shared_path("fixtures/apis/courtlistener/docket-4214664-docs-example.json").read_text())
    docket.update(
        id=90000031,
        court="https://www.courtlistener.com/api/rest/v4/courts/wawd/",
        case_name="Parler LLC v. Amazon Web Services, Inc.",
        docket_number="2:21-cv-00031",
        assigned_to_str="Barbara Jacobs Rothstein",
    )
    return json.dumps(docket).encode()


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    page1 = (FIXTURES / "constructed_search_rd_page1.json").read_bytes()
    page2_url = json.loads(page1)["next"].removeprefix("https://www.courtlistener.com")
    routes: dict[str, tuple[int, bytes, str]] = {
        first_page_path(): (200, page1, "application/json"),
        page2_url: (200, (FIXTURES / "constructed_search_rd_page2.json").read_bytes(), "application/json"),
        f"{API}/dockets/90000031/": (200, docket_answer(shared_path), "application/json"),
    }
    pdfs = ["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf", "xray__rect_ordering_4.1.pdf"]
    for page in ("constructed_search_rd_page1.json", "constructed_search_rd_page2.json"):
        for hit in json.loads((FIXTURES / page).read_text())["results"]:
            if hit["filepath_local"]:
                routes["/" + hit["filepath_local"]] = (
                    200,
                    shared_path(f"corpus/pdfs/{pdfs.pop()}").read_bytes(),
                    "application/pdf",
                )
    mirror = Mirror(routes=routes)
    mirror.outages[first_page_path()] = Outage(1, status=429, body=THROTTLED)
    mirror.outages[page2_url] = Outage(1, status=500)
    return mirror


@pytest.fixture(scope="module")
def base_url(mirror: Mirror) -> Iterator[str]:
    with serving(mirror) as url:
        yield url


def crawl(base_url: str, uri: str, env: dict[str, str] | None = None) -> Crawl:
    """One search of W.D. Wash. 2:21-cv-00031 since 2021, logged at DEBUG, with the token set."""
    return run_spider(
        "courtlistener",
        uri,
        env={"COURTLISTENER_API_TOKEN": TOKEN, **(env or {})},
        settings={"LOG_LEVEL": "DEBUG"},
        court="wawd",
        docket="2:21-cv-00031",
        since="2021-01-01",
        api_url=f"{base_url}{API}",
        storage_url=f"{base_url}/",
    )


@pytest.fixture(scope="module")
def runs(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    archive = str(tmp_path_factory.mktemp("courtlistener") / "archive")
    first, second = crawl(base_url, archive), crawl(base_url, archive)
    return {
        "archive": archive,
        "first": first,
        "second": second,
        "records": {r["id"]: r for r in Archive.open(archive).records()},
    }


def test_free_recap_documents_are_archived_with_their_docket(runs: dict[str, Any]) -> None:
    assert not runs["first"].failures, runs["first"].log[-3000:]
    order = runs["records"]["wawd/rd-90003400"]
    # The listing names the case; `name_full` is the caption as the PDF prints it.
    assert {key: value for key, value in order["case"].items() if key != "name_full"} == {
        "name": "Parler LLC v. Amazon Web Services, Inc.",
        "docket_number": "2:21-cv-00031",
    }
    assert order["document"]["date_filed"] == "2021-01-21"
    assert order["document"]["entry_number"] == "34"
    assert order["source"]["extras"]["courtlistener_page_count"] == 14
    assert order["files"]["original"]
    # Three hits have a PDF in RECAP; one is not in the archive yet and is left for later.
    assert len(runs["records"]) == 3
    assert runs["first"].stats["courtlistener/not_in_recap"] == 1


def test_throttling_and_errors_are_retried(runs: dict[str, Any]) -> None:
    assert "answered 429: waiting 1 s before retrying" in runs["first"].log
    assert runs["first"].stats["retry/reason_count/500 Internal Server Error"] == 1


def test_second_run_archives_nothing_new(runs: dict[str, Any]) -> None:
    assert not runs["second"].failures, runs["second"].log[-2000:]
    assert runs["second"].count("archive/stored") == 0
    assert runs["second"].count("archive/skipped/already_archived") == 3


def test_token_is_never_logged(runs: dict[str, Any]) -> None:
    for run in (runs["first"], runs["second"]):
        assert TOKEN not in run.log
