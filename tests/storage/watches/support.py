"""For the watch tests: records written by hand, and the real servers watches deliver to.

`Receiver` is an HTTP server on 127.0.0.1 (a thread of the test process) that checks each
POST's HMAC-SHA256 signature against the secret and keeps what it accepted; `Mailbox` is a
real SMTP server (aiosmtpd) on 127.0.0.1. Each can be stopped for a run and started again on
the same port.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler
from typing import Any

from aiosmtpd.controller import Controller

from storage.archive import Archive, record_json, sha256_hex
from tests.support.mirror import LoopbackServer
from tests.support.seaweed import free_port

SECRET = "watch-test-secret-9f3c"


def put_record(
    archive: Archive,
    rid: str,
    *,
    case: str,
    docket: str,
    date: str,
    text: str,
    judge: str | None = None,
    type_: str = "order",
    filed_by: str = "court",
    disposition: str | None = None,
    quotes: Sequence[tuple[int, str]] = (),
    downloaded: bool = True,
    event: bool = False,
    redactions: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Write a record and its text to the archive, as a crawl would leave them; the record.

    Not `downloaded`: its download failed (no original); an `event`: a docket entry with no document;
    with `redactions`, a schema 3 record that lists them.
    """
    court = rid.split("/", 1)[0]
    record = {
        "schema_version": 2,
        "id": rid,
        "sha256": hashlib.sha256(rid.encode()).hexdigest(),
        "court": {"id": court, "name": f"Court {court}"},
        "case": {"name": case, "name_full": case.upper(), "docket_number": docket},
        "document": {
            "title": f"Order in {case}",
            "type": type_,
            "filed_by": filed_by,
            "date_filed": date,
            "judge": judge,
            "disposition": disposition,
            "pages": text.count("\f") + 1,
        },
        "source": {
            "spider": "test",
            "url": None if event else f"https://court.example/{rid}.pdf",
            "fetched_at": date + "T12:00:00Z",
        },
        "files": {
            "original": f"originals/ab/{rid.replace('/', '-')}.pdf" if downloaded and not event else None,
            "text": f"records/{rid}.txt",
        },
        "quotes": [{"rank": i + 1, "text": quote, "page": page} for i, (page, quote) in enumerate(quotes)],
        "citations": [],
        "errors": [],
    }
    if redactions is not None:
        record.update(schema_version=3, redactions=list(redactions))
    for key, data, kind in (
        (f"records/{rid}.txt", text.encode(), "text/plain"),
        (f"records/{rid}.json", record_json(record), "application/json"),
    ):
        archive.blobs.write(key, data, sha256=sha256_hex(data), content_type=kind, once=False)
    return record


@dataclass
class Receiver:
    """A webhook receiver: 204 for a correctly signed POST, 401 otherwise."""

    secret: str = SECRET
    port: int = field(default_factory=lambda: free_port(set()))
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: int = 0
    _server: LoopbackServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/court?token=t0k3n"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(expected, self.headers.get("X-Court-Archive-Signature", "")):
                    receiver.rejected += 1
                    self.send_response(401)
                else:
                    receiver.accepted.append(
                        {"key": self.headers["Idempotency-Key"], "path": self.path, "body": json.loads(body)}
                    )
                    self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        LoopbackServer.allow_reuse_address = True
        self._server = LoopbackServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def documents(self) -> list[str]:
        return [post["body"]["document"]["id"] for post in self.accepted]


class _Collect:
    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


@dataclass
class Mailbox:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, keeping every message it was given."""

    port: int = field(default_factory=lambda: free_port(set()))
    messages: list[Message] = field(default_factory=list)
    _controller: Controller | None = None

    def start(self) -> Mailbox:
        self._controller = Controller(_Collect(self.messages), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def environment(self) -> dict[str, str]:
        return {
            "COURT_ARCHIVE_SMTP_HOST": "127.0.0.1",
            "COURT_ARCHIVE_SMTP_PORT": str(self.port),
            "COURT_ARCHIVE_SMTP_FROM": "watches@court-archiver.test",
        }
