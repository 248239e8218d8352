"""Text for people: tables, a record, search hits, statistics and audit findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.catalog.queries import Hit
from storage.verify import Report

LS_COLUMNS = (
    ("date_filed", "DATE"),
    ("court", "COURT"),
    ("docket_number", "DOCKET"),
    ("case_name", "CASE"),
    ("type", "TYPE"),
    ("filed_by", "BY"),
    ("title", "TITLE"),
    ("disposition", "DISPOSITION"),
    ("pages", "PAGES"),
    ("id", "ID"),
)
SHRINKABLE = ("case_name", "title", "docket_number")
MIN_WIDTH = 12


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], width: int | None) -> str:
    """Rows as aligned columns; with `width` (a terminal's), long names are cut to fit."""
    cells = [[_cell(row[key]) for key, _ in columns] for row in rows]
    widths = [max([len(header)] + [len(line[i]) for line in cells]) for i, (_, header) in enumerate(columns)]
    if width is not None:
        for i, (key, _) in enumerate(columns):
            excess = sum(widths) + 2 * (len(widths) - 1) - width
            if key in SHRINKABLE and excess > 0:
                widths[i] = max(MIN_WIDTH, widths[i] - excess)
    lines = ["  ".join(header.ljust(w) for (_, header), w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(_cut(cell, w).ljust(w) for cell, w in zip(line, widths)).rstrip() for line in cells]
    return "\n".join(lines)


def record_text(record: dict[str, Any], original_location: str | None) -> str:
    """A record for a person: what, where from, where kept; then quotes, citations, errors."""
    court, case, doc = record["court"], record["case"], record["document"]
    source, files, extraction = record.get("source") or {}, record["files"], record.get("extraction")
    kind = ", ".join(
        part
        for part in (
            doc.get("type"),
            doc.get("date_filed") and f"filed {doc['date_filed']}",
            doc.get("pages") is not None and f"{doc['pages']} pages",
        )
        if part
    )
    fields = [
        ("Case", case.get("name")),
        ("Caption", case.get("name_full")),
        ("Docket", case.get("docket_number")),
        ("Court", f"{court.get('name') or ''} ({court.get('id')})".strip()),
        ("Document", kind or None),
        ("Filed by", {"court": "the court", "party": "a party"}.get(doc.get("filed_by") or "")),
        ("Title", doc.get("title")),
        ("Judge", doc.get("judge")),
        ("Disposition", doc.get("disposition")),
        ("Motion", doc.get("motion")),
        ("Citation", doc.get("citation")),
        ("Entry", doc.get("entry_number")),
        ("Description", doc.get("description")),
        ("Source", source.get("url")),
        ("Listed on", source.get("listing_url")),
        ("Fetched", source.get("fetched_at") and f"{source['fetched_at']} by {source.get('spider')}"),
        ("Original", files.get("original") and f"{files['original']}  (sha256 {record.get('sha256')})"),
        ("Stored at", original_location),
        ("Text", files.get("text")),
        (
            "Extraction",
            extraction and f"{extraction.get('engine')} {extraction.get('version')}, {extraction.get('seconds')} s",
        ),
    ]
    lines = [record["id"]] + [f"  {name:<12}{_cell(value)}" for name, value in fields if value]
    if files.get("original") is None:
        lines.append("  Original    none (the download failed; the next crawl tries again)")
    if record.get("quotes_skipped") == "party_filing":
        lines.append("  Key quotes  none: a party's filing (quotes are read from court documents only)")
    for title, items in (
        ("Key quotes", [_quote(q) for q in record.get("quotes", [])]),
        ("Citations", [_citation(c) for c in record.get("citations", [])]),
        ("Errors", [f"{e.get('stage')}/{e.get('kind')}: {e.get('message')}" for e in record.get("errors", [])]),
    ):
        lines += [title] + [f"  {item}" for item in items] if items else []
    return "\n".join(lines)


def _quote(quote: dict[str, Any]) -> str:
    score = f" (score {quote['score']:.2f})" if isinstance(quote.get("score"), (int, float)) else ""
    return f"p. {quote.get('page', '?')}{score}: “{_cell(quote.get('text'))}”"


def _citation(citation: Any) -> str:
    if isinstance(citation, dict) and citation.get("citation"):
        name = f"{citation['name']}, " if citation.get("name") else ""
        times = f"  ({citation['count']} times)" if (citation.get("count") or 1) > 1 else ""
        return _cell(f"{name}{citation['citation']}") + times
    if isinstance(citation, dict):
        return _cell(citation.get("text") or citation.get("cite") or citation)
    return _cell(citation)


def quotes_text(record: dict[str, Any]) -> str:
    """A record's key quotes for a person, best first: rank, page and the sentence, one a line."""
    quotes = record.get("quotes") or []
    if not quotes and record.get("quotes_skipped") == "party_filing":
        return "no key quotes: a party's filing (key quotes are read from court documents only)"
    if not quotes:
        return "no key quotes"
    return "\n".join(
        f"{quote.get('rank', rank)}. p. {quote.get('page', '?')}  {_cell(quote.get('text'))}"
        for rank, quote in enumerate(quotes, start=1)
    )


def hits_text(hits: Sequence[Hit]) -> str:
    """Search results: one heading per document, its best snippets with their page numbers."""
    blocks = []
    for hit in hits:
        head = "  ".join(
            part
            for part in (
                hit.id,
                hit.date_filed or "undated",
                _cell(hit.case_name),
                hit.docket_number and f"No. {hit.docket_number}",
                _cell(hit.title),
            )
            if part
        )
        lines = [head] + [f"  {'p. ' + str(page) if page else 'case':>6}  {text}" for page, text in hit.snippets]
        if len(hit.pages) > len([p for p, _ in hit.snippets if p]):
            lines.append(f"  matches on pages {', '.join(map(str, hit.pages))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def stats_text(stats: dict[str, Any]) -> str:
    """The statistics as short sections."""
    lines = [
        (
            f"{stats['documents']} documents, {stats['pages']} pages; {stats['with_original']} with "
            f"their original, {stats['without_original']} without; {stats['unreadable']} unreadable PDFs"
        )
    ]
    if stats["malformed_records"]:
        lines.append(f"{stats['malformed_records']} malformed records skipped (courtarchive verify lists them)")
    for title, key in (
        ("By court", "by_court"),
        ("By type", "by_type"),
        ("By month filed", "by_month"),
        ("Errors (documents)", "errors"),
    ):
        counts: dict[str, int] = stats[key]
        if counts:
            width = max(len(name) for name in counts)
            lines += [title] + [f"  {name:<{width}}  {count:>6}" for name, count in counts.items()]
    return "\n".join(lines)


def report_text(report: Report) -> str:
    """The audit: a summary line, then one line per finding."""
    status = "OK" if report.ok else f"{len(report.findings)} problems"
    earlier = f" ({report.earlier_only} named only by earlier versions)" if report.earlier_only else ""
    summary = f"{report.records} records, {report.originals} originals{earlier}, {report.rehashed} re-hashed"
    lines = [f"verify: {summary}: {status}"]
    lines += [f"removed stale temporary file {key}" for key in report.removed]
    width = max((len(f.kind) for f in report.findings), default=0)
    for finding in report.findings:
        who = f" [{', '.join(finding.ids)}]" if finding.ids else ""
        lines.append(f"{finding.kind:<{width}}  {finding.key}{who}: {finding.message}")
    return "\n".join(lines)
