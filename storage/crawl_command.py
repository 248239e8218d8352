"""`courtarchive crawl`: run the configured sources, report, check and alert; the command for cron.

Each source is a `scrapy crawl` in its own process (storage never imports Scrapy), one after
another or `--parallel N` at once, under the source's lock (`storage.locks`: a source still
being crawled by an earlier run is left alone) and within its timeout, if it has one (Scrapy's
CLOSESPIDER_TIMEOUT stops it cleanly; a crawl still running `KILL_GRACE` seconds after that is
killed). Each child writes its stats to a JSON file
(`scrapers.runstats`); from those the run report is built, checked against each source's
yield baseline (`storage.monitor`), stored in the archive (`storage.runs`), and sent to the
alert webhook when something failed. The catalog is updated once, at the end, and then what
is new to each watch is delivered (`storage.watches`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.archive import Archive
from storage.base import DEFAULT_ARCHIVE_URI, StorageError
from storage.catalog import CatalogError, open_catalog, update_catalog
from storage.commands import ARCHIVE_ENV, CliError
from storage.locks import SourceBusy, locks_folder, source_lock
from storage.monitor import (
    ALERT_WEBHOOK_ENV,
    BASELINE_RUNS,
    alert,
    check_source,
    yield_baseline,
)
from storage.runs import RunReport, SourceRun, recent_reports, write_report
from storage.watches.run import run_watches

logger = logging.getLogger(__name__)

SOURCES_ENV = "COURT_ARCHIVE_SOURCES"
DEFAULT_SOURCES = "sources.toml"
LOG_ERROR_LINES = 10
# A crawl asked to stop finishes its downloads (DOWNLOAD_TIMEOUT 120 s) and the extractions
# under way (COURT_ARCHIVE_EXTRACT_TIMEOUT 300 s) first: past that, it is stuck.
KILL_GRACE = 600.0
_NAME = re.compile(r"[A-Za-z0-9._-]+")
_ERROR_LINE = re.compile(r"\] (ERROR|CRITICAL): ")
# Log lines go into the report and to the webhook: keys a URL's query may carry are masked.
_SECRET_QUERY = re.compile(r"(?i)\b((?:api_?key|token|secret|signature|password)=)[^&\s'\"]+")


@dataclass(frozen=True)
class Source:
    """One configured source: a spider, its arguments and settings, an optional yield floor and
    an optional time limit in seconds."""

    name: str
    spider: str
    args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    min_items: int | None = None
    timeout: int | None = None


def load_sources(path: Path) -> list[Source]:
    """The sources of a TOML file, `[sources.NAME]` tables, in file order.

    Raises:
        CliError: (status 2) the file is missing, not TOML, or a source is malformed.
    """
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CliError(f"{path}: {exc}", 2) from exc
    tables = config.get("sources")
    if not isinstance(tables, dict) or not tables:
        raise CliError(f"{path}: no [sources.NAME] table", 2)
    return [_source(name, table, path) for name, table in tables.items()]


def _source(name: str, table: Any, path: Path) -> Source:
    """One `[sources.NAME]` table.

    Raises:
        CliError: (status 2) a bad name, an unknown key, or a value of the wrong type.
    """
    fields = {"spider": str, "args": dict, "settings": dict, "min_items": int, "timeout": int}
    if not _NAME.fullmatch(name) or not isinstance(table, dict):
        raise CliError(f"{path}: source {name!r}: a name of letters, digits, . _ - and a table", 2)
    wrong = [k for k, v in table.items() if k not in fields or not isinstance(v, fields[k])]
    if table.get("timeout", 1) < 1:
        wrong.append("timeout")
    if wrong:
        raise CliError(f"{path}: source {name!r}: bad {', '.join(wrong)} (expected spider = \"NAME\", "
                       "args = {...}, settings = {...}, min_items = N, timeout = SECONDS)", 2)
    return Source(name, table.get("spider", name), {k: str(v) for k, v in table.get("args", {}).items()},
                  {k: str(v) for k, v in table.get("settings", {}).items()}, table.get("min_items"),
                  table.get("timeout"))


def scrapy_command(source: Source, archive_uri: str, stats_file: Path) -> list[str]:
    """The `scrapy crawl` command line for one source."""
    command = [sys.executable, "-m", "scrapy", "crawl", source.spider]
    for name, value in source.args.items():
        command += ["-a", f"{name}={value}"]
    settings = {**source.settings, "COURT_ARCHIVE_URI": archive_uri,
                "COURT_ARCHIVE_STATS_FILE": str(stats_file), "COURT_ARCHIVE_UPDATE_CATALOG": "False"}
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
    with log_file.open("wb") as log, subprocess.Popen(
            scrapy_command(source, archive_uri, stats_file), env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, pass_fds=(lock,)) as child:
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
        run.failures = check_source(run, minimum=source.min_items,
                                    baseline=yield_baseline(source.name, history))
        report.sources.append(run)
    return report


def _tell(report: RunReport, location: str) -> None:
    """A line per source on stderr; failures also logged as errors with the log's last lines."""
    for run in report.sources:
        if run.left_alone:
            print(f"courtarchive crawl: {run.name}: {run.left_alone}; left alone", file=sys.stderr)
            continue
        print(f"courtarchive crawl: {run.name}: {run.items} items, {run.new} new, {run.skipped} already "
              f"archived, {run.failed} failed, {run.requests} requests, {run.bytes} bytes in "
              f"{run.seconds:.1f} s", file=sys.stderr)
        for failure in run.failures:
            logger.error("source %s FAILED (%s): %s", run.name, failure.kind, failure.message)
        for line in run.log_errors:
            logger.error("  %s log: %s", run.name, line)
    print(f"courtarchive crawl: run report {location}", file=sys.stderr)


