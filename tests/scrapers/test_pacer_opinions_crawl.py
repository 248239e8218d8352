"""The pacer_opinions spider against a local server replaying real Written Opinions Reports.

The server answers each court's report form (constructed: no saved form exists; its action's
nonce has the shape of the saved pages' URLs), then the POSTed query with the court's saved
result page, its links rewritten to the server, and each document with a corpus PDF.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import cycle
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jsonschema
import pytest
from scrapy.utils.test import get_crawler

from scrapers.spiders.pacer_opinions import PacerOpinionsSpider
from storage.archive import Archive
from storage.records import SCHEMA_PATH
from storage.watermarks import read_state, write_state
from tests.support.crawl import Crawl, run_spider
from tests.support.mirror import Mirror, Misbehaviour, Outage, _handler, serving_handler

REPORTS = "fixtures/juriscraper/tests/examples/pacer/free_opinion_report"
PAGES = {"cacd": "cacd_1", "cand": "cand_2"}  # rows filed 2024-04-01 to 2024-04-03
PDFS = ["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf"]
NONCE = "138972475983537-L_1_0-1"
FORM = (
    f'<html><body><form method="POST" action="../cgi-bin/WrtOpRpt.pl?{NONCE}">'
    '<input name="filed_from"><input name="filed_to"></form></body></html>'
).encode()
DOC1 = re.compile(r"/doc1/\d+")


def form_path(court: str) -> str:
    return f"/{court}/cgi-bin/WrtOpRpt.pl"


def post_route(court: str) -> str:
    """The route of a court's POSTed query (its form's GET has the same path)."""
    return f"POST {form_path(court)}"


@dataclass
class Replay:
    """The mirror, its URL, and the (path with query, body, Cookie header) of every POST."""

    mirror: Mirror
    url: str
    posts: list[tuple[str, str, str | None]] = field(default_factory=list)


@contextmanager
def serving_reports(mirror: Mirror) -> Iterator[Replay]:
    """Serve `mirror` on 127.0.0.1, answering a POST by the route `POST <path>`."""
    posts: list[tuple[str, str, str | None]] = []

    base = _handler(mirror)

    class Handler(base):  # type: ignore[valid-type,misc]
        path: str

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            posts.append((self.path, body.decode("utf-8"), self.headers.get("Cookie")))
            self.path = f"POST {self.path.split('?', 1)[0]}"
            self.do_GET()

    with serving_handler(Handler) as url:
        yield Replay(mirror, url, posts)


@pytest.fixture
def replay(shared_path: Callable[[str], Path], corpus_pdf: Callable[[str], Path]) -> Iterator[Replay]:
    mirror = Mirror()
    pdfs = cycle([corpus_pdf(name).read_bytes() for name in PDFS])
    with serving_reports(mirror) as served:
        for court, page in PAGES.items():
            html = shared_path(f"{REPORTS}/{page}.html").read_text(encoding="utf-8")
            html = html.replace(f"https://ecf.{court}.uscourts.gov/", f"{served.url}/{court}/")
            mirror.routes[form_path(court)] = (200, FORM, "text/html")
            mirror.routes[post_route(court)] = (200, html.encode(), "text/html; charset=UTF-8")
            for link in sorted(set(DOC1.findall(html))):
                mirror.routes[f"/{court}{link}"] = (200, next(pdfs), "application/pdf")
        yield served


@pytest.fixture
def oracle(shared_path: Callable[[str], Path]) -> dict[str, list[dict[str, Any]]]:
    """juriscraper's expected rows of each court's page."""
    return {
        court: json.loads(shared_path(f"{REPORTS}/{page}.json").read_text(encoding="utf-8"))
        for court, page in PAGES.items()
    }


def crawl(
    base_url: str, uri: str, env: dict[str, str] | None = None, fails: bool = False, log_level: str = "INFO"
) -> Crawl:
    """Both courts' reports for 2024-04-01..03 on the replay, OCR off; it must fail or not."""
    done = run_spider(
        "pacer_opinions",
        uri,
        env=env,
        settings={"LOG_LEVEL": log_level, "COURT_ARCHIVE_OCR": False},
        courts=",".join(PAGES),
        since="2024-04-01",
        until="2024-04-03",
        report_url=f"{base_url}/{{court}}/cgi-bin/WrtOpRpt.pl",
    )
    assert bool(done.failures) == fails, done.log[-3000:]
    return done


