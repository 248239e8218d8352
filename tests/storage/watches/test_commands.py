"""`courtarchive watch add|ls|rm|test` in process, matching, the ledger and the Atom feed.

Deliveries to real servers are in test_watch_delivery.py; here the watches use the Atom
channel (the archive itself) or are only tested, never sent.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from storage.archive import Archive
from storage.catalog.update import open_catalog
from storage.cli import main
from storage.watches.matching import matching_ids, where_sql
from storage.watches.model import Watch, WatchFilters
from storage.watches.run import run_watches
from storage.watches.store import read_watch
from tests.storage.watches.support import put_record
from tests.support.seaweed import S3Server

PARLER = "wawd/parler-34"
PARLER_34 = {"case": "Parler LLC v. Amazon Web Services", "docket": "2:21-cv-00031-BJR", "date": "2021-01-21"}


def cli(capsys: pytest.CaptureFixture[str], archive: Path, *args: str) -> tuple[int, str, str]:
    """`courtarchive ARGS --archive ARCHIVE` in process: exit status, stdout, stderr."""
    status = main([*args, "--archive", str(archive)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A local archive with two documents of the Parler case and one other."""
    folder = tmp_path / "archive"
    folder.mkdir()
    store = Archive.open(str(folder))
    put_record(
        store,
        PARLER,
        **PARLER_34,
        judge="Barbara J. Rothstein",
        disposition="denied",
        text="The motion for a preliminary injunction is DENIED.\fParler has not shown a likelihood of success.",
        quotes=[
            (1, "The motion for a preliminary injunction is DENIED."),
            (2, "Parler has not shown a likelihood of success."),
        ],
    )
    put_record(
        store,
        "wawd/parler-12",
        case="Parler LLC v. Amazon Web Services",
        docket="2:21-cv-00031",
        date="2021-01-14",
        type_="motion",
        filed_by="party",
        text="Plaintiff moves for a restraining order.",
    )
    put_record(
        store,
        "scotus/creative",
        case="303 Creative LLC v. Elenis",
        docket="21-476",
        date="2023-06-30",
        judge="Neil Gorsuch",
        type_="opinion",
        text="The First Amendment protects speech.",
    )
    return folder


def db_of(folder: Path) -> Any:
    return open_catalog(Archive.open(str(folder)))[0]


def archive_keys(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith("catalog.sqlite")
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (WatchFilters(case_names=("parler",)), {PARLER, "wawd/parler-12"}),
        (WatchFilters(case_names=("parler",), filed_by=("court",)), {PARLER}),
        (WatchFilters(dockets=("2:21-cv-00031",)), {PARLER, "wawd/parler-12"}),
        (WatchFilters(judges=("rothstein",)), {PARLER}),
        (WatchFilters(judges=("rothstein", "gorsuch")), {PARLER, "scotus/creative"}),
        (WatchFilters(query='"preliminary injunction"'), {PARLER}),
        (WatchFilters(query="speech", courts=("wawd",)), set()),
        (WatchFilters(query="Elenis"), {"scotus/creative"}),  # the case name, not the text
        (WatchFilters(types=("opinion", "motion")), {"scotus/creative", "wawd/parler-12"}),
        (WatchFilters(dispositions=("denied",)), {PARLER}),
        (WatchFilters(judges=("%",)), set()),  # typed text, never a LIKE wildcard
        (WatchFilters(case_names=("o'brien :query",)), set()),  # a quote and a parameter's name, as typed
        (WatchFilters(case_names=("Amazon Web",), courts=("wawd", "ca9")), {PARLER, "wawd/parler-12"}),
        (WatchFilters(), {PARLER, "wawd/parler-12", "scotus/creative"}),
    ],
)
def test_filters_select_documents(archive: Path, filters: WatchFilters, expected: set[str]) -> None:
    db = db_of(archive)
    assert set(matching_ids(db, filters)) == expected
    # The same condition with its values written in, as a canned query holds it.
    assert {rid for (rid,) in db.execute(f"SELECT d.id FROM documents d WHERE {where_sql(filters)}")} == expected


def test_only_archived_documents_match(archive: Path) -> None:
    store = Archive.open(str(archive))
    put_record(
        store,
        "wawd/parler-35",
        case="Parler LLC v. Amazon Web Services",
        docket="2:21-cv-00031",
        date="2021-01-22",
        text="",
        downloaded=False,
    )  # tried again by the next crawl: not yet
    put_record(
        store,
        "wawd/parler-36",
        case="Parler LLC v. Amazon Web Services",
        docket="2:21-cv-00031",
        date="2021-01-23",
        text="",
        event=True,
    )  # a docket feed's entry, archived as an event
    assert set(matching_ids(db_of(archive), WatchFilters(dockets=("2:21-cv-00031",)))) == {
        PARLER,
        "wawd/parler-12",
        "wawd/parler-36",
    }


