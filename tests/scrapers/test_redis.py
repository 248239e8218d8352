"""Distributed crawling on a real redis-server: two `scrapy crawl scotus` workers share one
frontier into one archive; each document is archived once, workers stop by themselves, and
the work of a worker killed mid-crawl is recovered by the others."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from threading import Thread
from typing import Any

import pytest
import redis

from storage.archive import Archive
from tests.scrapers.test_crawl import expected_documents
from tests.support.crawl import REPO, crawl_command, read_stats_file
from tests.support.mirror import LoopbackServer, Mirror, _handler
from tests.support.servers import redis_server

PDFS = ["doctor__ca7_3.pdf", "xray__rect_ordering_4.1.pdf", "doctor__empty.pdf"]
SINCE = "2023-06-01"  # test_crawl's window: every document it expects
ARCHIVED = re.compile(r"Archived (\S+) \(")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    return Mirror.of_corpus(PDFS)


class Worker:
    """One `scrapy crawl` worker process on the shared Redis frontier."""

    def __init__(
        self,
        name: str,
        base_url: str,
        archive: Path,
        redis_url: str,
        folder: Path,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.log, self.stats_file = folder / f"{name}.log", folder / f"{name}.stats.json"
        command = crawl_command(
            "scotus",
            archive,
            settings={
                "LOG_FILE": self.log,
                "COURT_ARCHIVE_STATS_FILE": self.stats_file,
                "COURT_ARCHIVE_REDIS_HEARTBEAT_SECONDS": 2,
                "COURT_ARCHIVE_UPDATE_CATALOG": False,
                **(settings or {}),
            },
            base_url=base_url,
            term="22",
            since=SINCE,
        )
        env = {
            **os.environ,
            "COURT_ARCHIVE_REDIS_URL": redis_url,
            "COURT_ARCHIVE_REDIS_IDLE_SECONDS": "2",
            "COURT_ARCHIVE_EXTRACT_WORKERS": "1",
        }
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def wait(self) -> dict[str, Any]:
        """Wait for the worker to stop by itself (exit 0); its stats."""
        try:
            _, stderr = self.process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            self.kill()  # a worker that never stops is a failure, and must not outlive the test
            raise
        assert self.process.returncode == 0, stderr.decode()[-3000:]
        return read_stats_file(self.stats_file)

    def kill(self) -> None:
        """SIGKILL the worker and its extraction processes (its own process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.communicate(timeout=60)

    def archived(self) -> set[str]:
        """The record ids this worker logged as archived."""
        return set(ARCHIVED.findall(self.log.read_text(encoding="utf-8"))) if self.log.exists() else set()


def redis_keys(url: str) -> list[str]:
    """The keys of distributed runs left in Redis."""
    return sorted(str(key) for key in redis.Redis.from_url(url).keys("court-archiver:*"))


def test_two_workers_share_the_crawl(mirror: Mirror, redis_url: str, tmp_path: Path) -> None:
    # Listings answered slowly, one request at a time per worker: each worker takes one listing.
    server, base_url = slow_serving(mirror, {"/opinions/slipopinion/": 2.0, "/opinions/relatingtoorders/": 2.0})
    try:
        workers = [
            Worker(n, base_url, tmp_path / "archive", redis_url, tmp_path, {"CONCURRENT_REQUESTS": 1})
            for n in ("a", "b")
        ]
        stats = [w.wait() for w in workers]
        expected = {f"scotus/{sid}" for sid in expected_documents(base_url)}
    finally:
        server.shutdown()
        server.server_close()
    records = {r["id"] for r in Archive.open(str(tmp_path / "archive")).records()}
    assert records == expected
    # Each document stored by one worker only, and each listing fetched from the queue once.
    assert sum(s.get("archive/stored", 0) for s in stats) == len(expected)
    assert not workers[0].archived() & workers[1].archived()
    assert [s.get("scheduler/dequeued/redis", 0) for s in stats] == [1, 1]
    assert all(s["finish_reason"] == "finished" for s in stats)
    # The last worker out deleted the run's queue, duplicate filter and leases.
    assert redis_keys(redis_url) == []


class SlowMirror(LoopbackServer):
    """The mirror, answering each PDF after `delay` seconds, so a crawl can be caught mid-way."""


def slow_serving(mirror: Mirror, delays: dict[str, float]) -> tuple[SlowMirror, str]:
    """Serve `mirror`, answering paths that start with a key of `delays` that many seconds late."""
    base = _handler(mirror)

    class Slow(base):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:
            time.sleep(max((d for prefix, d in delays.items() if self.path.startswith(prefix)), default=0))
            super().do_GET()

    server = SlowMirror(("127.0.0.1", 0), Slow)
    Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_a_killed_worker_loses_nothing(mirror: Mirror, redis_url: str, tmp_path: Path) -> None:
    server, base_url = slow_serving(mirror, {"/opinions/22pdf/": 0.4})
    archive = tmp_path / "archive"
    try:
        first = Worker("first", base_url, archive, redis_url, tmp_path)
        deadline = time.monotonic() + 120
        while not first.archived() and time.monotonic() < deadline:
            time.sleep(0.05)
        first.kill()
        killed_with = first.archived()
        expected = {f"scotus/{sid}" for sid in expected_documents(base_url)}
        assert killed_with and len(killed_with) < len(expected), "the kill came too late to test anything"
        assert redis.Redis.from_url(redis_url).llen(f"court-archiver:scotus:leases:{_worker_id(first)}") > 0
        others = [Worker(n, base_url, archive, redis_url, tmp_path) for n in ("second", "third")]
        stats = [w.wait() for w in others]
    finally:
        server.shutdown()
        server.server_close()
    records = {r["id"]: r for r in Archive.open(str(archive)).records()}
    assert set(records) == expected
    assert all(r["files"]["original"] for r in records.values())
    assert sum(s.get("scheduler/recovered/redis", 0) for s in stats) >= 1
    # What the killed worker archived is not archived again, and the rest by one worker each.
    again = [rid for w in others for rid in w.archived()]
    assert not set(again) & killed_with
    assert len(again) == len(set(again)) == sum(s.get("archive/stored", 0) for s in stats) > 0
    assert redis_keys(redis_url) == []


def _worker_id(worker: Worker) -> str:
    found = re.search(r"Distributed worker (\S+) joined", worker.log.read_text(encoding="utf-8"))
    assert found, "the worker never joined the Redis run"
    return found.group(1)
