"""Rate limits on costly calls (SMS, sign-in, uploads, AI) and a global per-client cap, on the `limits` library.

Storage comes from RATE_LIMIT_STORAGE_URL: ``memory://`` for one process, ``redis://...`` so every API replica
shares the counts. A limit hit is a 429 envelope with ``Retry-After``. We use `limits` directly (the engine behind
slowapi) so the limiter is built from settings in create_app instead of a module-level decorator singleton.
"""

from __future__ import annotations

import inspect
import ipaddress
import math
import time
from typing import Annotated

from fastapi import Depends, Request
from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from studybuddy.config import Settings
from studybuddy.errors import RateLimitedError


def _async_storage_url(url: str) -> tuple[str, dict[str, str]]:
    if url.startswith("async+"):
        url = url[len("async+") :]
    options: dict[str, str] = {}
    if url.startswith(("redis://", "rediss://")):
        options["implementation"] = "redispy"  # the redis package we already ship, not coredis
    return "async+" + url, options


class RateLimiter:
    def __init__(self, settings: Settings) -> None:
        url, options = _async_storage_url(settings.rate_limit_storage_url)
        self.storage = storage_from_string(url, **options)
        self.strategy = MovingWindowRateLimiter(self.storage)
        self.enabled = settings.rate_limit_enabled
        self.trusted_proxies = set(settings.trusted_proxies)
        self.global_limits = [
            parse(f"{settings.rate_limit_per_minute}/minute"),
            parse(f"{settings.rate_limit_per_hour}/hour"),
        ]

    def client_ip(self, request: Request) -> str:
        """The caller's address. X-Forwarded-For is believed only from a configured proxy, so a client cannot
        rotate it to escape its limits."""
        peer = request.client.host if request.client else "unknown"
        if peer not in self.trusted_proxies:
            return peer
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in self.trusted_proxies:
                try:
                    return str(ipaddress.ip_address(hop))
                except ValueError:
                    return peer
        return peer

    async def hit(self, scope: str, key: str, *items: RateLimitItem, message: str) -> None:
        """Count one call against each limit; raise RateLimitedError (429) if any is exhausted."""
        if not self.enabled:
            return
        for item in items:
            if not await self.strategy.hit(item, scope, key):
                stats = await self.strategy.get_window_stats(item, scope, key)
                raise RateLimitedError(message, retry_after_seconds=math.ceil(stats.reset_time - time.time()))

    async def ping(self) -> bool:
        try:
            answer = self.storage.check()  # typed as maybe-awaitable: the async storages await
            return bool(await answer if inspect.isawaitable(answer) else answer)
        except Exception:
            return False


def get_rate_limiter(request: Request) -> RateLimiter:
    return request.app.state.context.rate_limiter


RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]


async def global_rate_limit(request: Request, limiter: RateLimiterDep) -> None:
    """RATE_LIMIT_PER_MINUTE / RATE_LIMIT_PER_HOUR per client on every API call."""
    await limiter.hit(
        "global",
        limiter.client_ip(request),
        *limiter.global_limits,
        message="Too many requests from this address; slow down and try again shortly.",
    )


def limit_per_client(scope: str, limit: str, message: str):
    """A dependency limiting one endpoint per client address, e.g. ``limit_per_client("send-otp", "5/minute")``."""
    item = parse(limit)

    async def dependency(request: Request, limiter: RateLimiterDep) -> None:
        await limiter.hit(scope, limiter.client_ip(request), item, message=message)

    return Depends(dependency)
