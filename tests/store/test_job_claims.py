"""The claim that keeps the queues fair, on every adapter: one running job per student and a heavy lane of fixed
width, each slot taken by one atomic write, so claims racing from several runners never overshoot."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from studybuddy.sessions.models import StudySession
from studybuddy.sessions.repository import MustWait, SessionRepository

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
LEASE = NOW + timedelta(seconds=60)


async def _queued(sessions: SessionRepository, session_id: str, user_id: str, *, heavy: bool = False) -> str:
    await sessions.add(
        StudySession(
            id=session_id,
            user_id=user_id,
            session_name=session_id,
            created_at=NOW,
            updated_at=NOW,
            source="text",
            heavy=heavy,
        )
    )
    return session_id


async def _claim_all(sessions: SessionRepository, ids: list[str], *, heavy_lanes: int = 1) -> list[str]:
    """Claims of every session at once; the ids that were taken."""

    async def claim(session_id: str) -> str | None:
        try:
            taken = await sessions.claim(session_id, NOW, LEASE, heavy_lanes=heavy_lanes)
        except MustWait:
            return None
        return taken.id if taken else None

    return [taken for taken in await asyncio.gather(*(claim(session_id) for session_id in ids)) if taken]


async def test_a_student_runs_one_job_at_a_time_however_many_claims_race(store):
    sessions = SessionRepository(store)
    ids = [await _queued(sessions, f"a{i}", "student-a") for i in range(8)]
    other = await _queued(sessions, "b0", "student-b")
    taken = await _claim_all(sessions, [*ids, other])
    assert other in taken and len(taken) == 2, taken
    (first,) = set(taken) - {other}
    with pytest.raises(MustWait):
        await sessions.claim(next(i for i in ids if i != first), NOW, LEASE, heavy_lanes=1)
    await sessions.update(first, status="completed")
    await sessions.release_slots(first)
    assert len(await _claim_all(sessions, ids)) == 1  # the next one, now that the first is done


async def test_the_heavy_lane_holds_as_many_heavy_jobs_as_it_is_wide(store):
    sessions = SessionRepository(store)
    heavy = [await _queued(sessions, f"h{i}", f"student-{i}", heavy=True) for i in range(5)]
    light = await _queued(sessions, "light", "student-light")
    taken = await _claim_all(sessions, [*heavy, light], heavy_lanes=2)
    assert light in taken and len(set(taken) & set(heavy)) == 2, taken
    # A refused heavy job left its student's slot free: that student's light work may run.
    refused = next(session_id for session_id in heavy if session_id not in taken)
    owner = (await sessions.get(refused)).user_id  # type: ignore[union-attr]
    assert await _claim_all(sessions, [await _queued(sessions, "owner-light", owner)]) == ["owner-light"]


async def test_a_slot_whose_runner_died_frees_itself_when_the_lease_lapses(store):
    sessions = SessionRepository(store)
    first = await _queued(sessions, "first", "student-a")
    second = await _queued(sessions, "second", "student-a")
    assert await _claim_all(sessions, [first]) == [first]
    # The runner of "first" died: nothing renews its lease. Once it lapses, "first" is waiting again, and either
    # of the student's sessions may take the slot (one at a time).
    later = LEASE + timedelta(seconds=1)
    taken = await sessions.claim(second, later, later + timedelta(seconds=60), heavy_lanes=1)
    assert taken is not None and taken.id == second
    with pytest.raises(MustWait):
        await sessions.claim(first, later, later + timedelta(seconds=60), heavy_lanes=1)


async def test_a_renewed_lease_keeps_the_slot(store):
    sessions = SessionRepository(store)
    first = await _queued(sessions, "first", "student-a")
    second = await _queued(sessions, "second", "student-a")
    assert await _claim_all(sessions, [first]) == [first]
    later = LEASE + timedelta(seconds=1)
    assert await sessions.renew_lease(first, later + timedelta(seconds=60))
    with pytest.raises(MustWait):
        await sessions.claim(second, later, later + timedelta(seconds=60), heavy_lanes=1)
