"""Whether a crawl succeeded, read from its stats."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Stats prefixes that mean documents or listings were not fetched or not stored (a juriscraper
# court stopped early: a next or detail page failed after its first opinions were parsed).
FAILURE_PREFIXES = (
    "spider_exceptions/",
    "archive/failed/",
    "httperror/response_ignored_status_count/",
    "retry/max_reached",
    "juriscraper/stopped_early/",
)


def run_failures(stats: Mapping[str, Any]) -> dict[str, int]:
    """The failure counts in a crawl's stats (empty when the run succeeded)."""
    return {
        key: int(value)
        for key, value in sorted(stats.items())
        if key.startswith(FAILURE_PREFIXES) and isinstance(value, int) and value > 0
    }
