"""Shared fixtures: the read-only `../shared` data folder and the corpus PDFs in it."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.support.environ import environment
from tests.support.missing import missing
from tests.support.once import built_once
from tests.support.seaweed import S3Server, seaweedfs, shared_seaweedfs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _missing_shared(what: str) -> None:
    """Skip when ../shared is absent, but fail under CI, where it must be there."""
    missing(f"../shared absent ({what} not found at {SHARED})")


@cache
def corpus_prefixes() -> dict[str, str]:
    """File name -> first 16 hex digits of its sha256, from corpus/PROVENANCE.md."""
    text = (SHARED / "corpus" / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.pdf)` \|.*?\| `([0-9a-f]{16})` \|", text, re.MULTILINE)
    return dict(rows)


@pytest.fixture(scope="session")
def shared_path() -> Callable[[str], Path]:
    """Return a function giving the path of a file under ../shared, or skipping."""

    def resolve(relative: str) -> Path:
        path = SHARED / relative
        if not path.exists():
            _missing_shared(relative)
        return path

    return resolve


@pytest.fixture(scope="session")
def corpus_pdf(shared_path: Callable[[str], Path]) -> Callable[[str], Path]:
    """Return a function giving a corpus PDF's path, checked against PROVENANCE's sha256."""

    def resolve(name: str) -> Path:
        path = shared_path(f"corpus/pdfs/{name}")
        expected = corpus_prefixes()[name]
        actual = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        assert actual == expected, f"{name}: sha256 {actual}… is not PROVENANCE's {expected}…"
        return path

    return resolve


@pytest.fixture(scope="session", autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the user's cache and state folders at a temporary one for the whole session.

    A crawl into S3 updates its catalog under $XDG_CACHE_HOME, and the outbox and source locks
    live under $XDG_STATE_HOME: without this, every test run left its catalogs in the
    developer's ~/.cache/court-archiver. Set in os.environ, so crawls in subprocesses see it.
    """
    home = tmp_path_factory.mktemp("xdg")
    with environment({"XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state")}):
        yield home


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A real SeaweedFS S3 server on 127.0.0.1 for the whole test session, one for all the
    pytest-xdist workers (started by the first that asks, stopped by the last to finish)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
            yield server
        return
    with shared_seaweedfs(tmp_path_factory.getbasetemp().parent, worker) as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server: S3Server, request: pytest.FixtureRequest) -> str:
    """A new, empty bucket on the test S3 server; its name."""
    name = "test-" + re.sub(r"[^a-z0-9-]", "-", request.node.name.lower())[:40].strip("-")
    # Unique across the workers, which share the server.
    name = f"{name}-{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}-{len(_buckets)}"
    _buckets.append(name)
    s3_server.client().create_bucket(Bucket=name)  # type: ignore[attr-defined]
    return name


_buckets: list[str] = []


@pytest.fixture
def s3_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """S3BlobStore's retries, as many, without their backoff sleeps, in this process: for tests
    whose storage is down on purpose (tests/storage/test_blob_stores.py keeps the waits, shorter)."""
    from tenacity import wait_none

    from storage.blobs import s3

    retrying = s3._retrying
    monkeypatch.setattr(
        s3, "_retrying", lambda operation, backoff: retrying(operation, backoff).retry_with(wait=wait_none())
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the reactor's thread pool if a test crawled in process (tests/support/crawl.py)."""
    if "tests.support.crawl" in sys.modules:
        sys.modules["tests.support.crawl"].stop_reactor()


@dataclass(frozen=True)
class Demo:
    """The archive `make demo` wrote, and what it printed."""

    archive: Path
    output: str


@pytest.fixture(scope="session")
def demo(shared_path: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """`python -m tests.demo` (what `make demo` runs) into a fresh archive, once for the whole
    run (`built_once`: pytest-xdist's workers share it)."""
    shared_path("corpus/pdfs")
    return built_once(tmp_path_factory, "demo-archive", _run_demo)


def _run_demo(archive: Path) -> Demo:
    done = subprocess.run(
        [sys.executable, "-m", "tests.demo"],
        cwd=Path(__file__).parents[1],
        # One extraction worker per crawl, as in every test crawl: the suite runs a test process per core.
        env={**os.environ, "COURT_ARCHIVE_URI": str(archive), "COURT_ARCHIVE_EXTRACT_WORKERS": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return Demo(archive, done.stdout)
