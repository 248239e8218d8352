"""The PACER RSS feed parser, against juriscraper's expected parses and the pages."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.etree
import pytest

from scrapers.items import DocumentRef
from scrapers.spiders.pacer_feeds import (
    FeedChanged,
    is_order_or_opinion,
    parse_rss_feed,
)

FEEDS = "fixtures/juriscraper/tests/examples/pacer/rss_feeds"
APPELLATE = {"ca2", "ca4", "ca6", "ca10", "ca11", "cadc", "cafc"}

# (case name, docket number, entry date, document number, short description, pacer_doc_id,
# pacer_seq_no): the fields juriscraper's .json and our DocumentRefs both hold.
Row = tuple[str, str, str, str | None, str, str | None, str | None]


def row(
    case: str, docket: str, day: str, number: str | None, event: str, doc_id: str | None = None, seq: str | None = None
) -> Row:
    return (case, docket, day, number, event, doc_id, seq)


# Where we differ from juriscraper, by choice: (rows it gives that we do not, rows we give that
# it does not). Everything else must match exactly.
LUTHMANN = row("United States v. Luthmann", "1:17-cr-00664", "2018-05-22", None, "Order on Motion for Hearing")
WATSON = row("United States v. Watson", "1:12-cr-00120", "2018-04-17", "310", "Letter Motion", "127022263701", "1399")
WM_EVENTS = "Order AND Order on Motion for Extension of Time to Answer"
MCKESSON_EVENT = "Order on Motion for Extension of Time to Answer"
KNOWN_DIFFERENCES: dict[str, tuple[Counter[Row], Counter[Row]]] = {
    "nyed_1": (
        Counter(
            {
                # One order spread to three co-defendants' dockets: one entry for us.
                LUTHMANN: 2,
                # juriscraper deletes "#" from names, and reads "United States of America et al"
                # as a party before it drops "et al".
                row("WM International, Inc. v. 99 Ranch Market 601", "1:17-cv-06198", "2018-05-22", None, WM_EVENTS): 1,
                row(
                    "United States of America v. McKesson Corporation",
                    "1:12-cv-06440",
                    "2018-05-22",
                    None,
                    MCKESSON_EVENT,
                ): 1,
                row("Gilchrist v. United States of America", "1:18-cv-00853", "2018-05-22", "6", "Scheduling Order"): 1,
            }
        ),
        Counter(
            {
                row(
                    "WM International, Inc. v. 99 Ranch Market # 601", "1:17-cv-06198", "2018-05-22", None, WM_EVENTS
                ): 1,
                row("United States v. McKesson Corporation", "1:12-cv-06440", "2018-05-22", None, MCKESSON_EVENT): 1,
                row("Gilchrist v. United States", "1:18-cv-00853", "2018-05-22", "6", "Scheduling Order"): 1,
            }
        ),
    ),
    # One letter motion spread to six co-defendants' dockets: one entry for us.
    "sdny_1": (Counter({WATSON: 5}), Counter()),
    # juriscraper drops an entry whose docket number it cannot read; we keep it as printed.
    "wvsd": (
        Counter(),
        Counter(
            {
                row(
                    "Unknown Case Title",
                    "5:18-~gr-00001",
                    "2018-05-15",
                    "2",
                    "Order on Motion / Application / Petition for Miscellaneous Relief",
                    "20109112678",
                    "5",
                ): 1,
            }
        ),
    ),
}


def feed_bytes(shared_path: Callable[[str], Path], example: str) -> bytes:
    return shared_path(f"{FEEDS}/{example}.xml").read_bytes()


def parse_example(shared_path: Callable[[str], Path], example: str) -> list[DocumentRef]:
    return parse_rss_feed(feed_bytes(shared_path, example), example.split("_")[0])


def doc_id(url: str | None) -> str | None:
    """The PACER document id in a doc1/docs1 URL, fourth digit zeroed as juriscraper keeps it."""
    if url is None:
        return None
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return f"{last[:3]}0{last[4:]}"


def as_row(ref: DocumentRef, court_id: str) -> Row:
    """A DocumentRef in juriscraper's conventions."""
    assert ref.date_filed is not None and ref.docket_number and ref.title
    number = ref.entry_number
    if number is None and court_id in APPELLATE:
        number = doc_id(ref.document_url)  # juriscraper numbers unnumbered appellate documents
    seq = parse_qs(urlsplit(ref.document_url or "").query).get("de_seq_num", [None])[0]
    return (
        ref.case_name or "Unknown Case Title",
        ref.docket_number,
        ref.date_filed.isoformat(),
        number,
        ref.title,
        doc_id(ref.document_url),
        seq,
    )


