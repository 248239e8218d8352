"""One order, two sources: a docket entry from PACER's RSS feed (no PDF) and the same entry in
CourtListener's RECAP archive (with its PDF) make one record listing both sources, whichever
source comes first; later runs of either archive nothing new and fetch no PDF again. And the
same bytes under several GovInfo granules of one docket are one record.

The feed is sdny_1 from juriscraper's examples (../shared); CourtListener's answer is the
constructed type=r hit of test_pacer_rss, made the docket of the feed's "1:18-cv-03323 Guy v.
Trump" with its Document 3 in RECAP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scrapers.spiders.govinfo_api import parse_mods
from storage.archive import Archive
from storage.identity import alias_key, entry_key, owner_in
from storage.records import SCHEMA_PATH
from tests.scrapers.test_govinfo import MODS, PACKAGES, govinfo_mirror
from tests.scrapers.test_govinfo import crawl as govinfo_crawl
from tests.scrapers.test_pacer_rss import FEEDS, REPO, guy_v_trump_in_recap
from tests.support.mirror import Mirror, serving

PDF = "/recap/gov.uscourts.nysd.492150/gov.uscourts.nysd.492150.3.0.pdf"
ENTRY = "nysd/1-18-cv-03323-3"  # the feed's record id for the entry
RECAP = "nysd/rd-90000300"  # CourtListener's


def crawl(spider: str, url: str, uri: str) -> subprocess.CompletedProcess[str]:
    """The feed (pacer_rss, without its own RECAP look-up) or CourtListener's docket search."""
    args = {
        "pacer_rss": ["-a", "courts=nysd", "-a", f"feed_url={url}/{{court}}/rss"],
        "courtlistener": [
            "-a",
            "type=r",
            "-a",
            "court=nysd",
            "-a",
            "docket=1:18-cv-03323",
            "-a",
            "since=2018-01-01",
            "-a",
            f"api_url={url}/api/rest/v4",
            "-a",
            f"storage_url={url}/",
        ],
    }[spider]
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        *args,
        "-s",
        f"COURT_ARCHIVE_URI={uri}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "LOG_LEVEL=INFO",
    ]
    done = subprocess.run(
        command, check=False, cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path], corpus_pdf: Callable[[str], Path]) -> Mirror:
    return Mirror(
        routes={
            "/nysd/rss": (200, shared_path(f"{FEEDS}/sdny_1.xml").read_bytes(), "application/rss+xml"),
            "/api/rest/v4/search/": (200, guy_v_trump_in_recap(), "application/json"),
            PDF: (200, corpus_pdf("doctor__ca7_3.pdf").read_bytes(), "application/pdf"),
        }
    )


@pytest.mark.parametrize("order", [("pacer_rss", "courtlistener"), ("courtlistener", "pacer_rss")])
def test_one_entry_from_two_sources_is_one_record(order: tuple[str, str], mirror: Mirror, tmp_path: Path) -> None:
    uri = str(tmp_path / "archive")
    archive = Archive.open(uri)
    with serving(mirror) as url:
        pdfs_before = mirror.hits.get(PDF, 0)
        _, second = (crawl(spider, url, uri) for spider in order)
        records: dict[str, Any] = {r["id"]: r for r in archive.records()}
        again = [crawl(spider, url, uri) for spider in order]
        pdfs = mirror.hits.get(PDF, 0) - pdfs_before
    owner = ENTRY if order[0] == "pacer_rss" else RECAP
    other = RECAP if owner == ENTRY else ENTRY
    assert other not in records and owner in records
    record = records[owner]
    assert record["files"]["original"] and record["case"]["docket_number"] == "1:18-cv-03323"
    # The source that brought the PDF is `source`; the feed's event is the other.
    assert [s["spider"] for s in record["sources"]] == ["courtlistener", "pacer_rss"]
    assert record["sources"][0] == record["source"] and record["source"]["url"] == f"{url}{PDF}"
    assert {s["url"] for s in record["sources"]} == {f"{url}{PDF}", None}
    jsonschema.validate(record, json.loads(SCHEMA_PATH.read_text()))
    # The claim and the alias say where the entry lives; the earlier version is kept.
    assert owner_in(archive, entry_key("nysd", "1:18-CV-3323", "3") or "") == owner
    assert owner_in(archive, alias_key(other)) == owner
    assert len(archive.record_versions(owner)) == 1
    # RECAP's PDF completes the feed's event record; the feed's event joins RECAP's record.
    assert ("1 stored" if owner == ENTRY else "1 already archived under another record") in second.stderr
    assert pdfs == 1  # the PDF was fetched once, by whichever source had it first
    for run in again:
        assert "0 stored, 0 events without a document" in run.stderr
    assert {r["id"]: r for r in archive.records()}[owner] == record


def test_the_same_bytes_in_one_package_are_one_record(
    shared_path: Callable[[str], Path], corpus_pdf: Callable[[str], Path], tmp_path: Path
) -> None:
    """GovInfo's three packages (test_govinfo), every granule served as the same PDF: within a
    package (one docket, granules without entry numbers) the copies are one record listing each
    granule; the three packages (three dockets, two courts) stay three records of one original."""
    pdf = corpus_pdf("doctor__ca7_3.pdf").read_bytes()
    mirror = govinfo_mirror(shared_path, lambda granule: pdf)
    granules = {
        pid: len(parse_mods(shared_path(f"{MODS}/{name}").read_bytes()).documents) for pid, name in PACKAGES.items()
    }
    archive = tmp_path / "archive"
    with serving(mirror) as url:
        first = govinfo_crawl(url, archive, "-a", "since=2012-01-01")
        again = govinfo_crawl(url, archive, "-a", "since=2012-01-01")
    assert first.returncode == again.returncode == 0, first.stderr[-3000:]
    records = {r["id"].split("/")[1].rsplit("-", 1)[0]: r for r in Archive.open(str(archive)).records()}
    assert {pid: len(r["sources"]) for pid, r in records.items()} == granules
    assert len({r["files"]["original"] for r in records.values()}) == 1
    assert f"{sum(granules.values()) - len(granules)} already archived under another record" in first.stderr
    # The second run finds the copies by their aliases: no PDF fetched twice, nothing added.
    assert all(n == 1 for path, n in mirror.hits.items() if path.endswith(".pdf"))
    assert "0 stored" in again.stderr and f"{sum(granules.values())} already archived" in again.stderr
