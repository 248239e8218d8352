"""The author of a ruling: the opinion's author line, the caption's judge, the signature."""

from __future__ import annotations

import re

from parsers.metadata.fields import Field
from parsers.metadata.names import cased, cased_word

_JUSTICES = {
    "ROBERTS": "John Roberts",
    "THOMAS": "Clarence Thomas",
    "ALITO": "Samuel Alito",
    "SOTOMAYOR": "Sonia Sotomayor",
    "KAGAN": "Elena Kagan",
    "GORSUCH": "Neil Gorsuch",
    "KAVANAUGH": "Brett Kavanaugh",
    "BARRETT": "Amy Coney Barrett",
    "JACKSON": "Ketanji Brown Jackson",
    "BREYER": "Stephen Breyer",
    "GINSBURG": "Ruth Bader Ginsburg",
    "KENNEDY": "Anthony Kennedy",
    "SCALIA": "Antonin Scalia",
    "STEVENS": "John Paul Stevens",
    "SOUTER": "David Souter",
    "O'CONNOR": "Sandra Day O'Connor",
    "REHNQUIST": "William Rehnquist",
}
_NAME = r"[A-ZÀ-Ý][\wÀ-ÿ.'’-]*(?: [A-ZÀ-Ý][\wÀ-ÿ.'’-]*){1,4}?(?:, (?:Jr\.|Sr\.|III|II|IV))?"
_JUDGE_TITLE = (
    r"(?i:(?:Chief |Senior )?(?:United States|U\.S\.) (?:District|Magistrate|Circuit|Bankruptcy) "
    r"(?:Court )?Judge|U\.\s?S\.\s?[DM]\.\s?J\b\.?|(?:District|Magistrate|Bankruptcy|Circuit)(?: Court)? Judge"
    r"|Chief Judge)"
)
JUSTICE_AUTHOR = re.compile(
    r"(?:CHIEF )?JUSTICE ([A-Z']+) delivered the opinion of the Court"
    # a separate writing when the Court denies review: "JUSTICE THOMAS, dissenting from the denial
    # of certiorari", "Statement of JUSTICE SOTOMAYOR respecting the denial of certiorari"
    r"|^(?:Statement of )?(?:CHIEF )?JUSTICE ([A-Z']+),? (?:dissenting from|concurring in|respecting) the denial\b",
    re.MULTILINE,
)
_BEFORE = r"(?:BEFORE|B E F O R E)"
# The other column's role run onto a form's judge field: "Judge: Helena M. Draper Debtors."
_ROLE_AFTER = r"(?:Debtors?|Plaintiffs?|Defendants?|Petitioners?|Respondents?)\.?,?"
_BOARD_AUTHOR = re.compile(rf"(?:Presiding |Chief )?Judge ({_NAME}),? delivered the opinion")
_CAPTION_AUTHORS = (
    re.compile(rf"Before:\s*({_NAME}),?\s*\n?(?:Circuit|District) Judge\."),
    re.compile(rf"^(?:x |Hon\. )?({_NAME}),? (?:{_JUDGE_TITLE})\s*:?$", re.MULTILINE),
    re.compile(r"Present: The (?:Honorable )?([A-Z][A-Z. ]+?)(?:,| Honorable|\n|$)"),
    # a transcript's or a hearing's heading: "BEFORE THE HONORABLE X, UNITED STATES DISTRICT
    # JUDGE", "HONORABLE X, JUDGE PRESIDING", "BEFORE: THE HONORABLE X / MAGISTRATE JUDGE"
    # (its "BEFORE" letter-spaced as often as not: "B E F O R E: HONORABLE X")
    re.compile(
        rf"^(?:.*\b{_BEFORE}:?\s*)?(?:THE )?HONORABLE ([A-Z][A-Z. '’-]+?),?\s*\n?\s*(?:(?:UNITED STATES|U\.S\.) )?"
        r"(?:(?:CHIEF|SENIOR) )?(?:(?:DISTRICT|MAGISTRATE|BANKRUPTCY|CIRCUIT) )?(?:COURT )?JUDGE\b",
        re.MULTILINE,
    ),
    # its heading's name with no title after it: "BEFORE THE HONORABLE MARY JONES"
    re.compile(rf"^{_BEFORE}:?\s*(?:THE )?HONORABLE ([A-Z][A-Z. '’-]+?),?\s*$", re.MULTILINE),
    # the same in ordinary case: "Before The Honorable Mary Jones, Judge" (Northern California's)
    re.compile(rf"^(?i:before:?\s*(?:the )?honorable) ({_NAME}),? (?:{_JUDGE_TITLE}|Judge)\b", re.MULTILINE),
    re.compile(rf"\bJudge ({_NAME})\s*$", re.MULTILINE),
    # a minutes form's field: "Judge: Mary Jones"
    re.compile(
        rf"(?:^|(?<=\s))(?:Presiding )?Judge:\s*(?:Hon\.\s*|Honorable\s*)?({_NAME})(?:\s+{_ROLE_AFTER})?"
        rf"(?=\s*$|\s+(?:[A-Z][a-z]+ ){{0,2}}[A-Z][a-z]+:)",
        re.MULTILINE,
    ),  # (a form's fields may run together on a line: "… Court Reporter: X Judge: Mary Jones")
)
# A signature under "BY THE COURT:", the name then ", J." (Pennsylvania's federal and state courts).
_COURT_SIGNATURE = re.compile(
    r"\bBY THE COURT:?[\s/s]*(?:[^\n]*\n)??[^\n]*?\b([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){1,3}),\s*(?:C\.\s*)?J\."
)
# An opinion's author line, where appellate courts print only a surname.
_AUTHOR_LINES = (
    re.compile(
        r"^([A-Z][A-Z'’-]+(?:,? [JS]R\.)?), (?:Chief |Senior |Presiding )?(?:Circuit |District "
        r"|Bankruptcy |Appellate )?(?:Judge|Justice)[.:]",
        re.MULTILINE,
    ),
    # a state court's justice by surname and "J.", the opinion run on after a dash or colon:
    # Washington's "HALVORSEN, J.—Police investigating …", "MADSEN, C.J.:"
    # and a district judge's under the title: Massachusetts' "CASSIDY, D.J.", "SMITH, U.S.D.J."
    re.compile(r"^([A-Z][A-Z'’-]+), (?:C\. ?|(?:U\.S\.)?[DM]\.)?J\.(?:\s?[—–]|:|\s*$)", re.MULTILINE),
    # the full name before the colon: the Fifth Circuit's "Jerry E. Smith, Circuit Judge:", New
    # York's "J. PAUL OETKEN, District Judge:"
    re.compile(rf"^({_NAME}), (?:Chief |Senior )?(?:Circuit |District )?Judge:", re.MULTILINE),
    re.compile(
        r"^Opinion (?:by|of the Court by) (?:Chief |Senior )?(?:Circuit )?(?:Judge|Justice) "
        r"([A-Z][\w.'’ -]+?)(?:[;,(]|\s*$)",
        re.MULTILINE,
    ),
    re.compile(
        r"Opinion for the Court filed by (?:Chief |Senior )?(?:Circuit )?(?:Judge|Justice) "
        r"([A-Z][A-Za-z'’-]+)"
    ),
    re.compile(r"\b(?:Chief |Senior )?(?:Circuit )?Judge ([A-Z][A-Za-z'’-]+) wrote the (?:majority )?opinion"),
    # "KETHLEDGE, J., delivered the opinion of the court" (the Sixth Circuit), "Judge SMITH
    # delivered the opinion of the Court", a state court's "Justice Smith delivered …" ("JUSTICE
    # X delivered the opinion of the Court" is the Supreme Court's, read with its justices' names)
    re.compile(
        r"^(?:([A-Z][A-Z'’-]+), (?:C\. ?)?J\.,|(?:Chief |Senior |Presiding )?(?:Circuit )?Judge ([A-Z][A-Za-z'’-]+)"
        r"|(?:Chief )?Justice ([A-Z][A-Za-z'’-]+)|(?:CHIEF )?JUSTICE ([A-Z'’-]+)(?= delivered the \w+ of the court))"
        r" delivered the (?:opinion|judgment) of the",
        re.MULTILINE,
    ),
)
# A judge's title under a signature or after a name: "United States District Judge", "U.S.D.J.".
JUDGE_TITLE = re.compile(rf"\b(?:{_JUDGE_TITLE})(?!s)")  # a panel's "Circuit Judges" signs nothing
# What stands before a judge's name in a heading: "Before:", "The Honorable", "Hon."
_HONORIFICS = re.compile(r"^(?:(?:Before\b|The\b|Honorable\b|Hon\.|Hon\b):?\s*)+", re.IGNORECASE)
# A court's title words read as a name ("UNITED STATES" above "DISTRICT JUDGE"): no judge.
_TITLE_WORDS = re.compile(
    r"(?:(?:United|States|U\.S\.|Chief|Senior|District|Magistrate|Circuit|Bankruptcy|Court|Judge)\s*)+",
    re.IGNORECASE,
)
# "PER CURIAM." on its line, or before its panel: "PER CURIAM (SMITH, JONES, and LEE, Circuit Judges)."
PER_CURIAM = re.compile(r"^(?i:per curiam)\b(?:[.:*]*$| \()", re.MULTILINE)


