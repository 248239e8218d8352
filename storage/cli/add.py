"""`courtarchive add URL|FILE`: archive one document without a spider, as a crawl would.

It runs the crawl's own archiving sequence (`storage.archiving`): a document a crawl or an
earlier `add` archived already is not archived twice; this source is added to its record.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from storage.archive import Archive, sha256_hex
from storage.archiving import Archiver, Fetched, FetchFailed, Outcome, Result
from storage.catalog.update import CatalogError, update_catalog
from storage.cli.common import CliError, open_archive, print_json
from storage.document import CourtDocument
from storage.fetch import download
from storage.outbox import Outbox, outbox_folder
from storage.records import build_record, record_id, safe_key_part

SPIDER = "courtarchive-add"
MEGABYTE = 1024 * 1024
QUEUED = 4  # exit status: storage is down, the document waits in the local outbox


def is_url(value: str) -> bool:
    """Whether the argument is a URL rather than a file path."""
    return urlsplit(value).scheme in ("http", "https")


def _obtain(args: argparse.Namespace) -> tuple[Fetched, str, dict[str, Any]]:
    """The document's bytes, a name to build its id from, and where it came from: its URL
    after redirects, or the file's name."""
    if is_url(args.source):
        try:
            fetched = download(args.source, max_bytes=int(args.max_size * MEGABYTE), timeout=(10.0, args.timeout))
        except FetchFailed as exc:
            raise CliError(f"{exc.kind}: {exc}; nothing archived", 1) from None
        name = PurePosixPath(unquote(urlsplit(fetched.url).path)).stem
        return Fetched(fetched.data, fetched.etag, fetched.last_modified), name, {"document_url": fetched.url}
    path = Path(args.source)
    if not path.is_file():
        raise CliError(f"{path}: no such file (and not an http:// or https:// URL)", 2)
    return Fetched(path.read_bytes()), path.stem, {"source_extras": {"file": path.name}}


def document_of(args: argparse.Namespace, name: str, data: bytes, where: dict[str, Any]) -> CourtDocument:
    """What the user says about the document; the parsers fill in what the flags leave out
    from its CM/ECF stamp (docket, entry number, date filed)."""
    return CourtDocument(
        court_id=args.court,
        case_name=args.case,
        title=args.title,
        document_type=args.type,
        judge=args.judge,
        docket_number=args.docket,
        date_filed=date.fromisoformat(args.date) if args.date else None,
        source_id=args.id or f"{safe_key_part(name or 'document')}-{sha256_hex(data)[:12]}",
        **where,
    )


async def archive_document(archive: Archive, outbox: Outbox, doc: CourtDocument, fetched: Fetched) -> Result:
    """Run the archiving sequence on one document, its extraction in a worker process bounded
    in time and memory, as in a crawl."""
    from parsers.pool import (
        ExtractionPool,  # the PDF stack, only for the command that reads PDFs
    )

    async def fetch() -> Fetched:
        return fetched

    pool = ExtractionPool(1)
    try:
        archiver = Archiver(archive, outbox, spider=SPIDER, extract=pool.analyse)
        return await archiver.archive_document(
            doc, fetch, rid=record_id(doc.court_id, doc.source_id or ""), from_stamp=True, in_hand=True
        )
    finally:
        pool.close()


def add_command(args: argparse.Namespace) -> int:
    """Archive one document; exit 1 when its PDF could not be read (it is archived all the same),
    QUEUED when storage is down and it waits in the outbox for `courtarchive flush`."""
    archive = open_archive(args, create=True)
    fetched, name, where = _obtain(args)
    outbox = Outbox(outbox_folder(archive.uri, args.outbox))
    result = asyncio.run(archive_document(archive, outbox, document_of(args, name, fetched.data, where), fetched))
    if result.outcome in (Outcome.KEPT, Outcome.IN_OUTBOX):
        flush = "courtarchive flush" + (f" --outbox {args.outbox}" if args.outbox else "")
        print(
            f"queued {result.rid} in the outbox {outbox.folder}: storage is down; `{flush}` uploads it",
            file=sys.stderr if args.json else sys.stdout,
        )
        if args.json and result.parts is not None:
            print_json(build_record(result.rid, result.parts))
        return QUEUED
    try:
        update_catalog(archive, path=args.catalog)
    except CatalogError as exc:  # the record is safe; the catalog catches up on its next update
        print(f"courtarchive: {exc}", file=sys.stderr)
    record = archive.get_record(result.rid) or {}
    if args.json:
        print_json(record)
    if result.parts is None:  # the same document as an archived one
        what = "this source added to its record" if result.outcome == Outcome.JOINED else "nothing to add"
        print(f"already archived as {result.rid}: {what}", file=sys.stderr if args.json else sys.stdout)
        return 0
    for error in record["errors"]:
        print(f"courtarchive: {result.rid}: {error['stage']}/{error['kind']}: {error['message']}", file=sys.stderr)
    if not args.json:
        pages = record["document"]["pages"]
        print(
            f"archived {result.rid}: {pages if pages is not None else 'no'} pages, "
            f"original {record['files']['original']}"
        )
    return 0 if result.parts.extraction is not None else 1
