"""ArchivePipeline: download -> original -> extract (worker process) -> record.

A document another source archived first (the same docket entry, or the same bytes on the
same docket: `storage.identity`) is not archived twice: this source is added to its record.

Thin glue: the layout lives in `storage`, the parsing in `parsers`; here we only sequence
the steps so that no blocking work runs on the reactor.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.asyncio import run_in_thread

from parsers.pool import ExtractionPool, ExtractOptions
from scrapers.items import CourtDocument
from storage.archive import Archive, add_extraction, archived, sha256_hex
from storage.base import Retention, StorageError
from storage.catalog import CatalogError, update_catalog
from storage.identity import (
    add_source,
    alias_key,
    claim,
    content_key,
    entry_key,
    owner_in,
    same_entry,
    stamp_key,
)
from storage.outbox import Outbox, outbox_folder, store_original
from storage.records import (
    DocumentFacts,
    RecordError,
    RecordParts,
    SourceFacts,
    record_id,
    sources_of,
)

logger = logging.getLogger(__name__)

# What a failed download raises once Scrapy's retries are spent, and the record's kind for it.
DOWNLOAD_ERRORS: dict[type[Exception], str] = {
    IgnoreRequest: "refused",  # robots.txt, or a redirect off the allowed domains
    DownloadTimeoutError: "timeout",
    DownloadCancelledError: "too_large",  # over DOWNLOAD_MAXSIZE
    ResponseDataLossError: "truncated",
    DownloadConnectionRefusedError: "connection_refused",
    CannotResolveHostError: "dns",
    DownloadFailedError: "connection_failed",
    UnsupportedURLSchemeError: "bad_url",
}


class DownloadFailed(Exception):
    """The document could not be fetched as a PDF; `kind` names why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def facts_of(item: CourtDocument) -> DocumentFacts:
    """The record facts a spider's item carries."""
    return DocumentFacts(
        court_id=item.court_id, court_name=item.court_name, case_name=item.case_name,
        docket_number=item.docket_number, title=item.title, document_type=item.document_type,
        date_filed=item.date_filed.isoformat() if item.date_filed else None,
        judge=item.judge, citation=item.citation, entry_number=item.entry_number,
        description=item.description,
    )


def check_pdf_response(response: Response) -> None:
    """Refuse error statuses and HTML pages served where a PDF was expected.

    Raises:
        DownloadFailed: with kind `http_<status>` or `not_pdf`.
    """
    if response.status != 200:
        raise DownloadFailed(f"http_{response.status}", f"{response.url} answered {response.status}")
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    if "html" in content_type and not response.body.lstrip().startswith(b"%PDF"):
        raise DownloadFailed("not_pdf", f"{response.url} served {content_type!r}, not a PDF")


