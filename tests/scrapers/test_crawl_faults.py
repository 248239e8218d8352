"""A crawl meets a court server that fails, and storage that is down: nothing is lost.

In process (tests/support/crawl.py); test_crawl.py checks the exit status in a process."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive
from tests.support.crawl import Crawl, run_spider
from tests.support.mirror import Mirror, Misbehaviour, Outage, serving
from tests.support.seaweed import free_port

SINCE = "2023-06-29"  # six opinions, on 6/29 and 6/30/2023
CREATIVE = "/opinions/22pdf/600us1r58_7khn.pdf"
BROWN = "/opinions/22pdf/600us1r57_o7kq.pdf"
NEBRASKA = "/opinions/22pdf/600us1r56_1o13.pdf"
GROFF = "/opinions/22pdf/600us1r55_3dq4.pdf"
HTML_ERROR = b"<html><body><h1>Service temporarily unavailable</h1></body></html>"


@pytest.fixture
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    return Mirror.of_corpus(["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf"])


@pytest.fixture
def base_url(mirror: Mirror) -> Iterator[str]:
    with serving(mirror) as url:
        yield url


def crawl(base_url: str, archive: str, *, fails: bool, settings: dict[str, Any] | None = None) -> Crawl:
    """The scotus spider on the mirror's documents filed since SINCE; it must fail or not."""
    done = run_spider("scotus", archive, settings=settings, base_url=base_url, term="22", since=SINCE)
    assert bool(done.failures) == fails, done.log[-3000:]
    return done


def records(archive: Path) -> dict[str, dict[str, Any]]:
    return {r["id"].split("/")[1]: r for r in Archive.open(str(archive)).records()}


def test_server_faults_are_recorded_and_retried_next_run(mirror: Mirror, base_url: str, tmp_path: Path) -> None:
    good = {path: mirror.routes[path] for path in (CREATIVE, BROWN, NEBRASKA)}
    mirror.routes.pop(CREATIVE)
    mirror.routes[BROWN] = (500, b"Internal Server Error", "text/plain")
    mirror.routes[NEBRASKA] = (200, HTML_ERROR, "text/html")
    mirror.outages[GROFF] = Outage(2)  # two 503s, then the PDF: Scrapy's retries get it

    stats = crawl(base_url, str(tmp_path / "archive"), fails=True).stats

    first = records(tmp_path / "archive")
    assert len(first) == 6
    errors = {sid: [(e["stage"], e["kind"]) for e in r["errors"]] for sid, r in first.items()}
    assert errors["22pdf-600us1r58_7khn"] == [("download", "http_404")]
    assert errors["22pdf-600us1r57_o7kq"] == [("download", "http_500")]
    assert errors["22pdf-600us1r56_1o13"] == [("download", "not_pdf")]
    for sid in ("22pdf-600us1r58_7khn", "22pdf-600us1r57_o7kq", "22pdf-600us1r56_1o13"):
        assert first[sid]["files"]["original"] is None and first[sid]["sha256"] is None
    assert first["22pdf-600us1r55_3dq4"]["errors"] == []
    assert first["22pdf-600us1r55_3dq4"]["files"]["original"]
    assert mirror.hits[BROWN] == 4  # the first try and Scrapy's three retries
    assert stats["archive/stored"] == 3

    mirror.routes.update(good)
    hits_before = dict(mirror.hits)
    crawl(base_url, str(tmp_path / "archive"), fails=False)

    second = records(tmp_path / "archive")
    assert all(r["errors"] == [] and r["files"]["original"] for r in second.values())
    refetched = {p for p, n in mirror.hits.items() if p.endswith(".pdf") and n > hits_before.get(p, 0)}
    assert refetched == {CREATIVE, BROWN, NEBRASKA}


