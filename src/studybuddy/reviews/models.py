"""What the review deck keeps: a student's cards with their FSRS schedule, and every review given."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field

from studybuddy.clock import UtcDatetime
from studybuddy.generation.schemas import QuestionSource

CardKind = Literal["term", "cloze", "mnemonic", "number", "mistake"]
CardState = Literal["learning", "review", "relearning"]
RatingName = Literal["again", "hard", "good", "easy"]


def card_id_for(user_id: str, *parts: str) -> str:
    """A stable id: the same flashcard or the same missed question is one card however often it is enrolled."""
    return hashlib.sha256("\x1f".join((user_id, *parts)).encode()).hexdigest()[:24]


class CardContent(BaseModel):
    """The study side of a card: what the student sees, and where it came from."""

    kind: CardKind
    front: str
    back: str
    source: QuestionSource | None = None
    session_id: str | None = None
    tags: list[str] = Field(default_factory=list)
    flashcard_id: str | None = None  # the session's flashcard it is
    # A mistake card remembers the attempt and question it came from.
    attempt_id: str | None = None
    question_id: str | None = None


class ReviewCard(CardContent):
    """A card in one student's deck, with its schedule (the fields of ``fsrs.Card``, in our own words)."""

    id: str
    user_id: str
    state: CardState = "learning"
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: UtcDatetime
    last_review: UtcDatetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    created_at: UtcDatetime


class Review(BaseModel):
    """One grading of a card; its id is derived from the client's request id, so a retried request is one review."""

    id: str
    user_id: str
    card_id: str
    session_id: str | None = None
    request_id: str
    rating: RatingName
    reviewed_at: UtcDatetime
    day: str = Field(description="The student's calendar day of the review (YYYY-MM-DD), for streaks")
    state_before: CardState
    due_before: UtcDatetime
    # The card's schedule fields after the review, so a replay can answer (and repair) without computing again.
    card_after: dict
    due_after: UtcDatetime

    @staticmethod
    def id_for(user_id: str, request_id: str) -> str:
        return hashlib.sha256(f"{user_id}\x1freview\x1f{request_id}".encode()).hexdigest()[:24]
