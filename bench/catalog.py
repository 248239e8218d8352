"""Catalog benchmark: rebuild, incremental update and search over a large generated archive.

    .venv/bin/python bench/catalog.py [--records 10000] [--keep]

Extracts every PDF of ../shared/corpus/pdfs with the parsers (in worker processes; not timed),
then writes `--records` records into a temporary local archive, each made from one corpus
document (its real text, page count and sha256) with its own id, court, date, type and case
name, exactly as `Archive.put_record` lays them out. Then times:
  rebuild   `update_catalog(rebuild=True)`: every record and text read, indexed, moved in place
  update    100 new records written, then `update_catalog()`: lists, reads only the new ones
  search    `storage.catalog.queries.search` (the `courtarchive search` query, with snippets) for a
            mix of phrases, words, boolean and prefix queries and filters, each run 5 times,
            for the best 20 documents, then for the default 10 (the figure on the last line)
Goals on the development machine: rebuild < 60 s, update < 2 s, search p95 < 50 ms.
The last line is `catalog rebuild_s: X update_s: Y search_p95_ms: Z`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.errors import PdfError
from parsers.text import Extraction, extract
from storage.archive import Archive, add_extraction, record_json, sha256_hex
from storage.catalog.queries import SEARCH_LIMIT, Filters, search
from storage.catalog.update import connect, update_catalog
from storage.document import DocumentRef
from storage.records import RecordParts, SourceFacts, build_record

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdfs"
COURTS = ["scotus", "ca1", "ca2", "ca3", "ca5", "ca7", "ca9", "cafc", "cand", "nysd", "cacd", "njd"]
TYPES = ["opinion", "order", "order", "other"]
NAMES = [
    "Garcia",
    "Smith",
    "Nguyen",
    "Okafor",
    "Johnson",
    "Kowalski",
    "Haddad",
    "Fischer",
    "Brown",
    "Tanaka",
    "Rossi",
    "Murphy",
    "Cohen",
    "Alvarez",
    "Singh",
    "Dubois",
    "Olsen",
    "Park",
]
QUERIES = [
    ('"notice of appeal"', Filters()),
    ('"summary judgment"', Filters()),
    ("consolidated", Filters()),
    ('"petition for review"', Filters()),
    ("arbitration", Filters()),
    ("redact*", Filters()),
    ('"motion to dismiss"', Filters()),
    ("jurisdiction AND venue", Filters()),
    ("habeas", Filters()),
    ('"First Amendment"', Filters()),
    ("immunity NOT qualified", Filters()),
    ("NEAR(fees costs, 5)", Filters()),
    ("Garcia", Filters()),
    ('"Garcia v. Okafor"', Filters()),
    ("employment discrimination", Filters()),
    ('"the court"', Filters()),
    ("court", Filters()),
    ("appeal", Filters(courts=["ca9"])),
    ("order", Filters(since="2024-01-01")),
    ("deadline", Filters(types=["order"])),
    ("patent", Filters()),
    ("pleading", Filters()),
    ('"district court"', Filters(courts=["nysd", "cand"])),
    ("copyright OR trademark", Filters()),
    ("sovereign", Filters()),
]
RUNS = 5
UPDATE_RECORDS = 100


def _extract(path: Path) -> tuple[str, bytes, Extraction | PdfError]:
    data = path.read_bytes()
    try:
        return path.name, data, extract(data)
    except PdfError as exc:
        return path.name, data, exc


def corpus_extractions() -> list[tuple[str, bytes, Extraction | PdfError]]:
    """Every corpus PDF with its extraction (or error), using every core."""
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_extract, sorted(CORPUS.glob("*.pdf"))))


def write_record(archive: Archive, number: int, template: tuple[str, bytes, Extraction | PdfError]) -> None:
    """Record `number`, made from one corpus document, written as put_record lays it out.

    Files are written directly, without put_record's fsync per file: generating the archive
    is not what is measured.
    """
    name, data, result = template
    court = COURTS[number % len(COURTS)]
    rid = f"{court}/bench-{number:06d}-{Path(name).stem[:40]}".replace(".", "_")
    sha256 = sha256_hex(data)
    filed = date(2015, 1, 1) + timedelta(days=(number * 7919) % 3650)
    facts = DocumentRef(
        court_id=court,
        court_name=court.upper(),
        docket_number=f"{filed.year % 100}-{number % 9000 + 100}",
        case_name=f"{NAMES[number % len(NAMES)]} v. {NAMES[(number * 7 + 3) % len(NAMES)]}",
        title=None if number % 3 else "Order",
        document_type=TYPES[number % len(TYPES)],
        date_filed=filed,
        judge=None,
    )
    parts = RecordParts(
        facts=facts,
        sha256=sha256,
        original_key=archive.original_key(sha256),
        source=SourceFacts(
            "bench",
            f"https://example.invalid/{rid}.pdf",
            "https://example.invalid/listing",
            "2026-01-01T00:00:00+00:00",
        ),
    )
    add_extraction(parts, result)
    folder = archive.folder
    assert folder is not None
    if parts.extraction is not None:
        parts.text_key = f"records/{rid}.txt"
        text_path = folder / parts.text_key
        text_path.parent.mkdir(parents=True, exist_ok=True)
        text_path.write_text(parts.extraction.text, encoding="utf-8")
    record_path = folder / f"records/{rid}.json"
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.write_bytes(record_json(build_record(rid, parts)))


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated archive and print where")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    templates = corpus_extractions()
    print(f"extracted {len(templates)} corpus PDFs in {time.perf_counter() - started:.1f} s (not timed)")
    workdir = tempfile.mkdtemp(prefix="catalog-bench-")
    archive = Archive.open(workdir)
    for number in range(args.records):
        write_record(archive, number, templates[number % len(templates)])
    text_mb = sum(p.stat().st_size for p in Path(workdir).rglob("*.txt")) / 1e6
    print(f"generated {args.records} records ({text_mb:.0f} MB of text) in {workdir}")

    rebuild = update_catalog(archive, rebuild=True)
    size_mb = rebuild.path.stat().st_size / 1e6
    print(
        f"rebuild: {rebuild.added} records, {rebuild.read} objects read, {rebuild.seconds:.2f} s "
        f"(catalog {size_mb:.0f} MB)"
    )
    for number in range(args.records, args.records + UPDATE_RECORDS):
        write_record(archive, number, templates[number % len(templates)])
    update = update_catalog(archive)
    assert update.added == UPDATE_RECORDS and update.unchanged == args.records, update
    print(
        f"update: {update.added} new records, {update.read} objects read, {update.unchanged} unchanged, "
        f"{update.seconds:.3f} s"
    )

    db = connect(rebuild.path)
    for limit in (20, SEARCH_LIMIT):  # the last is what `courtarchive search` shows by default
        timings, hits, broad, slowest = [], 0, 0, []
        for query, filters in QUERIES:
            runs = []
            for _ in range(RUNS):
                began = time.perf_counter()
                found = search(db, query, filters, limit=limit)
                runs.append((time.perf_counter() - began) * 1000)
            timings += runs
            hits += bool(found)
            broad += bool(found) and found[0].score is None
            slowest.append((statistics.median(runs), query))
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        print(
            f"search, best {limit} documents: {len(QUERIES)} queries x {RUNS} runs ({hits} with hits, "
            f"{broad} too broad to rank: newest first): "
            f"median {median:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms; slowest: "
            + ", ".join(f"{query} {ms:.0f} ms" for ms, query in sorted(slowest, reverse=True)[:3])
        )
    db.close()
    if args.keep:
        print(f"kept {workdir}")
    else:
        shutil.rmtree(workdir)
    print(f"catalog rebuild_s: {rebuild.seconds:.2f} update_s: {update.seconds:.3f} search_p95_ms: {p95:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
