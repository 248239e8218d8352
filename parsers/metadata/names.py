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

from parsers.wordlist import word_count

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
    (re.compile(r"^(?:the )?United States(?: of America)?$|^U\.?S\.?(?:A\.?)?$", re.IGNORECASE), "United States"),
    (re.compile(r"^Commissioner of Internal Revenue(?: Service)?$", re.IGNORECASE), "Commissioner"),
    (re.compile(r"^(?:the )?People(?: of (?:the State of )?.+)?$", re.IGNORECASE), "People"),
    (re.compile(r"^(?:the )?State of .+$", re.IGNORECASE), "State"),
    (re.compile(r"^(?:the )?Commonwealth of .+$", re.IGNORECASE), "Commonwealth"),
)
# A party's description after its name, where the name ends: ", a Delaware corporation",
# ", individually", " d/b/a …", " as the Parent of …", ", Minor Child".
PARTY_DESCRIPTION = re.compile(
    r",\s+(?:an?|the)\s+[a-z]|,\s+(?:individually|on behalf|in (?:his|her|their) |as |by and "
    r"through|doing business|successor|formerly|acting|(?:a )?minor\b)|\s+(?:d/b/a|f/k/a|a/k/a|n/k/a)\b"
    r"|\s+as (?:the )?(?:parent|guardian|next friend|personal representative|administrat|executor|"
    r"trustee|conservator|special administrator)|\s+\((?!.*\))|,?\s+et al\b|;",
    re.IGNORECASE,
)
# A company's form printed after its name and a comma: "NetSuite, Inc.", "Acme, LLC".
CORPORATE_FORM = re.compile(
    r"^(?:Inc|LLC|L\.L\.C|LLP|L\.P|LP|Ltd|Corp|Co|N\.A|AG|S\.A|GmbH|PLC|P\.C|PC|"
    r"PLLC|Limited|Incorporated)\.?$",
    re.IGNORECASE,
)
# A word a name abbreviates with a full stop, which stays: initials ("N.V.", "J."), "Jr.", and
# the Bluebook's table T6 words courts' captions use ("Comm.", "Bd.", "Dep't.", "Cnty.").
ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+|(?:Jr|Sr|Comm|Comm[’']n|Bd|Dept|Dep[’']t|Cnty|Cty|Equip|Corr|Fin|Servs?|Ass[’']n|Nat[’']l|"
    r"Int[’']l|Gov[’']t|Sec|Auth|Admin|Dist|Hosp|Univ|Mfg|Bros|Ins|Inv|Mgmt|Sch|Sys|Tech|Transp|Util|Bur|Comp|"
    r"Dis|Ctr|Twp|Mun|Educ?|Envtl|Agric|Ret|Prot)\.",
    re.IGNORECASE,
)
# The titles of public offices parties are sued in.
_OFFICES = (
    r"Warden|Secretary|Director|Commissioner|Sheriff|Superintendent|Governor|Attorney General|Administrator|"
    r"Postmaster General|Comptroller|Treasurer|Chief of Police|Mayor"
)
# A public office sued as such, named by its title: no person's name to cut to a surname.
_OFFICE = re.compile(rf"^(?:Acting )?(?:{_OFFICES})\b")
# A rank or an office before a person's name ("Sheriff Joe Arpaio", "Specialist Ethan Kibler").
_TITLED = re.compile(
    r"^(?:(?:Acting|Deputy|Chief|Specialist|Staff Sergeant|Sergeant|Private|Corporal|Lieutenant|Captain|Colonel|"
    rf"Officer|Detective|Trooper|Agent|{_OFFICES})\s+)+(?=\S)",
    re.IGNORECASE,
)
# The forms of a case about one party, all cited "In re" (the Bluebook's rule 10.2.1(b)).
_IN_RE = re.compile(r"^(?:In re:?|In the Interest of:?)\s+(?:(?:the )?Interest of\s+)?", re.IGNORECASE)
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
    # agencies, prisons and leagues parties name by their initials
    "FCI",
    "USP",
    "FDC",
    "MDC",
    "MCC",
    "FMC",
    "CBP",
    "USCIS",
    "EPA",
    "FDA",
    "FTC",
    "FCC",
    "NLRB",
    "EEOC",
    "OSHA",
    "CIA",
    "NSA",
    "DOJ",
    "HHS",
    "HUD",
    "IBM",
    "NCAA",
    "NBA",
    "ACLU",
    "NAACP",
}
# The lower-case words of a surname: "de la Cruz", "van der Berg".
_PARTICLES = {"de", "la", "del", "da", "di", "van", "der", "von"}
_LOWER = {"v.", "of", "and", "the", "for", "in", "re", "on", "at", "to", "by", "de", "la", "del"}


