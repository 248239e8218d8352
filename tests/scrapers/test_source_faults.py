"""Source faults the mirror alone cannot make: a connection reset, and 502s (see also
test_crawl_faults.py for 429, 500, 503, timeouts, truncation, redirects and size)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storage.archive import Archive
from tests.scrapers.crawling import crawl
from tests.support.faultserver import Faults, serving_faults
from tests.support.mirror import Mirror, Outage

SINCE = "2023-06-29"  # six opinions
CREATIVE = "/opinions/22pdf/600us1r58_7khn.pdf"
BROWN = "/opinions/22pdf/600us1r57_o7kq.pdf"


def test_a_reset_is_recorded_and_a_502_retried(shared_path: Callable[[str], Path], tmp_path: Path) -> None:
    shared_path("corpus/pdfs")
    mirror = Mirror.of_corpus(["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf"])
    faults = Faults(reset={CREATIVE})
    mirror.outages[BROWN] = Outage(1, status=502)
    archive = tmp_path / "archive"
    with serving_faults(mirror, faults) as base_url:
        stats = crawl(
            base_url, str(archive), tmp_path / "first.log", since=SINCE, fails=True, settings={"RETRY_TIMES": "1"}
        )
        records = {r["id"]: r for r in Archive.open(str(archive)).records()}
        creative = records["scotus/22pdf-600us1r58_7khn"]
        assert [(e["stage"], e["kind"]) for e in creative["errors"]] == [("download", "connection_failed")]
        assert creative["files"]["original"] is None
        assert mirror.hits[CREATIVE] == 2  # the first try and one retry, both reset
        assert records["scotus/22pdf-600us1r57_o7kq"]["files"]["original"]  # 502 only once: retried
        assert stats["archive/failed/download/connection_failed"] == 1
        assert "Traceback" not in (tmp_path / "first.log").read_text()

        faults.reset.clear()
        crawl(base_url, str(archive), tmp_path / "second.log", since=SINCE)
    again = Archive.open(str(archive)).get_record("scotus/22pdf-600us1r58_7khn")
    assert again is not None and again["files"]["original"] and again["errors"] == []
