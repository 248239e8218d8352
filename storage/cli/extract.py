"""`courtarchive extract FILE`: the record (or text, or key quotes) read from one local PDF."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.errors import PdfError
from storage.archive import add_extraction, sha256_hex
from storage.cli.render import quotes_text
from storage.document import DocumentRef
from storage.records import RecordParts, build_record, record_id

if TYPE_CHECKING:
    from parsers.text import Extraction


def extract_file(
    path: Path, *, engine: str | None = None, ocr: bool = True
) -> tuple[dict[str, object], Extraction | PdfError]:
    """The record (without `source`) for one local PDF, and the raw extraction result."""
    from parsers.analysis import (  # the PDF stack, loaded for this command only
        Analysed,
        analyse,
    )
    from parsers.text import DEFAULT_ENGINE, extract, keep_hidden_text

    data = path.read_bytes()
    sha256 = sha256_hex(data)
    try:
        result: Extraction | PdfError = extract(
            data, engine=engine or DEFAULT_ENGINE, ocr=ocr, keep_hidden=keep_hidden_text()
        )
    except PdfError as exc:
        result = exc
    parts = RecordParts(facts=DocumentRef(document_type=None), sha256=sha256)
    add_extraction(parts, result if isinstance(result, PdfError) else Analysed(result, analyse(result)))
    record = build_record(record_id("local", sha256[:16]), parts)
    del record["source"]
    return record, result


def extract_command(args: argparse.Namespace) -> int:
    """Print the record, text or key quotes of one local PDF; 1 when it could not be read."""
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
        print(quotes_text(record))
        return 1 if isinstance(result, PdfError) else 0
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if isinstance(result, PdfError) else 0
