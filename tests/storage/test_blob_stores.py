"""The blob contract, run against the local folder and a real SeaweedFS S3 server alike."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

from storage.blobs.base import BlobStore, StorageError, open_blob_store
from storage.blobs.local import LocalBlobStore
from storage.blobs.s3 import S3BlobStore
from tests.support.seaweed import S3Server, free_port


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(params=["local", "s3"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "archive")
    server: S3Server = request.getfixturevalue("s3_server")
    bucket: str = request.getfixturevalue("s3_bucket")
    return S3BlobStore(bucket, "some/prefix", client=server.client())


def test_write_then_read_back(blobs: BlobStore) -> None:
    data = b"%PDF-1.4 court order"
    assert blobs.write("originals/ab/x.pdf", data, sha256=sha(data), content_type="application/pdf", once=True)
    assert blobs.exists("originals/ab/x.pdf")
    assert blobs.read("originals/ab/x.pdf") == data


def test_once_never_replaces_an_object(blobs: BlobStore) -> None:
    first, second = b"first version", b"second version"
    assert blobs.write("k/once.bin", first, sha256=sha(first), content_type="x/y", once=True)
    assert not blobs.write("k/once.bin", second, sha256=sha(second), content_type="x/y", once=True)
    assert blobs.read("k/once.bin") == first


def test_plain_write_replaces(blobs: BlobStore) -> None:
    first, second = b"record v1", b"record v2"
    blobs.write("records/c/a.json", first, sha256=sha(first), content_type="x/y", once=False)
    blobs.write("records/c/a.json", second, sha256=sha(second), content_type="x/y", once=False)
    assert blobs.read("records/c/a.json") == second


def test_missing_object(blobs: BlobStore) -> None:
    assert not blobs.exists("nothing/here")
    assert blobs.read("nothing/here") is None


def test_keys_lists_a_prefix_only(blobs: BlobStore) -> None:
    for key in ("records/a/1.json", "records/b/2.json", "originals/00/3.pdf"):
        blobs.write(key, b"x", sha256=sha(b"x"), content_type="x/y", once=False)
    assert sorted(blobs.keys("records/")) == ["records/a/1.json", "records/b/2.json"]
    assert list(blobs.keys("nothing/")) == []


def test_local_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    store.write("a/b.json", b"{}", sha256=sha(b"{}"), content_type="x/y", once=True)
    store.write("a/b.json", b"[]", sha256=sha(b"[]"), content_type="x/y", once=True)
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.json"]


def test_local_refuses_keys_outside_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="leaves the archive"):
        LocalBlobStore(tmp_path / "archive").write(
            "../escape.txt", b"x", sha256=sha(b"x"), content_type="x/y", once=False
        )


def test_s3_refuses_an_upload_whose_checksum_does_not_match(s3_server: S3Server, s3_bucket: str) -> None:
    store = S3BlobStore(s3_bucket, client=s3_server.client())
    with pytest.raises(StorageError, match="BadDigest|checksum|Content-Md5"):
        store.write(
            "originals/x.pdf",
            b"corrupted in transit",
            sha256=sha(b"what was sent"),
            content_type="application/pdf",
            once=True,
        )
    assert not store.exists("originals/x.pdf")


def test_s3_stores_the_sha256_in_object_metadata(s3_server: S3Server, s3_bucket: str) -> None:
    data = b"%PDF-1.7 opinion"
    S3BlobStore(s3_bucket, "p", client=s3_server.client()).write(
        "originals/o.pdf", data, sha256=sha(data), content_type="application/pdf", once=True
    )
    head = s3_server.client().head_object(Bucket=s3_bucket, Key="p/originals/o.pdf")  # type: ignore[attr-defined]
    assert head["Metadata"]["sha256"] == sha(data)
    assert head["ContentType"] == "application/pdf"


def test_s3_down_is_retried_then_reported(caplog: pytest.LogCaptureFixture) -> None:
    dead = S3Server(endpoint=f"http://127.0.0.1:{free_port(set())}", pid=0)
    # Backing off as a crawl does, at random doubling, from 0.05 s (a crawl's: 0.5 s).
    store = S3BlobStore("archive", client=dead.client(), backoff=0.05)
    with caplog.at_level(logging.WARNING, logger="storage.blobs.s3"), pytest.raises(StorageError):
        store.write("k", b"x", sha256=sha(b"x"), content_type="x/y", once=False)
    # Logged before each of the 4 sleeps between the 5 attempts.
    assert len([r for r in caplog.records if "retrying" in r.getMessage()]) == 4


@pytest.mark.parametrize(
    ("uri", "kind"),
    [("archive", LocalBlobStore), ("file:///tmp/a", LocalBlobStore), ("s3://bucket/prefix", S3BlobStore)],
)
def test_uri_picks_the_backend(uri: str, kind: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert isinstance(open_blob_store(uri), kind)


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not file:// or s3://"):
        open_blob_store("ftp://example.org/archive")
