"""Our Datasette plugin: a page per document (facts, key quotes on their highlighted PDF pages,
the original), and links to it from the catalog's tables and queries.

Every route takes a record id and nothing else: the record is looked up in the catalog by that
id, and the original is read from the archive under the key its sha256 names, then hashed and
compared with the record before a byte of it is served. No part of a request becomes a path.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import quote as url_quote

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from storage.archive import Archive
from storage.blobs.base import CorruptBlob, StorageError
from storage.web.metadata import DATABASE, MARK
from storage.web.pages import Box, PageError, quote_boxes, render_page

F = TypeVar("F", bound=Callable[..., Any])
_PART = r"(?!\.)[A-Za-z0-9._-]+"  # an id part: the characters ids are made of, never `.` or `..`
_ID = rf"(?P<court>{_PART})/(?P<source>{_PART})"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
PAGE_CACHE = 32  # rendered page images kept in memory


def _hook(function: F) -> F:
    """Datasette's `hookimpl`, typed."""
    return cast(F, hookimpl(function))


class OriginalRefused(Exception):
    """The original cannot be served: missing, damaged, or not the bytes its record names."""


def document_path(rid: str) -> str:
    """The document page of record `rid`."""
    return f"/-/document/{url_quote(rid)}"


def verified_original(archive: Archive, record: dict[str, Any]) -> bytes:
    """The original PDF of `record`, read under the key its sha256 names and checked against it.

    Raises:
        OriginalRefused: the record names no original (or another key than its hash's), the
            archive lacks it, or its bytes do not hash to the record's sha256.
    """
    sha256 = record.get("sha256")
    key = (record.get("files") or {}).get("original")
    if not isinstance(sha256, str) or not _SHA256.match(sha256) or key is None:
        raise OriginalRefused(f"{record.get('id')} has no original")
    if key != Archive.original_key(sha256):
        raise OriginalRefused(f"{record.get('id')} names an original under another key than its sha256's")
    try:
        blob = archive.blobs.fetch(key)
    except CorruptBlob as exc:
        raise OriginalRefused(f"{key} is damaged: {exc}") from None
    if blob is None:
        raise OriginalRefused(f"{key} is missing from the archive")
    actual = hashlib.sha256(blob.data).hexdigest()
    if actual != sha256 or (blob.sha256 is not None and blob.sha256 != sha256):
        raise OriginalRefused(f"{key}: its sha256 is {actual}, its record says {sha256}; not served")
    return blob.data


