"""GET /health: which store, file storage and engine this service uses, and whether each answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from fastapi import APIRouter, Request
from pydantic import BaseModel

from studybuddy.deps import Services

router = APIRouter(tags=["health"])


class ComponentHealth(BaseModel):
    kind: str
    reachable: bool
    detail: str | None = None


class HealthRead(BaseModel):
    status: str  # "ok" when every component answers, else "degraded"
    store: ComponentHealth
    storage: ComponentHealth
    components: dict[str, ComponentHealth] = {}


class Probed(Services, Protocol):
    health_probes: dict[str, Callable[[], Awaitable[tuple[str, bool, str | None]]]]


async def check_health(context: Probed) -> HealthRead:
    store = ComponentHealth(kind=context.store.kind, reachable=await context.store.ping())
    storage = ComponentHealth(kind=context.files.kind, reachable=await context.files.ping())
    components: dict[str, ComponentHealth] = {}
    for name, probe in context.health_probes.items():
        kind, reachable, detail = await probe()
        components[name] = ComponentHealth(kind=kind, reachable=reachable, detail=detail)
    healthy = store.reachable and storage.reachable and all(c.reachable for c in components.values())
    return HealthRead(status="ok" if healthy else "degraded", store=store, storage=storage, components=components)


@router.get("/health", response_model=HealthRead, summary="Service health")
async def health(request: Request) -> HealthRead:
    """Reports the adapters in use and whether each is reachable; ``status`` is ``degraded`` if any is not."""
    return await check_health(request.app.state.context)
