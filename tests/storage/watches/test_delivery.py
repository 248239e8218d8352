"""Watches delivered to real servers on 127.0.0.1: a webhook receiver that checks signatures,
an SMTP server (aiosmtpd), and the Atom feed; each server down for a run and back the next,
every document delivered exactly once; on a local folder and on SeaweedFS."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import feedparser
import pytest
from aiosmtpd.controller import Controller

from storage.archive import Archive
from storage.blobs.s3 import S3BlobStore
from storage.catalog.update import open_catalog, update_catalog
from storage.watches import webhook
from storage.watches.model import Channels, Watch, WatchFilters
from storage.watches.run import WatchOutcome, run_watches
from storage.watches.store import read_json, read_status, save_watch, write_baseline
from tests.storage.watches.support import SECRET, Mailbox, Receiver, put_record
from tests.support.seaweed import S3Server

PASSWORD = "smtp-pa55word-never-logged"


pytestmark = pytest.mark.usefixtures("quick_retries")


def add_watch(archive: Archive, receiver: Receiver, name: str = "parler") -> Watch:
    watch = Watch(
        name,
        WatchFilters(case_names=("Parler",)),
        Channels(receiver.url, ("desk@news.example", "editor@news.example"), atom=True),
        "2026-12-01T00:00:00+00:00",
    )
    write_baseline(archive, watch, [])
    save_watch(archive, watch)
    return watch


def new_order(archive: Archive, number: int) -> None:
    put_record(
        archive,
        f"wawd/parler-{number}",
        case="Parler LLC v. Amazon Web Services",
        docket="2:21-cv-00031-BJR",
        date=f"2021-02-{number:02d}",
        judge="Barbara J. Rothstein",
        disposition="denied",
        text=f"Order {number}. The motion is DENIED.",
        quotes=[(1, "The motion is DENIED.")],
    )


def run(archive: Archive, catalog: Path) -> WatchOutcome:
    update_catalog(archive, path=catalog)
    db, _ = open_catalog(archive, path=catalog, update=False)
    try:
        [outcome] = run_watches(archive, db)
    finally:
        db.close()
    return outcome


def feed_ids(archive: Archive, name: str = "parler") -> list[str]:
    data = archive.blobs.read(f"feeds/{name}.atom")
    return [] if data is None else [e.link.rsplit("/", 1)[-1] for e in feedparser.parse(data).entries]


def mailed(mailbox: Mailbox) -> list[list[str]]:
    """Per message, the documents it lists (by their source links)."""
    return [
        sorted(
            line.strip().removeprefix("source: https://court.example/wawd/").removesuffix(".pdf")
            for line in str(m.get_payload()).splitlines()
            if "source: " in line
        )
        for m in mailbox.messages
    ]


def delivered_once_then_nothing(archive: Archive, catalog: Path, receiver: Receiver, mailbox: Mailbox) -> None:
    add_watch(archive, receiver)
    new_order(archive, 3)
    new_order(archive, 4)
    first = run(archive, catalog)
    assert (first.new, first.delivered, first.pending) == (2, {"webhook": 2, "email": 2, "atom": 2}, 0)
    assert sorted(receiver.documents()) == ["wawd/parler-3", "wawd/parler-4"] and receiver.rejected == 0
    assert receiver.accepted[0]["path"] == "/hooks/court?token=t0k3n"
    document = next(p["body"]["document"] for p in receiver.accepted if p["body"]["document"]["id"] == "wawd/parler-3")
    assert (document["case"], document["docket"], document["judge"], document["date"], document["disposition"]) == (
        "Parler LLC v. Amazon Web Services",
        "2:21-cv-00031-BJR",
        "Barbara J. Rothstein",
        "2021-02-03",
        "denied",
    )
    assert document["quotes"] == [{"page": 1, "text": "The motion is DENIED."}]
    assert document["links"]["record"].endswith("records/wawd/parler-3.json")
    assert mailed(mailbox) == [["parler-3", "parler-4"]]  # one message for the run
    assert mailbox.messages[0]["X-Envelope-To"] == "desk@news.example, editor@news.example"
    assert mailbox.messages[0]["Subject"] == "[court-archiver] parler: 2 new documents"
    assert feed_ids(archive) == ["parler-4.pdf", "parler-3.pdf"]
    again = run(archive, catalog)
    assert (again.new, again.delivered, again.pending) == (0, {}, 0)
    assert len(receiver.accepted) == 2 and len(mailbox.messages) == 1 and len(feed_ids(archive)) == 2
    entry = read_json(archive, "deliveries/parler/ledger/wawd/parler-3.json")
    assert {c: (s["status"], s["attempts"], s["error"]) for c, s in entry["channels"].items()} == {
        "webhook": ("delivered", 1, None),
        "email": ("delivered", 1, None),
        "atom": ("delivered", 1, None),
    }
    assert entry["channels"]["webhook"]["to"] == f"http://127.0.0.1:{receiver.port}/…"  # never the token
    assert entry["channels"]["email"]["to"] == ["desk@news.example", "editor@news.example"]


def test_each_new_document_delivered_once_to_every_channel(
    tmp_path: Path, receiver: Receiver, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    archive = Archive.open(str(tmp_path / "archive"))
    with caplog.at_level(logging.DEBUG):
        delivered_once_then_nothing(archive, tmp_path / "archive/catalog.sqlite", receiver, mailbox)
    assert "t0k3n" not in caplog.text and SECRET not in caplog.text


def test_on_s3_every_machine_shares_the_watches(
    tmp_path: Path, receiver: Receiver, mailbox: Mailbox, s3_server: S3Server, s3_bucket: str
) -> None:
    archive = Archive(
        S3BlobStore(s3_bucket, "court-archive", client=s3_server.client()), f"s3://{s3_bucket}/court-archive"
    )
    delivered_once_then_nothing(archive, tmp_path / "machine-1.sqlite", receiver, mailbox)
    keys = set(archive.blobs.keys(""))
    assert {
        "watches/parler.json",
        "feeds/parler.atom",
        "deliveries/parler/ledger/wawd/parler-4.json",
        "deliveries/parler/delivered/wawd/parler-4.json",
    } <= keys
    # A second machine, with its own catalog, finds nothing new: the ledger is in the bucket.
    assert run(archive, tmp_path / "machine-2.sqlite").new == 0
    new_order(archive, 5)
    assert run(archive, tmp_path / "machine-2.sqlite").delivered == {"webhook": 1, "email": 1, "atom": 1}
    assert sorted(receiver.documents()) == ["wawd/parler-3", "wawd/parler-4", "wawd/parler-5"]
    assert run(archive, tmp_path / "machine-1.sqlite").new == 0


def test_servers_down_for_a_run_get_it_on_the_next_exactly_once(
    tmp_path: Path, receiver: Receiver, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    archive = Archive.open(str(tmp_path / "archive"))
    catalog = tmp_path / "archive/catalog.sqlite"
    add_watch(archive, receiver)
    new_order(archive, 3)
    receiver.stop()
    mailbox.stop()
    with caplog.at_level(logging.DEBUG):
        down = run(archive, catalog)
    assert (down.new, down.delivered, down.pending) == (1, {"webhook": 0, "email": 0, "atom": 1}, 1)
    assert "ConnectionError after 3 attempts" in down.failures["webhook"]
    assert "ConnectionRefusedError" in down.failures["email"]
    assert "t0k3n" not in caplog.text and SECRET not in caplog.text
    status = read_status(archive, "parler")
    assert status["pending"] == 1 and set(status["last_failure"]["errors"]) == {"webhook", "email"}
    # Back: the pending document goes, with one found since, each once.
    receiver.start()
    mailbox.start()
    new_order(archive, 4)
    back = run(archive, catalog)
    assert (back.new, back.delivered, back.pending, back.failures) == (1, {"webhook": 2, "email": 2, "atom": 1}, 0, {})
    assert sorted(receiver.documents()) == ["wawd/parler-3", "wawd/parler-4"]
    assert mailed(mailbox) == [["parler-3", "parler-4"]]
    assert feed_ids(archive) == ["parler-4.pdf", "parler-3.pdf"]
    entry = read_json(archive, "deliveries/parler/ledger/wawd/parler-3.json")
    assert (entry["channels"]["webhook"]["attempts"], entry["channels"]["webhook"]["status"]) == (2, "delivered")
    assert read_status(archive, "parler")["last_failure"] is None
    assert run(archive, catalog).delivered == {}
    assert len(receiver.accepted) == 2 and len(mailbox.messages) == 1


def test_a_post_keeps_its_idempotency_key_and_body_when_retried(
    tmp_path: Path, receiver: Receiver, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive.open(str(tmp_path / "archive"))
    add_watch(archive, receiver)
    new_order(archive, 3)
    monkeypatch.setenv(webhook.SECRET_ENV, "not-the-receivers-secret")
    refused = run(archive, tmp_path / "catalog.sqlite")
    assert refused.failures == {"webhook": "refused: HTTP 401"} and refused.pending == 1
    assert receiver.rejected == 1 and receiver.accepted == []
    monkeypatch.delenv(webhook.SECRET_ENV)
    unsigned = run(archive, tmp_path / "catalog.sqlite")
    assert unsigned.failures == {"webhook": "$COURT_ARCHIVE_WEBHOOK_SECRET is not set: webhooks are sent signed only"}
    assert receiver.rejected == 1  # nothing sent unsigned
    monkeypatch.setenv(webhook.SECRET_ENV, SECRET)
    assert run(archive, tmp_path / "catalog.sqlite").delivered == {"webhook": 1}
    [post] = receiver.accepted
    entry = read_json(archive, "deliveries/parler/ledger/wawd/parler-3.json")
    assert post["key"] == entry["idempotency_key"] == post["body"]["idempotency_key"]
    assert post["body"]["document"] == entry["summary"]
    assert entry["channels"]["webhook"]["attempts"] == 3


class _Authenticated:
    """aiosmtpd's authenticator: accepts only the test user and password."""

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"desk",
            PASSWORD.encode(),
        )
        return AuthResult(success=ok)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_credentials_are_used_never_logged_and_never_sent_in_clear_unasked(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.storage.watches.support import _Collect

    mailbox = Mailbox()
    controller = Controller(
        _Collect(mailbox.messages),
        hostname="127.0.0.1",
        port=mailbox.port,
        authenticator=_Authenticated(),
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        for name, value in {
            **mailbox.environment(),
            "COURT_ARCHIVE_SMTP_USER": "desk",
            "COURT_ARCHIVE_SMTP_PASSWORD": PASSWORD,
        }.items():
            monkeypatch.setenv(name, value)
        archive = Archive.open(str(tmp_path / "archive"))
        watch = Watch("mail", WatchFilters(case_names=("Parler",)), Channels(email=("desk@news.example",)), "t0")
        write_baseline(archive, watch, [])
        save_watch(archive, watch)
        new_order(archive, 3)
        with caplog.at_level(logging.DEBUG):
            clear = run(archive, tmp_path / "catalog.sqlite")
        assert clear.failures == {"email": "not sending the SMTP password in clear: the server offers no STARTTLS"}
        monkeypatch.setenv("COURT_ARCHIVE_SMTP_STARTTLS", "off")  # a relay on this host: allowed when asked
        with caplog.at_level(logging.DEBUG):
            assert run(archive, tmp_path / "catalog.sqlite").delivered == {"email": 1}
        monkeypatch.setenv("COURT_ARCHIVE_SMTP_STARTTLS", "require")
        new_order(archive, 4)
        assert "does not offer STARTTLS" in run(archive, tmp_path / "catalog.sqlite").failures["email"]
    finally:
        controller.stop()
    assert mailed(mailbox) == [["parler-3"]]
    assert PASSWORD not in caplog.text
