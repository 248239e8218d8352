"""Auditing an archive: every original against its records, and records against originals.

The record set comes from the catalog, brought up to date first (which reads only the records
that changed); the originals are listed, then re-hashed (all of them, or a random sample) and
compared with the sha256 their records and their key name give and, on S3, with the sha256
kept in the object's metadata (botocore also checks the server's own SHA-256 checksum).
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from storage.archive import Archive
from storage.base import CorruptBlob
from storage.catalog import problems

HASHERS = 4
_ORIGINAL = re.compile(r"^originals/([0-9a-f]{2})/(\1[0-9a-f]{62})\.pdf$")


@dataclass(frozen=True)
class Finding:
    """One thing wrong: its kind, the archive key concerned, the records involved, and how."""

    kind: str
    key: str
    ids: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Report:
    """What `verify` looked at and what it found."""

    records: int
    originals: int
    rehashed: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.findings


def verify(archive: Archive, db: sqlite3.Connection, *, sample: int | None = None,
           seed: int | None = None, progress: Callable[[int, int], None] | None = None) -> Report:
    """Check `archive` against its up-to-date catalog `db`; re-hash `sample` originals or all.

    Raises:
        StorageError: the archive cannot be listed or read.
    """
    findings = [Finding("malformed_record", p.key, (), p.message) for p in problems(db)]
    expected: dict[str, str] = {}  # original key -> sha256 the records give
    users: dict[str, list[str]] = defaultdict(list)
    rows = db.execute("SELECT id, sha256, original, text_file FROM documents ORDER BY id").fetchall()
    stored = {key for (key,) in db.execute("SELECT key FROM catalog_files")}
    for rid, sha256, original, text_file in rows:
        if text_file and text_file not in stored:
            findings.append(Finding("missing_text", text_file, (rid,), "the record's text file is not in the archive"))
        if original is None:
            continue
        users[original].append(rid)
        match = _ORIGINAL.match(original)
        if not match or match.group(2) != sha256:
            findings.append(Finding("bad_reference", original, (rid,),
                                    f"the record's sha256 {sha256} does not name this original"))
        expected.setdefault(original, sha256 or "")
    listed = {entry.key for entry in archive.blobs.entries("originals/")}
    for key in sorted(set(expected) - listed):
        findings.append(Finding("missing_original", key, tuple(users[key]), "no such object in the archive"))
    for key in sorted(listed - set(expected)):
        findings.append(Finding("orphan_original", key, (), "no record refers to this original"))
    present = sorted(set(expected) & listed)
    chosen = present if sample is None or sample >= len(present) else \
        sorted(random.Random(seed).sample(present, sample))
    with ThreadPoolExecutor(HASHERS) as pool:
        for done, found in enumerate(pool.map(lambda key: _check(archive, key, expected[key]), chosen), 1):
            findings += [Finding(kind, key, tuple(users[key]), message) for kind, key, message in found]
            if progress:
                progress(done, len(chosen))
    return Report(len(rows), len(listed), len(chosen), tuple(findings))


def _check(archive: Archive, key: str, sha256: str) -> list[tuple[str, str, str]]:
    """Re-hash one original; what is wrong with it, as (kind, key, message)."""
    try:
        blob = archive.blobs.fetch(key)
    except CorruptBlob as exc:
        return [("corrupt", key, f"the storage's own checksum fails: {exc}")]
    if blob is None:
        return [("missing_original", key, "the object vanished while verifying")]
    found = []
    actual = hashlib.sha256(blob.data).hexdigest()
    if actual != sha256:
        found.append(("corrupt", key, f"its sha256 is {actual}, its records say {sha256}"))
    if blob.sha256 is not None and blob.sha256 != sha256:
        found.append(("checksum_mismatch", key,
                      f"the sha256 in its storage metadata is {blob.sha256}, its records say {sha256}"))
    return found
