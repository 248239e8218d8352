"""Key quotes: the sentences of a ruling a reporter would quote, ranked, each on its page.

First, what is not the court's own prose is left out: headings, captions and signature lines,
sentences that are mostly citation (eyecite's spans) or mostly text in quotation marks, block
quotes, the parties' arguments reported ("Plaintiff contends"), boilerplate (standards of
review, service) and a Supreme Court syllabus, which "constitutes no part of the opinion".
Footnotes are not in `Extraction.text`, so they never compete. Each sentence left is described
by `FEATURES`: what it does (the decretal sentence "IT IS HEREBY ORDERED ... DENIED" or "We
affirm", holdings "we hold", rejections "lacks merit", conclusions "Accordingly"), where it is
(opening paragraph, conclusion, background section, a concurrence or dissent) and how it reads
(the court's voice, negation, present tense, a rule stated of "A party" or "No court", digits,
citations). Its score is the weighted sum
of its features, with weights learned from labelled documents (`bench/learn_quotes.py`).

Over 300 lines because the filters, the features and their weights are one model: a feature
is read beside the weight it carries, and split apart they would drift.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.metadata.outcome import DECREE_CAPITALS, DECREE_VERBS, DECREED, IS_DECREED
from parsers.pagemap import Box, PageMap
from parsers.sentences import Sentence, split_sentences
from parsers.transcripts import BENCH_RULING, BENCH_VIEW, bench_turns, ordinary_case, others_words, without_speaker

DEFAULT_K = 5
MIN_WORDS = 5
MAX_CHARS = 700


@dataclass(frozen=True)
class Quote:
    """One key quote: rank (1 = best), the sentence verbatim, where it is, score and why."""

    rank: int
    text: str
    start: int
    end: int
    page: int
    boxes: tuple[Box, ...]
    score: float
    reason: str


# The signals of what a sentence does, by feature name (see `FEATURES`).
_SIGNALS = {
    "decretal": re.compile(
        r"\bIT IS (?:\w+ )?(?:HEREBY |FURTHER |THEREFORE )?ORDERED\b(?! AS FOLLOWS)"
        rf"|\b(?:{DECREE_CAPITALS}|ORDERS|STRIKES)\b"
    ),
    "decree": re.compile(
        r"\b(?:[Ww]e|[Tt]he Court|this Court|[Tt]he court)(?: (?:will|hereby|therefore|now))? "
        rf"(?:{DECREE_VERBS}|adopt)s?\b"
        rf"|{IS_DECREED}(?:{DECREED}|consolidated|extended|stayed)\b"
        # a sentence pronounced: "it is the judgment of the Court that the defendant is hereby
        # committed to the custody of the Bureau of Prisons"
        r"|\bit is the judgment of (?:the|this) [Cc]ourt\b|\bcommit(?:s|ted)? (?:\w+ )?to the custody of\b"
    ),
    "directive": re.compile(r"\bshall (?:file|serve|submit|appear|pay|remain)\b|\b(?:is|are) due\b"),
    "holding": re.compile(
        r"\b(?:[Ww]e|[Tt]he Court|this Court) (?:hold|holds|conclude|concludes|find|finds|"
        r"agree|agrees|decline|declines|reject|rejects|credit|credits|recognize|expressly|"
        r"makes no|need not|will not|cannot)\b"
        r"|\b(?:[Ww]e|[Tt]he Court) (?:is|are) (?:not )?(?:persuaded|convinced|satisfied|unable)\b"
        r"|\b(?:[Oo]ur|[Tt]oday’s) (?:ruling|holding|decision)\b|\bmakes (?:\w+ )?clear\b"
        # the court's reasoning in the negative: "we do not think", "we see no reason"
        r"|\b(?:[Ww]e|[Tt]he Court) (?:do|does|did|can) ?not (?:think|see|believe|agree|find|read|accept)\b"
        r"|\b[Ww]e see no\b|\b(?:it|this) (?:is|becomes) (?:clear|plain|evident) that\b"
        # a reviewing court on the court below: "did not clearly err", "correctly found"
        r"|\bdid not (?:clearly )?err\b|\b(?:correctly|properly) (?:found|held|concluded|determined|"
        r"denied|granted|dismissed|applied)\b"
    ),
    "rejection": re.compile(
        r"\b(?:lacks? merit|without merit|unpersuasive|no merit|"
        r"does not (?:support|control|change|preclude|permit|pre-?empt)|is incorrect|"
        r"(?:has|have) not (?:shown|described|explained|identified)|"
        r"(?:has|have) (?:identified|provided|offered|cited|shown) no\b|"
        r"did not (?:overlook|satisfy|demonstrate|comply)|not (?:be )?disturbed|too late|"
        r"precluded|not appropriate|is not (?:a|an|the)\b)"
    ),
    "conclusion": re.compile(
        r"^(?:Accordingly|Therefore|Thus|Consequently|In sum|In short|For (?:the|those|these) "
        r"(?:foregoing |forgoing |above )?reasons(?! (?:stated|discussed|set forth|explained) below))\b"
    ),
}
# Words of emphasis: the sentence a story leads with.
_VIVID = re.compile(
    r"\b(?:plainly|abundantly|clearly|explicitly|simply|never|nothing|straightforward|"
    r"ignores?|fails? to)\b"
)
_CONCLUSION_HEADING = re.compile(
    r"(?:^|\f)(?:[IVX]+\.\s*|[A-Z]\.\s*)?(?:CONCLUSION|Conclusion)\s*$|^\* \* \*$", re.MULTILINE
)

# Sentences that report others (parties, lower courts) or recite boilerplate.
_ATTRIBUTED = re.compile(
    r"(?:^|, )(?:(?:The )?(?:Plaintiffs?|Defendants?|Appellants?|Appellees?|Petitioners?|"
    r"Respondents?|Employers?|Employees?|Movants?|[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+)?)(?:’s)? "
    r"(?:also |further |then |now )?(?:argues?|contends?|asserts?|claims?|maintains?|counters?|"
    r"responds?|urges?|insists?|submits?|moves?|seeks?|opposes?|relies?|observes?|"
    r"filed|asks?|notes?|points? out|testified|testifies))\b"
)
# The law's stock phrases: a standard of review, a motion's test, a docket cite. A sentence
# with them is boilerplate unless it rules or holds ("We hold that where a genuine dispute ...",
# "The Motion (ECF No. 41) is GRANTED").
_STOCK_PHRASES = re.compile(
    r"\b(?:standard of review|de novo|abuse of discretion|clearly erroneous standard|no genuine (?:dispute|issue)|"
    r"summary judgment is appropriate|must (?:demonstrate|show) (?:either|that)|(?:is|are) reviewed|"
    r"[Aa] motion (?:for|to) \w+(?: \w+)? (?:is|should be|may be) (?:appropriate|proper|properly|granted|denied)|"
    r"Dkt\.|ECF No)\b"
)
# What is never the court's ruling: service, the clerk's tasks, notices, a declarant's oath, a
# date line, the signature's "SO ORDERED".
_BOILERPLATE = re.compile(
    r"\b(?:certify|certificate of service|Clerk(?:’s| of| shall| to)|"
    r"respectfully directed|NOTICE|syllabus|under (?:the )?penalt(?:y|ies) of perjury)\b"
    # an unpublished disposition's notes: not for publication, no precedent, no argument needed,
    # the facts not recounted
    r"|\b(?:for publication|(?:non-?)?precedential|(?:binding|not) precedent|oral argument (?:is|was) not needed|"
    r"dispense with oral argument|familiar(?:ity)? with the (?:underlying )?facts|do not recount|"
    # a motion decided on the papers: "appropriate for decision without oral argument"
    r"without (?:oral )?argument)\b"
    r"|\b(?:right to appeal|notice of appeal (?:must|shall) be filed)\b"  # a sentencing's advice of rights
    r"|^(?:On|By) (?:or about )?(?:[A-Z][a-z]+ \d{1,2}, \d{4}|letter|motion)"
    r"|^(?:IT IS SO ORDERED|SO ORDERED|It is so ordered|Dated|DATED)\b"
)
_OPENING_QUOTE = '“"‘'
_CAPTION_RULE = re.compile(r"(?:^|\s)\)(?=\s|$)")
_GARBLED = re.compile(r"\b\w*[A-Za-z]\d+[A-Za-z]\w*\b")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SYLLABUS = re.compile(r"syllabus constitutes no part of the opinion", re.IGNORECASE)
_OPINION_START = re.compile(
    r"^(?:(?:CHIEF )?JUSTICE [A-Z]+ delivered the opinion of the Court|PER CURIAM)", re.MULTILINE
)
_SEPARATE = re.compile(  # a separate writing starts a page as often as a line: ^ or a form feed
    r"(?:^|(?<=\f))(?:(?:CHIEF )?JUSTICE [A-Z]+(?:, with whom .{0,120}?joins?)?, (?:concurring|dissenting)"
    r"|[A-Z][A-Z'’-]+, (?:Chief |Senior )?(?:Circuit |District )?Judge, (?:concurring|dissenting))",
    re.MULTILINE,
)
# Sections that tell the story or the law, not the ruling: their sentences are not quoted
# unless nothing else is.
_BACKGROUND_HEADING = re.compile(
    r"^(?:[IVX]+\.)?\s*(?:(?:FACTUAL|PROCEDURAL|RELEVANT)\s+)?(?:AND\s+)?"
    r"(?:BACKGROUND|FACTS?|PROCEDURAL HISTORY|STANDARDS? OF REVIEW|LEGAL STANDARDS?|"
    r"STATEMENT OF (?:THE )?(?:FACTS|CASE))\b[A-Z ]{0,40}:?$"
    r"|^(?:[IVX]+\.)?\s*(?:Factual |Procedural )?(?:Background|Facts|Procedural History|"
    r"Standard of Review|Legal Standards?)$",
    re.MULTILINE,
)
# A top-level heading: a roman numeral, or a line in capitals (lettered subheadings stay inside).
_TOP_HEADING = re.compile(r"^[IVX]+\.\s+\S.{0,60}$|^[A-Z][A-Z ,.&'’-]{3,60}$|^[IVX]+\.$", re.MULTILINE)
_DISCUSSION_HEADING = re.compile(
    r"^(?:[IVX]+\.|[A-Z]\.)?\s*(?:DISCUSSION|ANALYSIS|Discussion|Analysis)\s*$", re.MULTILINE
)
BACKGROUND_PENALTY = 2.0
# A background section runs to the next heading, and no further than this (a standard of
# review under an unnumbered heading would otherwise cover the opinion).
BACKGROUND_MAX_CHARS = 8000


# What else a sentence the court means shows: its own voice, negation, reasoning words, the
# law's modals, present-tense rules against past-tense narrative, words that judge, the
# subject of a ruling; against: digits, parentheses, quotation marks, citations.
_VOICE = re.compile(r"\b(?:[Ww]e|[Tt]he Court|this Court|I)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|nor|neither)\b|n[’']t\b")
_REASONING = re.compile(
    r"\b(?:because|since|therefore|thus|accordingly|however|but|nor|although|even if|"
    r"rather)\b",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:must|should|shall|cannot|may not|need not|will not|would not)\b")
_PAST = re.compile(r"\b(?:was|were|had|did)\b")
_PRESENT = re.compile(r"\b(?:is|are|does|do|has|have)\b")
_JUDGING = re.compile(
    r"\b(?:reasonabl[ey]|unreasonabl[ey]|sufficient|insufficient|adequate|inadequate|proper|improper|"
    r"appropriate|inappropriate|persuasive|unpersuasive|meritless|frivolous|moot|premature|untimely|"
    r"timely|speculative|conclusory|fail(?:s|ed)?|entitled|warrant(?:s|ed)?|justif(?:y|ies|ied)|"
    r"err(?:ed)?|abuse[ds]?)\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"\b(?:motion|claims?|argument|judgment|appeal|evidence|order|petition|complaint|"
    r"request)\b",
    re.IGNORECASE,
)

# A rule the court states: a general subject ("A party", "An employer", "No court") and the
# law's present tense ("need not", "cannot", "is not required").
_RULE = re.compile(r"(?:A|An|No|Every|Any) [a-z]")
_RULE_VERB = re.compile(r"\b(?:is|are|does|do|must|may|need|cannot|can|will)(?: not)?\b")

FEATURES = (
    "decretal",
    "decree",
    "directive",
    "holding",
    "rejection",
    "conclusion",
    "vivid",
    "position",
    "position_squared",
    "in_conclusion",
    "in_opening",
    "in_background",
    "in_separate_writing",
    "log_words",
    "overlong",
    "voice",
    "negation",
    "reasoning",
    "modal",
    "past",
    "present",
    "judging",
    "subject",
    "digits",
    "parentheses",
    "quotation_marks",
    "bench_ruling",
    "bench_view",
    "citation",
    "rule",
)
# Learned by `bench/learn_quotes.py` (logistic regression on the tuning halves: the labelled
# dev documents' court documents and the generated documents of
# tests/labels/synthetic_quotes.json, every quotable sentence an example); a sentence's score is
# the sum of its features times these weights, so only the order of scores within a document
# matters.
WEIGHTS = {
    "decretal": 2.255,
    "decree": 3.346,
    "directive": 1.414,
    "holding": 1.922,
    "rejection": 1.439,
    "conclusion": 0.119,
    "vivid": 1.077,
    "position": 1.434,
    "position_squared": 0.646,
    "in_conclusion": 0.622,
    "in_opening": 2.061,
    "in_background": -0.837,
    "in_separate_writing": -1.047,
    "log_words": 0.271,
    "overlong": -1.853,
    "voice": 0.160,
    "negation": 0.677,
    "reasoning": -0.052,
    "modal": 0.214,
    "past": 0.523,
    "present": 1.349,
    "judging": 0.084,
    "subject": 0.144,
    "digits": 4.021,
    "parentheses": -0.258,
    "quotation_marks": -1.554,
    "bench_ruling": 2.149,
    "bench_view": 1.057,
    "citation": -4.565,
    "rule": 1.643,
}


@dataclass(frozen=True)
class Candidate:
    """A quotable sentence, the features it is scored on, its score and the reason it gives."""

    sentence: Sentence
    features: tuple[float, ...]
    score: float
    reason: str


def key_quotes(
    text: str, page_map: PageMap | None, citation_spans: Sequence[tuple[int, int]], k: int = DEFAULT_K
) -> tuple[Quote, ...]:
    """The `k` best quotes of `text`, best first; each a whole sentence, verbatim."""
    ranked = sorted(candidates(text, citation_spans), key=lambda item: (-item.score, item.sentence.start))
    distinct: dict[str, Candidate] = {}
    for item in ranked:  # a sentence printed twice (a decree repeated at the end) is one quote
        distinct.setdefault(" ".join(item.sentence.text.lower().split()), item)
        if len(distinct) == k:
            break
    return tuple(
        _quote(rank, item.sentence, item.score, item.reason, text, page_map)
        for rank, item in enumerate(distinct.values(), start=1)
    )


def candidates(
    text: str, citation_spans: Sequence[tuple[int, int]], weights: dict[str, float] | None = None
) -> list[Candidate]:
    """Every sentence of `text` a quote may be, in order, with its features and score."""
    weights = WEIGHTS if weights is None else weights
    skip_before = _syllabus_end(text)
    quoted_blocks = _block_quotes(text, citation_spans)
    separate = _separate_writing_start(text)
    end = separate if separate is not None else len(text)
    sections = _Sections(
        conclusion=_conclusion_start(text, separate),
        opening=_opening_end(text, skip_before),
        background=_background_sections(text),
        separate=separate,
        start=skip_before,
        end=end,
    )
    turns = bench_turns(text)
    found = []
    for sentence in split_sentences(text):
        if turns is not None:
            sentence = without_speaker(sentence)
        if (
            sentence.start < skip_before
            or not _quotable(sentence, citation_spans, transcript=bool(turns))
            or _inside(sentence.start, quoted_blocks)
            or turns is not None
            and (not _inside(sentence.start, turns) or others_words(sentence.text))
        ):
            continue
        features = _features(sentence, sections, citation_spans, transcript=turns is not None)
        score = round(sum(weights[name] * value for name, value in zip(FEATURES, features)), 3)
        found.append(Candidate(sentence, features, score, _reason(features)))
    return found


@dataclass(frozen=True)
class _Sections:
    """Where a document's parts are: the court's opinion from `start` to `end`, its opening
    paragraph's end, its conclusion's start, background sections, a separate writing."""

    start: int
    end: int
    opening: int
    conclusion: int
    background: list[tuple[int, int]]
    separate: int | None


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether an offset falls in one of the spans."""
    return any(start <= offset < end for start, end in spans)


