"""What a document is and who filed it: its court family, `filed_by` and `type`.

Families (docs/metadata.md says where each prints what): `scotus`, `appellate` (federal
courts of appeals), `state`, `tribunal` (Tax Court, administrative boards, workers'
compensation courts), `minutes` (civil and criminal minutes, in-chambers orders), `judgment`
(judgments and verdict forms), `district` (other orders and opinions of federal trial
courts) and `party` (what a party or its lawyer filed). The court is read from the heading;
a party's filing is told by its title's words (a motion, a memorandum, a declaration) and
by the marks of a lawyer's paper: the attorney's block above the court's name, "Attorneys
for Plaintiff", "Respectfully submitted", an `/s/` over a bar number. A judge's signature,
"IT IS SO ORDERED" or an opinion's author line say the court wrote it.
"""

from __future__ import annotations

import re

from parsers.courts import reviews_appeals
from parsers.metadata.dates import dated
from parsers.metadata.judges import JUDGE_TITLE, JUSTICE_AUTHOR, author_line

TYPES = (
    "opinion",
    "order",
    "minutes",
    "judgment",
    "verdict",
    "transcript",
    "motion",
    "brief",
    "declaration",
    "exhibit",
    "stipulation",
    "complaint",
    "notice",
    "other",
)

# A title's words and the type they name, with who writes such a paper (`counsel`: a party,
# whatever the page prints; `either`: the page's marks tell). The word that comes first in the
# title decides ("ORDER DENYING … MOTION" is an order, "DECLARATION … IN SUPPORT OF MOTION" a
# declaration).
_TITLE_WORDS = (
    ("motion", "party", r"\bNOTICE OF (?:\w+ )?(?:MOTION|APPLICATION)\b"),
    ("exhibit", "party", r"\bEXHIBITS?\b|\bEX\. [A-Z0-9]"),
    ("stipulation", "party", r"\bSTIPULAT(?:ION|ED)\b|\bJOINT (?:[\w()]+ ){0,4}REPORT\b"),  # "JOINT RULE 26(f) REPORT"
    ("declaration", "party", r"\bDECLARATION\b|\bDECL\.|\bAFFIDAVIT\b"),
    # an answer is a pleading, but none of the vocabulary's: "ANSWER … TO PLAINTIFF'S COMPLAINT"
    ("other", "party", r"\bANSWERS?\b"),
    ("complaint", "party", r"\bCOMPLAINT\b|\bPETITION FOR (?:A )?WRIT\b|\bAMENDED PETITION\b|\bCOUNTERCLAIMS?\b"),
    ("motion", "party", r"\bMOTION\b|\bAPPLICATION\b|\bREQUEST\b|\bPETITION\b"),
    (
        "brief",
        "party",
        (
            r"\bMEMORANDUM (?:OF (?!DECISION)|IN)\b|\b(?:SENTENCING|TRIAL|PRE-?TRIAL) MEMORANDUM\b"
            r"|\bOPPOSITION\b|\bREPLY\b|\bBRIEF(?:ING)?\b"
            r"|\bRESPONSE\b|\bOBJECTIONS?\b|\bPOINTS AND AUTHORITIES\b|\bSUPPLEMENT\b"
            r"|\bPOSITION (?:ON|WITH RESPECT TO|REGARDING|PAPER|STATEMENT)\b"
            r"|\bSTATEMENT\b(?! OF (?:DECISION|REASONS))"
        ),
    ),
    # a proposed order or judgment; other proposed papers (jury instructions, findings) are a party's
    ("order", "party", r"\bPROPOSED[\])]?\s+(?:[A-Z’'-]+\s+){0,4}(?:ORDER|JUDGMENT)\b"),
    ("other", "party", r"\bPROPOSED\b"),
    ("verdict", "court", r"\bVERDICT\b"),
    ("minutes", "court", r"\bMINUTES?\b"),
    ("judgment", "court", r"\bJUDGMENT\b(?! (?:ON|AS A MATTER OF) )"),
    ("transcript", "court", r"\bTRANSCRIPT\b"),
    # a trial court's written decision: "MEMORANDUM OF DECISION", "STATEMENT OF DECISION",
    # "FINDINGS OF FACT AND CONCLUSIONS OF LAW", "RULING ON MOTION", a magistrate judge's "REPORT
    # AND RECOMMENDATION", "FINDINGS AND RECOMMENDATIONS"
    (
        "opinion",
        "court",
        (
            r"\bOPINION\b|\bRECOMMENDATIONS?\b|\bMEMORANDUM\b|\bDECISION\b"
            r"|\bFINDINGS OF FACT\b|\bRULING\b"
        ),
    ),
    ("order", "court", r"\bORDERS?\b|\bDECREE\b|\bMANDATE\b"),
    # papers only counsel file, whatever else the page prints: an appearance, a corporate
    # disclosure, a certificate of interest or of service
    (
        "notice",
        "counsel",
        r"\bAPPEARANCE\b|\bDISCLOSURE STATEMENT\b|\bCERTIFICATE OF (?:INTEREST|INTERESTED|SERVICE)\b",
    ),
    ("notice", "either", r"\bNOTICE\b|\bCERTIFICATE\b|\bDISCLOSURE\b|\bLETTER\b"),
    # a report of its own: a trustee's, a receiver's, a monitor's, a status report
    ("other", "either", r"\bREPORT\b"),
)
# The marks of a lawyer's paper, on the first page or the signature page.
_COUNSEL = re.compile(
    r"\b(?:Attorneys?|Counsel) for (?:the )?(?:Plaintiffs?|Defendants?|Petitioners?|Respondents?|"
    r"Appellants?|Appellees?|Movants?|Intervenors?|Amic[iu]s|Claimants?|Debtors?|Creditors?|"
    r"[A-Z][\w.’'&-]*)"
    r"|\b(?:State Bar|SBN|Bar) No\.?|\bRespectfully submitted\b|\bPro Hac Vice\b"
    r"|\b(?:hereby )?submits (?:the following|this|its|his|her)\b",  # "the trustee submits the following Final Report"
    re.IGNORECASE,
)
_COURT_MARKS = re.compile(
    r"\bIT IS (?:\w+ )?(?:HEREBY )?ORDERED\b|\bIT IS SO ORDERED\b|\bSO ORDERED\b"
    r"|\b(?:United States|U\.S\.) (?:District|Magistrate|Circuit|Bankruptcy) Judge\b"
    r"|\bdelivered the opinion\b|\bCircuit Judges?[.:]|\bPER CURIAM\b|\bClerk of (?:the )?Court\b"
    r"|\bFOR THE COURT\b|\bBy the Court\b|\bJUSTICE\b|\bMINUTES\b",
    re.IGNORECASE,
)
_TRIBUNAL = re.compile(r"^(?:tax|tenn?workcomp\w*|\w*workcomp\w*|\w*(?:bd|board|comm)\w*)$")
_APPELLATE = re.compile(r"^ca(?:\d{1,2}|dc|fc)$")
_FEDERAL_TRIAL = re.compile(r"^[a-z]{2}[nsewcm]?[db]$|^[a-z]{2}d$")


