"""Metadata read from orders and opinions, each value with its source; listing values first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from parsers.ecf import parse_stamp
from parsers.head import Head, Segment
from parsers.metadata import Metadata, parse_date, read_metadata, signature_name
from parsers.metadata.kinds import document_kind, filed_by
from parsers.metadata.titles import document_title, title_case_title, title_from_column, transcript_title
from parsers.text import extract
from tests.support import pdfgen

DEV_FILES = (
    "doctor__gov.uscourts.cand.16711.199.0.pdf",
    "scotuspdf__24-482_d1oe.pdf",
    "courtlistener__Diaz_v._Create_and_Construct__LLC_Appeals_Board_Opinion.pdf",
    "courtlistener__acms_test.pdf",
    "xray__data3-test3.pdf",
    "xray__rect_ordering_4.1.pdf",
)

# A W.D. Wash. order in the usual layout, written for this test (the corpus has none).
ORDER = """UNITED STATES DISTRICT COURT
WESTERN DISTRICT OF WASHINGTON
AT SEATTLE
PARLER LLC, CASE NO. 2:21-cv-00031-BJR
Plaintiff,
v. ORDER DENYING PLAINTIFF'S MOTION
FOR PRELIMINARY INJUNCTION
AMAZON WEB SERVICES, INC.,
Defendant.
I. INTRODUCTION
This matter comes before the Court on Plaintiff's motion for a preliminary injunction, which asks the Court to order Defendant to restore its service within twenty-four hours of the order.
IT IS HEREBY ORDERED that Plaintiff's motion for a preliminary injunction is DENIED.
Dated this 21st day of January, 2021.
BARBARA J. ROTHSTEIN
UNITED STATES DISTRICT JUDGE"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 02, 2019 02:19 PM(CT)", date(2019, 10, 2)),
        ("21st day of January, 2021.", date(2021, 1, 21)),
        ("8/23/05", date(2005, 8, 23)),
        ("Sept. 13, 2019", date(2019, 9, 13)),
        ("June 7, 2019", date(2019, 6, 7)),
        ("February 30, 2020", None),
        ("New York, NY", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("tail", "name"),
    [
        ("IT IS SO ORDERED.\nDated: 8/23/05\nSUSAN ILLSTON United States District Judge", "Susan Illston"),
        ("Date: March 9, 2020\ns/Renée Marie Bumb RENÉE MARIE BUMB\nUnited States District Judge", "Renée Marie Bumb"),
        ("DATED: October 29, 2020\nHon. Jeremy D. Peterson United States Magistrate Judge", "Jeremy D. Peterson"),
        ("BARBARA J. ROTHSTEIN, United States District Judge", "Barbara J. Rothstein"),
        ("For the Court:\nCatherine O’Hagan Wolfe, Clerk of Court", None),
        ("MARY JONES\nSENIOR UNITED STATES DISTRICT JUDGE", "Mary Jones"),
        ("MARY JONES\nCHIEF UNITED STATES DISTRICT JUDGE", "Mary Jones"),
        ("HONORABLE MARY JONES\nUNITED STATES BANKRUPTCY JUDGE", "Mary Jones"),
        ("Hon. Mary Jones, U.S. Magistrate Judge", "Mary Jones"),
    ],
)
def test_signature_name(tail: str, name: str | None) -> None:
    assert signature_name(tail) == name


def test_order_metadata_with_sources() -> None:
    metadata = read_metadata(ORDER, None)
    expected = {
        "court_id": ("wawd", "caption"),
        "docket_number": ("2:21-cv-00031-BJR", "caption"),
        "case_name": ("Parler LLC v. Amazon Web Services, Inc.", "caption"),
        "judge": ("Barbara J. Rothstein", "signature"),
        "date_filed": ("2021-01-21", "signature"),
        "document_title": ("ORDER DENYING PLAINTIFF'S MOTION FOR PRELIMINARY INJUNCTION", "title"),
        "document_type": ("order", "title"),
        "disposition": ("denied", "title"),
    }
    for name, (value, source) in expected.items():
        field = metadata.field(name)
        assert field is not None, name
        assert (field.value, field.source) == (value, source), name
    assert metadata.dockets[0].core == "2:21-cv-00031"


def test_per_curiam_opinion() -> None:
    text = (
        "UNITED STATES COURT OF APPEALS FOR THE FIFTH CIRCUIT\nNo. 21-50498\nPER CURIAM:*\n"
        "The district court did not err in granting summary judgment to the insurer, which had "
        "no duty to pay the claim under the plain terms of the policy it issued.\nAFFIRMED."
    )
    metadata = read_metadata(text, None)
    assert values(metadata, "court_id", "docket_number", "judge", "document_type", "disposition") == (
        "ca5",
        "21-50498",
        "Per Curiam",
        "opinion",
        "affirmed",
    )


def test_listing_values_come_first_and_the_documents_stay() -> None:
    metadata = read_metadata(ORDER, None, {"case_name": "Parler LLC v. Amazon.com", "judge": None})
    assert metadata.get("case_name") == "Parler LLC v. Amazon.com"
    assert metadata.field("case_name").source == "listing"  # type: ignore[union-attr]
    assert metadata.get("judge") == "Barbara J. Rothstein"
    record = metadata.to_json()
    assert record["case_name"]["others"] == [{"value": "Parler LLC v. Amazon Web Services, Inc.", "source": "caption"}]
    assert record["docket_numbers"][0] == {"printed": "2:21-cv-00031-BJR", "core": "2:21-cv-00031", "source": "caption"}


@pytest.fixture(scope="module")
def dev(corpus_pdf: Callable[[str], Path]) -> dict[str, Metadata]:
    """Metadata of dev documents, read once for the module."""
    found = {}
    for name in DEV_FILES:
        extraction = extract(corpus_pdf(name).read_bytes(), ocr=False)
        found[name] = read_metadata(extraction.text, extraction.ecf)
    return found


