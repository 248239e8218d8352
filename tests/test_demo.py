"""`make demo`: every record it writes describes its own PDF, as the PDF itself prints it."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from storage.cli import main
from tests.conftest import Demo
from tests.demo import LISTED

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_OMITTED = {"in", "re", "the", "of", "and", "inc.", "co.", "corp.", "ltd.", "llc", "jr."}


def pdf_text(data: bytes) -> str:
    """The PDF's text as PDFium reads it, whitespace collapsed, dashes plain, lower case: an
    independent reading (the parsers under test clean and rearrange theirs)."""
    document = pypdfium2.PdfDocument(data)
    try:
        text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    return " ".join(text.translate(_DASHES).split()).lower()


def parties(case_name: str) -> list[str]:
    """The first telling word of each side of a case name (`Tessera`, `Toshiba`)."""
    words = [
        [w for w in side.lower().replace(",", " ").split() if w not in _OMITTED]
        for side in re.split(r" v\. ", case_name)
    ]
    return [side[0] for side in words if side]


def records(demo: Demo) -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted((demo.archive / "records").glob("*/*.json"))]


def test_every_demo_record_names_the_case_and_docket_its_pdf_prints(demo: Demo) -> None:
    written = records(demo)
    assert len(written) == len(LISTED) == 11
    for record in written:
        text = pdf_text((demo.archive / record["files"]["original"]).read_bytes())
        docket = record["case"]["docket_number"].translate(_DASHES).lower()
        assert docket in text, f"{record['id']}: docket {docket!r} is not printed in its PDF"
        for party in parties(record["case"]["name"]):
            assert party in text, f"{record['id']}: {party!r} of {record['case']['name']!r} is not in its PDF"
        assert not record["errors"], record["errors"]


def test_a_wrong_pairing_would_be_caught(demo: Demo) -> None:
    """The check above fails for a record paired with another case's PDF, as the old demo's were."""
    first, second = records(demo)[:2]
    text = pdf_text((demo.archive / second["files"]["original"]).read_bytes())
    assert first["case"]["docket_number"].translate(_DASHES).lower() not in text


def test_the_demo_ends_saying_what_to_try_next(demo: Demo) -> None:
    tail = demo.output.split("Try next:", 1)[1]
    for command in (
        "courtarchive ls",
        "courtarchive search",
        "courtarchive show",
        "courtarchive serve",
        "courtarchive watch add",
    ):
        assert command in tail
    shown = re.search(r"courtarchive show (\S+)", tail)
    assert shown and (demo.archive / "records" / f"{shown.group(1)}.json").is_file()


def test_the_watch_the_demo_suggests_can_be_added_and_matches_its_documents(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = next(line for line in demo.output.splitlines() if "courtarchive watch add" in line)
    args = shlex.split(line, comments=True)[1:]
    archive = shutil.copytree(demo.archive, tmp_path / "archive")
    assert main([*args, "--archive", str(archive)]) == 0
    said = capsys.readouterr().err
    found = re.search(r"; (\d+) documents? match", said)
    assert found and int(found.group(1)) >= 1, said
    assert main(["watch", "ls", "--archive", str(archive)]) == 0
    assert "restitution" in capsys.readouterr().out
