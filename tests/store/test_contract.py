"""One contract for every store adapter: what the services rely on."""

from __future__ import annotations

import asyncio

import pytest

from studybuddy.auth.repository import USERS
from studybuddy.context import ALL_COLLECTIONS
from studybuddy.material.kinds import QUESTIONS
from studybuddy.sessions.repository import SESSIONS
from studybuddy.store import DuplicateKeyError
from studybuddy.store.port import DESCENDING


async def test_insert_then_get_returns_the_same_document(store):
    users = store.collection(USERS)
    doc = {"id": "u1", "mobile": "9876543210", "is_active": True, "profile": {"name": "Asha"}, "tags": ["a"]}
    await users.insert(doc)
    assert await users.get({"id": "u1"}) == doc
    assert await users.get({"mobile": "9876543210"}) == doc
    assert await users.get({"mobile": "9000000000"}) is None


async def test_unique_index_refuses_a_second_mobile(store):
    users = store.collection(USERS)
    await users.insert({"id": "u1", "mobile": "9876543210"})
    with pytest.raises(DuplicateKeyError):
        await users.insert({"id": "u2", "mobile": "9876543210"})
    with pytest.raises(DuplicateKeyError):
        await users.insert({"id": "u1", "mobile": "9123456789"})
    assert await users.count({}) == 1


async def test_filters_compare_like_mongodb(store):
    sessions = store.collection(SESSIONS)
    for i in range(6):
        await sessions.insert(
            {
                "id": f"s{i}",
                "user_id": "u1" if i < 4 else "u2",
                "session_name": f"Anatomy Chapter {i}" if i % 2 else f"Physiology {i}",
                "created_at": f"2026-11-2{i}T10:00:00.000000Z",
                "files_count": i,
                "done": i % 3 == 0,
            }
        )
    assert await sessions.count({"user_id": "u1"}) == 4
    assert await sessions.count({"user_id": "u1", "files_count": {"$gte": 2}}) == 2
    assert await sessions.count({"files_count": {"$lt": 2}}) == 2
    assert await sessions.count({"id": {"$in": ["s1", "s5", "nope"]}}) == 2
    assert await sessions.count({"id": {"$in": []}}) == 0
    assert await sessions.count({"user_id": {"$ne": "u1"}}) == 2
    assert await sessions.count({"done": True}) == 2
    assert await sessions.count({"session_name": {"$contains": "ANATOMY"}}) == 3
    assert await sessions.count({"session_name": {"$contains": "chapter 3"}}) == 1
    # A user's search text is a literal, never a pattern.
    assert await sessions.count({"session_name": {"$contains": ".*"}}) == 0
    assert await sessions.count({"missing_field": None}) == 6
    assert await sessions.count({"created_at": {"$gt": "2026-11-23T00:00:00.000000Z"}}) == 3


async def test_find_sorts_skips_and_limits(store):
    sessions = store.collection(SESSIONS)
    await sessions.insert_many(
        [{"id": f"s{i}", "user_id": "u1", "created_at": f"2026-11-{10 + i}T00:00:00.000000Z"} for i in range(7)]
    )
    page = await sessions.find({"user_id": "u1"}, sort=[("created_at", DESCENDING)], skip=2, limit=3)
    assert [doc["id"] for doc in page] == ["s4", "s3", "s2"]
    rest = await sessions.find({"user_id": "u1"}, sort=[("created_at", DESCENDING)], skip=5)
    assert [doc["id"] for doc in rest] == ["s1", "s0"]


async def test_update_sets_increments_and_unsets(store):
    sessions = store.collection(SESSIONS)
    await sessions.insert({"id": "s1", "user_id": "u1", "progress": 10, "error": "x", "status": "queued"})
    matched = await sessions.update(
        {"id": "s1"},
        {
            "$set": {"status": "processing", "summary": {"questions": 3}, "flags": [1, 2]},
            "$inc": {"progress": 5, "attempts": 1},
            "$unset": ["error"],
        },
    )
    assert matched == 1
    doc = await sessions.get({"id": "s1"})
    assert doc == {
        "id": "s1",
        "user_id": "u1",
        "progress": 15,
        "status": "processing",
        "summary": {"questions": 3},
        "flags": [1, 2],
        "attempts": 1,
    }
    assert await sessions.update({"id": "nope"}, {"$set": {"status": "x"}}) == 0


