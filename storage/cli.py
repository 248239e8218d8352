"""`courtarchive`: use the parsers on local files and read the archive."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from parsers.errors import PdfError
from parsers.text import Extraction, extract
from storage.archive import add_extraction, sha256_hex
from storage.records import DocumentFacts, RecordParts, build_record, record_id


def extract_file(path: Path) -> tuple[dict[str, object], Extraction | PdfError]:
    """The record (without `source`) for one local PDF, and the raw extraction result."""
    data = path.read_bytes()
    sha256 = sha256_hex(data)
    try:
        result: Extraction | PdfError = extract(data)
    except PdfError as exc:
        result = exc
    parts = RecordParts(facts=DocumentFacts(), sha256=sha256)
    add_extraction(parts, result)
    record = build_record(record_id("local", sha256[:16]), parts)
    del record["source"]
    return record, result


def _extract_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"courtarchive: {path}: no such file", file=sys.stderr)
        return 2
    record, result = extract_file(path)
    if args.text:
        if isinstance(result, PdfError):
            print(f"courtarchive: {path}: {result.kind}: {result}", file=sys.stderr)
            return 1
        sys.stdout.write(result.text)
        return 0
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if isinstance(result, PdfError) else 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="courtarchive", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    extract_cmd = commands.add_parser(
        "extract", help="print the JSON record (or the text) extracted from one local PDF",
        description="Exit status: 0 when text was extracted, 1 when the PDF could not be read "
                    "(the record's `errors` says why), 2 when the file does not exist.")
    extract_cmd.add_argument("file", help="a PDF file")
    extract_cmd.add_argument("--text", action="store_true",
                             help="print the text instead, pages separated by form feeds")
    extract_cmd.set_defaults(handler=_extract_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `courtarchive` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
