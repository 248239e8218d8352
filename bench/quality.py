"""How well metadata and key quotes match hand labels, on the tuning half and the check half.

    .venv/bin/python bench/quality.py [LABELS.json] [CORPUS_DIR] [-v] [--split tune|check]

Defaults: `tests/labels/dev_labels.json` and `../shared/corpus`. LABELS.json is a list of
objects with `file` (relative to CORPUS_DIR), `split` (`tune` or `check`), `family`,
`filed_by`, `type`, `court {name, courtlistener_id}`, `case_number`, `case_name`, `judge`,
`date_filed`, `document_title`, `disposition` and `key_quotes [{text, page}]` (see
tests/labels/README.md). Each labelled PDF is extracted and analysed (two worker processes;
extractions are cached in `$XDG_CACHE_HOME/court-archiver/quality`, keyed by the PDF's bytes
and the extraction code). A field matches when equal after whitespace, case, quote and dash
normalisation (dates compared as dates; docket numbers on their core form, a list of them as
a set; a judge also when the label is the surname the prediction ends with, or the
prediction names the labelled surname; a null label matches only a missing value). A
labelled quote is found when one of the five returned quotes sits on its page and holds at
least 80% of its words. Party filings must come back with no quotes: each that does not is
counted. Per field and per family, both halves are printed, then how much of the labelled
quotes a second, independent reader's five picks cover by the same rule
(`tests/labels/second_reader.json`: the level the quotes are judged against), and the quotes@5
of the generated documents' halves (`tests/labels/synthetic_quotes.json`, text without pages:
found when a returned quote holds 80% of the label's words); the last line is the check half's:
`quality fields: F quotes@5: Q`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from parsers.analysis import Analysis, analyse
from parsers.citations import find_citations
from parsers.courts import docket_core
from parsers.errors import PdfError
from parsers.quotes import key_quotes
from parsers.text import Extraction, extract
from storage.blobs.base import user_folder

FIELDS = (
    "court_name",
    "court_id",
    "case_number",
    "case_name",
    "judge",
    "date_filed",
    "document_title",
    "disposition",
    "filed_by",
    "type",
)
COVERAGE = 0.8
K = 5
SPLITS = ("tune", "check")
ROOT = Path(__file__).resolve().parent.parent
# The modules that read a document once it is extracted: a change to any other module of
# parsers/ (a new one too) may change an extraction, and so makes the cache stale.
_ANALYSIS_CODE = frozenset(
    {"analysis.py", "quotes.py", "transcripts.py", "citations.py", "sentences.py", "courts.py", "pool.py"}
)


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
    return {
        "court_name": metadata.get("court_name"),
        "court_id": metadata.get("court_id"),
        "case_number": [docket.printed for docket in metadata.dockets],
        "case_name": metadata.get("case_name"),
        "judge": metadata.get("judge"),
        "date_filed": metadata.get("date_filed"),
        "document_title": metadata.get("document_title"),
        "disposition": metadata.get("disposition"),
        "filed_by": metadata.get("filed_by"),
        "type": metadata.get("document_type"),
    }


def field_matches(name: str, label: Any, got: Any) -> bool:
    """Whether one predicted field equals its label, by the rules in the module docstring."""
    if name == "case_number":
        if label is None:
            return not got
        if isinstance(label, list):
            return {_docket_key(item) for item in label} == {_docket_key(item) for item in got}
        return bool(got) and _docket_key(label) == _docket_key(got[0])
    if label is None or got is None:
        return label is None and got is None
    if name == "date_filed":
        return date.fromisoformat(label) == date.fromisoformat(got)
    if name == "judge":
        return _same_judge(normalise(label), normalise(got))
    return normalise(label) == normalise(got)


def _same_judge(label: str, got: str) -> bool:
    """Equal names, or one the surname of the other (`niemeyer` and `paul v. niemeyer`)."""
    if label == got:
        return True
    label_words, got_words = label.replace(",", "").split(), got.replace(",", "").split()
    suffixes = {"jr.", "sr.", "ii", "iii", "iv"}
    label_words = [word for word in label_words if word not in suffixes]
    got_words = [word for word in got_words if word not in suffixes]
    if not label_words or not got_words:
        return False
    one_word = len(label_words) == 1 or len(got_words) == 1
    return one_word and label_words[-1] == got_words[-1]


def quote_found(label: dict[str, Any], analysis: Analysis) -> bool:
    """Whether a returned quote on the label's page holds 80% of the label's words."""
    return picked(label, [(quote.page, quote.text) for quote in analysis.shown_quotes[:K]])


def picked(label: dict[str, Any], picks: Iterable[tuple[int, str]]) -> bool:
    """Whether one of the (page, sentence) picks is on the label's page and holds 80% of its words."""
    wanted = Counter(words(label["text"]))
    for page, text in picks:
        have = Counter(words(text))
        if page == label["page"] and sum(min(count, have[word]) for word, count in wanted.items()) >= COVERAGE * sum(
            wanted.values()
        ):
            return True
    return False