class ArchivePipeline:
    """Archives every CourtDocument once: skipped when its record already has an original."""

    def __init__(self, crawler: Crawler, archive: Archive) -> None:
        self.crawler = crawler
        self.archive = archive
        self.stats = crawler.stats
        self.pool: ExtractionPool | None = None
        self._in_flight: dict[str, asyncio.Event] = {}  # set when that record's archiving is over
        self._joining: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)  # a record's sources
        self.outbox = Outbox(outbox_folder(archive.uri, crawler.settings.get("COURT_ARCHIVE_OUTBOX") or None))
        self._waiting: set[str] = set()  # record ids with a parcel in the outbox

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        """Build the archive once, from COURT_ARCHIVE_URI (and the Object Lock settings)."""
        settings = crawler.settings
        retention = Retention.of(settings.get("COURT_ARCHIVE_OBJECT_LOCK_MODE"),
                                 settings.getint("COURT_ARCHIVE_OBJECT_LOCK_DAYS"))
        return cls(crawler, Archive.open(settings["COURT_ARCHIVE_URI"], retention=retention))

    def open_spider(self) -> None:
        """Start the extraction workers."""
        settings = self.crawler.settings
        self.pool = ExtractionPool(
            settings.getint("COURT_ARCHIVE_EXTRACT_WORKERS") or None,  # `-s` gives a string
            timeout=settings.getfloat("COURT_ARCHIVE_EXTRACT_TIMEOUT"),
            memory_mb=settings.getint("COURT_ARCHIVE_EXTRACT_MEMORY_MB"),
            options=ExtractOptions(
                max_pages=settings.getint("COURT_ARCHIVE_MAX_PAGES"),
                engine=settings["COURT_ARCHIVE_ENGINE"],
                ocr=settings.getbool("COURT_ARCHIVE_OCR"),
                # OCR gets at most half the time a document has, so its text layer survives.
                ocr_seconds=settings.getfloat("COURT_ARCHIVE_EXTRACT_TIMEOUT") / 2,
                keep_hidden=settings.getbool("COURT_ARCHIVE_KEEP_HIDDEN_TEXT"),
            ),
        )
        logger.info("Archiving to %s", self.archive.uri)
        self._flush_outbox()

    def _flush_outbox(self) -> None:
        """Upload what earlier runs kept in the outbox; what cannot go yet waits, not re-fetched."""
        if self.outbox.parcels():
            try:
                summary = self.outbox.flush(self.archive)
            except StorageError as exc:
                logger.error("Outbox %s not flushed yet: %s", self.outbox.folder, exc)
            else:
                logger.info("Outbox: %d documents uploaded", summary.flushed)
                self.stats.set_value("archive/outbox/flushed", summary.flushed)
        self._waiting = self.outbox.pending_ids()

    def close_spider(self) -> None:
        """Stop the extraction workers and bring the catalog up to date with the new records."""
        if self.pool is not None:
            self.pool.close()
        waiting = len(self.outbox.parcels())
        if waiting:
            # Kept safe on disk, but not archived: the run failed until they are uploaded.
            self.stats.set_value("archive/failed/storage/outbox", waiting)
            logger.error("%d documents wait in the outbox %s: the next crawl or `courtarchive flush` "
                         "uploads them", waiting, self.outbox.folder)
        if self.crawler.settings.getbool("COURT_ARCHIVE_UPDATE_CATALOG"):
            self._update_catalog()

    def _update_catalog(self) -> None:
        """Update the catalog; a failure is logged and counted, the records are safe anyway."""
        try:
            summary = update_catalog(self.archive)
        except (CatalogError, StorageError) as exc:
            logger.warning("Catalog not updated (run `courtarchive catalog update` later): %s", exc)
            self.stats.inc_value("catalog/failed")
            return
        logger.info("Catalog %s: %d added, %d changed in %.1f s", summary.path,
                    summary.added, summary.changed, summary.seconds)

    async def process_item(self, item: Any) -> Any:
        """Archive one document unless it is archived already or being archived now."""
        if not isinstance(item, CourtDocument):
            return item
        rid = record_id(item.court_id, item.source_id)
        if rid in self._in_flight:
            self.stats.inc_value("archive/skipped/in_flight")
            return item
        self._in_flight[rid] = asyncio.Event()
        try:
            if rid in self._waiting:
                self.stats.inc_value("archive/skipped/in_outbox")
            else:
                await self._file(rid, item)
        except StorageError as exc:
            # Nothing was recorded: the next run tries this document again.
            logger.error("Storage failed for %s: %s", rid, exc)
            self.stats.inc_value("archive/failed/storage")
        except Exception as exc:  # a bug met on one document: counted, and the crawl goes on
            logger.exception("Archiving %s failed", rid)
            self.stats.inc_value(f"archive/failed/error/{type(exc).__name__}")
        finally:
            self._in_flight.pop(rid).set()
        return item

    async def _file(self, rid: str, item: CourtDocument) -> None:
        """Archive `item` under its record, or under the record of the same docket entry that
        another source brought first (pointed to by an alias once they were joined)."""
        owner = await run_in_thread(owner_in, self.archive, alias_key(rid))
        if owner is None and (key := entry_key(item.court_id, item.docket_number, item.entry_number)):
            owner = await run_in_thread(claim, self.archive, key, rid)
        owner = owner or rid
        if owner != rid:
            await self._settled(owner)
        record = await run_in_thread(self.archive.get_record, owner)
        if not archived(record, with_document=item.document_url is not None):
            await self._archive(owner, item, sources_of(record) if record else [])
        elif owner == rid or not await self._join(owner, asdict(self._source(item, None)), rid):
            self.stats.inc_value("archive/skipped/already_archived")

    async def _settled(self, owner: str) -> None:
        """Wait until this crawl's own archiving of `owner`, if under way, is over.

        Safe from waiting in a circle: an item waits on the owner of its docket entry before it
        claims anything others wait on, and on the owner of its bytes, who waits on no one by
        then; a copy found by its CM/ECF stamp does not wait (a copy of an entry still being
        archived in this run is archived as itself).
        """
        if (done := self._in_flight.get(owner)) is not None:
            await done.wait()

    async def _join(self, owner: str, source: dict[str, Any], rid: str) -> bool:
        """Add `source` to the record `owner`; False when it lists it already.

        One at a time per record in this crawl (each reads the record and writes it back). Two
        crawls adding to one record at once may lose one addition: its next run adds it again.
        """
        async with self._joining[owner]:
            joined = await run_in_thread(add_source, self.archive, owner, source, rid)
        if joined:
            self.stats.inc_value("archive/skipped/joined")
            logger.info("%s is %s, archived under another record: source added", rid, owner)
        return joined

    async def _archived_elsewhere(self, key: str | None, rid: str, item: CourtDocument, *,
                                  same_bytes: bool) -> str | None:
        """The record that claimed `key` first, if another one did and holds its document, as the
        same docket entry where the key is the bytes (they may be filed on several dockets, or
        twice on one); None when storage cannot say."""
        if key is None:
            return None
        try:
            owner = await run_in_thread(claim, self.archive, key, rid)
            if owner != rid and same_bytes:
                await self._settled(owner)
            record = await run_in_thread(self.archive.get_record, owner) if owner != rid else None
        except StorageError as exc:  # the document is in hand: it goes on to storage, or the outbox
            logger.warning("Storage failed looking for %s under another record (%s): archived as itself", rid, exc)
            return None
        if record is None or record["files"]["original"] is None:
            return None
        if same_bytes and not same_entry(record, item.court_id, item.docket_number, item.entry_number):
            return None
        return owner

    async def _archive(self, rid: str, item: CourtDocument, earlier_sources: list[dict[str, Any]]) -> None:
        parts = RecordParts(facts=facts_of(item), earlier_sources=earlier_sources)
        if item.document_url is None:
            parts.source = self._source(item, None)
            if await self._put_record(rid, parts, None):
                self.stats.inc_value("archive/stored_without_document")
            return
        try:
            response = await self._download(item.document_url)
        except DownloadFailed as exc:
            parts.errors.append(RecordError("download", exc.kind, exc.message))
            parts.source = self._source(item, None)
            self.stats.inc_value(f"archive/failed/download/{exc.kind}")
            await self._put_record(rid, parts, None)
            return
        parts.source = self._source(item, response)
        parts.sha256 = sha256_hex(response.body)
        parts.original_key = self.archive.original_key(parts.sha256)
        owner = await self._archived_elsewhere(content_key(parts.sha256), rid, item, same_bytes=True)
        if owner is not None:
            await self._join(owner, asdict(parts.source), rid)
            return
        unstored = None if await self._put_original(rid, response.body, parts.sha256) else response.body
        assert self.pool is not None
        result = await self.pool.analyse(response.body)
        add_extraction(parts, result)
        if parts.extraction is None:
            self.stats.inc_value(f"extract/failed/{parts.errors[-1].kind}")
        stamp = parts.extraction.ecf if parts.extraction else None
        owner = await self._archived_elsewhere(stamp_key(item.court_id, item.docket_number, stamp), rid, item,
                                               same_bytes=False)
        if owner is not None and unstored is None:  # another copy of that entry: kept beside it
            await self._join(owner, {**asdict(parts.source), "sha256": parts.sha256,
                                     "original": parts.original_key}, rid)
            return
        if await self._put_record(rid, parts, unstored):
            self.stats.inc_value("archive/stored")
            logger.info("Archived %s (%s)", rid, parts.original_key)

    async def _put_original(self, rid: str, data: bytes, sha256: str) -> bool:
        """Store an original; False (logged) when storage refused it after its retries."""
        return await run_in_thread(store_original, self.archive, rid, data, sha256) is None

    async def _put_record(self, rid: str, parts: RecordParts, unstored: bytes | None) -> bool:
        """Store the record; True when it is in the archive.

        When storage fails (or refused the original, `unstored`), the record and that original
        go to the outbox instead, fsynced: nothing downloaded is lost, and the crawl goes on.
        """
        if await run_in_thread(self.outbox.store_record, self.archive, rid, parts, unstored) is None:
            return True
        self._waiting.add(rid)
        self.stats.inc_value("archive/outbox/kept")
        return False

    async def _download(self, url: str) -> Response:
        """Fetch through Scrapy's downloader, so retries, throttling and robots.txt apply."""
        request = Request(url, callback=NO_CALLBACK)
        try:
            response = await self.crawler.engine.download_async(request)
        except tuple(DOWNLOAD_ERRORS) as exc:
            kind = next(k for cls, k in DOWNLOAD_ERRORS.items() if isinstance(exc, cls))
            raise DownloadFailed(kind, f"{url}: {exc or type(exc).__name__}") from exc
        check_pdf_response(response)
        return response

    def _source(self, item: CourtDocument, response: Response | None) -> SourceFacts:
        headers = response.headers if response is not None else {}
        return SourceFacts(
            spider=self.crawler.spider.name if self.crawler.spider else "",
            url=item.document_url,
            listing_url=item.listing_url,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
            extras=item.source_extras,
        )


def _header(headers: Any, name: bytes) -> str | None:
    value: bytes | None = headers.get(name) if headers else None
    return value.decode("latin-1") if value else None
