"""Learn the key-quote weights (`parsers.quotes.WEIGHTS`) from the tuning halves.

    .venv/bin/python bench/learn_quotes.py [LABELS.json] [CORPUS_DIR]

Learns from two tuning halves: the labelled dev documents' tuning half (its court documents)
and the tuning half of the generated documents in `tests/labels/synthetic_quotes.json`. The dev
check half is never opened; the generated check half is read only after the fit, to print what
the chosen weights find there. Every quotable sentence
(`parsers.quotes.candidates`) is an example, a positive one when it holds at least 80% of a
labelled quote's words. Fits a logistic regression (features standardised, positives weighted
up to balance the classes, a real document counting `REAL_WEIGHT` times a generated one, L2
penalty, plain gradient descent, so the same labels give the same weights); prints, for each
penalty tried, the leave-one-document-out quotes@5 on both tuning halves, and the weights of
the best penalty, fitted on both, as the literal to put in parsers/quotes.py, then what they
find on the generated check half (no part of the fit or the choice of penalty). Last line:
`learned quotes@5 (tune, leave-one-out): R`, over both tuning halves.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import ROOT, K, cached_extract, words
from parsers.citations import find_citations
from parsers.errors import PdfError
from parsers.quotes import FEATURES, candidates

PENALTIES = (0.1, 1.0, 10.0)
# A labelled court document weighs this many generated ones: the generated documents widen
# the styles seen (unpublished dispositions, sentencing, state courts), the real ones keep the
# fit on what the courts actually print.
REAL_WEIGHT = 3.0
SYNTHETIC = Path(__file__).resolve().parents[1] / "tests/labels/synthetic_quotes.json"
STEPS = 3000
RATE = 0.1
Array = npt.NDArray[np.float64]


class Example:
    """One tuning document: its candidates' features and, per labelled quote, the candidates
    that hold it."""

    def __init__(self, features: Array, quotes: list[set[int]], weight: float = 1.0) -> None:
        self.features = features
        self.quotes = quotes
        self.weight = weight

    @property
    def positives(self) -> Array:
        """1 for each candidate that holds a labelled quote, else 0."""
        marks = np.zeros(len(self.features))
        for held in self.quotes:
            marks[list(held)] = 1.0
        return marks


def _holds(wanted: Counter[str], text: str) -> bool:
    """Whether `text` holds 80% of the wanted words (bench/quality.py's rule)."""
    have = Counter(words(text))
    return sum(min(count, have[word]) for word, count in wanted.items()) >= 0.8 * sum(wanted.values())


def examples(labels: list[dict[str, Any]], corpus: Path) -> list[Example]:
    """The tuning half's court documents with labelled quotes, as examples."""
    found = []
    for label in labels:
        if label["split"] != "tune" or label["filed_by"] == "party" or not label["key_quotes"]:
            continue
        extraction = cached_extract(corpus / label["file"])
        if isinstance(extraction, PdfError):
            continue
        example = _example(extraction.text, [quote["text"] for quote in label["key_quotes"]], REAL_WEIGHT)
        if example:
            found.append(example)
    return found


def synthetic_examples(split: str) -> list[Example]:
    """One half of the generated documents, as examples."""
    documents = json.loads(SYNTHETIC.read_text())
    found = [_example(item["text"], item["quotes"], 1.0) for item in documents if item["split"] == split]
    return [example for example in found if example]


def _example(text: str, quotes: list[str], weight: float) -> Example | None:
    """A document's candidates and which of them hold each labelled quote; None without candidates."""
    items = candidates(text, find_citations(text).spans, dict.fromkeys(FEATURES, 0.0))
    if not items:
        return None
    held = [
        {index for index, item in enumerate(items) if _holds(Counter(words(quote)), item.sentence.text)}
        for quote in quotes
    ]
    return Example(np.array([item.features for item in items], dtype=float), held, weight)


def fit(documents: list[Example], penalty: float) -> Array:
    """Weights of a class-balanced, L2-penalised logistic regression, on the raw features."""
    features = np.vstack([document.features for document in documents])
    marks = np.concatenate([document.positives for document in documents])
    mean, spread = features.mean(axis=0), features.std(axis=0) + 1e-9
    scaled = (features - mean) / spread
    balance = np.where(marks == 1, (len(marks) - marks.sum()) / max(1.0, marks.sum()), 1.0)
    balance *= np.concatenate([np.full(len(document.features), document.weight) for document in documents])
    balance /= balance.mean()
    weights = np.zeros(scaled.shape[1])
    bias = 0.0
    for _ in range(STEPS):
        error = balance * (1 / (1 + np.exp(-(scaled @ weights + bias))) - marks)
        weights -= RATE * (scaled.T @ error / len(marks) + 10 * penalty * weights / len(marks))
        bias -= RATE * float(error.mean())
    result: Array = weights / spread
    return result


def found_at_k(documents: list[Example], weights: Array) -> tuple[int, int]:
    """Labelled quotes held by one of each document's `K` best-scored candidates, and all."""
    found = total = 0
    for document in documents:
        best = set(np.argsort(-(document.features @ weights), kind="stable")[:K].tolist())
        found += sum(bool(held & best) for held in document.quotes)
        total += len(document.quotes)
    return found, total


def main(argv: list[str]) -> int:
    """Fit, report leave-one-out recall per penalty, print the best weights."""
    labels_path = Path(argv[0]) if argv else ROOT / "tests/labels/dev_labels.json"
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared/corpus"
    real = examples(json.loads(labels_path.read_text()), corpus)
    documents = real + synthetic_examples("tune")
    results = {}
    for penalty in PENALTIES:
        found = [0, 0, 0, 0]  # real found, real total, generated found, generated total
        for index, document in enumerate(documents):
            weights = fit(documents[:index] + documents[index + 1 :], penalty)
            hit, count = found_at_k([document], weights)
            offset = 0 if index < len(real) else 2
            found[offset] += hit
            found[offset + 1] += count
        results[penalty] = (found[0] + found[2]) / (found[1] + found[3])
        print(
            f"penalty {penalty:>5}: quotes@{K} leave-one-out: labelled {found[0]}/{found[1]}, "
            f"generated {found[2]}/{found[3]}, both {results[penalty]:.3f}"
        )
    best = max(PENALTIES, key=lambda penalty: (results[penalty], -penalty))
    weights = fit(documents, best)
    print(f"\nWEIGHTS (penalty {best}, {len(real)} labelled and {len(documents) - len(real)} generated documents):")
    for name, weight in zip(FEATURES, weights):
        print(f"    {name!r}: {weight:.3f},")
    hit, count = found_at_k(synthetic_examples("check"), weights)
    print(f"generated check half, not fitted on: quotes@{K} {hit}/{count} = {hit / count:.3f}")
    print(f"learned quotes@{K} (tune, leave-one-out): {results[best]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
