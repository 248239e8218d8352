"""Key quotes: verbatim whole sentences of the court's own ruling language, with page and boxes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parsers.citations import find_citations
from parsers.quotes import FEATURES, WEIGHTS, Quote, candidates, key_quotes
from parsers.text import Extraction, extract

DEV_FILES = ("doctor__gov.uscourts.cand.16711.199.0.pdf", "scotuspdf__24-482_d1oe.pdf", "xray__data3-test3.pdf")


@pytest.fixture(scope="module")
def extractions(corpus_pdf: Callable[[str], Path]) -> dict[str, Extraction]:
    """Dev documents' extractions, made once for the module."""
    return {name: extract(corpus_pdf(name).read_bytes(), ocr=False) for name in DEV_FILES}


def quotes_of(extraction: Extraction, k: int = 5) -> tuple[Quote, ...]:
    """The key quotes of one extraction."""
    return key_quotes(extraction.text, extraction.page_map, find_citations(extraction.text).spans, k)


@pytest.mark.parametrize("name", DEV_FILES)
def test_quotes_are_verbatim_sentences_of_the_text(extractions: dict[str, Extraction], name: str) -> None:
    extraction = extractions[name]
    quotes = quotes_of(extraction)
    assert 1 <= len(quotes) <= 5
    assert [quote.rank for quote in quotes] == list(range(1, len(quotes) + 1))
    for quote in quotes:
        assert extraction.text[quote.start : quote.end].replace("\f", " ") == quote.text
        assert quote.text[-1] in ".?!”)"
        assert quote.boxes and all(box.page == quote.page for box in quote.boxes[:1])


def test_the_decretal_sentence_is_quoted_on_its_page(extractions: dict[str, Extraction]) -> None:
    # N.D. Cal. order, page 2: "Accordingly, defendant’s motion to quash is DENIED."
    quotes = quotes_of(extractions["doctor__gov.uscourts.cand.16711.199.0.pdf"])
    decree = next(q for q in quotes if q.text == "Accordingly, defendant’s motion to quash is DENIED.")
    assert decree.page == 2
    assert decree.reason == "decretal"
    box = decree.boxes[0]
    assert 0 < box.x0 < box.x1 <= 612 and 0 < box.top < box.bottom <= 792


def test_supreme_court_quotes_come_from_the_opinion_not_the_syllabus(extractions: dict[str, Extraction]) -> None:
    quotes = quotes_of(extractions["scotuspdf__24-482_d1oe.pdf"])
    assert all(quote.page >= 3 for quote in quotes)  # pages 1-2 are the syllabus
    judgment = [quote for quote in quotes[:2] if quote.text.startswith("For those reasons, we reverse the judgment")]
    assert [quote.page for quote in judgment] == [7]


def test_leaves_out_quoted_cited_reported_and_boilerplate_sentences() -> None:
    text = (
        "I. DISCUSSION\n"
        "“The Court may grant relief only where the movant shows irreparable harm.” "
        "Winter v. Natural Res. Def. Council, Inc., 555 U.S. 7, 20 (2008). "
        "See Smith v. Jones, 123 F.3d 456, 460 (9th Cir. 1999); Doe v. Roe, 5 F.4th 6, 7 "
        "(2d Cir. 2021). Plaintiff argues that the balance of equities tips sharply in its "
        "favor. The Court reviews the decision de novo and finds no error in it. "
        "The Court explicitly rejects any suggestion that the public interest favors "
        "forcing the host to keep abusive content online.\n"
        "IT IS HEREBY ORDERED that the motion for a preliminary injunction is DENIED.\n"
        "I hereby declare under the penalty of perjury that the foregoing answers are true and correct.\n"
        "Acme Widgets of California, a corporation, and Does 1 through 100, )\n"
        "The motion was heard in Sa4n Fra4nc1sco on the Court's calendar at the usual time."
    )
    quotes = key_quotes(text, None, find_citations(text).spans)
    assert sorted(quote.text for quote in quotes) == [
        "IT IS HEREBY ORDERED that the motion for a preliminary injunction is DENIED.",
        (
            "The Court explicitly rejects any suggestion that the public interest favors forcing "
            "the host to keep abusive content online."
        ),
    ]
    assert [quote.page for quote in quotes] == [1, 1]


def test_leaves_out_block_quotes() -> None:
    text = (
        "This rule rests on policy:\n"
        "The licensee would plainly have a chance to regain all the royalties paid while "
        "having enjoyed the fruits of the license agreement, which the law never allows.\n"
        "St. Regis Paper Co. v. Royal Indus., 552 F.2d 309, 314 (9th Cir. 1977). "
        "Accordingly, the Court GRANTS the motion for partial summary judgment."
    )
    quotes = key_quotes(text, None, find_citations(text).spans)
    assert [quote.text for quote in quotes] == [
        "Accordingly, the Court GRANTS the motion for partial summary judgment."
    ]