@pytest.mark.usefixtures("s3_fails_fast")
def test_storage_down_loses_nothing_and_the_crawl_ends(base_url: str, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port(set())}"
    env = {
        "AWS_ENDPOINT_URL": dead,
        "AWS_ACCESS_KEY_ID": "k",
        "AWS_SECRET_ACCESS_KEY": "s",
        "AWS_DEFAULT_REGION": "us-east-1",
    }

    down = run_spider(
        "scotus",
        "s3://court-archive/x",
        env=env,
        settings={"COURT_ARCHIVE_OUTBOX": str(tmp_path / "outbox")},
        base_url=base_url,
        term="22",
        since=SINCE,
    )

    assert down.stats["archive/failed/storage"] == 6 and down.failures
    assert "archive/stored" not in down.stats
    assert "Storage failed for scotus/" in down.log


def test_a_listing_that_changed_shape_fails_the_run(mirror: Mirror, base_url: str, tmp_path: Path) -> None:
    mirror.routes["/opinions/slipopinion/22"] = (200, b"<html><body>We moved!</body></html>", "text/html")
    changed = crawl(base_url, str(tmp_path / "archive"), fails=True)
    assert changed.stats["spider_exceptions/ListingChanged"] == 1
    assert "no table with the columns" in changed.log


def test_a_document_that_breaks_the_pipeline_is_counted_and_the_crawl_goes_on(base_url: str, tmp_path: Path) -> None:
    # Someone's editor left Brown's record half-written: reading it fails, whatever the reason.
    archive = tmp_path / "archive"
    broken = archive / "records/scotus/22pdf-600us1r57_o7kq.json"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"schema_version": 1, "id": ')
    done = crawl(base_url, str(archive), fails=True)
    assert done.stats["archive/failed/error/JSONDecodeError"] == 1 and done.stats["archive/stored"] == 5
    assert broken.read_text() == '{"schema_version": 1, "id": '  # left for a person to look at
    assert "Archiving scotus/22pdf-600us1r57_o7kq failed" in done.log


def test_429_retry_after_is_waited_out(mirror: Mirror, base_url: str, tmp_path: Path) -> None:
    mirror.outages[CREATIVE] = Outage(1, status=429, retry_after="1")
    started = time.monotonic()
    done = crawl(base_url, str(tmp_path / "archive"), fails=False)
    assert time.monotonic() - started >= 1
    assert done.stats["retry/retry_after_waits"] == 1
    assert records(tmp_path / "archive")["22pdf-600us1r58_7khn"]["files"]["original"]
    assert "waiting 1 s before retrying" in done.log


def test_transport_faults_are_recorded_and_the_crawl_ends(mirror: Mirror, base_url: str, tmp_path: Path) -> None:
    port = base_url.rsplit(":", 1)[1]
    mirror.misbehaviours[CREATIVE] = Misbehaviour("truncate")
    mirror.misbehaviours[BROWN] = Misbehaviour("hang", seconds=4)
    mirror.misbehaviours[NEBRASKA] = Misbehaviour("redirect", location=f"http://localhost:{port}{GROFF}")
    big = "/opinions/22pdf/600us1r53_4g15.pdf"  # Students for Fair Admissions
    mirror.routes[big] = (200, b"%PDF-1.7\n" + b"0" * 300_000, "application/pdf")

    done = crawl(
        base_url,
        str(tmp_path / "archive"),
        fails=True,
        settings={"DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "1", "DOWNLOAD_MAXSIZE": "250000"},
    )

    found = records(tmp_path / "archive")
    assert len(found) == 6
    failed = {sid: r["errors"][0]["kind"] for sid, r in found.items() if r["files"]["original"] is None}
    assert set(failed) == {
        "22pdf-600us1r58_7khn",
        "22pdf-600us1r57_o7kq",
        "22pdf-600us1r56_1o13",
        "22pdf-600us1r53_4g15",
    }
    assert all(r["errors"][0]["stage"] == "download" for sid, r in found.items() if sid in failed)
    assert done.stats["archive/stored"] == 2
    assert failed == {
        "22pdf-600us1r58_7khn": "truncated",
        "22pdf-600us1r57_o7kq": "timeout",
        "22pdf-600us1r56_1o13": "refused",
        "22pdf-600us1r53_4g15": "too_large",
    }
    assert "Traceback" not in done.log
