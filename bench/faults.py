"""The fault matrix: every source, storage and crawler fault a crawl must survive, injected into
real crawls against local servers.

    python -m bench.faults            # needs ../shared beside the checkout; 3-6 minutes

One module over 300 lines: each fault's scenario, how it is injected and how its outcome is
counted are read together to check one row of the matrix.

Each row crawls the mirror of supremecourt.gov (tests/support/mirror.py, six opinions of OT2022 with
real court PDFs) with one fault injected, then runs the same crawl again with the fault gone,
as the next cron run would (storage faults also restart SeaweedFS and `courtarchive flush`).
It then counts the documents expected (listed), archived (a record whose original is the
exact bytes served), lost (expected and not archived) and duplicated (a document archived
twice: an earlier record version that already held its original). A fault is survived when
every run ended with its summary line, within its time limit, and nothing was lost or
duplicated. The last line reads `faults: N injected, N survived, 0 lost, 0 duplicated`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scrapers.spiders._base import source_id_from_url
from scrapers.spiders.scotus import parse_listing
from storage.archive import Archive
from tests.support.crawl import crawl_command
from tests.support.faultserver import (
    Faults,
    kill_when,
    restart_seaweedfs,
    seaweed_command,
    serving_faults,
    wait_for_objects,
)
from tests.support.mirror import LISTINGS, Mirror, Misbehaviour, Outage
from tests.support.pdfgen import many_pages_pdf
from tests.support.seaweed import S3Server, free_port, seaweedfs

REPO = Path(__file__).resolve().parents[1]
SINCE = "2023-06-29"
PDFS = ["doctor__ca7_3.pdf", "courtlistener__acms_test.pdf", "xray__rect_ordering_4.1.pdf"]
TARGET = "/opinions/22pdf/600us1r58_7khn.pdf"  # 303 Creative: the document each source fault hits
OTHERS = ["/opinions/22pdf/600us1r57_o7kq.pdf", "/opinions/22pdf/600us1r56_1o13.pdf"]
QUICK = {
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "2",
    "COURT_ARCHIVE_UPDATE_CATALOG": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
}
HTML_ERROR = b"<html><body><h1>Service temporarily unavailable</h1></body></html>"


@dataclass(frozen=True)
class Row:
    """One fault's outcome."""

    fault: str
    injected: int
    survived: bool
    expected: int
    archived: int
    lost: int
    duplicated: int


@dataclass
class Setup:
    """What a fault changes on the source, and the crawl settings it needs."""

    inject: Callable[[Mirror, Faults, str], None]  # the mirror, its faults, its URL
    settings: dict[str, str]


def scotus_command(archive: str, base_url: str, log: Path, settings: dict[str, str]) -> list[str]:
    """`scrapy crawl scotus` of term 22 since SINCE at the mirror `base_url`, logging to `log`."""
    return crawl_command(
        "scotus", archive, settings={**settings, "LOG_FILE": log}, base_url=base_url, term="22", since=SINCE
    )


def _outage(status: int, times: int = 2, retry_after: str | None = None) -> Setup:
    return Setup(
        lambda m, f, url: m.outages.__setitem__(TARGET, Outage(times, status=status, retry_after=retry_after)), {}
    )


def _misbehave(how: Misbehaviour) -> Setup:
    return Setup(lambda m, f, url: m.misbehaviours.__setitem__(TARGET, how), {})


def _route(body: bytes, content_type: str, settings: dict[str, str]) -> Setup:
    return Setup(lambda m, f, url: m.routes.__setitem__(TARGET, (200, body, content_type)), settings)


def _redirect_off_site(mirror: Mirror, faults: Faults, url: str) -> None:
    # `localhost` is the same server under a name the spider is not allowed to follow.
    location = f"http://localhost:{url.rsplit(':', 1)[1]}{OTHERS[0]}"
    mirror.misbehaviours[TARGET] = Misbehaviour("redirect", location=location)


SOURCE_FAULTS: dict[str, Setup] = {
    "429 with Retry-After": _outage(429, 1, "1"),
    "500, twice": _outage(500),
    "502, twice": _outage(502),
    "503, twice": _outage(503),
    "500, every time": _outage(500, times=100),
    "timeout (server hangs)": _misbehave(Misbehaviour("hang", seconds=5)),
    "connection reset": Setup(lambda m, f, url: f.reset.add(TARGET), {}),
    "truncated body": _misbehave(Misbehaviour("truncate")),
    "HTML error page with 200": _route(HTML_ERROR, "text/html", {}),
    "redirect to another host": Setup(_redirect_off_site, {}),
    "body over the size limit": _route(
        b"%PDF-1.7\n" + b"0" * 300_000, "application/pdf", {"DOWNLOAD_MAXSIZE": "250000"}
    ),
}


