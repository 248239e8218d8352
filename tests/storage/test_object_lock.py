"""S3 Object Lock: originals under a retention period that SeaweedFS enforces."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from storage.archive import Archive, sha256_hex
from storage.blobs.base import Retention, StorageError, open_blob_store
from storage.document import DocumentRef
from storage.records import RecordParts
from tests.scrapers.crawling import crawl
from tests.support.mirror import Mirror, serving
from tests.support.seaweed import S3Server

PDF = b"%PDF-1.4\n% an order under retention\n%%EOF\n"


@pytest.fixture
def client(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in s3_server.environment().items():
        monkeypatch.setenv(key, value)
    return s3_server.client()


@pytest.fixture
def locked_bucket(client: Any, s3_bucket: str) -> str:
    name = "lock-" + hashlib.sha256(s3_bucket.encode()).hexdigest()[:24]
    client.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    return name


@pytest.mark.parametrize("mode", ["COMPLIANCE", "GOVERNANCE"])
def test_a_locked_original_cannot_be_deleted_or_replaced(client: Any, locked_bucket: str, mode: str) -> None:
    archive = Archive.open(f"s3://{locked_bucket}/v1", retention=Retention(mode, 2))
    key = "v1/" + archive.put_original(PDF, sha256_hex(PDF))

    head = client.head_object(Bucket=locked_bucket, Key=key)
    assert head["ObjectLockMode"] == mode
    until = head["ObjectLockRetainUntilDate"]
    assert timedelta(days=1, hours=23) < until - datetime.now(UTC) <= timedelta(days=2)
    version = head["VersionId"]
    with pytest.raises(ClientError) as refused:
        client.delete_object(Bucket=locked_bucket, Key=key, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    # Writing the same original again is a no-op (If-None-Match), not a second version.
    archive.put_original(PDF, sha256_hex(PDF))
    # Someone else's plain PUT only stacks a newer version on top: the original stays readable.
    client.put_object(Bucket=locked_bucket, Key=key, Body=b"tampered")
    versions = client.list_object_versions(Bucket=locked_bucket, Prefix=key)["Versions"]
    assert len(versions) == 2
    assert client.get_object(Bucket=locked_bucket, Key=key, VersionId=version)["Body"].read() == PDF


def test_earlier_record_versions_are_locked_too(client: Any, locked_bucket: str) -> None:
    archive = Archive.open(f"s3://{locked_bucket}/v1", retention=Retention("COMPLIANCE", 1))
    for name in ("Doe v. Roe", "Doe v. Roe, Jr."):
        archive.put_record(
            "wawd/doc", RecordParts(facts=DocumentRef(document_type=None, court_id="wawd", case_name=name))
        )
    [kept] = list(archive.blobs.keys("history/"))
    assert client.head_object(Bucket=locked_bucket, Key=f"v1/{kept}")["ObjectLockMode"] == "COMPLIANCE"
    current = client.head_object(Bucket=locked_bucket, Key="v1/records/wawd/doc.json")
    assert "ObjectLockMode" not in current  # the current record is replaced when it changes


def test_retention_on_a_bucket_without_object_lock_is_refused(client: Any, s3_bucket: str) -> None:
    archive = Archive.open(f"s3://{s3_bucket}/v1", retention=Retention("COMPLIANCE", 1))
    with pytest.raises(StorageError, match="InvalidRequest"):
        archive.put_original(PDF, sha256_hex(PDF))


def test_bad_retention_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="COMPLIANCE or GOVERNANCE"):
        Retention.of("forever", 30)
    with pytest.raises(ValueError, match="at least 1 day"):
        Retention.of("compliance", 0)
    assert Retention.of("", 30) is None
    assert Retention.of("governance", 7) == Retention("GOVERNANCE", 7)
    with pytest.raises(ValueError, match="s3://"):
        open_blob_store(str(tmp_path), retention=Retention("COMPLIANCE", 1))


def test_a_crawl_locks_the_originals_it_stores(
    client: Any, locked_bucket: str, s3_server: S3Server, shared_path: Callable[[str], Path], tmp_path: Path
) -> None:
    shared_path("corpus/pdfs")
    with serving(Mirror.of_corpus(["doctor__ca7_3.pdf", "xray__rect_ordering_4.1.pdf"])) as base_url:
        crawl(
            base_url,
            f"s3://{locked_bucket}/v1",
            tmp_path / "crawl.log",
            since="2023-06-30",
            env=s3_server.environment(),
            settings={
                "COURT_ARCHIVE_OBJECT_LOCK_MODE": "GOVERNANCE",
                "COURT_ARCHIVE_OBJECT_LOCK_DAYS": "3",
                "COURT_ARCHIVE_UPDATE_CATALOG": "False",
            },
        )
    listed = client.list_objects_v2(Bucket=locked_bucket, Prefix="v1/originals/")["Contents"]
    assert listed
    for entry in listed:
        head = client.head_object(Bucket=locked_bucket, Key=entry["Key"])
        assert head["ObjectLockMode"] == "GOVERNANCE"
        assert head["ObjectLockRetainUntilDate"] - datetime.now(UTC) > timedelta(days=2, hours=23)
