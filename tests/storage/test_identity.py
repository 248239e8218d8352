"""Recognising one document from several sources (storage.identity): claim keys, claims that
two writers race for (on a folder and on SeaweedFS), and adding a source to a record."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from parsers.ecf import parse_stamp
from storage import identity
from storage.archive import Archive
from storage.document import DocumentRef
from storage.records import RecordParts, SourceFacts, sources_of
from tests.support.seaweed import S3Server


def test_entry_keys_read_a_docket_number_the_way_courts_print_it() -> None:
    key = identity.entry_key("wawd", "2:21-cv-00031-BJR", "34")
    assert key == "index/entries/wawd/2-21-cv-00031/34.json"
    assert identity.entry_key("wawd", "2:21-CV-31", "034") == key
    assert identity.entry_key("wawd", "2:21-cv-00031", "34-2") != key
    assert identity.entry_key("wawd", "2:21-cv-00032", "34") != key
    assert identity.entry_key("waed", "2:21-cv-00031", "34") != key
    assert (
        None
        is identity.entry_key(None, "2:21-cv-00031", "34")
        is identity.entry_key("wawd", None, "34")
        is identity.entry_key("wawd", "2:21-cv-00031", None)
    )


def test_a_stamp_names_an_entry_on_the_item_s_own_docket_only() -> None:
    stamp = parse_stamp("Case 2:21-cv-00031-BJR Document 34 Filed 01/21/21 Page 1 of 14")
    assert stamp is not None and stamp.date_filed == date(2021, 1, 21)
    assert identity.stamp_key("wawd", "2:21-cv-00031", stamp) == identity.entry_key("wawd", "2:21-cv-00031", "34")
    assert identity.stamp_key("wawd", None, stamp) == identity.entry_key("wawd", "2:21-cv-00031", "34")
    assert identity.stamp_key("wawd", "2:20-cv-01234", stamp) is None  # an exhibit from another case
    assert identity.stamp_key("wawd", "2:21-cv-00031", None) is None


@pytest.fixture(params=["local", "s3"])
def archive(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    if request.param == "local":
        return Archive.open(str(tmp_path / "archive"))
    server: S3Server = request.getfixturevalue("s3_server")
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    return Archive.open(f"s3://{request.getfixturevalue('s3_bucket')}/v1")


def test_of_racing_claims_exactly_one_wins(archive: Archive) -> None:
    key = identity.content_key("ab" * 32)
    contenders = [f"court/record-{n}" for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        owners = list(pool.map(lambda rid: identity.claim(archive, key, rid), contenders))
    assert len(set(owners)) == 1 and owners[0] in contenders
    assert identity.owner_in(archive, key) == owners[0] and identity.claim(archive, key, "court/late") == owners[0]


def record_of(archive: Archive, rid: str, spider: str, url: str | None) -> None:
    source = SourceFacts(spider, url, "https://example.invalid/listing", "2026-01-01T00:00:00+00:00")
    archive.put_record(
        rid,
        RecordParts(DocumentRef(document_type=None, court_id="wawd", docket_number="2:21-cv-00031-BJR"), source=source),
    )


def test_a_source_is_added_once_and_the_other_id_points_to_its_record(archive: Archive) -> None:
    record_of(archive, "wawd/rd-1", "courtlistener", "https://storage.example/1.pdf")
    before = archive.get_record("wawd/rd-1")
    assert before is not None and sources_of(before) == [before["source"]]
    feed = {
        "spider": "pacer_rss",
        "url": None,
        "listing_url": "https://ecf.example/rss",
        "fetched_at": "2026-01-02T00:00:00+00:00",
        "etag": None,
        "last_modified": None,
        "extras": None,
    }
    assert identity.add_source(archive, "wawd/rd-1", feed, "wawd/2-21-cv-00031-34")
    assert not identity.add_source(
        archive, "wawd/rd-1", {**feed, "fetched_at": "2026-01-03T00:00:00+00:00"}, "wawd/2-21-cv-00031-34"
    )
    after = archive.get_record("wawd/rd-1")
    assert after is not None and after["sources"] == [before["source"], feed]
    assert archive.record_versions("wawd/rd-1") == [before]
    assert identity.owner_in(archive, identity.alias_key("wawd/2-21-cv-00031-34")) == "wawd/rd-1"
    with pytest.raises(LookupError):
        identity.add_source(archive, "wawd/none", feed, "wawd/other")


def test_an_old_record_without_sources_reads_as_its_source() -> None:
    source = {"spider": "scotus", "url": "https://example.invalid/a.pdf"}
    assert sources_of({"source": source}) == [source]
    assert sources_of({"source": None}) == []


def test_the_same_entry_is_court_docket_core_and_entry_number_where_known() -> None:
    record = {
        "court": {"id": "wawd"},
        "case": {"docket_number": "2:21-cv-00031-BJR"},
        "document": {"entry_number": "34"},
    }
    assert identity.same_entry(record, "wawd", "2:21-CV-31", "034")
    assert identity.same_entry(record, "wawd", None, None)
    assert not identity.same_entry(record, "wawd", "2:21-cv-00031", "35")
    assert not identity.same_entry(record, "wawd", "2:21-cv-00032", None)
    assert not identity.same_entry(record, "waed", "2:21-cv-00031", "34")
    unnumbered = {**record, "document": {"entry_number": None}}
    assert identity.same_entry(unnumbered, "wawd", "2:21-cv-00031", "35")
