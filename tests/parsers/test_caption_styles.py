"""The caption styles of federal filings, each generated as a court or a lawyer's word processor
sets it, read for the case name, title, type and filer: New York's dashed box with its `:`
column, Texas's `§` column, a criminal caption, a bankruptcy `In re` with its chapter, the
Northern District of Illinois' judge line, a California title in the right-hand column, the Tax
Court, a proposed order left unsigned, an appellate brief's cover, New Jersey's `(s)` roles and
a brief whose caption is on the page after its cover sheet (the cover's title is the title);
and courts' own: a Ninth Circuit memorandum, a Fourth Circuit opinion with its docket above the
parties, a state supreme court's "Filed:" and author line, New York's "SO ORDERED", California's
court of appeal (its date first, its author signing above "We concur:"), a Second Circuit summary
order (its docket between the `v.` and the appellee), a bankruptcy order, the Federal Circuit's
nonprecedential opinion and a criminal judgment's form; and titles in title case under the
caption (Texas, a bankruptcy motion); Northern California's civil minutes form, a clerk's
judgment in a civil action, a verdict form and Pennsylvania's "AND NOW, this 1st day of …" order
signed "BY THE COURT: … J."; and more courts' forms: New Jersey's motion day, Georgia's "CIVIL
ACTION FILE NO.", Florida's docket over the parties, Central California's hearing lines under a
declaration's title, Massachusetts' centred caption, Washington's "NOTE ON MOTION CALENDAR", a
complaint with its jury demand, a notice of appeal, the Eastern District of New York's title over
its docket beside a one-line column, a stipulation, Ohio's judge lines, Northern Texas's "SO
ORDERED on this …", Eastern Virginia's place over the date, the Tenth Circuit's FILED stamp
(its date alone on a line over the clerk's name), a Fifth Circuit first page of caption
only, a civil judgment's form without commas, a magistrate judge's findings and
recommendations, a corporate filer named in the possessive before its title's paper word and a
forfeiture in rem, New York's transcript without a title, Central California's transcript pages in
capitals without a cover (a counsel's "THE COMPLAINT DOES NOT ALLEGE" no title), Northern Ohio's judges
in the right-hand column over the title, Massachusetts' "CASSIDY, D.J." under it, Northern California's "Before The
Honorable …, Judge", the Eighth Circuit's leader glyphs ("lllllPlaintiff"), Arizona's minute entry and Southern California's minute order signed twice
(the signed name over the typed); and California's pleading paper (a party's line run into the `)` rule, a title's "(L.R."
closed on the next line, an order's title citing its motion's docket entry "[12]", a class
plaintiff over three lines).
None of them is a dev document's copy: they are the forms, so a reader written for one court's
papers is caught failing another's."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from parsers.analysis import analyse
from parsers.text import extract
from tests.support import pdfgen


class Expect(NamedTuple):
    """What the record should say of a style's paper; None where the style does not test it."""

    case_name: str | None
    document_title: str | None
    filed_by: str
    document_type: str | None
    judge: str | None = None
    disposition: str | None = None
    court_id: str | None = None
    date_filed: str | None = None


BRIEF = (
    "Plaintiff respectfully submits this memorandum of law in opposition to the motion. The motion "
    "should be denied for the reasons that follow, because each of its arguments fails on the record "
    "before the Court and none of the authorities it cites holds otherwise. "
) * 2
LAWYER_SIGNS = "Dated: June 1, 2020\nRespectfully submitted,\n/s/ John Lawyer\nJohn Lawyer\nAttorneys for {side}"


def by_counsel(side: str, **layout: Any) -> dict[str, Any]:
    """A party's paper: the caption `layout`, a brief's paragraph, its lawyer's signature for `side`."""
    return {**layout, "body": BRIEF, "closing": LAWYER_SIGNS.format(side=side)}


# Two courts' captions, each under more than one title.
TEXAS: dict[str, Any] = {
    "heading": "IN THE UNITED STATES DISTRICT COURT\nFOR THE SOUTHERN DISTRICT OF TEXAS\nHOUSTON DIVISION",
    "rule": "§",
    "left": ["JANE ROE,", "      Plaintiff,", "", "v.", "", "BIG OIL COMPANY, et al.,", "      Defendants."],
    "right": ["", "", "", "CIVIL ACTION NO. 4:20-cv-01234"],
}
DELAWARE_BANKRUPTCY: dict[str, Any] = {
    "heading": "UNITED STATES BANKRUPTCY COURT\nFOR THE DISTRICT OF DELAWARE",
    "rule": ")",
    "left": ["In re:", "", "ACME HOLDINGS, INC., et al.,", "", "      Debtors."],
    "right": ["Chapter 11", "", "Case No. 20-12345 (ABC)", "", "(Jointly Administered)"],
}
RULING = (
    "Before the Court is the defendant's motion to dismiss. Having considered the papers, the Court "
    "finds that the complaint fails to state a claim because it pleads no facts showing an injury "
    "traceable to the defendant. Accordingly, IT IS HEREBY ORDERED that the motion to dismiss is GRANTED."
)
JUDGE_SIGNS = "IT IS SO ORDERED.\nDated: June 1, 2020\n/s/ Mary Jones\nMARY JONES\nUNITED STATES DISTRICT JUDGE"
APPEAL = (
    "The district court granted summary judgment to the defendant on the plaintiff's claims. We review that "
    "judgment de novo. The plaintiff argues that the court misread the contract, but the contract's plain terms "
    "foreclose his reading, and he identifies no ambiguity that would permit extrinsic evidence. "
) * 2
HEARING = (
    "THE COURT: Good morning. We are here on the defendant's motion to dismiss. MR. SMITH: Good morning, Your "
    "Honor. THE COURT: I have read the papers. My tentative is to grant the motion with leave to amend. MS. JONES: "
    "Thank you. THE COURT: The motion is granted. THE COURT: Anything else? THE COURT: We are adjourned."
)
UNSIGNED = "IT IS SO ORDERED.\nDated: ____________________\n_____________________________\nHon. Mary Jones\nUnited States District Judge"

