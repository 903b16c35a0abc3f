"""GET /health: which store, file storage and engine this service uses, and whether each answers."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel

from studybuddy.config import Settings
from studybuddy.deps import Services

router = APIRouter(tags=["health"])


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
    store = ComponentHealth(kind=context.store.kind, reachable=await context.store.ping())
    storage = ComponentHealth(kind=context.files.kind, reachable=await context.files.ping())
    components: dict[str, ComponentHealth] = {}
    for name, probe in context.health_probes.items():
        kind, reachable, detail = await probe()
        components[name] = ComponentHealth(kind=kind, reachable=reachable, detail=detail)
    disk = await anyio.to_thread.run_sync(_disk_health, context.settings)
    healthy = disk.reachable and store.reachable and storage.reachable and all(c.reachable for c in components.values())
    return HealthRead(
        status="ok" if healthy else "degraded", store=store, storage=storage, components=components, disk=disk
    )


@router.get("/health", response_model=HealthRead, summary="Service health")
async def health(request: Request) -> HealthRead:
    """Reports the adapters in use and whether each is reachable; ``status`` is ``degraded`` if any is not."""
    return await check_health(request.app.state.context)
