"""What Datasette is told about the catalog: titles, table and column descriptions, facets and
canned queries. Plain data, so that it can be read and tested without Datasette."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from storage.watches.matching import where_sql
from storage.watches.model import Watch

DATABASE = "catalog"
# The search query's matches are marked with these, escaped and turned into <mark> on display.
MARK = ("\u27e6", "\u27e7")

DOCUMENT_COLUMNS = {
    "id": "the record id, COURT/SOURCE_ID: its link opens the document page (facts, key quotes "
    "on their PDF pages, the original)",
    "court": "CourtListener-style court id: scotus, ca9, wawd",
    "court_name": "the court's name",
    "case_name": "the short case name a reporter cites (303 Creative LLC v. Elenis)",
    "case_name_full": "the caption's first parties as printed",
    "docket_number": "the docket number as printed",
    "title": "the document's title",
    "type": "what the document is: opinion, order, minutes, judgment, transcript, motion, brief, …",
    "filed_by": "court (a judge, a panel, the clerk) or party (a party or its lawyer)",
    "date_filed": "the date it was filed (ISO)",
    "month": "the month it was filed, YYYY-MM",
    "judge": "its author or signing judge",
    "disposition": "which way it went: granted, denied, affirmed, reversed, dismissed, …",
    "pages": "page count",
    "citation": "its own citation, where listed (600 U.S. 570)",
    "entry_number": "its docket entry number",
    "description": "the docket text the source gives",
    "spider": "the spider that archived it",
    "source_url": "where it was downloaded from",
    "fetched_at": "when it was downloaded (UTC)",
    "sha256": "SHA-256 of the original PDF",
    "original": "archive key of the original PDF",
    "text_file": "archive key of the extracted text",
    "engine": "the engine that read its text layer",
    "error_count": "how many errors its record lists",
    "bad_redactions": "how many of its redaction boxes leave words in the text layer (null: not checked)",
    "record": "the whole JSON record",
}

_HIDDEN = ("catalog_files", "catalog_problems", "catalog_meta", "texts_fts")

NEWEST_COURT_ORDERS = """
SELECT id AS document, date_filed, court, case_name, docket_number, title, disposition, judge
FROM documents
WHERE filed_by = 'court' AND type = 'order'
ORDER BY date_filed DESC, id
LIMIT 100
"""

FULL_TEXT_SEARCH = f"""
SELECT d.id AS document, d.date_filed, d.court, d.case_name, d.docket_number, d.title, p.page,
       snippet(pages_fts, 0, '{MARK[0]}', '{MARK[1]}', '…', 16) AS snippet
FROM pages_fts
JOIN pages AS p ON p.id = pages_fts.rowid
JOIN documents AS d ON d.id = p.document_id
WHERE pages_fts MATCH :q
ORDER BY rank
LIMIT 100
"""


WATCH_MATCHES = """
SELECT d.id AS document, d.date_filed, d.court, d.case_name, d.docket_number, d.title, d.type, d.disposition, d.judge
FROM documents AS d
WHERE {where}
ORDER BY d.date_filed DESC, d.id
LIMIT 1000
"""


def watch_queries(watches: Sequence[Watch]) -> dict[str, dict[str, Any]]:
    """A canned query per watch: the catalog's documents that pass its filters, newest first.
    Named `watch_NAME` (a dot in NAME, which Datasette would read as a format, becomes `_`, and a
    name so made twice gets a number). Its channels (webhook URL, addresses) stay out."""
    queries: dict[str, dict[str, Any]] = {}
    for watch in watches:
        base = "watch_" + re.sub(r"[^A-Za-z0-9_-]", "_", watch.name)
        name, number = base, 1
        while name in queries:
            number += 1
            name = f"{base}_{number}"
        queries[name] = {
            "title": f"Watch {watch.name}",
            "description": f"Every archived document watch {watch.name} matches "
            f"({watch.filters.describe()}), newest first; those it matched on the day "
            "it was added were never sent.",
            "sql": WATCH_MATCHES.format(where=where_sql(watch.filters)).strip(),
        }
    return queries


def catalog_metadata(watches: Sequence[Watch] = ()) -> dict[str, Any]:
    """Datasette's metadata for the catalog database, with a canned query per watch."""
    tables: dict[str, Any] = {
        "documents": {
            "description": "One row per archived document, newest first. Facet by court, type, who "
            "filed it, disposition and month; the id opens the document page.",
            "columns": DOCUMENT_COLUMNS,
            "facets": ["court", "type", "filed_by", "disposition", "month"],
            "sort_desc": "date_filed",
            "fts_table": "documents_fts",
            "fts_pk": "rowid",
            "label_column": "case_name",
        },
        "pages": {
            "description": "The extracted text, one row per page (full-text indexed).",
            "columns": {"page": "page number, from 1", "text": "the page's text"},
            "fts_table": "pages_fts",
            "fts_pk": "id",
        },
        "quotes": {
            "description": "The key quotes of court documents: the court's own strongest sentences.",
            "columns": {
                "text": "the sentence, verbatim",
                "page": "the page it starts on",
                "bbox": "its boxes on the page: [page, x0, top, x1, bottom] in PDF points",
                "score": "the ranker's score",
            },
            "fts_table": "quotes_fts",
            "fts_pk": "id",
        },
        "citations": {"description": "Cases, statutes and rules each document cites."},
        "errors": {"description": "What went wrong archiving a document (its original is kept)."},
        **{name: {"hidden": True} for name in _HIDDEN},
    }
    return {
        "title": "court-archiver",
        "description": "Court orders and opinions as archived: facts, key quotes, full text.",
        "databases": {
            DATABASE: {
                "tables": tables,
                "queries": {
                    "newest_court_orders": {
                        "title": "Newest court orders",
                        "description": "The 100 latest orders filed by a court (not a party's filings).",
                        "sql": NEWEST_COURT_ORDERS.strip(),
                    },
                    "search": {
                        "title": "Full-text search",
                        "description": 'Words, "a phrase", AND, OR, NOT, prefix*, NEAR(a b, 5): the pages '
                        "that match, best first.",
                        "sql": FULL_TEXT_SEARCH.strip(),
                    },
                    **watch_queries(watches),
                },
            }
        },
    }
