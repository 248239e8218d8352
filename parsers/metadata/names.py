"""Case names as a reporter cites them: `Bordelon v. Commissioner`, `Still v. Baca`.

The caption's first party on each side, shortened the way the Bluebook and newsrooms do: a
person by surname, a government by its short name (`United States`, `Commissioner`,
`People`, `State`), an organisation by its name as printed, `In re …` kept. Names printed in
capitals are cased as the document itself spells them in running text (`DEJOY` is `DeJoy`
where the opinion writes "Postmaster General DeJoy"), else by rule (`McCrimmon`, `O’Brien`).
"""

from __future__ import annotations

import re
from collections import Counter

import probablepeople

# Words that make a party an organisation or a government, not a person.
_ORGANISATION = re.compile(
    r"\b(?:Inc|LLC|L\.L\.C|LLP|L\.P|LP|Ltd|Limited|N\.V|B\.V|S\.A|AG|GmbH|PLC|Corp|Corporation|Co|Company|Companies|Association|"
    r"Bank|Trust|Fund|Group|Holdings?|Services?|Systems?|Technologies|Partners|Partnership|"
    r"Foundation|University|College|School|Hospital|Center|Centre|Church|Club|Union|Council|"
    r"Board|Commission|Committee|Department|Dept|Agency|Authority|Bureau|Office|Administration|"
    r"City|County|Town|Village|District|State|States|Republic|Government|Nation|Tribe|"
    r"Insurance|Assurance|Industries|International|Enterprises|Associates|Society|Institute|"
    r"Organization|Organisation|Ministries|Estate|Plan|America|Americas|National|Federal|"
    r"Motors|Airlines|Bancorp|Capital|Management|Solutions|Products|Labs?|Media|News|"
    r"Communications|Pharmaceuticals|Logistics|Construct|Construction|Properties|Realty|"
    r"Entertainment|Energy|Health|Healthcare|Medical|Farms?|Stores?|Markets?|Network|"
    r"Software|Automation|Manufacturing|Records|Studios?|Inc\.?)\b\.?|&|\bof\b|\bthe\b",
    re.IGNORECASE,
)
_GOVERNMENTS = (
    (re.compile(r"^(?:the )?United States(?: of America)?$", re.IGNORECASE), "United States"),
    (re.compile(r"^Commissioner of Internal Revenue(?: Service)?$", re.IGNORECASE), "Commissioner"),
    (re.compile(r"^(?:the )?People(?: of the State of .+)?$", re.IGNORECASE), "People"),
    (re.compile(r"^(?:the )?State of .+$", re.IGNORECASE), "State"),
    (re.compile(r"^(?:the )?Commonwealth of .+$", re.IGNORECASE), "Commonwealth"),
)
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|II|III|IV|V|Esq)\.?$", re.IGNORECASE)
_INITIAL = re.compile(r"^[A-Z]\.?$")
_KEEP_UPPER = {
    "LLC",
    "LLP",
    "L.L.C.",
    "L.P.",
    "LP",
    "USA",
    "II",
    "III",
    "IV",
    "N.A.",
    "U.S.",
    "FBI",
    "IRS",
    "SEC",
    "NFL",
    "AT&T",
    "CEVA",
    "ICE",
    "DHS",
    "USPS",
    "UPS",
    "FedEx",
}
# The lower-case words of a surname: "de la Cruz", "van der Berg".
_PARTICLES = {"de", "la", "del", "da", "di", "van", "der", "von"}
_LOWER = {"v.", "of", "and", "the", "for", "in", "re", "on", "at", "to", "by", "de", "la", "del"}


def short_case_name(full: str | None, text: str = "") -> str | None:
    """`A v. B` shortened side by side (see the module docstring); `In re X` stays whole."""
    if not full:
        return None
    if re.match(r"^(?:In re|In the Matter of|Ex parte)\b", full, re.IGNORECASE):
        return re.sub(r"^In re:?(?=\s)", "In re", cased(full, text), flags=re.IGNORECASE)  # "IN RE:" cited "In re"
    sides = re.split(r"\s+v\.?\s+", full, maxsplit=1)
    if len(sides) != 2:
        return cased(full, text)
    return " v. ".join(_short_party(cased(side, text)) for side in sides)


