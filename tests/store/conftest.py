"""The store fixture runs every contract test once per adapter."""

from __future__ import annotations

import os
import uuid

import pytest

from studybuddy.context import ALL_COLLECTIONS
from studybuddy.store.mongo import MongoStore
from studybuddy.store.sqlite import SQLiteStore


def _mongo_double() -> MongoStore:
    import mongomock_motor

    return MongoStore(mongomock_motor.AsyncMongoMockClient, "studybuddy_test", ALL_COLLECTIONS)


ADAPTERS = ["sqlite", "mongodb-double"] + (["mongodb-real"] if os.environ.get("TEST_MONGODB_URL") else [])


@pytest.fixture(params=ADAPTERS)
async def store(request, tmp_path):
    if request.param == "sqlite":
        adapter = SQLiteStore(tmp_path / "contract.db", ALL_COLLECTIONS)
    elif request.param == "mongodb-double":
        adapter = _mongo_double()
    else:
        adapter = MongoStore.from_url(
            os.environ["TEST_MONGODB_URL"], f"studybuddy_test_{uuid.uuid4().hex[:8]}", ALL_COLLECTIONS
        )
    await adapter.open()
    yield adapter
    if request.param == "mongodb-real":
        await adapter._client.drop_database(adapter._database_name)
    await adapter.close()
