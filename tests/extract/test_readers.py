"""The readers on real corpus files: text-layer PDFs, slides, OCR of a scanned chapter and of phone photos.

What a reader returns is checked here, below the API; tests/ingest checks that uploads reach the readers."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image

from studybuddy.extract.accuracy import character_error_rate
from studybuddy.extract.document import ExtractedFile
from studybuddy.extract.reader import extract_file
from studybuddy.ingest.filetypes import sniff
from tests.conftest import CORPUS, make_settings

SCANS = CORPUS / "scans"
SCANNED_CHAPTER, PHONE_PHOTO = "heart-anatomy-scanned.pdf", "heart-anatomy-page1.jpg"


async def read(path: Path, settings_dir: Path, **overrides) -> ExtractedFile:
    """The file as the job reads it: its kind sniffed from its content, in the sandboxed reader process."""
    settings = make_settings(settings_dir, **overrides)
    return await extract_file(path, sniff(path), path.name, force_ocr=False, settings=settings)


def text_of(file: ExtractedFile) -> str:
    return "\n".join(f"{page.heading or ''}\n{page.text}" for page in file.pages)


def truth(name: str) -> str:
    return (SCANS / name).with_suffix(".gt.txt").read_text()


def page_truths(name: str) -> list[str]:
    """The known text of each page: the photo is the chapter's first page, so the chapter's truth starts with the
    photo's. Compared page by page, a bad page cannot hide behind a good one (and the edit distance, quadratic in
    the text's length, costs half as much)."""
    first_page = truth(PHONE_PHOTO)
    if name == PHONE_PHOTO:
        return [first_page]
    whole = truth(name)
    assert whole.startswith(first_page)
    return [first_page, whole[len(first_page) :]]


@pytest.fixture(scope="session")
def ocr_of_the_scans(tmp_path_factory) -> dict[str, ExtractedFile]:
    """The scanned chapter and the phone photo, OCR'd once (side by side) for every test that checks OCR's text:
    OCR is the slowest thing the suite does."""
    settings_dir = tmp_path_factory.mktemp("ocr")

    async def read_both() -> list[ExtractedFile]:
        return await asyncio.gather(*(read(SCANS / name, settings_dir) for name in (SCANNED_CHAPTER, PHONE_PHOTO)))

    return dict(zip((SCANNED_CHAPTER, PHONE_PHOTO), asyncio.run(read_both()), strict=True))


READABLE = {
    "pdf/002-trivial-libre-office-writer.pdf": "Lorem ipsum dolor sit amet",
    "pdf/pdflatex-4-pages.pdf": "Hello, here is some text without a meaning",
    "pdf/multicolumn.pdf": "Two-Column Document",
    "pptx/ph-populated-placeholders.pptx": "Title Text",
    "pptx/prs-notes.pptx": "Notes",
    "pptx/shp-access-chart.pptx": "Series 1",
    "pptx/tbl-cell.pptx": "merged cell",
}


@pytest.mark.parametrize("relative,expected", sorted(READABLE.items()))
async def test_corpus_files_are_read(tmp_path, relative, expected):
    file = await read(CORPUS / relative, tmp_path)
    assert expected in text_of(file)
    assert all(page.method == "text" for page in file.pages)  # a text layer or slide text: no OCR needed


async def test_pdf_pages_keep_their_numbers_and_lose_line_wraps(tmp_path):
    file = await read(CORPUS / "pdf/pdflatex-4-pages.pdf", tmp_path)
    assert file.unit == "page" and [page.number for page in file.pages] == [1, 2, 3, 4]
    assert "\r" not in file.pages[0].text


async def test_long_pdfs_are_read_up_to_max_pages_with_a_warning(tmp_path):
    file = await read(CORPUS / "pdf/pdflatex-4-pages.pdf", tmp_path, max_pdf_pages=2)
    assert [page.number for page in file.pages] == [1, 2]
    assert any("only the first 2 were read" in warning for warning in file.warnings), file.warnings


@pytest.mark.parametrize("name", [SCANNED_CHAPTER, PHONE_PHOTO])
def test_a_scan_and_a_photo_are_read_by_ocr_within_two_percent(ocr_of_the_scans, name):
    file = ocr_of_the_scans[name]
    truths = page_truths(name)
    assert len(file.pages) == len(truths)
    for page, known in zip(file.pages, truths, strict=True):
        error_rate = character_error_rate(page.text, known)
        assert error_rate <= 0.02, f"{name} page {page.number}: CER {error_rate:.2%}"
        assert page.method == "ocr" and page.ocr_confidence > 80, page


def test_scanned_pages_keep_their_numbers(ocr_of_the_scans):
    assert [page.number for page in ocr_of_the_scans[SCANNED_CHAPTER].pages] == [1, 2]


async def test_a_rotated_phone_photo_is_straightened(tmp_path):
    rotated = Image.open(SCANS / PHONE_PHOTO).rotate(5, expand=True, fillcolor=(255, 255, 255))
    buffer = io.BytesIO()
    rotated.save(buffer, "JPEG", quality=85)
    path = tmp_path / "tilted.jpg"
    path.write_bytes(buffer.getvalue())
    assert character_error_rate(text_of(await read(path, tmp_path)), truth(PHONE_PHOTO)) <= 0.02


async def test_word_tables_and_notes_in_any_encoding_are_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Cardiac Cycle", 1)
    document.add_paragraph("Systole is the phase of contraction of the ventricles of the heart.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Stroke volume", "70 mL"
    document.save(tmp_path / "cardiac.docx")
    (tmp_path / "rbc.md").write_bytes("# Erythrocytes\n\nRed cells carry oxygen.\n".encode("utf-16"))
    (tmp_path / "plain.txt").write_bytes("Hématocrite ≈ 45%".encode())
    word, markdown, plain = [await read(tmp_path / name, tmp_path) for name in ("cardiac.docx", "rbc.md", "plain.txt")]
    assert word.pages[0].heading == "Cardiac Cycle" and "Stroke volume | 70 mL" in word.pages[0].text
    assert any(p.heading == "Erythrocytes" and "carry oxygen" in p.text for p in markdown.pages), markdown.pages
    assert "Hématocrite ≈ 45%" in text_of(plain)
