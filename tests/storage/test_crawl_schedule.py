"""Overlapping scheduled runs and time limits, against the local mirror: a source an earlier
run is still crawling is left alone (its lock outlives a killed `courtarchive`, and dies with
its holder), and a source past its timeout is stopped cleanly, or killed when it does not
stop, and reported as failed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.archive import Archive
from storage.schedule.locks import LOCKS_ENV, SourceBusy, locks_folder, source_lock
from storage.schedule.monitoring import check_source
from storage.schedule.runner import run_source
from storage.schedule.sources import Source
from tests.storage.sources import REPO, courtarchive_crawl, write_sources
from tests.support.faultserver import Faults, serving_faults
from tests.support.mirror import Mirror

WINDOW = {"late-june": ("2023-06-29", "2023-06-30")}
CREATIVE = "/opinions/22pdf/600us1r58_7khn.pdf"
HOLD = (
    "import sys, time; from storage.schedule.locks import locks_folder, source_lock\n"
    "with source_lock(locks_folder(sys.argv[1]), sys.argv[2]):\n"
    "    print('held', flush=True); time.sleep(600)"
)


@pytest.fixture
def locks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A locks folder of the test's own, for this process and the crawls it starts."""
    folder = tmp_path / "locks"
    monkeypatch.setenv(LOCKS_ENV, str(folder))
    return folder


@pytest.fixture
def holder(tmp_path: Path, locks: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of source `late-june` of tmp_path/archive."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "archive"), "late-june"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    yield process
    process.kill()
    process.wait()


def test_a_source_still_being_crawled_is_left_alone_until_its_holder_dies(
    base_url: str, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    config = write_sources(tmp_path / "sources.toml", base_url, WINDOW)
    archive = str(tmp_path / "archive")
    busy = courtarchive_crawl(config, archive)
    assert busy.status == 0 and busy.report is not None, busy.stderr[-3000:]
    source = busy.report["sources"]["late-june"]
    assert f"pid {holder.pid}" in source["left_alone"] and source["failures"] == []
    assert (source["requests"], source["items"], source["exit_code"]) == (0, 0, None)
    assert "late-june: still being crawled by an earlier run" in busy.stderr
    assert list(Archive.open(archive).records()) == []

    holder.kill()  # SIGKILL: nothing runs to release the lock but the kernel
    holder.wait()
    after = courtarchive_crawl(config, archive)
    assert after.status == 0 and after.report is not None, after.stderr[-3000:]
    assert after.report["sources"]["late-june"]["left_alone"] is None
    assert after.report["sources"]["late-june"]["documents"]["new"] >= 3


def test_the_lock_outlives_a_killed_courtarchive_while_its_crawl_runs(
    mirror: Mirror, tmp_path: Path, locks: Path
) -> None:
    faults = Faults(held={CREATIVE})
    archive = str(tmp_path / "archive")
    with serving_faults(mirror, faults) as url:
        config = write_sources(tmp_path / "sources.toml", url, WINDOW)
        command = [sys.executable, "-m", "storage.cli", "crawl", "--config", str(config), "--archive", archive]
        parent = subprocess.Popen(
            command,
            cwd=tmp_path,
            env={**os.environ, "COURT_ARCHIVE_EXTRACT_WORKERS": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        faults.wait_for({CREATIVE})  # the scrapy child is downloading the held PDF
        parent.kill()
        parent.wait()
        with pytest.raises(SourceBusy), source_lock(locks_folder(archive), "late-june"):
            pass
        faults.gate.set()
        deadline = time.monotonic() + 120
        while True:  # the orphaned crawl finishes, and the lock goes with it
            try:
                with source_lock(locks_folder(archive), "late-june"):
                    break
            except SourceBusy:
                assert time.monotonic() < deadline, "the lock was never released"
                time.sleep(0.05)
    assert Archive.open(archive).get_record("scotus/22pdf-600us1r58_7khn") is not None


def test_a_source_past_its_timeout_stops_cleanly_and_fails(mirror: Mirror, tmp_path: Path, locks: Path) -> None:
    with serving_faults(mirror, Faults(held={CREATIVE})) as url:
        # The held download ends at DOWNLOAD_TIMEOUT, after the source's timeout asked the crawl to
        # stop: both are timers of the crawl's reactor, and the download starts after the spider opens.
        config = write_sources(
            tmp_path / "sources.toml",
            url,
            WINDOW,
            settings={"DOWNLOAD_TIMEOUT": "2", "RETRY_ENABLED": "False"},
            timeout=1,
        )
        run = courtarchive_crawl(config, str(tmp_path / "archive"))
    assert run.status == 1 and run.report is not None, run.stderr[-3000:]
    source = run.report["sources"]["late-june"]
    assert source["finish_reason"] == "closespider_timeout" and source["timeout"] == 1
    assert [f["kind"] for f in source["failures"]] == ["crawl_failed"]
    assert "stopped by its timeout of 1 s" in source["failures"][0]["message"]
    assert source["seconds"] < 60


def test_a_crawl_that_does_not_stop_after_its_timeout_is_killed(mirror: Mirror, tmp_path: Path, locks: Path) -> None:
    with serving_faults(mirror, Faults(held={CREATIVE})) as url:
        source = Source(
            "late-june",
            "scotus",
            {"base_url": url, "term": "22", "since": "2023-06-29"},
            {"DOWNLOAD_TIMEOUT": "300", "DOWNLOAD_DELAY": "0", "COURT_ARCHIVE_EXTRACT_WORKERS": "1"},
            timeout=1,
        )
        started = time.monotonic()
        run = run_source(source, str(tmp_path / "archive"), tmp_path, grace=3)
    assert time.monotonic() - started < 60
    assert run.exit_code == -9 and run.finish_reason is None
    failures = check_source(run, minimum=None, baseline=None)
    assert [(f.kind, f.message) for f in failures] == [
        ("crawl_failed", "killed: still running well past its timeout of 1 s")
    ]
