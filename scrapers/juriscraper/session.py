"""Scrapy behind juriscraper: a session that downloads through Scrapy, and a guard on every
other way out.

A juriscraper Site downloads through the httpx `AsyncClient` in `site.request["session"]`.
`ScrapySession` replaces it: each call becomes a `scrapy.Request`, Scrapy downloads it (retries,
throttling, robots.txt, cache) and juriscraper gets an `httpx.Response` holding Scrapy's body.
`no_outbound_http()` makes every other way out (httpx transports, requests, urllib) raise
`OutboundRequestBlocked`: a juriscraper code path that bypasses the session fails loudly
instead of fetching behind Scrapy's back.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import httpx
import requests.adapters
import scrapy
from scrapy.http import Response, TextResponse
from scrapy.http.request import NO_CALLBACK

Fetch = Callable[[scrapy.Request], Awaitable[Response]]
# Headers Scrapy sets itself: its compression middleware decodes only what it asked for.
_SCRAPY_OWNED = {"host", "content-length", "accept-encoding", "connection", "transfer-encoding"}
_DECODED = {"content-encoding", "content-length", "transfer-encoding"}
JURISCRAPER_USER_AGENT = "Juriscraper"  # replaced by the project's USER_AGENT


class OutboundRequestBlocked(RuntimeError):
    """juriscraper tried to reach the network without going through Scrapy."""


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
