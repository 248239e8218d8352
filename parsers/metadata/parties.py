"""The first party on each side of a caption, read as blocks of lines around the `v.`.

A caption prints each side as a block: names (over one or more lines), descriptions
("an Ohio corporation", "individually and on behalf of all others similarly situated"),
then the role ("Plaintiff-Appellant,"). The block just above the `v.`, `vs.` or `versus`
line is the plaintiffs'; the block below it, up to its role, the defendants'. Of each, the
first party is kept: up to its role, its description, or the next party in a list.
"""

from __future__ import annotations

import re

from parsers.metadata.names import ABBREVIATION, CORPORATE_FORM, PARTY_DESCRIPTION, first_person

_VERSUS = re.compile(
    r"(?:^|\s)(?:v\.?|vs[.,]?|versus|-?\s*against\s*-?|-\s*v\.?\s*-)(?=\s|$)"
    r"|^\s*(?:vv|vi)\.?\s*$",
    re.IGNORECASE,
)  # and a scan's "Vv." or "vi." alone
_ROLE = re.compile(
    r"[,;]?\s*\b(?:(?:Counter|Cross|Third[- ]Party)[- ])?(?:Plaintiffs?|Defendants?|Petitioners?|"
    r"Respondents?|Appellants?|Appellees?|Movants?|Claimants?|Intervenors?|Debtors?|Employees?|"
    r"Employers?)\b",
    re.IGNORECASE,
)
# A column rule printed as text between a caption's columns: `)`, `§` or `:` standing alone.
_RULE_TOKEN = re.compile(r"(?:(?<=\s)|^)[)§:](?=\s|$)")
# Lines that are not a party's name: the court, the docket, the title, a clerk's stamp.
_NOT_A_PARTY = re.compile(
    r"\bCOURT\b|\bDISTRICT OF\b|\bDIVISION\b|\bNo[s]?\.|\bCase\b|\bDocket\b|\bCIRCUIT\b|"
    r"\bORDER\b|\bMOTION\b|\bOPINION\b|\bJUDGMENT\b|\bFILED\b|\bCLERK\b|\bAppeal from\b|"
    r"^\s*\[|\bHon\.|\bJudge\b|_{3,}|^\W*$|\bAttorneys? for\b|\bCounsel for\b|Facsimile|"
    r"Telephone|\bTel\.|\bSyllabus\b|\bFax\b|@|\bBar No|\bSBN\b|\bCourtroom\b|\bCtrm\b|\bDept\b|\bDate:|"
    r"\bTime:|\.{5,}|\bTable of\b|\bExhibit\b|\bTitle:"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"  # a stamp's date
    r"|^[A-Z’' .&-]+ (?:BOARD|COMMISSION|TRIBUNAL|BUREAU|COMPENSATION)$",
    re.IGNORECASE,
)
_DOCKET = re.compile(r"\b(?:\d{1,2}:)?\d{2,3}-?(?:cv|cr|CV|CR)-?\d|\b(?:CV|CR)\s?\d{2,3}-\d")


def case_parties(caption: str) -> str | None:
    """`First plaintiff v. first defendant` as printed, or None (see `caption_parties`)."""
    found = caption_parties(caption)
    return f"{found[0]} v. {found[1]}" if found else None


def caption_parties(caption: str) -> tuple[str, str] | None:
    """(first plaintiff, first defendant) of a caption's text, or None without a `v.`."""
    lines = [_clean_line(line) for line in _joined_hyphens(caption).splitlines()]
    for index, line in enumerate(lines):
        reference = _REFERENCE.match(line)
        if reference:  # both sides on the line: a clerk's letter's "No. 23-20318 USA v. Villareal-Mendez"
            sides = _first_party([reference["plaintiff"]]), _first_party([reference["defendant"]])
            if sides[0] and sides[1]:
                return sides[0], sides[1]
        versus = _VERSUS.search(line)
        if versus is None or _NOT_A_PARTY.search(line):
            continue
        inline = [
            part for part in (line[versus.end() :],) if not _NOT_A_PARTY.search(part) and not _DOCKET.search(part)
        ]  # "VS. ) CV15-08048-JAK": the docket is no party
        above = lines[:index] + [line[: versus.start()]]
        below = inline + lines[index + 1 :]
        plaintiff = _first_party(_block(above[::-1], upward=True)[::-1])
        defendant = _first_party(_block(below, upward=False))
        if plaintiff and defendant:
            return plaintiff, defendant
    return None


