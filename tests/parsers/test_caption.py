"""Reading a caption as a page: columns apart, the first party on each side, the short name."""

from __future__ import annotations

import pytest

from parsers.metadata import Metadata, read_metadata
from parsers.metadata.names import short_case_name
from parsers.metadata.parties import caption_parties, letter_case
from parsers.text import extract
from tests.support import pdfgen

BODY = (
    "This matter comes before the Court on the plaintiff's motion for leave to file a second "
    "amended complaint, which the defendants oppose on the ground that the amendment would be "
    "futile and would prejudice them at this late stage of the case. The motion is denied."
)


def metadata_of(pdf: bytes) -> Metadata:
    """The metadata read from a generated PDF, with its first page's geometry."""
    extraction = extract(pdf, ocr=False)
    return read_metadata(extraction.text, extraction.ecf, head=extraction.head, page_map=extraction.page_map)


def test_a_two_column_caption_is_read_column_by_column() -> None:
    # The clean text glues each printed line's two columns ("TRACIE STILL, ORDER DENYING ...");
    # the case name and title must come out of their own columns.
    pdf = pdfgen.caption_pdf(
        ["TRACIE STILL,", "Plaintiff,", "v.", "LEROY D. BACA, et al.,", "Defendants."],
        [
            "Case No. 2:20-cv-01234-ABC",
            "ORDER DENYING PLAINTIFF'S",
            "MOTION FOR LEAVE TO FILE",
            "SECOND AMENDED COMPLAINT",
            "[Dkt. 26-3]",
        ],
        BODY,
        heading="UNITED STATES DISTRICT COURT FOR THE CENTRAL DISTRICT OF CALIFORNIA",
    )
    text = extract(pdf, ocr=False).text
    assert "TRACIE STILL, Case No." in text or "Plaintiff, ORDER" in text
    metadata = metadata_of(pdf)
    assert metadata.get("case_name") == "Still v. Baca"
    assert metadata.get("case_name_full") == "TRACIE STILL v. LEROY D. BACA"
    assert (
        metadata.get("document_title") == "ORDER DENYING PLAINTIFF'S MOTION FOR LEAVE TO FILE SECOND AMENDED COMPLAINT"
    )
    assert (metadata.get("document_type"), metadata.get("filed_by"), metadata.get("court_id")) == (
        "order",
        "court",
        "cacd",
    )


@pytest.mark.parametrize(
    ("right", "title"),
    [
        # A title line that starts with a hearing's word is the title's ("TRIAL DATE", "HEARING").
        (
            ["JOINT STIPULATION TO CONTINUE", "TRIAL DATE", "Trial Date: None set"],
            "JOINT STIPULATION TO CONTINUE TRIAL DATE",
        ),
        (
            ["MOTION TO SET A HEARING ON", "DAMAGES", "HEARING", "Date: June 1, 2020", "Time: 10:00 a.m."],
            "MOTION TO SET A HEARING ON DAMAGES",
        ),
        (["MOTION FOR A NEW", "TRIAL", "HEARING DATE: June 1, 2020"], "MOTION FOR A NEW TRIAL"),
    ],
)
def test_a_title_ends_where_the_hearings_particulars_begin(right: list[str], title: str) -> None:
    pdf = pdfgen.caption_pdf(
        ["JANE DOE,", "Plaintiff,", "v.", "ACME CORP.,", "Defendant."],
        ["Case No. 2:19-cv-01234-JAK", *right],
        BODY,
        heading="UNITED STATES DISTRICT COURT FOR THE CENTRAL DISTRICT OF CALIFORNIA",
    )
    assert metadata_of(pdf).get("document_title") == title


def test_a_party_filing_is_told_apart_and_gets_no_judge_or_disposition() -> None:
    pdf = pdfgen.caption_pdf(
        [
            "CLIFTON W. MARSHALL, et al.,",
            "Plaintiffs,",
            "v.",
            "NORTHROP GRUMMAN",
            "CORPORATION, et al.,",
            "Defendants.",
        ],
        [
            "Case No. 2:16-cv-06794-AB-JC",
            "DECLARATION OF JANE ROSS IN",
            "SUPPORT OF DEFENDANTS'",
            "MOTION FOR SUMMARY JUDGMENT",
        ],
        "I, Jane Ross, declare as follows. I am an attorney at law and counsel for the defendants "
        "in this action; I have personal knowledge of the facts set forth in this declaration and "
        "could testify to them. Attorneys for Defendants. The motion should be granted.",
        heading="UNITED STATES DISTRICT COURT CENTRAL DISTRICT OF CALIFORNIA",
    )
    metadata = metadata_of(pdf)
    assert (metadata.get("filed_by"), metadata.get("document_type"), metadata.get("family")) == (
        "party",
        "declaration",
        "party",
    )
    assert metadata.get("case_name") == "Marshall v. Northrop Grumman Corporation"
    assert metadata.get("judge") is None and metadata.get("disposition") is None


