"""Passwords: bcrypt (the spec's choice) at cost >= 12, verified exactly as typed.

bcrypt reads only the first 72 bytes of a password, so longer passwords are refused rather than silently
truncated. Common passwords are refused. Hashing runs in a worker thread: it takes ~250 ms by design.

bcrypt is CPU work on purpose, so it is bounded by the cores: at most one hash per core runs at a time and a short
queue waits behind them. A sign-in storm beyond that is shed at once with 503 + ``Retry-After`` rather than
queued (120 queued hashes held /health at 11 s), and a sign-in whose client has gone is dropped while it waits
(see studybuddy.disconnects).

The hashing threads are the process's own (not the shared thread pool) and run at a lower CPU priority than the
event loop (Linux: per thread), so a storm of sign-ins uses the cores only when the loop does not need them:
/health, status polls and reads keep answering while bcrypt waits its turn.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from importlib import resources

import anyio
import bcrypt

from studybuddy.errors import ServiceUnavailableError

logger = logging.getLogger(__name__)

MIN_LENGTH = 8
MAX_BYTES = 72
# nice 5 weighs about a third of nice 0 in Linux's scheduler: the loop wins a contested core, and hashing still
# keeps a fair part of a machine shared with other work.
HASHING_NICENESS = 5


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


def _lower_this_threads_priority() -> None:
    """Initializer of a hashing thread. A thread cannot raise its priority back without privileges, which is
    why hashing has threads of its own rather than borrowing the shared pool's."""
    if sys.platform != "linux":  # elsewhere the call would lower the whole process, event loop included
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)
    except OSError as exc:  # a sandbox may forbid it: hashing still works, at the loop's priority
        logger.warning("could not lower the priority of password hashing: %s", exc)


class PasswordHasher:
    """``workers`` hashes run at once (default: the cores), ``queue`` more may wait; beyond, HashingBusyError."""

    # A bcrypt check at cost 12 takes ~0.3 s of one core: two per core waiting is under a second's wait.
    QUEUE_PER_WORKER = 2

    def __init__(self, rounds: int = 12, *, workers: int | None = None, queue: int | None = None) -> None:
        self.rounds = rounds
        self.workers = workers or available_cores()
        self.queue = self.QUEUE_PER_WORKER * self.workers if queue is None else queue
        self._limiter = anyio.CapacityLimiter(self.workers)
        self._threads = ThreadPoolExecutor(
            self.workers, thread_name_prefix="password-hashing", initializer=_lower_this_threads_priority
        )
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
            # Cancelling while it waits for a core drops the work; once running it finishes (a thread can't stop),
            # and holds its core until then, so the bound stays true.
            async with self._limiter:
                running = asyncio.get_running_loop().run_in_executor(self._threads, work, *args)
                with anyio.CancelScope(shield=True):
                    return await running
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
