"""`courtarchive`: read, search, audit and add to the archive, on a folder or S3 alike.

Exit status: 0 success; 1 the command ran and found something wrong (verify found damage, get
met a checksum mismatch, search matched nothing, add/extract could not read the PDF); 2 bad
usage (arguments, an unknown record id, a missing file); 3 the archive or its catalog cannot
be reached (missing folder, bad S3 credentials or bucket, storage down); 4 `add` found storage
down and kept the document in the local outbox, for `courtarchive flush` to upload.

The one parser is built here; each subcommand's handler lives in the module of its group
(read, maintain, add, extract, crawl, serve, watch) and is imported only when that subcommand runs, so a
read command never loads the PDF stack.

Over 300 lines: the one parser, every subcommand's arguments in one place, by design.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeAlias

from storage.blobs.base import StorageError
from storage.catalog.queries import SEARCH_LIMIT
from storage.catalog.update import CATALOG_ENV, CatalogError
from storage.cli.common import CliError
from storage.outbox import OUTBOX_ENV
from storage.records import DOCUMENT_TYPES
from storage.schedule.monitoring import ALERT_WEBHOOK_ENV
from storage.schedule.sources import DEFAULT_SOURCES, SOURCES_ENV
from storage.verify import STALE_TEMP_SECONDS
from storage.watches.model import SECRET_ENV

SERVE_PORT = 8001
Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--archive",
        metavar="URI",
        help="a folder, file://PATH or s3://BUCKET/PREFIX (default: $COURT_ARCHIVE_URI, else ./archive)",
    )
    common.add_argument(
        "--catalog",
        metavar="PATH",
        help=f"the catalog file (default: ${CATALOG_ENV}, else catalog.sqlite in a local "
        "archive, else under $XDG_CACHE_HOME/court-archiver/ for S3)",
    )
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    common.add_argument(
        "--progress", action="store_true", help="show progress on stderr even when it is not a terminal"
    )
    return common


def _filters() -> argparse.ArgumentParser:
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--court", action="append", metavar="ID", help="court id (repeatable): scotus, ca9")
    filters.add_argument("--since", type=_iso_date, metavar="DATE", help="filed on or after DATE")
    filters.add_argument("--until", type=_iso_date, metavar="DATE", help="filed on or before DATE")
    filters.add_argument(
        "--type",
        action="append",
        choices=DOCUMENT_TYPES,
        metavar="TYPE",
        help=f"document type (repeatable): {', '.join(DOCUMENT_TYPES)}",
    )
    filters.add_argument(
        "--filed-by",
        action="append",
        choices=("court", "party"),
        help="who filed it: the court or a party (repeatable)",
    )
    filters.add_argument("--disposition", action="append", metavar="TEXT", help="granted, denied, …")
    filters.add_argument(
        "--spider", action="append", metavar="NAME", help="a spider that reached it (any of its sources)"
    )
    filters.add_argument(
        "--bad-redactions",
        action="store_true",
        help="only documents with a bad redaction: a box over text still in the PDF",
    )
    filters.add_argument(
        "--no-update", action="store_true", help="use the catalog as it is, without looking for changed records"
    )
    return filters


def _option(*flags: str, **how: Any) -> argparse.ArgumentParser:
    """A parent parser holding one option, for the subcommands that share it."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(*flags, **how)
    return parent


def _wide() -> argparse.ArgumentParser:
    return _option(
        "--wide",
        action="store_true",
        help="every column, whole, on a terminal too (otherwise fitted to its width: columns left out, cut with …)",
    )


def _outbox() -> argparse.ArgumentParser:
    return _option(
        "--outbox",
        metavar="DIR",
        help=f"the outbox folder (default: ${OUTBOX_ENV}, else $XDG_STATE_HOME/court-archiver/outbox)",
    )


def _command(
    sub: Sub,
    name: str,
    handler: str,
    help_: str,
    parents: Sequence[argparse.ArgumentParser] = (),
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A subcommand whose handler is `module:function` under storage.cli, imported when it runs."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_, description=description or help_, parents=list(parents)
    )
    parser.set_defaults(handler=handler)
    return parser


