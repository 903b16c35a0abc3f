"""Huge bodies cost the server nothing: RSS growth after four parallel 100 MB bodies to /auth/login.

The audit measured +814 MB for four parallel 100 MB bodies before bodies were capped per route. The baseline is
the same server's resident set after a few ordinary sign-ins, measured in the same run. Target: growth <= 20 MB.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.report import bench

MB = 1024 * 1024


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _hundred_mb_body(url: str) -> str:
    chunk = b" " * MB

    def body():
        for _ in range(100):
            yield chunk

    try:
        with httpx.Client(base_url=url, timeout=120) as http:
            response = http.post("/api/v1/auth/login", content=body(), headers={"Content-Type": "application/json"})
            return str(response.status_code)
    except httpx.HTTPError as exc:  # the server may close the connection while we are still sending
        return type(exc).__name__


def run() -> None:
    from tests.servers import ApiServer

    with tempfile.TemporaryDirectory(prefix="studybuddy-bench-") as tmp:
        server = ApiServer(Path(tmp), LOG_LEVEL="WARNING", RATE_LIMIT_ENABLED="false").start()
        try:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                for _ in range(5):
                    http.post("/api/v1/auth/login", json={"mobile": "9876543210", "password": "not-the-password"})
            baseline = _rss_mb(server.process.pid)
            with ThreadPoolExecutor(4) as pool:
                outcomes = list(pool.map(_hundred_mb_body, [server.url] * 4))
            after = _rss_mb(server.process.pid)
        finally:
            server.stop()
    growth = after - baseline
    bench(
        "four_100mb_bodies_rss_growth_mb",
        growth,
        "MB",
        ratio=after / baseline,
        baseline=f"RSS after five sign-ins ({baseline:.0f} MB; answers {','.join(outcomes)}; target growth <= 20 MB)",
    )
