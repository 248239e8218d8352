"""One PDF page as a PNG, rendered by PDFium, with a quote's boxes highlighted."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pypdfium2
from PIL import Image, ImageDraw

SCALE = 1.5  # pixels per PDF point: a letter page is 918 pixels wide
HIGHLIGHT = (255, 214, 0, 110)  # translucent yellow, so the words stay legible
OUTLINE = (214, 120, 0, 255)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top-left


class PageError(ValueError):
    """The page cannot be rendered: not in the PDF, or the PDF cannot be read."""


def quote_boxes(quote: dict[str, Any]) -> dict[int, list[Box]]:
    """A record quote's boxes by page (`bbox` holds `[page, x0, top, x1, bottom]` per line)."""
    pages: dict[int, list[Box]] = {}
    for item in quote.get("bbox") or []:
        if isinstance(item, list) and len(item) == 5 and all(isinstance(v, (int, float)) for v in item):
            page, x0, top, x1, bottom = item
            pages.setdefault(int(page), []).append((float(x0), float(top), float(x1), float(bottom)))
    return pages


def render_page(pdf: bytes, page_number: int, boxes: Sequence[Box] = (), *, scale: float = SCALE) -> bytes:
    """Page `page_number` (from 1) of `pdf` as PNG bytes, with `boxes` highlighted.

    Raises:
        PageError: no such page, or PDFium cannot read the PDF.
    """
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise PageError(f"PDFium cannot open the PDF: {exc}") from None
    try:
        if not 1 <= page_number <= len(document):
            raise PageError(f"page {page_number} is not in this {len(document)}-page PDF")
        page = document[page_number - 1]
        try:
            image = page.render(scale=scale).to_pil().convert("RGBA")
        finally:
            page.close()
    finally:
        document.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for x0, top, x1, bottom in boxes:
            draw.rectangle(
                [x0 * scale - 2, top * scale - 2, x1 * scale + 2, bottom * scale + 2],
                fill=HIGHLIGHT,
                outline=OUTLINE,
                width=2,
            )
        image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
