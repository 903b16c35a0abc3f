"""TASK_BACKEND=celery: sessions processed by Celery workers on Redis (``studybuddy worker``, see worker.py).

At-least-once: tasks are acknowledged after they finish (``acks_late``) and requeued when a worker process is
lost; the job is idempotent and guarded by the session's lease, so a second delivery of a session that is being
processed, or is done, does nothing. The broker is only a wake-up signal: the session record is the job, and the
API's reaper re-sends any session whose lease has lapsed (a worker killed outright).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from anyio import to_thread
from celery import Celery

from studybuddy.config import JobSettings
from studybuddy.ingest.queue import JobQueue

from .runner import keep_taking_back

TASK_NAME = "studybuddy.process_session"


def make_celery(jobs: JobSettings) -> Celery:
    app = Celery("studybuddy", broker=jobs.redis_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=jobs.celery_queue,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": jobs.celery_visibility_timeout},
        worker_hijack_root_logger=False,
    )
    return app


class CeleryJobQueue:
    """The API side: sends sessions to the workers, and re-sends those whose worker vanished."""

    kind = "celery"

    def __init__(self, jobs: JobSettings, recover: Callable[[JobQueue], Awaitable[int]]) -> None:
        self.celery = make_celery(jobs)
        self._recover = recover
        self._scan_seconds = max(1.0, jobs.job_lease_seconds / 2)
        self._task: asyncio.Task[None] | None = None

    async def enqueue(self, session_id: str) -> None:
        # A short retry: with Redis down the request must answer soon (the reaper re-sends queued sessions).
        policy = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
        await to_thread.run_sync(lambda: self.celery.send_task(TASK_NAME, args=[session_id], retry_policy=policy))

    async def start(self) -> None:
        self._task = asyncio.create_task(
            keep_taking_back(lambda: self._recover(self), self._scan_seconds), name="celery-reaper"
        )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def ping(self) -> bool:
        def check() -> bool:
            with self.celery.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
                return True

        try:
            return await to_thread.run_sync(check)
        except Exception:
            return False

    async def health(self) -> tuple[str, bool, str | None]:
        reachable = await self.ping()
        return "celery", reachable, None if reachable else "Redis at REDIS_URL is not answering"
