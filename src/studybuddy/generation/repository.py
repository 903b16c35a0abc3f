"""The generation cache: material already generated for the same text, engine, model and prompt version (no tokens
spent twice). Per user, because it holds text from their files, and erased with them."""

from __future__ import annotations

from datetime import datetime

from studybuddy.clock import utc_iso
from studybuddy.store import Collection, CollectionSchema, Store
from studybuddy.store.port import Index

from .schemas import StudyMaterial

GENERATION_CACHE = "generation_cache"
COLLECTIONS = (CollectionSchema(GENERATION_CACHE, (Index(("user_id",)),)),)


class GenerationCache:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def entries(self) -> Collection:
        return self.store.collection(GENERATION_CACHE)

    async def get(self, key: str) -> StudyMaterial | None:
        doc = await self.entries.get({"id": key})
        return StudyMaterial.model_validate(doc["material"]) if doc else None

    async def put(self, key: str, user_id: str, engine: str, material: StudyMaterial, now: datetime) -> None:
        await self.entries.put(
            {
                "id": key,
                "user_id": user_id,
                "created_at": utc_iso(now),
                "engine": engine,
                "material": material.model_dump(mode="json", exclude={"token_usage"}),
            }
        )

    async def delete_for_user(self, user_id: str) -> None:
        await self.entries.delete({"user_id": user_id})
