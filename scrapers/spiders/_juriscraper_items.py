"""juriscraper's cases as DocumentRefs, with a stable id for each document.

A case is juriscraper's dict of plural attributes (`case_names`, `download_urls`, ...); a
cluster (ClusterSite) holds one document per opinion in `sub_opinions`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapers.items import DocumentRef
from scrapers.spiders._base import source_id_from_url

_NUMBER = re.compile(r"\d\d")  # a document or case number, a year: not a lone page or part digit


def source_id_for(url: str) -> str:
    """A stable id for a document URL: its last two path segments (as every spider does),
    plus a hash of path and query when they do not tell documents apart: a query string
    does, or a number further up the path while the last two segments hold none
    (`/courtcases/152/embed/SupremeCourtOpinion`, `/en/537787/1/document.do`)."""
    parts = urlsplit(url)
    tail = source_id_from_url(url)
    above = [s for s in parts.path.split("/") if s][:-2]
    numbered_above = any(map(_NUMBER.search, above)) and not _NUMBER.search(tail)
    if parts.query or not tail or numbered_above:
        # Path and query only: the same document from a mirror, or over http, keeps its id.
        digest = hashlib.sha256(f"{parts.path}?{parts.query}".encode()).hexdigest()[:12]
        return f"{tail}-{digest}" if tail else digest
    return tail


def document_refs(cases: list[dict[str, Any]], court_id: str, listing_url: str) -> list[DocumentRef]:
    """DocumentRefs for juriscraper's cases; cases sharing a document become one ref whose
    docket numbers are all named (a consolidated appeal decided in one opinion)."""
    refs: dict[str, DocumentRef] = {}
    # A cluster (ClusterSite) holds one document per opinion: lead, concurrence, dissent.
    opinions = [{**case, **opinion} for case in cases for opinion in case.get("sub_opinions") or [{}]]
    for opinion in opinions:
        ref = to_ref(opinion, court_id, listing_url)
        key = ref.source_id or ""
        if key in refs:
            dockets = [d for d in (refs[key].docket_number, ref.docket_number) if d]
            docket = "; ".join(dict.fromkeys("; ".join(dockets).split("; "))) or None
            refs[key] = replace(refs[key], docket_number=docket)
        else:
            refs[key] = ref
    return list(refs.values())


# juriscraper's opinion types (CourtListener's), as a document title.
OPINION_TYPES = {
    "010combined": "Opinion",
    "015unamimous": "Unanimous opinion",
    "020lead": "Lead opinion",
    "025plurality": "Plurality opinion",
    "030concurrence": "Concurrence",
    "035concurrenceinpart": "Concurrence in part and dissent in part",
    "040dissent": "Dissent",
    "050addendum": "Addendum",
    "060remittitur": "Remittitur",
    "070rehearing": "Rehearing",
    "080onthemerits": "On the merits",
    "090onmotiontostrike": "On motion to strike cost bill",
}


def to_ref(case: dict[str, Any], court_id: str, listing_url: str) -> DocumentRef:
    """One juriscraper case as a DocumentRef (juriscraper's keys are its plural attributes)."""
    url = _text(case.get("download_urls"))
    url = urljoin(listing_url, url) if url else None
    fallback = "|".join(str(case.get(k)) for k in ("case_names", "docket_numbers", "case_dates"))
    return DocumentRef(
        case_name=_text(case.get("case_names")),
        docket_number=_text(case.get("docket_numbers")),
        date_filed=_as_date(case.get("case_dates")),
        document_url=url,
        document_type="opinion",
        title=OPINION_TYPES.get(_text(case.get("types")) or ""),
        judge=_text(case.get("authors")) or _text(case.get("judges")),
        citation=_text(case.get("citations")),
        court_id=court_id,
        source_id=source_id_for(url) if url else hashlib.sha256(fallback.encode()).hexdigest()[:16],
        # Until DocumentRef has a `summary` field.
        description=_text(case.get("summaries")),
    )


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
