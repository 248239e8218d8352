"""The one description of a court document, from a listing to its record and catalog row.

A spider's parser, a person running `courtarchive add` and the record builder all speak of a
document with these fields: a new field is added here once, and reaches the record through
`storage.records.build_record`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any


@dataclass(frozen=True)
class DocumentRef:
    """One document as a listing, feed, API or person describes it, before its PDF is read.

    `document_url` is None where the source names a document it does not serve (a PACER
    docket entry behind the paywall). `court_id` is set by sources that span courts;
    `source_id` by sources that give documents a stable id of their own.
    """

    case_name: str | None = None
    docket_number: str | None = None
    date_filed: date | None = None
    document_url: str | None = None
    title: str | None = None
    document_type: str | None = "other"
    judge: str | None = None
    citation: str | None = None
    court_id: str | None = None
    court_name: str | None = None
    source_id: str | None = None
    entry_number: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class CourtDocument(DocumentRef):
    """A document ready to archive: its court and source id settled, and where it was listed.

    A document without `document_url` (a docket entry whose PDF is behind PACER's paywall) is
    archived as a record of the event, without an original.
    """

    listing_url: str | None = None
    # What the source itself says of the document (e.g. CourtListener's page count).
    source_extras: Mapping[str, str | int | None] | None = None

    @classmethod
    def of(cls, ref: DocumentRef, **settled: Any) -> CourtDocument:
        """`ref` with the fields its spider settles (court, source id, listing URL, extras)."""
        return cls(**{**{f.name: getattr(ref, f.name) for f in fields(ref)}, **settled})
