"""The JSON record (schema version 3): one per archived document. See docs/record.md."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.document import DocumentRef

if TYPE_CHECKING:  # the PDF stack is imported by whoever extracts, never by readers of records
    from parsers.analysis import Analysis
    from parsers.ecf import EcfStamp
    from parsers.metadata import Metadata
    from parsers.text import Extraction

SCHEMA_VERSION = 3
SCHEMA_PATH = Path(__file__).with_name("record.schema.json")
# `document.type`'s values, as the schema lists them (the parsers' `kinds.TYPES`, read without
# loading the PDF stack: a test holds the two equal). Read as package data, not by path: a
# Scrapyd egg is a zip file, where SCHEMA_PATH is no file.
_SCHEMA = json.loads(files("storage").joinpath(SCHEMA_PATH.name).read_text(encoding="utf-8"))
DOCUMENT_TYPES: tuple[str, ...] = tuple(
    t for t in _SCHEMA["properties"]["document"]["properties"]["type"]["enum"] if t is not None
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_KEY_PART = 120


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

    facts: DocumentRef
    sha256: str | None = None
    original_key: str | None = None
    text_key: str | None = None
    extraction: Extraction | None = None
    analysis: Analysis | None = None
    source: SourceFacts | None = None
    errors: list[RecordError] = field(default_factory=list)
    earlier_sources: list[dict[str, Any]] = field(default_factory=list)  # of the record this one replaces


def safe_key_part(value: str) -> str:
    """A string made safe as one segment of an archive key (no separators, no `..`)."""
    cleaned = _UNSAFE.sub("-", value).strip(".-")
    if cleaned == value and 0 < len(cleaned) <= MAX_KEY_PART:
        return cleaned
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{cleaned[: MAX_KEY_PART - 13]}-{digest}".lstrip("-")


def record_id(court_id: str | None, source_id: str) -> str:
    """The record's id: `<court>/<source id>`, each part safe as a key segment."""
    return f"{safe_key_part(court_id or 'unknown')}/{safe_key_part(source_id)}"


def build_record(rid: str, parts: RecordParts) -> dict[str, Any]:
    """The JSON-ready record for `parts`; unknown values are None."""
    facts, extraction = parts.facts, parts.extraction
    analysis = parts.analysis.with_listing(_listing(facts)) if parts.analysis else None
    metadata = analysis.metadata if analysis else None
    chosen = partial(_chosen, metadata)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": rid,
        "sha256": parts.sha256,
        "court": {"id": chosen("court_id", facts.court_id), "name": chosen("court_name", facts.court_name)},
        "case": {
            "name": chosen("case_name", facts.case_name),
            "name_full": chosen("case_name_full", None),
            "docket_number": chosen("docket_number", facts.docket_number),
        },
        "document": {
            "title": chosen("document_title", facts.title),
            "type": _record_type(metadata, facts.document_type),
            "filed_by": chosen("filed_by", None),
            "date_filed": chosen("date_filed", _iso(facts.date_filed)),
            "judge": chosen("judge", facts.judge),
            "disposition": chosen("disposition", None),
            "motion": chosen("motion", None),
            "pages": extraction.page_count if extraction else None,
            "citation": facts.citation,
            "entry_number": facts.entry_number,
            "description": facts.description,
        },
        "source": asdict(parts.source) if parts.source else None,
        "sources": _sources(parts),
        "files": {"original": parts.original_key, "text": parts.text_key},
        "extraction": {
            "engine": extraction.engine,
            "version": extraction.engine_version,
            "seconds": round(extraction.seconds, 3),
            "ocr_pages": list(extraction.ocr_pages),
            "ecf": _ecf_stamp(extraction.ecf),
            "hidden_text": "kept" if extraction.hidden_text_kept else "masked",
        }
        if extraction
        else None,
        "redactions": [found.to_dict() for found in extraction.redactions] if extraction else [],
        "metadata": metadata.to_json() if metadata else None,
        "quotes_skipped": "party_filing" if chosen("filed_by", None) == "party" else None,
        "quotes": analysis.quotes_json() if analysis else [],
        "citations": analysis.citations_json() if analysis else [],
        "errors": [asdict(error) for error in parts.errors],
    }


def sources_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every source of a record: `sources`, or for a record written before it, `[source]`."""
    sources = record.get("sources")
    if isinstance(sources, list):
        return list(sources)
    return [record["source"]] if record.get("source") else []


def same_source(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two sources are the same link (or, without a link, the same listing) of one spider."""
    if one.get("spider") != other.get("spider") or one.get("url") != other.get("url"):
        return False
    return one.get("url") is not None or one.get("listing_url") == other.get("listing_url")


def _sources(parts: RecordParts) -> list[dict[str, Any]]:
    """The record's source first, then the earlier version's others (a document keeps every
    source it was found through)."""
    first = [asdict(parts.source)] if parts.source else []
    return first + [s for s in parts.earlier_sources if not any(same_source(s, f) for f in first)]


# DocumentRef attribute -> metadata field, for the listing values that take precedence.
_COURT_PAPERS = frozenset({"opinion", "order", "minutes", "judgment", "verdict", "transcript"})
_LISTED = (
    ("court_id", "court_id"),
    ("court_name", "court_name"),
    ("case_name", "case_name"),
    ("docket_number", "docket_number"),
    ("title", "document_title"),
    ("date_filed", "date_filed"),
    ("judge", "judge"),
)


def _record_type(metadata: Metadata | None, listed: str | None) -> str | None:
    """`document.type`: the listing's, unless it only says `other` and the document says more."""
    read = metadata.get("document_type") if metadata else None
    if listed and (listed != "other" or read is None):
        return listed
    return read or listed


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _listing(facts: DocumentRef) -> dict[str, str | None]:
    """The listing's (or user's) values under the metadata's field names; a listed opinion or
    order is the court's, whatever the document reads as."""
    listed = {name: getattr(facts, attribute) for attribute, name in _LISTED}
    listed["date_filed"] = _iso(facts.date_filed)
    return {**listed, "filed_by": "court" if facts.document_type in _COURT_PAPERS else None}


def _chosen(metadata: Metadata | None, name: str, listed: str | None) -> str | None:
    """A field's value: the listing's when it has one, else the document's (see `Metadata`)."""
    if metadata is None:
        return listed
    return metadata.get(name) or listed


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
