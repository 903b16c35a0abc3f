"""The adapters one running service uses, chosen once from Settings and passed down to services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from studybuddy.clock import Clock, SystemClock
from studybuddy.config import Settings
from studybuddy.files import FileStorage, build_file_storage
from studybuddy.store import Store, build_store


@dataclass
class AppContext:
    settings: Settings
    store: Store
    files: FileStorage
    clock: Clock
    # Extra components /health reports (engine, OCR, job queue): name -> probe returning (kind, reachable, detail).
    health_probes: dict[str, Callable[[], Awaitable[tuple[str, bool, str | None]]]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None) -> AppContext:
        return cls(
            settings=settings,
            store=build_store(settings),
            files=build_file_storage(settings),
            clock=clock or SystemClock(),
        )

    async def open(self) -> None:
        await self.store.open()

    async def close(self) -> None:
        await self.store.close()
