"""Citations found by eyecite, grouped by authority with counts, and their spans."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parsers.citations import find_citations
from parsers.text import extract


def test_counts_short_forms_and_id_with_their_full_citation() -> None:
    text = (
        "Smith v. Doe, 538 U. S. 84, 92 (2003), governs. The law was civil. Id., at 96. "
        "The Court so held in Smith, 538 U. S., at 92. See also 42 U.S.C. § 1983."
    )
    found = find_citations(text)
    by_citation = {cited.citation: cited for cited in found.authorities}
    smith = by_citation["538 U.S. 84"]
    assert (smith.count, smith.kind, smith.name) == (3, "case", "Smith v. Doe")
    assert by_citation["42 U.S.C. § 1983"].kind == "statute"
    assert found.authorities[0] is smith  # most cited first
    start, end = found.spans[0]
    assert text[start:end].startswith("Smith v. Doe, 538 U. S. 84")


@pytest.mark.parametrize("text", ["The motion is DENIED.", "", "\f\n\f"])
def test_text_without_citations(text: str) -> None:
    found = find_citations(text)
    assert found.authorities == () and found.spans == ()


@pytest.fixture(scope="module")
def scanlon_text(corpus_pdf: Callable[[str], Path]) -> str:
    """The D.N.J. opinion in Scanlon v. Lawson (dev), its clean text."""
    return extract(corpus_pdf("xray__data3-test3.pdf").read_bytes(), ocr=False).text


def test_real_opinion_citations(scanlon_text: str) -> None:
    # From reading the opinion: DeRienzo (p. 3), Singletary and Garvin (p. 12), § 1983 (p. 2).
    names = {cited.citation: cited.name for cited in find_citations(scanlon_text).authorities}
    assert names["357 F.3d 348"] == "DeRienzo v. Harvard Industries, Inc."
    assert names["266 F.3d 186"] == "Singletary v. Pennsylvania Dept. Corrections"
    assert names["354 F.3d 215"] == "Garvin v. City of Philadelphia"
    assert "42 U.S.C. § 1983" in names
