"""A changed record keeps its earlier version readable, in a folder and on S3 alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.text import Extraction
from storage.archive import Archive, archived, sha256_hex
from storage.blobs.base import StorageError
from storage.blobs.local import LocalBlobStore
from storage.document import DocumentRef
from storage.records import RecordParts, SourceFacts
from tests.support.seaweed import S3Server

RID = "wawd/2-21-cv-00031-34"


def parts(case: str, text: str | None = None) -> RecordParts:
    extraction = Extraction(engine="pdfplumber", engine_version="0", seconds=0.1, pages=(text,)) if text else None
    return RecordParts(
        facts=DocumentRef(document_type=None, court_id="wawd", case_name=case),
        sha256=sha256_hex(b"pdf"),
        original_key=Archive.original_key(sha256_hex(b"pdf")),
        extraction=extraction,
    )


@pytest.fixture(params=["folder", "s3"])
def archive(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    if request.param == "folder":
        return Archive.open(str(tmp_path / "archive"))
    server: S3Server = request.getfixturevalue("s3_server")
    bucket: str = request.getfixturevalue("s3_bucket")
    for key, value in server.environment().items():
        monkeypatch.setenv(key, value)
    return Archive.open(f"s3://{bucket}/v1")


def test_a_changed_record_keeps_the_earlier_one(archive: Archive) -> None:
    archive.put_record(RID, parts("Parler v. AWS", "first reading"))
    archive.put_record(RID, parts("Parler LLC v. Amazon.com", "second reading"))
    archive.put_record(RID, parts("Parler LLC v. Amazon Web Services, Inc.", "third reading"))

    current = archive.get_record(RID)
    assert current is not None and current["case"]["name"] == "Parler LLC v. Amazon Web Services, Inc."
    earlier = archive.record_versions(RID)
    assert [r["case"]["name"] for r in earlier] == ["Parler v. AWS", "Parler LLC v. Amazon.com"]
    history = sorted(archive.blobs.keys(f"history/records/{RID}/"))
    assert [k.rsplit("/", 1)[1][:6] for k in history] == ["v0001-", "v0001-", "v0002-", "v0002-"]
    texts = [archive.blobs.read(k) for k in history if k.endswith(".txt")]
    assert texts == [b"first reading", b"second reading"]
    assert [r["id"] for r in archive.records()] == [RID]  # versions are not records


def test_writing_the_same_record_again_makes_no_version(archive: Archive) -> None:
    archive.put_record(RID, parts("Doe v. Roe"))
    archive.put_record(RID, parts("Doe v. Roe"))
    assert archive.record_versions(RID) == []
    assert list(archive.blobs.keys("history/")) == []


class RefusesRecords(LocalBlobStore):
    """A folder whose record writes fail once: a crash between keeping a version and replacing."""

    failed = False

    def write(self, key: str, data: bytes, *, sha256: str, content_type: str, once: bool) -> bool:
        if key.startswith("records/") and key.endswith(".json") and not once and not self.failed:
            self.failed = True
            raise StorageError("connection reset")
        return super().write(key, data, sha256=sha256, content_type=content_type, once=once)


def test_a_replacement_cut_short_keeps_one_version(tmp_path: Path) -> None:
    folder = str(tmp_path / "archive")
    Archive.open(folder).put_record(RID, parts("Doe v. Roe"))
    flaky = Archive(RefusesRecords(folder), folder)
    with pytest.raises(StorageError):
        flaky.put_record(RID, parts("Doe v. Roe, Jr."))
    flaky.put_record(RID, parts("Doe v. Roe, Jr."))
    assert [r["case"]["name"] for r in flaky.record_versions(RID)] == ["Doe v. Roe"]
    assert len([k for k in flaky.blobs.keys("history/") if k.endswith(".json")]) == 1


def test_an_event_record_yields_to_a_document_found_later(archive: Archive) -> None:
    # An RSS docket entry is archived as an event (no document); RECAP later has its PDF.
    event = RecordParts(facts=DocumentRef(document_type=None, court_id="wawd", case_name="Doe v. Roe"))
    event.source = SourceFacts(
        spider="pacer_rss", url=None, listing_url="https://ecf.example/rss", fetched_at="2026-11-30T12:00:00+00:00"
    )
    archive.put_record("wawd/entry-12", event)

    assert archived(archive.get_record("wawd/entry-12"))
    assert not archived(archive.get_record("wawd/entry-12"), with_document=True)

    document = parts("Doe v. Roe", "It is so ordered.")
    archive.put_original(b"pdf", sha256_hex(b"pdf"))
    archive.put_record("wawd/entry-12", document)
    assert archived(archive.get_record("wawd/entry-12"), with_document=True)
