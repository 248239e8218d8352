"""When a document was filed or signed: the ECF stamp, the caption's date, the signature's."""

from __future__ import annotations

import re
from datetime import date, datetime

from parsers.ecf import EcfStamp
from parsers.metadata.fields import Field

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_MONTH_NAME = rf"(?P<month>{_MONTH})[a-z]*\.?"
_MONTH_DATE = re.compile(rf"\b{_MONTH_NAME} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b", re.IGNORECASE)
_DAY_OF = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? day of (?P<month>[A-Za-z]+),? (?P<year>\d{4})")
_NUMERIC = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2,4})\b")
# A signature's date line, up to where its date starts: "Dated:", "SIGNED this", and the place it
# was signed first: "at Boston, Massachusetts,", "New York, New York" (a line above the date).
_PLACE_WORD = rf"(?!{_MONTH}[a-z]*\.? \d)[A-Z][\w.]*"  # a month is no place: "Brooklyn, New York June 1, 2020"
_PLACE = rf"{_PLACE_WORD}(?: {_PLACE_WORD})*, {_PLACE_WORD}(?: {_PLACE_WORD})*"  # "Boston, Massachusetts"
_SIGNED_ON = re.compile(
    r"\b(?:Dated|DATED|Date|DATE|ENTERED|Entered|Signed|SIGNED)\b[:,]?\s*(?:this\s+)?"
    rf"(?:(?:at )?{_PLACE}[,:]?\s*)?(?:this\s+|on\s+)?"
)
# The decree dated in its own sentence: "DONE and ORDERED in Chambers at Miami, Florida, this 1st
# day of …", "ORDERED in the Southern District of Florida on June 1, 2020", "SO ORDERED this …".
_ORDERED_ON = re.compile(
    r"\b(?:DONE (?:and|AND) ORDERED|Done and Ordered|(?:IT IS )?(?:SO )?ORDERED)\b,?\s*(?:in Chambers\s*)?"
    r"(?:in the [A-Z][\w ]+? of [A-Z][\w ]+?\s+)?"
    rf"(?:at {_PLACE},?\s*)?(?:(?:on )?this|on)\s+"
)
_DATE_CUES = (
    # the clerk's stamp, "FILED Jun 01, 2020", "FILED / June 1, 2020" (not a docket's "filed July 23, 2018")
    ("caption", re.compile(r"\bFILED\s*\n?\s*(?=[A-Z][A-Za-z]{2,8}\.? \d)")),
    (
        "caption",
        re.compile(
            r"(?i:\bDecided:?\s*|\(Filed:?\s*|\bFiled:\s*)|\bFiled\s+(?:on\s+)?(?=[A-Z][a-z]+\.? \d{1,2}, \d{4})"
            r"|^\((?=[A-Z][a-z]+\.? \d{1,2}, \d{4}\))"  # New Jersey bankruptcy's stamp: "Order Filed on April 9, 2025"
            r"|^Filed\s+(?=\d{1,2}/\d{1,2}/\d{2,4}\b)"  # a state appellate opinion's first line: "Filed 6/1/20"
            r"|^\[(?=[A-Z][a-z]+ \d)|\bEntered:? |\bDate (?=[A-Z][a-z]+ \d)",
            re.MULTILINE,
        ),
    ),
    ("signature", _SIGNED_ON),
    ("signature", _ORDERED_ON),
    # Pennsylvania's order opens with its date: "AND NOW, this 1st day of June, 2020, upon …"
    ("text", re.compile(r"^AND NOW,? (?:on )?this\s+", re.MULTILINE)),
)


# A day written in a date line: "March 5, 2020", "5th day of March", "3/5/20", and a handwritten
# date as OCR reads it ("2 / / 2/09"); a blank's year alone (", 2020") is none.
_WITH_DAY = re.compile(
    rf"\b{_MONTH_NAME} \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)? day of [A-Z]|\b\d{{1,2}}\s*/[\s/]*\d{{1,2}}\s*/\s*\d{{2,4}}\b",
    re.IGNORECASE,
)


def dated(text: str) -> bool:
    """Whether `text` holds a signature's date line with its day filled in (`Dated: New York, New
    York` over `March 5, 2020`), or starts with one (`this 5th day of March, 2020`, the rest of
    "SO ORDERED this …"); a blank (`Dated: ________, 2020`) is none."""
    starts = [cue.end() for cue in _SIGNED_ON.finditer(text)]
    if re.match(r"\s*this \d", text):
        starts.append(0)
    return any(_WITH_DAY.search(text[start : start + 60]) for start in starts)


def dates(text: str, caption: str, ecf: EcfStamp | None) -> list[Field]:
    """Filing or signing dates, best first: the ECF stamp, the caption's, then the signature's."""
    found = [Field(ecf.date_filed.isoformat(), "ecf_stamp")] if ecf else []
    for source, cue in _DATE_CUES:
        where = caption if source == "caption" else text if source == "text" else text[-2500:]
        for match in cue.finditer(where):
            parsed = parse_date(where[match.end() : match.end() + 60].replace("_", ""))
            if parsed:
                found.append(Field(parsed.isoformat(), source))
                break
    if len(found) == 0:
        # a date on a line of its own: in the caption, else by the signature at the end
        for source, where in (("caption", caption), ("signature", text[-800:])):
            standalone = re.search(r"^([A-Z][a-z]+\.? \d{1,2}, \d{4})\.?$", where, re.MULTILINE)
            if standalone and (parsed := parse_date(standalone.group(1))):
                found.append(Field(parsed.isoformat(), source))
                break
    return found


def parse_date(text: str) -> date | None:
    """The first date at the start of `text` (`Oct 02, 2019`, `21st day of January, 2021`, `8/23/05`)."""
    for pattern in (_MONTH_DATE, _DAY_OF, _NUMERIC):
        match = pattern.match(text.strip())
        if match is None:
            continue
        month_text = match.group("month").lower()
        month = (
            int(month_text)
            if month_text.isdigit()
            else next((number for number, name in enumerate(_MONTHS, 1) if name.startswith(month_text[:3])), 0)
        )
        year = int(match.group("year"))
        year += 2000 if year < 90 else 1900 if year < 100 else 0
        try:
            return datetime(year, month, int(match.group("day"))).date()
        except ValueError:
            return None
    return None
