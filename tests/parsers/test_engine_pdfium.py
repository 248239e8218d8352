"""The fast engine's char source (parsers/engine_pdfium.py) on generated PDFs and the real corpus.

The oracle for geometry is pdfplumber's own `page.chars` (an independent parser), char for char;
the expected text is what we drew into the generated PDFs; page counts come from PROVENANCE,
which PyMuPDF filled in. Memory and time limits are measured in a child process.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pytest

from parsers import engine_pdfium
from parsers.bombs import check_inflated_sizes
from parsers.chars import Char, CharArrays, PageChars
from parsers.engine_pdfium import ENGINE, ENGINE_VERSION, pdfium_pages
from parsers.errors import BrokenPdf, EmptyPdf, EncryptedPdf, TooLargePdf
from tests.conftest import SHARED
from tests.support import pdfgen
from tests.support.missing import missing

CorpusPdf = Callable[[str], Path]
ROOT = Path(__file__).resolve().parents[2]


def pages(data: bytes, max_pages: int | None = None) -> list[PageChars]:
    return list(pdfium_pages(data, max_pages=max_pages))


def require_loops_in_c() -> None:
    """Skip when parsers/_pdfium_glyphs.c was not built (no C compiler); under CI, fail."""
    if engine_pdfium._in_c is not None:
        return
    missing("parsers/_pdfium_glyphs.c was not built: `make setup` compiles it with gcc")


@pytest.fixture(params=["in C", "in Python"])
def glyph_loops(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the engine's loops over PDFium's glyphs in C, then with those in Python."""
    if request.param == "in C":
        require_loops_in_c()
    else:
        monkeypatch.setattr(engine_pdfium, "_in_c", None)
    return str(request.param)


def page_words(page: PageChars) -> list[str]:
    """The page's text in PDFium's glyph order, split on spaces (enough for generated pages)."""
    return "".join(char.text for char in page.chars).split()


# --- generated PDFs -------------------------------------------------------------------------


def test_text_pages_come_back_in_order_with_their_words() -> None:
    data = pdfgen.text_pdf(["Alpha page names the appellant.", "Bravo page weighs the evidence."])

    read = pages(data)

    assert [page.number for page in read] == [1, 2]
    assert [page_words(page) for page in read] == [
        ["Alpha", "page", "names", "the", "appellant."],
        ["Bravo", "page", "weighs", "the", "evidence."],
    ]
    assert (read[0].width, read[0].height) == pytest.approx((595.28, 841.89), abs=0.01)  # A4
    assert ENGINE == "pypdfium2" and ENGINE_VERSION


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyPdf, "PDF is 0 bytes"),
        (pdfgen.not_a_pdf(), EmptyPdf, "503 Service Unavailable"),
        (pdfgen.truncated_pdf(), BrokenPdf, "^PDFium cannot open the PDF: "),
        (pdfgen.zero_page_pdf(), BrokenPdf, "^PDFium cannot open the PDF: "),
        (pdfgen.encrypted_pdf(user_password="secret"), EncryptedPdf, "needs a password"),
    ],
    ids=["zero-bytes", "html-error-page", "truncated", "no-pages", "user-password"],
)
def test_bad_pdfs_raise_typed_errors(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        pages(data)


def test_owner_password_only_pdf_opens_with_the_empty_password() -> None:
    [page] = pages(pdfgen.encrypted_pdf(user_password=""))

    assert page_words(page) == ["Sealed", "order", "of", "the", "court"]


def test_more_pages_than_max_pages_is_too_large_before_any_page_is_read() -> None:
    started = time.perf_counter()
    data = pdfgen.many_pages_pdf(2000)
    assert time.perf_counter() - started < 5

    with pytest.raises(TooLargePdf, match="2000 pages, over the limit of 500") as raised:
        next(pdfium_pages(data, max_pages=500))

    assert raised.value.kind == "too_large"


def test_glyphs_match_pdfplumber_on_rotated_and_shifted_pages(glyph_loops: str) -> None:
    # pdfplumber turns /Rotate and a MediaBox off the origin into its coordinates in its own
    # way; ours must land on the same numbers, or cleaning would see another page.
    content = b"BT /F1 12 Tf 150 750 Td (Hello) Tj ET BT /F1 10 Tf 0 1 -1 0 60 300 Tm (Side) Tj ET"
    for entries in [
        b"/MediaBox [0 0 612 792] /Rotate 90",
        b"/MediaBox [0 0 612 792] /Rotate 180",
        b"/MediaBox [0 0 612 792] /Rotate 270",
        b"/MediaBox [50 100 662 892]",
        b"/MediaBox [50 100 662 892] /Rotate 90",
    ]:
        data = _one_page(entries, content)
        [ours] = pages(data)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            theirs = pdf.pages[0].chars
            size = (float(pdf.pages[0].width), float(pdf.pages[0].height))

        assert (ours.width, ours.height) == pytest.approx(size), entries
        assert [char.text for char in ours.chars] == [char["text"] for char in theirs], entries
        for mine, plumber in zip(ours.chars, theirs):
            _assert_same_glyph(mine, plumber, tolerance=0.5)


def test_text_at_an_angle_keeps_pdfminers_matrix_and_origins(glyph_loops: str) -> None:
    # A baseline at 30 degrees is neither horizontal nor vertical: each glyph's origin is then
    # asked of PDFium glyph by glyph. The boxes are PDFium's loose ones, about 1 pt larger.
    content = b"BT /F1 10 Tf 0.866 0.5 -0.5 0.866 200 300 Tm (Tilt) Tj ET"
    for entries in [b"/MediaBox [0 0 612 792]", b"/MediaBox [50 100 662 892] /Rotate 90"]:
        data = _one_page(entries, content)
        [ours] = pages(data)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            theirs = pdf.pages[0].chars

        assert [char.text for char in ours.chars] == list("Tilt"), entries
        for mine, plumber in zip(ours.chars, theirs):
            assert mine.matrix[:4] == pytest.approx(plumber["matrix"][:4], abs=1e-3), entries
            assert mine.matrix[4:] == pytest.approx(plumber["matrix"][4:], abs=0.05), entries
            assert (mine.x0, mine.x1, mine.top, mine.bottom) == pytest.approx(
                (plumber["x0"], plumber["x1"], plumber["top"], plumber["bottom"]), abs=1.5
            )


def _one_page(entries: bytes, content: bytes) -> bytes:
    return pdfgen._indexed_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> %s >>" % entries,
            pdfgen._stream(b"", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        ]
    )