def _select(sources: list[Source], names: Sequence[str]) -> list[Source]:
    known = {s.name: s for s in sources}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CliError(f"unknown source {', '.join(unknown)} (configured: {', '.join(known)})", 2)
    return [known[n] for n in dict.fromkeys(names)] if names else sources


def _deliver_watches(archive: Archive, catalog: str | None) -> None:
    """Deliver what is new to each watch, now that the catalog has the run's documents."""
    try:
        db, _ = open_catalog(archive, path=catalog, update=False)
        try:
            outcomes = run_watches(archive, db)
        finally:
            db.close()
    except (CatalogError, StorageError) as exc:
        logger.error("Watches not delivered this run (the next run delivers them): %s", exc)
        return
    for outcome in outcomes:
        print(f"courtarchive crawl: {outcome.line()}", file=sys.stderr)


def crawl_command(args: argparse.Namespace) -> int:
    """Crawl, store the run report, update the catalog, alert; 1 when a source failed."""
    config = Path(args.config or os.environ.get(SOURCES_ENV) or DEFAULT_SOURCES)
    sources = [replace(source, timeout=source.timeout or args.timeout)
               for source in _select(load_sources(config), args.sources)]
    archive = Archive.open(args.archive or os.environ.get(ARCHIVE_ENV) or DEFAULT_ARCHIVE_URI)
    with tempfile.TemporaryDirectory(prefix="courtarchive-crawl-") as temporary:
        work = Path(args.log_dir) if args.log_dir else Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        report = crawl_sources(sources, archive, args.parallel, work)
    key = write_report(archive, report)
    _tell(report, archive.blobs.location(key))
    try:
        update_catalog(archive, path=args.catalog)
    except (CatalogError, StorageError) as exc:
        logger.error("Catalog not updated (run `courtarchive catalog update`): %s", exc)
    else:
        _deliver_watches(archive, args.catalog)
    if alert(report, os.environ.get(ALERT_WEBHOOK_ENV)):
        print("courtarchive crawl: run report sent to the alert webhook", file=sys.stderr)
    if args.json:
        json.dump(report.as_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 1 if report.failures else 0


def add_crawl_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                     common: argparse.ArgumentParser) -> None:
    """Register `courtarchive crawl`."""
    crawl = sub.add_parser("crawl", parents=[common], help="crawl the configured sources (for cron)",
                           description="Run each source of the sources file with `scrapy crawl`, store a "
                                       "run report under runs/ in the archive, update the catalog, deliver "
                                       "what is new to each watch (`courtarchive watch`), POST "
                                       f"the report to ${ALERT_WEBHOOK_ENV} when a source failed. Exit "
                                       "status: 0 all sources healthy, 1 a source failed, 2 bad usage, "
                                       "3 the archive cannot be reached.")
    crawl.add_argument("sources", nargs="*", metavar="SOURCE", help="only these sources (default: all)")
    crawl.add_argument("--config", metavar="PATH",
                       help=f"the sources file (default: ${SOURCES_ENV}, else ./{DEFAULT_SOURCES})")
    crawl.add_argument("--parallel", type=int, default=1, metavar="N", help="crawl N sources at once (1)")
    crawl.add_argument("--log-dir", metavar="DIR", help="keep each source's crawl log as DIR/SOURCE.log")
    crawl.add_argument("--timeout", type=int, metavar="SECONDS",
                       help="stop a source's crawl after this long, unless its `timeout` says otherwise "
                            "(default: no limit)")
    crawl.set_defaults(handler=crawl_command)