def generated_recall() -> dict[str, tuple[int, int]]:
    """Per half of the generated documents, the labelled quotes found in the five returned
    (found, total)."""
    recall: dict[str, tuple[int, int]] = {}
    for document in json.loads((ROOT / "tests/labels/synthetic_quotes.json").read_text()):
        text = document["text"]
        picks = [(1, quote.text) for quote in key_quotes(text, None, find_citations(text).spans, K)]
        hits = sum(picked({"text": quote, "page": 1}, picks) for quote in document["quotes"])
        found, total = recall.get(document["split"], (0, 0))
        recall[document["split"]] = (found + hits, total + len(document["quotes"]))
    return recall


def second_reader(labels: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per half, the labelled quotes a second reader's five picks cover (found, total): the
    level two careful readers agree at, read from `tests/labels/second_reader.json`."""
    by_file = {label["file"]: label for label in labels}
    covered: dict[str, tuple[int, int]] = {}
    for entry in json.loads((ROOT / "tests/labels/second_reader.json").read_text()):
        label = by_file.get(entry["file"])
        if label is None:
            continue
        picks = [(pick["page"], pick["text"]) for pick in entry["picks"][:K]]
        found, total = covered.get(entry["split"], (0, 0))
        hits = sum(picked(quote, picks) for quote in label["key_quotes"])
        covered[entry["split"]] = (found + hits, total + len(label["key_quotes"]))
    return covered


def _code_key() -> str:
    """A digest of the extraction code, so a cached extraction is dropped when it changes."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "parsers").glob("*.[pc]*")):
        if path.suffix in (".py", ".c") and path.name not in _ANALYSIS_CODE:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir() -> Path:
    """Where extractions are cached between runs."""
    return user_folder("cache") / "quality"


def cached_extract(path: Path) -> Extraction | PdfError:
    """The extraction of a PDF, from the cache when the bytes and the code are unchanged."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:24] + "-" + _code_key()
    cached = _cache_dir() / f"{key}.pickle"
    if cached.exists():
        result: Extraction | PdfError = pickle.loads(cached.read_bytes())
        return result
    try:
        result = extract(data)
    except PdfError as exc:
        result = exc
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(result))
    return result


def _analysed(path: Path) -> Analysis | None:
    """The document's analysis, or None when it has no readable text."""
    extraction = cached_extract(path)
    return None if isinstance(extraction, PdfError) else analyse(extraction, k=K)


class Tally:
    """Field hits and quote finds of one group of documents."""

    def __init__(self) -> None:
        self.documents = 0
        self.hits: Counter[str] = Counter()
        self.quotes_found = 0
        self.quotes_total = 0
        self.party_quoted = 0

    @property
    def fields(self) -> float:
        """The share of fields matched."""
        return sum(self.hits.values()) / (len(FIELDS) * self.documents) if self.documents else 0.0

    @property
    def recall(self) -> float:
        """The share of labelled quotes found in the top five."""
        return self.quotes_found / self.quotes_total if self.quotes_total else 0.0


def score(label: dict[str, Any], analysis: Analysis | None, tallies: Iterable[Tally], verbose: bool) -> None:
    """Add one document's field matches and quote finds to every tally given."""
    got = predicted(analysis) if analysis else dict.fromkeys(FIELDS)
    got["case_number"] = got["case_number"] or []
    court = label["court"] or {}
    expected = {**label, "court_name": court.get("name"), "court_id": court.get("courtlistener_id")}
    matched = {name for name in FIELDS if field_matches(name, expected[name], got[name])}
    found = [quote for quote in label["key_quotes"] if analysis and quote_found(quote, analysis)]
    party_quoted = label["filed_by"] == "party" and bool(analysis and analysis.shown_quotes)
    for tally in tallies:
        tally.documents += 1
        tally.hits.update(matched)
        tally.quotes_found += len(found)
        tally.quotes_total += len(label["key_quotes"])
        tally.party_quoted += party_quoted
    if verbose:
        for name in sorted(set(FIELDS) - matched, key=FIELDS.index):
            print(f"  [{label['split']}] {label['file']}: {name} {got[name]!r} != {expected[name]!r}")
        for quote in label["key_quotes"]:
            if quote not in found:
                print(f"  [{label['split']}] {label['file']}: missed p{quote['page']} {quote['text'][:80]!r}")


def _table(title: str, tallies: dict[str, dict[str, Tally]]) -> None:
    """One table: a row per key (field or family), the tuning and check halves side by side."""
    print(f"\n{title:18} {'tune':>14} {'check':>14}")
    keys = sorted({key for split in tallies.values() for key in split})
    for key in keys:
        cells = []
        for split in SPLITS:
            tally = tallies[split].get(key)
            cells.append(f"{tally.fields:.3f} ({tally.documents:>2}) q{tally.recall:.2f}" if tally else "-")
        print(f"{key:18} {cells[0]:>20} {cells[1]:>20}")


def main(argv: list[str]) -> int:
    """Score every labelled document; print per-field and per-family tables and the summary."""
    verbose = "-v" in argv
    only = argv[argv.index("--split") + 1] if "--split" in argv else None
    positional = [
        arg
        for index, arg in enumerate(argv)
        if not arg.startswith("-") and (index == 0 or argv[index - 1] != "--split")
    ]
    labels_path = Path(positional[0]) if positional else ROOT / "tests/labels/dev_labels.json"
    corpus = Path(positional[1]) if len(positional) > 1 else ROOT.parent / "shared/corpus"
    labels = [label for label in json.loads(labels_path.read_text()) if only is None or label["split"] == only]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        analyses = list(pool.map(_analysed, [corpus / label["file"] for label in labels]))
    halves = {split: Tally() for split in SPLITS}
    families: dict[str, dict[str, Tally]] = {split: defaultdict(Tally) for split in SPLITS}
    for label, analysis in zip(labels, analyses):
        split = label["split"]
        score(label, analysis, (halves[split], families[split][label["family"]]), verbose)
    print(f"\n{'field':18} {'tune':>14} {'check':>14}")
    for name in FIELDS:
        cells = [f"{halves[split].hits[name]}/{halves[split].documents}" for split in SPLITS]
        print(f"{name:18} {cells[0]:>14} {cells[1]:>14}")
    _table("family", families)
    for split in SPLITS:
        tally = halves[split]
        print(
            f"{split}: {tally.documents} documents, fields {tally.fields:.3f}, "
            f"quotes@{K} {tally.quotes_found}/{tally.quotes_total} = {tally.recall:.3f}, "
            f"party filings with quotes: {tally.party_quoted}"
        )
    for split, (found, total) in second_reader(labels).items():
        print(
            f"{split}: a second reader's five picks cover {found}/{total} = {found / total:.3f} of the labelled quotes"
        )
    for split, (found, total) in generated_recall().items():
        print(f"generated {split}: quotes@{K} {found}/{total} = {found / total:.3f}")
    check = halves["check"] if halves["check"].documents else halves["tune"]
    print(f"quality fields: {check.fields:.3f} quotes@{K}: {check.recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
