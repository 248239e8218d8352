"""Bounds on what a source sends, checked as it is parsed: its size and how deep it nests.

Every spider's parsers read API answers and pages through these, so a broken or hostile source
(a 50 MB answer, `[[[[…` a hundred thousand levels deep, `<div>` in `<div>` without end) ends
as that source's own typed error, raised in the callback as a page that changed shape is:
counted in `spider_exceptions/<error>`, the crawl going on. Never a crash, never a hang.
XML is parsed by lxml without `huge_tree`, whose depth limit (256) raises a syntax error the
XML parsers type already; it only needs `check_size`.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree
from lxml.html import HTMLParser
from parsel import Selector

# Far above any page or API answer our sources send (the largest, a RECAP document's answer
# with its full text, is a few MB), far below DOWNLOAD_MAXSIZE, which is sized for PDFs.
MAX_BYTES = 32 * 1024 * 1024


def check_size(data: str | bytes, what: str, error: type[Exception]) -> None:
    """Refuse a body over MAX_BYTES (characters, for text) before parsing it.

    Raises:
        error: `data` is larger than that.
    """
    if len(data) > MAX_BYTES:
        raise error(f"{what} is too large to parse: {len(data):,} bytes, over the limit of {MAX_BYTES:,}")


def load_json(data: str | bytes, what: str, error: type[Exception]) -> Any:
    """The JSON value in `data`, `what` naming it in errors.

    Raises:
        error: `data` is too large, nested too deep for Python's parser (which recurses), or
            not JSON.
    """
    check_size(data, what, error)
    try:
        return json.loads(data)
    except RecursionError:
        raise error(f"{what} is nested too deep to parse") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, an integer of 5,000 digits
        raise error(f"{what} is not JSON: {exc}") from exc


def html_selector(html: str, what: str, error: type[Exception]) -> Selector:
    """A Selector on `html`, parsed as parsel parses it, refusing what lxml would cut short.

    Raises:
        error: `html` is too large, or nests deeper than libxml2 goes (2,048 levels), which
            would silently drop the rest of the page.
    """
    check_size(html, what, error)
    parser = HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = etree.fromstring(html.strip().replace("\x00", "").encode("utf-8") or b"<html/>", parser=parser)
    limits = [e.message for e in parser.error_log if e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT]
    if limits:
        raise error(f"{what} is nested too deep to parse: {limits[0]}")
    return Selector(root=root if root is not None else etree.fromstring(b"<html/>", parser=parser), type="html")
