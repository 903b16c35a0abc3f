"""What a student does over HTTP, for every test: sign up and in, upload, paste text, wait for a session, read
results, take a mock test; and the one check of the spec's error envelope.

Works with any httpx.AsyncClient: an in-process ``AppClient`` (tests/conftest.py) or a client on a real server
(tests/servers.py). Every poll honours 429 ``Retry-After``: the service limits each client to 100 calls a minute,
tests included.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

MOBILE = "9876543210"
PASSWORD = "Neet-PG-prep-2026"
FINAL = ("completed", "failed")
# A poll's pace: one call a second stays well inside the service's 100 calls a minute per client.
POLL_SECONDS = 1.0
# Polls give up after this long only so that a hung service fails the run instead of stalling it; no test relies
# on work finishing within any time.
HANG_GUARD_SECONDS = 600.0


# --- the error envelope -------------------------------------------------------------------------------------


def assert_envelope(response: httpx.Response, status: int, type_: str | None = None, *, what: str = "") -> dict:
    """Assert ``response`` is ``status`` in the spec's envelope (of ``type_`` if given); returns its ``error``.
    ``what`` names the case in the failure message (for checks in a loop)."""
    where = f"{what}: " if what else ""
    assert response.status_code == status, f"{where}{response.status_code} {response.text}"
    body = response.json()
    assert set(body) == {"error"}, f"{where}{body}"
    error = body["error"]
    assert set(error) == {"type", "message", "timestamp"}, f"{where}{body}"
    assert error["timestamp"].endswith("Z") and error["message"], f"{where}{body}"
    if type_:
        assert error["type"] == type_, f"{where}{body}"
    return error


# --- calls that honour the rate limit --------------------------------------------------------------------------


async def call(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request; on 429 wait the ``Retry-After`` it names and ask again (for polls, not for limit tests)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HANG_GUARD_SECONDS
    while True:
        response = await http.request(method, url, **kwargs)
        if response.status_code != 429:
            return response
        assert loop.time() < deadline, f"still rate limited after {HANG_GUARD_SECONDS:.0f} s: {response.text}"
        await asyncio.sleep(float(response.headers.get("retry-after", "1")))


# --- accounts ---------------------------------------------------------------------------------------------------


def sms_messages(outbox: Path, to: str | None = None) -> list[dict]:
    """The SMS outbox (SMS_PROVIDER=file), optionally only messages to ``to`` (+91 form)."""
    if not outbox.exists():
        return []
    messages = [json.loads(line) for line in outbox.read_text().splitlines() if line.strip()]
    return [m for m in messages if to is None or m["to"] == to]


def latest_code(outbox: Path, mobile: str = MOBILE) -> str:
    for message in reversed(sms_messages(outbox, "+91" + mobile[-10:])):
        found = re.search(r"\b(\d{6})\b", message["body"])
        if found:
            return found.group(1)
    raise AssertionError(f"no OTP sent to {mobile}")


def _outbox(http: httpx.AsyncClient, outbox: Path | None) -> Path:
    if outbox is not None:
        return outbox
    return http.settings.sms_file_path  # type: ignore[attr-defined]  # an AppClient knows its settings


async def send_otp(
    http: httpx.AsyncClient, mobile: str = MOBILE, purpose: str | None = None, **kwargs: Any
) -> httpx.Response:
    body = {"mobile": mobile} | ({"purpose": purpose} if purpose else {})
    return await http.post("/api/v1/auth/send-otp", json=body, **kwargs)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_up(
    http: httpx.AsyncClient, mobile: str = MOBILE, password: str = PASSWORD, *, outbox: Path | None = None
) -> dict:
    """Registers ``mobile`` through send-otp → SMS outbox → register; returns the register response plus ``auth``
    headers. ``outbox`` is the server's SMS file (an in-process client knows its own)."""
    response = await send_otp(http, mobile)
    assert response.status_code == 200, response.text
    code = latest_code(_outbox(http, outbox), mobile)
    response = await http.post("/api/v1/auth/register", json={"mobile": mobile, "password": password, "otp": code})
    assert response.status_code == 201, response.text
    body = response.json()
    body["auth"] = bearer(body["access_token"])
    return body


