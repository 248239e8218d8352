"""The archiving sequence: one document from its listing to its record, the same for a crawl
and for `courtarchive add`.

1. Its identities are claimed (`storage.identity`): an alias another source's record left for
   it, its docket entry, then (once fetched) its bytes' sha256, then (once read) the docket
   entry its CM/ECF stamp names. A document another record owns adds its source to that
   record instead of becoming a second one.
2. The original is written once under its sha256; the text and the record beside it.
3. What storage refuses after its retries is kept in the local outbox (`storage.outbox`).

No Scrapy here: the caller brings the download and the extraction as coroutines, and the
storage calls run in threads (`run_blocking`), off the caller's event loop.

Over 300 lines because the sequence is one piece: its steps share the run's in-flight
records, and reading it top to bottom is reading the policy.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storage.archive import Archive, add_extraction, archived, sha256_hex
from storage.blobs.base import StorageError
from storage.document import CourtDocument, DocumentRef
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
from storage.outbox import Outbox, store_original
from storage.records import RecordError, RecordParts, SourceFacts, record_id, sources_of

if TYPE_CHECKING:
    from parsers.analysis import Analysed
    from parsers.ecf import EcfStamp
    from parsers.errors import PdfError

logger = logging.getLogger(__name__)
T = TypeVar("T")


class FetchFailed(Exception):
    """The document could not be fetched as a PDF; `kind` names why, as in a record's errors."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def check_pdf(url: str, status: int, content_type: str, head: bytes) -> None:
    """Refuse an error status, or an HTML page served where a PDF was expected.

    Raises:
        FetchFailed: with kind `http_<status>` or `not_pdf`.
    """
    if status != 200:
        raise FetchFailed(f"http_{status}", f"{url} answered {status}")
    if "html" in content_type.lower() and not head.lstrip().startswith(b"%PDF"):
        raise FetchFailed("not_pdf", f"{url} served {content_type.lower()!r}, not a PDF")


@dataclass(frozen=True)
class Fetched:
    """A document's bytes and what the server said of them."""

    data: bytes
    etag: str | None = None
    last_modified: str | None = None


class Outcome(StrEnum):
    """What became of one document."""

    STORED = "stored"
    STORED_WITHOUT_DOCUMENT = "stored_without_document"  # an event: the source serves no PDF
    DOWNLOAD_FAILED = "download_failed"  # recorded with its error; the next run tries again
    JOINED = "joined"  # another record holds it: this source was added to that record
    ALREADY_ARCHIVED = "already_archived"
    IN_FLIGHT = "in_flight"  # being archived by this run already
    IN_OUTBOX = "in_outbox"  # an earlier run kept it in the outbox
    KEPT = "kept"  # storage is down: kept in the outbox now


@dataclass(frozen=True)
class Result:
    """The outcome, the record the document is in, the parts its record was built from (when
    this call wrote one) and the outbox parcel that keeps it (when storage was down)."""

    outcome: Outcome
    rid: str
    parts: RecordParts | None = None
    parcel: Path | None = None


Fetch = Callable[[], Awaitable[Fetched]]
Extract = Callable[[bytes], Awaitable["Analysed | PdfError"]]
RunBlocking = Callable[..., Awaitable[Any]]


