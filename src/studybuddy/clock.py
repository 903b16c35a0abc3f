"""Time in one place: an injectable clock and the one way timestamps are written.

Every timestamp is timezone-aware UTC. Stored and sent as fixed-width ISO 8601 (``2026-11-25T02:37:05.000000Z``)
so that both stores can compare and sort them as strings and the order is the order in time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Protocol

from pydantic import AfterValidator, PlainSerializer


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that moves only when told to (tests, and replaying a timeline)."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self._now += timedelta(**delta)


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every timestamp in Study Buddy is timezone-aware UTC")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc), PlainSerializer(utc_iso, return_type=str)]
"""A datetime field that is always UTC and always serialised in the sortable fixed-width form."""


def parse_utc(stamp: str) -> datetime:
    """The inverse of :func:`utc_iso` (accepts any ISO 8601 form with an offset or Z)."""
    return _as_utc(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
