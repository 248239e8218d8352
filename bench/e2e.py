"""End-to-end benchmark: crawl, extraction and the full pipeline over a generated court site.

    .venv/bin/python bench/e2e.py [--entries 2000] [--docs 500]

Debian's nginx serves, on 127.0.0.1, a generated SCOTUS-shaped site: one term listing of
`--entries` rows linking `--docs` distinct PDF URLs (several rows per PDF, as SCOTUS lists
each writing of an opinion), answered by the real court PDFs of ../shared/corpus/pdfs in
turn. The `scotus` spider crawls it three ways, each in its own process:
  bare        download only: a pipeline that fetches each PDF through Scrapy and drops it
  extraction  no crawl: the same PDFs through the parsers' worker pool (`parsers.pool`), text
              and analysis (metadata, quotes, citations) as the pipeline asks for them
  full        the real pipeline into SeaweedFS (`weed mini` on 127.0.0.1), then a second,
              incremental run over the unchanged site
It prints docs/s for each, the overlap ratio `full / max(bare, extraction)` (1.0: crawling
and parsing fully overlap), the crawl process's peak RSS (Scrapy's memusage/max) and what the
incremental run took and downloaded. Goals: overlap <= 1.2, RSS < 500 MB and flat as --docs
grows, incremental < 10% of the first run with no PDF downloaded.
The last line is `e2e docs/s: X overlap: R rss_mb: M`.

    .venv/bin/python bench/e2e.py --rss-only --docs 10000

runs only the full pipeline's first run, for the crawl's memory as it grows; the last line is
then `e2e rss: N docs, rss_mb: M, docs/s: X`. (COURT_ARCHIVE_OCR=0 in the environment leaves
the scans unread, for a large run that measures the crawl rather than OCR.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from parsers.pool import ExtractionPool
from tests.support.seaweed import free_port, seaweedfs
from tests.support.servers import debian_binary, running

CORPUS = REPO.parent / "shared" / "corpus" / "pdfs"
TERM = "22"
FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=INFO",
]


class DownloadOnly:
    """The bare crawl's pipeline: fetch each document's PDF through Scrapy, keep nothing."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> DownloadOnly:
        """Built by Scrapy."""
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        """Download, count the bytes, drop them."""
        from scrapy import Request
        from scrapy.http.request import NO_CALLBACK

        response = await self.crawler.engine.download_async(Request(item.document_url, callback=NO_CALLBACK))
        self.crawler.stats.inc_value("bench/pdf_bytes", len(response.body))
        return item


def corpus_files(docs: int) -> list[Path]:
    """The PDF behind each of `docs` document URLs: the corpus in turn."""
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs in {CORPUS}: ../shared is needed")
    return [pdfs[k % len(pdfs)] for k in range(docs)]


def build_site(site: Path, entries: int, files: list[Path]) -> None:
    """The term listing (entries rows over len(files) PDFs), an empty orders listing, robots.txt."""
    rows = []
    for i in range(entries):
        k = i % len(files)
        filed = date(2023, 6, 30) - timedelta(days=k % 270)
        rows.append(
            f"<tr><td>{i + 1}</td><td>{filed:%m/%d/%y}</td><td>22-{k}</td>"
            f'<td><a href="/opinions/{TERM}pdf/doc-{k:05d}.pdf">Case {k} v. United States</a></td>'
            f"<td>{'R' if i < len(files) else 'T'}</td></tr>"
        )
    head = "<tr><th>R-</th><th>Date</th><th>Docket</th><th>Name</th><th>J.</th></tr>"
    for listing, body in (("slipopinion", "".join(rows)), ("relatingtoorders", "")):
        page = site / "opinions" / listing / TERM
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<html><body><table>{head}{body}</table></body></html>", encoding="utf-8")
    pdf_dir = site / "opinions" / f"{TERM}pdf"
    pdf_dir.mkdir(parents=True)
    for k, source in enumerate(files):
        (pdf_dir / f"doc-{k:05d}.pdf").symlink_to(source.resolve())
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")


@contextmanager
def nginx(site: Path, folder: Path) -> Iterator[str]:
    """nginx serving `site` on 127.0.0.1 (access log: folder/access.log); yields its URL."""
    import requests

    port = free_port(set())
    temp = " ".join(
        f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user} daemon off; worker_processes 2; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        f"events {{ worker_connections 512; }}\n"
        f"http {{ access_log {folder}/access.log; default_type text/html; {temp}\n"
        f"  types {{ application/pdf pdf; text/plain txt; }} sendfile on;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {site}; }} }}\n"
    )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return requests.get(f"{url}/robots.txt", timeout=2).ok
        except requests.RequestException:
            return False

    with running(
        [debian_binary("nginx"), "-c", str(folder / "nginx.conf"), "-p", str(folder)], folder / "nginx.log", ready
    ):
        yield url


