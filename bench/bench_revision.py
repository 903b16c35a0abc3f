"""Revision: the due queue of a student with 50,000 cards (p99 on SQLite, against the same table without the
queue's index), and exporting a 200-question session in each format (against the Markdown export)."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.report import bench
from studybuddy.clock import FrozenClock
from studybuddy.context import ALL_COLLECTIONS
from studybuddy.generation.schemas import (
    CheatSheet,
    CheatSheetSection,
    Flashcard,
    NotesSection,
    Question,
    QuestionOption,
    QuestionSource,
    StudyNotes,
)
from studybuddy.material.downloads import export_session
from studybuddy.material.schemas import SessionMaterial
from studybuddy.reviews.models import ReviewCard
from studybuddy.reviews.repository import REVIEW_CARDS, ReviewRepository
from studybuddy.reviews.service import ReviewService
from studybuddy.store.port import CollectionSchema
from studybuddy.store.sqlite import SQLiteStore

CARDS = 50_000
QUEUE_READS = 300
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _cards(user_id: str) -> list[dict]:
    source = QuestionSource(file="heart.pdf", page=3, excerpt="The heart has four chambers.")
    cards = []
    for i in range(CARDS):
        # Due dates spread over a year around now: about half the deck is due, as after a long break.
        due = NOW + timedelta(minutes=(i * 7919) % (365 * 24 * 60) - 182 * 24 * 60)
        cards.append(
            ReviewCard(
                id=f"c{i:06d}",
                user_id=user_id,
                kind="cloze",
                front=f"The heart has _____ chambers ({i}).",
                back="four",
                source=source,
                state="review",
                due=due,
                created_at=NOW - timedelta(days=200),
                suspended=i % 50 == 0,
            ).model_dump(mode="json")
        )
    return cards


async def _queue_p99(schema, reads: int = QUEUE_READS) -> tuple[float, float]:
    """p99 in ms of the queue read alone, and of the whole of GET /reviews/due (the queue and its total)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db", schema)
        await store.open()
        await store.collection(REVIEW_CARDS).insert_many(_cards("student"))
        # Another student's deck in the same table, as in a real service.
        await store.collection(REVIEW_CARDS).insert_many(
            [c | {"id": "o" + c["id"], "user_id": "other"} for c in _cards("other")[:10_000]]
        )
        repository = ReviewRepository(store)
        reviews = ReviewService(repository, FrozenClock(NOW))
        queue, whole = [], []
        for _ in range(reads):
            started = time.perf_counter()
            cards = await repository.due_cards("student", NOW, 20)
            queue.append(time.perf_counter() - started)
            started = time.perf_counter()
            cards, total = await reviews.due("student", 20)
            whole.append(time.perf_counter() - started)
        assert len(cards) == 20 and total > CARDS // 3, (len(cards), total)
        await store.close()
    return statistics.quantiles(queue, n=100)[98] * 1000, statistics.quantiles(whole, n=100)[98] * 1000


def _material() -> SessionMaterial:
    source = QuestionSource(
        file="cardiology.pdf", page=12, excerpt="The heart has four chambers: two atria and two ventricles."
    )
    questions = [
        Question(
            id=f"q{i:03d}",
            session_id="s",
            question_text=f"Question {i}: which chamber of the heart pumps oxygenated blood into the aorta (case {i})?",
            options=[
                QuestionOption(label=label, text=text)
                for label, text in zip(
                    "ABCD", ["Left ventricle", "Right ventricle", "Left atrium", "Right atrium"], strict=True
                )
            ],
            correct_answer="A",
            # One explanation in ten carries a Hindi word, which needs shaping (the slow path of the PDF).
            explanation="The left ventricle pumps oxygenated blood through the aortic valve into the aorta; "
            "its wall is the thickest of the four chambers" + (" (हृदय)." if i % 10 == 0 else "."),
            difficulty=("easy", "medium", "hard")[i % 3],
            subject="Anatomy",
            tags=["heart", "chambers"],
            source=source,
        )
        for i in range(200)
    ]
    flashcards = [
        Flashcard(
            id=f"f{i}",
            session_id="s",
            kind="cloze",
            front=f"The _____ pumps blood to the body ({i}).",
            back="Left ventricle",
            source=source,
        )
        for i in range(100)
    ]
    notes = StudyNotes(
        title="Heart",
        summary="The heart is a muscular pump. " * 20,
        sections=[
            NotesSection(
                heading=f"Part {i}",
                content="Blood flows through four chambers. " * 15,
                key_points=["Two atria", "Two ventricles"],
            )
            for i in range(10)
        ],
    )
    sheet = CheatSheet(
        title="Heart cheat sheet", sections=[CheatSheetSection(heading="Chambers", points=["RA", "RV", "LA", "LV"])]
    )
    return SessionMaterial(questions=questions, flashcards=flashcards, notes=notes, cheat_sheets=[sheet])


def _export_seconds(material: SessionMaterial, fmt: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        download = export_session("Cardiology <mock> & notes", "s", material, fmt, now=NOW)
        best = min(best, time.perf_counter() - started)
        assert download.content
    return best


def run() -> None:
    queue, whole = asyncio.run(_queue_p99(ALL_COLLECTIONS))
    unindexed_schema = tuple(
        CollectionSchema(REVIEW_CARDS) if schema.name == REVIEW_CARDS else schema for schema in ALL_COLLECTIONS
    )
    scan_queue, scan_whole = asyncio.run(_queue_p99(unindexed_schema, reads=40))  # a full scan each: fewer
    bench("reviews_due_queue_p99_50k_cards", queue, "ms", ratio=scan_queue / queue, baseline="no queue index")
    bench("reviews_due_endpoint_p99_50k_cards", whole, "ms", ratio=scan_whole / whole, baseline="no queue index")

    material = _material()
    markdown = _export_seconds(material, "md", 5)
    for fmt in ("csv", "apkg", "pdf"):
        seconds = _export_seconds(material, fmt, 1 if fmt == "pdf" else 3)
        bench(f"export_200_questions_{fmt}", seconds * 1000, "ms", ratio=seconds / markdown, baseline="markdown export")
    bench("export_200_questions_md", markdown * 1000, "ms")