def short_case_name(full: str | None, text: str = "") -> str | None:
    """`A v. B` shortened side by side (see the module docstring); `In re X` with X shortened
    where it is a person (`IN RE: CALVIN HAWKINS` is `In re Hawkins`); `In the Matter of …` and
    `Ex parte …` as printed."""
    if not full:
        return None
    full = cased(full, text) if _in_capitals(full) else full
    in_re = _IN_RE.match(full)
    if in_re and not re.search(r"\s+v\.?\s+", full):
        return "In re " + _short_party(full[in_re.end() :], in_re=True)
    procedural = re.match(r"^(?:In the Matter of|Matter of)\s+(?=.+\sv\.?\s)", full, re.IGNORECASE)
    if procedural:  # New York's "Matter of Ford v. City": the Bluebook drops it where parties are adverse
        full = full[procedural.end() :]
    elif re.match(r"^(?:Ex parte|In the Matter of|Matter of)\b", full, re.IGNORECASE):
        return full  # as printed
    sides = re.split(r"\s+v\.?\s+", full, maxsplit=1)
    if len(sides) != 2:
        return full
    return " v. ".join(_short_party(side, text) for side in sides)


def _in_capitals(name: str) -> bool:
    """Whether a name is printed in capitals (most of its letters)."""
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) > 0.6 * len(letters)


def _short_party(name: str, text: str = "", *, in_re: bool = False) -> str:
    """One party as cited: a government's short name (with its relator: `State ex rel. Paz`),
    an office as printed (`Warden, FCI Dublin`), a person's surname, else the name; the first of
    several, without its description, cased when printed in capitals (but an acronym's one short
    word beside a name in ordinary case: `FLRA`)."""
    name = name.strip(" ,;")
    described = PARTY_DESCRIPTION.search(name)
    name = name[: described.start()].strip(" ,") if described and described.start() > 0 else name
    if _in_capitals(name) and (" " in name or len(name) > 5):
        name = cased(name, text)
    name = re.sub(r"^the\s+(?=\S+\s)", "", name, flags=re.IGNORECASE)  # the Bluebook drops it
    relator = re.match(r"^(.+?),?\s+ex\.?\s+rel\.?,?\s+(.+)$", name, re.IGNORECASE)
    if relator:
        return f"{_short_party(relator.group(1), text)} ex rel. {_short_party(relator.group(2), text)}"
    for pattern, short in _GOVERNMENTS:
        if pattern.match(name):
            return short
    titled = _TITLED.match(name)
    after_title = cased(name[titled.end() :], text) if titled else ""
    if titled and _PLAIN_WORD.match(after_title) and word_count(after_title.lower()) < COMMON_WORD:
        return after_title  # "WARDEN SMITH": the surname after the office
    if titled and _personal_name(after_title):
        name = after_title  # "Sheriff Joe Arpaio", "Specialist ETHAN KIBLER": the person
    elif _OFFICE.match(name):
        return name  # an office and where it is held: "Warden, FCI Dublin", "Secretary of State"
    if in_re and re.match(r"^(?:Marriage|Estate|Guardianship|Adoption|Child|Children|Welfare|Custody)\b", name):
        return name
    first = first_person(name)
    if first is not None:
        name = first
    elif _ORGANISATION.search(name):
        # a company, then a person sued beside it: "Allsafe Indemnity Insurance Company and Trevor J. Halloran"
        beside = re.split(r",?\s+(?:and|AND)\s+", name, maxsplit=1)
        if len(beside) == 2 and _ORGANISATION.search(beside[0]) and _personal_name(beside[1].strip(" ,")):
            return beside[0]
        return name
    # a maiden name or a nickname set apart is no part of the name cited: "Stacy B. (Greenleaf) Mooar"
    bare = re.sub(r"\s*\([^()]*\)|\s*[“\"][^”\"]*[”\"]", "", name)
    words = _SUFFIX.sub("", bare).replace(",", " ").split()
    if (
        2 <= len(words) <= 5
        and all(word[:1].isupper() or word in _PARTICLES for word in words)
        and not _INITIAL.match(words[-1])
    ):
        person = _person(bare)
        if person is not None:
            return person.get("Surname", words[-1]).strip(" ,")
    return name


