"""`courtarchive`: read, search, audit and add to the archive, on a folder or S3 alike.

Exit status: 0 success; 1 the command ran and found something wrong (verify found damage, get
met a checksum mismatch, search matched nothing, add/extract could not read the PDF); 2 bad
usage (arguments, an unknown record id, a missing file); 3 the archive or its catalog cannot
be reached (missing folder, bad S3 credentials or bucket, storage down); 4 `add` found storage
down and kept the document in the local outbox, for `courtarchive flush` to upload.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from parsers.analysis import Analysed, analyse
from parsers.errors import PdfError
from parsers.metadata.kinds import TYPES
from parsers.text import DEFAULT_ENGINE, ENGINES, Extraction, extract
from storage import commands, render
from storage.add import add_command
from storage.archive import add_extraction, sha256_hex
from storage.base import StorageError
from storage.catalog import CATALOG_ENV, CatalogError
from storage.commands import CliError
from storage.crawl_command import add_crawl_parser
from storage.flush import flush_command
from storage.outbox import OUTBOX_ENV
from storage.queries import SEARCH_LIMIT
from storage.records import DocumentFacts, RecordParts, build_record, record_id
from storage.verify import STALE_TEMP_SECONDS
from storage.watches.cli import add_watch_commands
from storage.web.command import add_serve_parser


def extract_file(path: Path, *, engine: str = DEFAULT_ENGINE,
                 ocr: bool = True) -> tuple[dict[str, object], Extraction | PdfError]:
    """The record (without `source`) for one local PDF, and the raw extraction result."""
    data = path.read_bytes()
    sha256 = sha256_hex(data)
    try:
        result: Extraction | PdfError = extract(data, engine=engine, ocr=ocr)
    except PdfError as exc:
        result = exc
    parts = RecordParts(facts=DocumentFacts(), sha256=sha256)
    add_extraction(parts, result if isinstance(result, PdfError) else Analysed(result, analyse(result)))
    record = build_record(record_id("local", sha256[:16]), parts)
    del record["source"]
    return record, result


def _extract_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"courtarchive: {path}: no such file", file=sys.stderr)
        return 2
    record, result = extract_file(path, engine=args.engine, ocr=args.ocr)
    if args.text:
        if isinstance(result, PdfError):
            print(f"courtarchive: {path}: {result.kind}: {result}", file=sys.stderr)
            return 1
        # Each form feed on a line of its own: a terminal shows it as nothing, and the last line
        # of a page would otherwise run into the next page's first ("DebevoiseArgued").
        sys.stdout.write(result.text.replace("\f", "\n\f\n") + "\n")
        return 0
    if args.quotes:
        print(render.quotes_text(record))
        return 1 if isinstance(result, PdfError) else 0
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if isinstance(result, PdfError) else 0


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--archive", metavar="URI",
                        help="a folder, file://PATH or s3://BUCKET/PREFIX (default: $COURT_ARCHIVE_URI, "
                             "else ./archive)")
    common.add_argument("--catalog", metavar="PATH",
                        help=f"the catalog file (default: ${CATALOG_ENV}, else catalog.sqlite in a local "
                             "archive, else under $XDG_CACHE_HOME/court-archiver/ for S3)")
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    common.add_argument("--progress", action="store_true",
                        help="show progress on stderr even when it is not a terminal")
    return common


def _filters() -> argparse.ArgumentParser:
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--court", action="append", metavar="ID", help="court id (repeatable): scotus, ca9")
    filters.add_argument("--since", type=_iso_date, metavar="DATE", help="filed on or after DATE")
    filters.add_argument("--until", type=_iso_date, metavar="DATE", help="filed on or before DATE")
    filters.add_argument("--type", action="append", choices=TYPES, metavar="TYPE",
                         help=f"document type (repeatable): {', '.join(TYPES)}")
    filters.add_argument("--filed-by", action="append", choices=("court", "party"),
                         help="who filed it: the court or a party (repeatable)")
    filters.add_argument("--disposition", action="append", metavar="TEXT", help="granted, denied, …")
    filters.add_argument("--spider", action="append", metavar="NAME", help="a spider that reached it (any of its sources)")
    filters.add_argument("--no-update", action="store_true",
                         help="use the catalog as it is, without looking for changed records")
    return filters


def _command(commands_: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
             handler: Callable[[argparse.Namespace], int], help_: str,
             parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands_.add_parser(name, help=help_, description=help_, parents=list(parents))
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="courtarchive", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    common, filters = _common(), _filters()
    extract_cmd = sub.add_parser(
        "extract", help="print the JSON record (or the text) extracted from one local PDF",
        description="Exit status: 0 when text was extracted, 1 when the PDF could not be read "
                    "(the record's `errors` says why), 2 when the file does not exist.")
    extract_cmd.add_argument("file", help="a PDF file")
    extract_cmd.add_argument("--text", action="store_true",
                             help="print the text instead, pages separated by form feeds, each on a line of its own")
    extract_cmd.add_argument("--quotes", action="store_true",
                             help="print the key quotes instead: rank, page and sentence")
    extract_cmd.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE,
                             help=f"the text-layer engine ({DEFAULT_ENGINE})")
    extract_cmd.add_argument("--no-ocr", dest="ocr", action="store_false",
                             help="do not OCR pages that have no usable text layer")
    extract_cmd.set_defaults(handler=_extract_command)

    ls = _command(sub, "ls", commands.ls_command, "list documents, newest first", [common, filters])
    ls.add_argument("--limit", type=int, metavar="N")
    show = _command(sub, "show", commands.show_command, "show one record (--json: the record itself)", [common])
    show.add_argument("id", help="record id: COURT/SOURCE_ID")
    search = _command(sub, "search", commands.search_command,
                      "full-text search (FTS5: \"a phrase\", AND, OR, NOT, prefix*, NEAR(a b, 5)); "
                      "exit 1 when nothing matches", [common, filters])
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=SEARCH_LIMIT, metavar="N",
                        help=f"at most N documents ({SEARCH_LIMIT})")
    search.add_argument("--literal", action="store_true", help="search for the words, ignoring FTS5 syntax")
    get = _command(sub, "get", commands.get_command,
                   "write an original PDF (or --text its text), verified against its sha256", [common])
    get.add_argument("id", help="record id: COURT/SOURCE_ID")
    get.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    get.add_argument("--text", action="store_true", help="the extracted text instead of the PDF")
    verify = _command(sub, "verify", commands.verify_command,
                      "re-hash originals against their records and storage checksums; find records "
                      "without originals and originals without records; exit 1 listing problems", [common])
    verify.add_argument("--sample", type=int, metavar="N", help="re-hash N random originals, not all")
    verify.add_argument("--seed", type=int, help="seed for --sample, to repeat a draw")
    verify.add_argument("--remove-temp", action="store_true",
                        help="delete the .tmp- files that interrupted writes left in a local archive "
                             f"(those unchanged for {STALE_TEMP_SECONDS // 60} minutes) instead of listing them")
    export = _command(sub, "export", commands.export_command,
                      "stream records as JSON Lines (the records themselves) or CSV", [common, filters])
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--with-text", action="store_true", help="jsonl: add each document's `text`")
    _command(sub, "stats", commands.stats_command, "counts by court, type, month and error", [common, filters])
    catalog = _command(sub, "catalog", commands.catalog_command,
                       "update or rebuild the SQLite catalog from the records, or print its path", [common])
    catalog.add_argument("action", choices=("update", "rebuild", "path"))
    outbox = argparse.ArgumentParser(add_help=False)
    outbox.add_argument("--outbox", metavar="DIR", help=f"the outbox folder (default: ${OUTBOX_ENV}, "
                        "else $XDG_STATE_HOME/court-archiver/outbox)")
    _command(sub, "flush", flush_command, "upload the documents a crawl or `add` kept in the local outbox "
             "while storage was down; exit 1 if some were damaged on disk", [common, outbox])
    add = _command(sub, "add", add_command, "archive one PDF from a URL or a file, as a crawl would; "
                   "flags override what is found in it; exit 4 when storage is down and it waits in "
                   "the outbox for `courtarchive flush`", [common, outbox])
    add.add_argument("source", metavar="URL|FILE")
    add.add_argument("--court", metavar="ID", help="court id (default: unknown)")
    add.add_argument("--docket", metavar="NUMBER")
    add.add_argument("--case", metavar="NAME")
    add.add_argument("--title")
    add.add_argument("--type", choices=TYPES)
    add.add_argument("--date", type=_iso_date, metavar="DATE", help="date filed")
    add.add_argument("--judge", metavar="NAME")
    add.add_argument("--id", metavar="SOURCE_ID", help="source id (default: file name + sha256 prefix)")
    add.add_argument("--max-size", type=float, default=200, metavar="MB", help="download limit (200 MB)")
    add.add_argument("--timeout", type=float, default=60, metavar="SECONDS", help="read timeout (60 s)")
    add_crawl_parser(sub, common)
    add_watch_commands(sub, common)
    add_serve_parser(sub, common)
    return parser


def _fail(message: object) -> None:
    print("courtarchive: " + " ".join(str(message).split()), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `courtarchive` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except CliError as exc:
        _fail(exc)
        return exc.status
    except (StorageError, CatalogError) as exc:
        _fail(exc)
        return 3
    except BrokenPipeError:  # `courtarchive ls | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
