"""A stack of photographed book pages becomes one document without the book's running heads and page numbers."""

from __future__ import annotations

import pytest

from studybuddy.extract.document import ExtractedFile, Page
from studybuddy.extract.reader import build_document

BODIES = [
    "The heart wall has three layers.",
    "The pericardium surrounds the heart.",
    "The myocardium is cardiac muscle.",
    "The endocardium lines the chambers.",
]


def test_running_heads_repeated_across_photos_are_dropped():
    photos = [
        ExtractedFile(
            filename=f"IMG_{n}.jpg",
            kind="jpeg",
            unit="page",
            pages=[
                Page(
                    number=1,
                    method="ocr",
                    text=f"{800 + n} CHAPTER 19 | THE CARDIOVASCULAR SYSTEM: THE HEART\n\n{BODIES[n - 1]}\n\n{800 + n}",
                )
            ],
        )
        for n in range(1, 5)
    ]
    document = build_document(photos)
    assert [section.text for section in document.sections] == BODIES
    assert [section.source.file for section in document.sections] == [f"IMG_{n}.jpg" for n in range(1, 5)]


async def test_a_stack_of_photos_uploaded_together_is_read_with_every_photo_cited(client, student, tmp_path):
    from bench.ocr_pages import clean_bilevel_scan, two_column_page

    from studybuddy.extract.ocr import tesseract_available
    from tests.api import wait_until_processed

    if not tesseract_available():
        pytest.skip("Tesseract is not installed")
    photos = [page.save(tmp_path) for page in (clean_bilevel_scan(), two_column_page())]
    files = [("files", (path.name, path.read_bytes(), "image/png")) for path in photos]
    response = await client.post("/api/v1/upload/", files=files, headers=student["auth"])
    session_id = response.json()["session_id"]
    status = await wait_until_processed(client, student["auth"], session_id)
    assert status["status"] == "completed", status
    results = await client.get(f"/api/v1/history/sessions/{session_id}/results", headers=student["auth"])
    cited = {question["source"]["file"] for question in results.json()["results"]["questions"]}
    assert cited == {path.name for path in photos}
