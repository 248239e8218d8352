"""`courtarchive flush`: upload what a crawl kept in its outbox while storage was down."""

from __future__ import annotations

import argparse

from storage.cli.read import open_archive
from storage.outbox import Outbox, outbox_folder


def flush_command(args: argparse.Namespace) -> int:
    """Upload the outbox, oldest first; exit 1 if damaged parcels were set aside.

    Raises:
        StorageError: storage is still down (what was flushed so far stays flushed).
    """
    archive = open_archive(args)
    outbox = Outbox(outbox_folder(archive.uri, args.outbox))
    summary = outbox.flush(archive)
    print(f"flushed {summary.flushed} documents from {outbox.folder}, {summary.remaining} waiting"
          + (f", {len(summary.damaged)} damaged (set aside)" if summary.damaged else ""))
    return 1 if summary.damaged else 0
