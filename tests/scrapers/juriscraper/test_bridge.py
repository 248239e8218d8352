"""The juriscraper bridge on saved court pages: single-page HTML, JSON and XML sites, and
multi-step sites whose further requests go through the fetch Scrapy provides.

Expected values are juriscraper's own `*.compare.json` beside each saved page (written by its
authors, not by this code). Pages are answered by a fetch that serves the saved files at the
URLs the Site asks for, and records what it asked.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import requests
import scrapy
from scrapy.http import Headers, HtmlResponse, Response, TextResponse
from scrapy.responsetypes import responsetypes

from tests.support.missing import require_juriscraper

require_juriscraper()  # the optional `courts` extra; CI installs it

from scrapers.juriscraper.courts import (
    UnsupportedCourt,
    courtlistener_id,
    courts,
    select_courts,
)
from scrapers.juriscraper.refs import document_refs, source_id_for
from scrapers.juriscraper.session import (
    OutboundRequestBlocked,
    ScrapyDownloadError,
    ScrapySession,
    no_outbound_http,
)
from scrapers.juriscraper.sites import backfill_items, first_request, new_site, scrape
from scrapers.spiders.juriscraper import JuriscraperSpider
from tests.support.mirror import Mirror, serving

EXAMPLES = "fixtures/juriscraper/tests/examples/opinions/united_states"
TYPES = {".html": "text/html", ".json": "application/json", ".xml": "application/xml"}


class SavedPages:
    """A fetch answering URLs with saved pages (path -> file), 404 for the rest."""

    def __init__(self, pages: dict[str, Path]) -> None:
        self.pages = pages
        self.requests: list[scrapy.Request] = []

    async def __call__(self, request: scrapy.Request) -> Response:
        self.requests.append(request)
        page = self.pages.get(request.url)
        if page is None:
            return Response(request.url, status=404, request=request)
        return saved_response(request.url, page).replace(request=request)

    def asked(self) -> list[str]:
        return [f"{r.method} {r.url}" for r in self.requests]


@pytest.fixture(scope="module")
def example(shared_path: Callable[[str], Path]) -> Callable[[str], Path]:
    return lambda name: shared_path(f"{EXAMPLES}/{name}")


def expected(page: Path) -> list[dict[str, Any]]:
    """juriscraper's expected parse of a saved page."""
    compare = page.with_name(page.name.rsplit(".", 1)[0] + ".compare.json")
    rows: list[dict[str, Any]] = json.loads(compare.read_text())
    return rows


