"""GET /health: which store, file storage and engine this service uses, and whether each answers.

The checks run in the background (``HealthMonitor``), every ``CHECK_INTERVAL_SECONDS``, and /health answers with
the latest result: a request costs no disk, database or network round trip and no hop to a worker thread. Under
`make load`, timed step by step, the slowest /health requests spent up to 1.5 s inside the handler, in its four
hops to other threads (store ping, storage, OCR version, free space), each waiting for a core and the GIL behind
sign-ins and jobs. A check that stops answering (a hung disk or database) makes /health say ``degraded`` after
``STALE_AFTER_SECONDS`` instead of repeating its last good answer.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel

from studybuddy.background import cancel_and_wait
from studybuddy.config import Settings
from studybuddy.deps import Services

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])

CHECK_INTERVAL_SECONDS = 2.0
# Several intervals: a check slowed by load is not a hung one.
STALE_AFTER_SECONDS = 15.0


class ComponentHealth(BaseModel):
    kind: str
    reachable: bool
    detail: str | None = None


class DiskHealth(ComponentHealth):
    free_bytes: int  # the least free space of the directories we write to


class HealthRead(BaseModel):
    status: str  # "ok" when every component answers, else "degraded"
    store: ComponentHealth
    storage: ComponentHealth
    components: dict[str, ComponentHealth] = {}
    disk: DiskHealth | None = None
    checked_at: datetime | None = None  # when the checks reported here started (a few seconds ago at most)


def _disk_health(settings: Settings) -> DiskHealth:
    """Free space where uploads are staged and (embedded store) where the database lives. Below one largest
    upload, uploads would fail: the service reports itself degraded before students see 503s."""
    # Named by role, not path: /health is public.
    directories = {"uploads": settings.upload_dir}
    if not settings.uses_mongodb:
        directories["database"] = settings.data_dir
    free: dict[str, int] = {}
    for role, directory in directories.items():
        existing = next((p for p in (directory, *directory.resolve().parents) if p.exists()), Path("/"))
        free[role] = shutil.disk_usage(existing).free
    least = min(free.values())
    detail = ", ".join(f"{free_bytes // (1024 * 1024)} MB free for {role}" for role, free_bytes in free.items())
    return DiskHealth(kind="disk", reachable=least >= settings.max_file_size, detail=detail, free_bytes=least)


class Probed(Services, Protocol):
    health_probes: dict[str, Callable[[], Awaitable[tuple[str, bool, str | None]]]]


async def check_health(context: Probed) -> HealthRead:
    """Every check, now: the store, file storage, extra probes (engine, OCR, job queue) and free disk space."""
    # Wall time, not the service's clock: it says how fresh the checks are, and tests freeze that clock. Taken
    # before the checks: anything that changed before this moment shows in them.
    started = datetime.now(UTC)
    store = ComponentHealth(kind=context.store.kind, reachable=await context.store.ping())
    storage = ComponentHealth(kind=context.files.kind, reachable=await context.files.ping())
    components: dict[str, ComponentHealth] = {}
    for name, probe in context.health_probes.items():
        kind, reachable, detail = await probe()
        components[name] = ComponentHealth(kind=kind, reachable=reachable, detail=detail)
    disk = await anyio.to_thread.run_sync(_disk_health, context.settings)
    healthy = disk.reachable and store.reachable and storage.reachable and all(c.reachable for c in components.values())
    return HealthRead(
        status="ok" if healthy else "degraded",
        store=store,
        storage=storage,
        components=components,
        disk=disk,
        checked_at=started,
    )


class HealthMonitor:
    """Runs ``check_health`` every ``interval`` seconds in the background; ``latest()`` is the newest result."""

    def __init__(
        self, context: Probed, *, interval: float = CHECK_INTERVAL_SECONDS, stale_after: float = STALE_AFTER_SECONDS
    ) -> None:
        self._context = context
        self.interval = interval
        self.stale_after = stale_after
        self._latest: HealthRead | None = None
        self._checked = 0.0  # time.monotonic() of the latest result
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """The first checks, awaited (so the first /health is already real), then the background loop."""
        await self._check()
        self._task = asyncio.create_task(self._check_forever(), name="health-checks")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _check(self) -> None:
        self._latest = await check_health(self._context)
        self._checked = time.monotonic()

    async def _check_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self._check()
            except Exception:  # a probe that raises is a bug to log, not a reason to stop checking
                logger.exception("health checks failed")

    def latest(self) -> HealthRead:
        """The newest result; ``degraded`` if the checks have not finished for ``stale_after`` seconds."""
        if self._latest is None:
            raise RuntimeError("HealthMonitor.latest() before start()")
        age = time.monotonic() - self._checked
        if age <= self.stale_after:
            return self._latest
        stuck = ComponentHealth(
            kind="health-checks", reachable=False, detail=f"the checks have not finished for {age:.0f} s"
        )
        components = {**self._latest.components, "checks": stuck}
        return self._latest.model_copy(update={"status": "degraded", "components": components})


@router.get("/health", response_model=HealthRead, summary="Service health")
async def health(request: Request) -> HealthRead:
    """Reports the adapters in use and whether each is reachable; ``status`` is ``degraded`` if any is not.
    The checks run every few seconds in the background; ``checked_at`` says when the ones reported here ran."""
    monitor: HealthMonitor | None = getattr(request.app.state, "health_monitor", None)
    if monitor is None:  # an app whose lifespan has not run: check now
        return await check_health(request.app.state.context)
    return monitor.latest()