# California's courts of appeal sign the opinion at its end, the panel under "We concur:".
_SIGNED_AUTHOR = re.compile(r"^([A-Z][A-Z'’-]+), (?:Acting )?(?:P\. ?J|J)\.\s+We concur\b", re.MULTILINE)


def author_line(text: str) -> re.Match[str] | None:
    """An opinion's author line (`NIEMEYER, Circuit Judge:`, `Opinion by Judge Callahan`), or
    its signature above the panel's "We concur:" at the end (`COLLINS, J.`)."""
    for pattern in _AUTHOR_LINES:
        author = pattern.search(text[:30000])
        if author:
            return author
    return _SIGNED_AUTHOR.search(text, max(0, len(text) - 5000))


def judges(text: str, caption: str) -> list[Field]:
    """The author: the opinion's author line, else the caption's judge, else the signature."""
    found = []
    author = author_line(text)
    if author:
        name = _person(next(name for name in author.groups() if name).rstrip(","))
        signed = signature_name(text[-1500:])  # the surname's full form where the judge signs it
        full = signed if signed and " " not in name and signed.split()[-1] == name else name
        return [Field(full, "caption")]
    justice = JUSTICE_AUTHOR.search(text)
    if justice:  # a justice the table does not know yet is named by the surname printed
        surname = next(name for name in justice.groups() if name)
        return [Field(_JUSTICES.get(surname, surname.title()), "caption")]
    if PER_CURIAM.search(text[:20000]):
        found.append(Field("Per Curiam", "caption"))
    for pattern, where in ((_BOARD_AUTHOR, text[:20000]), *((pattern, caption) for pattern in _CAPTION_AUTHORS)):
        match = pattern.search(where)
        if match:
            found.append(Field(_person(match.group(1)), "caption"))
    by_the_court = _COURT_SIGNATURE.search(text[-1500:])
    if by_the_court:
        found.append(Field(_person(by_the_court.group(1)), "signature"))
    signed = signature_name(text[-1500:])
    if signed:
        found.append(Field(signed, "signature"))
    return [field for field in found if len(field.value.split()) >= 2 and not _TITLE_WORDS.fullmatch(field.value)]


