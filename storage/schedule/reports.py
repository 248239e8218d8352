"""Run reports: what one `courtarchive crawl` did per source, kept in the archive as JSON.

    runs/<UTC start, YYYY-MM-DDTHH-MM-SS-ffffffZ>.json

Keys sort by time, so the latest reports are the last keys. Any machine running a crawl
writes and reads them through the archive's backend, as it does crawl state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from storage.archive import Archive, sha256_hex

logger = logging.getLogger(__name__)

REPORT_VERSION = 1
RUNS_PREFIX = "runs/"


@dataclass(frozen=True)
class Failure:
    """Why a source failed: `kind` is crawl_failed, listing_changed, zero_yield or low_yield."""

    source: str
    kind: str
    message: str


@dataclass
class SourceRun:
    """One source's figures in one run."""

    name: str
    spider: str
    args: dict[str, str]
    exit_code: int | None = None
    finish_reason: str | None = None
    seconds: float = 0.0
    requests: int = 0
    items: int = 0
    new: int = 0
    skipped: int = 0
    failed: int = 0
    unreadable: int = 0
    bytes: int = 0
    errors_logged: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    log_errors: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    timeout: int | None = None
    left_alone: str | None = None  # why this run did not crawl the source (an earlier run still does)

    @property
    def ok(self) -> bool:
        """Whether the source ran cleanly and no check found fault with it."""
        return not self.failures

    def add_stats(self, stats: Mapping[str, Any], failures: Mapping[str, int]) -> None:
        """Take the figures from a finished crawl's stats and the failures found in them."""

        def total(prefix: str) -> int:
            return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))

        self.requests = int(stats.get("downloader/request_count", 0))
        self.items = int(stats.get("item_scraped_count", 0))
        self.new = int(stats.get("archive/stored", 0)) + int(stats.get("archive/stored_without_document", 0))
        self.skipped = total("archive/skipped/")
        self.failed = total("archive/failed/")
        self.unreadable = total("extract/failed/")
        self.bytes = int(stats.get("downloader/response_bytes", 0))
        self.errors_logged = int(stats.get("log_count/ERROR", 0))
        self.errors = dict(failures)

    def as_json(self) -> dict[str, Any]:
        """The source's part of the report."""
        body = asdict(self)
        body["ok"] = self.ok
        body["documents"] = {k: body.pop(k) for k in ("new", "skipped", "failed", "unreadable")}
        body["failures"] = [asdict(f) for f in self.failures]
        return body


@dataclass
class RunReport:
    """One run: when, into which archive, and each source's figures."""

    started_at: datetime
    archive: str
    sources: list[SourceRun] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> list[Failure]:
        """Every source's failures, in source order."""
        return [f for source in self.sources for f in source.failures]

    @property
    def key(self) -> str:
        """The report's key in the archive."""
        return f"{RUNS_PREFIX}{self.started_at.strftime('%Y-%m-%dT%H-%M-%S-%fZ')}.json"

    def as_json(self) -> dict[str, Any]:
        """The report as stored and as sent to an alert webhook."""
        return {
            "report_version": REPORT_VERSION,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "archive": self.archive,
            "ok": not self.failures,
            "failures": [asdict(f) for f in self.failures],
            "sources": {s.name: s.as_json() for s in self.sources},
        }


def write_report(archive: Archive, report: RunReport) -> str:
    """Store the report in the archive; its key.

    Raises:
        StorageError: the archive cannot be written.
    """
    body = json.dumps(report.as_json(), indent=2).encode("utf-8") + b"\n"
    archive.blobs.write(report.key, body, sha256=sha256_hex(body), content_type="application/json", once=False)
    return report.key


def recent_reports(archive: Archive, limit: int) -> list[dict[str, Any]]:
    """The latest `limit` stored reports, oldest first; unreadable ones are skipped with a warning.

    Raises:
        StorageError: the archive cannot be listed or read.
    """
    keys = sorted(k for k in archive.blobs.keys(RUNS_PREFIX) if k.endswith(".json"))[-limit:]
    reports = []
    for key in keys:
        data = archive.blobs.read(key)
        try:
            report = json.loads(data) if data is not None else None
        except ValueError:
            report = None
        if isinstance(report, dict) and isinstance(report.get("sources"), dict):
            reports.append(report)
        else:
            logger.warning("Run report %s is unreadable; left out of the baselines", archive.blobs.location(key))
    return reports