@pytest.mark.parametrize(
    ("caption", "parties"),
    [
        (
            "BRENDA ROBINSON,\nPlaintiff-Appellant,\nversus\nTYSON FOODS, INC.,\nDefendant-Appellee.",
            ("BRENDA ROBINSON", "TYSON FOODS, INC."),
        ),
        (
            "No. 08-2110\nJULIAN LOPEZ,\nPetitioner-Appellant, v.\nMICHAEL THURMER,\nRespondent-Appellee.",
            ("JULIAN LOPEZ", "MICHAEL THURMER"),
        ),
        (
            (
                "PHYSICIANS HEALTHSOURCE, INC., an Ohio\ncorporation, individually\nPlaintiff,\nv.\n"
                "MASIMO CORPORATION, et al.,\nDefendants."
            ),
            ("PHYSICIANS HEALTHSOURCE, INC.", "MASIMO CORPORATION"),
        ),
        (
            (
                "Attorneys for Plaintiff\nROCK BORDELON AND TORIE BORDELON,\nPetitioners,\nv.\n"
                "COMMISSIONER OF INTERNAL REVENUE,\nRespondent."
            ),
            ("ROCK BORDELON", "COMMISSIONER OF INTERNAL REVENUE"),
        ),
        # A relator after the state is the same party's ("ex rel." with its stops and commas).
        (
            "STATE OF TENNESSEE, EX. REL. STACY PAZ,\nPlaintiff,\nv.\nBRET PROCISE,\nDefendant.",
            ("STATE OF TENNESSEE EX. REL. STACY PAZ", "BRET PROCISE"),
        ),
        (
            "JAMES C. McCALLIE,\nv.\nSTATE OF WYOMING, ex rel., DEPARTMENT OF TRANSPORTATION,\nRespondent.",
            ("JAMES C. McCALLIE", "STATE OF WYOMING ex rel. DEPARTMENT OF TRANSPORTATION"),
        ),
        # New York's "-against-" on its own line ends in a hyphen and is no word broken over two
        (
            "JOHN SMITH,\nPlaintiff,\n-against-\nCITY OF NEW YORK, et al.,\nDefendants.",
            ("JOHN SMITH", "CITY OF NEW YORK"),
        ),
    ],
)
def test_the_first_party_on_each_side(caption: str, parties: tuple[str, str]) -> None:
    assert caption_parties(caption) == parties


