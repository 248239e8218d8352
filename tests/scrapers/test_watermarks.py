"""Watermarks move forward only: a clean scheduled run advances its query's watermark; a
backfill (`since` in the past) never moves it back, and a run bounded by `until` moves it no
further than that day."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from scrapers.spiders._base import is_later
from scrapers.spiders.govinfo import GovInfoSpider
from storage.archive import Archive
from storage.watermarks import read_state, write_state


def closed_run(uri: str, seen: list[str], **args: str) -> None:
    """A govinfo run that saw these change markers and ended cleanly."""
    crawler = get_crawler(GovInfoSpider, {"COURT_ARCHIVE_URI": uri})
    spider = GovInfoSpider.from_crawler(crawler, **args)
    crawler.spider = spider
    for marker in seen:
        spider.advance_watermark(spider.query, marker)
    spider.closed("finished")


def watermark(uri: str) -> str | None:
    spider = GovInfoSpider.from_crawler(get_crawler(GovInfoSpider, {"COURT_ARCHIVE_URI": uri}))
    value = read_state(Archive.open(uri), "govinfo", spider.query).get("watermark")
    return str(value) if value is not None else None


def test_a_clean_run_advances_the_watermark_to_the_latest_it_saw(tmp_path: Path) -> None:
    uri = str(tmp_path / "archive")
    closed_run(uri, ["2025-03-01T10:00:00Z", "2025-03-02T09:00:00.5Z", "2025-03-01T23:00:00Z"])
    assert watermark(uri) == "2025-03-02T09:00:00.5Z"


def test_a_backfill_never_moves_it_back_nor_past_its_until(tmp_path: Path) -> None:
    uri = str(tmp_path / "archive")
    spider = GovInfoSpider.from_crawler(get_crawler(GovInfoSpider, {"COURT_ARCHIVE_URI": uri}))
    write_state(Archive.open(uri), "govinfo", spider.query, {"watermark": "2025-06-01T00:00:00Z"})
    closed_run(uri, ["2019-05-01T00:00:00Z"], since="2019-01-01")
    assert watermark(uri) == "2025-06-01T00:00:00Z"
    # Packages issued in 2019 but changed since: the run did not look at what else changed.
    closed_run(uri, ["2025-07-01T00:00:00Z"], since="2019-01-01", until="2019-12-31")
    assert watermark(uri) == "2025-06-01T00:00:00Z"
    closed_run(uri, ["2025-06-20T00:00:00Z"], since="2025-06-01", until="2025-06-30")
    assert watermark(uri) == "2025-06-20T00:00:00Z"
    closed_run(uri, ["2025-07-01T00:00:00Z"])
    assert watermark(uri) == "2025-07-01T00:00:00Z"


def test_times_compare_as_times() -> None:
    assert is_later("2024-06-24T17:15:02.1Z", "2024-06-24T17:15:02+00:00")
    assert not is_later("2024-06-24T17:15:02Z", "2024-06-24T17:15:02.118230Z")
    assert is_later("b", "a") and is_later("2025-01-01", None)
