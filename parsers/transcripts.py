"""Hearing transcripts: where the judge speaks, and the judge's words in ordinary case.

A court reporter's transcript prints each turn after its speaker's label (`THE COURT:`,
`MR. DUCKERS:`), often all in capitals. Key quotes of a transcript are the judge's own words,
so only the court's turns are read, and a sentence in capitals is scored in ordinary case.
"""

from __future__ import annotations

import re

from parsers.sentences import Sentence

# The speakers other than the court: the clerk, a witness, counsel ("MR. DUCKERS").
_OTHERS = (
    r"THE (?:(?:DEPUTY |COURTROOM )?CLERK|COURTROOM DEPUTY|WITNESS|DEFENDANTS?|INTERPRETER|JURY|JUROR|MARSHAL|"
    r"PROBATION OFFICER|(?:COURT )?REPORTER|BAILIFF|FOREPERSON|VICTIM)|(?:PROSPECTIVE )?JUROR(?: NO\.)?(?: \d+)?|"
    r"(?:MR|MS|MRS|DR)\. [A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+)?"
)
_SPEAKER = re.compile(rf"(?:^|(?<=[.?!\-] ))(THE COURT|{_OTHERS}):", re.MULTILINE)
# A transcript has many turns of the court; an opinion quoting one has one or two.
MIN_COURT_TURNS = 5
# What a judge says from the bench when ruling: a tentative, a grant or denial, a finding.
BENCH_RULING = re.compile(
    r"\b(?:my (?:tentative|ruling|decision)|I(?:'ll|’ll| will) (?:issue|grant|deny|rule|order)|I (?:find|conclude)|"
    r"I(?:'m| am|’m) (?:going to|not going to) (?:grant|deny|order|rule|sustain|overrule|adopt|impose|sentence)|"
    r"the (?:motion|request|objection|application) is (?:granted|denied|sustained|overruled))\b",
    re.IGNORECASE,
)
# What a judge says from the bench when giving a view short of a ruling.
BENCH_VIEW = re.compile(
    r"\b(?:I(?:'m| am|’m) (?:going to|not going to|inclined to)|I(?:'ll|’ll| will) take|my view|"
    r"I (?:think|don't think|do not think|don’t think))\b",
    re.IGNORECASE,
)


def bench_turns(text: str) -> list[tuple[int, int]] | None:
    """The spans of the court's turns, or None when the text is not a transcript."""
    labels = list(_SPEAKER.finditer(text))
    if sum(label.group(1) == "THE COURT" for label in labels) < MIN_COURT_TURNS:
        return None
    ends = [label.start() for label in labels[1:]] + [len(text)]
    return [(label.start(), end) for label, end in zip(labels, ends) if label.group(1) == "THE COURT"]


def without_speaker(sentence: Sentence) -> Sentence:
    """The sentence without the speaker's label that opens a turn (`THE COURT: I'm not going
    to ignore them.`): a quote is the judge's words alone."""
    label = _LEADING_SPEAKER.match(sentence.text)
    if label is None:
        return sentence
    return Sentence(sentence.start + label.end(), sentence.end, sentence.text[label.end() :])


_LEADING_SPEAKER = re.compile(rf"(?:THE COURT|{_OTHERS}):\s+")


def opens_turn(line: str) -> bool:
    """Whether a line starts a speaker's turn (`THE COURT: Good morning.`): a transcript's body."""
    return _LEADING_SPEAKER.match(line) is not None


def others_words(sentence: str) -> bool:
    """Whether a sentence runs into another speaker's turn (`… MR. DUCKERS: I think a week
    works`): not the judge's own words alone."""
    return bool(_OTHER_SPEAKER.search(sentence))


# Another speaker's label anywhere, even where the reporter left no full stop before it.
_OTHER_SPEAKER = re.compile(rf"\b(?:{_OTHERS}):")


def ordinary_case(sentence: str) -> str:
    """A sentence printed in capitals, in lower case with `I` kept, for the scoring patterns."""
    letters = [char for char in sentence if char.isalpha()]
    if not letters or sum(char.isupper() for char in letters) <= 0.6 * len(letters):
        return sentence
    lowered = re.sub(r"\bi\b", "I", sentence.lower())
    return lowered[:1].upper() + lowered[1:]
