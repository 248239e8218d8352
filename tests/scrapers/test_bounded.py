"""Hostile bodies fed to every spider's callbacks as Scrapy responses: JSON nested 100,000
deep, 50 MB of JSON, XML and HTML nested without end. Each ends as the source's typed error,
quickly; none crashes the crawl (the last test crawls one)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from scrapers.items import DocumentRef
from scrapers.spiders._bounded import MAX_BYTES, html_selector, load_json
from scrapers.spiders.courtlistener import CourtListenerSpider
from scrapers.spiders.courtlistener_api import CourtListenerChanged
from scrapers.spiders.govinfo import GovInfoSpider
from scrapers.spiders.govinfo_api import GovInfoChanged
from scrapers.spiders.pacer_feeds import FeedChanged
from scrapers.spiders.pacer_opinions import PacerOpinionsSpider
from scrapers.spiders.pacer_rss import PacerRssSpider
from scrapers.spiders.scotus import ScotusSpider
from scrapers.spiders.scotus_listing import ListingChanged
from tests.scrapers.crawling import crawl
from tests.support.mirror import Mirror, serving

LEVELS = 100_000
DEEP_JSON = ("[" * LEVELS + "]" * LEVELS).encode()
DEEP_OBJECT = ('{"results": ' * LEVELS + "null" + "}" * LEVELS).encode()
DEEP_HTML = (
    "<html><body>"
    + "<div>" * LEVELS
    + "</div>" * LEVELS
    + "<table><tr><th>Date</th><th>Docket</th><th>Name</th><th>J.</th></tr></table></body></html>"
).encode()
DEEP_XML = ("<rss><channel>" + "<item>" * LEVELS + "</item>" * LEVELS + "</channel></rss>").encode()
DEEP_MODS = (
    '<mods xmlns="http://www.loc.gov/mods/v3">' + "<relatedItem>" * LEVELS + "</relatedItem>" * LEVELS + "</mods>"
).encode()
SECONDS = 20  # each hostile body is refused well within this, on a loaded CI machine


def huge_json() -> bytes:
    """50 MB of JSON: a search page of 50,000 long strings (built when a test needs it)."""
    return b'{"count": 1, "next": null, "results": [' + b",".join([b'"' + b"x" * 1000 + b'"'] * 50_000) + b"]}"


def huge_html() -> bytes:
    """A 50 MB table cell."""
    return b"<html><body><table><tr><td>" + b"x" * (50 * 1024 * 1024) + b"</td></tr></table></body></html>"


def huge_xml() -> bytes:
    """A 50 MB feed item title."""
    return b"<rss><channel><item><title>" + b"x" * (50 * 1024 * 1024) + b"</title></item></channel></rss>"


def spider(cls: type[Spider], **kwargs: Any) -> Any:
    return cls.from_crawler(get_crawler(cls, {"COURT_ARCHIVE_URI": "unused"}), **kwargs)


Callback = Callable[[TextResponse], Any]  # a spider callback: a generator
WEEK = {"window": (date(2024, 3, 4), date(2024, 3, 10))}
REF = DocumentRef(case_name=None, docket_number="2:24-cv-01234", date_filed=None, document_url=None)


def courtlistener_search(r: TextResponse) -> Any:
    return spider(CourtListenerSpider).parse(r)


def courtlistener_docket(r: TextResponse) -> Any:
    return spider(CourtListenerSpider).parse_docket(r, refs=[], listing_url="x")


def govinfo_collections(r: TextResponse) -> Any:
    return spider(GovInfoSpider).parse(r)


def govinfo_mods(r: TextResponse) -> Any:
    return spider(GovInfoSpider).parse_mods(r)


def pacer_rss_feed(r: TextResponse) -> Any:
    return spider(PacerRssSpider, courts="wawd").parse(r, court_id="wawd")


def pacer_rss_recap(r: TextResponse) -> Any:
    return spider(PacerRssSpider, courts="wawd", recap="1").parse_recap(r, ref=REF, listing_url="x")


def pacer_opinions_form(r: TextResponse) -> Any:
    return spider(PacerOpinionsSpider, courts="cand").parse_form(r, court_id="cand", **WEEK)


def pacer_opinions_report(r: TextResponse) -> Any:
    return spider(PacerOpinionsSpider, courts="cand").parse(r, court_id="cand", **WEEK)


def scotus_listing(r: TextResponse) -> Any:
    return spider(ScotusSpider, term="22").parse(r)


def feed_with_description(description: str) -> bytes:
    return (
        f"<rss><channel><item><title>2:24-cv-01234 Doe v. Roe</title>"
        f"<description><![CDATA[{description}]]></description>"
        f"<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    ).encode()


# callback, body (or what builds it: the large ones are built only when their test runs),
# the source's error, and what its message says.
HOSTILE: dict[str, tuple[Callback, bytes | Callable[[], bytes], type[Exception], str]] = {
    "courtlistener search, deep array": (
        courtlistener_search,
        DEEP_JSON,
        CourtListenerChanged,
        "search page is nested too deep to parse",
    ),
    "courtlistener search, deep object": (
        courtlistener_search,
        DEEP_OBJECT,
        CourtListenerChanged,
        "search page is nested too deep to parse",
    ),
    "courtlistener search, 50 MB": (
        courtlistener_search,
        huge_json,
        CourtListenerChanged,
        "search page is too large to parse: 50,",
    ),
    "courtlistener docket, deep": (courtlistener_docket, DEEP_JSON, CourtListenerChanged, "docket is nested too deep"),
    "govinfo collections, deep": (
        govinfo_collections,
        DEEP_JSON,
        GovInfoChanged,
        "collections page is nested too deep",
    ),
    "govinfo collections, 50 MB": (govinfo_collections, huge_json, GovInfoChanged, "collections page is too large"),
    "govinfo MODS, deep": (govinfo_mods, DEEP_MODS, GovInfoChanged, "MODS is not well-formed XML: Excessive depth"),
    "govinfo MODS, 50 MB": (govinfo_mods, huge_xml, GovInfoChanged, "MODS is too large"),
    "pacer_rss feed, deep": (pacer_rss_feed, DEEP_XML, FeedChanged, "not well-formed XML: Excessive depth"),
    "pacer_rss feed, 50 MB": (pacer_rss_feed, huge_xml, FeedChanged, "feed is too large"),
    "pacer_rss item description, deep": (
        pacer_rss_feed,
        feed_with_description("<div>" * 5000 + "[Order]" + "</div>" * 5000),
        FeedChanged,
        "the description of '2:24-cv-01234 Doe v. Roe' is nested too deep",
    ),
    "pacer_rss RECAP answer, deep": (
        pacer_rss_recap,
        DEEP_JSON,
        CourtListenerChanged,
        "search page is nested too deep",
    ),
    "pacer_opinions form, deep": (
        pacer_opinions_form,
        DEEP_HTML,
        FeedChanged,
        "report form is nested too deep to parse: Excessive depth",
    ),
    "pacer_opinions form, 50 MB": (pacer_opinions_form, huge_html, FeedChanged, "report form is too large"),
    "pacer_opinions report, deep": (
        pacer_opinions_report,
        DEEP_HTML,
        FeedChanged,
        "Written Opinions Report is nested too deep",
    ),
    "scotus listing, deep": (
        scotus_listing,
        DEEP_HTML,
        ListingChanged,
        "listing is nested too deep to parse: Excessive depth",
    ),
    "scotus listing, 50 MB": (scotus_listing, huge_html, ListingChanged, "listing is too large"),
}


@pytest.mark.parametrize(("callback", "body", "error", "match"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_body_is_the_sources_typed_error(
    callback: Callback, body: bytes | Callable[[], bytes], error: type[Exception], match: str
) -> None:
    url = "https://example.org/page"
    started = time.monotonic()
    with pytest.raises(error, match=match):
        list(
            callback(TextResponse(url, body=body() if callable(body) else body, encoding="utf-8", request=Request(url)))
        )
    assert time.monotonic() - started < SECONDS


def test_the_hostile_bodies_are_what_they_claim() -> None:
    assert min(len(huge_json()), len(huge_html()), len(huge_xml())) >= 50_000_000 > MAX_BYTES
    with pytest.raises(RecursionError):  # what the bound turns into a typed error
        json.loads(DEEP_JSON)


def test_bounds_leave_ordinary_bodies_alone() -> None:
    assert load_json(b'{"a": [[1]]}', "answer", ValueError) == {"a": [[1]]}
    nested = "<div>" * 1000 + "<a href='/x.pdf'>x</a>" + "</div>" * 1000
    assert html_selector(nested, "page", ValueError).xpath("//a/@href").getall() == ["/x.pdf"]
    assert html_selector("", "page", ValueError).xpath("//a").getall() == []


def test_a_hostile_listing_fails_its_source_not_the_crawl(shared_path: Callable[[str], Path], tmp_path: Path) -> None:
    shared_path("corpus/pdfs")
    mirror = Mirror.of_corpus(["doctor__ca7_3.pdf"])
    mirror.routes["/opinions/relatingtoorders/22"] = (200, DEEP_HTML, "text/html")
    with serving(mirror) as base_url:
        stats = crawl(base_url, str(tmp_path / "archive"), tmp_path / "crawl.log", since="2023-06-30", fails=True)
    assert stats["spider_exceptions/ListingChanged"] == 1
    assert stats["archive/stored"] >= 1  # the slip opinions' listing was read and archived
    assert "listing is nested too deep to parse" in (tmp_path / "crawl.log").read_text()
