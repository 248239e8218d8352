"""Lines joined into paragraphs, with line-end hyphens resolved, and the offsets of each line.

A new paragraph starts where the next line is set in another size, or starts after a gap
over 1.4 times the page's line pitch (the median step; on a page with no running text, a
caption's or a cover's, the closest spacing its lines keep, its blank lines being gaps), or
is indented against both the page's margin and the line before (a first-line indent, a block
quote's start; a line back at the margin after an outdented first line, as in the syllabus's
hanging indents, continues), where a line in capitals (a heading) stands over a line in
ordinary case, after a date alone on its line (a stamp's, a signature's), or where the line
before stopped short although the next line's first word would have fitted on it (a
paragraph's last line, a heading). A line ending in a hyphenated word never ends a paragraph.
Paragraphs are separated by one newline, the lines of a paragraph by one space; a line ending
in a dash (— or –) joins the next without one.

A hyphen at the end of a line, between lower-case letters, is dropped when the joined word
is a word of the document (it occurs unhyphenated elsewhere); kept when the hyphenated form
occurs elsewhere, when the first part is a prefix legal writing hyphenates
("non-practicing"), or when both parts are words of the document ("attorney-client"); and
dropped otherwise ("Ap-peals", "en-tered": slip-opinion syllable breaks; "William-son": a
name). After a digit or a capital, or before either, it is always kept ("15-cv-01234",
"F-µBGA", "Pettaway-Vint"). Soft hyphens (U+00AD) always join. The document is its own
dictionary first; where it cannot settle a hyphen, pyspellchecker's English word list does
("previously-filed", "above-captioned": both parts words, the joined form none).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from parsers.lines import RULE, SOFT_HYPHEN, Line, Word
from parsers.pagemap import LineBox
from parsers.wordlist import word_count

_NEW_SIZE = 0.15  # a change of font size by more than this fraction starts a paragraph
_GAP = 1.4  # a baseline distance over this multiple of the page's pitch starts a paragraph
_ALIGNED = 2.0  # points: left edges closer than this are the same margin
_RUNNING_WORDS, _RUNNING_LINES = 10, 3  # running text: lines of this many words, this many of them
_DATE_LINE = re.compile(r"\(?(?:[A-Z][a-z]{2,8}\.?|[A-Z]{3,9}) \d{1,2}, \d{4}\)?\.?")
_DASHES = ("—", "–")
# Prefixes that legal writing hyphenates ("non-party", "post-petition"): a compound unless
# the document spells the word solid elsewhere. And prefixes that are also common first
# syllables ("pre-cede", "ex-cess"): a compound only if the second part is a word.
_HYPHENATED_PREFIXES = frozenset({"anti", "cross", "multi", "non", "post", "quasi", "self", "semi"})
_PREFIXES = frozenset({"co", "ex", "pre"})
_LEADING = re.compile(r"^[^\w]+")
_TRAILING = re.compile(r"[^\w]+$")
_WORD_START = re.compile(r"^[^\W\d_]+")
_WORD_END = re.compile(r"[^\W\d_]+$")


@dataclass(frozen=True)
class Vocabulary:
    """The document's own words (lower case), and its hyphenated compounds."""

    words: frozenset[str]
    compounds: frozenset[str]


@dataclass
class TextBuilder:
    """Accumulates one text stream (body or footnotes) and the segment of each line in it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    segments: list[LineBox] = field(default_factory=list)

    def add(self, text: str) -> None:
        """Append text that came from no line (separators)."""
        self.parts.append(text)
        self.length += len(text)

    def add_line(self, text: str, page: int, words: list[Word]) -> None:
        """Append a line's text and record its box."""
        self.segments.append(
            LineBox(
                self.length,
                self.length + len(text),
                page,
                round(min(word.x0 for word in words), 1),
                round(min(word.top for word in words), 1),
                round(max(word.x1 for word in words), 1),
                round(max(word.bottom for word in words), 1),
            )
        )
        self.add(text)

    def drop_last_char(self) -> None:
        """Take back the last character (a line-end hyphen found to be a syllable break)."""
        last = self.parts[-1]
        self.parts[-1] = last[:-1]
        self.length -= 1
        if self.segments and self.segments[-1].end > self.length:
            self.segments[-1] = self.segments[-1]._replace(end=self.length)

    def text(self) -> str:
        """All that was added, as one string."""
        return "".join(self.parts)


