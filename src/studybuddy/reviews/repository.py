"""The review deck's records: cards and reviews, every query filtered on the student."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studybuddy.clock import utc_iso
from studybuddy.store import CollectionSchema, DuplicateKeyError, Store
from studybuddy.store.port import ASCENDING, DESCENDING, Index

from .models import Review, ReviewCard

REVIEW_CARDS = "review_cards"
REVIEWS = "reviews"
COLLECTIONS = (
    # The due queue reads (user, not suspended, due <= now) in due order: one index answers it in order.
    CollectionSchema(
        REVIEW_CARDS,
        (Index(("user_id", "suspended", "due")), Index(("user_id", "session_id")), Index(("question_id",))),
    ),
    CollectionSchema(REVIEWS, (Index(("user_id", "reviewed_at")), Index(("user_id", "day")), Index(("card_id",)))),
)


def _doc(record: ReviewCard | Review) -> dict:
    return record.model_dump(mode="json")


@dataclass
class ReviewRepository:
    store: Store

    @property
    def _cards(self):
        return self.store.collection(REVIEW_CARDS)

    @property
    def _reviews(self):
        return self.store.collection(REVIEWS)

    # --- cards ---------------------------------------------------------------------------------------

    async def add_cards(self, cards: list[ReviewCard]) -> list[ReviewCard]:
        """Add the cards not in the deck yet (ids are stable); returns those added. A card already there keeps its
        schedule: enrolling the same material twice never resets what the student has learnt."""
        if not cards:
            return []
        present = {
            doc["id"]
            for doc in await self._cards.find({"id": {"$in": [c.id for c in cards]}, "user_id": cards[0].user_id})
        }
        added = []
        for card in cards:
            if card.id in present:
                continue
            try:
                await self._cards.insert(_doc(card))
            except DuplicateKeyError:  # added meanwhile by a concurrent enrolment
                continue
            present.add(card.id)
            added.append(card)
        return added

    async def get_card(self, user_id: str, card_id: str) -> ReviewCard | None:
        doc = await self._cards.get({"id": card_id, "user_id": user_id})
        return ReviewCard.model_validate(doc) if doc else None

    async def due_cards(self, user_id: str, now: datetime, limit: int) -> list[ReviewCard]:
        docs = await self._cards.find(
            {"user_id": user_id, "suspended": False, "due": {"$lte": utc_iso(now)}},
            sort=[("due", ASCENDING)],
            limit=limit,
        )
        return [ReviewCard.model_validate(doc) for doc in docs]

    async def count_due(self, user_id: str, before: datetime) -> int:
        return await self._cards.count({"user_id": user_id, "suspended": False, "due": {"$lt": utc_iso(before)}})

    async def all_cards(self, user_id: str) -> list[ReviewCard]:
        docs = await self._cards.find({"user_id": user_id}, sort=[("created_at", ASCENDING), ("id", ASCENDING)])
        return [ReviewCard.model_validate(doc) for doc in docs]

    async def cards_of_session(self, user_id: str, session_id: str) -> list[ReviewCard]:
        docs = await self._cards.find(
            {"user_id": user_id, "session_id": session_id}, sort=[("created_at", ASCENDING), ("id", ASCENDING)]
        )
        return [ReviewCard.model_validate(doc) for doc in docs]

    async def set_schedule(self, card: ReviewCard, schedule: dict) -> bool:
        """Write a new schedule only if nobody reviewed the card since it was read (``reps`` unchanged)."""
        updated = await self._cards.update(
            {"id": card.id, "user_id": card.user_id, "reps": card.reps}, {"$set": _json(schedule)}
        )
        return updated == 1

    async def set_suspended(self, user_id: str, card_id: str, suspended: bool) -> ReviewCard | None:
        doc = await self._cards.find_one_and_update(
            {"id": card_id, "user_id": user_id}, {"$set": {"suspended": suspended}}
        )
        return ReviewCard.model_validate(doc) if doc else None

    # --- reviews -------------------------------------------------------------------------------------

    async def claim_review(self, review: Review) -> Review | None:
        """Record the review; if its request id was seen before, the review recorded then (and nothing is written)."""
        try:
            await self._reviews.insert(_doc(review))
            return None
        except DuplicateKeyError:
            earlier = await self._reviews.get({"id": review.id, "user_id": review.user_id})
            if earlier is None:  # the clash was another student's key: impossible with hashed ids, but never leak
                raise
            return Review.model_validate(earlier)

    async def forget_review(self, review: Review) -> None:
        await self._reviews.delete({"id": review.id, "user_id": review.user_id})

    async def history(self, user_id: str, *, card_id: str | None, limit: int) -> list[Review]:
        where: dict = {"user_id": user_id}
        if card_id is not None:
            where["card_id"] = card_id
        docs = await self._reviews.find(where, sort=[("reviewed_at", DESCENDING), ("id", DESCENDING)], limit=limit)
        return [Review.model_validate(doc) for doc in docs]

    async def count_reviews_since(self, user_id: str, since: datetime) -> int:
        return await self._reviews.count({"user_id": user_id, "reviewed_at": {"$gte": utc_iso(since)}})

    async def count_mature_reviews_since(self, user_id: str, since: datetime, *, passed: bool) -> int:
        """Reviews of cards that had graduated to the review state; ``passed``: only those not graded Again."""
        where: dict = {"user_id": user_id, "reviewed_at": {"$gte": utc_iso(since)}, "state_before": "review"}
        if passed:
            where["rating"] = {"$ne": "again"}
        return await self._reviews.count(where)

    async def reviewed_on(self, user_id: str, day: str) -> bool:
        return await self._reviews.get({"user_id": user_id, "day": day}) is not None

    # --- erasure -------------------------------------------------------------------------------------

    async def delete_session(self, user_id: str, session_id: str) -> None:
        """The cards a session brought (its flashcards, the mistakes in its tests) and their reviews."""
        for collection in (self._cards, self._reviews):
            await collection.delete({"user_id": user_id, "session_id": session_id})

    async def delete_user(self, user_id: str) -> None:
        for collection in (self._cards, self._reviews):
            await collection.delete({"user_id": user_id})


def _json(values: dict) -> dict:
    return {k: utc_iso(v) if isinstance(v, datetime) else v for k, v in values.items()}


async def delete_session_deck(store: Store, user_id: str, session_id: str) -> None:
    """The cards a session brought (its flashcards, mistakes in its tests) and their reviews."""
    for name in (REVIEW_CARDS, REVIEWS):
        await store.collection(name).delete({"user_id": user_id, "session_id": session_id})


async def delete_user_deck(store: Store, user_id: str) -> None:
    for name in (REVIEW_CARDS, REVIEWS):
        await store.collection(name).delete({"user_id": user_id})
