"""Text for people: tables, a record, search hits, statistics and audit findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.catalog.queries import Hit
from storage.cli.terminal import cut, display_width, fit_lines, fit_widths, pad, wrap
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
# The columns `ls` leaves out on a narrow terminal, first to last (`--wide` shows them all).
LS_OPTIONAL = ("pages", "filed_by", "disposition", "type", "court", "docket_number", "title")
# When a table is cut to fit a terminal, free text gives way first (to MIN_WIDTH, then to its
# header), then the short codes and dates, and last the keys a user copies into another command.
SHRINKABLE = ("case_name", "title", "docket_number", "disposition", "filters", "channels", "last_failure")
KEYS = ("id", "name")
MIN_WIDTH = 16
GAP = 2


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


Column = tuple[str, str]  # (row key, header)


def table(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], width: int | None, optional: Sequence[str] = ()
) -> str:
    """Rows as aligned columns, every cell whole when `width` is None. With `width` (a
    terminal's), every line fits it: the `optional` columns are left out, in their order, while
    the others do not fit with free text cut to MIN_WIDTH; then the columns are narrowed as
    SHRINKABLE and KEYS say, their cells cut with an ellipsis."""
    cells = {key: [_cell(row[key]) for row in rows] for key, _ in columns}
    shown = list(columns)
    if width is None:
        return _lines(shown, cells, [_natural(column, cells) for column in shown])
    widths = _narrowed(shown, cells, width, passes=1)
    while sum(widths) + GAP * (len(widths) - 1) > width and any(key in optional for key, _ in shown):
        dropped = next(key for key in optional if any(key == shown_key for shown_key, _ in shown))
        shown = [column for column in shown if column[0] != dropped]
        widths = _narrowed(shown, cells, width, passes=1)
    return fit_lines(_lines(shown, cells, _narrowed(shown, cells, width, passes=4)), width)


def _natural(column: Column, cells: dict[str, list[str]]) -> int:
    key, header = column
    return max([len(header)] + [display_width(cell) for cell in cells[key]])


def _narrowed(columns: Sequence[Column], cells: dict[str, list[str]], width: int, passes: int) -> list[int]:
    """Column widths narrowed toward `width` by the first `passes` of: free text to MIN_WIDTH, free
    text to its header, every column but the keys to its header, the keys to theirs."""
    floors = (
        {key: max(MIN_WIDTH, len(header)) for key, header in columns if key in SHRINKABLE},
        {key: len(header) for key, header in columns if key in SHRINKABLE},
        {key: len(header) for key, header in columns if key not in KEYS},
        {key: len(header) for key, header in columns},
    )
    widths = [_natural(column, cells) for column in columns]
    for floor in floors[:passes]:
        minimum = [min(w, floor.get(key, w)) for w, (key, _) in zip(widths, columns)]
        widths = fit_widths(widths, width, minimum=minimum, gap=GAP)
    return widths


def _lines(columns: Sequence[Column], cells: dict[str, list[str]], widths: Sequence[int]) -> str:
    """The header and the rows, each cell cut to its column's width and padded to it."""
    rows = [[header for _, header in columns]] + [list(line) for line in zip(*(cells[key] for key, _ in columns))]
    return "\n".join((" " * GAP).join(pad(cut(cell, w), w) for cell, w in zip(line, widths)).rstrip() for line in rows)


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
        ("Redactions", _redactions(record.get("redactions"))),
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


def hits_text(hits: Sequence[Hit], width: int | None = None) -> str:
    """Search results: one heading per document, its best snippets with their page numbers. With
    `width`, headings are cut to it and snippets wrapped under their page (no match is lost)."""
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
        lines = [cut(head, width) if width else head]
        for page, text in hit.snippets:
            label = f"  {'p. ' + str(page) if page else 'case':>6}  "
            wrapped = wrap(text, max(width - len(label), MIN_WIDTH)) if width else [text]
            lines += [label + wrapped[0]] + [" " * len(label) + more for more in wrapped[1:]]
        if len(hit.pages) > len([p for p, _ in hit.snippets if p]):
            lines += _wrapped(f"matches on pages {', '.join(map(str, hit.pages))}", width, "  ")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _wrapped(text: str, width: int | None, indent: str = "") -> list[str]:
    """A sentence as lines of `width` (one line when None), each after `indent`."""
    return [indent + line for line in (wrap(text, width - len(indent)) if width else [text])]


def stats_text(stats: dict[str, Any], width: int | None = None) -> str:
    """The statistics as short sections; with `width`, sentences wrapped and long names cut to it."""
    lines = _wrapped(
        f"{stats['documents']} documents, {stats['pages']} pages; {stats['with_original']} with "
        f"their original, {stats['without_original']} without; {stats['unreadable']} unreadable PDFs",
        width,
    )
    if stats["malformed_records"]:
        lines += _wrapped(
            f"{stats['malformed_records']} malformed records skipped (courtarchive verify lists them)", width
        )
    for title, key in (
        ("By court", "by_court"),
        ("By type", "by_type"),
        ("By month filed", "by_month"),
        ("Errors (documents)", "errors"),
    ):
        counts: dict[str, int] = stats[key]
        if counts:
            names = max(display_width(name) for name in counts)
            names = min(names, max(width - 10, 1)) if width else names  # room for "  " + name + "  " + 6 digits
            lines += [title] + [f"  {pad(cut(name, names), names)}  {count:>6}" for name, count in counts.items()]
    return fit_lines("\n".join(lines), width)


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


def _redactions(found: Any) -> str | None:
    """A record's redaction boxes in a line: how many hide text still in the PDF, and where."""
    if not isinstance(found, list) or not found:
        return None
    bad = [item for item in found if isinstance(item, dict) and item.get("hides_text")]
    pages = sorted({item["page"] for item in bad if isinstance(item.get("page"), int)})
    if not bad:
        return f"{len(found)} boxes, none over text left in the PDF"
    return (
        f"{len(bad)} of {len(found)} boxes hide text still in the PDF (bad redactions), on"
        f" page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}"
    )
