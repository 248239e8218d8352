"""`courtarchive add URL|FILE`: one document archived as a crawl archives it, without a spider."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from parsers.text import Extraction
from storage.archive import Archive, sha256_hex
from storage.cli import main
from storage.cli.add import QUEUED
from storage.outbox import Outbox
from storage.records import SCHEMA_PATH
from tests.storage.conftest import (
    KNOWN_PDF,
    KNOWN_PHRASE,
    SECOND_SINCE,
    Cli,
    Crawled,
    sha256_of,
)
from tests.storage.test_cli_read import records
from tests.storage.test_outbox import seaweed  # noqa: F401  (a SeaweedFS of the test's own, to kill)
from tests.support.crawl import run_spider
from tests.support.faultserver import restart_seaweedfs, seaweed_command
from tests.support.mirror import CORPUS, Mirror, Outage, serving
from tests.support.pdfgen import text_pdf
from tests.support.seaweed import S3Server, kill

SEVENTH = "doctor__ca7_3.pdf"


@pytest.fixture
def news_site(shared_path: object) -> Iterator[tuple[Mirror, str]]:
    """A local web server with PDFs linked from a news story, one behind a 503 and one a 429."""
    pdf = (CORPUS / SEVENTH).read_bytes()
    mirror = Mirror(
        routes={
            "/files/order-17-2400.pdf": (200, pdf, "application/pdf"),
            "/files/busy.pdf": (200, pdf, "application/pdf"),
            "/files/throttled.pdf": (200, pdf, "application/pdf"),
            "/files/story.html": (200, b"<html><body>Read the order</body></html>", "text/html"),
        },
        outages={"/files/busy.pdf": Outage(1, 503, "1"), "/files/throttled.pdf": Outage(1, 429, "1")},
    )
    with serving(mirror) as url:
        yield mirror, url


def schema_valid(record: dict[str, object]) -> None:
    jsonschema.validate(record, json.loads(SCHEMA_PATH.read_text()), format_checker=jsonschema.FormatChecker())


def test_add_a_file_with_its_metadata(local_cli: Cli) -> None:
    crawled = next(r for r in records(local_cli).values() if r["sha256"] == sha256_of(KNOWN_PDF))
    result = local_cli(
        "add",
        str(CORPUS / KNOWN_PDF),
        "--court",
        "ca1",
        "--docket",
        "12-2207",
        "--case",
        "Transamerica Life Insurance Co. v. Rodrigues",
        "--title",
        "Order of court",
        "--type",
        "order",
        "--date",
        "2013-01-03",
        "--judge",
        "Margaret Carter",
    )
    rid = f"ca1/courtlistener__gov.uscourts.ca1.12-2209.00106475093.0-{sha256_of(KNOWN_PDF)[:12]}"
    assert result.stdout == f"archived {rid}: 2 pages, original {crawled['files']['original']}\n"
    record = records(local_cli)[rid]
    schema_valid(record)
    assert record["sha256"] == sha256_of(KNOWN_PDF)
    assert (record["source"]["spider"], record["source"]["url"], record["source"]["extras"]) == (
        "courtarchive-add",
        None,
        {"file": KNOWN_PDF},
    )
    assert record["case"] == {
        "name": "Transamerica Life Insurance Co. v. Rodrigues",
        "docket_number": "12-2207",
        "name_full": "TRANSAMERICA LIFE INSURANCE COMPANY v. ESTELLA RODRIGUES",
    }
    assert (
        record["document"]["title"],
        record["document"]["type"],
        record["document"]["date_filed"],
        record["document"]["judge"],
    ) == ("Order of court", "order", "2013-01-03", "Margaret Carter")
    # The same extraction as the crawl's for the same bytes.
    assert record["document"]["pages"] == crawled["document"]["pages"]
    assert record["errors"] == crawled["errors"]
    assert {k: v for k, v in record["extraction"].items() if k != "seconds"} == {
        k: v for k, v in crawled["extraction"].items() if k != "seconds"
    }
    hits = json.loads(local_cli("search", "--json", "--court", "ca1", KNOWN_PHRASE).stdout)
    assert [(h["id"], h["pages"]) for h in hits] == [(rid, [2])]


@pytest.mark.skipif("ecf" not in Extraction.__dataclass_fields__, reason="parsers do not read ECF stamps yet")
def test_flags_win_over_what_the_parsers_find(local_cli: Cli, tmp_path: Path) -> None:
    found = json.loads(local_cli("add", "--json", str(CORPUS / KNOWN_PDF), "--court", "ca1").stdout)
    assert found["case"]["docket_number"] == "12-2209"  # from the stamp "Case: 12-2209 Document: …"
    assert found["document"]["date_filed"] == "2013-01-03"
    flagged = json.loads(
        local_cli(
            "add",
            "--json",
            str(CORPUS / KNOWN_PDF),
            "--court",
            "ca1",
            "--id",
            "flagged",
            "--docket",
            "12-2207",
            "--date",
            "2013-01-04",
        ).stdout
    )
    assert (flagged["case"]["docket_number"], flagged["document"]["date_filed"]) == ("12-2207", "2013-01-04")


def test_add_a_url_records_where_it_came_from(local_cli: Cli, news_site: tuple[Mirror, str]) -> None:
    _, url = news_site
    record = json.loads(local_cli("add", "--json", f"{url}/files/order-17-2400.pdf", "--court", "ca7").stdout)
    schema_valid(record)
    assert record["id"] == f"ca7/order-17-2400-{sha256_of(SEVENTH)[:12]}"
    source = record["source"]
    assert (source["spider"], source["url"], source["listing_url"]) == (
        "courtarchive-add",
        f"{url}/files/order-17-2400.pdf",
        None,
    )
    assert source["etag"] and source["last_modified"] == "Fri, 30 Jun 2023 14:00:00 GMT"
    assert record["id"] in local_cli("ls", "--court", "ca7").stdout


@pytest.mark.parametrize("path", ["/files/busy.pdf", "/files/throttled.pdf"])
def test_add_waits_out_retry_after_then_gets_the_pdf(local_cli: Cli, news_site: tuple[Mirror, str], path: str) -> None:
    mirror, url = news_site
    started = time.monotonic()
    record = json.loads(local_cli("add", "--json", url + path).stdout)
    assert time.monotonic() - started >= 1.0  # Retry-After: 1
    assert mirror.hits[path] == 2 and record["sha256"] == sha256_of(SEVENTH)


@pytest.mark.parametrize(
    ("path", "flags", "kind"),
    [
        ("/files/gone.pdf", [], "http_404"),
        ("/files/story.html", [], "not_pdf"),
        ("/files/order-17-2400.pdf", ["--max-size", "0.01"], "too_large"),
    ],
)
def test_a_failed_download_archives_nothing(
    local_cli: Cli, news_site: tuple[Mirror, str], path: str, flags: list[str], kind: str
) -> None:
    _, url = news_site
    before = records(local_cli)
    result = local_cli("add", url + path, *flags, check=1)
    assert result.stderr.startswith(f"courtarchive: {kind}: ") and result.stderr.count("\n") == 1
    assert records(local_cli) == before


def test_an_unreadable_pdf_is_archived_with_its_error(local_cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "blank.pdf"
    empty.write_bytes(b"")
    result = local_cli("add", str(empty), "--court", "nysd", check=1)
    rid = f"nysd/blank-{sha256_of('doctor__empty.pdf')[:12]}"
    record = records(local_cli)[rid]
    assert [(e["stage"], e["kind"]) for e in record["errors"]] == [("extract", "empty")]
    assert record["files"]["original"] and "extract/empty" in result.stderr


def test_add_a_missing_file_is_a_usage_error(local_cli: Cli, tmp_path: Path) -> None:
    result = local_cli("add", str(tmp_path / "nope.pdf"), check=2)
    assert (
        result.stderr == f"courtarchive: {tmp_path / 'nope.pdf'}: no such file (and not an http:// or https:// URL)\n"
    )


def test_add_into_s3(s3_cli: Cli) -> None:
    result = s3_cli("add", "--json", str(CORPUS / SEVENTH), "--court", "ca7", "--case", "In re FedEx Ground")
    rid = json.loads(result.stdout)["id"]
    assert records(s3_cli)[rid]["case"]["name"] == "In re FedEx Ground"
    assert json.loads(s3_cli("search", "--json", "FedEx", "--court", "ca7").stdout)[0]["id"] == rid


def wait_until_refused(server: S3Server) -> None:
    """Block until nothing listens on the server's S3 port any more."""
    address = ("127.0.0.1", urlsplit(server.endpoint).port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(address, timeout=1).close()
        except OSError:
            return
        time.sleep(0.1)
    raise TimeoutError(f"{server.endpoint} still answers")


@pytest.mark.usefixtures("s3_fails_fast")
def test_add_while_storage_is_down_queues_it_for_flush(seaweed: S3Server, tmp_path: Path) -> None:  # noqa: F811
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(text_pdf(["ORDER: the motion to dismiss is DENIED."]))
    rid = f"wawd/order-{sha256_hex(pdf.read_bytes())[:12]}"
    cli = Cli(
        "s3://court/v1",
        {
            **seaweed.environment(),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "COURT_ARCHIVE_OUTBOX": str(tmp_path / "outbox"),
        },
        secret=seaweed.secret_key,
    )
    command = seaweed_command(seaweed)
    os.kill(seaweed.pid, signal.SIGKILL)
    wait_until_refused(seaweed)

    queued = cli("add", str(pdf), "--court", "wawd", "--case", "Doe v. Roe", check=QUEUED)

    [folder] = (tmp_path / "outbox").iterdir()
    assert queued.stdout == f"queued {rid} in the outbox {folder}: storage is down; `courtarchive flush` uploads it\n"
    assert Outbox(folder).pending_ids() == {rid}
    revived = restart_seaweedfs(seaweed, command, tmp_path / "weed-restarted.log")
    try:
        assert cli("flush").stdout == f"flushed 1 documents from {folder}, 0 waiting\n"
        assert cli("verify").stdout == "verify: 1 records, 1 originals, 1 re-hashed: OK\n"
        record = json.loads(cli("show", "--json", rid).stdout)
        assert (record["case"]["name"], record["document"]["pages"], record["errors"]) == ("Doe v. Roe", 1, [])
        assert cli.binary("get", rid) == pdf.read_bytes()
        assert Outbox(folder).parcels() == []
    finally:
        kill(revived)


def test_a_document_added_by_hand_then_crawled_is_one_record(
    local_crawled: Crawled, base_url: str, tmp_path: Path
) -> None:
    # Which docket the crawl files SEVENTH's bytes under: the mirror serves them for a listed opinion.
    crawled = next(r for r in Archive.open(local_crawled.uri).records() if r["sha256"] == sha256_of(SEVENTH))
    docket = crawled["case"]["docket_number"]
    archive = tmp_path / "archive"
    assert main(["add", str(CORPUS / SEVENTH), "--archive", str(archive), "--court", "scotus", "--docket", docket]) == 0

    crawl = run_spider(
        "scotus",
        archive,
        settings={"COURT_ARCHIVE_UPDATE_CATALOG": False},
        base_url=base_url,
        term="22",
        since=SECOND_SINCE,
    )
    assert not crawl.failures, crawl.log[-3000:]

    same = [
        r
        for r in Archive.open(str(archive)).records()
        if r["sha256"] == sha256_of(SEVENTH) and r["case"]["docket_number"] == docket
    ]
    assert len(same) == 1, [r["id"] for r in same]
    assert [s["spider"] for s in same[0]["sources"]] == ["courtarchive-add", "scotus"]
    assert crawl.count("archive/skipped/joined") == 1
