"""Layout-aware cleaning: from any engine's chars (`PageChars`) to text a reporter can quote.

    page chars --lines.page_lines--> lines of words (horizontal glyphs only)
               --margins.find_line_numbers--> lines again, without the number column
    all pages  --margins.drop_running_lines--> without running headers, footers, ECF stamps,
                                               page numbers (cross-page evidence)
               --margins.split_footnotes--> body lines | footnote lines, per page
               --paragraphs.write_lines--> paragraphs, hyphens resolved, a PageMap per stream

`clean_pages` takes any iterable of `PageChars`, so the pdfplumber engine, pypdfium2 or OCR
can feed it; it reads each page's chars once and keeps only the (much smaller) lines, so a
generator of pages is never held in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from parsers.chars import PageChars
from parsers.ecf import EcfStamp
from parsers.head import Head, caption_page, head_of
from parsers.lines import SOFT_HYPHEN, Line, PageLines, page_lines
from parsers.margins import (
    MarginReport,
    drop_running_lines,
    find_line_numbers,
    split_footnotes,
)
from parsers.pagemap import PageMap
from parsers.paragraphs import TextBuilder, Vocabulary, vocabulary, write_lines

PAGE_SEPARATOR = "\f"


@dataclass(frozen=True)
class LayoutReport:
    """What cleaning removed or set apart in one document."""

    rotated_chars: int
    line_numbers: int
    header_lines: int
    footer_lines: int
    ecf_stamps: int
    footnote_lines: int


@dataclass(frozen=True)
class CleanText:
    """A document's clean text: body and footnotes per page, their page maps, its ECF stamp."""

    pages: tuple[str, ...]
    footnotes: tuple[str, ...]
    page_map: PageMap
    footnote_map: PageMap
    ecf: EcfStamp | None
    report: LayoutReport
    head: Head | None = None


def clean_pages(pages: Iterable[PageChars]) -> CleanText:
    """Clean a whole document (see the module docstring); pages must come in page order."""
    margins = MarginReport()
    rotated = 0
    document: list[PageLines] = []
    for page in pages:
        lines = page_lines(page)
        column = find_line_numbers(lines)
        if column is not None:
            lines = page_lines(page, leave_out=column.covers)
            margins.line_numbers += len(column.boxes)
        rotated += lines.rotated_chars
        document.append(lines)
    ecf = drop_running_lines(document, margins)
    split = [split_footnotes(page) for page in document]
    margins.footnote_lines = sum(len(notes) for _, notes in split)
    _carry_split_words([body for body, _ in split])
    _carry_split_words([notes for _, notes in split])
    vocab = vocabulary(block for pair in split for block in pair)
    body_text, body_map = _write((body for body, _ in split), vocab, keep_markers=False)
    note_text, note_map = _write((notes for _, notes in split), vocab, keep_markers=True)
    return CleanText(
        pages=body_text,
        footnotes=note_text,
        page_map=body_map,
        footnote_map=note_map,
        ecf=ecf,
        report=LayoutReport(
            rotated, margins.line_numbers, margins.headers, margins.footers, margins.ecf_stamps, margins.footnote_lines
        ),
        head=_head(split, document),
    )


def _head(split: list[tuple[list[Line], list[Line]]], document: list[PageLines]) -> Head | None:
    """The caption page's segments: the first page's, or the second's after a cover sheet."""
    if not document:
        return None
    index = caption_page([sum(len(line.words) for line in body) for body, _ in split[:2]])
    return head_of(split[index][0], document[index].width, index + 1)


def _write(pages: Iterator[list[Line]], vocab: Vocabulary, *, keep_markers: bool) -> tuple[tuple[str, ...], PageMap]:
    """Write each page's lines into one stream; return the page texts and the stream's map."""
    out = TextBuilder()
    starts: list[int] = []
    for lines in pages:
        if starts:
            out.add(PAGE_SEPARATOR)
        starts.append(out.length)
        write_lines(lines, vocab, out, keep_markers=keep_markers)
    text = out.text()
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    boxes = tuple(box for box in out.segments if box.end > box.start)
    return tuple(text[a:b] for a, b in zip(starts, ends)), PageMap(tuple(starts), boxes)


def _carry_split_words(bodies: list[list[Line]]) -> None:
    """Carry the second half of a word hyphenated over a page break back to the first page.

    The whole word then reads on the page where it starts, and its map entry still points at
    the fragment's box on the next page.
    """
    for body, following in pairwise(bodies):
        if not body or not following:
            continue
        last, first = body[-1], following[0]
        tail, head = last.words[-1].text, first.words[0]
        if head.superscript or not (
            tail.endswith(("-", SOFT_HYPHEN)) and len(tail) > 1 and tail[-2].isalpha() and head.text[:1].islower()
        ):
            continue
        del first.words[0]
        if not first.words:
            del following[0]
        body.append(Line([head], head.top, head.bottom, first.size, page=first.page, flags={"continues"}))
