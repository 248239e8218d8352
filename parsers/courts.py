"""Which court and which case: the court, docket numbers and case name from the first page.

Court ids follow CourtListener: `scotus`; the courts of appeals `ca1`…`ca11`, `cadc`, `cafc`;
a district court is its state's postal code, the district's initial and `d` (`wawd`, `cand`,
`nysd`, `njd`; a bankruptcy court ends in `b`); state courts come from Free Law Project's
courts-db (installed with eyecite) or the few named in `_STATE_COURTS`.

Over 300 lines because about a third is tables (states, circuits, the ECF stamps' court names)
and the court, the docket and the case name are read from the same first-page lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from courts_db import courts, find_court

from parsers.ecf import EcfStamp


@dataclass(frozen=True)
class Court:
    """A court: its CourtListener id and its name."""

    id: str
    name: str


_ORDINALS = ("FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH", "ELEVENTH")
_STATES = {
    "ALABAMA": "al",
    "ALASKA": "ak",
    "ARIZONA": "az",
    "ARKANSAS": "ar",
    "CALIFORNIA": "ca",
    "COLORADO": "co",
    "CONNECTICUT": "ct",
    "DELAWARE": "de",
    "FLORIDA": "fl",
    "GEORGIA": "ga",
    "HAWAII": "hi",
    "IDAHO": "id",
    "ILLINOIS": "il",
    "INDIANA": "in",
    "IOWA": "ia",
    "KANSAS": "ks",
    "KENTUCKY": "ky",
    "LOUISIANA": "la",
    "MAINE": "me",
    "MARYLAND": "md",
    "MASSACHUSETTS": "ma",
    "MICHIGAN": "mi",
    "MINNESOTA": "mn",
    "MISSISSIPPI": "ms",
    "MISSOURI": "mo",
    "MONTANA": "mt",
    "NEBRASKA": "ne",
    "NEVADA": "nv",
    "NEW HAMPSHIRE": "nh",
    "NEW JERSEY": "nj",
    "NEW MEXICO": "nm",
    "NEW YORK": "ny",
    "NORTH CAROLINA": "nc",
    "NORTH DAKOTA": "nd",
    "OHIO": "oh",
    "OKLAHOMA": "ok",
    "OREGON": "or",
    "PENNSYLVANIA": "pa",
    "RHODE ISLAND": "ri",
    "SOUTH CAROLINA": "sc",
    "SOUTH DAKOTA": "sd",
    "TENNESSEE": "tn",
    "TEXAS": "tx",
    "UTAH": "ut",
    "VERMONT": "vt",
    "VIRGINIA": "va",
    "WASHINGTON": "wa",
    "WEST VIRGINIA": "wv",
    "WISCONSIN": "wi",
    "WYOMING": "wy",
    "PUERTO RICO": "pr",
    "COLUMBIA": "dc",
}
_SCOTUS = re.compile(r"SUPREME COURT OF THE UNITED STATES")
_CIRCUIT = re.compile(
    r"COURT OF APPEALS\s+(?:[A-Z]+\s+){0,2}?(?:FOR\s+)?(?:THE\s+)?(?P<circuit>"
    + "|".join(_ORDINALS)
    + r"|DISTRICT OF COLUMBIA|FEDERAL)\s+CIRCUIT"
)
_DISTRICT = re.compile(
    r"(?P<kind>DISTRICT|BANKRUPTCY) COURT\W+(?:FOR\s+)?(?:THE\s+)?"
    r"(?:(?P<direction>NORTHERN|SOUTHERN|EASTERN|WESTERN|CENTRAL|MIDDLE)\s+)?DISTRICT\s+OF\s+"
    r"(?P<state>(?:[A-Z]+\s?){1,2})"
)
# "CENTRAL DISTRICT OF CALIFORNIA" on its own, where "UNITED STATES DISTRICT COURT" is printed
# elsewhere on the page (a verdict form's caption, an attorney's block between the two).
_DISTRICT_LINE = re.compile(
    r"(?P<kind>DISTRICT)?(?P<direction>NORTHERN|SOUTHERN|EASTERN|WESTERN|CENTRAL|MIDDLE)\s+DISTRICT\s+OF\s+"
    r"(?P<state>(?:[A-Z]+\s?){1,2})"
)
# courts-db ids that name a kind of court, not one court.
_TOO_GENERIC = frozenset({"usdistct", "usbankct", "uscoa"})
# State courts whose headings courts-db does not recognise, matched on the normalised heading.
_STATE_COURTS = (
    (
        re.compile(r"TENNESSEE.*COURT OF WORKERS. COMPENSATION CLAIMS", re.DOTALL),
        Court("tennworkcompcl", "Tennessee Court of Workers' Compensation Claims"),
    ),
    (
        re.compile(r"TENNESSEE.*WORKERS. COMPENSATION\s+APPEALS BOARD", re.DOTALL),
        Court("tennworkcompapp", "Tennessee Workers' Compensation Appeals Board"),
    ),
)


def court_from_heading(heading: str) -> Court | None:
    """The court named in a document's heading (the first lines of page 1), or None."""
    text = " ".join(heading.upper().replace("’", "'").split())
    if _SCOTUS.search(text):
        return Court("scotus", "Supreme Court of the United States")
    circuit = _CIRCUIT.search(text)
    if circuit:
        return _circuit(circuit.group("circuit"))
    district = _DISTRICT.search(text)
    if district:
        found = _district(district)
        if found:
            return found
    for pattern, court in _STATE_COURTS:
        if pattern.search(text):
            return court
    if "DISTRICT COURT" in text and (district := _DISTRICT_LINE.search(text)):
        return _district(district)  # the court's name over two lines, other text between
    found = _from_courts_db(heading)
    return None if found and found.id in _TOO_GENERIC else found