STYLES: list[tuple[str, dict[str, Any], Expect]] = [
    (
        "new-york-box",
        by_counsel(
            "Plaintiff",
            heading="UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK",
            boxed=True,
            rule=":",
            left=[
                "JOHN SMITH,",
                "",
                "        Plaintiff,",
                "",
                "    - against -",
                "",
                "ACME CORP.,",
                "",
                "        Defendant.",
            ],
            right=["", "", "20 Civ. 1234 (ABC)"],
            title_below="MEMORANDUM OF LAW IN OPPOSITION TO\nDEFENDANT'S MOTION TO DISMISS",
        ),
        Expect(
            "Smith v. Acme Corp.", "MEMORANDUM OF LAW IN OPPOSITION TO DEFENDANT'S MOTION TO DISMISS", "party", "brief"
        ),
    ),
    (
        "texas-section-rule",
        by_counsel("Defendants", **TEXAS, title_below="DEFENDANTS' MOTION TO DISMISS"),
        Expect("Roe v. Big Oil Company", "DEFENDANTS' MOTION TO DISMISS", "party", "motion"),
    ),
    (
        "criminal-position-paper",
        by_counsel(
            "Defendant",
            heading="UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF VIRGINIA",
            rule=")",
            left=["UNITED STATES OF AMERICA", "", "      v.", "", "JOHN ALLEN DOE,", "", "      Defendant."],
            right=["", "", "Case No. 1:20-cr-00123"],
            title_below="DEFENDANT'S POSITION ON SENTENCING",
        ),
        Expect("United States v. Doe", "DEFENDANT'S POSITION ON SENTENCING", "party", "brief"),
    ),
    (
        "bankruptcy-motion-for-an-order",
        by_counsel(
            "the Debtors",
            **DELAWARE_BANKRUPTCY,
            title_below="DEBTORS' MOTION FOR ENTRY OF AN ORDER EXTENDING\nTHE EXCLUSIVE PERIODS",
        ),
        Expect(
            "In re Acme Holdings, Inc.",
            "DEBTORS' MOTION FOR ENTRY OF AN ORDER EXTENDING THE EXCLUSIVE PERIODS",
            "party",
            "motion",
        ),
    ),
    (
        "illinois-judge-line",
        {
            "heading": "IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF ILLINOIS\nEASTERN DIVISION",
            "rule": ")",
            "left": [
                "MARIA GONZALEZ,",
                "",
                "      Plaintiff,",
                "",
                "   v.",
                "",
                "CITY OF CHICAGO, et al.,",
                "",
                "      Defendants.",
            ],
            "right": ["", "", "No. 19 C 1234", "", "Judge Mary Jones"],
            "title_below": "MEMORANDUM OPINION AND ORDER",
            "body": RULING,
            "closing": JUDGE_SIGNS,
        },
        Expect(
            "Gonzalez v. City of Chicago",
            "MEMORANDUM OPINION AND ORDER",
            "court",
            "opinion",
            judge="Mary Jones",
            disposition="granted",
        ),
    ),
    (
        "california-title-in-the-right-column",
        {
            "heading": "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA",
            "left": ["ACME SOFTWARE LLC,", "      Plaintiff,", "   v.", "BETA LABS, INC.,", "      Defendant."],
            "right": ["Case No. 20-cv-01234-MJ", "", "ORDER GRANTING MOTION TO", "DISMISS WITH LEAVE TO AMEND"],
            "body": RULING,
            "closing": JUDGE_SIGNS,
        },
        Expect(
            "Acme Software LLC v. Beta Labs, Inc.",
            "ORDER GRANTING MOTION TO DISMISS WITH LEAVE TO AMEND",
            "court",
            "order",
            judge="Mary Jones",
            disposition="granted",
        ),
    ),
    (
        "tax-court-spouses",
        {
            "heading": "UNITED STATES TAX COURT",
            "left": [
                "ROCK BORDELON AND TORIE BORDELON,",
                "      Petitioners,",
                "   v.",
                "COMMISSIONER OF INTERNAL REVENUE,",
                "      Respondent.",
            ],
            "right": ["", "", "Docket No. 1234-19."],
            "title_below": "MEMORANDUM OPINION",
            "body": RULING.replace(
                "IT IS HEREBY ORDERED that the motion to dismiss is GRANTED.",
                "Decision will be entered for respondent.",
            ),
        },
        Expect("Bordelon v. Commissioner", "MEMORANDUM OPINION", "court", None),
    ),
    (
        "proposed-order-unsigned",
        {
            "heading": "UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA",
            "rule": ")",
            "left": [
                "NEXUS INC., a Delaware corporation,",
                "",
                "      Plaintiff,",
                "   vs.",
                "JOHN SMITH, an individual; and",
                "DOES 1-10, inclusive,",
                "      Defendants.",
            ],
            "right": [
                "Case No. 2:20-cv-01234-ABC-DEF",
                "",
                "[PROPOSED] ORDER GRANTING",
                "STIPULATION TO EXTEND TIME",
                "TO RESPOND TO COMPLAINT",
            ],
            "body": "Pursuant to the stipulation of the parties, and good cause appearing, the time to respond to the complaint is extended to July 1, 2020.",
            "closing": UNSIGNED,
        },
        Expect("Nexus Inc. v. Smith", None, "party", "order"),
    ),
    (
        "appellate-brief-cover",
        by_counsel(
            "Appellant",
            heading=(
                "No. 20-55123\n\nIN THE UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n\nJOHN DOE,\n"
                "Plaintiff-Appellant,\nv.\nACME CORPORATION,\nDefendant-Appellee.\n\nOn Appeal from the United States "
                "District Court\nfor the Central District of California\n\nAPPELLANT'S OPENING BRIEF"
            ),
            left=[],
            right=[],
        ),
        Expect("Doe v. Acme Corporation", "APPELLANT'S OPENING BRIEF", "party", "brief"),
    ),
    (
        "new-jersey-plural-roles",
        by_counsel(
            "Plaintiffs",
            heading="UNITED STATES DISTRICT COURT\nDISTRICT OF NEW JERSEY",
            rule=":",
            left=[
                "ALICE WONG and BOB WONG,",
                "      Plaintiff(s),",
                "   v.",
                "STATE FARM FIRE AND CASUALTY",
                "COMPANY,",
                "      Defendant(s).",
            ],
            right=["Civil Action No. 3:20-cv-01234", "", "NOTICE OF MOTION TO REMAND"],
        ),
        Expect("Wong v. State Farm Fire and Casualty Company", "NOTICE OF MOTION TO REMAND", "party", "motion"),
    ),
    (
        "ninth-circuit-memorandum",
        {
            "heading": "NOT FOR PUBLICATION\nUNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT",
            "left": [
                "JOHN DOE,",
                "",
                "    Plaintiff-Appellant,",
                "",
                "  v.",
                "",
                "ACME CORPORATION,",
                "",
                "    Defendant-Appellee.",
            ],
            "right": ["No. 19-55555", "", "D.C. No. 2:18-cv-01234-ABC", "", "MEMORANDUM*"],
            "title_below": (
                "Appeal from the United States District Court\nfor the Central District of California\n"
                "Submitted May 5, 2020**\nBefore: SMITH, JONES, and LEE, Circuit Judges."
            ),
            "body": APPEAL,
            "closing": "AFFIRMED.",
        },
        Expect("Doe v. Acme Corporation", "MEMORANDUM", "court", "opinion", disposition="affirmed", court_id="ca9"),
    ),
    (
        "fourth-circuit-docket-above-the-parties",
        {
            "heading": (
                "PUBLISHED\nUNITED STATES COURT OF APPEALS\nFOR THE FOURTH CIRCUIT\nNo. 19-1234\nJOHN DOE,\n"
                "Plaintiff - Appellant,\nv.\nACME CORPORATION,\nDefendant - Appellee.\nAppeal from the United States "
                "District Court for the District of Maryland, at Baltimore.\nArgued: December 10, 2019 Decided: "
                "February 5, 2020\nBefore NIEMEYER, DUNCAN, and LEGG, Circuit Judges.\nAffirmed by published opinion. "
                "Judge Niemeyer wrote the opinion, in which Judge Duncan and Judge Legg joined."
            ),
            "left": [],
            "right": [],
            "title_below": "OPINION",
            "body": "NIEMEYER, Circuit Judge:\n" + APPEAL + " For these reasons, we affirm.",
        },
        Expect(
            "Doe v. Acme Corporation", None, "court", "opinion", "Niemeyer", "affirmed", "ca4", date_filed="2020-02-05"
        ),
    ),
    (
        "state-supreme-court",
        {
            "heading": "IN THE SUPREME COURT OF THE STATE OF IDAHO",
            "left": ["STATE OF IDAHO,", "    Plaintiff-Respondent,", "v.", "JOHN DOE,", "    Defendant-Appellant."],
            "right": ["Docket No. 46123", "", "Boise, May 2020 Term", "", "Filed: June 1, 2020"],
            "body": "BRODY, Justice.\n" + APPEAL + " We affirm the judgment of conviction.",
        },
        Expect("State v. Doe", None, "court", "opinion", "Brody", "affirmed", "idaho", date_filed="2020-06-01"),
    ),
    (
        "new-york-so-ordered",
        {
            "heading": "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK",
            "boxed": True,
            "rule": ":",
            "left": ["JOHN SMITH,", "", "    Plaintiff,", "", "  -v-", "", "ACME CORP.,", "", "    Defendant."],
            "right": ["", "", "20-cv-1234 (JSR)", "", "ORDER"],
            "body": (
                "Defendant moves to dismiss the complaint. For the reasons stated on the record at the conference "
                "held on May 1, 2020, the motion is hereby DENIED. The Clerk of Court is directed to close the entry "
                "at docket number 12."
            ),
            "closing": "SO ORDERED.\nDated: New York, New York\nJune 2, 2020\n________________________\nJED S. RAKOFF, U.S.D.J.",
        },
        Expect("Smith v. Acme Corp.", "ORDER", "court", "order", "Jed S. Rakoff", "denied", "nysd", "2020-06-02"),
    ),
    (
        "brief-behind-a-cover-sheet",
        by_counsel(
            "Defendants",
            cover="MEMORANDUM OF POINTS AND\nAUTHORITIES IN SUPPORT OF MOTION IN\nLIMINE\n\nREDACTED VERSION FILED AT ECF NO. 167-1",
            heading="UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA",
            left=[
                "CLIFTON W. MARSHALL, et al.,",
                "      Plaintiffs,",
                "   v.",
                "NORTHROP GRUMMAN",
                "CORPORATION, et al.",
                "      Defendants.",
            ],
            right=[
                "Case No. 16-CV-6794 AB (JCx)",
                "MEMORANDUM OF POINTS AND",
                "AUTHORITIES IN SUPPORT OF",
                "DEFENDANTS' MOTION IN LIMINE",
                "Date: March 29, 2019",
                "Time: 10:00 a.m.",
            ],
        ),
        Expect(
            "Marshall v. Northrop Grumman Corporation",
            "MEMORANDUM OF POINTS AND AUTHORITIES IN SUPPORT OF MOTION IN LIMINE",
            "party",
            "brief",
        ),
    ),
    (
        "california-court-of-appeal",
        {
            "heading": (
                "Filed 6/1/20\nCERTIFIED FOR PUBLICATION\nIN THE COURT OF APPEAL OF THE STATE OF CALIFORNIA\n"
                "SECOND APPELLATE DISTRICT\nDIVISION FOUR"
            ),
            "left": [
                "THE PEOPLE,",
                "    Plaintiff and Respondent,",
                "  v.",
                "JOHN DOE,",
                "    Defendant and Appellant.",
            ],
            "right": ["B301234", "", "(Los Angeles County", "Super. Ct. No. BA123456)"],
            "title_below": "APPEAL from a judgment of the Superior Court of Los Angeles County, Jane Roe, Judge. Affirmed.",
            "body": APPEAL + " The judgment is affirmed.",
            "closing": "COLLINS, J.\nWe concur:\nWILLHITE, J.\nCURREY, J.",
        },
        Expect("People v. Doe", None, "court", "opinion", "Collins", "affirmed", "calctapp", "2020-06-01"),
    ),
    (
        "second-circuit-summary-order",
        {
            "heading": (
                "UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\nSUMMARY ORDER\n"
                "RULINGS BY SUMMARY ORDER DO NOT HAVE PRECEDENTIAL EFFECT."
            ),
            "left": ["JOHN DOE,", "      Plaintiff-Appellant,", "  v.", "ACME CORP.,", "      Defendant-Appellee."],
            "right": ["", "", "No. 19-3456"],
            "body": (
                "At a stated term of the United States Court of Appeals for the Second Circuit, held at the Thurgood "
                "Marshall United States Courthouse, on the 5th day of May, two thousand twenty. UPON DUE CONSIDERATION, "
                "IT IS HEREBY ORDERED, ADJUDGED, AND DECREED that the judgment of the district court is AFFIRMED. "
                + APPEAL
            ),
            "closing": "FOR THE COURT:\nCatherine O'Hagan Wolfe, Clerk of Court",
        },
        Expect("Doe v. Acme Corp.", "SUMMARY ORDER", "court", "order", disposition="affirmed", court_id="ca2"),
    ),
    (
        "bankruptcy-order",
        {
            "heading": "UNITED STATES BANKRUPTCY COURT\nSOUTHERN DISTRICT OF NEW YORK",
            "rule": ")",
            "left": ["In re:", "", "ACME HOLDINGS, INC., et al.,", "", "      Debtors."],
            "right": ["Chapter 11", "", "Case No. 20-12345 (ABC)", "", "(Jointly Administered)"],
            "title_below": "ORDER GRANTING DEBTORS' MOTION FOR ENTRY OF AN ORDER\nEXTENDING THE EXCLUSIVE PERIODS",
            "body": (
                "Upon the motion of the debtors for entry of an order extending the exclusive periods, and the Court "
                "having jurisdiction over the motion, and due notice having been given, and after due deliberation, IT "
                "IS HEREBY ORDERED THAT the motion is GRANTED as set forth herein."
            ),
            "closing": "Dated: June 1, 2020\nNew York, New York\n/s/ Mary Jones\nHONORABLE MARY JONES\nUNITED STATES BANKRUPTCY JUDGE",
        },
        Expect("In re Acme Holdings, Inc.", None, "court", "order", "Mary Jones", "granted", "nysb", "2020-06-01"),
    ),
    (
        "federal-circuit-nonprecedential",
        {
            "heading": (
                "NOTE: This disposition is nonprecedential.\nUnited States Court of Appeals\nfor the Federal Circuit\n"
                "______________________\nACME CORPORATION,\nPlaintiff-Appellant\nv.\nUNITED STATES,\nDefendant-Appellee\n"
                "______________________\n2019-1234\n______________________\nAppeal from the United States Court of "
                "Federal Claims in No. 1:18-cv-01234, Judge Jane Roe.\n______________________\nDecided: May 5, 2020\n"
                "______________________"
            ),
            "left": [],
            "right": [],
            "title_below": "Before MOORE, REYNA, and TARANTO, Circuit Judges.",
            "body": "MOORE, Circuit Judge.\n" + APPEAL + " We affirm.",
            "closing": "AFFIRMED",
        },
        Expect(
            "Acme Corporation v. United States", None, "court", "opinion", "Moore", "affirmed", "cafc", "2020-05-05"
        ),
    ),
    (
        "criminal-judgment-form",
        {
            "heading": "UNITED STATES DISTRICT COURT\nEastern District of Virginia",
            "left": ["UNITED STATES OF AMERICA", "v.", "JOHN ALLEN DOE"],
            "right": ["JUDGMENT IN A CRIMINAL CASE", "", "Case Number: 1:19-cr-00123-001", "USM Number: 12345-678"],
            "body": (
                "The defendant pleaded guilty to count 1 of the indictment. The defendant is adjudicated guilty of these "
                "offenses. The defendant is sentenced as provided in pages 2 through 7 of this judgment. The sentence is "
                "imposed pursuant to the Sentencing Reform Act of 1984."
            ),
            "closing": (
                "June 1, 2020\nDate of Imposition of Judgment\n/s/\nLeonie M. Brinkema, United States District Judge\n"
                "Name and Title of Judge"
            ),
        },
        Expect("United States v. Doe", "JUDGMENT IN A CRIMINAL CASE", "court", "judgment", "Leonie M. Brinkema"),
    ),
    (
        "title-in-title-case",
        by_counsel("Defendants", **TEXAS, title_below="Defendants' Motion to Dismiss and Brief in Support"),
        Expect("Roe v. Big Oil Company", "Defendants' Motion to Dismiss and Brief in Support", "party", "motion"),
    ),
    (
        "bankruptcy-title-in-title-case",
        by_counsel(
            "the Debtors",
            **DELAWARE_BANKRUPTCY,
            title_below="Debtors' Motion for Entry of an Order Extending\nthe Exclusive Periods",
        ),
        Expect(
            "In re Acme Holdings, Inc.",
            "Debtors' Motion for Entry of an Order Extending the Exclusive Periods",
            "party",
            "motion",
        ),
    ),
    (
        "northern-california-civil-minutes",
        {
            "heading": "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nCIVIL MINUTES",
            "left": [
                "Date: June 1, 2020",
                "Case No. 20-cv-01234-MJ",
                "Case Name: Smith v. Acme Corp.",
                "Judge: Mary Jones",
            ],
            "right": ["Time: 15 minutes", "Courtroom Deputy: Jane Clerk", "Court Reporter: John Reporter"],
            "body": (
                "A case management conference was held. The Court set a jury trial for March 1, 2021, and referred the "
                "parties to mediation, to be completed within ninety days of this order. The motion to dismiss is taken "
                "under submission."
            ),
        },
        Expect("Smith v. Acme Corp.", None, "court", "minutes", "Mary Jones", date_filed="2020-06-01"),
    ),
    (
        "clerks-civil-judgment",
        {
            "heading": "UNITED STATES DISTRICT COURT\nfor the\nEastern District of Michigan",
            "left": ["JOHN SMITH,", "    Plaintiff,", "v.", "ACME CORP.,", "    Defendant."],
            "right": ["", "Civil Action No. 2:19-cv-12345"],
            "title_below": "JUDGMENT IN A CIVIL ACTION",
            "body": (
                "The court has ordered that the plaintiff recover nothing, the action be dismissed on the merits, and "
                "the defendant recover costs from the plaintiff. This action was decided by Judge Mary Jones on a "
                "motion for summary judgment."
            ),
            "closing": "Date: June 1, 2020\nCLERK OF COURT\ns/ Jane Deputy\nSignature of Clerk or Deputy Clerk",
        },
        Expect("Smith v. Acme Corp.", "JUDGMENT IN A CIVIL ACTION", "court", "judgment", date_filed="2020-06-01"),
    ),
    (
        "verdict-form",
        {
            "heading": "UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA",
            "left": ["MARCUS GRAY,", "    Plaintiff,", "v.", "KATY PERRY,", "    Defendant."],
            "right": ["Case No. 2:15-cv-05642-CAS", "", "VERDICT FORM"],
            "body": (
                "We, the jury in the above-entitled action, unanimously find as follows on the questions submitted to "
                "us: Question 1: Did the plaintiff prove that he owns a valid copyright? Yes ____ No ____"
            ),
            "closing": "Dated: July 29, 2019\nForeperson",
        },
        Expect("Gray v. Perry", "VERDICT FORM", "court", "verdict", disposition="other"),
    ),
    (
        "pennsylvania-and-now-order",
        {
            "heading": "IN THE UNITED STATES DISTRICT COURT\nFOR THE EASTERN DISTRICT OF PENNSYLVANIA",
            "rule": ":",
            "left": ["JOHN SMITH,", "    Plaintiff,", "  v.", "ACME CORP.,", "    Defendant."],
            "right": ["", "CIVIL ACTION", "", "No. 20-1234"],
            "title_below": "ORDER",
            "body": (
                "AND NOW, this 1st day of June, 2020, upon consideration of Defendant's Motion to Dismiss (ECF No. 12) "
                "and Plaintiff's response thereto, it is hereby ORDERED that the Motion is DENIED."
            ),
            "closing": "BY THE COURT:\n/s/ Mary Jones\nMARY JONES, J.",
        },
        Expect("Smith v. Acme Corp.", "ORDER", "court", "order", "Mary Jones", "denied", "paed", "2020-06-01"),
    ),
    (
        "new-jersey-motion-day",
        by_counsel(
            "Defendant",
            heading="UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF NEW JERSEY",
            rule=":",
            left=["JOHN SMITH,", "", "      Plaintiff,", "", "   v.", "", "ACME CORP.,", "", "      Defendant."],
            right=[
                "Hon. Mary Jones, U.S.D.J.",
                "",
                "Civil Action No. 20-1234 (MJ)",
                "",
                "Motion Day: July 6, 2020",
                "",
                "DOCUMENT ELECTRONICALLY FILED",
            ],
            title_below="NOTICE OF MOTION TO DISMISS THE COMPLAINT",
        ),
        Expect("Smith v. Acme Corp.", "NOTICE OF MOTION TO DISMISS THE COMPLAINT", "party", "motion"),
    ),
    (
        "georgia-civil-action-file-no",
        by_counsel(
            "Plaintiff",
            heading="IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF GEORGIA\nATLANTA DIVISION",
            rule=")",
            left=["JANE DOE,", "", "      Plaintiff,", "", "v.", "", "PEACH STATE BANK, N.A.,", "", "      Defendant."],
            right=["", "", "CIVIL ACTION FILE", "NO. 1:20-cv-01234-ABC"],
            title_below="PLAINTIFF'S RESPONSE IN OPPOSITION TO\nDEFENDANT'S MOTION FOR SUMMARY JUDGMENT",
        ),
        Expect(
            "Doe v. Peach State Bank, N.A.",
            "PLAINTIFF'S RESPONSE IN OPPOSITION TO DEFENDANT'S MOTION FOR SUMMARY JUDGMENT",
            "party",
            "brief",
        ),
    ),
    (
        "florida-docket-above-the-parties",
        by_counsel(
            "Plaintiff",
            heading="UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF FLORIDA\n\nCASE NO. 20-cv-12345-SMITH/JONES",
            left=[
                "MARIA LOPEZ,",
                "",
                "      Plaintiff,",
                "v.",
                "",
                "SUNSHINE CRUISES, LTD.,",
                "",
                "      Defendant.",
                "_______________________________/",
            ],
            right=[],
            title_below="PLAINTIFF'S MOTION FOR SUMMARY JUDGMENT\nAND INCORPORATED MEMORANDUM OF LAW",
        ),
        Expect(
            "Lopez v. Sunshine Cruises, Ltd.",
            "PLAINTIFF'S MOTION FOR SUMMARY JUDGMENT AND INCORPORATED MEMORANDUM OF LAW",
            "party",
            "motion",
        ),
    ),
    (
        "central-california-declaration-with-hearing",
        by_counsel(
            "Defendant",
            heading="UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA",
            counsel=(
                [
                    "John Lawyer (SBN 123456)",
                    "jlawyer@firm.com",
                    "LAW FIRM LLP",
                    "Attorneys for Defendant",
                    "ACME CORP.",
                ],
                [],
            ),
            left=[
                "JOHN SMITH, an individual,",
                "",
                "      Plaintiff,",
                "",
                "   v.",
                "",
                "ACME CORP., a Delaware",
                "corporation; and DOES 1-10,",
                "",
                "      Defendants.",
            ],
            right=[
                "Case No. 2:20-cv-01234-ABC-DEF",
                "",
                "DECLARATION OF JANE ROE IN",
                "SUPPORT OF DEFENDANT'S MOTION",
                "FOR SUMMARY JUDGMENT",
                "",
                "Date: July 1, 2020",
                "Time: 10:00 a.m.",
                "Courtroom: 7A",
            ],
        ),
        Expect(
            "Smith v. Acme Corp.",
            "DECLARATION OF JANE ROE IN SUPPORT OF DEFENDANT'S MOTION FOR SUMMARY JUDGMENT",
            "party",
            "declaration",
        ),
    ),
    (
        "massachusetts-centred-caption",
        {
            "heading": (
                "UNITED STATES DISTRICT COURT\nDISTRICT OF MASSACHUSETTS\n\nCIVIL ACTION NO. 20-10123-WGY\n\n"
                "JOHN SMITH,\nPlaintiff,\n\nv.\n\nACME CORP.,\nDefendant."
            ),
            "left": [],
            "right": [],
            "title_below": "MEMORANDUM AND ORDER",
            "body": RULING,
            "closing": JUDGE_SIGNS,
        },
        Expect("Smith v. Acme Corp.", "MEMORANDUM AND ORDER", "court", None, "Mary Jones", "granted"),
    ),
    (
        "washington-motion-calendar-note",
        by_counsel(
            "Defendant",
            heading="The Honorable Mary Jones\n\n\nUNITED STATES DISTRICT COURT\nWESTERN DISTRICT OF WASHINGTON\nAT SEATTLE",
            left=[
                "JOHN SMITH,",
                "",
                "      Plaintiff,",
                "",
                "   v.",
                "",
                "EVERGREEN COFFEE CO.,",
                "",
                "      Defendant.",
            ],
            right=[
                "NO. 2:20-cv-01234-MJ",
                "",
                "DEFENDANT'S MOTION TO DISMISS",
                "",
                "NOTE ON MOTION CALENDAR:",
                "July 10, 2020",
            ],
        ),
        Expect("Smith v. Evergreen Coffee Co.", "DEFENDANT'S MOTION TO DISMISS", "party", "motion"),
    ),
    (
        "complaint-with-jury-demand",
        by_counsel(
            "Plaintiff",
            heading="IN THE UNITED STATES DISTRICT COURT\nFOR THE EASTERN DISTRICT OF PENNSYLVANIA",
            left=["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            right=["CIVIL ACTION", "", "No. 2:20-cv-01234", "", "JURY TRIAL DEMANDED"],
            title_below="COMPLAINT",
        ),
        Expect("Smith v. Acme Corp.", "COMPLAINT", "party", "complaint"),
    ),
    (
        "notice-of-appeal",
        by_counsel(
            "Plaintiff",
            heading="UNITED STATES DISTRICT COURT\nDISTRICT OF COLORADO",
            rule=")",
            left=["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            right=["", "Civil Action No. 1:20-cv-01234-RM"],
            title_below="NOTICE OF APPEAL",
        ),
        Expect("Smith v. Acme Corp.", "NOTICE OF APPEAL", "party", "notice"),
    ),
    (
        "eastern-new-york-title-over-docket",
        {
            "heading": "UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF NEW YORK",
            "boxed": True,
            "left": [
                "JOHN SMITH,",
                "",
                "            Plaintiff,",
                "",
                "      -against-",
                "",
                "CITY OF NEW YORK, et al.,",
                "",
                "            Defendants.",
            ],
            "right": ["", "", "MEMORANDUM & ORDER", "20-CV-1234 (MJ) (ABC)"],
            "body": RULING,
            "closing": "SO ORDERED.\n/s/ Mary Jones\nMary Jones\nUnited States District Judge\nDated: Brooklyn, New York\nJune 1, 2020",
        },
        Expect(
            "Smith v. City of New York",
            "MEMORANDUM & ORDER",
            "court",
            None,
            "Mary Jones",
            "granted",
            "nyed",
            "2020-06-01",
        ),
    ),
    (
        "stipulation-of-dismissal",
        by_counsel(
            "Plaintiff",
            heading="UNITED STATES DISTRICT COURT\nDISTRICT OF MARYLAND",
            rule=")",
            left=["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            right=["", "Case No. 8:20-cv-01234-PX"],
            title_below="STIPULATION OF DISMISSAL WITH PREJUDICE",
        ),
        Expect("Smith v. Acme Corp.", "STIPULATION OF DISMISSAL WITH PREJUDICE", "party", "stipulation"),
    ),
    (
        "ohio-judge-lines-reply",
        by_counsel(
            "Defendant",
            heading="UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF OHIO\nEASTERN DIVISION",
            rule=")",
            left=["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            right=["CASE NO. 1:20-cv-01234", "", "JUDGE MARY JONES", "", "MAGISTRATE JUDGE JOHN ROE"],
            title_below="DEFENDANT'S REPLY IN SUPPORT OF\nITS MOTION TO DISMISS",
        ),
        Expect("Smith v. Acme Corp.", "DEFENDANT'S REPLY IN SUPPORT OF ITS MOTION TO DISMISS", "party", "brief"),
    ),
    (
        "northern-texas-so-ordered-on-this",
        {
            "heading": "IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF TEXAS\nDALLAS DIVISION",
            "rule": "§",
            "left": ["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            "right": ["", "", "Civil Action No. 3:20-CV-1234-N"],
            "title_below": "MEMORANDUM OPINION AND ORDER",
            "body": RULING,
            "closing": "SO ORDERED on this 1st day of June, 2020.\n/s/ Mary Jones\nMARY JONES\nUNITED STATES DISTRICT JUDGE",
        },
        Expect(
            "Smith v. Acme Corp.",
            "MEMORANDUM OPINION AND ORDER",
            "court",
            "opinion",
            "Mary Jones",
            "granted",
            "txnd",
            "2020-06-01",
        ),
    ),
    (
        "eastern-virginia-place-over-date",
        {
            "heading": "IN THE UNITED STATES DISTRICT COURT\nFOR THE EASTERN DISTRICT OF VIRGINIA\nAlexandria Division",
            "rule": ")",
            "left": ["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            "right": ["", "", "Case No. 1:20-cv-01234"],
            "title_below": "MEMORANDUM OPINION",
            "body": RULING,
            "closing": "/s/\nMary Jones\nUnited States District Judge\nAlexandria, Virginia\nJune 1, 2020",
        },
        Expect(
            "Smith v. Acme Corp.",
            "MEMORANDUM OPINION",
            "court",
            "opinion",
            "Mary Jones",
            "granted",
            "vaed",
            "2020-06-01",
        ),
    ),
    (
        "tenth-circuit-filed-stamp",  # its date alone on a line, over the clerk's name
        {
            "heading": (
                "FILED\nUnited States Court of Appeals\nTenth Circuit\nJune 1, 2020\nChristopher M. Wolpert\n"
                "Clerk of Court\nUNITED STATES COURT OF APPEALS\nFOR THE TENTH CIRCUIT\n"
                "JOHN SMITH,\nPlaintiff - Appellant,\nv.\nACME CORP.,\nDefendant - Appellee.\nNo. 19-1234\n"
                "(D.C. No. 1:18-CV-01234-RM)\n(D. Colo.)\nORDER AND JUDGMENT*\n"
                "Before HARTZ, KELLY, and MORITZ, Circuit Judges."
            ),
            "left": [],
            "right": [],
            "body": APPEAL + "For these reasons, we AFFIRM the judgment of the district court.",
        },
        Expect("Smith v. Acme Corp.", "ORDER AND JUDGMENT", "court", None, None, "affirmed", "ca10", "2020-06-01"),
    ),
    (
        "fifth-circuit-first-page-of-caption-only",  # its blocks set apart by blank lines, the body overleaf
        {
            "heading": (
                "United States Court of Appeals\nfor the Fifth Circuit\n\nUnited States Court of Appeals Fifth Circuit\n"
                "FILED\nJune 1, 2020\n\nLyle W. Cayce\nClerk\n\nNo. 19-10123\n\nJOHN SMITH,\nPlaintiff--Appellant,\n\n"
                "versus\n\nACME CORPORATION,\nDefendant--Appellee.\n\nAppeal from the United States District Court\n"
                "for the Northern District of Texas\nUSDC No. 3:18-CV-1234\n\n"
                "Before SMITH, ELROD, and HIGGINSON, Circuit Judges.\n\nJerry E. Smith, Circuit Judge:"
            ),
            "left": [],
            "right": [],
            "body": APPEAL + "For these reasons, we AFFIRM the judgment of the district court.",
        },
        Expect(
            "Smith v. Acme Corporation", None, "court", "opinion", "Jerry E. Smith", "affirmed", "ca5", "2020-06-01"
        ),
    ),
    (
        "civil-judgment-form-without-commas",  # AO 450: "ACME CORP." over "Defendant", the docket beside the "v."
        {
            "heading": "UNITED STATES DISTRICT COURT\nfor the\nDistrict of Maryland",
            "left": ["JOHN SMITH", "Plaintiff", "v.", "ACME CORP.", "Defendant"],
            "right": ["", "", "Civil Action No. 8:20-cv-01234-PX"],
            "title_below": "JUDGMENT IN A CIVIL ACTION",
            "body": (
                "The court has ordered that the plaintiff recover nothing, the action be dismissed on the merits, and "
                "the defendant recover costs from the plaintiff. This action was decided by Judge Mary Jones on a "
                "motion for summary judgment."
            ),
            "closing": "Date: 06/01/2020\nCLERK OF COURT\n/s/ Deputy Clerk\nSignature of Clerk or Deputy Clerk",
        },
        Expect(
            "Smith v. Acme Corp.", "JUDGMENT IN A CIVIL ACTION", "court", "judgment", None, None, "mdd", "2020-06-01"
        ),
    ),
    (
        "magistrate-judges-findings-and-recommendations",
        {
            "heading": "UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF CALIFORNIA",
            "left": ["JOHN DOE,", "      Petitioner,", "   v.", "JANE ROE, Warden,", "      Respondent."],
            "right": ["No. 2:20-cv-01234 ABC DB P", "", "FINDINGS AND RECOMMENDATIONS"],
            "body": (
                "Petitioner, a state prisoner proceeding pro se, seeks a writ of habeas corpus. For the reasons set out "
                "below, the undersigned recommends that the petition be denied."
            ),
            "closing": "Dated: June 1, 2020\n/s/ Mary Jones\nMARY JONES\nUNITED STATES MAGISTRATE JUDGE",
        },
        Expect(
            "Doe v. Roe", "FINDINGS AND RECOMMENDATIONS", "court", "opinion", "Mary Jones", None, "caed", "2020-06-01"
        ),
    ),
    (
        "filer-named-in-the-possessive",  # a corporate filer's name, its comma and "'S" before the paper word
        by_counsel(
            "Defendant",
            heading="UNITED STATES DISTRICT COURT\nDISTRICT OF MINNESOTA",
            left=[
                "John Smith,",
                "",
                "      Plaintiff,",
                "",
                "v.",
                "",
                "North Star Bank, N.A.,",
                "",
                "      Defendant.",
            ],
            right=["", "", "Case No. 20-cv-1234 (ABC/DEF)"],
            title_below="DEFENDANT NORTH STAR BANK, N.A.'S MEMORANDUM OF LAW\nIN SUPPORT OF MOTION TO DISMISS",
        ),
        Expect(
            "Smith v. North Star Bank, N.A.",
            "DEFENDANT NORTH STAR BANK, N.A.'S MEMORANDUM OF LAW IN SUPPORT OF MOTION TO DISMISS",
            "party",
            "brief",
        ),
    ),
    (
        "forfeiture-in-rem",  # the defendant is a sum of money, its thousands parted by a comma
        by_counsel(
            "Plaintiff",
            heading="UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF TEXAS\nHOUSTON DIVISION",
            rule="§",
            left=[
                "UNITED STATES OF AMERICA,",
                "",
                "      Plaintiff,",
                "",
                "v.",
                "",
                "$50,000.00 IN UNITED STATES",
                "CURRENCY,",
                "",
                "      Defendant.",
            ],
            right=["", "", "CIVIL ACTION NO. 4:20-cv-01234"],
            title_below="VERIFIED COMPLAINT FOR FORFEITURE IN REM",
        ),
        Expect(
            "United States v. $50,000.00 in United States Currency",
            "VERIFIED COMPLAINT FOR FORFEITURE IN REM",
            "party",
            "complaint",
        ),
    ),
    (
        "new-york-transcript-without-a-title",  # its speakers' turns say what it is
        {
            "heading": "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK",
            "boxed": True,
            "left": ["UNITED STATES OF AMERICA,", "", "          v.", "", "JOHN DOE,", "", "          Defendant."],
            "right": ["", "", "20 Cr. 123 (MJ)", "", "Conference"],
            "title_below": "New York, N.Y.\nJune 1, 2020\n10:00 a.m.\nBefore:\nHON. MARY JONES,\nDistrict Judge",
            "body": HEARING,
        },
        Expect("United States v. Doe", None, "court", "transcript", "Mary Jones", "other", "nysd"),
    ),
    (
        "northern-ohio-judges-in-the-right-column",  # the magistrate judge's name over the title
        {
            "heading": "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF OHIO\nEASTERN DIVISION",
            "rule": ")",
            "left": [
                "DARNELL HUTCHINS,",
                "",
                "Plaintiff,",
                "",
                "v.",
                "",
                "COMMISSIONER OF SOCIAL SECURITY,",
                "",
                "Defendant.",
            ],
            "right": [
                "CASE NO. 1:24-CV-00388",
                "",
                "JUDGE BRIDGET A. LOMAX",
                "",
                "MAGISTRATE JUDGE",
                "OWEN R. PRZYBYLSKI",
                "",
                "REPORT AND RECOMMENDATION",
            ],
            "body": "Plaintiff Darnell Hutchins challenges the final decision of the Commissioner denying his application for "
            "benefits. For the reasons set forth below, the undersigned recommends that the Court AFFIRM the decision.",
            "closing": "Dated: November 14, 2024\ns/ Owen R. Przybylski\nOwen R. Przybylski\nUnited States Magistrate Judge",
        },
        Expect(
            "Hutchins v. Commissioner of Social Security",
            "REPORT AND RECOMMENDATION",
            "court",
            None,
            "Owen R. Przybylski",
        ),
    ),
    (
        "massachusetts-author-under-the-title",  # "CASSIDY, D.J." opens the body; the signature names her in full
        {
            "heading": "UNITED STATES DISTRICT COURT\nDISTRICT OF MASSACHUSETTS",
            "rule": ")",
            "left": ["THE ALDER GROUP, LLC,", "", "Plaintiff,", "", "v.", "", "TOWN OF WESTBROOK,", "", "Defendant."],
            "right": ["", "", "", "Civil Action No. 23-cv-12388-AWC"],
            "title_below": "MEMORANDUM AND ORDER ON DEFENDANTS'\nMOTION TO DISMISS",
            "body": "CASSIDY, D.J.\n\nPlaintiff sought a special permit to convert a vacant mill into affordable housing. "
            "For the reasons set forth below, the motion is ALLOWED in part and DENIED in part.",
            "closing": "SO ORDERED.\nMay 6, 2024\n/s/ Andrea W. Cassidy\nANDREA W. CASSIDY\nUNITED STATES DISTRICT JUDGE",
        },
        Expect(
            "Alder Group, LLC v. Town of Westbrook",
            "MEMORANDUM AND ORDER ON DEFENDANTS' MOTION TO DISMISS",
            "court",
            None,
            "Andrea W. Cassidy",
        ),
    ),
    (
        "central-california-transcript-pages-in-capitals",  # no cover: its first words are a turn
        {
            "heading": "UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA",
            "left": [],
            "right": [],
            "body": (
                "THE COURT: GOOD MORNING. PLEASE BE SEATED. MS. CHEN: THANK YOU, YOUR HONOR. THE COMPLAINT DOES "
                "NOT ALLEGE ANY FACTS SHOWING THAT HE WAS AN EMPLOYEE. THE COURT: BUT PARAGRAPH TWELVE SAYS HE "
                "DROVE ONLY FOR YOUR CLIENT. MS. CHEN: THOSE ARE CONCLUSIONS. THE COURT: MY TENTATIVE IS TO DENY "
                "THE MOTION. THE COURT: THE MOTION IS DENIED. THE COURT: WE ARE ADJOURNED."
            ),
        },
        Expect(None, None, "court", "transcript", court_id="cacd"),
    ),
    (
        "northern-california-transcript-before-the-honorable",  # the judge in ordinary case
        {
            "heading": "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\n\nBefore The Honorable Mary Jones, Judge",
            "rule": ")",
            "left": ["JOHN SMITH,", "      Plaintiff,", "   vs.", "BETA LABS, INC.,", "      Defendant."],
            "right": ["NO. C 20-01234 MJ", "", "San Francisco, California", "Monday, June 1, 2020"],
            "title_below": "TRANSCRIPT OF PROCEEDINGS",
            "body": HEARING,
        },
        Expect(
            "Smith v. Beta Labs, Inc.",
            "TRANSCRIPT OF PROCEEDINGS",
            "court",
            "transcript",
            "Mary Jones",
            "other",
            "cand",
        ),
    ),
    (
        "arizona-minute-entry",  # its case name and the form's next field run onto one line
        {
            "heading": "UNITED STATES DISTRICT COURT\nDISTRICT OF ARIZONA\nMINUTE ENTRY",
            "left": [],
            "right": [],
            "body": (
                "Case Number: CV-20-01234-PHX-MJ\nJohn Smith v. Acme Corporation\nDate: June 1, 2020\n"
                "HONORABLE MARY JONES, UNITED STATES DISTRICT JUDGE\nSCHEDULING CONFERENCE: Counsel appear "
                "telephonically. The Court discusses the case management deadlines with counsel. A scheduling order will issue."
            ),
        },
        Expect(
            "Smith v. Acme Corporation", "MINUTE ENTRY", "court", "minutes", "Mary Jones", None, "azd", "2020-06-01"
        ),
    ),
    (
        "southern-california-minute-order-signed-twice",  # "/s/ Mary Jones" over "Hon. Mary Jones"
        {
            "heading": "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF CALIFORNIA",
            "left": ["JOHN SMITH,", "      Plaintiff,", "   v.", "ACME CORP.,", "      Defendant."],
            "right": ["Case No.: 20-cv-01234-MJ", "", "MINUTE ORDER"],
            "body": (
                "The Court, having reviewed the parties' joint motion, GRANTS the motion and continues the Early "
                "Neutral Evaluation Conference to July 1, 2020 at 9:30 a.m."
            ),
            "closing": (
                "IT IS SO ORDERED.\nDated: June 1, 2020\n/s/ Mary Jones\nHon. Mary Jones\nUnited States Magistrate Judge"
            ),
        },
        Expect("Smith v. Acme Corp.", "MINUTE ORDER", "court", "minutes", "Mary Jones", None, "casd", "2020-06-01"),
    ),
    (
        "eighth-circuit-leader-glyphs",  # "lllllllllPlaintiff - Appellant": its leader dots read as l's
        {
            "heading": (
                "United States Court of Appeals\nFor the Eighth Circuit\n___________________________\n\nNo. 19-1234\n"
                "___________________________\n\nJohn Smith\n\nlllllllllllllllllllllPlaintiff - Appellant\n\nv.\n\n"
                "Acme Corp.\n\nlllllllllllllllllllllDefendant - Appellee\n____________________________\n\n"
                "Appeal from United States District Court\nfor the District of Minnesota\n____________________________\n\n"
                "Submitted: May 1, 2020\nFiled: June 1, 2020\n____________________________\n\n"
                "Before SMITH, Chief Judge, LOKEN and KELLY, Circuit Judges.\n____________________________\n\n"
                "KELLY, Circuit Judge."
            ),
            "left": [],
            "right": [],
            "body": APPEAL + "For these reasons, we affirm the judgment of the district court.",
        },
        Expect("Smith v. Acme Corp.", None, "court", "opinion", "Kelly", "affirmed", "ca8", "2020-06-01"),
    ),
]


@pytest.mark.parametrize(
    ("layout", "expected"), [(page, want) for _, page, want in STYLES], ids=[name for name, _, _ in STYLES]
)
def test_each_courts_caption_style_is_read(layout: dict[str, Any], expected: Expect) -> None:
    assert_read_as(pdfgen.caption_pdf(**layout), expected)


def assert_read_as(pdf: bytes, expected: Expect) -> None:
    """The record of the PDF says what `expected` says, on the fields it names."""
    metadata = analyse(extract(pdf, ocr=False)).metadata
    wanted = {field: value for field, value in expected._asdict().items() if value is not None}
    assert {field: metadata.get(field) for field in wanted} == wanted


COUNSEL = ["John Lawyer (SBN 123456)", "jlawyer@firm.com", "LAW FIRM LLP", "Attorneys for Defendant ACME CORP."]
CENTRAL_CALIFORNIA = ["UNITED STATES DISTRICT COURT", "CENTRAL DISTRICT OF CALIFORNIA"]
# California's pleading paper: numbered lines, counsel's block, a `)` column; the title in the
# right-hand column, its hearing's lines under it.
PLEADINGS: list[tuple[str, dict[str, Any], Expect]] = [
    (
        "a-party-line-run-into-the-rule",  # "… a Delaware corporation; )" leaves no gap before the rule
        {
            "counsel": COUNSEL,
            "heading": CENTRAL_CALIFORNIA,
            "caption": [
                ("JOHN SMITH, an individual,", "Case No. 2:20-cv-01234-ABC-DEF"),
                ("", ""),
                ("Plaintiff,", "DEFENDANT ACME CORP.'S NOTICE OF"),
                ("v.", "MOTION AND MOTION TO DISMISS"),
                ("", "PLAINTIFF'S COMPLAINT;"),
                ("ACME CORP., a Delaware corporation;", "MEMORANDUM OF POINTS AND"),
                ("and DOES 1 through 10, inclusive,", "AUTHORITIES IN SUPPORT THEREOF"),
                ("", ""),
                ("Defendants.", "Date: July 1, 2020"),
                ("", "Time: 10:00 a.m."),
                ("", "Judge: Hon. Mary Jones"),
            ],
            "body": BRIEF,
        },
        Expect(
            "Smith v. Acme Corp.",
            "DEFENDANT ACME CORP.'S NOTICE OF MOTION AND MOTION TO DISMISS PLAINTIFF'S COMPLAINT; "
            "MEMORANDUM OF POINTS AND AUTHORITIES IN SUPPORT THEREOF",
            "party",
            "motion",
        ),
    ),
    (
        "a-local-rule-closing-on-its-own-line",
        {
            "counsel": COUNSEL,
            "heading": CENTRAL_CALIFORNIA,
            "caption": [
                ("JOHN SMITH,", "Case No. 2:20-cv-01234-ABC-DEF"),
                ("", ""),
                ("Plaintiff,", "JOINT STIPULATION TO EXTEND"),
                ("v.", "TIME TO RESPOND TO COMPLAINT"),
                ("", "BY NOT MORE THAN 30 DAYS (L.R."),
                ("ACME CORP.,", "8-3)"),
                ("", ""),
                ("Defendant.", "Complaint served: June 1, 2020"),
            ],
            "body": BRIEF,
        },
        Expect(
            "Smith v. Acme Corp.",
            "JOINT STIPULATION TO EXTEND TIME TO RESPOND TO COMPLAINT BY NOT MORE THAN 30 DAYS (L.R. 8-3)",
            "party",
            "stipulation",
        ),
    ),
    (
        "an-order-citing-its-motion-by-docket-entry",
        {
            "counsel": [],
            "heading": CENTRAL_CALIFORNIA,
            "caption": [
                ("JOHN SMITH,", "Case No. 2:20-cv-01234-ABC-DEF"),
                ("", ""),
                ("Plaintiff,", "ORDER GRANTING DEFENDANT'S"),
                ("v.", "MOTION TO DISMISS [12]"),
                ("", ""),
                ("ACME CORP.,", ""),
                ("Defendant.", ""),
            ],
            "body": RULING,
        },
        Expect("Smith v. Acme Corp.", "ORDER GRANTING DEFENDANT'S MOTION TO DISMISS", "court", "order"),
    ),
    (
        "a-class-action-plaintiff-over-three-lines",
        {
            "counsel": COUNSEL,
            "heading": ["UNITED STATES DISTRICT COURT", "NORTHERN DISTRICT OF CALIFORNIA"],
            "caption": [
                ("JOHN SMITH, individually and on", "Case No. 3:20-cv-01234-JST"),
                ("behalf of all others similarly", ""),
                ("situated,", "PLAINTIFF'S OPPOSITION TO"),
                ("Plaintiff,", "DEFENDANT'S MOTION TO COMPEL"),
                ("v.", "ARBITRATION"),
                ("", ""),
                ("BETA LABS, INC.,", "Hearing: August 6, 2020"),
                ("Defendant.", "Judge: Hon. Jon S. Tigar"),
            ],
            "body": BRIEF,
        },
        Expect(
            "Smith v. Beta Labs, Inc.",
            "PLAINTIFF'S OPPOSITION TO DEFENDANT'S MOTION TO COMPEL ARBITRATION",
            "party",
            "brief",
        ),
    ),
]


@pytest.mark.parametrize(
    ("layout", "expected"), [(page, want) for _, page, want in PLEADINGS], ids=[name for name, _, _ in PLEADINGS]
)
def test_each_pleading_paper_caption_is_read(layout: dict[str, Any], expected: Expect) -> None:
    assert_read_as(pdfgen.pleading_caption_pdf(**layout), expected)
