"""Run `scrapy crawl scotus` the way a user does, in its own process, against a mirror."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def scotus_crawl(
    base_url: str, archive_uri: str, log: Path, *, since: str, settings: dict[str, str] | None = None
) -> list[str]:
    """The `scrapy crawl scotus` command line for term 22 of the mirror at `base_url`."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "scotus",
        "-a",
        f"base_url={base_url}",
        "-a",
        "term=22",
        "-a",
        f"since={since}",
        "-s",
        f"COURT_ARCHIVE_URI={archive_uri}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        f"LOG_FILE={log}",
        "-s",
        "LOG_LEVEL=INFO",
    ]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl(
    base_url: str,
    archive_uri: str,
    log: Path,
    *,
    since: str,
    env: dict[str, str] | None = None,
    fails: bool = False,
    settings: dict[str, str] | None = None,
) -> dict[str, int]:
    """Crawl term 22 of the mirror at `base_url` into `archive_uri`; the crawl's integer stats.

    The crawl must exit 0, or 1 (and name its failures) when `fails`.
    """
    command = scotus_crawl(base_url, archive_uri, log, since=since, settings=settings)
    done = subprocess.run(
        command, check=False, cwd=REPO, env={**os.environ, **(env or {})}, timeout=600, capture_output=True, text=True
    )
    assert done.returncode == (1 if fails else 0), done.stderr[-3000:]
    assert ("FAILED:" in done.stderr) == fails, done.stderr[-3000:]
    return {
        key: int(value)
        for key, value in re.findall(r"'([A-Za-z_/0-9.-]+)': (\d+)[,}]", log.read_text(encoding="utf-8"))
    }
