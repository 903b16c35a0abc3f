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
    """``studybuddy serve`` on a free port, its data under ``tmp_path``."""

    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        super().__init__(
            ["serve", "--host", "127.0.0.1", "--port", str(self.port)],
            service_env(tmp_path, **env),
            tmp_path,
            tmp_path / "server.log",
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.outbox = tmp_path / "data" / "sms.jsonl"  # SMS_PROVIDER=file: where sign-up codes arrive

    def start(self) -> ApiServer:
        super().start()
        assert self.process is not None
        # /health is outside the rate-limited API; this loop only waits for the port (or the process's exit).
        deadline = time.monotonic() + START_GUARD_SECONDS
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer in {START_GUARD_SECONDS} s: {self.log.read_text()[-2000:]}")

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=30)


class Worker(ServiceProcess):
    """``studybuddy worker`` (TASK_BACKEND=celery) with one slot, logging to ``{name}.log``."""

    def __init__(self, tmp_path: Path, env: dict[str, str], name: str) -> None:
        super().__init__(["worker", "--concurrency", "1"], env, tmp_path, tmp_path / f"{name}.log")


def descendants(pid: int) -> set[int]:
    """Every process under ``pid`` now (children, theirs, ...), read from /proc: what a crash must not leave."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def model_env(model_url: str) -> dict[str, str]:
    """Settings for a service whose engine is the Gemini API at ``model_url`` (tests/fake_models.py)."""
    return {"AI_PROVIDER": "gemini", "GOOGLE_AI_API_KEY": "test-key", "GEMINI_BASE_URL": model_url}


# Only so that a server that never comes up fails the run instead of stalling it.
START_GUARD_SECONDS = 120
