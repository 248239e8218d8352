"""Parity of the juriscraper bridge with juriscraper's own expected parses.

    .venv/bin/python bench/juriscraper_parity.py ../shared/fixtures/juriscraper/tests/examples/opinions/united_states

For every `<module>_example*.{html,json,xml}` with a `.compare.json` beside it, builds the
module's Site as the spider does (`new_site`, no test mode) and runs it through the bridge.
Every request it makes is answered as Scrapy would deliver it, with a Scrapy `Response` for the
URL requested: the example page for the listing (the first URL requested, that URL again, as a
form page is posted back to itself, or with a search added to it), a `<module>_subexample_*`
file for a URL naming it, a detail nested in the example for a URL naming its record, and 404
for anything else (a page the examples do not have, such as a further page). When the Site's
own steps before the listing need pages the examples lack, the example is also entered at the
listing (`scrape(listing=...)`). The cases are compared with the `.compare.json` (written by
juriscraper's authors, not by this code) and so are the DocumentRefs built from them. Prints
each failure with its reason, the failures by reason, how the matches ran, and last
`parity: MATCHED/TOTAL`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as datetime_module
import json
import logging
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapers.spiders._juriscraper import (
    Court,
    courtlistener_id,
    courts,
    new_site,
    scrape,
)
from scrapers.spiders._juriscraper_items import document_refs

# The day juriscraper's test mode pins for Sites that keep only recent opinions, where it is
# not the day after the newest case: va keeps 60 days before 2023-11-20; virginislands keeps
# what is newer than 2023-09-21 (60 days before 2023-11-20); cavc newer than 2022-12-27
# (4 weeks before 2023-01-24).
REPLAY_DAYS = {"va": date(2023, 11, 20), "virginislands": date(2023, 11, 20), "cavc": date(2023, 1, 24)}
# Why the examples that fail do, found by reading each Site (juriscraper 3.0.40). A failure
# not listed here is printed as UNEXPLAINED. An example whose expected output holds test-mode
# stand-ins never counts as matched: reproducing it would mean reproducing the stand-in.
LATER_PAGE = "the example is a later page; production first reads {}, which the examples lack"
STAND_IN = "expected output holds test-mode stand-ins: "
EXPLAINED = {
    **dict.fromkeys(
        ["colo_example.json", "coloctapp_example.json"],
        "holds part of its results; production asks for all of them again in one "
        "larger page before parsing any, which the examples lack",
    ),
    "bia_example.html": LATER_PAGE.format("the index of volumes"),
    "ri_example.json": LATER_PAGE.format("a SharePoint page for its form digest"),
    **dict.fromkeys(
        ["miss_example.html", "missctapp_example.html"],
        STAND_IN + "the fixed date 2020-02-28 for a hand-down list of late 2025 "
        "(production dates it from a JSON calendar it reads first)",
    ),
    "michctapp_example.json": STAND_IN + "'Placeholder docket' for a detail request",
    **dict.fromkeys(
        ["or_example.json", "orctapp_example.json", "ortc_example.json"],
        STAND_IN + "'placeholder disposition' where no detail is nested",
    ),
    "idahoctapp_civil_example.json": STAND_IN + "empty details for a record without one",
    "bva_example.xml": STAND_IN + "'Placeholder' cases for the documents it does not fetch",
    "tax_example.json": STAND_IN + "the API URL as download URL, not the PDF URL it returns",
    **dict.fromkeys(
        [
            "mo_example.html",
            "moctapp_eastern_example.html",
            "moctapp_southern_example.html",
            "moctapp_western_example.html",
        ],
        "disabled in juriscraper 3.0.40, whose own test path no longer reproduces it",
    ),
}
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


def as_json(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases as juriscraper's `to_json` writes them (dates as ISO strings)."""
    from juriscraper.lib.date_utils import json_date_handler

    converted: list[dict[str, Any]] = json.loads(json.dumps(cases, default=json_date_handler))
    return converted


def refs_agree(cases: list[dict[str, Any]], court_id: str, url: str) -> str | None:
    """None when the DocumentRefs carry the cases' values; else what differs."""
    refs = {r.document_url: r for r in document_refs(cases, court_id, url)}
    first: dict[Any, dict[str, Any]] = {}
    for case in cases:  # documents shared by cases make one ref, named after the first case
        for opinion in case.get("sub_opinions") or [{}]:
            first.setdefault({**case, **opinion}.get("download_urls"), case)
    for case in first.values():
        ref = refs.get(case.get("download_urls"))
        if ref is None:
            continue  # a relative URL, made absolute (the tests check that)
        if ref.case_name != (case.get("case_names") or None):
            return f"case name {ref.case_name!r} != {case.get('case_names')!r}"
        if ref.date_filed is None or ref.date_filed.isoformat() != str(case["case_dates"])[:10]:
            return f"date {ref.date_filed} != {case['case_dates']}"
    return None


@dataclass
class Outcome:
    """How one example fared: `failure` is None when it matched; `entry` says how it ran;
    `stopped_by` names the request for a page the examples lack that ended the Site early."""

    failure: str | None
    entry: str = "download"
    stopped_by: str | None = None


