"""End to end: the juriscraper spider against local replays of the First Circuit (one
listing page), the Texas First Court of Appeals (a search form posted back, then a page per
case) and the Supreme Court of Iowa (a first page whose next page is missing), into a local
folder (S3 is proved for one spider, in tests/scrapers/test_crawl.py).

The spider's `mirror` argument sends every request to the replay (`tests.scrapers.juriscraper.replay`).
Expected values come from juriscraper's compare.json beside the saved pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from tests.support.missing import require_juriscraper

require_juriscraper()  # the optional `courts` extra; CI installs it

from storage.archive import Archive
from storage.records import SCHEMA_PATH
from tests.scrapers.juriscraper.replay import (
    Replay,
    ca1_replay,
    document_urls,
    expected_rows,
    iowa_replay,
    replaying,
    txctapp1_replay,
)
from tests.support.crawl import Crawl, run_spider

PDFS = [
    "doctor__ca7_3.pdf",
    "doctor__missouri.pdf",
    "courtlistener__acms_test.pdf",
    "scotuspdf__24-808_lkgn.pdf",
    "doctor__empty.pdf",
]


def document_paths() -> list[str]:
    """The path of each distinct document the ca1 page links to, in page order."""
    return list(dict.fromkeys(urlsplit(u).path for u in document_urls(expected_rows("ca1_example.html"))))


def served(replay: Replay, record: dict[str, Any]) -> bytes:
    """The bytes the replay serves for a record's document URL."""
    target = "/" + record["source"]["url"].split("/", 3)[3]
    return replay.answer("GET", target)[1]


def crawl(base_url: str, archive_uri: str, court: str = "ca1", fails: bool = False) -> Crawl:
    """The juriscraper spider for `court` on a replay; it must fail or not."""
    done = run_spider("juriscraper", archive_uri, court=court, mirror=base_url)
    assert bool(done.failures) == fails, done.log[-3000:]
    return done


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path]) -> Replay:
    shared_path("fixtures/juriscraper/tests/examples/opinions/united_states/ca1_example.html")
    shared_path("corpus/pdfs")
    return ca1_replay(PDFS)


@pytest.fixture(scope="module")
def base_url(mirror: Replay) -> Iterator[str]:
    with replaying(mirror) as url:
        yield url


