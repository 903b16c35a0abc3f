"""TASK_BACKEND=celery against this machine's Redis with real worker processes."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import CORPUS
from tests.pipeline.test_real_server import _sign_up
from tests.servers import ApiServer, ServiceProcess, finished, service_env, wait_for

REDIS_URL = "redis://127.0.0.1:6379/14"


def _worker(tmp_path, env, name: str) -> ServiceProcess:
    return ServiceProcess(["worker", "--concurrency", "1"], env, tmp_path, tmp_path / f"{name}.log").start()


async def test_a_worker_killed_mid_task_is_replaced_by_another_that_finishes(tmp_path):
    queue = f"studybuddy-test-{uuid.uuid4().hex[:8]}"  # this test's own queue on the shared Redis
    settings = {
        "TASK_BACKEND": "celery",
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": "5",
    }
    server = ApiServer(tmp_path, **settings).start()
    env = service_env(tmp_path, **settings)
    first = _worker(tmp_path, env, "worker-1")
    second = None
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            health = (await http.get("/health")).json()
            assert health["components"]["jobs"] == {"kind": "celery", "reachable": True, "detail": None}
            student = await _sign_up(http, tmp_path / "data" / "sms.jsonl")
            text = (CORPUS / "text/m46548-organs-and-structures-of-the-respiratory-system-.txt").read_text()
            quick = (await http.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])).json()[
                "session_id"
            ]
            assert (await wait_for(http, student["auth"], quick, finished))["status"] == "completed"

            path = CORPUS / "scans/heart-anatomy-scanned.pdf"
            response = await http.post(
                "/api/v1/upload/",
                files=[("files", (path.name, path.read_bytes()))],
                data={"ocr": "true"},
                headers=student["auth"],
            )
            session_id = response.json()["session_id"]
            await wait_for(http, student["auth"], session_id, lambda s: s["current_step"].startswith("Reading page"))
            first.kill_hard()  # the worker and its reader process die mid-task
            second = _worker(tmp_path, env, "worker-2")
            status = await wait_for(http, student["auth"], session_id, finished)
            assert status["status"] == "completed", status
            results = (await http.get(f"/api/v1/history/sessions/{session_id}/results", headers=student["auth"])).json()
            questions = results["results"]["questions"]
            assert questions and len({q["id"] for q in questions}) == len(questions)
    finally:
        first.stop()
        if second is not None:
            second.stop()
        server.stop()
