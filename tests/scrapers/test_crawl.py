"""End to end: the scotus spider against a local mirror, into a local folder, in process
(tests/support/crawl.py); and `scrapy crawl`'s exit status and summary, in a process. The same
crawl into S3 gives the same records: tests/storage/test_archiving.py (S3 per layer)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scrapers.spiders._base import source_id_from_url
from scrapers.spiders.scotus import parse_listing
from storage.archive import Archive
from storage.catalog.queries import Filters, list_documents
from storage.catalog.update import connect
from storage.records import SCHEMA_PATH
from tests.support.crawl import REPO, crawl_command, run_spider
from tests.support.mirror import LISTINGS, Mirror, serving

SINCE = "2023-06-01"
# Small real PDFs, among them the empty file, the one pdfminer cannot open and a scan. The mirror
# serves them in turn to the 29 documents listed since SINCE: the first five 4 times each, the
# last three (the slowest to read: 1.9, 1.0 and 0.6 s) 3 times.
PDFS = [
    "doctor__ca7_3.pdf",
    "doctor__empty.pdf",
    "courtlistener__acms_test.pdf",
    "doctor__gov.uscourts.cand.16711.199.0.pdf",
    "xray__rect_ordering_4.1.pdf",
    "doctor__image-pdf-2.pdf",
    "doctor__missouri.pdf",
    "scotuspdf__24-808_lkgn.pdf",
]


def expected_documents(base_url: str) -> dict[str, date]:
    """Source id -> date of every listed document filed on or after SINCE (read by the parsers)."""
    found: dict[str, date] = {}
    for path, page in LISTINGS.items():
        for ref in parse_listing(page.read_text(encoding="utf-8"), base_url + path):
            assert ref.date_filed is not None
            if ref.date_filed >= date.fromisoformat(SINCE):
                found[source_id_from_url(ref.document_url)] = ref.date_filed
    return found


@pytest.fixture(scope="module")
def mirror(shared_path: Callable[[str], Path]) -> Mirror:
    shared_path("corpus/pdfs")
    return Mirror.of_corpus(PDFS)


@pytest.fixture(scope="module")
def base_url(mirror: Mirror) -> Iterator[str]:
    with serving(mirror) as url:
        yield url


@pytest.fixture(scope="module")
def local_run(base_url: str, mirror: Mirror, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Crawl twice into one local archive; what each run fetched, and the records."""
    folder = tmp_path_factory.mktemp("local-archive")
    first = run_spider("scotus", folder / "archive", base_url=base_url, term="22", since=SINCE)
    first_hits = dict(mirror.hits)
    second = run_spider("scotus", f"file://{folder}/archive", base_url=base_url, term="22", since=SINCE)
    assert not first.failures and not second.failures, first.log[-3000:]
    second_hits = {k: v - first_hits.get(k, 0) for k, v in mirror.hits.items()}
    records = {r["id"]: r for r in Archive.open(str(folder / "archive")).records()}
    return {
        "folder": folder / "archive",
        "first": first_hits,
        "second": second_hits,
        "records": records,
        "stats": (first, second),
    }


def test_every_listed_document_is_archived(local_run: dict[str, Any], base_url: str) -> None:
    expected = expected_documents(base_url)
    assert len(expected) >= 8
    assert set(local_run["records"]) == {f"scotus/{sid}" for sid in expected}


def test_records_validate_against_the_schema(local_run: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    for record in local_run["records"].values():
        jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())


def test_originals_are_the_bytes_served(local_run: dict[str, Any], mirror: Mirror) -> None:
    for record in local_run["records"].values():
        served = mirror.routes["/" + record["source"]["url"].split("/", 3)[3]][1]
        stored = (local_run["folder"] / record["files"]["original"]).read_bytes()
        assert stored == served


def test_text_file_has_one_chunk_per_page(local_run: dict[str, Any]) -> None:
    extracted = [r for r in local_run["records"].values() if r["extraction"]]
    assert extracted
    for record in extracted:
        text = (local_run["folder"] / record["files"]["text"]).read_text(encoding="utf-8")
        assert len(text.split("\f")) == record["document"]["pages"]