def values(metadata: Metadata, *names: str) -> tuple[str | None, ...]:
    """Several fields' chosen values."""
    return tuple(metadata.get(name) for name in names)


def test_district_order(dev: dict[str, Metadata]) -> None:
    # Alvarado v. FedEx, N.D. Cal., Doc. 199: title on page 1, "DENIED" and signature on page 2.
    metadata = dev["doctor__gov.uscourts.cand.16711.199.0.pdf"]
    assert values(
        metadata, "court_id", "docket_number", "judge", "date_filed", "document_title", "disposition", "motion"
    ) == (
        "cand",
        "3:04-cv-00098-SI",
        "Susan Illston",
        "2005-08-23",
        "ORDER DENYING MOTION TO QUASH SUBPOENA",
        "denied",
        "motion to quash subpoena",
    )
    assert metadata.field("docket_number").source == "ecf_stamp"  # type: ignore[union-attr]


def test_supreme_court_opinion(dev: dict[str, Metadata]) -> None:
    metadata = dev["scotuspdf__24-482_d1oe.pdf"]
    assert values(metadata, "court_id", "case_name", "judge", "date_filed", "document_type", "disposition") == (
        "scotus",
        "Ellingburg v. United States",
        "Brett Kavanaugh",
        "2026-01-20",
        "opinion",
        "reversed and remanded",
    )
    assert metadata.dockets[0].core == "24-482"


def test_state_appeals_board_opinion(dev: dict[str, Metadata]) -> None:
    metadata = dev["courtlistener__Diaz_v._Create_and_Construct__LLC_Appeals_Board_Opinion.pdf"]
    assert values(metadata, "court_id", "docket_number", "case_name", "judge", "date_filed", "disposition") == (
        "tennworkcompapp",
        "2019-06-0263",
        "Diaz v. Create and Construct, LLC",
        "Marshall L. Davidson, III",
        "2019-09-13",
        "affirmed and remanded",
    )


def test_single_judge_appellate_order(dev: dict[str, Metadata]) -> None:
    metadata = dev["courtlistener__acms_test.pdf"]
    assert values(metadata, "court_id", "judge", "date_filed", "disposition") == (
        "ca2",
        "Steven J. Menashi",
        "2025-07-15",
        "granted",
    )
    assert sorted(docket.core for docket in metadata.dockets) == ["25-1686", "25-1687", "25-1689"]


def test_mixed_rulings_follow_the_motion_before_the_court(dev: dict[str, Metadata]) -> None:
    # Scanlon v. Lawson: claims dismissed, sealing granted, reconsideration (the motion) denied.
    metadata = dev["xray__data3-test3.pdf"]
    assert values(metadata, "judge", "date_filed", "disposition", "motion") == (
        "Renée Marie Bumb",
        "2020-03-09",
        "denied",
        "motion for reconsideration",
    )


def test_vacated_dates_are_not_a_disposition(dev: dict[str, Metadata]) -> None:
    # C.D. Cal. minutes: the case settled; "All dates in this action are hereby VACATED."
    metadata = dev["xray__rect_ordering_4.1.pdf"]
    assert values(metadata, "case_name", "judge", "date_filed", "disposition") == (
        "Lewis v. Travertine, Inc.",
        "Christina A. Snyder",
        "2017-10-13",
        "other",
    )


@pytest.mark.parametrize(
    ("decree", "outcome"),
    [
        ("The motion to dismiss is therefore denied.", "denied"),
        ("Plaintiff's claims are accordingly dismissed.", "dismissed"),
        ("The application is also granted.", "granted"),
    ],
)
def test_a_passive_decree_with_an_adverb(decree: str, outcome: str) -> None:
    from parsers.metadata.outcome import disposition

    text = "The Court has considered the papers and the arguments of counsel. " * 3 + decree
    assert disposition(text, None)[0].value == outcome


def test_an_appellate_judgment_is_read_at_the_end_not_in_the_history() -> None:
    from parsers.metadata.outcome import disposition

    history = "On remand from the Supreme Court, which vacated and remanded, we now reconsider. "
    text = (
        history
        + "The Supreme Court's order is VACATED and REMANDED as to the first count. "
        + "We review the record again and explain our reasoning at length. " * 40
        + "For these reasons, we AFFIRM."
    )
    assert disposition(text, None, reviewing=True)[0].value == "affirmed"
    assert disposition(text, None)[0].value != "affirmed"  # the whole text mixes both


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Judge Niemeyer wrote the opinion, in which Judge Duncan and Judge Legg joined.\n", "Niemeyer"),
        ("Opinion for the Court filed by Circuit Judge BROWN.\n", "Brown"),
        ("HUDSON, Justice.\nThe trial court erred.", "Hudson"),
        ("GUSTAFSON, Judge:\nPetitioners claim a deduction.", "Gustafson"),
        ("Opinion by Judge Callahan\n", "Callahan"),
        # "… delivered the opinion of the court" as the Sixth Circuit, judges and state justices print it
        (
            "KETHLEDGE, J., delivered the opinion of the court in which COLE, C.J., and GIBBONS, J., joined.\n",
            "Kethledge",
        ),
        ("Chief Judge PRYOR delivered the opinion of the Court, in which Judge JORDAN joined.\n", "Pryor"),
        ("Justice Smith delivered the opinion of the Court.\n", "Smith"),
        ("CHIEF JUSTICE DOE delivered the opinion of the court.\n", "Doe"),
        # a justice the table of Supreme Court justices does not know, by the surname printed
        ("JUSTICE ROE delivered the opinion of the Court.\n", "Roe"),
    ],
)
def test_appellate_author_lines(text: str, author: str) -> None:
    metadata = read_metadata("UNITED STATES COURT OF APPEALS FOR THE FOURTH CIRCUIT\n" + text, None)
    assert metadata.get("judge") == author


