"""Who ruled, on what, when and which way: metadata read from an order's or opinion's text.

Each value says where it came from: `ecf_stamp` (the CM/ECF header), `caption` (the heading,
caption and author line), `signature` (the signature block and its date), `title` (the
document's title) or `listing` (what the spider's source said, which takes precedence; the
value read from the document is kept beside it). Readers work on the clean text of
`parsers.text.Extraction`; the caption is the text before the first long paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from parsers.courts import (
    case_name,
    court_from_heading,
    court_from_stamp,
    read_dockets,
    reviews_appeals,
)
from parsers.ecf import EcfStamp
from parsers.head import Head
from parsers.metadata.caption import Caption, read_caption
from parsers.metadata.dates import dates, parse_date
from parsers.metadata.fields import Field, Metadata
from parsers.metadata.judges import judges, signature_name
from parsers.metadata.kinds import document_kind, endorsed, family, filed_by
from parsers.metadata.names import short_case_name
from parsers.metadata.outcome import disposition, motion
from parsers.metadata.parties import case_parties, letter_case
from parsers.metadata.titles import (
    cover_title,
    document_title,
    is_exhibit,
    is_letter,
    is_placeholder,
    letter_title,
    tidy_title,
    title_case_title,
    title_from_column,
    transcript_title,
)
from parsers.pagemap import PageMap
from parsers.transcripts import bench_turns, opens_turn

__all__ = ["FIELDS", "Field", "Metadata", "caption_text", "parse_date", "read_metadata", "signature_name"]

FIELDS = (
    "court_id",
    "court_name",
    "docket_number",
    "case_name",
    "case_name_full",
    "judge",
    "date_filed",
    "document_title",
    "document_type",
    "filed_by",
    "family",
    "disposition",
    "motion",
)
CAPTION_MAX = 4000
# A table of contents or authorities ends the caption: its entries are no caption's lines.
_CONTENTS = re.compile(r"\.{5,}\s*\d+\s*$|^TABLE OF (?:CONTENTS|AUTHORITIES)\b", re.IGNORECASE)


def read_metadata(
    text: str,
    ecf: EcfStamp | None,
    listing: Mapping[str, str | None] | None = None,
    *,
    head: Head | None = None,
    page_map: PageMap | None = None,
) -> Metadata:
    """The metadata of a document from its clean text, ECF stamp, first page's geometry
    (`head`, with `page_map` to find where its body starts) and the listing's values."""
    caption = caption_text(text)
    columns = read_caption(head, _top_of(page_map, len(caption))) if head else None
    found: dict[str, list[Field]] = {name: [] for name in FIELDS}
    court, where = court_from_heading(caption[:1500]), "caption"
    if court is None and ecf is not None:
        court, where = court_from_stamp(ecf.text), "ecf_stamp"
    if court:
        found["court_id"].append(Field(court.id, where))
        found["court_name"].append(Field(court.name, where))
    court_id = court.id if court else None
    dockets = read_dockets(caption, ecf, appellate=reviews_appeals(court_id))
    found["docket_number"] += [Field(docket.printed, docket.source) for docket in dockets[:1]]
    letter = is_letter(text)
    parties = _parties(caption, columns, text, letter=letter)
    found["case_name"] += _fields(short_case_name(parties, text), "caption")
    found["case_name_full"] += _fields(parties, "caption")
    cover = cover_title(text)
    title = (
        cover
        or transcript_title(caption)
        or (title_from_column(columns.right) if columns else None)
        or document_title(text, caption, tuple(parties.split(" v. ")) if parties else ())
        or title_from_column(caption)  # a title centred under the caption, across both columns
        or title_case_title(caption)
        or letter_title(text)
    )
    title = tidy_title(title)
    found["document_title"] += _fields(title, "title")
    found["date_filed"] += dates(text, caption, ecf)
    exhibit = cover is not None and is_exhibit(cover)
    initiating = (
        ecf is not None and (ecf.document_number or "").split("-")[0] == "1" and not reviews_appeals(court_id)
    )  # a court of appeals' first entry is its own docketing notice
    transcript = bench_turns(text) is not None
    by = "party" if exhibit else filed_by(title, text, court_id, initiating=initiating, transcript=transcript)
    if exhibit:
        kind = "exhibit"
    elif cover and is_placeholder(cover):
        kind = "other"  # a sealed paper's placeholder is not the paper: its type is none of the papers'
    elif by == "court" and letter:
        # a party's letter the judge endorsed ("Application GRANTED. SO ORDERED.") is an order; the
        # clerk's letter a notice, whatever its heading names ("ENTRY OF JUDGMENT")
        kind = "order" if endorsed(text) else "notice"
    else:
        kind = document_kind(title, text, by, transcript=transcript)
    found["document_type"].append(Field(kind, "title"))
    found["filed_by"] += _fields(by, "text")
    found["family"].append(Field(family(court_id, kind, by), "text"))
    if by != "party":  # a party's paper has no author judge and decides nothing
        found["judge"] += judges(text, caption)
        if kind not in ("other", "notice", "transcript", "verdict", "exhibit"):
            found["disposition"] += disposition(text, title, reviewing=reviews_appeals(court_id))
        elif by == "court":  # the court's paper that decides nothing
            found["disposition"].append(Field("other", "title"))
    found["motion"] += motion(text, title)
    metadata = Metadata(tuple((name, tuple(values)) for name, values in found.items()), dockets)
    return metadata.with_listing(listing) if listing else metadata


