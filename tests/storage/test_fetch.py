"""Reading Retry-After, for `courtarchive add` and the crawl's retry middleware alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.fetch import retry_after_seconds

NOW = datetime(2026, 12, 7, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Mon, 07 Dec 2026 12:00:30 GMT", 30.0),
        ("Mon, 07 Dec 2026 12:00:30 -0000", 30.0),  # no zone said: UTC
        ("Mon, 07 Dec 2026 11:59:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds
