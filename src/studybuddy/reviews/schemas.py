"""Bodies of the /reviews endpoints."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field

from studybuddy.clock import UtcDatetime
from studybuddy.generation.schemas import QuestionSource

from .models import CardKind, CardState, RatingName, Review, ReviewCard


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


class CardRead(BaseModel):
    card_id: str
    kind: CardKind
    front: str
    back: str
    source: QuestionSource | None = None
    session_id: str | None = None
    tags: list[str] = []
    attempt_id: str | None = None
    question_id: str | None = None
    state: CardState
    due: UtcDatetime
    last_review: UtcDatetime | None = None
    reps: int
    lapses: int
    suspended: bool

    @classmethod
    def of(cls, card: ReviewCard) -> CardRead:
        return cls(
            card_id=card.id,
            **card.model_dump(exclude={"id", "user_id", "step", "stability", "difficulty", "created_at"}),
        )


class DueCards(BaseModel):
    cards: list[CardRead]
    total_due: int = Field(description="How many cards are due now in all (the queue shows at most `limit`)")
    as_of: UtcDatetime = Field(description="The server time that decided what is due")


class GradeBody(BaseModel):
    rating: Annotated[RatingName, BeforeValidator(_lower)] = Field(description="Again, Hard, Good or Easy")
    request_id: str = Field(
        min_length=1,
        max_length=100,
        description="Chosen by the client per tap; the same id again is the same review (a double tap counts once)",
    )


class ReviewResult(BaseModel):
    card_id: str
    rating: RatingName
    reviewed_at: UtcDatetime
    next_due: UtcDatetime
    state: CardState
    replayed: bool = Field(description="True when this request id had been received before: nothing changed")
    card: CardRead


class ReviewRead(BaseModel):
    review_id: str
    card_id: str
    rating: RatingName
    reviewed_at: UtcDatetime
    state_before: CardState
    due_before: UtcDatetime
    next_due: UtcDatetime

    @classmethod
    def of(cls, review: Review) -> ReviewRead:
        return cls(
            review_id=review.id,
            card_id=review.card_id,
            rating=review.rating,
            reviewed_at=review.reviewed_at,
            state_before=review.state_before,
            due_before=review.due_before,
            next_due=review.due_after,
        )


class ReviewHistory(BaseModel):
    reviews: list[ReviewRead]


class ReviewStatsRead(BaseModel):
    due_today: int = Field(description="Cards due before the end of the student's day (IST)")
    reviewed_today: int
    true_retention: float | None = Field(
        description="Share of reviews of graduated cards in the last 30 days not graded Again; null before any"
    )
    mature_reviews_30d: int
    streak_days: int = Field(description="Days in a row with at least one review, up to today")
    as_of: UtcDatetime
