"""Where every output kind is kept: one collection per kind, each item with its owner and position."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from studybuddy.store import Store

from .kinds import KINDS, OutputKind
from .schemas import NotProduced, SessionMaterial

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
