"""OCR (parsers/ocr.py): which pages need it, what Tesseract reads there, and its limits.

Expected sentences were read by a person off the rendered page images of dev files
(`pdftoppm -r 80`); OCR may misread a character, so a sentence counts as found when some run
of words in the OCR text matches it with a difflib ratio of at least 0.9, and a few
distinctive words must be there exactly. Which pages need OCR follows PROVENANCE's 'layer'
column and the issue (scans, the garbage layer, ECF stamps over scans).
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytesseract
import pytest

from parsers.chars import Char, PageChars
from parsers.engine_pdfium import pdfium_pages
from parsers.engine_pdfplumber import pdfplumber_pages
from parsers.layout import clean_pages
from parsers.ocr import OCR_FONT, OcrFailed, merge_layers, ocr_page, page_needs_ocr
from tests.conftest import SHARED
from tests.parsers.test_engine_pdfium import run_bounded
from tests.support import pdfgen
from tests.support.missing import missing

CorpusPdf = Callable[[str], Path]


@pytest.fixture(scope="module", autouse=True)
def tesseract() -> None:
    """Skip without the tesseract binary, except under CI, which installs it."""
    if shutil.which("tesseract") is None:
        missing("tesseract is not installed (apt install tesseract-ocr tesseract-ocr-eng)")


def text_of(page: PageChars) -> str:
    """OCR chars as text: they come line by line, and a line's glyphs share top and bottom."""
    lines: list[list[str]] = []
    band = None
    for char in page.chars:
        if (char.top, char.bottom) != band:
            lines.append([])
            band = (char.top, char.bottom)
        lines[-1].append(char.text)
    return "\n".join("".join(line) for line in lines)


def found(sentence: str, text: str) -> float:
    """How well `sentence` occurs in `text`: the best difflib ratio over runs of its length
    (one word more or less), case, quotes and line breaks ignored."""

    def norm(value: str) -> str:
        return " ".join(value.translate(_QUOTES).lower().split())

    target, words = norm(sentence), norm(text).split()
    size = len(target.split())
    best = 0.0
    for length in (size - 1, size, size + 1):
        for start in range(max(1, len(words) - length + 1)):
            matcher = difflib.SequenceMatcher(None, " ".join(words[start : start + length]), target)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
    return best


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


# --- which pages need OCR -------------------------------------------------------------------

# Dev pages that need OCR, with the start of the reason; every other dev page must get None.
NEEDS_OCR = {
    "courtlistener__Calderon_Fuentes_EHO.pdf": {page: "no text layer" for page in range(7, 12)},
    "doctor__image-pdf-2.pdf": {1: "no text layer"},
    "doctor__image-pdf.pdf": {1: "no text layer", 2: "no text layer"},
    "doctor__vector-pdf.pdf": {29: "no text layer", 30: "no text layer"},  # appendix maps
    "doctor__gov.uscourts.nysd.413994.212.0.pdf": {1: "text layer is not words", 2: "text layer is not words"},
    # Scans whose only text is the ECF stamp (PROVENANCE: 'image', 'text (N image pages)').
    "courtlistener__pdf_ocr_test.pdf": {1: "text covers only"},
    "doctor__ca4_17.pdf": {1: "text covers only"},
    "doctor__ocr_pdf_variation.pdf": {1: "text covers only"},  # the stamp and an image "UNITED"
    "doctor__gov.uscourts.cand.16711.581.0.pdf": {page: "text covers only" for page in range(1, 5)},
    "doctor__gov.uscourts.cand.203070.27.0.pdf": {1: "text covers only", 2: "text covers only"},
    "doctor__gov.uscourts.cand.203343.17.0.pdf": {1: "text covers only"},
    "doctor__gov.uscourts.nysd.413741.11.0.pdf": {1: "text covers only", 15: "text covers only"},
    "xray__gov.uscourts.cand.327949.547.0_1.pdf": {3: "text covers only"},
    "xray__no_bad_redactions.4.1.pdf": {1: "text covers only"},
    # A scanned signature page whose OCR layer holds four short lines: OCR'd again.
    "recap__gov.uscourts.nysd.351385.14.0.pdf": {2: "text covers only"},
}
# Born-digital pages with little text and no image, which an area rule alone would OCR.
SPARSE_TYPED = {
    "doctor__ca9_19.pdf": [12],  # "Counsel for Plaintiffs-Appellees" and the stamp
    "doctor__ca6_1-3.pdf": [3],
    "doctor__rectangles_yes_2.pdf": [1],  # "abcdefghi"
    "xray__gov.uscourts.cand.327949.547.0_1.pdf": [2],  # blank-redacted pleading page
}


