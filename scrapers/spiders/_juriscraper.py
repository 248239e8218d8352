"""The juriscraper bridge: Free Law Project's court parsers, fed by Scrapy's downloads.

juriscraper (BSD-2, the `courts` extra, pinned exactly) keeps listing parsers for about 250
U.S. courts, one `Site` class per module id (`ca1`, `nyappdiv_1st`, `scotus_slip`). A Site
downloads through the httpx `AsyncClient` in `site.request["session"]`. Here that client is
replaced by `ScrapySession`: each call becomes a `scrapy.Request`, Scrapy downloads it (retries,
throttling, robots.txt, cache) and juriscraper gets an `httpx.Response` holding Scrapy's body.
The rest of juriscraper runs unchanged, so forms, pagination, detail pages and JSON APIs are
chained through Scrapy without per-court code.

`no_outbound_http()` makes every other way out (httpx transports, requests, urllib) raise
`OutboundRequestBlocked`: a juriscraper code path that bypasses the session fails loudly
instead of fetching behind Scrapy's back.
"""

from __future__ import annotations

import contextlib
import fnmatch
import importlib
import inspect
import io
import logging
import tempfile
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import httpx
import requests.adapters
import scrapy
from scrapy.http import Response, TextResponse
from scrapy.http.request import NO_CALLBACK

JURISCRAPER_MISSING: str | None = None
try:
    # juriscraper prints a warning to stderr on import when /var/log/juriscraper is missing.
    with contextlib.redirect_stderr(io.StringIO()):
        from juriscraper.AbstractSite import AbstractSite
        from juriscraper.lib.importer import build_module_list
        from juriscraper.lib.string_utils import CaseNameTweaker
except ModuleNotFoundError as missing:  # the optional `courts` extra: other spiders still load
    if (missing.name or "").split(".")[0] != "juriscraper":
        raise
    JURISCRAPER_MISSING = "juriscraper is not installed: pip install -e '.[courts]'"

# juriscraper gives its logger a stderr handler (again whenever a module finds it without
# one); a NullHandler keeps its slot, so its records reach Scrapy's log once, at its level.
JURISCRAPER_LOGGER = logging.getLogger("juriscraper.lib.log_tools")
JURISCRAPER_LOGGER.handlers[:] = [logging.NullHandler()]
JURISCRAPER_LOGGER.setLevel(logging.NOTSET)

JURISCRAPER_VERSION = "3.0.40"
OPINIONS = "juriscraper.opinions.united_states"
Fetch = Callable[[scrapy.Request], Awaitable[Response]]
# Headers Scrapy sets itself: its compression middleware decodes only what it asked for.
_SCRAPY_OWNED = {"host", "content-length", "accept-encoding", "connection", "transfer-encoding"}
_DECODED = {"content-encoding", "content-length", "transfer-encoding"}
JURISCRAPER_USER_AGENT = "Juriscraper"  # replaced by the project's USER_AGENT


class OutboundRequestBlocked(RuntimeError):
    """juriscraper tried to reach the network without going through Scrapy."""


class UnsupportedCourt(ValueError):
    """A juriscraper module the bridge does not run; the message says why."""


class ScrapyDownloadError(httpx.TransportError):
    """Scrapy could not download a request juriscraper made (after Scrapy's retries)."""


# --- the guard ------------------------------------------------------------------------------


