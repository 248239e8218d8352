"""The caption's page as printed: its lines cut into segments at wide gaps, with their boxes.

The clean text runs a caption's columns together ("Plaintiff, TESSERA’S MOTION FOR PARTIAL"
is one printed line: a party's role in the left column, the title in the right). Metadata
readers need the columns apart, so the extraction keeps, for the first page (the second when
the first is a cover sheet of `COVER_WORDS` words or fewer, its caption being on the next),
each line's runs of words separated by less than `GAP_EMS` ems, with where they sit and their
font size. It is small (a page holds a few hundred words) and travels with the extraction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parsers.lines import Line

# Two words further apart than this many ems of the line's size are in different columns:
# word spaces are under half an em, while a caption's columns sit 3 ems apart or more.
GAP_EMS = 1.8
# A cover sheet, or a sealed paper's placeholder, holds a few words only.
COVER_WORDS = 30


@dataclass(frozen=True)
class Segment:
    """A run of words on one printed line, with its box (PDF points, from the top left) and
    the left and right edges of each of its words (`text.split(" ")`), to cut it at a
    column's edge."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    starts: tuple[float, ...] = ()
    ends: tuple[float, ...] = ()


@dataclass(frozen=True)
class Head:
    """The caption page's segments, top to bottom and left to right, the page's width, and
    which page it is (1, or 2 after a cover sheet)."""

    width: float
    segments: tuple[Segment, ...]
    page: int = 1


def caption_page(word_counts: list[int]) -> int:
    """The index of the page that holds the caption: the first, or the second after a cover."""
    return 1 if len(word_counts) > 1 and word_counts[0] <= COVER_WORDS else 0


def head_of(lines: Iterable[Line], width: float, page: int = 1) -> Head:
    """The segments of a page's (clean) lines: each line cut where two words are far apart."""
    segments: list[Segment] = []
    for line in lines:
        start = 0
        for index in range(1, len(line.words) + 1):
            ends = index == len(line.words)
            if ends or line.words[index].x0 - line.words[index - 1].x1 > GAP_EMS * line.size:
                words = line.words[start:index]
                segments.append(
                    Segment(
                        " ".join(word.text for word in words),
                        words[0].x0,
                        words[-1].x1,
                        min(word.top for word in words),
                        max(word.bottom for word in words),
                        line.size,
                        tuple(word.x0 for word in words),
                        tuple(word.x1 for word in words),
                    )
                )
                start = index
    return Head(width, tuple(segments), page)