@pytest.mark.parametrize(
    ("line", "author"),
    [("Jerry E. Smith, Circuit Judge:", "Jerry E. Smith"), ("J. PAUL OETKEN, District Judge:", "J. Paul Oetken")],
)
def test_an_author_line_with_the_full_name_makes_an_untitled_paper_an_opinion(line: str, author: str) -> None:
    body = "The district court granted summary judgment, and the plaintiff appeals. We affirm the judgment. " * 3
    metadata = read_metadata(
        f"UNITED STATES COURT OF APPEALS\nFOR THE FIFTH CIRCUIT\nNo. 19-10123\n{line}\n{body}", None
    )
    assert (metadata.get("document_type"), metadata.get("judge")) == ("opinion", author)


@pytest.mark.parametrize(
    "heading",
    [
        "BEFORE THE HONORABLE JACQUELINE SCOTT CORLEY\nUNITED STATES DISTRICT JUDGE",  # not "United States"
        "HONORABLE JACQUELINE SCOTT CORLEY, JUDGE PRESIDING",
        "BEFORE: THE HONORABLE JACQUELINE SCOTT CORLEY, MAGISTRATE JUDGE",
        "Before The Honorable Jacqueline Scott Corley, United States District Judge",
        "BEFORE: HON. JACQUELINE SCOTT CORLEY, District Judge",
    ],
)
def test_the_judge_a_hearing_is_held_before(heading: str) -> None:
    text = f"UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\n{heading}\nTRANSCRIPT OF PROCEEDINGS\n"
    assert read_metadata(text, None).get("judge") == "Jacqueline Scott Corley"


@pytest.mark.parametrize(
    "line",
    [
        "Decided: February 5, 2010",
        "Filed February 5, 2010",
        "(Filed: February 5, 2010)",
        "ARGUED MARCH 31, 2009—DECIDED FEBRUARY 5, 2010",
        # the clerk's stamp, its month abbreviated (the Sixth Circuit's) or spelled out (the Fifth's)
        "FILED Feb 05, 2010 DEBORAH S. HUNT, Clerk",
        "FILED February 5, 2010 Lyle W. Cayce, Clerk",
    ],
)
def test_appellate_decision_dates(line: str) -> None:
    metadata = read_metadata(f"UNITED STATES COURT OF APPEALS\nFOR THE SEVENTH CIRCUIT\nNo. 08-2110\n{line}\n", None)
    assert metadata.get("date_filed") == "2010-02-05"


def test_a_clerks_letter_names_its_court_case_and_kind() -> None:
    # Its heading below the "RE:" block is its title; a letter, whatever the heading names.
    letter = (
        "OFFICE OF THE CLERK\nPATRICIA S. DODSZUWEIT UNITED STATES COURT OF APPEALS TELEPHONE\n"
        "FOR THE THIRD CIRCUIT 215-597-2995 CLERK\nAugust 17, 2022\n"
        "RE: City of Hoboken v. Chevron Corp, et al\nCase Number: 21-2728\n"
        "District Court Case Number: 2-20-cv-14243\nENTRY OF JUDGMENT\n"
        "Today, August 17, 2022 the Court entered its judgment in the above-captioned matter.\n"
        "Very truly yours, Clerk of Court"
    )
    metadata = read_metadata(letter, None)
    assert (
        metadata.get("court_id"),
        metadata.get("case_name"),
        metadata.get("document_title"),
        metadata.get("document_type"),
        metadata.get("filed_by"),
    ) == ("ca3", "City of Hoboken v. Chevron Corp", "ENTRY OF JUDGMENT", "notice", "court")


LAWYERS_LETTER = (
    "LAW FIRM LLP\n1 Main Street, New York, NY 10001\nJune 1, 2020\nVIA ECF\nHon. Mary Jones\n"
    "United States District Judge\nSouthern District of New York\n500 Pearl Street\nNew York, NY 10007\n"
    "Re: Smith v. Acme Corp., No. 20-cv-1234 (MJ)\nDear Judge Jones:\n"
    "We write on behalf of Defendant Acme Corp. to request a thirty-day extension of its time to answer the "
    "complaint. Plaintiff consents to the request.\nRespectfully submitted,\n/s/ John Lawyer\nJohn Lawyer"
)


def test_a_lawyers_letter_to_the_judge_is_the_partys() -> None:
    # The judge it is addressed to is not its writer; its case is the one on its "Re:" line.
    metadata = read_metadata(LAWYERS_LETTER, None)
    assert values(metadata, "case_name", "filed_by", "judge", "disposition") == (
        "Smith v. Acme Corp.",
        "party",
        None,
        None,
    )


def test_a_lawyers_letter_the_judge_endorsed_is_an_order() -> None:
    endorsed = LAWYERS_LETTER + "\nApplication GRANTED. SO ORDERED.\nMary Jones, U.S.D.J.\nDated: June 2, 2020"
    metadata = read_metadata(endorsed, None)
    assert values(metadata, "filed_by", "document_type", "judge", "disposition") == (
        "court",
        "order",
        "Mary Jones",
        "granted",
    )


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Re: Case No. 19-1234, John Smith v. Acme Corp.", "John Smith v. Acme Corp."),
        ("RE: 19-1234 Smith v. Acme Corp.", "Smith v. Acme Corp."),
        ("RE: No. 19-1234, Smith v. Acme Corp.", "Smith v. Acme Corp."),
        ("Re: Appeal No. 19-1234 - John Smith v. Acme Corp., et al.", "John Smith v. Acme Corp."),
    ],
)
def test_a_letters_re_line_names_its_case_after_its_docket(line: str, name: str) -> None:
    from parsers.metadata.parties import letter_case

    assert letter_case(line) == name


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        (
            "UNITED STATES DISTRICT COURT\nCase No. CV 16-3714\nJURY NOTE NUMBER 3\nTHE JURY HAS REACHED A VERDICT",
            "JURY NOTE NUMBER 3",
        ),
        (
            "Case No. 3:18-cv-05982-WHA\nPLAINTIFF’S MEMORANDUM OF POINTS AND AUTHORITIES\nDate: May 1, 2019",
            "PLAINTIFF’S MEMORANDUM OF POINTS AND AUTHORITIES",
        ),
        ("Plaintiff, ORDER GRANTING MOTION\nv. TO DISMISS", "ORDER GRANTING MOTION TO DISMISS"),
    ],
)
def test_a_title_starts_at_its_own_first_word(caption: str, title: str) -> None:
    assert document_title(caption, caption) == title