def _features(
    sentence: Sentence, sections: _Sections, citation_spans: Sequence[tuple[int, int]], *, transcript: bool
) -> tuple[float, ...]:
    """The sentence's values of `FEATURES`, in that order."""
    text = ordinary_case(sentence.text) if transcript else sentence.text
    signals = [float(_signals(name, pattern, text)) for name, pattern in _SIGNALS.items()]
    position = min(1.0, (sentence.start - sections.start) / max(1, sections.end - sections.start))
    words = len(text.split())
    return (
        *signals,
        float(min(len(_VIVID.findall(text)), 2)),
        position,
        position**2,
        float(sections.conclusion <= sentence.start < sections.end),
        float(sentence.start < sections.opening),
        float(_inside(sentence.start, sections.background)),
        float(sections.separate is not None and sentence.start >= sections.separate),
        math.log(words),
        max(0, words - 60) / 30,
        float(min(len(_VOICE.findall(text)), 2)),
        float(min(len(_NEGATION.findall(text)), 2)),
        float(min(len(_REASONING.findall(text)), 2)),
        float(bool(_MODAL.search(text))),
        min(len(_PAST.findall(text)), 3) / 3,
        min(len(_PRESENT.findall(text)), 3) / 3,
        float(min(len(_JUDGING.findall(text)), 2)),
        float(bool(_SUBJECT.search(text))),
        sum(char.isdigit() for char in text) / len(text),
        float("(" in text),
        float(bool(re.search('[“”"]', text))),
        float(transcript and bool(BENCH_RULING.search(sentence.text))),
        float(transcript and bool(BENCH_VIEW.search(sentence.text))),
        _covered(sentence, citation_spans) / len(text),
        float(bool(_RULE.match(text) and _RULE_VERB.search(text))),
    )


