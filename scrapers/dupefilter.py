"""A duplicate-request filter that forgets between runs, even with JOBDIR.

Scrapy's own filter keeps every request it scheduled in `JOBDIR/requests.seen`. After a crawl
is killed (`kill -9`, OOM, reboot), the items of listings already fetched were still in
flight, and the queue of pending requests is not saved; the next run would then skip those
listings as seen and silently lose their documents. What is archived is known from the archive
itself (a record with its original is never fetched again), so the filter need only hold
within one run.
"""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter


class RunDupeFilter(RFPDupeFilter):
    """RFPDupeFilter without `requests.seen`: the same request is fetched once per run."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The filter for one run, whatever JOBDIR says."""
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)
