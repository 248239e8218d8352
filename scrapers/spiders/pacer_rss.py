"""PACER CM/ECF RSS feeds: recent docket entries of district, bankruptcy and appellate courts.

Feeds: https://ecf.<court>.uscourts.gov/cgi-bin/rss_outside.pl (district, bankruptcy; nyed:
readyDockets.pl) and .../n/beam/servlet/TransportRoom?servlet=RSSGenerator (appellate). They
are free; the documents they link need a PACER account and cost money, so each entry becomes a
record of the docket event without an original. Parsing is in `pacer_feeds`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from scrapers.items import CourtDocument
from scrapers.spiders._base import CourtSpider
from scrapers.spiders.pacer_feeds import is_order_or_opinion, parse_rss_feed

SPECIAL_FEEDS = {"nyed": "https://ecf.nyed.uscourts.gov/cgi-bin/readyDockets.pl"}


def feed_url(court_id: str) -> str:
    """The public RSS feed of a court's CM/ECF."""
    if court_id in SPECIAL_FEEDS:
        return SPECIAL_FEEDS[court_id]
    host = f"https://ecf.{court_id}.uscourts.gov"
    if court_id[-1].isdigit() or court_id in ("cadc", "cafc"):
        return f"{host}/n/beam/servlet/TransportRoom?servlet=RSSGenerator"
    return f"{host}/cgi-bin/rss_outside.pl"


class PacerRssSpider(CourtSpider):
    """Docket entries from CM/ECF RSS feeds, by default only orders and opinions.

    Arguments: `courts` (comma-separated court ids, required), `entries` (`orders`, the
    default, or `all`), `since`/`until`, `feed_url` (a template with `{court}` for a mirror).
    """

    name = "pacer_rss"

    def __init__(self, *args: Any, courts: str = "", entries: str = "orders",
                 feed_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.courts = [c.strip().lower() for c in courts.split(",") if c.strip()]
        if not self.courts:
            raise ValueError("pacer_rss needs -a courts=ID[,ID…], e.g. -a courts=wawd,nysd")
        if entries not in ("orders", "all"):
            raise ValueError(f"entries={entries!r}: use orders or all")
        self.all_entries = entries == "all"
        self.feed_template = feed_url
        self.allowed_domains = sorted({urlsplit(self._feed(c)).hostname or "" for c in self.courts})

    def _feed(self, court_id: str) -> str:
        return self.feed_template.format(court=court_id) if self.feed_template else feed_url(court_id)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One feed per court."""
        for court_id in self.courts:
            yield scrapy.Request(self._feed(court_id), cb_kwargs={"court_id": court_id})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[CourtDocument]:
        """Items for a feed's entries, as records of docket events (the PDFs are paywalled)."""
        refs = parse_rss_feed(response.body, kwargs["court_id"])
        wanted = [replace(ref, document_url=None) for ref in refs
                  if self.all_entries or is_order_or_opinion(ref)]
        self.crawler.stats.inc_value("pacer_rss/entries", len(refs))
        yield from self.documents(wanted, response.url)
