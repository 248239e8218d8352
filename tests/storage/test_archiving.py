"""The archiving sequence (`storage.archiving`) in process: identities, joins, failures, outbox.

A crawl and `courtarchive add` both run it; here it is driven directly, with the PDF fetched
from memory and extracted in this process.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parsers.analysis import Analysed, analyse
from parsers.errors import PdfError
from parsers.text import extract
from storage.archive import Archive
from storage.archiving import Archiver, Fetched, FetchFailed, Outcome, Result
from storage.blobs.base import StorageError
from storage.blobs.local import LocalBlobStore
from storage.blobs.s3 import S3BlobStore
from storage.document import CourtDocument
from storage.outbox import Outbox
from tests.storage.conftest import Crawled
from tests.support.pdfgen import text_pdf
from tests.support.seaweed import S3Server

ORDER = text_pdf(["ORDER: the motion to dismiss is DENIED.", "It is so ordered."])


async def analysed(data: bytes) -> Analysed | PdfError:
    try:
        extraction = extract(data, ocr=False)
    except PdfError as exc:
        return exc
    return Analysed(extraction, analyse(extraction))


def doc(source_id: str, **facts: Any) -> CourtDocument:
    given = {
        "court_id": "wawd",
        "docket_number": "2:21-cv-00031",
        "case_name": "Doe v. Roe",
        "date_filed": date(2024, 5, 1),
        "listing_url": "https://court.example/listing",
        **facts,
    }
    return CourtDocument(source_id=source_id, document_url=f"https://court.example/{source_id}.pdf", **given)


class Run:
    """One run of the sequence: its archiver, what it fetched and counted."""

    def __init__(self, archive: Archive, outbox: Outbox, spider: str = "a_spider") -> None:
        self.fetches: list[str] = []
        self.counts: Counter[str] = Counter()
        self.archiver = Archiver(
            archive, outbox, spider=spider, extract=analysed, count=lambda key: self.counts.update([key])
        )

    def __call__(self, document: CourtDocument, data: bytes | Exception | None = ORDER) -> Result:
        async def fetch() -> Fetched:
            self.fetches.append(document.source_id or "")
            if isinstance(data, Exception):
                raise data
            assert data is not None
            return Fetched(data, etag='"v1"')

        return asyncio.run(self.archiver.archive_document(document, None if data is None else fetch))


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive.open(str(tmp_path / "archive"))


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox")


def test_a_document_is_stored_with_its_text_and_record(archive: Archive, outbox: Outbox) -> None:
    run = Run(archive, outbox)
    result = run(doc("order-1"))
    assert result.outcome == Outcome.STORED and result.rid == "wawd/order-1"
    record = archive.get_record("wawd/order-1")
    assert record is not None and record["files"]["original"] == archive.original_key(record["sha256"])
    assert "motion to dismiss is DENIED" in (archive.blobs.read("records/wawd/order-1.txt") or b"").decode()
    assert record["source"]["etag"] == '"v1"' and record["document"]["date_filed"] == "2024-05-01"
    assert run(doc("order-1")).outcome == Outcome.ALREADY_ARCHIVED and run.fetches == ["order-1"]
    assert run.counts == {"archive/stored": 1, "archive/skipped/already_archived": 1}


def test_the_same_bytes_from_another_source_join_one_record(archive: Archive, outbox: Outbox) -> None:
    Run(archive, outbox, "first")(doc("order-1"))
    later = Run(archive, outbox, "second")
    assert later(doc("copy-of-order-1")) == Result(Outcome.JOINED, "wawd/order-1")
    record = archive.get_record("wawd/order-1")
    assert record is not None and [s["spider"] for s in record["sources"]] == ["first", "second"]
    assert archive.get_record("wawd/copy-of-order-1") is None
    # Its own id now points to the record: the next run does not even download it.
    again = Run(archive, outbox, "second")
    assert again(doc("copy-of-order-1")).outcome == Outcome.ALREADY_ARCHIVED and again.fetches == []


def test_the_same_bytes_on_another_docket_are_another_record(archive: Archive, outbox: Outbox) -> None:
    run = Run(archive, outbox)
    run(doc("order-1"))
    assert run(doc("order-2", docket_number="2:22-cv-00100")).outcome == Outcome.STORED
    one, two = archive.get_record("wawd/order-1"), archive.get_record("wawd/order-2")
    assert one is not None and two is not None and one["files"]["original"] == two["files"]["original"]


def test_copies_on_a_docket_whose_bytes_another_docket_holds_are_one_record(archive: Archive, outbox: Outbox) -> None:
    # The bytes' first record is on another docket: the copies on this one still find each other.
    run = Run(archive, outbox)
    run(doc("order-1"))
    assert run(doc("order-2", docket_number="2:22-cv-00100")).outcome == Outcome.STORED
    assert run(doc("order-3", docket_number="2:22-cv-00100")) == Result(Outcome.JOINED, "wawd/order-2")
    assert run(doc("order-4", docket_number="2:23-cv-00007")).outcome == Outcome.STORED


def test_one_docket_entry_is_fetched_once(archive: Archive, outbox: Outbox) -> None:
    Run(archive, outbox, "recap")(doc("entry-34", entry_number="34"))
    feed = Run(archive, outbox, "pacer_feeds")
    result = feed(doc("rss-34", entry_number="034", docket_number="2:21-cv-00031-BJR"), b"other bytes")
    assert result == Result(Outcome.JOINED, "wawd/entry-34") and feed.fetches == []


def test_a_failed_download_is_recorded_and_tried_again(archive: Archive, outbox: Outbox) -> None:
    run = Run(archive, outbox)
    failed = run(doc("order-1"), FetchFailed("http_503", "court.example answered 503"))
    assert failed.outcome == Outcome.DOWNLOAD_FAILED and run.counts == {"archive/failed/download/http_503": 1}
    record = archive.get_record("wawd/order-1")
    assert record is not None and record["files"]["original"] is None
    assert record["errors"] == [{"stage": "download", "kind": "http_503", "message": "court.example answered 503"}]
    assert Run(archive, outbox)(doc("order-1")).outcome == Outcome.STORED


def test_an_unreadable_pdf_keeps_its_original_and_error(archive: Archive, outbox: Outbox) -> None:
    run = Run(archive, outbox)
    assert run(doc("blank"), b"%PDF-1.4\n%%EOF\n").outcome == Outcome.STORED
    record = archive.get_record("wawd/blank")
    assert record is not None and record["files"]["original"] and record["files"]["text"] is None
    assert (
        record["errors"][0]["stage"] == "extract" and run.counts[f"extract/failed/{record['errors'][0]['kind']}"] == 1
    )


def test_an_event_yields_to_its_document_found_later(archive: Archive, outbox: Outbox) -> None:
    event = replace(doc("entry-12"), document_url=None)  # a docket entry, its PDF behind the paywall
    assert Run(archive, outbox, "pacer_rss")(event, None).outcome == Outcome.STORED_WITHOUT_DOCUMENT
    assert Run(archive, outbox, "pacer_rss")(event, None).outcome == Outcome.ALREADY_ARCHIVED
    assert Run(archive, outbox, "recap")(doc("entry-12")).outcome == Outcome.STORED
    record = archive.get_record("wawd/entry-12")
    assert record is not None and [s["spider"] for s in record["sources"]] == ["recap", "pacer_rss"]


class Refusing(LocalBlobStore):
    """A folder whose every write fails, as storage that is down after its retries."""

    def write(self, key: str, data: bytes, *, sha256: str, content_type: str, once: bool) -> bool:
        raise StorageError(f"{key}: connection refused")


def test_storage_down_keeps_the_document_in_the_outbox(tmp_path: Path, outbox: Outbox) -> None:
    down = Archive(Refusing(tmp_path / "down"), str(tmp_path / "down"))
    run = Run(down, outbox)
    kept = run(doc("order-1"))
    assert kept.outcome == Outcome.KEPT and kept.parcel is not None and outbox.pending_ids() == {"wawd/order-1"}
    assert run(doc("order-1")).outcome == Outcome.IN_OUTBOX and run.fetches == ["order-1"]
    up = Archive.open(str(tmp_path / "down"))
    assert outbox.flush(up).flushed == 1
    record = up.get_record("wawd/order-1")
    assert record is not None and up.blobs.read(record["files"]["original"]) == ORDER


def test_two_items_of_one_record_in_one_run_are_archived_once(archive: Archive, outbox: Outbox) -> None:
    run = Run(archive, outbox)

    async def both() -> list[Result]:
        return list(
            await asyncio.gather(
                run.archiver.archive_document(doc("order-1"), fetch),
                run.archiver.archive_document(doc("order-1"), fetch),
            )
        )

    async def fetch() -> Fetched:
        await asyncio.sleep(0.05)
        return Fetched(ORDER)

    assert sorted(r.outcome for r in asyncio.run(both())) == [Outcome.IN_FLIGHT, Outcome.STORED]


def test_the_sequence_on_s3_joins_and_keeps_one_original(s3_server: S3Server, s3_bucket: str, outbox: Outbox) -> None:
    # S3's own layer: claims written once with If-None-Match, records replaced with history.
    archive = Archive(S3BlobStore(s3_bucket, "archive", client=s3_server.client()), f"s3://{s3_bucket}/archive")
    assert Run(archive, outbox, "first")(doc("order-1", entry_number="7")).outcome == Outcome.STORED
    assert Run(archive, outbox, "second")(doc("copy-1")) == Result(Outcome.JOINED, "wawd/order-1")
    record = archive.get_record("wawd/order-1")
    assert record is not None and [s["spider"] for s in record["sources"]] == ["first", "second"]
    assert [k for k in archive.blobs.keys("originals/")] == [record["files"]["original"]]
    assert archive.record_versions("wawd/order-1")[0]["sources"] == record["sources"][:1]


VOLATILE = {("source", "fetched_at"), ("extraction", "seconds")}


def normalised(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the values that differ between two runs (times, the mirror's port)."""
    copy = json.loads(json.dumps(record))
    for section, key in VOLATILE:
        if copy.get(section):
            copy[section][key] = None
    for source in [copy["source"], *copy["sources"]]:
        source["fetched_at"] = None
        source["url"] = source["url"].split("/", 3)[3]
        source["listing_url"] = source["listing_url"].split("/", 3)[3]
    return copy


def test_a_crawl_into_s3_archives_the_same_records_as_into_a_folder(
    local_crawled: Crawled, s3_crawled: Crawled, s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same two scotus crawls (tests/storage/conftest.py), into a folder and into SeaweedFS.
    local = {r["id"]: normalised(r) for r in Archive.open(local_crawled.uri).records()}
    for key, value in s3_server.environment().items():
        monkeypatch.setenv(key, value)
    assert {r["id"]: normalised(r) for r in Archive.open(s3_crawled.uri).records()} == local
    assert len(local) == 9
