"""Supreme Court of the United States: slip opinions and opinions relating to orders.

Listings: https://www.supremecourt.gov/opinions/slipopinion/<yy> (opinions of the Court for
October Term 20yy) and https://www.supremecourt.gov/opinions/relatingtoorders/<yy> (statements
and dissents by single justices on orders). Both are HTML tables linking to PDFs; the parsing
is in `scotus_listing`. A term starts on the first Monday in October, so the current term is
this year's from October on and last year's before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from scrapers.items import CourtDocument
from scrapers.spiders._base import CourtSpider
from scrapers.spiders.scotus_listing import parse_listing

SUPREME_COURT_URL = "https://www.supremecourt.gov"


def current_term(today: date) -> str:
    """The two-digit October Term in session on `today`."""
    year = today.year if today.month >= 10 else today.year - 1
    return f"{year % 100:02d}"


class ScotusSpider(CourtSpider):
    """Crawl one term's slip opinions and opinions relating to orders.

    Arguments: `term` (two-digit year, default the current term), `since` (ISO date),
    `base_url` (a mirror or local test server instead of supremecourt.gov).
    """

    name = "scotus"
    court_id = "scotus"
    court_name = "Supreme Court of the United States"

    def __init__(self, *args: Any, term: str | None = None, base_url: str = SUPREME_COURT_URL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if term is not None and not (term.isdigit() and len(term) == 2):
            raise ValueError(f"term={term!r} is not a two-digit year such as 24")
        self.term = term
        self.base_url = base_url.rstrip("/")
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The term's two listing pages."""
        term = self.term or current_term(date.today())
        for listing in ("slipopinion", "relatingtoorders"):
            yield scrapy.Request(f"{self.base_url}/opinions/{listing}/{term}")

    def parse(self, response: Response, **kwargs: Any) -> Iterator[CourtDocument]:
        """Items for the opinions a listing page shows."""
        yield from self.documents(parse_listing(response.text, response.url), response.url)