def test_a_damaged_watch_or_ledger_entry_is_named_and_the_rest_delivered(
    archive: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("a", "b"):
        assert cli(capsys, archive, "watch", "add", name, "--court", "scotus", "--atom")[0] == 0
    (archive / "watches/broken.json").write_text("{not json")
    (archive / "watches/c.json").write_text('{"name": "c"}')
    store = Archive.open(str(archive))
    put_record(store, "scotus/next", case="Next v. Case", docket="24-1", date="2024-10-01", text="Affirmed.")
    (archive / "deliveries/b/ledger/scotus").mkdir(parents=True)
    (archive / "deliveries/b/ledger/scotus/old.json").write_text('{"summary": 3}')
    outcomes = run_watches(store, db_of(archive))
    assert [(o.watch, o.new, o.delivered) for o in outcomes] == [("a", 1, {"atom": 1}), ("b", 1, {"atom": 1})]
    assert "watches/broken.json: " in caplog.text and "watches/c.json: not a watch" in caplog.text
    assert "deliveries/b/ledger/scotus/old.json is damaged" in caplog.text
    assert (archive / "deliveries/b/ledger/scotus/old.json").read_text() == '{"summary": 3}'  # kept as it was
    assert [row["watch"]["name"] for row in json.loads(cli(capsys, archive, "watch", "ls", "--json")[1])] == ["a", "b"]
    # A query that no longer parses (written by another version, or by hand): named, the others go on.
    stored = json.loads((archive / "watches/a.json").read_text())
    stored["filters"]["query"] = "v. Elenis"
    (archive / "watches/a.json").write_text(json.dumps(stored))
    put_record(store, "scotus/later", case="Later v. Case", docket="24-2", date="2024-10-02", text="Reversed.")
    broken, working = run_watches(store, db_of(archive))
    assert broken.line().startswith("watch a: 0 new, delivered nothing (run: ") and "syntax error" in broken.line()
    assert (working.watch, working.delivered) == ("b", {"atom": 1})


def test_bad_redactions_filter_keeps_documents_with_a_box_over_text(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Archive.open(str(archive))
    box = {"page": 1, "bbox": [72.0, 100.0, 200.0, 114.0], "kind": "box", "hides_text": True, "chars": 12}
    proper = {**box, "kind": "proper", "hides_text": False, "chars": 0}
    common = {"case": "Parler LLC v. Amazon Web Services", "docket": "2:21-cv-00031", "text": "Sealed: ████"}
    put_record(store, "wawd/parler-40", date="2021-02-01", redactions=[proper, box], **common)
    put_record(store, "wawd/parler-41", date="2021-02-02", redactions=[proper], **common)
    put_record(store, "wawd/parler-42", date="2021-02-03", redactions=[], **common)
    leaks = WatchFilters(bad_redactions=True)
    db = db_of(archive)
    assert matching_ids(db, leaks) == ["wawd/parler-40"]  # schema 2 records: never looked at
    assert [rid for (rid,) in db.execute(f"SELECT d.id FROM documents d WHERE {where_sql(leaks)}")] == [
        "wawd/parler-40"
    ]
    assert matching_ids(db, WatchFilters(bad_redactions=True, courts=("scotus",))) == []
    status, _, err = cli(capsys, archive, "watch", "add", "leaks", "--bad-redactions", "--court", "wawd", "--atom")
    assert status == 0 and "1 document matches now" in err, err
    stored = json.loads((archive / "watches/leaks.json").read_text())
    assert stored["filters"]["bad_redactions"] is True
    watch = read_watch(Archive.open(str(archive)), "leaks")
    assert watch is not None and watch.filters == WatchFilters(courts=("wawd",), bad_redactions=True)
    assert watch.filters.describe() == "court=wawd bad-redactions"
    # A watch stored before the filter existed reads as not filtering on it.
    del stored["filters"]["bad_redactions"]
    assert not Watch.from_json(stored).filters.bad_redactions


def test_add_keeps_the_watch_in_the_archive_and_ls_rm_see_it(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(
        capsys,
        archive,
        "watch",
        "add",
        "parler",
        "--case",
        "Parler",
        "--filed-by",
        "court",
        "--email",
        "desk@news.example",
        "--atom",
    )
    assert status == 0, err
    assert "1 document matches now, not sent" in err
    stored = json.loads((archive / "watches/parler.json").read_text())
    assert stored["filters"]["case_names"] == ["Parler"] and stored["channels"]["email"] == ["desk@news.example"]
    assert json.loads((archive / "deliveries/parler/baseline.json").read_text())["ids"] == [PARLER]
    status, out, _ = cli(capsys, archive, "watch", "ls")
    assert status == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["NAME", "FILTERS", "CHANNELS"]
    assert row.startswith("parler") and "filed-by=court case=Parler" in row and "never" in row
    assert "desk@news.example feeds/parler.atom" in row
    assert cli(capsys, archive, "watch", "add", "parler", "--atom")[0] == 2
    assert cli(capsys, archive, "watch", "rm", "parler")[0] == 0
    assert cli(capsys, archive, "watch", "ls", "--json")[1].strip() == "[]"
    assert read_watch(Archive.open(str(archive)), "parler").removed_at is not None  # type: ignore[union-attr]
    status, _, err = cli(capsys, archive, "watch", "rm", "parler")
    assert status == 2 and "no watch 'parler'" in err
    # Added again: a new baseline, the same name.
    assert cli(capsys, archive, "watch", "add", "parler", "--judge", "Rothstein", "--atom")[0] == 0
    assert [w["watch"]["filters"]["judges"] for w in json.loads(cli(capsys, archive, "watch", "ls", "--json")[1])] == [
        ["Rothstein"]
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["watch", "add", "x", "--case", "Parler"], "a watch needs a channel"),
        (["watch", "add", "../x", "--atom"], "cannot name a watch"),
        (["watch", "add", "x", "--webhook", "ftp://host/x"], "http:// or https://"),
        (["watch", "add", "x", "--email", "not-an-address"], "not an email address"),
        (["watch", "add", "x", "--search", "v. Elenis", "--atom"], "add --literal"),
        (["watch", "test", "nothing"], "no watch 'nothing'"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    archive: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = cli(capsys, archive, *args)
    assert status == 2 and message in err and "Traceback" not in err
    assert not (archive / "watches").exists()
    if args[1] == "add":  # nor is an archive folder made for it
        status, _, err = cli(capsys, archive.parent / "new", *args)
        assert status == 2 and message in err and not (archive.parent / "new").exists()


def test_literal_search_is_stored_as_words(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, archive, "watch", "add", "x", "--search", "v. Elenis", "--literal", "--atom")[0] == 0
    assert json.loads((archive / "watches/x.json").read_text())["filters"]["query"] == '"v" "Elenis"'
    assert json.loads((archive / "deliveries/x/baseline.json").read_text())["ids"] == ["scotus/creative"]


def test_watch_test_shows_what_would_be_sent_and_writes_nothing(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COURT_ARCHIVE_WEBHOOK_SECRET", raising=False)
    assert (
        cli(
            capsys,
            archive,
            "watch",
            "add",
            "parler",
            "--docket",
            "2:21-cv-00031",
            "--webhook",
            "https://hooks.example/secret-token",
            "--email",
            "desk@news.example",
            "--atom",
        )[0]
        == 0
    )
    put_record(
        Archive.open(str(archive)),
        "wawd/parler-40",
        case="Parler LLC v. Amazon Web Services",
        docket="2:21-cv-00031-BJR",
        date="2021-03-01",
        judge="Barbara J. Rothstein",
        disposition="granted",
        text="The motion to dismiss is GRANTED.",
        quotes=[(1, "The motion to dismiss is GRANTED.")],
    )
    before = archive_keys(archive)
    status, out, _ = cli(capsys, archive, "watch", "test", "parler", "--json")
    assert status == 0
    plan = json.loads(out)
    assert (plan["new"], plan["pending"]) == (1, 0)
    [body] = plan["webhook"]["bodies"]
    assert body["document"]["id"] == "wawd/parler-40" and body["watch"] == "parler"
    assert body["document"]["quotes"] == [{"page": 1, "text": "The motion to dismiss is GRANTED."}]
    assert body["document"]["links"]["source"] == "https://court.example/wawd/parler-40.pdf"
    assert body["document"]["links"]["record"] == (archive / "records/wawd/parler-40.json").as_uri()
    assert "not sendable: $COURT_ARCHIVE_WEBHOOK_SECRET is not set" in plan["webhook"]["what"]
    assert "secret-token" not in out
    assert plan["email"]["subject"] == "[court-archiver] parler: 1 new document"
    assert "p. 1: “The motion to dismiss is GRANTED.”" in plan["email"]["text"]
    assert plan["atom"]["ids"] == ["wawd/parler-40"]
    status, out, _ = cli(capsys, archive, "watch", "test", "parler")
    assert status == 0 and "1 new, 0 pending" in out and "Parler LLC v. Amazon Web Services" in out
    assert archive_keys(archive) == before  # nothing claimed, no feed, no status


def test_atom_feed_is_valid_newest_first_and_each_document_once(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, archive, "watch", "add", "wawd", "--court", "wawd", "--atom")[0] == 0
    store = Archive.open(str(archive))
    assert run_watches(store, db_of(archive))[0].new == 0  # the baseline is never sent
    assert not (archive / "feeds/wawd.atom").exists()
    for number, date in ((50, "2021-04-01"), (51, "2021-04-02")):
        put_record(
            store,
            f"wawd/other-{number}",
            case=f"Case {number} v. State",
            docket=f"2:21-cv-{number}",
            date=date,
            text="Ordered.",
        )
    first = run_watches(store, db_of(archive), now=datetime(2026, 12, 1, tzinfo=UTC))
    assert (first[0].new, first[0].delivered, first[0].pending) == (2, {"atom": 2}, 0)
    put_record(store, "wawd/other-49", case="Case 49 v. State", docket="2:21-cv-49", date="2021-03-01", text="Ordered.")
    second = run_watches(store, db_of(archive), now=datetime(2026, 12, 2, tzinfo=UTC))
    assert (second[0].new, second[0].delivered) == (1, {"atom": 1})
    assert run_watches(store, db_of(archive))[0].new == 0
    plan = json.loads(cli(capsys, archive, "watch", "test", "wawd", "--json")[1])
    assert (plan["new"], plan["pending"], plan["atom"]) == (0, 0, None)
    feed = feedparser.parse((archive / "feeds/wawd.atom").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.title == "court-archiver watch: wawd"
    # Newest first: the document that entered last on top, then the two of the first run by date.
    assert [e.title for e in feed.entries] == [
        "Case 49 v. State — Order in Case 49 v. State (wawd, 2:21-cv-49, 2021-03-01)",
        "Case 51 v. State — Order in Case 51 v. State (wawd, 2:21-cv-51, 2021-04-02)",
        "Case 50 v. State — Order in Case 50 v. State (wawd, 2:21-cv-50, 2021-04-01)",
    ]
    assert feed.entries[0].link == "https://court.example/wawd/other-49.pdf"
    assert feed.entries[0].updated.startswith("2026-12-02") and feed.entries[1].updated.startswith("2026-12-01")
    assert len({e.id for e in feed.entries}) == 3
    ledger = json.loads((archive / "deliveries/wawd/ledger/wawd/other-50.json").read_text())
    assert ledger["channels"]["atom"]["status"] == "delivered"
    assert ledger["channels"]["atom"]["delivered_at"] == "2026-12-01T00:00:00+00:00"
    assert (archive / "deliveries/wawd/delivered/wawd/other-50.json").exists()
    # The last run that delivered: the third did not.
    assert "2026-12-02T00:00:00+00:00 (1)" in cli(capsys, archive, "watch", "ls")[1]
    assert json.loads(cli(capsys, archive, "watch", "ls", "--json")[1])[0]["status"]["last_delivery"] == {
        "at": "2026-12-02T00:00:00+00:00",
        "documents": {"atom": 1},
    }


def test_watch_commands_on_s3(
    s3_server: S3Server,
    s3_bucket: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {**s3_server.environment(), "XDG_CACHE_HOME": str(tmp_path / "cache")}.items():
        monkeypatch.setenv(name, value)
    uri = f"s3://{s3_bucket}/court-archive"
    store = Archive.open(uri)
    put_record(
        store,
        PARLER,
        **PARLER_34,
        text="The motion is DENIED.",
    )

    def s3_cli(*args: str) -> tuple[int, str, str]:
        status = main([*args, "--archive", uri])
        out, err = capsys.readouterr()
        return status, out, err

    assert s3_cli("watch", "add", "parler", "--case", "parler", "--atom")[0] == 0
    assert json.loads(store.blobs.read("watches/parler.json") or b"")["filters"]["case_names"] == ["parler"]
    assert json.loads(store.blobs.read("deliveries/parler/baseline.json") or b"")["ids"] == [PARLER]
    put_record(
        store,
        "wawd/parler-40",
        case="Parler LLC v. Amazon Web Services",
        docket="2:21-cv-00031-BJR",
        date="2021-03-01",
        text="The motion is GRANTED.",
    )
    assert json.loads(s3_cli("watch", "test", "parler", "--json")[1])["atom"]["ids"] == ["wawd/parler-40"]
    assert run_watches(store, open_catalog(store)[0])[0].delivered == {"atom": 1}
    assert feedparser.parse(store.blobs.read("feeds/parler.atom")).entries[0].link.endswith("parler-40.pdf")
    assert "never" not in s3_cli("watch", "ls")[1]
    assert s3_cli("watch", "rm", "parler")[0] == 0
    assert s3_cli("watch", "ls")[2].startswith("no watches")