# CM/ECF stamps whose wording is one court's own (see parsers/ecf.py): the court a document
# came from when its heading does not say, as on an exhibit or a sealed placeholder.
_STAMP_COURTS = (
    (re.compile(r"\bPage ID #:"), "CENTRAL", "CALIFORNIA"),
    (re.compile(r"\bUSDC Colorado\b"), "", "COLORADO"),
)
_STAMP_CIRCUITS = (
    (re.compile(r"^Appeal: .*\bDoc: .*\bPg: "), "FOURTH"),
    (re.compile(r"^Appellate Case: "), "EIGHTH"),
    (re.compile(r"\bID: \d+, DktEntry: "), "NINTH"),
)


def court_from_stamp(stamp: str) -> Court | None:
    """The court whose CM/ECF stamp reads like `stamp`, for the few stamps only one court prints."""
    for pattern, direction, state in _STAMP_COURTS:
        if pattern.search(stamp):
            heading = f"{direction} DISTRICT OF {state}".strip()
            return court_from_heading(f"UNITED STATES DISTRICT COURT {heading}")
    for pattern, circuit in _STAMP_CIRCUITS:
        if pattern.search(stamp):
            return _circuit(circuit)
    return None


def reviews_appeals(court_id: str | None) -> bool:
    """Whether a court is a federal court of appeals or the Supreme Court."""
    return court_id is not None and re.fullmatch(r"ca(?:\d{1,2}|dc|fc)|scotus", court_id) is not None


def _circuit(name: str) -> Court:
    """A federal court of appeals from its circuit's name."""
    if name == "FEDERAL":
        return Court("cafc", "United States Court of Appeals for the Federal Circuit")
    if name == "DISTRICT OF COLUMBIA":
        return Court("cadc", "United States Court of Appeals for the District of Columbia Circuit")
    number = _ORDINALS.index(name) + 1
    return Court(f"ca{number}", f"United States Court of Appeals for the {name.title()} Circuit")


def _district(match: re.Match[str]) -> Court | None:
    """A federal district or bankruptcy court from its heading; None for an unknown state."""
    words = match.group("state").split()
    for size in (2, 1):
        state = " ".join(words[:size])
        if len(words) >= size and state in _STATES:
            break
    else:
        return None
    direction = match.group("direction")
    bankruptcy = match.group("kind") == "BANKRUPTCY"
    court_id = _STATES[state] + (direction[0].lower() if direction else "") + ("b" if bankruptcy else "d")
    where = f"{direction.title()} District" if direction else "District"
    kind = "Bankruptcy Court" if bankruptcy else "District Court"
    name = f"United States {kind} for the {where} of {state.title()}"
    return Court(court_id, name)