# A clause that makes what follows hypothetical: "If the petition is denied, the mandate will
# issue" decides nothing.
_CONDITION = re.compile(r"\b(?:[Ii]f|[Uu]nless|[Ss]hould|[Ii]n the event|[Ww]hether)\b")


def _signals(name: str, pattern: re.Pattern[str], text: str) -> bool:
    """Whether the sentence does what the signal names; a decree under a condition does not."""
    match = pattern.search(text)
    if match is None:
        return False
    return name not in ("decretal", "decree") or _CONDITION.search(text, 0, match.start()) is None


def _reason(features: tuple[float, ...]) -> str:
    """Why a sentence is quoted: its strongest signal, else the part of the ruling it is in."""
    named = dict(zip(FEATURES, features))
    for reason, feature in (
        ("decretal", "decretal"),
        ("decretal", "decree"),
        ("holding", "holding"),
        ("rejection", "rejection"),
        ("bench ruling", "bench_ruling"),
        ("directive", "directive"),
        ("conclusion", "conclusion"),
        ("conclusion", "in_conclusion"),
        ("opening", "in_opening"),
    ):
        if named[feature]:
            return reason
    return "plain"


def _quotable(sentence: Sentence, citation_spans: Sequence[tuple[int, int]], *, transcript: bool = False) -> bool:
    """Whether a sentence is the court's own prose: not a heading, citation, quote or
    boilerplate (a transcript's capitals are its prose)."""
    text = sentence.text
    letters = [char for char in text if char.isalpha()]
    if len(text.split()) < MIN_WORDS or len(text) > MAX_CHARS or not letters:
        return False
    if (
        not transcript
        and (sum(char.isupper() for char in letters) > 0.6 * len(letters) or _proper_nouns_only(text))
        and not _SIGNALS["decretal"].search(text)
    ):
        # a heading or caption line in capitals, a title, or a citation eyecite does not know
        # ("Doe v. Roe, No. 1:20-cv-1 (D. Md. 2021).")
        return False
    if text[-1] not in '.?!”")’' or text[0] in _OPENING_QUOTE or text.startswith(("See ", "Id.", "Cf.")):
        return False
    if _CAPTION_RULE.search(text) or len(_GARBLED.findall(text)) >= 2:
        return False  # a caption's line with its ")" rule, or a scan's garbled words ("SFC9ra4anc4Ain1sc1o")
    quoted = sum(len(match.group()) for match in _QUOTED.finditer(text))
    if quoted > 0.4 * len(text):
        return False
    if _covered(sentence, citation_spans) > 0.3 * len(text):
        return False
    prose = ordinary_case(text) if transcript else text  # the reporter's certificate in capitals too
    if _ATTRIBUTED.search(prose) or _BOILERPLATE.search(prose):
        return False
    return not _STOCK_PHRASES.search(prose) or any(
        _signals(name, _SIGNALS[name], prose) for name in ("decretal", "decree", "holding")
    )


