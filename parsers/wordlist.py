"""pyspellchecker's English word list, with each word's count: whether a word is English, and
how common. Loaded on first use (0.2 s, once per process), so a document that never asks pays
nothing."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker.spellchecker import WordFrequency


def word_count(word: str) -> int:
    """How often the word list's corpus uses `word` (lower case); 0 for a word it lacks."""
    return int(_word_list()[word])


@cache
def _word_list() -> WordFrequency:
    """The word list, loaded once per process."""
    from spellchecker import SpellChecker

    return SpellChecker().word_frequency
