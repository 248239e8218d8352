"""Watches kept in the archive, beside what was delivered for them.

    watches/<name>.json                          the watch: filters, channels, when added (or removed)
    deliveries/<name>/baseline.json              the documents it matched when added: never sent
    deliveries/<name>/status.json                its last run: when, how many delivered, failures
    deliveries/<name>/ledger/<record id>.json    one per document new to it (see `ledger`)
    deliveries/<name>/delivered/<record id>.json written once the document reached every channel
    feeds/<name>.atom                            its Atom feed, when it has one

A removed watch keeps its file, marked `removed_at`, and its ledger: the archive keeps the
record of what was sent where.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from storage.archive import Archive, sha256_hex
from storage.watches.model import Watch, WatchError, check_name

logger = logging.getLogger(__name__)

WATCHES = "watches/"
DELIVERIES = "deliveries/"
FEEDS = "feeds/"


def watch_key(name: str) -> str:
    """Where watch `name` is kept."""
    return f"{WATCHES}{name}.json"


def deliveries_prefix(name: str) -> str:
    """The prefix of everything delivered for watch `name`."""
    return f"{DELIVERIES}{name}/"


def feed_key(name: str) -> str:
    """Where watch `name`'s Atom feed is written."""
    return f"{FEEDS}{name}.atom"


def write_json(archive: Archive, key: str, value: Any, *, once: bool = False) -> bool:
    """Store `value` as JSON under `key` (with `once`, only if nothing is there); whether written.

    Raises:
        StorageError: the archive cannot be written.
    """
    body = json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    return archive.blobs.write(key, body, sha256=sha256_hex(body), content_type="application/json", once=once)


def read_json(archive: Archive, key: str) -> Any:
    """The JSON stored under `key`, or None when there is none.

    Raises:
        StorageError: the archive cannot be read.
        ValueError: the object is not JSON.
    """
    data = archive.blobs.read(key)
    return json.loads(data) if data is not None else None


def read_watch(archive: Archive, name: str) -> Watch | None:
    """Watch `name` (removed or not), or None when there never was one.

    Raises:
        WatchError: its file is not a watch.
    """
    try:
        data = read_json(archive, watch_key(name))
    except ValueError as exc:
        raise WatchError(f"{watch_key(name)} is not JSON: {exc}") from None
    return Watch.from_json(data) if data is not None else None


def list_watches(archive: Archive) -> list[Watch]:
    """Every watch in use, by name; a file that is not a watch is named in the log and skipped."""
    watches = []
    for key in sorted(archive.blobs.keys(WATCHES)):
        try:
            watch = read_watch(archive, check_name(key[len(WATCHES) :].removesuffix(".json")))
        except WatchError as exc:
            logger.error("Skipped %s: %s", archive.blobs.location(key), exc)
            continue
        if watch is not None and watch.removed_at is None:
            watches.append(watch)
    return watches


def save_watch(archive: Archive, watch: Watch) -> None:
    """Store `watch` (adding it, or marking it removed)."""
    write_json(archive, watch_key(watch.name), watch.as_json())


def write_baseline(archive: Archive, watch: Watch, ids: list[str]) -> None:
    """Keep the documents `watch` matches as it is added: they are not new to it."""
    write_json(
        archive,
        f"{deliveries_prefix(watch.name)}baseline.json",
        {"watch": watch.name, "created_at": watch.created_at, "ids": ids},
    )


def read_baseline(archive: Archive, watch: Watch) -> set[str]:
    """The documents `watch` matched when it was added (none when it was added again since)."""
    data = read_json(archive, f"{deliveries_prefix(watch.name)}baseline.json")
    if not isinstance(data, dict) or data.get("created_at") != watch.created_at:
        return set()
    return set(data["ids"])


def write_status(archive: Archive, name: str, status: dict[str, Any]) -> None:
    """Keep what the last run did for watch `name`, for `courtarchive watch ls`."""
    write_json(archive, f"{deliveries_prefix(name)}status.json", status)


def read_status(archive: Archive, name: str) -> dict[str, Any]:
    """What the last run did for watch `name` ({} before its first run)."""
    data = read_json(archive, f"{deliveries_prefix(name)}status.json")
    return data if isinstance(data, dict) else {}
