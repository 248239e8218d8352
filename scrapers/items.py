"""What every spider promises: a `CourtDocument` per document found on a court source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DOCUMENT_TYPES = ("opinion", "order", "other")


@dataclass(frozen=True)
class DocumentRef:
    """One document as a listing page shows it, before the spider adds court and source."""

    case_name: str | None
    docket_number: str | None
    date_filed: date | None
    document_url: str
    title: str | None = None
    document_type: str = "other"
    judge: str | None = None
    citation: str | None = None


@dataclass
class CourtDocument:
    """A court document found by a spider; the pipeline downloads and archives it."""

    court_id: str
    court_name: str
    source_id: str
    document_url: str
    listing_url: str
    case_name: str | None = None
    docket_number: str | None = None
    title: str | None = None
    document_type: str = "other"
    date_filed: date | None = None
    judge: str | None = None
    citation: str | None = None
