"""The offline demo (`make demo`): real court PDFs from ../shared, each listed with its own facts.

Two local sources are served on 127.0.0.1, in the shapes the spiders read:
- supremecourt.gov: a slip opinion listing for October Terms 2012 and 2025, each row one of the
  Supreme Court opinions of `../shared/corpus` (`dev` files only), crawled by `scotus`;
- CourtListener's API: one docket search page (type=r) whose RECAP documents are court orders,
  minutes and opinions of `../shared/corpus`, crawled by `courtlistener`.
Every row's case name, docket number and date are the document's own, as PROVENANCE.md
describes it and the PDF prints it (`tests/test_demo.py` checks the docket and the parties
against each PDF's text). Judges are left for the parsers to read, except the Justices the
slip opinions name. The CourtListener ids and storage paths are illustrative.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.support.mirror import CORPUS, Mirror, serving

API = "/api/rest/v4"
STORAGE = "/storage"
SINCE = "2005-01-01"  # before the oldest demo document, so a first run takes them all


@dataclass(frozen=True)
class Listed:
    """One real document and the facts a source lists for it."""

    pdf: str  # file name in ../shared/corpus/pdfs
    court: str
    case_name: str
    docket: str
    filed: date
    justice: str = ""  # slip opinions: the author's initials, as the listing prints them
    citation: str = ""
    entry: int | None = None  # RECAP: the docket entry (document) number


OPINIONS = {
    "12": [
        Listed(
            "doctor__vector-pdf.pdf",
            "scotus",
            "Tarrant Regional Water Dist. v. Herrmann",
            "11-889",
            date(2013, 6, 13),
            "SS",
            "569 U.S. 614",
        )
    ],
    "25": [
        Listed("scotuspdf__24-482_d1oe.pdf", "scotus", "Ellingburg v. United States", "24-482", date(2026, 1, 20), "BK")
    ],
}
RECAP = [
    Listed(
        "courtlistener__acms_test.pdf",
        "ca2",
        "Bainbridge Fund Ltd. v. Republic of Argentina",
        "25-1686",
        date(2025, 7, 15),
    ),
    Listed(
        "xray__gov.uscourts.caed.380641.4.0.pdf",
        "caed",
        "In re Search of Michael Anthony Butler, Jr.",
        "2:20-sw-908",
        date(2020, 10, 29),
        entry=4,
    ),
    Listed("xray__data3-test3.pdf", "njd", "Scanlon v. Lawson", "16-4465", date(2020, 3, 9)),
    Listed(
        "xray__gov.uscourts.cand.288207.440.0.pdf",
        "cand",
        "Tessera, Inc. v. Toshiba Corp.",
        "15-cv-02543-BLF",
        date(2019, 10, 8),
        entry=440,
    ),
    Listed(
        "xray__gov.uscourts.cacd.664551.368.0.pdf",
        "cacd",
        "Manufacturing Automation and Software Systems, Inc. v. Hughes",
        "2:16-cv-08962-CAS",
        date(2019, 1, 15),
        entry=368,
    ),
    Listed("xray__rect_ordering_4.1.pdf", "cacd", "Lewis v. Travertine, Inc.", "CV17-00016-CAS", date(2017, 10, 13)),
    Listed("doctor__ca7_3.pdf", "ca7", "In re FedEx Ground Package System, Inc.", "17-2400", date(2017, 7, 13)),
    Listed(
        "courtlistener__gov.uscourts.ca1.12-2209.00106475093.0.pdf",
        "ca1",
        "Transamerica Life Insurance Co. v. Rodrigues",
        "12-2209",
        date(2013, 1, 3),
    ),
    Listed(
        "doctor__gov.uscourts.cand.16711.199.0.pdf",
        "cand",
        "Alvarado v. FedEx Corp.",
        "C 04-0098 SI",
        date(2005, 8, 23),
        entry=199,
    ),
]
LISTED = [*(doc for docs in OPINIONS.values() for doc in docs), *RECAP]

_HEADER = "".join(f"<th scope='col'>{name}</th>" for name in ("R-", "Date", "Docket", "Name", "J.", "Citation"))


def opinion_path(term: str, doc: Listed) -> str:
    """Where the mirror serves a slip opinion."""
    return f"/opinions/{term}pdf/{Path(doc.pdf).stem.split('__')[-1]}.pdf"


def slip_listing(term: str, docs: Sequence[Listed]) -> str:
    """A term's slip opinion page, in supremecourt.gov's table shape."""
    rows = "".join(
        f"<tr><td>{number}</td><td>{doc.filed:%m/%d/%y}</td><td>{doc.docket}</td>"
        f"<td><a href='{opinion_path(term, doc)}' target='_blank'>{doc.case_name}</a></td>"
        f"<td>{doc.justice}</td><td>{doc.citation}</td></tr>"
        for number, doc in enumerate(docs, 1)
    )
    return (
        f"<html><body><h1>Opinions of the Court - 20{term}</h1>"
        f"<table class='table'><tr>{_HEADER}</tr>{rows}</table></body></html>"
    )


def recap_path(index: int, doc: Listed) -> str:
    """Where the mirror serves a RECAP document (under /storage)."""
    return f"recap/demo/{index}/{doc.pdf.split('__')[-1]}"


def docket_search(docs: Sequence[Listed]) -> dict[str, object]:
    """A CourtListener v4 search answer of type r: one docket per document, each nesting it."""
    results = [
        {
            "docket_id": 9100 + index,
            "caseName": doc.case_name,
            "docketNumber": doc.docket,
            "court_id": doc.court,
            "assignedTo": None,
            "meta": {"timestamp": "2026-12-01T00:00:00Z"},
            "recap_documents": [
                {
                    "id": 9200 + index,
                    "document_number": doc.entry,
                    "attachment_number": None,
                    "description": None,
                    "short_description": None,
                    "entry_date_filed": doc.filed.isoformat(),
                    "is_available": True,
                    "filepath_local": recap_path(index, doc),
                    "page_count": None,
                    "meta": {"timestamp": "2026-12-01T00:00:00Z"},
                }
            ],
        }
        for index, doc in enumerate(docs)
    ]
    return {"count": len(results), "next": None, "previous": None, "results": results}


def demo_mirror() -> Mirror:
    """Both sources, with every PDF they list."""
    html, pdf, js = "text/html; charset=utf-8", "application/pdf", "application/json"
    routes = {"/robots.txt": (200, b"User-agent: *\nAllow: /\n", "text/plain")}
    for term, docs in OPINIONS.items():
        routes[f"/opinions/slipopinion/{term}"] = (200, slip_listing(term, docs).encode(), html)
        routes[f"/opinions/relatingtoorders/{term}"] = (200, slip_listing(term, []).encode(), html)
        routes.update({opinion_path(term, doc): (200, (CORPUS / doc.pdf).read_bytes(), pdf) for doc in docs})
    routes[f"{API}/search/"] = (200, json.dumps(docket_search(RECAP)).encode(), js)
    routes.update(
        {
            f"{STORAGE}/{recap_path(index, doc)}": (200, (CORPUS / doc.pdf).read_bytes(), pdf)
            for index, doc in enumerate(RECAP)
        }
    )
    return Mirror(routes=routes)


def crawls(url: str, scrapy: str) -> list[list[str]]:
    """The crawls of the demo, as a user types them, against the mirror at `url`."""
    quick = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=ERROR"]
    return [
        *([scrapy, "crawl", "scotus", "-a", f"base_url={url}", "-a", f"term={term}", *quick] for term in OPINIONS),
        [
            scrapy,
            "crawl",
            "courtlistener",
            "-a",
            "type=r",
            "-a",
            f"since={SINCE}",
            "-a",
            f"api_url={url}{API}",
            "-a",
            f"storage_url={url}{STORAGE}",
            *quick,
        ],
    ]


NEXT_STEPS = """
The demo archive is in {archive}: {count} real court documents, each with its own facts.
Try next:
  .venv/bin/courtarchive ls                         # newest first
  .venv/bin/courtarchive search '"restitution"'     # full text, with page numbers
  .venv/bin/courtarchive show scotus/25pdf-24-482_d1oe
  .venv/bin/courtarchive serve                      # browse it: http://127.0.0.1:8001/ (pip install -e '.[web]')
  .venv/bin/courtarchive watch add restitution --search '"restitution"' --atom
                                                    # told of new matches after each crawl, in
                                                    # {archive}/feeds/restitution.atom (or --webhook URL, --email ADDRESS)
"""


def main() -> int:
    """Serve the demo sources, crawl them into the archive, and say what to try next."""
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    with serving(demo_mirror()) as url:
        print(
            f"Local court sources at {url}: supremecourt.gov (terms {', '.join(OPINIONS)}) and CourtListener's API",
            flush=True,
        )
        for command in crawls(url, scrapy):
            print("$ " + " ".join(command), flush=True)
            done = subprocess.run(command, check=False)
            if done.returncode != 0:
                return done.returncode
    archive = os.environ.get("COURT_ARCHIVE_URI", "archive")
    print(NEXT_STEPS.format(archive=archive, count=len(LISTED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
