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
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from parsers.courts import (
    Docket,
    case_name,
    court_from_heading,
    read_dockets,
    title_word,
)
from parsers.ecf import EcfStamp
from parsers.sentences import split_sentences

FIELDS = ("court_id", "court_name", "docket_number", "case_name", "judge", "date_filed",
          "document_title", "document_type", "disposition", "motion")
CAPTION_MAX = 4000


@dataclass(frozen=True)
class Field:
    """One value of a metadata field and where it was read."""

    value: str
    source: str


@dataclass(frozen=True)
class Metadata:
    """Every value found for each field, best first (a listing value before the document's)."""

    values: tuple[tuple[str, tuple[Field, ...]], ...]
    dockets: tuple[Docket, ...]

    def field(self, name: str) -> Field | None:
        """The chosen value of a field, with its source; None when nothing was found."""
        for key, found in self.values:
            if key == name and found:
                return found[0]
        return None

    def get(self, name: str) -> str | None:
        """The chosen value of a field, or None."""
        chosen = self.field(name)
        return chosen.value if chosen else None

    def with_listing(self, listing: Mapping[str, str | None]) -> Metadata:
        """These values with a listing's put first: the source's word wins, the document's stays."""
        values = tuple(
            (name, tuple([Field(value, "listing")] if (value := listing.get(name)) else [])
             + tuple(field for field in found if field.source != "listing"))
            for name, found in self.values)
        return Metadata(values, self.dockets)

    def to_json(self) -> dict[str, Any]:
        """`{field: {value, source, others: [{value, source}]}}` plus every docket number found."""
        out: dict[str, Any] = {}
        for name, found in self.values:
            if not found:
                out[name] = None
                continue
            others = [{"value": field.value, "source": field.source} for field in found[1:]
                      if field.value != found[0].value]
            out[name] = {"value": found[0].value, "source": found[0].source, "others": others}
        out["docket_numbers"] = [{"printed": docket.printed, "core": docket.core,
                                  "source": docket.source} for docket in self.dockets]
        return out


def read_metadata(text: str, ecf: EcfStamp | None,
                  listing: Mapping[str, str | None] | None = None) -> Metadata:
    """The metadata of a document from its clean text, ECF stamp and the listing's values."""
    caption = caption_text(text)
    found: dict[str, list[Field]] = {name: [] for name in FIELDS}
    court = court_from_heading(caption[:1500])
    if court:
        found["court_id"].append(Field(court.id, "caption"))
        found["court_name"].append(Field(court.name, "caption"))
    dockets = read_dockets(caption, ecf, appellate=bool(court and _appellate(court.id)))
    found["docket_number"] += [Field(docket.printed, docket.source) for docket in dockets[:1]]
    parties = case_name(caption)
    found["case_name"] += _fields(parties, "caption")
    found["judge"] += judges(text, caption)
    found["date_filed"] += dates(text, caption, ecf)
    title = document_title(text, caption, tuple(parties.split(" v. ")) if parties else ())
    found["document_title"] += _fields(title, "title")
    kind = document_type(title, text)
    found["document_type"].append(Field(kind, "title"))
    if kind not in ("other", "notice"):  # letters, notices and filings decide nothing
        found["disposition"] += disposition(text, title)
    found["motion"] += motion(text, title)
    metadata = Metadata(tuple((name, tuple(values)) for name, values in found.items()), dockets)
    return metadata.with_listing(listing) if listing else metadata


def _fields(value: str | None, source: str) -> list[Field]:
    """A one-value list for a found value, else empty."""
    return [Field(value, source)] if value else []


def _appellate(court_id: str) -> bool:
    """Whether a federal court hears appeals, so district dockets in its caption are the lower court's."""
    return re.fullmatch(r"ca(?:\d{1,2}|dc|fc)|scotus", court_id) is not None


def caption_text(text: str) -> str:
    """The heading and caption: the text before the first paragraph of 25 words or more."""
    end = 0
    for line in re.finditer(r"[^\n\f]+", text[:CAPTION_MAX]):
        if _is_prose(line.group()):
            break
        end = line.end()
    return text[:end]


