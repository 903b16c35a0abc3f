"""A stack of photographed book pages becomes one document without the book's running heads and page numbers."""

from __future__ import annotations

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
                    text=f"{800 + n} CHAPTER 19 | THE CARDIOVASCULAR SYSTEM: THE HEART\n\n"
                    f"{BODIES[n - 1]}\n\n{800 + n}",
                )
            ],
        )
        for n in range(1, 5)
    ]
    document = build_document(photos)
    assert [section.text for section in document.sections] == BODIES
    assert [section.source.file for section in document.sections] == [f"IMG_{n}.jpg" for n in range(1, 5)]
