"""Audit cases 5 and 6 on a real server: SIGTERM to the process group retries the session instead of failing it,
and kill -9 leaves no reader or pool process behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests.conftest import CORPUS
from tests.pipeline.test_real_server import _sign_up
from tests.servers import ApiServer, finished, wait_for

SCAN = CORPUS / "pdf" / "pdflatex-4-pages.pdf"  # OCR of four pages: long enough to stop it in the middle


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | _descendants(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def _still_alive_after(pids: set[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return [pid for pid in pids if _alive(pid)]


async def _start_ocr_job(server: ApiServer, tmp_path: Path) -> tuple[httpx.AsyncClient, dict, str]:
    http = httpx.AsyncClient(base_url=server.url, timeout=30)
    student = await _sign_up(http, tmp_path / "data" / "sms.jsonl")
    response = await http.post(
        "/api/v1/upload/",
        files=[("files", (SCAN.name, SCAN.read_bytes()))],
        data={"ocr": "true"},
        headers=student["auth"],
    )
    assert response.status_code == 200, response.text
    session_id = response.json()["session_id"]
    await wait_for(http, student["auth"], session_id, lambda s: s["current_step"].startswith("Reading page"), 60)
    return http, student, session_id


async def test_sigterm_to_the_process_group_retries_the_session(tmp_path):
    server = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    http, student, session_id = await _start_ocr_job(server, tmp_path)
    await http.aclose()
    os.killpg(server.process.pid, signal.SIGTERM)  # what Ctrl-C or systemd's stop does
    server.process.wait(30)

    again = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    try:
        async with httpx.AsyncClient(base_url=again.url, timeout=30) as http:
            status = await wait_for(http, student["auth"], session_id, finished, 180)
        assert status["status"] == "completed", status
    finally:
        again.stop()


async def test_kill_9_leaves_no_child_process_behind(tmp_path):
    server = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    try:
        http, _, _ = await _start_ocr_job(server, tmp_path)
        await http.aclose()
        children = _descendants(server.process.pid)
        assert children, "the job should be running a reader process"
        os.kill(server.process.pid, signal.SIGKILL)  # the server alone, as the OOM killer does
        server.process.wait(10)
        # They die with it at once (a reader left alone would run on for its whole file).
        assert not _still_alive_after(children, seconds=5)
    finally:
        server.kill_hard()
