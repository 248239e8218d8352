"""Secrets never leave: S3 keys and API tokens appear in no log, stat, record, object, outbox
or catalog of a crawl, nor in the errors a user sees when the credentials are wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.scrapers.crawling import REPO
from tests.scrapers.test_courtlistener import base_url, crawl, mirror  # noqa: F401 (fixtures)
from tests.support.seaweed import S3Server

TOKEN = "cl-canary-token-6d0f3b9e"
WRONG_SECRET = "wrong-canary-secret-91c2aa"


@pytest.fixture(scope="module")
def outputs(base_url: str, s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:  # noqa: F811
    """A good crawl into S3 and one with a wrong secret key, at DEBUG; everything they left."""
    folder = tmp_path_factory.mktemp("secrets")
    bucket = "secrets-canary"
    s3_server.client().create_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    local = {
        "COURTLISTENER_API_TOKEN": TOKEN,
        "XDG_CACHE_HOME": str(folder / "cache"),
        "COURT_ARCHIVE_OUTBOX": str(folder / "outbox"),
    }
    good = crawl(base_url, f"s3://{bucket}/cl", {**s3_server.environment(), **local})
    wrong = {**s3_server.environment(), **local, "AWS_SECRET_ACCESS_KEY": WRONG_SECRET}
    refused = crawl(base_url, f"s3://{bucket}/other", wrong)
    cli = subprocess.run(
        [sys.executable, "-m", "storage.cli", "ls", "--archive", f"s3://{bucket}/cl"],
        cwd=REPO,
        env={**os.environ, **wrong},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return {"good": good, "refused": refused, "cli": cli, "folder": folder, "bucket": bucket}


def secrets(server: S3Server) -> list[str]:
    """The secret key, a wrong one, the API token, and the access key id (which botocore's
    DEBUG log would show in every request's Authorization header)."""
    return [server.secret_key, WRONG_SECRET, TOKEN, f"Credential={server.access_key}"]


def stored_objects(server: S3Server, bucket: str) -> Iterator[bytes]:
    """Every object's bytes and metadata in the bucket."""
    client: Any = server.client()
    for entry in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        answer = client.get_object(Bucket=bucket, Key=entry["Key"])
        yield answer["Body"].read() + repr(answer.get("Metadata")).encode()


def test_nothing_secret_in_any_output(outputs: dict[str, Any], s3_server: S3Server) -> None:
    assert outputs["good"].returncode == 0, outputs["good"].stderr[-3000:]
    assert "'archive/stored': 3" in outputs["good"].stderr
    texts = [outputs[run].stdout + outputs[run].stderr for run in ("good", "refused", "cli")]
    blobs = list(stored_objects(s3_server, outputs["bucket"]))
    blobs += [p.read_bytes() for p in outputs["folder"].rglob("*") if p.is_file()]
    assert len(blobs) >= 9  # 3 originals, 3 records, 3 texts at least
    for secret in secrets(s3_server):
        for text in texts:
            assert secret not in text
        for blob in blobs:
            assert secret.encode() not in blob


def test_wrong_credentials_give_one_clear_line(outputs: dict[str, Any]) -> None:
    cli = outputs["cli"]
    assert cli.returncode == 3
    lines = cli.stderr.strip().splitlines()
    assert len(lines) == 1, cli.stderr
    assert lines[0].startswith("courtarchive: ") and "credentials" in lines[0], lines[0]
    refused = outputs["refused"]
    assert refused.returncode == 1
    assert "S3 refused the credentials" in refused.stderr
    assert "Traceback" not in refused.stderr
