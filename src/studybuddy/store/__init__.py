"""Records: the persistence port and its two adapters. Only this package talks to a database."""

from __future__ import annotations

from studybuddy.config import Settings
from studybuddy.store.port import Collection, DuplicateKeyError, Store, StoreError

__all__ = ["Collection", "DuplicateKeyError", "Store", "StoreError", "build_store"]


def build_store(settings: Settings) -> Store:
    """MongoDB when MONGODB_URL is set, otherwise the embedded SQLite file at SQLITE_PATH."""
    if settings.uses_mongodb:
        from studybuddy.store.mongo import MongoStore

        return MongoStore.from_url(settings.mongodb_url, settings.database_name)
    from studybuddy.store.sqlite import SQLiteStore

    return SQLiteStore(settings.sqlite_path)
