"""Spaced repetition through the HTTP API on an injected clock: 60 days of reviews, double taps, suspending, stats."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from studybuddy.clock import parse_utc
from studybuddy.generation.schemas import QuestionSource
from studybuddy.reviews.models import CardContent
from studybuddy.reviews.repository import ReviewRepository
from studybuddy.reviews.service import ReviewService
from tests.api import assert_envelope, sign_up

FACTS = [
    ("term", "What is the sinoatrial node?", "The heart's natural pacemaker, in the right atrium."),
    ("cloze", "The adult heart beats about _____ times a minute at rest.", "72"),
    ("number", "Normal stroke volume", "About 70 mL"),
    ("term", "What is the tricuspid valve?", "The valve between the right atrium and right ventricle."),
]


@pytest.fixture
async def deck(make_client, clock):
    client = await make_client(clock=clock, jwt_expiry_hours=24 * 120)  # one sign-in lasts the simulated months
    student = await sign_up(client)
    # Cards come from generated material; enrolling these four directly gives a deck whose every card is known.
    reviews = ReviewService(ReviewRepository(client.services.store), clock)
    contents = [
        CardContent(kind=kind, front=front, back=back, source=QuestionSource(file="heart.pdf", excerpt=back))
        for kind, front, back in FACTS
    ]
    cards = await reviews.enrol(student["user"]["id"], contents, key=[f"fact-{i}" for i in range(len(FACTS))])
    return {"client": client, "auth": student["auth"], "clock": clock, "cards": [c.id for c in cards]}


async def _due(deck, limit=50) -> dict:
    response = await deck["client"].get(f"/api/v1/reviews/due?limit={limit}", headers=deck["auth"])
    assert response.status_code == 200, response.text
    return response.json()


async def _grade(deck, card_id: str, rating: str, request_id: str) -> dict:
    response = await deck["client"].post(
        f"/api/v1/reviews/{card_id}", json={"rating": rating, "request_id": request_id}, headers=deck["auth"]
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_sixty_days_of_reviews_grow_with_good_and_collapse_with_again(deck):
    always_good, lapses_once, never_seen, suspended = deck["cards"]
    await deck["client"].post(f"/api/v1/reviews/{suspended}/suspend", headers=deck["auth"])
    graded: dict[str, list[dict]] = {always_good: [], lapses_once: []}
    lapse_day = None
    for day in range(60):
        queue = await _due(deck)
        now = parse_utc(queue["as_of"])
        dues = [parse_utc(card["due"]) for card in queue["cards"]]
        assert dues == sorted(dues)  # longest-waiting first
        assert all(due <= now for due in dues)
        ids = [card["card_id"] for card in queue["cards"]]
        assert suspended not in ids and queue["total_due"] == len(ids)
        assert never_seen in ids  # a card never graded stays due, however long it waits
        for card_id in (always_good, lapses_once):
            if card_id not in ids:
                continue
            # The second card is forgotten once, on its first review after day 20 as a graduated card.
            forget = (
                card_id == lapses_once and lapse_day is None and day >= 20 and graded[card_id][-1]["state"] == "review"
            )
            result = await _grade(deck, card_id, "Again" if forget else "Good", f"day{day}-{card_id}")
            assert parse_utc(result["next_due"]) > now
            graded[card_id].append(result | {"interval": parse_utc(result["next_due"]) - now})
            if forget:
                lapse_day = day
        deck["clock"].advance(days=1)

    good = [r["interval"] for r in graded[always_good] if r["state"] == "review"]
    assert len(good) >= 3
    assert all(later > earlier for earlier, later in itertools.pairwise(good))  # every Good stretches the interval
    assert good[-1] > timedelta(days=15)
    assert len(graded[always_good]) <= 6  # growing intervals: far fewer reviews than days

    assert lapse_day is not None
    history = graded[lapses_once]
    lapse = next(i for i, r in enumerate(history) if r["rating"] == "again")
    assert history[lapse]["state"] == "relearning" and history[lapse]["card"]["lapses"] == 1
    assert history[lapse]["interval"] < timedelta(hours=1) < history[lapse - 1]["interval"]  # Again collapses it
    assert all(r["interval"] < history[lapse - 1]["interval"] for r in history[lapse + 1 : lapse + 3])


async def test_a_double_tap_is_one_review(deck):
    card_id = deck["cards"][0]
    first = await _grade(deck, card_id, "good", "tap-1")
    deck["clock"].advance(seconds=2)
    again = await _grade(deck, card_id, "good", "tap-1")
    assert again["replayed"] is True and first["replayed"] is False
    assert again["next_due"] == first["next_due"] and again["reviewed_at"] == first["reviewed_at"]
    history = (await deck["client"].get(f"/api/v1/reviews/history?card_id={card_id}", headers=deck["auth"])).json()
    assert len(history["reviews"]) == 1
    card = (await deck["client"].get(f"/api/v1/reviews/{card_id}", headers=deck["auth"])).json()
    assert card["reps"] == 1
    # The same request id for another card is a client bug, not a review.
    response = await deck["client"].post(
        f"/api/v1/reviews/{deck['cards'][1]}", json={"rating": "good", "request_id": "tap-1"}, headers=deck["auth"]
    )
    assert_envelope(response, 409)


async def test_suspended_cards_leave_the_queue_until_unsuspended(deck):
    card_id = deck["cards"][2]
    response = await deck["client"].post(f"/api/v1/reviews/{card_id}/suspend", headers=deck["auth"])
    assert response.status_code == 200 and response.json()["suspended"] is True
    assert card_id not in [c["card_id"] for c in (await _due(deck))["cards"]]
    response = await deck["client"].post(f"/api/v1/reviews/{card_id}/unsuspend", headers=deck["auth"])
    assert response.json()["suspended"] is False
    assert card_id in [c["card_id"] for c in (await _due(deck))["cards"]]


async def test_stats_count_today_retention_and_streak(deck):
    client, auth, clock = deck["client"], deck["auth"], deck["clock"]
    stats = (await client.get("/api/v1/reviews/stats", headers=auth)).json()
    assert stats == stats | {"due_today": 4, "reviewed_today": 0, "true_retention": None, "streak_days": 0}
    a, b, c, d = deck["cards"]
    # Three days running: a and b graduate on day 1; c is forgotten on day 1 and so still due on day 2.
    plan = [{a: "good", b: "good", c: "good"}, {a: "good", b: "good", c: "again"}, {c: "good"}]
    for day, grades in enumerate(plan):
        due_now = {card["card_id"] for card in (await _due(deck))["cards"]}
        assert set(grades) <= due_now
        for card_id, rating in grades.items():
            await _grade(deck, card_id, rating, f"{day}-{card_id}")
        if day < 2:
            clock.advance(days=1)
    stats = (await client.get("/api/v1/reviews/stats", headers=auth)).json()
    assert stats["streak_days"] == 3
    assert stats["reviewed_today"] >= 1
    assert stats["due_today"] >= 2  # c and d were never graded
    # Review graduated cards: one remembered, one forgotten -> true retention 1/2.
    clock.advance(days=40)
    await _grade(deck, a, "good", "late-a")
    await _grade(deck, b, "again", "late-b")
    stats = (await client.get("/api/v1/reviews/stats", headers=auth)).json()
    assert stats["true_retention"] == 0.5 and stats["mature_reviews_30d"] == 2
    assert stats["streak_days"] == 1  # the run of three days was broken


async def test_another_students_card_is_not_found(deck):
    other = await sign_up(deck["client"], mobile="9876500000")
    card_id = deck["cards"][0]
    for response in (
        await deck["client"].get(f"/api/v1/reviews/{card_id}", headers=other["auth"]),
        await deck["client"].post(
            f"/api/v1/reviews/{card_id}", json={"rating": "good", "request_id": "x"}, headers=other["auth"]
        ),
        await deck["client"].post(f"/api/v1/reviews/{card_id}/suspend", headers=other["auth"]),
    ):
        assert_envelope(response, 404)
    assert (await deck["client"].get("/api/v1/reviews/due", headers=other["auth"])).json()["cards"] == []
    response = await deck["client"].post(
        f"/api/v1/reviews/{card_id}", json={"rating": "meh", "request_id": "x"}, headers=deck["auth"]
    )
    assert_envelope(response, 422)