# Small words a case name, citation or title in capitals and lower case still has.
_NAME_WORDS = frozenset(
    {"v.", "vs.", "of", "and", "the", "in", "re", "for", "to", "a", "an", "on", "at", "by", "ex", "rel."}
)


def _proper_nouns_only(text: str) -> bool:
    """Whether a sentence has fewer than two words starting in lower case, the small words of
    a name aside: a citation or a title, not prose."""
    return sum(word[0].islower() and word not in _NAME_WORDS for word in text.split()) < 2


def _covered(sentence: Sentence, spans: Sequence[tuple[int, int]]) -> int:
    """How many characters of the sentence lie inside citation spans."""
    return sum(max(0, min(end, sentence.end) - max(start, sentence.start)) for start, end in spans)


def _block_quotes(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs quoted at length from elsewhere: led in by a colon, or by an unfinished sentence
    (`Plaintiff alleged`) before an altered quote (`[O]n or about`), and closed by their
    citation, at their end or opening the next line."""
    paragraphs = list(re.finditer(r"[^\n]+", text))
    starts = {start for start, _ in spans}
    blocks = []
    for before, paragraph, after in zip(paragraphs, paragraphs[1:], paragraphs[2:]):
        lead_in = before.group().rstrip()
        altered = paragraph.group().startswith(("[", "“", '"'))  # "[O]n or about March 2, ..."
        if not (lead_in.endswith(":") or altered and re.search(r"\b[a-z]+$", lead_in)):
            continue
        cited_next = any(after.start() <= start <= after.start() + 2 for start in starts)
        cited_at_end = any(paragraph.end() - 60 <= end <= paragraph.end() for _, end in spans) or re.search(
            r"\((?:Id|See)\b[^()]*\)$", paragraph.group().rstrip()
        )
        if cited_next or cited_at_end:
            blocks.append((paragraph.start(), paragraph.end()))
    return blocks


def _syllabus_end(text: str) -> int:
    """Where a Supreme Court opinion starts after its syllabus; 0 when there is no syllabus."""
    if not _SYLLABUS.search(text):
        return 0
    start = _OPINION_START.search(text)
    return start.start() if start else 0


def _opening_end(text: str, start: int) -> int:
    """The end of the first paragraph of running prose at or after `start`."""
    for line in re.finditer(r"[^\n\f]+", text[start:]):
        words = line.group().split()
        if len(words) >= 25 and sum(word[:1].islower() for word in words) >= 0.4 * len(words):
            return start + line.end()
    return start


def _conclusion_start(text: str, separate: int | None) -> int:
    """Where the court's conclusion starts: its last `CONCLUSION` heading, else the last tenth."""
    end = separate if separate is not None else len(text)
    headings = [match.end() for match in _CONCLUSION_HEADING.finditer(text, 0, end)]
    return headings[-1] if headings else end - (end // 10)


def _background_sections(text: str) -> list[tuple[int, int]]:
    """The spans of the text under a top-level background, facts or standard-of-review heading
    before the discussion, each up to the next top-level heading."""
    headings = [match.start() for match in _TOP_HEADING.finditer(text)]
    discussion = _DISCUSSION_HEADING.search(text)
    spans = []
    for match in _BACKGROUND_HEADING.finditer(text, 0, discussion.start() if discussion else len(text)):
        following = [start for start in headings if start > match.end()] + [len(text)]
        spans.append((match.end(), min(following[0], match.end() + BACKGROUND_MAX_CHARS)))
    return spans


def _separate_writing_start(text: str) -> int | None:
    """Where the first concurring or dissenting opinion starts, if the document has one."""
    match = _SEPARATE.search(text)
    return match.start() if match else None


def _quote(rank: int, sentence: Sentence, score: float, reason: str, text: str, page_map: PageMap | None) -> Quote:
    """A `Quote` for a ranked sentence, with its page and boxes from the page map."""
    if page_map is not None:
        page, boxes = page_map.page_at(sentence.start), page_map.boxes(sentence.start, sentence.end)
    else:
        page, boxes = text.count("\f", 0, sentence.start) + 1, ()
    # A sentence running over a page break holds the form feed between the pages: a space to
    # a reader (shown as nothing, it glues "sufficient" and "evidence" into one word).
    return Quote(
        rank=rank,
        text=sentence.text.replace("\f", " "),
        start=sentence.start,
        end=sentence.end,
        page=page,
        boxes=boxes,
        score=score,
        reason=reason,
    )
