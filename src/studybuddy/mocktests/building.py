"""Building timed tests from the question bank, balanced across difficulty and topics."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from studybuddy.clock import UtcDatetime
from studybuddy.generation.schemas import Question


class MarkingScheme(BaseModel):
    name: Literal["standard", "neet_pg"]
    correct: float
    wrong: float
    unanswered: float = 0


MARKING_SCHEMES = {
    "standard": MarkingScheme(name="standard", correct=1, wrong=0),
    "neet_pg": MarkingScheme(name="neet_pg", correct=4, wrong=-1),  # NEET-PG: +4 right, -1 wrong, 0 unanswered
}


class MockTest(BaseModel):
    id: str
    session_id: str
    user_id: str
    test_name: str
    question_ids: list[str]
    duration_minutes: int
    total_marks: float
    marking_scheme: MarkingScheme
    created_at: UtcDatetime

    def to_doc(self) -> dict:
        return self.model_dump(mode="json")


def total_marks(question_count: int, scheme: MarkingScheme) -> float:
    return question_count * scheme.correct


def build_tests(
    questions: list[Question],
    *,
    session_id: str,
    user_id: str,
    per_test: int,
    duration_minutes: int,
    now: datetime,
    scheme: str = "standard",
) -> list[MockTest]:
    """As many full tests of ``per_test`` questions as the bank allows (one shorter test if it is small).

    Questions are ordered by difficulty and topic, then dealt to the tests in turn, so each test gets a share of
    every difficulty and topic.
    """
    if not questions:
        return []
    test_count = max(1, len(questions) // per_test)
    ordered = sorted(questions, key=lambda q: (q.difficulty, q.tags[0] if q.tags else "", q.id))
    dealt: list[list[Question]] = [[] for _ in range(test_count)]
    for index, question in enumerate(ordered):
        target = dealt[index % test_count]
        if len(target) < per_test:
            target.append(question)
    marking = MARKING_SCHEMES[scheme]
    stamp = now.strftime("%Y-%m-%d %H:%M")
    tests = []
    for number, chosen in enumerate(dealt, start=1):
        chosen.sort(key=lambda q: ("easy", "medium", "hard").index(q.difficulty))
        name = f"Mock Test - {stamp}" + (f" ({number} of {test_count})" if test_count > 1 else "")
        tests.append(
            MockTest(
                id=hashlib.sha256(f"{session_id}\x1ftest\x1f{number}".encode()).hexdigest()[:24],
                session_id=session_id,
                user_id=user_id,
                test_name=name,
                question_ids=[q.id for q in chosen],
                duration_minutes=duration_minutes,
                total_marks=total_marks(len(chosen), marking),
                marking_scheme=marking,
                created_at=now,
            )
        )
    return tests