def _is_prose(line: str) -> bool:
    """A paragraph of the body: 25 words or more, mostly lower case, not a heading's note."""
    words = line.split()
    if len(words) < 25 or line.startswith(("NOTE:", "NOTICE:", "At a Stated Term")):
        return False
    return sum(word[:1].islower() for word in words) >= 0.4 * len(words)


# Judges and dates ----------------------------------------------------------------------------

_JUSTICES = {
    "ROBERTS": "John Roberts", "THOMAS": "Clarence Thomas", "ALITO": "Samuel Alito",
    "SOTOMAYOR": "Sonia Sotomayor", "KAGAN": "Elena Kagan", "GORSUCH": "Neil Gorsuch",
    "KAVANAUGH": "Brett Kavanaugh", "BARRETT": "Amy Coney Barrett", "JACKSON": "Ketanji Brown Jackson",
    "BREYER": "Stephen Breyer", "GINSBURG": "Ruth Bader Ginsburg", "KENNEDY": "Anthony Kennedy",
    "SCALIA": "Antonin Scalia", "STEVENS": "John Paul Stevens", "SOUTER": "David Souter",
    "O'CONNOR": "Sandra Day O'Connor", "REHNQUIST": "William Rehnquist",
}
_NAME = r"[A-ZÀ-Ý][\wÀ-ÿ.'’-]*(?: [A-ZÀ-Ý][\wÀ-ÿ.'’-]*){1,4}?(?:, (?:Jr\.|Sr\.|III|II|IV))?"
_JUDGE_TITLE = (r"(?i:(?:Chief )?(?:United States|U\.S\.) (?:District|Magistrate|Circuit|Bankruptcy) "
                r"(?:Court )?Judge|U\.S\.D\.J\.|U\.S\.M\.J\.|Circuit Judge|Chief Judge|District Judge)")
_JUSTICE_AUTHOR = re.compile(r"(?:CHIEF )?JUSTICE ([A-Z']+) delivered the opinion of the Court")
_BOARD_AUTHOR = re.compile(rf"(?:Presiding |Chief )?Judge ({_NAME}),? delivered the opinion")
_CAPTION_AUTHORS = (
    re.compile(rf"Before:\s*({_NAME}),?\s*\n?(?:Circuit|District) Judge\."),
    re.compile(rf"^(?:x |Hon\. )?({_NAME}),? (?:{_JUDGE_TITLE})\s*:?$", re.MULTILINE),
    re.compile(r"Present: The (?:Honorable )?([A-Z][A-Z. ]+?)(?:,| Honorable|\n|$)"),
    re.compile(rf"\bJudge ({_NAME})\s*$", re.MULTILINE),
)
_JUDGE_TITLE_RE = re.compile(rf"\b(?:{_JUDGE_TITLE})")
_PER_CURIAM = re.compile(r"^(?i:per curiam)\b[.:*]*$", re.MULTILINE)


def judges(text: str, caption: str) -> list[Field]:
    """The author: the opinion's author line, else the caption's judge, else the signature."""
    found = []
    justice = _JUSTICE_AUTHOR.search(text)
    if justice:
        found.append(Field(_JUSTICES.get(justice.group(1), justice.group(1).title()), "caption"))
    if _PER_CURIAM.search(text[:20000]):
        found.append(Field("Per Curiam", "caption"))
    for pattern, where in ((_BOARD_AUTHOR, text[:20000]),
                           *((pattern, caption) for pattern in _CAPTION_AUTHORS)):
        match = pattern.search(where)
        if match:
            found.append(Field(_person(match.group(1)), "caption"))
    signed = signature_name(text[-1500:])
    if signed:
        found.append(Field(signed, "signature"))
    return [field for field in found if len(field.value.split()) >= 2]


def signature_name(tail: str) -> str | None:
    """The judge who signed: the name printed just before the last judge's title of the text.

    Under a signature the name is typed, often in capitals (`BETH LABSON FREEMAN`), sometimes
    after the signed form (`s/Renée Marie Bumb RENÉE MARIE BUMB`): the capitals win.
    """
    titles = list(_JUDGE_TITLE_RE.finditer(tail))
    if not titles:
        return None
    before = [line for line in tail[:titles[-1].start()].splitlines() if line.strip()]
    if not before:
        return None
    words = [word for word in before[-1].replace("/s/", " ").replace("s/", " ").split()
             if word not in {"Hon.", "Honorable"}]
    words = words[-5:]
    capitals: list[str] = []
    for word in reversed(words):
        if not word.isupper():
            break
        capitals.insert(0, word)
    if len(capitals) >= 2:
        words = capitals
    else:
        words = [word for word in words if word[:1].isupper()][-4:]
    return _person(" ".join(words)) if len(words) >= 2 else None


