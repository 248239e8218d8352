"""Auditing an archive: every original against its records, and records against originals.

The record set comes from the catalog, brought up to date first (which reads only the records
that changed), and the earlier versions of records under `history/` are read too: an original
only an earlier version names is still archived, not an orphan. The originals are listed, then
re-hashed (all of them, or a random sample) and compared with the sha256 their records and
their key name give and, on S3, with the sha256 kept in the object's metadata (botocore also
checks the server's own SHA-256 checksum). In a local folder, the temporary files of writes
that never finished (a crash, `kill -9`) are listed, and removed on request.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from storage.archive import HISTORY, Archive
from storage.blobs.base import CorruptBlob
from storage.blobs.local import LocalBlobStore
from storage.catalog.update import problems

HASHERS = 4
# A temporary file unchanged this long is no write under way: a 200 MB original takes seconds.
STALE_TEMP_SECONDS = 15 * 60
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
    earlier_only: int = 0  # originals that only earlier versions of records name
    removed: tuple[str, ...] = ()  # stale temporary files deleted

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.findings


def verify(
    archive: Archive,
    db: sqlite3.Connection,
    *,
    sample: int | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: float | None = None,
    remove_temp: bool = False,
) -> Report:
    """Check `archive` against its up-to-date catalog `db`; re-hash `sample` originals or all.

    Temporary files unchanged for STALE_TEMP_SECONDS before `now` (default: the clock) are
    findings, or are deleted with `remove_temp`.

    Raises:
        StorageError: the archive cannot be listed or read.
    """
    findings = [Finding("malformed_record", p.key, (), p.message) for p in problems(db)]
    rows = db.execute("SELECT id, sha256, original, text_file FROM documents ORDER BY id").fetchall()
    stored = {key for (key,) in db.execute("SELECT key FROM catalog_files")}
    for rid, sha256, original, text_file in rows:
        if text_file and text_file not in stored:
            findings.append(Finding("missing_text", text_file, (rid,), "the record's text file is not in the archive"))
    # Another source's copy of a document (the same docket entry, other bytes) is kept beside
    # it: `sources[].original` (storage.identity).
    references = [(rid, sha256, original) for rid, sha256, original, _ in rows] + db.execute(
        "SELECT d.id, json_extract(s.value, '$.sha256'), json_extract(s.value, '$.original') "
        "FROM documents d, json_each(d.record, '$.sources') s "
        "WHERE json_extract(s.value, '$.original') IS NOT NULL"
    ).fetchall()
    current = {original for _, _, original in references if original is not None}
    expected, users = _expected(references + _earlier_references(archive, findings), findings)
    listed = {entry.key for entry in archive.blobs.entries("originals/")}
    for key in sorted(set(expected) - listed):
        findings.append(Finding("missing_original", key, tuple(users[key]), "no such object in the archive"))
    for key in sorted(listed - set(expected)):
        findings.append(Finding("orphan_original", key, (), "no record refers to this original"))
    present = sorted(set(expected) & listed)
    chosen = (
        present if sample is None or sample >= len(present) else sorted(random.Random(seed).sample(present, sample))
    )
    with ThreadPoolExecutor(HASHERS) as pool:
        for done, found in enumerate(pool.map(lambda key: _check(archive, key, expected[key]), chosen), 1):
            findings += [Finding(kind, key, tuple(users[key]), message) for kind, key, message in found]
            if progress:
                progress(done, len(chosen))
    stale = _stale_temp(archive, (time.time() if now is None else now) - STALE_TEMP_SECONDS, remove_temp)
    if not remove_temp:
        findings += [
            Finding(
                "stale_temp",
                key,
                (),
                "a write that never finished left this temporary file; `courtarchive verify --remove-temp` deletes it",
            )
            for key in stale
        ]
    return Report(
        len(rows),
        len(listed),
        len(chosen),
        tuple(findings),
        earlier_only=len(set(present) - current),
        removed=tuple(stale) if remove_temp else (),
    )


def _expected(
    references: list[tuple[str, str | None, str | None]], findings: list[Finding]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """For each original the (record id, sha256, original) `references` name: the sha256 they
    give, and the ids of those records; one whose sha256 does not name it goes to `findings`."""
    expected: dict[str, str] = {}
    users: dict[str, list[str]] = defaultdict(list)
    for rid, sha256, original in references:
        if original is None or rid in users[original]:
            continue
        users[original].append(rid)
        match = _ORIGINAL.match(original)
        if not match or match.group(2) != sha256:
            findings.append(
                Finding("bad_reference", original, (rid,), f"the record's sha256 {sha256} does not name this original")
            )
        expected.setdefault(original, sha256 or "")
    return expected, users


def _earlier_references(archive: Archive, findings: list[Finding]) -> list[tuple[str, str | None, str | None]]:
    """(record id, sha256, original) of each earlier version of a record, under `history/`;
    a version that cannot be read goes to `findings`."""
    prefix = f"{HISTORY}records/"
    references = []
    for key in sorted(k for k in archive.blobs.keys(prefix) if k.endswith(".json")):
        try:
            version = json.loads(archive.blobs.read(key) or b"null")
            sha256, original = version["sha256"], version["files"]["original"]
        except (ValueError, TypeError, KeyError) as exc:
            findings.append(Finding("malformed_record", key, (), f"an earlier version that cannot be read: {exc!r}"))
            continue
        if not all(value is None or isinstance(value, str) for value in (sha256, original)):
            findings.append(
                Finding("malformed_record", key, (), "an earlier version whose sha256 or files.original is not text")
            )
            continue
        references.append((key[len(prefix) :].rpartition("/")[0], sha256, original))
    return references


def _stale_temp(archive: Archive, older_than: float, remove: bool) -> list[str]:
    """The temporary files of unfinished writes in a local archive, deleted if `remove`
    (S3 writes whole objects: it has none)."""
    blobs = archive.blobs
    if not isinstance(blobs, LocalBlobStore):
        return []
    stale = blobs.leftovers(older_than)
    if remove:
        for key in stale:
            blobs.remove_leftover(key)
    return stale


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
        found.append(
            ("checksum_mismatch", key, f"the sha256 in its storage metadata is {blob.sha256}, its records say {sha256}")
        )
    return found