def _from_courts_db(heading: str) -> Court | None:
    """A court courts-db recognises in a heading line (with the next line: `..., Eastern District`).

    courts-db matches a court's whole name, so a leading "In the" goes and only a single match
    counts.
    """
    lines = [" ".join(line.split()).strip(" .,:") for line in heading.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if not re.search(r"\bCOURT\b|\bPANEL\b", line.upper()) or len(line) > 120:
            continue
        line = re.sub(r"^IN THE\s+", "", line, flags=re.IGNORECASE)
        following = lines[index + 1 : index + 3]
        candidates = [f"{line}, {following[0]}" if following else line, line]
        if "PANEL" in line.upper():  # a name over three lines: "PANEL / on / MULTIDISTRICT LITIGATION"
            candidates.insert(1, " ".join([line, *following]))
        for candidate in candidates:
            for name in _court_name_forms(candidate):  # each a courts-db search, some 15 ms
                ids = find_court(name)
                if len(ids) == 1:
                    names = {court["id"]: court["name"] for court in courts}
                    # courts-db spells one name with a leading space: " United States Judicial …"
                    return Court(ids[0], names.get(ids[0], candidate).strip())
    return None


def _court_name_forms(name: str) -> tuple[str, ...]:
    """A heading's court name as printed, and as courts-db spells state courts: "of the State of
    Washington" is "of Washington", and a trial court's county ("for the County of Los Angeles")
    is no part of its name."""
    shorter = re.sub(r"\bof the State of\b", "of", name, flags=re.IGNORECASE)
    without_county = re.sub(r",?\s+(?:for|in and for) the County of\b.*$", "", shorter, flags=re.IGNORECASE)
    return tuple(dict.fromkeys((name, shorter, without_county)))


@dataclass(frozen=True)
class Docket:
    """A docket number as printed, its core form (`2:21-cv-00031`), and where it was read."""

    printed: str
    core: str
    source: str


# Docket numbers ------------------------------------------------------------------------------

_DISTRICT_DOCKET = re.compile(
    r"(?<![\w:-])(?:(?P<office>\d{1,2}):)?(?P<year>\d{2})[- ](?P<type>cv|cr|sw|mc|md|mj|bk|ap|po)"
    r"-(?P<number>\d{1,6})(?P<suffix>(?-i:(?:-[A-Z]{1,10}(?:/[A-Z]{1,10})?x?|-\d{1,3}[A-Z]{2,4}|\s-[A-Z]{2,4})*"
    r"(?:\s*\([A-Z]{2,4}x?\))?))",  # judges' initials or names: "-BJR", "-SMITH/JONES", "-T-36AAS"
    re.IGNORECASE,
)
_OLD_STYLE = re.compile(
    r"(?<![\w-])(?:(?P<type>CV|CR)\s?(?P<year>\d{2})-(?P<number>\d{1,6})(?:-[A-Z]{2,4})?(?:\([A-Z]{2,4}x?\))?"
    r"|(?P<year2>\d{2}) (?P<type2>Civ|Cr)\.? (?P<number2>\d{1,6})(?: \([A-Z]{2,4}\))?"
    r"|(?P<type3>Civ\.|C) (?:No\. )?(?P<year3>\d{2})-(?P<number3>\d{1,6})(?: \(?[A-Z]{2,4}(?:-[A-Z]{2,4})?\)?)?)"
)
_LABELLED = re.compile(
    r"(?:(?:Docket|Case|Appeal)\s*)?(?<!Related Case )(?<!State File )(?<!Appeal )No[s]?\.\s*:?\s*"
    # a judge's or a case type's letters after it: Delaware's "C.A. No. 20-123-ABC", the Second
    # Circuit's "No. 19-1234-cv", a bankruptcy's "No. 20-12345-MCW"
    r"(?P<number>\d{2,4}[-–]\d{1,6}(?:[-–]\d{1,6})?(?:-[A-Za-z]{1,5})?)(?![\w-])"
)


# The Federal Circuit prints its docket alone on a line between rules: "2019-1234".
_BARE_APPELLATE = re.compile(r"^(?P<number>(?:19|20)\d{2}-\d{4})$", re.MULTILINE)


def read_dockets(caption: str, ecf: EcfStamp | None, *, appellate: bool) -> tuple[Docket, ...]:
    """Docket numbers as printed, the ECF stamp's first, then the caption's, without repeats."""
    found: list[Docket] = []
    if ecf is not None:
        found.append(Docket(ecf.case_number, docket_core(ecf.case_number), "ecf_stamp"))
    caption = re.sub(r"Related Case No\.[^)\n]*", "", caption)
    if not appellate:
        for match in _DISTRICT_DOCKET.finditer(caption):
            found.append(Docket(match.group().strip(), docket_core(match.group()), "caption"))
        for match in _OLD_STYLE.finditer(caption):
            found.append(Docket(match.group().strip(), docket_core(match.group()), "caption"))
    for match in _LABELLED.finditer(caption):
        number = match.group("number")
        if not (appellate and _DISTRICT_DOCKET.fullmatch(number)):
            found.append(Docket(number, docket_core(number), "caption"))
    if appellate:
        found += [
            Docket(match.group("number"), docket_core(match.group("number")), "caption")
            for match in _BARE_APPELLATE.finditer(caption)
        ]
    return _unique(found)


def docket_core(printed: str) -> str:
    """The core of a docket number: `2:21-cv-00031-BJR` -> `2:21-cv-00031`, `24–482` -> `24-482`."""
    text = " ".join(printed.replace("–", "-").split())
    district = _DISTRICT_DOCKET.search(text)
    if district:
        office = f"{district.group('office')}:" if district.group("office") else ""
        kind = district.group("type").lower()
        return f"{office}{district.group('year')}-{kind}-{int(district.group('number')):05d}"
    old = _OLD_STYLE.search(text)
    if old:
        year = old.group("year") or old.group("year2") or old.group("year3")
        number = old.group("number") or old.group("number2") or old.group("number3")
        kind = (old.group("type") or old.group("type2") or old.group("type3") or "").lower()
        return f"{year}-{'cr' if kind.startswith('cr') else 'cv'}-{int(number):05d}"
    return re.sub(r"\s*\(.*?\)$", "", text)


def _unique(dockets: Iterable[Docket]) -> tuple[Docket, ...]:
    """Dockets without repeats of a core form (an office number missing on one counts the same)."""
    seen: set[str] = set()
    kept = []
    for docket in dockets:
        key = docket.core.split(":", 1)[-1]
        if key not in seen:
            seen.add(key)
            kept.append(docket)
    return tuple(kept)


# Case name -----------------------------------------------------------------------------------

_PLAINTIFF = r"Plaintiffs?|Petitioners?|Appellants?|Employees?|Movants?|Claimants?"
_DEFENDANT = r"Defendants?|Respondents?|Appellees?|Employers?|Debtors?"
_ROLE = re.compile(rf"\b(?:{_PLAINTIFF}|{_DEFENDANT})\b")
_SCOTUS_TITLE = re.compile(r"^([A-Z][A-Z0-9 .,'’&-]+?) v\.\s*\n?([A-Z][A-Z0-9 .,'’&-]+?)(?:,? ET AL\.)?$", re.MULTILINE)
_MINUTES_TITLE = re.compile(r"\bTitle:?\s+(.+?) [vV]\.? (.+?)(?:[,;] (?:ETC\.|ET AL\.))*(?:;|\n|$)")
_IN_RE = re.compile(r"^(IN RE:?|IN THE MATTER OF)\s*(.*)$", re.MULTILINE | re.IGNORECASE)
_VERSUS = re.compile(r"(?:^|\s)(?:v\.?|vs\.|-against-)(?=\s|$)", re.MULTILINE)
_TRAIL = re.compile(r"(?:,?\s*(?:et al\.?|ETC\.|Warden|individually.*)|,)\s*$", re.IGNORECASE)
_NOT_A_PARTY = re.compile(
    r"\(.*?\)|\(.*$|\b(?:Case|Docket|Civ\.|Civil Action)?\s*No[s]?\.?:?\s*(?:[A-Z]{1,2}\s)?[\w:.–-]*\d[\w:.–-]*"
    r"(?:\s[A-Z]\s\d+\b)?"  # a bankruptcy docket as Illinois prints it: "No. 18 B 09232"
    r"(?:\s+[A-Z]{2,4}\b)?|^\s*(?:x|-+x?)\s+|\bet al\.,?|^\s*R[Ee]:\W*|\bRe: .*$|\bCase Number:.*$"
    r"|\b(?:REDACTED|ORDER|OPINION|JUDGMENT|GRANTING|DENYING|REGARDING)\b",
    re.IGNORECASE,
)
# S.D.N.Y.'s "USDC SDNY / DOCUMENT / ELECTRONICALLY FILED / DOC #: / DATE FILED:" box.
_CLERK_STAMP = re.compile(
    r"\bUSDC SDNY\b|\bDOCUMENT\b|\bELECTRONICALLY FILED\b|\bDOC ?#:?|"
    r"\bDATE FILED:\s*\S*"
)
_IN_RE_STOP = {"CASE", "NO", "AS", "ORDER", "OPINION", "JUDGMENT", "V", "ET", "CHAPTER"}


def case_name(caption: str) -> str | None:
    """`Plaintiff v. Defendant` (first party on each side, roles and `et al.` dropped) or `In re X`."""
    caption = _CLERK_STAMP.sub(" ", caption).replace("_", "")  # blanks of a filled-in form
    for pattern in (_SCOTUS_TITLE, _MINUTES_TITLE):
        match = pattern.search(caption)
        if match and not re.search(r"\b(?:ORDER|MOTION|JUDGMENT|OPINION)\b", match.group()):
            return _name(match.group(1)) + " v. " + _name(match.group(2))
    in_re = _IN_RE.search(caption)
    if in_re and not _VERSUS.search(caption[: in_re.start()]):
        return _in_re(in_re, caption)
    versus = _VERSUS.search(caption)
    if versus is None:
        return None
    plaintiff = _party(caption[: versus.start()], _PLAINTIFF, last=True)
    defendant = _party(caption[versus.end() :], _DEFENDANT, last=False)
    if plaintiff and defendant:
        return f"{plaintiff} v. {defendant}"
    return None


def _party(text: str, roles: str, *, last: bool) -> str | None:
    """The party named just before its role word (`Plaintiff,`), on that line or the one above.

    Captions print names in a left column and docket numbers or the title in a right one,
    which the clean text runs together, so the columns' other text is dropped first.
    """
    lines = [_left_column(line) for line in text.splitlines()]
    roles_at = [index for index, line in enumerate(lines) if re.search(rf"\b(?:{roles})\b", line)]
    if roles_at:
        index = roles_at[-1] if last else roles_at[0]
        candidates = [re.split(rf"\b(?:{roles})\b", lines[index])[0]] + lines[max(0, index - 3) : index][::-1]
    else:  # a caption without role words: the names sit right beside the `v.`
        candidates = lines[::-1][:4] if last else lines[:4]
    for candidate in candidates:
        name = _clean_party(candidate)
        if name:
            return name
    return None


def _left_column(line: str) -> str:
    """A caption line's left column: the text before a `)` or `]` column rule."""
    rule = re.search(r"[)\]]", line)
    if rule is None or "(" in line[: rule.start()]:
        return line
    return line[: rule.start()]


def _clean_party(raw: str) -> str | None:
    """A party name without trailing roles, `et al.`, commas, or the other column's text."""
    if re.search(r"\b(?:MOTION|DISTRICT|COURT|GRANTING|DENYING|JUDGMENT)\b", raw, re.IGNORECASE):
        return None
    name = _ROLE.split(_NOT_A_PARTY.sub(" ", raw))[0].strip(" ,;:-–")
    previous = None
    while previous != name:
        previous, name = name, _TRAIL.sub("", name).strip(" ,;:-–")
    letters = [char for char in name if char.isalpha()]
    if len(letters) < 2 or name.lower() in {"and", "v", "vs"}:
        return None
    return _name(name)


def _in_re(match: re.Match[str], caption: str) -> str:
    """`In re X` from an `IN RE:` caption, gathering the capitals the caption spreads over lines."""
    rest = _NOT_A_PARTY.sub(" ", caption[match.end(1) : match.end(1) + 400])
    words: list[str] = []
    role = _ROLE.search(rest)
    capitals = re.search(r"\b[A-Z][A-Z&'’-]{2,}\b", rest[: role.start()] if role else rest) is not None
    for word in rest.split():
        if word.rstrip(".,:").upper() in _IN_RE_STOP or _ROLE.fullmatch(word.rstrip(".,")):
            if words:
                break
            continue
        # the caption's capitals; a debtor named in ordinary case ("Marquita A Funches") where none
        if re.fullmatch(r"[A-Z][A-Z0-9.,&'’-]*" if capitals else r"[A-Z][A-Za-z0-9.,&'’-]*", word):
            words.append(word)
        elif words and not capitals and word in ("and", "of", "the"):
            words.append(word)  # "John Q. Smith and Mary Smith"
        if len(words) > 14 or word.rstrip(",.") == "LITIGATION":
            break
    prefix = "In re" if match.group(1).upper().startswith("IN RE") else "In the Matter of"
    name = _clean_party(" ".join(words)) or ""
    return f"{prefix} {name}".strip()


def _name(raw: str) -> str:
    """A name in the caption's words, title-cased when the caption prints it in capitals."""
    name = " ".join(raw.split()).strip(" ,")
    name = re.sub(r",? ET AL\.?$", "", name, flags=re.IGNORECASE)
    if sum(char.isupper() for char in name) > 0.6 * sum(char.isalpha() for char in name):
        name = " ".join(title_word(word) for word in name.split())
    return name


def title_word(word: str) -> str:
    """One word of a capitalised name in title case, keeping `LLC`, `U.S.` and `v.` as they are."""
    if word in {"LLC", "LLP", "USA", "II", "III", "IV", "CEVA"} or re.fullmatch(r"(?:[A-Z]\.)+,?", word):
        return word
    if word.lower() in {"v.", "of", "and", "the", "for", "in", "re"}:
        return word.lower()
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
