"""Where every output kind is kept: one collection per kind, each item with its owner and position."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from studybuddy.generation.schemas import Question
from studybuddy.store import Store

from .kinds import KINDS, MOCK_TESTS, QUESTIONS, OutputKind
from .mock_tests import MarkingScheme, MockTest
from .schemas import MockTestRead, NotProduced, SessionMaterial

_BY_POSITION = [("position", 1), ("id", 1)]


def _item_id(item: BaseModel, kind: OutputKind, session_id: str, position: int) -> str:
    own = getattr(item, "id", "")
    if own:
        return str(own)
    return session_id if kind.single else f"{session_id}-{kind.name}-{position}"


class MaterialRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def replace(
        self, session_id: str, user_id: str, produced: Mapping[str, Sequence[BaseModel]]
    ) -> dict[str, int]:
        """Store what a run of the session's job produced, replacing (never adding to) what an earlier run stored.
        Returns how many items of each kind were kept (the session's ``results_summary``)."""
        owner = {"session_id": session_id, "user_id": user_id}
        summary: dict[str, int] = {}
        for kind in KINDS:
            items = list(produced.get(kind.name, ()))[: 1 if kind.single else None]
            collection = self.store.collection(kind.name)
            await collection.delete(owner)
            if items:
                await collection.insert_many(
                    [
                        item.model_dump(mode="json")
                        | owner
                        | {"id": _item_id(item, kind, session_id, position), "position": position}
                        for position, item in enumerate(items)
                    ]
                )
            summary[kind.name] = len(items)
        return summary

    async def read(self, session_id: str, user_id: str) -> SessionMaterial:
        owner = {"session_id": session_id, "user_id": user_id}
        values: dict[str, object] = {}
        for kind in KINDS:
            docs = await self.store.collection(kind.name).find(owner, sort=_BY_POSITION)
            items = [kind.read.model_validate(doc) for doc in docs]
            values[kind.name] = (items[0] if items else NotProduced()) if kind.single else items
        return SessionMaterial.model_validate(values)

    async def delete_session(self, session_id: str, user_id: str) -> None:
        for kind in KINDS:
            await self.store.collection(kind.name).delete({"session_id": session_id, "user_id": user_id})

    async def delete_user(self, user_id: str) -> None:
        for kind in KINDS:
            await self.store.collection(kind.name).delete({"user_id": user_id})

    async def mock_test(self, user_id: str, test_id: str) -> MockTestRead | None:
        doc = await self.store.collection(MOCK_TESTS.name).get({"id": test_id, "user_id": user_id})
        return MockTestRead.model_validate(doc) if doc else None

    async def set_marking(self, user_id: str, test_id: str, scheme: MarkingScheme, total_marks: float) -> None:
        await self.store.collection(MOCK_TESTS.name).update(
            {"id": test_id, "user_id": user_id},
            {"$set": {"marking_scheme": scheme.model_dump(mode="json"), "total_marks": total_marks}},
        )

    async def questions(self, user_id: str, ids: list[str]) -> list[Question]:
        """The user's questions with these ids, in the order of ``ids`` (ids no longer there are left out)."""
        docs = await self.store.collection(QUESTIONS.name).find({"id": {"$in": ids}, "user_id": user_id})
        by_id = {doc["id"]: doc for doc in docs}
        return [Question.model_validate(by_id[qid]) for qid in ids if qid in by_id]

    async def bank(self, user_id: str, session_ids: list[str] | None = None) -> list[Question]:
        """Every question of the user (or of these sessions of theirs), oldest session first."""
        where: dict[str, object] = {"user_id": user_id}
        if session_ids:
            where["session_id"] = {"$in": session_ids}
        docs = await self.store.collection(QUESTIONS.name).find(where, sort=[("session_id", 1), *_BY_POSITION])
        return [Question.model_validate(doc) for doc in docs]

    async def add_mock_test(self, test: MockTest) -> None:
        """A test built across sessions (NEET-PG, custom): kept with the session tests, with no session."""
        await self.store.collection(MOCK_TESTS.name).insert(test.model_dump(mode="json") | {"position": 0})

    async def mock_tests_across_sessions(self, user_id: str) -> list[MockTestRead]:
        """Newest first."""
        docs = await self.store.collection(MOCK_TESTS.name).find(
            {"user_id": user_id, "session_id": None}, sort=[("created_at", -1), ("id", -1)]
        )
        return [MockTestRead.model_validate(doc) for doc in docs]
