"""Audit case 3, over HTTP against real processes, with both runners: one student's pile of work never holds every
worker. While student A's heavy upload runs (caught mid-task by a model that holds it), A's second session waits
(one running job per student) and student C's heavy upload waits (the heavy lane is one wide), yet student B's
short paste is taken by the free worker and completes. Then A's and C's sessions complete too.

Nothing is timed: the held model decides which job is mid-task, and the waiting sessions are checked after B's
completed, when a worker was demonstrably free to take them.
"""

from __future__ import annotations

import asyncio
import threading
import uuid

from tests.api import sign_up, status, text_input, upload_file, wait_for_status
from tests.conftest import CORPUS
from tests.fake_models import HOLD_GUARD_SECONDS, gemini_server
from tests.servers import ApiServer, Worker, model_env, service_env

ERYTHROCYTES = (CORPUS / "text/m46707-erythrocytes-.txt").read_text()
SHORT_TEXT = " ".join(ERYTHROCYTES.split()[:300])  # the audit's 300-word paste
MARKER = "erythrocyte"  # in every prompt about B's paste, in none about A's or C's material
STOMACH = (CORPUS / "text/m46517-the-stomach-.txt").read_text()
HEAVY_A = CORPUS / "scans/heart-anatomy-scanned.pdf"
HEAVY_C = CORPUS / "scans/heart-anatomy-page1.jpg"
REDIS_URL = "redis://127.0.0.1:6379/14"

FAIR_SETTINGS = {
    "HEAVY_JOB_PAGES": "0",  # every scan counts as heavy here: the corpus's small ones stand for big ones
    "HEAVY_JOBS_AT_ONCE": "1",
    "AI_MAX_CONCURRENCY": "16",  # the held job's model calls must not use up the slots B's job needs
}


class HeldUnlessMarked:
    """Holds every model request whose material lacks ``marker`` until ``release()``; marked ones pass."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self._asked = threading.Event()
        self._released = threading.Event()

    def __call__(self, request: object, prompt: str) -> None:
        if self.marker not in prompt.lower():
            self._asked.set()
            self._released.wait(HOLD_GUARD_SECONDS)
        return None  # then answer as usual

    async def holding(self) -> None:
        assert await asyncio.to_thread(self._asked.wait, HOLD_GUARD_SECONDS), "no job asked the model"

    def release(self) -> None:
        self._released.set()


async def _short_text_passes_the_waiting_work(server: ApiServer, model: HeldUnlessMarked) -> None:
    async with server.client() as http:
        a = await sign_up(http, mobile="9876500001", outbox=server.outbox)
        b = await sign_up(http, mobile="9876500002", outbox=server.outbox)
        c = await sign_up(http, mobile="9876500003", outbox=server.outbox)
        a_heavy = await upload_file(http, a["auth"], HEAVY_A)
        await model.holding()  # A's heavy job is mid-task
        c_heavy = await upload_file(http, c["auth"], HEAVY_C)
        a_second = await text_input(http, a["auth"], STOMACH)
        b_short = await text_input(http, b["auth"], SHORT_TEXT)

        done = await wait_for_status(http, b["auth"], b_short)
        assert done["status"] == "completed", done
        assert (await status(http, a["auth"], a_heavy))["status"] == "processing"
        # A worker was free (it ran B's paste), yet neither of these started:
        assert (await status(http, a["auth"], a_second))["status"] == "queued"  # A has a job running
        assert (await status(http, c["auth"], c_heavy))["status"] == "queued"  # the heavy lane is full

        model.release()
        for auth, session_id in ((a["auth"], a_heavy), (a["auth"], a_second), (c["auth"], c_heavy)):
            final = await wait_for_status(http, auth, session_id)
            assert final["status"] == "completed", final


async def test_inline_runner_keeps_the_queue_fair(tmp_path):
    model = HeldUnlessMarked(MARKER)
    with gemini_server(behave=model) as gemini:
        server = ApiServer(tmp_path, INLINE_WORKERS="2", **FAIR_SETTINGS, **model_env(gemini.url)).start()
        try:
            await _short_text_passes_the_waiting_work(server, model)
        finally:
            model.release()
            server.stop()


async def test_celery_workers_keep_the_queue_fair(tmp_path):
    model = HeldUnlessMarked(MARKER)
    with gemini_server(behave=model) as gemini:
        settings = {
            "TASK_BACKEND": "celery",
            "REDIS_URL": REDIS_URL,
            "CELERY_QUEUE": f"studybuddy-test-{uuid.uuid4().hex[:8]}",  # with its "-heavy" twin: this test's own
            **FAIR_SETTINGS,
            **model_env(gemini.url),
        }
        worker = Worker(tmp_path, service_env(tmp_path, **settings), "worker")
        worker.args = ["worker", "--concurrency", "2"]
        worker.start()
        server = ApiServer(tmp_path, **settings)
        try:
            server.start()
            await _short_text_passes_the_waiting_work(server, model)
        finally:
            model.release()
            worker.stop()
            server.stop()
