"""Audit cases 5 and 6 on a real server: SIGTERM to the process group retries the session instead of failing it,
and kill -9 leaves no reader or pool process behind."""

from __future__ import annotations

import os
import signal
import time

import httpx

from tests.api import sign_up, upload, wait_for_status
from tests.conftest import CORPUS
from tests.servers import ApiServer, alive, descendants

SCAN = CORPUS / "pdf" / "pdflatex-4-pages.pdf"  # OCR of four pages: long enough to stop it in the middle


def _still_alive_after(pids: set[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return [pid for pid in pids if alive(pid)]


def reading_a_page(status: dict) -> bool:
    return status["current_step"].startswith("Reading page")


async def _start_ocr_job(server: ApiServer) -> tuple[httpx.AsyncClient, dict, str]:
    """An OCR job caught while it reads a page (a reader process at work)."""
    http = server.client()
    student = await sign_up(http, outbox=server.outbox)
    response = await upload(http, student["auth"], (SCAN.name, SCAN.read_bytes()), ocr="true")
    assert response.status_code == 200, response.text
    session_id = response.json()["session_id"]
    current = await wait_for_status(http, student["auth"], session_id, reading_a_page)
    assert current["status"] == "processing" and reading_a_page(current), current
    return http, student, session_id


async def test_sigterm_to_the_process_group_retries_the_session(tmp_path):
    server = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    http, student, session_id = await _start_ocr_job(server)
    await http.aclose()
    os.killpg(server.process.pid, signal.SIGTERM)  # what Ctrl-C or systemd's stop does
    server.process.wait(30)

    again = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    try:
        async with again.client() as http:
            final = await wait_for_status(http, student["auth"], session_id)
        assert final["status"] == "completed", final
    finally:
        again.stop()


async def test_kill_9_leaves_no_child_process_behind(tmp_path):
    server = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    try:
        http, _, _ = await _start_ocr_job(server)
        await http.aclose()
        children = descendants(server.process.pid)
        assert children, "the job should be running a reader process"
        os.kill(server.process.pid, signal.SIGKILL)  # the server alone, as the OOM killer does
        server.process.wait(10)
        # They die with it at once (a reader left alone would run on for its whole file).
        assert not _still_alive_after(children, seconds=5)
    finally:
        server.kill_hard()