def signature_name(tail: str) -> str | None:
    """The judge who signed: the name printed just before the last judge's title of the text.

    Under a signature the name is typed, often in capitals (`BETH LABSON FREEMAN`), sometimes
    after the signed form (`s/Renée Marie Bumb RENÉE MARIE BUMB`): the capitals win.
    """
    titles = list(JUDGE_TITLE.finditer(tail))
    if not titles:
        return None
    before = [line for line in tail[: titles[-1].start()].splitlines() if line.strip()]
    if not before:
        return None
    # the typed name after the signed one: "/s/ Mary Jones Hon. Mary Jones" is Mary Jones once
    parts = [part.split() for part in re.split(r"/s/|\bs/|\bHon\.|\bHonorable\b", before[-1])]
    words: list[str] = next((part for part in reversed(parts) if len(part) >= 2), [])[-5:]
    capitals: list[str] = []
    for word in reversed(words):
        if not word.isupper():
            break
        capitals.insert(0, word)
    if len(capitals) >= 2:
        words = capitals
    else:
        words = [word for word in words if word[:1].isupper()][-4:]
        # the typed name after the signed one in ordinary case ("s/ Owen R. Przybylski Owen R.
        # Przybylski"), or after the judge's initials ("/s/ WBA Walter B. Ashcombe")
        if words and words[-1] in words[:-1]:
            words = words[words.index(words[-1]) + 1 :]
        while len(words) > 2 and words[0].isupper() and len(words[0]) > 1 and not words[0].endswith("."):
            words = words[1:]
    return _person(" ".join(words)) if len(words) >= 2 else None


def _person(raw: str) -> str:
    """A judge's name in title case, without honorifics or trailing commas."""
    name = cased(_HONORIFICS.sub("", " ".join(raw.split())).strip(" ,"))  # a party's name's casing: "Ana de la Cruz"
    return " ".join(_name_word(word) for word in name.split())


def _name_word(word: str) -> str:
    """One word of a judge's name: an initial in capitals ("V.", never the versus of a case
    name), any other word in capitals cased."""
    if re.fullmatch(r"[A-Za-z]\.", word):
        return word.upper()
    return cased_word(word) if word.isupper() and len(word.rstrip(".")) > 1 else word
