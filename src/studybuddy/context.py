"""The adapters one running service uses, chosen once from Settings and passed down to services."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field

from studybuddy.auth.passwords import PasswordHasher
from studybuddy.auth.sms import SmsSender, build_sms_sender
from studybuddy.auth.tokens import TokenService
from studybuddy.children import keep_out_of_signals
from studybuddy.clock import Clock, SystemClock
from studybuddy.config import Settings
from studybuddy.files import FileStorage, build_file_storage
from studybuddy.generation.engine import GenerationEngine, build_engine
from studybuddy.material.kinds import COLLECTIONS as MATERIAL_COLLECTIONS
from studybuddy.pipeline.job import PipelineDeps, process_session
from studybuddy.pipeline.queue import JobQueue
from studybuddy.ratelimit import RateLimiter
from studybuddy.store import CollectionSchema, Store, build_store
from studybuddy.store.schema import SCHEMA

ALL_COLLECTIONS: tuple[CollectionSchema, ...] = SCHEMA + MATERIAL_COLLECTIONS


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
    engine: GenerationEngine
    cpu_pool: Executor | None = None
    jobs: JobQueue | None = None
    # Extra components /health reports (engine, OCR, job queue): name -> probe returning (kind, reachable, detail).
    health_probes: dict[str, Callable[[], Awaitable[tuple[str, bool, str | None]]]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None, store: Store | None = None) -> AppContext:
        clock = clock or SystemClock()
        jwt_secret = settings.resolve_jwt_secret()
        context = cls(
            settings=settings,
            store=store or build_store(settings, ALL_COLLECTIONS),
            files=build_file_storage(settings),
            clock=clock,
            sms=build_sms_sender(settings, clock),
            rate_limiter=RateLimiter(settings),
            hasher=PasswordHasher(settings.bcrypt_rounds),
            tokens=TokenService(jwt_secret, settings.jwt_algorithm, settings.jwt_expiry_hours, clock),
            # A key of its own for OTP hashes, derived so that it rotates with JWT_SECRET.
            otp_secret=hashlib.sha256(b"studybuddy-otp:" + jwt_secret.encode()).digest(),
            engine=build_engine(settings),
        )
        context.health_probes = {"engine": context._engine_health, "ocr": _ocr_health}
        return context

    def pipeline_deps(self) -> PipelineDeps:
        from studybuddy.notify.email import EmailService

        mail = EmailService(self.settings, self.store)
        return PipelineDeps(
            store=self.store,
            files=self.files,
            engine=self.engine,
            clock=self.clock,
            settings=self.settings,
            notify=mail.session_finished if mail.enabled else None,
        )

    async def _engine_health(self) -> tuple[str, bool, str | None]:
        reachable, detail = await self.engine.ping()
        return f"{self.engine.name}:{self.engine.model}", reachable, detail

    async def start_jobs(self) -> None:
        """The job queue of the serving process: inline workers (with a CPU pool), or the Celery client."""
        from studybuddy.pipeline.runner import InlineJobRunner, take_back_unfinished

        if self.settings.task_backend == "celery":
            from studybuddy.pipeline.celery_app import CeleryJobQueue

            queue = CeleryJobQueue(self.settings, lambda q: take_back_unfinished(self.store, self.clock, q))
            self.jobs = queue
            self.health_probes["jobs"] = self._celery_health
            await queue.start()
            return
        if self.engine.name == "offline":
            # Spawned, not forked: forking a process that runs threads (aiosqlite, anyio) is unsafe.
            self.cpu_pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=keep_out_of_signals,
                initargs=(os.getpid(),),
            )
            self.engine.executor = self.cpu_pool  # type: ignore[attr-defined]
        deps = self.pipeline_deps()
        runner = InlineJobRunner(
            lambda session_id: process_session(deps, session_id),
            self.store,
            self.clock,
            workers=self.settings.inline_workers,
            scan_seconds=max(1.0, self.settings.job_lease_seconds / 2),
        )
        self.jobs = runner
        await runner.start()

    async def _celery_health(self) -> tuple[str, bool, str | None]:
        reachable = await self.jobs.ping()  # type: ignore[union-attr]
        return "celery", reachable, None if reachable else "Redis at REDIS_URL is not answering"

    async def open(self) -> None:
        await self.store.open()

    async def close(self) -> None:
        stop = getattr(self.jobs, "stop", None)
        if stop is not None:
            await stop()
        if self.cpu_pool is not None:
            self.cpu_pool.shutdown(wait=False, cancel_futures=True)
        await self.store.close()


async def _ocr_health() -> tuple[str, bool, str | None]:
    import anyio

    from studybuddy.extract.ocr import tesseract_version

    version = await anyio.to_thread.run_sync(tesseract_version)
    if version is None:
        return "tesseract", False, "Tesseract is not installed: photos and scanned pages cannot be read"
    return f"tesseract {version}", True, None
