"""Watches after real crawls of the local supremecourt.gov mirror: `scrapy crawl` (its extension
delivers once the pipeline has updated the catalog) and `courtarchive crawl` (it delivers once,
after its own catalog update, never its child crawls), to a webhook receiver, an SMTP server
and the feed; the receiver down during one crawl, and everything delivered exactly once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest

from storage.archive import Archive
from storage.cli import main
from tests.storage.conftest import FIRST_SINCE, SECOND_SINCE
from tests.storage.sources import courtarchive_crawl, write_sources
from tests.storage.watches.support import SECRET, Mailbox, Receiver
from tests.support.crawl import Crawl, run_spider


@pytest.fixture
def archive(tmp_path: Path, receiver: Receiver, quick_retries: None) -> Path:
    """An archive folder with watch `scotus` on every channel; the webhook secret set, its retries short."""
    folder = tmp_path / "archive"
    channels = ["--webhook", receiver.url, "--email", "desk@news.example", "--atom"]
    assert main(["watch", "add", "scotus", "--court", "scotus", *channels, "--archive", str(folder)]) == 0
    return folder


def crawl(base_url: str, archive: Path, since: str, settings: dict[str, Any] | None = None) -> Crawl:
    """`scrapy crawl scotus` of the mirror's term 22 since `since`, in process; it must not fail."""
    done = run_spider("scotus", archive, settings=settings, base_url=base_url, term="22", since=since)
    assert not done.failures, done.log[-3000:]
    return done


def crawled_ids(archive: Path) -> set[str]:
    return {record["id"] for record in Archive.open(str(archive)).records()}


def feed_ids(archive: Path) -> set[str]:
    """The documents in the watch's feed, each once (by the record each entry links to)."""
    entries = feedparser.parse((archive / "feeds/scotus.atom").read_bytes()).entries
    ids = [
        link.href.split("/records/", 1)[1].removesuffix(".json")
        for entry in entries
        for link in entry.links
        if link.rel == "related"
    ]
    assert len(ids) == len(set(ids)) == len(entries)
    return set(ids)


def test_scrapy_crawl_delivers_what_it_archived_once_and_what_waited_when_the_receiver_is_back(
    base_url: str, archive: Path, tmp_path: Path, receiver: Receiver, mailbox: Mailbox
) -> None:
    first = crawl(base_url, archive, FIRST_SINCE, settings={"LOG_LEVEL": "DEBUG"})
    log = first.log
    assert "POST" not in log and "t0k3n" not in log and SECRET not in log  # urllib3 would log the URL
    six = crawled_ids(archive)
    assert len(six) == 6 and sorted(receiver.documents()) == sorted(six)
    assert (
        first.stats["watches/new"],
        first.stats["watches/delivered/webhook"],
        first.stats["watches/delivered/email"],
        first.stats["watches/delivered/atom"],
        first.stats["watches/pending"],
    ) == (6, 6, 6, 6, 0)
    assert len(mailbox.messages) == 1 and mailbox.messages[0]["Subject"] == "[court-archiver] scotus: 6 new documents"
    assert feed_ids(archive) == six
    # Down during the next crawl, which archives three more: they wait, the crawl still succeeds.
    receiver.stop()
    second = crawl(base_url, archive, SECOND_SINCE)
    assert (
        second.stats["watches/new"],
        second.stats["watches/delivered/webhook"],
        second.stats["watches/pending"],
    ) == (3, 0, 3)
    assert second.stats["watches/delivered/email"] == 3 and len(mailbox.messages) == 2
    # Back: the same crawl again archives nothing new and delivers the three that waited, once.
    receiver.start()
    third = crawl(base_url, archive, SECOND_SINCE)
    assert (third.stats["watches/new"], third.stats["watches/delivered/webhook"], third.stats["watches/pending"]) == (
        0,
        3,
        0,
    )
    assert "watches/delivered/email" not in third.stats and len(mailbox.messages) == 2
    assert sorted(receiver.documents()) == sorted(crawled_ids(archive)) and len(receiver.documents()) == 9
    assert receiver.rejected == 0
    assert feed_ids(archive) == crawled_ids(archive)


def test_courtarchive_crawl_delivers_after_its_catalog_update(
    base_url: str, archive: Path, tmp_path: Path, receiver: Receiver, mailbox: Mailbox
) -> None:
    config = write_sources(tmp_path / "sources.toml", base_url, {"late-june": ("2023-06-29", "2023-06-30")})
    first = courtarchive_crawl(config, str(archive))
    assert first.status == 0, first.stderr[-3000:]
    assert "courtarchive crawl: watch scotus: 6 new, delivered webhook 6, email 6, atom 6" in first.stderr
    assert sorted(receiver.documents()) == sorted(crawled_ids(archive)) and len(mailbox.messages) == 1
    again = courtarchive_crawl(config, str(archive))
    assert "courtarchive crawl: watch scotus: 0 new, delivered nothing" in again.stderr
    assert len(receiver.accepted) == 6 and len(mailbox.messages) == 1
    status = json.loads((archive / "deliveries/scotus/status.json").read_text())
    assert status["pending"] == 0 and status["last_delivery"]["documents"] == {"webhook": 6, "email": 6, "atom": 6}
