"""A crawl's figures as a JSON file, for `courtarchive crawl` (which runs `scrapy crawl` as a child).

Enabled by the setting COURT_ARCHIVE_STATS_FILE (a path). When the spider closes, the file gets
the crawl's stats, its finish reason and the failures `scrapers.outcome` finds in them, so the
parent never parses logs. Written through a temporary file: a reader sees all of it or nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider

from scrapers.outcome import run_failures


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
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Write the stats, the finish reason and the failures."""
        assert self.crawler.stats is not None
        stats: dict[str, Any] = self.crawler.stats.get_stats()
        body = {"spider": spider.name, "finish_reason": reason, "failures": run_failures(stats), "stats": stats}
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(body, default=str, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)
