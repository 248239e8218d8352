"""CM/ECF Written Opinions Reports: opinions and orders district and bankruptcy courts publish free.

Per court and week of filing dates: GET the report form for its nonce, POST the dates, archive
each row's document (the query, the page and their quirks: `pacer_reports`). A run without
`since` starts LOOKBACK_DAYS before the last clean run's end (a watermark per court) or today.

Without an account: nothing, on most courts: CM/ECF sends the form to PACER's login, and the
free documents sit behind it too. PACER_COOKIE (`name=value; …` of a logged-in PACER session,
e.g. NextGenCSO) goes to the courts' CM/ECF hosts only, never to the log. Opinions open without
a billing receipt; should a court answer a document with HTML, its record names a download error.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings

from scrapers.items import CourtDocument, DocumentRef
from scrapers.spiders._base import CourtSpider
from scrapers.spiders.pacer_reports import (
    PacerLoginRequired,
    cookie_pairs,
    date_windows,
    form_nonce,
    parse_opinion_report,
    report_form,
    report_url,
)

LOOKBACK_DAYS = 7  # entries are often docketed days after their filing date
REDIRECTS = [301, 302, 303, 307]


class PacerOpinionsSpider(CourtSpider):
    """Documents in the Written Opinions Reports of district and bankruptcy courts.

    Arguments: `courts` (comma-separated court ids, required), `since`/`until` (filing dates),
    `report_url` (a template with `{court}` for a mirror).
    """

    name = "pacer_opinions"

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Cookies on: CM/ECF keeps its session (and the nonce's) in them, with PACER_COOKIE's."""
        super().update_settings(settings)
        settings.set("COOKIES_ENABLED", True, priority="spider")

    def __init__(self, *args: Any, courts: str = "", report_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.courts = [c.strip().lower() for c in courts.split(",") if c.strip()]
        if not self.courts:
            raise ValueError("pacer_opinions needs -a courts=ID[,ID…], e.g. -a courts=cand,nysd")
        self.report_template = report_url
        self.allowed_domains = sorted({urlsplit(self._report(c)).hostname or "" for c in self.courts})
        cookies = cookie_pairs(os.environ.get("PACER_COOKIE", ""))
        self.cookies: dict[str | bytes, str | bytes | bool | float | int] = {
            name: value for name, value in cookies.items()
        }
        self.extras: dict[tuple[str | None, str | None], dict[str, str | int | None]] = {}

    def _report(self, court_id: str) -> str:
        if self.report_template:
            report_url(court_id)  # an appellate court or one without a report fails here too
            return self.report_template.format(court=court_id)
        return report_url(court_id)

    def query_range(self, court_id: str, today: date) -> tuple[date, date]:
        """Filing dates to ask for: `since` (else the watermark, or today, less LOOKBACK_DAYS)
        to `until` (else today)."""
        seen = self.watermark({"court": court_id})
        last = date.fromisoformat(seen) if seen else today
        return self.since or last - timedelta(days=LOOKBACK_DAYS), self.until or today

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The report form, once per court and week (each query needs a fresh nonce)."""
        for court_id in self.courts:
            for window in date_windows(*self.query_range(court_id, date.today())):
                yield scrapy.Request(
                    self._report(court_id),
                    callback=self.parse_form,
                    dont_filter=True,
                    cookies=self.cookies,
                    cb_kwargs={"court_id": court_id, "window": window},
                    meta={"dont_redirect": True, "handle_httpstatus_list": REDIRECTS},
                )

    def parse_form(self, response: Response, court_id: str, window: tuple[date, date]) -> Iterator[scrapy.FormRequest]:
        """Post the week's date range to the form's action.

        Raises:
            PacerLoginRequired: when CM/ECF answers with PACER's login instead of the form.
        """
        nonce = form_nonce(response.text) if response.status == 200 else None
        if nonce is None:
            raise PacerLoginRequired(
                f"{court_id}: {response.url} answered {response.status} "
                "without the report form; the report needs a PACER login "
                "(PACER_COOKIE)"
            )
        yield scrapy.FormRequest(
            f"{response.url.split('?', 1)[0]}?{nonce}",
            formdata=report_form(*window),
            dont_filter=True,
            cb_kwargs={"court_id": court_id, "window": window},
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[CourtDocument]:
        """Items for the report's documents; the court's watermark moves to the week's end."""
        rows = parse_opinion_report(response.text, kwargs["court_id"], response.url)
        self.extras.update({(row.ref.court_id, row.ref.source_id): row.extras() for row in rows})
        self.crawler.stats.inc_value("pacer_opinions/rows", len(rows))
        self.advance_watermark({"court": kwargs["court_id"]}, kwargs["window"][1].isoformat())
        yield from self.documents([row.ref for row in rows], response.url)

    def source_extras(self, ref: DocumentRef) -> dict[str, str | int | None] | None:
        """The report's PACER case id, sequence number, nature of suit and cause."""
        return self.extras.get((ref.court_id, ref.source_id))