@pytest.mark.parametrize(
    ("full", "text", "short"),
    [
        # The issue's own examples of what a reporter writes.
        ("ROCK BORDELON v. COMMISSIONER OF INTERNAL REVENUE", "", "Bordelon v. Commissioner"),
        ("JAMES MCCRIMMON v. LOUIS DEJOY", "Postmaster General DeJoy denied it.", "McCrimmon v. DeJoy"),
        ("SEAN O’BRIEN v. UNITED STATES OF AMERICA", "", "O’Brien v. United States"),
        (
            "THE TRAVELERS INDEMNITY COMPANY v. DAMMANN & CO., INC.",
            "",
            "Travelers Indemnity Company v. Dammann & Co., Inc.",
        ),
        ("IN RE HOSTESS BRANDS, INC.", "", "In re Hostess Brands, Inc."),
        # Acronyms the running text prints in capitals stay so; "T&M" is no word to case.
        (
            "TCL COMMUNICATION LTD. v. RLI INSURANCE COMPANY",
            "TCL moved, and RLI opposed the motion.",
            "TCL Communication Ltd. v. RLI Insurance Company",
        ),
        ("OTIS A. DANIEL v. T&M PROTECTION RESOURCES LLC", "", "Daniel v. T&M Protection Resources LLC"),
        # A word without a vowel is an initialism, even where the text never prints it ("Ltd" is a word).
        ("HSBC BANK USA v. TCL COMMUNICATION, LTD.", "", "HSBC Bank USA v. TCL Communication, Ltd."),
        (
            "GROUSE RIVER OUTFITTERS, LTD v. NETSUITE, INC.",
            "emails from NetSuite’s production",
            "Grouse River Outfitters, Ltd v. NetSuite, Inc.",
        ),  # the spelling found behind a comma
        ("Caltech v. Broadcom Limited", "", "Caltech v. Broadcom Limited"),  # a company, no surname
        # A company whose name has no company word is no person to cite by the last word.
        (
            "ERICSSON INC. v. TELEFONAKTIEBOLAGET LM ERICSSON",
            "LM Ericsson moved to dismiss.",
            "Ericsson Inc. v. Telefonaktiebolaget LM Ericsson",
        ),
        ("MICHAEL THURMER v. W.J. SULLIVAN", "", "Thurmer v. Sullivan"),
        # The surname is the one the person model reads, wherever the caption prints it: first
        # ("HONG, GRACE"), or in two words ("GARCIA LOPEZ", "DE LA CRUZ").
        ("UNITED STATES OF AMERICA v. HONG, GRACE", "", "United States v. Hong"),
        ("ROBINSON, MARY v. TYSON FOODS, INC.", "", "Robinson v. Tyson Foods, Inc."),
        ("JOSE LUIS GARCIA LOPEZ v. MERRICK B. GARLAND", "", "Garcia Lopez v. Garland"),
        ("Maria de la Cruz v. Jane Roe", "", "de la Cruz v. Roe"),
        # The Bluebook's forms: "In re" without its colon, "People" alone, "Pvt. Ltd." as words.
        ("IN RE: APPLE INC. DEVICE PERFORMANCE LITIGATION", "", "In re Apple Inc. Device Performance Litigation"),
        ("THE PEOPLE v. JOHN DOE", "", "People v. Doe"),
        ("TRADELINE ENTERPRISES PVT. LTD. v. JOHN DOE", "", "Tradeline Enterprises Pvt. Ltd. v. Doe"),
        # Courts' own listings (tests/labels/case_names.json's tuning half): a person whose given
        # names the person model has not seen; "People of" a state; a relator kept with "ex rel.";
        # a description, a capacity or a second party after the first; a firm's "and Sons" and
        # "& Country Club" and common words ("Attorney Grievance") are no person's; an acronym
        # beside a name in ordinary case stays in capitals; "In the Interest of" is cited "In re".
        ("State of Louisiana v. Chardarius Marquez Morehead", "", "State v. Morehead"),
        ("People of Michigan v. Kedereo Devante Treasvant", "", "People v. Treasvant"),
        ("STATE OF TENNESSEE, EX. REL. STACY PAZ v. BRET PROCISE", "", "State ex rel. Paz v. Procise"),
        ("K.B., a Child v. State of Florida", "", "K.B. v. State"),
        ("Tahir Whitehead v. Ebony Green as the Parent of Tamira Green, Minor", "", "Whitehead v. Green"),
        ("Brian J. Lesser and Burn, LLC v. Kristen L. Scanlon and Scanlon Law, LLP", "", "Lesser v. Scanlon"),
        ("Jess Smith and Sons, LLC v. Razi", "", "Jess Smith and Sons, LLC v. Razi"),
        ("Razi v. Wedgewood Golf & Country Club", "", "Razi v. Wedgewood Golf & Country Club"),
        ("Attorney Grievance v. Haley", "", "Attorney Grievance v. Haley"),
        ("Ohio Adjutant General's Dept. v. FLRA", "", "Ohio Adjutant General's Dept. v. FLRA"),
        ("In the Interest of E.B., Minor Child.", "", "In re E.B."),
        # A maiden name or a nickname set apart is no part of the surname cited
        ("Stacy B. (Greenleaf) Mooar v. Terry L. Greenleaf", "", "Mooar v. Greenleaf"),
        ('John "Jack" Smith v. Acme (USA) Inc.', "", "Smith v. Acme (USA) Inc."),
        # A rank or an office before a person's name goes; an office with its place stays
        ("United States v. Specialist ETHAN KIBLER", "", "United States v. Kibler"),
        ("Roe v. Sheriff Joe Arpaio", "", "Roe v. Arpaio"),
        ("DOE v. DEPUTY SHERIFF JOHN SMITH", "", "Doe v. Smith"),
        ("Doe v. Attorney General Merrick Garland", "", "Doe v. Garland"),
        ("JOHN DOE v. WARDEN SMITH", "", "Doe v. Smith"),
        ("Doe v. Director Wray", "", "Doe v. Wray"),
        # a company and a person sued beside it: the company; a department's own "and" stays
        (
            "GUADALUPE REYNA v. ALLSAFE INDEMNITY INSURANCE COMPANY and TREVOR J. HALLORAN",
            "",
            "Reyna v. Allsafe Indemnity Insurance Company",
        ),
        ("Doe v. Department of Health and Human Services", "", "Doe v. Department of Health and Human Services"),
        ("Doe v. Sheriff Department", "", "Doe v. Sheriff Department"),
        ("Doe v. Secretary of State", "", "Doe v. Secretary of State"),
        ("Smith v. Major League Baseball", "", "Smith v. Major League Baseball"),
        # New York's "Matter of X v. Y": where the parties are adverse the procedural phrase goes
        ("Matter of Ford v. New York City Dept. of Corr.", "", "Ford v. New York City Dept. of Corr."),
        # A description in ordinary case after a name in capitals leaves the name to be cased;
        # an office sued as such keeps its title and place, a prison's initials in capitals.
        ("JOHN DOE, by and through his guardian ad litem JANE DOE v. CITY OF OAKLAND", "", "Doe v. City of Oakland"),
        ("JANE ROE v. DONALD J. TRUMP, in his official capacity as President", "", "Roe v. Trump"),
        ("JOHN DOE v. WARDEN, FCI DUBLIN", "", "Doe v. Warden, FCI Dublin"),
        # A name in capitals on a caption line glued to the other column's is no acronym.
        (
            "JANE DOE v. ACME CORPORATION",
            "JANE DOE, individually and on Case No. 2:19-cv-01234-JAK (KSx) behalf of all others similarly",
            "Doe v. Acme Corporation",
        ),
    ],
)
def test_short_case_names(full: str, text: str, short: str) -> None:
    assert short_case_name(full, text) == short


