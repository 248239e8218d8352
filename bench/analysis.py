"""CPU time of the analysis step alone (metadata, key quotes, citations) per page.

    .venv/bin/python bench/analysis.py [LABELS.json] [CORPUS_DIR]

Defaults: `tests/labels/dev_labels.json` and `../shared/corpus`. Each labelled PDF is extracted
(OCR off; not timed), then `parsers.analysis.analyse` is timed with `time.process_time`, so the
figure is the analysis's own CPU, whatever else the machine runs. The last line reads
`analysis ms/page: N`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from parsers.analysis import analyse
from parsers.errors import PdfError
from parsers.text import extract

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """Extract every labelled PDF, time its analysis, print the total and the per-page figure."""
    labels_path = Path(argv[0]) if argv else ROOT / "tests/labels/dev_labels.json"
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared/corpus"
    seconds = 0.0
    pages = 0
    for label in json.loads(labels_path.read_text()):
        try:
            extraction = extract((corpus / label["file"]).read_bytes(), ocr=False)
        except PdfError:
            continue
        started = time.process_time()
        analyse(extraction)
        seconds += time.process_time() - started
        pages += extraction.page_count
    print(f"analysis CPU: {seconds:.2f} s over {pages} pages")
    print(f"analysis ms/page: {1000 * seconds / max(pages, 1):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