def by_entry(uri: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The archive's records by (court, docket number, document number)."""
    return {
        (r["court"]["id"], r["case"]["docket_number"], r["document"]["entry_number"]): r
        for r in Archive.open(uri).records()
    }


def test_report_documents_are_archived_once(
    replay: Replay, oracle: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    uri = str(tmp_path / "archive")
    crawl(replay.url, uri)
    records = by_entry(uri)
    expected = {
        (court, row["docket_number"], row["document_number"]): row for court, rows in oracle.items() for row in rows
    }
    assert set(records) == set(expected) and len(records) == 14
    schema = json.loads(SCHEMA_PATH.read_text())
    for key, record in records.items():
        jsonschema.validate(record, schema)
        assert record["files"]["original"] and record["errors"] == []
        assert record["case"]["name"] == expected[key]["case_name"]
        assert record["document"]["date_filed"] == expected[key]["date_filed"]
        extras = record["source"]["extras"]
        assert (extras["pacer_case_id"], extras["pacer_seq_no"]) == (
            expected[key]["pacer_case_id"],
            expected[key]["pacer_seq_no"],
        )
        assert extras["nature_of_suit"] == " ".join(expected[key]["nature_of_suit"].split())
    # One query per court, a week at most, as juriscraper posts it.
    assert sorted(path for path, _, _ in replay.posts) == [f"{form_path(court)}?{NONCE}" for court in sorted(PAGES)]
    for _, body, _ in replay.posts:
        assert parse_qs(body) == {
            "filed_from": ["04/01/2024"],
            "filed_to": ["04/03/2024"],
            "ShowFull": ["1"],
            "Key1": ["cs_sort_case_numb"],
            "all_case_ids": ["0"],
        }
    # The run was clean: each court's next run starts from this one's last date.
    for court in PAGES:
        state = read_state(Archive.open(uri), "pacer_opinions", {"court": court})
        assert state["watermark"] == "2024-04-03"
    second = crawl(replay.url, uri)
    assert (second.count("archive/stored"), second.count("archive/stored_without_document")) == (0, 0)
    assert second.count("archive/skipped/already_archived") == 14


def test_a_429_and_a_500_on_the_report_are_retried(replay: Replay, tmp_path: Path) -> None:
    replay.mirror.outages[post_route("cacd")] = Outage(1, status=429, retry_after="1")
    replay.mirror.outages[post_route("cand")] = Outage(1, status=500)
    uri = str(tmp_path / "archive")
    done = crawl(replay.url, uri, {"PACER_COOKIE": "NextGenCSO=secret-session-7"}, log_level="DEBUG")
    assert len(by_entry(uri)) == 14
    assert replay.mirror.hits[post_route("cacd")] == replay.mirror.hits[post_route("cand")] == 2
    # The login cookie goes with every query, retries included, and is never logged, even at DEBUG.
    assert {cookie for _, _, cookie in replay.posts} == {"NextGenCSO=secret-session-7"}
    assert "secret-session-7" not in done.log


def test_a_report_behind_the_pacer_login_fails_the_run(replay: Replay, tmp_path: Path) -> None:
    login = "https://pacer.login.uscourts.gov/csologin/login.jsf"
    replay.mirror.misbehaviours[form_path("cand")] = Misbehaviour("redirect", location=login)
    uri = str(tmp_path / "archive")
    done = crawl(replay.url, uri, fails=True)
    assert "needs a PACER login" in done.log
    assert {court for court, _, _ in by_entry(uri)} == {"cacd"}
    assert post_route("cand") not in replay.mirror.hits


def test_a_run_without_since_starts_a_week_before_the_last_clean_run(tmp_path: Path) -> None:
    uri = str(tmp_path / "archive")
    write_state(Archive.open(uri), "pacer_opinions", {"court": "cand"}, {"watermark": "2024-04-03"})
    crawler = get_crawler(PacerOpinionsSpider, {"COURT_ARCHIVE_URI": uri})
    spider = PacerOpinionsSpider.from_crawler(crawler, courts="cand,cacd")
    today = date(2024, 4, 10)
    assert spider.query_range("cand", today) == (date(2024, 3, 27), today)
    assert spider.query_range("cacd", today) == (date(2024, 4, 3), today)  # never run: a week
    until = PacerOpinionsSpider.from_crawler(crawler, courts="cand", since="2024-01-02", until="2024-01-05")
    assert until.query_range("cand", today) == (date(2024, 1, 2), date(2024, 1, 5))


@pytest.mark.parametrize("court", ["ca9", "cadc", "ohsb"])
def test_courts_without_a_report_are_refused(court: str) -> None:
    with pytest.raises(ValueError, match=court):
        PacerOpinionsSpider(courts=court)
