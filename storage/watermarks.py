"""Crawl state kept in the archive itself, so any machine running a crawl sees it.

A watermark per source and query (the last `date_modified` or `lastModified` seen) lets a
scheduled run ask only for what changed: `state/<source>/<query digest>.json`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from storage.archive import Archive, sha256_hex
from storage.records import safe_key_part


def state_key(source: str, query: Mapping[str, Any]) -> str:
    """The key of one source's state for one query (its arguments, order-independent)."""
    canonical = json.dumps(dict(query), sort_keys=True, default=str)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return f"state/{safe_key_part(source)}/{digest}.json"


def read_state(archive: Archive, source: str, query: Mapping[str, Any]) -> dict[str, Any]:
    """The stored state for `source` and `query`, or {} before the first run."""
    data = archive.blobs.read(state_key(source, query))
    return json.loads(data) if data is not None else {}


def write_state(archive: Archive, source: str, query: Mapping[str, Any], state: Mapping[str, Any]) -> None:
    """Replace the state for `source` and `query` (the query is stored with it, for people)."""
    body = json.dumps({**state, "query": dict(query)}, sort_keys=True, default=str, indent=2).encode()
    archive.blobs.write(
        state_key(source, query), body, sha256=sha256_hex(body), content_type="application/json", once=False
    )
