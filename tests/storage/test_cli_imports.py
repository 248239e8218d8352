"""Read commands start fast: `storage.cli` loads no PDF stack (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

from parsers.metadata.kinds import TYPES
from parsers.text import ENGINES
from storage.cli import build_parser
from storage.records import DOCUMENT_TYPES

PDF_STACK = ("pdfplumber", "pypdfium2", "eyecite", "numpy", "pdfminer", "pytesseract", "scrapy")


def loaded_by(code: str) -> list[str]:
    probe = f"import sys; {code}; import json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    modules = json.loads(done.stdout)
    return [name for name in PDF_STACK if name in modules]


def test_the_cli_and_a_read_command_load_no_pdf_stack() -> None:
    assert loaded_by("import storage.cli") == []
    assert (
        loaded_by(
            "from storage.cli import build_parser, handler_of; "
            "[handler_of(build_parser().parse_args([c]).handler) for c in ('ls', 'stats')]"
        )
        == []
    )


def test_the_cli_offers_what_the_parsers_know() -> None:
    # Read from the record schema, without importing the parsers: the same types.
    assert DOCUMENT_TYPES == TYPES
    extract = build_parser().parse_args(["extract", "x.pdf"])
    assert extract.engine is None
    for engine in ENGINES:
        assert build_parser().parse_args(["extract", "--engine", engine, "x.pdf"]).engine == engine
