"""CourtSpider: what every court spider shares (the `since` argument, building items)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy

from scrapers.items import CourtDocument, DocumentRef
from scrapers.outcome import run_failures
from storage.archive import Archive
from storage.watermarks import read_state, write_state


def parse_date_argument(name: str, value: str | None) -> date | None:
    """A date spider argument (`since`, `until`) as a date.

    Raises:
        ValueError: when it is not an ISO date (YYYY-MM-DD).
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not an ISO date (YYYY-MM-DD)") from None


def source_id_from_url(url: str) -> str:
    """A stable id from a document URL: its last two path segments, extension dropped."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    tail = "-".join(segments[-2:])
    return tail.rsplit(".", 1)[0] if tail.lower().endswith(".pdf") else tail


def is_later(marker: str, than: str | None) -> bool:
    """Whether change marker `marker` is later than `than` (None: no marker yet); ISO times are
    compared as times (`2024-06-24T17:15:02.1Z` and `…+00:00` alike), anything else as text."""
    if than is None:
        return True
    try:
        return datetime.fromisoformat(marker) > datetime.fromisoformat(than)
    except (ValueError, TypeError):  # not ISO times, or one with a zone and one without
        return marker > than


class CourtSpider(scrapy.Spider):
    """Base for court spiders: subclasses set `court_id`, `court_name` and parse listings.

    Sources that span courts set `court_id` on each DocumentRef instead.
    """

    court_id: str = ""
    court_name: str | None = None

    def __init__(self, *args: Any, since: str | None = None, until: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since = parse_date_argument("since", since)
        self.until = parse_date_argument("until", until)
        self._pending_watermarks: dict[str, tuple[Mapping[str, Any], str]] = {}

    def watermark(self, query: Mapping[str, Any]) -> str | None:
        """The newest change marker a previous clean run saw for `query`, if any."""
        state = read_state(self._archive(), self.name, query)
        value = state.get("watermark")
        return str(value) if value is not None else None

    def advance_watermark(self, query: Mapping[str, Any], seen: str | None) -> None:
        """Remember `seen` for `query`; saved when the run ends without failures."""
        if seen is None:
            return
        key = json.dumps(dict(query), sort_keys=True, default=str)
        pending = self._pending_watermarks.get(key)
        if pending is None or is_later(seen, pending[1]):
            self._pending_watermarks[key] = (query, seen)

    def closed(self, reason: str) -> None:
        """Save watermarks, only after a complete, clean run (else the next run redoes it), and
        never backwards (a backfill of older dates leaves the schedule where it was), nor past
        the `until` of a bounded run (it did not ask for what changed after)."""
        if reason != "finished" or run_failures(self.crawler.stats.get_stats()):
            if self._pending_watermarks:
                self.logger.warning("Run incomplete (%s): watermarks not advanced", reason)
            return
        for query, seen in self._pending_watermarks.values():
            if self.until is not None and seen[:10] > self.until.isoformat():
                continue
            if is_later(seen, self.watermark(query)):
                write_state(self._archive(), self.name, query, {"watermark": seen})

    def _archive(self) -> Archive:
        return Archive.open(self.settings["COURT_ARCHIVE_URI"])

    def wanted(self, ref: DocumentRef) -> bool:
        """Whether a ref's filing date is within `since`..`until` (undated refs pass no limit)."""
        if ref.date_filed is None:
            return self.since is None and self.until is None
        return not ((self.since and ref.date_filed < self.since) or (self.until and ref.date_filed > self.until))

    def documents(self, refs: Iterable[DocumentRef], listing_url: str) -> Iterator[CourtDocument]:
        """Items for the wanted refs; refs to one document become one item."""
        merged: dict[tuple[str | None, str | None], CourtDocument] = {}
        for ref in filter(self.wanted, refs):
            item = self._item(ref, listing_url)
            key = (item.court_id, item.source_id)
            if key in merged:
                merged[key] = replace(merged[key], judge=_join_judges(merged[key].judge, ref.judge))
            else:
                merged[key] = item
        yield from merged.values()

    def _item(self, ref: DocumentRef, listing_url: str) -> CourtDocument:
        if ref.source_id is None and ref.document_url is None:
            raise ValueError(f"{ref!r} has neither a source id nor a document URL")
        court_id = ref.court_id or self.court_id
        return CourtDocument.of(
            ref,
            court_id=court_id,
            court_name=ref.court_name or (self.court_name if court_id == self.court_id else None),
            source_id=ref.source_id or source_id_from_url(ref.document_url or ""),
            listing_url=listing_url,
            source_extras=self.source_extras(ref),
        )

    def source_extras(self, ref: DocumentRef) -> dict[str, str | int | None] | None:
        """What the source says of a document beyond the ref's fields (none by default)."""
        return None


def _join_judges(first: str | None, second: str | None) -> str | None:
    """Several justices writing in one PDF (a statement and a dissent) are all named."""
    names = [n for n in (first or "").split("; ") + [second or ""] if n]
    return "; ".join(dict.fromkeys(names)) or None
