"""The document's title as printed: a cover page's, the caption's right-hand column's, else
the caption's (in capitals, or in title case under the parties), else a letter's heading."""

from __future__ import annotations

import re

from parsers.head import COVER_WORDS
from parsers.metadata.judges import JUSTICE_AUTHOR, author_line
from parsers.metadata.kinds import names_a_paper
from parsers.metadata.names import CORPORATE_FORM

_TITLE = re.compile(
    r"\b(?:(?:REDACTED|AMENDED|EXPEDITED HEARING|FINAL) )*(?:CIVIL |CRIMINAL )?"
    r"(?:MINUTES|OPINION|ORDER|JUDGMENT|MEMORANDUM|NOTICE|DECREE|REPORT AND RECOMMENDATION|FINDINGS AND RECOMMENDATIONS?|"
    r"COMPLAINT|JURY NOTE|(?:SPECIAL )?VERDICT FORM)\b"
)
_TITLE_LINE = re.compile(
    r"^(?:Memorandum Opinion|Opinion|Order|Memorandum and Order|Opinion and Order|Judgment)$",
    re.MULTILINE | re.IGNORECASE,
)
_TITLE_STOP = {"Case", "No.", "Date", "Docket", "Entered:", "Dated:", "JS-6", "‘O’", "'O'"}
_SIGNED_NAME = re.compile(r"(?:[A-Z][A-Z.]*\s+){1,4}(?:UNITED STATES|U\.S\.)\s+(?:DISTRICT|MAGISTRATE)\s+JUDGE\b")
_SPACED = re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b")


def document_title(text: str, caption: str, parties: tuple[str, ...] = ()) -> str | None:
    """The title as printed (`ORDER DENYING MOTION TO QUASH SUBPOENA`), gathered from the caption."""
    justice = JUSTICE_AUTHOR.search(text)
    if justice and justice.group(1):  # "JUSTICE X delivered the opinion of the Court"
        return "Opinion of the Court"
    caption = _SPACED.sub(lambda match: match.group().replace(" ", ""), caption)
    caption = _SIGNED_NAME.sub(" ", caption)
    author = author_line(caption)
    if author:  # the author's name after the title is not part of it
        caption = caption[: author.start()] + caption[author.end() :]
    start = _TITLE.search(caption)
    if start is None:
        line = _TITLE_LINE.search(re.sub(r"\f", "\n", text[:12000]))
        return line.group() if line else None
    line_start = caption.rfind("\n", 0, start.start()) + 1
    lead = caption[line_start : start.start()]
    # The title's own first words before its paper word: "PLAINTIFF’S MEMORANDUM", "ENTRY OF
    # JUDGMENT", a paper of their own that asks for the order ("DEBTORS’ MOTION FOR ENTRY OF AN
    # ORDER"), or its filer named in the possessive ("DEFENDANT NORTH STAR BANK, N.A.'S MEMORANDUM");
    # not a caption's role ("Defendants.") or a line of names.
    possessive = _possessive(lead)
    begin = (
        line_start
        if lead.strip()
        and lead.isupper()
        and (len(lead.split()) <= 4 or names_a_paper(lead) or possessive)
        and not re.search(r"[,:;]", _without_firm_commas(lead))
        and (possessive or not re.search(rf"\b(?:{_ROLE_WORDS})\b(?![’'])", lead, re.IGNORECASE))
        else start.start()
    )
    words = []
    for word in caption[begin:].split()[:60]:
        if (
            word in _TITLE_STOP or word.startswith("[") or word.endswith(":") or re.fullmatch(r"[IVX]+\.", word)
        ):  # a section heading: "I. INTRODUCTION"
            break
        if word.isupper() or re.fullmatch(r"[(\d),.&–-]+", word):
            words.append(word)
        elif not re.fullmatch(rf"(?:{_ROLE_WORDS})[,.]?|v\.?|-", word):
            break
    title = " ".join(words)
    jury_note = re.match(r"JURY NOTE\s*(?:NUMBER|NO\.|#)?\s*:?\s*\d*", title)
    if jury_note:  # a form: its number, then the foreperson's words
        title = jury_note.group().rstrip(" :")
    if "MINUTES" in title:
        title = title[: title.find("GENERAL") + len("GENERAL")] if "GENERAL" in title else title
    for party in parties:  # a party's name run into the title, but the filer's in the possessive
        title = re.sub(re.escape(party) + r"(?![’']),?", "", title, flags=re.IGNORECASE)
    title = re.sub(r"\s*\(REDACTED\)|(?:\s+,)+(?=\s|$)", "", title)
    # the Second Circuit's legend under "SUMMARY ORDER"
    title = re.sub(r"\s+RULINGS BY SUMMARY ORDER\b.*$", "", title)
    return " ".join(title.split()).strip(" ,-–") or None


