"""Scrapyd end to end: deploy the project with `scrapyd-deploy` (its scrapy.cfg target, pointed
at a Scrapyd started on 127.0.0.1), schedule `scotus` with schedule.json against the local
mirror, and find its records in the archive."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from storage.archive import Archive
from tests.scrapers.test_crawl import expected_documents
from tests.support.crawl import REPO
from tests.support.mirror import Mirror, serving
from tests.support.servers import scrapyd_server

PROJECT_FILES = ("scrapers", "parsers", "storage", "scrapy.cfg", "pyproject.toml", "README.md")
DEFAULT_TARGET = "http://127.0.0.1:6800/"
SINCE = "2023-06-29"


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("scrapyd")
    with scrapyd_server(folder, {"COURT_ARCHIVE_EXTRACT_WORKERS": "1"}) as url:
        yield url


def deploy(scrapyd: str, folder: Path) -> str:
    """`scrapyd-deploy` from a copy of the project (it writes setup.py and build/ where it runs),
    its scrapy.cfg target pointed at the test's Scrapyd; the deploy's output."""
    copy = folder / "project"
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)
    config = (copy / "scrapy.cfg").read_text(encoding="utf-8")
    assert DEFAULT_TARGET in config, "scrapy.cfg has no [deploy] target"
    (copy / "scrapy.cfg").write_text(config.replace(DEFAULT_TARGET, scrapyd + "/"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def wait_finished(scrapyd: str, job: str) -> dict[str, Any]:
    """The job's entry in listjobs.json once it finished (3 minutes at most)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        jobs = requests.get(f"{scrapyd}/listjobs.json", params={"project": "court_archiver"}, timeout=10).json()
        finished: list[dict[str, Any]] = [j for j in jobs["finished"] if j["id"] == job]
        if finished:
            return finished[0]
        time.sleep(0.1)
    raise AssertionError(f"job {job} not finished after 3 minutes: {jobs}")


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    return Mirror.of_corpus(["doctor__ca7_3.pdf", "xray__rect_ordering_4.1.pdf"])


def test_deployed_spider_scheduled_with_schedule_json_archives(scrapyd: str, mirror: Mirror, tmp_path: Path) -> None:
    output = deploy(scrapyd, tmp_path)
    assert '"status": "ok"' in output and '"project": "court_archiver"' in output
    spiders = requests.get(f"{scrapyd}/listspiders.json", params={"project": "court_archiver"}, timeout=60).json()
    assert "scotus" in spiders["spiders"]
    archive = tmp_path / "archive"
    with serving(mirror) as base_url:
        answer = requests.post(
            f"{scrapyd}/schedule.json",
            timeout=30,
            data={
                "project": "court_archiver",
                "spider": "scotus",
                "base_url": base_url,
                "term": "22",
                "since": SINCE,
                "setting": [f"COURT_ARCHIVE_URI={archive}", "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False"],
            },
        ).json()
        assert answer["status"] == "ok", answer
        job = wait_finished(scrapyd, answer["jobid"])
        expected = {
            f"scotus/{sid}" for sid, filed in expected_documents(base_url).items() if filed.isoformat() >= SINCE
        }
    records = {r["id"]: r for r in Archive.open(str(archive)).records()}
    assert set(records) == expected and len(expected) == 6
    assert all(r["files"]["original"] and r["source"]["spider"] == "scotus" for r in records.values())
    log = requests.get(f"{scrapyd}{job['log_url']}", timeout=30).text
    assert "'archive/stored': 6" in log
