"""OCR on page images whose true text is known (made from corpus text by bench/ocr_pages.py), with real Tesseract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.ocr_pages import clean_bilevel_scan, rotated_photo, two_column_page, write_scanned_pdf

from studybuddy.extract.accuracy import character_error_rate
from studybuddy.extract.ocr import cut_for_cores, ocr_image, open_image, tesseract_available

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")


def _plain_tesseract(path: Path) -> str:
    return subprocess.run(["tesseract", str(path), "stdout"], capture_output=True, text=True, check=True).stdout


# A photo read alone is cut across the cores (two here, whatever the machine has): the tests read it that way.
LONE_PAGE_CORES = 2


@pytest.mark.parametrize("cores", [1, LONE_PAGE_CORES])
def test_a_clean_bilevel_scan_reads_as_well_as_plain_tesseract(tmp_path, cores):
    page = clean_bilevel_scan()
    path = page.save(tmp_path)
    ours = ocr_image(open_image(str(path)), cores=cores)
    plain = _plain_tesseract(path)
    assert not ours.prepared  # a clean scan goes to Tesseract untouched: no filtering, no re-thresholding
    assert character_error_rate(ours.text, page.truth) <= character_error_rate(plain, page.truth) + 0.002


def test_a_photo_taken_sideways_is_turned_upright_and_read(tmp_path):
    page = rotated_photo()
    ours = ocr_image(open_image(str(page.save(tmp_path))), cores=LONE_PAGE_CORES)
    assert round(ours.angle / 90) % 4 == 3  # turned back a quarter turn (the photo was turned 270 clockwise)
    assert character_error_rate(ours.text, page.truth) < 0.03


def test_two_columns_are_read_one_after_the_other(tmp_path):
    page = two_column_page()
    image = open_image(str(page.save(tmp_path)))
    # Cut for two cores, the page is cut down its gutter, never across both columns.
    left_part, right_part = cut_for_cores(image, LONE_PAGE_CORES)
    assert left_part.size[1] == right_part.size[1] == image.size[1]
    assert left_part.size[0] + right_part.size[0] == image.size[0]
    ours = ocr_image(image, cores=LONE_PAGE_CORES)
    left, right = page.columns
    flat = " ".join(ours.text.split())
    # Read line by line across the page, the right column's first words would come before the left column's last.
    marks = [" ".join(words) for column in (left, right) for words in (column.split()[:6], column.split()[-6:])]
    positions = [flat.find(mark) for mark in marks]
    assert -1 not in positions and positions == sorted(positions)
    assert character_error_rate(ours.text, page.truth) < 0.01


def _read_in_sandbox(request: dict) -> list[dict]:
    """The reader process exactly as the worker starts it, speaking its JSON-lines protocol."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    completed = subprocess.run(
        [sys.executable, "-m", "studybuddy.extract.isolated"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("scans") / "scanned.pdf"
    return path, write_scanned_pdf(path, pages=3)


def _request(path: Path, **overrides) -> dict:
    return {
        "path": str(path),
        "filename": path.name,
        "kind": "pdf",
        "force_ocr": False,
        "max_pages": 100,
        "ocr_timeout": 60,
        "memory_mb": 3072,
    } | overrides


def test_a_scanned_pdf_is_read_page_by_page_with_progress(scanned_pdf):
    path, truths = scanned_pdf
    events = _read_in_sandbox(_request(path))
    assert [event["progress"] for event in events if "progress" in event] == [[1, 3], [2, 3], [3, 3]]
    [result] = [event["result"] for event in events if "result" in event]
    assert [page["number"] for page in result["pages"]] == [1, 2, 3]
    for page, truth in zip(result["pages"], truths, strict=True):
        assert page["method"] == "ocr" and character_error_rate(page["text"], truth) < 0.01


def test_the_per_page_time_limit_holds_with_pages_in_parallel(scanned_pdf):
    path, _ = scanned_pdf
    events = _read_in_sandbox(_request(path, ocr_timeout=0.05))
    [error] = [event["error"] for event in events if "error" in event]
    assert "took longer than 0.05 s" in error and not any("result" in event for event in events)


def test_a_lone_photo_cut_across_the_cores_keeps_its_time_limit(tmp_path):
    path = clean_bilevel_scan().save(tmp_path)
    request = _request(path, kind="png", ocr_timeout=0.05, cores=LONE_PAGE_CORES)
    events = _read_in_sandbox(request)
    [error] = [event["error"] for event in events if "error" in event]
    assert "took too long" in error and not any("result" in event for event in events)


@pytest.mark.parametrize(
    ("pages", "memory_mb"), [(1, 450), (2, 1000)], ids=["one page cut across the cores", "pages in parallel"]
)
def test_the_memory_limit_holds_with_pages_in_parallel(tmp_path, pages, memory_mb):
    path = tmp_path / "poster.pdf"
    write_scanned_pdf(path, pages=pages, dpi=100)  # pages three times A4 each way: 35 megapixels each at 300 dpi
    # Enough for the reader to open the PDF, not for its engines (which split the budget) to read a page. A lone
    # page has the whole budget (1000 MB reads it; 700 MB does since it is read in quarters, two at a time), so it
    # gets less; its engines must say memory, not time.
    events = _read_in_sandbox(_request(path, memory_mb=memory_mb, cores=LONE_PAGE_CORES))
    [error] = [event["error"] for event in events if "error" in event]
    assert "too much memory" in error and not any("result" in event for event in events)
