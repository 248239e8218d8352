"""The `courtarchive` commands that read an archive: ls, show, search, get, verify, export,
stats and catalog. Each takes parsed arguments and returns the exit status."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storage.archive import Archive, sha256_hex
from storage.base import DEFAULT_ARCHIVE_URI, CorruptBlob
from storage.catalog import (
    UpdateSummary,
    catalog_path,
    open_catalog,
    problems,
    update_catalog,
)
from storage.documents import MalformedRecord, read_record
from storage.queries import (
    Filters,
    SearchSyntaxError,
    export_rows,
    list_documents,
    literal,
    search,
    stats,
    text_of,
)
from storage.render import (
    LS_COLUMNS,
    hits_text,
    record_text,
    report_text,
    stats_text,
    table,
)
from storage.verify import verify

ARCHIVE_ENV = "COURT_ARCHIVE_URI"
SHOWN_PROBLEMS = 10
HIGHLIGHT = ("\x1b[1;33m", "\x1b[0m")
_ID = re.compile(r"^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$")
CSV_COLUMNS = ("id", "court", "court_name", "date_filed", "type", "filed_by", "case_name", "case_name_full",
               "docket_number", "title",
               "judge", "disposition", "citation", "entry_number", "pages", "sha256", "original",
               "text_file", "source_url", "spider", "fetched_at", "error_count", "errors")


class CliError(Exception):
    """A failure to report in one line, with the exit status to end with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ProgressLine:
    """`label: done/total` on stderr, redrawn at most ten times a second; silent when disabled."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled
        self.shown, self.last = False, 0.0

    def __call__(self, done: int, total: int) -> None:
        """Show progress."""
        now = time.monotonic()
        if self.enabled and (now - self.last >= 0.1 or done == total):
            sys.stderr.write(f"\r{self.label}: {done}/{total}")
            sys.stderr.flush()
            self.shown, self.last = True, now

    def close(self) -> None:
        """End the progress line."""
        if self.shown:
            sys.stderr.write("\n")


def progress_line(args: argparse.Namespace, label: str) -> ProgressLine:
    """Progress on stderr when it is a terminal or `--progress` asks for it."""
    return ProgressLine(label, bool(getattr(args, "progress", False)) or sys.stderr.isatty())


def open_archive(args: argparse.Namespace, *, create: bool = False) -> Archive:
    """The archive named by `--archive` or $COURT_ARCHIVE_URI (default `archive`).

    Raises:
        CliError: a bad URI (status 2), or a local archive folder that does not exist (3).
    """
    uri = args.archive or os.environ.get(ARCHIVE_ENV) or DEFAULT_ARCHIVE_URI
    if urlsplit(uri).password is not None or "@" in urlsplit(uri).netloc:
        # Not echoed: it holds a secret. Credentials come from boto3's chain, never the URI.
        raise CliError("the archive URI must not hold credentials: use AWS_PROFILE or AWS_* variables", 2)
    try:
        archive = Archive.open(uri)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    if archive.folder is not None and not archive.folder.is_dir():
        if not create:
            raise CliError(f"no archive at {archive.folder} (set {ARCHIVE_ENV} or pass --archive)", 3)
        archive.folder.mkdir(parents=True)
    return archive


def open_db(args: argparse.Namespace, archive: Archive) -> sqlite3.Connection:
    """The archive's catalog, brought up to date unless `--no-update`; reports skipped records."""
    progress = progress_line(args, "catalog")
    try:
        db, _ = open_catalog(archive, path=args.catalog, update=not getattr(args, "no_update", False),
                             progress=progress)
    finally:
        progress.close()
    skipped = problems(db)
    for problem in skipped[:SHOWN_PROBLEMS]:
        print(f"courtarchive: skipped malformed record {problem.key}: {problem.message}", file=sys.stderr)
    if len(skipped) > SHOWN_PROBLEMS:
        print(f"courtarchive: … and {len(skipped) - SHOWN_PROBLEMS} more malformed records "
              "(courtarchive verify lists them all)", file=sys.stderr)
    return db


def filters_of(args: argparse.Namespace) -> Filters:
    """The filters given on the command line."""
    return Filters(courts=args.court or [], types=args.type or [], filed_by=args.filed_by or [],
                   dispositions=args.disposition or [],
                   spiders=args.spider or [], since=args.since, until=args.until,
                   bad_redactions=getattr(args, "bad_redactions", False))


