"""The catalog's tables: SQLite with FTS5, laid out so that Datasette opens it usefully.

Tables:
    documents    one row per record: its fields flattened, `month` (YYYY-MM of date_filed, to
                 facet by), `bad_redactions` (boxes over text still in the PDF; null for a
                 record from before schema 3), `record` = the record as JSON
    pages        one row per page of extracted text (page N = the N-th form-feed chunk)
    quotes       the records' key quotes {text, page, bbox, score}
    citations    the records' citations (`text`, and the item itself as JSON in `data`)
    errors       the records' errors {stage, kind, message}
    documents_fts, pages_fts, quotes_fts   FTS5 indexes over case names, titles, dockets,
                 judges and citations; page text; quote text (kept in step by triggers)
    texts_fts    a contentless FTS5 index over each document's whole text (rowid = the
                 document's rowid), to rank documents with one bm25 score each
    catalog_files, catalog_problems, catalog_meta   the update's bookkeeping: markers, records
                 that could not be read, and where the catalog came from

Datasette finds a table's search index by the `content="<table>"` of its FTS table, and
searches it as `rowid IN (SELECT rowid FROM <table>_fts WHERE <table>_fts MATCH ...)`; the
child tables' foreign keys to `documents (id)` become links. `documents` keeps SQLite's own
rowid (its key is the record id, which Datasette links by): the catalog never runs VACUUM,
which could renumber it; after a VACUUM by hand, `courtarchive catalog rebuild`.
"""

from __future__ import annotations

CATALOG_VERSION = 4  # bump when the tables change: an older catalog is then rebuilt

# Words match as written (case and accents aside): legal searchers expect `appeal*` to mean what
# it says, and a stemmer turns `consolidat*` into a miss (it indexes "consolidated" as "consolid").
_FTS = 'tokenize="unicode61 remove_diacritics 2"'
SCHEMA = f"""
CREATE TABLE documents (
    id TEXT PRIMARY KEY, court TEXT, court_name TEXT, case_name TEXT, case_name_full TEXT,
    docket_number TEXT, title TEXT, type TEXT, filed_by TEXT, date_filed TEXT, month TEXT, judge TEXT, disposition TEXT, pages INTEGER,
    citation TEXT, entry_number TEXT, description TEXT, spider TEXT, source_url TEXT,
    fetched_at TEXT, sha256 TEXT, original TEXT, text_file TEXT, engine TEXT,
    error_count INTEGER NOT NULL, bad_redactions INTEGER, record TEXT NOT NULL);
CREATE INDEX documents_date ON documents (date_filed);
CREATE INDEX documents_court ON documents (court, date_filed);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_kind ON documents (filed_by, type, date_filed);
CREATE TABLE pages (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents (id),
    page INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX pages_document ON pages (document_id, page);
CREATE TABLE quotes (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents (id),
    text TEXT NOT NULL, page INTEGER, bbox TEXT, score REAL);
CREATE INDEX quotes_document ON quotes (document_id);
CREATE TABLE citations (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents (id),
    text TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX citations_document ON citations (document_id);
CREATE TABLE errors (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents (id),
    stage TEXT, kind TEXT, message TEXT);
CREATE INDEX errors_document ON errors (document_id);
CREATE VIRTUAL TABLE documents_fts USING fts5 (case_name, title, docket_number, judge, citation,
    description, content="documents", {_FTS});
CREATE VIRTUAL TABLE pages_fts USING fts5 (text, content="pages", content_rowid="id", {_FTS});
CREATE VIRTUAL TABLE texts_fts USING fts5 (text, content="", {_FTS});
CREATE VIRTUAL TABLE quotes_fts USING fts5 (text, content="quotes", content_rowid="id", {_FTS});
CREATE TABLE catalog_files (key TEXT PRIMARY KEY, marker TEXT NOT NULL);
CREATE TABLE catalog_problems (key TEXT PRIMARY KEY, message TEXT NOT NULL);
CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT);
"""
FTS_COLUMNS = {
    "documents": ("rowid", "case_name, title, docket_number, judge, citation, description"),
    "pages": ("id", "text"),
    "quotes": ("id", "text"),
}


def triggers() -> str:
    """Triggers that keep each external-content FTS index in step with its table."""
    sql = []
    for table, (rowid, columns) in FTS_COLUMNS.items():
        new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
        old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
        sql.append(f"""
CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
    INSERT INTO {table}_fts (rowid, {columns}) VALUES (new.{rowid}, {new}); END;
CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
    INSERT INTO {table}_fts ({table}_fts, rowid, {columns}) VALUES ('delete', old.{rowid}, {old}); END;
CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN
    INSERT INTO {table}_fts ({table}_fts, rowid, {columns}) VALUES ('delete', old.{rowid}, {old});
    INSERT INTO {table}_fts (rowid, {columns}) VALUES (new.{rowid}, {new}); END;""")
    return "".join(sql)
