"""The delivery ledger: per watch, one entry per document new to it, saying what went where and when.

An entry is written once to claim the document for delivery (`claim`: on S3 with
`If-None-Match: *`, so of two machines finishing a crawl at once only one delivers it), then
rewritten after each run that tried it. Each channel has its status (`pending`, `delivered`),
attempts, the time of the last attempt and of delivery, the last error, and where it went.
Once every channel has it, a `delivered/` marker is written, so later runs find what is still
pending by listing keys, without reading every entry.

    {"watch": "parler", "document": "wawd/…", "matched_at": "2026-12-07T06:00:00+00:00",
     "idempotency_key": "…", "summary": {…the document as delivered…},
     "channels": {"webhook": {"to": "https://hooks.example/…", "status": "delivered",
                              "attempts": 2, "last_attempt_at": "…", "delivered_at": "…", "error": null},
                  "email": {…}, "atom": {…}}}
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from storage.archive import Archive
from storage.watches.model import Watch, webhook_host
from storage.watches.store import deliveries_prefix, read_json, write_json

logger = logging.getLogger(__name__)

PENDING, DELIVERED = "pending", "delivered"


def _key(name: str, rid: str) -> str:
    return f"{deliveries_prefix(name)}ledger/{rid}.json"


def _marker(name: str, rid: str) -> str:
    return f"{deliveries_prefix(name)}delivered/{rid}.json"


def _ids(archive: Archive, prefix: str) -> set[str]:
    return {key[len(prefix) : -len(".json")] for key in archive.blobs.keys(prefix) if key.endswith(".json")}


def ledger_ids(archive: Archive, name: str) -> set[str]:
    """The documents watch `name` has a ledger entry for (delivered or not)."""
    return _ids(archive, f"{deliveries_prefix(name)}ledger/")


def delivered_ids(archive: Archive, name: str) -> set[str]:
    """The documents watch `name` delivered to every channel."""
    return _ids(archive, f"{deliveries_prefix(name)}delivered/")


def idempotency_key(name: str, rid: str) -> str:
    """The key a receiver sees on every attempt to deliver document `rid` for watch `name`."""
    return hashlib.sha256(f"court-archiver\n{name}\n{rid}".encode()).hexdigest()[:32]


def new_entry(watch: Watch, summary: dict[str, Any], now: str) -> dict[str, Any]:
    """A ledger entry for a document new to `watch`, every channel pending."""
    where = {
        "webhook": webhook_host(watch.channels.webhook or ""),
        "email": list(watch.channels.email),
        "atom": f"feeds/{watch.name}.atom",
    }
    return {
        "watch": watch.name,
        "document": summary["id"],
        "matched_at": now,
        "idempotency_key": idempotency_key(watch.name, summary["id"]),
        "summary": summary,
        "channels": {
            name: {
                "to": where[name],
                "status": PENDING,
                "attempts": 0,
                "last_attempt_at": None,
                "delivered_at": None,
                "error": None,
            }
            for name in watch.channels.names()
        },
    }


def claim(archive: Archive, entry: dict[str, Any]) -> bool:
    """Write a new entry unless one exists: whether this run delivers the document."""
    return write_json(archive, _key(entry["watch"], entry["document"]), entry, once=True)


def pending_entries(archive: Archive, name: str, ids: list[str]) -> list[dict[str, Any]]:
    """Watch `name`'s entries for documents `ids`; a damaged one is named in the log and left as it is."""
    entries = []
    for rid in ids:
        try:
            entry = read_json(archive, _key(name, rid))
            if entry is not None:
                entries.append(_checked(entry))
        except (ValueError, KeyError, TypeError) as exc:
            logger.error("Ledger entry %s is damaged, not delivered: %r", archive.blobs.location(_key(name, rid)), exc)
    return entries


def _checked(entry: Any) -> dict[str, Any]:
    """`entry` if it has a ledger entry's shape.

    Raises:
        ValueError, KeyError, TypeError: it does not.
    """
    if (
        not isinstance(entry, dict)
        or not isinstance(entry["summary"]["id"], str)
        or not all(
            isinstance(state["status"], str) and isinstance(state["attempts"], int)
            for state in entry["channels"].values()
        )
    ):
        raise ValueError("not a ledger entry")
    return entry


def pending(entry: dict[str, Any], channel: str) -> bool:
    """Whether `channel` still waits for this entry's document."""
    state = entry["channels"].get(channel)
    return state is not None and state["status"] == PENDING


def note_attempt(entry: dict[str, Any], channel: str, error: str | None, now: str) -> None:
    """Record one attempt on `channel`: delivered when `error` is None, else still pending."""
    state = entry["channels"][channel]
    state.update(attempts=state["attempts"] + 1, last_attempt_at=now, error=error)
    if error is None:
        state.update(status=DELIVERED, delivered_at=now)


def save(archive: Archive, entry: dict[str, Any]) -> bool:
    """Rewrite the entry after a run; mark the document delivered once every channel has it.

    Returns whether it is delivered everywhere.
    """
    write_json(archive, _key(entry["watch"], entry["document"]), entry)
    done = all(state["status"] == DELIVERED for state in entry["channels"].values())
    if done:
        write_json(
            archive,
            _marker(entry["watch"], entry["document"]),
            {"document": entry["document"], "at": max(s["delivered_at"] for s in entry["channels"].values())},
            once=True,
        )
    return done