@pytest.mark.parametrize(
    ("caption", "parties"),
    [
        # A stray comma left on its own line by the other column ends no block.
        (
            "GROUSE RIVER OUTFITTERS, LTD\n,\nPlaintiff,\nvs.\nNETSUITE, INC.,\nDefendant.",
            ("GROUSE RIVER OUTFITTERS, LTD", "NETSUITE, INC."),
        ),
        # A deposition's numbered lines and column rules.
        (
            (
                "·4\n· · ·VAPORSTREAM INC.,· · · · · )\n· · · · · Plaintiff,· ·)\n·7· · · · vs.· · · ·)\n"
                "·8· ·SNAP, INC., dba SNAPCHAT· ·)\n· · · Defendant."
            ),
            ("VAPORSTREAM INC.", "SNAP, INC."),
        ),
        # A role broken over two lines is one role; "-V-" between the sides; the title run into the
        # first defendant's line; a "Civil Action No." line with its blanks; "VS," with a comma.
        (
            "NESTLÉ USA, INC.,\nPlaintiff and Counter-\nDefendant,\nvs.\nCREST FOODS, INC.,\nDefendant.",
            ("NESTLÉ USA, INC.", "CREST FOODS, INC."),
        ),
        (
            (
                "OTIS A. DANIEL,\nPlaintiff, 13 Civ. 4384 (PAE)\n-V-\nORDER T&M PROTECTION RESOURCES LLC, et al.,\n"
                "Defendants."
            ),
            ("OTIS A. DANIEL", "T&M PROTECTION RESOURCES LLC"),
        ),
        (
            (
                "Civil Action No. 1:21-cv-______________\nBERKSHIRE LIFE INSURANCE COMPANY,\nPlaintiff,\nv.\n"
                "ANNA SCHUBERT,\nDefendant."
            ),
            ("BERKSHIRE LIFE INSURANCE COMPANY", "ANNA SCHUBERT"),
        ),
        (
            (
                "— ro)\nSHIMMICK CONSTRUCTION COMPANY,\nINC., a corporation,\nPlaintiff,\nVS,\n"
                "RLI INSURANCE COMPANY, a\ncorporation,\nDefendants."
            ),
            ("SHIMMICK CONSTRUCTION COMPANY, INC.", "RLI INSURANCE COMPANY"),
        ),
        # "and" inside an agency's name parts no parties; a board's abbreviation keeps its full stop.
        (
            "JANE ROE,\nPetitioner,\nv.\nSECRETARY OF HEALTH AND HUMAN SERVICES,\nRespondent.",
            ("JANE ROE", "SECRETARY OF HEALTH AND HUMAN SERVICES"),
        ),
        ("Fuller,\nPlaintiff,\nv.\nRepublican Central Comm.,\nDefendant.", ("Fuller", "Republican Central Comm.")),
        # A form's blanks after the names; the docket line (two letters) ends the side before the title.
        (
            "Reliable Contracting Group ______ v. DVA________________________\nNo. 14-1326\nENTRY OF APPEARANCE",
            ("Reliable Contracting Group", "DVA"),
        ),
    ],
)
def test_caption_noise_is_no_party(caption: str, parties: tuple[str, str]) -> None:
    assert caption_parties(caption) == parties


