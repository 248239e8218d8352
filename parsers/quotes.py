"""Key quotes: the sentences of a ruling a reporter would quote, ranked, each on its page.

Every sentence of the clean text is scored by what it does: the decretal sentence ("IT IS
HEREBY ORDERED that ... DENIED", "We affirm"), holdings ("we hold", "the Court finds"),
rejections ("Tarrant cannot have it both ways", "lack merit"), conclusions ("Accordingly",
"For those reasons") and vivid characterisation ("plainly", "abundantly clear"). Sentences
that are not the court's own strongest language score nothing and are left out: headings,
captions and signature lines, sentences that are mostly citation (eyecite's spans) or mostly
text in quotation marks, the parties' arguments reported ("Plaintiff contends"), boilerplate
(standards of review, procedural history, service) and a Supreme Court syllabus, which "constitutes
no part of the opinion". Footnotes are not in `Extraction.text`, so they never compete.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.pagemap import Box, PageMap
from parsers.sentences import Sentence, split_sentences
from parsers.transcripts import BENCH_RULING, bench_turns, ordinary_case

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


@dataclass(frozen=True)
class _Signal:
    """A pattern that makes a sentence worth quoting, its weight and the reason it gives."""

    reason: str
    weight: float
    pattern: re.Pattern[str]


_SIGNALS = (
    _Signal("decretal", 4.0, re.compile(
        r"\bIT IS (?:\w+ )?(?:HEREBY |FURTHER |THEREFORE )?ORDERED\b(?! AS FOLLOWS)"
        r"|\b(?:GRANT(?:S|ED)|DEN(?:Y|IES|IED)|AFFIRM(?:S|ED)|REVERSE[SD]|VACATE[SD]"
        r"|REMAND(?:S|ED)|DISMISS(?:ES|ED)|ORDERS|STRIKES)\b")),
    _Signal("decretal", 3.0, re.compile(
        r"\b(?:[Ww]e|[Tt]he Court|this Court|[Tt]he court)(?: (?:will|hereby|therefore|now))? "
        r"(?:affirm|reverse|vacate|remand|dismiss|grant|den(?:y|ies)|adopt)s?\b"
        r"|\b(?:is|are) (?:hereby )?(?:granted|denied|dismissed|affirmed|reversed|vacated|"
        r"consolidated|extended|stayed)\b")),
    _Signal("directive", 1.5, re.compile(
        r"\bshall (?:file|serve|submit|appear|pay|remain)\b|\b(?:is|are) due\b")),
    _Signal("holding", 2.5, re.compile(
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
        r"denied|granted|dismissed|applied)\b")),
    _Signal("rejection", 2.0, re.compile(
        r"\b(?:lacks? merit|without merit|unpersuasive|cannot have it both ways|no merit|"
        r"does not (?:support|control|change|preclude|permit|pre-?empt)|is incorrect|"
        r"(?:has|have) not (?:shown|described|explained|identified)|"
        r"(?:has|have) (?:identified|provided|offered|cited|shown) no\b|"
        r"did not (?:overlook|satisfy|demonstrate|comply)|not (?:be )?disturbed|too late|"
        r"precluded|not appropriate|is not (?:a|an|the)\b)")),
    _Signal("conclusion", 1.5, re.compile(
        r"^(?:Accordingly|Therefore|Thus|Consequently|In sum|In short|For (?:the|those|these) "
        r"(?:foregoing |forgoing |above )?reasons(?! (?:stated|discussed|set forth|explained) below))\b")),
    _Signal("characterisation", 1.0, re.compile(
        r"\b(?:plainly|abundantly|clearly|explicitly|simply|never|nothing|straightforward|"
        r"inscrutable|sympathetic|strange|compelling|correctly|discoverable|abusive|"
        r"ignores?|fails? to|only (?:way|avenue))\b")),
)
CONCLUSION_BONUS = 2.0
BENCH_WEIGHT = 2.0
OPENING_BONUS = 2.0
REPEAT_PENALTY = 1.0
_CONCLUSION_HEADING = re.compile(
    r"(?:^|\f)(?:[IVX]+\.\s*|[A-Z]\.\s*)?(?:CONCLUSION|Conclusion)\s*$|^\* \* \*$", re.MULTILINE)

# Sentences that report others (parties, lower courts) or recite boilerplate.
_ATTRIBUTED = re.compile(
    r"(?:^|, )(?:(?:The )?(?:Plaintiffs?|Defendants?|Appellants?|Appellees?|Petitioners?|"
    r"Respondents?|Employers?|Employees?|Movants?|[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+)?)(?:’s)? "
    r"(?:also |further |then |now )?(?:argues?|contends?|asserts?|claims?|maintains?|counters?|"
    r"responds?|urges?|insists?|submits?|moves?|seeks?|opposes?|relies?|observes?|"
    r"filed|asks?|notes?|points? out|testified|testifies))\b")
_BOILERPLATE = re.compile(
    r"\b(?:standard of review|de novo|abuse of discretion|clearly erroneous standard|genuine (?:dispute|issue)|"
    r"summary judgment is appropriate|must (?:demonstrate|show) (?:either|that)|"
    r"(?:is|are) reviewed|a motion (?:for|to) \w+ (?:is|should|may)|"
    r"certify|certificate of service|Clerk(?:’s| of| shall| to)|Dkt\.|ECF No|"
    r"respectfully directed|NOTICE|syllabus)\b"
    r"|^(?:On|By) (?:or about )?(?:[A-Z][a-z]+ \d{1,2}, \d{4}|letter|motion)"
    r"|^(?:IT IS SO ORDERED|SO ORDERED|It is so ordered|Dated|DATED)\b")
_OPENING_QUOTE = "“\"‘"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SYLLABUS = re.compile(r"syllabus constitutes no part of the opinion", re.IGNORECASE)
_OPINION_START = re.compile(
    r"^(?:(?:CHIEF )?JUSTICE [A-Z]+ delivered the opinion of the Court|PER CURIAM)", re.MULTILINE)
_SEPARATE = re.compile(  # a separate writing starts a page as often as a line: ^ or a form feed
    r"(?:^|(?<=\f))(?:(?:CHIEF )?JUSTICE [A-Z]+(?:, with whom .{0,120}?joins?)?, (?:concurring|dissenting)"
    r"|[A-Z][A-Z'’-]+, (?:Chief |Senior )?(?:Circuit |District )?Judge, (?:concurring|dissenting))",
    re.MULTILINE)
# Sections that tell the story or the law, not the ruling: their sentences are not quoted
# unless nothing else is.
_BACKGROUND_HEADING = re.compile(
    r"^(?:[IVX]+\.)?\s*(?:(?:FACTUAL|PROCEDURAL|RELEVANT)\s+)?(?:AND\s+)?"
    r"(?:BACKGROUND|FACTS?|PROCEDURAL HISTORY|STANDARDS? OF REVIEW|LEGAL STANDARDS?|"
    r"STATEMENT OF (?:THE )?(?:FACTS|CASE))\b[A-Z ]{0,40}:?$"
    r"|^(?:[IVX]+\.)?\s*(?:Factual |Procedural )?(?:Background|Facts|Procedural History|"
    r"Standard of Review|Legal Standards?)$", re.MULTILINE)
# A top-level heading: a roman numeral, or a line in capitals (lettered subheadings stay inside).
_TOP_HEADING = re.compile(r"^[IVX]+\.\s+\S.{0,60}$|^[A-Z][A-Z ,.&'’-]{3,60}$|^[IVX]+\.$", re.MULTILINE)
_DISCUSSION_HEADING = re.compile(r"^(?:[IVX]+\.|[A-Z]\.)?\s*(?:DISCUSSION|ANALYSIS|Discussion|Analysis)\s*$",
                                 re.MULTILINE)
BACKGROUND_PENALTY = 2.0
# A background section runs to the next heading, and no further than this (a standard of
# review under an unnumbered heading would otherwise cover the opinion).
BACKGROUND_MAX_CHARS = 8000


def key_quotes(text: str, page_map: PageMap | None, citation_spans: Sequence[tuple[int, int]],
               k: int = DEFAULT_K) -> tuple[Quote, ...]:
    """The `k` best quotes of `text`, best first; each a whole sentence, verbatim."""
    skip_before = _syllabus_end(text)
    quoted_blocks = _block_quotes(text, citation_spans)
    separate = _separate_writing_start(text)
    conclusion = _conclusion_start(text, separate)
    opening = _opening_end(text, skip_before)
    background = _background_sections(text)
    turns = bench_turns(text)
    scored = []
    plain: list[Sentence] = []  # quotable, but with no signal: for a short order's few quotes
    for sentence in split_sentences(text):
        if sentence.start < skip_before or not _quotable(sentence, citation_spans, transcript=bool(turns)) \
                or any(start <= sentence.start < end for start, end in quoted_blocks) \
                or turns is not None and not any(start <= sentence.start < end for start, end in turns):
            continue
        score, reason = _score(ordinary_case(sentence.text) if turns else sentence.text)
        if turns and BENCH_RULING.search(sentence.text):
            score, reason = score + BENCH_WEIGHT, "bench ruling"
        if score <= 0:
            plain.append(sentence)
            continue
        if separate is not None and sentence.start >= separate:
            score -= 1.0  # a concurrence or dissent speaks for fewer than the court
        elif sentence.start >= conclusion:
            score += CONCLUSION_BONUS
        elif sentence.start < opening:
            score += OPENING_BONUS  # the opening paragraph that says what was decided
        if any(start <= sentence.start < end for start, end in background):
            score -= BACKGROUND_PENALTY
        scored.append((score, sentence, reason))
    chosen = _diverse(scored, k)
    chosen += _plain_fill(plain, k - len(chosen), opening, conclusion, background)
    return tuple(_quote(rank, sentence, score, reason, text, page_map)
                 for rank, (score, sentence, reason) in enumerate(chosen, start=1))


def _plain_fill(plain: list[Sentence], wanted: int, opening: int, conclusion: int,
                background: list[tuple[int, int]]) -> list[tuple[float, Sentence, str]]:
    """Up to `wanted` sentences without a signal, when the signals found fewer than asked: those
    of the conclusion and the opening first, then in order, never from a background section."""
    if wanted <= 0:
        return []
    kept = [sentence for sentence in plain
            if not any(start <= sentence.start < end for start, end in background)]
    ranked = sorted(kept, key=lambda sentence: (
        0 if sentence.start >= conclusion else 1 if sentence.start < opening else 2, sentence.start))
    return [(0.0, sentence, "plain") for sentence in ranked[:wanted]]


def _diverse(scored: list[tuple[float, Sentence, str]], k: int) -> list[tuple[float, Sentence, str]]:
    """The `k` best, each pick lowering the others of its kind, so five decrees do not crowd out
    a holding; the scores returned are the lowered ones, so they fall with the rank."""
    left = list(scored)
    chosen: list[tuple[float, Sentence, str]] = []
    while left and len(chosen) < k:
        def adjusted(item: tuple[float, Sentence, str]) -> float:
            return item[0] - REPEAT_PENALTY * sum(reason == item[2] for _, _, reason in chosen)
        best = max(left, key=lambda item: (adjusted(item), -item[1].start))
        left.remove(best)
        chosen.append((round(adjusted(best), 2), best[1], best[2]))
    return chosen


def _score(sentence: str) -> tuple[float, str]:
    """Sum of the signals a sentence carries, less length penalties; the strongest is the reason."""
    hits = [signal for signal in _SIGNALS if signal.pattern.search(sentence)]
    if not hits:
        return 0.0, ""
    seen: set[str] = set()
    score = 0.0
    for signal in hits:
        # Two decretal patterns in one sentence count once.
        if signal.reason not in seen:
            score += signal.weight
            seen.add(signal.reason)
    vivid = len(_SIGNALS[-1].pattern.findall(sentence))
    score += min(vivid, 2) * _SIGNALS[-1].weight - (_SIGNALS[-1].weight if vivid else 0)
    words = len(sentence.split())
    if words > 60:
        score -= (words - 60) / 30
    return round(score, 2), max(hits, key=lambda signal: signal.weight).reason


def _quotable(sentence: Sentence, citation_spans: Sequence[tuple[int, int]], *,
              transcript: bool = False) -> bool:
    """Whether a sentence is the court's own prose: not a heading, citation, quote or
    boilerplate (a transcript's capitals are its prose)."""
    text = sentence.text
    letters = [char for char in text if char.isalpha()]
    if len(text.split()) < MIN_WORDS or len(text) > MAX_CHARS or not letters:
        return False
    if not transcript and sum(char.isupper() for char in letters) > 0.6 * len(letters) \
            and not _SIGNALS[0].pattern.search(text):
        return False  # a heading or caption line in capitals
    if text[-1] not in ".?!”\")’" or text[0] in _OPENING_QUOTE or text.startswith(("See ", "Id.", "Cf.")):
        return False
    quoted = sum(len(match.group()) for match in _QUOTED.finditer(text))
    if quoted > 0.4 * len(text):
        return False
    if _covered(sentence, citation_spans) > 0.3 * len(text):
        return False
    return not (_ATTRIBUTED.search(text) or _BOILERPLATE.search(text))


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
        cited_at_end = any(paragraph.end() - 60 <= end <= paragraph.end() for _, end in spans) \
            or re.search(r"\((?:Id|See)\b[^()]*\)$", paragraph.group().rstrip())
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


def _quote(rank: int, sentence: Sentence, score: float, reason: str, text: str,
           page_map: PageMap | None) -> Quote:
    """A `Quote` for a ranked sentence, with its page and boxes from the page map."""
    if page_map is not None:
        page, boxes = page_map.page_at(sentence.start), page_map.boxes(sentence.start, sentence.end)
    else:
        page, boxes = text.count("\f", 0, sentence.start) + 1, ()
    # A sentence running over a page break holds the form feed between the pages: a space to
    # a reader (shown as nothing, it glues "sufficient" and "evidence" into one word).
    return Quote(rank=rank, text=sentence.text.replace("\f", " "), start=sentence.start, end=sentence.end,
                 page=page, boxes=boxes, score=score, reason=reason)
