"""The extraction cache: what was read from a file the user uploaded before (same bytes, same OCR choice, same
extractor version), so a re-upload is not read, or OCR'd, twice. Per user, and erased with them."""

from __future__ import annotations

from studybuddy.extract.document import EXTRACTOR_VERSION, ExtractedFile
from studybuddy.sessions.models import StoredFile
from studybuddy.store import Collection, CollectionSchema, Store
from studybuddy.store.port import Index

EXTRACTION_CACHE = "extraction_cache"
COLLECTIONS = (CollectionSchema(EXTRACTION_CACHE, (Index(("user_id",)),)),)


def _key(user_id: str, stored: StoredFile, force_ocr: bool) -> str:
    return f"{user_id}:{stored.sha256}:{'ocr' if force_ocr else 'auto'}:{EXTRACTOR_VERSION}"


class ExtractionCache:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def entries(self) -> Collection:
        return self.store.collection(EXTRACTION_CACHE)

    async def get(self, user_id: str, stored: StoredFile, force_ocr: bool) -> ExtractedFile | None:
        doc = await self.entries.get({"id": _key(user_id, stored, force_ocr)})
        if doc is None:
            return None
        result = ExtractedFile.model_validate(doc["file"])
        result.filename = stored.filename  # the same bytes may come under another name
        return result

    async def put(self, user_id: str, stored: StoredFile, force_ocr: bool, result: ExtractedFile) -> None:
        await self.entries.put(
            {
                "id": _key(user_id, stored, force_ocr),
                "user_id": user_id,
                "sha256": stored.sha256,
                "file": result.model_dump(mode="json"),
            }
        )

    async def delete_for_user(self, user_id: str) -> None:
        await self.entries.delete({"user_id": user_id})
