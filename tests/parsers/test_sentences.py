"""Sentence splitting of clean text: offsets kept, no splits inside citations and case names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parsers.sentences import split_sentences
from parsers.text import extract


def texts(text: str) -> list[str]:
    """The sentences of `text`, as strings."""
    return [sentence.text for sentence in split_sentences(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "See Parler LLC v. Amazon Web Services, Inc., No. 2:21-cv-00031-BJR (W.D. Wash. 2021).",
        "Relief under Fed. R. Civ. P. 65(b) is rare, as 28 U.S.C. § 2254 is for habeas.",
        "United States v. Colbert, 116 F.3d 395, 396 (9th Cir. 1997), says so.",
        "The Tenth Cir. agreed in No. 11-889 with Judge J. R. Smith.",
        "Amazon Web Services, Inc. v. Parler LLC is the mirror image.",
        "Courts in e.g., Oregon take that view.",
        "Restitution is imposed at sentencing. Id. at 92.",
    ],
)
def test_does_not_split_at_abbreviations(sentence: str) -> None:
    text = sentence if "Id." not in sentence else sentence.split(" Id.")[0]
    assert texts(text) == [text]


def test_splits_at_sentence_ends_and_keeps_offsets() -> None:
    text = (
        "The motion is DENIED. “We agree.” Is it moot? No!\nII. DISCUSSION\n"
        "A paragraph that runs\fover a page break. Last one."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The motion is DENIED.",
        "“We agree.”",
        "Is it moot?",
        "No!",
        "II. DISCUSSION",
        "A paragraph that runs\fover a page break.",
        "Last one.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_id_citation_stays_whole() -> None:
    assert texts("That ends the inquiry. Id. at 92. The Court agrees.") == [
        "That ends the inquiry.",
        "Id. at 92.",
        "The Court agrees.",
    ]


@pytest.fixture(scope="module")
def scanlon(corpus_pdf: Callable[[str], Path]) -> str:
    """The D.N.J. opinion in Scanlon v. Lawson (dev), its clean text."""
    return extract(corpus_pdf("xray__data3-test3.pdf").read_bytes(), ocr=False).text


def test_real_opinion_sentences_with_citations_are_whole(scanlon: str) -> None:
    # Page 3 of the PDF: one sentence with a case name, "Inc.", "F.3d", "Cir." and a pin cite.
    wanted = (
        "See DeRienzo v. Harvard Industries, Inc., 357 F.3d 348, 354-55 (3d Cir. 2004) "
        "(describing due diligence requirement of New Jersey Court Rule 4:26-4.)"
    )
    sentences = texts(scanlon)
    assert wanted in sentences
    assert "Again, due diligence does not permit doing nothing." in sentences
