"""Downloader middleware: retries that honour a server's Retry-After.

Scrapy's RetryMiddleware retries 429 and 503 at once; a court API that says "come back in
30 seconds" gets hammered. This one waits what the server asks (the `Retry-After` header, or
a spider's own reading of the body, e.g. CourtListener's "Expected available in 12 seconds"),
capped by COURT_ARCHIVE_MAX_RETRY_AFTER_SECONDS, then retries as Scrapy would.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from storage.fetch import retry_after_seconds

logger = logging.getLogger(__name__)
WAIT_STATUSES = (429, 503)


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that first waits as long as a 429/503 answer asks (capped)."""

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        """Wait out Retry-After on 429/503, then let Scrapy's retry logic decide."""
        if response.status in WAIT_STATUSES and not request.meta.get("dont_retry", False):
            delay = self._asked_delay(response)
            if delay:
                cap = self.crawler.settings.getfloat("COURT_ARCHIVE_MAX_RETRY_AFTER_SECONDS")
                wait = min(delay, cap)
                logger.info("%s answered %s: waiting %.0f s before retrying", request.url, response.status, wait)
                self.crawler.stats.inc_value("retry/retry_after_waits")
                await asyncio.sleep(wait)
        return super().process_response(request, response)

    def _asked_delay(self, response: Response) -> float | None:
        header = response.headers.get(b"Retry-After")
        delay = retry_after_seconds(header.decode("latin-1") if header else None)
        spider_reading = getattr(self.crawler.spider, "retry_after_seconds", None)
        if delay is None and callable(spider_reading):
            delay = spider_reading(response)
        return delay
