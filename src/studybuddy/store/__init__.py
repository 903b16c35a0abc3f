"""Records: the persistence port and its two adapters. Only this package talks to a database."""

from __future__ import annotations

from collections.abc import Sequence

from studybuddy.config import Settings
from studybuddy.store.port import Collection, CollectionSchema, DuplicateKeyError, Store, StoreError

__all__ = ["Collection", "CollectionSchema", "DuplicateKeyError", "Store", "StoreError", "build_store"]


def build_store(settings: Settings, schema: Sequence[CollectionSchema]) -> Store:
    """MongoDB when MONGODB_URL is set, otherwise the embedded SQLite file at SQLITE_PATH; ``schema`` lists the
    collections the domains keep (the store knows none of them by itself)."""
    if settings.uses_mongodb:
        from studybuddy.store.mongo import MongoStore

        return MongoStore.from_url(settings.mongodb_url, settings.database_name, schema)
    from studybuddy.store.sqlite import SQLiteStore

    return SQLiteStore(settings.sqlite_path, schema)
