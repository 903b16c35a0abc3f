"""/health under load: answered from checks run in the background, never behind busy threads; CPU-heavy work
(password hashing, the offline engine's pool) runs below the event loop's priority."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from datetime import UTC, datetime

import anyio
import pytest

from studybuddy.health import HealthMonitor
from tests.api import health_checked_after

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="per-thread priorities are Linux's")


async def test_health_answers_while_every_worker_thread_is_busy(client):
    """Sign-ins, file copies and disk checks share one thread pool: /health must not wait for a free thread."""
    release = threading.Event()
    limiter = anyio.to_thread.current_default_thread_limiter()
    busy = [asyncio.create_task(anyio.to_thread.run_sync(release.wait)) for _ in range(int(limiter.total_tokens))]
    try:
        await asyncio.sleep(0.1)
        assert limiter.borrowed_tokens == limiter.total_tokens
        response = await asyncio.wait_for(client.get("/health"), timeout=5)
        assert response.status_code == 200 and response.json()["status"] == "ok"
    finally:
        release.set()
        await asyncio.gather(*busy)


async def test_health_reports_a_change_at_the_next_check(client):
    before = (await client.get("/health")).json()
    assert before["disk"]["reachable"] is True
    # A largest upload far bigger than the disk: the same verdict as a full disk, without filling one.
    client.services.settings.max_file_size = 1000 * before["disk"]["free_bytes"]
    changed = datetime.now(UTC)
    after = await health_checked_after(client, changed)
    assert after["status"] == "degraded" and after["disk"]["reachable"] is False


async def test_checks_that_stop_answering_make_health_degraded(client):
    hung = asyncio.Event()

    async def hanging_probe() -> tuple[str, bool, str | None]:
        await hung.wait()
        return "hanging", True, None

    await client.get("/health")  # the app's first request sets up what it needs: not a check's delay
    monitor = HealthMonitor(client.services, interval=0.05, stale_after=1.0)
    await monitor.start()
    client.app.state.health_monitor = monitor
    try:
        first = (await client.get("/health")).json()
        assert first["status"] == "ok", first
        client.services.health_probes["hanging"] = hanging_probe
        await asyncio.sleep(2.0)
        body = (await client.get("/health")).json()
        assert body["status"] == "degraded"
        assert body["components"]["checks"]["reachable"] is False
        assert "have not finished" in body["components"]["checks"]["detail"]
    finally:
        hung.set()
        await monitor.stop()


@linux_only
async def test_password_hashing_runs_below_the_event_loop(client):
    def own_priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    loop_priority = own_priority()
    hashing_priority = await client.services.hasher.run_bounded(own_priority)
    assert hashing_priority > loop_priority
    assert own_priority() == loop_priority  # the loop's own thread is untouched
    # The shared pool's threads stay at the loop's priority: a hashing thread is never lent to other work.
    assert await anyio.to_thread.run_sync(own_priority) == loop_priority


@linux_only
async def test_the_offline_engine_runs_below_the_event_loop(client):
    pool = client.services.cpu_pool
    assert pool is not None
    engine_priority = await asyncio.get_running_loop().run_in_executor(pool, os.getpriority, os.PRIO_PROCESS, 0)
    assert engine_priority > os.getpriority(os.PRIO_PROCESS, 0)