def _read_commands(sub: Sub, common: argparse.ArgumentParser, filters: argparse.ArgumentParser) -> None:
    wide = _wide()
    ls = _command(sub, "ls", "read:ls_command", "list documents, newest first", [common, filters, wide])
    ls.add_argument("--limit", type=int, metavar="N")
    show = _command(sub, "show", "read:show_command", "show one record (--json: the record itself)", [common])
    show.add_argument("id", help="record id: COURT/SOURCE_ID")
    search = _command(
        sub,
        "search",
        "read:search_command",
        'full-text search (FTS5: "a phrase", AND, OR, NOT, prefix*, NEAR(a b, 5)); exit 1 when nothing matches',
        [common, filters, wide],
    )
    search.add_argument("query")
    search.add_argument(
        "--limit", type=int, default=SEARCH_LIMIT, metavar="N", help=f"at most N documents ({SEARCH_LIMIT})"
    )
    search.add_argument("--literal", action="store_true", help="search for the words, ignoring FTS5 syntax")
    get = _command(
        sub,
        "get",
        "read:get_command",
        "write an original PDF (or --text its text), verified against its sha256",
        [common],
    )
    get.add_argument("id", help="record id: COURT/SOURCE_ID")
    get.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    get.add_argument("--text", action="store_true", help="the extracted text instead of the PDF")
    export = _command(
        sub,
        "export",
        "read:export_command",
        "stream records as JSON Lines (the records themselves) or CSV",
        [common, filters],
    )
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--with-text", action="store_true", help="jsonl: add each document's `text`")
    _command(sub, "stats", "read:stats_command", "counts by court, type, month and error", [common, filters, wide])


def _maintain_commands(sub: Sub, common: argparse.ArgumentParser) -> None:
    verify = _command(
        sub,
        "verify",
        "maintain:verify_command",
        "re-hash originals against their records and storage checksums; find records "
        "without originals and originals without records; exit 1 listing problems",
        [common],
    )
    verify.add_argument("--sample", type=int, metavar="N", help="re-hash N random originals, not all")
    verify.add_argument("--seed", type=int, help="seed for --sample, to repeat a draw")
    verify.add_argument(
        "--remove-temp",
        action="store_true",
        help="delete the .tmp- files that interrupted writes left in a local archive "
        f"(those unchanged for {STALE_TEMP_SECONDS // 60} minutes) instead of listing them",
    )
    catalog = _command(
        sub,
        "catalog",
        "maintain:catalog_command",
        "update or rebuild the SQLite catalog from the records, or print its path",
        [common],
    )
    catalog.add_argument("action", choices=("update", "rebuild", "path"))
    _command(
        sub,
        "flush",
        "maintain:flush_command",
        "upload the documents a crawl or `add` kept in the local "
        "outbox while storage was down; exit 1 if some were damaged on disk",
        [common, _outbox()],
    )


def _write_commands(sub: Sub, common: argparse.ArgumentParser) -> None:
    extract = _command(
        sub,
        "extract",
        "extract:extract_command",
        "print the JSON record (or the text) extracted from one local PDF",
        description="Exit status: 0 when text was extracted, 1 when the PDF could not be read "
        "(the record's `errors` says why), 2 when the file does not exist.",
    )
    extract.add_argument("file", help="a PDF file")
    extract.add_argument(
        "--text",
        action="store_true",
        help="print the text instead, pages separated by form feeds, each on a line of its own",
    )
    extract.add_argument("--quotes", action="store_true", help="print the key quotes instead: rank, page and sentence")
    extract.add_argument(
        "--engine",
        choices=("pdfplumber", "pypdfium2"),
        help="the text-layer engine (default: pdfplumber; pypdfium2 is about 4 times faster)",
    )
    extract.add_argument(
        "--no-ocr", dest="ocr", action="store_false", help="do not OCR pages that have no usable text layer"
    )
    add = _command(
        sub,
        "add",
        "add:add_command",
        "archive one PDF from a URL or a file, as a crawl would (a "
        "document archived already gets this source added); flags override what is found in it; "
        "exit 4 when storage is down and it waits in the outbox for `courtarchive flush`",
        [common, _outbox()],
    )
    add.add_argument("source", metavar="URL|FILE")
    add.add_argument("--court", metavar="ID", help="court id (default: unknown)")
    add.add_argument("--docket", metavar="NUMBER")
    add.add_argument("--case", metavar="NAME")
    add.add_argument("--title")
    add.add_argument("--type", choices=DOCUMENT_TYPES)
    add.add_argument("--date", type=_iso_date, metavar="DATE", help="date filed")
    add.add_argument("--judge", metavar="NAME")
    add.add_argument("--id", metavar="SOURCE_ID", help="source id (default: file name + sha256 prefix)")
    add.add_argument("--max-size", type=float, default=200, metavar="MB", help="download limit (200 MB)")
    add.add_argument("--timeout", type=float, default=60, metavar="SECONDS", help="read timeout (60 s)")


