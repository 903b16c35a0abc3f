"""Uploads are streamed to storage: the server's peak memory for a 50 MB upload against a 1 kB one.

Runs the real server as a separate process and reads its peak resident set (VmHWM) from /proc.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx

from bench.report import bench

MB = 1024 * 1024


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def _upload(http: httpx.Client, auth: dict, name: str, size: int) -> None:
    def body():
        yield b"%PDF-1.4\n"
        sent = 9
        chunk = os.urandom(MB)
        while sent < size:
            piece = chunk[: min(MB, size - sent)]
            sent += len(piece)
            yield piece

    boundary = "studybuddybench"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
    )
    tail = f"\r\n--{boundary}--\r\n".encode()

    def stream():
        yield head
        yield from body()
        yield tail

    response = http.post(
        "/api/v1/upload/",
        content=stream(),
        headers=auth | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 200, response.text


def run() -> None:
    from tests.accounts import latest_code
    from tests.servers import ApiServer

    with tempfile.TemporaryDirectory(prefix="studybuddy-bench-") as tmp:
        root = Path(tmp)
        server = ApiServer(root, LOG_LEVEL="WARNING", RATE_LIMIT_ENABLED="false").start()
        try:
            with httpx.Client(base_url=server.url, timeout=120) as http:
                http.post("/api/v1/auth/send-otp", json={"mobile": "9876543210"})
                code = latest_code(root / "data" / "sms.jsonl", "9876543210")
                token = http.post(
                    "/api/v1/auth/register", json={"mobile": "9876543210", "password": "Bench-mark-2026", "otp": code}
                ).json()["access_token"]
                auth = {"Authorization": f"Bearer {token}"}
                _upload(http, auth, "small.pdf", 1024)
                baseline = _peak_rss_mb(server.process.pid)
                _upload(http, auth, "big.pdf", 50 * MB - 1024)
                peak = _peak_rss_mb(server.process.pid)
        finally:
            server.stop()
    bench(
        "upload_50mb_server_peak_rss_mb",
        peak,
        "MB",
        ratio=peak / baseline,
        baseline=f"after a 1 kB upload ({baseline:.0f} MB)",
    )