def _blocked_sync(describe: Callable[..., str]) -> Callable[..., Any]:
    def blocked(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise OutboundRequestBlocked(f"juriscraper tried to fetch {describe(*args)} itself")

    return blocked


def _blocked_async(describe: Callable[..., str]) -> Callable[..., Any]:
    async def blocked(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise OutboundRequestBlocked(f"juriscraper tried to fetch {describe(*args)} itself")

    return blocked


_GUARDED: list[tuple[type, str, Callable[..., Any]]] = [
    (httpx.AsyncHTTPTransport, "handle_async_request", _blocked_async(lambda r: r.url)),
    (httpx.HTTPTransport, "handle_request", _blocked_sync(lambda r: r.url)),
    (requests.adapters.HTTPAdapter, "send", _blocked_sync(lambda r, *_: r.url)),
    (urllib.request.AbstractHTTPHandler, "do_open", _blocked_sync(lambda _, r, *__: r.full_url)),
]
_guard_depth = 0
_saved: dict[tuple[type, str], Any] = {}


@contextmanager
def no_outbound_http() -> Iterator[None]:
    """While open, HTTP through httpx, requests or urllib raises OutboundRequestBlocked.

    Scrapy downloads with Twisted and boto3 with urllib3 directly, so neither is affected.
    """
    global _guard_depth
    if _guard_depth == 0:
        for owner, name, blocked in _GUARDED:
            _saved[(owner, name)] = owner.__dict__[name]
            setattr(owner, name, blocked)
    _guard_depth += 1
    try:
        yield
    finally:
        _guard_depth -= 1
        if _guard_depth == 0:
            for owner, name, _ in _GUARDED:
                setattr(owner, name, _saved.pop((owner, name)))


# --- the session ----------------------------------------------------------------------------


def to_scrapy_request(outgoing: httpx.Request, *, follow_redirects: bool = True, timeout: Any = None) -> scrapy.Request:
    """The Scrapy request for a request juriscraper built."""
    headers: dict[str, list[str]] = {}
    for name, value in outgoing.headers.multi_items():
        if name.lower() in _SCRAPY_OWNED:
            continue
        if name.lower() == "user-agent" and value == JURISCRAPER_USER_AGENT:
            continue
        headers.setdefault(name, []).append(value)
    meta: dict[str, Any] = {"juriscraper": True}
    if not follow_redirects:
        meta.update(dont_redirect=True, handle_httpstatus_list=[301, 302, 303, 307, 308])
    if isinstance(timeout, int | float):
        meta["download_timeout"] = float(timeout)
    return scrapy.Request(
        str(outgoing.url),
        method=outgoing.method,
        headers=headers,
        body=outgoing.read(),
        meta=meta,
        dont_filter=True,
        callback=NO_CALLBACK,
    )


def to_httpx_response(response: Response, outgoing: httpx.Request) -> httpx.Response:
    """An httpx response carrying what Scrapy downloaded (body already decompressed)."""
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in response.headers.items()
        if name.lower().decode() not in _DECODED
        for value in values
    ]
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    if isinstance(response, TextResponse) and "charset=" not in content_type.lower():
        # Scrapy read the encoding from a <meta> tag or the bytes; httpx would assume UTF-8.
        headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
        headers.append(("Content-Type", f"{content_type or 'text/html'}; charset={response.encoding}"))
    request = outgoing
    if response.url != str(outgoing.url):  # redirected
        request = httpx.Request(outgoing.method, response.url, headers=outgoing.headers)
    return httpx.Response(response.status, headers=headers, content=response.body, request=request)


class ScrapySession:
    """Stands in for juriscraper's `httpx.AsyncClient`: Scrapy downloads every request.

    Keeps cookies as the client would (Scrapy's own cookie middleware is off in this project)
    and records what was requested in `requested`.
    """

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.cookies = httpx.Cookies()
        self.headers = httpx.Headers()
        self.requested: list[str] = []

    async def request(
        self,
        method: str,
        url: Any,
        *,
        params: Any = None,
        data: Any = None,
        json: Any = None,
        content: Any = None,
        files: Any = None,
        headers: Any = None,
        cookies: Any = None,
        timeout: Any = None,
        follow_redirects: bool = True,
        **_: Any,
    ) -> httpx.Response:
        """Download through Scrapy; the answer as httpx would give it.

        Raises:
            ScrapyDownloadError: when Scrapy gave up on the request.
        """
        if self.requested and not urlsplit(str(url)).scheme:
            # A relative link, resolved as a browser would (httpx would refuse it).
            url = urljoin(self.requested[-1].split(" ", 1)[1], str(url))
        jar = httpx.Cookies(self.cookies)
        if cookies:
            jar.update(cookies)
        outgoing = httpx.Request(
            method,
            url,
            params=params,
            data=data,
            json=json,
            content=content,
            files=files,
            headers={**self.headers, **dict(headers or {})},
            cookies=jar,
        )
        request = to_scrapy_request(outgoing, follow_redirects=follow_redirects, timeout=timeout)
        self.requested.append(f"{request.method} {request.url}")
        try:
            response = await self.fetch(request)
        except OutboundRequestBlocked:
            raise
        except Exception as exc:  # whatever Scrapy raised once its retries were spent
            raise ScrapyDownloadError(f"{request.method} {request.url}: {exc!r}", request=outgoing) from exc
        answer = to_httpx_response(response, outgoing)
        self.cookies.extract_cookies(answer)
        return answer

    async def get(self, url: Any, **kwargs: Any) -> httpx.Response:
        """GET through Scrapy."""
        return await self.request("GET", url, **kwargs)

    async def post(self, url: Any, **kwargs: Any) -> httpx.Response:
        """POST through Scrapy."""
        return await self.request("POST", url, **kwargs)

    async def head(self, url: Any, **kwargs: Any) -> httpx.Response:
        """HEAD through Scrapy."""
        return await self.request("HEAD", url, **kwargs)

    async def aclose(self) -> None:
        """Nothing to close: Scrapy owns the connections."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


# --- courts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Court:
    """One juriscraper opinion module."""

    module_id: str  # "nyappdiv_1st"
    module: str  # "juriscraper.opinions.united_states.state.nyappdiv_1st"
    jurisdiction: str  # the juriscraper package: "state", "federal_appellate", ...
    enabled: bool  # listed in the package's __all__ (juriscraper's own list of live scrapers)

    def site_class(self) -> type[AbstractSite]:
        """The module's Site class."""
        with no_outbound_http():
            site_class: type[AbstractSite] = importlib.import_module(self.module).Site
        return site_class

    @property
    def likely_court_id(self) -> str:
        """The CourtListener court id, as CourtListener derives it, without building a Site."""
        return self.module_id.split("_")[0]


def courts() -> dict[str, Court]:
    """Every juriscraper opinion module by module id, disabled ones included."""
    if not _COURTS:
        import pkgutil

        enabled = set(build_module_list(OPINIONS))
        package = importlib.import_module(OPINIONS)
        for info in pkgutil.walk_packages(package.__path__, OPINIONS + "."):
            if not info.ispkg:
                module_id, jurisdiction = info.name.rsplit(".", 1)[1], info.name.split(".")[-2]
                _COURTS[module_id] = Court(module_id, info.name, jurisdiction, info.name in enabled)
    return _COURTS


_COURTS: dict[str, Court] = {}


def courtlistener_id(site: AbstractSite) -> str:
    """CourtListener's court id for a Site: `...state.nyappdiv_1st` -> `nyappdiv`."""
    return str(site.court_id).split(".")[-1].split("_")[0]


def unsupported_reason(court: Court) -> str | None:
    """Why the bridge does not run a court, or None when it does."""
    if not court.enabled:
        return (
            f"{court.module_id} is disabled in juriscraper {JURISCRAPER_VERSION} "
            "(left out of its package's __all__, usually because the court's site changed)"
        )
    if court.module_id in UNSUPPORTED:
        return f"{court.module_id}: {UNSUPPORTED[court.module_id]}"
    if any("WebDriven" in cls.__name__ for cls in court.site_class().__mro__):
        return f"{court.module_id} drives a web browser (Selenium), which Scrapy cannot feed"
    return None


# Courts that cannot work through Scrapy, and why (measured by bench/juriscraper_parity.py).
UNSUPPORTED = {
    "lactapp_3": "fetches its pages with urllib directly, synchronously, bypassing the session "
    "Scrapy feeds (juriscraper's way round the court's TLS fingerprinting)",
}


def select_courts(court: str | None, courts_arg: str | None) -> tuple[list[Court], dict[str, str]]:
    """The courts named by `-a court=` (one module id) and `-a courts=` (a comma list of
    module ids, CourtListener ids, jurisdictions such as `state`, or globs such as `txctapp*`),
    and the unsupported ones a group named, with the reason each is left out.

    Raises:
        UnsupportedCourt: when nothing is named, a name matches nothing, a court named by its
            module id is not supported, or every court named is unsupported.
    """
    known = courts()
    names = [n.strip() for n in ([court] if court else []) + (courts_arg or "").split(",") if n and n.strip()]
    if not names:
        raise UnsupportedCourt("name a court: -a court=<juriscraper module id>, e.g. ca1")
    chosen: dict[str, Court] = {}
    skipped: dict[str, str] = {}
    for name in names:
        if name in known:
            reason = unsupported_reason(known[name])
            if reason:
                raise UnsupportedCourt(reason)
            chosen[name] = known[name]
            continue
        matches = [
            c
            for c in known.values()
            if fnmatch.fnmatchcase(c.module_id, name) or name in (c.jurisdiction, c.likely_court_id)
        ]
        if not matches:
            raise UnsupportedCourt(f"no juriscraper {JURISCRAPER_VERSION} opinion module matches {name!r}")
        for match in matches:
            reason = unsupported_reason(match)
            if reason:
                skipped[match.module_id] = reason
            else:
                chosen[match.module_id] = match
    if not chosen:
        raise UnsupportedCourt("; ".join(skipped.values()))
    return list(chosen.values()), skipped


# --- running a site -------------------------------------------------------------------------

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
