"""The Atom channel: `feeds/<name>.atom` in the archive, the watch's latest documents, newest first.

The feed is rendered from its entries kept as JSON beside the ledger
(`deliveries/<name>/feed.json`), so it is never parsed back from XML. Entries are ordered by
when they entered the feed, then by date filed, newest first; the latest MAX_ENTRIES are kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree

from storage.archive import Archive, sha256_hex
from storage.watches.payload import headline, summary_text
from storage.watches.store import deliveries_prefix, feed_key, read_json, write_json

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200
CONTENT_TYPE = "application/atom+xml; charset=utf-8"
_NAMESPACE = uuid.UUID("1b5f0c1e-9a63-5d7e-8f39-6c0a2f7e4d11")  # this project's ids: uuid5 under it


def _id(*parts: str) -> str:
    return uuid.uuid5(_NAMESPACE, "\n".join(parts)).urn


def _add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _entry(feed: ElementTree.Element, archive_uri: str, watch: str, item: dict[str, Any]) -> None:
    summary = item["summary"]
    entry = _add(feed, "entry")
    _add(entry, "id", _id(archive_uri, watch, summary["id"]))
    _add(entry, "title", headline(summary))
    _add(entry, "updated", item["updated"])
    if summary["date"]:
        _add(entry, "published", f"{summary['date']}T00:00:00Z")
    links = summary["links"]
    _add(entry, "link", rel="alternate", href=links["source"] or links["record"])
    if links["original"]:
        _add(entry, "link", rel="enclosure", type="application/pdf", href=links["original"])
    _add(entry, "link", rel="related", type="application/json", href=links["record"])
    if summary["court"]:
        _add(entry, "category", term=summary["court"], label=summary["court_name"] or summary["court"])
    _add(entry, "summary", summary_text(summary), type="text")


def render(archive_uri: str, watch: str, items: Sequence[dict[str, Any]], updated: str) -> bytes:
    """The Atom document of `items` ({"updated", "summary"}, newest first)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", _id(archive_uri, watch))
    _add(feed, "title", f"court-archiver watch: {watch}")
    _add(feed, "updated", items[0]["updated"] if items else updated)
    _add(_add(feed, "author"), "name", "court-archiver")
    _add(feed, "generator", "court-archiver")
    for item in items:
        _entry(feed, archive_uri, watch, item)
    body: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def publish(archive: Archive, watch: str, summaries: Sequence[dict[str, Any]], now: str) -> None:
    """Put `summaries` at the top of the watch's feed and write it (its JSON first, then the XML).

    A document already in the feed is not added twice.

    Raises:
        StorageError: the archive cannot be read or written.
    """
    kept_key = f"{deliveries_prefix(watch)}feed.json"
    kept: list[dict[str, Any]] = read_json(archive, kept_key) or []
    known = {item["summary"]["id"] for item in kept}
    fresh: list[dict[str, Any]] = sorted(
        ({"updated": now, "summary": s} for s in summaries if s["id"] not in known),
        key=lambda item: item["summary"]["date"] or "",
        reverse=True,
    )
    items = sorted(fresh + kept, key=lambda item: item["updated"], reverse=True)[:MAX_ENTRIES]
    write_json(archive, kept_key, items)
    body = render(archive.uri, watch, items, now)
    archive.blobs.write(feed_key(watch), body, sha256=sha256_hex(body), content_type=CONTENT_TYPE, once=False)
