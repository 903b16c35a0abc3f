"""Where attempts at mock tests are kept; the only module that queries them (the tests themselves are material).

Answers and review marks are stored as maps keyed ``q_<question id>`` so one answer changes with one atomic field
update (ids are hex and may start with a digit, which a field name may not); callers see plain question ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from studybuddy.clock import utc_iso
from studybuddy.store import Collection, CollectionSchema, Store
from studybuddy.store.port import DESCENDING, Document, Index, Update

from .schemas import Attempt, TestResult

ATTEMPTS = "attempts"
COLLECTIONS = (CollectionSchema(ATTEMPTS, (Index(("test_id", "user_id")), Index(("user_id",)))),)
_KEY = "q_"


def _to_doc(attempt: Attempt) -> Document:
    doc = attempt.model_dump(mode="json")
    doc["answers"] = {_KEY + qid: label for qid, label in attempt.answers.items()}
    doc["review"] = {_KEY + qid: True for qid in attempt.review}
    return doc


def _from_doc(doc: Document) -> Attempt:
    marked = {key.removeprefix(_KEY) for key, flag in doc.get("review", {}).items() if flag}
    values = dict(doc)
    values["answers"] = {key.removeprefix(_KEY): label for key, label in doc.get("answers", {}).items()}
    values["review"] = [qid for qid in doc["question_ids"] if qid in marked]
    return Attempt.model_validate(values)


class AttemptRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def attempts(self) -> Collection:
        return self.store.collection(ATTEMPTS)

    async def add(self, attempt: Attempt) -> None:
        await self.attempts.insert(_to_doc(attempt))

    async def get(self, user_id: str, attempt_id: str) -> Attempt | None:
        doc = await self.attempts.get({"id": attempt_id, "user_id": user_id})
        return _from_doc(doc) if doc else None

    async def of_test(self, user_id: str, test_id: str) -> list[Attempt]:
        """Newest first."""
        docs = await self.attempts.find({"test_id": test_id, "user_id": user_id}, sort=[("start_time", DESCENDING)])
        return [_from_doc(doc) for doc in docs]

    async def _while_open(self, attempt: Attempt, now: datetime, changes: Update) -> Attempt | None:
        doc = await self.attempts.find_one_and_update(
            {"id": attempt.id, "user_id": attempt.user_id, "status": "in_progress", "end_time": {"$gt": utc_iso(now)}},
            changes,
        )
        return _from_doc(doc) if doc else None

    async def answer(self, attempt: Attempt, now: datetime, question_id: str, label: str | None) -> Attempt | None:
        """Set (or with None clear) one answer while the attempt is open on the server's clock; None once it is not."""
        field = f"answers.{_KEY}{question_id}"
        return await self._while_open(attempt, now, {"$set": {field: label}} if label else {"$unset": [field]})

    async def mark(self, attempt: Attempt, now: datetime, question_id: str, marked: bool) -> Attempt | None:
        field = f"review.{_KEY}{question_id}"
        return await self._while_open(attempt, now, {"$set": {field: True}} if marked else {"$unset": [field]})

    async def move(self, attempt: Attempt, now: datetime, position: int) -> Attempt | None:
        return await self._while_open(attempt, now, {"$set": {"current_question": position}})

    async def submit_once(
        self, attempt: Attempt, result: TestResult, submitted_at: datetime, *, automatically: bool
    ) -> Attempt | None:
        """Record the result unless the attempt was submitted meanwhile (None: the earlier submission stands)."""
        values: dict[str, Any] = {
            "status": "submitted",
            "submitted_at": utc_iso(submitted_at),
            "auto_submitted": automatically,
            "result": result.model_dump(mode="json"),
        }
        doc = await self.attempts.find_one_and_update({"id": attempt.id, "status": "in_progress"}, {"$set": values})
        return _from_doc(doc) if doc else None

    async def delete_for_session(self, user_id: str, session_id: str) -> None:
        await self.attempts.delete({"session_id": session_id, "user_id": user_id})

    async def delete_for_user(self, user_id: str) -> None:
        await self.attempts.delete({"user_id": user_id})
