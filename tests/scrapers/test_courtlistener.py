"""`scrapy crawl courtlistener` against a local replay of the REST API v4 and RECAP storage.

Search pages are the constructed fixtures in tests/scrapers/fixtures/courtlistener/ (see its
README); the docket answer is the real docs example with the constructed case's values; PDFs
are real corpus PDFs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers.spiders.courtlistener_api import search_url
from storage.archive import Archive
from tests.support.mirror import Mirror, Outage, serving

REPO = Path(__file__).resolve().parents[2]
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


def crawl(base_url: str, uri: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "courtlistener",
        "-a",
        "court=wawd",
        "-a",
        "docket=2:21-cv-00031",
        "-a",
        "since=2021-01-01",
        "-a",
        f"api_url={base_url}{API}",
        "-a",
        f"storage_url={base_url}/",
        "-s",
        f"COURT_ARCHIVE_URI={uri}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "LOG_LEVEL=DEBUG",
    ]
    return subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "COURTLISTENER_API_TOKEN": TOKEN, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
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
    assert runs["first"].returncode == 0, runs["first"].stderr[-3000:]
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
    assert "'courtlistener/not_in_recap': 1" in runs["first"].stderr


def test_throttling_and_errors_are_retried(runs: dict[str, Any]) -> None:
    assert "answered 429: waiting 1 s before retrying" in runs["first"].stderr
    assert "'retry/reason_count/500 Internal Server Error': 1" in runs["first"].stderr


def test_second_run_archives_nothing_new(runs: dict[str, Any]) -> None:
    assert runs["second"].returncode == 0, runs["second"].stderr[-2000:]
    assert "0 stored" in runs["second"].stderr and "3 already archived" in runs["second"].stderr


def test_token_is_never_logged(runs: dict[str, Any]) -> None:
    for run in (runs["first"], runs["second"]):
        assert TOKEN not in run.stdout + run.stderr
