"""Court, docket numbers and case name from a document's heading and caption."""

from __future__ import annotations

import pytest

from parsers.courts import (
    Court,
    case_name,
    court_from_heading,
    court_from_stamp,
    docket_core,
    read_dockets,
)
from parsers.ecf import parse_stamp


@pytest.mark.parametrize(
    ("heading", "court"),
    [
        (
            "UNITED STATES DISTRICT COURT\nWESTERN DISTRICT OF WASHINGTON\nAT SEATTLE",
            Court("wawd", "United States District Court for the Western District of Washington"),
        ),
        (
            "IN THE UNITED STATES DISTRICT COURT FOR THE NORTHERN DISTRICT OF CALIFORNIA",
            Court("cand", "United States District Court for the Northern District of California"),
        ),
        (
            "UNITED STATES DISTRICT COURT\nDISTRICT OF NEW JERSEY\nCAMDEN VICINAGE",
            Court("njd", "United States District Court for the District of New Jersey"),
        ),
        (
            "UNITED STATES BANKRUPTCY COURT\nSOUTHERN DISTRICT OF NEW YORK",
            Court("nysb", "United States Bankruptcy Court for the Southern District of New York"),
        ),
        (
            "United States Court of Appeals\nFor the First Circuit",
            Court("ca1", "United States Court of Appeals for the First Circuit"),
        ),
        (
            "UNITED STATES COURT OF APPEALS FOR THE DISTRICT OF COLUMBIA CIRCUIT",
            Court("cadc", "United States Court of Appeals for the District of Columbia Circuit"),
        ),
        (
            (
                "SUPREME COURT OF THE UNITED STATES\nCERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR"
                "\nTHE EIGHTH CIRCUIT"
            ),
            Court("scotus", "Supreme Court of the United States"),
        ),
        (
            "TENNESSEE BUREAU OF WORKERS' COMPENSATION\nIN THE COURT OF WORKERS' COMPENSATION CLAIMS",
            Court("tennworkcompcl", "Tennessee Court of Workers' Compensation Claims"),
        ),
        ("IN THE SUPREME COURT OF NORTH CAROLINA\nNo. 1A23", Court("nc", "Supreme Court of North Carolina")),
        (
            "In the Missouri Court of Appeals\nEastern District\nDIVISION TWO",
            Court("moctapped", "Missouri Court of Appeals, Eastern District"),
        ),
        # A state court's name as courts-db spells it ("of the State of" is "of"; a trial court's
        # county is no part of its name), and names over three lines, with no "COURT" in them.
        (
            "SUPERIOR COURT OF THE STATE OF CALIFORNIA\nFOR THE COUNTY OF LOS ANGELES",
            Court("calsuperct", "California Superior Court"),
        ),
        (
            "IN THE COURT OF APPEALS OF THE STATE OF WASHINGTON\nDIVISION ONE",
            Court("washctapp", "Court of Appeals of Washington"),
        ),
        (
            "UNITED STATES JUDICIAL PANEL\non\nMULTIDISTRICT LITIGATION",
            Court("jpml", "United States Judicial Panel on Multidistrict Litigation"),
        ),
        (
            "UNITED STATES BANKRUPTCY APPELLATE PANEL\nOF THE NINTH CIRCUIT",
            Court("bap9", "United States Bankruptcy Appellate Panel of The Ninth Circuit"),
        ),
    ],
)
def test_court_from_heading(heading: str, court: Court) -> None:
    assert court_from_heading(heading) == court


def test_unknown_heading() -> None:
    assert court_from_heading("MEMORANDUM TO ALL COUNSEL") is None


@pytest.mark.parametrize(
    ("printed", "core"),
    [
        ("2:21-cv-00031-BJR", "2:21-cv-00031"),
        ("1:09-cv-07491-JSR -RLE", "1:09-cv-07491"),
        ("2:16-cv-08962-CAS-KSx", "2:16-cv-08962"),
        ("2:20-SW-908 DB", "2:20-sw-00908"),
        ("CV17-00016-CAS(JCx)", "17-cv-00016"),
        ("09 Civ. 7491 (JSR)", "09-cv-07491"),
        ("Civ. No. 16-4465 (RMB-JS)", "16-cv-04465"),
        ("24–482", "24-482"),
        ("2019-06-0263", "2019-06-0263"),
    ],
)
def test_docket_core(printed: str, core: str) -> None:
    assert docket_core(printed) == core


def test_dockets_of_a_consolidated_appeal_stamp_first() -> None:
    stamp = parse_stamp("Case: 25-1689, 07/15/2025, DktEntry: 28.1, Page 1 of 2")
    caption = (
        "Bainbridge Fund LTD, ORDER\nPlaintiff - Appellee, Docket No. 25-1686 v.\n"
        "Petersen Energia S.A.U.,\nPlaintiffs - Appellees, Docket No. 25-1687 v.\n"
        "Eton Park Capital Management, L.P., et al.\nDocket No. 25-1689 v.\n"
    )
    dockets = read_dockets(caption, stamp, appellate=True)
    assert [(d.printed, d.source) for d in dockets] == [
        ("25-1689", "ecf_stamp"),
        ("25-1686", "caption"),
        ("25-1687", "caption"),
    ]


