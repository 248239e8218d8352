"""After a crawl: deliver every document new to each watch, once, to each of its channels.

For each watch, the documents it matches in the (just updated) catalog, less those it knew
(its baseline and its ledger), are claimed in the ledger, then sent with the documents still
pending from earlier runs: a webhook POST each, one email listing them all, the Atom feed
rewritten once. Each channel's outcome goes into the ledger; a failure leaves the channel
pending for the next run, which sends the same payload again (the webhook with the same
idempotency key). Nothing is dropped: a document leaves the pending set only once delivered.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from storage.archive import Archive
from storage.blobs.base import StorageError
from storage.watches import atom, ledger, mail
from storage.watches.matching import catalog_records, matching_ids
from storage.watches.model import Watch
from storage.watches.payload import document_summary
from storage.watches.store import list_watches, read_baseline, read_status, write_status
from storage.watches.webhook import Undelivered, webhook_sender

logger = logging.getLogger(__name__)


@dataclass
class WatchOutcome:
    """What one run did for one watch: documents new to it, delivered per channel, failures."""

    watch: str
    new: int = 0
    delivered: dict[str, int] = field(default_factory=dict)
    pending: int = 0
    failures: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        """The outcome in one line, for a crawl's stderr."""
        sent = ", ".join(f"{channel} {count}" for channel, count in self.delivered.items()) or "nothing"
        text = f"watch {self.watch}: {self.new} new, delivered {sent}"
        if self.pending:
            text += f"; {self.pending} pending"
        failed = "; ".join(f"{channel}: {error}" for channel, error in self.failures.items())
        return f"{text} ({failed})" if failed else text


@dataclass(frozen=True)
class Due:
    """What a run owes one watch: its entries (new and pending), and how many are new."""

    watch: Watch
    entries: list[dict[str, Any]]
    new: int


def due(archive: Archive, db: sqlite3.Connection, watch: Watch, now: str, *, claim: bool) -> Due:
    """The ledger entries a run delivers for `watch`: those still pending, then the new ones.

    New documents are claimed in the ledger (`claim`), or only described (`watch test`).

    Raises:
        StorageError: the archive cannot be read or written.
        SearchSyntaxError: the watch's query is not valid FTS5.
    """
    claimed, finished = ledger.ledger_ids(archive, watch.name), ledger.delivered_ids(archive, watch.name)
    entries = ledger.pending_entries(archive, watch.name, sorted(claimed - finished))
    known = claimed | read_baseline(archive, watch)
    fresh = [rid for rid in matching_ids(db, watch.filters) if rid not in known]
    records = catalog_records(db, fresh)
    new = 0
    for rid in fresh:
        entry = ledger.new_entry(watch, document_summary(archive, json.loads(records[rid])), now)
        if not claim or ledger.claim(archive, entry):  # else another machine's run has it
            entries.append(entry)
            new += 1
    return Due(watch, entries, new)


class Delivery:
    """Sends a run's entries for one watch through each of its channels, noting each outcome."""

    def __init__(self, archive: Archive, due_: Due, now: str) -> None:
        self.archive, self.watch, self.now = archive, due_.watch, now

    def webhook(self, entries: list[dict[str, Any]]) -> str | None:
        """A signed POST per document; the first failure, if any."""
        sender = webhook_sender(self.watch.channels.webhook or "")
        unsendable = Undelivered(sender, unreachable=True) if isinstance(sender, str) else None
        error = None
        for entry in entries:
            # Once the receiver is unreachable, the run's other documents wait for the next run.
            failed = (
                unsendable
                if unsendable or isinstance(sender, str)
                else sender.send(self.watch.name, entry["idempotency_key"], entry["summary"])
            )
            ledger.note_attempt(entry, "webhook", failed.reason if failed else None, self.now)
            error = error or (failed.reason if failed else None)
            if failed and failed.unreachable:
                unsendable = failed
        return error

    def email(self, entries: list[dict[str, Any]]) -> str | None:
        """One message listing every document; the failure, if any."""
        config = mail.SmtpConfig.from_env()
        error = (
            config
            if isinstance(config, str)
            else mail.send(
                config,
                mail.message(
                    config.sender,
                    self.watch.channels.email,
                    self.watch.name,
                    [e["summary"] for e in entries],
                    datetime.fromisoformat(self.now),
                ),
            )
        )
        for entry in entries:
            ledger.note_attempt(entry, "email", error, self.now)
        return error

    def atom(self, entries: list[dict[str, Any]]) -> str | None:
        """The feed rewritten with the documents on top; the failure, if any."""
        try:
            atom.publish(self.archive, self.watch.name, [e["summary"] for e in entries], self.now)
            error = None
        except StorageError as exc:
            error = f"the feed could not be written: {exc}"
        for entry in entries:
            ledger.note_attempt(entry, "atom", error, self.now)
        return error


def deliver(archive: Archive, due_: Due, now: str) -> WatchOutcome:
    """Send what is due for one watch, save each entry, and store the watch's status.

    Raises:
        StorageError: the ledger cannot be written (what was sent is then sent again next run).
    """
    outcome = WatchOutcome(due_.watch.name, new=due_.new)
    delivery = Delivery(archive, due_, now)
    for channel in due_.watch.channels.names():
        waiting = [entry for entry in due_.entries if ledger.pending(entry, channel)]
        if waiting:
            error = getattr(delivery, channel)(waiting)
            delivered = sum(not ledger.pending(entry, channel) for entry in waiting)
            outcome.delivered[channel] = delivered
            if error:
                outcome.failures[channel] = error
                logger.warning(
                    "Watch %s: %s delivery failed (%s); tried again next run", due_.watch.name, channel, error
                )
    outcome.pending = sum(not ledger.save(archive, entry) for entry in due_.entries)
    _store_status(archive, outcome, now)
    return outcome


def _store_status(archive: Archive, outcome: WatchOutcome, now: str) -> None:
    """Keep the run's outcome for `watch ls`, with the last delivery and failure carried over."""
    status = read_status(archive, outcome.watch)
    status.update(last_run_at=now, pending=outcome.pending, last_run_new=outcome.new)
    if any(outcome.delivered.values()):
        status["last_delivery"] = {"at": now, "documents": outcome.delivered}
    if outcome.failures:
        status["last_failure"] = {"at": now, "errors": outcome.failures}
    elif not outcome.pending:
        status["last_failure"] = None
    write_status(archive, outcome.watch, status)


def run_watches(archive: Archive, db: sqlite3.Connection, *, now: datetime | None = None) -> list[WatchOutcome]:
    """Deliver what is new or pending for every watch of the archive; one outcome per watch.

    A watch whose query no longer parses, or whose delivery the archive cannot record, is
    logged and left for the next run; the others go on.

    Raises:
        StorageError: the watches cannot be listed.
    """
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    outcomes = []
    for watch in list_watches(archive):
        try:
            outcomes.append(deliver(archive, due(archive, db, watch, stamp, claim=True), stamp))
        except (StorageError, ValueError, sqlite3.Error) as exc:  # ValueError: a query that no longer parses
            logger.error("Watch %s not delivered this run: %s", watch.name, exc)
            outcomes.append(WatchOutcome(watch.name, failures={"run": str(exc)}))
    return outcomes