def test_k_limits_the_quotes(extractions: dict[str, Extraction]) -> None:
    assert len(quotes_of(extractions["xray__data3-test3.pdf"], k=2)) == 2


# A hearing transcript as a court reporter prints it: capitals, each turn after its speaker.
TRANSCRIPT_LINES = (
    "THE COURT: GOOD MORNING. WE ARE HERE ON THE DEFENDANTS' MOTION TO DISMISS THE COMPLAINT.",
    "MR. SMITH: GOOD MORNING, YOUR HONOR. I THINK THE MOTION SHOULD BE DENIED IN ITS ENTIRETY.",
    "THE COURT: I HAVE READ THE PAPERS ON BOTH SIDES OF THIS MOTION.",
    "MR. JONES: THANK YOU, YOUR HONOR. WE RELY ON THE BRIEFS THAT WE HAVE FILED.",
    "THE COURT: MY TENTATIVE VIEW IS THAT THE ARBITRATION CLAUSE DOES NOT REACH THESE CLAIMS.",
    "MR. SMITH: WE WOULD LIKE TO BE HEARD ON THAT POINT, YOUR HONOR, IF WE MAY.",
    "THE COURT: ALL RIGHT, YOU MAY PROCEED WITH YOUR ARGUMENT NOW.",
    "MR. SMITH: I THINK THE CLAUSE PLAINLY COVERS EVERY ONE OF THESE CLAIMS.",
    "THE COURT: I'LL ISSUE A WRITTEN RULING ON THE MOTION BY THE END OF NEXT WEEK.",
)
TRANSCRIPT = "\n".join(TRANSCRIPT_LINES)


def test_a_transcript_is_quoted_from_the_judges_turns_only() -> None:
    quotes = key_quotes(TRANSCRIPT, None, [], 5)
    texts = [quote.text for quote in quotes]
    assert any("MY TENTATIVE VIEW" in text for text in texts)
    assert any("I'LL ISSUE A WRITTEN RULING" in text for text in texts)
    # Counsel's "I think ... should be denied" is not the court's: never quoted.
    assert not any("SHOULD BE DENIED" in text or "PLAINLY COVERS" in text for text in texts)
    # A quote is the judge's words, without the reporter's speaker label.
    assert not any(text.startswith("THE COURT") for text in texts)
    ruling = next(quote for quote in quotes if "WRITTEN RULING" in quote.text)
    assert TRANSCRIPT[ruling.start : ruling.end] == ruling.text


def test_a_judges_sentence_run_into_counsels_turn_is_not_quoted() -> None:
    # The reporter left the court's last sentence without its full stop: the sentence the
    # splitter finds runs on into counsel's turn, and is not the judge's words alone.
    transcript = TRANSCRIPT.replace(
        "THE COURT: ALL RIGHT, YOU MAY PROCEED WITH YOUR ARGUMENT NOW.\nMR. SMITH: I THINK",
        "THE COURT: I THINK A WEEK IS ENOUGH TIME FOR THE BRIEFS MR. SMITH: I THINK",
    )
    texts = [quote.text for quote in key_quotes(transcript, None, [], 5)]
    assert not any("MR. SMITH" in text for text in texts)


def test_a_short_order_without_ruling_words_still_gets_its_sentences() -> None:
    order = (
        "The Court is deeply familiar with this matter, having presided over it for years.\n"
        "Further, the motion is untimely, coming almost two years after the judgment.\n"
        "For avoidance of doubt, this case remains closed."
    )
    quotes = key_quotes(order, None, [], 5)
    assert sorted(quote.text for quote in quotes) == sorted(order.splitlines())


def test_background_sections_are_quoted_last() -> None:
    opinion = "\n".join(
        [
            "I. BACKGROUND",
            "The plaintiff clearly never paid the invoices that the defendant plainly sent to her.",
            "II. DISCUSSION",
            "The plaintiff's argument is unpersuasive, and the statute does not support her reading.",
        ]
        + ["This paragraph explains the ruling in the ordinary words of a court, at length."] * 12
    )
    quotes = key_quotes(opinion, None, [], 1)
    assert quotes[0].text.startswith("The plaintiff's argument is unpersuasive")


def test_a_quote_over_a_page_break_reads_with_a_space() -> None:
    text = (
        "The plaintiff has not presented sufficient\fevidence to overturn this finding, "
        "and the motion is therefore DENIED."
    )
    (quote,) = key_quotes(text, None, [], 1)
    assert "sufficient evidence" in quote.text and "\f" not in quote.text
    assert (quote.start, quote.end) == (0, len(text))


