"""`kill -9` of a crawl at several points, then the same command again: every document is
archived exactly once, and no half-written original or record is ever visible."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive
from tests.support.crawl import REPO, run_spider
from tests.support.crawl import crawl_command as scrapy_crawl
from tests.support.faultserver import Faults, kill_when, serving_faults
from tests.support.mirror import Mirror
from tests.support.pdfgen import many_pages_pdf

SINCE = "2023-06-29"  # six opinions
CREATIVE = "/opinions/22pdf/600us1r58_7khn.pdf"
BROWN = "/opinions/22pdf/600us1r57_o7kq.pdf"
SLOW_PDF = many_pages_pdf(300)  # a second or more to extract: a window between original and record
ENV = {**os.environ, "COURT_ARCHIVE_EXTRACT_WORKERS": "1"}


def crawl_command(base_url: str, archive: Path, jobdir: Path, log: Path) -> list[str]:
    """The command a cron job would run, with a JOBDIR so that a killed run can resume."""
    return scrapy_crawl(
        "scotus",
        archive,
        settings={"JOBDIR": jobdir, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_FILE": log},
        base_url=base_url,
        term="22",
        since=SINCE,
    )


def originals(archive: Path) -> list[Path]:
    folder = archive / "originals"
    return [p for p in folder.rglob("*.pdf") if not p.name.startswith(".tmp-")] if folder.exists() else []


def has_record(archive: Path, sid: str) -> bool:
    return (archive / "records" / "scotus" / f"{sid}.json").exists()


def record_count(archive: Path) -> int:
    folder = archive / "records"
    return len([p for p in folder.rglob("*.json") if not p.name.startswith(".tmp-")]) if folder.exists() else 0


@pytest.fixture
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    mirror = Mirror.of_corpus(["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf", "xray__rect_ordering_4.1.pdf"])
    mirror.routes[BROWN] = (200, SLOW_PDF, "application/pdf")
    return mirror


@pytest.fixture
def faults() -> Faults:
    return Faults(held={CREATIVE})


@pytest.fixture
def base_url(mirror: Mirror, faults: Faults) -> Iterator[str]:
    with serving_faults(mirror, faults) as url:
        yield url


KILL_POINTS: dict[str, Callable[[Path, Faults], bool]] = {
    # Two documents archived, the others on their way.
    "after_two_records": lambda archive, faults: record_count(archive) >= 2,
    # The slow PDF's original is stored, its record not yet (extraction under way).
    "between_original_and_record": lambda archive, faults: (
        any(p.read_bytes() == SLOW_PDF for p in originals(archive)) and not has_record(archive, "22pdf-600us1r57_o7kq")
    ),
    # Every other document done, one download held open.
    "during_a_download": lambda archive, faults: CREATIVE in faults.waiting and record_count(archive) >= 5,
}


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_killed_crawl_resumes_and_archives_each_document_once(
    point: str, base_url: str, mirror: Mirror, faults: Faults, tmp_path: Path
) -> None:
    archive, jobdir = tmp_path / "archive", tmp_path / "job"
    first = subprocess.Popen(
        crawl_command(base_url, archive, jobdir, tmp_path / "first.log"),
        cwd=REPO,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    kill_when(first, lambda: KILL_POINTS[point](archive, faults))
    assert_nothing_partial(archive)
    done = {url_path(r) for r in Archive.open(str(archive)).records()}
    faults.gate.set()
    hits_before = dict(mirror.hits)

    # The resumed run in process: the kill above is the process boundary under test.
    second = run_spider(
        "scotus",
        archive,
        settings={"JOBDIR": str(jobdir), "CONCURRENT_REQUESTS_PER_DOMAIN": 8},
        base_url=base_url,
        term="22",
        since=SINCE,
    )

    assert second.finish_reason == "finished" and not second.failures, second.log[-3000:]
    assert_nothing_partial(archive)
    records = {r["id"]: r for r in Archive.open(str(archive)).records()}
    assert len(records) == 6
    for record in records.values():
        assert (archive / record["files"]["original"]).read_bytes() == mirror.routes[url_path(record)][1]
    assert not (archive / "history").exists(), "a record was written twice"
    # The second run fetched exactly the documents the first had not recorded.
    refetched = {p for p, n in mirror.hits.items() if p.endswith(".pdf") and n > hits_before.get(p, 0)}
    assert refetched == {url_path(r) for r in records.values()} - done
    assert len(done) < 6


def url_path(record: dict[str, Any]) -> str:
    """The path part of the record's source URL (the mirror's route)."""
    return "/" + str(record["source"]["url"]).split("/", 3)[3]


def assert_nothing_partial(archive: Path) -> None:
    """Every visible original hashes to its name; every visible record and text is whole."""
    for path in originals(archive):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem, path
    if (archive / "records").exists():
        for path in (archive / "records").rglob("*.json"):
            if not path.name.startswith(".tmp-"):
                record = json.loads(path.read_bytes())
                if record["files"]["text"]:
                    assert (archive / record["files"]["text"]).exists(), path