def test_a_foreign_company_keeps_its_name() -> None:
    assert (
        short_case_name("Koninklijke Philips N.V. v. HTC Corporation") == "Koninklijke Philips N.V. v. HTC Corporation"
    )


COUNSEL = (
    [
        "Andrew N. Friedman (pro hac vice)",
        "afriedman@example.com",
        "FRIEDMAN & PARTNERS LLP",
        "1100 New York Ave. NW",
        "Washington, DC 20005",
        "Telephone: (202) 555-4600",
        "Facsimile: (202) 555-4699",
    ],
    [
        "John A. Yanchunis (pro hac vice)",
        "jyanchunis@example.com",
        "MORGAN & MORGAN",
        "201 N. Franklin St., 7th Floor",
        "Tampa, FL 33602",
        "Telephone: 813/555-5505",
        "Facsimile: 813/555-5402",
    ],
)
DECLARATION = (
    "I, Jane Ross, declare as follows. I am an attorney at law and counsel for the "
    "plaintiff in this action; I have personal knowledge of the facts set forth in this "
    "declaration and could testify to them if called as a witness in these proceedings."
)


def test_counsel_in_two_columns_above_the_court_is_not_the_caption() -> None:
    # Counsel's two blocks side by side share more lines than the caption's columns; the
    # caption's right-hand column is the one below the court's name.
    pdf = pdfgen.caption_pdf(
        ["STEPHEN ADKINS, an individual,", "Plaintiff,", "v.", "FACEBOOK, INC.,", "Defendant."],
        [
            "No. C 18-05982 WHA",
            "PLAINTIFF'S MEMORANDUM OF",
            "POINTS AND AUTHORITIES IN",
            "SUPPORT OF MOTION FOR CLASS",
            "CERTIFICATION",
        ],
        DECLARATION,
        heading="UNITED STATES DISTRICT COURT FOR THE NORTHERN DISTRICT OF CALIFORNIA",
        counsel=COUNSEL,
    )
    metadata = metadata_of(pdf)
    assert metadata.get("document_title") == (
        "PLAINTIFF'S MEMORANDUM OF POINTS AND AUTHORITIES IN SUPPORT OF MOTION FOR CLASS CERTIFICATION"
    )
    assert metadata.get("case_name") == "Adkins v. Facebook, Inc."
    assert (metadata.get("filed_by"), metadata.get("document_type")) == ("party", "brief")


def test_a_title_centred_under_the_caption() -> None:
    pdf = pdfgen.caption_pdf(
        ["JANE ROE,", "Plaintiff,", "v.", "ACME WIDGETS, INC.,", "Defendant."],
        ["Case No. 3:21-cv-00417-JD", "", "Hon. James Donato"],
        DECLARATION,
        heading="UNITED STATES DISTRICT COURT NORTHERN DISTRICT OF CALIFORNIA",
        title_below="DECLARATION OF JANE ROSS IN SUPPORT OF MOTION TO COMPEL",
    )
    metadata = metadata_of(pdf)
    assert metadata.get("document_title") == "DECLARATION OF JANE ROSS IN SUPPORT OF MOTION TO COMPEL"
    assert (metadata.get("filed_by"), metadata.get("document_type")) == ("party", "declaration")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A clerk's letter's "RE:" line, its docket after a comma.
        ("RE: Smith v. Jones, No. 20-1234", "Smith v. Jones"),
        # A form's field, in capitals, where OCR runs the form's other fields onto its line.
        (
            "CENTRAL DISTRICT OF CALIFORNIA. CASE NO:: 2:15-CV-05642-CAS(JCX) wo OEPUTY CASE TITLE: GRAY, ET AL. v. PERRY; ET AL.",
            "GRAY, ET AL. v. PERRY; ET AL.",
        ),
        ("Date: June 1, 2020 Case Name: Smith v. Acme Corp.", "Smith v. Acme Corp."),
    ],
)
def test_a_letters_or_forms_case_line(text: str, name: str) -> None:
    assert letter_case(text) == name
