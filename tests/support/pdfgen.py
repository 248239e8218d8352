"""PDFs generated at test time, so no binary fixture is committed: fpdf2, or by hand if need be."""

from __future__ import annotations

import struct
import zlib

from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image, ImageDraw, ImageFont


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


# --- layouts that court filings use and the corpus shows too rarely to test every case -------

PLEADING_FIRST_BASELINE = 82.0  # points from the top of a US Letter page
PLEADING_PITCH = 24.0  # double spacing: pleading paper numbers every other 12-point line


def pleading_pdf(
    pages: list[list[str]],
    *,
    stamp: str | None = None,
    footer: str | None = None,
    sidebar: bool = True,
    footnotes: dict[int, str] | None = None,
) -> bytes:
    """Pleading paper as California district courts file it, one list of body lines per page.

    Each page has the numbers 1 to 28 right-aligned in the left margin at a 24 pt pitch (in
    the body's font and size), body lines on the numbered lines (a leading tab indents a line
    by half an inch), the court's name rotated 90 degrees in the outer margin (N.D. Cal.
    style) when `sidebar`, an ECF stamp at the top (`stamp` with `{page}` and `{count}`), a
    footer line and the page number at the foot. `footnotes` maps a page index to a footnote
    set in 10 pt below the body, and a raised 7 pt "1" is drawn after that page's first line.
    """
    pdf = FPDF(unit="pt", format="letter")
    for index, lines in enumerate(pages):
        pdf.add_page()
        if stamp is not None:
            pdf.set_font("Helvetica", size=12)
            pdf.text(120, 27, stamp.format(page=index + 1, count=len(pages)))
        pdf.set_font("Times", size=12)
        for number in range(1, 29):
            label = str(number)
            pdf.text(86 - pdf.get_string_width(label), _pleading_line(number - 1), label)
        for row, line in enumerate(lines):
            indent = 36 if line.startswith("\t") else 0
            pdf.text(99 + indent, _pleading_line(row), line.lstrip("\t"))
        if footnotes and index in footnotes:
            first = lines[0].lstrip("\t")
            indent = 36 if lines[0].startswith("\t") else 0
            pdf.set_font("Times", size=7)
            after_first = 99 + indent + _width(pdf, "Times", 12, first) + 0.5
            pdf.text(after_first, _pleading_line(0) - 4, "1")
            pdf.text(99, 688, "1")
            pdf.set_font("Times", size=10)
            pdf.text(103, 692, footnotes[index])
        if sidebar:
            pdf.set_font("Times", style="B", size=10)
            with pdf.rotation(90, x=30, y=520):
                pdf.text(30, 520, "United States District Court")
            pdf.set_font("Times", size=6)
            with pdf.rotation(90, x=43, y=520):
                pdf.text(43, 520, "For the Northern District of California")
        pdf.set_font("Times", size=12)
        if footer is not None:
            pdf.text(99, 745, footer)
        pdf.text(303, 765, str(index + 1))
    return bytes(pdf.output())