_ROLE_WORDS = "Plaintiffs?|Petitioners?|Appellants?|Appellees?|Respondents?|Defendants?|Debtors?"


# Lines of a caption's right-hand column that are not the title: docket, judge, hearing.
_NOT_TITLE = re.compile(
    r"\bNo[s]?\.|\bCase\b|\bDocket\b|^\[?Re:|^(?:Hon\.|Judge|Magistrate|District Judge|Assigned)\b"
    # a hearing's particulars, "Trial Date: None set", "HEARING DATE: June 1, 2020" (not a title's
    # own next line: "TO CONTINUE / TRIAL DATE")
    r"|^(?:Date|Time|Place|Dept|Ctrm|Courtroom|Hearing|Trial|Action Filed|Complaint Filed)\b.*[:\d]|^Hearing\s*$"
    # Washington's and others' calendar notes: "NOTE ON MOTION CALENDAR:", "ORAL ARGUMENT REQUESTED"
    r"|^(?:NOTED? (?:ON MOTION CALENDAR|FOR (?:HEARING|CONSIDERATION))|(?:WITHOUT )?ORAL ARGUMENT|HEARING REQUESTED)\b"
    r"|^\[.*\]$|\d{1,2}:\d{2}|^\(?\d{1,2}/\d{1,2}/\d{2,4}"
    r"|^\d{2}[- ](?:CV|CR|Civ|Cr|MC|MJ)\b",  # a docket alone: "20-CV-1234 (MJ)", "20 Civ. 1234"
    re.IGNORECASE,
)


# A clerk's stamp or a court's box printed in the right-hand column, not the title.
_STAMP = re.compile(
    r"\b(?:FILED|LODGED|RECEIVED|CLERK|DEPUTY|USDC|SDNY|DOCUMENT|ELECTRONICALLY|"
    r"DOC ?#|JS-?\d|PRIORITY|SCAN ONLY|U\.S\. DISTRICT COURT|DISTRICT OF)\b|^BY:?\W*$"
)


_EXHIBIT = re.compile(r"\b(?:EXHIBIT|Exhibit|EX\.|Ex\.)\s*[A-Z0-9][\w.-]{0,6}\b")
# A transcript's title line: of its proceedings, or of the hearing, conference, trial or sentencing
# it records, with its volume or day ("(VOLUME I)", "- DAY 3"); the judge's name after it is not in it.
_TRANSCRIPT = re.compile(
    r"^(?:[A-Z’']+ )?TRANSCRIPT OF [A-Z ,'’-]*?(?:PROCEEDINGS|HEARING|CONFERENCE|TRIAL|SENTENCING|ARRAIGNMENT|"
    r"ARGUMENT|PLEA)\b(?:(?! BEFORE\b)[A-Z0-9 ,.()–-])*",
    re.MULTILINE,
)