def as_json(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases as juriscraper's to_json writes them."""
    converted: list[dict[str, Any]] = json.loads(json.dumps(cases, default=lambda d: d.isoformat()))
    return converted


def run(court: str, fetch: Callable[..., Any]) -> tuple[Any, list[dict[str, Any]]]:
    site = new_site(courts()[court], fetch)
    return site, asyncio.run(scrape(site)).cases


def saved_response(url: str, page: Path) -> Response:
    """A saved page as Scrapy would deliver it for `url`."""
    headers = {"Content-Type": TYPES[page.suffix]}
    cls = responsetypes.from_args(headers=Headers(headers), url=url)
    return cls(url, status=200, headers=headers, body=page.read_bytes(), request=scrapy.Request(url))


@pytest.mark.parametrize(
    ("court", "page", "url"),
    [
        ("ca1", "ca1_example.html", "https://www.ca1.uscourts.gov/opn/aci"),  # HTML table
        ("mont", "mont_example.json", None),  # JSON API
        ("cafc", "cafc_example.xml", None),  # RSS (XML)
    ],
)
def test_single_page_sites_match_juriscraper(
    example: Callable[[str], Path], court: str, page: str, url: str | None
) -> None:
    listing = url or new_site(courts()[court], SavedPages({})).url
    fetch = SavedPages({listing: example(page)})
    site, cases = run(court, fetch)
    assert fetch.asked() == [f"GET {listing}"]
    assert len(cases) > 0
    assert as_json(cases) == expected(example(page))
    refs = document_refs(cases, courtlistener_id(site), listing)
    assert {r.document_url for r in refs} == {c["download_urls"] for c in expected(example(page))}


def test_items_carry_the_listing_values(example: Callable[[str], Path]) -> None:
    fetch = SavedPages({"https://www.ca1.uscourts.gov/opn/aci": example("ca1_example.html")})
    site, cases = run("ca1", fetch)
    refs = {r.source_id: r for r in document_refs(cases, courtlistener_id(site), "https://x/")}
    esteban = refs["opnfiles-23-1701P-01A"]
    assert (esteban.case_name, esteban.docket_number, esteban.date_filed, esteban.court_id) == (
        "Esteban-Garcia v. Garland",
        "23-1701",
        date(2024, 2, 29),
        "ca1",
    )
    assert refs["opnfiles-21-1915P-01A"].docket_number == "21-1917; 21-1915"


def test_texas_form_post_and_case_pages_go_through_the_fetch(example: Callable[[str], Path]) -> None:
    """txctapp1: GET the search form, POST it back, open each case's detail page."""
    search = "https://search.txcourts.gov/CaseSearch.aspx?coa=cossup"
    fetch = SavedPages(
        {
            search: example("txctapp1_example.html"),
            "https://search.txcourts.gov/txctapp1_subexample_1.html": example("txctapp1_subexample_1.html"),
            "https://search.txcourts.gov/txctapp1_subexample_25.html": example("txctapp1_subexample_25.html"),
        }
    )
    site, cases = run("txctapp1", fetch)
    assert [r.method for r in fetch.requests] == ["GET", "POST", "GET", "GET"]
    assert fetch.requests[1].url == search
    form = parse_qs(fetch.requests[1].body.decode())
    assert form["ctl00$ContentPlaceHolder1$SearchType"] == ["rbSearchByDocument"]
    assert form["ctl00$ContentPlaceHolder1$chkListDocTypes$0"] == ["on"]  # opinions only
    assert as_json(cases) == expected(example("txctapp1_example.html"))
    refs = document_refs(cases, courtlistener_id(site), search)
    first = refs[0]
    assert (first.court_id, first.title, first.docket_number) == ("txctapp1", "Lead opinion", "01-23-00658-CV")
    assert all(r.document_url and "SearchMedia.aspx" in r.document_url for r in refs)


def idaho_details(listing: Path, folder: Path) -> dict[str, Path]:
    """idaho_civil's document API answers (nested in its saved listing by juriscraper's
    authors), saved as pages at the URLs the Site asks for them."""
    pages = {}
    for result in json.loads(listing.read_text())["results"]:
        detail = folder / f"{result['id']}.json"
        detail.write_text(json.dumps(result["detail_json"]))
        pages[f"https://isc.idaho.gov/api/cms-document?id={result['id']}"] = detail
    return pages


def test_detail_api_requests_go_through_the_fetch(example: Callable[[str], Path], tmp_path: Path) -> None:
    """idaho_civil: a search API, then one document API call per opinion."""
    listing = example("idaho_civil_example.json")
    pages = idaho_details(listing, tmp_path)
    site = new_site(courts()["idaho_civil"], SavedPages({}))
    fetch = SavedPages({site.url: listing, **pages})
    _, cases = run("idaho_civil", fetch)
    assert fetch.asked()[0].startswith("GET https://isc.idaho.gov/")
    assert len(fetch.requests) == 1 + len(pages)
    assert as_json(cases) == expected(listing)


IOWA = "https://www.iowacourts.gov/iowa-courts/supreme-court/supreme-court-opinions/"


def test_a_failed_further_page_keeps_the_opinions_parsed_before_it(example: Callable[[str], Path]) -> None:
    """iowa follows its "Next" links; page 2 is not to be had, so page 1's opinions are kept
    and the failed request is named."""
    fetch = SavedPages({IOWA: example("iowa_example.html")})
    scraped = asyncio.run(scrape(new_site(courts()["iowa"], fetch)))
    assert fetch.asked() == [f"GET {IOWA}", f"GET {IOWA}page/2"]
    assert scraped.stopped_by is not None and "404" in scraped.stopped_by
    assert f"{IOWA}page/2" in scraped.stopped_by
    assert as_json(scraped.cases) == expected(example("iowa_example.html"))


def test_a_failed_listing_is_raised_not_an_empty_court() -> None:
    with pytest.raises(httpx.HTTPStatusError, match="404"):
        asyncio.run(scrape(new_site(courts()["iowa"], SavedPages({}))))


@pytest.mark.parametrize(
    ("court", "page"),
    [
        ("ala", "ala_example.json"),  # production reads a list of publications first
        ("iowa", "iowa_example.html"),  # production follows "Next" links after it
        ("bap9", "bap9_example.json"),  # opens its saved page itself (juriscraper's `mock_url`)
    ],
)
def test_a_saved_listing_skips_the_sites_steps_around_it(example: Callable[[str], Path], court: str, page: str) -> None:
    fetch = SavedPages({})
    site = new_site(courts()[court], fetch)
    scraped = asyncio.run(scrape(site, listing=saved_response(site.url, example(page))))
    assert fetch.requests == []
    assert scraped.stopped_by is None
    assert as_json(scraped.cases) == expected(example(page))
    assert not site.test_mode_enabled()


def test_a_saved_listing_is_parsed_as_in_production(example: Callable[[str], Path], tmp_path: Path) -> None:
    """idaho_civil entered at its saved listing asks Scrapy for each document's details, as
    in production (juriscraper's test mode would read the copies nested in the page)."""
    listing = example("idaho_civil_example.json")
    pages = idaho_details(listing, tmp_path)
    fetch = SavedPages(pages)
    site = new_site(courts()["idaho_civil"], fetch)
    scraped = asyncio.run(scrape(site, listing=saved_response(site.url, listing)))
    assert sorted(fetch.asked()) == sorted(f"GET {url}" for url in pages)
    assert as_json(scraped.cases) == expected(listing)


def test_a_download_scrapy_gave_up_on_is_an_httpx_transport_error() -> None:
    async def refuse(request: scrapy.Request) -> Response:
        raise scrapy.exceptions.IgnoreRequest("robots.txt")

    with pytest.raises(ScrapyDownloadError, match="IgnoreRequest") as raised:
        asyncio.run(ScrapySession(refuse).get("https://court.example/list"))
    assert isinstance(raised.value, httpx.TransportError)


def test_session_sends_cookies_headers_and_bodies_as_httpx_would() -> None:
    seen: list[scrapy.Request] = []

    async def answer(request: scrapy.Request) -> Response:
        seen.append(request)
        headers = {"Set-Cookie": "ASP.NET_SessionId=abc; Path=/", "Content-Type": "text/html"}
        body = b'<meta charset="windows-1252"><p>caf\xe9</p>'
        return HtmlResponse(request.url, headers=headers, body=body, request=request)

    async def talk() -> httpx.Response:
        session = ScrapySession(answer)
        await session.get("https://court.example/search", headers={"User-Agent": "Juriscraper"})
        await session.post("results", data={"q": "x y"}, headers={"User-Agent": "Browser/1"})
        return await session.post("https://court.example/api", json={"page": 2})

    last = asyncio.run(talk())
    assert b"User-Agent" not in seen[0].headers  # Scrapy's USER_AGENT names the project
    assert seen[1].url == "https://court.example/results"  # relative, as a browser resolves it
    assert seen[1].headers[b"User-Agent"] == b"Browser/1"  # a court-specific one is kept
    assert seen[1].headers[b"Cookie"] == b"ASP.NET_SessionId=abc"
    assert seen[1].body == b"q=x+y"
    assert json.loads(seen[2].body) == {"page": 2}
    assert last.text.endswith("<p>café</p>")  # Scrapy's reading of <meta>, not httpx's UTF-8


def test_the_guard_blocks_http_that_bypasses_scrapy() -> None:
    hits = Mirror(routes={"/": (200, b"ok", "text/plain")})
    with serving(hits) as url, no_outbound_http():
        with pytest.raises(OutboundRequestBlocked):
            asyncio.run(httpx.AsyncClient().get(url))
        with pytest.raises(OutboundRequestBlocked):
            httpx.get(url)
        with pytest.raises(OutboundRequestBlocked):
            requests.get(url, timeout=5)
        with pytest.raises(OutboundRequestBlocked):
            urllib.request.urlopen(url, timeout=5)
    assert hits.hits == {}
    with serving(hits) as url:
        assert httpx.get(url).text == "ok"  # restored when the guard closes


def test_a_site_fetching_behind_scrapys_back_is_stopped(tmp_path: Path) -> None:
    """lactapp_3 GETs its search form through the session, then POSTs it with urllib
    itself: the guard stops that before any byte leaves."""
    form = tmp_path / "form.html"
    form.write_text("<html><form><input name='__VIEWSTATE' value='x'></form></html>")
    hits = Mirror(routes={"/": (200, b"<html></html>", "text/html")})
    with serving(hits) as url:
        site = new_site(courts()["lactapp_3"], SavedPages({url + "/": form}))
        site.url = url + "/"
        with pytest.raises(OutboundRequestBlocked, match="fetch"):
            asyncio.run(scrape(site))
    assert hits.hits == {}


def test_juriscraper_helpers_calling_services_are_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    """juriscraper asks a 'doctor' microservice for file types with its own httpx client."""
    from juriscraper.lib.microservices_utils import get_extension

    hits = Mirror(routes={"/utils/file/extension/": (200, b".pdf", "text/plain")})
    with serving(hits) as url, no_outbound_http():
        monkeypatch.setenv("DOCTOR_HOST", url)
        with pytest.raises(OutboundRequestBlocked):
            asyncio.run(get_extension(b"%PDF-1.4"))
    assert hits.hits == {}


def test_courts_are_selected_by_module_court_jurisdiction_or_glob() -> None:
    def chosen(court: str | None, courts_arg: str | None) -> set[str]:
        return {c.module_id for c in select_courts(court, courts_arg)[0]}

    assert chosen("ca1", None) == {"ca1"}
    assert chosen(None, "nyappdiv") == {"nyappdiv_1st", "nyappdiv_2nd", "nyappdiv_3rd", "nyappdiv_4th"}
    assert len(chosen(None, "txctapp*")) == 15
    assert {"ca1", "cadc", "scotus_slip"} <= chosen(None, "federal_appellate,scotus_slip")
    louisiana, left_out = select_courts(None, "lactapp*")
    assert "lactapp_1" in {c.module_id for c in louisiana}
    assert list(left_out) == ["lactapp_3"] and "urllib" in left_out["lactapp_3"]


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("lactapp_3", "urllib directly"),
        ("mo", "disabled in juriscraper 3.0.40"),
        ("nowhere", "no juriscraper 3.0.40 opinion module matches 'nowhere'"),
    ],
)
def test_unsupported_courts_are_refused_with_the_reason(named: str, message: str) -> None:
    with pytest.raises(UnsupportedCourt, match=message):
        JuriscraperSpider(court=named)


