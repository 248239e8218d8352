"""GovInfo's USCOURTS collection: collections pages (JSON) and package MODS (XML), read without
Scrapy. The endpoints, limits, watermark and the quirks of the saved MODS: docs/sources/govinfo.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from scrapers.items import DocumentRef
from scrapers.readers.bounds import check_size, load_json
from storage.jsonfields import json_object, optional, required

MODS_NS = "http://www.loc.gov/mods/v3"
NS = {"m": MODS_NS}
PACKAGE_ID = re.compile(r"USCOURTS-(?P<court>[A-Za-z0-9]+)-(?P<case>(?:\d_)?\d{2}-(?:[a-z]+-)?\d+)")
# Court codes whose CourtListener id differs by more than letter case.
COURT_IDS = {"cofc": "uscfc"}

# document_type, from the head of the docket text (its first words; later ones name the
# filings it refers to: "re: 27 Order"). The strongest wins: "opinion" when the head says
# opinion or memorandum (a memorandum, memorandum decision or memorandum of decision is an
# opinion; "memorandum order" and "memorandum and order" are not), else "order" when it says
# order or judgment, else "other" (reports and recommendations, ca10's "Terminated on the merits").
HEAD_WORDS = 8
OPINION = re.compile(r"\bopinion\b|\bmemorandum\b(?!\s+(?:and\s+)?order\b)", re.IGNORECASE)
ORDER = re.compile(r"\b(?:order|judgment)\b", re.IGNORECASE)


class GovInfoChanged(ValueError):
    """A GovInfo response no longer has the shape these parsers read."""


class PackageRef(NamedTuple):
    """A package listed by the collections service."""

    package_id: str
    last_modified: datetime
    package_link: str


@dataclass(frozen=True)
class CollectionPage:
    """One page of packages added or changed since a date."""

    packages: tuple[PackageRef, ...]
    count: int
    next_page: str | None
    next_offset_mark: str | None


@dataclass(frozen=True)
class Party:
    """A party to the case, with its role as GovInfo prints it ("Plaintiff", "Appellee")."""

    name: str
    role: str | None


@dataclass(frozen=True)
class ModsPackage:
    """A USCOURTS package's MODS: the case, and one DocumentRef per document."""

    package_id: str
    court_id: str
    court_name: str
    court_type: str
    docket_number: str
    docket_core: str
    case_name: str
    parties: tuple[Party, ...]
    nature_of_suit: str | None
    nature_of_suit_code: str | None
    documents: tuple[DocumentRef, ...]


def parse_collection_page(data: str | bytes) -> CollectionPage:
    """A page of GET /collections/USCOURTS/{since}, in the offsetMark or the old offset shape.

    Raises:
        GovInfoChanged: when the page is not a JSON object with count and packages.
    """
    items, count, next_page = _paginated(data, "collections page", "packages")
    return CollectionPage(tuple(_package_ref(item) for item in items), count, next_page, _offset_mark(next_page))


def parse_package_id(package_id: str) -> tuple[str, str]:
    """The CourtListener court id and the case number in a USCOURTS package id.

    Raises:
        GovInfoChanged: when it is not a USCOURTS package id (a granule id, say).
    """
    match = PACKAGE_ID.fullmatch(package_id)
    if match is None:
        raise GovInfoChanged(f"{package_id!r} is not a USCOURTS package id")
    return _court_id(match["court"]), match["case"].replace("_", ":", 1)


def document_type(docket_text: str) -> str:
    """ "opinion", "order" or "other", from the head of a docket text (see HEAD_WORDS)."""
    head = " ".join(docket_text.split()[:HEAD_WORDS])
    if OPINION.search(head):
        return "opinion"
    return "order" if ORDER.search(head) else "other"


def parse_mods(xml: str | bytes) -> ModsPackage:
    """A USCOURTS package's MODS: the case, its parties and each document (granule).

    Raises:
        GovInfoChanged: when the XML is too large, not a USCOURTS package MODS, declares a
            DTD, or a document lacks its id, date, docket text or PDF link.
    """
    root = _mods_root(xml)
    cases = root.xpath("m:extension[m:courtCode]", namespaces=NS)
    if not cases:
        raise GovInfoChanged("MODS has no <extension> with a <courtCode>")
    case = cases[0]
    package_id = _text(case, "m:accessId", "MODS")
    court_id, docket_core = parse_package_id(package_id)
    if _court_id(_text(case, "m:courtCode", package_id)) != court_id:
        raise GovInfoChanged(f"{package_id}: courtCode differs from the package id's court")
    case_name = _text(root, "m:titleInfo/m:title", package_id)
    docket_number = _text(case, "m:caseNumber", package_id)
    items = root.xpath("m:relatedItem[@type='constituent']", namespaces=NS)
    if not items:
        raise GovInfoChanged(f"{package_id}: no document (relatedItem type='constituent')")
    base = DocumentRef(
        case_name=case_name, docket_number=docket_number, date_filed=None, document_url=None, court_id=court_id
    )
    return ModsPackage(
        package_id=package_id,
        court_id=court_id,
        court_name=_text(items[0], "m:extension/m:courtName", package_id),
        court_type=_text(case, "m:courtType", package_id),
        docket_number=docket_number,
        docket_core=docket_core,
        case_name=case_name,
        parties=tuple(_party(node) for node in case.xpath("m:party", namespaces=NS)),
        nature_of_suit=_optional_text(case, "m:natureSuit"),
        nature_of_suit_code=_optional_text(case, "m:natureSuitCode"),
        documents=tuple(_document(item, base, package_id) for item in items),
    )


