"""Reading sessions and their results; every read is filtered on the owner."""

from __future__ import annotations

from typing import Any

from studybuddy.errors import NotFoundError
from studybuddy.store import Store
from studybuddy.store.port import DESCENDING
from studybuddy.store.schema import CHEAT_SHEETS, MNEMONICS, MOCK_TESTS, NOTES, QUESTIONS, SESSIONS

from .models import StudySession

_INTERNAL = ("user_id", "position")


async def get_owned_session(store: Store, user_id: str, session_id: str) -> StudySession:
    doc = await store.collection(SESSIONS).get({"id": session_id, "user_id": user_id})
    if doc is None:
        raise NotFoundError("No such study session")  # also for another student's session: never confirm it exists
    return StudySession.model_validate(doc)


async def list_sessions(
    store: Store, user_id: str, *, page: int, per_page: int, search: str | None
) -> tuple[list[StudySession], int]:
    where: dict[str, Any] = {"user_id": user_id}
    if search:
        where["session_name"] = {"$contains": search}
    sessions = store.collection(SESSIONS)
    total = await sessions.count(where)
    docs = await sessions.find(
        where, sort=[("created_at", DESCENDING), ("id", DESCENDING)], skip=(page - 1) * per_page, limit=per_page
    )
    return [StudySession.model_validate(doc) for doc in docs], total


def _public(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in _INTERNAL}


async def session_results(store: Store, session: StudySession) -> dict[str, Any]:
    owner = {"session_id": session.id, "user_id": session.user_id}
    by_position = [("position", 1), ("id", 1)]
    questions = await store.collection(QUESTIONS).find(owner, sort=by_position)
    tests = await store.collection(MOCK_TESTS).find(owner, sort=[("test_name", 1), ("id", 1)])
    mnemonics = await store.collection(MNEMONICS).find(owner, sort=by_position)
    cheat_sheets = await store.collection(CHEAT_SHEETS).find(owner)
    notes = await store.collection(NOTES).get(owner)
    return {
        "questions": [_public(q) for q in questions],
        "mock_tests": [_public(t) for t in tests],
        "mnemonics": [{k: v for k, v in _public(m).items() if k not in ("session_id",)} for m in mnemonics],
        "cheat_sheets": [{k: v for k, v in _public(c).items() if k not in ("id", "session_id")} for c in cheat_sheets],
        "notes": {k: v for k, v in _public(notes).items() if k not in ("id", "session_id")} if notes else {},
    }