def test_bad_pdfs_are_kept_with_a_clear_error(local_run: dict[str, Any]) -> None:
    kinds = {e["kind"] for r in local_run["records"].values() for e in r["errors"]}
    assert {"empty", "engine_fallback"} <= kinds
    for record in local_run["records"].values():
        assert record["files"]["original"] is not None


def test_listing_values_reach_the_record(local_run: dict[str, Any]) -> None:
    creative = local_run["records"]["scotus/22pdf-600us1r58_7khn"]
    # The listing names the case; `name_full` is the caption as the PDF prints it.
    assert {key: value for key, value in creative["case"].items() if key != "name_full"} == {
        "name": "303 Creative LLC v. Elenis",
        "docket_number": "21-476",
    }
    assert creative["document"]["date_filed"] == "2023-06-30"
    assert creative["document"]["judge"] == "Neil Gorsuch"
    assert creative["document"]["citation"] == "600 U.S. 570"
    assert creative["court"] == {"id": "scotus", "name": "Supreme Court of the United States"}
    assert creative["source"]["etag"]


def records_served(run: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    """The records whose original is the corpus file at `path` (the mirror serves it in turn)."""
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    found = [r for r in run["records"].values() if r["sha256"] == sha256]
    assert found, f"no record of {path.name}"
    return found


def test_ecf_stamp_of_a_district_filing_reaches_the_record(
    local_run: dict[str, Any], corpus_pdf: Callable[[str], Path]
) -> None:
    # The stamp as pdftotext reads it: "Case 3:04-cv-00098-SI Document 199 Filed 08/23/05
    # Page 1 of 2".
    for record in records_served(local_run, corpus_pdf("doctor__gov.uscourts.cand.16711.199.0.pdf")):
        assert record["extraction"]["ecf"] == {
            "case_number": "3:04-cv-00098-SI",
            "document_number": "199",
            "date_filed": "2005-08-23",
            "page_count": 2,
            "text": "Case 3:04-cv-00098-SI Document 199 Filed 08/23/05 Page 1 of 2",
        }


def test_a_scan_is_ocrd_during_the_crawl(local_run: dict[str, Any], corpus_pdf: Callable[[str], Path]) -> None:
    for record in records_served(local_run, corpus_pdf("doctor__image-pdf-2.pdf")):
        assert record["extraction"]["ocr_pages"] == [1]
        text = (local_run["folder"] / record["files"]["text"]).read_text(encoding="utf-8")
        assert "Judge Timothy W. Conner dissented." in text  # read on the page image


def test_crawl_leaves_the_catalog_up_to_date(local_run: dict[str, Any]) -> None:
    db = connect(local_run["folder"] / "catalog.sqlite")
    listed = {row["id"] for row in list_documents(db, Filters())}
    assert listed == set(local_run["records"])


def test_second_run_downloads_and_writes_nothing(local_run: dict[str, Any]) -> None:
    assert any(path.endswith(".pdf") for path in local_run["first"])
    assert not [p for p, n in local_run["second"].items() if p.endswith(".pdf") and n]
    first, second = local_run["stats"]
    assert first.count("archive/stored") == len(local_run["records"])
    assert "archive/stored" not in second.stats
    assert second.count("archive/skipped/already_archived") == len(local_run["records"])


def test_scrapy_crawl_exits_1_naming_the_failures(shared_path: Callable[[str], Path], tmp_path: Path) -> None:
    """The command cron and Scrapyd run: a clean run exits 0 with its summary line, a run
    whose listing changed shape exits 1 and names the failure."""
    shared_path("corpus/pdfs")
    mirror = Mirror.of_corpus(["doctor__ca7_3.pdf"])
    with serving(mirror) as url:
        command = crawl_command("scotus", tmp_path / "archive", base_url=url, term="22", since="2023-06-30")
        clean = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
        mirror.routes["/opinions/slipopinion/22"] = (200, b"<html><body>We moved!</body></html>", "text/html")
        changed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert clean.returncode == 0, clean.stderr[-3000:]
    summary = re.search(
        r"court-archiver scotus: (\d+) stored, 0 events without a document, 0 already archived, "
        r"0 unreadable PDFs\n",
        clean.stderr,
    )
    assert summary and int(summary.group(1)) > 0, clean.stderr[-3000:]
    assert changed.returncode == 1, changed.stderr[-3000:]
    assert "; FAILED: spider_exceptions/ListingChanged=1" in changed.stderr
