"""`scrapy crawl pacer_rss` against a local server replaying real CM/ECF feeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest

from scrapers.spiders.pacer_feeds import is_order_or_opinion, parse_rss_feed
from scrapers.spiders.pacer_rss import PacerRssSpider, feed_url
from storage.archive import Archive
from storage.records import SCHEMA_PATH
from tests.mirror import Mirror, serving
from tests.seaweed import S3Server

FEEDS = "fixtures/juriscraper/tests/examples/pacer/rss_feeds"
# court id -> saved feed ("sdny_1" is the feed of court nysd)
COURTS = {"nysd": "sdny_1.xml", "cadc": "cadc.xml", "wvsd": "wvsd.xml"}
REPO = Path(__file__).resolve().parents[2]


def test_feed_urls() -> None:
    assert feed_url("wawd") == "https://ecf.wawd.uscourts.gov/cgi-bin/rss_outside.pl"
    assert feed_url("ca9").endswith("/n/beam/servlet/TransportRoom?servlet=RSSGenerator")
    assert feed_url("nyed") == "https://ecf.nyed.uscourts.gov/cgi-bin/readyDockets.pl"


def test_courts_are_required() -> None:
    with pytest.raises(ValueError, match="needs -a courts"):
        PacerRssSpider()


@pytest.fixture(scope="module")
def feeds(shared_path: Callable[[str], Path]) -> dict[str, bytes]:
    return {court: shared_path(f"{FEEDS}/{name}").read_bytes() for court, name in COURTS.items()}


@pytest.fixture(scope="module")
def base_url(feeds: dict[str, bytes]) -> Iterator[str]:
    mirror = Mirror(routes={f"/{court}/rss": (200, body, "application/rss+xml") for court, body in feeds.items()})
    with serving(mirror) as url:
        yield url


def crawl(base_url: str, uri: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "pacer_rss", "-a", f"courts={','.join(COURTS)}",
               "-a", f"feed_url={base_url}/{{court}}/rss", "-s", f"COURT_ARCHIVE_URI={uri}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]
    return subprocess.run(command, cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=300)


def expected_entries(feeds: dict[str, bytes]) -> int:
    return sum(1 for court, body in feeds.items() for ref in parse_rss_feed(body, court) if is_order_or_opinion(ref))


@pytest.mark.parametrize("backend", ["local", "s3"])
def test_orders_become_event_records_once(backend: str, feeds: dict[str, bytes], base_url: str, tmp_path: Path,
                                          request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    env: dict[str, str] = {}
    uri = str(tmp_path / "archive")
    if backend == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        uri = f"s3://{request.getfixturevalue('s3_bucket')}/pacer"
        env = server.environment()
        for key, value in env.items():
            monkeypatch.setenv(key, value)
    first = crawl(base_url, uri, env)
    assert first.returncode == 0, first.stderr[-2000:]
    records = list(Archive.open(uri).records())
    assert len(records) == expected_entries(feeds) > 20
    schema = json.loads(SCHEMA_PATH.read_text())
    for record in records:
        jsonschema.validate(record, schema)
        assert record["files"]["original"] is None and record["source"]["url"] is None
        assert record["document"]["type"] in ("order", "opinion")
    assert {r["court"]["id"] for r in records} == set(COURTS)
    second = crawl(base_url, uri, env)
    assert "0 stored, 0 events without a document" in second.stderr
    assert f"{len(records)} already archived" in second.stderr
