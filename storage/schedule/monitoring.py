"""Silent failures made loud: checks on each source's run, yield baselines, the alert webhook.

In the spirit of spidermon's thresholds: a crawl that exits 0 with zero items from a source
that has always yielded is a failure, and so is a listing page that no longer has the shape
its parser reads (the spiders raise `<Something>Changed`, counted by Scrapy as
`spider_exceptions/<Something>Changed`).
"""

from __future__ import annotations

import json
import logging
import signal
from collections.abc import Mapping, Sequence
from typing import Any

from storage.schedule.reports import Failure, RunReport, SourceRun

logger = logging.getLogger(__name__)

ALERT_WEBHOOK_ENV = "COURT_ARCHIVE_ALERT_WEBHOOK"
# A baseline needs this many past runs of a source; it is the least any of them yielded.
BASELINE_MIN_RUNS = 2
BASELINE_RUNS = 10
WEBHOOK_TIMEOUT = 10.0


def yield_baseline(name: str, reports: Sequence[Mapping[str, Any]]) -> int | None:
    """The fewest items `name` yielded in its past clean runs, or None with too few of them."""
    yields = [
        int(run["items"])
        for report in reports
        if isinstance(run := report["sources"].get(name), dict) and run.get("ok") and not run.get("left_alone")
    ]
    return min(yields) if len(yields) >= BASELINE_MIN_RUNS else None


def check_source(run: SourceRun, *, minimum: int | None, baseline: int | None) -> list[Failure]:
    """What is wrong with one source's run: its crawl failed or did not finish, a listing changed
    shape, or it yielded fewer items than its configured `minimum`, or none where its `baseline`
    is above 0."""
    found: list[Failure] = []
    if run.left_alone:
        return found
    changed = {k: v for k, v in run.errors.items() if k.startswith("spider_exceptions/") and k.endswith("Changed")}
    if changed:
        pages = ", ".join(f"{k.split('/', 1)[1]} x{v}" for k, v in changed.items())
        found.append(Failure(run.name, "listing_changed", f"a listing no longer parses ({pages})"))
    # spider_exceptions/count totals the per-exception counts, named on their own.
    others = {k: v for k, v in run.errors.items() if k not in changed and k != "spider_exceptions/count"}
    if (others or not changed) and (problem := _crawl_problem(run, others)):
        found.append(Failure(run.name, "crawl_failed", problem))
    if changed or run.finish_reason is None:
        return found
    if minimum is not None and run.items < minimum:
        found.append(
            Failure(
                run.name,
                "zero_yield" if run.items == 0 else "low_yield",
                f"{run.items} items, fewer than the configured minimum {minimum}",
            )
        )
    elif minimum is None and baseline and run.items == 0:
        found.append(
            Failure(run.name, "zero_yield", f"0 items, where each of its recent runs yielded at least {baseline}")
        )
    return found


def _crawl_problem(run: SourceRun, failures: Mapping[str, int]) -> str | None:
    """Why the crawl itself failed, if it did (listing changes aside)."""
    counts = ", ".join(f"{k}={v}" for k, v in failures.items())
    if run.finish_reason == "closespider_timeout":
        stopped = f"stopped by its timeout of {run.timeout} s before it finished (the next run starts over)"
        return f"{stopped}: {counts}" if counts else stopped
    if counts:
        return counts
    if run.finish_reason is None and run.timeout and run.exit_code == -signal.SIGKILL:
        return f"killed: still running well past its timeout of {run.timeout} s"
    if run.finish_reason is None:
        return f"the crawl wrote no stats (exit status {run.exit_code})"
    if run.finish_reason != "finished":
        return f"the crawl stopped early ({run.finish_reason}, exit status {run.exit_code})"
    if run.errors_logged:
        return f"{run.errors_logged} errors in the crawl's log"
    if run.exit_code != 0:
        return f"exit status {run.exit_code}"
    return None


def alert(report: RunReport, url: str | None) -> bool:
    """POST the report to the webhook `url` (if any) when it has failures; whether it was delivered.

    A webhook that cannot be reached is logged, never raised: the run's exit status already
    says it failed.
    """
    if not url or not report.failures:
        return False
    import requests  # only a failed run sends anything; `courtarchive ls` need not load it

    try:
        response = requests.post(
            url,
            data=json.dumps(report.as_json()),
            timeout=WEBHOOK_TIMEOUT,
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
    except requests.RequestException as exc:
        # The URL often holds a token (chat webhooks): name the error, never the URL.
        status = exc.response.status_code if exc.response is not None else None
        logger.error("Alert webhook not reached: %s%s", type(exc).__name__, f" (HTTP {status})" if status else "")
        return False
    return True
