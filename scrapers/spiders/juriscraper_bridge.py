"""About 250 U.S. courts through Free Law Project's juriscraper: `scrapy crawl juriscraper`.

Any juriscraper 3.0.40 opinion module runs as this one spider (`-a court=ca1`); Scrapy makes
every request, juriscraper only parses (see `_juriscraper`). Arguments:
- `court`: one juriscraper module id (`ca1`, `nyappdiv_1st`, `tex`, `scotus_slip`);
- `courts`: a comma list of module ids, CourtListener court ids (`nyappdiv` names its four
  modules), jurisdictions (`federal_appellate`, `state`, `territories`, ...) or globs
  (`txctapp*`); unsupported courts in a group are left out with a warning;
- `since`, `until`: ISO dates. A court with date-bounded back-scraping is backfilled step by
  step (`_download_backwards`); any other crawls its current listing, filtered by date;
- `mirror`: a server to send every request to instead (same path and query), for a local
  replay of saved pages; document URLs are rewritten the same way.

Quirks: a court's first request is found by running its Site until it asks for one (so it
goes through Scrapy's scheduler like any listing); that response is handed back to a fresh
Site, whose further requests (forms, detail pages, pagination) Scrapy downloads in the same
callback. A further request that fails once opinions are parsed (a next page, a detail
page) ends the court there: the opinions before it are kept, with a warning and the stat
`juriscraper/stopped_early/<court>`. Items carry CourtListener's court id (`nyappdiv_1st` ->
`nyappdiv`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from scrapers.items import CourtDocument
from scrapers.spiders._base import CourtSpider
from scrapers.spiders._juriscraper import (
    JURISCRAPER_LOGGER,
    JURISCRAPER_MISSING,
    Court,
    Fetch,
    backfill_items,
    courtlistener_id,
    courts,
    new_site,
    scrape,
    select_courts,
)
from scrapers.spiders._juriscraper_items import document_refs


class _FirstRequest(BaseException):
    """Stops a Site at its first request (BaseException: a Site's `except Exception` must not
    swallow it)."""

    def __init__(self, request: scrapy.Request) -> None:
        super().__init__(request.url)
        self.request = request


async def first_request(court: Court, step: Any = None) -> scrapy.Request | None:
    """The first request a court's Site makes (for a back-scrape step), or None if it makes
    none now (minn only visits in its robots.txt window)."""

    async def stop(request: scrapy.Request) -> Response:
        raise _FirstRequest(request)

    quiet = JURISCRAPER_LOGGER.disabled
    JURISCRAPER_LOGGER.disabled = True  # its "Now downloading" would be said twice
    try:
        await scrape(new_site(court, stop), backfill_item=step)
    except _FirstRequest as first:
        return first.request
    finally:
        JURISCRAPER_LOGGER.disabled = quiet
    return None


def answering_first(listing: Response, fetch: Fetch) -> Fetch:
    """`fetch`, except that the request `listing` answers is answered by it, once."""
    pending = [listing]

    async def answer(request: scrapy.Request) -> Response:
        asked = listing.request
        if (
            pending
            and asked is not None
            and (request.method, request.url, request.body) == (asked.method, asked.url, asked.body)
        ):
            return pending.pop()
        return await fetch(request)

    return answer


class JuriscraperSpider(CourtSpider):
    """Crawl juriscraper courts: `-a court=ca1`, `-a courts=state`, `-a since=2024-01-01`."""

    name = "juriscraper"

    def __init__(
        self, *args: Any, court: str | None = None, courts: str | None = None, mirror: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if JURISCRAPER_MISSING:
            raise ImportError(JURISCRAPER_MISSING)
        self.courts, skipped = select_courts(court, courts)
        for reason in skipped.values():
            self.logger.warning("Left out: %s", reason)
        self.mirror = urlsplit(mirror) if mirror else None
        if self.mirror and not (self.mirror.scheme and self.mirror.netloc):
            raise ValueError(f"mirror={mirror!r} is not a URL such as http://127.0.0.1:8808")

    def mirrored(self, url: str) -> str:
        """`url` on the mirror, when there is one."""
        if self.mirror is None or not url.startswith(("http://", "https://")):
            return url
        parts = urlsplit(url)
        return urlunsplit((self.mirror.scheme, self.mirror.netloc, parts.path, parts.query, ""))

    def _mirroring(self, fetch: Fetch) -> Fetch:
        async def mirrored_fetch(request: scrapy.Request) -> Response:
            return await fetch(request.replace(url=self.mirrored(request.url)))

        return mirrored_fetch if self.mirror else fetch

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Each court's first request (one per back-scrape step when backfilling)."""
        for court in self.courts:
            for step in self.steps(court):
                request = await first_request(court, step)
                if request is None:
                    self.logger.info("%s makes no request now", court.module_id)
                    continue
                yield request.replace(
                    url=self.mirrored(request.url),
                    callback=self.parse_court,
                    cb_kwargs={"court": court.module_id, "step": step},
                )

    def steps(self, court: Court) -> list[Any]:
        """The back-scrape steps covering since..until, or [None] for the current listing."""
        if self.since is None:
            return [None]
        items = backfill_items(court, self.since, self.until or date.today())
        if items is None:
            self.logger.warning(
                "%s has no back-scraping by date: crawling its current listing, filtered by since/until",
                court.module_id,
            )
            return [None]
        self.logger.info("%s: backfilling in %d steps", court.module_id, len(items))
        return items

    async def parse_court(self, response: Response, court: str, step: Any = None) -> AsyncIterator[CourtDocument]:
        """Run the court's Site on its listing; further requests go through Scrapy."""
        assert self.crawler.engine is not None
        fetch = self._mirroring(answering_first(response, self.crawler.engine.download_async))
        site = new_site(courts()[court], fetch)
        scraped = await scrape(site, backfill_item=step)
        self.crawler.stats.inc_value("juriscraper/requests", len(site.request["session"].requested))
        if scraped.stopped_by:
            self.logger.warning(
                "%s: stopped early (%s); keeping the %d opinions parsed before",
                court,
                scraped.stopped_by,
                len(scraped.cases),
            )
            self.crawler.stats.inc_value(f"juriscraper/stopped_early/{court}")
        refs = document_refs(scraped.cases, courtlistener_id(site), response.url)
        if not refs:
            self.logger.warning("%s: no opinions on %s", court, response.url)
            self.crawler.stats.inc_value(f"juriscraper/empty/{court}")
        for item in self.documents(refs, response.url):
            yield replace(item, document_url=self.mirrored(item.document_url)) if item.document_url else item
