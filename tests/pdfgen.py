"""PDFs generated at test time, so no binary fixture is committed: fpdf2, or by hand if need be."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image


def _new_pdf() -> FPDF:
    """An A4 document with a core font set, so text pages need no font file."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=12)
    return pdf


def text_pdf(pages: list[str]) -> bytes:
    """Born-digital PDF with one page per string, each drawn as real text."""
    pdf = _new_pdf()
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def encrypted_pdf(user_password: str = "secret") -> bytes:
    """One text page encrypted with AES-256; `user_password=""` gives an owner-password-only PDF."""
    pdf = _new_pdf()
    pdf.set_encryption(
        owner_password="owner-only",
        user_password=user_password,
        encryption_method=EncryptionMethod.AES_256,
    )
    pdf.add_page()
    pdf.multi_cell(0, 10, "Sealed order of the court")
    return bytes(pdf.output())


def image_only_pdf(pages: int = 2) -> bytes:
    """PDF whose pages hold only a raster image, like a scan without OCR."""
    pdf = _new_pdf()
    scan = Image.new("L", (200, 280), color=235)  # a grey "sheet of paper", no glyphs
    for _ in range(pages):
        pdf.add_page()
        pdf.image(scan, x=10, y=10, w=190)
    return bytes(pdf.output())


def truncated_pdf() -> bytes:
    """A real generated PDF cut in half, as a dropped download leaves it."""
    whole = text_pdf(["First page of an order.", "Second page of an order."])
    return whole[: len(whole) // 2]


def not_a_pdf() -> bytes:
    """The body a server sends instead of the PDF when it is overloaded."""
    return b"<html><body>503 Service Unavailable</body></html>"


def zero_page_pdf() -> bytes:
    """A PDF whose page tree is empty; fpdf2 cannot make one, it always adds a page."""
    return _handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    )


def form_feed_pdf() -> bytes:
    """One page whose text is "before", a form feed, "after": our page separator inside a page.

    fpdf2 writes a form feed as an unmapped glyph, so the font's encoding maps code 12 to
    U+000C by hand here.
    """
    content = b"BT /F1 12 Tf 72 720 Td (before\\014after) Tj ET"
    return _handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding"
        b" << /BaseEncoding /WinAnsiEncoding /Differences [12 /uni000C] >> >>",
    )


def _handmade_pdf(*objects: bytes) -> bytes:
    """A minimal PDF from raw objects numbered from 1, the first being the catalog.

    There is no xref table: pdfminer, like other readers, rebuilds it by scanning for "N 0 obj".
    """
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, obj) for n, obj in enumerate(objects, 1))
    return b"%PDF-1.4\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
