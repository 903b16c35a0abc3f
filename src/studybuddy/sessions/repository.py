"""Where sessions and the document read from their files are kept; the only module that queries them.

A job's lease is decided here once: a session is waiting for a runner when it is ``queued``, or ``processing`` with
no lease or a lease that has lapsed (its runner's process died).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from studybuddy.clock import utc_iso
from studybuddy.extract.document import StudyDocument
from studybuddy.store import Collection, CollectionSchema, Store
from studybuddy.store.port import DESCENDING, Filter, Index

from .models import StudySession

SESSIONS = "sessions"
DOCUMENTS = "documents"
COLLECTIONS = (
    CollectionSchema(SESSIONS, (Index(("user_id", "created_at")), Index(("status",)))),
    CollectionSchema(DOCUMENTS, (Index(("session_id",)), Index(("user_id",)))),
)


def _waiting(now: datetime) -> list[Filter]:
    return [
        {"status": "queued"},
        {"status": "processing", "lease_until": None},
        {"status": "processing", "lease_until": {"$lt": utc_iso(now)}},
    ]


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_stored(item) for item in value]
    return value


def _changes(values: dict[str, Any]) -> dict[str, Any]:
    # Only fields StudySession declares: a field written is a field every read sees.
    unknown = set(values) - set(StudySession.model_fields)
    if unknown:
        raise ValueError(f"StudySession has no field {sorted(unknown)}")
    return {name: _stored(value) for name, value in values.items()}


class SessionRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def sessions(self) -> Collection:
        return self.store.collection(SESSIONS)

    @property
    def documents(self) -> Collection:
        return self.store.collection(DOCUMENTS)

    async def add(self, session: StudySession) -> None:
        await self.sessions.insert(session.model_dump(mode="json"))

    async def get(self, session_id: str) -> StudySession | None:
        doc = await self.sessions.get({"id": session_id})
        return StudySession.model_validate(doc) if doc else None

    async def owned(self, user_id: str, session_id: str) -> StudySession | None:
        doc = await self.sessions.get({"id": session_id, "user_id": user_id})
        return StudySession.model_validate(doc) if doc else None

    async def exists(self, user_id: str, session_id: str) -> bool:
        return await self.sessions.count({"id": session_id, "user_id": user_id}) > 0

    async def page(
        self, user_id: str, *, page: int, per_page: int, search: str | None
    ) -> tuple[list[StudySession], int]:
        """Newest first, with the total for the filter."""
        where: Filter = {"user_id": user_id}
        if search:
            where["session_name"] = {"$contains": search}
        total = await self.sessions.count(where)
        docs = await self.sessions.find(
            where, sort=[("created_at", DESCENDING), ("id", DESCENDING)], skip=(page - 1) * per_page, limit=per_page
        )
        return [StudySession.model_validate(doc) for doc in docs], total

    async def ids_of_user(self, user_id: str) -> list[str]:
        return [doc["id"] for doc in await self.sessions.find({"user_id": user_id})]

    async def waiting(self, now: datetime) -> list[str]:
        """Ids of the sessions waiting for a runner, oldest first."""
        found: dict[str, str] = {}
        for where in _waiting(now):
            for doc in await self.sessions.find(where):
                found[doc["id"]] = doc["created_at"]
        return sorted(found, key=lambda session_id: (found[session_id], session_id))

    async def count_by_status(self) -> dict[str, int]:
        """How many sessions wait and how many are being processed (the queue depth /metrics reports)."""
        return {status: await self.sessions.count({"status": status}) for status in ("queued", "processing")}

    async def claim(self, session_id: str, now: datetime, lease_until: datetime) -> StudySession | None:
        """Take the session for this runner if it is waiting; None if it is done, gone or another runner holds it."""
        take = {
            "$set": {"status": "processing", "lease_until": utc_iso(lease_until), "updated_at": utc_iso(now)},
            "$inc": {"attempts": 1},
        }
        for where in _waiting(now):
            doc = await self.sessions.find_one_and_update({"id": session_id} | where, take)
            if doc is not None:
                return StudySession.model_validate(doc)
        return None

    async def update(self, session_id: str, **values: Any) -> None:
        await self.sessions.update({"id": session_id}, {"$set": _changes(values)})

    async def update_while_processing(self, session_id: str, **values: Any) -> bool:
        """Apply the change only while the session is still being processed; False if it is not (deleted, or
        finished by another runner)."""
        matched = await self.sessions.update({"id": session_id, "status": "processing"}, {"$set": _changes(values)})
        return bool(matched)

    async def hand_back(self, session_id: str, *, count_attempt: bool) -> bool:
        """A session being processed back to ``queued``, for a runner to take again; without ``count_attempt``
        the try just made does not count (the runner stopped, not the job)."""
        change: dict[str, Any] = {
            "$set": {"status": "queued", "lease_until": None, "current_step": "Waiting to start again"}
        }
        if not count_attempt:
            change["$inc"] = {"attempts": -1}
        return bool(await self.sessions.update({"id": session_id, "status": "processing"}, change))

    async def delete(self, user_id: str, session_id: str) -> None:
        await self.sessions.delete({"id": session_id, "user_id": user_id})
        await self.documents.delete({"session_id": session_id, "user_id": user_id})

    async def delete_all_of_user(self, user_id: str) -> None:
        """Whatever is left of the user's sessions (a session created while the account was being erased)."""
        await self.documents.delete({"user_id": user_id})
        await self.sessions.delete({"user_id": user_id})

    async def save_document(self, session: StudySession, document: StudyDocument) -> None:
        await self.documents.put(
            {
                "id": session.id,
                "session_id": session.id,
                "user_id": session.user_id,
                "document": document.model_dump(mode="json"),
            }
        )