@pytest.mark.parametrize(
    ("title", "by", "kind"),
    [
        ("MEMORANDUM OF DECISION AND ORDER RE MOTION TO DISMISS", "court", "opinion"),
        ("STATEMENT OF DECISION", "court", "opinion"),
        ("FINDINGS OF FACT AND CONCLUSIONS OF LAW", "court", "opinion"),
        ("MEMORANDUM OF LAW IN SUPPORT OF MOTION", "party", "brief"),
        ("STATEMENT OF UNCONTROVERTED FACTS", "party", "brief"),
        # A party's proposed papers: an order or judgment is an order; findings or jury
        # instructions it proposes are none of the court's papers.
        ("[PROPOSED] FINDINGS OF FACT AND CONCLUSIONS OF LAW", "party", "other"),
        ("JOINT PROPOSED JURY INSTRUCTIONS", "party", "other"),
        ("(PROPOSED) FINAL PRETRIAL CONFERENCE ORDER", "party", "order"),
        ("DEFENDANT'S POSITION ON SENTENCING", "party", "brief"),
        # a party's memorandum is a brief; an answer is no complaint, though it names one;
        # an amended petition and a counterclaim are pleadings
        ("DEFENDANT'S SENTENCING MEMORANDUM", "party", "brief"),
        ("DEFENDANT'S ANSWER AND AFFIRMATIVE DEFENSES TO PLAINTIFF'S COMPLAINT", "party", "other"),
        ("SECOND AMENDED PETITION", "party", "complaint"),
        ("DEFENDANT'S COUNTERCLAIM", "party", "complaint"),
    ],
)
def test_a_trial_courts_written_decision_is_the_courts(title: str, by: str, kind: str) -> None:
    assert filed_by(title, "text", "cacd") == by
    assert document_kind(title, "text", by) == kind


@pytest.mark.parametrize(
    "title",
    ["ENTRY OF APPEARANCE", "CORPORATE DISCLOSURE STATEMENT", "CERTIFICATE OF INTEREST", "CERTIFICATE OF SERVICE"],
)
def test_papers_only_counsel_file_are_a_partys_even_in_a_court_of_appeals(title: str) -> None:
    # A court of appeals' form prints the court's marks ("Clerk of Court") on counsel's paper.
    text = f"UNITED STATES COURT OF APPEALS FOR THE FEDERAL CIRCUIT\n{title}\nFile this form with the Clerk of Court."
    assert (filed_by(title, text, "cafc"), document_kind(title, text, "party")) == ("party", "notice")


@pytest.mark.parametrize(
    ("tail", "by"),
    [
        # Signed: the date line filled in, in the forms judges sign with.
        (
            "SO ORDERED.\nDated: New York, New York\nMarch 5, 2020\nPAUL A. ENGELMAYER\nUnited States District Judge",
            "court",
        ),
        ("SO ORDERED.\nDated: March 5, 2020\nHon. Paul A. Engelmayer, U.S.D.J.", "court"),
        ("IT IS SO ORDERED this 5th day of March, 2020.\n______________\nUNITED STATES DISTRICT JUDGE", "court"),
        # Lodged unsigned: blanks, a blank with its year printed, or only counsel's dates.
        ("IT IS SO ORDERED.\nDated: ______________\nHON. PAUL A. ENGELMAYER\nUNITED STATES DISTRICT JUDGE", "party"),
        ("PURSUANT TO STIPULATION, IT IS SO ORDERED.\nDated: , 2020\nUnited States District Judge", "party"),
        (
            (
                "Dated: March 3, 2020 /s/ Jane Roe, Attorneys for Plaintiff\nIT IS SO ORDERED.\nDated: ________\n"
                "United States District Judge"
            ),
            "party",
        ),
    ],
)
def test_a_proposed_order_is_the_courts_once_the_judge_signs_and_dates_it(tail: str, by: str) -> None:
    title = "STIPULATION AND [PROPOSED] ORDER EXTENDING TIME"
    text = f"UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\n{title}\nThe parties stipulate.\n{tail}"
    assert filed_by(title, text, "nysd") == by


@pytest.mark.parametrize(
    "signature",
    [
        "Dated: New York, New York\nMarch 5, 2020\nJ. PAUL OETKEN\nUnited States District Judge",
        "Dated: Brooklyn, New York\nMarch 5, 2020\n/s/ Kiyo A. Matsumoto\nUnited States District Judge",
        "Dated at Boston, Massachusetts, this 5th day of March, 2020.",
        "Dated: Los Angeles, California, March 5, 2020",
        # Florida's "DONE and ORDERED … this" and "ORDERED in the … District … on", Texas's
        # "SIGNED on", an ordinal day, a date on a line of its own above the judge's name.
        "DONE and ORDERED in Chambers at Miami, Florida, this 5th day of March, 2020.\nMARY JONES",
        "ORDERED in the Southern District of Florida on March 5, 2020.\nMary Jones, Judge",
        "DONE AND ORDERED at Tampa, Florida, on March 5, 2020.\nMARY JONES",
        "SIGNED on March 5, 2020.\nMARY JONES\nUNITED STATES DISTRICT JUDGE",
        "SO ORDERED this 5th day of March 2020.\nMARY JONES",
        "Entered: March 5th, 2020\nMary Jones",
        "March 5, 2020\nMARY JONES\nUNITED STATES DISTRICT JUDGE",
        "ENTER:\n/s/ Mary Jones\nMARY JONES\nUnited States District Judge\nDate: March 5, 2020",
        "DATED: March 5, 2020 at Los Angeles, California.\nMARY JONES",
        # the place and the date run onto one line: the month is no part of the place
        "Dated: Brooklyn, New York March 5, 2020\n/s/ Mary Jones",
        "SO ORDERED on this 5th day of March, 2020.\nMARY JONES",
    ],
)
def test_a_signature_date_is_read_as_courts_print_it(signature: str) -> None:
    body = "The defendant moves to dismiss the complaint, and the plaintiff opposes the motion. " * 3
    text = f"UNITED STATES DISTRICT COURT\nORDER\n{body}\nThe motion is denied.\nSO ORDERED.\n{signature}"
    assert read_metadata(text, None).get("date_filed") == "2020-03-05"


