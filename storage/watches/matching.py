"""Which catalog documents pass a watch's filters."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from storage.catalog.queries import _SYNTAX_ERRORS, Filters, SearchSyntaxError
from storage.watches.model import WatchFilters

# A document matches a full-text query on its whole text or on its metadata (case name,
# title, docket, judge, citation); its key quotes are sentences of its text.
_MATCHES_QUERY = (
    "(d.rowid IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH :query) "
    "OR d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :query))"
)
# Only what is archived: a record whose download failed is tried again by the next crawl, and
# delivered then; an event with no document (a docket feed's entry) is archived as it is.
_ARCHIVED = "(d.original IS NOT NULL OR (d.spider IS NOT NULL AND d.source_url IS NULL))"
_PART_OF = {"judges": "judge", "dockets": "docket_number", "case_names": "case_name"}


def where_clause(filters: WatchFilters) -> tuple[str, dict[str, Any]]:
    """The SQL condition on the catalog's `documents d` for `filters`, and its named parameters
    (for a query of one's own, such as a canned query listing a watch's matches)."""
    where, params = Filters(
        courts=list(filters.courts),
        types=list(filters.types),
        filed_by=list(filters.filed_by),
        dispositions=list(filters.dispositions),
        bad_redactions=filters.bad_redactions,
    ).where()
    clauses = [where, _ARCHIVED]
    for name, column in _PART_OF.items():
        values: tuple[str, ...] = getattr(filters, name)
        if values:
            names = [f"{name}{i}" for i in range(len(values))]
            # instr on lower(): a part of the field, with no LIKE wildcards read in what was typed.
            clauses.append("(" + " OR ".join(f"instr(lower(d.{column}), lower(:{n})) > 0" for n in names) + ")")
            params.update(zip(names, values))
    if filters.query:
        clauses.append(_MATCHES_QUERY)
        params["query"] = filters.query
    return " AND ".join(clauses), params


def where_sql(filters: WatchFilters) -> str:
    """`where_clause` with its values written into the SQL as quoted literals: a condition that
    stands alone, for a query saved as text (a Datasette canned query of the watch's matches)."""
    where, params = where_clause(filters)
    return re.sub(
        r":(\w+)\b", lambda name: _literal(params[name.group(1)]) if name.group(1) in params else name.group(), where
    )


def _literal(value: Any) -> str:
    """`value` as an SQLite literal: a string quoted (its quotes doubled), a number as it is."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"no SQL literal for {value!r}")
    return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else repr(value)


def check_query(query: str) -> str:
    """`query` if FTS5 can read it, checked on an empty index (no catalog needed).

    Raises:
        SearchSyntaxError: it is not valid FTS5 syntax.
    """
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE probe USING fts5 (text)")
        db.execute("SELECT * FROM probe WHERE probe MATCH ?", (query,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchSyntaxError(str(exc)) from None
    finally:
        db.close()
    return query


def matching_ids(db: sqlite3.Connection, filters: WatchFilters) -> list[str]:
    """The ids of every catalog document that passes `filters`, oldest first (undated first).

    Raises:
        SearchSyntaxError: the query is not valid FTS5 syntax.
    """
    where, params = where_clause(filters)
    try:
        return [
            rid
            for (rid,) in db.execute(f"SELECT d.id FROM documents d WHERE {where} ORDER BY d.date_filed, d.id", params)
        ]
    except sqlite3.OperationalError as exc:
        if any(sign in str(exc) for sign in _SYNTAX_ERRORS):
            raise SearchSyntaxError(str(exc)) from None
        raise


def catalog_records(db: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The catalogued record JSON of each of `ids` that the catalog holds."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit, with room to spare
        chunk = ids[start : start + 500]
        found.update(
            db.execute(
                f"SELECT id, record FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall()
        )
    return found
