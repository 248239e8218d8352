"""A record read back from the archive: checked, then flattened into the catalog's rows.

Records are the source of truth, written by crawls, `courtarchive add` and, one day, other
tools; a reader must not trust their shape. Anything the catalog cannot use raises
`MalformedRecord`, which callers report and skip.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.archive import Archive
from storage.jsonfields import json_object, optional, required

PAGE_SEPARATOR = "\f"


class MalformedRecord(ValueError):
    """A record that is not JSON, or whose fields do not have the schema's types."""


@dataclass(frozen=True)
class Document:
    """One record as the catalog stores it: a `documents` row and its child rows."""

    row: dict[str, Any]
    text: str | None
    quotes: tuple[tuple[str, int | None, str | None, float | None], ...]
    citations: tuple[tuple[str, str], ...]
    errors: tuple[tuple[str, str, str], ...]


def record_key(rid: str) -> str:
    """The archive key of record `rid`'s JSON."""
    return f"records/{rid}.json"


def id_of_key(key: str) -> str:
    """The record id a `records/<court>/<source id>.json` key names."""
    return key[len("records/") : -len(".json")]


def parse_record(key: str, data: bytes) -> dict[str, Any]:
    """The record stored under `key`, checked enough for every reader here.

    Raises:
        MalformedRecord: not UTF-8 JSON, not an object, an id that is not its key's, or a
            field of the wrong type.
    """
    try:
        record = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedRecord(f"not JSON: {exc}") from None
    record = json_object(record, "the record", MalformedRecord)
    if record.get("id") != id_of_key(key):
        raise MalformedRecord(f"its id {record.get('id')!r} is not {id_of_key(key)!r}, as its key says")
    document_of(record, None)  # type checks, all in one place
    return record


def _section(record: dict[str, Any], name: str, *, nullable: bool = False) -> dict[str, Any]:
    if nullable:
        return optional(record, name, dict, MalformedRecord, "the record") or {}
    return required(record, name, dict, MalformedRecord, "the record")


def _field(section: dict[str, Any], name: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
    return optional(section, name, kind, MalformedRecord, where)


def _list(record: dict[str, Any], name: str) -> list[Any]:
    return required(record, name, list, MalformedRecord, "the record") if name in record else []


def document_of(record: dict[str, Any], text: str | None) -> Document:
    """The catalog rows of a record and its extracted text (pages separated by form feeds).

    Raises:
        MalformedRecord: a section or field of the wrong type.
    """
    court, case = _section(record, "court"), _section(record, "case")
    doc, files = _section(record, "document"), _section(record, "files")
    source = _section(record, "source", nullable=True)
    extraction = _section(record, "extraction", nullable=True)
    row = {
        "id": record["id"],
        "court": _field(court, "id", "court"),
        "court_name": _field(court, "name", "court"),
        "case_name": _field(case, "name", "case"),
        "case_name_full": _field(case, "name_full", "case"),
        "docket_number": _field(case, "docket_number", "case"),
        **{
            name: _field(doc, name, "document")
            for name in (
                "title",
                "type",
                "filed_by",
                "date_filed",
                "judge",
                "disposition",
                "citation",
                "entry_number",
                "description",
            )
        },
        "month": _month(_field(doc, "date_filed", "document")),
        "pages": _field(doc, "pages", "document", int),
        "spider": _field(source, "spider", "source"),
        "source_url": _field(source, "url", "source"),
        "fetched_at": _field(source, "fetched_at", "source"),
        "sha256": _field(record, "sha256", "record"),
        "original": _field(files, "original", "files"),
        "text_file": _field(files, "text", "files"),
        "engine": _field(extraction, "engine", "extraction"),
        "error_count": len(_list(record, "errors")),
        "bad_redactions": _bad_redactions(record),
        "record": json.dumps(record, ensure_ascii=False, separators=(",", ":")),
    }
    return Document(
        row=row,
        text=text,
        quotes=tuple(_quote(q) for q in _list(record, "quotes")),
        citations=tuple(_citation(c) for c in _list(record, "citations")),
        errors=tuple(_error(e) for e in _list(record, "errors")),
    )


def _month(date_filed: str | None) -> str | None:
    """The `YYYY-MM` a filing date falls in, for facets by month."""
    return date_filed[:7] if date_filed and len(date_filed) >= 7 else None


def _bad_redactions(record: dict[str, Any]) -> int | None:
    """How many of a record's redaction boxes hide text; None for a record from before
    schema 3, which was not looked at for them.

    Raises:
        MalformedRecord: `redactions` is not an array of objects.
    """
    if "redactions" not in record:
        return None
    found = _list(record, "redactions")
    if not all(isinstance(item, dict) for item in found):
        raise MalformedRecord("a redaction is not an object")
    return sum(1 for item in found if item.get("hides_text") is True)


def _quote(quote: Any) -> tuple[str, int | None, str | None, float | None]:
    if not isinstance(quote, dict) or not isinstance(quote.get("text"), str):
        raise MalformedRecord("a quote is not an object with a `text` string")
    bbox = quote.get("bbox")
    score = _field(quote, "score", "quotes[]", (int, float))
    return (
        quote["text"],
        _field(quote, "page", "quotes[]", int),
        json.dumps(bbox) if bbox is not None else None,
        float(score) if score is not None else None,
    )


def _citation(citation: Any) -> tuple[str, str]:
    """A citation's text, and the item as JSON: their shape is not fixed yet, so keep both."""
    if isinstance(citation, str):
        return citation, json.dumps(citation)
    if isinstance(citation, dict):
        text = next((citation[k] for k in ("text", "cite", "citation") if isinstance(citation.get(k), str)), None)
        data = json.dumps(citation, ensure_ascii=False)
        return text or data, data
    raise MalformedRecord(f"a citation is {type(citation).__name__}, not an object or a string")


def _error(error: Any) -> tuple[str, str, str]:
    if not isinstance(error, dict):
        raise MalformedRecord(f"an error is {type(error).__name__}, not an object")
    return (str(error.get("stage")), str(error.get("kind")), str(error.get("message", "")))


def read_record(archive: Archive, rid: str) -> dict[str, Any] | None:
    """Record `rid` from the archive, checked; None when there is no such record.

    Raises:
        MalformedRecord: see `parse_record`.
    """
    data = archive.blobs.read(record_key(rid))
    return parse_record(record_key(rid), data) if data is not None else None