@pytest.fixture(scope="module")
def local_run(base_url: str, mirror: Replay, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Crawl twice into one local archive; what each run fetched, the stats and the records."""
    folder = tmp_path_factory.mktemp("juriscraper-archive")
    first = crawl(base_url, str(folder / "archive")).stats
    first_hits = dict(mirror.hits)
    second = crawl(base_url, str(folder / "archive")).stats
    second_hits = {path: n - first_hits.get((method, path), 0) for (method, path), n in mirror.hits.items()}
    records = {r["id"]: r for r in Archive.open(str(folder / "archive")).records()}
    return {
        "folder": folder / "archive",
        "first": first_hits,
        "second": second_hits,
        "records": records,
        "stats": (first, second),
    }


def test_every_document_on_the_page_is_archived(local_run: dict[str, Any]) -> None:
    paths = {"/" + r["source"]["url"].split("/", 3)[3] for r in local_run["records"].values()}
    assert len(document_paths()) == 19
    assert paths == set(document_paths())
    assert {r["court"]["id"] for r in local_run["records"].values()} == {"ca1"}


def test_records_carry_juriscraper_values(local_run: dict[str, Any]) -> None:
    by_path = {"/" + r["source"]["url"].split("/", 3)[3]: r for r in local_run["records"].values()}
    for row in expected_rows("ca1_example.html"):
        record = by_path[urlsplit(row["download_urls"]).path]
        assert record["document"]["date_filed"] == row["case_dates"]
        assert row["docket_numbers"] in record["case"]["docket_number"].split("; ")
    esteban = by_path["/sites/ca1/files/opnfiles/23-1701P-01A.pdf"]
    # The listing names the case; `name_full` is the caption as the PDF prints it.
    assert {key: value for key, value in esteban["case"].items() if key != "name_full"} == {
        "name": "Esteban-Garcia v. Garland",
        "docket_number": "23-1701",
    }
    assert esteban["id"] == "ca1/opnfiles-23-1701P-01A"


def test_one_opinion_for_two_dockets_names_both(local_run: dict[str, Any]) -> None:
    sierra = local_run["records"]["ca1/opnfiles-21-1915P-01A"]
    assert sorted(sierra["case"]["docket_number"].split("; ")) == ["21-1915", "21-1917"]


def test_records_validate_and_keep_the_served_bytes(local_run: dict[str, Any], mirror: Replay) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    for record in local_run["records"].values():
        jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
        assert (local_run["folder"] / record["files"]["original"]).read_bytes() == served(mirror, record)
    kinds = {e["kind"] for r in local_run["records"].values() for e in r["errors"]}
    assert "empty" in kinds  # doctor__empty.pdf: kept, with its error


def test_second_run_archives_nothing_new(local_run: dict[str, Any]) -> None:
    first, second = local_run["stats"]
    assert first["archive/stored"] == len(local_run["records"]) == 19
    assert "archive/stored" not in second
    assert second["archive/skipped/already_archived"] == 19
    assert not [p for p, n in local_run["second"].items() if p.endswith(".pdf") and n]
    assert local_run["second"]["/opn/aci"] == 1


def test_a_multi_step_court_is_crawled_through_scrapy(shared_path: Callable[[str], Path], tmp_path: Path) -> None:
    """txctapp1: Scrapy GETs the search form, POSTs it back, opens both case pages and
    downloads each opinion; the records name the case and the opinion."""
    shared_path("fixtures/juriscraper/tests/examples/opinions/united_states/txctapp1_example.html")
    replay = txctapp1_replay(PDFS)
    with replaying(replay) as url:
        stats = crawl(url, str(tmp_path / "archive"), court="txctapp1").stats
    assert replay.hits[("GET", "/CaseSearch.aspx?coa=cossup")] == 1  # once: probe and Site share it
    assert replay.hits[("POST", "/CaseSearch.aspx?coa=cossup")] == 1
    assert replay.hits[("GET", "/txctapp1_subexample_1.html")] == 1
    assert stats["archive/stored"] == 2
    records = {r["case"]["docket_number"]: r for r in Archive.open(str(tmp_path / "archive")).records()}
    kb = records["01-23-00658-CV"]
    assert kb["case"]["name"] == "In the Interest of K.B., Child v. Department of Family and Protective Services"
    assert (kb["court"]["id"], kb["document"]["title"], kb["document"]["date_filed"]) == (
        "txctapp1",
        "Lead opinion",
        "2024-02-27",
    )
    assert kb["id"].startswith("txctapp1/SearchMedia.aspx-")


def test_a_court_whose_next_page_fails_keeps_its_first_page(shared_path: Callable[[str], Path], tmp_path: Path) -> None:
    """iowa: page 2 answers 404, so the crawl archives page 1's opinions, says it stopped, fails."""
    shared_path("fixtures/juriscraper/tests/examples/opinions/united_states/iowa_example.html")
    replay = iowa_replay(PDFS)
    with replaying(replay) as url:
        # Documents were left unfetched: the run fails, and says where it stopped.
        stats = crawl(url, str(tmp_path / "archive"), court="iowa", fails=True).stats
    assert replay.hits[("GET", "/iowa-courts/supreme-court/supreme-court-opinions/page/2")] == 1
    assert stats["juriscraper/stopped_early/iowa"] == 1
    rows = expected_rows("iowa_example.html")
    assert stats["archive/stored"] == len(document_urls(rows)) > 0
    dockets = {r["case"]["docket_number"] for r in Archive.open(str(tmp_path / "archive")).records()}
    assert dockets == {row["docket_numbers"] for row in rows}
