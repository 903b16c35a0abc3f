"""FSRS through the maintained ``fsrs`` package: our card record in, the package's card and scheduler, our record out.

The scheduler is the package's; nothing here computes an interval. Fuzzing (a small random spread of intervals,
so cards learnt together do not stay due together) is on in the service and off where a test needs exact dates.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

from .models import CardState, RatingName, ReviewCard

RATINGS: dict[RatingName, Rating] = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}
_STATES: dict[CardState, State] = {"learning": State.Learning, "review": State.Review, "relearning": State.Relearning}
_STATE_NAMES = {value: key for key, value in _STATES.items()}


def build_scheduler(*, fuzzing: bool = True, desired_retention: float = 0.9) -> Scheduler:
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzzing)


def schedule_after(card: ReviewCard, rating: RatingName, now: datetime, scheduler: Scheduler) -> dict:
    """The card's schedule fields after grading it ``rating`` at ``now`` (a dict to ``$set`` on the record)."""
    # card_id is the package's own integer key, unused here; passing one skips its 1 ms "unique id" sleep.
    package_card = Card(
        card_id=1,
        state=_STATES[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
    reviewed, _log = scheduler.review_card(package_card, RATINGS[rating], review_datetime=now.astimezone(UTC))
    return {
        "state": _STATE_NAMES[reviewed.state],
        "step": reviewed.step,
        "stability": reviewed.stability,
        "difficulty": reviewed.difficulty,
        "due": reviewed.due.astimezone(UTC),
        "last_review": reviewed.last_review.astimezone(UTC) if reviewed.last_review else None,
        "reps": card.reps + 1,
        "lapses": card.lapses + (rating == "again" and card.state == "review"),
    }