def pleading_caption_pdf(
    counsel: list[str], heading: list[str], caption: list[tuple[str, str]], body: str, *, rule: str = ")"
) -> bytes:
    """A first page on pleading paper as California's district courts' filers set it: the lines
    numbered 1 to 28, counsel's block from line 1, the court's name centred after a blank line,
    then the caption a row a line (the parties left of the `rule` column, the docket, title and
    hearing lines right of it), then `body` wrapped on the lines left."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Times", size=12)
    for number in range(1, 29):
        pdf.text(86 - pdf.get_string_width(str(number)), _pleading_line(number - 1), str(number))
    row = 0
    for line in counsel:
        pdf.text(99, _pleading_line(row), line)
        row += 1
    row += 1 if counsel else 7
    for line in heading:
        pdf.text(99 + (450 - pdf.get_string_width(line)) / 2, _pleading_line(row), line)
        row += 1
    row += 1
    for left, right in caption:
        pdf.text(99, _pleading_line(row), left)
        pdf.text(300, _pleading_line(row), rule)
        pdf.text(315, _pleading_line(row), right)
        row += 1
    words = body.split()
    while words and row < 27:
        line = ""
        while words and pdf.get_string_width(f"{line} {words[0]}".strip()) < 440:
            line = f"{line} {words.pop(0)}".strip()
        pdf.text(99, _pleading_line(row + 1), line)
        row += 1
    return bytes(pdf.output())


def _pleading_line(row: int) -> float:
    """Baseline of pleading line `row` (0-based), in points from the top."""
    return PLEADING_FIRST_BASELINE + PLEADING_PITCH * row


def _width(pdf: FPDF, family: str, size: float, text: str) -> float:
    """Width of `text` in a font, leaving the current font as it was."""
    current = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
    pdf.set_font(family, size=size)
    width = pdf.get_string_width(text)
    pdf.set_font(current[0], style=current[1], size=current[2])
    return width


def spaceless_pdf(lines: list[str], *, size: float = 12) -> bytes:
    """One page whose words are each placed by position, with no space characters at all.

    Some PDF producers draw every word separately; word breaks exist only as gaps.
    """
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=size)
    space = pdf.get_string_width(" ")
    for row, line in enumerate(lines):
        x = 72.0
        for word in line.split():
            pdf.text(x, 100 + row * size * 1.5, word)
            x += pdf.get_string_width(word) + space
    return bytes(pdf.output())


# --- hostile PDFs: limits on pages, memory and pixels (written by hand: fast, and no reader
# --- or writer would make them for us) ------------------------------------------------------

_MIB = 1 << 20


def many_pages_pdf(pages: int = 2000) -> bytes:
    """A filing of `pages` pages, each with one line "Page N of COUNT", made in milliseconds."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * index) for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index in range(pages):
        content = b"BT /F1 12 Tf 72 720 Td (Page %d of %d) Tj ET" % (index + 1, pages)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * index)
        )
        objects.append(_stream(b"", content))
    return _indexed_pdf(objects)


def content_bomb_pdf(gigabytes: int = 4) -> bytes:
    """One page whose content stream is a few kB that inflates to `gigabytes` GiB of NUL bytes.

    The stream is deflated twice (`/Filter [/FlateDecode /FlateDecode]`), so the file stays tiny;
    a reader that inflates streams without a limit allocates the gigabytes.
    """
    payload = zlib.compress(_zeros_deflated(gigabytes << 30), 9)
    return _indexed_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            _stream(b"/Filter [/FlateDecode /FlateDecode]", payload),
        ]
    )


def image_bomb_pdf(side: int = 60000) -> bytes:
    """One page showing a `side` x `side` grey image (3.6 GB decoded by default) in a few kB.

    Text extraction never decodes it; rendering the page for OCR would, unless bounded.
    """
    payload = zlib.compress(_zeros_deflated(side * side), 9)
    content = b"q 540 0 0 720 36 36 cm /Im1 Do Q"
    return _indexed_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                b" /Resources << /XObject << /Im1 5 0 R >> >> >>"
            ),
            _stream(b"", content),
            _stream(
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]" % (side, side),
                payload,
            ),
        ]
    )


