"""The embedded store: one SQLite file (WAL), a table of JSON documents per collection.

Access goes through aiosqlite, whose own thread runs every statement, so the event loop never blocks on disk.
Writes go one at a time through one connection (each commit waits for its fsync); reads go through a few reading
connections, which WAL lets read the last committed state while a write is under way, and /health's ping has a
connection of its own. Under `make load` the ping, queued behind everything on one connection, took up to 0.6 s.
Indexes are expression indexes on ``json_extract``; the query builder uses the same expressions so they are used.
Find-and-modify is a single ``UPDATE ... RETURNING`` statement, atomic even across processes (API + workers).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from studybuddy.store.port import (
    FILTER_OPERATORS,
    CollectionSchema,
    Document,
    DuplicateKeyError,
    Filter,
    Sort,
    StoreError,
    Update,
    check_field,
    check_update,
)

_COMPARISONS = {"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}
READING_CONNECTIONS = 3  # reads at once per process (each on its own thread; SQLite releases the GIL)


def _path(field: str) -> str:
    return "'$." + check_field(field) + "'"


def _column(field: str) -> str:
    if field == "id":
        return "id"
    return f"json_extract(doc, {_path(field)})"


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)  # json_extract yields 1/0 for true/false
    if isinstance(value, (dict, list)):
        raise ValueError("filters compare scalar values only")
    return value


def _contains(haystack: Any, needle: str) -> int:
    return int(isinstance(haystack, str) and needle.casefold() in haystack.casefold())


def compile_filter(where: Filter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for field, condition in where.items():
        column = _column(field)
        if isinstance(condition, dict):
            for op, value in condition.items():
                if op not in FILTER_OPERATORS:
                    raise ValueError(f"unsupported filter operator {op!r}")
                if op == "$in":
                    values = [_scalar(v) for v in value]
                    if not values:
                        clauses.append("0")
                        continue
                    clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                    params.extend(values)
                elif op == "$ne":
                    if value is None:
                        clauses.append(f"{column} IS NOT NULL")
                    else:
                        clauses.append(f"({column} IS NULL OR {column} != ?)")
                        params.append(_scalar(value))
                elif op == "$contains":
                    clauses.append(f"sb_contains({column}, ?)")
                    params.append(str(value))
                else:
                    clauses.append(f"{column} {_COMPARISONS[op]} ?")
                    params.append(_scalar(value))
        elif condition is None:
            clauses.append(f"{column} IS NULL")
        else:
            clauses.append(f"{column} = ?")
            params.append(_scalar(condition))
    return (" AND ".join(clauses) or "1"), params


def compile_update(changes: Update) -> tuple[str, list[Any]]:
    check_update(changes)
    expression = "doc"
    params: list[Any] = []
    for field, value in changes.get("$set", {}).items():
        expression = f"json_set({expression}, {_path(field)}, json(?))"
        params.append(json.dumps(value))
    for field, amount in changes.get("$inc", {}).items():
        expression = f"json_set({expression}, {_path(field)}, coalesce({_column(field)}, 0) + ?)"
        params.append(amount)
    for field in changes.get("$unset", []):
        expression = f"json_remove({expression}, {_path(field)})"
    return expression, params


class SQLiteCollection:
    def __init__(self, store: SQLiteStore, name: str) -> None:
        self._store = store
        self.name = name

    async def insert(self, doc: Document) -> Document:
        await self._store.execute(f"INSERT INTO {self.name} (id, doc) VALUES (?, ?)", (doc["id"], json.dumps(doc)))
        return doc

    async def insert_many(self, docs: list[Document]) -> None:
        if docs:
            await self._store.execute_many(
                f"INSERT INTO {self.name} (id, doc) VALUES (?, ?)",
                [(doc["id"], json.dumps(doc)) for doc in docs],
            )

    async def put(self, doc: Document) -> None:
        await self._store.execute(
            f"INSERT INTO {self.name} (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc",
            (doc["id"], json.dumps(doc)),
        )

    async def get(self, where: Filter) -> Document | None:
        found = await self.find(where, limit=1)
        return found[0] if found else None

    async def find(self, where: Filter, *, sort: Sort | None = None, skip: int = 0, limit: int = 0) -> list[Document]:
        clause, params = compile_filter(where)
        sql = f"SELECT doc FROM {self.name} WHERE {clause}"
        if sort:
            sql += " ORDER BY " + ", ".join(
                f"{_column(field)} {'DESC' if direction < 0 else 'ASC'}" for field, direction in sort
            )
        if limit or skip:
            sql += " LIMIT ? OFFSET ?"
            params += [limit if limit else -1, skip]
        rows = await self._store.read_all(sql, params)
        return [json.loads(row[0]) for row in rows]

    async def count(self, where: Filter) -> int:
        clause, params = compile_filter(where)
        rows = await self._store.read_all(f"SELECT count(*) FROM {self.name} WHERE {clause}", params)
        return int(rows[0][0])

    async def update(self, where: Filter, changes: Update) -> int:
        expression, update_params = compile_update(changes)
        clause, params = compile_filter(where)
        return await self._store.execute(
            f"UPDATE {self.name} SET doc = {expression} WHERE {clause}", update_params + params
        )

    async def find_one_and_update(self, where: Filter, changes: Update) -> Document | None:
        expression, update_params = compile_update(changes)
        clause, params = compile_filter(where)
        rows = await self._store.fetch_all(
            f"UPDATE {self.name} SET doc = {expression} "
            f"WHERE id = (SELECT id FROM {self.name} WHERE {clause} LIMIT 1) RETURNING doc",
            update_params + params,
        )
        return json.loads(rows[0][0]) if rows else None

    async def delete(self, where: Filter) -> int:
        clause, params = compile_filter(where)
        return await self._store.execute(f"DELETE FROM {self.name} WHERE {clause}", params)


class SQLiteStore:
    kind = "sqlite"

    def __init__(self, path: Path, schema: Sequence[CollectionSchema]) -> None:
        self.path = path
        self.schema = tuple(schema)
        self._db: aiosqlite.Connection | None = None
        # Free reading connections (each runs one statement at a time, on its own thread), and the ping's.
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []
        self._pinger: aiosqlite.Connection | None = None
        self._ping_lock = asyncio.Lock()
        # One writing connection, one statement at a time: keeps multi-statement writes (insert_many) whole.
        self._lock = asyncio.Lock()
        self._collections = {name: SQLiteCollection(self, name) for name in {c.name for c in self.schema}}

    def collection(self, name: str) -> SQLiteCollection:
        try:
            return self._collections[name]
        except KeyError:
            raise ValueError(f"unknown collection {name!r}") from None

    async def open(self) -> None:
        if self._db is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(self.path, isolation_level=None)
        await db.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed registration or OTP state survives power loss, not only a process crash.
        await db.execute("PRAGMA synchronous=FULL")
        await db.execute("PRAGMA busy_timeout=15000")
        await db.create_function("sb_contains", 2, _contains, deterministic=True)
        for schema in self.schema:
            await db.execute(f"CREATE TABLE IF NOT EXISTS {schema.name} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")
            for index in schema.indexes:
                name = f"ix_{schema.name}_{'_'.join(index.fields)}"
                columns = ", ".join(_column(field) for field in index.fields)
                unique = "UNIQUE " if index.unique else ""
                await db.execute(f"CREATE {unique}INDEX IF NOT EXISTS {name} ON {schema.name} ({columns})")
        self._all_readers = [await self._open_reader() for _ in range(READING_CONNECTIONS)]
        for reader in self._all_readers:
            self._readers.put_nowait(reader)
        self._pinger = await self._open_reader()
        self._db = db

    async def _open_reader(self) -> aiosqlite.Connection:
        reader = await aiosqlite.connect(self.path, isolation_level=None)
        await reader.execute("PRAGMA query_only=ON")
        await reader.execute("PRAGMA busy_timeout=15000")
        await reader.create_function("sb_contains", 2, _contains, deterministic=True)
        return reader

    async def close(self) -> None:
        for reader in [*self._all_readers, *([self._pinger] if self._pinger else [])]:
            await reader.close()
        self._all_readers, self._pinger, self._readers = [], None, asyncio.Queue()
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def ping(self) -> bool:
        """Whether the database answers, on the ping's own connection: never behind other work."""
        if self._pinger is None:
            return False
        async with self._ping_lock:
            try:
                cursor = await self._pinger.execute("SELECT count(*) FROM sqlite_master")
                await cursor.fetchall()
                await cursor.close()
                return True
            except sqlite3.Error:
                return False

    def _connection(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError("the SQLite store is not open")
        return self._db

    async def execute(self, sql: str, params: Any) -> int:
        async with self._lock:
            try:
                cursor = await self._connection().execute(sql, params)
                count = cursor.rowcount
                await cursor.close()
                return count
            except sqlite3.IntegrityError as exc:
                raise DuplicateKeyError(str(exc)) from exc
            except sqlite3.Error as exc:
                raise StoreError(str(exc)) from exc

    async def execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        async with self._lock:
            db = self._connection()
            try:
                await db.execute("BEGIN IMMEDIATE")
                await db.executemany(sql, rows)
                await db.execute("COMMIT")
            except sqlite3.Error as exc:
                await db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise DuplicateKeyError(str(exc)) from exc
                raise StoreError(str(exc)) from exc

    async def read_all(self, sql: str, params: Any) -> list[Any]:
        """A SELECT on a free reading connection: the last committed state, without waiting for writes."""
        if not self._all_readers:
            raise StoreError("the SQLite store is not open")
        reader = await self._readers.get()
        try:
            cursor = await reader.execute(sql, params)
            rows = await cursor.fetchall()
            await cursor.close()
            return list(rows)
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
        finally:
            self._readers.put_nowait(reader)

    async def fetch_all(self, sql: str, params: Any) -> list[Any]:
        async with self._lock:
            try:
                cursor = await self._connection().execute(sql, params)
                rows = await cursor.fetchall()
                await cursor.close()
                return list(rows)
            except sqlite3.IntegrityError as exc:
                raise DuplicateKeyError(str(exc)) from exc
            except sqlite3.Error as exc:
                raise StoreError(str(exc)) from exc