@pytest.mark.parametrize(
    ("signed", "judge"),
    [
        ("JOHN O'CONNOR, JR.", "John O'Connor, Jr."),
        ("MARY MCDONALD", "Mary McDonald"),
        ("ANA DE LA CRUZ", "Ana de la Cruz"),
    ],
)
def test_a_signing_judges_name_in_capitals_is_cased_as_a_partys_is(signed: str, judge: str) -> None:
    body = "The defendant moves to dismiss the complaint, and the plaintiff opposes the motion. " * 3
    text = f"UNITED STATES DISTRICT COURT\nORDER\n{body}\nThe motion is denied.\nIT IS SO ORDERED.\n{signed}\nUNITED STATES DISTRICT JUDGE"
    assert read_metadata(text, None).get("judge") == judge


APPEAL_BODY = (
    "Plaintiff appeals the judgment dismissing his claims under the Fair Labor Standards Act and state law "
    "for unpaid overtime wages and related penalties. "
) * 2


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # S.D.N.Y.: the title across the caption's column rule of colons is no part of the party.
        (
            (
                "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\n--------------------x\nJOHN DOE,\n"
                ": Plaintiff,\n:\n-against- : 19-cv-1234 (JPO)\n:\nACME CORP., et al., : OPINION AND ORDER\n"
                ": Defendants.\n--------------------x\nThe motion to dismiss is denied."
            ),
            "OPINION AND ORDER",
        ),
        # Ninth Circuit: the title's footnote mark is not the title's.
        (
            (
                "UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\nJOHN DOE,\nPlaintiff-Appellant,\nv.\n"
                "ACME CORP.,\nDefendant-Appellee.\nNo. 19-55555\nMEMORANDUM*\nAppeal from the United States District "
                f"Court\nBefore: WARDLAW, BEA, and BENNETT, Circuit Judges.\n{APPEAL_BODY}\nAFFIRMED."
            ),
            "MEMORANDUM",
        ),
        # Second Circuit: the legend under the title is not the title's, and the caption goes on
        # below the "stated term" paragraph.
        (
            (
                "UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\nSUMMARY ORDER\n"
                "RULINGS BY SUMMARY ORDER DO NOT HAVE PRECEDENTIAL EFFECT.\n"
                "At a stated term of the United States Court of Appeals for the Second Circuit, held at the Thurgood "
                "Marshall United States Courthouse, 40 Foley Square, in the City of New York, on the 5th day of June, "
                "two thousand twenty.\nPRESENT: DENNIS JACOBS,\nROSEMARY S. POOLER,\nRICHARD C. WESLEY,\n"
                f"Circuit Judges.\nJOHN DOE,\nPlaintiff-Appellant,\nv. 19-1234\nACME CORP.,\nDefendant-Appellee.\n"
                f"{APPEAL_BODY}\nIT IS HEREBY ORDERED, ADJUDGED, AND DECREED that the judgment is AFFIRMED."
            ),
            "SUMMARY ORDER",
        ),
    ],
)
def test_a_courts_own_caption_form_read_as_text(text: str, title: str) -> None:
    metadata = read_metadata(text, None)
    assert (metadata.get("case_name"), metadata.get("document_title")) == ("Doe v. Acme Corp.", title)


@pytest.mark.parametrize(
    ("lines", "title", "by", "kind"),
    [
        # A sealed paper's slip sheet: its title in large type over the page, and its sealing note.
        (
            [
                "Statement of",
                "Uncontroverted Facts and",
                "Conclusions of Law in",
                "Support of Defendants'",
                "Motion for Summary",
                "Judgment",
                "",
                "(Filed Under Seal)",
            ],
            "Statement of Uncontroverted Facts and Conclusions of Law in Support of Defendants' Motion for Summary Judgment (Filed Under Seal)",
            "party",
            "other",
        ),
        # An exhibit's cover sheet stays an exhibit.
        (["EXHIBIT 12"], "EXHIBIT 12", "party", "exhibit"),
    ],
)
def test_a_cover_page_names_the_paper_it_stands_for(lines: list[str], title: str, by: str, kind: str) -> None:
    extraction = extract(pdfgen.text_pdf(["\n".join(lines)]), ocr=False)
    metadata = read_metadata(extraction.text, extraction.ecf)
    assert (metadata.get("document_title"), metadata.get("filed_by"), metadata.get("document_type")) == (
        title,
        by,
        kind,
    )