def _person(raw: str) -> str:
    """A judge's name in title case, without honorifics or trailing commas."""
    name = re.sub(r"^(?:Hon\.|Honorable|The Honorable)\s*", "", " ".join(raw.split())).strip(" ,")
    return " ".join(title_word(word) if word.isupper() and len(word.rstrip(".")) > 1 else word
                    for word in name.split())


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH_DATE = re.compile(
    r"\b(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? (?P<day>\d{1,2}),? (?P<year>\d{4})\b",
    re.IGNORECASE)
_DAY_OF = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? day of (?P<month>[A-Za-z]+),? (?P<year>\d{4})")
_NUMERIC = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2,4})\b")
_DATE_CUES = (
    ("caption", re.compile(r"\bFILED\s*\n?\s*(?=[A-Z][a-z]{2}\.? \d)", re.IGNORECASE)),
    ("caption", re.compile(r"Decided |^\[(?=[A-Z][a-z]+ \d)|\bEntered:? |\bDate (?=[A-Z][a-z]+ \d)",
                           re.MULTILINE)),
    ("signature", re.compile(r"\b(?:Dated|DATED|Date|ENTERED|Entered|Signed|SIGNED)\b[:,]?\s*(?:this\s+)?"
                             r"(?:at [A-Z][\w ,]+?[,:]\s*)?(?:New York, N\.?Y\.?\s*)?")),
)


def dates(text: str, caption: str, ecf: EcfStamp | None) -> list[Field]:
    """Filing or signing dates, best first: the ECF stamp, the caption's, then the signature's."""
    found = [Field(ecf.date_filed.isoformat(), "ecf_stamp")] if ecf else []
    for source, cue in _DATE_CUES:
        where = caption if source == "caption" else text[-2500:]
        for match in cue.finditer(where):
            parsed = parse_date(where[match.end():match.end() + 60].replace("_", ""))
            if parsed:
                found.append(Field(parsed.isoformat(), source))
                break
    if len(found) == 0:
        standalone = re.search(r"^([A-Z][a-z]+ \d{1,2}, \d{4})$", caption, re.MULTILINE)
        if standalone and (parsed := parse_date(standalone.group(1))):
            found.append(Field(parsed.isoformat(), "caption"))
    return found


def parse_date(text: str) -> date | None:
    """The first date at the start of `text` (`Oct 02, 2019`, `21st day of January, 2021`, `8/23/05`)."""
    for pattern in (_MONTH_DATE, _DAY_OF, _NUMERIC):
        match = pattern.match(text.strip())
        if match is None:
            continue
        month_text = match.group("month").lower()
        month = int(month_text) if month_text.isdigit() else next(
            (number for number, name in enumerate(_MONTHS, 1) if name.startswith(month_text[:3])), 0)
        year = int(match.group("year"))
        year += 2000 if year < 90 else 1900 if year < 100 else 0
        try:
            return datetime(year, month, int(match.group("day"))).date()
        except ValueError:
            return None
    return None


# Title, type, disposition and motion ---------------------------------------------------------

_TITLE = re.compile(
    r"\b(?:(?:REDACTED|AMENDED|EXPEDITED HEARING|FINAL) )*(?:CIVIL |CRIMINAL )?"
    r"(?:MINUTES|OPINION|ORDER|JUDGMENT|MEMORANDUM|NOTICE|DECREE|REPORT AND RECOMMENDATION)\b")
_TITLE_LINE = re.compile(
    r"^(?:Memorandum Opinion|Opinion|Order|Memorandum and Order|Opinion and Order|Judgment)$",
    re.MULTILINE | re.IGNORECASE)
_TITLE_STOP = {"Case", "No.", "Date", "Docket", "Entered:", "Dated:", "JS-6", "‘O’", "'O'"}
_SPACED = re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b")


