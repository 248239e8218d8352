"""The extraction pool: results and typed errors come back across processes, bounded in time."""

from __future__ import annotations

import asyncio
import time

from parsers.analysis import Analysed
from parsers.errors import EmptyPdf
from parsers.pool import ExtractionPool, ExtractionTimedOut
from tests.support import pdfgen


def run(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


def test_extraction_and_errors_cross_the_process_boundary() -> None:
    pool = ExtractionPool(2, timeout=60)
    try:

        async def both() -> list[object]:
            return list(await asyncio.gather(pool.analyse(pdfgen.text_pdf(["Ordered."])), pool.analyse(b"")))

        good, bad = run(both())  # type: ignore[misc]
    finally:
        pool.close()
    assert isinstance(good, Analysed) and good.extraction.pages[0].split() == ["Ordered."]
    assert isinstance(bad, EmptyPdf)


def test_a_parse_past_its_time_limit_is_killed_and_reported() -> None:
    # 3,000 pages take about 2.3 s to extract here, and the limit is 0.5 s.
    long_pdf = pdfgen.many_pages_pdf(3000)
    pool = ExtractionPool(1, timeout=0.5)
    try:
        started = time.monotonic()
        result = run(pool.analyse(long_pdf))
        elapsed = time.monotonic() - started
    finally:
        pool.close()
    assert isinstance(result, ExtractionTimedOut)
    assert elapsed < 30
