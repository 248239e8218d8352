"""The scotus spider's own logic: terms, arguments, and turning listing rows into items."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from scrapers.items import DocumentRef
from scrapers.spiders._base import parse_date_argument, source_id_from_url
from scrapers.spiders.scotus import ScotusSpider, current_term


@pytest.mark.parametrize(
    ("today", "term"),
    [
        (date(2026, 9, 30), "25"),  # OT2025 still in session until October
        (date(2026, 10, 1), "26"),
        (date(2027, 6, 30), "26"),
        (date(2000, 1, 15), "99"),
    ],
)
def test_current_term(today: date, term: str) -> None:
    assert current_term(today) == term


def test_term_must_be_two_digits() -> None:
    with pytest.raises(ValueError, match="two-digit"):
        ScotusSpider(term="2024")


def test_since_must_be_an_iso_date() -> None:
    assert parse_date_argument("since", "2024-03-01") == date(2024, 3, 1)
    with pytest.raises(ValueError, match="since='03/01/2024' is not an ISO date"):
        parse_date_argument("since", "03/01/2024")


def test_source_id_is_the_term_folder_and_file_name() -> None:
    url = "https://www.supremecourt.gov/opinions/22pdf/600us1r58_7khn.pdf"
    assert source_id_from_url(url) == "22pdf-600us1r58_7khn"


def test_start_requests_follow_base_url_and_term() -> None:
    spider = ScotusSpider(term="24", base_url="http://127.0.0.1:8808/")

    async def first_two() -> list[str]:
        return [request.url async for request in spider.start()]

    assert asyncio.run(first_two()) == [
        "http://127.0.0.1:8808/opinions/slipopinion/24",
        "http://127.0.0.1:8808/opinions/relatingtoorders/24",
    ]
    assert spider.allowed_domains == ["127.0.0.1"]


def ref(url: str, filed: date, judge: str) -> DocumentRef:
    return DocumentRef(
        case_name="Brooks v. Alabama",
        docket_number="15-7786",
        date_filed=filed,
        document_url=url,
        document_type="opinion",
        judge=judge,
    )


def test_rows_for_one_pdf_become_one_item_naming_every_writer() -> None:
    url = "https://www.supremecourt.gov/opinions/15pdf/15-7786_n7io.pdf"
    spider = ScotusSpider(term="15")
    items = list(
        spider.documents(
            [ref(url, date(2016, 1, 21), "Sonia Sotomayor"), ref(url, date(2016, 1, 21), "Stephen Breyer")], "listing"
        )
    )
    assert len(items) == 1
    assert items[0].judge == "Sonia Sotomayor; Stephen Breyer"
    assert (items[0].court_id, items[0].source_id) == ("scotus", "15pdf-15-7786_n7io")


def test_since_keeps_documents_filed_on_or_after_it() -> None:
    spider = ScotusSpider(term="15", since="2016-01-21")
    refs = [
        ref(f"https://x/opinions/15pdf/{n}.pdf", filed, "A")
        for n, filed in [("a", date(2016, 1, 20)), ("b", date(2016, 1, 21)), ("c", date(2016, 2, 1))]
    ]
    assert [item.source_id for item in spider.documents(refs, "listing")] == ["15pdf-b", "15pdf-c"]


def test_until_keeps_documents_filed_on_or_before_it() -> None:
    spider = ScotusSpider(term="15", since="2016-01-21", until="2016-01-31")
    refs = [
        ref(f"https://x/opinions/15pdf/{n}.pdf", filed, "A")
        for n, filed in [("a", date(2016, 1, 20)), ("b", date(2016, 1, 31)), ("c", date(2016, 2, 1))]
    ]
    assert [item.source_id for item in spider.documents(refs, "listing")] == ["15pdf-b"]
