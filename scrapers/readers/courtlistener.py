"""CourtListener's REST API v4: search URLs, and search pages and dockets read without Scrapy.
Endpoints, auth, limits, pagination, what stands in for a modification time, what is free:
docs/sources/courtlistener.md.

Over 300 lines because one search page holds three kinds of hit (RECAP documents, dockets,
opinions), each read field by field with the checks that make a changed API fail loudly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from scrapers.items import DocumentRef
from scrapers.readers.bounds import load_json
from storage.jsonfields import json_object, optional, required

STORAGE_BASE = "https://storage.courtlistener.com/"
# Newest first. Search cannot order by modification (docs/sources/courtlistener.md, watermarks).
ORDER_BY = {"rd": "entry_date_filed desc", "r": "entry_date_filed desc", "o": "dateFiled desc"}
# since/until bound a RECAP document's entry date (filed_after would bound the case's filing
# date) and an opinion's decision date. Dates go as YYYY-MM-DD, one of the search form's formats.
DATE_FILTERS = {
    "rd": ("entry_date_filed_after", "entry_date_filed_before"),
    "r": ("entry_date_filed_after", "entry_date_filed_before"),
    "o": ("filed_after", "filed_before"),
}
THROTTLED = re.compile(r"Expected available in (\d+) seconds?")
COURT_URL = re.compile(r"/courts/([^/]+)/?$")
RECAP_HIT_KEYS = (
    "id",
    "document_number",
    "attachment_number",
    "description",
    "short_description",
    "entry_date_filed",
    "is_available",
    "filepath_local",
    "page_count",
)
DOCKET_HIT_KEYS = ("docket_id", "caseName", "docketNumber", "court_id", "assignedTo")
CLUSTER_HIT_KEYS = ("caseName", "docketNumber", "court_id", "dateFiled", "judge", "citation")
OPINION_KEYS = ("id", "download_url", "local_path")
DOCKET_KEYS = ("id", "court", "case_name", "docket_number", "assigned_to_str")


class CourtListenerChanged(ValueError):
    """A CourtListener response no longer has the shape these parsers read."""


@dataclass(frozen=True)
class CourtListenerExtras:
    """What CourtListener knows of a document that DocumentRef has no field for."""

    page_count: int | None
    date_modified: str | None
    docket_id: int | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of search results, flattened to documents, with `extras` by source_id."""

    documents: list[DocumentRef]
    extras: Mapping[str, CourtListenerExtras]
    next_url: str | None
    max_date_modified: str | None
    count: int | None
    truncated_dockets: list[int]


@dataclass(frozen=True)
class Docket:
    """GET dockets/<id>/: what a document's ref lacks when it comes from a type=rd search."""

    docket_id: int
    court_id: str
    case_name: str | None
    docket_number: str | None
    judge: str | None


