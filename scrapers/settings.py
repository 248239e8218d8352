"""All crawl settings; the only place a crawl reads the environment."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _env(name: str, default: str, *, old: str | None = None) -> str:
    """An environment variable, or its `old` name's value with a warning, or `default`."""
    if name not in os.environ and old is not None and old in os.environ:
        warnings.warn(f"{old} is deprecated: set {name}", FutureWarning, stacklevel=2)
        return os.environ[old]
    return os.environ.get(name, default)


def _flag(name: str, default: bool) -> bool:
    """A yes/no environment variable: 1/0, true/false, yes/no or on/off, in any case.

    Raises:
        ValueError: any other value, naming the variable.
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE + _FALSE:
        raise ValueError(f"{name}={os.environ[name]!r}: expected 1/0, true/false, yes/no or on/off")
    return value in _TRUE


BOT_NAME = "court_archiver"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

USER_AGENT = "court-archiver/0.1 (+https://github.com/court-archiver; archives public court opinions)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Be polite to court websites: at most two requests at a time per site, a second apart at
# first, then as AutoThrottle adapts to their latency.
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Scrapy's RetryMiddleware, made to wait out a server's Retry-After first.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.RetryAfterMiddleware": 550,
}
COURT_ARCHIVE_MAX_RETRY_AFTER_SECONDS = float(
    _env("COURT_ARCHIVE_MAX_RETRY_AFTER_SECONDS", "120", old="COURT_ARCHIVE_MAX_RETRY_AFTER")
)
DOWNLOAD_TIMEOUT = 120
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {"scrapers.pipelines.ArchivePipeline": 300}

# Where the archive lives: a folder path, file://PATH, or s3://BUCKET/PREFIX (credentials and
# endpoint from boto3's chain: AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...).
COURT_ARCHIVE_URI = os.environ.get("COURT_ARCHIVE_URI", "archive")
# Extraction worker processes (default: one per core), and per-document bounds.
COURT_ARCHIVE_EXTRACT_WORKERS = int(os.environ.get("COURT_ARCHIVE_EXTRACT_WORKERS", "0")) or None
COURT_ARCHIVE_EXTRACT_TIMEOUT_SECONDS = float(
    _env("COURT_ARCHIVE_EXTRACT_TIMEOUT_SECONDS", "300", old="COURT_ARCHIVE_EXTRACT_TIMEOUT")
)
COURT_ARCHIVE_EXTRACT_MEMORY_MB = int(os.environ.get("COURT_ARCHIVE_EXTRACT_MEMORY_MB", "3072"))
COURT_ARCHIVE_MAX_PAGES = int(os.environ.get("COURT_ARCHIVE_MAX_PAGES", "5000"))
# The text-layer engine: pdfplumber (default) or pypdfium2 (faster, for large backfills).
COURT_ARCHIVE_ENGINE = os.environ.get("COURT_ARCHIVE_ENGINE", "pdfplumber")
# OCR (Tesseract) for pages without a usable text layer; 0 (false, no, off) turns it off.
COURT_ARCHIVE_OCR = _flag("COURT_ARCHIVE_OCR", True)
# Text that bad redactions hide (a box over words still in the PDF) is masked in the text,
# the catalog and the quotes; true keeps it (for those whose job is to find such filings).
COURT_ARCHIVE_KEEP_HIDDEN_TEXT = _flag("COURT_ARCHIVE_KEEP_HIDDEN_TEXT", False)
# Bring the SQLite catalog (storage/catalog/update.py) up to date when a crawl ends; 0 (false,
# no, off) leaves it to `courtarchive catalog update`.
COURT_ARCHIVE_UPDATE_CATALOG = _flag("COURT_ARCHIVE_UPDATE_CATALOG", True)

# After the catalog update, deliver what is new to the archive's watches (scrapers/extensions.py,
# storage/watches/); 0 (false, no, off) turns it off. Their secrets (COURT_ARCHIVE_WEBHOOK_SECRET,
# COURT_ARCHIVE_SMTP_*) are read from the environment where they are used, never made settings,
# which Scrapy logs.
COURT_ARCHIVE_WATCHES = _flag("COURT_ARCHIVE_WATCHES", True)

# `courtarchive crawl` (storage/schedule/runner.py) sets COURT_ARCHIVE_STATS_FILE to a path and
# reads the finished crawl's stats from it (scrapers/extensions.py; off when unset).
EXTENSIONS = {"scrapers.extensions.StatsFile": 500, "scrapers.extensions.WatchDelivery": 510}

# Many workers, one source (scrapers/schedulers.py): with a Redis URL, scrapy-redis keeps the
# request queue and duplicate filter in Redis, shared by every worker of the spider. A worker
# stops once the queue is empty, no live worker holds a lease, and IDLE_SECONDS passed; one
# whose heartbeat is older than HEARTBEAT_SECONDS counts as dead and its leases are re-queued.
COURT_ARCHIVE_REDIS_URL = os.environ.get("COURT_ARCHIVE_REDIS_URL", "")
COURT_ARCHIVE_REDIS_IDLE_SECONDS = float(_env("COURT_ARCHIVE_REDIS_IDLE_SECONDS", "5", old="COURT_ARCHIVE_REDIS_IDLE"))
COURT_ARCHIVE_REDIS_HEARTBEAT_SECONDS = float(
    _env("COURT_ARCHIVE_REDIS_HEARTBEAT_SECONDS", "10", old="COURT_ARCHIVE_REDIS_HEARTBEAT")
)

# Where a document waits when storage still fails after its retries, until the next crawl or
# `courtarchive flush` uploads it (default: $XDG_STATE_HOME/court-archiver/outbox/<archive>).
COURT_ARCHIVE_OUTBOX = os.environ.get("COURT_ARCHIVE_OUTBOX", "")
# S3 Object Lock on originals, for buckets created with Object Lock: COMPLIANCE or GOVERNANCE,
# for this many days from each write; no mode, no lock.
COURT_ARCHIVE_OBJECT_LOCK_MODE = os.environ.get("COURT_ARCHIVE_OBJECT_LOCK_MODE", "")
COURT_ARCHIVE_OBJECT_LOCK_DAYS = int(os.environ.get("COURT_ARCHIVE_OBJECT_LOCK_DAYS", "0"))
# Requests are deduplicated within one run only, even with JOBDIR: after a `kill -9` the next
# run must fetch the listings again (the archive itself says what is stored).
DUPEFILTER_CLASS = "scrapers.dupefilters.RunDupeFilter"
# Distributed (COURT_ARCHIVE_REDIS_URL above): the queue and the duplicate filter in Redis instead.
if COURT_ARCHIVE_REDIS_URL:
    REDIS_URL = COURT_ARCHIVE_REDIS_URL
    SCHEDULER = "scrapers.schedulers.LeasingScheduler"
    DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
    SCHEDULER_QUEUE_KEY = "court-archiver:%(spider)s:requests"
    SCHEDULER_DUPEFILTER_KEY = "court-archiver:%(spider)s:dupefilter"
    # Kept when a worker leaves: the others still use them; the last one out deletes them.
    SCHEDULER_PERSIST = True

# Our `crawl` command: Scrapy's, plus a summary and exit status 1 when the run failed; our
# `genspider`: Scrapy's, plus a court's test (README: Adding a court).
COMMANDS_MODULE = "scrapers.commands"
# `scrapy genspider -t court NAME URL`: scrapers/templates/spiders/court.tmpl.
TEMPLATES_DIR = str(Path(__file__).parent / "templates")
