"""TASK_BACKEND=celery against this machine's Redis with real worker processes.

The job is caught mid-task by a model that holds its answers (tests/fake_models.py) rather than by polling for a
moment that may pass unseen, and the status poll (tests/api.py) keeps to the service's own rate limit."""

from __future__ import annotations

import uuid

from tests.api import results, sign_up, status, text_input, wait_for_status
from tests.conftest import CORPUS
from tests.fake_models import HeldModel, gemini_server
from tests.servers import ApiServer, Worker, model_env, service_env

REDIS_URL = "redis://127.0.0.1:6379/14"


async def test_a_worker_killed_mid_task_is_replaced_by_another_that_finishes(tmp_path):
    model = HeldModel()
    with gemini_server(behave=model) as gemini:
        settings = {
            "TASK_BACKEND": "celery",
            "REDIS_URL": REDIS_URL,
            "CELERY_QUEUE": f"studybuddy-test-{uuid.uuid4().hex[:8]}",  # this test's own queue on the shared Redis
            "CELERY_VISIBILITY_TIMEOUT": "5",
            **model_env(gemini.url),
        }
        env = service_env(tmp_path, **settings)
        first = Worker(tmp_path, env, "worker-1").start()  # starts while the server does
        server = ApiServer(tmp_path, **settings)
        second = None
        try:
            server.start()
            async with server.client() as http:
                health = (await http.get("/health")).json()
                assert health["components"]["jobs"] == {"kind": "celery", "reachable": True, "detail": None}
                student = await sign_up(http, outbox=server.outbox)
                text = (CORPUS / "text/m46548-organs-and-structures-of-the-respiratory-system-.txt").read_text()
                session_id = await text_input(http, student["auth"], text)
                await model.asked()  # the first worker is mid-task, waiting on the model
                assert (await status(http, student["auth"], session_id))["status"] == "processing"
                first.kill_hard()  # the worker dies mid-task
                model.release()
                second = Worker(tmp_path, env, "worker-2").start()
                final = await wait_for_status(http, student["auth"], session_id)
                assert final["status"] == "completed", final
                questions = (await results(http, student["auth"], session_id))["results"]["questions"]
                assert questions and len({q["id"] for q in questions}) == len(questions)
        finally:
            model.release()
            first.stop()
            if second is not None:
                second.stop()
            server.stop()
