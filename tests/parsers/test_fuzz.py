"""Fuzzing: over 200 mutated and hostile PDFs through the crawl's extraction and analysis pool,
with its time and memory caps.

Nothing may escape as an exception: every input ends as an extraction or a typed error, and
each becomes a record that validates against the schema.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from parsers.analysis import Analysed
from parsers.errors import PdfError
from parsers.pool import ExtractionPool
from storage.archive import add_extraction
from storage.document import DocumentRef
from storage.records import SCHEMA_PATH, RecordParts, build_record
from tests.support.fuzz import Mutant, corpus

# Small `dev` files of corpus/SPLITS.md that parse in well under a second (no OCR); eval files
# are not used as seeds.
SEEDS = [
    "xray__rect_ordering_4.1.pdf",
    "doctor__rectangles_yes_2.pdf",
    "doctor__rectangles_no.pdf",
    "doctor__rectangles_yes.pdf",
    "doctor__ca6_1-3.pdf",
    "doctor__ca2_1-1.pdf",
    "xray__no_bad_redactions.7.1.pdf",
    "courtlistener__gov.uscourts.ca1.12-2209.00106475093.0.pdf",
    "xray__gov.uscourts.caed.380641.4.0.pdf",
    "doctor__ca7_3.pdf",
    "doctor__cafc_3.pdf",
]
KINDS = {"empty", "broken", "encrypted", "too_large", "timeout", "crashed"}
Result = Analysed | PdfError


async def _extract_all(mutants: list[Mutant]) -> dict[str, Result]:
    pool = ExtractionPool(2, timeout=5, memory_mb=1024)
    try:
        results = await asyncio.gather(*(pool.analyse(m.data) for m in mutants))
        # The pool survives it all: a plain PDF afterwards is still read.
        results.append(await pool.analyse(next(m.data for m in mutants if m.name == "plain:control")))
    finally:
        pool.close()
    return dict(zip([m.name for m in mutants] + ["after"], results, strict=True))


@pytest.fixture(scope="module")
def results(corpus_pdf: Callable[[str], Path]) -> dict[str, Result]:
    mutants = corpus({name: corpus_pdf(name).read_bytes() for name in SEEDS})
    assert len(mutants) >= 200
    assert len({m.name for m in mutants}) == len(mutants)
    return asyncio.run(_extract_all(mutants))


def test_every_input_ends_as_text_or_a_typed_error(results: dict[str, Result]) -> None:
    outcomes = Counter(r.kind if isinstance(r, PdfError) else "ok" for r in results.values())
    assert set(outcomes) <= KINDS | {"ok"}, outcomes
    assert outcomes["ok"] >= 20 and outcomes["broken"] >= 20, outcomes
    for name, result in results.items():
        if isinstance(result, Analysed):
            assert len(result.extraction.text.split("\f")) == result.extraction.page_count, name
        else:
            assert str(result), name


def test_hostile_pdfs_are_stopped(results: dict[str, Result]) -> None:
    for name in (
        "bomb:content-1GiB",
        "bomb:content-4GiB",
        "encrypted:user-password",
        "encrypted:truncated",
        "loop:kids",
    ):
        assert isinstance(results[name], PdfError), name
    assert results["encrypted:user-password"].kind == "encrypted"  # type: ignore[union-attr]
    after = results["after"]
    assert isinstance(after, Analysed) and "It is so ordered." in after.extraction.text


def test_every_failure_becomes_a_valid_record(results: dict[str, Result]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    # One validator for all the records (jsonschema.validate would check the schema every time).
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    validator.check_schema(schema)
    for name, result in results.items():
        parts = RecordParts(facts=DocumentRef(document_type=None, court_id="fuzz"))
        add_extraction(parts, result)
        record = build_record("fuzz/mutant", parts)
        validator.validate(record)
        if isinstance(result, PdfError):
            assert record["errors"][-1]["stage"] == "extract", name
            assert record["errors"][-1]["kind"] == result.kind, name
