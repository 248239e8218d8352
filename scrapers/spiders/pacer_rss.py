"""PACER CM/ECF RSS feeds: recent docket entries of district, bankruptcy and appellate courts.

Feeds: https://ecf.<court>.uscourts.gov/cgi-bin/rss_outside.pl (district, bankruptcy; nyed:
readyDockets.pl) and .../n/beam/servlet/TransportRoom?servlet=RSSGenerator (appellate). They
are free; the documents they link need a PACER account and cost money, so each entry becomes a
record of the docket event without an original. Parsing is in `pacer_feeds`.

With `-a recap=1`, each numbered entry is first looked up in CourtListener's free RECAP archive
(one v4 search per entry: the entry's court, docket number and document number); when RECAP has
the main document's PDF, it is downloaded from CourtListener's storage and archived under the
entry's record. Token: COURTLISTENER_API_TOKEN, as for the courtlistener spider (anonymous
searches are limited to 100 a day, an account's to 5,000 an hour).
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response

from scrapers.items import CourtDocument, DocumentRef
from scrapers.spiders._base import CourtSpider
from scrapers.spiders.courtlistener import API_URL
from scrapers.spiders.courtlistener_api import (
    STORAGE_BASE,
    SearchPage,
    parse_search_page,
    search_url,
)
from scrapers.spiders.pacer_feeds import (
    docket_number_core,
    is_order_or_opinion,
    parse_rss_feed,
)

SPECIAL_FEEDS = {"nyed": "https://ecf.nyed.uscourts.gov/cgi-bin/readyDockets.pl"}


def feed_url(court_id: str) -> str:
    """The public RSS feed of a court's CM/ECF."""
    if court_id in SPECIAL_FEEDS:
        return SPECIAL_FEEDS[court_id]
    host = f"https://ecf.{court_id}.uscourts.gov"
    if court_id[-1].isdigit() or court_id in ("cadc", "cafc"):
        return f"{host}/n/beam/servlet/TransportRoom?servlet=RSSGenerator"
    return f"{host}/cgi-bin/rss_outside.pl"


def recap_search_url(api_url: str, ref: DocumentRef) -> str:
    """CourtListener's search for an entry's docket (type=r) with that document number."""
    docket = search_url(api_url, type="r", court=ref.court_id, docket=ref.docket_number)
    return f"{docket}&{urlencode({'document_number': ref.entry_number})}"


def recap_copy(page: SearchPage, ref: DocumentRef) -> DocumentRef | None:
    """The RECAP document in a search page that is the entry's main document, with a free PDF."""
    for doc in page.documents:
        if (
            doc.document_url
            and doc.court_id == ref.court_id
            and doc.docket_number
            and doc.entry_number == ref.entry_number
            and re.fullmatch(r"rd-\d+", doc.source_id or "")  # not an attachment
            and docket_number_core(doc.docket_number, ref.court_id or "") == ref.docket_number
        ):
            return doc
    return None


class PacerRssSpider(CourtSpider):
    """Docket entries from CM/ECF RSS feeds, by default only orders and opinions.

    Arguments: `courts` (comma-separated court ids, required), `entries` (`orders`, the
    default, or `all`), `since`/`until`, `feed_url` (a template with `{court}` for a mirror),
    `recap` (1: fetch entries from CourtListener's RECAP archive where it has them), and
    `api_url`/`storage_url` (CourtListener mirrors).
    """

    name = "pacer_rss"

    def __init__(
        self,
        *args: Any,
        courts: str = "",
        entries: str = "orders",
        feed_url: str | None = None,
        recap: str = "0",
        api_url: str = API_URL,
        storage_url: str = STORAGE_BASE,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.courts = [c.strip().lower() for c in courts.split(",") if c.strip()]
        if not self.courts:
            raise ValueError("pacer_rss needs -a courts=ID[,ID…], e.g. -a courts=wawd,nysd")
        if entries not in ("orders", "all"):
            raise ValueError(f"entries={entries!r}: use orders or all")
        if recap not in ("0", "1"):
            raise ValueError(f"recap={recap!r}: use 1 (ask CourtListener's RECAP archive) or 0")
        self.all_entries = entries == "all"
        self.feed_template = feed_url
        self.recap = recap == "1"
        self.api_url, self.storage_url = api_url.rstrip("/"), storage_url
        urls = [self._feed(c) for c in self.courts] + ([api_url, storage_url] if self.recap else [])
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in urls})
        token = os.environ.get("COURTLISTENER_API_TOKEN")
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.recap_ids: dict[tuple[str | None, str | None], str | None] = {}

    def _feed(self, court_id: str) -> str:
        return self.feed_template.format(court=court_id) if self.feed_template else feed_url(court_id)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One feed per court."""
        for court_id in self.courts:
            yield scrapy.Request(self._feed(court_id), cb_kwargs={"court_id": court_id})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[CourtDocument | scrapy.Request]:
        """Items for a feed's entries, as records of docket events (the PDFs are paywalled).

        With `recap`, numbered entries wait for CourtListener's answer first.
        """
        refs = parse_rss_feed(response.body, kwargs["court_id"])
        wanted = [replace(ref, document_url=None) for ref in refs if self.all_entries or is_order_or_opinion(ref)]
        self.crawler.stats.inc_value("pacer_rss/entries", len(refs))
        if self.recap:
            for ref in (r for r in wanted if r.entry_number and r.docket_number):
                yield scrapy.Request(
                    recap_search_url(self.api_url, ref),
                    headers=self.headers,
                    callback=self.parse_recap,
                    cb_kwargs={"ref": ref, "listing_url": response.url},
                )
            wanted = [r for r in wanted if not (r.entry_number and r.docket_number)]
        yield from self.documents(wanted, response.url)

    def parse_recap(self, response: Response, ref: DocumentRef, listing_url: str) -> Iterator[CourtDocument]:
        """The entry, with RECAP's free PDF as its document when CourtListener has one."""
        copy = recap_copy(parse_search_page(response.body, storage_base=self.storage_url), ref)
        self.crawler.stats.inc_value(f"pacer_rss/recap/{'found' if copy else 'not_found'}")
        if copy is not None:
            self.recap_ids[(ref.court_id, ref.source_id)] = copy.source_id
        yield from self.documents([replace(ref, document_url=copy.document_url if copy else None)], listing_url)

    def source_extras(self, ref: DocumentRef) -> dict[str, str | int | None] | None:
        """The id of the RECAP document the PDF came from, if it came from RECAP."""
        recap_id = self.recap_ids.get((ref.court_id, ref.source_id))
        return {"courtlistener_id": recap_id} if recap_id else None