def _parties(caption: str, columns: Caption | None, text: str, *, letter: bool) -> str | None:
    """`Plaintiff v. Defendant` as printed: a minutes form's `Title:` line or an `In re`
    caption as such, a form's `Case Name:` field, a letter's `Re:` line, else the blocks around
    the `v.`, in the parties' column when there is one."""
    head = columns.left if columns else caption[:1500]
    if re.search(r"^\s*Title:?\s|^\s*IN (?:RE|THE MATTER OF)\b", head, re.MULTILINE | re.IGNORECASE):
        # the parties' column first: the text may run "In Re:" onto the court's name above it
        return (case_name(head) if columns else None) or case_name(caption)
    if re.search(r"\bCase (?:Name|Title)\s*:", head, re.IGNORECASE):
        return letter_case(head)  # a form's field: "Case Name: Smith v. Acme Corp.", "CASE TITLE: GRAY v. PERRY"
    if letter:  # a letter names its case on its "Re:" line, under the addressee's lines
        return letter_case(text) or case_parties(caption) or case_name(caption)
    return (
        (case_parties(columns.left) if columns else None)
        or case_parties(caption)
        or case_name(caption)
        or letter_case(text)
    )


def _top_of(page_map: PageMap | None, offset: int) -> float | None:
    """The top of the printed line at `offset` when it is on page 1, else None (no limit)."""
    if page_map is None:
        return None
    boxes = page_map.boxes(offset, offset + 1)
    return boxes[0].top if boxes and boxes[0].page == 1 else None


def _fields(value: str | None, source: str) -> list[Field]:
    """A one-value list for a found value, else empty."""
    return [Field(value, source)] if value else []


def caption_text(text: str) -> str:
    """The heading and caption: the text before the first paragraph of 25 words or more, or
    before a transcript's first turn (its body, in capitals as often as not)."""
    end = 0
    for line in re.finditer(r"[^\n\f]+", text[:CAPTION_MAX]):
        if _is_prose(line.group()) or _CONTENTS.search(line.group()) or opens_turn(line.group()):
            break
        end = line.end()
    return text[:end]


def _is_prose(line: str) -> bool:
    """A paragraph of the body: 25 words or more, mostly lower case, not a heading's note."""
    words = line.split()
    if len(words) < 25 or line.startswith(("NOTE:", "NOTICE:")) or line.lower().startswith("at a stated term"):
        return False
    return sum(word[:1].islower() for word in words) >= 0.4 * len(words)