def test_a_section_heading_in_title_case_is_no_title() -> None:
    # A page from inside a complaint: its lettered heading names a "Response", but no caption
    # (no parties) stands above it.
    page = "B. Dr. Schubert's Responses in the Application Did Not Reflect Her Medical and Health\nHistory."
    assert title_case_title(page) is None
    captioned = "JANE ROE,\nPlaintiff,\nv.\nACME CORP.,\nDefendant.\nB. Plaintiff's Response to the Motion"
    assert title_case_title(captioned) is None


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # A right-hand column's title, between the docket and what follows it: a bracketed note
        # of papers filed with it, a hearing's particulars, a sealing note, a jury demand.
        (
            ["Case No. 2:20-cv-01234-ABC", "", "DEFENDANT'S NOTICE OF MOTION AND", "MOTION TO DISMISS; MEMORANDUM OF"]
            + [
                "POINTS AND AUTHORITIES",
                "",
                "[FILED CONCURRENTLY WITH DECLARATION",
                "OF JOHN DOE AND [PROPOSED] ORDER]",
            ]
            + ["", "Date: June 1, 2020"],
            "DEFENDANT'S NOTICE OF MOTION AND MOTION TO DISMISS; MEMORANDUM OF POINTS AND AUTHORITIES",
        ),
        (
            ["Case No. 2:20-cv-01234-ABC", "Assigned to the Hon. Mary Jones", "", "PLAINTIFF'S OPPOSITION TO"]
            + ["DEFENDANT'S MOTION TO DISMISS", "", "[Filed concurrently with Declaration", "of John Doe]", ""]
            + ["Hearing Date: June 1, 2020"],
            "PLAINTIFF'S OPPOSITION TO DEFENDANT'S MOTION TO DISMISS",
        ),
        (
            ["Case No. 2:20-cv-01234-ABC", "", "CLASS ACTION", "", "COMPLAINT FOR DAMAGES AND", "INJUNCTIVE RELIEF"]
            + ["", "DEMAND FOR JURY TRIAL"],
            "COMPLAINT FOR DAMAGES AND INJUNCTIVE RELIEF",
        ),
        (
            ["Case No. 2:20-cv-01234-ABC", "", "DECLARATION OF JOHN DOE IN", "SUPPORT OF PLAINTIFF'S MOTION"]
            + ["FOR CLASS CERTIFICATION", "", "REDACTED VERSION OF DOCUMENT", "PROPOSED TO BE FILED UNDER SEAL"],
            "DECLARATION OF JOHN DOE IN SUPPORT OF PLAINTIFF'S MOTION FOR CLASS CERTIFICATION",
        ),
        # "[PROPOSED]" on a line of its own above the order's title is the title's first word.
        (
            ["Case No. 2:20-cv-01234-ABC", "", "[PROPOSED]", "ORDER GRANTING STIPULATION", "TO EXTEND TIME"],
            "[PROPOSED] ORDER GRANTING STIPULATION TO EXTEND TIME",
        ),
        # A joint report names its rule between "JOINT" and "REPORT".
        (["Case No. 2:20-cv-01234-ABC", "", "JOINT RULE 26(f) REPORT"], "JOINT RULE 26(f) REPORT"),
    ],
)
def test_the_title_in_a_captions_right_hand_column(lines: list[str], title: str) -> None:
    assert title_from_column("\n".join(lines)) == title


def test_an_orders_re_line_makes_no_letter() -> None:
    order = (
        "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nJOHN SMITH,\nPlaintiff,\nv.\nACME CORP.,\n"
        "Defendant.\nCase No. 20-cv-01234-MJ\nORDER GRANTING MOTION TO DISMISS\nRE: DKT. NO. 12\n"
        "The motion to dismiss is granted because the complaint pleads no facts showing an injury traceable to "
        "the defendant, and the plaintiff has not asked for leave to amend.\nIT IS SO ORDERED.\n"
        "Dated: June 1, 2020\nMARY JONES\nUnited States District Judge"
    )
    metadata = read_metadata(order, None)
    assert (metadata.get("document_type"), metadata.get("disposition")) == ("order", "granted")


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("REPORTER'S TRANSCRIPT OF PROCEEDINGS", "REPORTER'S TRANSCRIPT OF PROCEEDINGS"),
        ("TRANSCRIPT OF MOTION HEARING", "TRANSCRIPT OF MOTION HEARING"),
        ("TRANSCRIPT OF STATUS CONFERENCE", "TRANSCRIPT OF STATUS CONFERENCE"),
        ("TRANSCRIPT OF JURY TRIAL - DAY 3", "TRANSCRIPT OF JURY TRIAL - DAY 3"),
        ("REPORTER'S TRANSCRIPT OF PROCEEDINGS (VOLUME I)", "REPORTER'S TRANSCRIPT OF PROCEEDINGS (VOLUME I)"),
        ("TRANSCRIPT OF SENTENCING HEARING BEFORE THE HONORABLE MARY JONES", "TRANSCRIPT OF SENTENCING HEARING"),
    ],
)
def test_a_transcripts_title_names_what_it_records(line: str, title: str) -> None:
    assert transcript_title(f"UNITED STATES DISTRICT COURT\nJOHN DOE v. ACME CORP.\n{line}\nAPPEARANCES:") == title


SCOTUS_CAPTION = (
    "Cite as: 590 U. S. ____ (2020)\nSUPREME COURT OF THE UNITED STATES\nJOHN DOE v. ACME CORP.\n"
    "ON PETITION FOR WRIT OF CERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT\n"
    "No. 19–1234. Decided June 1, 2020\n"
)
SCOTUS_REASONS = (
    "The court below held that the statute barred the claim. That was error, because the statute's text "
    "reaches only claims filed after its effective date, and this claim was filed before it.\n"
)


@pytest.mark.parametrize(
    ("writing", "judge", "disposition"),
    [
        (
            "PER CURIAM.\n" + SCOTUS_REASONS + "The petition for certiorari is granted, the judgment of the Court of "
            "Appeals is reversed, and the case is remanded for further proceedings.\nIt is so ordered.",
            "Per Curiam",
            "reversed and remanded",
        ),
        (
            "The petition for a writ of certiorari is denied.\nStatement of JUSTICE SOTOMAYOR respecting the denial "
            "of certiorari.\n" + SCOTUS_REASONS,
            "Sonia Sotomayor",
            "denied",
        ),
        (
            "The petition for a writ of certiorari is denied.\nJUSTICE THOMAS, dissenting from the denial of "
            "certiorari.\n" + SCOTUS_REASONS,
            "Clarence Thomas",
            "denied",
        ),
    ],
)
def test_the_supreme_courts_writings_without_argument(writing: str, judge: str, disposition: str) -> None:
    # A per curiam summary reversal and a justice's writing on a denial of review: opinions, by
    # their author; "ON PETITION FOR WRIT OF CERTIORARI" is how the case came, not a petition's title.
    metadata = read_metadata(SCOTUS_CAPTION + writing, None)
    assert (
        metadata.get("case_name"),
        metadata.get("document_type"),
        metadata.get("judge"),
        metadata.get("date_filed"),
        metadata.get("disposition"),
    ) == ("Doe v. Acme Corp.", "opinion", judge, "2020-06-01", disposition)


