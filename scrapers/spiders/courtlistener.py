"""CourtListener (Free Law Project): RECAP documents and opinions through the REST API v4.

Searches `search/?type=rd|r|o` newest filing first, follows the cursor pages, fetches each
RECAP hit's docket once (search hits of type rd carry no court or case name), and downloads
the PDFs that are free in the RECAP archive from storage.courtlistener.com. CourtListener's
own page count goes to the record beside ours. Search has no modified-since filter: a run
without `since` asks for documents filed since the last clean run, less LOOKBACK_DAYS.
Parsing is in `courtlistener_api`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from scrapers.items import CourtDocument, DocumentRef
from scrapers.spiders._base import CourtSpider
from scrapers.spiders.courtlistener_api import (
    STORAGE_BASE,
    CourtListenerExtras,
    Docket,
    parse_docket,
    parse_search_page,
    retry_after_seconds,
    search_url,
    with_docket,
)

API_URL = "https://www.courtlistener.com/api/rest/v4"
LOOKBACK_DAYS = 14
# 5,000 requests an hour per account: one every 0.72 s.
ACCOUNT_DELAY = 0.75


class CourtListenerSpider(CourtSpider):
    """Search results of one query, archived incrementally.

    Arguments: `type` (rd: RECAP documents, the default; r: dockets; o: opinions), `q`,
    `court` (ids, space- or comma-separated), `docket`, `case_name`, `description` (e.g.
    order), `since`, `until`, `api_url` and `storage_url` (mirrors). Token:
    COURTLISTENER_API_TOKEN, sent as `Authorization: Token …`, never logged.
    """

    name = "courtlistener"
    download_delay = ACCOUNT_DELAY

    def __init__(
        self,
        *args: Any,
        type: str = "rd",
        q: str | None = None,
        court: str | None = None,
        docket: str | None = None,
        case_name: str | None = None,
        description: str | None = None,
        api_url: str = API_URL,
        storage_url: str = STORAGE_BASE,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.query = {
            "type": type,
            "q": q,
            "court": court.replace(",", " ") if court else None,
            "docket": docket,
            "case_name": case_name,
            "description": description,
        }
        self.api_url = api_url.rstrip("/")
        self._search_url(None, None)  # a bad type or filter fails now, not mid-crawl
        self.storage_url = storage_url
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in (api_url, storage_url)})
        token = os.environ.get("COURTLISTENER_API_TOKEN")
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.dockets: dict[int, Docket] = {}
        self.extras: dict[str, CourtListenerExtras] = {}

    def _search_url(self, since: date | None, until: date | None) -> str:
        query = self.query
        return search_url(
            self.api_url,
            type=query["type"] or "rd",
            q=query["q"],
            court=query["court"],
            docket=query["docket"],
            case_name=query["case_name"],
            description=query["description"],
            since=since,
            until=until,
        )

    def _since(self) -> date:
        if self.since:
            return self.since
        seen = self.watermark(self.query)
        last = datetime.fromisoformat(seen).date() if seen else date.today()
        return last - timedelta(days=LOOKBACK_DAYS)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The first search page."""
        yield scrapy.Request(self._search_url(self._since(), self.until), headers=self.headers)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request | CourtDocument]:
        """A search page: its documents (after their dockets), then the next page."""
        page = parse_search_page(response.body, storage_base=self.storage_url)
        self.extras.update(page.extras)
        self.advance_watermark(self.query, page.max_date_modified)
        waiting: dict[int, list[DocumentRef]] = {}
        for ref in page.documents:
            docket_id = page.extras[ref.source_id].docket_id if ref.source_id else None
            if ref.court_id or docket_id is None:
                yield from self.documents([ref], response.url)
            elif docket_id in self.dockets:
                yield from self.documents([with_docket(ref, self.dockets[docket_id])], response.url)
            else:
                waiting.setdefault(docket_id, []).append(ref)
        for docket_id, refs in waiting.items():
            yield scrapy.Request(
                f"{self.api_url}/dockets/{docket_id}/",
                headers=self.headers,
                callback=self.parse_docket,
                dont_filter=True,
                cb_kwargs={"refs": refs, "listing_url": response.url},
            )
        if page.next_url:
            yield scrapy.Request(page.next_url.replace(API_URL, self.api_url), headers=self.headers)

    def parse_docket(self, response: Response, refs: list[DocumentRef], listing_url: str) -> Iterator[CourtDocument]:
        """The documents that waited for their docket."""
        docket = parse_docket(response.body)
        self.dockets[docket.docket_id] = docket
        yield from self.documents([with_docket(ref, docket) for ref in refs], listing_url)

    def documents(self, refs: Iterable[DocumentRef], listing_url: str) -> Iterator[CourtDocument]:
        """Items; a document CourtListener does not have yet is left for a later run."""
        refs = list(refs)
        available = [ref for ref in refs if ref.document_url]
        skipped = len(refs) - len(available)
        if skipped:
            self.crawler.stats.inc_value("courtlistener/not_in_recap", skipped)
        yield from super().documents(available, listing_url)

    def source_extras(self, ref: DocumentRef) -> dict[str, str | int | None] | None:
        """CourtListener's page count and change time for the document."""
        extra = self.extras.get(ref.source_id or "")
        if extra is None:
            return None
        return {"courtlistener_page_count": extra.page_count, "courtlistener_timestamp": extra.date_modified}

    def retry_after_seconds(self, response: Response) -> float | None:
        """How long a 429 asks us to wait (header or the `detail` text)."""
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        return retry_after_seconds(response.status, headers, response.body)
