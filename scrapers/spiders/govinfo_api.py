"""GovInfo's USCOURTS collection (United States Courts Opinions): API JSON and MODS XML, parsed
without Scrapy.

Endpoints (https://api.govinfo.gov; reference at https://api.govinfo.gov/docs and
github.com/usgpo/api):
- GET /collections/USCOURTS/{lastModifiedStartDate}[/{lastModifiedEndDate}]?offsetMark=*
  &pageSize=N (N at most 1000; filters courtCode, courtType): the packages (one per case)
  added or changed in that window. Dates are UTC, 2024-01-31T00:00:00Z. parse_collection_page.
- GET /packages/{packageId}/summary and /packages/{packageId}/granules/{granuleId}/summary
  (parse_summary); /packages/{packageId}/granules?offsetMark=*&pageSize=N (parse_granules_page).
  A granule is one document of the case.
- GET /packages/{packageId}/mods: the package's MODS XML (parse_mods). One request gives the
  court, case number, parties with roles, nature of suit and every document with its docket
  text, date and PDF link, which the JSON summaries do not.

Auth and limits: an api.data.gov key, as the `api_key` query parameter or the `X-Api-Key` header
(the header keeps it out of logged URLs). DEMO_KEY allows 30 requests an hour and 50 a day per
IP address; a registered key 1,000 an hour, counted over a rolling hour (api.data.gov developer
manual, which GovInfo's README points to). Over the limit the answer is 429.

Pagination: the first request has offsetMark=*; each page's nextPage is the URL of the next one
(without the key), null on the last. offsetMark replaced the `offset` parameter, which stopped at
10,000 records; the saved 2018 collections sample still has the offset shape, and both are read.

Watermark: a package's lastModified is when GovInfo added or changed it, not when the court
filed or GovInfo issued it. Ask from the highest lastModified already seen; a republished
package comes again with all its documents, so the granule id (source_id) is the dedupe key.

Quirks, from the 50 saved MODS files (2006-2015, 38 courts) and the API samples:
- Court codes are CourtListener's court ids in lower case ("caDC" is cadc), except "cofc" (Court
  of Federal Claims, seen in public GovInfo links, not in a saved MODS), which is uscfc there.
- Package ids are USCOURTS-<court>-<case number, its office ":" written "_">; granule ids add
  "-<sequence>", counted from 0 in the package, which is not the docket entry number.
- Appellate case numbers are padded to five digits ("12-01456" for the D.C. Circuit's 12-1456).
- Each document's <relatedItem type="otherFormat"> link is broken in 41 of the 77 documents
  (".../fdsys/pkg/pdf/<granule>.pdf", the package folder missing); the "raw object" URL under
  <location> is right in all of them, so it is the one read. The saved MODS link the retired
  FDsys host (http://www.gpo.gov/fdsys/pkg/...); GovInfo serves PDFs today at
  https://www.govinfo.gov/content/pkg/<package>/pdf/<granule>.pdf. Links are kept as given.
- The package's dateIssued is its latest document's; each document carries its own date.
- Parties are listed three times (two identical <extension> blocks and <name> elements); a
  party's role may be empty. Nature of suit is absent for bankruptcy, criminal and some
  appellate cases.
- Non-ASCII characters were lost upstream in some docket texts ("Dharni???s", "??1927" for
  section 1927); they are kept as given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from scrapers.items import DocumentRef
from scrapers.spiders._bounded import check_size, load_json

T = TypeVar("T")

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


class GranuleRef(NamedTuple):
    """A granule (one document) listed by a package's granules service."""

    granule_id: str
    title: str
    granule_link: str
    granule_class: str | None


@dataclass(frozen=True)
class GranulesPage:
    """One page of a package's granules."""

    granules: tuple[GranuleRef, ...]
    count: int
    next_page: str | None
    next_offset_mark: str | None


@dataclass(frozen=True)
class Summary:
    """The fields we use of a package or granule summary (granule_id is None for a package)."""

    package_id: str
    granule_id: str | None
    collection_code: str
    title: str
    date_issued: date
    last_modified: datetime
    pdf_link: str | None
    mods_link: str | None
    granules_link: str | None
    details_link: str | None
    granule_class: str | None


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


def parse_granules_page(data: str | bytes) -> GranulesPage:
    """A page of GET /packages/{id}/granules.

    Raises:
        GovInfoChanged: when the page is not a JSON object with count and granules.
    """
    items, count, next_page = _paginated(data, "granules page", "granules")
    return GranulesPage(tuple(_granule_ref(item) for item in items), count, next_page, _offset_mark(next_page))


def parse_summary(data: str | bytes) -> Summary:
    """A package summary or a granule summary (it has a granuleId).

    Raises:
        GovInfoChanged: when an id, the title, a date or the download links are missing.
    """
    what = "summary"
    summary = _json_object(data, what)
    download = _required(summary, "download", dict, what)
    return Summary(
        package_id=_required(summary, "packageId", str, what),
        granule_id=_optional(summary, "granuleId", str, what),
        collection_code=_required(summary, "collectionCode", str, what),
        title=_required(summary, "title", str, what),
        date_issued=_date(_required(summary, "dateIssued", str, what), what),
        last_modified=_timestamp(_required(summary, "lastModified", str, what), what),
        pdf_link=_optional(download, "pdfLink", str, what),
        mods_link=_optional(download, "modsLink", str, what),
        granules_link=_optional(summary, "granulesLink", str, what),
        details_link=_optional(summary, "detailsLink", str, what),
        granule_class=_optional(summary, "granuleClass", str, what),
    )


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


def _json_object(data: str | bytes, what: str) -> dict[str, Any]:
    """The JSON object in data."""
    value = load_json(data, what, GovInfoChanged)
    if not isinstance(value, dict):
        raise GovInfoChanged(f"{what} is a JSON {type(value).__name__}, not an object")
    return value


def _required(obj: Mapping[str, Any], key: str, kind: type[T], what: str) -> T:
    """obj[key], which must be a kind; the error names the keys obj has, and its message."""
    value = obj.get(key)
    if not isinstance(value, kind):
        message = f" (message: {obj['message']!r})" if obj.get("message") else ""
        raise GovInfoChanged(f"{what} has no {kind.__name__} {key!r}; it has {sorted(obj)}{message}")
    return value


def _optional(obj: Mapping[str, Any], key: str, kind: type[T], what: str) -> T | None:
    """obj[key] when present and not null, which must then be a kind."""
    return None if obj.get(key) is None else _required(obj, key, kind, what)


def _paginated(data: str | bytes, what: str, key: str) -> tuple[list[Any], int, str | None]:
    """A page's items (under key), total count and nextPage URL."""
    page = _json_object(data, what)
    return (
        _required(page, key, list, what),
        _required(page, "count", int, what),
        _optional(page, "nextPage", str, what),
    )


def _package_ref(item: object) -> PackageRef:
    """A package entry of a collections page."""
    what = "collections package"
    entry = item if isinstance(item, dict) else {}
    return PackageRef(
        package_id=_required(entry, "packageId", str, what),
        last_modified=_timestamp(_required(entry, "lastModified", str, what), what),
        package_link=_required(entry, "packageLink", str, what),
    )


def _granule_ref(item: object) -> GranuleRef:
    """A granule entry of a granules page."""
    what = "granules entry"
    entry = item if isinstance(item, dict) else {}
    return GranuleRef(
        granule_id=_required(entry, "granuleId", str, what),
        title=_required(entry, "title", str, what),
        granule_link=_required(entry, "granuleLink", str, what),
        granule_class=_optional(entry, "granuleClass", str, what),
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
