"""The production store: MongoDB through PyMongo's native async client (Motor is deprecated).

Writes and reads use majority concern, so a registration or an OTP state is never rolled back on failover.
Our ``id`` is Mongo's ``_id``. The adapter takes a client factory so the contract suite can run it against an
in-memory double (mongomock-motor) in CI and against a real server when TEST_MONGODB_URL is set.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Sequence
from typing import Any

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


def _key(field: str) -> str:
    return "_id" if field == "id" else check_field(field)


def translate_filter(where: Filter) -> dict[str, Any]:
    query: dict[str, Any] = {}
    for field, condition in where.items():
        if isinstance(condition, dict):
            translated: dict[str, Any] = {}
            for op, value in condition.items():
                if op not in FILTER_OPERATORS:
                    raise ValueError(f"unsupported filter operator {op!r}")
                if op == "$contains":
                    translated["$regex"] = re.escape(str(value))
                    translated["$options"] = "i"
                else:
                    translated[op] = value
            query[_key(field)] = translated
        else:
            query[_key(field)] = condition
    return query


def translate_update(changes: Update) -> dict[str, Any]:
    check_update(changes)
    update: dict[str, Any] = {}
    if changes.get("$set"):
        update["$set"] = dict(changes["$set"])
    if changes.get("$inc"):
        update["$inc"] = dict(changes["$inc"])
    if changes.get("$unset"):
        update["$unset"] = {field: "" for field in changes["$unset"]}
    return update


def _out(doc: dict[str, Any] | None) -> Document | None:
    if doc is None:
        return None
    doc = dict(doc)
    doc["id"] = doc.pop("_id")
    return doc


def _in(doc: Document) -> dict[str, Any]:
    stored = {k: v for k, v in doc.items() if k != "id"}
    stored["_id"] = doc["id"]
    return stored


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class MongoCollection:
    def __init__(self, raw: Any, name: str) -> None:
        self._raw = raw
        self.name = name

    async def insert(self, doc: Document) -> Document:
        from pymongo.errors import DuplicateKeyError as MongoDuplicate

        try:
            await self._raw.insert_one(_in(doc))
        except MongoDuplicate as exc:
            raise DuplicateKeyError(str(exc)) from exc
        return doc

    async def insert_many(self, docs: list[Document]) -> None:
        from pymongo.errors import BulkWriteError

        if not docs:
            return
        try:
            await self._raw.insert_many([_in(doc) for doc in docs], ordered=True)
        except BulkWriteError as exc:
            raise DuplicateKeyError(str(exc)) from exc

    async def put(self, doc: Document) -> None:
        from pymongo.errors import DuplicateKeyError as MongoDuplicate

        try:
            await self._raw.replace_one({"_id": doc["id"]}, _in(doc), upsert=True)
        except MongoDuplicate as exc:
            raise DuplicateKeyError(str(exc)) from exc

    async def get(self, where: Filter) -> Document | None:
        return _out(await self._raw.find_one(translate_filter(where)))

    async def find(self, where: Filter, *, sort: Sort | None = None, skip: int = 0, limit: int = 0) -> list[Document]:
        cursor = self._raw.find(translate_filter(where))
        if sort:
            cursor = cursor.sort([(_key(field), direction) for field, direction in sort])
        if skip:
            cursor = cursor.skip(skip)
        if limit:
            cursor = cursor.limit(limit)
        return [_out(doc) for doc in await cursor.to_list(None)]  # type: ignore[misc]

    async def count(self, where: Filter) -> int:
        return int(await self._raw.count_documents(translate_filter(where)))

    async def update(self, where: Filter, changes: Update) -> int:
        result = await self._raw.update_many(translate_filter(where), translate_update(changes))
        return int(result.matched_count)

    async def find_one_and_update(self, where: Filter, changes: Update) -> Document | None:
        from pymongo import ReturnDocument

        found = await self._raw.find_one_and_update(
            translate_filter(where), translate_update(changes), return_document=ReturnDocument.AFTER
        )
        return _out(found)

    async def delete(self, where: Filter) -> int:
        result = await self._raw.delete_many(translate_filter(where))
        return int(result.deleted_count)


class MongoStore:
    kind = "mongodb"

    def __init__(
        self, client_factory: Callable[[], Any], database_name: str, schema: Sequence[CollectionSchema]
    ) -> None:
        self.schema = tuple(schema)
        self._client_factory = client_factory
        self._database_name = database_name
        self._client: Any = None
        self._collections: dict[str, MongoCollection] = {}

    @classmethod
    def from_url(cls, url: str, database_name: str, schema: Sequence[CollectionSchema]) -> MongoStore:
        def connect() -> Any:
            from pymongo import AsyncMongoClient

            return AsyncMongoClient(url, serverSelectionTimeoutMS=5000, tz_aware=True)

        return cls(connect, database_name, schema)

    def collection(self, name: str) -> MongoCollection:
        if name not in {c.name for c in self.schema}:
            raise ValueError(f"unknown collection {name!r}")
        if name not in self._collections:
            raise StoreError("the MongoDB store is not open")
        return self._collections[name]

    async def open(self) -> None:
        if self._client is not None:
            return
        from pymongo import WriteConcern
        from pymongo.read_concern import ReadConcern

        self._client = self._client_factory()
        database = self._client[self._database_name]
        try:
            for schema in self.schema:
                raw = database.get_collection(
                    schema.name, write_concern=WriteConcern("majority"), read_concern=ReadConcern("majority")
                )
                for index in schema.indexes:
                    await raw.create_index([(_key(field), 1) for field in index.fields], unique=index.unique)
                self._collections[schema.name] = MongoCollection(raw, schema.name)
        except Exception as exc:
            await self.close()
            raise StoreError(f"cannot open MongoDB database {self._database_name!r}: {exc}") from exc
        self._database = database

    async def close(self) -> None:
        if self._client is not None:
            await _maybe_await(self._client.close())
            self._client = None
            self._collections = {}

    async def ping(self) -> bool:
        if self._client is None:
            return False
        try:
            await self._database.command("ping")
            return True
        except Exception:
            return False
