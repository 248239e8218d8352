"""The same document reached through two sources is archived once, under one record.

A federal filing is known by its court, the core of its docket number and its docket entry
(document) number: CourtListener's RECAP archive and PACER's feeds and reports give the entry
number, and CM/ECF prints it on every page of the filing ("Case 2:21-cv-00031-BJR Document 34
Filed 01/21/21"), so a copy from GovInfo carries it too (`extraction.ecf`). Any document is also
known by its bytes (sha256), on the same docket and entry where both sides know them: one order
filed in three consolidated cases is three docket entries, kept as three records of one original.

The first record to claim an identity owns it. Claims are small JSON objects, `{"id": RECORD}`,
written once (an atomic link in a folder, If-None-Match on S3), so two crawls racing for one
document agree on its owner:

    index/entries/<court>/<docket core>/<entry>.json
    index/sha256/<sha256[:2]>/<sha256>.json
    index/aliases/<record id>.json          a later source's own record id -> the owner

A later source of a document is added to the owner's record (`sources`, a new version of the
record; the earlier one is kept under history/), and its own record id is aliased to the
owner's, so its next run neither downloads the document again nor makes a record of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from parsers.courts import docket_core
from parsers.ecf import EcfStamp
from storage.archive import JSON_TYPE, Archive, record_json, sha256_hex
from storage.records import safe_key_part, same_source, sources_of

INDEX = "index/"


def entry_key(court_id: str | None, docket_number: str | None, entry_number: str | None) -> str | None:
    """The claim key of a docket entry, or None when court, docket or entry is unknown."""
    entry = (entry_number or "").strip().lstrip("0")
    if not (court_id and docket_number and entry):
        return None
    core = docket_core(docket_number).replace(":", "-")  # 2:21-cv-00031: no other core has 2-21-cv-…
    return f"{INDEX}entries/{safe_key_part(court_id)}/{safe_key_part(core)}/{safe_key_part(entry)}.json"


def stamp_key(court_id: str | None, docket_number: str | None, stamp: EcfStamp | None) -> str | None:
    """The claim key of the docket entry a CM/ECF stamp names, when it is on the item's own
    docket (an exhibit may carry another case's stamp) or the item names none."""
    if stamp is None or (docket_number and docket_core(docket_number) != docket_core(stamp.case_number)):
        return None
    return entry_key(court_id, stamp.case_number, stamp.document_number)


def content_key(sha256: str) -> str:
    """The claim key of an original's bytes."""
    return f"{INDEX}sha256/{sha256[:2]}/{sha256}.json"


def alias_key(rid: str) -> str:
    """Where a record id that was merged into another record points."""
    return f"{INDEX}aliases/{rid}.json"


def claim(archive: Archive, key: str, rid: str) -> str:
    """Claim `key` for record `rid`; the id of the record that owns it (`rid` if now or already).

    Raises:
        StorageError: the archive cannot be written or read.
    """
    body = json.dumps({"id": rid}).encode()
    if archive.blobs.write(key, body, sha256=sha256_hex(body), content_type=JSON_TYPE, once=True):
        return rid
    return owner_in(archive, key) or rid


def owner_in(archive: Archive, key: str) -> str | None:
    """The record id a claim or alias names, or None when there is none (or it is unreadable)."""
    data = archive.blobs.read(key)
    try:
        owner = json.loads(data)["id"] if data is not None else None
    except (ValueError, TypeError, KeyError):
        return None
    return owner if isinstance(owner, str) else None


def add_source(archive: Archive, owner: str, source: Mapping[str, Any], rid: str) -> bool:
    """Add `source` (a record's `source` object, possibly with `sha256` and `original` of its own
    copy) to record `owner`, and alias `rid` to it; False when the record lists it already.

    Raises:
        StorageError: the archive cannot be written or read.
        LookupError: there is no record `owner`.
    """
    record = archive.get_record(owner)
    if record is None:
        raise LookupError(f"no record {owner}")
    sources = sources_of(record)
    added = not any(same_source(known, source) for known in sources)
    if added:
        record["sources"] = [*sources, dict(source)]
        archive.replace(f"records/{owner}.json", record_json(record), JSON_TYPE)
    if rid != owner:
        claim(archive, alias_key(rid), owner)
    return added


def same_entry(
    record: Mapping[str, Any], court_id: str | None, docket_number: str | None, entry_number: str | None
) -> bool:
    """Whether a record may be the given docket entry: the same court, the same docket core and
    the same entry number, where both sides know them (a document without them matches on the
    court alone; two entries of one docket stay two, whatever their bytes)."""
    if record["court"]["id"] != court_id:
        return False
    theirs = record["case"]["docket_number"]
    if theirs and docket_number and docket_core(theirs) != docket_core(docket_number):
        return False
    their_entry = (record["document"].get("entry_number") or "").lstrip("0")
    return not (their_entry and entry_number) or their_entry == entry_number.lstrip("0")