def expected_documents() -> set[str]:
    """Source ids of the listed documents filed on or after SINCE, read by the listing parser."""
    found = set()
    for path, page in LISTINGS.items():
        for ref in parse_listing(page.read_text(encoding="utf-8"), "http://mirror" + path):
            if ref.document_url and ref.date_filed and ref.date_filed >= date.fromisoformat(SINCE):
                found.add(source_id_from_url(ref.document_url))
    return found


def measure(archive: Archive, clean: dict[str, tuple[int, bytes, str]]) -> tuple[int, int, int]:
    """(expected, archived, duplicated) for the archive after the runs."""
    expected = expected_documents()
    archived = 0
    for record in archive.records():
        sid = record["id"].split("/", 1)[1]
        original = record["files"]["original"]
        path = "/" + str(record["source"]["url"]).split("/", 3)[3]
        if sid in expected and original and archive.blobs.read(original) == clean[path][1]:
            archived += 1
    duplicated = sum(
        1
        for key in archive.blobs.keys("history/records/")
        if key.endswith(".json") and json.loads(archive.blobs.read(key) or b"{}").get("files", {}).get("original")
    )
    return len(expected), archived, duplicated


def outcome(fault: str, injected: int, ended: bool, counts: tuple[int, int, int]) -> Row:
    """A fault's row from its runs and `measure`'s counts: survived when every run ended by
    itself and nothing was lost or duplicated."""
    expected, archived, duplicated = counts
    lost = expected - archived
    return Row(fault, injected, ended and lost == 0 and duplicated == 0, expected, archived, lost, duplicated)


