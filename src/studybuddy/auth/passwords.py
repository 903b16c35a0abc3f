"""Passwords: bcrypt (the spec's choice) at cost >= 12, verified exactly as typed.

bcrypt reads only the first 72 bytes of a password, so longer passwords are refused rather than silently
truncated. Common passwords are refused. Hashing runs in a worker thread: it takes ~250 ms by design.
"""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources

import anyio
import bcrypt

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


class PasswordHasher:
    def __init__(self, rounds: int = 12) -> None:
        self.rounds = rounds

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
        return await anyio.to_thread.run_sync(self._hash, password)

    async def verify(self, password: str, hashed: str | None) -> bool:
        """True if ``password`` matches ``hashed``; with ``hashed=None`` spends the same time and returns False."""
        if hashed is None:
            await anyio.to_thread.run_sync(self._verify, password, self._dummy_hash)
            return False
        return await anyio.to_thread.run_sync(self._verify, password, hashed.encode("ascii"))
