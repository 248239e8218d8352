"""What the `courtarchive` commands share: opening the archive and its catalog, progress,
JSON output, record ids, and the error that ends a command with a status."""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
from typing import Any
from urllib.parse import urlsplit

from storage.archive import Archive
from storage.blobs.base import DEFAULT_ARCHIVE_URI
from storage.catalog.queries import Filters
from storage.catalog.rows import MalformedRecord, read_record
from storage.catalog.update import open_catalog, problems
from storage.cli.terminal import Progress

ARCHIVE_ENV = "COURT_ARCHIVE_URI"
SHOWN_PROBLEMS = 10
_ID = re.compile(r"^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$")


class CliError(Exception):
    """A failure to report in one line, with the exit status to end with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def progress_line(args: argparse.Namespace, label: str) -> Progress:
    """Progress on stderr when it is a terminal (not in cron, a pipe or a log) or `--progress` asks for it."""
    return Progress(label, sys.stderr, force=bool(getattr(args, "progress", False)))


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
        db, _ = open_catalog(
            archive, path=args.catalog, update=not getattr(args, "no_update", False), progress=progress
        )
    finally:
        progress.close()
    skipped = problems(db)
    for problem in skipped[:SHOWN_PROBLEMS]:
        print(f"courtarchive: skipped malformed record {problem.key}: {problem.message}", file=sys.stderr)
    if len(skipped) > SHOWN_PROBLEMS:
        print(
            f"courtarchive: … and {len(skipped) - SHOWN_PROBLEMS} more malformed records "
            "(courtarchive verify lists them all)",
            file=sys.stderr,
        )
    return db


def filters_of(args: argparse.Namespace) -> Filters:
    """The filters given on the command line."""
    return Filters(
        courts=args.court or [],
        types=args.type or [],
        filed_by=args.filed_by or [],
        dispositions=args.disposition or [],
        spiders=args.spider or [],
        since=args.since,
        until=args.until,
        bad_redactions=getattr(args, "bad_redactions", False),
    )


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
