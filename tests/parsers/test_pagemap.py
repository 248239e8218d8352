"""The page map (parsers/pagemap.py): from a span of clean text to its pages and boxes.

Boxes are checked against where the text was drawn (generated PDFs) and against the word
boxes of an independent reader, poppler's `pdftotext -bbox` (corpus dev files); the chars
they are made from, against pdfplumber's own `page.chars`.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from parsers.engine_pdfplumber import pdfplumber_pages
from parsers.pagemap import Box, LineBox, PageMap
from parsers.text import Extraction, extract
from tests.support import pdfgen

CorpusPdf = Callable[[str], Path]

# Two pages: "alpha beta" on page 1 as one line, "\f", "gamma" on page 2 as one line.
TEXT = "alpha beta\fgamma"
SMALL = PageMap(
    page_starts=(0, 11),
    lines=(LineBox(0, 10, 1, 100.0, 50.0, 200.0, 62.0), LineBox(11, 16, 2, 72.0, 80.0, 122.0, 92.0)),
)


def test_a_span_on_one_line_gets_its_page_and_an_interpolated_box() -> None:
    start = TEXT.index("beta")

    assert SMALL.pages(start, start + 4) == (1,)
    assert SMALL.boxes(start, start + 4) == (Box(1, 160.0, 50.0, 200.0, 62.0),)


def test_a_span_over_the_page_break_gets_both_pages_and_a_box_on_each() -> None:
    assert SMALL.pages(0, len(TEXT)) == (1, 2)
    assert SMALL.boxes(0, len(TEXT)) == (Box(1, 100.0, 50.0, 200.0, 62.0), Box(2, 72.0, 80.0, 122.0, 92.0))


def test_offsets_between_lines_belong_to_their_page() -> None:
    assert [SMALL.page_at(offset) for offset in (0, 10, 11, 15)] == [1, 1, 2, 2]
    assert SMALL.pages(10, 11) == (1,)  # the form feed alone: no line, the page it ends
    assert SMALL.boxes(3, 3) == ()


def test_the_map_survives_pickle() -> None:
    # It crosses from the extraction worker to the pipeline by pickle.
    assert pickle.loads(pickle.dumps(SMALL)) == SMALL


# --- generated pleading paper: boxes where the text was drawn ------------------------------------

LINES = [
    "\tThe plaintiff filed a motion to compel on May 4. The defendant",
    "opposed the motion and the Court held a hearing on it.",
]


@pytest.fixture(scope="module")
def drawn() -> Extraction:
    """One page of pleading paper with two body lines on numbered lines 1 and 2."""
    return extract(pdfgen.pleading_pdf([LINES], footer="ORDER"))


def test_a_sentence_over_two_lines_has_a_box_on_each(drawn: Extraction) -> None:
    assert drawn.page_map is not None
    start = drawn.text.index("The plaintiff")
    end = drawn.text.index("hearing on it.") + len("hearing on it.")

    boxes = drawn.page_map.boxes(start, end)

    assert drawn.page_map.pages(start, end) == (1,)
    assert len(boxes) == 2
    for box, row in zip(boxes, (0, 1)):
        baseline = pdfgen.PLEADING_FIRST_BASELINE + row * pdfgen.PLEADING_PITCH
        assert box.top < baseline < box.bottom
        assert 99 <= box.x0 < box.x1 <= 612  # the body, right of the line numbers
    assert boxes[0].x0 == pytest.approx(99 + 36, abs=0.5)  # the indented first line


# --- corpus dev files, against poppler's word boxes ----------------------------------------------


def poppler_words(path: Path, page: int) -> list[tuple[str, Box]]:
    """Words and their boxes on one page, as poppler's pdftotext reads them."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    command = ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"]
    xhtml = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
        r"([^<]*)</word>"
    )
    return [
        (word, Box(page, float(x0), float(top), float(x1), float(bottom)))
        for x0, top, x1, bottom, word in re.findall(pattern, xhtml)
    ]


