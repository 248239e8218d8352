"""How well case names are shortened, on 300 names no rule was written from the documents for.

    .venv/bin/python bench/case_names.py [LABELS.json]

`tests/labels/case_names.json` holds 300 case names as state and federal courts' websites print
them (sampled from juriscraper's example suite, `../shared/fixtures/juriscraper`), each with the
short form a reporter cites, written by hand by a reader who did not see this project's code.
Half are `tune` (rules may be written reading their misses), half `check` (measured only).
Each name is read two ways: as a listing line, straight to `short_case_name`, and as a caption
(the sides set on lines around a `v.`, read by `case_parties` first, as a document's caption
is). Prints the share exactly right per half and way; last line: `case names: tune T check C`
(the caption way, the one documents take).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.metadata.names import short_case_name
from parsers.metadata.parties import case_parties

LABELS = Path(__file__).resolve().parents[1] / "tests/labels/case_names.json"


def as_listing(printed: str) -> str | None:
    """The short name of a listing's line."""
    return short_case_name(printed)


def as_caption(printed: str) -> str | None:
    """The short name of the same parties set as a caption: one side, `v.`, the other."""
    caption = re.sub(r"\s+vs?\.?\s+", "\nv.\n", printed, count=1)
    return short_case_name(case_parties(caption) or printed)


def share_right(rows: list[dict[str, str]], read: Callable[[str], str | None]) -> tuple[int, int]:
    """How many of the rows `read` shortens exactly as labelled, and how many rows."""
    return sum((read(row["printed"]) or "") == row["short"] for row in rows), len(rows)


def main(argv: list[str]) -> int:
    """Print both ways' figures for both halves."""
    rows = json.loads((Path(argv[0]) if argv else LABELS).read_text())
    halves = {half: [row for row in rows if row["split"] == half] for half in ("tune", "check")}
    figures = {}
    for name, read in (("listing", as_listing), ("caption", as_caption)):
        for half, subset in halves.items():
            right, total = share_right(subset, read)
            figures[name, half] = right / total
            print(f"{name:8} {half:5} {right}/{total} = {right / total:.3f}")
    print(f"case names: tune {figures['caption', 'tune']:.3f} check {figures['caption', 'check']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
