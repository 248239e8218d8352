"""A local replay of court websites for the `juriscraper` spider, on 127.0.0.1.

Saved pages from juriscraper's examples are served at the paths the court's site uses; PDF
links on them are answered by real court PDFs from the corpus, in turn (a link's PDF is a real
court document, but not the opinion its row names). Unlike `tests.support.mirror`, it answers POST
(ASP.NET forms post back to their page) and tells routes apart by query string where a route
names one (`/SearchMedia.aspx?MediaID=...`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from itertools import cycle
from typing import Any
from urllib.parse import urlsplit

from tests.support.mirror import CORPUS, EXAMPLES, serving_handler

ROBOTS = (200, b"User-agent: *\nAllow: /\n", "text/plain")


@dataclass
class Replay:
    """What is served: `path` or `path?query` -> (status, body, content type)."""

    routes: dict[str, tuple[int, bytes, str]] = field(default_factory=dict)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)

    def pdfs_for(self, urls: Sequence[str], pdf_names: Sequence[str]) -> None:
        """Answer each document URL (path and query kept) with a corpus PDF, in turn."""
        for url, name in zip(dict.fromkeys(urls), cycle(pdf_names)):
            parts = urlsplit(url)
            key = f"{parts.path}?{parts.query}" if parts.query else parts.path
            self.routes[key] = (200, (CORPUS / name).read_bytes(), "application/pdf")

    def answer(self, method: str, target: str) -> tuple[int, bytes, str]:
        """The route for a request target, preferring one naming the query."""
        self.hits[(method, target)] += 1
        path = target.split("?", 1)[0]
        return self.routes.get(target) or self.routes.get(path) or (404, b"not found", "text/plain")


def expected_rows(example: str) -> list[dict[str, Any]]:
    """juriscraper's expected parse of a saved page."""
    name = example.rsplit(".", 1)[0] + ".compare.json"
    rows: list[dict[str, Any]] = json.loads((EXAMPLES / name).read_text())
    return rows


def document_urls(rows: list[dict[str, Any]]) -> list[str]:
    """Every document URL in expected rows, clusters' opinions included, in order."""
    return list(dict.fromkeys(opinion["download_urls"] for row in rows for opinion in row.get("sub_opinions") or [row]))


def listing_replay(example: str, path: str, pdf_names: Sequence[str]) -> Replay:
    """A court's saved opinion listing at `path`, and PDFs for its links; nothing else (a
    further page it links to is answered 404)."""
    replay = Replay(routes={"/robots.txt": ROBOTS})
    replay.routes[path] = (200, (EXAMPLES / example).read_bytes(), "text/html; charset=utf-8")
    replay.pdfs_for(document_urls(expected_rows(example)), pdf_names)
    return replay


def ca1_replay(pdf_names: Sequence[str]) -> Replay:
    """The First Circuit: its saved opinion listing at /opn/aci."""
    return listing_replay("ca1_example.html", "/opn/aci", pdf_names)


def iowa_replay(pdf_names: Sequence[str]) -> Replay:
    """The Supreme Court of Iowa: the first page of its opinions, whose "Next" link (page 2)
    the examples lack."""
    return listing_replay("iowa_example.html", "/iowa-courts/supreme-court/supreme-court-opinions/", pdf_names)


def txctapp1_replay(pdf_names: Sequence[str]) -> Replay:
    """Texas First Court of Appeals: the search page (GET, then POSTed back) and the two
    case pages its results link to."""
    replay = Replay(routes={"/robots.txt": ROBOTS})
    page = (EXAMPLES / "txctapp1_example.html").read_bytes()
    replay.routes["/CaseSearch.aspx"] = (200, page, "text/html; charset=utf-8")
    for sub in ("txctapp1_subexample_1.html", "txctapp1_subexample_25.html"):
        replay.routes[f"/{sub}"] = (200, (EXAMPLES / sub).read_bytes(), "text/html; charset=utf-8")
    replay.pdfs_for(document_urls(expected_rows("txctapp1_example.html")), pdf_names)
    return replay


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._answer("POST")

        def _answer(self, method: str) -> None:
            status, body, content_type = replay.answer(method, self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def replaying(replay: Replay) -> Iterator[str]:
    """Serve `replay` on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    with serving_handler(_handler(replay)) as url:
        yield url
