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
    material = results.json()["results"]
    # Every photo is read and cited: by a question or, where its page gave no question that passed, by a flashcard.
    cited = {item["source"]["file"] for kind in ("questions", "flashcards") for item in material[kind]}
    assert cited == {path.name for path in photos}


async def test_the_files_of_one_upload_are_read_side_by_side(client, student, monkeypatch):
    import asyncio

    import studybuddy.pipeline.reading as reading
    from studybuddy.extract.reader import cores_per_reader
    from tests.api import wait_until_processed

    real = reading.extract_file
    started: list[tuple[str, int | None]] = []
    both_started = asyncio.Event()

    async def waiting_for_the_other(*args, **kwargs):
        started.append((args[2], kwargs.get("cores")))
        if len(started) == 2:
            both_started.set()
        # Read one after another, the first file would wait here for a second that never starts.
        await asyncio.wait_for(both_started.wait(), 60)
        return await real(*args, **kwargs)

    monkeypatch.setattr(reading, "extract_file", waiting_for_the_other)
    notes = [
        (name, f"The {organ} is studied in chapter {n}. " * 40)
        for n, (name, organ) in enumerate([("heart.txt", "pericardium"), ("lungs.txt", "pleura")], 1)
    ]
    files = [("files", (name, text.encode(), "text/plain")) for name, text in notes]
    response = await client.post("/api/v1/upload/", files=files, headers=student["auth"])
    status = await wait_until_processed(client, student["auth"], response.json()["session_id"])
    assert status["status"] == "completed", status
    assert sorted(started) == [(name, cores_per_reader(2)) for name, _ in sorted(notes)]