def filed_by(
    title: str | None, text: str, court_id: str | None, *, initiating: bool = False, transcript: bool = False
) -> str | None:
    """`court`, `party` or None: who the title's first paper word says, else a `transcript`'s
    court (counsel's names in its appearances are no filer), else the paper's marks, else, for
    the docket's first entry (`initiating`: CM/ECF's "Document 1", the complaint, notice of
    removal or petition that opens a case, and its attachments), a party."""
    # a letter's addressee ("Hon. Mary Jones / United States District Judge") is not its writer
    salutation = re.search(r"^Dear\b.*$", text[:3000], re.MULTILINE)
    start = salutation.end() if salutation else 0
    first, last = text[start:3000], text[max(start, len(text) - 2500) :]
    court_marks = bool(_COURT_MARKS.search(first) or _COURT_MARKS.search(last))
    counsel = bool(_COUNSEL.search(first) or _COUNSEL.search(last))
    named = _title_word(title or "")
    if _proposes_order(title):
        # a stipulation or proposed order the judge signed and dated is the court's order
        return "court" if _signed(last) and JUDGE_TITLE.search(last) else "party"
    if named and (named[1] == "counsel" or (named[1] == "party" and not (reviews_appeals(court_id) and court_marks))):
        return "party"
    if (named and named[1] == "court") or transcript:
        return "court"
    if counsel and not court_marks:
        return "party"
    if court_marks or named:
        return "court"
    if initiating:
        return "party"
    return "court" if text.strip() and court_id else None


