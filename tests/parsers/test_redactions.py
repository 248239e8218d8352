"""Bad redactions: x-ray's 27 test PDFs as its tests expect, the case x-ray cannot do, and
generated boxes over text (what is and is not a bad redaction, and the masking)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from parsers.chars import Char, PageChars, Shape
from parsers.redactions import (
    MASK,
    candidates,
    only_dates,
    says_something,
)
from parsers.shapes import colour_is_dark
from parsers.text import ENGINES, extract
from tests.support.pdfgen import redacted_pdf

# What x-ray's tests assert of its files (PROVENANCE.md of ../shared/fixtures/xray): bad
# redactions per page; every other file, none. The cross-hatched file: x-ray's later test
# (test_cross_hatched_redactions) expects 16 on page 1, which the rendered page bears out
# (bench/redactions.py says why this differs from x-ray 0.4.0's output).
XRAY_FILES = [
    "bad_cross_hatched_redactions.pdf",
    "hidden_text_on_visible_text.pdf",
    "multi_line_redaction_ok.pdf",
    "no_bad_redactions.2.1.pdf",
    "no_bad_redactions.3.1.pdf",
    "no_bad_redactions.3.2.pdf",
    "no_bad_redactions.4.1.pdf",
    "no_bad_redactions.5.5.pdf",
    "no_bad_redactions.6.2.pdf",
    "no_bad_redactions.7.1.pdf",
    "no_bad_redactions.8.1.pdf",
    "ok_words.pdf",
    "partial_intersections_ok.pdf",
    "rect_ordering_0.8.pdf",
    "rect_ordering_1.23.pdf",
    "rect_ordering_2.1.pdf",
    "rect_ordering_3.20.pdf",
    "rect_ordering_4.1.pdf",
    "rect_ordering_5.2.pdf",
    "rect_ordering_6.19.pdf",
    "rectangles_no.pdf",
    "rectangles_yes.pdf",
    "rectangles_yes_2.pdf",
    "unfilled_rect.pdf",
    "whitespace_redaction_with_comma.pdf",
    "whitespace_redactions.pdf",
    "whitespace_redactions_2.pdf",
]
EXPECTED = {
    "rectangles_yes.pdf": {1: 3},
    "rectangles_yes_2.pdf": {1: 1},
    "hidden_text_on_visible_text.pdf": {1: 2},
    "bad_cross_hatched_redactions.pdf": {1: 16},
}
LINES = [
    ("The motion of ", "Jonathan Quillfeather", " is granted."),
    ("Nothing on this line is covered.", "", ""),
    ("His number is ", "123-45-6789", " as filed."),
]


def bad_per_page(data: bytes, engine: str) -> dict[int, int]:
    extraction = extract(data, engine=engine, ocr=False)
    return dict(Counter(found.page for found in extraction.redactions if found.hides_text))


def test_there_are_27_xray_files(shared_path: Callable[[str], Path]) -> None:
    folder = shared_path("fixtures/xray")
    assert sorted(path.name for path in folder.glob("*.pdf")) == sorted(XRAY_FILES)


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("name", XRAY_FILES)
def test_xray_files_as_xrays_tests_expect(shared_path: Callable[[str], Path], name: str, engine: str) -> None:
    data = shared_path(f"fixtures/xray/{name}").read_bytes()
    assert bad_per_page(data, engine) == EXPECTED.get(name, {})


@pytest.mark.parametrize("engine", list(ENGINES))
def test_hidden_text_under_visible_text_is_found_and_masked(shared_path: Callable[[str], Path], engine: str) -> None:
    # Two white squares (annotations) over "TROOPPER," and ", LLC" of the text layer, with
    # "TROOPER, " and "LLC" typed on top: what a reader sees is not what copies out.
    data = shared_path("fixtures/xray/hidden_text_on_visible_text.pdf").read_bytes()
    extraction = extract(data, engine=engine, ocr=False)
    bad = [found for found in extraction.redactions if found.hides_text]
    assert [found.kind for found in bad] == ["overprint", "overprint"]
    assert "TROOPPER" not in extraction.text and "SCOOPER" in extraction.text
    kept = extract(data, engine=engine, ocr=False, keep_hidden=True)
    assert "SCOOPER TROOPPER, LLC" in kept.text and kept.hidden_text_kept


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_box_over_text_hides_it_from_the_text(engine: str) -> None:
    extraction = extract(redacted_pdf(LINES, box="over"), engine=engine, ocr=False)
    assert [(found.kind, found.chars, found.page) for found in extraction.redactions] == [
        ("box", 20, 1),
        ("box", 11, 1),
    ]
    assert "Quillfeather" not in extraction.text and "123-45" not in extraction.text
    assert f"The motion of {MASK * 8} {MASK * 12} is granted." in extraction.text
    # The page map covers the masked text like any other: a box for the line.
    start = extraction.text.index(MASK)
    assert extraction.page_map is not None and extraction.page_map.boxes(start, start + 8)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_keeping_hidden_text_still_reports_it(engine: str) -> None:
    extraction = extract(redacted_pdf(LINES, box="over"), engine=engine, ocr=False, keep_hidden=True)
    assert extraction.bad_redactions == 2 and extraction.hidden_text_kept
    assert "Jonathan Quillfeather" in extraction.text and MASK not in extraction.text


def test_bars_in_a_separation_ink_are_dark(shared_path: Callable[[str], Path]) -> None:
    # C.D. Cal. 8:16-cv-00966, ECF 123-3, page 19: the bars and the text are a Separation
    # colour's tint 1.0 (full ink: black, where a gray 1.0 would be white). Under one bar the
    # page draws the same two letters twice (e.g); its other text has no Unicode map, so
    # the readable text of the page is those letters and a visible footnote's "Id.".
    data = shared_path("corpus/recap/gov.uscourts.cacd.648845.123.3.pdf").read_bytes()
    assert hashlib.sha256(data).hexdigest()[:16] == "edca4a15e81989a5"  # recap/PROVENANCE.md
    extraction = extract(data, ocr=False)
    assert [(found.page, found.kind, found.chars) for found in extraction.redactions if found.hides_text] == [
        (19, "box", 4)
    ]
    assert extraction.text.split("\f")[18] == f"{MASK}.{MASK} Id."


def test_black_shading_under_black_text_hides_it() -> None:
    # The text is painted after the box, but in the box's colour.
    extraction = extract(redacted_pdf(LINES, box="under"), ocr=False)
    assert extraction.bad_redactions == 2 and "Quillfeather" not in extraction.text


@pytest.mark.parametrize("box", ["label", "white"])
def test_visible_labels_and_white_patches_are_no_bad_redaction(box: str) -> None:
    # White text on a black bar is seen; a white patch over text is no redaction bar.
    extraction = extract(redacted_pdf(LINES, box=box), ocr=False)
    assert extraction.redactions == () and "Jonathan Quillfeather" in extraction.text


def test_a_bar_over_nothing_is_a_proper_redaction() -> None:
    extraction = extract(redacted_pdf(LINES, box="proper"), ocr=False)
    assert [(found.kind, found.hides_text, found.chars) for found in extraction.redactions] == [
        ("proper", False, 0),
        ("proper", False, 0),
    ]


def test_text_that_says_nothing_is_not_a_redaction() -> None:
    assert says_something("Jonathan") and says_something("34")
    for text in ("   ", ", .", "a", "XXXXX XXXX", "REDACTED", "Confidential", "\ufffd\ufffdab"):
        assert not says_something(text), text
    assert only_dates("03/23/2019") and only_dates("03/23/") and not only_dates("born 03/23")


def test_dark_colours() -> None:
    assert colour_is_dark((0.0,)) and colour_is_dark((0.1, 0.1, 0.2))
    assert colour_is_dark((0.0, 0.0, 0.0, 1.0))  # CMYK black
    assert not colour_is_dark((1.0,)) and not colour_is_dark((1.0, 1.0, 0.0))  # white, yellow
    assert colour_is_dark(None) is None


def _char(text: str, x0: float) -> Char:
    return Char(text, x0, x0 + 6, 100.0, 112.0, 12.0, "F", (1, 0, 0, 1, x0, 680))


def _page(shapes: tuple[Shape, ...], order: list[int]) -> PageChars:
    chars = tuple(_char(text, 72 + 6 * i) for i, text in enumerate("Secret words"))
    return PageChars(1, 612, 792, chars, shapes, np.array(order))


def test_candidates_follow_paint_order_and_coverage() -> None:
    later = Shape(70, 98, 120, 114, order=5, kind="image", dark=None)
    assert [c.text for c in candidates(_page((later,), [1] * 12))] == ["Secretw"]
    # Painted before the chars and not dark: a background the text is printed on.
    assert candidates(_page((later,), [9] * 12)) == []
    # A path filled with a light colour is never a bar, even painted over the chars (a white
    # box); a dark bar painted later over the same chars is found through it.
    white = later._replace(kind="path", dark=False)
    assert candidates(_page((white,), [1] * 12)) == []
    bar = later._replace(kind="path", dark=True, order=7)
    assert [(c.shape, c.text) for c in candidates(_page((white, bar), [1] * 12))] == [(bar, "Secretw")]
    # A dark bar under them counts whatever the order (the text may share its colour).
    dark = later._replace(dark=True)
    assert [c.text for c in candidates(_page((dark,), [9] * 12))] == ["Secretw"]
    # Half a char under a box is not under it; a hairline or a background is no box.
    half = later._replace(x1=75)
    hairline = later._replace(top=110, bottom=112)
    background = Shape(0, 0, 612, 700, order=5, kind="image", dark=None)
    assert candidates(_page((half, hairline, background), [1] * 12)) == []
