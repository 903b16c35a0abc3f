"""/api/v1/reviews: the due queue, grading a card, suspending it, history and stats."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from studybuddy.auth.deps import CurrentUser
from studybuddy.deps import ServicesDep
from studybuddy.errors import error_responses
from studybuddy.material.downloads import ExportFormat
from studybuddy.material.streaming import file_response, file_responses

from .repository import ReviewRepository
from .schemas import CardRead, DueCards, GradeBody, ReviewHistory, ReviewRead, ReviewResult, ReviewStatsRead
from .service import ReviewService

router = APIRouter(prefix="/reviews", tags=["reviews"])


def get_review_service(services: ServicesDep) -> ReviewService:
    return ReviewService(repository=ReviewRepository(services.store), clock=services.clock)


ReviewServiceDep = Annotated[ReviewService, Depends(get_review_service)]


@router.get("/due", response_model=DueCards, summary="Cards due now", responses=error_responses(401, 422))
async def due(
    user: CurrentUser, reviews: ReviewServiceDep, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> DueCards:
    """Your cards due by the server's clock, across all sessions, the longest-waiting first. Suspended cards are
    left out."""
    cards, total = await reviews.due(user.id, limit)
    return DueCards(cards=[CardRead.of(c) for c in cards], total_due=total, as_of=reviews.clock.now())


@router.get("/stats", response_model=ReviewStatsRead, summary="Revision statistics", responses=error_responses(401))
async def stats(user: CurrentUser, reviews: ReviewServiceDep) -> ReviewStatsRead:
    """Cards due today, reviewed today, true retention over the last 30 days, and your streak."""
    figures = await reviews.stats(user.id)
    return ReviewStatsRead(
        due_today=figures.due_today,
        reviewed_today=figures.reviewed_today,
        true_retention=figures.true_retention,
        mature_reviews_30d=figures.mature_reviews,
        streak_days=figures.streak_days,
        as_of=reviews.clock.now(),
    )


@router.get("/history", response_model=ReviewHistory, summary="Your reviews", responses=error_responses(401, 404, 422))
async def history(
    user: CurrentUser,
    reviews: ReviewServiceDep,
    card_id: Annotated[str | None, Query(max_length=64, description="Only this card's reviews")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ReviewHistory:
    """Newest first."""
    found = await reviews.history(user.id, card_id=card_id, limit=limit)
    return ReviewHistory(reviews=[ReviewRead.of(r) for r in found])


@router.get(
    "/export",
    response_model=None,
    response_class=StreamingResponse,
    summary="Download your cards",
    responses=file_responses() | error_responses(401, 422, 503),
)
async def export(
    user: CurrentUser,
    reviews: ReviewServiceDep,
    format: Annotated[ExportFormat, Query(description="apkg (Anki), pdf, md or csv (front/back)")],
    scope: Annotated[Literal["due", "all"], Query(description="The cards due now, or every card")] = "all",
) -> StreamingResponse:
    """Your review deck across sessions (flashcards and mistakes), for Anki, print, or a spreadsheet. Anki notes
    keep their ids, so importing a newer export updates them."""
    return file_response(await reviews.export(user.id, format, only_due=scope == "due"))


@router.get("/{card_id}", response_model=CardRead, summary="One card", responses=error_responses(401, 404))
async def read_card(card_id: str, user: CurrentUser, reviews: ReviewServiceDep) -> CardRead:
    return CardRead.of(await reviews.get_card(user.id, card_id))


@router.post(
    "/{card_id}", response_model=ReviewResult, summary="Grade a card", responses=error_responses(401, 404, 409, 422)
)
async def grade(card_id: str, body: GradeBody, user: CurrentUser, reviews: ReviewServiceDep) -> ReviewResult:
    """Again, Hard, Good or Easy; returns when the card is due next (FSRS). The same ``request_id`` again returns
    the first answer and changes nothing."""
    outcome = await reviews.grade(user.id, card_id, body.rating, body.request_id)
    return ReviewResult(
        card_id=outcome.card.id,
        rating=outcome.review.rating,
        reviewed_at=outcome.review.reviewed_at,
        next_due=outcome.card.due,
        state=outcome.card.state,
        replayed=outcome.replayed,
        card=CardRead.of(outcome.card),
    )


@router.post(
    "/{card_id}/suspend", response_model=CardRead, summary="Suspend a card", responses=error_responses(401, 404)
)
async def suspend(card_id: str, user: CurrentUser, reviews: ReviewServiceDep) -> CardRead:
    """The card leaves the due queue until unsuspended; its schedule is kept."""
    return CardRead.of(await reviews.set_suspended(user.id, card_id, True))


@router.post(
    "/{card_id}/unsuspend", response_model=CardRead, summary="Unsuspend a card", responses=error_responses(401, 404)
)
async def unsuspend(card_id: str, user: CurrentUser, reviews: ReviewServiceDep) -> CardRead:
    return CardRead.of(await reviews.set_suspended(user.id, card_id, False))