def print_json(value: Any) -> None:
    """`value` as indented JSON on stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def record_id_argument(value: str) -> str:
    """A record id as given (`court/source`, or its key `records/court/source.json`), checked.

    Raises:
        CliError: it cannot be a record id (status 2).
    """
    rid = re.sub(r"\.(json|txt)$", "", value.removeprefix("records/"))
    if not _ID.match(rid):
        raise CliError(f"{value!r} is not a record id (COURT/SOURCE_ID, as `courtarchive ls` shows)", 2)
    return rid


def load_record(archive: Archive, value: str) -> dict[str, Any]:
    """The record with id `value`.

    Raises:
        CliError: no such record (status 2), or the record is malformed (1).
    """
    rid = record_id_argument(value)
    try:
        record = read_record(archive, rid)
    except MalformedRecord as exc:
        raise CliError(f"malformed record records/{rid}.json: {exc}", 1) from None
    if record is None:
        raise CliError(f"no record {rid} in {archive.uri}", 2)
    return record


def ls_command(args: argparse.Namespace) -> int:
    """List documents, newest first."""
    db = open_db(args, open_archive(args))
    rows = list_documents(db, filters_of(args), args.limit)
    if args.json:
        print_json(rows)
    elif rows:
        width = os.get_terminal_size().columns if sys.stdout.isatty() else None
        print(table(rows, LS_COLUMNS, width))
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
        print(f"courtarchive: not a full-text query ({exc}); searching for the words instead",
              file=sys.stderr)
        hits = search(db, literal(query), filters_of(args), limit=args.limit, mark=mark)
    if args.json:
        print_json([asdict(hit) | {"snippets": [{"page": p, "text": t} for p, t in hit.snippets]}
                    for hit in hits])
    elif hits:
        print(hits_text(hits))
        if hits[0].score is None:
            print(f"courtarchive: {query!r} matches most of the archive, too many to rank by relevance: "
                  "newest first (add words or filters to narrow it)", file=sys.stderr)
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
    for expected, whose in ((None if args.text else record.get("sha256"), "the record"),
                            (blob.sha256, "the storage metadata")):
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
        print_json({"id": record["id"], "key": key, "file": args.output, "bytes": len(blob.data),
                    "sha256": actual, "verified": True})
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


def verify_command(args: argparse.Namespace) -> int:
    """Audit the archive; exit 1 listing what is wrong."""
    archive = open_archive(args)
    db = open_db(args, archive)
    progress = progress_line(args, "verify")
    try:
        report = verify(archive, db, sample=args.sample, seed=args.seed, progress=progress,
                        remove_temp=args.remove_temp)
    finally:
        progress.close()
    if args.json:
        print_json({"records": report.records, "originals": report.originals, "rehashed": report.rehashed,
                    "earlier_only": report.earlier_only, "removed_temp": list(report.removed),
                    "ok": report.ok, "findings": [asdict(f) for f in report.findings]})
    else:
        print(report_text(report))
    return 0 if report.ok else 1


def export_command(args: argparse.Namespace) -> int:
    """Stream records as JSON Lines or CSV."""
    db = open_db(args, open_archive(args))
    rows = export_rows(db, filters_of(args))
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            errors = "; ".join(f"{e.get('stage')}/{e.get('kind')}" for e in json.loads(row["record"])["errors"])
            writer.writerow([errors if name == "errors" else row[name] for name in CSV_COLUMNS])
        return 0
    for row in rows:
        if args.with_text:
            record = json.loads(row["record"])
            record["text"] = text_of(db, row["id"])
            sys.stdout.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            sys.stdout.write(row["record"] + "\n")
    return 0


def stats_command(args: argparse.Namespace) -> int:
    """Counts by court, type, month and error."""
    counts = stats(open_db(args, open_archive(args)), filters_of(args))
    if args.json:
        print_json(counts)
    else:
        print(stats_text(counts))
    return 0


def catalog_command(args: argparse.Namespace) -> int:
    """Update or rebuild the catalog, or say where it is."""
    archive = open_archive(args)
    if args.action == "path":
        print(catalog_path(archive, args.catalog))
        return 0
    progress = progress_line(args, "catalog")
    try:
        summary = update_catalog(archive, path=args.catalog, rebuild=args.action == "rebuild", progress=progress)
    finally:
        progress.close()
    for problem in summary.problems:
        print(f"courtarchive: skipped malformed record {problem.key}: {problem.message}", file=sys.stderr)
    if args.json:
        print_json(asdict(summary) | {"path": str(summary.path)})
    else:
        print(summary_text(summary))
    return 0


def summary_text(summary: UpdateSummary) -> str:
    """One line on what a catalog update did."""
    how = "rebuilt" if summary.rebuilt else "updated"
    return (f"catalog {summary.path} {how}: {summary.added} added, {summary.changed} changed, "
            f"{summary.removed} removed, {summary.unchanged} unchanged, {len(summary.problems)} malformed; "
            f"{summary.read} objects read in {summary.seconds:.2f} s")
