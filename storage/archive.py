"""The archive's key layout on top of any blob backend.

originals/<sha256[:2]>/<sha256>.pdf    the PDF as downloaded, written once, never replaced
records/<court>/<source id>.json       the JSON record (schema in docs/record.md)
records/<court>/<source id>.txt        the extracted text, pages separated by form feeds
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from parsers.errors import PdfError
from storage.blobs.base import BlobStore, Retention, open_blob_store
from storage.records import RecordError, RecordParts, build_record

if TYPE_CHECKING:  # the PDF stack is loaded by whoever extracts, never by readers
    from parsers.analysis import Analysed
    from parsers.text import Extraction

JSON_TYPE = "application/json"
HISTORY = "history/"


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def record_json(record: dict[str, Any]) -> bytes:
    """A record as stored: UTF-8 JSON, keys in schema order, indented for people."""
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def add_extraction(parts: RecordParts, result: Extraction | Analysed | PdfError) -> None:
    """Put an extraction (and its analysis), or the reason there is none, into the record's parts."""
    from parsers.analysis import Analysed

    if isinstance(result, Analysed):
        parts.analysis = result.analysis
        result = result.extraction
    if isinstance(result, PdfError):
        parts.errors.append(RecordError("extract", result.kind, str(result)))
        return
    parts.extraction = result
    parts.errors.extend(RecordError("extract", p.kind, p.message) for p in result.problems)


def archived(record: dict[str, Any] | None, *, with_document: bool = False) -> bool:
    """Whether a record (None: there is none) has its original, or is of an event with no document.

    A record whose download failed does not count: the next crawl tries again. Nor does
    an event's record when a document is now offered for it (`with_document`: a docket
    entry from an RSS feed, found later in RECAP or a report of free opinions).
    """
    if record is None:
        return False
    if record["files"]["original"] is not None:
        return True
    no_document = record["source"] is not None and record["source"]["url"] is None
    return no_document and not with_document


class Archive:
    """Originals, records and texts, laid out the same on every backend."""

    def __init__(self, blobs: BlobStore, uri: str) -> None:
        self.blobs = blobs
        self.uri = uri

    @classmethod
    def open(cls, uri: str, *, retention: Retention | None = None) -> Archive:
        """The archive at `uri` (see `storage.blobs.base.open_blob_store`)."""
        return cls(open_blob_store(uri, retention), uri)

    @property
    def folder(self) -> Path | None:
        """The archive's folder when it is a local one (a path or `file://`), else None."""
        parsed = urlparse(self.uri)
        if parsed.scheme not in ("", "file"):
            return None
        path = self.uri if parsed.scheme == "" else parsed.netloc + parsed.path
        return Path(path or ".").expanduser().resolve()

    @staticmethod
    def original_key(sha256: str) -> str:
        """Where the original with this hash lives."""
        return f"originals/{sha256[:2]}/{sha256}.pdf"

    def get_record(self, rid: str) -> dict[str, Any] | None:
        """The record with id `rid`, or None."""
        data = self.blobs.read(f"records/{rid}.json")
        return json.loads(data) if data is not None else None

    def put_original(self, data: bytes, sha256: str) -> str:
        """Store an original once (a second write of the same hash is a no-op); its key."""
        key = self.original_key(sha256)
        self.blobs.write(key, data, sha256=sha256, content_type="application/pdf", once=True)
        return key

    def put_record(self, rid: str, parts: RecordParts) -> dict[str, Any]:
        """Write the extracted text (if any) and then the record, which is returned."""
        if parts.extraction is not None:
            text = parts.extraction.text.encode("utf-8")
            parts.text_key = f"records/{rid}.txt"
            self.replace(parts.text_key, text, "text/plain; charset=utf-8")
        record = build_record(rid, parts)
        self.replace(f"records/{rid}.json", record_json(record), JSON_TYPE)
        return record

    def replace(self, key: str, data: bytes, content_type: str) -> bool:
        """Write `data` under `key`, keeping the object it replaces under `history/`.

        Nothing is written when the object holds `data` already (False).
        """
        old = self.blobs.read(key)
        if old == data:
            return False
        if old is not None:
            self._keep_version(key, old, content_type)
        self.blobs.write(key, data, sha256=sha256_hex(data), content_type=content_type, once=False)
        return True

    def _keep_version(self, key: str, old: bytes, content_type: str) -> None:
        """Keep `old` as `history/<key stem>/v<N>-<sha256[:16]>.<ext>`, once however often retried."""
        stem, _, ext = key.rpartition(".")
        folder, digest = f"{HISTORY}{stem}/", sha256_hex(old)
        kept = [k for k in self.blobs.keys(folder) if k.endswith(f".{ext}")]
        if any(k.endswith(f"-{digest[:16]}.{ext}") for k in kept):
            return
        self.blobs.write(
            f"{folder}v{len(kept) + 1:04d}-{digest[:16]}.{ext}",
            old,
            sha256=digest,
            content_type=content_type,
            once=True,
        )

    def record_versions(self, rid: str) -> list[dict[str, Any]]:
        """The earlier versions of record `rid`, oldest first (`get_record` gives the current one)."""
        keys = sorted(k for k in self.blobs.keys(f"{HISTORY}records/{rid}/") if k.endswith(".json"))
        return [json.loads(data) for key in keys if (data := self.blobs.read(key)) is not None]

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record in the archive."""
        for key in self.blobs.keys("records/"):
            if key.endswith(".json"):
                data = self.blobs.read(key)
                if data is not None:
                    yield json.loads(data)
