"""Run PDF extraction in worker processes, bounded in time and memory per document.

Extraction is CPU-bound Python: in a thread it would hold the GIL and stall the crawl, so it
runs in a process pool sized to the cores, awaited from asyncio. pebble (not
concurrent.futures) because it can kill the one worker whose parse runs past its time limit.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TypeVar

from pebble import ProcessExpired, ProcessPool

from parsers.analysis import Analysed, analyse
from parsers.errors import PdfError
from parsers.text import (
    DEFAULT_ENGINE,
    ENGINES,
    OCR_SECONDS,
    Extraction,
    extract,
    keep_hidden_text,
)


class ExtractionTimedOut(PdfError):
    """The parse ran past its time limit and its worker was killed."""

    kind = "timeout"


class ExtractionCrashed(PdfError):
    """The worker died or ran out of memory while parsing."""

    kind = "crashed"


def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space so one hostile PDF cannot exhaust the machine."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _extract_in_worker(data: bytes, options: ExtractOptions) -> Extraction | PdfError:
    """Return typed errors as values: they cross the process boundary intact that way."""
    try:
        return extract(
            data,
            max_pages=options.max_pages,
            engine=options.engine,
            ocr=options.ocr,
            ocr_seconds=options.ocr_seconds,
            keep_hidden=options.keep_hidden,
        )
    except PdfError as exc:
        return exc
    except MemoryError:
        return ExtractionCrashed("ran out of memory while parsing the PDF")


def _analyse_in_worker(data: bytes, options: ExtractOptions) -> Analysed | PdfError:
    """Extract, then read metadata, key quotes and citations: both CPU work, both off the reactor."""
    result = _extract_in_worker(data, options)
    if isinstance(result, PdfError):
        return result
    try:
        return Analysed(result, analyse(result))
    except MemoryError:
        return ExtractionCrashed("ran out of memory while analysing the text")


_Result = TypeVar("_Result")


@dataclass(frozen=True)
class ExtractOptions:
    """How each document is extracted: see `parsers.text.extract`."""

    max_pages: int | None = 5000
    engine: str = DEFAULT_ENGINE
    ocr: bool = True
    ocr_seconds: float = OCR_SECONDS
    keep_hidden: bool = field(default_factory=keep_hidden_text)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown PDF engine {self.engine!r}; choose one of {', '.join(ENGINES)}")


class ExtractionPool:
    """A pool of extraction workers; `await pool.analyse(data)` never blocks the event loop."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = 300.0,
        memory_mb: int = 3072,
        options: ExtractOptions = ExtractOptions(),
    ) -> None:
        self.timeout = timeout
        self.options = options
        self._pool = ProcessPool(
            max_workers=workers or os.cpu_count() or 1,
            initializer=_limit_memory,
            initargs=(memory_mb,),
            # spawn: forking a process that runs a reactor and threads is unsafe.
            context=multiprocessing.get_context("spawn"),
        )

    async def analyse(self, data: bytes) -> Analysed | PdfError:
        """The extraction of `data` with its analysis (`parsers.analysis`), or the typed error."""
        return await self._run(_analyse_in_worker, data)

    async def _run(
        self, work: Callable[[bytes, ExtractOptions], _Result | PdfError], data: bytes
    ) -> _Result | PdfError:
        """Run `work` in a worker within the time limit; a timeout or crash comes back typed."""
        future = self._pool.schedule(work, args=(data, self.options), timeout=self.timeout)
        try:
            result: _Result | PdfError = await asyncio.wrap_future(future)
        except FutureTimeout:
            return ExtractionTimedOut(f"parsing took longer than {self.timeout:g} s")
        except ProcessExpired as exc:
            return ExtractionCrashed(f"the extraction worker died: {exc}")
        return result

    def close(self) -> None:
        """Stop the workers (a parse under way is abandoned)."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join(timeout=10)
