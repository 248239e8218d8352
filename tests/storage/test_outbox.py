"""The outbox: what storage refused is kept on local disk and uploaded later, once, whole."""

from __future__ import annotations

import fcntl
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive, sha256_hex
from storage.blobs.base import StorageError
from storage.blobs.local import LocalBlobStore
from storage.cli import main
from storage.document import DocumentRef
from storage.outbox import Outbox, OutboxBusy, outbox_folder
from storage.records import RecordParts
from tests.storage.conftest import run_main
from tests.support.crawl import run_spider
from tests.support.faultserver import (
    Faults,
    restart_seaweedfs,
    seaweed_command,
    serving_faults,
    wait_for_objects,
)
from tests.support.mirror import Mirror
from tests.support.seaweed import S3Server, kill, seaweedfs

PDF = b"%PDF-1.4\n% a court order\n%%EOF\n"


def parts_for(data: bytes | None, court: str = "wawd") -> RecordParts:
    return RecordParts(
        facts=DocumentRef(document_type=None, court_id=court, case_name="Doe v. Roe"),
        sha256=sha256_hex(data) if data is not None else None,
    )


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox")


class FailingBlobs(LocalBlobStore):
    """A folder that refuses every write after the first `allowed`, as a dying server would."""

    def __init__(self, root: Path, allowed: int) -> None:
        super().__init__(root)
        self.allowed = allowed

    def write(self, key: str, data: bytes, *, sha256: str, content_type: str, once: bool) -> bool:
        if self.allowed == 0:
            raise StorageError(f"{key}: connection refused")
        self.allowed -= 1
        return super().write(key, data, sha256=sha256, content_type=content_type, once=once)


def test_a_kept_document_is_flushed_whole(outbox: Outbox, tmp_path: Path) -> None:
    outbox.keep("wawd/doc-1", parts_for(PDF), PDF)
    outbox.keep("wawd/doc-2", parts_for(None), None)  # a download that failed: a record only
    assert outbox.pending_ids() == {"wawd/doc-1", "wawd/doc-2"}

    archive = Archive.open(str(tmp_path / "archive"))
    summary = outbox.flush(archive)

    assert (summary.flushed, summary.remaining, summary.damaged) == (2, 0, ())
    record = archive.get_record("wawd/doc-1")
    assert record is not None and record["case"]["name"] == "Doe v. Roe"
    assert archive.blobs.read(record["files"]["original"]) == PDF
    assert record["files"]["original"] == Archive.original_key(sha256_hex(PDF))
    assert archive.get_record("wawd/doc-2") is not None
    assert outbox.parcels() == [] and outbox.pending_ids() == set()


def test_a_flush_cut_short_resumes_without_duplicates(outbox: Outbox, tmp_path: Path) -> None:
    for number in range(3):
        data = PDF + b"%d" % number
        outbox.keep(f"wawd/doc-{number}", parts_for(data), data)
    dying = Archive(FailingBlobs(tmp_path / "archive", allowed=3), str(tmp_path / "archive"))

    with pytest.raises(StorageError):
        outbox.flush(dying)  # the first parcel (2 writes) lands, the second is cut after its original

    assert outbox.pending_ids() == {"wawd/doc-1", "wawd/doc-2"}
    archive = Archive.open(str(tmp_path / "archive"))
    assert outbox.flush(archive).flushed == 2
    assert {r["id"] for r in archive.records()} == {"wawd/doc-0", "wawd/doc-1", "wawd/doc-2"}
    assert sorted(archive.blobs.keys("originals/")) == sorted(
        Archive.original_key(sha256_hex(PDF + b"%d" % n)) for n in range(3)
    )
    assert list(archive.blobs.keys("history/")) == []  # no record was written twice


def test_a_parcel_is_whole_or_absent(outbox: Outbox, tmp_path: Path) -> None:
    outbox.keep("wawd/doc-1", parts_for(PDF), PDF)
    # A crash while writing a parcel leaves only a `.tmp-` folder, which is never uploaded.
    half = outbox.folder / ".tmp-00000000000000000001-abc"
    half.mkdir()
    (half / "0").write_bytes(PDF[:5])
    assert outbox.pending_ids() == {"wawd/doc-1"}
    archive = Archive.open(str(tmp_path / "archive"))
    assert outbox.flush(archive).flushed == 1
    assert not half.exists()
    assert [r["id"] for r in archive.records()] == ["wawd/doc-1"]


def test_a_damaged_parcel_is_set_aside_not_uploaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outbox = Outbox(outbox_folder(str(tmp_path / "archive"), tmp_path / "outbox"))
    bad = outbox.keep("wawd/bad", parts_for(PDF), PDF)
    outbox.keep("wawd/good", parts_for(PDF + b"2"), PDF + b"2")
    (bad / "0").write_bytes(b"%PDF-1.4 flipped on disk")
    (tmp_path / "archive").mkdir()

    status = main(["flush", "--archive", str(tmp_path / "archive"), "--outbox", str(tmp_path / "outbox")])

    assert status == 1
    out = capsys.readouterr().out
    assert "flushed 1 documents" in out and "1 damaged (set aside)" in out
    archive = Archive.open(str(tmp_path / "archive"))
    assert [r["id"] for r in archive.records()] == ["wawd/good"]
    assert outbox.pending_ids() == set()
    assert (outbox.folder / f"damaged-{bad.name}").is_dir()