def run(command: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> bool:
    """Run a crawl; whether it ended by itself, in time, with its summary line."""
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode in (0, 1) and "court-archiver scotus:" in done.stderr


def fresh_mirror() -> tuple[Mirror, dict[str, tuple[int, bytes, str]]]:
    """The mirror, and a copy of its routes to restore when the fault is gone."""
    mirror = Mirror.of_corpus(PDFS)
    return mirror, dict(mirror.routes)


def heal(mirror: Mirror, faults: Faults, clean: dict[str, tuple[int, bytes, str]]) -> None:
    """Take every fault away."""
    mirror.routes.update(clean)
    mirror.outages.clear()
    mirror.misbehaviours.clear()
    faults.reset.clear()
    faults.held.clear()
    faults.gate.set()


def source_row(name: str, setup: Setup, work: Path) -> Row:
    """Crawl with the fault, then again without it; the row."""
    mirror, clean = fresh_mirror()
    faults = Faults()
    archive = work / "archive"
    with serving_faults(mirror, faults) as url:
        setup.inject(mirror, faults, url)
        outage = mirror.outages.get(TARGET)
        planned = outage.times if outage else 0
        ended = run(scotus_command(str(archive), url, work / "faulty.log", {**QUICK, **setup.settings}))
        # Faulty answers served: outages used up, or every answer on the faulty path.
        injected = planned - outage.times if outage else mirror.hits.get(TARGET, 0)
        heal(mirror, faults, clean)
        ended &= run(scotus_command(str(archive), url, work / "healed.log", QUICK))
    return outcome(name, injected, ended, measure(Archive.open(str(archive)), clean))


@contextmanager
def s3(work: Path) -> Iterator[S3Server]:
    """A SeaweedFS of our own, with a bucket, its credentials in this process's environment."""
    (work / "seaweed").mkdir()
    with seaweedfs(work / "seaweed") as server:
        server.client().create_bucket(Bucket="court")  # type: ignore[attr-defined]
        os.environ.update(server.environment())
        yield server


def storage_killed_row(work: Path) -> Row:
    """SeaweedFS SIGKILLed while three downloads are under way; restarted, flushed, crawled again."""
    mirror, clean = fresh_mirror()
    faults = Faults(held={TARGET, *OTHERS})
    uri, settings = "s3://court/v1", {**QUICK, "COURT_ARCHIVE_OUTBOX": str(work / "outbox")}
    with s3(work) as server, serving_faults(mirror, faults) as url:
        command = seaweed_command(server)
        crawl = subprocess.Popen(
            scotus_command(uri, url, work / "faulty.log", {**settings}),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        faults.wait_for(faults.held)
        wait_for_objects(server, "court", "v1/records/", 3)
        os.kill(server.pid, signal.SIGKILL)
        faults.gate.set()
        ended = "court-archiver scotus:" in crawl.communicate(timeout=300)[1]
        revived = restart_seaweedfs(server, command, work / "weed-again.log")
        try:
            flushed = subprocess.run(
                [sys.executable, "-m", "storage.cli", "flush", "--archive", uri, "--outbox", str(work / "outbox")],
                cwd=REPO,
                capture_output=True,
                timeout=300,
                check=False,
            )
            ended &= flushed.returncode == 0
            ended &= run(scotus_command(uri, url, work / "healed.log", {**settings}))
            counts = measure(Archive.open(uri), clean)
        finally:
            os.kill(revived.pid, signal.SIGTERM)
            revived.wait(timeout=30)
    return outcome("storage killed mid-crawl (SeaweedFS SIGKILL)", 1, ended, counts)


def storage_absent_row(work: Path) -> Row:
    """The whole first run against an S3 endpoint where nothing listens, then storage is up."""
    mirror, clean = fresh_mirror()
    uri = "s3://court/v1"
    with s3(work) as server, serving_faults(mirror, Faults()) as url:
        dead = {**server.environment(), "AWS_ENDPOINT_URL": f"http://127.0.0.1:{free_port(set())}"}
        settings = {**QUICK, "COURT_ARCHIVE_OUTBOX": str(work / "outbox")}
        ended = run(
            scotus_command(uri, url, work / "faulty.log", {**settings}),
            env=dead,
        )
        ended &= run(scotus_command(uri, url, work / "healed.log", {**settings}))
        counts = measure(Archive.open(uri), clean)
    return outcome("storage unreachable for a whole run", 1, ended, counts)


def crawler_killed_row(work: Path, point: str) -> Row:
    """`kill -9` of the crawl at `point`, then the same command again (with its JOBDIR)."""
    mirror, clean = fresh_mirror()
    slow = many_pages_pdf(1500)
    mirror.routes[OTHERS[0]] = clean[OTHERS[0]] = (200, slow, "application/pdf")
    archive = work / "archive"
    settings = {**QUICK, "JOBDIR": str(work / "job")}
    records = archive / "records" / "scotus"
    ready = {
        "after two records": lambda: records.is_dir() and len(list(records.glob("*.json"))) >= 2,
        "between original and record": lambda: (
            any(p.read_bytes() == slow for p in (archive / "originals").rglob("*.pdf")) if archive.exists() else False
        ),
    }[point]
    with serving_faults(mirror, Faults()) as url:
        command = scotus_command(str(archive), url, work / "faulty.log", {**settings})
        crawl = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        kill_when(crawl, ready)
        ended = run(scotus_command(str(archive), url, work / "healed.log", {**settings}))
    return outcome(f"crawler kill -9 {point}", 1, ended, measure(Archive.open(str(archive)), clean))


def rows() -> Iterator[Row]:
    """Every fault, one after another, each in a folder of its own."""
    with tempfile.TemporaryDirectory(prefix="court-faults-") as scratch:
        base = Path(scratch)
        for number, (name, setup) in enumerate(SOURCE_FAULTS.items()):
            (base / f"source-{number}").mkdir()
            yield source_row(name, setup, base / f"source-{number}")
        for number, make in enumerate((storage_killed_row, storage_absent_row)):
            (base / f"storage-{number}").mkdir()
            yield make(base / f"storage-{number}")
        for number, point in enumerate(("after two records", "between original and record")):
            (base / f"kill-{number}").mkdir()
            yield crawler_killed_row(base / f"kill-{number}", point)


def main() -> int:
    """Print the matrix; exit 1 unless every fault was survived."""
    header = f"{'fault':48} {'injected':>8} {'survived':>8} {'expected':>8} {'archived':>8} {'lost':>5} {'dup':>4}"
    print(header, flush=True)
    found = []
    for row in rows():
        found.append(row)
        print(
            f"{row.fault:48} {row.injected:>8} {'yes' if row.survived else 'NO':>8} {row.expected:>8} "
            f"{row.archived:>8} {row.lost:>5} {row.duplicated:>4}",
            flush=True,
        )
    survived = sum(row.survived for row in found)
    print(
        f"faults: {len(found)} injected, {survived} survived, {sum(r.lost for r in found)} lost, "
        f"{sum(r.duplicated for r in found)} duplicated"
    )
    return 0 if survived == len(found) else 1


if __name__ == "__main__":
    sys.exit(main())
