"""Where sessions and the document read from their files are kept; the only module that queries them.

A job's lease is decided here once: a session is waiting for a runner when it is ``queued``, or ``processing`` with
no lease or a lease that has lapsed (its runner's process died).

Fairness is decided here too, at the claim, so that every runner (inline workers in any number of API processes,
Celery workers on any machine) keeps it: a job first takes its student's slot (one running job per student), and a
heavy job one of the heavy lane's slots, then the session. A slot is a document taken by one atomic conditional
write, held under the job's lease and renewed with it, so a slot of a runner that died frees itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from studybuddy.clock import utc_iso
from studybuddy.extract.document import StudyDocument
from studybuddy.store import Collection, CollectionSchema, DuplicateKeyError, Store
from studybuddy.store.port import DESCENDING, Filter, Index

from .models import StudySession

SESSIONS = "sessions"
DOCUMENTS = "documents"
JOB_SLOTS = "job_slots"
COLLECTIONS = (
    CollectionSchema(SESSIONS, (Index(("user_id", "created_at")), Index(("status",)))),
    CollectionSchema(DOCUMENTS, (Index(("session_id",)), Index(("user_id",)))),
    CollectionSchema(JOB_SLOTS, (Index(("session_id",)),)),
)


class MustWait(Exception):
    """The session cannot start yet: its student has a job running, or the heavy lane is full. It stays queued."""


@dataclass(frozen=True)
class WaitingJob:
    session_id: str
    user_id: str
    heavy: bool


def _student_slot(user_id: str) -> str:
    return f"student:{user_id}"


def _heavy_slot(lane: int) -> str:
    return f"heavy:{lane}"


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

    @property
    def slots(self) -> Collection:
        return self.store.collection(JOB_SLOTS)

    async def waiting(self, now: datetime) -> list[WaitingJob]:
        """The sessions waiting for a runner, oldest first."""
        found: dict[str, dict] = {}
        for where in _waiting(now):
            for doc in await self.sessions.find(where):
                found[doc["id"]] = doc
        docs = sorted(found.values(), key=lambda doc: (doc["created_at"], doc["id"]))
        return [WaitingJob(doc["id"], doc["user_id"], bool(doc.get("heavy"))) for doc in docs]

    async def count_by_status(self) -> dict[str, int]:
        """How many sessions wait and how many are being processed (the queue depth /metrics reports)."""
        return {status: await self.sessions.count({"status": status}) for status in ("queued", "processing")}

    async def claim(
        self, session_id: str, now: datetime, lease_until: datetime, *, heavy_lanes: int
    ) -> StudySession | None:
        """Take the session for this runner if it is waiting; None if it is done, gone or another runner holds it.
        Raises MustWait (the session stays queued) while its student has another job running, or, for a heavy
        session, while ``heavy_lanes`` heavy jobs run."""
        found = await self.sessions.get({"id": session_id, "status": {"$in": ["queued", "processing"]}})
        if found is None:
            return None
        session = StudySession.model_validate(found)
        if session.status == "processing" and session.lease_until is not None and session.lease_until >= now:
            return None  # another runner holds it
        if not await self._take_slot(_student_slot(session.user_id), session_id, now, lease_until):
            raise MustWait(f"student {session.user_id} has another job running")
        if session.heavy and not await self._take_heavy_lane(session_id, now, lease_until, heavy_lanes):
            await self.release_slots(session_id)
            raise MustWait(f"all {heavy_lanes} heavy lane(s) are busy")
        take = {
            "$set": {"status": "processing", "lease_until": utc_iso(lease_until), "updated_at": utc_iso(now)},
            "$inc": {"attempts": 1},
        }
        for where in _waiting(now):
            doc = await self.sessions.find_one_and_update({"id": session_id} | where, take)
            if doc is not None:
                return StudySession.model_validate(doc)
        await self.release_slots(session_id)  # another runner was quicker
        return None

    async def _take_heavy_lane(self, session_id: str, now: datetime, lease_until: datetime, lanes: int) -> bool:
        for lane in range(max(1, lanes)):
            if await self._take_slot(_heavy_slot(lane), session_id, now, lease_until):
                return True
        return False

    async def _take_slot(self, slot_id: str, session_id: str, now: datetime, lease_until: datetime) -> bool:
        """One atomic write each: the slot is made, or taken when free, lapsed or already this session's."""
        held = {"session_id": session_id, "lease_until": utc_iso(lease_until)}
        try:
            await self.slots.insert({"id": slot_id} | held)
            return True
        except DuplicateKeyError:
            pass
        for where in ({"session_id": None}, {"session_id": session_id}, {"lease_until": {"$lt": utc_iso(now)}}):
            if await self.slots.find_one_and_update({"id": slot_id} | where, {"$set": held}) is not None:
                return True
        return False

    async def renew_lease(self, session_id: str, lease_until: datetime) -> bool:
        """The job is alive: its session's lease and its slots' run on; False if the session is not processing."""
        renewed = await self.update_while_processing(session_id, lease_until=lease_until)
        if renewed:
            await self.slots.update({"session_id": session_id}, {"$set": {"lease_until": utc_iso(lease_until)}})
        return renewed

    async def release_slots(self, session_id: str) -> None:
        """The job is over (finished, failed, handed back or stopped): its student's next job, or the next heavy
        one, may start."""
        await self.slots.update({"session_id": session_id}, {"$set": {"session_id": None, "lease_until": None}})

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
        await self.slots.delete({"id": _student_slot(user_id)})

    async def save_document(self, session: StudySession, document: StudyDocument) -> None:
        await self.documents.put(
            {
                "id": session.id,
                "session_id": session.id,
                "user_id": session.user_id,
                "document": document.model_dump(mode="json"),
            }
        )