def _schedule_command(sub: Sub, common: argparse.ArgumentParser) -> None:
    crawl = _command(
        sub,
        "crawl",
        "crawl:crawl_command",
        "crawl the configured sources (for cron)",
        [common],
        description="Run each source of the sources file with `scrapy crawl`, store a run report "
        "under runs/ in the archive, update the catalog, deliver what is new to each watch "
        "(`courtarchive watch`), POST the report to "
        f"${ALERT_WEBHOOK_ENV} when a source failed. Exit status: 0 all sources "
        "healthy, 1 a source failed, 2 bad usage, 3 the archive cannot be reached.",
    )
    crawl.add_argument("sources", nargs="*", metavar="SOURCE", help="only these sources (default: all)")
    crawl.add_argument(
        "--config", metavar="PATH", help=f"the sources file (default: ${SOURCES_ENV}, else ./{DEFAULT_SOURCES})"
    )
    crawl.add_argument("--parallel", type=int, default=1, metavar="N", help="crawl N sources at once (1)")
    crawl.add_argument("--log-dir", metavar="DIR", help="keep each source's crawl log as DIR/SOURCE.log")
    crawl.add_argument(
        "--timeout",
        type=int,
        metavar="SECONDS",
        help="stop a source's crawl after this long, unless its `timeout` says otherwise (default: no limit)",
    )


def _serve_command(sub: Sub, common: argparse.ArgumentParser) -> None:
    help_ = (
        "browse the catalog in Datasette (the [web] extra): facets, full-text search, and a "
        "page per document with its key quotes highlighted on the PDF; read-only"
    )
    serve = _command(
        sub,
        "serve",
        "serve:serve_command",
        help_,
        [common],
        description=help_ + ". Listens on 127.0.0.1 unless --host says otherwise; any other address needs a "
        "password in COURT_ARCHIVE_WEB_PASSWORD (user COURT_ARCHIVE_WEB_USER, default reader). Serves the "
        "catalog as it is when it starts.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=SERVE_PORT, help=f"the port ({SERVE_PORT})")
    serve.add_argument(
        "--no-update", action="store_true", help="serve the catalog as it is, without looking for changed records"
    )


def _watch_commands(sub: Sub, common: argparse.ArgumentParser) -> None:
    watch = sub.add_parser(
        "watch",
        help="watches: new documents matching filters, delivered after each crawl by webhook, email or Atom feed",
        description="Watches are kept in the archive, so every machine crawling into it shares them. After each "
        "crawl (scrapy crawl, courtarchive crawl) every document new to a watch is delivered once to its channels.",
    )
    commands = watch.add_subparsers(dest="watch_command", required=True)
    add = _command(
        commands, "add", "watch:add_command", "add a watch (the documents it matches now are not sent)", [common]
    )
    add.add_argument("name", help="letters, digits, . _ - (the feed is feeds/NAME.atom)")
    add.add_argument("--search", metavar="QUERY", help="full-text query, as `courtarchive search` takes it")
    add.add_argument("--literal", action="store_true", help="search for the words, ignoring FTS5 syntax")
    add.add_argument("--court", action="append", metavar="ID", help="court id (repeatable)")
    add.add_argument(
        "--type", action="append", choices=DOCUMENT_TYPES, metavar="TYPE", help="document type (repeatable)"
    )
    add.add_argument("--filed-by", action="append", choices=("court", "party"), help="court or party (repeatable)")
    add.add_argument("--disposition", action="append", metavar="TEXT", help="granted, denied, … (repeatable)")
    add.add_argument("--judge", action="append", metavar="NAME", help="part of the judge's name (repeatable)")
    add.add_argument("--docket", action="append", metavar="NUMBER", help="part of the docket number (repeatable)")
    add.add_argument("--case", action="append", metavar="NAME", help="part of the case name (repeatable)")
    add.add_argument(
        "--bad-redactions", action="store_true", help="only documents with a box over words still in the PDF"
    )
    add.add_argument("--webhook", metavar="URL", help=f"POST each document there, signed with ${SECRET_ENV}")
    add.add_argument(
        "--email",
        action="append",
        metavar="ADDRESS",
        help="one message per run to this address (repeatable; SMTP from $COURT_ARCHIVE_SMTP_*)",
    )
    add.add_argument("--atom", action="store_true", help="keep the Atom feed feeds/NAME.atom in the archive")
    _command(
        commands, "ls", "watch:ls_command", "list watches: last delivery, pending, last failure", [common, _wide()]
    )
    rm = _command(commands, "rm", "watch:rm_command", "remove a watch (its ledger stays)", [common])
    rm.add_argument("name")
    test = _command(
        commands, "test", "watch:test_command", "show what the watch would send now; sends nothing", [common]
    )
    test.add_argument("name")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface: every subcommand, grouped as their handlers' modules are."""
    parser = argparse.ArgumentParser(
        prog="courtarchive", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common = _common()
    _write_commands(sub, common)
    _read_commands(sub, common, _filters())
    _maintain_commands(sub, common)
    _schedule_command(sub, common)
    _serve_command(sub, common)
    _watch_commands(sub, common)
    return parser


def handler_of(name: str) -> Callable[[argparse.Namespace], int]:
    """The handler `module:function` of storage.cli names."""
    module, function = name.split(":")
    handler: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(f"storage.cli.{module}"), function)
    return handler


def _fail(message: object) -> None:
    print("courtarchive: " + " ".join(str(message).split()), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `courtarchive` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        status: int = handler_of(args.handler)(args)
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
