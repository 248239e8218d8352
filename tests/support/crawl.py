"""The one way tests run a crawl: `run_spider`, in this process, as Scrapy's own tests do.

The spider runs with the project's settings through Scrapy's crawler API
(`AsyncCrawlerRunner`) on the asyncio reactor, installed once per test process, against a
local server the test started. What it did is read from the stats file the project writes for
`courtarchive crawl` (`scrapers/extensions.py`), so the tests read a crawl's outcome the
way the scheduled runner does. Tests whose subject is the process itself (exit status,
`kill -9`, Redis workers, Scrapyd) run `crawl_command`'s command line instead.
An archive many tests read is crawled once per session for every xdist worker (`built_once`,
tests/support/once.py).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import json
import logging
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from pebble import ProcessPool
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor

from parsers.pool import ExtractionPool
from tests.support.environ import environment
from tests.support.mirror import Mirror, serving
from tests.support.pdfgen import text_pdf

REPO = Path(__file__).resolve().parents[2]
REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# No politeness towards a local test server; one extraction worker (the suite runs one test
# process per core already).
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "COURT_ARCHIVE_EXTRACT_WORKERS": 1,
}
LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


@dataclass(frozen=True)
class Crawl:
    """A finished crawl: what its stats file says, and its log."""

    spider: str
    finish_reason: str
    failures: dict[str, int]
    stats: dict[str, Any]
    log: str

    def count(self, key: str) -> int:
        """An integer stat, 0 when the crawl never counted it."""
        return int(self.stats.get(key, 0))


def run_spider(
    spider: str,
    archive: str | Path,
    *,
    settings: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    **args: str,
) -> Crawl:
    """Crawl `spider` with arguments `args` into `archive`, in this process, until it closes.

    `settings` override the project's (after FAST); `env` is set in os.environ for the
    crawl only (tokens the spiders read, boto3's endpoint and keys).
    """
    with tempfile.TemporaryDirectory(prefix="crawl-") as folder:
        stats_file = Path(folder, "stats.json")
        crawl_settings = project_settings(
            {**FAST, **(settings or {}), "COURT_ARCHIVE_URI": str(archive), "COURT_ARCHIVE_STATS_FILE": str(stats_file)}
        )
        with environment(env or {}), captured_log(crawl_settings["LOG_LEVEL"]) as log, _reused_workers():
            loop = _reactor_loop()
            runner = AsyncCrawlerRunner(crawl_settings)
            loop.run_until_complete(runner.crawl(spider, **args))
        body = json.loads(stats_file.read_text(encoding="utf-8"))
    return Crawl(body["spider"], body["finish_reason"], body["failures"], body["stats"], log.getvalue())


@contextmanager
def serving_listings(page: Path, paths: Sequence[str]) -> Iterator[str]:
    """A court's website on 127.0.0.1: the saved listing `page` at each of `paths`, and every
    page-relative link on it answered with a small PDF of its own; yields the base URL."""
    html = page.read_bytes()
    mirror = Mirror(routes={path: (200, html, "text/html; charset=utf-8") for path in paths})
    mirror.routes["/robots.txt"] = (200, b"User-agent: *\nAllow: /\n", "text/plain")
    for number, link in enumerate(dict.fromkeys(re.findall(rb"""href=["']([^"'#]+)""", html)), start=1):
        path = urlsplit(urljoin(f"http://127.0.0.1{paths[0]}", link.decode())).path
        mirror.routes.setdefault(path, (200, text_pdf([f"Document {number} of the listing"]), "application/pdf"))
    with serving(mirror) as url:
        yield url


def project_settings(overrides: Mapping[str, Any]) -> Settings:
    """The project's settings (scrapers/settings.py) with `overrides` as from the command line."""
    settings = get_project_settings()
    settings.setdict(dict(overrides), priority="cmdline")
    return settings


def crawl_command(
    spider: str, archive: str | Path, *, settings: Mapping[str, Any] | None = None, **args: str
) -> list[str]:
    """The `scrapy crawl` command line of the same crawl, for tests of the process itself."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in args.items():
        command += ["-a", f"{name}={value}"]
    for name, value in {**FAST, **(settings or {}), "COURT_ARCHIVE_URI": str(archive)}.items():
        command += ["-s", f"{name}={value}"]
    return command


def read_stats_file(path: Path) -> dict[str, Any]:
    """The stats a crawl process wrote to COURT_ARCHIVE_STATS_FILE."""
    stats: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["stats"]
    return stats


def _reactor_loop() -> asyncio.AbstractEventLoop:
    """The asyncio loop under the reactor, installed and started on first use, made current.

    `reactor.run()` cannot be restarted, so the reactor is only marked running (its thread
    pool, which resolves host names, starts then) and each crawl runs the loop until the crawl
    ends: one process crawls many times. A test may have run its own `asyncio.run()` in
    between, which leaves no current loop.
    """
    install_reactor(REACTOR)
    from twisted.internet import reactor

    if not reactor.running:  # type: ignore[attr-defined]
        reactor.startRunning(installSignalHandlers=False)  # type: ignore[attr-defined]
    loop: asyncio.AbstractEventLoop = reactor._asyncioEventloop  # type: ignore[attr-defined]
    asyncio.set_event_loop(loop)
    return loop


@contextmanager
def captured_log(level: str) -> Iterator[io.StringIO]:
    """Everything logged at `level` or above while the block runs, formatted as Scrapy logs."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(level)
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(min(logging.getLevelName(level), saved_level))  # 0 (NOTSET) lets all through
    try:
        yield text
    finally:
        root.removeHandler(handler)
        root.setLevel(saved_level)


class _Tracked:
    """A pebble pool that remembers what was scheduled on it."""

    def __init__(self, pool: ProcessPool) -> None:
        self.pool = pool
        self.futures: list[Any] = []

    def schedule(self, *args: Any, **kwargs: Any) -> Any:
        future = self.pool.schedule(*args, **kwargs)
        self.futures.append(future)
        return future


# Extraction worker processes kept from one in-process crawl (or `courtarchive add`) to the next,
# by (workers, memory limit): a new one imports the PDF stack again, about a second of CPU each.
_WORKERS: dict[tuple[Any, Any], ProcessPool] = {}


_DEFAULT_MEMORY_MB = inspect.signature(ExtractionPool).parameters["memory_mb"].default


class _ReusedExtractionPool(ExtractionPool):
    """The pipeline's ExtractionPool, on worker processes an earlier crawl of this test process
    started: same settings, same time limit per document; stopped as the real one is when a
    parse is still under way at close (an abandoned parse must not hold up the next crawl)."""

    def __init__(self, workers: int | None = None, **options: Any) -> None:
        super().__init__(workers, **options)  # pebble starts no process before a task comes
        # `courtarchive add` leaves the memory limit to its default, the pipeline passes the same.
        key = (workers, options.get("memory_mb", _DEFAULT_MEMORY_MB))
        kept = _WORKERS.get(key)
        if kept is None or not kept.active:
            kept = _WORKERS[key] = self._pool
        self._pool = _Tracked(kept)  # type: ignore[assignment]

    def close(self) -> None:
        tracked: _Tracked = self._pool  # type: ignore[assignment]
        if not all(future.done() for future in tracked.futures):
            _WORKERS.pop(next(k for k, v in _WORKERS.items() if v is tracked.pool), None)
            self._pool = tracked.pool
            super().close()


@contextmanager
def _reused_workers(module_name: str = "scrapers.pipelines") -> Iterator[None]:
    """The pipeline (or whatever takes ExtractionPool from `module_name`) builds
    _ReusedExtractionPool instead of ExtractionPool while the block runs."""
    module = importlib.import_module(module_name)
    module.ExtractionPool = _ReusedExtractionPool
    try:
        yield
    finally:
        module.ExtractionPool = ExtractionPool


@contextmanager
def adds_on_reused_workers() -> Iterator[None]:
    """`courtarchive add` run in this process (main(): it imports parsers.pool's ExtractionPool
    when it runs) extracts on the workers kept here too while the block runs: still in a worker
    process, with the same limits, but without importing the PDF stack again, about a second
    of CPU for every `add`."""
    with _reused_workers("parsers.pool"):
        yield


def stop_reactor() -> None:
    """Stop the reactor's thread pool, if a crawl started it: its threads would keep the test
    process from exiting; and the extraction workers kept between crawls."""
    for pool in _WORKERS.values():
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join(timeout=10)
    _WORKERS.clear()
    if "twisted.internet.reactor" in sys.modules:
        from twisted.internet import reactor

        if reactor.running:  # type: ignore[attr-defined]
            reactor.fireSystemEvent("shutdown")  # type: ignore[attr-defined]
