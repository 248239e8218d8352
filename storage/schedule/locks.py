"""One crawl of a source at a time on a machine: `courtarchive crawl` locks each source it runs.

An hourly cron line may start a run while the last one is still crawling a slow source. Two
crawls of one source would fetch the same documents twice and race on its watermark, so each
source has a lock file, held with flock(2) for as long as its crawl runs. The kernel releases
it when the holder dies, even by `kill -9`: no stale lock to clean up. The `scrapy crawl`
child inherits it, so the lock holds while the crawl does, even if `courtarchive` is killed.
A source found locked is left alone by the later run, which says so.

Locks are per machine: to crawl one source from several machines, share its frontier in
Redis (`scrapers.distributed`) instead.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.blobs.base import archive_slug, user_folder

LOCKS_ENV = "COURT_ARCHIVE_LOCKS"


@dataclass(frozen=True)
class Holder:
    """Who holds a source's lock, as its lock file says (None when it cannot be read)."""

    pid: int | None
    since: str | None


class SourceBusy(Exception):
    """Another process is crawling the source."""

    def __init__(self, holder: Holder) -> None:
        super().__init__(f"being crawled by pid {holder.pid} since {holder.since}")
        self.holder = holder


def locks_folder(uri: str) -> Path:
    """Where the source locks of the archive at `uri` live: $COURT_ARCHIVE_LOCKS, else
    $XDG_STATE_HOME/court-archiver/locks (~/.local/state/…), in a folder named after the URI."""
    chosen = os.environ.get(LOCKS_ENV)
    base = Path(chosen) if chosen else user_folder("state") / "locks"
    return base.expanduser().resolve() / archive_slug(uri)


@contextmanager
def source_lock(folder: Path, name: str) -> Iterator[int]:
    """Hold the lock of source `name` in `folder`; yields the lock file's descriptor, for a
    child process to inherit (`pass_fds`) so that the lock lasts as long as it runs.

    Raises:
        SourceBusy: another process holds the lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.lock"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SourceBusy(_holder(path)) from None
        os.ftruncate(descriptor, 0)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(descriptor, json.dumps({"pid": os.getpid(), "since": since}).encode(), 0)
        yield descriptor
    finally:
        os.close(descriptor)


def _holder(path: Path) -> Holder:
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(written["pid"]), str(written["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder(None, None)
