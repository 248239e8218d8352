"""A local mirror of supremecourt.gov built from saved pages and corpus PDFs in ../shared.

The crawl tests point the `scotus` spider's `base_url` at it. It serves juriscraper's two saved
SCOTUS listing pages (slip opinions of October Term 2022 and opinions relating to orders of
OT2015) as the listings of one term, and answers every PDF link on them with a real court PDF
from the corpus, assigned in turn (so a link's PDF is a real court document, but not the
opinion its row names: for crawl tests only; the offline demo, whose records must be true, is
`tests.demo`). Only 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import cycle
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLES = SHARED / "fixtures/juriscraper/tests/examples/opinions/united_states"
CORPUS = SHARED / "corpus/pdfs"
TERM = "22"
LISTINGS = {
    f"/opinions/slipopinion/{TERM}": EXAMPLES / "scotus_slip_example.html",
    f"/opinions/relatingtoorders/{TERM}": EXAMPLES / "scotus_relating_example.html",
}
_PDF_LINK = re.compile(r"""href=['"](/opinions/[^'"#]+\.pdf)""")


def pdf_links(html: str) -> list[str]:
    """The root-relative opinion PDF links of a listing page, in page order, once each."""
    return list(dict.fromkeys(_PDF_LINK.findall(html)))


@dataclass
class Outage:
    """Answer `times` requests with `status` (and a Retry-After header if given) first."""

    times: int
    status: int = 503
    retry_after: str | None = None
    body: bytes = b"Try again later"


@dataclass
class Misbehaviour:
    """How a route misbehaves: `truncate` (sends half the body, then hangs up), `hang`
    (answers nothing for `seconds`), or `redirect` (302 to `location`)."""

    kind: str
    seconds: float = 0.0
    location: str = ""


@dataclass
class Mirror:
    """What the mirror serves: path -> (status, body, content type)."""

    routes: dict[str, tuple[int, bytes, str]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    outages: dict[str, Outage] = field(default_factory=dict)
    misbehaviours: dict[str, Misbehaviour] = field(default_factory=dict)

    @classmethod
    def of_corpus(cls, pdf_names: Sequence[str]) -> Mirror:
        """The two listings, with their PDF links answered by `pdf_names` in turn."""
        mirror = cls()
        links: list[str] = []
        for path, page in LISTINGS.items():
            html = page.read_text(encoding="utf-8")
            mirror.routes[path] = (200, html.encode("utf-8"), "text/html; charset=utf-8")
            links += [link for link in pdf_links(html) if link not in links]
        for link, name in zip(links, cycle(pdf_names)):
            mirror.routes[link] = (200, (CORPUS / name).read_bytes(), "application/pdf")
        mirror.routes["/robots.txt"] = (200, b"User-agent: *\nAllow: /\n", "text/plain")
        return mirror


def _handler(mirror: Mirror) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            # A route may name a query (API pages); otherwise the query is ignored.
            path = self.path if self.path in mirror.routes else self.path.split("?", 1)[0]
            mirror.hits[path] = mirror.hits.get(path, 0) + 1
            if path not in mirror.routes:
                self.send_error(404)
                return
            status, body, content_type = mirror.routes[path]
            if path in mirror.misbehaviours:
                self._misbehave(mirror.misbehaviours[path], body)
                return
            outage = mirror.outages.get(path)
            if outage and outage.times > 0:
                outage.times -= 1
                status, body, content_type = outage.status, outage.body, "text/plain"
            self.send_response(status)
            if outage and outage.retry_after and status == outage.status:
                self.send_header("Retry-After", outage.retry_after)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", f'"{hashlib.sha256(body).hexdigest()[:16]}"')
            self.send_header("Last-Modified", "Fri, 30 Jun 2023 14:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)

        def _misbehave(self, how: Misbehaviour, body: bytes) -> None:
            if how.kind == "hang":
                time.sleep(how.seconds)
                return
            if how.kind == "redirect":
                self.send_response(302)
                self.send_header("Location", how.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class LoopbackServer(ThreadingHTTPServer):
    """The tests' HTTP server on 127.0.0.1: a thread per request, a listen backlog of 128, and
    a serving loop that notices `shutdown()` within 0.05 s.

    socketserver's backlog is 5: a crawl's burst of connections overflows it while the accept
    thread waits for the GIL, and the kernel then drops the SYN, which the client only sends
    again a second later (TCP's initial retransmission timeout): a second lost every few
    requests, with nothing in any log. And its loop polls for shutdown every 0.5 s, which
    `shutdown()` waits out: up to half a second at the end of every test that served.
    """

    request_queue_size = 128

    def serve_forever(self, poll_interval: float = 0.05) -> None:
        """Serve until `shutdown()`, checking for it every `poll_interval` seconds."""
        super().serve_forever(poll_interval)


@contextmanager
def serving(mirror: Mirror, port: int = 0) -> Iterator[str]:
    """Serve `mirror` on 127.0.0.1 in a thread; yields its base URL."""
    with serving_handler(_handler(mirror), port) as url:
        yield url


@contextmanager
def serving_handler(handler: type[BaseHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    """Serve a request handler class on 127.0.0.1 (`port`, or a free one) in a thread until the
    block ends; yields the base URL."""
    server = LoopbackServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