async def test_update_stores_strings_booleans_and_null_as_json(store):
    users = store.collection(USERS)
    await users.insert({"id": "u1", "mobile": "9876543210"})
    await users.update({"id": "u1"}, {"$set": {"name": "true", "is_active": False, "email": None}})
    doc = await users.get({"id": "u1"})
    assert doc["name"] == "true" and doc["is_active"] is False and doc["email"] is None
    assert await users.count({"is_active": False}) == 1


async def test_find_one_and_update_is_atomic_under_concurrency(store):
    users = store.collection(USERS)
    await users.insert({"id": "u1", "mobile": "9876543210", "tries_left": 5})

    async def take_a_try():
        return await users.find_one_and_update({"id": "u1", "tries_left": {"$gt": 0}}, {"$inc": {"tries_left": -1}})

    results = await asyncio.gather(*(take_a_try() for _ in range(12)))
    granted = [r for r in results if r is not None]
    assert len(granted) == 5
    assert sorted(r["tries_left"] for r in granted) == [0, 1, 2, 3, 4]
    assert (await users.get({"id": "u1"}))["tries_left"] == 0


async def test_put_inserts_or_replaces(store):
    questions = store.collection(QUESTIONS.name)
    await questions.put({"id": "q1", "session_id": "s1", "text": "a"})
    await questions.put({"id": "q1", "session_id": "s1", "text": "b"})
    assert await questions.find({"session_id": "s1"}) == [{"id": "q1", "session_id": "s1", "text": "b"}]


async def test_delete_removes_only_matches(store):
    questions = store.collection(QUESTIONS.name)
    await questions.insert_many([{"id": f"q{i}", "session_id": "s1" if i < 3 else "s2"} for i in range(5)])
    assert await questions.delete({"session_id": "s1"}) == 3
    assert [d["id"] for d in await questions.find({}, sort=[("id", 1)])] == ["q3", "q4"]


async def test_invalid_field_names_are_refused(store):
    with pytest.raises(ValueError):
        await store.collection(USERS).get({"mobile') OR 1=1 --": "x"})


async def test_ping_answers(store):
    assert await store.ping() is True


async def test_sqlite_data_survives_a_restart(tmp_path):
    from studybuddy.store.sqlite import SQLiteStore

    first = SQLiteStore(tmp_path / "restart.db", ALL_COLLECTIONS)
    await first.open()
    await first.collection(USERS).insert({"id": "u1", "mobile": "9876543210"})
    await first.close()
    second = SQLiteStore(tmp_path / "restart.db", ALL_COLLECTIONS)
    await second.open()
    assert (await second.collection(USERS).get({"id": "u1"}))["mobile"] == "9876543210"
    await second.close()


async def test_dotted_updates_reach_into_existing_objects(store):
    attempts = store.collection("attempts")
    await attempts.insert({"id": "a1", "user_id": "u1", "answers": {}, "review": {"q_x": True}})
    await attempts.update({"id": "a1"}, {"$set": {"answers.q_1": "B"}})
    doc = await attempts.find_one_and_update({"id": "a1"}, {"$set": {"answers.q_2": "C"}, "$unset": ["review.q_x"]})
    assert doc["answers"] == {"q_1": "B", "q_2": "C"} and doc["review"] == {}
    await attempts.update({"id": "a1"}, {"$unset": ["answers.q_1"]})
    assert (await attempts.get({"id": "a1"}))["answers"] == {"q_2": "C"}
    assert await attempts.count({"answers.q_2": "C"}) == 1
