"""Parity of the juriscraper bridge with juriscraper's own expected parses.

    .venv/bin/python bench/juriscraper_parity.py ../shared/fixtures/juriscraper/tests/examples/opinions/united_states

For every `<module>_example*.{html,json,xml}` with a `.compare.json` beside it, builds the
module's Site as the spider does (`new_site`, no test mode) and runs it through the bridge.
Every request it makes is answered as Scrapy would deliver it (`bench/juriscraper_replay.py`,
which also sets the Site's clock to the example's day), with a Scrapy `Response` for the
URL requested: the example page for the listing (the first URL requested, that URL again, as a
form page is posted back to itself, or with a search added to it), a `<module>_subexample_*`
file for a URL naming it, a detail nested in the example for a URL naming its record, and 404
for anything else (a page the examples do not have, such as a further page). When the Site's
own steps before the listing need pages the examples lack, the example is also entered at the
listing (`scrape(listing=...)`). The cases are compared with the `.compare.json` (written by
juriscraper's authors, not by this code) and so are the DocumentRefs built from them. Prints
each failure with its reason, the failures by reason, how the matches ran, and last
`parity: MATCHED/TOTAL`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import scrapy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.juriscraper_replay import ExampleServer, replayed_on
from scrapers.juriscraper.courts import Court, courtlistener_id, courts
from scrapers.juriscraper.refs import document_refs
from scrapers.juriscraper.sites import new_site, scrape

# The day juriscraper's test mode pins for Sites that keep only recent opinions, where it is
# not the day after the newest case: va keeps 60 days before 2023-11-20; virginislands keeps
# what is newer than 2023-09-21 (60 days before 2023-11-20); cavc newer than 2022-12-27
# (4 weeks before 2023-01-24).
REPLAY_DAYS = {"va": date(2023, 11, 20), "virginislands": date(2023, 11, 20), "cavc": date(2023, 1, 24)}
# Why the examples that fail do, found by reading each Site (juriscraper 3.0.40). A failure
# not listed here is printed as UNEXPLAINED. An example whose expected output holds test-mode
# stand-ins never counts as matched: reproducing it would mean reproducing the stand-in.
LATER_PAGE = "the example is a later page; production first reads {}, which the examples lack"
STAND_IN = "expected output holds test-mode stand-ins: "
EXPLAINED = {
    **dict.fromkeys(
        ["colo_example.json", "coloctapp_example.json"],
        "holds part of its results; production asks for all of them again in one "
        "larger page before parsing any, which the examples lack",
    ),
    "bia_example.html": LATER_PAGE.format("the index of volumes"),
    "ri_example.json": LATER_PAGE.format("a SharePoint page for its form digest"),
    **dict.fromkeys(
        ["miss_example.html", "missctapp_example.html"],
        STAND_IN + "the fixed date 2020-02-28 for a hand-down list of late 2025 "
        "(production dates it from a JSON calendar it reads first)",
    ),
    "michctapp_example.json": STAND_IN + "'Placeholder docket' for a detail request",
    **dict.fromkeys(
        ["or_example.json", "orctapp_example.json", "ortc_example.json"],
        STAND_IN + "'placeholder disposition' where no detail is nested",
    ),
    "idahoctapp_civil_example.json": STAND_IN + "empty details for a record without one",
    "bva_example.xml": STAND_IN + "'Placeholder' cases for the documents it does not fetch",
    "tax_example.json": STAND_IN + "the API URL as download URL, not the PDF URL it returns",
    **dict.fromkeys(
        [
            "mo_example.html",
            "moctapp_eastern_example.html",
            "moctapp_southern_example.html",
            "moctapp_western_example.html",
        ],
        "disabled in juriscraper 3.0.40, whose own test path no longer reproduces it",
    ),
}


def as_json(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases as juriscraper's `to_json` writes them (dates as ISO strings)."""
    from juriscraper.lib.date_utils import json_date_handler

    converted: list[dict[str, Any]] = json.loads(json.dumps(cases, default=json_date_handler))
    return converted


def refs_agree(cases: list[dict[str, Any]], court_id: str, url: str) -> str | None:
    """None when the DocumentRefs carry the cases' values; else what differs."""
    refs = {r.document_url: r for r in document_refs(cases, court_id, url)}
    first: dict[Any, dict[str, Any]] = {}
    for case in cases:  # documents shared by cases make one ref, named after the first case
        for opinion in case.get("sub_opinions") or [{}]:
            first.setdefault({**case, **opinion}.get("download_urls"), case)
    for case in first.values():
        ref = refs.get(case.get("download_urls"))
        if ref is None:
            continue  # a relative URL, made absolute (the tests check that)
        if ref.case_name != (case.get("case_names") or None):
            return f"case name {ref.case_name!r} != {case.get('case_names')!r}"
        if ref.date_filed is None or ref.date_filed.isoformat() != str(case["case_dates"])[:10]:
            return f"date {ref.date_filed} != {case['case_dates']}"
    return None


@dataclass
class Outcome:
    """How one example fared: `failure` is None when it matched; `entry` says how it ran;
    `stopped_by` names the request for a page the examples lack that ended the Site early."""

    failure: str | None
    entry: str = "download"
    stopped_by: str | None = None