def oracle_rows(path: Path) -> Counter[Row]:
    """Every docket entry in juriscraper's .json (one per docket-like object), as a Row."""
    return Counter(
        (
            docket["case_name"],
            docket["docket_number"],
            entry["date_filed"][:10],
            entry["document_number"],
            " ".join(entry["short_description"].split()),
            entry["pacer_doc_id"] or None,
            entry["pacer_seq_no"],
        )
        for docket in json.loads(path.read_text(encoding="utf-8"))
        for entry in docket["docket_entries"]
    )


@pytest.mark.parametrize(
    ("example", "expected", "parsed"),
    [
        ("ca10", 6, 6),
        ("ca11", 10, 10),
        ("ca2_1", 4, 4),
        ("ca4_1", 20, 20),
        ("ca6", 9, 9),
        ("cadc", 13, 13),
        ("cafc", 2, 2),
        ("mdb_1", 2, 2),
        ("mdb_2", 1, 1),
        ("nyed_1", 357, 355),
        ("nysb_1", 160, 160),
        ("sdny_1", 341, 336),
        ("wvsd", 2, 3),
    ],
)
def test_feed_matches_juriscraper(shared_path: Callable[[str], Path], example: str, expected: int, parsed: int) -> None:
    oracle = oracle_rows(shared_path(f"{FEEDS}/{example}.json"))
    docs = parse_example(shared_path, example)
    actual = Counter(as_row(d, example.split("_")[0]) for d in docs)
    assert (sum(oracle.values()), len(docs)) == (expected, parsed)
    missing, extra = KNOWN_DIFFERENCES.get(example, (Counter(), Counter()))
    assert oracle - actual == missing, "entries juriscraper finds and we miss"
    assert actual - oracle == extra, "entries we find and juriscraper does not"


