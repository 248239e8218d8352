"""Reference char sources to compare our engines against: pdfminer's bare parse and pdftotext.

    from bench.baselines import pdfminer_bare_pages, pdftotext_pages
    pages = pdfminer_bare_pages(path)   # pdfminer interprets every page, no layout analysis
    pages = pdftotext_pages(path)       # poppler's `pdftotext -layout`, in a subprocess

Each function does the whole work for one file and returns the number of pages it processed,
so a benchmark divides pages by seconds. `pdfminer_bare_pages` is the floor under pdfplumber
(pdfplumber runs this same interpreter and aggregator, with `laparams=None`, before it builds
`page.chars`); `pdftotext_pages` is the speed of a C extractor doing layout, the bar for the
fast engine. `python bench/baselines.py [FILE...]` prints pages/s for each, on one core.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

PDFTOTEXT = "pdftotext"


def pdfminer_bare_pages(path: Path) -> int:
    """Interpret every page with pdfminer, building its LTChars but no layout; the page count."""
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)  # None: no grouping into lines or boxes
    interpreter = PDFPageInterpreter(manager, device)
    pages = 0
    with open(path, "rb") as handle:
        for page in PDFPage.get_pages(handle):
            interpreter.process_page(page)
            device.get_result()  # the LTPage, as pdfplumber takes it; dropped at once
            pages += 1
    return pages


def pdftotext_pages(path: Path, *, timeout: float = 300.0) -> int:
    """Run `pdftotext -layout FILE -` and count the pages it wrote (it ends each with a form feed).

    Raises:
        subprocess.CalledProcessError: pdftotext failed on the file.
        subprocess.TimeoutExpired: it ran past `timeout` seconds.
    """
    done = subprocess.run(
        [PDFTOTEXT, "-q", "-layout", str(path), "-"], capture_output=True, check=True, timeout=timeout
    )
    return done.stdout.count(b"\f")


def cpu_seconds(work: Callable[[Path], int], path: Path) -> tuple[int, float, float]:
    """Pages, wall seconds and CPU seconds (ours plus our children's) of `work(path)`.

    CPU time is the fair measure on a shared machine: wall time also counts other processes.
    """
    before = _cpu()
    started = time.perf_counter()
    pages = work(path)
    return pages, time.perf_counter() - started, _cpu() - before


def _cpu() -> float:
    """User plus system CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(paths: list[Path]) -> None:
    """Print each baseline's pages, wall and CPU pages/s over the given files."""
    for name, work in (("pdftotext", pdftotext_pages), ("pdfminer-bare", pdfminer_bare_pages)):
        pages, wall, cpu = 0, 0.0, 0.0
        for path in paths:
            counted, seconds, used = cpu_seconds(work, path)
            pages, wall, cpu = pages + counted, wall + seconds, cpu + used
        print(f"{name}: {pages} pages, {pages / wall:.1f} pages/s wall, {pages / cpu:.1f} pages/s cpu")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]])
