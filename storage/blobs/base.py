"""The blob interface every archive backend implements, and picking one by URI."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

DEFAULT_ARCHIVE_URI = "archive"
LOCK_MODES = ("COMPLIANCE", "GOVERNANCE")
LOCK_MODE_ENV = "COURT_ARCHIVE_OBJECT_LOCK_MODE"
LOCK_DAYS_ENV = "COURT_ARCHIVE_OBJECT_LOCK_DAYS"


class StorageError(Exception):
    """Storage could not be reached or refused a request after retries."""


class CorruptBlob(StorageError):
    """The backend's own checksum of an object fails: its stored bytes are damaged."""


@dataclass(frozen=True)
class Retention:
    """S3 Object Lock on what is written once (originals, earlier record versions).

    COMPLIANCE: nobody can delete the object or shorten the lock; GOVERNANCE: only someone
    with the bypass permission can. The lock lasts `days` from each write.
    """

    mode: str
    days: int

    def __post_init__(self) -> None:
        if self.mode not in LOCK_MODES:
            raise ValueError(f"object lock mode {self.mode!r} is not COMPLIANCE or GOVERNANCE")
        if self.days < 1:
            raise ValueError(f"object lock for {self.days} days: it must last at least 1 day")

    @classmethod
    def of(cls, mode: str | None, days: int | None) -> Retention | None:
        """The retention a setting asks for, or None when it names no mode.

        Raises:
            ValueError: an unknown mode, or fewer than 1 day.
        """
        return cls(mode.strip().upper(), days or 0) if mode and mode.strip() else None

    @classmethod
    def from_env(cls) -> Retention | None:
        """The retention $COURT_ARCHIVE_OBJECT_LOCK_MODE and _DAYS ask for, or None.

        Raises:
            ValueError: an unknown mode, or a number of days that is not at least 1.
        """
        return cls.of(os.environ.get(LOCK_MODE_ENV), int(os.environ.get(LOCK_DAYS_ENV) or 0))


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


def user_folder(kind: str) -> Path:
    """This program's folder among the user's `cache` or `state` folders ($XDG_CACHE_HOME or
    ~/.cache, $XDG_STATE_HOME or ~/.local/state), for what it keeps about archives here."""
    default = {"cache": Path(".cache"), "state": Path(".local") / "state"}[kind]
    return Path(os.environ.get(f"XDG_{kind.upper()}_HOME") or Path.home() / default) / "court-archiver"


def archive_slug(uri: str) -> str:
    """A file name for the archive at `uri` (and the S3 endpoint it is read through), for the
    files kept about it on this machine: readable, and unique by a digest of both."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or ""
    digest = hashlib.sha256(f"{uri}\n{endpoint}".encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", uri.removeprefix("s3://")).strip("-.")[:60]
    return f"{name}-{digest}"


def open_blob_store(uri: str, retention: Retention | None = None) -> BlobStore:
    """The backend for `uri`: a path or `file://PATH` (local folder), or `s3://BUCKET/PREFIX`;
    `retention` (default: from the environment) locks what S3 writes once.

    Raises:
        ValueError: for a scheme we do not support, or a retention on a local folder.
    """
    parsed = urlparse(uri)
    retention = retention or Retention.from_env()
    if parsed.scheme in ("", "file"):
        from storage.blobs.local import LocalBlobStore

        if retention is not None:
            raise ValueError("object lock needs an s3:// archive, not a local folder")

        path = uri if parsed.scheme == "" else parsed.netloc + parsed.path
        return LocalBlobStore(path or ".")
    if parsed.scheme == "s3":
        from storage.blobs.s3 import S3BlobStore

        if not parsed.netloc:
            raise ValueError(f"archive URI {uri!r} names no bucket (s3://BUCKET/PREFIX)")
        return S3BlobStore(parsed.netloc, parsed.path.strip("/"), retention=retention)
    raise ValueError(f"archive URI {uri!r}: scheme {parsed.scheme!r} is not file:// or s3://")
