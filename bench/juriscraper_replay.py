"""Replaying a juriscraper example as a crawl would meet it, for bench/juriscraper_parity.py.

`ExampleServer` answers a Site's requests from an example page and the files beside it, each
as the Scrapy `Response` the crawl would hand the bridge; `replayed_on` sets the Site's clock
to the day the example is replayed on. Neither compares anything: the parity bench does.
"""

from __future__ import annotations

import datetime as datetime_module
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

NESTED_DETAIL_KEYS = ("detailJson", "detail_json")
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".xml": "text/xml",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}


@dataclass
class ExampleServer:
    """Answers a Site's requests from an example page and its sub-examples."""

    example: Path
    listing_url: str | None = None
    requested: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    nested: list[tuple[set[str], Any]] = field(default_factory=list)
    listing_requests: set[tuple[str, str, bytes]] = field(default_factory=set)
    left_listing: bool = False

    def __post_init__(self) -> None:
        if self.example.suffix == ".json":
            self.nested = nested_details(json.loads(self.example.read_bytes()))

    async def fetch(self, request: scrapy.Request) -> Response:
        """The Response Scrapy would hand back for `request`."""
        self.requested.append(f"{request.method} {request.url}")
        url = request.url.split("#", 1)[0]
        parts = urlsplit(url)
        name = Path(unquote(parts.path)).name
        sub = name.startswith(self.example.name.split("_example", 1)[0] + "_subexample_")
        key = (request.method, url, request.body)
        if not sub and (key in self.listing_requests or self._leads_to_listing(url)):
            self.listing_url = self.listing_url or url
            self.listing_requests.add(key)
            return self._response(request, self.example)
        self.left_listing = True
        if sub and (self.example.parent / name).is_file():
            return self._response(request, self.example.parent / name)
        detail = self._nested_detail(url)
        if detail is not None:
            body = json.dumps(detail).encode()
            headers = {"Content-Type": "application/json"}
            return TextResponse(request.url, status=200, headers=headers, body=body, request=request)
        self.missing.append(f"{request.method} {request.url}")
        return Response(request.url, status=404, body=b"not in the examples", request=request)

    def listing_response(self, request: scrapy.Request) -> Response:
        """The example as the response to the Site's listing request."""
        self.listing_url = request.url.split("#", 1)[0]
        self.listing_requests.add((request.method, self.listing_url, request.body))
        return self._response(request, self.example)

    def _leads_to_listing(self, url: str) -> bool:
        """Whether a new request is one of those that lead to the listing: up to three to its
        URL (an ASP.NET form, a postback setting a filter, the search), or a search added to
        its bare URL. One sent after the Site went on to other pages, or changing the
        listing's own query, asks for a further page."""
        parts, served = urlsplit(url), {u for _, u, _ in self.listing_requests} or {url}
        bare = {urlsplit(u).path for u in served if not urlsplit(u).query}
        return not self.left_listing and len(self.listing_requests) < 3 and (url in served or parts.path in bare)

    def lacking(self) -> str:
        """A note naming the first page asked for that the examples lack, if any."""
        return f" (asked for a page the examples lack: {self.missing[0]})" if self.missing else ""

    def _nested_detail(self, url: str) -> Any:
        """The nested detail of the record whose id the URL names, if any."""
        tokens = set(re.split(r"[/=&,?;:.]", unquote(url)))
        # Only values naming one record (its id) count: collection names are shared.
        owners = Counter(value for ids, _ in self.nested for value in ids)
        scored = [(len({v for v in ids & tokens if owners[v] == 1}), detail) for ids, detail in self.nested]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        return best[1] if best[0] else None

    def _response(self, request: scrapy.Request, path: Path) -> Response:
        body = path.read_bytes()
        headers = {"Content-Type": content_type(path, body)}
        body = b"" if request.method == "HEAD" else body
        cls = responsetypes.from_args(headers=Headers(headers), url=request.url, body=body)
        return cls(request.url, status=200, headers=headers, body=body, request=request)


def content_type(path: Path, body: bytes) -> str:
    """The type a court's server sends for a saved page: JSON is JSON whatever the file's
    extension (some examples are JSON saved as `.html`)."""
    if body.lstrip()[:1] in (b"{", b"["):
        try:
            json.loads(body)
            return "application/json"
        except ValueError:
            pass
    return CONTENT_TYPES.get(path.suffix, "application/octet-stream")


def nested_details(data: Any) -> list[tuple[set[str], Any]]:
    """(ids of the record, detail) for each record with a detail response nested in it.

    juriscraper's authors nest the detail API's answer into some listing examples (as
    `detailJson` or `detail_json`) for its test mode, which reads it instead of fetching.
    """
    found: list[tuple[set[str], Any]] = []
    if isinstance(data, dict):
        key = next((k for k in NESTED_DETAIL_KEYS if k in data), None)
        if key is not None:
            ids = {str(v) for v in data.values() if isinstance(v, str | int) and len(str(v)) >= 3}
            found.append((ids, data[key]))
        for value in data.values():
            found += nested_details(value)
    elif isinstance(data, list):
        for value in data:
            found += nested_details(value)
    return found


@contextmanager
def replayed_on(site_class: type, day: date) -> Iterator[None]:
    """Run a Site as on `day`: its modules' `date.today()` and `datetime.now()` give `day`.

    Several Sites keep only what was published in the last weeks before today; an example is
    replayed the day after its newest case, as if crawled then.
    """
    pinned_date = type("date", (date,), {"today": classmethod(lambda cls: cls(day.year, day.month, day.day))})
    # 09:00 UTC: within the morning visit window some courts' robots.txt allow (minn).
    now = datetime(day.year, day.month, day.day, 9, tzinfo=datetime_module.UTC)
    pinned_datetime = type(
        "datetime",
        (datetime,),
        {
            "now": classmethod(lambda cls, tz=None: cls.fromtimestamp(now.timestamp(), tz)),
            "today": classmethod(lambda cls: cls.fromtimestamp(now.timestamp())),
        },
    )
    saved: list[tuple[Any, str, Any]] = []
    modules = {sys.modules[c.__module__] for c in site_class.__mro__ if c.__module__.startswith("juriscraper.opinions")}
    for module in modules:
        for name, value in list(vars(module).items()):
            if value is date:
                saved.append((module, name, value))
                setattr(module, name, pinned_date)
            elif value is datetime:
                saved.append((module, name, value))
                setattr(module, name, pinned_datetime)
            elif value is datetime_module:
                saved.append((module, name, value))
                setattr(
                    module,
                    name,
                    SimpleNamespace(**{**vars(datetime_module), "date": pinned_date, "datetime": pinned_datetime}),
                )
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)
