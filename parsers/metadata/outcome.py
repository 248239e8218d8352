"""Which way a ruling went, and on what motion: the title's verbs, else the decretal language."""

from __future__ import annotations

import re

from parsers.metadata.fields import Field
from parsers.sentences import split_sentences

_VERBS = {
    "grant": "granted",
    "den": "denied",
    "affirm": "affirmed",
    "revers": "reversed",
    "vacat": "vacated",
    "remand": "remanded",
    "dismiss": "dismissed",
}
# The verbs a court decrees with, as a decree prints them in capitals ("GRANTED", "AFFIRM"),
# in the court's own voice ("we affirm", "the Court denies") and in the passive ("is denied").
# Key quotes (parsers/quotes.py) read decrees with the same verbs.
DECREE_CAPITALS = (
    r"GRANT(?:S|ED)|DEN(?:Y|IES|IED)|AFFIRM(?:S|ED)?|REVERSE[SD]?|VACATE[SD]?|REMAND(?:S|ED)?|DISMISS(?:ES|ED)"
)
DECREE_VERBS = r"grant|den(?:y|ies)|affirm|reverse|vacate|remand|dismiss"
DECREED = r"granted|denied|dismissed|affirmed|reversed|vacated|remanded"
# The passive decree's lead: "is denied", "are hereby dismissed", "will be granted" (a memorandum opinion
# whose order follows).
IS_DECREED = r"\b(?:is|are|will be|shall be) (?:hereby |therefore |accordingly |thus |also )?"
_DECREE_UPPER = re.compile(rf"\b(?:{DECREE_CAPITALS})\b(?: IN PART)?")
_DECREE_LOWER = re.compile(
    r"\b(?:[Ww]e|[Tt]he Court|this Court|[Tt]he court)(?: (?:will|hereby|therefore|now|"
    rf"\(\d\)))* (?:{DECREE_VERBS})(?:e?s)?\b"
    rf"|{IS_DECREED}(?:{DECREED})\b"
    r"|\(\d\) (?:grant|deny|dismiss)\b"
    r"|^\d[\w .,]*\d+ F\. ?\w+,? \d+, [a-z, ]+\.$"
    r"|^(?:Affirmed|Reversed|Vacated)(?: and Remanded)?$",
    re.MULTILINE,
)
_NOT_A_RULING = re.compile(r"\b(?:dates?|hearings?|deadlines?|conference|calendar)\b", re.IGNORECASE)
_DISMISSAL = re.compile(r"\b(?:petition|complaint|action|case|appeal)\b", re.IGNORECASE)


# A court of appeals states its judgment at the end; its procedural history ("vacated our
# judgment, and remanded for reconsideration") comes before: this last share is read first.
JUDGMENT_SHARE = 0.2


def disposition(text: str, title: str | None, *, reviewing: bool = False) -> list[Field]:
    """Which way it went, from the title's verbs (`ORDER DENYING…`), else the decretal language
    (for a court that reviews, that of the opinion's last part when it has some)."""
    found = []
    from_title = _outcome(
        [
            match.group()
            for match in re.finditer(
                r"\b(?:GRANTING|DENYING|AFFIRMING|REVERSING|VACATING|REMANDING|DISMISSING)\b(?: IN PART)?", title or ""
            )
        ],
        "",
        None,
    )
    if from_title:
        found.append(Field(from_title, "title"))
    clauses = [clause for clause in _decretal_clauses(text) if not _rules_on_a_date(clause)]
    if reviewing:
        last = [
            clause
            for clause in _decretal_clauses(text[int(len(text) * (1 - JUDGMENT_SHARE)) :])
            if not _rules_on_a_date(clause)
        ]
        clauses = last or clauses
    verbs = [
        match.group()
        for clause in clauses
        for match in re.finditer(
            r"\b(?:grant|den|affirm|revers|vacat|remand|dismiss)\w*"
            r"(?: in part)?",
            clause,
            re.IGNORECASE,
        )
    ]
    ruled_on = _first_motion(text[:3000])
    from_text = _outcome(verbs, " ".join(clauses), ruled_on)
    if from_text:
        found.append(Field(from_text, "text"))
    elif text.strip():
        found.append(Field("other", "text"))
    return found


def _rules_on_a_date(clause: str) -> bool:
    """Whether a decree is about the calendar ("the hearing set for June 1 is VACATED", "VACATES
    all dates"): read in its subject and object, not in a lead-in ("For the reasons stated at the
    conference, the motion is DENIED")."""
    decree = _DECREE_UPPER.search(clause) or _DECREE_LOWER.search(clause)
    if decree is None:
        return bool(_NOT_A_RULING.search(clause))
    subject = clause[: decree.start()].rsplit(", ", 1)[-1]
    return bool(_NOT_A_RULING.search(subject + " " + clause[decree.start() : decree.end() + 40]))


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
    outcomes = [
        _VERBS[next(stem for stem in _VERBS if verb.lower().startswith(stem))]
        + (" in part" if verb.lower().endswith("in part") else "")
        for verb in verbs
    ]
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
    ruled = re.search(
        rf"\b(grant|den)\w*\s+(?:the\s+)?(?:\w+[’']s\s+)?{name}"
        rf"|{name}[^.;]*?\b(?:is|are)\s+(?:hereby\s+)?(grant|den)\w*",
        clauses,
        re.IGNORECASE,
    )
    if ruled is None:
        return None
    return _VERBS[(ruled.group(1) or ruled.group(2)).lower()]


_MOTION = re.compile(
    r"\b(motions? (?:for|to|in) [\w ’'-]+?)(?=\s+(?:is|are|was|of|\(|pursuant)\b|[,.;(]|$)", re.IGNORECASE
)


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
