"""Wiring: the adapters chosen once from Settings, as ``ApiServices`` for the API and ``JobDeps`` for a job.

Only the entry points (app.py, worker.py, process.py) import this module; routers get what
they need through the small protocols of deps.py and auth/deps.py, so a router never imports every adapter.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field

from studybuddy.auth.passwords import PasswordHasher
from studybuddy.auth.repository import COLLECTIONS as AUTH_COLLECTIONS
from studybuddy.auth.repository import UserRepository
from studybuddy.auth.sms import SmsSender, build_sms_sender
from studybuddy.auth.tokens import TokenService
from studybuddy.children import start_cpu_worker
from studybuddy.clock import Clock, SystemClock
from studybuddy.config import Settings
from studybuddy.files import FileStorage, build_file_storage
from studybuddy.generation.engine import build_engine
from studybuddy.generation.port import GenerationEngine
from studybuddy.generation.repository import COLLECTIONS as GENERATION_COLLECTIONS
from studybuddy.ingest.queue import JobQueue
from studybuddy.material.kinds import COLLECTIONS as MATERIAL_COLLECTIONS
from studybuddy.mocktests.repository import COLLECTIONS as MOCKTEST_COLLECTIONS
from studybuddy.notify.email import EmailService
from studybuddy.pipeline.job import JobDeps, process_session
from studybuddy.pipeline.repository import COLLECTIONS as PIPELINE_COLLECTIONS
from studybuddy.pipeline.runner import InlineJobRunner, take_back_unfinished
from studybuddy.ratelimit import RateLimiter
from studybuddy.reviews.repository import COLLECTIONS as REVIEW_COLLECTIONS
from studybuddy.sessions.repository import COLLECTIONS as SESSION_COLLECTIONS
from studybuddy.store import CollectionSchema, Store, build_store

ALL_COLLECTIONS: tuple[CollectionSchema, ...] = (
    AUTH_COLLECTIONS
    + SESSION_COLLECTIONS
    + MATERIAL_COLLECTIONS
    + MOCKTEST_COLLECTIONS
    + GENERATION_COLLECTIONS
    + PIPELINE_COLLECTIONS
    + REVIEW_COLLECTIONS
)
"""Every collection a store keeps, each declared by the repository that owns it."""

HealthProbe = Callable[[], Awaitable[tuple[str, bool, str | None]]]


def build_job_deps(
    settings: Settings, store: Store, files: FileStorage, engine: GenerationEngine, clock: Clock
) -> JobDeps:
    mail = EmailService(settings.email, UserRepository(store))
    return JobDeps(
        store=store,
        files=files,
        engine=engine,
        clock=clock,
        jobs=settings.jobs,
        reading=settings.reading,
        mock_tests=settings.mock_tests,
        notify=mail.session_finished if mail.enabled else None,
    )


def job_deps_for_worker(settings: Settings) -> JobDeps:
    """A Celery worker process's JobDeps: its own store connection, no JWT secret, SMS sender or rate limiter.
    The caller opens ``deps.store`` once and keeps it for every task of the process."""
    clock = SystemClock()
    return build_job_deps(
        settings, build_store(settings, ALL_COLLECTIONS), build_file_storage(settings), build_engine(settings), clock
    )


@dataclass
class ApiServices:
    """The adapters of one running API process."""

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
    health_probes: dict[str, HealthProbe] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None, store: Store | None = None) -> ApiServices:
        clock = clock or SystemClock()
        jwt_secret = settings.resolve_jwt_secret()
        services = cls(
            settings=settings,
            store=store or build_store(settings, ALL_COLLECTIONS),
            files=build_file_storage(settings),
            clock=clock,
            sms=build_sms_sender(settings, clock),
            rate_limiter=RateLimiter(settings),
            hasher=PasswordHasher(settings.bcrypt_rounds, workers=settings.hashing_threads or None),
            tokens=TokenService(jwt_secret, settings.jwt_algorithm, settings.jwt_expiry_hours, clock),
            # A key of its own for OTP hashes, derived so that it rotates with JWT_SECRET.
            otp_secret=hashlib.sha256(b"studybuddy-otp:" + jwt_secret.encode()).digest(),
            engine=build_engine(settings),
        )
        services.health_probes = {"engine": services._engine_health, "ocr": _ocr_health}
        return services

    def job_deps(self) -> JobDeps:
        return build_job_deps(self.settings, self.store, self.files, self.engine, self.clock)

    async def _engine_health(self) -> tuple[str, bool, str | None]:
        reachable, detail = await self.engine.ping()
        return f"{self.engine.name}:{self.engine.model}", reachable, detail

    async def start_jobs(self) -> None:
        """The job queue of the serving process: inline workers (with a CPU pool), or the Celery client."""
        jobs = self.settings.jobs
        if jobs.task_backend == "celery":
            from studybuddy.pipeline.celery_app import CeleryJobQueue

            queue = CeleryJobQueue(jobs, lambda q: take_back_unfinished(self.store, self.clock, q))
            self.jobs = queue
            self.health_probes["jobs"] = queue.health
            await queue.start()
            return
        if self.engine.name == "offline":
            # Spawned, not forked: forking a process that runs threads (aiosqlite, anyio) is unsafe.
            self.cpu_pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_cpu_worker,
                initargs=(os.getpid(),),
            )
            self.engine.executor = self.cpu_pool  # type: ignore[attr-defined]  # only the offline engine has one
        deps = self.job_deps()
        runner = InlineJobRunner(
            lambda session_id: process_session(deps, session_id),
            self.store,
            self.clock,
            workers=jobs.inline_workers,
            scan_seconds=max(1.0, jobs.job_lease_seconds / 2),
        )
        self.jobs = runner
        await runner.start()

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