def first_person(name: str) -> str | None:
    """The first of several parties named on one side when it is a person's name ("Brian J.
    Lesser and Burn, LLC", "Michelle Woomer, Teri Stone, and Legal Aid"), else None."""
    pieces = re.split(r",?\s+(?:and|AND)\s+|,\s+(?=[A-Z][\w’'.-]+\s+[A-Z])", name, maxsplit=1)
    if len(pieces) != 2 or _FIRM_CONTINUES.match(pieces[1]) or CORPORATE_FORM.match(pieces[1].split(" ")[0].strip(",")):
        return None
    first = pieces[0]
    words = _SUFFIX.sub("", first).split()
    if not 2 <= len(words) <= 4 or _ORGANISATION.search(first) or _person(first) is None:
        return None
    return first


# What follows a name in a firm's own name ("Jess Smith and Sons, LLC"); its form ("Smith, Inc.")
# is `CORPORATE_FORM`'s.
_FIRM_CONTINUES = re.compile(r"^(?:Sons|Daughters|Brothers|Bros|Associates|Partners|Company|Co)\b", re.IGNORECASE)


def _person(name: str) -> dict[str, str] | None:
    """probablepeople's reading of `name` as a person's (`Surname`, `GivenName`…), or None where
    it reads a company (one whose name has no company word, "Telefonaktiebolaget LM Ericsson");
    a name it cannot parse is a person's with no parts read. Its model reads a person whose given
    names it has not seen as a company ("Chardarius Marquez Morehead"): a "company" of two to
    four plain capitalised words, none a common English word ("Attorney Grievance", "Wedgewood
    Golf"), no form and no acronym, is a person."""
    try:
        parts, kind = probablepeople.tag(name)
    except probablepeople.RepeatedLabelError:
        return {}
    if kind != "Corporation":
        return dict(parts)
    words = name.split()
    if (
        list(parts) == ["CorporationName"]
        and 2 <= len(words) <= 4
        and all(_PLAIN_WORD.match(word) and word_count(word.lower()) < COMMON_WORD for word in words)
    ):
        return {"Surname": words[-1]}
    return None


def _personal_name(name: str) -> bool:
    """Whether `name` is a person's given names and surname alone: two to four capitalised words,
    no comma, read as a person's."""
    words = name.split()
    return (
        2 <= len(words) <= 4 and "," not in name and all(word[:1].isupper() for word in words) and bool(_person(name))
    )


# How often (in pyspellchecker's counts) a word is used to be a common noun, not a given name:
# "golf" 28,000, "attorney" 25,957, "republican" 3,821; "daniel" 1,442, "morgan" 789.
COMMON_WORD = 2000
# A word of a person's name: a capital, then lower case (an apostrophe or hyphen inside).
_PLAIN_WORD = re.compile(r"^[A-Z][a-z]+(?:[’'-][A-Z]?[a-z]+)*$")


def cased(name: str, text: str = "") -> str:
    """A name printed in capitals, cased as `text` spells its words, else by rule."""
    if not _in_capitals(name):
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
    return word.replace(core, spelling, 1) if spelling else cased_word(word)


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


def cased_word(word: str) -> str:
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
