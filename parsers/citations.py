"""The cases, statutes and rules a document cites, found by eyecite (Free Law Project).

eyecite finds full citations (`116 F.3d 395`, `42 U.S.C. § 1983`) and the short forms that
point back to them (`Id.`, `538 U. S., at 92`, `supra`); `resolve_citations` groups each short
form with its full citation, so a count says how often an authority is relied on. The spans
of every citation, case name and parenthetical included, tell the quote ranker which
sentences are mostly citation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from eyecite import get_citations, resolve_citations
from eyecite.models import (
    CaseCitation,
    FullCaseCitation,
    FullJournalCitation,
    FullLawCitation,
    UnknownCitation,
)

# eyecite warns of every citation span it cannot classify ("Unknown overlap"): noise in crawl
# logs and CLI output alike, from every process that reads citations.
logging.getLogger("eyecite").setLevel(logging.ERROR)


@dataclass(frozen=True)
class CitedAuthority:
    """One cited authority: its citation as eyecite normalises it, kind, name and count."""

    citation: str
    kind: str  # "case", "statute" or "journal"
    count: int
    name: str | None
    first_offset: int


@dataclass(frozen=True)
class Citations:
    """The authorities cited (most cited first), and the spans of every citation in the text."""

    authorities: tuple[CitedAuthority, ...]
    spans: tuple[tuple[int, int], ...]


def find_citations(text: str) -> Citations:
    """Every citation in `text`, grouped by the authority it names, with counts and spans."""
    if not text.strip():
        return Citations((), ())  # eyecite refuses an empty document (a scan without OCR)
    found = [cite for cite in get_citations(text) if not isinstance(cite, UnknownCitation)]
    spans = tuple(sorted(_span(cite) for cite in found))
    authorities = []
    for resource, cites in resolve_citations(found).items():
        full = getattr(resource, "citation", None)
        if full is None:
            continue
        authorities.append(
            CitedAuthority(
                citation=" ".join(full.corrected_citation().split()),
                kind=_kind(full),
                count=len(cites),
                name=_case_name(full),
                first_offset=min(_span(cite)[0] for cite in cites),
            )
        )
    authorities.sort(key=lambda authority: (-authority.count, authority.first_offset))
    return Citations(tuple(authorities), spans)


def _span(cite: Any) -> tuple[int, int]:
    """A citation's extent: with case name, pin cite and parenthetical where eyecite has them."""
    start, end = cite.full_span() if isinstance(cite, CaseCitation) else cite.span()
    return int(start), int(end)


def _kind(cite: Any) -> str:
    """`case`, `statute` or `journal`, from eyecite's citation class."""
    if isinstance(cite, FullLawCitation):
        return "statute"
    if isinstance(cite, FullJournalCitation):
        return "journal"
    return "case"


def _case_name(cite: Any) -> str | None:
    """`Plaintiff v. Defendant` of a full case citation, spaces normalised; None otherwise."""
    if not isinstance(cite, FullCaseCitation):
        return None
    parties = [" ".join(str(party).split()) for party in (cite.metadata.plaintiff, cite.metadata.defendant) if party]
    return " v. ".join(parties) or None
