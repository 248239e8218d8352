"""The catalog: a SQLite file with full-text search (FTS5), built from the JSON records alone.

The records stay the single source of truth; the catalog is a cache of them that can be
thrown away and rebuilt (`courtarchive catalog rebuild`). It is updated incrementally: the
archive's `records/` prefix is listed (one LIST request per thousand objects on S3, a
directory scan in a folder), each object's change marker (ETag on S3; mtime and size in a
folder) is compared with the one stored at the last update, and only the records whose
`.json` or `.txt` changed are read. Nothing else is downloaded.

The tables are described in `storage.catalog.schema`.

Over 300 lines: building, syncing and forgetting rows share the FTS bookkeeping, which is
safest read in one place.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.archive import Archive
from storage.blobs.base import StorageError, archive_slug, user_folder
from storage.catalog.rows import (
    PAGE_SEPARATOR,
    Document,
    MalformedRecord,
    document_of,
    id_of_key,
    parse_record,
)
from storage.catalog.schema import CATALOG_VERSION, FTS_COLUMNS, SCHEMA, triggers

logger = logging.getLogger(__name__)

CATALOG_NAME = "catalog.sqlite"
CATALOG_ENV = "COURT_ARCHIVE_CATALOG"
BATCH = 200
READERS = 8  # concurrent reads: S3 GETs are latency-bound
Progress = Callable[[int, int], None]
Counts = tuple[int, int, int, int, int, tuple["Problem", ...]]  # added, changed, removed, unchanged, read


class CatalogError(Exception):
    """The catalog cannot be opened or written."""


@dataclass(frozen=True)
class Problem:
    """A record the catalog could not take, and why."""

    key: str
    message: str


@dataclass(frozen=True)
class UpdateSummary:
    """What one update did: records added, changed, removed and left alone; objects read."""

    path: Path
    rebuilt: bool
    added: int
    changed: int
    removed: int
    unchanged: int
    read: int
    problems: tuple[Problem, ...]
    seconds: float


def catalog_path(archive: Archive, path: str | os.PathLike[str] | None = None) -> Path:
    """Where the catalog of `archive` lives: `path`, else $COURT_ARCHIVE_CATALOG, else
    `catalog.sqlite` in a local archive's folder, else a file in the user's cache folder
    ($XDG_CACHE_HOME/court-archiver/, or ~/.cache/court-archiver/) named after the S3 URI
    and endpoint."""
    chosen = path or os.environ.get(CATALOG_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    if archive.folder is not None:
        return archive.folder / CATALOG_NAME
    return user_folder("cache") / f"{archive_slug(archive.uri)}.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the catalog at `path` (which must exist), waiting out other writers."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = OFF")  # we delete children first; keeps bulk loads fast
    return db


def _usable(path: Path) -> bool:
    """Whether `path` is a catalog of this version (opening it also rolls back a crashed write)."""
    if not path.exists():
        return False
    try:
        db = sqlite3.connect(path, timeout=30)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("SELECT count(*) FROM catalog_files").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        logger.warning("Catalog %s is unreadable (%s); rebuilding it", path, exc)
        return False
    return bool(version == CATALOG_VERSION)


def update_catalog(
    archive: Archive,
    *,
    path: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> UpdateSummary:
    """Bring the catalog of `archive` up to date with its records, reading only what changed.

    A missing, unreadable or older catalog is rebuilt from the records, as `rebuild` asks.
    Malformed records are skipped and listed in the summary (and in `catalog_problems`).

    Raises:
        CatalogError: the catalog file cannot be written.
        StorageError: the archive cannot be listed or read.
    """
    started = time.perf_counter()
    target = catalog_path(archive, path)
    fresh = rebuild or not _usable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            counts = _build(archive, target, progress)
        else:
            db = connect(target)
            try:
                db.execute("PRAGMA synchronous = NORMAL")
                counts = _sync(db, archive, progress)
            finally:
                db.close()
    except (sqlite3.OperationalError, OSError) as exc:
        raise CatalogError(
            f"cannot write the catalog {target}: {exc} (choose another with --catalog or {CATALOG_ENV})"
        ) from exc
    return UpdateSummary(target, fresh, *counts, seconds=time.perf_counter() - started)


def update_or_warn(archive: Archive) -> UpdateSummary | None:
    """Update the catalog at the end of a crawl; None when it failed (logged: the records are
    safe, and `courtarchive catalog update` catches up)."""
    try:
        summary = update_catalog(archive)
    except (CatalogError, StorageError) as exc:
        logger.warning("Catalog not updated (run `courtarchive catalog update` later): %s", exc)
        return None
    logger.info(
        "Catalog %s: %d added, %d changed in %.1f s", summary.path, summary.added, summary.changed, summary.seconds
    )
    return summary


def _build(archive: Archive, target: Path, progress: Progress | None) -> Counts:
    """Build a new catalog beside `target` and move it into place: readers never see half."""
    temporary = target.with_name(f".{target.name}.build-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        db = connect(temporary)
        try:
            # A half-built file is thrown away, so there is nothing to journal or sync.
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                f"PRAGMA cache_size = -65536; {SCHEMA}"
                f"PRAGMA user_version = {CATALOG_VERSION};"
            )
            _set_meta(db, "built_at", _now())
            counts = _sync(db, archive, progress)
            # Indexing each table in one pass at the end is three times faster than row by row;
            # merging each index into one segment spares the next update FTS5's pending merges.
            for table in FTS_COLUMNS:
                db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")
            for table in (*FTS_COLUMNS, "texts"):
                db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('optimize')")
            db.executescript(triggers())
            db.execute("PRAGMA journal_mode = DELETE")
        finally:
            db.close()
        # Built without syncing; sync once now, so the rename cannot outlive the data in a
        # crash, and the next update's first commit does not pay for flushing the whole file.
        with open(temporary, "rb+") as built:
            os.fsync(built.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return counts


def _sync(db: sqlite3.Connection, archive: Archive, progress: Progress | None) -> Counts:
    """Read the records whose markers changed into `db`; drop the records that are gone."""
    listing = {entry.key: entry.marker for entry in archive.blobs.entries("records/")}
    stored = dict(db.execute("SELECT key, marker FROM catalog_files").fetchall())
    records = [key for key in listing if key.endswith(".json")]
    todo = [
        key
        for key in records
        if stored.get(key) != listing[key] or stored.get(_text_key(key)) != listing.get(_text_key(key))
    ]
    gone = [key for key in stored if key.endswith(".json") and key not in listing]
    # IMMEDIATE: take the write lock up front, so a second updater (a crawl ending while a
    # user searches) waits for it rather than failing on a lock upgrade.
    db.execute("BEGIN IMMEDIATE")
    for key in gone:
        _forget(db, key)
    _set_meta(db, "archive", archive.uri)
    db.execute("COMMIT")
    problems: list[Problem] = []
    reads = 0
    with ThreadPoolExecutor(READERS) as pool:
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            loaded = list(pool.map(lambda key: _load(archive, key), batch))
            db.execute("BEGIN IMMEDIATE")
            for key, (result, read) in zip(batch, loaded):
                reads += read
                if key in stored:
                    _forget(db, key)
                if isinstance(result, Problem):
                    problems.append(result)
                    db.execute("INSERT INTO catalog_problems VALUES (?, ?)", (key, result.message))
                elif result is not None:
                    _insert(db, result)
                _remember(db, key, listing)
            db.execute("COMMIT")
            if progress:
                progress(start + len(batch), len(todo))
    db.execute("BEGIN IMMEDIATE")
    _set_meta(db, "updated_at", _now())
    db.execute("COMMIT")
    added = sum(1 for key in todo if key not in stored)
    return added, len(todo) - added, len(gone), len(records) - len(todo), reads, tuple(problems)


def _text_key(record_key: str) -> str:
    return record_key[: -len(".json")] + ".txt"


def _load(archive: Archive, key: str) -> tuple[Document | Problem | None, int]:
    """The record under `key` and its text as catalog rows, or the problem; and the reads made."""
    data = archive.blobs.read(key)
    if data is None:  # deleted since the listing
        return None, 1
    try:
        record = parse_record(key, data)
        text_file = record["files"].get("text")
        if not text_file:
            return document_of(record, None), 1
        text = archive.blobs.read(text_file)
        return document_of(record, text.decode("utf-8", "replace") if text is not None else None), 2
    except MalformedRecord as exc:
        return Problem(key, str(exc)), 1


def _forget(db: sqlite3.Connection, key: str) -> None:
    """Remove what the catalog holds for the record stored under `key`."""
    rid = id_of_key(key)
    row = db.execute("SELECT rowid FROM documents WHERE id = ?", (rid,)).fetchone()
    pages = [text for (text,) in db.execute("SELECT text FROM pages WHERE document_id = ? ORDER BY page", (rid,))]
    if row is not None and pages:
        # A contentless index forgets a row only when given the very text it indexed.
        db.execute(
            "INSERT INTO texts_fts (texts_fts, rowid, text) VALUES ('delete', ?, ?)",
            (row[0], PAGE_SEPARATOR.join(pages)),
        )
    for table in ("pages", "quotes", "citations", "errors"):
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", (rid,))
    db.execute("DELETE FROM documents WHERE id = ?", (rid,))
    db.execute("DELETE FROM catalog_problems WHERE key = ?", (key,))
    db.execute("DELETE FROM catalog_files WHERE key IN (?, ?)", (key, _text_key(key)))


def _remember(db: sqlite3.Connection, key: str, listing: dict[str, str]) -> None:
    for name in (key, _text_key(key)):
        if name in listing:
            db.execute("INSERT INTO catalog_files VALUES (?, ?)", (name, listing[name]))


def _insert(db: sqlite3.Connection, doc: Document) -> None:
    columns = ", ".join(doc.row)
    rowid = db.execute(
        f"INSERT INTO documents ({columns}) VALUES ({', '.join('?' * len(doc.row))})", tuple(doc.row.values())
    ).lastrowid
    rid = doc.row["id"]
    if doc.text is not None:
        db.executemany(
            "INSERT INTO pages (document_id, page, text) VALUES (?, ?, ?)",
            ((rid, number, text) for number, text in enumerate(doc.text.split(PAGE_SEPARATOR), 1)),
        )
        db.execute("INSERT INTO texts_fts (rowid, text) VALUES (?, ?)", (rowid, doc.text))
    db.executemany(
        "INSERT INTO quotes (document_id, text, page, bbox, score) VALUES (?, ?, ?, ?, ?)",
        ((rid, *quote) for quote in doc.quotes),
    )
    db.executemany(
        "INSERT INTO citations (document_id, text, data) VALUES (?, ?, ?)",
        ((rid, *citation) for citation in doc.citations),
    )
    db.executemany(
        "INSERT INTO errors (document_id, stage, kind, message) VALUES (?, ?, ?, ?)",
        ((rid, *error) for error in doc.errors),
    )


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO catalog_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value)
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def problems(db: sqlite3.Connection) -> list[Problem]:
    """Every record the catalog skipped as malformed, by key."""
    return [
        Problem(key, message) for key, message in db.execute("SELECT key, message FROM catalog_problems ORDER BY key")
    ]


def open_catalog(
    archive: Archive,
    *,
    path: str | os.PathLike[str] | None = None,
    update: bool = True,
    progress: Progress | None = None,
) -> tuple[sqlite3.Connection, UpdateSummary | None]:
    """A connection to the up-to-date catalog of `archive` (built first when missing).

    With `update` False, an existing catalog is used as it is.

    Raises:
        CatalogError: the catalog cannot be written or opened.
        StorageError: the archive cannot be listed or read.
    """
    target = catalog_path(archive, path)
    summary = update_catalog(archive, path=target, progress=progress) if update or not _usable(target) else None
    try:
        return connect(target), summary
    except sqlite3.Error as exc:
        raise CatalogError(f"cannot open the catalog {target}: {exc}") from exc
