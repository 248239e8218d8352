"""Reading the catalog: listing with filters, full-text search, statistics, export rows.

Over 300 lines: search is most of it (ranking over three indexes, broad queries, snippets),
and its SQL is tuned together.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

LIST_COLUMNS = (
    "date_filed",
    "court",
    "docket_number",
    "case_name",
    "type",
    "filed_by",
    "title",
    "disposition",
    "pages",
    "id",
)
NEWEST_FIRST = "d.date_filed IS NULL, d.date_filed DESC, d.id"
SEARCH_LIMIT = 10  # documents: a screenful with their snippets; --limit for more
SNIPPETS_PER_DOCUMENT = 3
SNIPPET_WORDS = 16
# Hits on a case name, title or docket say more than the same words on one page of text.
METADATA_WEIGHT = 2.0


# How SQLite words its complaints about an FTS5 query (as opposed to, say, a locked database).
_SYNTAX_ERRORS = ("fts5:", "no such column", "unterminated string", "unknown special query")


# A document reached by several spiders lists each in its record's `sources` (`d.spider` is
# the first's): a spider filter matches any of them.
_BY_SPIDERS = (
    "(d.spider IN {0} OR EXISTS (SELECT 1 FROM json_each(d.record, '$.sources') AS s"
    " WHERE json_extract(s.value, '$.spider') IN {0}))"
)


class SearchSyntaxError(ValueError):
    """The query is not valid FTS5 syntax."""


@dataclass(frozen=True)
class Filters:
    """Which documents a command looks at; empty lists and None mean no limit."""

    courts: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    filed_by: list[str] = field(default_factory=list)
    dispositions: list[str] = field(default_factory=list)
    spiders: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    bad_redactions: bool = False

    def where(self) -> tuple[str, dict[str, Any]]:
        """An SQL condition on `documents d`, and its named parameters."""
        clauses: list[str] = ["1"]
        params: dict[str, Any] = {}
        for column, values in (
            ("court", self.courts),
            ("type", self.types),
            ("filed_by", self.filed_by),
            ("disposition", self.dispositions),
            ("spider", self.spiders),
        ):
            if values:
                names = [f"{column}{i}" for i in range(len(values))]
                listed = f"({', '.join(':' + n for n in names)})"
                clauses.append(_BY_SPIDERS.format(listed) if column == "spider" else f"d.{column} IN {listed}")
                params.update(zip(names, values))
        if self.since:
            clauses.append("d.date_filed >= :since")
            params["since"] = self.since
        if self.until:
            clauses.append("d.date_filed <= :until")
            params["until"] = self.until
        if self.bad_redactions:
            clauses.append("d.bad_redactions > 0")
        return " AND ".join(clauses), params


def list_documents(db: sqlite3.Connection, filters: Filters, limit: int | None = None) -> list[dict[str, Any]]:
    """The documents that pass `filters`, newest first (undated last)."""
    where, params = filters.where()
    sql = f"SELECT {', '.join('d.' + c for c in LIST_COLUMNS)} FROM documents d WHERE {where} ORDER BY {NEWEST_FIRST}"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [dict(row) for row in db.execute(sql, params)]


@dataclass(frozen=True)
class Hit:
    """One document that matches a search: its score (bm25, lower is better; None when the
    query was too broad to rank, see `search`), the pages it matches on, and snippets as
    (page, text), page None for a match on its metadata."""

    id: str
    date_filed: str | None
    court: str | None
    case_name: str | None
    docket_number: str | None
    title: str | None
    score: float | None
    pages: list[int]
    snippets: list[tuple[int | None, str]]


def literal(query: str) -> str:
    """`query` as plain words, each quoted, so FTS5 reads no operators or punctuation in it."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{word}"' for word in words) or '""'