async def run_example(example: Path) -> Outcome:
    """Run one example through the bridge; at the listing too when the Site's own download
    steps ask for pages before the listing that the examples lack."""
    module_id = example.name.split("_example", 1)[0]
    court = courts().get(module_id)
    if court is None:
        return Outcome("no such juriscraper module")
    expected = json.loads(example.with_name(example.name.rsplit(".", 1)[0] + ".compare.json").read_text())
    day = REPLAY_DAYS.get(module_id, newest_date(expected) + timedelta(days=1))
    with replayed_on(court.site_class(), day):
        first = await attempt(court, example, expected, at_listing=False)
        if first.failure and overrides_download(court.site_class()):
            second = await attempt(court, example, expected, at_listing=True)
            if second.failure is None:
                return second
            return Outcome(f"{first.failure}; entered at the listing: {second.failure}")
    return first


async def attempt(court: Court, example: Path, expected: list[dict[str, Any]], at_listing: bool) -> Outcome:
    """Whether the bridge reproduces `expected` from the example, and if not why not."""
    server = ExampleServer(example)
    site = new_site(court, server.fetch)
    listing = None
    if at_listing:
        listing = server.listing_response(scrapy.Request(site.url, method=site.method))
    entry = "listing" if at_listing else "download"
    try:
        scraped = await scrape(site, listing=listing)
    except Exception as exc:  # noqa: BLE001 (a bench reports every failure and goes on)
        return Outcome(f"raised {type(exc).__name__}: {str(exc)[:160]}" + server.lacking(), entry)
    got = as_json(scraped.cases)
    if got != expected:
        return Outcome(_difference(got, expected) + server.lacking(), entry)
    failure = refs_agree(scraped.cases, courtlistener_id(site), server.listing_url or "")
    stopped = scraped.stopped_by and (server.missing or [scraped.stopped_by])[0]
    return Outcome(failure, entry, stopped)


def overrides_download(site_class: type) -> bool:
    """Whether a Site has download steps of its own (an index, a token, a form) before the
    listing it parses."""
    return any(
        "_download" in cls.__dict__ for cls in site_class.__mro__ if cls.__module__.startswith("juriscraper.opinions")
    )


def newest_date(cases: list[dict[str, Any]]) -> date:
    """The newest case date among expected cases (clusters and plain cases alike)."""
    days = [date.fromisoformat(str(c["case_dates"])[:10]) for c in cases if c.get("case_dates")]
    return max(days, default=date(2024, 1, 1))


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


def _difference(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> str:
    if len(got) != len(expected):
        return f"{len(got)} cases, expected {len(expected)}"
    for i, (g, e) in enumerate(zip(got, expected)):
        keys = sorted(k for k in set(g) | set(e) if g.get(k) != e.get(k))
        if keys:
            k = keys[0]
            return f"case {i}: {', '.join(keys)} differ ({k}: {str(g.get(k))[:60]!r} != {str(e.get(k))[:60]!r})"
    return "order differs"


def reason_of(failure: str) -> str:
    """A failure's category, for the summary."""
    if "asked for a page the examples lack" in failure:
        return "asks for a page the examples lack"
    if failure.startswith("raised"):
        return failure.split(":")[0]
    return "parses differently" if "differ" in failure or "expected" in failure else failure[:60]


def examples(folder: Path) -> list[Path]:
    """The example pages that have a compare.json."""
    found = []
    for compare in sorted(folder.glob("*_example*.compare.json")):
        stem = compare.name[: -len(".compare.json")]
        pages = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".compare.json")]
        found += pages[:1]
    return found


def main() -> int:
    """Run every example; print failures, reasons and the parity line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", help="glob of example names to run, e.g. 'txctapp*'")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    pages = examples(args.folder)
    if args.only:
        pages = [p for p in pages if p.match(args.only)]
    started, failures = time.monotonic(), {}
    matched: dict[str, list[str]] = {"download": [], "listing": [], "stopped": []}
    for page in pages:
        outcome = asyncio.run(run_example(page))
        if outcome.failure is None and EXPLAINED.get(page.name, "").startswith(STAND_IN):
            outcome = Outcome(f"matched only by reproducing the stand-in ({outcome.entry})")
        if outcome.failure:
            failures[page.name] = outcome.failure
            why = EXPLAINED.get(page.name, "UNEXPLAINED")
            print(f"FAIL {page.name}: {why}\n     {outcome.failure.splitlines()[0]}")
        else:
            matched["stopped" if outcome.stopped_by else outcome.entry].append(page.name)
        if outcome.stopped_by:
            print(f"STOPPED {page.name}: at {outcome.stopped_by}")
    print(f"\n{len(pages)} examples in {time.monotonic() - started:.0f} s.")
    print(
        f"{len(matched['listing'])} matched when entered at the listing, their Site's own download "
        f"steps before it needing pages the examples lack: {', '.join(matched['listing'])}"
    )
    print(
        f"{len(matched['stopped'])} matched through the full download path, stopping at a further "
        f"page the examples lack (the bridge keeps the cases parsed before it): "
        f"{', '.join(matched['stopped'])}"
    )
    by_reason = Counter(EXPLAINED.get(name, "UNEXPLAINED: " + reason_of(f)) for name, f in failures.items())
    print("Failures by reason:")
    for reason, count in by_reason.most_common():
        print(f"  {count:3d}  {reason}")
    print(
        f"matched: {len(matched['download'])} through the Site's full download path, "
        f"{len(matched['stopped'])} through it stopping at a page the examples lack, "
        f"{len(matched['listing'])} entered at the listing"
    )
    print(f"parity: {len(pages) - len(failures)}/{len(pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
