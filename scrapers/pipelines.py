"""ArchivePipeline: hands each CourtDocument to `storage.archiving`, the one archiving sequence.

Glue only: the download goes through Scrapy's engine (retries, throttling, robots.txt), the
PDF to the extraction pool (worker processes), and the storage calls to threads, so no
blocking work runs on the reactor. The policy (identities, joins, outbox) lives in storage.
"""

from __future__ import annotations

import logging
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
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.asyncio import run_in_thread

from parsers.pool import ExtractionPool, ExtractOptions
from storage.archive import Archive
from storage.archiving import Archiver, Fetched, FetchFailed, check_pdf
from storage.blobs.base import Retention, StorageError
from storage.catalog.update import update_or_warn
from storage.document import CourtDocument
from storage.outbox import Outbox, outbox_folder

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


class ArchivePipeline:
    """Archives every CourtDocument once (see `storage.archiving`)."""

    def __init__(self, crawler: Crawler, archive: Archive) -> None:
        self.crawler = crawler
        self.archive = archive
        self.stats = crawler.stats
        self.outbox = Outbox(outbox_folder(archive.uri, crawler.settings.get("COURT_ARCHIVE_OUTBOX") or None))
        self.pool: ExtractionPool | None = None
        self.archiver: Archiver | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        """Build the archive once, from COURT_ARCHIVE_URI (and the Object Lock settings)."""
        settings = crawler.settings
        retention = Retention.of(
            settings.get("COURT_ARCHIVE_OBJECT_LOCK_MODE"), settings.getint("COURT_ARCHIVE_OBJECT_LOCK_DAYS")
        )
        return cls(crawler, Archive.open(settings["COURT_ARCHIVE_URI"], retention=retention))

    async def open_spider(self) -> None:
        """Start the extraction workers; upload what earlier runs kept in the outbox (in a
        thread: storage calls never run on the reactor)."""
        settings = self.crawler.settings
        timeout = settings.getfloat("COURT_ARCHIVE_EXTRACT_TIMEOUT_SECONDS")
        self.pool = ExtractionPool(
            settings.getint("COURT_ARCHIVE_EXTRACT_WORKERS") or None,  # `-s` gives a string
            timeout=timeout,
            memory_mb=settings.getint("COURT_ARCHIVE_EXTRACT_MEMORY_MB"),
            options=ExtractOptions(
                max_pages=settings.getint("COURT_ARCHIVE_MAX_PAGES"),
                engine=settings["COURT_ARCHIVE_ENGINE"],
                ocr=settings.getbool("COURT_ARCHIVE_OCR"),
                # OCR gets at most half the time a document has, so its text layer survives.
                ocr_seconds=timeout / 2,
                keep_hidden=settings.getbool("COURT_ARCHIVE_KEEP_HIDDEN_TEXT"),
            ),
        )
        logger.info("Archiving to %s", self.archive.uri)
        if (flushed := await run_in_thread(self.outbox.flush_waiting, self.archive)) is not None:
            self.stats.set_value("archive/outbox/flushed", flushed)
        self.archiver = Archiver(
            self.archive,
            self.outbox,
            extract=self.pool.analyse,
            run_blocking=run_in_thread,
            spider=self.crawler.spider.name if self.crawler.spider else "",
            count=self.stats.inc_value,
        )

    async def close_spider(self) -> None:
        """Stop the extraction workers and bring the catalog up to date with the new records
        (in a thread: it reads every new record from storage)."""
        if self.pool is not None:
            self.pool.close()
        waiting = len(self.outbox.parcels())
        if waiting:
            # Kept safe on disk, but not archived: the run failed until they are uploaded.
            self.stats.set_value("archive/failed/storage/outbox", waiting)
            logger.error(
                "%d documents wait in the outbox %s: the next crawl or `courtarchive flush` uploads them",
                waiting,
                self.outbox.folder,
            )
        if self.crawler.settings.getbool("COURT_ARCHIVE_UPDATE_CATALOG") and (
            await run_in_thread(update_or_warn, self.archive) is None
        ):
            self.stats.inc_value("catalog/failed")

    async def process_item(self, item: Any) -> Any:
        """Archive one document; a failure is logged and counted, and the crawl goes on."""
        if not isinstance(item, CourtDocument) or self.archiver is None:
            return item
        url = item.document_url
        try:
            await self.archiver.archive_document(item, (lambda: self._download(url)) if url else None)
        except StorageError as exc:
            # Nothing was recorded: the next run tries this document again.
            logger.error("Storage failed for %s/%s: %s", item.court_id, item.source_id, exc)
            self.stats.inc_value("archive/failed/storage")
        except Exception as exc:  # a bug met on one document: counted, and the crawl goes on
            logger.exception("Archiving %s/%s failed", item.court_id, item.source_id)
            self.stats.inc_value(f"archive/failed/error/{type(exc).__name__}")
        return item

    async def _download(self, url: str) -> Fetched:
        """Fetch through Scrapy's downloader, so retries, throttling and robots.txt apply.

        Raises:
            FetchFailed: the download failed, or did not bring a PDF.
        """
        try:
            response = await self.crawler.engine.download_async(Request(url, callback=NO_CALLBACK))
        except tuple(DOWNLOAD_ERRORS) as exc:
            kind = next(k for cls, k in DOWNLOAD_ERRORS.items() if isinstance(exc, cls))
            raise FetchFailed(kind, f"{url}: {exc or type(exc).__name__}") from exc
        headers = response.headers
        check_pdf(response.url, response.status, _header(headers, b"Content-Type") or "", response.body[:1024])
        return Fetched(response.body, etag=_header(headers, b"ETag"), last_modified=_header(headers, b"Last-Modified"))


def _header(headers: Any, name: bytes) -> str | None:
    value: bytes | None = headers.get(name)
    return value.decode("latin-1") if value else None
