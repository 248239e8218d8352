"""What every spider promises: a `CourtDocument` per document found on a court source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DOCUMENT_TYPES = ("opinion", "order", "other")


@dataclass(frozen=True)
class DocumentRef:
    """One document as a listing, feed or API shows it, before the spider adds the source.

    `document_url` is None where the source names a document it does not serve (a PACER
    docket entry behind the paywall). `court_id` is set by sources that span courts;
    `source_id` by sources that give documents a stable id of their own.
    """

    case_name: str | None
    docket_number: str | None
    date_filed: date | None
    document_url: str | None
    title: str | None = None
    document_type: str = "other"
    judge: str | None = None
    citation: str | None = None
    court_id: str | None = None
    court_name: str | None = None
    source_id: str | None = None
    entry_number: str | None = None
    description: str | None = None


@dataclass
class CourtDocument:
    """A court document found by a spider; the pipeline downloads and archives it.

    A document without `document_url` (a docket entry whose PDF is behind PACER's paywall) is
    archived as a record of the event, without an original.
    """

    court_id: str
    court_name: str | None
    source_id: str
    document_url: str | None
    listing_url: str
    case_name: str | None = None
    docket_number: str | None = None
    title: str | None = None
    document_type: str = "other"
    date_filed: date | None = None
    judge: str | None = None
    citation: str | None = None
    entry_number: str | None = None
    description: str | None = None
    # What the source itself says of the document (e.g. CourtListener's page count).
    source_extras: dict[str, str | int | None] | None = None
