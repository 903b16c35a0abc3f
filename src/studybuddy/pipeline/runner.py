"""The in-process runner (TASK_BACKEND=inline): asyncio workers in the API process, bounded concurrency.

Durable without a broker: the session record is the job. On start and then periodically, the runner takes back
every session left ``queued``, or ``processing`` under a lapsed lease (its process died), so nothing stays stuck.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from studybuddy.clock import Clock
from studybuddy.ingest.queue import JobQueue
from studybuddy.sessions.repository import SessionRepository
from studybuddy.store import Store

logger = logging.getLogger(__name__)


async def take_back_unfinished(store: Store, clock: Clock, queue: JobQueue) -> int:
    """Enqueue every session that is waiting or whose runner is gone (lease lapsed); returns how many."""
    waiting = await SessionRepository(store).waiting(clock.now())
    for session_id in waiting:
        await queue.enqueue(session_id)
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


class InlineJobRunner:
    kind = "inline"

    def __init__(
        self,
        run_job: Callable[[str], Awaitable[None]],
        store: Store,
        clock: Clock,
        *,
        workers: int,
        scan_seconds: float,
    ) -> None:
        self._run_job = run_job
        self._store = store
        self._clock = clock
        self._workers = max(1, workers)
        self._scan_seconds = scan_seconds
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._pending: set[str] = set()
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

    async def enqueue(self, session_id: str) -> None:
        if session_id not in self._pending:
            self._pending.add(session_id)
            self._queue.put_nowait(session_id)

    async def recover(self) -> int:
        return await take_back_unfinished(self._store, self._clock, self)

    async def _work(self) -> None:
        while True:
            session_id = await self._queue.get()
            try:
                await self._run_job(session_id)
            except Exception:
                logger.exception("job for session %s crashed", session_id)
            finally:
                self._pending.discard(session_id)
                self._queue.task_done()

    async def idle(self) -> None:
        """Wait until every enqueued job has finished (tests, benchmarks, the CLI)."""
        await self._queue.join()