def covers(box: Box, word: Box) -> bool:
    """Whether a box holds most of a word: at least half its height and half its width.

    Readers disagree on a glyph's height by a point or two (pdfminer: size above the
    descent; poppler: the font's ascent), and where a span starts or ends inside a line its
    box's edges are interpolated, not measured.
    """
    across = min(word.x1, box.x1) - max(word.x0, box.x0)
    down = min(word.bottom, box.bottom) - max(word.top, box.top)
    return word.page == box.page and across >= (word.x1 - word.x0) / 2 and down >= (word.bottom - word.top) / 2


def test_a_sentence_over_a_page_break_is_located_on_both_pages(corpus_pdf: CorpusPdf) -> None:
    path = corpus_pdf("doctor__gov.uscourts.cand.16711.199.0.pdf")
    extraction = extract(path.read_bytes())
    assert extraction.page_map is not None
    sentence = re.compile(
        r"Defense counsel points out that one of plaintiffs’ lawyers\s+in this"
        r" matter is also counsel of record in the Satchell case\."
    )
    found = sentence.search(extraction.text)
    assert found is not None

    boxes = extraction.page_map.boxes(*found.span())

    assert extraction.page_map.pages(*found.span()) == (1, 2)
    assert [box.page for box in boxes] == [1, 2]
    [defense] = [box for word, box in poppler_words(path, 1) if word == "Defense"]
    [satchell] = [box for word, box in poppler_words(path, 2) if word == "Satchell"]
    assert covers(boxes[0], defense)
    assert covers(boxes[1], satchell)


def test_boxes_of_a_slip_opinion_sentence_match_poppler(corpus_pdf: CorpusPdf) -> None:
    # Page 8, the concurrence's first paragraph, with "ap-plies" and "foun-dation".
    path = corpus_pdf("scotuspdf__24-482_d1oe.pdf")
    extraction = extract(path.read_bytes())
    assert extraction.page_map is not None
    start = extraction.text.index("I join the Court’s opinion in full")
    end = extraction.text.index("clarify the foundation of that precedent.", start)

    boxes = extraction.page_map.boxes(start, end + len("clarify the foundation"))

    assert len(boxes) == 3 and {box.page for box in boxes} == {8}
    words = poppler_words(path, 8)
    first = next(box for word, box in words if word == "join")
    last = next(box for word, box in words if word.startswith("dation"))
    assert covers(boxes[0], first) and covers(boxes[2], last)
    assert all(0 <= box.x0 < box.x1 <= 612 and 0 <= box.top < box.bottom <= 792 for box in boxes)


def test_footnotes_have_their_own_map(corpus_pdf: CorpusPdf) -> None:
    extraction = extract(corpus_pdf("scotuspdf__24-482_d1oe.pdf").read_bytes())
    assert extraction.footnote_map is not None
    start = extraction.footnote_text.index("If the text and structure of a statute")

    assert extraction.footnote_map.pages(start, start + 10) == (4,)
    [box] = extraction.footnote_map.boxes(start, start + 10)
    assert box.top > 500  # below the body, at the foot of the page


def test_char_coordinates_are_pdfplumbers(corpus_pdf: CorpusPdf) -> None:
    # The default engine reads pdfminer's layout objects itself rather than `page.chars`
    # (twice as fast); every coordinate must still be what pdfplumber's `page.chars` gives.
    # This file has the N.D. Cal. sidebar, whose rotated glyphs must come through as well.
    path = corpus_pdf("xray__gov.uscourts.cand.327949.547.0_1.pdf")
    ours = list(pdfplumber_pages(path.read_bytes(), max_pages=None))

    with pdfplumber.open(path) as pdf:
        for page, chars in zip(pdf.pages, ours, strict=True):
            assert (chars.number, chars.width, chars.height) == (page.page_number, page.width, page.height)
            assert [(c.text, c.font, c.matrix) for c in chars.chars] == [
                (c["text"], c["fontname"], c["matrix"]) for c in page.chars
            ]
            assert [(c.x0, c.x1, c.top, c.bottom, c.size) for c in chars.chars] == [
                pytest.approx((c["x0"], c["x1"], c["top"], c["bottom"], c["size"])) for c in page.chars
            ]