def now() -> str:
    """The time a source is fetched at, as records keep it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Archiver:
    """Archives documents into `archive`, each once, keeping what storage refuses in `outbox`.

    One Archiver per run: it knows which records this run is archiving now (a second item for
    one is skipped, or waits for it where its identity says it is the same document).
    `count` is told each outcome and failure (a crawl's stats).
    """

    def __init__(
        self,
        archive: Archive,
        outbox: Outbox,
        *,
        spider: str,
        extract: Extract,
        run_blocking: RunBlocking = asyncio.to_thread,
        count: Callable[[str], None] = lambda key: None,
    ) -> None:
        self.archive, self.outbox, self.spider = archive, outbox, spider
        self.extract, self.count = extract, count
        self._blocking = run_blocking
        self._in_flight: dict[str, asyncio.Event] = {}  # set when that record's archiving is over
        self._joining: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.waiting: set[str] = outbox.pending_ids()  # record ids with a parcel in the outbox

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        result: T = await self._blocking(function, *args)
        return result

    async def archive_document(
        self,
        doc: CourtDocument,
        fetch: Fetch | None,
        *,
        rid: str | None = None,
        from_stamp: bool = False,
        in_hand: bool = False,
    ) -> Result:
        """Archive `doc` (`fetch` gets its PDF; None: the source serves none) unless it is
        archived, being archived, or waiting in the outbox. `from_stamp`: fill the docket,
        entry and date the document does not name from its CM/ECF stamp. `in_hand`: the bytes
        are fetched already, so storage down before they are stored sends them to the outbox
        (a crawl leaves a document it has not downloaded for its next run instead).

        Raises:
            StorageError: storage failed where nothing could be recorded (the next run retries).
        """
        rid = rid or record_id(doc.court_id, doc.source_id or "")
        if rid in self._in_flight:
            return self._counted(Result(Outcome.IN_FLIGHT, rid))
        self._in_flight[rid] = asyncio.Event()
        try:
            if rid in self.waiting:
                return self._counted(Result(Outcome.IN_OUTBOX, rid))
            return self._counted(await self._file(rid, doc, fetch, from_stamp, in_hand))
        finally:
            self._in_flight.pop(rid).set()

    def _counted(self, result: Result) -> Result:
        key = {
            Outcome.STORED: "archive/stored",
            Outcome.KEPT: "archive/outbox/kept",
            Outcome.STORED_WITHOUT_DOCUMENT: "archive/stored_without_document",
        }.get(result.outcome, f"archive/skipped/{result.outcome}")
        if result.outcome != Outcome.DOWNLOAD_FAILED:
            self.count(key)
        return result

    async def _file(self, rid: str, doc: CourtDocument, fetch: Fetch | None, from_stamp: bool, in_hand: bool) -> Result:
        """Archive under `rid`, or under the record of the same docket entry that another
        source brought first (pointed to by an alias once they were joined)."""
        try:
            owner, record = await self._owner_of(rid, doc)
        except StorageError as exc:
            if not in_hand:
                raise
            logger.warning("Storage failed looking for %s (%s): archived as itself", rid, exc)
            owner, record = rid, None
        if not archived(record, with_document=fetch is not None) or await self._replaced(record, fetch, in_hand):
            earlier = sources_of(record) if record else []
            return await self._store(owner, doc, fetch, RecordParts(facts=doc, earlier_sources=earlier), from_stamp)
        if owner != rid and await self._join(owner, asdict(self._source(doc, None)), rid):
            return Result(Outcome.JOINED, owner)
        return Result(Outcome.ALREADY_ARCHIVED, owner)

    @staticmethod
    async def _replaced(record: dict[str, Any] | None, fetch: Fetch | None, in_hand: bool) -> bool:
        """Whether bytes in hand differ from the archived record's: a person adding a new
        version of a document under its id (its earlier version is kept under history/)."""
        if record is None or fetch is None or not in_hand:
            return False
        return bool(record.get("sha256") != sha256_hex((await fetch()).data))

    async def _owner_of(self, rid: str, doc: CourtDocument) -> tuple[str, dict[str, Any] | None]:
        """The record that holds `doc` or would (its alias's, its docket entry's, else `rid`), and
        that record as stored (None: none yet)."""
        owner = await self._run(owner_in, self.archive, alias_key(rid))
        if owner is None and (key := entry_key(doc.court_id, doc.docket_number, doc.entry_number)):
            owner = await self._run(claim, self.archive, key, rid)
        owner = owner or rid
        if owner != rid:
            await self._settled(owner)
        return owner, await self._run(self.archive.get_record, owner)

    async def _settled(self, owner: str) -> None:
        """Wait until this run's own archiving of `owner`, if under way, is over.

        Safe from waiting in a circle: a document waits on the owner of its docket entry before
        it claims anything others wait on, and on the owner of its bytes, who waits on no one by
        then; a copy found by its CM/ECF stamp does not wait (a copy of an entry still being
        archived in this run is archived as itself).
        """
        if (done := self._in_flight.get(owner)) is not None:
            await done.wait()

    async def _join(self, owner: str, source: dict[str, Any], rid: str) -> bool:
        """Add `source` to the record `owner`; False when it lists it already.

        One at a time per record in this run (each reads the record and writes it back). Two
        runs adding to one record at once may lose one addition: its next run adds it again.
        """
        async with self._joining[owner]:
            joined: bool = await self._run(add_source, self.archive, owner, source, rid)
        if joined:
            logger.info("%s is %s, archived under another record: source added", rid, owner)
        return joined

    async def _owner_elsewhere(self, key: str | None, rid: str, doc: CourtDocument, *, same_bytes: bool) -> str | None:
        """The record that claimed `key` first, if another one did and holds its document, as the
        same docket entry where the key is the bytes (they may be filed on several dockets, or
        twice on one); None when storage cannot say."""
        if key is None:
            return None
        try:
            owner = await self._run(claim, self.archive, key, rid)
            if owner != rid and same_bytes:
                await self._settled(owner)
            record = await self._run(self.archive.get_record, owner) if owner != rid else None
        except StorageError as exc:  # the document is in hand: it goes on to storage, or the outbox
            logger.warning("Storage failed looking for %s under another record (%s): archived as itself", rid, exc)
            return None
        if record is None or record["files"]["original"] is None:
            return None
        if same_bytes and not same_entry(record, doc.court_id, doc.docket_number, doc.entry_number):
            return None
        return owner

    async def _store(
        self, rid: str, doc: CourtDocument, fetch: Fetch | None, parts: RecordParts, from_stamp: bool
    ) -> Result:
        """Fetch, claim the bytes, store the original, extract, claim the stamp, store the record."""
        if fetch is None:
            parts.source = self._source(doc, None)
            return await self._put_record(rid, parts, None, Outcome.STORED_WITHOUT_DOCUMENT)
        try:
            fetched = await fetch()
        except FetchFailed as exc:
            parts.errors.append(RecordError("download", exc.kind, exc.message))
            parts.source = self._source(doc, None)
            self.count(f"archive/failed/download/{exc.kind}")
            return await self._put_record(rid, parts, None, Outcome.DOWNLOAD_FAILED)
        parts.source = self._source(doc, fetched)
        parts.sha256 = sha256_hex(fetched.data)
        parts.original_key = self.archive.original_key(parts.sha256)
        owner = await self._owner_elsewhere(content_key(parts.sha256), rid, doc, same_bytes=True)
        if owner is not None:
            joined = await self._join(owner, asdict(parts.source), rid)
            return Result(Outcome.JOINED if joined else Outcome.ALREADY_ARCHIVED, owner)
        unstored = await self._run(store_original, self.archive, rid, fetched.data, parts.sha256)
        add_extraction(parts, await self.extract(fetched.data))
        if parts.extraction is None:
            self.count(f"extract/failed/{parts.errors[-1].kind}")
        stamp = parts.extraction.ecf if parts.extraction else None
        if from_stamp and stamp is not None:
            parts.facts = _with_stamp(parts.facts, stamp)
        owner = await self._owner_elsewhere(
            stamp_key(doc.court_id, doc.docket_number, stamp), rid, doc, same_bytes=False
        )
        if owner is not None and unstored is None:  # another copy of that entry: kept beside it
            source = {**asdict(parts.source), "sha256": parts.sha256, "original": parts.original_key}
            joined = await self._join(owner, source, rid)
            return Result(Outcome.JOINED if joined else Outcome.ALREADY_ARCHIVED, owner)
        return await self._put_record(rid, parts, unstored, Outcome.STORED)

    async def _put_record(self, rid: str, parts: RecordParts, unstored: bytes | None, outcome: Outcome) -> Result:
        """Store the record; when storage fails (or refused the original, `unstored`), the record
        and that original go to the outbox instead, fsynced: nothing fetched is lost."""
        parcel = await self._run(self.outbox.store_record, self.archive, rid, parts, unstored)
        if parcel is not None:
            self.waiting.add(rid)
            return Result(Outcome.KEPT, rid, parts, parcel)
        if outcome == Outcome.STORED:
            logger.info("Archived %s (%s)", rid, parts.original_key)
        return Result(outcome, rid, parts)

    def _source(self, doc: CourtDocument, fetched: Fetched | None) -> SourceFacts:
        return SourceFacts(
            spider=self.spider,
            url=doc.document_url,
            listing_url=doc.listing_url,
            fetched_at=now(),
            etag=fetched.etag if fetched else None,
            last_modified=fetched.last_modified if fetched else None,
            extras=doc.source_extras,
        )


def _with_stamp(doc: DocumentRef, stamp: EcfStamp) -> DocumentRef:
    """A document's facts with the docket, entry and date its CM/ECF stamp prints, where it
    names none of its own."""
    return replace(
        doc,
        docket_number=doc.docket_number or stamp.case_number,
        date_filed=doc.date_filed or stamp.date_filed,
        entry_number=doc.entry_number or stamp.document_number,
    )
