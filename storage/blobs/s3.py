"""The S3 backend (AWS or any S3-compatible server) through boto3.

Credentials and endpoint come from boto3's standard chain (environment, profile, instance
role; `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_S3` for S3-compatible servers), never from the
archive URI, so nothing secret is ever logged.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    FlexibleChecksumError,
    HTTPClientError,
    NoCredentialsError,
)
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from storage.blobs.base import Blob, CorruptBlob, Entry, Retention, StorageError

logger = logging.getLogger(__name__)
AWS_LOGGERS = ("botocore", "boto3", "s3transfer")

T = TypeVar("T")
THROTTLING_CODES = {"SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "503"}
MISSING_CODES = {"404", "NoSuchKey", "NotFound"}
# Wrong or expired keys; "403" is how a HEAD request (no body) says it.
CREDENTIAL_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "AccessDenied",
    "403",
}
CHECK_CREDENTIALS = "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"


def _is_transient(exc: BaseException) -> bool:
    """Connection trouble, 5xx and throttling are worth retrying; 4xx are not."""
    if isinstance(exc, (ConnectionError, HTTPClientError)):
        return True
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or exc.response.get("Error", {}).get("Code") in THROTTLING_CODES
    return False


def _log_retry(state: RetryCallState) -> None:
    logger.warning(
        "S3 request failed (attempt %d), retrying: %s",
        state.attempt_number,
        state.outcome.exception() if state.outcome else "?",
    )


# The first retry waits up to this many seconds (at random), each next one up to twice as long.
BACKOFF_SECONDS = 0.5


def _retrying(operation: Callable[..., T], backoff: float) -> Callable[..., T]:
    """`operation`, tried 5 times in 30 s at most while it fails transiently, `backoff` apart
    at first (at random, doubling up to 8 s)."""
    retrying: Callable[..., T] = retry(
        retry=retry_if_exception(_is_transient),
        wait=wait_random_exponential(multiplier=backoff, max=8),
        stop=stop_after_attempt(5) | stop_after_delay(30),
        before_sleep=_log_retry,
        reraise=True,
    )(operation)
    return retrying


def _quiet_aws_debug() -> None:
    """Keep the AWS libraries at INFO or above (or the root's level, if higher).

    botocore logs every request's headers at DEBUG, the access key id and signatures with
    them: a crawl run with LOG_LEVEL=DEBUG must not write them.
    """
    level = max(logging.INFO, logging.getLogger().getEffectiveLevel())
    for name in AWS_LOGGERS:
        logging.getLogger(name).setLevel(level)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3BlobStore:
    """Objects in one bucket under a key prefix; a request failing transiently is retried,
    `backoff` seconds apart at first (see `_retrying`: tests pass a shorter one)."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        client: Any = None,
        retention: Retention | None = None,
        backoff: float = BACKOFF_SECONDS,
    ) -> None:
        self.bucket = bucket
        self.prefix = f"{prefix}/" if prefix else ""
        self.retention = retention
        self.backoff = backoff
        _quiet_aws_debug()
        # Retries are ours (tenacity, bounded); botocore's own would multiply them.
        self.client = client or boto3.client(
            "s3", config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=60)
        )

    def _call(self, operation: Callable[..., T], **kwargs: Any) -> T:
        try:
            return _retrying(operation, self.backoff)(Bucket=self.bucket, **kwargs)
        except (ClientError, BotoCoreError) as exc:
            if isinstance(exc, ClientError) and _code(exc) in MISSING_CODES | {"PreconditionFailed"}:
                raise
            # One clear line, without the keys: what a person must fix.
            if isinstance(exc, ClientError) and _code(exc) in CREDENTIAL_CODES:
                raise StorageError(
                    f"s3://{self.bucket}: S3 refused the credentials ({_code(exc)}): {CHECK_CREDENTIALS}"
                ) from exc
            if isinstance(exc, NoCredentialsError):
                raise StorageError(f"s3://{self.bucket}: no S3 credentials found: {CHECK_CREDENTIALS}") from exc
            raise StorageError(f"s3://{self.bucket}/{kwargs.get('Key', self.prefix)}: {exc}") from exc

    def location(self, key: str) -> str:
        """The object's `s3://bucket/key` URL."""
        return f"s3://{self.bucket}/{self.prefix}{key}"

    def exists(self, key: str) -> bool:
        """Whether the object exists (a HEAD request)."""
        try:
            self._call(self.client.head_object, Key=self.prefix + key)
        except ClientError:
            return False
        return True

    def read(self, key: str) -> bytes | None:
        """The object's bytes, or None."""
        try:
            response = self._call(self.client.get_object, Key=self.prefix + key)
        except ClientError:
            return None
        body: bytes = response["Body"].read()
        return body

    def write(self, key: str, data: bytes, *, sha256: str, content_type: str, once: bool) -> bool:
        """Upload with a SHA-256 checksum the server verifies; `once` sends If-None-Match: *
        and, with a retention, puts the object under Object Lock."""
        extra: dict[str, Any] = {"IfNoneMatch": "*"} if once else {}
        if once and self.retention is not None:
            extra["ObjectLockMode"] = self.retention.mode
            extra["ObjectLockRetainUntilDate"] = datetime.now(UTC) + timedelta(days=self.retention.days)
        try:
            self._call(
                self.client.put_object,
                Key=self.prefix + key,
                Body=data,
                ContentType=content_type,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256)).decode("ascii"),
                Metadata={"sha256": sha256},
                **extra,
            )
        except ClientError as exc:
            if _code(exc) == "PreconditionFailed":
                return False
            raise
        return True

    def keys(self, prefix: str) -> Iterator[str]:
        """Every key under `prefix`, page by page."""
        return (entry.key for entry in self.entries(prefix))

    def entries(self, prefix: str) -> Iterator[Entry]:
        """Every object under `prefix`, a thousand per LIST request; the marker is the ETag."""
        token: dict[str, str] = {}
        while True:
            page = self._call(self.client.list_objects_v2, Prefix=self.prefix + prefix, **token)
            for entry in page.get("Contents", []):
                # Some S3-compatible servers send no ETag; the time and size change with the object too.
                marker = entry.get("ETag") or f"{entry['LastModified'].isoformat()}:{entry['Size']}"
                yield Entry(entry["Key"][len(self.prefix) :], entry["Size"], marker)
            if not page.get("IsTruncated"):
                return
            token = {"ContinuationToken": page["NextContinuationToken"]}

    def fetch(self, key: str) -> Blob | None:
        """The object and its `x-amz-meta-sha256`; botocore checks the server's own checksum.

        Raises:
            CorruptBlob: the bytes fail the SHA-256 checksum the server stored at upload.
        """
        try:
            response = self._call(self.client.get_object, Key=self.prefix + key, ChecksumMode="ENABLED")
        except ClientError:
            return None
        try:
            data: bytes = response["Body"].read()
        except FlexibleChecksumError as exc:
            raise CorruptBlob(f"{self.location(key)}: {exc}") from exc
        except BotoCoreError as exc:  # the body is read outside _call: a reset mid-download
            raise StorageError(f"{self.location(key)}: {exc}") from exc
        return Blob(data, response.get("Metadata", {}).get("sha256"))