def search(
    db: sqlite3.Connection,
    query: str,
    filters: Filters,
    *,
    limit: int = SEARCH_LIMIT,
    mark: tuple[str, str] = ("**", "**"),
) -> list[Hit]:
    """Documents matching the FTS5 `query` in their text, key quotes or metadata, best first.

    Documents are ranked by bm25 over their whole text (`texts_fts`: one score per document,
    where a page index would score a common word once per page), their metadata (weighted
    up) and their quotes, each document by its best score; the best `limit` of each index are
    merged. Pages and snippets are then looked up for those documents only.

    A query whose text matches more than half of the documents ("the court") is too broad to
    rank: bm25 gives it no weight (FTS5 clamps a negative IDF to 1e-6), yet scores every match.
    Its hits are the newest matching documents instead, each with score None.

    Raises:
        SearchSyntaxError: `query` is not valid FTS5 syntax.
    """
    where, params = filters.where()
    params = {**params, "q": query, "limit": limit}
    try:
        if is_broad(db, query):
            return [_hit(db, row, None, query, mark) for row in _newest_matches(db, query, where, params, limit)]
        best: dict[int, float] = {}
        for source in _RANKINGS:
            for doc, score in db.execute(source.format(where=where), params):
                best[doc] = min(score, best.get(doc, score))
        top = sorted(best.items(), key=lambda item: item[1])[:limit]
        rows = {
            row["rowid"]: row
            for row in db.execute(
                f"SELECT {_HIT_COLUMNS} FROM documents d WHERE rowid IN ({', '.join(str(doc) for doc, _ in top)})"
            )
        }
        # Equal scores (the same text filed twice): newest first, then by id; sorts are stable.
        ranked = sorted(top, key=lambda item: str(rows[item[0]]["id"]))
        ranked.sort(key=lambda item: rows[item[0]]["date_filed"] or "", reverse=True)
        ranked.sort(key=lambda item: item[1])
        return [_hit(db, rows[doc], score, query, mark) for doc, score in ranked]
    except sqlite3.OperationalError as exc:
        if any(sign in str(exc) for sign in _SYNTAX_ERRORS):
            raise SearchSyntaxError(str(exc)) from None
        raise


def is_broad(db: sqlite3.Connection, query: str) -> bool:
    """Whether the text of more than half of the catalog's documents matches `query`.

    Counts matches only up to that half, so a common phrase costs a fraction of ranking it.
    """
    half = db.execute("SELECT count(*) FROM texts_fts").fetchone()[0] // 2
    return (
        bool(half)
        and db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM texts_fts WHERE texts_fts MATCH ? LIMIT ?)", (query, half + 1)
        ).fetchone()[0]
        > half
    )


_HIT_COLUMNS = "d.rowid, d.id, d.date_filed, d.court, d.case_name, d.docket_number, d.title"


def _newest_matches(
    db: sqlite3.Connection, query: str, where: str, params: dict[str, Any], limit: int
) -> list[sqlite3.Row]:
    """The newest `limit` documents passing `where` whose text or metadata match `query`.

    The documents are walked newest first and each is checked against the indexes by rowid,
    which stops after `limit` hits: with most documents matching, after a few more than that.
    (As one SQL query, the planner may check every document of a filtered court first.) The
    date index gives that order (undated last) without sorting the whole table.
    """
    matches = (
        "SELECT EXISTS (SELECT 1 FROM texts_fts WHERE texts_fts MATCH :q AND rowid = :doc) "
        "OR EXISTS (SELECT 1 FROM documents_fts WHERE documents_fts MATCH :q AND rowid = :doc)"
    )
    found: list[sqlite3.Row] = []
    for row in db.execute(
        f"SELECT {_HIT_COLUMNS} FROM documents d WHERE {where} ORDER BY d.date_filed DESC, d.id", params
    ):
        if db.execute(matches, {"q": query, "doc": row["rowid"]}).fetchone()[0]:
            found.append(row)
            if len(found) == limit:
                break
    return found


# Each index's best documents. `ORDER BY <bm25 alias> LIMIT` is the fast form here: FTS5's
# own `ORDER BY rank` sorter is slower, and ranking after a GROUP BY slower still.
_RANKINGS = (
    (
        "SELECT d.rowid, bm25(texts_fts) AS s FROM texts_fts JOIN documents d ON d.rowid = texts_fts.rowid "
        "WHERE texts_fts MATCH :q AND {where} ORDER BY s LIMIT :limit"
    ),
    (
        f"SELECT d.rowid, bm25(documents_fts) * {METADATA_WEIGHT} AS s FROM documents_fts "
        "JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH :q AND {where} "
        "ORDER BY s LIMIT :limit"
    ),
    # A document has a few quotes at most: ten times `limit` quotes hold the best `limit` documents.
    # A quote is a sentence of its document's text, which must match too: `NOT briefs` then
    # leaves out a document whose text mentions briefs, not only its quotes that do not.
    (
        "SELECT d.rowid, bm25(quotes_fts) AS s FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid "
        "JOIN documents d ON d.id = q.document_id WHERE quotes_fts MATCH :q AND {where} "
        "AND d.rowid IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH :q) ORDER BY s LIMIT :limit * 10"
    ),
)


