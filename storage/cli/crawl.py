"""`courtarchive crawl`: run the configured sources (`storage.schedule`), for cron; once the
catalog is updated, deliver what is new to each watch (`storage.watches`)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from storage.archive import Archive
from storage.blobs.base import DEFAULT_ARCHIVE_URI, StorageError
from storage.catalog.update import CatalogError, open_catalog, update_catalog
from storage.cli.common import ARCHIVE_ENV, CliError
from storage.schedule.monitoring import ALERT_WEBHOOK_ENV, alert
from storage.schedule.reports import RunReport, write_report
from storage.schedule.runner import crawl_sources
from storage.schedule.sources import (
    DEFAULT_SOURCES,
    SOURCES_ENV,
    Source,
    SourcesError,
    load_sources,
)
from storage.watches.run import run_watches

logger = logging.getLogger(__name__)


def _tell(report: RunReport, location: str) -> None:
    """A line per source on stderr; failures also logged as errors with the log's last lines."""
    for run in report.sources:
        if run.left_alone:
            print(f"courtarchive crawl: {run.name}: {run.left_alone}; left alone", file=sys.stderr)
            continue
        print(
            f"courtarchive crawl: {run.name}: {run.items} items, {run.new} new, {run.skipped} already "
            f"archived, {run.failed} failed, {run.requests} requests, {run.bytes} bytes in "
            f"{run.seconds:.1f} s",
            file=sys.stderr,
        )
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
    """Crawl, store the run report, update the catalog, deliver watches, alert; 1 when a source failed."""
    config = Path(args.config or os.environ.get(SOURCES_ENV) or DEFAULT_SOURCES)
    try:
        configured = load_sources(config)
    except SourcesError as exc:
        raise CliError(str(exc), 2) from exc
    sources = [replace(source, timeout=source.timeout or args.timeout) for source in _select(configured, args.sources)]
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