def document_title(text: str, caption: str, parties: tuple[str, ...] = ()) -> str | None:
    """The title as printed (`ORDER DENYING MOTION TO QUASH SUBPOENA`), gathered from the caption."""
    if _JUSTICE_AUTHOR.search(text):
        return "Opinion of the Court"
    caption = _SPACED.sub(lambda match: match.group().replace(" ", ""), caption)
    start = _TITLE.search(caption)
    if start is None:
        line = _TITLE_LINE.search(re.sub(r"\f", "\n", text[:12000]))
        return line.group() if line else None
    words = []
    for word in caption[start.start():].split()[:60]:
        if word in _TITLE_STOP or word.startswith("[") or word.endswith(":") \
                or re.fullmatch(r"[IVX]+\.", word):  # a section heading: "I. INTRODUCTION"
            break
        if word.isupper() or re.fullmatch(r"[(\d),.&–-]+", word):
            words.append(word)
        elif not re.fullmatch(rf"(?:{_ROLE_WORDS})[,.]?|v\.?|-", word):
            break
    title = " ".join(words)
    if "MINUTES" in title:
        title = title[:title.find("GENERAL") + len("GENERAL")] if "GENERAL" in title else title
    for party in parties:
        title = re.sub(re.escape(party) + r",?", "", title, flags=re.IGNORECASE)
    title = re.sub(r"\s*\(REDACTED\)|(?:\s+,)+(?=\s|$)", "", title)
    return " ".join(title.split()).strip(" ,-–") or None


_ROLE_WORDS = "Plaintiffs?|Petitioners?|Appellants?|Appellees?|Respondents?|Defendants?|Debtors?"


def document_type(title: str | None, text: str) -> str:
    """order, opinion, judgment, memorandum, notice or other, from the title's first keyword."""
    upper = (title or "").upper()
    if "OPINION" in upper:
        return "opinion"
    if "MINUTES" in upper or "DECREE" in upper:
        return "order"
    keywords = {"ORDER": "order", "JUDGMENT": "judgment", "MEMORANDUM": "memorandum",
                "NOTICE": "notice"}
    positions = [(upper.find(word), kind) for word, kind in keywords.items() if word in upper]
    if positions:
        return min(positions)[1]
    return "opinion" if "delivered the opinion" in text or _PER_CURIAM.search(text) else "other"


_VERBS = {"grant": "granted", "den": "denied", "affirm": "affirmed", "revers": "reversed",
          "vacat": "vacated", "remand": "remanded", "dismiss": "dismissed"}
_DECREE_UPPER = re.compile(
    r"\b(?:GRANT(?:S|ED)|DEN(?:IES|IED)|AFFIRM(?:S|ED)|REVERSE[SD]|VACATE[SD]|REMAND(?:S|ED)|"
    r"DISMISS(?:ES|ED))\b(?: IN PART)?")
_DECREE_LOWER = re.compile(
    r"\b(?:[Ww]e|[Tt]he Court|this Court|[Tt]he court)(?: (?:will|hereby|therefore|now|"
    r"\(\d\)))* (?:grant|den(?:y|ies)|affirm|reverse|vacate|remand|dismiss)(?:e?s)?\b"
    r"|\b(?:is|are) (?:hereby )?(?:granted|denied|dismissed|affirmed|reversed|vacated|remanded)\b"
    r"|\(\d\) (?:grant|deny|dismiss)\b"
    r"|^\d[\w .,]*\d+ F\. ?\w+,? \d+, [a-z, ]+\.$"
    r"|^(?:Affirmed|Reversed|Vacated)(?: and Remanded)?$", re.MULTILINE)
_NOT_A_RULING = re.compile(r"\b(?:dates?|hearings?|deadlines?|conference|calendar)\b", re.IGNORECASE)
_DISMISSAL = re.compile(r"\b(?:petition|complaint|action|case|appeal)\b", re.IGNORECASE)


