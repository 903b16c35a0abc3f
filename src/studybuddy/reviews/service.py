"""Spaced repetition for one student across all sessions: the due queue, grading, suspending, history and stats.

The server's clock decides what is due. A review is keyed by the client's request id, so a double tap on a phone
(or a retried request) is one review and gets the same answer. A student's "day" is the Indian calendar day:
the students this serves revise on IST, and "reviewed today" must not roll over at 05:30 in the morning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import anyio
from fsrs import Scheduler

from studybuddy.clock import Clock
from studybuddy.errors import ConflictError, NotFoundError
from studybuddy.material.downloads import Download, ExportFormat, export_cards

from .cards import review_card_face
from .models import CardContent, RatingName, Review, ReviewCard, card_id_for
from .repository import ReviewRepository
from .scheduling import build_scheduler, schedule_after

STUDENT_DAY = ZoneInfo("Asia/Kolkata")
RETENTION_WINDOW = timedelta(days=30)
_SCHEDULE_FIELDS = {"state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses"}


@dataclass(frozen=True)
class ReviewOutcome:
    card: ReviewCard
    review: Review
    replayed: bool


@dataclass(frozen=True)
class ReviewStats:
    due_today: int
    reviewed_today: int
    true_retention: float | None
    mature_reviews: int
    streak_days: int


@dataclass
class ReviewService:
    repository: ReviewRepository
    clock: Clock
    scheduler: Scheduler = field(default_factory=build_scheduler)
    day_zone: tzinfo = STUDENT_DAY

    async def enrol(self, user_id: str, contents: list[CardContent], *, key: list[str]) -> list[ReviewCard]:
        """Put cards in the student's deck, due now. ``key[i]`` names card i stably (a flashcard id, a missed
        question), so enrolling again adds nothing."""
        now = self.clock.now()
        cards = [
            ReviewCard(id=card_id_for(user_id, name), user_id=user_id, due=now, created_at=now, **content.model_dump())
            for content, name in zip(contents, key, strict=True)
        ]
        return await self.repository.add_cards(cards)

    async def get_card(self, user_id: str, card_id: str) -> ReviewCard:
        card = await self.repository.get_card(user_id, card_id)
        if card is None:
            raise NotFoundError("No such card")
        return card

    async def due(self, user_id: str, limit: int) -> tuple[list[ReviewCard], int]:
        """The cards due now, the longest-waiting first, and how many are due in all."""
        now = self.clock.now()
        cards = await self.repository.due_cards(user_id, now, limit)
        total = await self.repository.count_due(user_id, now + timedelta(microseconds=1))
        return cards, total

    async def grade(self, user_id: str, card_id: str, rating: RatingName, request_id: str) -> ReviewOutcome:
        card = await self.get_card(user_id, card_id)
        now = self.clock.now()
        schedule = schedule_after(card, rating, now, self.scheduler)
        review = Review(
            id=Review.id_for(user_id, request_id),
            user_id=user_id,
            card_id=card.id,
            session_id=card.session_id,
            request_id=request_id,
            rating=rating,
            reviewed_at=now,
            day=now.astimezone(self.day_zone).date().isoformat(),
            state_before=card.state,
            due_before=card.due,
            card_after=ReviewCard.model_validate(card.model_dump() | schedule).model_dump(
                mode="json", include=_SCHEDULE_FIELDS
            ),
            due_after=schedule["due"],
        )
        earlier = await self.repository.claim_review(review)
        if earlier is not None:
            return await self._replay(card, earlier)
        if not await self.repository.set_schedule(card, schedule):
            # Another review of this card landed between our read and write: keep theirs, drop ours.
            await self.repository.forget_review(review)
            raise ConflictError("This card was just reviewed on another device; load the queue again.")
        return ReviewOutcome(card=card.model_copy(update=schedule), review=review, replayed=False)

    async def _replay(self, card: ReviewCard, earlier: Review) -> ReviewOutcome:
        if earlier.card_id != card.id:
            raise ConflictError("This request id was already used to review another card.")
        after = ReviewCard.model_validate(card.model_dump() | earlier.card_after)
        if card.reps < after.reps:
            # The first request stopped between recording the review and moving the card: finish its work.
            schedule = after.model_dump(include=_SCHEDULE_FIELDS)
            await self.repository.set_schedule(card, schedule)
        return ReviewOutcome(card=after, review=earlier, replayed=True)

    async def set_suspended(self, user_id: str, card_id: str, suspended: bool) -> ReviewCard:
        card = await self.repository.set_suspended(user_id, card_id, suspended)
        if card is None:
            raise NotFoundError("No such card")
        return card

    async def history(self, user_id: str, *, card_id: str | None, limit: int) -> list[Review]:
        if card_id is not None:
            await self.get_card(user_id, card_id)
        return await self.repository.history(user_id, card_id=card_id, limit=limit)

    async def stats(self, user_id: str) -> ReviewStats:
        now = self.clock.now()
        local_now = now.astimezone(self.day_zone)
        start_of_day = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        end_of_day = start_of_day + timedelta(days=1)
        since = now - RETENTION_WINDOW
        mature = await self.repository.count_mature_reviews_since(user_id, since, passed=False)
        passed = await self.repository.count_mature_reviews_since(user_id, since, passed=True)
        return ReviewStats(
            due_today=await self.repository.count_due(user_id, end_of_day),
            reviewed_today=await self.repository.count_reviews_since(user_id, start_of_day),
            # Anki's "true retention": of reviews of graduated cards, the share not forgotten (not graded Again).
            true_retention=round(passed / mature, 4) if mature else None,
            mature_reviews=mature,
            streak_days=await self._streak(user_id, local_now),
        )

    async def _streak(self, user_id: str, local_now: datetime) -> int:
        """Days in a row with at least one review, ending today (or yesterday: today is not over yet)."""
        day = local_now.date()
        if not await self.repository.reviewed_on(user_id, day.isoformat()):
            day -= timedelta(days=1)
        streak = 0
        while await self.repository.reviewed_on(user_id, day.isoformat()):
            streak += 1
            day -= timedelta(days=1)
        return streak

    async def export(self, user_id: str, fmt: ExportFormat, *, only_due: bool) -> Download:
        """Every card of the student (or those due now) as a file; built in a thread, off the event loop."""
        now = self.clock.now()
        cards = (
            await self.repository.due_cards(user_id, now, limit=0)
            if only_due
            else await self.repository.all_cards(user_id)
        )
        title = "Study Buddy - cards due" if only_due else "Study Buddy - all cards"
        faces = [review_card_face(card) for card in cards]
        return await anyio.to_thread.run_sync(lambda: export_cards(title, f"deck:{user_id}", faces, fmt, now=now))