async def sign_in(http: httpx.AsyncClient, mobile: str = MOBILE, password: str = PASSWORD) -> dict:
    response = await http.post("/api/v1/auth/login", json={"mobile": mobile, "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    body["auth"] = bearer(body["access_token"])
    return body


async def update_profile(http: httpx.AsyncClient, auth: dict, **fields: Any) -> dict:
    response = await http.patch("/api/v1/users/me", json=fields, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


# --- sessions ---------------------------------------------------------------------------------------------------


async def upload(http: httpx.AsyncClient, auth: dict, *files: tuple[str, bytes], **fields: Any) -> httpx.Response:
    """POST /upload/ with ``files`` as (name, bytes) and form ``fields`` (session_name, ocr)."""
    multipart = [("files", (name, data)) for name, data in files]
    return await http.post("/api/v1/upload/", files=multipart, data=fields, headers=auth)


async def upload_file(http: httpx.AsyncClient, auth: dict, path: Path, name: str | None = None, **fields: Any) -> str:
    """Uploads one file from disk; returns the new session's id."""
    data = await asyncio.to_thread(path.read_bytes)
    response = await upload(http, auth, (name or path.name, data), **fields)
    assert response.status_code == 200, response.text
    return response.json()["session_id"]


async def text_input(http: httpx.AsyncClient, auth: dict, text: str, **fields: Any) -> str:
    """Pastes ``text`` as a session; returns its id."""
    response = await http.post("/api/v1/text-input/", json={"text": text, **fields}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()["session_id"]


async def status(http: httpx.AsyncClient, auth: dict, session_id: str) -> dict:
    response = await call(http, "GET", f"/api/v1/upload/status/{session_id}", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


async def wait_until_processed(http: httpx.AsyncClient, auth: dict, session_id: str) -> dict:
    """In-process: let the app's job runner finish every job it holds, then return the session's status."""
    await http.services.jobs.idle()  # type: ignore[attr-defined]  # an AppClient carries its services
    return await status(http, auth, session_id)


async def wait_for_status(
    http: httpx.AsyncClient, auth: dict, session_id: str, until: Callable[[dict], bool] = lambda s: False
) -> dict:
    """Poll a session's status (a real server, another process) until ``until(status)`` or a final state; returns
    the status, which the caller checks (a session that finished before ``until`` held is the caller's failure)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HANG_GUARD_SECONDS
    while True:
        current = await status(http, auth, session_id)
        if until(current) or current["status"] in FINAL:
            return current
        assert loop.time() < deadline, f"no change for {HANG_GUARD_SECONDS:.0f} s: {current}"
        await asyncio.sleep(POLL_SECONDS)


async def health_checked_after(http: httpx.AsyncClient, moment: datetime) -> dict:
    """/health once its background checks (every few seconds) have run again since ``moment``: what the service
    says about a change the test made before it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30  # the checks run every 2 s; a loaded test machine may delay a few
    while True:
        current = (await http.get("/health")).json()
        if datetime.fromisoformat(current["checked_at"]) >= moment:
            return current
        assert loop.time() < deadline, f"no health check for 30 s: {current}"
        await asyncio.sleep(0.2)


async def results(http: httpx.AsyncClient, auth: dict, session_id: str) -> dict:
    response = await call(http, "GET", f"/api/v1/history/sessions/{session_id}/results", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


async def history(http: httpx.AsyncClient, auth: dict, **params: Any) -> dict:
    response = await http.get("/api/v1/history/sessions", params=params, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


# --- mock tests -------------------------------------------------------------------------------------------------


def wrong_label(question: dict) -> str:
    return next(o["label"] for o in question["options"] if o["label"] != question["correct_answer"])


async def start_attempt(http: httpx.AsyncClient, auth: dict, test_id: str) -> httpx.Response:
    return await http.post(f"/api/v1/mock-tests/{test_id}/attempts", headers=auth)


async def answer(http: httpx.AsyncClient, auth: dict, attempt_id: str, question_id: str, label: str) -> dict:
    url = f"/api/v1/attempts/{attempt_id}/answers/{question_id}"
    response = await http.put(url, json={"answer": label}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


async def submit(http: httpx.AsyncClient, auth: dict, attempt_id: str) -> dict:
    response = await http.post(f"/api/v1/attempts/{attempt_id}/submit", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()