def dev_files() -> list[str]:
    """The dev split of ../shared/corpus/SPLITS.md, without the 0-byte file.

    Without ../shared, one placeholder goes to the corpus_pdf fixture, which skips (fails on CI).
    """
    splits = SHARED / "corpus" / "SPLITS.md"
    if not splits.exists():
        return ["absent.pdf"]
    text = splits.read_text(encoding="utf-8")
    dev = text.split("## dev", 1)[1].split("## eval", 1)[0]
    return [line[2:].strip() for line in dev.splitlines() if line.startswith("- ") and "empty" not in line]


def test_pages_needing_ocr_are_found_on_every_dev_page(corpus_pdf: CorpusPdf) -> None:
    # Fast engine on every dev page; the default engine's chars are checked below.
    for name in dev_files():
        data = corpus_pdf(name).read_bytes()
        for page in pdfium_pages(data, max_pages=None):
            reason = page_needs_ocr(page, pdf=data)
            expected = NEEDS_OCR.get(name, {}).get(page.number)
            where = f"{name} page {page.number}: {reason}"
            if expected is None:
                assert reason is None, where
            else:
                assert reason is not None and reason.startswith(expected), where


@pytest.mark.parametrize("name", sorted(set(NEEDS_OCR) | set(SPARSE_TYPED)))
def test_pages_needing_ocr_are_the_same_with_the_default_engine(corpus_pdf: CorpusPdf, name: str) -> None:
    data = corpus_pdf(name).read_bytes()
    for page in pdfplumber_pages(data, max_pages=None):
        reason = page_needs_ocr(page, pdf=data)
        expected = NEEDS_OCR.get(name, {}).get(page.number)
        if expected is None:
            assert reason is None, f"page {page.number}: {reason}"
        else:
            assert reason is not None and reason.startswith(expected), f"page {page.number}"


def test_without_the_pdf_a_sparse_typed_page_is_taken_for_a_scan(corpus_pdf: CorpusPdf) -> None:
    # No image check is possible without the bytes: err towards OCR, and say so.
    data = corpus_pdf("doctor__ca9_19.pdf").read_bytes()
    page = list(pdfium_pages(data, max_pages=None))[11]

    assert page_needs_ocr(page, pdf=data) is None
    assert page_needs_ocr(page) == "text covers only 1.4% of the page (images not checked)"


def test_letters_in_no_order_are_not_words() -> None:
    # A font whose code points were remapped: a Caesar shift of real prose.
    prose = (
        "The court has considered the motion for summary judgment and the papers filed in "
        "support and in opposition, and for the reasons stated the motion is granted. "
    ) * 3
    shifted = prose.translate(
        str.maketrans(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "defghijklmnopqrstuvwxyzabcDEFGHIJKLMNOPQRSTUVWXYZABC",
        )
    )

    [typed] = pdfium_pages(pdfgen.text_pdf([prose]), max_pages=None)
    [garbled] = pdfium_pages(pdfgen.text_pdf([shifted]), max_pages=None)

    assert page_needs_ocr(typed) is None
    reason = page_needs_ocr(garbled)
    assert reason is not None and reason.startswith("text layer is not words:")


def test_a_page_of_figures_is_text() -> None:
    table = "\n".join(f"{year}   {year * 37 % 9973:>6,}   {year * 53 % 7919:>6,}.00" for year in range(2001, 2021))
    [page] = pdfium_pages(pdfgen.text_pdf([table]), max_pages=None)

    assert page_needs_ocr(page) is None


# --- OCR of generated pages -----------------------------------------------------------------


def test_a_mixed_filing_gets_ocr_only_on_its_scanned_page() -> None:
    data = pdfgen.scanned_pdf(
        [
            "Notice of filing. The typed cover page of the exhibit.",
            "scan:It is so ordered. The motion to dismiss is denied.",
        ]
    )
    typed, scanned = pdfium_pages(data, max_pages=None)

    assert page_needs_ocr(typed, pdf=data) is None
    assert page_needs_ocr(scanned, pdf=data) == "no text layer"
    page = ocr_page(data, 2, timeout=60)
    assert text_of(page) == "It is so ordered. The motion to dismiss is denied."
    assert (page.number, page.width, page.height) == (2, 612, 792)
    assert {char.font for char in page.chars} == {OCR_FONT}


