"""The webhook channel: one signed JSON POST per document, retried, with an idempotency key.

The body is signed with HMAC-SHA256 under the secret in $COURT_ARCHIVE_WEBHOOK_SECRET
(`X-Court-Archive-Signature: sha256=<hex>`), as GitHub signs its webhooks; the receiver
recomputes it over the raw body. Every attempt to deliver one document for one watch carries
the same `Idempotency-Key`, so a receiver that saw it already can ignore a repeat. Neither the
secret nor the URL (whose path may hold a token) is ever logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from typing import Any

import requests
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from storage.watches.model import SECRET_ENV

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Court-Archive-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TIMEOUT = 10.0
ATTEMPTS = 4
MAX_WAIT = 8.0  # seconds between attempts at most (random, up to 0.5 s doubling each time)
USER_AGENT = "court-archiver-watch/0.1"


class Unavailable(Exception):
    """A server error, throttling or a lost connection: worth another attempt."""


@dataclass(frozen=True)
class Undelivered:
    """Why a POST failed, and whether the receiver is unreachable (so the run's next POSTs wait)."""

    reason: str
    unreachable: bool = False


def signature(secret: str, body: bytes) -> str:
    """The signature header's value for `body`."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_body(watch: str, key: str, summary: dict[str, Any]) -> bytes:
    """The JSON POSTed for one document: the same bytes on every attempt."""
    payload = {"event": "watch.document", "watch": watch, "idempotency_key": key, "document": summary}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


class WebhookSender:
    """POSTs to one URL, signed with `secret`; `attempts` tries each, backing off up to `max_wait` s."""

    def __init__(self, url: str, secret: str, attempts: int = ATTEMPTS, max_wait: float = MAX_WAIT) -> None:
        self.url, self.secret, self.attempts, self.max_wait = url, secret, attempts, max_wait
        # urllib3 logs each request's path and query at DEBUG (a crawl's default level), and a
        # webhook's often holds a token: keep it at INFO or above, as storage.s3 keeps botocore.
        logging.getLogger("urllib3.connectionpool").setLevel(max(logging.INFO, logging.getLogger().getEffectiveLevel()))

    def _post(self, body: bytes, key: str, watch: str) -> None:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            IDEMPOTENCY_HEADER: key,
            SIGNATURE_HEADER: signature(self.secret, body),
            "X-Court-Archive-Watch": watch,
        }
        try:
            response = requests.post(self.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
        except requests.RequestException as exc:
            raise Unavailable(type(exc).__name__) from None  # its message names the URL
        if response.status_code == 429 or response.status_code >= 500:
            raise Unavailable(f"HTTP {response.status_code}")
        if not 200 <= response.status_code < 300:
            raise RuntimeError(f"HTTP {response.status_code}")

    def send(self, watch: str, key: str, summary: dict[str, Any]) -> Undelivered | None:
        """Deliver one document; None when the receiver took it, else why not (no URL in it)."""
        body = webhook_body(watch, key, summary)
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_random_exponential(multiplier=0.5, max=self.max_wait),
            retry=retry_if_exception(lambda exc: isinstance(exc, Unavailable)),
            reraise=False,
        )
        try:
            retrying(self._post, body, key, watch)
        except RetryError as exc:
            return Undelivered(f"{exc.last_attempt.exception()} after {self.attempts} attempts", unreachable=True)
        except RuntimeError as exc:
            return Undelivered(f"refused: {exc}")
        return None


def webhook_sender(url: str) -> WebhookSender | str:
    """A sender for `url` signed with the secret from the environment, or why there is none."""
    secret = os.environ.get(SECRET_ENV, "")
    if not secret:
        return f"${SECRET_ENV} is not set: webhooks are sent signed only"
    return WebhookSender(url, secret, ATTEMPTS, MAX_WAIT)
