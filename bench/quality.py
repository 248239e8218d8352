"""How well metadata and key quotes match hand labels: per-field match share and quotes@5 recall.

    .venv/bin/python bench/quality.py tests/labels/dev_labels.json ../shared/corpus/pdfs [-v]

LABELS.json is a list of objects with `file, court {name, courtlistener_id}, case_number,
case_name, judge, date_filed, document_title, disposition, key_quotes [{text, page}]`. Each
labelled PDF is extracted and analysed; a field matches when equal after whitespace, case,
quote and dash normalisation (dates compared as dates; docket numbers on their core form, a
list of them as a set; a null label matches only a missing value). A labelled quote is found
when one of the five returned quotes sits on its page and holds at least 80% of its words.
The last line reads `quality fields: F quotes@5: Q`, both fractions.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from parsers.analysis import Analysis, analyse
from parsers.courts import docket_core
from parsers.text import extract

FIELDS = ("court_name", "court_id", "case_number", "case_name", "judge", "date_filed",
          "document_title", "disposition")
COVERAGE = 0.8
K = 5


def normalise(value: str) -> str:
    """Casefolded, single-spaced, with curly quotes and dashes made plain."""
    value = value.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    value = re.sub(r"[–—]", "-", value)
    return " ".join(value.split()).casefold()


def words(text: str) -> list[str]:
    """The words of a text, normalised, for quote coverage."""
    return re.findall(r"[a-z0-9]+", normalise(text).replace("'", ""))


def _docket_key(value: str) -> str:
    """A docket's core form without the office number, so `1:09-cv-07491` = `09-cv-07491`."""
    return docket_core(value).split(":", 1)[-1]


def predicted(analysis: Analysis) -> dict[str, Any]:
    """The analysis's values under the labels' field names."""
    metadata = analysis.metadata
    return {"court_name": metadata.get("court_name"), "court_id": metadata.get("court_id"),
            "case_number": [docket.printed for docket in metadata.dockets],
            "case_name": metadata.get("case_name"), "judge": metadata.get("judge"),
            "date_filed": metadata.get("date_filed"),
            "document_title": metadata.get("document_title"),
            "disposition": metadata.get("disposition")}


def field_matches(name: str, label: Any, got: Any) -> bool:
    """Whether one predicted field equals its label, by the rules in the module docstring."""
    if name == "case_number":
        if isinstance(label, list):
            return {_docket_key(item) for item in label} == {_docket_key(item) for item in got}
        return bool(got) and _docket_key(label) == _docket_key(got[0])
    if label is None or got is None:
        return label is None and got is None
    if name == "date_filed":
        return date.fromisoformat(label) == date.fromisoformat(got)
    return normalise(label) == normalise(got)


def quote_found(label: dict[str, Any], analysis: Analysis) -> bool:
    """Whether a returned quote on the label's page holds 80% of the label's words."""
    wanted = words(label["text"])
    for quote in analysis.quotes[:K]:
        if quote.page != label["page"]:
            continue
        have = Counter(words(quote.text))
        covered = sum(min(count, have[word]) for word, count in Counter(wanted).items())
        if covered >= COVERAGE * len(wanted):
            return True
    return False


def main(argv: list[str]) -> int:
    """Score every labelled document; print per-field shares, misses with -v, and the summary."""
    verbose = "-v" in argv
    labels_path, pdf_dir = (Path(arg) for arg in argv if arg != "-v")
    labels = json.loads(labels_path.read_text())
    hits: Counter[str] = Counter()
    quotes_found = quotes_total = 0
    for label in labels:
        label = {**label, "court_name": label["court"]["name"],
                 "court_id": label["court"]["courtlistener_id"]}
        analysis = analyse(extract((pdf_dir / label["file"]).read_bytes()), k=K)
        got = predicted(analysis)
        for name in FIELDS:
            if field_matches(name, label[name], got[name]):
                hits[name] += 1
            elif verbose:
                print(f"  {label['file']}: {name} {got[name]!r} != {label[name]!r}")
        for quote in label["key_quotes"]:
            quotes_total += 1
            if quote_found(quote, analysis):
                quotes_found += 1
            elif verbose:
                print(f"  {label['file']}: missed p{quote['page']} {quote['text'][:80]!r}")
    for name in FIELDS:
        print(f"{name:16} {hits[name]}/{len(labels)} = {hits[name] / len(labels):.3f}")
    fields = sum(hits.values()) / (len(FIELDS) * len(labels))
    recall = quotes_found / quotes_total if quotes_total else 0.0
    print(f"quotes@{K}: {quotes_found}/{quotes_total}")
    print(f"quality fields: {fields:.3f} quotes@5: {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
