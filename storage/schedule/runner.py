"""The scheduled runner: crawl the configured sources, report, check and alert (`courtarchive crawl`).

Each source is a `scrapy crawl` in its own process (storage never imports Scrapy), one after
another or `--parallel N` at once, under the source's lock (`storage.schedule.locks`: a source still
being crawled by an earlier run is left alone) and within its timeout, if it has one (Scrapy's
CLOSESPIDER_TIMEOUT stops it cleanly; a crawl still running `KILL_GRACE` seconds after that is
killed). Each child writes its stats to a JSON file
(`scrapers.runstats`); from those the run report is built, checked against each source's
yield baseline (`storage.schedule.monitoring`), stored in the archive (`storage.schedule.reports`), and sent to the
alert webhook when something failed. The catalog is updated once, at the end.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.archive import Archive
from storage.schedule.locks import SourceBusy, locks_folder, source_lock
from storage.schedule.monitoring import (
    BASELINE_RUNS,
    check_source,
    yield_baseline,
)
from storage.schedule.reports import RunReport, SourceRun, recent_reports
from storage.schedule.sources import Source

logger = logging.getLogger(__name__)

LOG_ERROR_LINES = 10
# A crawl asked to stop finishes its downloads (DOWNLOAD_TIMEOUT 120 s) and the extractions
# under way (COURT_ARCHIVE_EXTRACT_TIMEOUT_SECONDS 300 s) first: past that, it is stuck.
KILL_GRACE = 600.0
_ERROR_LINE = re.compile(r"\] (ERROR|CRITICAL): ")
# Log lines go into the report and to the webhook: keys a URL's query may carry are masked.
_SECRET_QUERY = re.compile(r"(?i)\b((?:api_?key|token|secret|signature|password)=)[^&\s'\"]+")


def scrapy_command(source: Source, archive_uri: str, stats_file: Path) -> list[str]:
    """The `scrapy crawl` command line for one source."""
    command = [sys.executable, "-m", "scrapy", "crawl", source.spider]
    for name, value in source.args.items():
        command += ["-a", f"{name}={value}"]
    settings = {
        **source.settings,
        "COURT_ARCHIVE_URI": archive_uri,
        "COURT_ARCHIVE_STATS_FILE": str(stats_file),
        "COURT_ARCHIVE_UPDATE_CATALOG": "False",
    }
    if source.timeout:
        settings["CLOSESPIDER_TIMEOUT"] = str(source.timeout)
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def log_errors(log: Path) -> list[str]:
    """The first error lines of a crawl's log, or its last lines when it has none (a crash)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [line for line in lines if _ERROR_LINE.search(line)]
    return [_SECRET_QUERY.sub(r"\1***", line) for line in (errors or lines[-LOG_ERROR_LINES:])[:LOG_ERROR_LINES]]


def run_source(source: Source, archive_uri: str, work: Path, *, grace: float = KILL_GRACE) -> SourceRun:
    """Crawl one source in a child process, under its lock; its figures and the failures its
    stats show. A source another process is crawling is left alone."""
    run = SourceRun(source.name, source.spider, dict(source.args), timeout=source.timeout)
    try:
        with source_lock(locks_folder(archive_uri), source.name) as lock:
            _crawl(source, archive_uri, work, run, lock, grace)
    except SourceBusy as busy:
        run.left_alone = f"still being crawled by an earlier run (pid {busy.holder.pid}, since {busy.holder.since})"
    return run


def _crawl(source: Source, archive_uri: str, work: Path, run: SourceRun, lock: int, grace: float) -> None:
    stats_file, log_file = work / f"{source.name}.stats.json", work / f"{source.name}.log"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": os.environ.get("SCRAPY_SETTINGS_MODULE", "scrapers.settings")}
    stats_file.unlink(missing_ok=True)  # a --log-dir may hold the last run's
    started = time.perf_counter()
    with (
        log_file.open("wb") as log,
        subprocess.Popen(
            scrapy_command(source, archive_uri, stats_file),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(lock,),
        ) as child,
    ):
        try:
            run.exit_code = child.wait(timeout=source.timeout + grace if source.timeout else None)
        except subprocess.TimeoutExpired:
            child.kill()
            run.exit_code = child.wait()
    run.seconds = round(time.perf_counter() - started, 3)
    failures: dict[str, int] = {}
    if stats_file.exists():
        written: dict[str, Any] = json.loads(stats_file.read_text(encoding="utf-8"))
        run.finish_reason = written["finish_reason"]
        failures = written["failures"]
        run.add_stats(written["stats"], failures)
    if run.exit_code != 0 or failures or run.errors_logged:
        run.log_errors = log_errors(log_file)


def crawl_sources(sources: Sequence[Source], archive: Archive, parallel: int, work: Path) -> RunReport:
    """Crawl `sources` (at most `parallel` at once) and check each against its baseline."""
    history = recent_reports(archive, BASELINE_RUNS)
    report = RunReport(datetime.now(UTC), archive.uri)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        results = list(pool.map(lambda s: run_source(s, archive.uri, work), sources))
    report.seconds = time.perf_counter() - started
    for source, run in zip(sources, results):
        run.failures = check_source(run, minimum=source.min_items, baseline=yield_baseline(source.name, history))
        report.sources.append(run)
    return report
