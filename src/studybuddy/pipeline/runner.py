"""The in-process runner (TASK_BACKEND=inline): asyncio workers in the API process, bounded concurrency.

Durable without a broker: the session record is the job. On start and then periodically, the runner takes back
every session left ``queued``, or ``processing`` under a lapsed lease (its process died), so nothing stays stuck.

Fair: a free worker offers the waiting sessions light ones first, then in the order they came, and a session
whose student already has a job running (or a heavy one while the heavy lane is full) is refused by the claim
(sessions/repository.py) and stays waiting while the worker takes the next. So one student's pile of scans never
holds every worker, and a pasted text finds a free worker at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from studybuddy.clock import Clock
from studybuddy.ingest.queue import JobQueue
from studybuddy.sessions.repository import SessionRepository, WaitingJob
from studybuddy.store import Store

logger = logging.getLogger(__name__)


async def take_back_unfinished(store: Store, clock: Clock, queue: JobQueue) -> int:
    """Enqueue every session that is waiting or whose runner is gone (lease lapsed); returns how many."""
    waiting = await SessionRepository(store).waiting(clock.now())
    for job in waiting:
        await queue.enqueue(job)
    if waiting:
        logger.info("took back %d unfinished session(s)", len(waiting))
    return len(waiting)


async def keep_taking_back(recover: Callable[[], Awaitable[int]], every: float) -> None:
    """Run ``recover`` (take back unfinished sessions) now and every ``every`` seconds until cancelled; a failed
    round is logged and the next one tried. Both runners use it: inline, and the API side of Celery."""
    while True:
        try:
            await recover()
        except Exception:
            logger.exception("taking back unfinished sessions failed")
        await asyncio.sleep(every)


@dataclass(frozen=True)
class _Waiting:
    job: WaitingJob
    arrived: int  # the order enqueued, for first come, first served among equals


class InlineJobRunner:
    kind = "inline"

    def __init__(
        self,
        run_job: Callable[[str], Awaitable[bool]],
        store: Store,
        clock: Clock,
        *,
        workers: int,
        scan_seconds: float,
    ) -> None:
        """``run_job`` runs a session's job and returns False when the session must wait (pipeline/job.py)."""
        self._run_job = run_job
        self._store = store
        self._clock = clock
        self._workers = max(1, workers)
        self._scan_seconds = scan_seconds
        self._waiting: dict[str, _Waiting] = {}
        self._running: dict[str, WaitingJob] = {}
        self._arrivals = itertools.count()
        # Replaced at each change (a job enqueued or finished): whoever took it before the change is woken.
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._work(), name=f"job-worker-{i}") for i in range(self._workers)]
        self._tasks.append(asyncio.create_task(keep_taking_back(self.recover, self._scan_seconds), name="job-recovery"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def enqueue(self, job: WaitingJob) -> None:
        if job.session_id not in self._waiting and job.session_id not in self._running:
            self._waiting[job.session_id] = _Waiting(job, next(self._arrivals))
            self._announce()

    async def recover(self) -> int:
        return await take_back_unfinished(self._store, self._clock, self)

    def _announce(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _offers(self) -> list[_Waiting]:
        """The waiting sessions a free worker may try, in order: light before heavy, then first come, first
        served; none of a student with a job running here (the claim would refuse it)."""
        busy = {job.user_id for job in self._running.values()}
        offers = [waiting for waiting in self._waiting.values() if waiting.job.user_id not in busy]
        return sorted(offers, key=lambda waiting: (waiting.job.heavy, waiting.arrived))

    async def _work(self) -> None:
        while True:
            changed = self._changed
            if not await self._run_one():
                # Nothing could start: wait for a job to come or end here, or a while (one of another process).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), self._scan_seconds)

    async def _run_one(self) -> bool:
        """Start the first waiting session that may start, and run it to the end; False if none could start."""
        refused_students: set[str] = set()
        for waiting in self._offers():
            job = waiting.job
            if job.session_id not in self._waiting or job.user_id in refused_students:
                continue  # another worker took it meanwhile, or its student is busy elsewhere
            del self._waiting[job.session_id]
            self._running[job.session_id] = job
            started = False
            try:
                started = await self._run_job(job.session_id)
            except Exception:
                started = True
                logger.exception("job for session %s crashed", job.session_id)
            finally:
                del self._running[job.session_id]
                if started:
                    self._announce()  # its student's next job, or the next heavy one, may start now
                else:
                    self._waiting[job.session_id] = waiting  # its place in the line kept
            if started:
                return True
            if not job.heavy:  # a light job waits only for its student; a heavy one may wait for the lane
                refused_students.add(job.user_id)
        return False

    async def idle(self) -> None:
        """Wait until every enqueued job has finished (tests, benchmarks, the CLI)."""
        while self._waiting or self._running:
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), self._scan_seconds)
