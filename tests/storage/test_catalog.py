"""The catalog: built from the records of real crawls, updated incrementally, searched."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive
from storage.catalog.queries import (
    Filters,
    SearchSyntaxError,
    is_broad,
    list_documents,
    search,
    text_of,
)
from storage.catalog.update import (
    CATALOG_NAME,
    catalog_path,
    connect,
    problems,
    update_catalog,
)
from tests.storage.conftest import (
    KNOWN_PDF,
    KNOWN_PHRASE,
    CountingBlobs,
    Crawled,
    sha256_of,
)

# The documents each crawl adds (source ids from the listing of OT2022 slip opinions).
FIRST = {
    "22pdf-600us1r53_4g15",
    "22pdf-600us1r54_g3bi",
    "22pdf-600us1r55_3dq4",
    "22pdf-600us1r56_1o13",
    "22pdf-600us1r57_o7kq",
    "22pdf-600us1r58_7khn",
}
SECOND = {"22pdf-600us1r50_h3ci", "22pdf-600us1r51_g3bi", "22pdf-600us1r52_p86b"}


def record_keys(ids: set[str], archive: Archive) -> set[str]:
    """The JSON and text keys of these records, as the archive holds them."""
    keys = {f"records/scotus/{sid}.json" for sid in ids}
    return keys | {f"records/scotus/{sid}.txt" for sid in ids if archive.blobs.exists(f"records/scotus/{sid}.txt")}


@pytest.fixture(params=["local", "s3"])
def crawled(request: pytest.FixtureRequest) -> Crawled:
    fixture: Crawled = request.getfixturevalue(f"{request.param}_crawled")
    return fixture


def open_archive(crawled: Crawled, monkeypatch: pytest.MonkeyPatch) -> Archive:
    for key, value in crawled.env.items():
        monkeypatch.setenv(key, value)
    return Archive.open(crawled.uri)


def test_first_update_builds_the_catalog_from_every_record(crawled: Crawled, monkeypatch: pytest.MonkeyPatch) -> None:
    first = crawled.updates[0]
    assert first.rebuilt and first.added == len(FIRST) and first.problems == ()
    assert sorted(crawled.reads[0]) == sorted(record_keys(FIRST, open_archive(crawled, monkeypatch)))


def test_update_after_a_second_crawl_reads_only_the_new_records(
    crawled: Crawled, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = crawled.updates[1]
    assert not second.rebuilt
    assert (second.added, second.changed, second.removed, second.unchanged) == (len(SECOND), 0, 0, len(FIRST))
    assert sorted(crawled.reads[1]) == sorted(record_keys(SECOND, open_archive(crawled, monkeypatch)))
    assert second.read == len(crawled.reads[1])


def test_update_without_changes_reads_nothing(crawled: Crawled) -> None:
    third = crawled.updates[2]
    assert crawled.reads[2] == [] and third.read == 0 and third.unchanged == len(FIRST | SECOND)


def test_catalog_holds_every_record_of_the_archive(crawled: Crawled, monkeypatch: pytest.MonkeyPatch) -> None:
    records = {r["id"]: r for r in open_archive(crawled, monkeypatch).records()}
    db = connect(crawled.catalog)
    rows = {row["id"]: row for row in db.execute("SELECT * FROM documents")}
    assert set(rows) == set(records) == {f"scotus/{sid}" for sid in FIRST | SECOND}
    for rid, record in records.items():
        assert json.loads(rows[rid]["record"]) == record
        pages = db.execute("SELECT count(*) FROM pages WHERE document_id = ?", (rid,)).fetchone()[0]
        assert pages == (record["document"]["pages"] if record["extraction"] else 0)


def test_search_finds_a_known_sentence_on_its_page(crawled: Crawled) -> None:
    db = connect(crawled.catalog)
    hits = search(db, KNOWN_PHRASE, Filters())
    holding = {rid for (rid,) in db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256_of(KNOWN_PDF),))}
    assert len(holding) >= 2 and {hit.id for hit in hits} == holding
    for hit in hits:
        assert hit.pages == [2]
        assert hit.snippets[0][0] == 2 and "**three appeals are consolidated**" in hit.snippets[0][1]


def test_search_takes_fts5_operators_and_filters(local_crawled: Crawled) -> None:
    db = connect(local_crawled.catalog)
    known = {h.id for h in search(db, KNOWN_PHRASE, Filters())}
    assert {h.id for h in search(db, "consolidat* AND briefs", Filters())} == known
    # The 7th Cir. order asks whether an appeal "should be consolidated", and says nothing of briefs.
    seventh = {
        rid for (rid,) in db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256_of("doctor__ca7_3.pdf"),))
    }
    assert {h.id for h in search(db, "consolidated NOT briefs", Filters())} == seventh
    assert {h.id for h in search(db, "consolidated", Filters())} == seventh | known
    assert {h.id for h in search(db, "NEAR(appeals consolidated, 2)", Filters())} == known
    newest = search(db, KNOWN_PHRASE, Filters(since="2023-06-29"))
    assert {h.id for h in newest} == {h for h in known if h.split("/")[1] in FIRST}
    with pytest.raises(SearchSyntaxError):
        search(db, '"unterminated', Filters())


def test_search_matches_case_names(local_crawled: Crawled) -> None:
    hits = search(connect(local_crawled.catalog), "Elenis", Filters())
    assert [h.id for h in hits] == ["scotus/22pdf-600us1r58_7khn"]
    assert hits[0].snippets == [(None, "303 Creative LLC v. **Elenis**")]


def test_a_query_most_documents_match_lists_the_newest_first(local_crawled: Crawled) -> None:
    db = connect(local_crawled.catalog)
    texts = {rid: text_of(db, rid) for (rid,) in db.execute("SELECT id FROM documents")}
    holding = {rid for rid, text in texts.items() if text and re.search(r"\bcourt\b", text, re.IGNORECASE)}
    readable = [rid for rid, text in texts.items() if text]
    assert len(holding) > len(readable) / 2 and is_broad(db, "court")
    newest = [row["id"] for row in list_documents(db, Filters()) if row["id"] in holding]
    hits = search(db, "court", Filters(), limit=4)
    assert [h.id for h in hits] == newest[:4] and all(h.score is None and h.pages for h in hits)
    older = search(db, "court", Filters(until="2023-06-28"))
    assert [h.id for h in older] == [rid for rid in newest if rid.split("/")[1] in SECOND]
    # A word in fewer than half of the texts is ranked by relevance.
    assert len([text for text in texts.values() if text and "Elenis" in text]) < len(readable) / 2
    assert not is_broad(db, "Elenis")
    assert all(isinstance(h.score, float) for h in search(db, "Elenis", Filters()))


def test_ls_is_newest_first_and_filters(local_crawled: Crawled) -> None:
    db = connect(local_crawled.catalog)
    rows = list_documents(db, Filters())
    dates = [row["date_filed"] for row in rows]
    assert dates == sorted(dates, reverse=True) and len(rows) == len(FIRST | SECOND)
    assert {r["id"].split("/")[1] for r in list_documents(db, Filters(until="2023-06-28"))} == SECOND


def rewrite(path: Path, change: dict[str, Any]) -> None:
    record = json.loads(path.read_text())
    for section, values in change.items():
        record[section] = {**record[section], **values} if isinstance(values, dict) else values
    path.write_text(json.dumps(record, indent=2))


def test_changed_and_removed_records_are_followed(local_archive: Path) -> None:
    changed = local_archive / "records/scotus/22pdf-600us1r58_7khn.json"
    rewrite(changed, {"case": {"name": "Renamed Petitioner v. Elenis"}})
    os.utime(changed, ns=(0, changed.stat().st_mtime_ns + 10**9))  # a rewrite in the same tick
    (local_archive / "records/scotus/22pdf-600us1r57_o7kq.json").unlink()
    counting = CountingBlobs(Archive.open(str(local_archive)).blobs)

    summary = update_catalog(Archive(counting, str(local_archive)))  # type: ignore[arg-type]

    assert (summary.added, summary.changed, summary.removed) == (0, 1, 1)
    assert sorted(counting.reads) == [
        "records/scotus/22pdf-600us1r58_7khn.json",
        "records/scotus/22pdf-600us1r58_7khn.txt",
    ]
    db = connect(summary.path)
    assert [h.id for h in search(db, "Renamed", Filters())] == ["scotus/22pdf-600us1r58_7khn"]
    assert db.execute("SELECT count(*) FROM documents WHERE id = 'scotus/22pdf-600us1r57_o7kq'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM pages WHERE document_id = 'scotus/22pdf-600us1r57_o7kq'").fetchone()[0] == 0


def test_a_spider_filter_finds_a_document_any_of_its_sources_reached(local_archive: Path) -> None:
    # One document reached by two spiders (storage/identity.py joins them): `source` is the
    # first's, `sources` lists both.
    joined = local_archive / "records/scotus/22pdf-600us1r58_7khn.json"
    record = json.loads(joined.read_text())
    later = {**record["source"], "spider": "courtlistener", "url": "https://example.org/58.pdf"}
    rewrite(joined, {"sources": [record["source"], later]})
    os.utime(joined, ns=(0, joined.stat().st_mtime_ns + 10**9))
    db = connect(update_catalog(Archive.open(str(local_archive))).path)

    def ids(*spiders: str) -> set[str]:
        return {row["id"] for row in list_documents(db, Filters(spiders=list(spiders)))}

    assert ids("courtlistener") == {"scotus/22pdf-600us1r58_7khn"}
    assert len(ids("scotus")) == len(FIRST | SECOND)
    assert ids("scotus", "courtlistener") == ids("scotus")
    assert ids("govinfo") == set()
    assert [h.id for h in search(db, "Elenis", Filters(spiders=["courtlistener"]))] == ["scotus/22pdf-600us1r58_7khn"]


def test_malformed_records_are_reported_and_skipped_until_fixed(local_archive: Path) -> None:
    broken = local_archive / "records/scotus/broken.json"
    broken.write_text('{"schema_version": 1, "id": "scotus/bro')
    misplaced = local_archive / "records/scotus/misplaced.json"
    misplaced.write_text((local_archive / "records/scotus/22pdf-600us1r58_7khn.json").read_text())
    archive = Archive.open(str(local_archive))

    summary = update_catalog(archive)

    assert {p.key: p.message for p in summary.problems}.keys() == {
        "records/scotus/broken.json",
        "records/scotus/misplaced.json",
    }
    assert "not JSON" in {p.key: p.message for p in summary.problems}["records/scotus/broken.json"]
    db = connect(summary.path)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == len(FIRST | SECOND)
    assert update_catalog(archive).problems == ()  # not read again while unchanged...
    assert len(problems(db)) == 2  # ...but still reported
    broken.unlink()
    misplaced.unlink()
    update_catalog(archive)
    assert problems(db) == []


def test_wrongly_typed_fields_make_a_record_malformed(local_archive: Path) -> None:
    rewrite(local_archive / "records/scotus/22pdf-600us1r58_7khn.json", {"document": {"pages": "two"}})
    summary = update_catalog(Archive.open(str(local_archive)))
    assert [(p.key, p.message) for p in summary.problems] == [
        ("records/scotus/22pdf-600us1r58_7khn.json", "document: pages is 'two', not int")
    ]


def test_quotes_and_citations_are_loaded_and_searchable(local_archive: Path) -> None:
    path = local_archive / "records/scotus/22pdf-600us1r58_7khn.json"
    # A quote is a sentence of the document's text: put one on its last page, then in `quotes`.
    text_path = path.with_suffix(".txt")
    pages = text_path.read_text(encoding="utf-8").split("\f")
    sentence = "A State may not compel a website designer to speak."
    pages[-1] += "\n" + sentence
    text_path.write_text("\f".join(pages), encoding="utf-8")
    quote = {"text": sentence, "page": len(pages), "bbox": [72.0, 100.5, 540.0, 130.0], "score": 0.93}
    rewrite(path, {"quotes": [quote], "citations": [{"text": "600 U.S. 570", "volume": 600}, "530 U.S. 640"]})
    summary = update_catalog(Archive.open(str(local_archive)))
    db = connect(summary.path)
    rid = "scotus/22pdf-600us1r58_7khn"
    row = db.execute("SELECT text, page, bbox, score FROM quotes WHERE document_id = ?", (rid,)).fetchone()
    assert (row["text"], row["page"], json.loads(row["bbox"]), row["score"]) == (
        sentence,
        len(pages),
        quote["bbox"],
        0.93,
    )
    assert [r[0] for r in db.execute("SELECT text FROM citations WHERE document_id = ? ORDER BY id", (rid,))] == [
        "600 U.S. 570",
        "530 U.S. 640",
    ]
    hits = search(db, '"website designer"', Filters())
    assert [h.id for h in hits] == [rid]
    assert hits[0].pages == [len(pages)]
    assert "A State may not compel a **website designer** to speak." in hits[0].snippets[0][1]


def test_rebuild_from_the_records_alone_gives_the_same_catalog(local_archive: Path) -> None:
    archive = Archive.open(str(local_archive))
    (local_archive / "records/scotus/22pdf-600us1r50_h3ci.json").unlink()
    update_catalog(archive)

    def contents(path: Path) -> tuple[list[Any], list[Any]]:
        db = connect(path)
        return (
            [tuple(r) for r in db.execute("SELECT * FROM documents ORDER BY id")],
            [tuple(r) for r in db.execute("SELECT document_id, page, text FROM pages ORDER BY 1, 2")],
        )

    updated = contents(catalog_path(archive))
    rebuilt = update_catalog(archive, rebuild=True)
    assert rebuilt.rebuilt and rebuilt.added == len(FIRST | SECOND) - 1
    assert contents(rebuilt.path) == updated
    db = connect(rebuilt.path)
    assert len(search(db, KNOWN_PHRASE, Filters())) == len(search(db, '"three appeals"', Filters())) >= 1


@pytest.mark.parametrize("damage", ["older version", "not a database"])
def test_an_unusable_catalog_is_rebuilt(local_archive: Path, damage: str) -> None:
    path = local_archive / CATALOG_NAME
    if damage == "older version":
        sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    else:
        path.write_bytes(b"this is not SQLite")
    summary = update_catalog(Archive.open(str(local_archive)))
    assert summary.rebuilt and summary.added == len(FIRST | SECOND)


def test_a_missing_catalog_is_built_in_the_archive_folder(local_archive: Path) -> None:
    (local_archive / CATALOG_NAME).unlink()
    archive = Archive.open(f"file://{local_archive}")
    summary = update_catalog(archive)
    assert summary.path == local_archive / CATALOG_NAME and summary.rebuilt
    assert len(list(archive.records())) == len(FIRST | SECOND)  # never taken for a record
    assert not [k for k in archive.blobs.keys("") if "catalog" in k and not k.startswith(CATALOG_NAME)]


def test_s3_catalog_lives_in_the_cache_folder(
    s3_crawled: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COURT_ARCHIVE_CATALOG", raising=False)
    archive = open_archive(s3_crawled, monkeypatch)
    path = catalog_path(archive)
    assert path.parent == tmp_path / "court-archiver" and path.suffix == ".sqlite"
    monkeypatch.setenv("COURT_ARCHIVE_CATALOG", str(tmp_path / "mine.sqlite"))
    assert catalog_path(archive) == tmp_path / "mine.sqlite"
    assert catalog_path(archive, tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"


# What Datasette runs to find a table's full-text index (datasette.utils.detect_fts_sql).
DATASETTE_FTS = """SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE :pattern"""


@pytest.mark.parametrize("table", ["documents", "pages", "quotes"])
def test_datasette_finds_the_full_text_index_of(table: str, local_crawled: Crawled) -> None:
    db = connect(local_crawled.catalog)
    found = db.execute(DATASETTE_FTS, {"pattern": f'%VIRTUAL TABLE%USING FTS%content="{table}"%'}).fetchall()
    assert [row[0] for row in found] == [f"{table}_fts"]
    # Datasette searches `rowid IN (SELECT rowid FROM <fts> WHERE <fts> MATCH ...)`.
    hits = db.execute(
        f"SELECT count(*) FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)",
        ("Elenis OR consolidated",),
    )
    assert table == "quotes" or hits.fetchone()[0] > 0


def test_child_tables_point_at_their_document(local_crawled: Crawled) -> None:
    db = connect(local_crawled.catalog)
    for table in ("pages", "quotes", "citations", "errors"):
        keys = db.execute(f"PRAGMA foreign_key_list({table})").fetchall()
        assert [(k["table"], k["from"], k["to"]) for k in keys] == [("documents", "document_id", "id")]
    kinds = dict(db.execute("SELECT kind, count(*) FROM errors GROUP BY kind").fetchall())
    assert kinds == {"empty": 2}  # the 0-byte corpus file, served twice


def test_a_version_1_record_is_catalogued_beside_version_2_ones(local_archive: Path) -> None:
    # Written before schema 2: no case.name_full, no document.filed_by, no quotes_skipped.
    old = local_archive / "records/scotus/22pdf-600us1r58_7khn.json"
    record = json.loads(old.read_text())
    del record["case"]["name_full"], record["document"]["filed_by"], record["quotes_skipped"]
    old.write_text(json.dumps({**record, "schema_version": 1}, indent=2))
    db = connect(update_catalog(Archive.open(str(local_archive))).path)
    row = db.execute(
        "SELECT filed_by, case_name_full, type FROM documents WHERE id = ?", ("scotus/22pdf-600us1r58_7khn",)
    ).fetchone()
    assert (row["filed_by"], row["case_name_full"], row["type"]) == (None, None, "opinion")
    # The filter matches what the records say, and the old record (which says nothing) never.
    said = {
        f"scotus/{path.stem}"
        for path in (local_archive / "records/scotus").glob("*.json")
        if json.loads(path.read_text())["document"].get("filed_by") == "court"
    }
    by_court = {r["id"] for r in list_documents(db, Filters(filed_by=["court"]))}
    assert by_court == said and "scotus/22pdf-600us1r58_7khn" not in by_court and by_court


def test_bad_redactions_are_a_column_and_a_filter_and_old_records_still_read(local_archive: Path) -> None:
    folder = local_archive / "records/scotus"
    flagged, old = sorted(folder.glob("*.json"))[:2]
    record = json.loads(flagged.read_text())
    assert record["schema_version"] == 3 and record["redactions"] == []
    record["redactions"] = [
        {"page": 1, "bbox": [72, 100, 200, 114], "kind": "box", "hides_text": True, "chars": 9},
        {"page": 2, "bbox": [72, 300, 200, 314], "kind": "proper", "hides_text": False, "chars": 0},
    ]
    flagged.write_text(json.dumps(record, indent=2))
    # Written before schema 3: no redactions, never looked at for them.
    earlier = json.loads(old.read_text())
    del earlier["redactions"]
    if earlier["extraction"]:
        del earlier["extraction"]["hidden_text"]
    old.write_text(json.dumps({**earlier, "schema_version": 2}, indent=2))
    db = connect(update_catalog(Archive.open(str(local_archive))).path)
    counts = dict(db.execute("SELECT id, bad_redactions FROM documents").fetchall())
    assert counts[f"scotus/{flagged.stem}"] == 1 and counts[f"scotus/{old.stem}"] is None
    assert all(
        value == 0 for key, value in counts.items() if key not in (f"scotus/{flagged.stem}", f"scotus/{old.stem}")
    )
    assert [r["id"] for r in list_documents(db, Filters(bad_redactions=True))] == [f"scotus/{flagged.stem}"]