def test_a_reviewing_courts_verdict_on_the_court_below_is_a_holding() -> None:
    opinion = (
        "The appellant filed a timely notice of appeal from the order of the bankruptcy court.\n"
        "Accordingly, the Bankruptcy Court did not clearly err in finding that the fund caused "
        "the expulsion of the debtor from the plan.\n"
        "The parties filed their briefs in the spring and the appeal was argued in the fall."
    )
    (quote,) = key_quotes(opinion, None, [], 1)
    assert quote.text.startswith("Accordingly, the Bankruptcy Court did not clearly err")


def test_every_feature_has_a_learned_weight_and_a_value() -> None:
    text = "The plaintiff sued in 2019.\nWe hold that the statute does not reach this conduct."
    found = candidates(text, [])
    assert set(WEIGHTS) == set(FEATURES)
    assert [len(item.features) for item in found] == [len(FEATURES)] * 2


def test_a_holding_outranks_a_narrative_sentence_and_says_why() -> None:
    text = (
        "The plaintiff sued the company in 2019 and the case was transferred twice.\n"
        "We hold that the statute does not reach this conduct, and we affirm."
    )
    quotes = key_quotes(text, None, [], 2)
    assert quotes[0].text.startswith("We hold")
    assert quotes[0].reason in {"holding", "decretal"}
    assert quotes[0].score > quotes[1].score


def test_a_sentence_printed_twice_is_quoted_once() -> None:
    # Minutes that state the ruling at the top and again at the end.
    decree = "IT IS HEREBY ORDERED that the motion to dismiss is GRANTED IN PART and DENIED IN PART."
    reasons = (
        "The complaint pleads the contract claim with the particularity the rules require.\n"
        "The fraud claim does not identify a single misrepresentation the defendant made.\n"
        "Leave to amend is granted because the defect may be cured by further allegations."
    )
    order = f"{decree}\n{reasons}\n{decree}"
    texts = [quote.text for quote in key_quotes(order, None, [], 5)]
    assert texts.count(decree) == 1
    assert len(texts) == 4


def test_an_argument_reported_with_a_pronoun_and_a_citation_eyecite_misses_are_not_quoted() -> None:
    # A per curiam opinion as circuits print them: the party's argument told with "he", and a
    # district court's unreported order cited by its docket alone.
    opinion = (
        "On appeal, he argues that the district court erred because his prior conviction is not a "
        "crime of violence.\n"
        "Johnson v. Clarke, No. 7:20-cv-00412 (W.D. Va. Mar. 3, 2021).\n"
        "Defendants’ Motion for Summary Judgment GRANTED.\n"
        "The district court therefore did not err, plainly or otherwise, in applying the enhancement."
    )
    texts = [quote.text for quote in key_quotes(opinion, None, find_citations(opinion).spans, 5)]
    assert sorted(texts) == [
        "Defendants’ Motion for Summary Judgment GRANTED.",
        "The district court therefore did not err, plainly or otherwise, in applying the enhancement.",
    ]


def test_a_ruling_in_the_laws_stock_phrases_is_quoted_and_the_standard_is_not() -> None:
    order = (
        "Summary judgment is appropriate where there is no genuine dispute as to any material fact.\n"
        "We hold that when the record presents a genuine dispute about whether the parties agreed to "
        "arbitrate, the court must try that question.\n"
        "Defendant’s Motion for Summary Judgment (ECF No. 41) is GRANTED as to Count I and DENIED as to Count II."
    )
    texts = sorted(quote.text for quote in key_quotes(order, None, find_citations(order).spans, 5))
    assert texts == [
        "Defendant’s Motion for Summary Judgment (ECF No. 41) is GRANTED as to Count I and DENIED as to Count II.",
        (
            "We hold that when the record presents a genuine dispute about whether the parties agreed to "
            "arbitrate, the court must try that question."
        ),
    ]


def test_an_unpublished_dispositions_notes_are_not_quoted() -> None:
    memorandum = (
        "* This disposition is not appropriate for publication and is not precedent except as provided by "
        "Ninth Circuit Rule 36-3.\n"
        "Because the parties are familiar with the facts, we do not recount them here.\n"
        "We dispense with oral argument because the facts and legal contentions are adequately presented "
        "in the materials before this court.\n"
        "The district court properly dismissed the action because the complaint alleges no act of the "
        "defendant within the limitations period."
    )
    texts = [quote.text for quote in key_quotes(memorandum, None, [], 5)]
    assert texts == [
        (
            "The district court properly dismissed the action because the complaint alleges no act of the "
            "defendant within the limitations period."
        )
    ]


def test_a_decree_under_a_condition_decides_nothing() -> None:
    notice = (
        "If the petition for rehearing is denied, the mandate will issue seven days later.\n"
        "The petition for rehearing en banc is denied by the court."
    )
    hypothetical, decree = (dict(zip(FEATURES, item.features)) for item in candidates(notice, []))
    assert (hypothetical["decree"], decree["decree"]) == (0.0, 1.0)