@pytest.mark.parametrize(
    ("stamp", "heading", "by"),
    [
        # A district court docket's first entry opens the case: a party's complaint or notice of
        # removal, its pages and attachments too, even a page with no caption or signature.
        ("Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 7 of 16", "", "party"),
        ("Case 1:21-cv-01061-KLM Document 1-2 Filed 04/16/21 USDC Colorado Page 3 of 9", "", "party"),
        ("Case 1:21-cv-01061-KLM Document 12 Filed 04/16/21 USDC Colorado Page 7 of 16", "", "court"),
        # A court of appeals' first entry is its own docketing notice.
        (
            "Case: 21-1298 Document: 1 Page: 1 Date Filed: 08/31/2022",
            "UNITED STATES COURT OF APPEALS FOR THE THIRD CIRCUIT\n",
            "court",
        ),
    ],
)
def test_the_dockets_first_entry_is_a_partys(stamp: str, heading: str, by: str) -> None:
    page = (
        "19. In Question 3 of the application, signed on March 3, 2019, the insured was asked whether she had "
        "been treated for any disorder in the last ten years, and she answered that she had not."
    )
    assert read_metadata(heading + page, parse_stamp(stamp)).get("filed_by") == by


def test_an_in_re_caption_is_read_in_its_column_when_the_text_runs_it_on() -> None:
    # The clean text runs "In Re:" onto the court's name above it; the parties' column does not.
    text = (
        "UNITED STATES BANKRUPTCY COURT\nFOR THE DISTRICT OF ALASKA In Re: )\n)\n"
        "ALLEN HENRY CHOY, LLC, ) Case No. 09-00429-HAR\n) Chapter 11\nDebtor. )\n"
        "FINDINGS OF FACT AND CONCLUSIONS OF LAW\n"
        "On January 18, 2010 the Debtor filed its proposed First Amended Plan of Reorganization and its First "
        "Amended Disclosure Statement, and the Court now makes the following findings."
    )

    def line(words: str, x: float, top: float) -> Segment:
        return Segment(words, x, x + 6 * len(words), top, top + 12, 12.0)

    rows = [("In Re:", 112.0), ("", 126.0), ("ALLEN HENRY CHOY, LLC,", 140.0), ("", 154.0), ("Debtor.", 168.0)]
    segments = [line("UNITED STATES BANKRUPTCY COURT", 200, 70), line("FOR THE DISTRICT OF ALASKA", 210, 84)]
    segments += [line(words, 72, top) for words, top in rows if words] + [line(")", 300, top) for _, top in rows]
    segments += [line("Case No. 09-00429-HAR", 330, 140), line("Chapter 11", 330, 154)]
    metadata = read_metadata(text, None, head=Head(612.0, tuple(sorted(segments, key=lambda seg: (seg.top, seg.x0)))))
    assert metadata.get("case_name") == "In re Allen Henry Choy, LLC"


TRANSCRIPT_TURNS = (
    "THE COURT: Good afternoon. Please be seated.\nMR. STRAUB: Good afternoon, Your Honor.\n"
    "THE COURT: I have read the joint status report.\nMS. FENWICK: Thank you, Your Honor.\n"
    "THE COURT: The trial date is not moving.\nTHE COURT: Anything else?\nTHE COURT: We are adjourned.\n"
)


@pytest.mark.parametrize(
    ("before", "judge"),
    [
        ("B E F O R E: HONORABLE LORRAINE D. ABERNATHY\nUNITED STATES MAGISTRATE JUDGE", "Lorraine D. Abernathy"),
        ("BEFORE THE HONORABLE KATHERINE L. WESTGAARD\nUNITED STATES DISTRICT COURT JUDGE", "Katherine L. Westgaard"),
        ("BEFORE THE HONORABLE MARGARET T. OKAFOR", "Margaret T. Okafor"),
        ("BEFORE: THE HONORABLE ELEANOR V. BRANDT\nUnited States District Court Judge", "Eleanor V. Brandt"),
    ],
)
def test_a_transcript_with_counsels_appearances_is_the_courts_before_its_judge(before: str, judge: str) -> None:
    transcript = (
        "UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF DELAWARE\nCORVANE THERAPEUTICS, INC., Plaintiff,\nv.\n"
        f"MERIDALE PHARMACEUTICALS LTD., Defendant.\nC.A. No. 22-1187-EVB\n{before}\nAPPEARANCES:\n"
        "ASHWORTH PELL & RIGNEY LLP\nBY: JONATHAN K. STRAUB, ESQ.\nCounsel for Plaintiff\n"
        "QUINLAN BECK LLC\nBY: SARAH M. FENWICK, ESQ.\nCounsel for Defendants\n" + TRANSCRIPT_TURNS
    )
    metadata = read_metadata(transcript, None)
    assert (metadata.get("filed_by"), metadata.get("document_type"), metadata.get("judge")) == (
        "court",
        "transcript",
        judge,
    )


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("No. 23-20318 USA v. Villareal-Mendez", "United States v. Villareal-Mendez"),
        ("No. 23-4417, US v. Darnell Whitcomb", "United States v. Whitcomb"),
    ],
)
def test_a_clerks_letter_names_the_case_on_its_reference_line(reference: str, name: str) -> None:
    letter = (
        "United States Court of Appeals\nFIFTH CIRCUIT\nOFFICE OF THE CLERK\n600 S. MAESTRI PLACE,\n"
        "NEW ORLEANS, LA 70130\nMarch 1, 2024\nMs. Andrea K. Valdespino\nUnited States District Court\n"
        f"515 Rusk Street\nHouston, TX 77002\n{reference}\nUSDC No. 4:22-CR-412-1\nDear Ms. Valdespino,\n"
        "Enclosed is a copy of the judgment issued as the mandate and a copy of the court's opinion.\n"
        "Sincerely,\nRAYMOND T. GAUDET, Clerk"
    )
    assert read_metadata(letter, None).get("case_name") == name


