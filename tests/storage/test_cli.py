"""`courtarchive extract`: in process through main(), and once as a user runs it, the installed
console script."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from storage.records import SCHEMA_PATH
from tests.storage.conftest import EXECUTABLE, run_main
from tests.support import pdfgen

CorpusPdf = Callable[[str], Path]


def courtarchive(*args: str, console: bool = False) -> subprocess.CompletedProcess[str]:
    """`courtarchive ARGS`, in this process unless `console` (then as the installed script)."""
    if console:
        return subprocess.run([EXECUTABLE, *args], check=False, capture_output=True, text=True, timeout=300)
    done = run_main(list(args), {})
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr)


def record_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(SCHEMA_PATH.read_text())
    # `extract` prints everything but `source`.
    schema["required"] = [f for f in schema["required"] if f != "source"]  # type: ignore[attr-defined]
    return schema


def test_extract_prints_a_valid_record(corpus_pdf: CorpusPdf) -> None:
    path = corpus_pdf("scotuspdf__24-808_lkgn.pdf")
    result = courtarchive("extract", str(path), console=True)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    jsonschema.validate(record, record_schema())
    assert "source" not in record
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["document"]["pages"] == 9
    assert record["extraction"]["engine"] == "pdfplumber"
    assert record["errors"] == []


def test_extract_text_gives_one_chunk_per_page_in_order(tmp_path: Path) -> None:
    pdf = tmp_path / "three.pdf"
    pdf.write_bytes(pdfgen.text_pdf(["First page.", "Second page.", "Third page."]))
    result = courtarchive("extract", "--text", str(pdf))
    assert result.returncode == 0, result.stderr
    assert [chunk.split()[0] for chunk in result.stdout.split("\f")] == ["First", "Second", "Third"]
    # A page break reads as one: the last line of a page never runs into the next page's first.
    assert [line for line in result.stdout.split("\n") if "\f" in line] == ["\f", "\f"]


@pytest.mark.parametrize(("name", "kind"), [("doctor__empty.pdf", "empty"), ("truncated", "broken")])
def test_unreadable_pdf_gives_a_record_with_an_error_not_a_traceback(
    corpus_pdf: CorpusPdf, tmp_path: Path, name: str, kind: str
) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(pdfgen.truncated_pdf())
    result = courtarchive("extract", str(path if name == "truncated" else corpus_pdf(name)))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    record = json.loads(result.stdout)
    jsonschema.validate(record, record_schema())
    assert record["extraction"] is None
    assert [(e["stage"], e["kind"]) for e in record["errors"]] == [("extract", kind)]
    assert record["errors"][0]["message"]


def test_encrypted_pdf_is_reported(tmp_path: Path) -> None:
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(pdfgen.encrypted_pdf())
    record = json.loads(courtarchive("extract", str(pdf)).stdout)
    assert record["errors"][0]["kind"] == "encrypted"


def test_scan_keeps_its_page_count_and_names_the_pages_without_text(corpus_pdf: CorpusPdf) -> None:
    result = courtarchive("extract", "--no-ocr", str(corpus_pdf("doctor__image-pdf.pdf")))
    record = json.loads(result.stdout)
    assert record["document"]["pages"] == 2
    assert [e["kind"] for e in record["errors"]] == ["no_text_layer"]


def test_scan_is_ocrd_and_the_record_names_its_pages(corpus_pdf: CorpusPdf) -> None:
    result = courtarchive("extract", "--text", str(corpus_pdf("doctor__image-pdf-2.pdf")))
    assert result.returncode == 0, result.stderr
    assert "Judge Timothy W. Conner dissented." in result.stdout  # read on the page image
    record = json.loads(courtarchive("extract", str(corpus_pdf("doctor__image-pdf-2.pdf"))).stdout)
    assert record["extraction"]["ocr_pages"] == [1]
    assert record["errors"] == []


def test_pdf_pdfminer_cannot_open_is_read_by_pdfium(corpus_pdf: CorpusPdf) -> None:
    result = courtarchive("extract", "--no-ocr", str(corpus_pdf("doctor__missouri.pdf")))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["extraction"]["engine"] == "pypdfium2"
    assert [e["kind"] for e in record["errors"]] == ["engine_fallback"]


def test_fast_engine_is_a_choice(tmp_path: Path) -> None:
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(pdfgen.text_pdf(["Only page."]))
    record = json.loads(courtarchive("extract", "--engine", "pypdfium2", str(pdf)).stdout)
    assert record["extraction"]["engine"] == "pypdfium2"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = courtarchive("extract", str(tmp_path / "nope.pdf"))
    assert result.returncode == 2
    assert "no such file" in result.stderr
