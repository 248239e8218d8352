"""The GovInfo USCOURTS parsers, against real MODS files and API samples and constructed envelopes.

Expected values are read off the XML and JSON files; the constructed envelopes (and what they
are modelled on) are described in fixtures/govinfo/README.md.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from scrapers.items import DocumentRef
from scrapers.readers.govinfo import (
    GovInfoChanged,
    ModsPackage,
    PackageRef,
    Party,
    document_type,
    parse_collection_page,
    parse_mods,
    parse_package_id,
)

EXAMPLES = "fixtures/juriscraper/juriscraper/fdsys/examples"
SAMPLES = "fixtures/apis/govinfo"
CONSTRUCTED = Path(__file__).parents[1] / "fixtures" / "govinfo"
API = "https://api.govinfo.gov"
FDSYS = "http://www.gpo.gov/fdsys/pkg"
MODS = {"m": "http://www.loc.gov/mods/v3"}

SharedPath = Callable[[str], Path]


@pytest.fixture(scope="module")
def examples(shared_path: SharedPath) -> dict[str, Path]:
    """The saved MODS files by year and name ("2013/dcd-1_12-cv-00587")."""
    folder = shared_path(EXAMPLES)
    return {f"{p.parent.name}/{p.stem}": p for p in sorted(folder.glob("*/*.xml"))}


@pytest.fixture(scope="module")
def packages(examples: dict[str, Path]) -> dict[str, ModsPackage]:
    return {name: parse_mods(path.read_bytes()) for name, path in examples.items()}


def mods_bytes(shared_path: SharedPath, name: str) -> bytes:
    return shared_path(f"{EXAMPLES}/{name}.xml").read_bytes()


def without(xml: bytes, path: str) -> bytes:
    """The MODS with the elements at path removed."""
    root = etree.fromstring(xml)
    for node in root.xpath(path, namespaces=MODS):
        node.getparent().remove(node)
    return bytes(etree.tostring(root))


def sample(name: str, shared_path: SharedPath) -> bytes:
    return shared_path(f"{SAMPLES}/{name}").read_bytes()


def constructed(name: str) -> bytes:
    return (CONSTRUCTED / name).read_bytes()


# --- MODS: every saved file -------------------------------------------------------------------


def test_every_saved_mods_parses(examples: dict[str, Path]) -> None:
    failures = {}
    for name, path in examples.items():
        try:
            parse_mods(path.read_bytes())
        except GovInfoChanged as exc:
            failures[name] = str(exc)
    assert len(examples) == 50
    assert failures == {}


def test_every_document_has_a_date_a_pdf_link_and_its_granule_id(
    packages: dict[str, ModsPackage],
) -> None:
    documents = [doc for package in packages.values() for doc in package.documents]
    assert len(documents) == 77
    for package in packages.values():
        for sequence, doc in enumerate(package.documents):
            assert doc.source_id == f"{package.package_id}-{sequence}"
            assert doc.document_url == f"{FDSYS}/{package.package_id}/pdf/{doc.source_id}.pdf"
            assert isinstance(doc.date_filed, date)
            assert doc.description
            assert (doc.court_id, doc.docket_number, doc.case_name) == (
                package.court_id,
                package.docket_number,
                package.case_name,
            )


def test_package_ids_agree_with_file_names_and_case_numbers(
    packages: dict[str, ModsPackage],
) -> None:
    for name, package in packages.items():
        assert package.package_id == f"USCOURTS-{name.split('/')[1]}"
        # The case number GovInfo prints is the one in its package id, in all 50 files.
        assert package.docket_core == package.docket_number
        assert package.court_id == name.split("/")[1].split("-")[0].lower()


def test_the_eleven_dcd_files_are_memorandum_opinions(packages: dict[str, ModsPackage]) -> None:
    dcd = [p for name, p in packages.items() if name.startswith("2013/dcd-")]
    assert len(dcd) == 11
    assert {(p.court_id, p.court_name, p.court_type) for p in dcd} == {
        ("dcd", "United States District Court District of Columbia", "District")
    }
    documents = [doc for p in dcd for doc in p.documents]
    assert len(documents) == 16
    assert {doc.document_type for doc in documents} == {"opinion"}
    assert min(doc.date_filed for doc in documents if doc.date_filed) == date(2011, 9, 14)


def test_the_ca9_files(packages: dict[str, ModsPackage]) -> None:
    ca9 = {name: p for name, p in packages.items() if "/ca9-" in name}
    assert {p.court_name for p in ca9.values()} == {"United States Court of Appeals for the Ninth Circuit"}
    assert {name: [d.document_type for d in p.documents] for name, p in ca9.items()} == {
        "2014/ca9-11-16438": ["opinion", "order"],
        "2014/ca9-11-16487": ["opinion", "order", "opinion"],
        # "Filed order and amended opinion": the order brings an amended opinion.
        "2014/ca9-11-16606": ["opinion", "opinion"],
    }
    assert [p.docket_number for p in ca9.values()] == ["11-16438", "11-16487", "11-16606"]
    assert ca9["2014/ca9-11-16487"].documents[2].date_filed == date(2014, 10, 15)


# --- MODS: specific files ---------------------------------------------------------------------


def test_reads_a_district_package_whole(shared_path: SharedPath) -> None:
    package = parse_mods(mods_bytes(shared_path, "2013/dcd-1_12-cv-00587"))
    granule = "USCOURTS-dcd-1_12-cv-00587-0"
    assert package == ModsPackage(
        package_id="USCOURTS-dcd-1_12-cv-00587",
        court_id="dcd",
        court_name="United States District Court District of Columbia",
        court_type="District",
        docket_number="1:12-cv-00587",
        docket_core="1:12-cv-00587",
        case_name="JOHNSON v. QUAKER OATS COMPANY",
        parties=(
            Party("DUANE JOSEPH JOHNSON", "Plaintiff"),
            Party("PEPSICO, INC.", "Defendant"),
            Party("QUAKER OATS COMPANY", "Defendant"),
            Party("DOUGLAS WARDRICK", "Movant"),
        ),
        nature_of_suit="Other Fraud",
        nature_of_suit_code="370",
        documents=(
            DocumentRef(
                case_name="JOHNSON v. QUAKER OATS COMPANY",
                docket_number="1:12-cv-00587",
                date_filed=date(2013, 1, 2),
                document_url=f"{FDSYS}/USCOURTS-dcd-1_12-cv-00587/pdf/{granule}.pdf",
                document_type="opinion",
                court_id="dcd",
                source_id=granule,
                description="MEMORANDUM OPINION accompanying final order issued separately this day."
                " Signed by Judge Colleen Kollar-Kotelly on 1/2/13.(ah)",
            ),
        ),
    )


def test_reads_the_raw_object_link_not_the_broken_other_format(shared_path: SharedPath) -> None:
    xml = mods_bytes(shared_path, "2013/dcd-1_12-cv-00587")
    assert b'xlink:href="http://www.gpo.gov/fdsys/pkg/pdf/USCOURTS-dcd-1_12-cv-00587-0.pdf"' in xml
    [doc] = parse_mods(xml).documents
    assert doc.document_url == (f"{FDSYS}/USCOURTS-dcd-1_12-cv-00587/pdf/USCOURTS-dcd-1_12-cv-00587-0.pdf")


def test_reads_the_dc_circuit_as_cadc(shared_path: SharedPath) -> None:
    package = parse_mods(mods_bytes(shared_path, "2014/caDC-12-01456"))
    assert (package.court_id, package.court_type, package.docket_number) == ("cadc", "Appellate", "12-01456")
    assert package.court_name == ("United States Court of Appeals for the District of Columbia Circuit")
    assert (package.nature_of_suit, package.nature_of_suit_code) == (None, None)
    assert [p.role for p in package.parties] == [
        "Amicus Curiae for Respondent",
        "Respondent",
        "Intervenor for Respondent",
        "Petitioner",
    ]
    [doc] = package.documents
    assert (doc.date_filed, doc.document_type, doc.court_id) == (date(2014, 1, 3), "opinion", "cadc")
    assert doc.description == ("OPINION filed [1473377] (Pages: 15) for the Court by Judge Tatel [12-1456, 13-1066]")


def test_a_package_is_dated_by_its_latest_document(shared_path: SharedPath) -> None:
    xml = mods_bytes(shared_path, "2010/gamd-7_07-cv-00198")
    assert b'<dateIssued encoding="w3cdtf">2010-01-13</dateIssued>' in xml
    package = parse_mods(xml)
    assert [(d.date_filed, d.document_type) for d in package.documents] == [
        (date(2009, 11, 30), "other"),
        (date(2010, 1, 13), "order"),
    ]
    assert package.case_name == "Valle v. Willkomm et al"
    assert package.nature_of_suit == "Prisoner - Prison Condition"


def test_reads_a_bankruptcy_package(shared_path: SharedPath) -> None:
    package = parse_mods(mods_bytes(shared_path, "2011/meb-1_10-bk-10895"))
    assert (package.court_id, package.court_type, package.court_name) == (
        "meb",
        "Bankruptcy",
        "United States Bankruptcy Court District of Maine",
    )
    assert (package.case_name, package.docket_number, package.nature_of_suit) == (
        "Donald S Davenport",
        "1:10-bk-10895",
        None,
    )
    assert package.parties == (
        Party("Donald S Davenport", "Debtor"),
        Party("Office of U.S. Trustee", "U.S. Trustee"),
        Party("P. J. Perrino Jr.", "Trustee"),
        Party("Estate of Wendy Hosford", "Creditor"),
        Party("Susan J Szwed", "Attorney"),
    )
    [doc] = package.documents
    assert (doc.date_filed, doc.document_type) == (date(2011, 1, 12), "opinion")


def test_a_party_may_hold_two_roles_or_none(shared_path: SharedPath) -> None:
    mdd = parse_mods(mods_bytes(shared_path, "2006/mdd-1_05-cv-03063"))
    assert mdd.parties == (
        Party("Cecil Federal Savings Bank", "Defendant"),
        Party("Cecil Federal Savings Bank", "ThirdParty Plaintiff"),
        Party("Earl L. Peters", "Plaintiff"),
        Party("Georgia L. Peters", "ThirdParty Defendant"),
    )
    assert [(d.date_filed, d.document_type) for d in mdd.documents] == [(date(2006, 1, 18), "opinion")]
    ca2 = parse_mods(mods_bytes(shared_path, "2014/ca2-11-04018"))
    assert Party("Douglas E. Palermo", None) in ca2.parties


def test_reads_every_document_of_a_six_document_case(shared_path: SharedPath) -> None:
    package = parse_mods(mods_bytes(shared_path, "2013/caed-2_12-cv-02558"))
    assert [(d.source_id, d.date_filed, d.document_type) for d in package.documents] == [
        ("USCOURTS-caed-2_12-cv-02558-0", date(2012, 12, 26), "order"),
        ("USCOURTS-caed-2_12-cv-02558-1", date(2013, 1, 4), "order"),
        ("USCOURTS-caed-2_12-cv-02558-2", date(2013, 1, 9), "order"),
        ("USCOURTS-caed-2_12-cv-02558-3", date(2013, 2, 7), "order"),
        ("USCOURTS-caed-2_12-cv-02558-4", date(2013, 2, 28), "order"),
        ("USCOURTS-caed-2_12-cv-02558-5", date(2013, 6, 20), "order"),
    ]
    assert (package.nature_of_suit, package.nature_of_suit_code) == ("Fair Labor Standards Act", "710")
    assert package.parties == (Party("Eurofins Air Toxics, Inc.", "Defendant"), Party("Fauzia Moqadam", "Plaintiff"))


def test_keeps_characters_lost_upstream_and_many_parties(shared_path: SharedPath) -> None:
    ca9 = parse_mods(mods_bytes(shared_path, "2014/ca9-11-16438"))
    assert "Appellant Sundeep Dharni???s petition for panel rehearing is GRANTED" in (
        ca9.documents[1].description or ""
    )
    kyed = parse_mods(mods_bytes(shared_path, "2015/kyed-5_14-cv-00058"))
    assert (len(kyed.parties), kyed.nature_of_suit) == (22, "Motor Vehicle Personal Injury")
    assert kyed.court_name == "United States District Court Eastern District of Kentucky"


def test_text_and_bytes_parse_alike(shared_path: SharedPath) -> None:
    xml = mods_bytes(shared_path, "2015/ctd-3_13-cv-01391")
    assert parse_mods(xml.decode("utf-8")) == parse_mods(xml)


@pytest.mark.parametrize(
    ("name", "sequence", "expected"),
    [
        ("2006/mdd-1_05-cv-03063", 0, "opinion"),  # "MEMORANDUM. Signed by Judge ..."
        ("2011/meb-1_10-bk-10895", 0, "opinion"),  # "Memorandum of Decision (... 28 Order on ...)"
        ("2014/caeb-2_10-bk-40046", 0, "opinion"),  # "Memorandum Opinion/Decision Re: ..."
        ("2014/areb-4_13-ap-01021", 0, "opinion"),  # "Order/Written Opinion (RE: ..."
        ("2015/kyed-5_14-cv-00058", 0, "opinion"),  # "MEMORANDUM OPINION AND ORDER: it is ORDERED"
        ("2015/flsd-9_12-cv-80674", 0, "opinion"),  # "OPINION AND ORDER denying 26 Motion ..."
        ("2015/ilnd-1_13-cv-08851", 0, "order"),  # "MEMORANDUM ORDER Signed by ..."
        ("2015/ilnd-1_13-cv-08851", 1, "opinion"),  # "MEMORANDUM Opinion and Order. ..."
        ("2011/mad-1_10-cv-12147", 0, "order"),  # "Judge Rya W. Zobel: ORDER entered. ..."
        ("2013/alnd-6_12-cv-00572", 0, "order"),  # "ORDER AND FINAL JUDGMENT ... of the opinion"
        ("2014/ca9-11-16487", 1, "order"),  # "Filed En Banc Order for PUBLICATION ..."
        ("2013/caed-2_12-cv-02558", 2, "order"),  # "STIPULATION FOR PROTECTIVE ORDER AND ..."
        ("2014/alsd-2_13-cv-00447", 0, "other"),  # "REPORT AND RECOMMENDATIONS re 1 Complaint"
        ("2012/idd-1_11-cr-00213", 0, "other"),  # "REPORT AND RECOMMENDATIONS on Plea ..."
        ("2013/ca10-12-02031", 0, "other"),  # "[10032963] Remanded; Terminated on the merits"
    ],
)
def test_document_type_from_the_docket_text(
    packages: dict[str, ModsPackage], name: str, sequence: int, expected: str
) -> None:
    assert packages[name].documents[sequence].document_type == expected


def test_document_type_reads_only_the_head() -> None:
    assert document_type("MEMORANDUM AND ORDER re 5 Motion") == "order"
    assert document_type("JUDGMENT entered in favor of plaintiff") == "order"
    # An order named after the eighth word is one the text refers to.
    assert document_type("REPORT AND RECOMMENDATION that the motion be denied; see 12 Order") == "other"
    assert document_type("") == "other"


# --- MODS: changed shapes and hostile XML ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "match"),
    [
        ("m:relatedItem", "no document"),
        ("m:relatedItem/m:location/m:url[@access='raw object']", "USCOURTS-dcd-1_12-cv-00587-0: no text at m:location"),
        ("m:relatedItem/m:extension/m:docketText", "-0: no text at m:extension/m:docketText"),
        ("m:extension/m:caseNumber", "no text at m:caseNumber"),
        ("m:extension[m:courtCode]", "no <extension> with a <courtCode>"),
    ],
)
def test_a_mods_without_what_we_read_raises(shared_path: SharedPath, path: str, match: str) -> None:
    xml = without(mods_bytes(shared_path, "2013/dcd-1_12-cv-00587"), path)
    with pytest.raises(GovInfoChanged, match=match):
        parse_mods(xml)


@pytest.mark.parametrize(
    ("xml", "match"),
    [
        (b"<html><body>Service Unavailable", "not well-formed"),
        (b"<html><body>Service Unavailable</body></html>", "not MODS v3"),
        (b"", "not well-formed"),
    ],
)
def test_what_is_not_mods_raises(xml: bytes, match: str) -> None:
    with pytest.raises(GovInfoChanged, match=match):
        parse_mods(xml)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            b"<dateIssued>2013-01-02</dateIssued>",
            b"<dateIssued>1/2/13</dateIssued>",
            "'1/2/13' is not an ISO 8601 date",
        ),
        (b"<courtCode>dcd</courtCode>", b"<courtCode>mdd</courtCode>", "courtCode differs from the package id's court"),
        (b'PDF rendition">http://www.gpo.gov', b'PDF rendition">/fdsys', "is not absolute"),
        (b'fullName="PEPSICO, INC."', b'fullName=""', "party without fullName"),
    ],
)
def test_a_changed_value_raises(shared_path: SharedPath, old: bytes, new: bytes, match: str) -> None:
    xml = mods_bytes(shared_path, "2013/dcd-1_12-cv-00587")
    assert old in xml
    with pytest.raises(GovInfoChanged, match=match):
        parse_mods(xml.replace(old, new))


def with_dtd(xml: bytes, dtd: str, docket_text: bytes) -> bytes:
    """A real MODS with a DOCTYPE and an entity reference in its first docket text."""
    start, end = xml.index(b"<docketText>") + len(b"<docketText>"), xml.index(b"</docketText>")
    return f"<!DOCTYPE mods [{dtd}]>\n".encode() + xml[:start] + docket_text + xml[end:]


def test_an_entity_expansion_payload_does_not_expand(shared_path: SharedPath) -> None:
    laughs = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    xml = with_dtd(mods_bytes(shared_path, "2013/dcd-1_12-cv-00587"), laughs, b"&lol9;")
    started = time.monotonic()
    # libxml2 refuses the declarations themselves (amplification limit) before we see a DTD.
    with pytest.raises(GovInfoChanged, match="^MODS ") as raised:
        parse_mods(xml)
    # Expanded, &lol9; is 10**9 "lol"s: seconds of work and gigabytes, not milliseconds.
    assert time.monotonic() - started < 1
    assert "lollol" not in str(raised.value)


def test_an_internal_entity_is_refused_unexpanded(shared_path: SharedPath) -> None:
    xml = with_dtd(mods_bytes(shared_path, "2013/dcd-1_12-cv-00587"), '<!ENTITY judge "Judge Injected">', b"&judge;")
    with pytest.raises(GovInfoChanged, match="declares a DTD; its entities are not expanded"):
        parse_mods(xml)


def test_an_external_entity_is_not_read(shared_path: SharedPath, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    dtd = f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
    xml = with_dtd(mods_bytes(shared_path, "2013/dcd-1_12-cv-00587"), dtd, b"&xxe;")
    with pytest.raises(GovInfoChanged, match="declares a DTD") as raised:
        parse_mods(xml)
    assert "TOP-SECRET-VALUE" not in str(raised.value)


# --- package ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("package_id", "expected"),
    [
        ("USCOURTS-wawd-2_21-cv-00031", ("wawd", "2:21-cv-00031")),
        ("USCOURTS-caDC-12-01456", ("cadc", "12-01456")),
        ("USCOURTS-ca9-11-16438", ("ca9", "11-16438")),
        ("USCOURTS-flsb-0_05-ap-02092", ("flsb", "0:05-ap-02092")),
        # Court of Federal Claims, vaccine case: an id seen in public GovInfo links.
        ("USCOURTS-cofc-1_20-vv-00225", ("uscfc", "1:20-vv-00225")),
    ],
)
def test_parse_package_id(package_id: str, expected: tuple[str, str]) -> None:
    assert parse_package_id(package_id) == expected


@pytest.mark.parametrize(
    "not_a_package",
    ["USCOURTS-wawd-2_21-cv-00031-0", "USCOURTS-ca9-11-16438-12", "FR-2018-04-12", ""],
)
def test_parse_package_id_refuses_granule_and_other_ids(not_a_package: str) -> None:
    with pytest.raises(GovInfoChanged, match="is not a USCOURTS package id"):
        parse_package_id(not_a_package)


def test_every_real_package_id_parses_and_no_granule_id_does(shared_path: SharedPath) -> None:
    results = [
        result
        for name in ("search-USCOURTS-naturesuit-appellate.json", "search-USCOURTS-naturesuit-state-AZ.json")
        for result in json.loads(sample(name, shared_path))["results"]
    ]
    assert len(results) == 200
    courts = {parse_package_id(r["packageId"])[0] for r in results}
    assert {"cadc", "ca1", "ca11", "azd"} <= courts
    for result in results:
        with pytest.raises(GovInfoChanged):
            parse_package_id(result["granuleId"])


# --- collections pages ---------------------------------------------------------------------------


def test_reads_the_old_offset_shape(shared_path: SharedPath) -> None:
    page = parse_collection_page(sample("collections-USCOURTS-2018-04-03.json", shared_path))
    assert page.count == 1066616
    assert len(page.packages) == 25
    assert page.packages[0] == PackageRef(
        "USCOURTS-cand-3_17-cv-06884",
        datetime(2018, 4, 17, 19, 53, 27, tzinfo=UTC),
        f"{API}/packages/USCOURTS-cand-3_17-cv-06884/summary",
    )
    assert page.packages[-1].package_id == "USCOURTS-cand-3_17-cv-03702"
    assert page.next_page == (f"{API}/collections/USCOURTS/2018-04-03T00:00:00Z?offset=25&pageSize=25")
    assert page.next_offset_mark is None


def test_reads_the_offset_mark_shape() -> None:
    page = parse_collection_page(constructed("constructed_collections_offsetmark.json"))
    assert page.count == 5
    assert [p.package_id for p in page.packages] == [
        "USCOURTS-ca9-11-16438",
        "USCOURTS-caDC-12-01456",
        "USCOURTS-dcd-1_12-cv-00587",
    ]
    assert page.packages[2].last_modified == datetime(2013, 1, 3, 18, 22, 5, tzinfo=UTC)
    assert page.next_page is not None and page.next_page.endswith("%3D%3D&pageSize=3")
    assert page.next_offset_mark == "AoIIP/gAACdVU0NPVVJUUy1kY2QtMV8xMi1jdi0wMDU4Nw=="


def test_the_last_page_has_no_next_page() -> None:
    last = json.loads(constructed("constructed_collections_offsetmark.json"))
    last["nextPage"] = None
    page = parse_collection_page(json.dumps(last))
    assert (page.next_page, page.next_offset_mark, len(page.packages)) == (None, None, 3)


def collections_page(**changes: object) -> str:
    """The constructed current-shape page, with its first package changed."""
    page = json.loads(constructed("constructed_collections_offsetmark.json"))
    page["packages"][0].update(changes)
    return json.dumps(page)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ('{"count": 1, "nextPage": null}', "collections page has no list 'packages'"),
        ('{"message": "Error page size + offset must be less than maxoffset: 10000"}', "maxoffset: 10000"),
        ('{"packages": [], "nextPage": null}', "no int 'count'"),
        (collections_page(lastModified=None), "collections package has no str 'lastModified'"),
        (collections_page(lastModified="yesterday"), "'yesterday' is not an ISO 8601 time"),
        (collections_page(lastModified="2018-04-17T19:53:27"), "has no time zone"),
        (collections_page(packageLink=7), "packageLink is 7, not str"),
        ("[]", "is a JSON list, not an object"),
        ("<html>Over rate limit</html>", "collections page is not JSON"),
    ],
)
def test_a_changed_collections_page_raises(data: str, match: str) -> None:
    with pytest.raises(GovInfoChanged, match=match):
        parse_collection_page(data)


# --- granules pages and summaries --------------------------------------------------------------
