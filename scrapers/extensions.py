"""The project's Scrapy extensions, each on when its setting asks for it.

`StatsFile`: a crawl's figures as a JSON file, for `courtarchive crawl` (which runs `scrapy crawl`
as a child). Enabled by COURT_ARCHIVE_STATS_FILE (a path). When the spider closes, the file gets
the crawl's stats, its finish reason and the failures `scrapers.outcome` finds in them, so the
parent never parses logs. Written through a temporary file: a reader sees all of it or nothing.

`WatchDelivery`: after a crawl, deliver what is new to the archive's watches (`storage.watches`).
Runs on `spider_closed`, which Scrapy sends after the item pipelines have closed, so the
archive pipeline has brought the catalog up to date. Off when the crawl leaves the catalog
to someone else (COURT_ARCHIVE_UPDATE_CATALOG false: `courtarchive crawl` updates it once for
all its sources, then delivers), or with COURT_ARCHIVE_WATCHES false. Delivery (HTTP, SMTP,
archive writes) runs in a thread, off the reactor. A failed delivery is logged as a warning and
stays pending for the next crawl; it does not fail this one.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import run_in_thread

from scrapers.outcome import run_failures
from storage.archive import Archive
from storage.blobs.base import StorageError
from storage.catalog.update import CatalogError, open_catalog
from storage.watches.run import WatchOutcome, run_watches

logger = logging.getLogger(__name__)


class WatchDelivery:
    """Delivers each watch's new documents when the crawl ends."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WatchDelivery:
        """Enabled unless watches or the crawl's catalog update are turned off.

        Raises:
            NotConfigured: when they are.
        """
        settings = crawler.settings
        if not (settings.getbool("COURT_ARCHIVE_WATCHES") and settings.getbool("COURT_ARCHIVE_UPDATE_CATALOG")):
            raise NotConfigured("watches are delivered by whoever updates the catalog")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _deliver(self) -> list[WatchOutcome]:
        archive = Archive.open(self.crawler.settings["COURT_ARCHIVE_URI"])
        db, _ = open_catalog(archive, update=False)
        try:
            return run_watches(archive, db)
        finally:
            db.close()

    async def spider_closed(self) -> None:
        """Deliver, counting in the stats what was delivered and what waits."""
        stats = self.crawler.stats
        assert stats is not None
        try:
            outcomes = await run_in_thread(self._deliver)
        except (CatalogError, StorageError) as exc:
            logger.warning("Watches not delivered (the next crawl delivers them): %s", exc)
            stats.inc_value("watches/failed")
            return
        for outcome in outcomes:
            logger.info("%s", outcome.line())
            for channel, count in outcome.delivered.items():
                stats.inc_value(f"watches/delivered/{channel}", count)
            stats.inc_value("watches/new", outcome.new)
            stats.inc_value("watches/pending", outcome.pending)


class StatsFile:
    """Writes the finished crawl's stats to COURT_ARCHIVE_STATS_FILE."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        """Enabled only when COURT_ARCHIVE_STATS_FILE is set.

        Raises:
            NotConfigured: when it is not.
        """
        path = crawler.settings.get("COURT_ARCHIVE_STATS_FILE")
        if not path:
            raise NotConfigured("COURT_ARCHIVE_STATS_FILE is not set")
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        """Write the stats, the finish reason and the failures, once everything that runs when
        the spider closes (the watches' delivery too) has counted in them."""
        assert self.crawler.stats is not None and self.crawler.spider is not None
        stats: dict[str, Any] = self.crawler.stats.get_stats()
        body = {
            "spider": self.crawler.spider.name,
            "finish_reason": stats.get("finish_reason"),
            "failures": run_failures(stats),
            "stats": stats,
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(body, default=str, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)
