"""GovInfo, collection USCOURTS: opinions and orders the federal courts publish through GPO.

Walks GET /collections/USCOURTS/{lastModifiedStart} (offsetMark pages of up to 1,000 packages,
optionally filtered by court), reads each package's MODS (one request gives the case, the
parties and every document with its date and docket text), and downloads each document's PDF
from www.govinfo.gov. Incremental: a clean run remembers the newest `lastModified` it saw and
the next run starts there. Parsing is in `govinfo_api`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response

from scrapers.items import CourtDocument
from scrapers.spiders._base import CourtSpider
from scrapers.spiders.govinfo_api import COURT_IDS, parse_collection_page, parse_mods

API_URL = "https://api.govinfo.gov"
CONTENT_URL = "https://www.govinfo.gov"
DEMO_KEY = "DEMO_KEY"
# Seconds between requests: DEMO_KEY allows 30 an hour, a registered key 1,000 an hour.
DELAY = {DEMO_KEY: 120.0, "registered": 3.6}
FIRST_RUN_DAYS = 7
GOVINFO_CODES = {ours: theirs for theirs, ours in COURT_IDS.items()} | {"cadc": "caDC"}


class GovInfoSpider(CourtSpider):
    """USCOURTS packages changed since the watermark (or `since`), their documents' PDFs.

    Arguments: `courts` (CourtListener ids, comma-separated; default all), `since` (ISO
    date: packages changed and documents filed since then; default the watermark, else a
    week ago), `until`, `api_url` and `content_url` (mirrors), `delay` (seconds between
    requests; default from the key's published limit). Key: GOVINFO_API_KEY (DEMO_KEY).
    """

    name = "govinfo"

    def __init__(
        self,
        *args: Any,
        courts: str = "",
        api_url: str = API_URL,
        content_url: str = CONTENT_URL,
        delay: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.courts = [c.strip().lower() for c in courts.split(",") if c.strip()]
        self.api_url = api_url.rstrip("/")
        self.content_url = content_url.rstrip("/")
        self.api_key = os.environ.get("GOVINFO_API_KEY", DEMO_KEY)
        self.download_delay = float(delay) if delay is not None else DELAY.get(self.api_key, DELAY["registered"])
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in (self.api_url, self.content_url)})
        self.query = {"courts": sorted(self.courts)}

    def _start_date(self) -> str:
        if self.since:
            return f"{self.since.isoformat()}T00:00:00Z"
        return self.watermark(self.query) or f"{date.today() - timedelta(days=FIRST_RUN_DAYS)}T00:00:00Z"

    def _api(self, path: str, **params: str) -> scrapy.Request:
        url = f"{self.api_url}{path}" + (f"?{urlencode(params)}" if params else "")
        # The key goes in a header, so it never shows in logged URLs.
        return scrapy.Request(url, headers={"X-Api-Key": self.api_key})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The first collections page (per court when courts are named)."""
        codes: list[dict[str, str]] = [{"courtCode": GOVINFO_CODES.get(c, c)} for c in self.courts]
        for court_filter in codes or [{}]:
            window = self._start_date() + (f"/{self.until.isoformat()}T23:59:59Z" if self.until else "")
            yield self._api(f"/collections/USCOURTS/{window}", offsetMark="*", pageSize="1000", **court_filter)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Each package's MODS, and the next collections page."""
        page = parse_collection_page(response.body)
        for package in page.packages:
            self.advance_watermark(self.query, package.last_modified.strftime("%Y-%m-%dT%H:%M:%SZ"))
            request = self._api(f"/packages/{package.package_id}/mods")
            yield request.replace(callback=self.parse_mods)
        if page.next_page:
            next_url = page.next_page.replace(API_URL, self.api_url)
            yield scrapy.Request(next_url, headers={"X-Api-Key": self.api_key})

    def parse_mods(self, response: Response) -> Iterator[CourtDocument]:
        """Items for a package's documents, their PDFs on www.govinfo.gov."""
        package = parse_mods(response.body)
        refs = [
            replace(
                ref,
                court_name=package.court_name,
                document_url=(f"{self.content_url}/content/pkg/{package.package_id}/pdf/{ref.source_id}.pdf"),
            )
            for ref in package.documents
        ]
        yield from self.documents(refs, response.url)
