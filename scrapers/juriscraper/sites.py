"""Running a juriscraper Site on Scrapy's downloads: building it, scraping it (a back-scrape
step, a saved listing, a request that fails part-way), and finding its first request."""

from __future__ import annotations

import contextlib
import inspect
import io
import logging
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import scrapy
from scrapy.http import Response

with contextlib.redirect_stderr(io.StringIO()):
    # juriscraper prints a warning to stderr on import when /var/log/juriscraper is missing.
    from juriscraper.AbstractSite import AbstractSite
    from juriscraper.lib.string_utils import CaseNameTweaker

from scrapers.juriscraper.courts import Court
from scrapers.juriscraper.session import (
    Fetch,
    ScrapyDownloadError,
    ScrapySession,
    no_outbound_http,
    to_httpx_response,
)

JURISCRAPER_LOGGER = logging.getLogger("juriscraper.lib.log_tools")


def route_juriscraper_log() -> None:
    """Send juriscraper's log records to Scrapy's log only, once, at their own level.

    juriscraper gives its logger a stderr handler (again whenever a module finds it without
    one); a NullHandler keeps its slot. Called when the juriscraper spider starts, so no other
    crawl's logging is touched.
    """
    JURISCRAPER_LOGGER.handlers[:] = [logging.NullHandler()]
    JURISCRAPER_LOGGER.setLevel(logging.NOTSET)


_CASE_NAME_TWEAKER: list[Any] = []  # one, made on first use: it loads name lists


def new_site(court: Court, fetch: Fetch, **kwargs: Any) -> AbstractSite:
    """A juriscraper Site for `court` whose every download is made by `fetch` (Scrapy)."""
    if not _CASE_NAME_TWEAKER:
        _CASE_NAME_TWEAKER.append(CaseNameTweaker())
    with no_outbound_http():
        site = court.site_class()(cnt=_CASE_NAME_TWEAKER[0], **kwargs)
    site.request["session"] = ScrapySession(fetch)
    # urllib was juriscraper's way round TLS fingerprinting of httpx; it would bypass Scrapy.
    site.use_urllib = False
    return site


@dataclass(frozen=True)
class Scraped:
    """What a Site parsed; `stopped_by` names the failed request that ended it early."""

    cases: list[dict[str, Any]]
    stopped_by: str | None = None


# A request Scrapy gave up on, or one the court answered with an error status.
DOWNLOAD_FAILURES = (ScrapyDownloadError, httpx.HTTPStatusError)


async def scrape(site: AbstractSite, backfill_item: Any = None, listing: Response | None = None) -> Scraped:
    """Run a Site; the cases it parsed.

    With `backfill_item`, one back-scrape step is run first. With `listing`, that response is
    the listing page the Site parses, its download steps before and after it skipped (see
    `_download_saved`): for re-parsing a saved or cached listing; requests made while parsing
    still go to Scrapy.
    A request that fails once the Site has parsed cases (a next page, a detail page) ends it
    there: the cases parsed before it are kept and `stopped_by` says which request failed.

    Raises:
        ScrapyDownloadError, httpx.HTTPStatusError: when a request failed before any case.
    """
    with no_outbound_http():
        try:
            if backfill_item is not None:
                await site._download_backwards(backfill_item)
            if listing is not None:
                site.html = await _download_saved(site, listing)
                site.downloader_executed = True
                processed = site._process_html()
                if inspect.isawaitable(processed):
                    await processed
            await site.parse()
        except DOWNLOAD_FAILURES as failure:
            return await _parsed_before(site, failure)
    return Scraped(list(site))


async def _parsed_before(site: AbstractSite, failure: Exception) -> Scraped:
    """The cases a Site had parsed (`site.cases`) when `failure` stopped it.

    Raises:
        ScrapyDownloadError, httpx.HTTPStatusError: `failure`, when the Site keeps no parsed
            cases (it parses at the end, from `site.html`) or had parsed none yet.
    """
    if not getattr(site, "cases", None):
        raise failure
    site.downloader_executed = True  # parse() now only builds the cases from `site.cases`
    try:
        await site.parse()
    except Exception as exc:  # the parsed cases do not stand alone: report the request
        raise failure from exc
    return Scraped(list(site), f"{type(failure).__name__}: {failure}")


async def _download_saved(site: AbstractSite, listing: Response) -> Any:
    """The Site's own download step run on a saved listing, as juriscraper runs it on a saved
    page: in its test mode, which each Site's `_download` uses to skip the steps around the
    page it parses (an index or token before it, further pages after it). The page is read
    from `listing` as Scrapy delivered it. Test mode ends with the step: parsing, detail
    pages and documents then run as in production, through Scrapy."""
    outgoing = httpx.Request(listing.request.method if listing.request else "GET", listing.url)

    async def read_listing(url: Any) -> httpx.Response:  # test mode's read of its saved page
        answer = to_httpx_response(listing, outgoing)
        site.request.update(url=listing.url, response=answer)
        return answer

    method, site.method = site.method, "LOCAL"  # juriscraper's test mode
    site._request_url_mock = read_listing
    with tempfile.TemporaryDirectory() as folder:
        # A few Sites open the saved page themselves, by the path in `mock_url`.
        site.mock_url = str(Path(folder, "listing").with_suffix(_suffix(listing)))
        Path(site.mock_url).write_bytes(listing.body)
        try:
            return await site._download()
        finally:
            site.method = method
            del site._request_url_mock, site.mock_url


def _suffix(response: Response) -> str:
    """The file suffix juriscraper's test mode reads a saved page's type from."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    return ".json" if "json" in content_type else ".html"


BACKFILL_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%m/%d/%Y", "%Y")


def backfill_items(court: Court, since: date, until: date) -> list[Any] | None:
    """The Site's back-scrape steps covering since..until; None when it has no back-scraping
    bounded by dates (then only its current listing can be crawled)."""
    site_class = court.site_class()
    if site_class._download_backwards is AbstractSite._download_backwards:
        return None
    for fmt in BACKFILL_FORMATS:
        items = _iterable(site_class, since, until, fmt)
        if fmt == "%Y" and items == []:  # some year ranges exclude their end
            items = _iterable(site_class, since, until + timedelta(days=366), fmt)
        if not items:
            continue
        decade = timedelta(days=3653)
        earlier = _iterable(site_class, since - decade, until - decade, fmt)
        return items if items != earlier else None  # a Site that ignores the dates
    return None


def _iterable(site_class: type[AbstractSite], since: date, until: date, fmt: str) -> list[Any] | None:
    try:
        with no_outbound_http():
            site = site_class(backscrape_start=since.strftime(fmt), backscrape_end=until.strftime(fmt))
    except (ValueError, TypeError):
        return None
    return list(site.back_scrape_iterable or [])


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