async def run_example(example: Path) -> Outcome:
    """Run one example through the bridge; at the listing too when the Site's own download
    steps ask for pages before the listing that the examples lack."""
    module_id = example.name.split("_example", 1)[0]
    court = courts().get(module_id)
    if court is None:
        return Outcome("no such juriscraper module")
    expected = json.loads(example.with_name(example.name.rsplit(".", 1)[0] + ".compare.json").read_text())
    day = REPLAY_DAYS.get(module_id, newest_date(expected) + timedelta(days=1))
    with replayed_on(court.site_class(), day):
        first = await attempt(court, example, expected, at_listing=False)
        if first.failure and overrides_download(court.site_class()):
            second = await attempt(court, example, expected, at_listing=True)
            if second.failure is None:
                return second
            return Outcome(f"{first.failure}; entered at the listing: {second.failure}")
    return first


async def attempt(court: Court, example: Path, expected: list[dict[str, Any]], at_listing: bool) -> Outcome:
    """Whether the bridge reproduces `expected` from the example, and if not why not."""
    server = ExampleServer(example)
    site = new_site(court, server.fetch)
    listing = None
    if at_listing:
        listing = server.listing_response(scrapy.Request(site.url, method=site.method))
    entry = "listing" if at_listing else "download"
    try:
        scraped = await scrape(site, listing=listing)
    except Exception as exc:  # noqa: BLE001 (a bench reports every failure and goes on)
        return Outcome(f"raised {type(exc).__name__}: {str(exc)[:160]}" + server.lacking(), entry)
    got = as_json(scraped.cases)
    if got != expected:
        return Outcome(_difference(got, expected) + server.lacking(), entry)
    failure = refs_agree(scraped.cases, courtlistener_id(site), server.listing_url or "")
    stopped = scraped.stopped_by and (server.missing or [scraped.stopped_by])[0]
    return Outcome(failure, entry, stopped)


def overrides_download(site_class: type) -> bool:
    """Whether a Site has download steps of its own (an index, a token, a form) before the
    listing it parses."""
    return any(
        "_download" in cls.__dict__ for cls in site_class.__mro__ if cls.__module__.startswith("juriscraper.opinions")
    )


def newest_date(cases: list[dict[str, Any]]) -> date:
    """The newest case date among expected cases (clusters and plain cases alike)."""
    days = [date.fromisoformat(str(c["case_dates"])[:10]) for c in cases if c.get("case_dates")]
    return max(days, default=date(2024, 1, 1))


def _difference(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> str:
    if len(got) != len(expected):
        return f"{len(got)} cases, expected {len(expected)}"
    for i, (g, e) in enumerate(zip(got, expected)):
        keys = sorted(k for k in set(g) | set(e) if g.get(k) != e.get(k))
        if keys:
            k = keys[0]
            return f"case {i}: {', '.join(keys)} differ ({k}: {str(g.get(k))[:60]!r} != {str(e.get(k))[:60]!r})"
    return "order differs"


def reason_of(failure: str) -> str:
    """A failure's category, for the summary."""
    if "asked for a page the examples lack" in failure:
        return "asks for a page the examples lack"
    if failure.startswith("raised"):
        return failure.split(":")[0]
    return "parses differently" if "differ" in failure or "expected" in failure else failure[:60]


def examples(folder: Path) -> list[Path]:
    """The example pages that have a compare.json."""
    found = []
    for compare in sorted(folder.glob("*_example*.compare.json")):
        stem = compare.name[: -len(".compare.json")]
        pages = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".compare.json")]
        found += pages[:1]
    return found


def main() -> int:
    """Run every example; print failures, reasons and the parity line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", help="glob of example names to run, e.g. 'txctapp*'")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    pages = examples(args.folder)
    if args.only:
        pages = [p for p in pages if p.match(args.only)]
    started, failures = time.monotonic(), {}
    matched: dict[str, list[str]] = {"download": [], "listing": [], "stopped": []}
    for page in pages:
        outcome = asyncio.run(run_example(page))
        if outcome.failure is None and EXPLAINED.get(page.name, "").startswith(STAND_IN):
            outcome = Outcome(f"matched only by reproducing the stand-in ({outcome.entry})")
        if outcome.failure:
            failures[page.name] = outcome.failure
            why = EXPLAINED.get(page.name, "UNEXPLAINED")
            print(f"FAIL {page.name}: {why}\n     {outcome.failure.splitlines()[0]}")
        else:
            matched["stopped" if outcome.stopped_by else outcome.entry].append(page.name)
        if outcome.stopped_by:
            print(f"STOPPED {page.name}: at {outcome.stopped_by}")
    print(f"\n{len(pages)} examples in {time.monotonic() - started:.0f} s.")
    print(
        f"{len(matched['listing'])} matched when entered at the listing, their Site's own download "
        f"steps before it needing pages the examples lack: {', '.join(matched['listing'])}"
    )
    print(
        f"{len(matched['stopped'])} matched through the full download path, stopping at a further "
        f"page the examples lack (the bridge keeps the cases parsed before it): "
        f"{', '.join(matched['stopped'])}"
    )
    by_reason = Counter(EXPLAINED.get(name, "UNEXPLAINED: " + reason_of(f)) for name, f in failures.items())
    print("Failures by reason:")
    for reason, count in by_reason.most_common():
        print(f"  {count:3d}  {reason}")
    print(
        f"matched: {len(matched['download'])} through the Site's full download path, "
        f"{len(matched['stopped'])} through it stopping at a page the examples lack, "
        f"{len(matched['listing'])} entered at the listing"
    )
    print(f"parity: {len(pages) - len(failures)}/{len(pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