def vocabulary(blocks: Iterable[list[Line]]) -> Vocabulary:
    """Collect the words of blocks of lines, leaving out the fragments around line-end hyphens.

    Each block (a page's body, a page's footnotes) is read in order, so the word after a
    hyphenated line end is known to be a fragment; carry words split over a page break back
    first (the layout does) so that the fragment follows its first half.
    """
    words: set[str] = set()
    compounds: set[str] = set()
    for lines in blocks:
        _collect(lines, words, compounds)
    return Vocabulary(frozenset(words), frozenset(compounds))


def _collect(lines: list[Line], words: set[str], compounds: set[str]) -> None:
    """Add one block's words and compounds to the sets."""
    after_hyphen = False
    for line in lines:
        tokens = [word.text for word in line.words if not word.superscript]
        if not tokens:
            continue
        ends_broken = tokens[-1].endswith(("-", SOFT_HYPHEN))
        first = 1 if after_hyphen else 0
        last = len(tokens) - 1 if ends_broken else len(tokens)
        for token in tokens[first:last]:
            core = _core(token)
            if "-" in core:
                compounds.add(core)
                words.update(part for part in core.split("-") if part)
            elif core:
                words.add(core)
        after_hyphen = ends_broken


def _core(token: str) -> str:
    """A token without surrounding punctuation or a possessive, in lower case."""
    if token.isalnum():  # most tokens: no punctuation (\w holds every alphanumeric)
        return token.lower()
    core = _TRAILING.sub("", _LEADING.sub("", token)).lower().replace("’", "'")
    return core.removesuffix("'s")


def write_lines(lines: list[Line], vocab: Vocabulary, out: TextBuilder, *, keep_markers: bool) -> None:
    """Write one page's lines as paragraphs; `keep_markers` keeps a line's leading marker.

    Lines that are only a rule drawn with text ("_______", "——————") carry no words and are
    left out.
    """
    page = _Geometry.of(lines)
    shown = [
        (line, words)
        for line in lines
        if (words := _visible(line.words, keep_markers)) and not RULE.match(" ".join(word.text for word in words))
    ]
    before: Line | None = None
    previous: Line | None = None
    for index, (line, words) in enumerate(shown):
        text = " ".join(word.text for word in words)
        after = shown[index + 1][1][0].x0 if index + 1 < len(shown) else None
        if "continues" in line.flags:
            _join(out, text, vocab)
        elif previous is not None:
            if page.new_paragraph(before, previous, line, words, after):
                out.add("\n")
            else:
                _join(out, text, vocab)
        if SOFT_HYPHEN in text:
            last = text[-1] if text.endswith(SOFT_HYPHEN) else ""
            text = text.replace(SOFT_HYPHEN, "") + last
        out.add_line(text, line.page, words)
        before, previous = previous, line


def _visible(words: list[Word], keep_markers: bool) -> list[Word]:
    """The line's words without footnote markers (but with a footnote's own leading number)."""
    if not any(word.superscript for word in words):
        return words
    return [word for index, word in enumerate(words) if not word.superscript or (keep_markers and index == 0)]


