"""The `courtarchive watch add|ls|rm|test` commands: watches kept in the archive, for every machine
crawling into it. Each takes parsed arguments and returns the exit status; a watch that cannot be
made or read is bad usage (status 2)."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from storage.archive import Archive
from storage.catalog.queries import SearchSyntaxError, literal
from storage.cli.common import CliError, open_archive, open_db, print_json
from storage.cli.render import table
from storage.cli.terminal import output_width
from storage.watches.ledger import pending
from storage.watches.mail import SmtpConfig, message
from storage.watches.matching import check_query, matching_ids
from storage.watches.model import (
    SECRET_ENV,
    Channels,
    Watch,
    WatchError,
    WatchFilters,
    check_name,
    webhook_host,
)
from storage.watches.payload import summary_text
from storage.watches.run import due
from storage.watches.store import (
    feed_key,
    list_watches,
    read_status,
    read_watch,
    save_watch,
    write_baseline,
)
from storage.watches.webhook import webhook_body, webhook_sender

LS_COLUMNS = (
    ("name", "NAME"),
    ("filters", "FILTERS"),
    ("channels", "CHANNELS"),
    ("last_delivery", "LAST DELIVERY"),
    ("pending", "PENDING"),
    ("last_failure", "LAST FAILURE"),
)
# Left out on a narrow terminal, first to last (`watch ls --wide` shows them all).
LS_OPTIONAL = ("pending", "channels", "last_delivery")


def _usage_errors(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`handler`, with a watch that cannot be made or read reported as bad usage (status 2)."""

    @functools.wraps(handler)
    def checked(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except WatchError as exc:
            raise CliError(str(exc), 2) from None

    return checked


def _watch(archive: Archive, name: str) -> Watch:
    """Watch `name` in use.

    Raises:
        CliError: there is none (status 2).
    """
    watch = read_watch(archive, check_name(name))
    if watch is None or watch.removed_at is not None:
        raise CliError(f"no watch {name!r} in {archive.uri} (courtarchive watch ls)", 2)
    return watch


@_usage_errors
def add_command(args: argparse.Namespace) -> int:
    """Add a watch; the documents it matches now are its baseline, never sent."""
    name = check_name(args.name)
    filters = WatchFilters(
        query=literal(args.search) if args.search and args.literal else args.search,
        courts=tuple(args.court or ()),
        types=tuple(args.type or ()),
        filed_by=tuple(args.filed_by or ()),
        dispositions=tuple(args.disposition or ()),
        judges=tuple(args.judge or ()),
        dockets=tuple(args.docket or ()),
        case_names=tuple(args.case or ()),
        bad_redactions=args.bad_redactions,
    )
    channels = Channels(args.webhook, tuple(args.email or ()), args.atom).check()
    try:
        check_query(filters.query or '""')
    except SearchSyntaxError as exc:
        raise CliError(f"--search is not a full-text query ({exc}); add --literal to search for the words", 2) from None
    archive = open_archive(args, create=True)  # a watch may come before the first crawl
    existing = read_watch(archive, name)
    if existing is not None and existing.removed_at is None:
        raise CliError(f"watch {name!r} exists (courtarchive watch rm {name} first)", 2)
    baseline = matching_ids(open_db(args, archive), filters)
    watch = Watch(name, filters, channels, datetime.now(UTC).isoformat(timespec="seconds"))
    write_baseline(archive, watch, baseline)
    save_watch(archive, watch)  # last: a watch is run only once its baseline is there
    if args.json:
        print_json(watch.as_json() | {"baseline": len(baseline)})
    else:
        print(
            f"watch {watch.name}: {filters.describe()} -> {', '.join(channels.names())}; "
            f"{_count(len(baseline), 'document matches', 'documents match')} now, not sent; "
            "new ones are, after each crawl",
            file=sys.stderr,
        )
    if channels.webhook and isinstance(webhook_sender(channels.webhook), str):
        print(f"courtarchive: set ${SECRET_ENV} where crawls run: webhooks wait until it is", file=sys.stderr)
    return 0


def _row(archive: Archive, watch: Watch) -> dict[str, Any]:
    status = read_status(archive, watch.name)
    last, failure = status.get("last_delivery"), status.get("last_failure")
    where = [webhook_host(watch.channels.webhook)] if watch.channels.webhook else []
    where += list(watch.channels.email) + ([feed_key(watch.name)] if watch.channels.atom else [])
    return {
        "name": watch.name,
        "filters": watch.filters.describe(),
        "channels": " ".join(where),
        "last_delivery": f"{last['at']} ({sum(last['documents'].values())})" if last else "never",
        "pending": status.get("pending", 0),
        "last_failure": "; ".join(f"{c}: {e}" for c, e in failure["errors"].items()) if failure else "",
        "status": status,
    }


@_usage_errors
def ls_command(args: argparse.Namespace) -> int:
    """List the watches with their last delivery and any failure."""
    archive = open_archive(args)
    watches = list_watches(archive)
    rows = [_row(archive, watch) for watch in watches]
    if args.json:
        print_json([{"watch": watch.as_json(), "status": row["status"]} for watch, row in zip(watches, rows)])
        return 0
    print(
        table(rows, LS_COLUMNS, output_width(sys.stdout, wide=args.wide), optional=LS_OPTIONAL)
        if rows
        else "no watches (courtarchive watch add NAME …)",
        file=sys.stdout if rows else sys.stderr,
    )
    return 0


@_usage_errors
def rm_command(args: argparse.Namespace) -> int:
    """Stop a watch; its ledger and feed stay in the archive."""
    archive = open_archive(args)
    watch = _watch(archive, args.name)
    save_watch(archive, replace(watch, removed_at=datetime.now(UTC).isoformat(timespec="seconds")))
    print(f"watch {watch.name} removed; what it delivered stays in the ledger", file=sys.stderr)
    return 0


@_usage_errors
def test_command(args: argparse.Namespace) -> int:
    """Show what the watch would send now, sending and writing nothing."""
    archive = open_archive(args)
    watch = _watch(archive, args.name)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        owed = due(archive, open_db(args, archive), watch, now, claim=False)
    except SearchSyntaxError as exc:
        raise CliError(f"watch {watch.name}: its query is not valid FTS5 ({exc})", 1) from None
    plan: dict[str, Any] = {"watch": watch.name, "new": owed.new, "pending": len(owed.entries) - owed.new}
    for channel in watch.channels.names():
        entries = [entry for entry in owed.entries if pending(entry, channel)]
        plan[channel] = _plan(watch, channel, entries, now) if entries else None
    if args.json:
        print_json(plan)
        return 0
    print(f"watch {watch.name}: {owed.new} new, {plan['pending']} pending from earlier runs (nothing is sent)")
    for channel in watch.channels.names():
        print(f"\n{channel}: " + (plan[channel]["what"] if plan[channel] else "nothing to send"))
    for entry in owed.entries:
        print("\n" + summary_text(entry["summary"]))
    return 0


def _plan(watch: Watch, channel: str, entries: list[dict[str, Any]], now: str) -> dict[str, Any]:
    summaries = [entry["summary"] for entry in entries]
    if channel == "webhook":
        signed = (
            "signed"
            if not isinstance(webhook_sender(watch.channels.webhook or ""), str)
            else f"not sendable: ${SECRET_ENV} is not set"
        )
        return {
            "what": f"{_count(len(entries), 'POST')} to {webhook_host(watch.channels.webhook or '')}, {signed}",
            "bodies": [json.loads(webhook_body(watch.name, e["idempotency_key"], e["summary"])) for e in entries],
        }
    if channel == "email":
        config = SmtpConfig.from_env()
        sender = config if isinstance(config, str) else config.sender
        mail = message(sender, watch.channels.email, watch.name, summaries, datetime.fromisoformat(now))
        return {
            "what": f"one message to {', '.join(watch.channels.email)}: {mail['Subject']}"
            + (f" (not sendable: {config})" if isinstance(config, str) else ""),
            "subject": mail["Subject"],
            "text": mail.get_content(),
        }
    return {
        "what": f"{_count(len(entries), 'entry', 'entries')} on top of {feed_key(watch.name)}",
        "ids": [s["id"] for s in summaries],
    }


def _count(number: int, one: str, many: str | None = None) -> str:
    """`1 entry`, `2 entries`: a number and its noun agreeing (`one` + s unless `many` is given)."""
    return f"{number} {one if number == 1 else many or one + 's'}"
