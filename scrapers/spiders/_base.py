"""CourtSpider: what every court spider shares (the `since` argument, building items)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import scrapy

from scrapers.items import CourtDocument, DocumentRef


def parse_since(value: str | None) -> date | None:
    """The `since` spider argument as a date.

    Raises:
        ValueError: when it is not an ISO date (YYYY-MM-DD).
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"since={value!r} is not an ISO date (YYYY-MM-DD)") from None


def source_id_from_url(url: str) -> str:
    """A stable id from a document URL: its last two path segments, extension dropped."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    tail = "-".join(segments[-2:])
    return tail.rsplit(".", 1)[0] if tail.lower().endswith(".pdf") else tail


class CourtSpider(scrapy.Spider):
    """Base for court spiders: subclasses set `court_id`, `court_name` and parse listings."""

    court_id: str
    court_name: str

    def __init__(self, *args: Any, since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since = parse_since(since)

    def documents(self, refs: Iterable[DocumentRef], listing_url: str) -> Iterator[CourtDocument]:
        """Items for the refs filed on or after `since`; refs to one PDF become one item."""
        merged: dict[str, CourtDocument] = {}
        for ref in refs:
            if self.since and (ref.date_filed is None or ref.date_filed < self.since):
                continue
            source_id = source_id_from_url(ref.document_url)
            if source_id in merged:
                merged[source_id].judge = _join_judges(merged[source_id].judge, ref.judge)
                continue
            merged[source_id] = CourtDocument(
                court_id=self.court_id, court_name=self.court_name, source_id=source_id,
                document_url=ref.document_url, listing_url=listing_url,
                case_name=ref.case_name, docket_number=ref.docket_number, title=ref.title,
                document_type=ref.document_type, date_filed=ref.date_filed,
                judge=ref.judge, citation=ref.citation,
            )
        yield from merged.values()


def _join_judges(first: str | None, second: str | None) -> str | None:
    """Several justices writing in one PDF (a statement and a dissent) are all named."""
    names = [n for n in (first or "").split("; ") + [second or ""] if n]
    return "; ".join(dict.fromkeys(names)) or None