def test_a_typed_stamp_stays_typed_and_the_ocr_words_on_it_go() -> None:
    stamp = "Case 2:21-cv-00031-BJR Document 42 Filed 01/21/21 Page 1 of 1"
    data = pdfgen.scanned_pdf(["scan:It is so ordered."], stamp=stamp)
    [layer] = pdfium_pages(data, max_pages=None)

    merged = merge_layers(layer, ocr_page(data, 1, timeout=60))

    typed = "".join(char.text for char in merged.chars if char.font != OCR_FONT)
    read = "".join(char.text for char in merged.chars if char.font == OCR_FONT)
    assert typed.replace(" ", "") == stamp.replace(" ", "")
    assert read.split() == ["It", "is", "so", "ordered."]


def test_a_text_layer_that_is_not_words_is_dropped_for_the_ocr() -> None:
    data = pdfgen.scanned_pdf(["scan:It is so ordered."])
    [scan] = pdfium_pages(data, max_pages=None)
    [garbage] = pdfium_pages(pdfgen.text_pdf(["#$%& *+<> ~^|\\ @@## $$%% &&** ++<< >>~~ ^^||"]), max_pages=None)
    read = ocr_page(data, 1, timeout=60)

    assert merge_layers(scan, read) == read
    assert merge_layers(garbage, read) == read


def test_ocr_chars_sit_where_the_words_are_drawn() -> None:
    # The picture is the whole letter page; its words start 200 px (72 pt) from the left at
    # 200 dpi, and the first line's glyphs stand about 200 px (72 pt) from the top.
    data = pdfgen.scanned_pdf(["scan:Ordered."])
    page = ocr_page(data, 1, timeout=60)

    first = page.chars[0]
    assert first.text == "O"
    assert first.x0 == pytest.approx(72, abs=3)
    assert first.top == pytest.approx(72, abs=6)
    assert first.matrix[:4] == (1.0, 0.0, 0.0, 1.0)
    assert all(char.top == first.top and char.bottom == first.bottom for char in page.chars)


def test_tesseract_past_its_timeout_is_an_ocr_failure() -> None:
    data = pdfgen.scanned_pdf(["scan:" + "The motion is denied. " * 60])

    with pytest.raises(OcrFailed, match="tesseract took more than 0.01 s on page 1") as raised:
        ocr_page(data, 1, timeout=0.01)

    assert raised.value.kind == "ocr_failed"


def test_missing_tesseract_is_an_ocr_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")

    with pytest.raises(OcrFailed, match="tesseract is not installed"):
        ocr_page(pdfgen.scanned_pdf(["scan:Ordered."]), 1, timeout=60)


def test_a_huge_image_is_refused_before_it_is_decoded() -> None:
    result = run_bounded(
        "pdfgen.image_bomb_pdf(side=60000)", "result = {'chars': len(ocr_page(data, 1, timeout=60).chars)}"
    )

    assert result["error"] == "OcrFailed"
    assert result["message"] == ("page 1 has a 60000 x 60000 pixel image, over the limit of 150,000,000 pixels")
    assert result["seconds"] < 5


def test_a_giant_page_is_rendered_at_a_lower_resolution() -> None:
    # 200 x 200 inches: 3.6 billion pixels at 300 dpi, capped at 20 million.
    result = run_bounded(
        "pdfgen.giant_page_pdf()",
        """
        page = ocr_page(data, 1, timeout=60)
        result = {'text': ''.join(char.text for char in page.chars), 'width': page.width}
    """,
    )

    assert result["text"] == "A very large page"
    assert result["width"] == 14400
    assert result["added_mb"] < 300
    assert result["seconds"] < 60


# --- OCR of dev scans ----------------------------------------------------------------------