def test_court_ids_follow_courtlistener() -> None:
    for module_id, court_id in [
        ("scotus_slip", "scotus"),
        ("nyappdiv_1st", "nyappdiv"),
        ("ca9_u", "ca9"),
        ("delaware", "del"),
        ("txctapp3", "txctapp3"),
    ]:
        assert courtlistener_id(new_site(courts()[module_id], SavedPages({}))) == court_id


def test_source_ids_are_stable_and_tell_query_documents_apart() -> None:
    assert (
        source_id_for("https://www.ca1.uscourts.gov/sites/ca1/files/opnfiles/23-1701P-01A.pdf")
        == "opnfiles-23-1701P-01A"
    )
    first = source_id_for("https://courts.example/file.jsp?id=201734")
    assert first.startswith("file.jsp-") and first != source_id_for("https://courts.example/file.jsp?id=2")
    assert first == source_id_for("http://127.0.0.1:8808/file.jsp?id=201734")  # a mirror


@pytest.mark.parametrize(
    ("page", "court"),
    [
        ("iowa_example.html", "iowa"),  # /courtcases/152/embed/SupremeCourtOpinion
        ("nm_example.html", "nm"),  # /nmos/nmsc/en/537787/1/document.do
        ("ark_example.html", "ark"),  # /ark/supremecourt/en/522671/1/document.do
    ],
)
def test_documents_numbered_up_the_path_are_told_apart(example: Callable[[str], Path], page: str, court: str) -> None:
    """Each opinion keeps its own record where the last two path segments are the same for
    every document and the number naming it sits further up."""
    rows = expected(example(page))
    refs = document_refs(rows, court, "https://court.example/")
    assert len(refs) == len({row["download_urls"] for row in rows}) > 1
    assert len({ref.source_id for ref in refs}) == len(refs)
    assert sorted(ref.case_name or "" for ref in refs) == sorted(row["case_names"] for row in rows)


