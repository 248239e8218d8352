"""Extraction speed, agreement and memory on the born-digital corpus PDFs, in one run.

    python bench/extract.py [DIR]      (DIR: ../shared/corpus/pdfs)

Runs, over every PDF whose PROVENANCE layer is `text...` (born-digital; OCR is off throughout,
so only the text layer is measured):
- pdfminer's bare parse (no layout analysis; the floor under pdfplumber), one core;
- `pdftotext -layout` (poppler, C), one core;
- our default engine (pdfplumber chars + cleaning) and our fast engine (pypdfium2 chars + the
  same cleaning), each on one core and in a process pool on every core, as a crawl runs them;
- the fast engine's word agreement with the default: words in common (as multisets, per file)
  over the default's words;
- peak memory: the largest resident set of a fresh process extracting one file, per engine.

Files any baseline cannot read (pdfminer cannot open doctor__missouri.pdf) are left out of
every figure and named. Last line:
`extract pages/s: DEFAULT fast: FAST pdftotext: P pdfminer: M` (pool figures for ours).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.baselines import cpu_seconds, pdfminer_bare_pages, pdftotext_pages
from parsers.text import ENGINES, extract

DEFAULT, FAST = ENGINES  # "pdfplumber", "pypdfium2"
CORPUS = REPO.parent / "shared" / "corpus"
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child would report
# at least its parent's peak; exec starts a new memory map, whose high-water mark is its own.
_PEAK_RSS = """
import re, sys
from parsers.text import extract
data = open(sys.argv[1], "rb").read()
if sys.argv[2] != "-":
    extract(data, engine=sys.argv[2], ocr=False)
status = open("/proc/self/status").read()
print(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1))
"""


def born_digital(folder: Path) -> list[Path]:
    """The PDFs in `folder` whose PROVENANCE.md layer starts with `text`."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (folder.parent / "PROVENANCE.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ]
    header = rows[0]
    file_at, layer_at = header.index("file"), header.index("layer")
    names = [row[file_at].strip("`") for row in rows[1:] if row[layer_at].startswith("text")]
    return [folder / name for name in sorted(names)]


def engine_text(path: Path, engine: str) -> tuple[int, str]:
    """Page count and clean text of one file with one of our engines, OCR off."""
    extraction = extract(path.read_bytes(), engine=engine, ocr=False)
    return extraction.page_count, extraction.text


def readable(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The files both baselines and both engines read, and why each other file is left out."""
    kept, left_out = [], []
    for path in paths:
        try:
            pdfminer_bare_pages(path)
            pdftotext_pages(path)
            engine_text(path, DEFAULT)
        except Exception as exc:  # noqa: BLE001 - any failure leaves the file out, named
            left_out.append(f"{path.name}: {type(exc).__name__}: {str(exc)[:80]}")
        else:
            kept.append(path)
    return kept, left_out


def one_core(work: Callable[[Path], int], paths: list[Path]) -> tuple[int, float]:
    """Pages and CPU seconds of `work` over `paths`, one after another in this process."""
    pages, cpu = 0, 0.0
    for path in paths:
        counted, _, used = cpu_seconds(work, path)
        pages, cpu = pages + counted, cpu + used
    return pages, cpu


def all_cores(engine: str, paths: list[Path]) -> tuple[int, float, dict[str, str]]:
    """Pages, wall seconds and texts of one engine over `paths` in a pool on every core.

    The largest files go first: otherwise the 170-page opinion, started last, runs alone on
    one core at the end, and the figure measures the file order rather than the engine.
    """
    order = sorted(paths, key=lambda path: path.stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        for _ in range(os.cpu_count() or 1):
            pool.submit(int).result()  # workers started before the clock runs
        started = time.perf_counter()
        results = list(pool.map(engine_text, order, [engine] * len(order)))
        seconds = time.perf_counter() - started
    texts = {path.name: text for path, (_, text) in zip(order, results)}
    return sum(pages for pages, _ in results), seconds, texts


def word_agreement(default: dict[str, str], fast: dict[str, str]) -> float:
    """Words the fast engine's text shares with the default's, over the default's word count."""
    common = total = 0
    for name, text in default.items():
        ours, theirs = Counter(text.split()), Counter(fast[name].split())
        common += sum((ours & theirs).values())
        total += sum(ours.values())
    return common / total if total else 1.0


def peak_rss_mb(path: Path, engine: str) -> float:
    """Largest resident set (MB) of a fresh Python extracting `path` (`-`: imports only)."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, str(path), engine],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return int(done.stdout) / 1024


def main(folder: Path) -> None:
    """Print every figure described in the module docstring."""
    paths, left_out = readable(born_digital(folder))
    for reason in left_out:
        print(f"left out: {reason}")
    print(f"{len(paths)} born-digital files, {os.cpu_count()} cores")

    rates: dict[str, float] = {}
    for name, work in (
        ("pdfminer", pdfminer_bare_pages),
        ("pdftotext", pdftotext_pages),
        (f"{DEFAULT} 1 core", lambda p: engine_text(p, DEFAULT)[0]),
        (f"{FAST} 1 core", lambda p: engine_text(p, FAST)[0]),
    ):
        pages, cpu = one_core(work, paths)
        rates[name] = pages / cpu
        print(f"{name}: {pages} pages in {cpu:.1f} s CPU: {rates[name]:.1f} pages/s")
    texts: dict[str, dict[str, str]] = {}
    for engine in (DEFAULT, FAST):
        pages, seconds, texts[engine] = all_cores(engine, paths)
        rates[engine] = pages / seconds
        print(
            f"{engine} {os.cpu_count()} cores: {pages} pages in {seconds:.1f} s wall:"
            f" {rates[engine]:.1f} pages/s, x{rates[engine] / rates['pdfminer']:.2f} pdfminer,"
            f" x{rates[engine] / rates['pdftotext']:.2f} pdftotext"
        )
    print(f"{FAST} word agreement with {DEFAULT}: {word_agreement(texts[DEFAULT], texts[FAST]):.2%}")

    print(f"python with our imports: {peak_rss_mb(paths[0], '-'):.0f} MB")
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as runner:
        for engine in (DEFAULT, FAST):
            peaks = list(runner.map(peak_rss_mb, paths, [engine] * len(paths)))
            worst = max(range(len(paths)), key=peaks.__getitem__)
            print(f"{engine} peak memory: {peaks[worst]:.0f} MB ({paths[worst].name})")
    print(
        f"extract pages/s: {rates[DEFAULT]:.1f} fast: {rates[FAST]:.1f}"
        f" pdftotext: {rates['pdftotext']:.1f} pdfminer: {rates['pdfminer']:.1f}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS / "pdfs")