# Read off the page images by a person.
SENTENCES = {
    ("doctor__image-pdf-2.pdf", 1): [
        "TENNESSEE BUREAU OF WORKERS' COMPENSATION",
        (
            "In this interlocutory appeal, the employer challenges the trial court's denial of its "
            "motion for summary judgment, which was based on the election of remedies doctrine."
        ),
        "The employer has appealed.",
        "Judge Timothy W. Conner dissented.",
    ],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 7): [
        (
            "If you disagree with this Expedited Hearing Order, you may appeal to the Workers' "
            "Compensation Appeals Board."
        ),
        "You bear the responsibility of ensuring a complete record on appeal.",
        "For self-represented litigants: Help from an Ombudsman is available at 800-332-2667.",
    ],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 8): [
        "EXPEDITED HEARING NOTICE OF APPEAL",
        ("Provide a short and plain statement of the issues on appeal or basis for relief on appeal:"),
        "Medical benefits under prior order issued by the Court",
    ],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 9): [
        "Attach an additional sheet for each additional Appellee",
        "CERTIFICATE OF SERVICE",
        ("Expedited Hearing Notice of Appeal by First Class, United States Mail, postage prepaid, to all parties"),
    ],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 10): [
        "Affidavit of Indigency",
        (
            "because of my poverty, I am unable to bear the costs of this appeal and request that "
            "the filing fee to appeal be waived."
        ),
        ("My present monthly household income, after federal income and social security taxes are deducted, is:"),
    ],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 11): [
        (
            "I hereby declare under the penalty of perjury that the foregoing answers are true, "
            "correct, and complete and that I am financially unable to pay the costs of this appeal."
        ),
        "Sworn and subscribed before me, a notary public, this",
    ],
    ("doctor__ca4_17.pdf", 1): [
        "UNITED STATES COURT OF APPEALS FOR THE FOURTH CIRCUIT",
        "APPEARANCE OF COUNSEL FORM",
        "Electronic filing by counsel is required in all Fourth Circuit cases.",
        ("I certify that on 10-31-17 the foregoing document was served on all parties or their counsel of record"),
    ],
    ("recap__gov.uscourts.nysd.351385.14.0.pdf", 1): [
        (
            "the Court concludes that, even though the objections raised by respondent are not "
            "without force, the Court need not reach them"
        ),
        "Clerk to enter judgment.",
        "SO ORDERED.",
    ],
    ("doctor__gov.uscourts.nysd.413994.212.0.pdf", 1): [
        "PAUL A. ENGELMAYER, District Judge:",
        ("The Court construes this motion as asking for relief under Rule 60(b)(3) and Rule 60(b)(6)."),
        "Neither warrants relief here.",
    ],
    ("doctor__ocr_pdf_variation.pdf", 1): ["UNITED"],
}
WORDS = {
    ("doctor__image-pdf-2.pdf", 1): ["interlocutory", "Morristown", "Remanded"],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 7): ["Ombudsman", "Indigency", "transcript"],
    ("courtlistener__Calderon_Fuentes_EHO.pdf", 11): ["perjury", "NOTARY"],
    ("doctor__ca4_17.pdf", 1): ["FOURTH", "Greensboro,", "27401"],
    ("recap__gov.uscourts.nysd.351385.14.0.pdf", 1): ["Cunningham", "habeas", "Magistrate"],
    ("doctor__gov.uscourts.nysd.413994.212.0.pdf", 1): ["ENGELMAYER,", "misrepresented"],
}


@cache
def ocr_corpus_page(path: Path, number: int) -> PageChars:
    """One corpus page OCR'd, once per test session (a page takes Tesseract seconds)."""
    return ocr_page(path.read_bytes(), number, timeout=120)


@pytest.mark.parametrize(
    ("name", "number"), sorted(SENTENCES), ids=[f"{name}-p{number}" for name, number in sorted(SENTENCES)]
)
def test_ocr_reads_what_a_person_reads_on_the_page(corpus_pdf: CorpusPdf, name: str, number: int) -> None:
    text = text_of(ocr_corpus_page(corpus_pdf(name), number))

    for sentence in SENTENCES[(name, number)]:
        assert found(sentence, text) >= 0.9, (sentence, text)
    for word in WORDS.get((name, number), []):
        assert word in text.split(), word


def test_ocr_words_sit_on_the_scans_own_ocr_layer(corpus_pdf: CorpusPdf) -> None:
    # recap nysd.351385 page 1 is a scan carrying an OCR layer made by the court's scanner, an
    # independent oracle for where each word is on the page.
    path = corpus_pdf("recap__gov.uscourts.nysd.351385.14.0.pdf")
    ours = ocr_corpus_page(path, 1)
    [layer, _] = pdfplumber_pages(path.read_bytes(), max_pages=None)

    for word in ["Magistrate", "Cunningham", "prejudice."]:
        mine, theirs = word_start(ours, word), word_start(layer, word)
        assert mine.x0 == pytest.approx(theirs.x0, abs=2), word
        assert mine.bottom == pytest.approx(theirs.bottom, abs=2), word
        assert mine.size == pytest.approx(theirs.size, rel=0.2), word


def word_start(page: PageChars, word: str) -> Char:
    """The first char of the first run of consecutive chars spelling `word`."""
    text = "".join(char.text for char in page.chars)
    assert len(text) == len(page.chars) and word in text, word
    return page.chars[text.index(word)]


def test_ocr_chars_feed_the_cleaning_like_typed_ones(corpus_pdf: CorpusPdf) -> None:
    # The cleaning groups chars into lines and paragraphs by geometry: OCR lines must join.
    page = ocr_corpus_page(corpus_pdf("doctor__image-pdf-2.pdf"), 1)

    body = clean_pages([page]).pages[0]

    assert "Judge Timothy W. Conner dissented." in body
    assert "for the employer-appellant, Morristown Driver’s Services, Inc." in body
