"""Run `courtarchive crawl` as cron would, with a sources file pointing `scotus` at a mirror."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.storage.conftest import run_main

REPO = Path(__file__).resolve().parents[2]
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO"}


def write_sources(
    path: Path,
    base_url: str,
    windows: Mapping[str, tuple[str, str]],
    *,
    settings: Mapping[str, str] | None = None,
    timeout: int | None = None,
) -> Path:
    """A sources file: one `scotus` source on the mirror per name, filed within (since, until),
    with the FAST settings and `settings`, and each `timeout` seconds if given."""
    tables = []
    for name, (since, until) in windows.items():
        args = {"base_url": base_url, "term": "22", "since": since, "until": until}
        tables.append(
            f'[sources.{name}]\nspider = "scotus"\nargs = {_inline(args)}\n'
            f"settings = {_inline({**FAST, **(settings or {})})}\n" + (f"timeout = {timeout}\n" if timeout else "")
        )
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


def _inline(table: Mapping[str, str]) -> str:
    return "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in table.items()) + " }"


@dataclass
class CrawlRun:
    """One finished `courtarchive crawl`: its exit status, stderr, and the report it printed."""

    status: int
    stderr: str
    report: dict[str, Any] | None


def courtarchive_crawl(
    config: Path, archive: str, *names: str, parallel: int = 1, env: Mapping[str, str] | None = None
) -> CrawlRun:
    """Run `courtarchive crawl --json` in this process (main(); each source still crawls in a
    `scrapy crawl` process of its own, as cron's run does) from a folder that is not the
    checkout, its state (source locks, outbox) beside the sources file unless `env` says otherwise."""
    args = ["crawl", *names, "--config", str(config), "--archive", archive, "--parallel", str(parallel), "--json"]
    defaults = {"COURT_ARCHIVE_EXTRACT_WORKERS": "1", "XDG_STATE_HOME": str(config.parent / "state")}
    with contextlib.chdir(config.parent):
        done = run_main(args, {**defaults, **(env or {})})
    stdout = done.stdout.decode("utf-8")
    report = json.loads(stdout) if stdout.strip() else None
    return CrawlRun(done.returncode, done.stderr, report)
