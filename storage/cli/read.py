"""The `courtarchive` commands that read an archive: ls, show, search, get, export and stats.
Each takes parsed arguments and returns the exit status."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from storage.archive import sha256_hex
from storage.blobs.base import CorruptBlob
from storage.catalog.queries import (
    SearchSyntaxError,
    count_documents,
    export_rows,
    list_documents,
    literal,
    search,
    stats,
    text_of,
)
from storage.cli.common import (
    CliError,
    filters_of,
    load_record,
    open_archive,
    open_db,
    print_json,
    progress_line,
)
from storage.cli.render import LS_COLUMNS, LS_OPTIONAL, hits_text, record_text, stats_text, table
from storage.cli.terminal import output_width

HIGHLIGHT = ("\x1b[1;33m", "\x1b[0m")
CSV_COLUMNS = (
    "id",
    "court",
    "court_name",
    "date_filed",
    "type",
    "filed_by",
    "case_name",
    "case_name_full",
    "docket_number",
    "title",
    "judge",
    "disposition",
    "citation",
    "entry_number",
    "pages",
    "sha256",
    "original",
    "text_file",
    "source_url",
    "spider",
    "fetched_at",
    "error_count",
    "errors",
)


def ls_command(args: argparse.Namespace) -> int:
    """List documents, newest first."""
    db = open_db(args, open_archive(args))
    rows = list_documents(db, filters_of(args), args.limit)
    if args.json:
        print_json(rows)
    elif rows:
        print(table(rows, LS_COLUMNS, output_width(sys.stdout, wide=args.wide), optional=LS_OPTIONAL))
    else:
        print("no documents", file=sys.stderr)
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Show one record."""
    archive = open_archive(args)
    record = load_record(archive, args.id)
    if args.json:
        print_json(record)
        return 0
    original = record["files"].get("original")
    print(record_text(record, archive.blobs.location(original) if original else None))
    return 0


def search_command(args: argparse.Namespace) -> int:
    """Full-text search; exit 1 when nothing matches, as grep does."""
    db = open_db(args, open_archive(args))
    mark = HIGHLIGHT if sys.stdout.isatty() and not args.json else ("**", "**")
    query = literal(args.query) if args.literal else args.query
    try:
        hits = search(db, query, filters_of(args), limit=args.limit, mark=mark)
    except SearchSyntaxError as exc:
        print(f"courtarchive: not a full-text query ({exc}); searching for the words instead", file=sys.stderr)
        hits = search(db, literal(query), filters_of(args), limit=args.limit, mark=mark)
    if args.json:
        print_json([asdict(hit) | {"snippets": [{"page": p, "text": t} for p, t in hit.snippets]} for hit in hits])
    elif hits:
        print(hits_text(hits, output_width(sys.stdout, wide=args.wide)))
        if hits[0].score is None:
            print(
                f"courtarchive: {query!r} matches most of the archive, too many to rank by relevance: "
                "newest first (add words or filters to narrow it)",
                file=sys.stderr,
            )
    else:
        print("no matches", file=sys.stderr)
    return 0 if hits else 1


def get_command(args: argparse.Namespace) -> int:
    """Write an original (or its text), checked against its sha256 first."""
    archive = open_archive(args)
    record = load_record(archive, args.id)
    key = record["files"].get("text" if args.text else "original")
    if key is None:
        what = "no text (its PDF could not be read)" if args.text else "no original (its download failed)"
        raise CliError(f"{record['id']} has {what}", 1)
    try:
        blob = archive.blobs.fetch(key)
    except CorruptBlob as exc:
        raise CliError(f"{key} is damaged, not written: {exc}", 1) from None
    if blob is None:
        raise CliError(f"{key} is missing from the archive (courtarchive verify lists what else is)", 1)
    actual = sha256_hex(blob.data)
    for expected, whose in (
        (None if args.text else record.get("sha256"), "the record"),
        (blob.sha256, "the storage metadata"),
    ):
        if expected is not None and actual != expected:
            raise CliError(f"{key}: sha256 is {actual}, {whose} says {expected}; not written", 1)
    if args.output in (None, "-"):
        if sys.stdout.isatty() and not args.text:
            raise CliError("not writing a PDF to a terminal: give -o FILE, or redirect", 2)
        sys.stdout.buffer.write(blob.data)
        sys.stdout.flush()
        return 0
    _write_atomically(Path(args.output), blob.data)
    if args.json:
        print_json(
            {
                "id": record["id"],
                "key": key,
                "file": args.output,
                "bytes": len(blob.data),
                "sha256": actual,
                "verified": True,
            }
        )
    else:
        print(f"{args.output}: {len(blob.data)} bytes, sha256 {actual} verified", file=sys.stderr)
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent.resolve(), prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def export_command(args: argparse.Namespace) -> int:
    """Stream records as JSON Lines or CSV (progress on stderr when it is a terminal)."""
    db = open_db(args, open_archive(args))
    filters = filters_of(args)
    progress = progress_line(args, "export")
    total = count_documents(db, filters) if progress.enabled else None
    write = _csv_writer() if args.format == "csv" else _jsonl_writer(db, args.with_text)
    try:
        for done, row in enumerate(export_rows(db, filters), start=1):
            write(row)
            progress(done, total)
    finally:
        progress.close()
    return 0


def _csv_writer() -> Callable[[sqlite3.Row], None]:
    """Writes the CSV header now, and a row each call."""
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)

    def write(row: sqlite3.Row) -> None:
        errors = "; ".join(f"{e.get('stage')}/{e.get('kind')}" for e in json.loads(row["record"])["errors"])
        writer.writerow([errors if name == "errors" else row[name] for name in CSV_COLUMNS])

    return write


def _jsonl_writer(db: sqlite3.Connection, with_text: bool) -> Callable[[sqlite3.Row], None]:
    """Writes a row's record as one line of JSON, with its text when asked."""

    def write(row: sqlite3.Row) -> None:
        if with_text:
            record = json.loads(row["record"])
            record["text"] = text_of(db, row["id"])
            sys.stdout.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            sys.stdout.write(row["record"] + "\n")

    return write


def stats_command(args: argparse.Namespace) -> int:
    """Counts by court, type, month and error."""
    counts = stats(open_db(args, open_archive(args)), filters_of(args))
    if args.json:
        print_json(counts)
    else:
        print(stats_text(counts, output_width(sys.stdout, wide=args.wide)))
    return 0
