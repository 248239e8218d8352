"""Bad redactions found on x-ray's 27 test PDFs, against what x-ray's tests expect, and on the
corpus's dev documents.

    .venv/bin/python bench/redactions.py [--engine pypdfium2] [SHARED_DIR]   (../shared)

- `fixtures/xray/`: each file's bad redactions (`parsers.redactions`, through `extract`, OCR
  off), compared with `EXPECTED`: what x-ray's test suite asserts of it (PROVENANCE.md there).
- the corpus: `corpus/pdfs/` (its `dev` split only: the `eval` files named in
  `corpus/SPLITS.md` are left out, and the output says how many), `corpus/recap/` and
  `corpus/appellate/`. Every document with a bad redaction is listed: file, page, kind, box
  and how many characters it hides (never the hidden text).

The last line: `redactions: N/27 as x-ray expects, hidden-on-visible: yes|no, flagged in
corpus: K` (K documents).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from parsers.errors import PdfError
from parsers.redactions import Redaction
from parsers.text import DEFAULT_ENGINE, ENGINES, extract

# What x-ray's tests (tests/test_utils.py) assert of each file: the bad redactions per page,
# as {page: count}; None where a test asserts only that some are found on page 1. Every
# other file of the 27: none. `bad_cross_hatched_redactions.pdf`: at the commit the
# fixtures come from, its test counts the chars under the page's filled rectangles (639)
# and asserts no verdict (x-ray 0.4.0's `inspect` finds none, as PROVENANCE.md says); x-ray's
# later test (test_cross_hatched_redactions) expects 16 on page 1, and the rendered page shows
# black cross-hatched bars over words still in the text layer. We follow the later test.
EXPECTED: dict[str, dict[int, int | None]] = {
    "rectangles_yes.pdf": {1: 3},
    "rectangles_yes_2.pdf": {1: None},
    "hidden_text_on_visible_text.pdf": {1: 2},
    "bad_cross_hatched_redactions.pdf": {1: 16},
}
HIDDEN_ON_VISIBLE = "hidden_text_on_visible_text.pdf"
XRAY_COUNT = 27


def bad_by_page(path: Path, engine: str) -> tuple[str, list[Redaction] | str]:
    """A file's bad redactions (or why it could not be read), OCR off."""
    try:
        extraction = extract(path.read_bytes(), engine=engine, ocr=False)
    except PdfError as exc:
        return path.name, f"{exc.kind}: {exc}"
    return path.name, [found for found in extraction.redactions if found.hides_text]


def agrees(found: list[Redaction], expected: dict[int, int | None]) -> bool:
    """Whether the bad redactions found are the expected ones, page by page."""
    counts: dict[int, int] = {}
    for item in found:
        counts[item.page] = counts.get(item.page, 0) + 1
    if set(counts) != set(expected):
        return False
    return all(want is None or counts[page] == want for page, want in expected.items())


def eval_files(shared: Path) -> set[str]:
    """The corpus files of the `eval` split (never read to write rules; left out here)."""
    names, inside = set(), False
    for line in (shared / "corpus" / "SPLITS.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## eval"
        elif inside and line.startswith("- "):
            names.add(line[2:].strip())
    return names


def corpus_files(shared: Path) -> tuple[list[Path], int]:
    """The dev PDFs of the corpus (pdfs/ dev split, recap/, appellate/), and how many eval
    files were left out."""
    left_out = eval_files(shared)
    pdfs = sorted((shared / "corpus" / "pdfs").glob("*.pdf"))
    kept = [path for path in pdfs if path.name not in left_out]
    for folder in ("recap", "appellate"):
        kept += sorted((shared / "corpus" / folder).glob("*.pdf"))
    return kept, sum(1 for path in pdfs if path.name in left_out)


def run(paths: list[Path], engine: str) -> Iterator[tuple[str, list[Redaction] | str]]:
    """Each file's result, the largest files first, on every core."""
    order = sorted(paths, key=lambda path: path.stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        results = dict(pool.map(bad_by_page, order, [engine] * len(order)))
    for path in paths:
        yield path.name, results[path.name]


def describe(found: list[Redaction]) -> str:
    """Bad redactions in a line: page, kind, chars hidden, box."""
    return "; ".join(
        f"p. {item.page} {item.kind} {item.chars} chars at"
        f" [{item.x0:.0f}, {item.top:.0f}, {item.x1:.0f}, {item.bottom:.0f}]"
        for item in found
    )


def main() -> int:
    """Print each x-ray file's verdict, each corpus flag, and the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--engine", choices=list(ENGINES), default=DEFAULT_ENGINE)
    args = parser.parse_args()
    xray = sorted((args.shared / "fixtures" / "xray").glob("*.pdf"))
    matched, hidden_found = 0, False
    for name, found in run(xray, args.engine):
        if isinstance(found, str):
            print(f"x-ray {name}: unreadable: {found}")
            continue
        expected = EXPECTED.get(name, {})
        ok = agrees(found, expected)
        matched += ok
        if name == HIDDEN_ON_VISIBLE:
            hidden_found = ok and all(item.kind == "overprint" for item in found)
        print(
            f"x-ray {name}: {'as expected' if ok else 'NOT as expected'}:"
            f" {describe(found) or 'none'} (expected: {expected or 'none'})"
        )
    corpus, skipped = corpus_files(args.shared)
    print(
        f"corpus: {len(corpus)} dev documents (pdfs/ dev split, recap/, appellate/);"
        f" {skipped} eval files of pdfs/ left out, never read"
    )
    flagged = 0
    for name, found in run(corpus, args.engine):
        if isinstance(found, str) or not found:
            continue
        flagged += 1
        print(f"corpus {name}: {describe(found)}")
    print(f"engine {args.engine}; x-ray files {len(xray)}")
    print(
        f"redactions: {matched}/{XRAY_COUNT} as x-ray expects, hidden-on-visible:"
        f" {'yes' if hidden_found else 'no'}, flagged in corpus: {flagged}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