def test_a_pronounced_sentence_is_a_decree() -> None:
    sentencing = (
        "The defendant was convicted of wire fraud after a six-day trial in the spring.\n"
        "It is the judgment of the Court that the defendant is hereby committed to the custody of the "
        "Bureau of Prisons to be imprisoned for a term of 57 months."
    )
    (quote,) = key_quotes(sentencing, None, [], 1)
    assert quote.text.startswith("It is the judgment") and quote.reason == "decretal"


def test_a_transcripts_certificate_in_capitals_is_not_quoted() -> None:
    transcript = (
        TRANSCRIPT + "\nI, MARY SMITH, FEDERAL OFFICIAL COURT REPORTER, HEREBY CERTIFY THAT THE FOREGOING IS A "
        "TRUE AND CORRECT TRANSCRIPT OF THE STENOGRAPHICALLY REPORTED PROCEEDINGS HELD IN THE ABOVE-ENTITLED MATTER."
    )
    texts = [quote.text for quote in key_quotes(transcript, None, [], 5)]
    assert texts and not any("CERTIFY" in text for text in texts)


def test_a_rule_the_court_states_is_marked_as_one() -> None:
    text = (
        "A party need not use magic words to preserve an objection for review.\n"
        "A week later the party filed its brief with the clerk of the court.\n"
        "The party raised the objection in its brief before the district court."
    )
    marks = [dict(zip(FEATURES, item.features))["rule"] for item in candidates(text, [])]
    assert marks == [1.0, 0.0, 0.0]


def test_a_motion_decided_on_the_papers_says_so_in_boilerplate() -> None:
    minutes = (
        "The Court finds the matter appropriate for decision without oral argument and VACATES the hearing.\n"
        "For the reasons below, the Motion to Remand is GRANTED because the defendant has not shown that "
        "more than $5,000,000 is in controversy."
    )
    texts = [quote.text for quote in key_quotes(minutes, None, [], 5)]
    assert texts == [minutes.splitlines()[1]]


def test_a_revocation_hearings_other_speakers_and_advice_of_rights_are_not_the_ruling() -> None:
    hearing = (
        TRANSCRIPT + "\nTHE PROBATION OFFICER: NO, YOUR HONOR, NOTHING FURTHER FROM PROBATION TODAY.\n"
        "THE COURT: ACCORDINGLY, THE COURT REVOKES THE DEFENDANT'S SUPERVISED RELEASE AND COMMITS HIM TO "
        "THE CUSTODY OF THE BUREAU OF PRISONS FOR A TERM OF SIX MONTHS.\n"
        "THE COURT: YOU HAVE THE RIGHT TO APPEAL THIS SENTENCE WITHIN FOURTEEN DAYS.\n"
        "THE COURT: ANY NOTICE OF APPEAL MUST BE FILED WITHIN 14 DAYS OF THE ENTRY OF JUDGMENT."
    )
    quotes = key_quotes(hearing, None, [], 5)
    assert quotes[0].text.startswith("ACCORDINGLY, THE COURT REVOKES") and quotes[0].reason == "decretal"
    texts = [quote.text for quote in quotes]
    assert not any("PROBATION TODAY" in text or "APPEAL" in text for text in texts)


def test_a_judges_view_is_told_from_the_judges_ruling() -> None:
    hearing = TRANSCRIPT + (
        "\nTHE COURT: I THINK WE SHOULD TAKE A SHORT BREAK BEFORE THE NEXT WITNESS.\n"
        "THE COURT: I'M GOING TO DENY THE MOTION TO STRIKE THE EXPERT'S SUPPLEMENTAL REPORT."
    )
    marks = {
        item.sentence.text: dict(zip(FEATURES, item.features))
        for item in candidates(hearing, [])
        if "BREAK" in item.sentence.text or "STRIKE" in item.sentence.text
    }
    assert [(mark["bench_view"], mark["bench_ruling"]) for mark in marks.values()] == [(1.0, 0.0), (1.0, 1.0)]


def test_the_laws_stock_phrases_are_its_standards_not_every_mention() -> None:
    order = (
        "A motion to dismiss should be granted only when the complaint does not plead a plausible claim.\n"
        "There is no genuine dispute as to any material fact when the record could not lead a jury to find otherwise.\n"
        "Because the denial of a motion to dismiss is not independently appealable, we lack jurisdiction to review it.\n"
        "Because the record presents a genuine dispute about whether the grievance process was available, the "
        "district court erred in granting summary judgment."
    )
    texts = {item.sentence.text[:20] for item in candidates(order, [])}
    assert texts == {"Because the denial o", "Because the record p"}
