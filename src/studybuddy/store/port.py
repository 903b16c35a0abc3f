"""The persistence port: named collections of JSON documents, with one small query language.

Both adapters (SQLite, MongoDB) implement it and pass one contract suite (tests/store/test_contract.py).

Documents are JSON-compatible dicts with a string ``id``. Timestamps are stored as the fixed-width UTC strings of
:mod:`studybuddy.clock`, so comparisons and sorting behave the same in both stores.

Filters: ``{"field": value}`` (equality; ``None`` also matches a missing field) or ``{"field": {op: value}}`` with
op in ``$in``, ``$ne``, ``$lt``, ``$lte``, ``$gt``, ``$gte``, ``$contains`` (case-insensitive substring).
Dotted fields reach into nested objects. Updates: ``{"$set": {...}, "$inc": {...}, "$unset": [...]}``; a dotted
field (``answers.q1``) updates a key inside an object that already exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

Document = dict[str, Any]
Filter = dict[str, Any]
Update = dict[str, Any]
Sort = list[tuple[str, int]]  # (field, 1 ascending | -1 descending)

ASCENDING = 1
DESCENDING = -1

FILTER_OPERATORS = frozenset({"$in", "$ne", "$lt", "$lte", "$gt", "$gte", "$contains"})
UPDATE_OPERATORS = frozenset({"$set", "$inc", "$unset"})
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


class StoreError(Exception):
    """The store failed in a way the caller cannot fix (connection lost, disk full)."""


class DuplicateKeyError(StoreError):
    """A write would break a unique index (a mobile already registered, an id reused)."""


class Collection(Protocol):
    name: str

    async def insert(self, doc: Document) -> Document:
        """Insert one document (``id`` required). Raises DuplicateKeyError on a unique clash."""
        ...

    async def insert_many(self, docs: list[Document]) -> None: ...

    async def put(self, doc: Document) -> None:
        """Insert or replace the document with this ``id``."""
        ...

    async def get(self, where: Filter) -> Document | None:
        """The first document matching ``where``, or None."""
        ...

    async def find(
        self, where: Filter, *, sort: Sort | None = None, skip: int = 0, limit: int = 0
    ) -> list[Document]: ...

    async def count(self, where: Filter) -> int: ...

    async def update(self, where: Filter, changes: Update) -> int:
        """Apply ``changes`` to every match; returns how many matched."""
        ...

    async def find_one_and_update(self, where: Filter, changes: Update) -> Document | None:
        """Atomically update the first match and return it as it is after the update (None if no match)."""
        ...

    async def delete(self, where: Filter) -> int:
        """Delete every match; returns how many were deleted."""
        ...


class Store(Protocol):
    kind: str

    def collection(self, name: str) -> Collection:
        """The named collection; usable once the store is open (MongoDB binds it then), so repositories look it up
        at each use rather than when they are made."""
        ...

    async def open(self) -> None:
        """Connect and create the schema and indexes (idempotent)."""
        ...

    async def close(self) -> None: ...

    async def ping(self) -> bool:
        """True when the store answers."""
        ...


@dataclass(frozen=True)
class Index:
    fields: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True)
class CollectionSchema:
    name: str
    indexes: tuple[Index, ...] = field(default_factory=tuple)


def check_field(name: str) -> str:
    """Field names reach SQL as JSON paths: only plain identifiers are allowed."""
    if not _FIELD_NAME.match(name):
        raise ValueError(f"invalid field name: {name!r}")
    return name


def check_update(changes: Update) -> None:
    unknown = set(changes) - UPDATE_OPERATORS
    if unknown:
        raise ValueError(f"unsupported update operators: {sorted(unknown)}")
    for op in ("$set", "$inc"):
        for name in changes.get(op, {}):
            check_field(name)
            if name == "id":
                raise ValueError("cannot update id")
    for name in changes.get("$unset", []):
        check_field(name)
