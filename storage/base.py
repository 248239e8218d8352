"""The blob interface every archive backend implements, and picking one by URI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse

DEFAULT_ARCHIVE_URI = "archive"


class StorageError(Exception):
    """Storage could not be reached or refused a request after retries."""


class CorruptBlob(StorageError):
    """The backend's own checksum of an object fails: its stored bytes are damaged."""


@dataclass(frozen=True)
class Entry:
    """One object as a listing shows it: its key, its size, and a marker that changes with it.

    The marker is the ETag on S3, and the modification time with the size in a folder: equal
    markers mean the object was not rewritten since the marker was taken.
    """

    key: str
    size: int
    marker: str


@dataclass(frozen=True)
class Blob:
    """An object's bytes, and the SHA-256 the backend keeps beside them (None if it keeps none)."""

    data: bytes
    sha256: str | None


class BlobStore(Protocol):
    """A flat key -> bytes store; keys are `/`-separated and never start with `/`."""

    def location(self, key: str) -> str:
        """Where a key lives, for people and logs (`s3://bucket/key`, a path); no secrets."""
        ...

    def exists(self, key: str) -> bool:
        """Whether an object is stored under `key`."""
        ...

    def read(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is none."""
        ...

    def write(self, key: str, data: bytes, *, sha256: str, content_type: str, once: bool) -> bool:
        """Store `data`; with `once`, never replace an existing object. True if written."""
        ...

    def keys(self, prefix: str) -> Iterator[str]:
        """Every key under `prefix`, in no particular order."""
        ...

    def entries(self, prefix: str) -> Iterator[Entry]:
        """Every object under `prefix` with its size and change marker, without reading it."""
        ...

    def fetch(self, key: str) -> Blob | None:
        """The object with the SHA-256 stored beside it, or None when there is none.

        Raises:
            CorruptBlob: the backend's own checksum of the object fails.
        """
        ...


def open_blob_store(uri: str) -> BlobStore:
    """The backend for `uri`: a path or `file://PATH` (local folder), or `s3://BUCKET/PREFIX`.

    Raises:
        ValueError: for a scheme we do not support.
    """
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file"):
        from storage.local import LocalBlobStore

        path = uri if parsed.scheme == "" else parsed.netloc + parsed.path
        return LocalBlobStore(path or ".")
    if parsed.scheme == "s3":
        from storage.s3 import S3BlobStore

        if not parsed.netloc:
            raise ValueError(f"archive URI {uri!r} names no bucket (s3://BUCKET/PREFIX)")
        return S3BlobStore(parsed.netloc, parsed.path.strip("/"))
    raise ValueError(f"archive URI {uri!r}: scheme {parsed.scheme!r} is not file:// or s3://")
