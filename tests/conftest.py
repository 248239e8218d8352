"""Shared fixtures: the read-only `../shared` data folder and the corpus PDFs in it."""

from __future__ import annotations

import fcntl
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

from tests.support.seaweed import S3Server, seaweedfs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _missing_shared(what: str) -> None:
    """Skip when ../shared is absent, but fail under CI, where it must be there."""
    message = f"../shared absent ({what} not found at {SHARED})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


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
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME")}
    os.environ["XDG_CACHE_HOME"], os.environ["XDG_STATE_HOME"] = str(home / "cache"), str(home / "state")
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A real SeaweedFS S3 server on 127.0.0.1 for the whole test session."""
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server: S3Server, request: pytest.FixtureRequest) -> str:
    """A new, empty bucket on the test S3 server; its name."""
    name = "test-" + re.sub(r"[^a-z0-9-]", "-", request.node.name.lower())[:40].strip("-")
    name = f"{name}-{os.getpid() % 10000}-{len(_buckets)}"
    _buckets.append(name)
    s3_server.client().create_bucket(Bucket=name)  # type: ignore[attr-defined]
    return name


_buckets: list[str] = []


@dataclass(frozen=True)
class Demo:
    """The archive `make demo` wrote, and what it printed."""

    archive: Path
    output: str


@pytest.fixture(scope="session")
def demo(shared_path: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """`python -m tests.demo` (what `make demo` runs) into a fresh archive, once for the whole
    run: pytest-xdist's workers share one, built by the first that asks, under a lock."""
    shared_path("corpus/pdfs")
    root = tmp_path_factory.getbasetemp()
    root = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    archive, output = root / "demo-archive", root / "demo-output.txt"
    with open(root / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not output.exists():
            done = subprocess.run(
                [sys.executable, "-m", "tests.demo"],
                cwd=Path(__file__).parents[1],
                env={**os.environ, "COURT_ARCHIVE_URI": str(archive)},
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
            output.write_text(done.stdout)
    return Demo(archive, output.read_text())
