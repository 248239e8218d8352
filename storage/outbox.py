"""A durable local outbox for the archive writes storage refused after its retries.

When S3 is down, a document's writes (original, text, record) are kept here as one parcel: a
folder written aside under a `.tmp-` name, every file fsynced, then renamed into place, so a
parcel is whole or absent even after a crash. `flush` replays the parcels, oldest first, and
removes each once all its writes landed. Replaying a parcel twice is harmless: originals are
written once, and a record is replaced only when it differs (its earlier version is kept).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.archive import Archive
from storage.blobs.base import Blob, Entry, StorageError, archive_slug, user_folder
from storage.blobs.local import fsync_dir
from storage.records import RecordParts

logger = logging.getLogger(__name__)

OUTBOX_ENV = "COURT_ARCHIVE_OUTBOX"
MANIFEST = "manifest.json"
_TMP = ".tmp-"
_DAMAGED = "damaged-"


class OutboxBusy(StorageError):
    """Another process is flushing this outbox now."""


@dataclass(frozen=True)
class Write:
    """One archive write, as `BlobStore.write` takes it."""

    key: str
    data: bytes
    sha256: str
    content_type: str
    once: bool


class _Capture:
    """A BlobStore that holds nothing and notes every write: what an `Archive` would send."""

    def __init__(self) -> None:
        self.writes: list[Write] = []

    def location(self, key: str) -> str:
        return f"outbox:{key}"

    def exists(self, key: str) -> bool:
        return False

    def read(self, key: str) -> bytes | None:
        return None

    def write(self, key: str, data: bytes, *, sha256: str, content_type: str, once: bool) -> bool:
        self.writes.append(Write(key, data, sha256, content_type, once))
        return True

    def keys(self, prefix: str) -> Iterator[str]:
        return iter(())

    def entries(self, prefix: str) -> Iterator[Entry]:
        return iter(())

    def fetch(self, key: str) -> Blob | None:
        return None


@dataclass(frozen=True)
class FlushSummary:
    """What a flush did: parcels uploaded, left waiting, and damaged ones set aside."""

    flushed: int
    remaining: int
    damaged: tuple[str, ...]


def outbox_folder(uri: str, root: str | os.PathLike[str] | None = None) -> Path:
    """The outbox of the archive at `uri`: a folder under `root`, else $COURT_ARCHIVE_OUTBOX,
    else $XDG_STATE_HOME/court-archiver/outbox (~/.local/state/…), named after the URI and
    the S3 endpoint. State, not cache: deleting it loses documents."""
    chosen = root or os.environ.get(OUTBOX_ENV)
    base = Path(chosen) if chosen else user_folder("state") / "outbox"
    return base.expanduser().resolve() / archive_slug(uri)


def store_original(archive: Archive, rid: str, data: bytes, sha256: str) -> bytes | None:
    """Store a document's original; None when stored, else (storage failed after its retries,
    logged) `data` back, for `Outbox.store_record` to keep with the record."""
    try:
        archive.put_original(data, sha256)
    except StorageError as exc:
        logger.error("Storage failed for the original of %s: %s", rid, exc)
        return data
    return None


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


class Outbox:
    """Parcels of writes waiting for the archive at `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def store_record(self, archive: Archive, rid: str, parts: RecordParts, unstored: bytes | None) -> Path | None:
        """Write a document's text and record to `archive`; None when they are stored.

        When storage fails after its retries, or refused the document's original earlier
        (`unstored`: its bytes), the record and that original are kept here instead, fsynced:
        the parcel's path. Nothing downloaded is lost.
        """
        if unstored is None:
            try:
                archive.put_record(rid, parts)
                return None
            except StorageError as exc:
                logger.error("Storage failed for %s: %s", rid, exc)
        return self.keep(rid, parts, unstored)

    def keep(self, rid: str, parts: RecordParts, original: bytes | None) -> Path:
        """Keep a document's original (if given, not stored yet) and record; the parcel's path."""
        capture = _Capture()
        staged = Archive(capture, "outbox")
        if original is not None:
            assert parts.sha256 is not None
            parts.original_key = staged.put_original(original, parts.sha256)
        staged.put_record(rid, parts)
        return self._persist(rid, capture.writes)

    def _persist(self, rid: str, writes: list[Write]) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{hashlib.sha256(rid.encode()).hexdigest()[:12]}"
        aside = self.folder / f"{_TMP}{name}"
        aside.mkdir()
        manifest: list[dict[str, Any]] = []
        for number, write in enumerate(writes):
            _write_synced(aside / str(number), write.data)
            manifest.append(
                {
                    "key": write.key,
                    "file": str(number),
                    "sha256": write.sha256,
                    "content_type": write.content_type,
                    "once": write.once,
                }
            )
        _write_synced(aside / MANIFEST, json.dumps({"id": rid, "writes": manifest}).encode())
        fsync_dir(aside)
        final = self.folder / name
        os.rename(aside, final)
        fsync_dir(self.folder)
        logger.warning("Kept %s in the outbox %s until storage is back", rid, final)
        return final

    def parcels(self) -> list[Path]:
        """The complete parcels, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith((_TMP, _DAMAGED)))

    def pending_ids(self) -> set[str]:
        """The record ids with a parcel waiting."""
        return {json.loads((p / MANIFEST).read_bytes())["id"] for p in self.parcels()}

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutboxBusy(f"another process is flushing the outbox {self.folder}") from None
            yield

    def flush_waiting(self, archive: Archive) -> int | None:
        """Upload what earlier runs kept, if anything: the number uploaded, or None when there
        was nothing, or storage still fails (logged; the parcels wait for the next try)."""
        if not self.parcels():
            return None
        try:
            summary = self.flush(archive)
        except StorageError as exc:
            logger.error("Outbox %s not flushed yet: %s", self.folder, exc)
            return None
        logger.info("Outbox: %d documents uploaded", summary.flushed)
        return summary.flushed

    def flush(self, archive: Archive, progress: Callable[[int, int], None] | None = None) -> FlushSummary:
        """Upload every parcel to `archive`, oldest first, removing each once it is stored;
        `progress(done, total)` is told after each parcel.

        Raises:
            StorageError: storage failed (parcels flushed so far are done; the rest wait).
            OutboxBusy: another process is flushing this outbox.
        """
        flushed, damaged = 0, []
        with self._locked():
            for leftover in self.folder.glob(f"{_TMP}*"):  # a parcel half-written or half-removed
                shutil.rmtree(leftover)
            parcels = self.parcels()
            for done, parcel in enumerate(parcels, start=1):
                if self._upload(archive, parcel):
                    flushed += 1
                else:
                    damaged.append(parcel.name)
                if progress:
                    progress(done, len(parcels))
        if damaged:
            logger.error("Outbox parcels damaged on disk, set aside: %s", ", ".join(damaged))
        return FlushSummary(flushed, len(self.parcels()), tuple(damaged))

    @staticmethod
    def _upload(archive: Archive, parcel: Path) -> bool:
        """Store one parcel's writes in `archive` and remove it; False, setting it aside, when it
        is damaged on disk."""
        writes = _load(parcel)
        if writes is None:
            os.rename(parcel, parcel.with_name(_DAMAGED + parcel.name))
            return False
        for write in writes:
            if write.once:
                archive.blobs.write(
                    write.key, write.data, sha256=write.sha256, content_type=write.content_type, once=True
                )
            else:
                archive.replace(write.key, write.data, write.content_type)
        gone = parcel.with_name(f"{_TMP}done-{parcel.name}")
        os.rename(parcel, gone)
        shutil.rmtree(gone)
        return True


def _load(parcel: Path) -> list[Write] | None:
    """A parcel's writes, or None when a file no longer hashes to what was kept."""
    manifest = json.loads((parcel / MANIFEST).read_bytes())
    writes = []
    for entry in manifest["writes"]:
        data = (parcel / entry["file"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return None
        writes.append(Write(entry["key"], data, entry["sha256"], entry["content_type"], entry["once"]))
    return writes
