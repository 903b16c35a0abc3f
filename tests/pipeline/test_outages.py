"""Audit case 7 on a real server: Redis down and a full disk answer 503 or accept the work, never 500.

Redis is stopped only as a private redis-server on a port of its own (never the shared one on 6379); the full
disk is a 2 MB tmpfs (needs root to mount: skipped otherwise)."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.api import assert_envelope, health_checked_after, sign_up, upload, wait_for_status
from tests.conftest import CORPUS
from tests.servers import ApiServer, Worker, free_port, service_env

TEXT = (CORPUS / "text" / "m46021-the-cell-membrane-.txt").read_text(encoding="utf-8")


def _private_redis(tmp_path: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
        assert time.monotonic() < deadline, "private redis did not start"
        time.sleep(0.1)
    return process


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
async def test_text_input_with_redis_down_is_accepted_and_completes_when_it_returns(tmp_path):
    port = free_port()
    redis = _private_redis(tmp_path, port)
    settings = {"TASK_BACKEND": "celery", "REDIS_URL": f"redis://127.0.0.1:{port}/0", "RATE_LIMIT_ENABLED": "false"}
    server = ApiServer(tmp_path, **settings).start()
    worker = None
    try:
        async with server.client() as http:
            student = await sign_up(http, outbox=server.outbox)
            redis.terminate()
            redis.wait(10)
            health = await health_checked_after(http, datetime.now(UTC))
            assert health["status"] == "degraded" and health["components"]["jobs"]["reachable"] is False
            response = await http.post("/api/v1/text-input/", json={"text": TEXT}, headers=student["auth"])
            assert response.status_code == 200, response.text  # saved, and accepted with its id
            session_id = response.json()["session_id"]
            redis = _private_redis(tmp_path, port)  # back again: the reaper sends the queued session
            worker = Worker(tmp_path, service_env(tmp_path, **settings), "worker").start()
            final = await wait_for_status(http, student["auth"], session_id)
            assert final["status"] == "completed", final
    finally:
        if worker is not None:
            worker.stop()
        server.stop()
        redis.terminate()
        redis.wait(10)


@pytest.fixture
def full_disk(tmp_path):
    mount = tmp_path / "uploads"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


async def test_a_full_disk_is_a_503_and_health_says_so(tmp_path, full_disk):
    server = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false").start()
    try:
        async with server.client() as http:
            student = await sign_up(http, outbox=server.outbox)
            (full_disk / "filler").write_bytes(b"\0" * (1024 * 1024))
            with pytest.raises(OSError):
                (full_disk / "filler2").write_bytes(b"\0" * (2 * 1024 * 1024))
            full = datetime.now(UTC)
            uploaded = await upload(http, student["auth"], ("notes.txt", (TEXT * 20).encode()))
            pasted = await http.post("/api/v1/text-input/", json={"text": TEXT * 20}, headers=student["auth"])
            for response in (uploaded, pasted):
                error = assert_envelope(response, 503)
                assert int(response.headers["retry-after"]) > 0
                assert "storage is full" in error["message"]
            health = await health_checked_after(http, full)
            assert health["status"] == "degraded"
            assert health["disk"]["reachable"] is False
            assert health["disk"]["free_bytes"] < 1024 * 1024
    finally:
        server.stop()