@pytest.mark.parametrize(
    ("caption", "appellate", "printed"),
    [
        # letters after a labelled number: Delaware's judge, the Second Circuit's case type, a bankruptcy judge's
        ("C.A. No. 20-123-ABC", False, "20-123-ABC"),
        ("Docket No. 19-1234-cv", True, "19-1234-cv"),
        ("Bankruptcy No. 20-12345-MCW", False, "20-12345-MCW"),
        # a district docket's judges as printed: names, two of them, Middle Florida's division and judge
        ("Case No. 20-cv-12345-SMITH/JONES", False, "20-cv-12345-SMITH/JONES"),
        ("CASE NO. 8:20-cv-01234-T-36AAS", False, "8:20-cv-01234-T-36AAS"),
        ("No. 4:20-CV-01234-O", False, "4:20-CV-01234-O"),
        # the Federal Circuit's, alone on its line between rules
        ("BIG PHONE CO., LTD.,\nAppellee\n______\n2019-1234\n______\nAppeal from the United States", True, "2019-1234"),
    ],
)
def test_a_docket_is_read_whole(caption: str, appellate: bool, printed: str) -> None:
    assert read_dockets(caption, None, appellate=appellate)[0].printed == printed


def test_appellate_caption_leaves_out_the_lower_court_docket() -> None:
    caption = "No. 17-2400\nMICHAEL TOFAUTE, et al., ] No. 3:05-cv-00595-RLM-MGG\n"
    assert [d.core for d in read_dockets(caption, None, appellate=True)] == ["17-2400"]
    assert "3:05-cv-00595" in [d.core for d in read_dockets(caption, None, appellate=False)]


@pytest.mark.parametrize(
    ("caption", "name"),
    [
        # Each as the clean text of a dev PDF's page 1 runs its caption's two columns together.
        (
            (
                "EDWARD ALVARADO, et al., No. C 04-0098 SI\n(Related Case No. C 04-0099 SI) Plaintiffs,\n"
                "ORDER DENYING MOTION TO QUASH v. SUBPOENA\nFEDEX CORPORATION,\nDefendant.\n/"
            ),
            "Edward Alvarado v. Fedex Corporation",
        ),
        (
            (
                "Ruben Diaz ) Docket No. 2019-06-0263\n)\nv. ) State File No. 9687-2019\n)\n"
                "Create and Construct, LLC )\n"
            ),
            "Ruben Diaz v. Create and Construct, LLC",
        ),
        (
            (
                "DENNIS B. REGALADO, Case No. 2:18-cv-10166-JAK (AFM)\nPetitioner,\nv. JUDGMENT\n"
                "W.J. SULLIVAN, Warden,\nRespondent.\n"
            ),
            "Dennis B. Regalado v. W.J. Sullivan",
        ),
        (
            "Syllabus\nTARRANT REGIONAL WATER DISTRICT v.\nHERRMANN ET AL.\nCERTIORARI TO THE UNITED",
            "Tarrant Regional Water District v. Herrmann",
        ),
        (
            ("Case No. CV17-00016-CAS(JCx) Date October 13, 2017 Title RYAN LEWIS v. TRAVERTINE, INC., ETC.; ET AL.\n"),
            "Ryan Lewis v. Travertine, Inc.",
        ),
        # A jury note's form: "Title:" with a colon, the name typed over the form's blank.
        (
            "Case No. _CV_16-3714-GW-AGRx\nTitle: _Caltech v. Broadcom Limited et al.\nDate:",
            "Caltech v. Broadcom Limited",
        ),
        (
            (
                "No. 17-2400\nIN RE: ] Appeal from the United\nFEDEX GROUND PACKAGE SYSTEM, ] States "
                "District Court for INC. EMPLOYMENT PRACTICES ] the Northern District LITIGATION ] of "
                "Indiana, South Bend\n] Division. MICHAEL TOFAUTE, et al., ]\n"
            ),
            "In re Fedex Ground Package System, Inc. Employment Practices Litigation",
        ),
        # A consumer debtor named in ordinary case beside the docket ("18 B 09232", Illinois's
        # form), with the trustee's report's title in capitals below.
        (
            "In re: Case No. 18 B 09232 Marquita A Funches\nDebtor(s)\nCHAPTER 13 STANDING TRUSTEE’S FINAL REPORT",
            "In re Marquita A Funches",
        ),
        ("In re\nJohn Q. Smith and Mary Smith,\nDebtors.\nChapter 13", "In re John Q. Smith and Mary Smith"),
    ],
)
def test_case_name_short_form(caption: str, name: str) -> None:
    assert case_name(caption) == name


def test_no_caption_no_case_name() -> None:
    assert case_name("The parties’ Statements are due on or before July 21, 2017.") is None


@pytest.mark.parametrize(
    ("stamp", "court_id"),
    [
        ("Case 2:16-cv-06794-AB-JC Document 198-4 Filed 05/10/19 Page 1 of 1 Page ID #:15069", "cacd"),
        ("Case 1:21-cv-01061-KLM Document 1 Filed 04/16/21 USDC Colorado Page 1 of 16", "cod"),
        ("Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1", "ca4"),
        ("Case: 20-16276, 08/05/2020, ID: 11778722, DktEntry: 19, Page 1 of 15", "ca9"),
        ("Case 3:04-cv-00098-SI Document 199 Filed 08/23/05 Page 1 of 2", None),  # many courts print this
    ],
)
def test_a_stamp_only_one_court_prints_names_it(stamp: str, court_id: str | None) -> None:
    court = court_from_stamp(stamp)
    assert (court.id if court else None) == court_id