def endorsed(text: str) -> bool:
    """Whether a lawyer's letter carries the judge's endorsement at its end ("Application
    GRANTED. SO ORDERED." under "Respectfully submitted")."""
    return bool(_COUNSEL.search(text) and re.search(r"\bSO ORDERED\b", text[-1500:]))


_CLERKS_LETTER = re.compile(
    r"\bOFFICE OF THE CLERK\b|\bCLERK'?S OFFICE\b|\bDOCKETING (?:NOTICE|LETTER)\b", re.IGNORECASE
)


def _proposes_order(title: str | None) -> bool:
    """Whether a title is a stipulation or proposed order: its first paper word is the
    party's (`STIPULATION`, `[PROPOSED]`), and it names an `ORDER`."""
    return (
        _title_word(title or "") in (("order", "party"), ("stipulation", "party"))
        and re.search(r"\bORDER\b", (title or "").upper()) is not None
    )


def _signed(tail: str) -> bool:
    """Whether a proposed order was signed: its date line, after the last "ORDERED" (the
    counsel's own dated signatures come before it), has its day filled in."""
    return dated(re.split(r"\bORDERED\b", tail[-800:], flags=re.IGNORECASE)[-1])


def document_kind(title: str | None, text: str, by: str | None, *, transcript: bool = False) -> str:
    """The document's `type` (see `TYPES`) from its title's first paper word, else what the
    text is (a `transcript`: its speakers' turns)."""
    named = _title_word(title or "")
    if by == "court" and _proposes_order(title):
        return "order"  # signed by the judge
    if named and not (by == "court" and named == ("brief", "party")):
        return named[0]
    if transcript:
        return "transcript"  # untitled, as New York's are: its speakers' turns tell
    opening = text[:30000]
    if (
        author_line(text)
        or JUSTICE_AUTHOR.search(opening)  # a justice's opinion, or writing on a denial of review
        or re.search(r"delivered the opinion|^PER CURIAM", opening, re.MULTILINE | re.IGNORECASE)
    ):
        return "opinion"
    if by == "court" and _CLERKS_LETTER.search(text[:3000]):
        return "notice"  # a clerk's letter: docketing, entry of judgment, briefing schedule
    return "other"


def family(court_id: str | None, kind: str, by: str | None) -> str:
    """The document's family, from its court, type and filer."""
    if by == "party":
        return "party"
    if court_id == "scotus":
        return "scotus"
    if court_id and _APPELLATE.match(court_id):
        return "appellate"
    if court_id and _TRIBUNAL.match(court_id):
        return "tribunal"
    if kind == "minutes":
        return "minutes"
    if kind == "transcript":
        return "other"  # the court reporter's, not a ruling
    if kind in ("judgment", "verdict"):
        return "judgment"
    if court_id is None or _FEDERAL_TRIAL.match(court_id):
        return "district" if by else "other"
    return "state"


def names_a_paper(title: str) -> bool:
    """Whether a title has a paper's word (order, motion, declaration, exhibit…)."""
    return _title_word(title) is not None


def _title_word(title: str) -> tuple[str, str] | None:
    """(type, who writes it) of the paper word that comes first in the title."""
    upper = title.upper()
    found = [
        (match.start(), index)
        for index, (_, _, pattern) in enumerate(_TITLE_WORDS)
        if (match := re.search(pattern, upper))
    ]
    if not found:
        return None
    kind, side, _ = _TITLE_WORDS[min(found)[1]]
    return kind, side
