"""Sentences of the clean text, with their offsets, that do not break at legal abbreviations.

A sentence ends at `.`, `?` or `!` (and any closing quotes or brackets after it) followed by
whitespace and a capital letter or an opening quote, and always at the end of a line (the
clean text holds one paragraph per line, so a line end is a paragraph or heading end). A form
feed is a page break inside a paragraph, so it is only whitespace here. A period does not end a
sentence after an initial (`J.`, `U. S.`) or a heading's roman numeral (`II.`), a dotted abbreviation (`U.S.`, `N.J.S.A.`), a
reporter with digits (`F.3d`), or a word in `ABBREVIATIONS` (`v.`, `No.`, `Inc.`, `Cir.`,
`Fed. R. Civ. P.`, `Id.`, `e.g.`): citations and case names are full of those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end in a period without ending a sentence, lower-cased, without the period.
ABBREVIATIONS = frozenset(
    {
        "v",
        "vs",
        "no",
        "nos",
        "inc",
        "co",
        "corp",
        "ltd",
        "llc",
        "l.l.c",
        "cir",
        "fed",
        "r",
        "civ",
        "crim",
        "p",
        "evid",
        "app",
        "supp",
        "id",
        "ibid",
        "e.g",
        "i.e",
        "cf",
        "see",
        "dkt",
        "doc",
        "docs",
        "ecf",
        "mot",
        "opp",
        "br",
        "decl",
        "ex",
        "exs",
        "tr",
        "hr'g",
        "hrg",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "st",
        "ct",
        "cts",
        "dist",
        "div",
        "sup",
        "super",
        "bd",
        "gen",
        "dept",
        "dep't",
        "sys",
        "transp",
        "ass'n",
        "assn",
        "cty",
        "twp",
        "vill",
        "ins",
        "mfg",
        "bros",
        "int'l",
        "natl",
        "nat'l",
        "admin",
        "comm'n",
        "commn",
        "envtl",
        "govt",
        "gov't",
        "indus",
        "univ",
        "elec",
        "sec",
        "serv",
        "servs",
        "prods",
        "stat",
        "ann",
        "rev",
        "tit",
        "ch",
        "art",
        "arts",
        "sess",
        "reg",
        "regs",
        "pl",
        "pls",
        "def",
        "defs",
        "resp",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "pp",
        "pg",
        "pgs",
        "op",
        "ops",
        "cl",
        "cls",
        "cong",
        "amend",
        "ed",
        "eds",
        "n",
        "nn",
        "al",
        "etc",
        "u.s.c.",
        "u.s.c",
        "pa",
        "tenn",
        "cal",
        "colo",
        "conn",
        "fla",
        "ga",
        "ky",
        "md",
        "mich",
        "minn",
        "miss",
        "mo",
        "neb",
        "nev",
        "okla",
        "ore",
        "tex",
        "va",
        "wis",
        "wyo",
        "ariz",
        "ark",
        "ala",
        "del",
        "ind",
        "kan",
        "la",
        "n.y",
        "n.j",
        "j",
        "jj",
        "c.j",
        "ret",
        "hon",
        "esq",
        "prof",
    }
)

_END = re.compile(r"[.?!][\"'”’)\]]*(?=\s)")
# What may open the next sentence: a capital, an opening quote or bracket, a section sign.
_NEXT = re.compile(r"\s+(?=[\"“‘'(\[]?[A-Z§])")
_WORD_BEFORE = re.compile(r"([\w.'’§-]+)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its [start, end) offsets in the text and the text itself."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of `text` in order, each `text[start:end]`, without surrounding spaces."""
    found: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _ends(line.group()):
            _add(found, text, start, line.start() + end)
            start = line.start() + end
        _add(found, text, start, line.end())
    return tuple(found)


def _ends(line: str) -> list[int]:
    """Offsets (within one line) just past each sentence-ending mark."""
    ends = []
    for match in _END.finditer(line):
        if _NEXT.match(line, match.end()) is None:
            continue
        if match.group()[0] == "." and _is_abbreviation(line[: match.start()]):
            continue
        ends.append(match.end())
    return ends


def _is_abbreviation(before: str) -> bool:
    """Whether the word just before a period is an abbreviation, initial or citation part."""
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    token = word.group(1).lstrip("(§")
    if not token:
        return False
    if len(token) == 1 and token.isalpha() or re.fullmatch(r"[IVX]+", token):
        return True  # an initial, a single-letter part such as "R." or "P.", a heading's "II."
    if "." in token and all(len(part) <= 2 for part in token.split(".")):
        return True  # dotted: U.S, N.J.S.A, F.Supp
    if any(char.isdigit() for char in token) and any(char.isalpha() for char in token):
        return True  # F.3d, S.W.3d, 2d
    return token.lower().rstrip(".") in ABBREVIATIONS


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    """Append text[start:end] as a sentence, trimmed of whitespace; skip it if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end, text[start:end]))