def cover_title(text: str) -> str | None:
    """The title a cover page prints: an exhibit's cover sheet (`EXHIBIT A`, `Daubert Motion
    Ex. M (Filed Under Seal)`), a sealed paper's placeholder (`Statement of Uncontroverted Facts
    … (Filed Under Seal)`), or a brief's cover sheet in capitals before the page its caption is
    on; None when the first page is a page of text."""
    first_page, _, rest = text.partition("\f")
    if len(first_page.split()) > COVER_WORDS:
        return None
    lines = [line.strip() for line in first_page.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if _EXHIBIT.search(line):
            title = line  # its sealing note goes with `tidy_title`
            following = lines[index + 1] if index + 1 < len(lines) else ""
            return f"{title} {following}" if following.startswith("(") else title
    whole = " ".join(lines)
    if not names_a_paper(whole):
        return None
    if is_placeholder(whole) or rest.strip() and all(_capitals(line) for line in lines):
        return whole  # the paper's title as the cover prints it, with its note
    return None


def is_exhibit(title: str) -> bool:
    """Whether a cover page's title names an exhibit."""
    return bool(_EXHIBIT.search(title))


def is_placeholder(title: str) -> bool:
    """Whether a cover page stands for a sealed paper (`… (Filed Under Seal)`)."""
    return bool(_SEALED_PLACEHOLDER.search(title))


def _possessive(lead: str) -> bool:
    """Whether a title's lead is its filer's name in the possessive, of eight words or fewer
    ("DEFENDANT NORTH STAR BANK, N.A.'S" before "MEMORANDUM")."""
    return len(lead.split()) <= 8 and bool(re.search(r"[’'](?:S\b)?\s*$", lead))


def _without_firm_commas(lead: str) -> str:
    """A title's lead without the comma before a company's form ("NORTH STAR BANK, N.A.'S")."""
    return re.sub(
        r",(?= (\S+))", lambda match: " " if CORPORATE_FORM.match(re.sub(r"[’']S$", "", match.group(1))) else ",", lead
    )


def _capitals(line: str) -> bool:
    """Whether a line is printed in capitals (80% of its letters or more)."""
    letters = [char for char in line if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


_SEALED_PLACEHOLDER = re.compile(
    r"\b(?:FILED|LODGED|PROPOSED TO BE FILED|SUBMITTED) (?:CONDITIONALLY )?UNDER SEAL\b", re.IGNORECASE
)


def transcript_title(caption: str) -> str | None:
    """A transcript's title line (`REPORTER'S TRANSCRIPT OF PROCEEDINGS`)."""
    match = _TRANSCRIPT.search(caption)
    return match.group().strip() if match else None


_SEALING = re.compile(
    r"^\[?(?:REDACTED|PUBLIC(?:LY FILED)? (?:REDACTED )?VERSION)|SOUGHT TO BE (?:FILED UNDER )?SEALED"
    r"|^[\[(].*\b(?:UNDER SEAL|SEALED)\b|^\[?(?:DISCOVERY MATTER|DEMAND FOR JURY|JURY TRIAL DEMANDED)",
    re.IGNORECASE,
)


# How a case came to a reviewing court, printed under its caption (the Supreme Court's, a court
# of appeals'): not a paper's title, though it names a petition.
_POSTURE = re.compile(
    r"^(?:ON (?:PETITIONS? FOR (?:A )?)?WRITS? OF CERTIORARI|ON APPLICATIONS? FOR|ON APPEAL FROM|CERTIORARI TO|"
    r"ON PETITIONS? FOR (?:REVIEW|REHEARING))\b",
    re.IGNORECASE,
)


def title_from_column(right: str) -> str | None:
    """The title in a caption's right-hand column: its first run of lines in capitals that
    names a paper (an order, a motion, a declaration…)."""
    runs: list[list[str]] = [[]]
    lines = right.splitlines()
    for index, line in enumerate(lines):
        letters = [char for char in line if char.isalpha()]
        capitals = _capitals(line)
        if index and re.search(r"\bJUDGE\s*$", lines[index - 1]):
            runs.append([])  # the name under "MAGISTRATE JUDGE" (Northern Ohio's column): the judge's, no title
        elif _POSTURE.match(line.strip()):
            runs.append([])  # "ON PETITION FOR WRIT OF CERTIORARI TO …": how the case came, no title
        elif re.fullmatch(r"\s*\[PROPOSED\]\s*", line, re.IGNORECASE):
            runs[-1].append(line.strip())  # "[PROPOSED]" on its own line above "ORDER …"
        elif runs[-1] and _SEALING.search(line):
            runs.append([])  # "REDACTED VERSION OF DOCUMENT SOUGHT TO BE SEALED" after a title
        elif capitals and len(letters) >= 2 and not _NOT_TITLE.search(line) and not _STAMP.search(line):
            runs[-1].append(line.strip())
        elif not letters and line.count(")") > line.count("(") and _open_parenthesis(runs[-1]):
            runs[-1].append(line.strip())  # the close of the title's "(L.R." on a line of its own: "8-3)"
        elif runs[-1] and not (line.startswith("[") and "PROPOSED" in line.upper()):
            runs.append([])
    for run in runs:
        title = re.sub(r"(?<=\w-) (?=\w)", "", " ".join(" ".join(run).split())).strip(" ,;")
        if len(title) >= 5 and names_a_paper(title):
            return title
    return None


def _open_parenthesis(run: list[str]) -> bool:
    """Whether a run of title lines leaves a parenthesis open."""
    joined = " ".join(run)
    return joined.count("(") > joined.count(")")


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "re", "the", "to", "with"}


def title_case_title(caption: str) -> str | None:
    """A title printed in title case rather than capitals ("Defendant's Motion to Dismiss and
    Brief in Support"): below the parties (the `v.` or `In re`), the caption's last run of lines
    whose words all start with a capital (but the small words), naming a paper, with no role,
    docket, date or outline letter on them (a section's heading is none)."""
    parties = re.search(r"^(?:.*\s)?(?:v\.?|vs\.?|In re:?)(?:\s.*)?$", caption, re.MULTILINE | re.IGNORECASE)
    if parties is None:
        return None
    runs: list[list[str]] = [[]]
    for line in caption[parties.end() :].splitlines():
        words = line.split()
        titled = (
            len(words) >= 2
            and all(word[:1].isupper() or word.lower() in _SMALL_WORDS for word in words)
            and not _capitals(line)
            and not re.search(rf"\b(?:{_ROLE_WORDS})\b(?![’'])|[:@\d]|\bv\.|\bvs\b|\bCase\b|\bNo\.", line)
            and not re.match(r"(?:[IVX]+|[A-Z]|\d+)\.\s", line)
            and not _POSTURE.match(line.strip())  # "On Petition for Review of Orders of the …"
        )
        if titled:
            runs[-1].append(line.strip())
        elif runs[-1]:
            runs.append([])
    for run in reversed(runs):
        title = " ".join(run)
        if title and names_a_paper(title):
            return title
    return None


def is_letter(text: str) -> bool:
    """Whether the document is a letter: a `RE:` or `Re:` line names what it is about, and it is
    a clerk's office's or opens "Dear …" (an order's "RE: DKT. NO. 12" makes no letter)."""
    opening = text[:20000]
    return _REGARDING.search(opening) is not None and bool(
        re.search(r"^Dear\b", opening, re.MULTILINE)
        or re.search(r"\bOFFICE OF THE CLERK\b|\bCLERK[’']?S OFFICE\b", opening[:3000], re.IGNORECASE)
    )


def letter_title(text: str) -> str | None:
    """A clerk's letter's heading: the first line in capitals naming a paper within a few lines
    after its `RE:` block ("RE: City of Hoboken v. Chevron Corp" … "ENTRY OF JUDGMENT")."""
    regarding = _REGARDING.search(text[:20000])
    if regarding is None:
        return None
    for line in text[regarding.end() :].splitlines()[1:_LETTER_HEADING_LINES]:
        if _capitals(line) and len(line.split()) >= 2 and names_a_paper(line):
            return line.strip()
    return None


_REGARDING = re.compile(r"^R[Ee]:\s", re.MULTILINE)
# How far below a letter's "RE:" line its heading may be (the RE: block is a few lines).
_LETTER_HEADING_LINES = 6


def tidy_title(title: str | None) -> str | None:
    """A title without a footnote's mark, the docket entries it cites at its end (`… MOTION TO
    DISMISS [12]`, `[DKT. 45]`) or the sealing note that follows it (`… REDACTED VERSION FILED AT
    ECF NO. 1`, `EXHIBIT A REDACTED PUBLIC VERSION`)."""
    if title is None:
        return None
    title = re.sub(r"[*†‡]+(?=\s|$)", "", title)  # a footnote's mark: "MEMORANDUM*"
    title = re.sub(r"(?:\s*\[(?:(?:DKT|DOC|ECF)\.?(?: NOS?\.?)?\s*)?\d[\d, &-]*\])+$", "", title, flags=re.IGNORECASE)
    return re.sub(r"\s+\[?(?:(?:UN)?REDACTED(?: PUBLIC)?|PUBLIC) VERSION\b.*$", "", title) or title
