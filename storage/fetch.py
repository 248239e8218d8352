"""Downloading one document for `courtarchive add`: requests, bounded in time, size and retries.

A crawl downloads through Scrapy (its retry middleware, throttling, robots.txt); `add` fetches
one URL a person already has in hand, so it uses requests directly, with tenacity retrying
connection errors, 5xx and 429 (waiting out Retry-After, capped).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from storage.archiving import FetchFailed, check_pdf

logger = logging.getLogger(__name__)

USER_AGENT = "court-archiver/0.1 (courtarchive add; archives public court documents)"
MAX_BYTES = 200 * 1024 * 1024  # the crawl's DOWNLOAD_MAXSIZE
TIMEOUT = (10.0, 60.0)  # connect, read (between bytes)
ATTEMPTS = 5
MAX_RETRY_AFTER = 120.0
_CHUNK = 64 * 1024
_backoff = wait_random_exponential(multiplier=0.5, max=8)


class _Retryable(Exception):
    """A 5xx or 429 answer, worth another try after `retry_after` seconds (None: back off)."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"answered {status}")
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Download:
    """A fetched document: its bytes and what the server said about them."""

    url: str
    data: bytes
    fetched_at: str
    etag: str | None
    last_modified: str | None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """The wait a Retry-After header asks for (delta-seconds or an HTTP date), or None; the
    crawl's retry middleware reads it the same way."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, _Retryable) and exc.retry_after is not None:
        return min(exc.retry_after, MAX_RETRY_AFTER)
    return float(_backoff(state))


def _log_retry(state: RetryCallState) -> None:
    logger.warning(
        "Download failed (attempt %d), retrying: %s",
        state.attempt_number,
        state.outcome.exception() if state.outcome else "?",
    )


def _transient(exc: BaseException) -> bool:
    return isinstance(
        exc, (_Retryable, requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
    )


def download(
    url: str, *, max_bytes: int = MAX_BYTES, timeout: tuple[float, float] = TIMEOUT, attempts: int = ATTEMPTS
) -> Download:
    """GET `url` as a PDF, retrying connection errors, timeouts, 5xx and 429.

    Raises:
        FetchFailed: kind `bad_url`, `http_<status>`, `too_large`, `not_pdf`, `timeout` or
            `connection_failed`, once retries are spent.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchFailed("bad_url", f"{url}: only http:// and https:// URLs can be downloaded")
    fetch = retry(
        retry=retry_if_exception(_transient),
        wait=_wait,
        stop=stop_after_attempt(attempts),
        before_sleep=_log_retry,
        reraise=True,
    )(_get)
    try:
        download: Download = fetch(url, max_bytes, timeout)
        return download
    except _Retryable as exc:
        raise FetchFailed(f"http_{exc.status}", f"{url} answered {exc.status} {attempts} times") from None
    except requests.Timeout as exc:
        raise FetchFailed("timeout", f"{url}: timed out ({exc})") from None
    except requests.RequestException as exc:
        raise FetchFailed("connection_failed", f"{url}: {exc}") from None


def _get(url: str, max_bytes: int, timeout: tuple[float, float]) -> Download:
    with requests.get(url, stream=True, timeout=timeout, headers={"User-Agent": USER_AGENT}) as response:
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retryable(response.status_code, retry_after_seconds(response.headers.get("Retry-After")))
        check_pdf(url, response.status_code, "", b"")
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > max_bytes:
            raise FetchFailed("too_large", f"{url} is {declared} bytes, over the limit of {max_bytes}")
        body = bytearray()
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise FetchFailed("too_large", f"{url} is over the limit of {max_bytes} bytes")
        check_pdf(url, response.status_code, response.headers.get("Content-Type", ""), bytes(body[:1024]))
        return Download(
            url=response.url,
            data=bytes(body),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
