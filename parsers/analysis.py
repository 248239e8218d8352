"""What a reader needs from a ruling, read from its extraction: metadata, key quotes, citations.

    analyse(extraction, listing) = read_metadata(...)   parsers/metadata/ + parsers/courts.py
                                 + key_quotes(...)      parsers/quotes.py on parsers/sentences.py
                                 + find_citations(...)  parsers/citations.py (eyecite)

It is CPU work (eyecite's and the quote ranker's regular expressions over the whole text), so
the crawl runs it in the extraction worker, next to `extract` (see `parsers.pool`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parsers.citations import CitedAuthority, find_citations
from parsers.metadata import Metadata, read_metadata
from parsers.quotes import DEFAULT_K, Quote, key_quotes
from parsers.text import Extraction


@dataclass(frozen=True)
class Analysis:
    """Metadata (each value with its source), the ranked key quotes, and the cited authorities."""

    metadata: Metadata
    quotes: tuple[Quote, ...]
    citations: tuple[CitedAuthority, ...]

    def with_listing(self, listing: Mapping[str, str | None]) -> Analysis:
        """The same analysis with a listing's values put first (the document's kept beside them)."""
        return Analysis(self.metadata.with_listing(listing), self.quotes, self.citations)

    @property
    def shown_quotes(self) -> tuple[Quote, ...]:
        """The quotes a record shows: none for a party's filing (its words are not the court's),
        which the listing, when there is one, may overrule (a listed opinion is the court's)."""
        return () if self.metadata.get("filed_by") == "party" else self.quotes

    def quotes_json(self) -> list[dict[str, Any]]:
        """The quotes as the record holds them: rank, text, page, boxes, score, reason, offsets."""
        return [
            {
                "rank": quote.rank,
                "text": quote.text,
                "page": quote.page,
                "bbox": [list(box) for box in quote.boxes],
                "score": quote.score,
                "reason": quote.reason,
                "start": quote.start,
                "end": quote.end,
            }
            for quote in self.shown_quotes
        ]

    def citations_json(self) -> list[dict[str, Any]]:
        """The cited authorities as the record holds them, most cited first."""
        return [
            {"citation": cited.citation, "kind": cited.kind, "count": cited.count, "name": cited.name}
            for cited in self.citations
        ]


@dataclass(frozen=True)
class Analysed:
    """An extraction with its analysis: what an extraction worker hands back."""

    extraction: Extraction
    analysis: Analysis


def analyse(extraction: Extraction, listing: Mapping[str, str | None] | None = None, *, k: int = DEFAULT_K) -> Analysis:
    """Metadata, the `k` best quotes and the citations of an extracted document."""
    text = extraction.text
    citations = find_citations(text)
    metadata = read_metadata(text, extraction.ecf, listing, head=extraction.head, page_map=extraction.page_map)
    return Analysis(
        metadata=metadata,
        quotes=key_quotes(text, extraction.page_map, citations.spans, k),
        citations=citations.authorities,
    )