# A clerk's letter's reference line: the appeal's number, then the case on one line.
_REFERENCE = re.compile(r"No\.\s*\d[\w:-]*,?\s+(?P<plaintiff>\S.*?)\s+v\.\s+(?P<defendant>\S.*)$")


def _joined_hyphens(caption: str) -> str:
    """The caption with a word broken over two lines made whole ("Counter-" / "Defendant,"), but
    New York's "-against-" line, which is no broken word."""
    return re.sub(r"(?<=[A-Za-z]{2}-)(?<!(?i:against)-)\n(?=[A-Za-z])", "", caption)


# A party's line in capitals, ending as a name does in a caption: "ACME CORP.,", "DOE, et al.,",
# or bare as a form prints it ("ACME CORP." over "Defendant").
_NAME_LINE = re.compile(r"[A-Z][A-Z0-9 .,&'’-]*[A-Z.],?(?: et al\.,?)?")


def _clean_line(line: str) -> str:
    """A caption line without column rules, pleading-paper line numbers, or the docket number
    the other column runs into it ("JOHN DOE, individually Case No. 2:19-cv-1")."""
    line = re.sub(r"·\d*", " ", line)  # a deposition's line numbers: "·4· · ·VAPORSTREAM INC.,"
    line = re.sub(r"l{5,}", " ", line)  # the Eighth Circuit's leader glyphs: "lllllllllllPlaintiff - Appellant"
    # The title across the column rule: "ACME CORP., et al., : OPINION AND ORDER"
    line = re.sub(r"(?<=\S)\s+[)§:]\s+[A-Z&' ]*\b(?:ORDER|OPINION|MEMORANDUM|JUDGMENT|DECISION)\b.*$", "", line)
    line = re.sub(r"_{2,}", " ", _RULE_TOKEN.sub(" ", line))  # column rules, a form's blanks
    line = re.sub(r"^(?:\d{1,2}(?:\s+|$))+", "", line.strip())
    line = re.sub(r"^(?:RE|Re):\s*", "", line)  # a letter's "RE: Smith v. Jones"
    # a form's next field run onto the line: "John Smith v. Acme Corporation Date: June 1, 2020"
    line = re.sub(r"(?<=\S)\s+(?:Date|Time|Judge|Courtroom|Ctrm|Dept\.?)\s*:.*$", "", line)
    # The other column's docket run into the line: "vs. )NO. 18-CV-1885", "AMERICA, No. CR 13-106".
    # (A line that is only a docket stays whole: it ends a side's block.)
    # (A party's name after the docket stays: "v. No. 19-3456 ACME CORP.,", the docket set
    # between the `v.` and the name below it.)
    without_docket = re.sub(
        r"(?<=\S)[\s,)]+(?:(?:State|Civil|Criminal|Appeal|Adversary|Bankruptcy)\s+)?"
        r"(?:(?:File|Case|Civil Action|Action|Docket)\s+)?No[s]?\.\s*:?\s*\S*\d\S*(?P<rest>.*)$",
        lambda match: " " + match.group("rest").strip() if _NAME_LINE.fullmatch(match.group("rest").strip()) else "",
        line,
        flags=re.IGNORECASE,
    )
    if not re.fullmatch(
        r"(?:State|Civil|Criminal|Appeal|Adversary|Bankruptcy|File|Case|Docket)", without_docket, re.IGNORECASE
    ):  # "Civil Action No. 1:21" is a docket line
        line = without_docket
    # The other column's title run into the first party's line: "ORDER T&M PROTECTION LLC, et al.,"
    line = re.sub(r"^(?:(?:MEMORANDUM|OPINION)(?: AND| &)? )?ORDER (?=[A-Z].*(?:,|et al\.?,?)$)", "", line)
    # A stray comma is no stop, nor a scan's speck ("— ro)"): no name has under three letters.
    # A docket line ("No. 14-1326") is no name either, but it ends a side's block.
    speck = sum(char.isalpha() for char in line) < 3 and not _VERSUS.fullmatch(line.strip())
    return "" if speck and not re.match(r"No[s]?\.\s*\d", line.strip()) else line.strip()


