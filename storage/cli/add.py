"""`courtarchive add URL|FILE`: archive one document without a spider, as a crawl would."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from parsers.analysis import Analysed
from parsers.errors import PdfError
from parsers.pool import ExtractionPool
from storage.archive import Archive, add_extraction, sha256_hex
from storage.catalog.update import CatalogError, update_catalog
from storage.cli.read import CliError, open_archive, print_json
from storage.fetch import DownloadError, download
from storage.outbox import Outbox, outbox_folder, store_original
from storage.records import (
    DocumentFacts,
    RecordParts,
    SourceFacts,
    build_record,
    record_id,
    safe_key_part,
)

SPIDER = "courtarchive-add"
MEGABYTE = 1024 * 1024
QUEUED = 4  # exit status: storage is down, the document waits in the local outbox


def is_url(value: str) -> bool:
    """Whether the argument is a URL rather than a file path."""
    return urlsplit(value).scheme in ("http", "https")


async def _extract_isolated(data: bytes) -> Analysed | PdfError:
    """Extract and analyse in a worker process bounded in time and memory, as a crawl does."""
    pool = ExtractionPool(1)
    try:
        return await pool.analyse(data)
    finally:
        pool.close()


def facts_of(args: argparse.Namespace, result: Analysed | PdfError) -> DocumentFacts:
    """What the user says about the document, filled in with what the parsers found in it
    (a CM/ECF stamp: docket, entry number, date filed); the user's flags win."""
    stamp = result.extraction.ecf if isinstance(result, Analysed) else None
    return DocumentFacts(
        court_id=args.court, case_name=args.case, title=args.title, document_type=args.type,
        judge=args.judge,
        docket_number=args.docket or (stamp.case_number if stamp else None),
        date_filed=args.date or (stamp.date_filed.isoformat() if stamp else None),
        entry_number=stamp.document_number if stamp else None,
    )


def _obtain(args: argparse.Namespace) -> tuple[bytes, str, SourceFacts | None]:
    """The document's bytes, a name to build its id from, and where it came from (None: a file)."""
    if is_url(args.source):
        try:
            fetched = download(args.source, max_bytes=int(args.max_size * MEGABYTE),
                               timeout=(10.0, args.timeout))
        except DownloadError as exc:
            raise CliError(f"{exc.kind}: {exc}; nothing archived", 1) from None
        source = SourceFacts(spider=SPIDER, url=fetched.url, listing_url=None, fetched_at=fetched.fetched_at,
                             etag=fetched.etag, last_modified=fetched.last_modified)
        return fetched.data, PurePosixPath(unquote(urlsplit(fetched.url).path)).stem, source
    path = Path(args.source)
    if not path.is_file():
        raise CliError(f"{path}: no such file (and not an http:// or https:// URL)", 2)
    return path.read_bytes(), path.stem, None


def archive_document(archive: Archive, outbox: Outbox, data: bytes, rid: str, args: argparse.Namespace,
                     source: SourceFacts | None) -> tuple[dict[str, Any], bool, Path | None]:
    """Store the original, extract it, write its text and record, as the crawl pipeline does;
    the record, whether text was extracted, and the outbox parcel that keeps them when
    storage is down (None: archived)."""
    sha256 = sha256_hex(data)
    unstored = store_original(archive, rid, data, sha256)
    result = asyncio.run(_extract_isolated(data))
    parts = RecordParts(facts=facts_of(args, result), sha256=sha256, original_key=archive.original_key(sha256),
                        source=source)
    add_extraction(parts, result)
    parcel = outbox.store_record(archive, rid, parts, unstored)
    return build_record(rid, parts), parts.extraction is not None, parcel


def add_command(args: argparse.Namespace) -> int:
    """Archive one document; exit 1 when its PDF could not be read (it is archived all the same),
    QUEUED when storage is down and it waits in the outbox for `courtarchive flush`."""
    archive = open_archive(args, create=True)
    data, name, source = _obtain(args)
    rid = record_id(args.court or "unknown", args.id or f"{safe_key_part(name or 'document')}-{sha256_hex(data)[:12]}")
    outbox = Outbox(outbox_folder(archive.uri, args.outbox))
    record, extracted, parcel = archive_document(archive, outbox, data, rid, args, source)
    if parcel is None:
        try:
            update_catalog(archive, path=args.catalog)
        except CatalogError as exc:  # the record is safe; the catalog catches up on its next update
            print(f"courtarchive: {exc}", file=sys.stderr)
    if args.json:
        print_json(record)
    for error in record["errors"]:
        print(f"courtarchive: {rid}: {error['stage']}/{error['kind']}: {error['message']}", file=sys.stderr)
    if parcel is not None:
        flush = "courtarchive flush" + (f" --outbox {args.outbox}" if args.outbox else "")
        print(f"queued {rid} in the outbox {outbox.folder}: storage is down; `{flush}` uploads it",
              file=sys.stderr if args.json else sys.stdout)
        return QUEUED
    if not args.json:
        pages = record["document"]["pages"]
        print(f"archived {rid}: {pages if pages is not None else 'no'} pages, original {record['files']['original']}")
    return 0 if extracted else 1