@pytest.mark.parametrize(
    ("closing", "judge"),
    [
        ("It is SO ORDERED.\n/s/ WBA Walter B. Ashcombe\nSenior United States District Judge", "Walter B. Ashcombe"),
        (
            "Dated: November 14, 2024\ns/ Owen R. Przybylski Owen R. Przybylski\nUnited States Magistrate Judge",
            "Owen R. Przybylski",
        ),
        # a panel's "Circuit Judges" signs nothing
        ("PER CURIAM (CALDERWOOD, NISHIMURA, and TREVELYAN, Circuit Judges).", None),
    ],
)
def test_the_typed_name_after_a_signature_in_ordinary_case(closing: str, judge: str | None) -> None:
    assert signature_name(closing) == judge


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the D.C. Circuit's posture line is no title, though it names a petition
        (
            (
                "United States Court of Appeals\nFOR THE DISTRICT OF COLUMBIA CIRCUIT\nArgued October 17, 2023 Decided "
                "February 9, 2024\nNo. 22-1274\nTRI-COUNTY RURAL ELECTRIC COOPERATIVE, INC.,\nPETITIONER\nv.\n"
                "FEDERAL ENERGY REGULATORY COMMISSION,\nRESPONDENT\n"
                "On Petition for Review of Orders of the Federal Energy Regulatory Commission\n"
                "Before: PELLHAM and ARDSLEY, Circuit Judges.\nOpinion for the Court filed by Circuit Judge PELLHAM.\n"
                "PELLHAM, Circuit Judge: Under the Federal Power Act, rates for the transmission of electricity in "
                "interstate commerce must be just and reasonable, and the Commission did not explain why these are.\n"
                "We grant the petition for review."
            ),
            {"document_title": None, "document_type": "opinion", "judge": "Pellham"},
        ),
        # the Federal Circuit's Rule 36 judgment: per curiam, not its panel
        (
            (
                "United States Court of Appeals\nfor the Federal Circuit\nVANTERRA MEDICAL SYSTEMS, INC.,\nAppellant\nv.\n"
                "ORIEL SURGICAL TECHNOLOGIES, LLC,\nAppellee\n2023-1834\nJUDGMENT\n"
                "THIS CAUSE having been heard and considered, it is\nORDERED and ADJUDGED:\n"
                "PER CURIAM (CALDERWOOD, NISHIMURA, and TREVELYAN, Circuit Judges).\nAFFIRMED. See Fed. Cir. R. 36.\n"
                "ENTERED BY ORDER OF THE COURT\nMarch 8, 2024\n/s/ Howard T. Lemaire\nClerk of Court"
            ),
            {"judge": "Per Curiam"},
        ),
        # Washington's author line, the opinion run on after its dash
        (
            (
                "IN THE SUPREME COURT OF THE STATE OF WASHINGTON\nSTATE OF WASHINGTON,\nRespondent,\nv.\n"
                "DARIUS ABERNATHY-RUIZ,\nPetitioner.\nNo. 102711-4\nEN BANC\nFiled: September 12, 2024\n"
                "HALVORSEN, J.—Police investigating an armed robbery asked a rental car company to track one of its "
                "vehicles, and the company relayed its location to detectives for nearly six hours without a warrant. "
                "We hold that the police may not obtain that location without a warrant. We reverse."
            ),
            {"judge": "Halvorsen", "document_type": "opinion"},
        ),
        # a name in capitals after the signed one under "BY THE COURT:"
        (
            (
                "UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF PENNSYLVANIA\nACME CORP. v. BETA LLC\nORDER\n"
                "AND NOW, upon consideration of the Motion to Seal, it is hereby ORDERED that the Motion is GRANTED.\n"
                "BY THE COURT:\n/s/ Colleen R. Maddox COLLEEN R. MADDOX, J."
            ),
            {"judge": "Colleen R. Maddox"},
        ),
        # a memorandum opinion whose order follows rules in the future tense
        (
            (
                "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF MARYLAND\nJANE DOE,\nPlaintiff,\nv.\nACME CORP.,\n"
                "Defendant.\nCivil No. 1:24-cv-00877\nMEMORANDUM OPINION\nPending before the Court is the plaintiff's motion for "
                "a preliminary injunction, which is fully briefed. Because the plaintiff has not shown a likelihood of success "
                "on the merits, the motion will be denied. A separate order follows."
            ),
            {"disposition": "denied"},
        ),
        # New Jersey bankruptcy's form: the other column's role after the judge, the clerk's "Filed on" stamp
        (
            (
                "Caption in Compliance with D.N.J. LBR 9004-1(b)\nOrder Filed on April 9, 2025 by Clerk\n"
                "UNITED STATES BANKRUPTCY COURT\nDISTRICT OF NEW JERSEY\nIn re: Case No.: 24-17733 (HMD)\n"
                "LUIS A. GUTIERREZ, Chapter: 13\nJudge: Helena M. Draper Debtors.\nHearing Date: April 8, 2025\n"
                "ORDER VACATING STAY\nUpon the motion of Keystone Federal Credit Union for relief from the automatic stay, "
                "it is ORDERED that the motion is granted and the stay is vacated as to the movant's collateral."
            ),
            {"judge": "Helena M. Draper", "date_filed": "2025-04-09"},
        ),
    ],
)
def test_forms_no_dev_document_has_are_read(text: str, expected: dict[str, str | None]) -> None:
    metadata = read_metadata(text, None)
    assert {field: metadata.get(field) for field in expected} == expected