def disposition(text: str, title: str | None) -> list[Field]:
    """Which way it went, from the title's verbs (`ORDER DENYING…`), else the decretal language."""
    found = []
    from_title = _outcome([match.group() for match in re.finditer(
        r"\b(?:GRANTING|DENYING|AFFIRMING|REVERSING|VACATING|REMANDING|DISMISSING)\b(?: IN PART)?",
        title or "")], "", None)
    if from_title:
        found.append(Field(from_title, "title"))
    clauses = [clause for clause in _decretal_clauses(text) if not _NOT_A_RULING.search(clause)]
    verbs = [match.group() for clause in clauses
             for match in re.finditer(r"\b(?:grant|den|affirm|revers|vacat|remand|dismiss)\w*"
                                      r"(?: in part)?", clause, re.IGNORECASE)]
    ruled_on = _first_motion(text[:3000])
    from_text = _outcome(verbs, " ".join(clauses), ruled_on)
    if from_text:
        found.append(Field(from_text, "text"))
    elif text.strip():
        found.append(Field("other", "text"))
    return found


def _decretal_clauses(text: str) -> list[str]:
    """The clauses of the text that rule: capitalised decretal verbs, `we affirm`, `is denied`."""
    clauses = []
    for sentence in split_sentences(text):
        for clause in re.split(r";\s+|,\s+(?:and\s+)?(?=\(\d\))", sentence.text.replace("\f", " ")):
            if _DECREE_UPPER.search(clause) or _DECREE_LOWER.search(clause):
                clauses.append(clause)
    return clauses


def _outcome(verbs: list[str], clauses: str, ruled_on: str | None) -> str | None:
    """One disposition from the verbs found, in the labels `granted in part`, `reversed and remanded`."""
    outcomes = [_VERBS[next(stem for stem in _VERBS if verb.lower().startswith(stem))]
                + (" in part" if verb.lower().endswith("in part") else "") for verb in verbs]
    kinds = {outcome.split()[0] for outcome in outcomes}
    if not kinds:
        return None
    appellate = [kind for kind in ("reversed", "vacated", "affirmed") if kind in kinds]
    if appellate:
        return appellate[0] + (" and remanded" if "remanded" in kinds else "")
    if "dismissed" in kinds and _DISMISSAL.search(clauses) and not re.search(r"dismiss\w* the claims", clauses):
        return "dismissed"
    if any(outcome.endswith("in part") for outcome in outcomes):
        return "granted in part"
    if {"granted", "denied"} <= kinds:
        return _outcome_for(ruled_on, clauses) or "granted in part"
    for kind in ("granted", "denied", "remanded", "dismissed"):
        if kind in kinds:
            return kind
    return None


def _outcome_for(motion_name: str | None, clauses: str) -> str | None:
    """The outcome of one motion among mixed rulings: `deny X’s <motion>`, `<motion> is DENIED`."""
    if not motion_name:
        return None
    name = re.escape(motion_name)
    ruled = re.search(rf"\b(grant|den)\w*\s+(?:the\s+)?(?:\w+[’']s\s+)?{name}"
                      rf"|{name}[^.;]*?\b(?:is|are)\s+(?:hereby\s+)?(grant|den)\w*", clauses, re.IGNORECASE)
    if ruled is None:
        return None
    return _VERBS[(ruled.group(1) or ruled.group(2)).lower()]


_MOTION = re.compile(r"\b(motions? (?:for|to|in) [\w ’'-]+?)(?=\s+(?:is|are|was|of|\(|pursuant)\b|[,.;(]|$)",
                     re.IGNORECASE)


def _first_motion(opening: str) -> str | None:
    """The motion the opening paragraph says is before the court (`motion for reconsideration`)."""
    before = re.search(r"(?:comes|came) before the Court (?:up)?on ([^;]+)", opening)
    if before is None:
        return None
    match = _MOTION.search(before.group(1))
    return match.group(1) if match else None


def motion(text: str, title: str | None) -> list[Field]:
    """The motion or matter ruled on, from the title, else the opening, else the decree."""
    found = []
    if title and (match := _MOTION.search(title)):
        found.append(Field(match.group(1).lower(), "title"))
    opening = _first_motion(text[:3000])
    if opening:
        found.append(Field(opening, "text"))
    for clause in _decretal_clauses(text):
        match = _MOTION.search(clause)
        if match:
            found.append(Field(match.group(1), "text"))
            break
    return found
