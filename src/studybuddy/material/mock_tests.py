"""The mock test as a session's stored material: its record and the marking schemes it is scored by. Building
tests, taking them and scoring attempts live in mocktests/, which reads this."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from studybuddy.clock import UtcDatetime

from . import examples


class MarkingScheme(BaseModel):
    name: Literal["standard", "neet_pg"]
    correct: float
    wrong: float
    unanswered: float = 0


MARKING_SCHEMES = {
    "standard": MarkingScheme(name="standard", correct=1, wrong=0),
    "neet_pg": MarkingScheme(name="neet_pg", correct=4, wrong=-1),  # NEET-PG: +4 right, -1 wrong, 0 unanswered
}


TestKind = Literal["session", "neet_pg", "custom"]


class MockTestRead(BaseModel):
    """A mock test as a student sees it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.MOCK_TEST]})

    id: str
    session_id: str | None = Field(description="The session it was built from; null for a test across sessions")
    session_ids: list[str] = Field(default_factory=list, description="Every session its questions come from")
    kind: TestKind = Field("session", description="session (built with it), neet_pg or custom (across sessions)")
    test_name: str
    question_ids: list[str]
    duration_minutes: int
    total_marks: float
    marking_scheme: MarkingScheme
    created_at: UtcDatetime


class MockTest(MockTestRead):
    """The stored record: what the student sees, and whose test it is."""

    user_id: str


def total_marks(question_count: int, scheme: MarkingScheme) -> float:
    return question_count * scheme.correct


def minutes_for(question_count: int, *, per_test: int, minutes: int) -> int:
    """A test's time at the pace of a full one (MOCK_TEST_DURATION_MINUTES for QUESTIONS_PER_TEST questions, or
    NEET-PG's 210 for 200): a bank of 9 questions gets 22 minutes, not the hour meant for 25."""
    return max(1, math.ceil(minutes * question_count / per_test))
