"""`scrapy crawl`, plus a summary line and a non-zero exit when the run failed.

Scrapy's own `crawl` exits 0 whenever the spider started, even when every listing failed to
parse or every download failed; a cron job or Scrapyd needs to see those runs fail.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from scrapers.outcome import run_failures


def summary(spider: str, stats: Mapping[str, Any]) -> str:
    """One line for people and logs: what the run archived, skipped and failed."""
    counts = {
        "stored": stats.get("archive/stored", 0),
        "events without a document": stats.get("archive/stored_without_document", 0),
        "already archived": stats.get("archive/skipped/already_archived", 0),
        "unreadable PDFs": sum(v for k, v in stats.items() if k.startswith("extract/failed/")),
    }
    line = f"court-archiver {spider}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
    joined = stats.get("archive/skipped/joined", 0)
    if joined:
        line += f", {joined} already archived under another record (source added to it)"
    failures = run_failures(stats)
    if failures:
        line += "; FAILED: " + ", ".join(f"{k}={v}" for k, v in failures.items())
    return line


class Command(ScrapyCrawl):
    """Run a spider; exit 1 if any listing, download or storage step failed."""

    crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        # Kept so that run() can read the finished crawl's stats.
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Crawl, then report."""
        super().run(args, opts)
        if self.crawler is None:
            return
        try:
            stats = self.crawler.stats.get_stats()
        except RuntimeError:
            # The crawl never started: the spider refused its arguments (logged above).
            self.exitcode = 1
            return
        print(summary(args[0], stats), file=sys.stderr)
        if run_failures(stats):
            self.exitcode = 1