def _hit(db: sqlite3.Connection, row: sqlite3.Row, score: float | None, query: str, mark: tuple[str, str]) -> Hit:
    """A result with its matching pages and snippets from the first of them.

    The document's pages have consecutive rowids, so a rowid range narrows the page index
    to them. Neither `ORDER BY rank` nor bm25() here: both make FTS5 scan the whole table
    (to rank it, or to count the rows holding each phrase).
    """
    first, last = db.execute("SELECT min(id), max(id) FROM pages WHERE document_id = ?", (row["id"],)).fetchone()
    in_range = "pages_fts MATCH ? AND pages_fts.rowid BETWEEN ? AND ? AND p.document_id = ?"
    pages = (
        [
            page
            for (page,) in db.execute(
                f"SELECT p.page FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid WHERE {in_range} ORDER BY p.page",
                (query, first, last, row["id"]),
            )
        ]
        if first is not None
        else []
    )
    snippets: list[tuple[int | None, str]] = (
        [
            (page, _flat(text))
            for page, text in db.execute(
                f"SELECT p.page, snippet(pages_fts, 0, ?, ?, '…', ?) FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid "
                f"WHERE {in_range} ORDER BY pages_fts.rowid LIMIT ?",
                (*mark, SNIPPET_WORDS, query, first, last, row["id"], SNIPPETS_PER_DOCUMENT),
            )
        ]
        if pages
        else []
    )
    if not snippets:  # matched on its case name, title or docket, or on a key quote
        snippets = [
            (None, _flat(text))
            for (text,) in db.execute(
                "SELECT snippet(documents_fts, -1, ?, ?, '…', ?) FROM documents_fts WHERE documents_fts MATCH ? "
                "AND rowid = ?",
                (*mark, SNIPPET_WORDS, query, row["rowid"]),
            )
        ]
        snippets += [
            (page, _flat(text))
            for page, text in db.execute(
                "SELECT q.page, snippet(quotes_fts, 0, ?, ?, '…', ?) FROM quotes_fts JOIN quotes q "
                "ON q.id = quotes_fts.rowid WHERE quotes_fts MATCH ? AND q.document_id = ?",
                (*mark, SNIPPET_WORDS, query, row["id"]),
            )
        ][:SNIPPETS_PER_DOCUMENT]
    return Hit(
        row["id"],
        row["date_filed"],
        row["court"],
        row["case_name"],
        row["docket_number"],
        row["title"],
        score,
        pages,
        snippets,
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def stats(db: sqlite3.Connection, filters: Filters) -> dict[str, Any]:
    """Counts: documents, pages, originals; by court, type and month; errors by stage and kind."""
    where, params = filters.where()

    def grouped(expression: str) -> dict[str, int]:
        return {
            str(key): count
            for key, count in db.execute(
                f"SELECT {expression} AS k, count(*) AS n FROM documents d WHERE {where} GROUP BY k ORDER BY n DESC, k",
                params,
            )
        }

    totals = db.execute(
        "SELECT count(*), coalesce(sum(d.pages), 0), count(d.original), "
        f"sum(d.sha256 IS NOT NULL AND d.engine IS NULL) FROM documents d WHERE {where}",
        params,
    ).fetchone()
    errors = db.execute(
        "SELECT e.stage || '/' || e.kind, count(DISTINCT e.document_id) FROM errors e "
        f"JOIN documents d ON d.id = e.document_id WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    )
    return {
        "documents": totals[0],
        "pages": totals[1],
        "with_original": totals[2],
        "without_original": totals[0] - totals[2],
        "unreadable": totals[3] or 0,
        "by_court": grouped("coalesce(d.court, '(none)')"),
        "by_type": grouped("coalesce(d.type, '(none)')"),
        "by_month": dict(sorted(grouped("coalesce(substr(d.date_filed, 1, 7), 'undated')").items(), reverse=True)),
        "errors": dict(errors.fetchall()),
        "malformed_records": db.execute("SELECT count(*) FROM catalog_problems").fetchone()[0],
    }


def count_documents(db: sqlite3.Connection, filters: Filters) -> int:
    """How many documents pass `filters`."""
    where, params = filters.where()
    count: int = db.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()[0]
    return count


def export_rows(db: sqlite3.Connection, filters: Filters) -> Iterator[sqlite3.Row]:
    """Every document row that passes `filters`, newest first, one at a time."""
    where, params = filters.where()
    yield from db.execute(f"SELECT d.* FROM documents d WHERE {where} ORDER BY {NEWEST_FIRST}", params)


def text_of(db: sqlite3.Connection, rid: str) -> str | None:
    """A document's extracted text (pages separated by form feeds), or None."""
    pages = [text for (text,) in db.execute("SELECT text FROM pages WHERE document_id = ? ORDER BY page", (rid,))]
    return "\f".join(pages) if pages else None
