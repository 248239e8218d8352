"""The default engine's chars are pdfplumber's own `page.chars`, glyph for glyph."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from parsers.engine_pdfplumber import pdfplumber_pages
from tests.parsers.test_ocr import dev_files

CorpusPdf = Callable[[str], Path]


@pytest.mark.parametrize("name", dev_files())
def test_chars_are_pdfplumbers_page_chars(corpus_pdf: CorpusPdf, name: str) -> None:
    data = corpus_pdf(name).read_bytes()
    ours = list(pdfplumber_pages(data, max_pages=None))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(ours) == len(pdf.pages)
        for page, mine in zip(pdf.pages, ours):
            theirs = [
                (c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], c["fontname"], tuple(c["matrix"]))
                for c in page.chars
            ]
            assert [
                (c.text, c.x0, c.x1, c.top, c.bottom, c.size, c.font, tuple(c.matrix)) for c in mine.chars
            ] == theirs, f"page {page.page_number}"
            page.close()
