"""What a watch tells about a document: its facts, top quotes and links, from its record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.archive import Archive
from storage.catalog.rows import record_key

TOP_QUOTES = 3


def _link(archive: Archive, key: str | None) -> str | None:
    """A link to `key` in the archive: `s3://…` on S3, a `file://` URI in a folder."""
    if not key:
        return None
    location = archive.blobs.location(key)
    return Path(location).as_uri() if location.startswith("/") else location


def document_summary(archive: Archive, record: dict[str, Any]) -> dict[str, Any]:
    """The document as a watch delivers it (the webhook's `document`, an email's and a feed's entry).

    Reads a record the catalog took (so its sections have the schema's types).
    """
    case, court = record.get("case") or {}, record.get("court") or {}
    document, files = record.get("document") or {}, record.get("files") or {}
    quotes = [{"page": quote.get("page"), "text": quote["text"]} for quote in record.get("quotes", [])[:TOP_QUOTES]]
    return {
        "id": record["id"],
        "case": case.get("name"),
        "docket": case.get("docket_number"),
        "court": court.get("id"),
        "court_name": court.get("name"),
        "date": document.get("date_filed"),
        "title": document.get("title"),
        "type": document.get("type"),
        "filed_by": document.get("filed_by"),
        "judge": document.get("judge"),
        "disposition": document.get("disposition"),
        "quotes": quotes,
        "links": {
            "record": _link(archive, record_key(record["id"])),
            "original": _link(archive, files.get("original")),
            "source": (record.get("source") or {}).get("url"),
        },
    }


def headline(summary: dict[str, Any]) -> str:
    """One line naming the document: case, title, court and date."""
    what = " — ".join(str(part) for part in (summary["case"], summary["title"]) if part) or summary["id"]
    where = ", ".join(str(part) for part in (summary["court"], summary["docket"], summary["date"]) if part)
    return f"{what} ({where})" if where else what


def summary_text(summary: dict[str, Any]) -> str:
    """The document for people: headline, facts, quotes with pages, links."""
    facts = [
        f"{label}: {summary[key]}"
        for key, label in (
            ("type", "type"),
            ("filed_by", "filed by"),
            ("judge", "judge"),
            ("disposition", "disposition"),
        )
        if summary[key]
    ]
    lines = [headline(summary)]
    if facts:
        lines.append("  " + "; ".join(facts))
    lines += [
        f"  p. {quote['page']}: “{quote['text']}”" if quote["page"] else f"  “{quote['text']}”"
        for quote in summary["quotes"]
    ]
    lines += [f"  {name}: {link}" for name, link in summary["links"].items() if link]
    return "\n".join(lines)
