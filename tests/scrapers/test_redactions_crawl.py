"""A crawl of documents with bad redactions (boxes over words still in the PDF): the record
flags them, and neither the text, the catalog's search nor the key quotes hold the hidden
words; with COURT_ARCHIVE_KEEP_HIDDEN_TEXT=true they are kept, and still flagged.

The mirror's listed PDFs are, in turn: x-ray's `rectangles_yes.pdf` (a real filing: three
black boxes, one over "Yes”, but did not disclose all relevant medical history"), a
generated court order with a black box over a name, and a generated page whose bars cover
nothing (proper redactions).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import cycle
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from parsers.redactions import MASK
from storage.archive import Archive
from storage.records import SCHEMA_PATH
from tests.storage.conftest import Cli
from tests.support.crawl import run_spider
from tests.support.mirror import Mirror, serving
from tests.support.pdfgen import redacted_pdf

SINCE = "2023-06-29"  # six opinions in the mirror's listings
ORDER = [
    ("ORDER GRANTING MOTION TO SEAL", "", ""),
    ("The Court has considered the motion and the record.", "", ""),
    ("The motion to seal the records of ", "Jonathan Quillfeather", " is GRANTED."),
    ("IT IS SO ORDERED.", "", ""),
]
PROPER = [("The motion to seal the records of ", "Jane Roe", " is GRANTED."), ("IT IS SO ORDERED.", "", "")]
HIDDEN = ("Quillfeather", "relevant medical history")


@pytest.fixture(scope="module")
def served(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    bodies = [
        shared_path("fixtures/xray/rectangles_yes.pdf").read_bytes(),
        redacted_pdf(ORDER, box="over"),
        redacted_pdf(PROPER, box="proper"),
    ]
    mirror = Mirror.of_corpus(["doctor__ca7_3.pdf"])
    links = [path for path in mirror.routes if path.endswith(".pdf")]
    for link, body in zip(links, cycle(bodies)):
        mirror.routes[link] = (200, body, "application/pdf")
    return mirror


def crawled(mirror: Mirror, folder: Path, keep_hidden_text: bool = False) -> Cli:
    # In process, a setting: the settings module read the environment once, when first imported.
    settings = {"COURT_ARCHIVE_KEEP_HIDDEN_TEXT": keep_hidden_text}
    with serving(mirror) as url:
        done = run_spider("scotus", folder / "archive", settings=settings, base_url=url, term="22", since=SINCE)
    assert not done.failures, done.log[-3000:]
    return Cli(str(folder / "archive"), {"XDG_CACHE_HOME": str(folder / "cache")})


@pytest.fixture(scope="module")
def masked(served: Mirror, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return crawled(served, tmp_path_factory.mktemp("masked"))


@pytest.fixture(scope="module")
def kept(served: Mirror, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return crawled(served, tmp_path_factory.mktemp("kept"), keep_hidden_text=True)


def records(cli: Cli) -> list[tuple[dict[str, Any], str]]:
    archive = Archive.open(cli.uri)
    found = []
    for record in archive.records():
        text = archive.blobs.read(record["files"]["text"])
        found.append((record, text.decode("utf-8") if text is not None else ""))
    return found


def bad_boxes(record: dict[str, Any]) -> list[tuple[int, str, int]]:
    return [(item["page"], item["kind"], item["chars"]) for item in record["redactions"] if item["hides_text"]]


def test_the_record_flags_each_bad_redaction(masked: Cli) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    found = records(masked)
    assert len(found) == 6
    flags = sorted(len(bad_boxes(record)) for record, _ in found)
    assert flags == [0, 0, 1, 1, 3, 3]  # proper bars, the order's box, the filing's three
    for record, _ in found:
        jsonschema.validate(record, schema)
        assert record["extraction"]["hidden_text"] == "masked"
        if not bad_boxes(record):
            assert {item["kind"] for item in record["redactions"]} == {"proper"}
        # Counts and boxes only: the hidden words are nowhere in the record.
        assert not any(word in json.dumps(record) for word in HIDDEN)


def test_the_text_and_the_quotes_hold_a_mark_not_the_hidden_words(masked: Cli) -> None:
    for record, text in records(masked):
        assert not any(word in text for word in HIDDEN)
        if len(bad_boxes(record)) == 1:  # the generated order
            assert f"records of {MASK * 8} {MASK * 12} is GRANTED." in text
            quotes = [quote["text"] for quote in record["quotes"]]
            assert any(MASK in quote for quote in quotes), quotes


def test_the_catalog_neither_finds_the_hidden_words_nor_misses_the_rest(masked: Cli) -> None:
    for word in HIDDEN:
        masked("search", f'"{word}"', check=1)
    assert masked("search", "Schubert").stdout  # visible words of the same filing are found
    flagged = json.loads(masked("ls", "--bad-redactions", "--json").stdout)
    assert len(flagged) == 4 and len(json.loads(masked("ls", "--json").stdout)) == 6
    shown = masked("show", flagged[0]["id"]).stdout
    assert "bad redactions" in shown


def test_keeping_hidden_text_keeps_it_and_still_flags_it(kept: Cli) -> None:
    found = records(kept)
    assert sorted(len(bad_boxes(record)) for record, _ in found) == [0, 0, 1, 1, 3, 3]
    assert all(record["extraction"]["hidden_text"] == "kept" for record, _ in found)
    assert any("Jonathan Quillfeather" in text for _, text in found)
    assert kept("search", '"relevant medical history"').stdout
