"""The adapters one running service uses, chosen once from Settings and passed down to services."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from studybuddy.auth.passwords import PasswordHasher
from studybuddy.auth.sms import SmsSender, build_sms_sender
from studybuddy.auth.tokens import TokenService
from studybuddy.clock import Clock, SystemClock
from studybuddy.config import Settings
from studybuddy.files import FileStorage, build_file_storage
from studybuddy.ratelimit import RateLimiter
from studybuddy.store import Store, build_store


@dataclass
class AppContext:
    settings: Settings
    store: Store
    files: FileStorage
    clock: Clock
    sms: SmsSender
    rate_limiter: RateLimiter
    hasher: PasswordHasher
    tokens: TokenService
    otp_secret: bytes
    # Extra components /health reports (engine, OCR, job queue): name -> probe returning (kind, reachable, detail).
    health_probes: dict[str, Callable[[], Awaitable[tuple[str, bool, str | None]]]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None, store: Store | None = None) -> AppContext:
        clock = clock or SystemClock()
        jwt_secret = settings.resolve_jwt_secret()
        return cls(
            settings=settings,
            store=store or build_store(settings),
            files=build_file_storage(settings),
            clock=clock,
            sms=build_sms_sender(settings, clock),
            rate_limiter=RateLimiter(settings),
            hasher=PasswordHasher(settings.bcrypt_rounds),
            tokens=TokenService(jwt_secret, settings.jwt_algorithm, settings.jwt_expiry_hours, clock),
            # A key of its own for OTP hashes, derived so that it rotates with JWT_SECRET.
            otp_secret=hashlib.sha256(b"studybuddy-otp:" + jwt_secret.encode()).digest(),
        )

    async def open(self) -> None:
        await self.store.open()

    async def close(self) -> None:
        await self.store.close()
