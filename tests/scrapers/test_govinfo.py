"""`scrapy crawl govinfo` against a local replay of the GovInfo API and real MODS files.

The collections pages are constructed (GovInfo's current envelope, see
tests/scrapers/fixtures/govinfo/README.md); the MODS are real packages from ../shared; each
document's PDF is answered with a real corpus PDF.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scrapers.spiders.govinfo_api import parse_mods
from storage.archive import Archive
from storage.watermarks import read_state
from tests.support.mirror import Mirror, Outage, serving

REPO = Path(__file__).resolve().parents[2]
MODS = "fixtures/juriscraper/juriscraper/fdsys/examples"
PACKAGES = {
    "USCOURTS-dcd-1_12-cv-00587": "2013/dcd-1_12-cv-00587.xml",
    "USCOURTS-caed-2_12-cv-02558": "2013/caed-2_12-cv-02558.xml",
    "USCOURTS-ca10-12-02031": "2013/ca10-12-02031.xml",
}
MODIFIED = {
    "USCOURTS-dcd-1_12-cv-00587": "2013-01-03T18:22:05Z",
    "USCOURTS-caed-2_12-cv-02558": "2015-04-20T14:03:11Z",
    "USCOURTS-ca10-12-02031": "2014-02-11T08:00:00Z",
}
PDFS = ["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf", "xray__rect_ordering_4.1.pdf"]
START = "/collections/USCOURTS/2012-01-01T00:00:00Z"
KEY = "test-govinfo-key-not-for-logs"


def collections_page(ids: list[str], next_page: str | None) -> bytes:
    packages = [
        {
            "packageId": i,
            "lastModified": MODIFIED[i],
            "packageLink": f"https://api.govinfo.gov/packages/{i}/summary",
            "docClass": "USCOURTS",
            "title": i,
            "dateIssued": "2013-01-02",
        }
        for i in ids
    ]
    return json.dumps(
        {"count": len(PACKAGES), "message": None, "nextPage": next_page, "previousPage": None, "packages": packages}
    ).encode()


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    # Three corpus PDFs in turn, each granule's made its own (GovInfo files every document once)
    # by a trailing comment, which PDF readers ignore.
    pdfs = iter(PDFS * 10)
    return govinfo_mirror(
        shared_path, lambda granule: shared_path(f"corpus/pdfs/{next(pdfs)}").read_bytes() + f"\n% {granule}\n".encode()
    )


def govinfo_mirror(shared_path: Callable[[str], Path], pdf_of: Callable[[str], bytes]) -> Mirror:
    """The three packages' listing pages, MODS and, for each granule id, the PDF `pdf_of` gives."""
    mods = {pid: shared_path(f"{MODS}/{name}").read_bytes() for pid, name in PACKAGES.items()}
    ids = list(PACKAGES)
    second = f"{START}?offsetMark=AoIIPw%3D%3D&pageSize=1000"
    routes: dict[str, tuple[int, bytes, str]] = {
        f"{START}?offsetMark=%2A&pageSize=1000": (
            200,
            collections_page(ids[:2], "https://api.govinfo.gov" + second),
            "application/json",
        ),
        second: (200, collections_page(ids[2:], None), "application/json"),
        "/collections/USCOURTS/2015-04-20T14:03:11Z?offsetMark=%2A&pageSize=1000": (
            200,
            collections_page([], None),
            "application/json",
        ),
    }
    for pid, body in mods.items():
        routes[f"/packages/{pid}/mods"] = (200, body, "application/xml")
        for ref in parse_mods(body).documents:
            routes[f"/content/pkg/{pid}/pdf/{ref.source_id}.pdf"] = (
                200,
                pdf_of(ref.source_id or ""),
                "application/pdf",
            )
    return Mirror(routes=routes)


@pytest.fixture(scope="module")
def base_url(mirror: Mirror) -> Iterator[str]:
    with serving(mirror) as url:
        yield url


def crawl(base_url: str, archive: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "govinfo",
        "-a",
        f"api_url={base_url}",
        "-a",
        f"content_url={base_url}",
        "-a",
        "delay=0",
        *extra,
        "-s",
        f"COURT_ARCHIVE_URI={archive}",
        "-s",
        "LOG_LEVEL=DEBUG",
    ]
    return subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "GOVINFO_API_KEY": KEY},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def runs(base_url: str, mirror: Mirror, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    archive = tmp_path_factory.mktemp("govinfo") / "archive"
    # The source throttles once and fails once: both are retried and the run completes.
    mirror.outages["/packages/USCOURTS-ca10-12-02031/mods"] = Outage(1, status=429, retry_after="1")
    first_pdf = next(p for p in mirror.routes if p.endswith(".pdf"))
    mirror.outages[first_pdf] = Outage(1, status=500)
    first = crawl(base_url, archive, "-a", "since=2012-01-01")
    pdf_hits = {p: n for p, n in mirror.hits.items() if p.endswith(".pdf")}
    second = crawl(base_url, archive)
    return {
        "archive": archive,
        "first": first,
        "second": second,
        "pdf_hits": pdf_hits,
        "records": {r["id"]: r for r in Archive.open(str(archive)).records()},
    }


def test_every_document_of_every_package_is_archived(runs: dict[str, Any], shared_path: Callable[[str], Path]) -> None:
    assert runs["first"].returncode == 0, runs["first"].stderr[-2000:]
    expected = {
        f"{p.court_id}/{d.source_id}"
        for name in PACKAGES.values()
        for p in [parse_mods(shared_path(f"{MODS}/{name}").read_bytes())]
        for d in p.documents
    }
    assert set(runs["records"]) == expected
    assert all(r["files"]["original"] and r["extraction"] for r in runs["records"].values())


def test_record_carries_the_mods_facts(runs: dict[str, Any]) -> None:
    quaker = [r for r in runs["records"].values() if r["court"]["id"] == "dcd"]
    assert quaker and quaker[0]["case"]["docket_number"] == "1:12-cv-00587"
    assert quaker[0]["court"]["name"] == "United States District Court District of Columbia"  # as the MODS prints it
    assert quaker[0]["source"]["spider"] == "govinfo"


def test_clean_run_saves_the_watermark_and_the_next_run_starts_there(runs: dict[str, Any]) -> None:
    state = read_state(Archive.open(str(runs["archive"])), "govinfo", {"courts": []})
    assert state["watermark"] == "2015-04-20T14:03:11Z"
    assert runs["second"].returncode == 0, runs["second"].stderr[-2000:]
    assert "/collections/USCOURTS/2015-04-20T14:03:11Z" in runs["second"].stderr
    assert "0 stored" in runs["second"].stderr


def test_api_key_is_sent_in_a_header_never_logged(runs: dict[str, Any]) -> None:
    for run in (runs["first"], runs["second"]):
        assert KEY not in run.stderr + run.stdout


def test_throttling_and_a_server_error_were_retried(runs: dict[str, Any]) -> None:
    log = runs["first"].stderr
    assert "answered 429: waiting 1 s before retrying" in log
    assert "500 Internal Server Error" in log or "(500)" in log