def crawl(base_url: str, folder: Path, name: str, extra: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One `scrapy crawl scotus` over the site; its stats, with the wall time as `seconds`."""
    stats_file = folder / f"{name}.stats.json"
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "scotus",
        "-a",
        f"base_url={base_url}",
        "-a",
        f"term={TERM}",
        *FAST,
        "-s",
        f"LOG_FILE={folder / name}.log",
        "-s",
        f"COURT_ARCHIVE_STATS_FILE={stats_file}",
        *extra,
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)
    stats: dict[str, Any] = json.loads(stats_file.read_text())["stats"]
    stats["seconds"] = time.perf_counter() - started
    return stats


async def extract_all(files: list[Path]) -> float:
    """Seconds to read every document's PDF with the parsers' pool as the pipeline does: text,
    then metadata, quotes and citations (`analyse`; as many at once as workers x2)."""
    pool = ExtractionPool()
    limit = asyncio.Semaphore(2 * (os.cpu_count() or 1))
    started = time.perf_counter()

    async def one(path: Path) -> None:
        async with limit:
            await pool.analyse(path.read_bytes())

    try:
        await asyncio.gather(*(one(path) for path in files))
        return time.perf_counter() - started
    finally:
        pool.close()


def pdf_hits(folder: Path) -> int:
    """PDF requests in nginx's access log so far."""
    log = folder / "access.log"
    return sum(".pdf " in line for line in log.read_text().splitlines()) if log.exists() else 0


def full_pipeline(base_url: str, folder: Path, docs: int) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The real pipeline into SeaweedFS, twice; both runs' stats and the PDFs the second fetched."""
    (folder / "seaweedfs").mkdir()
    with seaweedfs(folder / "seaweedfs") as s3:
        s3.client().create_bucket(Bucket="bench")  # type: ignore[attr-defined]
        env = {**s3.environment(), "COURT_ARCHIVE_URI": "s3://bench/e2e", "COURT_ARCHIVE_UPDATE_CATALOG": "0"}
        first = crawl(base_url, folder, "full", [], env)
        before = pdf_hits(folder)
        second = crawl(base_url, folder, "incremental", [], env)
    stored = first.get("archive/stored", 0)
    if stored != docs:
        print(f"warning: the full run stored {stored} of {docs} documents", file=sys.stderr)
    return first, second, pdf_hits(folder) - before


def main() -> int:
    """Run the three measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=2000, help="listing rows (2000)")
    parser.add_argument("--docs", type=int, default=500, help="distinct PDF URLs (500)")
    parser.add_argument("--rss-only", action="store_true", help="only the full pipeline's first run")
    args = parser.parse_args()
    files = corpus_files(args.docs)
    folder = Path(tempfile.mkdtemp(prefix="court-archiver-e2e-"))
    try:
        build_site(folder / "site", max(args.entries, args.docs), files)
        with nginx(folder / "site", folder) as url:
            if args.rss_only:
                return rss_only(url, folder, args.docs)
            bare = crawl(url, folder, "bare", ["-s", 'ITEM_PIPELINES={"bench.e2e.DownloadOnly": 300}'], {})
            extraction = asyncio.run(extract_all(files))
            full, incremental, refetched = full_pipeline(url, folder, args.docs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return report(args.docs, bare, extraction, full, incremental, refetched)


def rss_only(base_url: str, folder: Path, docs: int) -> int:
    """The full pipeline's first run alone: its peak RSS and speed."""
    (folder / "seaweedfs").mkdir()
    with seaweedfs(folder / "seaweedfs") as s3:
        s3.client().create_bucket(Bucket="bench")  # type: ignore[attr-defined]
        env = {**s3.environment(), "COURT_ARCHIVE_URI": "s3://bench/e2e", "COURT_ARCHIVE_UPDATE_CATALOG": "0"}
        full = crawl(base_url, folder, "full", [], env)
    print(
        f"full pipeline: {full.get('archive/stored', 0)} stored of {docs}, "
        f"{full.get('item_scraped_count', 0)} items, {full['seconds']:.1f} s"
    )
    print(
        f"e2e rss: {docs} docs, rss_mb: {full.get('memusage/max', 0) / 2**20:.0f}, docs/s: {docs / full['seconds']:.1f}"
    )
    return 0


def report(
    docs: int,
    bare: dict[str, Any],
    extraction: float,
    full: dict[str, Any],
    incremental: dict[str, Any],
    refetched: int,
) -> int:
    """Print the figures; the last line is the summary."""
    rss_mb = max(full.get("memusage/max", 0), bare.get("memusage/max", 0)) / 2**20
    for name, seconds in (
        ("bare crawl", bare["seconds"]),
        ("extraction only", extraction),
        ("full pipeline", full["seconds"]),
    ):
        print(f"{name:16} {docs} docs in {seconds:7.1f} s  {docs / seconds:7.1f} docs/s")
    overlap = full["seconds"] / max(bare["seconds"], extraction)
    share = incremental["seconds"] / full["seconds"]
    print(
        f"incremental run  {incremental['seconds']:7.1f} s ({share:.0%} of the first), "
        f"{refetched} PDFs downloaded, {incremental.get('archive/skipped/already_archived', 0)} skipped"
    )
    print(
        f"crawl process peak RSS: full {full.get('memusage/max', 0) / 2**20:.0f} MB, "
        f"bare {bare.get('memusage/max', 0) / 2**20:.0f} MB"
    )
    print(f"e2e docs/s: {docs / full['seconds']:.1f} overlap: {overlap:.2f} rss_mb: {rss_mb:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
