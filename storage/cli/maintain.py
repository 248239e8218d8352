"""The `courtarchive` commands that look after an archive: catalog, verify and flush."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from storage.catalog.update import UpdateSummary, catalog_path, update_catalog
from storage.cli.common import open_archive, open_db, print_json, progress_line
from storage.cli.render import report_text
from storage.outbox import Outbox, outbox_folder
from storage.verify import verify


def verify_command(args: argparse.Namespace) -> int:
    """Audit the archive; exit 1 listing what is wrong."""
    archive = open_archive(args)
    db = open_db(args, archive)
    progress = progress_line(args, "verify")
    try:
        report = verify(
            archive, db, sample=args.sample, seed=args.seed, progress=progress, remove_temp=args.remove_temp
        )
    finally:
        progress.close()
    if args.json:
        print_json(
            {
                "records": report.records,
                "originals": report.originals,
                "rehashed": report.rehashed,
                "earlier_only": report.earlier_only,
                "removed_temp": list(report.removed),
                "ok": report.ok,
                "findings": [asdict(f) for f in report.findings],
            }
        )
    else:
        print(report_text(report))
    return 0 if report.ok else 1


def catalog_command(args: argparse.Namespace) -> int:
    """Update or rebuild the catalog, or say where it is."""
    archive = open_archive(args)
    if args.action == "path":
        print(catalog_path(archive, args.catalog))
        return 0
    progress = progress_line(args, "catalog")
    try:
        summary = update_catalog(archive, path=args.catalog, rebuild=args.action == "rebuild", progress=progress)
    finally:
        progress.close()
    for problem in summary.problems:
        print(f"courtarchive: skipped malformed record {problem.key}: {problem.message}", file=sys.stderr)
    if args.json:
        print_json(asdict(summary) | {"path": str(summary.path)})
    else:
        print(summary_text(summary))
    return 0


def summary_text(summary: UpdateSummary) -> str:
    """One line on what a catalog update did."""
    how = "rebuilt" if summary.rebuilt else "updated"
    return (
        f"catalog {summary.path} {how}: {summary.added} added, {summary.changed} changed, "
        f"{summary.removed} removed, {summary.unchanged} unchanged, {len(summary.problems)} malformed; "
        f"{summary.read} objects read in {summary.seconds:.2f} s"
    )


def flush_command(args: argparse.Namespace) -> int:
    """Upload the outbox, oldest first; exit 1 if damaged parcels were set aside.

    Raises:
        StorageError: storage is still down (what was flushed so far stays flushed).
    """
    archive = open_archive(args)
    outbox = Outbox(outbox_folder(archive.uri, args.outbox))
    progress = progress_line(args, "flush")
    try:
        summary = outbox.flush(archive, progress=progress)
    finally:
        progress.close()
    print(
        f"flushed {summary.flushed} documents from {outbox.folder}, {summary.remaining} waiting"
        + (f", {len(summary.damaged)} damaged (set aside)" if summary.damaged else "")
    )
    return 1 if summary.damaged else 0