def _short_party(name: str) -> str:
    """One party as cited: a government's short name, a person's surname, else the name."""
    name = re.sub(r",?\s+et al\.?$", "", name.strip(" ,;"), flags=re.IGNORECASE)
    name = re.sub(r"^the\s+(?=\S+\s)", "", name, flags=re.IGNORECASE)  # the Bluebook drops it
    for pattern, short in _GOVERNMENTS:
        if pattern.match(name):
            return short
    name = re.split(r"\s*;\s*", name)[0]
    if _ORGANISATION.search(name):
        return name
    name = re.split(r",?\s+and\s+", name)[0]  # "Rock Bordelon and Torie Bordelon": the first
    words = _SUFFIX.sub("", name).replace(",", " ").split()
    if (
        2 <= len(words) <= 5
        and all(word[:1].isupper() or word in _PARTICLES for word in words)
        and not _INITIAL.match(words[-1])
    ):
        person = _person(name)
        if person is not None:
            return person.get("Surname", words[-1]).strip(" ,")
    return name


def _person(name: str) -> dict[str, str] | None:
    """probablepeople's reading of `name` as a person's (`Surname`, `GivenName`…), or None where
    it reads a company (one whose name has no company word, "Telefonaktiebolaget LM Ericsson");
    a name it cannot parse is a person's with no parts read."""
    try:
        parts, kind = probablepeople.tag(name)
    except probablepeople.RepeatedLabelError:
        return {}
    return None if kind == "Corporation" else dict(parts)


def cased(name: str, text: str = "") -> str:
    """A name printed in capitals, cased as `text` spells its words, else by rule."""
    letters = [char for char in name if char.isalpha()]
    if not letters or sum(char.isupper() for char in letters) <= 0.6 * len(letters):
        return name
    spellings = _spellings(text) if text else {}
    words = [
        word.lower() if index and word.lower() in _LOWER else _spelled(word, spellings)
        for index, word in enumerate(name.split())
    ]
    return " ".join(words)


def _spelled(word: str, spellings: dict[str, str]) -> str:
    """A word as the text spells it, its punctuation kept (`NETSUITE,` -> `NetSuite,`), else by rule."""
    core = word.strip(",.;:")
    spelling = spellings.get(core.casefold()) if core else None
    return word.replace(core, spelling, 1) if spelling else _cased_word(word)


def _spellings(text: str) -> dict[str, str]:
    """Each word's commonest mixed-case spelling in the text (`dejoy` -> `DeJoy`), and the
    acronyms its running text prints in capitals, each on its own (`TCL`, `RLI`)."""
    counts = Counter(re.findall(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*\b", text))
    for line in re.findall(r"[^\n\f]+", text):
        if sum(char.islower() for char in line) > 3 * sum(char.isupper() for char in line):
            # alone, not in a run of capitals: "TCL moved", not a caption's "JANE DOE, individually and on"
            counts.update(re.findall(r"(?<![A-Z]{2} )\b[A-Z]{2,5}\b(?! [A-Z]{2})", line))
    best: dict[str, tuple[int, str]] = {}
    for printed, count in counts.items():
        word = re.sub(r"[’']s$", "", printed)  # "NetSuite’s production": the name is NetSuite
        key = word.casefold()
        if key not in best or count > best[key][0]:
            best[key] = (count, word)
    return {key: word for key, (_, word) in best.items()}


def _cased_word(word: str) -> str:
    """One capitalised word in title case: `MCCRIMMON` -> `McCrimmon`, `O’BRIEN` -> `O’Brien`."""
    if word.strip(",.") in _KEEP_UPPER or re.fullmatch(r"(?:[A-Z]\.)+,?|[A-Z]+&[A-Z]+,?", word):
        return word
    if re.fullmatch(r"(?!LTD|PVT)[B-DF-HJ-NP-TV-XZ]{3,5}[,.]?", word):  # no vowel: an initialism (`TCL`, `HSBC`)
        return word
    return "-".join(_cased_part(part) for part in word.split("-"))


def _cased_part(part: str) -> str:
    """A hyphen-free part of a word in title case, with Mc and O’ prefixes."""
    lower = part.lower()
    match = re.match(r"^(mc|o[’'])(\w)(.*)$", lower)
    if match:
        return match.group(1).capitalize() + match.group(2).upper() + match.group(3)
    return lower[:1].upper() + lower[1:]