def test_backfill_uses_the_sites_own_date_ranges() -> None:
    steps = backfill_items(courts()["ca1"], date(2024, 1, 1), date(2024, 1, 20))
    assert steps is not None and steps[0][0] == date(2024, 1, 1) and steps[-1][1] == date(2024, 1, 20)
    assert backfill_items(courts()["md"], date(2022, 3, 1), date(2023, 2, 1)) == [2022, 2023]
    assert backfill_items(courts()["ca11_p"], date(2024, 1, 1), date(2024, 2, 1)) is None  # pages
    assert backfill_items(courts()["cal"], date(2024, 1, 1), date(2024, 2, 1)) is None  # none


def test_a_backfill_step_asks_for_its_date_range() -> None:
    request = asyncio.run(first_request(courts()["ca1"], (date(2024, 1, 1), date(2024, 1, 5))))
    assert request is not None
    assert "01%2F01%2F2024" in request.url and "01%2F05%2F2024" in request.url


def test_spider_asks_each_court_for_its_listing_first() -> None:
    spider = JuriscraperSpider(courts="ca1,scotus_slip")

    async def collect() -> list[scrapy.Request]:
        return [request async for request in spider.start()]

    requests_ = asyncio.run(collect())
    assert requests_[0].url == "https://www.ca1.uscourts.gov/opn/aci"
    assert requests_[1].url.startswith("https://www.supremecourt.gov/opinions/slipopinion/")
    assert [r.cb_kwargs["court"] for r in requests_] == ["ca1", "scotus_slip"]


def test_json_answers_reach_juriscraper_as_json() -> None:
    async def answer(request: scrapy.Request) -> Response:
        return TextResponse(
            request.url, headers={"Content-Type": "application/json"}, body=b'{"a": 1}', request=request
        )

    response = asyncio.run(ScrapySession(answer).get("https://court.example/api"))
    assert "json" in response.headers["content-type"] and response.json() == {"a": 1}


@pytest.fixture(autouse=True)
def _no_leftover_guard() -> Iterator[None]:
    yield
    assert httpx.HTTPTransport.handle_request.__name__ == "handle_request"