def test_a_second_flusher_is_turned_away(outbox: Outbox, tmp_path: Path) -> None:
    outbox.keep("wawd/doc-1", parts_for(PDF), PDF)
    with (outbox.folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(OutboxBusy):
            outbox.flush(Archive.open(str(tmp_path / "archive")))
    assert outbox.pending_ids() == {"wawd/doc-1"}


def test_outboxes_of_different_archives_are_apart(tmp_path: Path) -> None:
    one = outbox_folder("s3://court/v1", tmp_path)
    assert one != outbox_folder("s3://court/v2", tmp_path)
    assert one.parent == tmp_path.resolve() and one.name.startswith("court-v1-")


# --- SeaweedFS killed in the middle of a crawl ---------------------------------------------

SINCE = "2023-06-29"  # six opinions
HELD = {
    "/opinions/22pdf/600us1r58_7khn.pdf",
    "/opinions/22pdf/600us1r57_o7kq.pdf",
    "/opinions/22pdf/600us1r56_1o13.pdf",
}


@pytest.fixture
def seaweed(tmp_path: Path) -> Iterator[S3Server]:
    """A SeaweedFS of this test's own, which it may kill."""
    (tmp_path / "seaweed").mkdir()
    with seaweedfs(tmp_path / "seaweed") as server:
        server.client().create_bucket(Bucket="court")  # type: ignore[attr-defined]
        yield server


@pytest.mark.usefixtures("s3_fails_fast")
def test_seaweedfs_killed_mid_crawl_loses_nothing(
    seaweed: S3Server, shared_path: Callable[[str], Path], tmp_path: Path
) -> None:
    shared_path("corpus/pdfs")
    mirror = Mirror.of_corpus(["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf", "xray__rect_ordering_4.1.pdf"])
    faults = Faults(held=set(HELD))
    uri, box = "s3://court/v1", str(tmp_path / "outbox")
    env = seaweed.environment()
    settings = {"COURT_ARCHIVE_OUTBOX": box, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "COURT_ARCHIVE_UPDATE_CATALOG": False}
    command = seaweed_command(seaweed)

    def kill_seaweedfs_mid_crawl() -> None:
        faults.wait_for(HELD)  # three downloads under way
        wait_for_objects(seaweed, "court", "v1/records/", 3)  # and the three others stored
        os.kill(seaweed.pid, signal.SIGKILL)
        faults.gate.set()

    with serving_faults(mirror, faults) as base_url, ThreadPoolExecutor(1) as killer:
        killed = killer.submit(kill_seaweedfs_mid_crawl)
        first = run_spider("scotus", uri, env=env, settings=settings, base_url=base_url, term="22", since=SINCE)
        killed.result()
        stats = first.stats
        assert first.failures, first.log[-3000:]
        assert (stats["archive/stored"], stats["archive/outbox/kept"]) == (3, 3)
        assert stats["archive/failed/storage/outbox"] == 3
        revived = restart_seaweedfs(seaweed, command, tmp_path / "weed-restarted.log")
        try:
            flushed = run_main(["flush", "--archive", uri, "--outbox", box], env)
            assert flushed.returncode == 0 and b"flushed 3 documents" in flushed.stdout, flushed.stderr
            checked = run_main(["verify", "--archive", uri, "--catalog", str(tmp_path / "c.sqlite")], env)
            assert checked.returncode == 0, checked.stdout.decode() + checked.stderr
            assert_archived_once(seaweed, mirror)
            again = run_spider("scotus", uri, env=env, settings=settings, base_url=base_url, term="22", since=SINCE)
            assert not again.failures, again.log[-3000:]
            assert again.count("archive/stored") == 0 and again.stats["archive/skipped/already_archived"] == 6
        finally:
            kill(revived)


def assert_archived_once(server: S3Server, mirror: Mirror) -> None:
    """Six records, each original the bytes served, every PDF fetched once, no record rewritten."""
    client: Any = server.client()
    keys = [o["Key"] for o in client.list_objects_v2(Bucket="court", Prefix="v1/").get("Contents", [])]
    records = [k for k in keys if k.startswith("v1/records/") and k.endswith(".json")]
    assert len(records) == 6
    assert not [k for k in keys if k.startswith("v1/history/")]
    for path, (_, body, _) in mirror.routes.items():
        if path.endswith(".pdf") and mirror.hits.get(path):
            assert mirror.hits[path] == 1, path
            key = f"v1/{Archive.original_key(sha256_hex(body))}"
            assert client.get_object(Bucket="court", Key=key)["Body"].read() == body
