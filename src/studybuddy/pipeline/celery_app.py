"""TASK_BACKEND=celery: sessions processed by Celery workers on Redis (``studybuddy worker``, see worker.py).

At-least-once: tasks are acknowledged after they finish (``acks_late``) and requeued when a worker process is
lost; the job is idempotent and guarded by the session's lease, so a second delivery of a session that is being
processed, or is done, does nothing. The broker is only a wake-up signal: the session record is the job, and the
API's reaper re-sends any session whose lease has lapsed (a worker killed outright).

Fair as the inline runner is, by the same claim (sessions/repository.py): heavy sessions go to a queue of their
own (CELERY_HEAVY_QUEUE; every ``studybuddy worker`` listens to both, or run one per queue), and a delivery the claim
refuses (its student has a job running, or the heavy lane is full) is dropped, the session staying queued: the
worker that finishes the blocking job sends the sessions it was holding up, and the reaper re-sends whatever still
waits. So no worker sleeps on a refused task, and light work never waits behind two heavy scans.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from anyio import to_thread
from celery import Celery

from studybuddy.background import cancel_and_wait
from studybuddy.clock import Clock
from studybuddy.config import JobSettings
from studybuddy.ingest.queue import JobQueue
from studybuddy.sessions.repository import SessionRepository, WaitingJob
from studybuddy.store import Store

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


def send_job(celery: Celery, jobs: JobSettings, job: WaitingJob) -> None:
    """Blocking (the broker's client): the API calls it in a thread."""
    # A short retry: with Redis down the request must answer soon (the reaper re-sends queued sessions).
    policy = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
    queue = jobs.celery_heavy_queue if job.heavy else jobs.celery_queue
    celery.send_task(TASK_NAME, args=[job.session_id], queue=queue, retry_policy=policy)


async def held_up_by(store: Store, clock: Clock, session_id: str) -> list[WaitingJob]:
    """The sessions a finished job was holding up: its student's next, and, if it was heavy, the next heavy one."""
    sessions = SessionRepository(store)
    finished = await sessions.get(session_id)
    if finished is None:
        return []
    waiting = [job for job in await sessions.waiting(clock.now()) if job.session_id != session_id]
    woken = [job for job in waiting if job.user_id == finished.user_id][:1]
    if finished.heavy:
        woken += [job for job in waiting if job.heavy and job not in woken][:1]
    return woken


class CeleryJobQueue:
    """The API side: sends sessions to the workers, and re-sends those whose worker vanished."""

    kind = "celery"

    def __init__(self, jobs: JobSettings, recover: Callable[[JobQueue], Awaitable[int]]) -> None:
        self.celery = make_celery(jobs)
        self._jobs = jobs
        self._recover = recover
        self._scan_seconds = max(1.0, jobs.job_lease_seconds / 2)
        self._task: asyncio.Task[None] | None = None

    async def enqueue(self, job: WaitingJob) -> None:
        await to_thread.run_sync(send_job, self.celery, self._jobs, job)

    async def start(self) -> None:
        self._task = asyncio.create_task(
            keep_taking_back(lambda: self._recover(self), self._scan_seconds), name="celery-reaper"
        )

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

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