def _block(lines: list[str], *, upward: bool) -> list[str]:
    """The lines of one side, nearest the `v.` first, up to a line that is no name. Going up,
    the side's role is near the `v.` and another role is another block (an attorney's
    "Attorneys for Plaintiff"); going down, the role ends the side."""
    block: list[str] = []
    roles = 0
    for line in lines:
        if not line.strip():
            continue
        role = bool(_ROLE.search(line))
        if (_NOT_A_PARTY.search(line) and not role) or (upward and role and roles):
            break
        roles += role
        block.append(line)
        if len(block) >= 6 or (role and not upward):
            break
    return block


def _first_party(lines: list[str]) -> str | None:
    """The first name of a side's block: before its role and description, first of a list."""
    text = " ".join(" ".join(lines).split())
    text = re.sub(r"^(?:Case |Docket )?Nos?\.\s*[\w:-]*\d[\w:-]*\s+", "", text)  # "No. 19-1234" centred above the name
    role = _ROLE.search(text)
    if role:
        text = text[: role.start()]
    described = PARTY_DESCRIPTION.search(text)
    if described:
        text = text[: described.start()]
    first_company = re.split(
        r"\b((?:INC|LLC|CORP|LTD|N\.V|AG|L\.P|PLC)\.?)\s+(?:and|&)\s+", text, maxsplit=1, flags=re.IGNORECASE
    )
    text = "".join(first_company[:2])  # "MACOM … INC. and NITRONEX, LLC": the first company
    text = re.sub(
        r",\s*(ex\.?\s*rel\.?),?\s*", r" \1 ", text, flags=re.IGNORECASE
    )  # "STATE, EX. REL. STACY PAZ": one party
    pieces = [piece.strip() for piece in re.split(r",(?!\d{3}\b)", text)]  # "$50,000.00 IN …" is one piece
    name = pieces[0]
    for piece in pieces[1:]:
        if not CORPORATE_FORM.match(piece.split(" and ")[0].strip()):
            break
        head, _, _ = piece.partition(" and ")
        name += ", " + head.strip()
        if head != piece:
            break
    name = first_person(name) or name  # "ROCK BORDELON AND TORIE BORDELON": the first
    name = name.strip(" ,;:-–")
    last = name.split()[-1] if name.split() else ""
    # a caption's full stop after the name ("JOHN SMITH."), not an abbreviation's ("Comm.", "Inc.")
    if last.endswith(".") and not CORPORATE_FORM.match(last) and not ABBREVIATION.fullmatch(last):
        name = name[:-1]
    return name if sum(char.isalpha() for char in name) >= 2 else None


_LETTER_CASE = re.compile(
    r"(?:^(?:RE|Re|In re|Short Title|Caption)|(?:^|(?<=\s))(?i:Case Name|Case Title))\s*:\s*"
    # the docket before the name: "No. 19-1234,", "Case No. 19-1234,", "Appeal No. 19-1234 -", "19-1234"
    r"(?:(?:(?:Case|Appeal|Docket|Civil Action)\s+)?(?:Nos?\.\s*)?[\w:-]*\d[\w:-]*[,:]?\s*(?:[-–—]\s*)?)?"
    r"(?P<name>[A-Z].+?\sv\.?\s.+?)(?:,?\s+et al\.?)?(?:,?\s+(?:Case Number\b|Case No\b|No\.|Docket\b).*)?$",
    re.MULTILINE,
)


def letter_case(text: str) -> str | None:
    """The case a clerk's letter or notice names on its `RE:` or `Short Title:` line."""
    match = _LETTER_CASE.search(text[:20000])
    return match.group("name").strip(" ,") if match else None
