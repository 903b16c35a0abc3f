"""``studybuddy worker``: a Celery worker that processes study sessions (TASK_BACKEND=celery).

Each worker process builds its JobDeps once, on its first task, and keeps them with one event loop for every task
after: one store connection per process, and nothing of the API (no JWT secret, SMS sender or rate limiter).
"""

from __future__ import annotations

import asyncio
import logging
from functools import cache

from celery import Celery, Task

from studybuddy.config import Settings
from studybuddy.context import job_deps_for_worker
from studybuddy.pipeline.celery_app import TASK_NAME, held_up_by, make_celery, send_job
from studybuddy.pipeline.job import JobDeps, process_session

logger = logging.getLogger(__name__)


@cache
def _process_deps() -> tuple[asyncio.AbstractEventLoop, JobDeps]:
    # Built in the worker's own process (after the fork), never in the parent.
    loop = asyncio.new_event_loop()
    deps = job_deps_for_worker(Settings())
    loop.run_until_complete(deps.store.open())
    return loop, deps


def process_session_task(task: Task, session_id: str) -> None:
    loop, deps = _process_deps()
    if not loop.run_until_complete(process_session(deps, session_id)):
        return  # it must wait; it stays queued, and is sent again when the job holding it up ends
    try:
        for job in loop.run_until_complete(held_up_by(deps.store, deps.clock, session_id)):
            send_job(task.app, deps.jobs, job)
    except Exception:
        # The job is done; those it held up stay queued, and the API's reaper sends them.
        logger.warning("could not send the sessions %s was holding up", session_id, exc_info=True)


def make_worker(settings: Settings) -> Celery:
    app = make_celery(settings.jobs)
    app.task(name=TASK_NAME, bind=True, max_retries=0)(process_session_task)
    return app
