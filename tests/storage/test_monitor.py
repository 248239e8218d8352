"""Monitoring: yield baselines, failure checks, the alert webhook, and a broken source end to end
(the mirror's listing redesigned, then emptied) reported, exited 1 and alerted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from storage.schedule.monitoring import alert, check_source, yield_baseline
from storage.schedule.reports import Failure, RunReport, SourceRun
from tests.storage.sources import courtarchive_crawl, write_sources
from tests.support.mirror import LISTINGS, TERM, LoopbackServer, Mirror, serving

SLIP = f"/opinions/slipopinion/{TERM}"


def report_with(**items: int | None) -> dict[str, Any]:
    """A stored report's shape: per source its items; None marks a failed run."""
    return {"sources": {name: {"items": n or 0, "ok": n is not None} for name, n in items.items()}}


def test_baseline_is_the_least_yield_of_clean_runs() -> None:
    reports = [report_with(a=5, b=0), report_with(a=3, b=None), report_with(a=None, b=2), report_with(a=4)]
    assert yield_baseline("a", reports) == 3
    assert yield_baseline("b", reports) == 0
    assert yield_baseline("c", reports) is None


def test_baseline_needs_two_runs() -> None:
    assert yield_baseline("a", [report_with(a=5)]) is None


def test_a_run_that_left_a_source_alone_is_no_failure_and_no_baseline() -> None:
    busy = SourceRun("a", "scotus", {}, left_alone="still being crawled by an earlier run (pid 7, since …)")
    assert check_source(busy, minimum=3, baseline=6) == []
    stored = {"sources": {"a": busy.as_json()}}
    assert stored["sources"]["a"]["ok"] and yield_baseline("a", [report_with(a=5), stored, report_with(a=4)]) == 4


def run_of(
    items: int, exit_code: int = 0, errors: dict[str, int] | None = None, finish_reason: str | None = "finished"
) -> SourceRun:
    return SourceRun(
        "scotus", "scotus", {}, exit_code=exit_code, items=items, errors=errors or {}, finish_reason=finish_reason
    )


def test_zero_items_from_a_source_that_yields_is_a_failure() -> None:
    [failure] = check_source(run_of(0), minimum=None, baseline=6)
    assert failure == Failure("scotus", "zero_yield", "0 items, where each of its recent runs yielded at least 6")


def test_zero_items_without_history_or_from_a_quiet_source_pass() -> None:
    assert check_source(run_of(0), minimum=None, baseline=None) == []
    assert check_source(run_of(0), minimum=None, baseline=0) == []
    assert check_source(run_of(2), minimum=None, baseline=6) == []


def test_configured_minimum_wins_over_the_baseline() -> None:
    assert [f.kind for f in check_source(run_of(2), minimum=3, baseline=None)] == ["low_yield"]
    assert check_source(run_of(0), minimum=0, baseline=6) == []


def test_changed_listing_is_named_and_not_also_a_zero_yield() -> None:
    run = run_of(0, exit_code=1, errors={"spider_exceptions/ListingChanged": 2})
    run.errors_logged = 2
    failures = check_source(run, minimum=None, baseline=6)
    assert failures == [Failure("scotus", "listing_changed", "a listing no longer parses (ListingChanged x2)")]


def test_crawl_failures_and_a_dead_crawl_are_failures() -> None:
    [failed] = check_source(
        run_of(4, exit_code=1, errors={"archive/failed/download/http_500": 1}), minimum=None, baseline=None
    )
    assert (failed.kind, failed.message) == ("crawl_failed", "archive/failed/download/http_500=1")
    [died] = check_source(run_of(0, exit_code=-9, finish_reason=None), minimum=None, baseline=6)
    assert (died.kind, died.message) == ("crawl_failed", "the crawl wrote no stats (exit status -9)")
    [stopped] = check_source(run_of(3, finish_reason="shutdown"), minimum=None, baseline=None)
    assert stopped.message == "the crawl stopped early (shutdown, exit status 0)"


def test_errors_in_the_log_fail_a_crawl_that_exits_zero() -> None:
    # Items whose pipeline raised count in no failure stat, only in the log.
    run = run_of(0)
    run.errors_logged = 6
    [failure] = check_source(run, minimum=None, baseline=None)
    assert (failure.kind, failure.message) == ("crawl_failed", "6 errors in the crawl's log")


class Receiver:
    """A local webhook receiver: the JSON bodies POSTed to it."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = LoopbackServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/court-archiver"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    thread = threading.Thread(target=hook.server.serve_forever, daemon=True)
    thread.start()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


def test_alert_posts_a_failed_report_only(receiver: Receiver) -> None:
    report = RunReport(datetime(2026, 11, 30, 6, 17), "archive", [run_of(5)])
    assert not alert(report, receiver.url)
    report.sources[0].failures.append(Failure("scotus", "zero_yield", "0 items"))
    assert alert(report, receiver.url)
    assert receiver.bodies == [report.as_json()]


def test_unreachable_webhook_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    report = RunReport(
        datetime(2026, 11, 30), "archive", [SourceRun("s", "s", {}, failures=[Failure("s", "zero_yield", "0 items")])]
    )
    assert not alert(report, "http://127.0.0.1:9/never")
    assert "Alert webhook not reached" in caplog.text


def test_broken_source_is_reported_exited_and_alerted(mirror: Mirror, receiver: Receiver, tmp_path: Path) -> None:
    # A mirror of its own, whose listing this test changes (the session's stays as it is).
    mirror = Mirror(routes=dict(mirror.routes))
    slip = LISTINGS[SLIP].read_text(encoding="utf-8")
    with serving(mirror) as url:
        config = write_sources(tmp_path / "sources.toml", url, {"scotus": ("2023-06-29", "2023-06-30")})
        archive, env = str(tmp_path / "archive"), {"COURT_ARCHIVE_ALERT_WEBHOOK": receiver.url}
        healthy = [courtarchive_crawl(config, archive, env=env) for _ in range(2)]
        assert [r.status for r in healthy] == [0, 0] and receiver.bodies == [], [r.stderr[-3000:] for r in healthy]
        # The site is redesigned: the column headers are no longer header cells.
        mirror.routes[SLIP] = (200, slip.replace("<th", "<td").replace("</th>", "</td>").encode(), "text/html")
        redesigned = courtarchive_crawl(config, archive, env=env)
        # A new term: the table is there, with no opinion in it yet.
        empty = "<table><tr><th>R-</th><th>Date</th><th>Docket</th><th>Name</th><th>J.</th></tr></table>"
        mirror.routes[SLIP] = (200, empty.encode(), "text/html")
        emptied = courtarchive_crawl(config, archive, env=env)
    assert redesigned.status == 1 and emptied.status == 1
    assert redesigned.report is not None and emptied.report is not None
    assert [(f["source"], f["kind"]) for f in redesigned.report["failures"]] == [("scotus", "listing_changed")]
    assert [(f["source"], f["kind"]) for f in emptied.report["failures"]] == [("scotus", "zero_yield")]
    assert "source scotus FAILED (listing_changed)" in redesigned.stderr
    assert "source scotus FAILED (zero_yield)" in emptied.stderr
    assert receiver.bodies == [redesigned.report, emptied.report]
    stored = sorted((tmp_path / "archive" / "runs").glob("*.json"))
    assert [json.loads(p.read_text())["ok"] for p in stored] == [True, True, False, False]
