"""Sign-in storms: bcrypt bounded by the cores, the excess shed at once, abandoned sign-ins dropped (audit case 2)."""

from __future__ import annotations

import asyncio
import json
import threading

from studybuddy.auth.passwords import PasswordHasher
from tests.api import PASSWORD, latest_code, sign_up


def _bounded_hasher(client, *, rounds: int, workers: int, queue: int) -> PasswordHasher:
    hasher = PasswordHasher(rounds, workers=workers, queue=queue)
    client.services.hasher = hasher
    return hasher


async def test_sign_ins_beyond_the_bound_are_shed_with_retry_after(client):
    _bounded_hasher(client, rounds=12, workers=1, queue=1)
    await sign_up(client)  # a real-cost hash (~0.25 s to check), as in production
    login = {"mobile": "9876543210", "password": PASSWORD}
    responses = await asyncio.gather(*(client.post("/api/v1/auth/login", json=login) for _ in range(8)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) >= 1, statuses
    shed = [r for r in responses if r.status_code == 503]
    assert len(shed) >= 5, statuses  # one running and one waiting: everyone else is told to come back
    for response in shed:
        assert int(response.headers["Retry-After"]) >= 1
        assert response.json()["error"]["type"] == "HashingBusyError"
        assert "try again" in response.json()["error"]["message"]
    # Once the storm has passed, the same student signs in normally.
    assert (await client.post("/api/v1/auth/login", json=login)).status_code == 200


async def test_a_sign_in_whose_client_left_is_dropped_while_it_waits(client, student):
    hasher = _bounded_hasher(client, rounds=4, workers=1, queue=5)
    release = threading.Event()
    occupying = asyncio.create_task(hasher.run_bounded(release.wait))  # the only core is busy
    await asyncio.sleep(0)  # let it be admitted
    assert hasher.admitted == 1

    body = json.dumps({"mobile": "9876543210", "password": PASSWORD}).encode()
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.sleep(0.05)  # the client hangs up soon after sending
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/auth/login",
        "raw_path": b"/api/v1/auth/login",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await asyncio.wait_for(client.app(scope, receive, send), timeout=30)
    # Answered (to nobody) while the core is still busy: the check was dropped, not queued behind it.
    assert sent[0]["status"] == 499
    assert hasher.admitted == 1
    release.set()
    await occupying


async def test_a_sign_up_shed_in_a_storm_keeps_its_code(client, settings):
    hasher = _bounded_hasher(client, rounds=4, workers=1, queue=0)
    await client.post("/api/v1/auth/send-otp", json={"mobile": "9876543210"})
    code = latest_code(settings.sms_file_path, "9876543210")
    body = {"mobile": "9876543210", "password": PASSWORD, "otp": code}
    release = threading.Event()
    occupying = asyncio.create_task(hasher.run_bounded(release.wait))
    await asyncio.sleep(0)
    shed = await client.post("/api/v1/auth/register", json=body)
    assert shed.status_code == 503 and int(shed.headers["retry-after"]) >= 1
    release.set()
    await occupying
    assert (await client.post("/api/v1/auth/register", json=body)).status_code == 201
