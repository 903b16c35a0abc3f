"""Reading sessions and their results; every read is filtered on the owner."""

from __future__ import annotations

from typing import Any

from studybuddy.errors import NotFoundError
from studybuddy.material.repository import MaterialRepository
from studybuddy.material.schemas import SessionMaterial
from studybuddy.store import Store
from studybuddy.store.port import DESCENDING
from studybuddy.store.schema import SESSIONS

from .models import StudySession


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


async def session_material(store: Store, session: StudySession) -> SessionMaterial:
    return await MaterialRepository(store).read(session.id, session.user_id)