@pytest.mark.parametrize("example", ["cafc", "mdb_1", "nyed_1", "sdny_1", "ca10", "nysb_1"])
def test_source_ids_are_unique_path_safe_and_stable(shared_path: Callable[[str], Path], example: str) -> None:
    xml = feed_bytes(shared_path, example)
    ids = [d.source_id for d in parse_rss_feed(xml, example.split("_")[0])]
    assert len(ids) == len(set(ids))
    assert all(i and re.fullmatch(r"[A-Za-z0-9._-]+", i) and i.strip(".") for i in ids)
    # A later fetch: the older half of the items has scrolled off, the order is reversed.
    tree = lxml.etree.fromstring(xml)
    channel = tree.find("channel")
    assert channel is not None
    items = channel.findall("item")
    for item in items:
        channel.remove(item)
    channel.extend(reversed(items[: len(items) // 2 + 1]))
    later = parse_rss_feed(lxml.etree.tostring(tree), example.split("_")[0])
    assert later and {d.source_id for d in later} <= set(ids)


def test_reads_an_appellate_opinion_and_judgment(shared_path: Callable[[str], Path]) -> None:
    docs = {d.entry_number: d for d in parse_example(shared_path, "cafc")}
    assert docs["101"] == DocumentRef(
        case_name="Transtex Inc. v. Vidal",
        docket_number="20-1140",
        date_filed=date(2023, 2, 3),
        document_url="https://ecf.cafc.uscourts.gov/docs1/01302074960",
        title="Opinion",
        document_type="opinion",
        court_id="cafc",
        source_id="20-1140-101",
        entry_number="101",
        description="Opinion",
    )
    assert (docs["102"].title, docs["102"].document_type) == ("Judgment", "order")


def test_an_unnumbered_appellate_document_is_keyed_by_its_pacer_id(shared_path: Callable[[str], Path]) -> None:
    # ca10 prints "Document" as the link text; its pubDate is in MST.
    [doc] = [d for d in parse_example(shared_path, "ca10") if d.docket_number == "19-8054"]
    assert (doc.entry_number, doc.source_id, doc.date_filed) == (None, "19-8054-010010807970", date(2023, 2, 3))
    assert doc.document_url == "https://ecf.ca10.uscourts.gov/docs1/010010807970"


def test_twice_escaped_names_and_one_document_on_two_dockets(shared_path: Callable[[str], Path]) -> None:
    docs = [d for d in parse_example(shared_path, "cadc") if d.case_name == "Food & Water Watch v. FERC"]
    assert sorted(d.docket_number or "" for d in docs) == ["22-1214", "22-1315"]
    assert {d.document_url for d in docs} == {"https://ecf.cadc.uscourts.gov/docs1/01208491112"}


def test_bankruptcy_entries_without_name_number_or_link(shared_path: Callable[[str], Path]) -> None:
    closing, motion = parse_example(shared_path, "mdb_1")
    assert (closing.case_name, closing.entry_number, closing.document_url) == (
        "Dozier v. CN of Dundalk, Inc. d/b/a CNAC of D",
        None,
        None,
    )
    assert closing.source_id == "18-00079-t20180424112512"  # keyed by its time, as printed
    assert (motion.case_name, motion.docket_number, motion.entry_number) == (None, "18-90003", "1")
    assert motion.document_url == (
        "https://ecf.mdb.uscourts.gov/doc1/092041355320?pdf_header=&de_seq_num=2&caseid=713212"
    )
    [dozier] = parse_example(shared_path, "mdb_2")
    assert dozier.case_name == "Dozier v. A&E Television Networks"


def test_events_of_one_entry_and_co_defendants_become_one_entry(shared_path: Callable[[str], Path]) -> None:
    # Two items at 21:38:29 on 1:97-cv-07285: [Order(Other)], then [Order].
    [dmj] = [d for d in parse_example(shared_path, "nyed_1") if d.docket_number == "1:97-cv-07285"]
    assert (dmj.title, dmj.document_type) == ("Order AND Order(Other)", "order")
    # Six items for 1:12-cr-00120-1 to -6, one doc1 link with six caseids.
    [watson] = [d for d in parse_example(shared_path, "sdny_1") if d.docket_number == "1:12-cr-00120"]
    assert (watson.entry_number, watson.source_id) == ("310", "1-12-cr-00120-310")
    assert "caseid=391559" in (watson.document_url or "")


def test_nyed_links_no_documents_but_numbers_them(shared_path: Callable[[str], Path]) -> None:
    docs = parse_example(shared_path, "nyed_1")
    [kim] = [d for d in docs if d.docket_number == "1:18-cv-03026"]
    assert (kim.case_name, kim.entry_number, kim.document_url, kim.title) == (
        "KIM v. MAEIL JANCHI, INC.",
        "1",
        None,
        "Complaint",
    )
    assert all(d.document_url is None for d in docs)  # show_case_doc links only


def test_an_unreadable_docket_number_is_kept_as_printed(shared_path: Callable[[str], Path]) -> None:
    first = parse_example(shared_path, "wvsd")[0]
    assert (first.docket_number, first.source_id, first.date_filed) == (
        "5:18-~gr-00001",
        "5-18--gr-00001-2",
        date(2018, 5, 15),
    )


def test_text_and_bytes_parse_alike(shared_path: Callable[[str], Path]) -> None:
    xml = feed_bytes(shared_path, "sdny_1")
    assert parse_rss_feed(xml.decode("iso-8859-1"), "nysd") == parse_rss_feed(xml, "nysd")


def feed(*items: tuple[str, str, str]) -> bytes:
    """An RSS 2.0 feed shaped like a district court's, of (title, description, pubDate) items."""
    parts = "".join(
        f"<item><title>{t}</title><description>{d}</description><pubDate>{p}</pubDate></item>" for t, d, p in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{parts}</channel></rss>".encode()


def entry(event: str) -> tuple[str, str, str]:
    return ("1:24-cv-00001 A v. B", f"[{event}]", "Mon, 07 Oct 2024 10:00:00 GMT")


@pytest.mark.parametrize(
    ("event", "kind"),
    [
        # Descriptions as printed in the 13 saved feeds.
        ("Memorandum &amp; Opinion", "opinion"),
        ("Opinion Issued", "opinion"),
        ("unpublished opinion and judgment filed", "opinion"),
        ("Findings of Fact &amp; Conclusions of Law", "opinion"),
        ("Order on Motion for Summary Judgment", "order"),
        ("Order(Other)", "order"),
        ("So-Ordered Scheduling Notification FILED", "order"),
        ("Motion Order FILED", "order"),
        ("Judgment - Clerk", "order"),
        ("Memo Endorsement", "order"),
        ("Endorsed Letter", "order"),
        ("Discharge of Debtor and Order of Final Decree (BNC)", "order"),
        ("Case termination for order and judgment", "order"),
        ("Notice, Proposed Order/Presentment", "other"),
        ("Letter Motion", "other"),
        ("Transmission to Judgments and Orders Clerk", "other"),
        ("ruling letter sent", "other"),
        ("Memorandum of Law in Support of Motion", "other"),
        ("Complaint", "other"),
        # Motions as CM/ECF names them elsewhere.
        ("Motion for Protective Order", "other"),
        ("Motion for Summary Judgment", "other"),
    ],
)
def test_document_type_and_default_filter(event: str, kind: str) -> None:
    [doc] = parse_rss_feed(feed(entry(event)), "nysd")
    assert doc.document_type == kind
    assert is_order_or_opinion(doc) == (kind != "other")


def test_an_empty_feed_is_empty() -> None:
    assert parse_rss_feed(feed(), "nysd") == []


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<html><body><p>Login</p></body></html>", "not an RSS feed"),
        (b"<html><body><br></body>", "not well-formed"),
        (b"", "not well-formed"),
        (feed(("1:24-cv-00001 A v. B", "[Order]", "")), "item 1 has no pubDate"),
        (feed(("1:24-cv-00001 A v. B", "Order", "Mon, 07 Oct 2024 10:00:00 GMT")), "no \\[short description\\]"),
        (feed(("1:24-cv-00001 A v. B", "[Order]", "10/07/2024")), "not an RFC 822 date"),
    ],
)
def test_a_changed_feed_raises(xml: bytes, message: str) -> None:
    with pytest.raises(FeedChanged, match=message):
        parse_rss_feed(xml, "nysd")


LOL = "".join(f"<!ENTITY lol{n} '{f'&lol{n - 1};' * 10}'>" for n in range(1, 10))
BILLION_LAUGHS = (
    f"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY lol0 'lol'>{LOL}]>"
    "<rss><channel><item><title>1:24-cv-00001 &lol9;</title>"
    "<description>[Order]</description>"
    "<pubDate>Mon, 07 Oct 2024 10:00:00 GMT</pubDate></item></channel></rss>"
)
LOCAL_FILE = (
    "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY f SYSTEM 'file:///etc/hostname'>]>"
    "<rss><channel><item><title>1:24-cv-00001 &f;</title></item></channel></rss>"
)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("xml", [BILLION_LAUGHS, LOCAL_FILE])
def test_entities_are_neither_expanded_nor_fetched(xml: str) -> None:
    # libxml2 refuses the billion laughs as it reads the DTD; we refuse any declared entity.
    started = time.monotonic()
    with pytest.raises(FeedChanged, match="entit"):
        parse_rss_feed(xml.encode(), "nysd")
    assert time.monotonic() - started < 2  # 10**9 "lol"s were not built
