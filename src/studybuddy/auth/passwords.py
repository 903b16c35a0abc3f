"""Passwords: bcrypt (the spec's choice) at cost >= 12, verified exactly as typed.

bcrypt reads only the first 72 bytes of a password, so longer passwords are refused rather than silently
truncated. Common passwords are refused. Hashing runs in a worker thread: it takes ~250 ms by design.

bcrypt is CPU work on purpose, so it is bounded by the cores: at most one hash per core runs at a time and a short
queue waits behind them. A sign-in storm beyond that is shed at once with 503 + ``Retry-After`` rather than
queued (120 queued hashes held /health at 11 s), and a sign-in whose client has gone is dropped while it waits
(see studybuddy.disconnects).
"""

from __future__ import annotations

import math
import os
from functools import cache, cached_property
from importlib import resources

import anyio
import bcrypt

from studybuddy.errors import ServiceUnavailableError

MIN_LENGTH = 8
MAX_BYTES = 72


class WeakPasswordError(ValueError):
    pass


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("studybuddy.auth").joinpath("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_password_policy(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"password must be at least {MIN_LENGTH} characters")
    if len(password.encode("utf-8")) > MAX_BYTES:
        raise WeakPasswordError(
            f"password must be at most {MAX_BYTES} bytes (about {MAX_BYTES} letters, fewer with emoji or accents)"
        )
    if password.lower() in _common_passwords():
        raise WeakPasswordError("this password is too common; choose one that is harder to guess")
    return password


class HashingBusyError(ServiceUnavailableError):
    """More sign-ins at once than the cores can check soon: come back in a moment."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            "Many students are signing in right now; please try again in a moment.",
            headers={"Retry-After": str(retry_after_seconds)},
        )


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class PasswordHasher:
    """``workers`` hashes run at once (default: the cores), ``queue`` more may wait; beyond, HashingBusyError."""

    # A bcrypt check at cost 12 takes ~0.3 s of one core: two per core waiting is under a second's wait.
    QUEUE_PER_WORKER = 2

    def __init__(self, rounds: int = 12, *, workers: int | None = None, queue: int | None = None) -> None:
        self.rounds = rounds
        self.workers = workers or available_cores()
        self.queue = self.QUEUE_PER_WORKER * self.workers if queue is None else queue
        self._limiter = anyio.CapacityLimiter(self.workers)
        self._admitted = 0  # running + waiting; one event loop per process, so a plain counter is exact

    @property
    def admitted(self) -> int:
        """Password checks running or waiting for a core right now."""
        return self._admitted

    async def run_bounded(self, work, *args):
        """``work(*args)`` in a worker thread, within the bound; HashingBusyError when the queue is full."""
        if self._admitted >= self.workers + self.queue:
            raise HashingBusyError(retry_after_seconds=max(1, math.ceil(self._admitted / self.workers / 2)))
        self._admitted += 1
        try:
            # Cancelling while it waits for a core drops the work; once running it finishes (a thread can't stop).
            return await anyio.to_thread.run_sync(work, *args, limiter=self._limiter)
        finally:
            self._admitted -= 1

    @cached_property
    def _dummy_hash(self) -> bytes:
        """Verified against when the mobile is unknown, so both cases take the same time. Made on first use:
        a Celery worker never needs it."""
        return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(self.rounds))

    def _hash(self, password: str) -> str:
        return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(self.rounds)).decode("ascii")

    @staticmethod
    def _verify(password: str, hashed: bytes) -> bool:
        encoded = password.encode("utf-8")
        if len(encoded) > MAX_BYTES:
            return False
        return bcrypt.checkpw(encoded, hashed)

    async def hash(self, password: str) -> str:
        return await self.run_bounded(self._hash, password)

    async def verify(self, password: str, hashed: str | None) -> bool:
        """True if ``password`` matches ``hashed``; with ``hashed=None`` spends the same time and returns False."""
        if hashed is None:
            await self.run_bounded(self._verify, password, self._dummy_hash)
            return False
        return await self.run_bounded(self._verify, password, hashed.encode("ascii"))