def giant_page_pdf(inches: int = 200) -> bytes:
    """One `inches`-square page (200 in, the PDF maximum) with a line of text and no image.

    At 300 dpi it would render to 60,000 x 60,000 pixels.
    """
    side = inches * 72
    content = b"BT /F1 240 Tf 720 %d Td (A very large page) Tj ET" % (side - 1440)
    return _indexed_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>" % (side, side),
            _stream(b"", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def scanned_pdf(pages: list[str], *, size: int = 28, stamp: str | None = None) -> bytes:
    """Letter pages of typed text, except that a string starting with "scan:" becomes a 200 dpi
    greyscale picture of the rest of it, with no text layer, as a scanner makes it.

    `scanned_pdf(["Cover sheet", "scan:It is so ordered."])` is a mixed filing. `stamp` is
    typed over the top of each scanned page, as CM/ECF stamps a scanned filing.
    """
    pdf = FPDF(unit="pt", format="letter")
    for text in pages:
        pdf.add_page()
        if text.startswith("scan:"):
            pdf.image(_typed_image(text.removeprefix("scan:"), size), x=0, y=0, w=612, h=792)
            if stamp is not None:
                pdf.set_font("Helvetica", size=9)
                pdf.text(72, 30, stamp)
        else:
            pdf.set_font("Helvetica", size=12)
            pdf.multi_cell(0, 16, text)
    return bytes(pdf.output())


def _typed_image(text: str, size: int) -> Image.Image:
    """A 200 dpi letter-size greyscale page with `text` wrapped in Pillow's built-in font."""
    page = Image.new("L", (1700, 2200), color=255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=size)
    line, y = "", 200
    for word in text.split():
        if line and draw.textlength(f"{line} {word}", font=font) > 1300:
            draw.text((200, y), line, fill=0, font=font)
            line, y = word, y + int(size * 1.6)
        else:
            line = f"{line} {word}".strip()
    draw.text((200, y), line, fill=0, font=font)
    return page


def _stream(entries: bytes, data: bytes) -> bytes:
    """A stream object with its /Length and any extra dictionary `entries`."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def _zeros_deflated(size: int) -> bytes:
    """A zlib stream that inflates to `size` NUL bytes, built without allocating them.

    After a full flush, deflate forgets its history, so every further MiB of zeros compresses
    to the same bytes: one MiB is compressed and its output repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(_MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(bytes(size % _MIB)) + compressor.flush()
    checksum = ((size % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b grows by 1 a byte
    return b"\x78\xda" + piece * (size // _MIB) + tail + struct.pack(">I", checksum)


def _indexed_pdf(objects: list[bytes]) -> bytes:
    """A PDF from raw objects numbered from 1 (the first is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def caption_pdf(
    left: list[str],
    right: list[str],
    body: str,
    *,
    heading: str,
    counsel: tuple[list[str], list[str]] = ([], []),
    title_below: str = "",
    rule: str = "",
    boxed: bool = False,
    closing: str = "",
    cover: str = "",
) -> bytes:
    """A first page with a centred court heading (its lines split at newlines), then a
    two-column caption (parties in `left`, docket and title in `right`, line by line, the
    columns' lines interleaved as a court's word processor sets them), then a paragraph of
    `body` and the `closing` lines (a signature block). `counsel` is two attorneys' blocks
    printed side by side above the heading; `title_below` a title centred under the caption
    (its lines split at newlines); `rule` the character printed between the columns on every
    caption line (`)`, `:`, `§`); `boxed` sets the caption between dashed rules (New York's);
    `cover` is a cover sheet's lines, printed on a page of their own before the caption's."""
    pdf = _new_pdf()
    if cover:
        pdf.add_page()
        pdf.set_y(80)
        for line in cover.split("\n"):
            pdf.cell(0, 10, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_y(25)
    for row in range(max(len(counsel[0]), len(counsel[1]))):
        for x, block in ((20, counsel[0]), (125, counsel[1])):
            if row < len(block):
                pdf.text(x, 20 + row * 6, block[row])
    if counsel[0] or counsel[1]:
        pdf.set_y(20 + 6 * max(len(counsel[0]), len(counsel[1])) + 4)
    for line in heading.split("\n"):
        pdf.cell(0, 8, line, align="C", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 8
    rows = max(len(left), len(right))
    if boxed:
        pdf.text(20, top - 5, "-" * 75 + " x")
        pdf.text(20, top + 7 * rows - 2, "-" * 75 + " x")
    for row in range(rows):
        y = top + row * 7
        if row < len(left):
            pdf.text(20, y, left[row])
        if rule:
            pdf.text(105, y, rule)
        if row < len(right):
            pdf.text(115, y + 2, right[row])  # set a little lower, as real captions are
    pdf.set_xy(20, top + 7 * rows + 10)
    for line in title_below.split("\n") if title_below else ():
        pdf.cell(0, 8, line, align="C", new_x="LMARGIN", new_y="NEXT")
    if title_below:
        pdf.ln(8)
    pdf.multi_cell(170, 7, body)
    for line in closing.splitlines():
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def overlapping_runs_pdf(*, drop: float) -> bytes:
    """A caption's name with its role set `drop` points lower and across it, then a sentence."""
    pdf = FPDF(format="letter", unit="pt")
    pdf.add_page()
    pdf.set_font("Times", size=12)
    pdf.text(100, 150, "DONALD KNIGHT; ANNA BAER,")
    pdf.text(110, 150 + drop, "Plaintiffs-Appellants,")
    pdf.text(100, 200, "This is the body of the opinion, which is in ordinary type and runs on.")
    return bytes(pdf.output())


def small_caps_pdf(words: list[str], *, big: float = 12, small: float = 9) -> bytes:
    """Words in small capitals, as appellate courts print names: the first letter at `big`
    points, the rest in capitals at `small`, on one baseline; then a sentence."""
    pdf = FPDF(format="letter", unit="pt")
    pdf.add_page()
    x = 100.0
    for word in words:
        pdf.set_font("Times", size=big)
        pdf.text(x, 150, word[0])
        x += pdf.get_string_width(word[0])
        pdf.set_font("Times", size=small)
        pdf.text(x, 150, word[1:].upper())
        x += pdf.get_string_width(word[1:].upper()) + 3
    pdf.set_font("Times", size=12)
    pdf.text(100, 200, "This is the body of the opinion, which is in ordinary type and runs on.")
    return bytes(pdf.output())


def filled_form_pdf(label: str, typed: str) -> bytes:
    """A form's line: `label`, a blank of underscores, and `typed` typed over the blank."""
    pdf = FPDF(format="letter", unit="pt")
    pdf.add_page()
    pdf.set_font("Times", size=12)
    pdf.text(72, 150, label)
    x = 72 + pdf.get_string_width(label) + 4
    pdf.text(x, 150, "_" * 30)
    pdf.text(x + 6, 149, typed)
    pdf.text(72, 200, "This is the body of the form, which is in ordinary type and runs on.")
    return bytes(pdf.output())


def redacted_pdf(lines: list[tuple[str, str, str]], *, box: str = "over") -> bytes:
    """Lines of text (`before`, `covered`, `after`), each with a filled box over `covered`:

    - `over`: a black box painted after the text, which stays in the text layer (a bad
      redaction, as a word processor's drawing tool makes one);
    - `under`: a black box painted first, the text black over it (a word processor's black
      shading: hidden all the same);
    - `label`: a black box painted first, the text white over it (a label: visible);
    - `white`: a white box painted after the text (whiteout: hidden, but no redaction bar);
    - `proper`: a black box where `covered` would be, with no text under it.

    A line with nothing `covered` gets no box.
    """
    pdf = FPDF(format="letter", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for row, (before, covered, after) in enumerate(lines):
        y = 100 + 24 * row
        start = 72 + pdf.get_string_width(before)
        width = pdf.get_string_width(covered)
        pdf.set_fill_color(255 if box == "white" else 0)
        if not covered:
            pdf.set_text_color(0)
            pdf.text(72, y, before + after)
            continue
        if box in ("under", "label"):
            pdf.rect(start - 1, y - 11, width + 2, 15, style="F")
        pdf.set_text_color(255 if box == "label" else 0)
        if box == "proper":
            pdf.text(72, y, before)
            pdf.text(start + width, y, after)
        else:
            pdf.text(72, y, before + covered + after)
        if box in ("over", "white", "proper"):
            pdf.rect(start - 1, y - 11, width + 2, 15, style="F")
    return bytes(pdf.output())