def search_url(
    base_url: str,
    *,
    type: str,
    q: str | None = None,
    court: str | None = None,
    docket: str | None = None,
    case_name: str | None = None,
    description: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> str:
    """The v4 search URL for one result type, newest first; `court` may list ids with spaces.

    Raises:
        ValueError: for a type other than rd, r or o, or a description filter on opinions.
    """
    if type not in ORDER_BY:
        raise ValueError(f"type={type!r}: CourtListener search types read here are rd, r and o")
    if description and type == "o":
        raise ValueError("the search API filters document descriptions for RECAP types only")
    after, before = DATE_FILTERS[type]
    params = {
        "type": type,
        "q": q,
        "order_by": ORDER_BY[type],
        "court": court,
        "docket_number": docket,
        "case_name": case_name,
        "description": description,
        after: since.isoformat() if since else None,
        before: until.isoformat() if until else None,
    }
    return f"{base_url.rstrip('/')}/search/?{urlencode({k: v for k, v in params.items() if v})}"


def parse_search_page(data: str | bytes, *, storage_base: str) -> SearchPage:
    """The documents of a search page of type rd, r or o, its next page and watermark.

    Raises:
        CourtListenerChanged: when the page or one of its hits lacks a field read here.
    """
    page = _load(data, "search page")
    _require(page, ("count", "next", "results"), "search page")
    hits = [_mapping(hit, "search hit") for hit in _list(page, "results")]
    found = [pair for hit in hits for pair in _hit_documents(hit, storage_base)]
    extras = {ref.source_id: extra for ref, extra in found if ref.source_id}
    return SearchPage(
        documents=[ref for ref, _ in found],
        extras=extras,
        next_url=_opt_str(page, "next"),
        max_date_modified=_latest(extra.date_modified for extra in extras.values()),
        count=_opt_int(page, "count"),
        truncated_dockets=[_int(hit, "docket_id") for hit in hits if _more_docs(hit)],
    )


def parse_docket(data: str | bytes) -> Docket:
    """A GET dockets/<id>/ answer: court id (from the court URL), names and assigned judge.

    Raises:
        CourtListenerChanged: when the answer lacks a field read here.
    """
    docket = _load(data, "docket")
    _require(docket, DOCKET_KEYS, "docket")
    court = COURT_URL.search(_opt_str(docket, "court") or "")
    if court is None:
        raise CourtListenerChanged(f"docket court {docket['court']!r} is not a courts/<id>/ URL")
    return Docket(
        docket_id=_int(docket, "id"),
        court_id=court.group(1),
        case_name=_opt_str(docket, "case_name"),
        docket_number=_opt_str(docket, "docket_number"),
        judge=_opt_str(docket, "assigned_to_str"),
    )


def with_docket(ref: DocumentRef, docket: Docket) -> DocumentRef:
    """A ref with the fields it lacks (court, case name, docket number, judge) from its docket."""
    return replace(
        ref,
        court_id=ref.court_id or docket.court_id,
        case_name=ref.case_name or docket.case_name,
        docket_number=ref.docket_number or docket.docket_number,
        judge=ref.judge or docket.judge,
    )


def retry_after_seconds(status: int, headers: Mapping[str, str], body: str | bytes) -> float | None:
    """Seconds a 429 asks to wait, from Retry-After or the `detail` text (the larger of both)."""
    if status != 429:
        return None
    header = next((v for k, v in headers.items() if k.lower() == "retry-after"), "").strip()
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    waits = [float(n) for n in THROTTLED.findall(text)]
    # CourtListener (Django REST framework) sends delta-seconds, never an HTTP date.
    if header.isdigit():
        waits.append(float(header))
    return max(waits, default=None)


def _hit_documents(hit: Mapping[str, Any], storage_base: str) -> list[tuple[DocumentRef, CourtListenerExtras]]:
    """The documents of one search hit, whichever the type: rd, r (nested) or o."""
    if "opinions" in hit:
        _require(hit, CLUSTER_HIT_KEYS, "opinion cluster hit")
        return [_opinion(_mapping(op, "opinion"), hit, storage_base) for op in _list(hit, "opinions")]
    if "recap_documents" in hit:
        _require(hit, DOCKET_HIT_KEYS, "docket hit")
        return [_recap_hit(_mapping(doc, "RECAP document"), hit, storage_base) for doc in _list(hit, "recap_documents")]
    if "docket_entry_id" in hit:
        # A type=rd hit has no docket fields; _recap_hit reads them as None.
        return [_recap_hit(hit, hit, storage_base)]
    raise CourtListenerChanged(
        f"search hit is no RECAP document, docket or opinion cluster: it has {', '.join(sorted(hit))}"
    )


def _recap_hit(
    doc: Mapping[str, Any], docket: Mapping[str, Any], storage_base: str
) -> tuple[DocumentRef, CourtListenerExtras]:
    """A RECAP document hit (type rd, or nested in a type r docket hit)."""
    _require(doc, RECAP_HIT_KEYS, "RECAP document hit")
    ref = DocumentRef(
        case_name=_opt_str(docket, "caseName"),
        docket_number=_opt_str(docket, "docketNumber"),
        date_filed=_opt_date(doc, "entry_date_filed"),
        document_url=_recap_url(doc, storage_base),
        title=_opt_str(doc, "short_description"),
        judge=_opt_str(docket, "assignedTo"),
        court_id=_opt_str(docket, "court_id"),
        source_id=_recap_source_id(doc),
        entry_number=_entry_number(doc),
        description=_opt_str(doc, "description"),
    )
    return ref, CourtListenerExtras(
        page_count=_opt_int(doc, "page_count"), date_modified=_timestamp(doc), docket_id=_opt_int(docket, "docket_id")
    )


def _opinion(
    op: Mapping[str, Any], cluster: Mapping[str, Any], storage_base: str
) -> tuple[DocumentRef, CourtListenerExtras]:
    """One opinion of a type=o cluster hit; parallel citations are joined with ", "."""
    _require(op, OPINION_KEYS, "opinion")
    citations = [c for c in _list(cluster, "citation") if isinstance(c, str) and c.strip()]
    local_path = _opt_str(op, "local_path")
    ref = DocumentRef(
        case_name=_opt_str(cluster, "caseName"),
        docket_number=_opt_str(cluster, "docketNumber"),
        date_filed=_opt_date(cluster, "dateFiled"),
        document_url=_storage_url(storage_base, local_path) if local_path else _opt_str(op, "download_url"),
        document_type="opinion",
        judge=_opt_str(cluster, "judge"),
        citation=", ".join(citations) or None,
        court_id=_opt_str(cluster, "court_id"),
        source_id=f"o-{_int(op, 'id')}",
    )
    return ref, CourtListenerExtras(
        page_count=None, date_modified=_timestamp(op) or _timestamp(cluster), docket_id=_opt_int(cluster, "docket_id")
    )


def _recap_source_id(doc: Mapping[str, Any]) -> str:
    """`rd-<RECAP document id>`, with `-<attachment number>` for an attachment."""
    attachment = _opt_int(doc, "attachment_number")
    suffix = f"-{attachment}" if attachment else ""
    return f"rd-{_int(doc, 'id')}{suffix}"


def _recap_url(doc: Mapping[str, Any], storage_base: str) -> str | None:
    """The free copy of a RECAP document, or None where RECAP has no file."""
    path = _opt_str(doc, "filepath_local")
    return _storage_url(storage_base, path) if path and doc["is_available"] else None


def _storage_url(storage_base: str, path: str) -> str:
    """A storage path as a URL under `storage_base`."""
    return f"{storage_base.rstrip('/')}/{path.lstrip('/')}"


def _more_docs(hit: Mapping[str, Any]) -> bool:
    """Whether a type=r docket hit matched more documents than it nests."""
    meta = hit.get("meta")
    return isinstance(meta, Mapping) and meta.get("more_docs") is True


def _timestamp(obj: Mapping[str, Any]) -> str | None:
    """A hit's `meta.timestamp`: when the search index last wrote it."""
    meta = obj.get("meta")
    return _opt_str(meta, "timestamp") if isinstance(meta, Mapping) else None


def _latest(stamps: Iterable[str | None]) -> str | None:
    """The latest of ISO date-times (compared as times, not as text), as given.

    Raises:
        CourtListenerChanged: when one is not an ISO date-time.
    """
    try:
        dated = [(datetime.fromisoformat(s), s) for s in stamps if s]
        return max(dated)[1] if dated else None
    except (ValueError, TypeError) as exc:  # TypeError: a time without its UTC offset
        raise CourtListenerChanged(f"modification times not ISO 8601 with offset: {exc}") from exc


def _load(data: str | bytes, what: str) -> Mapping[str, Any]:
    """A JSON object.

    Raises:
        CourtListenerChanged: when `data` is too large or deep, not JSON or not an object.
    """
    return _mapping(load_json(data, what, CourtListenerChanged), what)


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    return json_object(value, what, CourtListenerChanged)


def _require(obj: Mapping[str, Any], keys: Iterable[str], what: str) -> None:
    missing = [key for key in keys if key not in obj]
    if missing:
        label = f"{what} {obj['id']}" if "id" in obj else what
        raise CourtListenerChanged(f"{label} lacks {', '.join(missing)}")


def _list(obj: Mapping[str, Any], key: str) -> list[Any]:
    return required(obj, key, list, CourtListenerChanged)


def _opt_str(obj: Mapping[str, Any], key: str) -> str | None:
    """A text field, stripped; None when absent, null or blank."""
    value = optional(obj, key, str, CourtListenerChanged)
    return (value.strip() or None) if value else None


def _opt_int(obj: Mapping[str, Any], key: str) -> int | None:
    return optional(obj, key, int, CourtListenerChanged)


def _int(obj: Mapping[str, Any], key: str) -> int:
    return required(obj, key, int, CourtListenerChanged)


def _entry_number(doc: Mapping[str, Any]) -> str | None:
    """The docket entry number as CM/ECF prints it: `34`, or `34-2` for its second attachment."""
    number, attachment = _number(doc, "document_number"), _opt_int(doc, "attachment_number")
    return f"{number}-{attachment}" if number and attachment else number


def _number(obj: Mapping[str, Any], key: str) -> str | None:
    """A document number as text (search gives a number, recap-documents a string)."""
    value = obj.get(key)
    return str(value) if isinstance(value, int) else _opt_str(obj, key)


def _opt_date(obj: Mapping[str, Any], key: str) -> date | None:
    """A YYYY-MM-DD date (a date-time's date part also reads)."""
    text = _opt_str(obj, key)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError as exc:
        raise CourtListenerChanged(f"{key} {text!r} is not an ISO date") from exc
