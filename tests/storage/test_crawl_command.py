"""End to end: `courtarchive crawl` runs two sources (scotus on the local mirror, two date
windows) in parallel processes, reports per source into the archive, updates the catalog,
and a second run over the unchanged site downloads nothing; into SeaweedFS, the report and
the catalog are there as well."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scrapers.spiders._base import source_id_from_url
from scrapers.spiders.scotus_listing import parse_listing
from storage.archive import Archive
from storage.catalog.queries import Filters, list_documents
from storage.catalog.update import connect
from storage.schedule.runner import log_errors
from tests.storage.sources import CrawlRun, courtarchive_crawl, write_sources
from tests.support.mirror import LISTINGS, Mirror
from tests.support.seaweed import S3Server

WINDOWS = {"late-june": ("2023-06-29", "2023-06-30"), "mid-june": ("2023-06-27", "2023-06-28")}


def listed(base_url: str, since: str, until: str) -> set[str]:
    """Record ids of the listed documents filed in the window, read by the listing parser."""
    return {
        f"scotus/{source_id_from_url(ref.document_url or '')}"
        for path, page in LISTINGS.items()
        for ref in parse_listing(page.read_text(encoding="utf-8"), base_url + path)
        if ref.date_filed and since <= ref.date_filed.isoformat() <= until
    }


def pdf_hits(mirror: Mirror) -> int:
    """PDF requests the mirror (the session's, in tests/storage/conftest.py) answered so far."""
    return sum(n for path, n in mirror.hits.items() if path.endswith(".pdf"))


@pytest.fixture(scope="module")
def runs(base_url: str, mirror: Mirror, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two runs of both sources, two at a time, into one local archive; PDFs fetched by each."""
    folder = tmp_path_factory.mktemp("crawl-command")
    config = write_sources(folder / "sources.toml", base_url, WINDOWS)
    archive = str(folder / "archive")
    before = pdf_hits(mirror)
    first = courtarchive_crawl(config, archive, parallel=2)
    between = pdf_hits(mirror)
    second = courtarchive_crawl(config, archive, parallel=2)
    fetched_first, fetched_second = between - before, pdf_hits(mirror) - between
    return {"archive": Path(archive), "first": first, "second": second, "pdfs": (fetched_first, fetched_second)}


def test_runs_succeed_and_exit_zero(runs: dict[str, Any]) -> None:
    for run in (runs["first"], runs["second"]):
        assert run.status == 0, run.stderr[-3000:]
        assert run.report is not None and run.report["ok"] and run.report["failures"] == []


def test_report_counts_each_source(runs: dict[str, Any], base_url: str) -> None:
    first: CrawlRun = runs["first"]
    assert first.report is not None
    for name, (since, until) in WINDOWS.items():
        expected = listed(base_url, since, until)
        source = first.report["sources"][name]
        assert source["spider"] == "scotus" and source["exit_code"] == 0
        assert source["items"] == len(expected) >= 3
        assert (source["documents"]["new"], source["documents"]["skipped"], source["documents"]["failed"]) == (
            len(expected),
            0,
            0,
        )
        # robots.txt, two listings and one PDF per document.
        assert source["requests"] == len(expected) + 3
        assert source["bytes"] > 0 and source["seconds"] > 0


def test_second_run_skips_everything_and_downloads_no_pdf(runs: dict[str, Any]) -> None:
    fetched_first, fetched_second = runs["pdfs"]
    assert fetched_first > 0 and fetched_second == 0
    second: CrawlRun = runs["second"]
    assert second.report is not None
    for source in second.report["sources"].values():
        assert source["documents"]["new"] == 0
        assert source["documents"]["skipped"] == source["items"] > 0


def test_reports_are_stored_in_the_archive(runs: dict[str, Any]) -> None:
    stored = sorted((runs["archive"] / "runs").glob("*.json"))
    assert len(stored) == 2
    assert json.loads(stored[-1].read_text()) == runs["second"].report
    assert "run report" in runs["second"].stderr and "late-june: " in runs["second"].stderr


def test_catalog_lists_what_both_sources_archived(runs: dict[str, Any], base_url: str) -> None:
    expected = set().union(*(listed(base_url, *window) for window in WINDOWS.values()))
    assert {r["id"] for r in Archive.open(str(runs["archive"])).records()} == expected
    db = connect(runs["archive"] / "catalog.sqlite")
    assert {row["id"] for row in list_documents(db, Filters())} == expected


def test_unknown_source_is_bad_usage(runs: dict[str, Any], tmp_path: Path, base_url: str) -> None:
    config = write_sources(tmp_path / "sources.toml", base_url, WINDOWS)
    run = courtarchive_crawl(config, str(runs["archive"]), "late-june", "nosuch")
    assert run.status == 2
    assert "unknown source nosuch" in run.stderr


def test_malformed_config_is_bad_usage(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text("[sources.scotus]\nspyder = 'scotus'\n")
    run = courtarchive_crawl(config, str(tmp_path / "archive"))
    assert run.status == 2
    assert "source 'scotus': bad spyder" in run.stderr


def test_s3_archive_gets_the_report_and_records(
    base_url: str, s3_server: S3Server, s3_bucket: str, tmp_path: Path
) -> None:
    config = write_sources(tmp_path / "sources.toml", base_url, {"late-june": WINDOWS["late-june"]})
    env = {**s3_server.environment(), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = courtarchive_crawl(config, f"s3://{s3_bucket}/v1", env=env)
    assert run.status == 0, run.stderr[-3000:]
    assert run.report is not None and run.report["sources"]["late-june"]["documents"]["new"] == 6
    keys = [
        o["Key"]
        for o in s3_server.client().list_objects_v2(  # type: ignore[attr-defined]
            Bucket=s3_bucket, Prefix="v1/runs/"
        )["Contents"]
    ]
    assert len(keys) == 1 and f"s3://{s3_bucket}/{keys[0]}" in run.stderr
    catalogs = list((tmp_path / "cache" / "court-archiver").glob("*.sqlite"))
    assert len(catalogs) == 1
    assert {row["id"] for row in list_documents(connect(catalogs[0]), Filters())} == listed(
        base_url, *WINDOWS["late-june"]
    )


def test_report_keeps_a_logs_error_lines_with_keys_masked(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    log.write_text(
        "2026-11-30 06:17:01 [scrapy.core.engine] INFO: Spider opened\n"
        "2026-11-30 06:17:02 [scrapy.core.scraper] ERROR: Error downloading "
        "<GET https://api.example/v1?q=x&api_key=SECRET1&page=2>\n"
        "2026-11-30 06:17:03 [scrapy.core.engine] INFO: Closing spider (finished)\n"
    )
    assert log_errors(log) == [
        (
            "2026-11-30 06:17:02 [scrapy.core.scraper] ERROR: Error downloading "
            "<GET https://api.example/v1?q=x&api_key=***&page=2>"
        )
    ]
    # A crash logs no error line of Scrapy's: its last lines are kept instead.
    log.write_text("Traceback (most recent call last):\nImportError: no module named scrapy_redis\n")
    assert log_errors(log) == ["Traceback (most recent call last):", "ImportError: no module named scrapy_redis"]