def _assert_same_glyph(mine: Char, plumber: dict[str, Any], *, tolerance: float) -> None:
    """Box, size and matrix of one glyph agree with pdfplumber's within `tolerance` points."""
    where = f"{mine.text!r} at ({plumber['x0']:.1f}, {plumber['top']:.1f})"
    for ours, theirs in [
        (mine.x0, plumber["x0"]),
        (mine.x1, plumber["x1"]),
        (mine.top, plumber["top"]),
        (mine.bottom, plumber["bottom"]),
        (mine.size, plumber["size"]),
    ]:
        assert ours == pytest.approx(theirs, abs=tolerance), where
    assert mine.matrix[:4] == pytest.approx(plumber["matrix"][:4], abs=1e-3), where
    assert mine.matrix[4:] == pytest.approx(plumber["matrix"][4:], abs=tolerance), where


def run_bounded(make: str, work: str) -> dict[str, Any]:
    """Run `work` on `data = eval(make)` in a fresh interpreter capped at 2 GiB of address space.

    `work` sets `result`, a dict; it comes back with `seconds` (wall), `added_mb`, the peak
    memory (getrusage's maxrss) the work added to the process, and `peak_mb`, the process's
    peak; or with `error` and `message` as well.
    """
    script = "\n".join(
        [
            "import json, resource, time",
            "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))",
            "from parsers.engine_pdfium import pdfium_pages",
            "from parsers.ocr import ocr_page",
            "from tests.support import pdfgen",
            f"data = {make}",
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
            "started = time.perf_counter()",
            "try:",
            textwrap.indent(textwrap.dedent(work).strip(), "    "),
            "except Exception as exc:",
            "    result = {'error': type(exc).__name__, 'message': str(exc)}",
            "result['seconds'] = time.perf_counter() - started",
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
            "result['added_mb'], result['peak_mb'] = (peak - before) / 1024, peak / 1024",
            "print(json.dumps(result))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_decompression_bomb_is_refused_quickly_without_inflating_it() -> None:
    result = run_bounded(
        "pdfgen.content_bomb_pdf(gigabytes=4)", "result = {'pages': len(list(pdfium_pages(data, max_pages=None)))}"
    )

    assert result["error"] == "TooLargePdf"
    assert result["message"].endswith("inflates to more than 64 MiB (a decompression bomb?)")
    assert result["added_mb"] < 100
    assert result["seconds"] < 10


def test_two_thousand_pages_are_read_in_bounded_time_and_memory() -> None:
    result = run_bounded(
        "pdfgen.many_pages_pdf(2000)",
        """
        last = list(pdfium_pages(data, max_pages=None))[-1]
        result = {'last': ''.join(char.text for char in last.chars)}
    """,
    )

    assert result["last"] == "Page 2000 of 2000"
    assert result["added_mb"] < 200
    assert result["seconds"] < 20


def test_inflated_sizes_are_measured_through_chained_filters() -> None:
    # Two Flate stages: the outer stream is a few kB, the inner one 4 MiB, the content 4 GiB.
    bomb = pdfgen.content_bomb_pdf(gigabytes=4)

    with pytest.raises(TooLargePdf):
        check_inflated_sizes(bomb, limit=256 << 20)
    check_inflated_sizes(pdfgen.many_pages_pdf(3))  # unfiltered streams are not measured


# --- real court PDFs, read in place from ../shared ------------------------------------------


def test_glyphs_match_pdfplumber_on_a_pleading_page_with_a_rotated_sidebar(
    corpus_pdf: CorpusPdf, glyph_loops: str
) -> None:
    # N.D. Cal.'s "United States District Court / Northern District of California" runs up the
    # left margin, rotated 90 degrees; the rest is pleading paper. Every glyph pdfplumber sees
    # must be there with the same box (within 1.5 pt: the fonts' descents differ a little),
    # size and matrix.
    path = corpus_pdf("doctor__gov.uscourts.cand.16711.199.0.pdf")
    ours = pages(path.read_bytes())[0]
    with pdfplumber.open(path) as pdf:
        theirs = [char for char in pdf.pages[0].chars if char["text"].strip()]

    matched = _match_glyphs(ours, theirs)

    assert len(matched) == len(theirs) == 1655
    sidebar = "".join(plumber["text"] for mine, plumber in matched if mine.matrix[1] == 1.0)
    assert sidebar == "UnitedStatesDistrictCourtFortheNorthernDistrictofCalifornia" * 2
    for mine, plumber in matched:
        _assert_same_glyph(mine, plumber, tolerance=1.5)


def test_glyphs_match_pdfplumber_on_a_slip_opinion_page(corpus_pdf: CorpusPdf) -> None:
    # Distiller output: 1-point fonts scaled by the text matrix, small caps, footnotes.
    path = corpus_pdf("scotuspdf__24-482_d1oe.pdf")
    ours = pages(path.read_bytes())[2]
    with pdfplumber.open(path) as pdf:
        theirs = [char for char in pdf.pages[2].chars if char["text"].strip()]

    matched = _match_glyphs(ours, theirs)

    assert len(matched) >= 0.99 * len(theirs)
    for mine, plumber in matched:
        _assert_same_glyph(mine, plumber, tolerance=1.5)


@pytest.mark.parametrize(
    "name", ["doctor__gov.uscourts.cand.16711.199.0.pdf", "scotuspdf__24-482_d1oe.pdf", "doctor__ca2_1-1.pdf"]
)
def test_the_loops_in_c_and_in_python_read_the_same_glyphs(
    corpus_pdf: CorpusPdf, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # Pleading paper with a rotated sidebar, a slip opinion, an appellate opinion: every
    # number of every glyph the same to the bit, whichever loops read it.
    require_loops_in_c()
    data = corpus_pdf(name).read_bytes()
    in_c = pages(data)
    monkeypatch.setattr(engine_pdfium, "_in_c", None)
    in_python = pages(data)

    assert len(in_c) == len(in_python)
    for ours, theirs in zip(in_c, in_python):
        mine, other = CharArrays.of(ours.chars), CharArrays.of(theirs.chars)
        assert len(mine) > 0, (name, ours.number)
        assert (mine.text, mine.font) == (other.text, other.font), (name, ours.number)
        for field in ("x0", "x1", "top", "bottom", "size", "matrix"):
            assert np.array_equal(getattr(mine, field), getattr(other, field)), (name, field)


def _match_glyphs(ours: PageChars, theirs: list[dict[str, Any]]) -> list[tuple[Char, dict[str, Any]]]:
    """Pair each pdfplumber glyph with our glyph of the same text nearest to it (within 3 pt).

    PDFium's glyph order is not always the content stream's, so pairs are found by position.
    """
    by_text: dict[str, list[Char]] = defaultdict(list)
    for char in ours.chars:
        by_text[char.text].append(char)
    matched = []
    for plumber in theirs:
        candidates = by_text.get(plumber["text"], [])
        if not candidates:
            continue

        def distance(char: Char, plumber: dict[str, Any] = plumber) -> float:
            return float(abs(char.x0 - plumber["x0"]) + abs(char.top - plumber["top"]))

        mine = min(candidates, key=distance)
        if distance(mine) <= 3:
            matched.append((mine, plumber))
    return matched


def test_the_pdf_pdfminer_cannot_open_opens_with_pdfium(corpus_pdf: CorpusPdf) -> None:
    # doctor__missouri.pdf is an eval file: only opened and counted here, its text not read.
    read = pages(corpus_pdf("doctor__missouri.pdf").read_bytes())

    assert len(read) == 5
    assert all(page.chars for page in read)


def test_zero_byte_corpus_file_is_empty(corpus_pdf: CorpusPdf) -> None:
    with pytest.raises(EmptyPdf, match="PDF is 0 bytes"):
        pages(corpus_pdf("doctor__empty.pdf").read_bytes())


def test_every_corpus_file_gives_its_pages_or_a_typed_error(corpus_pdf: CorpusPdf) -> None:
    # A crash check over dev and eval files alike: page counts are PROVENANCE's (PyMuPDF's).
    expected = _provenance_pages()
    for name, count in expected.items():
        data = corpus_pdf(name).read_bytes()
        if count == 0:
            with pytest.raises(EmptyPdf):
                pages(data)
            continue
        assert len(pages(data)) == count, name


def _provenance_pages() -> dict[str, int]:
    """File name -> page count, from the 'pages' column of corpus/PROVENANCE.md."""
    text = (SHARED / "corpus" / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.pdf)` \|(?:[^|]*\|){4} (\d+) \|", text, re.MULTILINE)
    return {name: int(count) for name, count in rows}