@dataclass(frozen=True)
class _Geometry:
    """A page's usual line pitch and left margin, against which paragraph breaks are judged."""

    pitch: float
    margin: float

    @classmethod
    def of(cls, lines: list[Line]) -> _Geometry:
        """Measure the pitch (median baseline step; on a page of short lines only, a caption's or
        a cover's, the closest spacing it keeps: its blank lines are gaps) and margin (most
        common left edge)."""
        steps = sorted(
            b.bottom - a.bottom
            for a, b in pairwise(lines)
            if b.bottom > a.bottom and abs(a.size - b.size) <= _NEW_SIZE * a.size
        )
        running = sum(len(line.words) >= _RUNNING_WORDS for line in lines)
        pitch = steps[len(steps) // (2 if running >= _RUNNING_LINES else 4)] if steps else 0.0
        edges = Counter(round(line.x0) for line in lines)
        return cls(pitch, float(edges.most_common(1)[0][0]) if edges else 0.0)

    def new_paragraph(
        self, before: Line | None, previous: Line, line: Line, words: list[Word], after: float | None
    ) -> bool:
        """Whether `line` starts a paragraph after `previous` (see the module docstring)."""
        size = max(previous.size, line.size, 1.0)
        if abs(previous.size - line.size) > _NEW_SIZE * size:
            return True
        if self.pitch and line.bottom - previous.bottom > _GAP * self.pitch:
            return True
        last = previous.words[-1].text
        if len(last) > 1 and last[-2].isalpha() and last.endswith(("-", SOFT_HYPHEN)):
            return False  # a word broken over the line end: no paragraph ends there
        x0 = words[0].x0
        # Indented against both the margin and the line before: a first-line indent, a block
        # quote's start. A line back at the margin after an outdented first line (the
        # syllabus's hanging indents) is a continuation.
        if x0 > self.margin + _ALIGNED and x0 > previous.x0 + _ALIGNED:
            return True
        # Two lines at the same indent, the first ending a sentence, the next line back at
        # the margin: a one-line paragraph ("JUSTICE KAVANAUGH delivered the opinion of the
        # Court.") before a paragraph's first line, not two lines of an indented block.
        if (
            x0 > self.margin + _ALIGNED
            and abs(x0 - previous.x0) <= _ALIGNED
            and after is not None
            and abs(after - self.margin) <= _ALIGNED
            and previous.words[-1].text.endswith(".")
            and words[0].text[:1].isupper()
        ):
            return True
        # A date alone on its line is a stamp's or a signature's, never the middle of a sentence
        # ("June 1, 2020" over the clerk's name in a court of appeals' FILED stamp).
        if _DATE_LINE.fullmatch(" ".join(word.text for word in previous.words)):
            return True
        # A heading in capitals over a line of ordinary text: the heading ends there ("CHAPTER 13
        # TRUSTEE'S FINAL REPORT AND ACCOUNT" over "Marilyn O. Marshall, chapter 13 trustee, …").
        if _in_capitals(previous.words) and _in_ordinary_case(words):
            return True
        right = max(previous.x1, line.x1, before.x1 if before is not None else 0.0)
        first_word = words[0].x1 - words[0].x0
        return right - previous.x1 > first_word + 1.5 * line.size


def _in_capitals(words: list[Word]) -> bool:
    """Whether a line is a heading in capitals: two words or more, eight letters or more, nine
    in ten of them capitals."""
    letters = [char for word in words for char in word.text if char.isalpha()]
    return len(words) >= 2 and len(letters) >= 8 and sum(char.isupper() for char in letters) >= 0.9 * len(letters)


def _in_ordinary_case(words: list[Word]) -> bool:
    """Whether a line is ordinary text: most of its letters lower case."""
    letters = [char for word in words for char in word.text if char.isalpha()]
    return len(letters) >= 8 and sum(char.islower() for char in letters) > 0.6 * len(letters)


def _join(out: TextBuilder, text: str, vocab: Vocabulary) -> None:
    """Join a line onto the previous one: a space, or nothing after a hyphen or dash."""
    last = out.parts[-1] if out.parts else ""
    if last.endswith(SOFT_HYPHEN):
        out.drop_last_char()
    elif last.endswith("-") and len(last) > 1 and not last[-2].isspace():
        if _drop_hyphen(last, text, vocab):
            out.drop_last_char()
    elif not last.endswith(_DASHES):
        out.add(" ")


def _drop_hyphen(left: str, right: str, vocab: Vocabulary) -> bool:
    """Whether a line-end hyphen between `left` and `right` is a syllable break."""
    head = _WORD_END.search(left[:-1])
    tail = _WORD_START.search(right)
    if head is None or tail is None or not head.group()[-1].islower() or not (tail.group()[0].islower()):
        return False
    first, second = head.group().lower(), tail.group().lower()
    if first + second in vocab.words:
        return True
    if f"{first}-{second}" in vocab.compounds:
        return False
    if first in _HYPHENATED_PREFIXES:
        return False
    if _english(first + second):
        return True  # "in-formation", "herein-after"
    # Both parts words of their own ("attorney-client", "pre-petition", "previously-filed"): a
    # compound. Otherwise a syllable break; a capitalised first part ("William-son") is a name
    # broken across lines.
    compound = (
        head.group()[0].islower()
        and (second in vocab.words or _english_part(second))
        and (first in vocab.words or first in _PREFIXES or _english_part(first))
    )
    return not compound


def _english_part(part: str) -> bool:
    """Whether a part of a hyphenated word is an English word: of four letters or more, or a
    common one of three ("off-guard"; the word list holds syllables too: "dis", "con", "ing")."""
    if len(part) == 3:
        return word_count(part) >= COMMON_SHORT_WORD
    return len(part) >= 4 and _english(part)


# How often (in pyspellchecker's counts) a three-letter word is used to count as a word: "off",
# "out", "all" and "two" are used over a million times, the syllables "con" and "dis" under 20,000.
COMMON_SHORT_WORD = 100_000


@cache
def _english(word: str) -> bool:
    """Whether `word` (lower case) is in pyspellchecker's English word list."""
    return word_count(word) > 0
