"""Store throughput: the SQLite adapter's indexed lookups against a full scan of the same table."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.report import bench
from studybuddy.context import ALL_COLLECTIONS
from studybuddy.store.sqlite import SQLiteStore

USERS = 5000
LOOKUPS = 2000


async def _measure() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db", ALL_COLLECTIONS)
        await store.open()
        users = store.collection("users")
        started = time.perf_counter()
        await users.insert_many([{"id": f"u{i}", "mobile": f"9{i:09d}", "n": i} for i in range(USERS)])
        insert_s = time.perf_counter() - started
        bench("store_sqlite_insert_many", USERS / insert_s, "docs/s")

        started = time.perf_counter()
        for i in range(LOOKUPS):
            await users.get({"mobile": f"9{(i * 7) % USERS:09d}"})
        indexed = time.perf_counter() - started
        started = time.perf_counter()
        for i in range(LOOKUPS // 10):
            await users.get({"n": (i * 7) % USERS})  # no index on n: a full scan
        scan = (time.perf_counter() - started) * 10
        bench("store_sqlite_indexed_get", LOOKUPS / indexed, "gets/s", ratio=scan / indexed, baseline="full scan")
        await store.close()


def run() -> None:
    asyncio.run(_measure())