def _document(item: Any, base: DocumentRef, package_id: str) -> DocumentRef:
    """One document (a relatedItem): its granule id, date, docket text and PDF link."""
    granule_id = _text(item, "m:extension/m:accessId", f"{package_id} document")
    docket_text = _text(item, "m:extension/m:docketText", granule_id)
    url = _text(item, "m:location/m:url[@access='raw object']", granule_id)
    if urlsplit(url).scheme not in ("http", "https"):
        raise GovInfoChanged(f"{granule_id}: PDF link {url!r} is not absolute")
    return replace(
        base,
        date_filed=_date(_text(item, "m:originInfo/m:dateIssued", granule_id), granule_id),
        document_url=url,
        document_type=document_type(docket_text),
        source_id=granule_id,
        description=docket_text,
    )


def _party(node: Any) -> Party:
    """A <party> element of the case's extension."""
    name = " ".join(node.get("fullName", "").split())
    if not name:
        raise GovInfoChanged(f"party without fullName: {etree.tostring(node)!r}")
    return Party(name=name, role=node.get("role") or None)


def _mods_root(xml: str | bytes) -> Any:
    """The <mods> root, parsed without expanding entities or touching the network."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    check_size(data, "MODS", GovInfoChanged)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise GovInfoChanged(f"MODS is not well-formed XML: {exc}") from exc
    # GovInfo's MODS never declare a DTD; one that does is not theirs (or is an attack).
    if root.getroottree().docinfo.doctype:
        raise GovInfoChanged("MODS declares a DTD; its entities are not expanded")
    if root.tag != f"{{{MODS_NS}}}mods":
        raise GovInfoChanged(f"root element is {root.tag!r}, not MODS v3 <mods>")
    return root


def _text(node: Any, path: str, where: str) -> str:
    """The whitespace-collapsed text of the first element at path, which must not be empty."""
    text = _optional_text(node, path)
    if text is None:
        raise GovInfoChanged(f"{where}: no text at {path}")
    return text


def _optional_text(node: Any, path: str) -> str | None:
    """The whitespace-collapsed text of the first element at path, or None."""
    found = node.xpath(path, namespaces=NS)
    text = " ".join(found[0].xpath("string()").split()) if found else ""
    return text or None


def _paginated(data: str | bytes, what: str, key: str) -> tuple[list[Any], int, str | None]:
    """A page's items (under key), total count and nextPage URL.

    Raises:
        GovInfoChanged: `data` is not a JSON object with these, or is the service's error
            answer (`{"message": ...}`), which the error quotes.
    """
    page = json_object(load_json(data, what, GovInfoChanged), what, GovInfoChanged)
    if key not in page and page.get("message"):
        raise GovInfoChanged(f"{what} has no {key!r}; the service says {page['message']!r}")
    return (
        required(page, key, list, GovInfoChanged, what),
        required(page, "count", int, GovInfoChanged, what),
        optional(page, "nextPage", str, GovInfoChanged, what),
    )


def _package_ref(item: object) -> PackageRef:
    """A package entry of a collections page."""
    what = "collections package"
    entry = item if isinstance(item, dict) else {}
    return PackageRef(
        package_id=required(entry, "packageId", str, GovInfoChanged, what),
        last_modified=_timestamp(required(entry, "lastModified", str, GovInfoChanged, what), what),
        package_link=required(entry, "packageLink", str, GovInfoChanged, what),
    )


def _offset_mark(next_page: str | None) -> str | None:
    """The offsetMark of a nextPage URL (None in the old offset shape, or on the last page)."""
    if next_page is None:
        return None
    return parse_qs(urlsplit(next_page).query).get("offsetMark", [None])[0]


def _timestamp(text: str, what: str) -> datetime:
    """An ISO 8601 time with its zone (GovInfo's are UTC: 2018-04-17T19:53:27Z)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise GovInfoChanged(f"{what}: {text!r} is not an ISO 8601 time") from exc
    if moment.tzinfo is None:
        raise GovInfoChanged(f"{what}: {text!r} has no time zone")
    return moment


def _date(text: str, what: str) -> date:
    """An ISO 8601 date (2013-01-02)."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise GovInfoChanged(f"{what}: {text!r} is not an ISO 8601 date") from exc


def _court_id(court_code: str) -> str:
    """CourtListener's id for a GovInfo court code."""
    return COURT_IDS.get(court_code, court_code.lower())
