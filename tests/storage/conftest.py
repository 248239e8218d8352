"""Archives built by real crawls (a local folder and SeaweedFS), for the catalog and CLI tests.

Each archive is crawled twice from the local mirror of supremecourt.gov: first the documents
filed since FIRST_SINCE, then since SECOND_SINCE (three more). After each crawl the catalog
is updated through a BlobStore that counts what it reads, so the tests can check that an
update reads only the records a crawl added. Tests that damage an archive get a copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive
from storage.blobs.base import BlobStore
from storage.blobs.s3 import S3BlobStore
from storage.catalog.update import UpdateSummary, update_catalog
from storage.cli import main
from tests.support.crawl import adds_on_reused_workers, run_spider
from tests.support.environ import environment
from tests.support.mirror import CORPUS, Mirror, serving
from tests.support.once import built_once
from tests.support.seaweed import S3Server

# The sentence read on page 2 of this 1st Cir. order (a `dev` corpus file): "These three
# appeals are consolidated." The mirror serves it for every fourth listed PDF.
KNOWN_PDF = "courtlistener__gov.uscourts.ca1.12-2209.00106475093.0.pdf"
KNOWN_PHRASE = '"three appeals are consolidated"'
PDFS = [KNOWN_PDF, "doctor__ca7_3.pdf", "xray__rect_ordering_4.1.pdf", "doctor__empty.pdf"]
FIRST_SINCE = "2023-06-29"  # six opinions, filed 6/29 and 6/30/2023
SECOND_SINCE = "2023-06-27"  # three more, filed 6/27
EXECUTABLE = shutil.which("courtarchive") or str(Path(__file__).parents[2] / ".venv/bin/courtarchive")


def sha256_of(name: str) -> str:
    return hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()


class CountingBlobs:
    """A BlobStore that records every key read through it."""

    def __init__(self, inner: BlobStore) -> None:
        self.inner = inner
        self.reads: list[str] = []

    def read(self, key: str) -> bytes | None:
        self.reads.append(key)
        return self.inner.read(key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@dataclass
class Crawled:
    """An archive after two crawls, and what each catalog update did and read."""

    uri: str
    catalog: Path
    updates: list[UpdateSummary] = field(default_factory=list)
    reads: list[list[str]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _adds_on_reused_workers() -> Iterator[None]:
    """Every storage test's in-process `courtarchive add` extracts on this test process's kept
    workers (tests/support/crawl.py), as its in-process crawls do."""
    with adds_on_reused_workers():
        yield


def _crawl_twice(
    base_url: str, uri: str, blobs: BlobStore, catalog: Path, env: dict[str, str] | None = None
) -> Crawled:
    crawled = Crawled(uri, catalog, env=env or {})
    for since in (FIRST_SINCE, SECOND_SINCE, None):
        if since:
            # The crawl leaves the catalog alone: the updates measured are the ones below.
            done = run_spider(
                "scotus",
                uri,
                env=env,
                settings={"COURT_ARCHIVE_UPDATE_CATALOG": False},
                base_url=base_url,
                term="22",
                since=since,
            )
            assert not done.failures, done.log[-3000:]
            # Only s3://bucket/key is ever logged, never the keys.
            assert not env or env["AWS_SECRET_ACCESS_KEY"] not in done.log
        counting = CountingBlobs(blobs)
        crawled.updates.append(update_catalog(Archive(counting, uri), path=catalog))  # type: ignore[arg-type]
        crawled.reads.append(counting.reads)
    return crawled


@pytest.fixture(scope="session")
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    return Mirror.of_corpus(PDFS)


@pytest.fixture(scope="session")
def base_url(mirror: Mirror) -> Iterator[str]:
    with serving(mirror) as url:
        yield url


@pytest.fixture(scope="session")
def local_crawled(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """A local archive after two crawls; its catalog at its root, as the CLI puts it. Crawled once
    per session, for every xdist worker: tests copy it before changing it (`local_archive`)."""

    def crawl_twice(folder: Path) -> Crawled:
        archive = Archive.open(str(folder / "archive"))
        return _crawl_twice(base_url, str(folder / "archive"), archive.blobs, folder / "archive" / "catalog.sqlite")

    return built_once(tmp_path_factory, "local-crawled", crawl_twice)


@pytest.fixture(scope="session")
def s3_crawled(base_url: str, s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """An S3 archive (SeaweedFS) after two crawls; its catalog in a local folder. Crawled once per
    server, for every xdist worker: tests copy it before changing it (`s3_archive`)."""

    def crawl_twice(folder: Path) -> Crawled:
        bucket = f"crawled-{s3_server.pid}"
        s3_server.client().create_bucket(Bucket=bucket)  # type: ignore[attr-defined]
        blobs = S3BlobStore(bucket, "court-archive", client=s3_server.client())
        return _crawl_twice(
            base_url, f"s3://{bucket}/court-archive", blobs, folder / "catalog.sqlite", env=s3_server.environment()
        )

    return built_once(tmp_path_factory, f"s3-crawled-{s3_server.pid}", crawl_twice)


@pytest.fixture
def local_archive(local_crawled: Crawled, tmp_path: Path) -> Path:
    """A copy of the crawled local archive (with its catalog) that a test may damage."""
    copy = tmp_path / "archive"
    shutil.copytree(Path(local_crawled.uri), copy)
    return copy


@pytest.fixture
def s3_archive(s3_crawled: Crawled, s3_server: S3Server, s3_bucket: str) -> str:
    """A copy of the crawled S3 archive in a new bucket that a test may damage; its URI."""
    client: Any = s3_server.client()
    source = s3_crawled.uri.removeprefix("s3://").split("/", 1)[0]
    keys = [
        e["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=source)
        for e in page.get("Contents", [])
    ]
    # Copied 8 at a time: one by one, the copies' round trips took 0.4 s for every test.
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda key: client.copy_object(Bucket=s3_bucket, Key=key, CopySource={"Bucket": source, "Key": key}),
                keys,
            )
        )
    return f"s3://{s3_bucket}/court-archive"


@dataclass
class Cli:
    """Runs `courtarchive` against one archive, in process through main(), or with `console` as
    the installed console script, as a user does; with `secret`, its output is checked for it."""

    uri: str
    env: dict[str, str]
    secret: str | None = None
    console: bool = False

    def as_console(self) -> Cli:
        """The same CLI run as the console script, in a process of its own."""
        return Cli(self.uri, self.env, self.secret, console=True)

    def __call__(self, *args: str, check: int | None = 0) -> subprocess.CompletedProcess[str]:
        done = self._run(args)
        stdout = done.stdout.decode("utf-8")
        if check is not None:
            assert done.returncode == check, (args, done.returncode, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, done.stderr
        if self.secret:
            assert self.secret not in stdout + done.stderr
        return subprocess.CompletedProcess(done.args, done.returncode, stdout, done.stderr)

    def binary(self, *args: str) -> bytes:
        """What the command writes to stdout, as bytes (it must succeed)."""
        done = self._run(args)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def _run(self, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
        env = {**self.env, "COURT_ARCHIVE_URI": self.uri}
        if self.console:
            done = subprocess.run(
                [EXECUTABLE, *args], capture_output=True, timeout=300, env={**os.environ, **env}, check=False
            )
            return subprocess.CompletedProcess(
                done.args, done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")
            )
        return run_main(list(args), env)


def run_main(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """`courtarchive ARGS` in this process: its exit status, stdout bytes and stderr (logs too)."""
    out, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    try:
        with environment(env), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as exit_:  # argparse's usage errors
                status = exit_.code if isinstance(exit_.code, int) else 2
        stdout.flush()
    finally:
        logging.getLogger().removeHandler(handler)
    return subprocess.CompletedProcess(["courtarchive", *args], status, out.getvalue(), err.getvalue())


@pytest.fixture
def local_cli(local_archive: Path, tmp_path: Path) -> Cli:
    return Cli(str(local_archive), {"XDG_CACHE_HOME": str(tmp_path / "cache")})


@pytest.fixture
def s3_cli(s3_archive: str, s3_server: S3Server, tmp_path: Path) -> Cli:
    env = {**s3_server.environment(), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return Cli(s3_archive, env, secret=s3_server.secret_key)


@pytest.fixture(params=["local", "s3"])
def cli(request: pytest.FixtureRequest) -> Cli:
    """The CLI on a fresh copy of a crawled archive: local, then S3."""
    fixture: Cli = request.getfixturevalue(f"{request.param}_cli")
    return fixture