class CourtArchivePlugin:
    """The document page and its images, for one archive and the catalog Datasette serves."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        # Datasette names a plugin by its module's `__name__` and takes the templates beside
        # that package: court_document.html.
        self.__name__ = "storage.web"
        self._pages: OrderedDict[tuple[str, int, tuple[Box, ...]], bytes] = OrderedDict()

    @_hook
    def register_routes(self) -> list[tuple[str, Callable[..., Any]]]:
        """The document page, its page images and its original."""
        return [
            (rf"^/-/document/{_ID}$", self.document_page),
            (rf"^/-/document/{_ID}/page/(?P<page>[0-9]{{1,5}})\.png$", self.page_image),
            (rf"^/-/document/{_ID}/original\.pdf$", self.original),
        ]

    @_hook
    def render_cell(self, value: Any, column: str, table: str | None, database: str) -> Markup | None:
        """Record ids link to their document page; search snippets show their matches marked."""
        if database != DATABASE or not isinstance(value, str):
            return None
        if (table == "documents" and column == "id") or (table is None and column == "document"):
            return Markup('<a href="{}">{}</a>').format(document_path(value), value)
        if table is None and column == "snippet":
            marked = str(escape(value)).replace(MARK[0], "<mark>").replace(MARK[1], "</mark>")
            return Markup(marked)
        return None

    async def _record(self, datasette: Any, request: Any) -> dict[str, Any]:
        """The record the request's id names, from the catalog; 403 for an actor not allowed to
        see the catalog, 404 for an id it does not hold."""
        await datasette.ensure_permissions(
            request.actor, [("view-table", (DATABASE, "documents")), ("view-database", DATABASE), "view-instance"]
        )
        rid = f"{request.url_vars['court']}/{request.url_vars['source']}"
        row = (
            await datasette.get_database(DATABASE).execute("SELECT record FROM documents WHERE id = ?", [rid])
        ).first()
        if row is None:
            raise NotFound(f"No document {rid}")
        record: dict[str, Any] = json.loads(row["record"])
        return record

    async def _original(self, record: dict[str, Any]) -> bytes:
        if not (record.get("files") or {}).get("original"):
            raise NotFound(f"{record['id']} has no original")
        try:
            return await asyncio.to_thread(verified_original, self.archive, record)
        except StorageError as exc:
            raise OriginalRefused(f"the archive cannot be read: {exc}") from None

    async def document_page(self, datasette: Any, request: Any) -> Response:
        """The record's facts, its key quotes each on its highlighted page, and its original."""
        record = await self._record(datasette, request)
        quotes = [
            {**quote, "rank": rank, "pages": sorted(quote_boxes(quote))}
            for rank, quote in enumerate(record.get("quotes") or [], 1)
        ]
        context = {
            "record": record,
            "quotes": quotes,
            "path": document_path(record["id"]),
            "facts": _facts(record),
            "database": DATABASE,
            "row_url": datasette.urls.row(DATABASE, "documents", tilde_encode(record["id"])),
        }
        html = await datasette.render_template("court_document.html", context, request=request)
        return Response.html(html)

    async def page_image(self, datasette: Any, request: Any) -> Response:
        """A page of the original as PNG; `?quote=N` highlights the record's quote N."""
        record = await self._record(datasette, request)
        page = int(request.url_vars["page"])
        boxes: tuple[Box, ...] = ()
        wanted = request.args.get("quote")
        if wanted is not None:
            quotes = record.get("quotes") or []
            if not wanted.isdigit() or not 1 <= int(wanted) <= len(quotes):
                raise NotFound(f"{record['id']} has no quote {wanted}")
            boxes = tuple(quote_boxes(quotes[int(wanted) - 1]).get(page, []))
        key = (str(record.get("sha256")), page, boxes)
        png = self._pages.get(key)
        if png is None:
            try:
                png = await asyncio.to_thread(render_page, await self._original(record), page, boxes)
            except OriginalRefused as exc:
                return Response.text(str(exc), status=500)
            except PageError as exc:
                raise NotFound(str(exc)) from None
            self._pages[key] = png
            while len(self._pages) > PAGE_CACHE:
                self._pages.popitem(last=False)
        self._pages.move_to_end(key)
        return Response(png, content_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    async def original(self, datasette: Any, request: Any) -> Response:
        """The original PDF, served only when it hashes to its record's sha256."""
        record = await self._record(datasette, request)
        try:
            pdf = await self._original(record)
        except OriginalRefused as exc:
            return Response.text(str(exc), status=500)
        name = f"{record['id'].replace('/', '-')}.pdf"
        return Response(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"', "X-Content-SHA256": record["sha256"]},
        )


def _facts(record: dict[str, Any]) -> list[tuple[str, Any]]:
    """The record's facts a reader looks for first, in order, the unknown ones left out."""
    case, document, court = record.get("case") or {}, record.get("document") or {}, record.get("court") or {}
    source = record.get("source") or {}
    facts = [
        ("Case", case.get("name")),
        ("Caption", case.get("name_full")),
        ("Docket", case.get("docket_number")),
        ("Court", court.get("name") or court.get("id")),
        ("Title", document.get("title")),
        ("Type", document.get("type")),
        ("Filed by", document.get("filed_by")),
        ("Date filed", document.get("date_filed")),
        ("Judge", document.get("judge")),
        ("Disposition", document.get("disposition")),
        ("Motion", document.get("motion")),
        ("Citation", document.get("citation")),
        ("Pages", document.get("pages")),
        ("Source", source.get("url")),
        ("SHA-256", record.get("sha256")),
    ]
    return [(label, value) for label, value in facts if value not in (None, "")]
