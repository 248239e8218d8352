"""The JSON record (schema version 1): one per archived document. See docs/record.md."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parsers.ecf import EcfStamp
from parsers.text import Extraction

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("record.schema.json")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_KEY_PART = 120


@dataclass(frozen=True)
class DocumentFacts:
    """What is known about a document before its PDF is read (from a listing or a user)."""

    court_id: str | None = None
    court_name: str | None = None
    case_name: str | None = None
    docket_number: str | None = None
    title: str | None = None
    document_type: str | None = None
    date_filed: str | None = None
    judge: str | None = None
    citation: str | None = None
    entry_number: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class SourceFacts:
    """Where and when a document was fetched."""

    spider: str
    url: str | None
    listing_url: str | None
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    extras: Mapping[str, str | int | None] | None = None


@dataclass(frozen=True)
class RecordError:
    """One failure kept in a record: the stage it happened in, a kind, and a message."""

    stage: str
    kind: str
    message: str


@dataclass
class RecordParts:
    """Everything a record is built from; filled in step by step by whoever archives."""

    facts: DocumentFacts
    sha256: str | None = None
    original_key: str | None = None
    text_key: str | None = None
    extraction: Extraction | None = None
    source: SourceFacts | None = None
    errors: list[RecordError] = field(default_factory=list)


def safe_key_part(value: str) -> str:
    """A string made safe as one segment of an archive key (no separators, no `..`)."""
    cleaned = _UNSAFE.sub("-", value).strip(".-")
    if cleaned == value and 0 < len(cleaned) <= MAX_KEY_PART:
        return cleaned
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{cleaned[:MAX_KEY_PART - 13]}-{digest}".lstrip("-")


def record_id(court_id: str | None, source_id: str) -> str:
    """The record's id: `<court>/<source id>`, each part safe as a key segment."""
    return f"{safe_key_part(court_id or 'unknown')}/{safe_key_part(source_id)}"


def build_record(rid: str, parts: RecordParts) -> dict[str, Any]:
    """The JSON-ready record for `parts`; unknown values are None."""
    facts, extraction = parts.facts, parts.extraction
    return {
        "schema_version": SCHEMA_VERSION,
        "id": rid,
        "sha256": parts.sha256,
        "court": {"id": facts.court_id, "name": facts.court_name},
        "case": {"name": facts.case_name, "docket_number": facts.docket_number},
        "document": {
            "title": facts.title,
            "type": facts.document_type,
            "date_filed": facts.date_filed,
            "judge": facts.judge,
            "disposition": None,
            "pages": extraction.page_count if extraction else None,
            "citation": facts.citation,
            "entry_number": facts.entry_number,
            "description": facts.description,
        },
        "source": asdict(parts.source) if parts.source else None,
        "files": {"original": parts.original_key, "text": parts.text_key},
        "extraction": {
            "engine": extraction.engine,
            "version": extraction.engine_version,
            "seconds": round(extraction.seconds, 3),
            "ocr_pages": list(extraction.ocr_pages),
            "ecf": _ecf_stamp(extraction.ecf),
        } if extraction else None,
        "quotes": [],
        "citations": [],
        "errors": [asdict(error) for error in parts.errors],
    }


def _ecf_stamp(stamp: EcfStamp | None) -> dict[str, Any] | None:
    """The CM/ECF stamp's fields, the most reliable metadata printed on a federal filing."""
    if stamp is None:
        return None
    return {
        "case_number": stamp.case_number,
        "document_number": stamp.document_number,
        "date_filed": stamp.date_filed.isoformat(),
        "page_count": stamp.page_count,
        "text": stamp.text,
    }
