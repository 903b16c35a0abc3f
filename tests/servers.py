"""Running the real service (``studybuddy serve`` / ``studybuddy worker``) as separate processes for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB", "GOOGLE_AI", "JWT_", "AI_PROVIDER"))}
    env.update(
        SQLITE_PATH=str(tmp_path / "data" / "studybuddy.db"),
        UPLOAD_DIR=str(tmp_path / "uploads"),
        LOG_FILE=str(tmp_path / "logs" / "studybuddy.log"),
        SMS_PROVIDER="file",
        SMS_FILE_PATH=str(tmp_path / "data" / "sms.jsonl"),
        AI_PROVIDER="offline",
        BCRYPT_ROUNDS="4",
        JOB_LEASE_SECONDS="3",
        RATE_LIMIT_STORAGE_URL="memory://",
    )
    env.update(overrides)
    return env


class ServiceProcess:
    """A process in its own process group, so kill -9 takes its children (reader processes) too, like a crash."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.args, self.env, self.cwd, self.log = args, env, cwd, log
        self.process: subprocess.Popen | None = None

    def start(self) -> ServiceProcess:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "studybuddy.cli", *self.args],
            env=self.env,
            cwd=self.cwd,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill_hard(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill_hard()


class ApiServer(ServiceProcess):
    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        super().__init__(
            ["serve", "--host", "127.0.0.1", "--port", str(self.port)],
            service_env(tmp_path, **env),
            tmp_path,
            tmp_path / "server.log",
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> ApiServer:
        super().start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        raise RuntimeError("server did not start")


async def wait_for(http: httpx.AsyncClient, auth: dict, session_id: str, done, seconds: float = 120) -> dict:
    """Poll a session's status until ``done(status)``; fail the test after ``seconds``."""
    import asyncio

    deadline = time.monotonic() + seconds
    while True:
        response = await http.get(f"/api/v1/upload/status/{session_id}", headers=auth)
        if response.status_code == 429:  # polled too fast for the per-address limit: wait as told
            assert time.monotonic() < deadline, response.text
            await asyncio.sleep(float(response.headers.get("retry-after", "1")))
            continue
        status = response.json()
        if done(status):
            return status
        assert time.monotonic() < deadline, status
        await asyncio.sleep(0.2)


def finished(status: dict) -> bool:
    return status["status"] in ("completed", "failed")
