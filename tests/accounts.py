"""Signing a student up through the real HTTP flow (send-otp -> SMS outbox -> register)."""

from __future__ import annotations

import json
import re
from pathlib import Path

PASSWORD = "Neet-PG-prep-2026"


def sms_messages(outbox: Path, to: str | None = None) -> list[dict]:
    if not outbox.exists():
        return []
    messages = [json.loads(line) for line in outbox.read_text().splitlines() if line.strip()]
    return [m for m in messages if to is None or m["to"] == to]


def latest_code(outbox: Path, mobile: str) -> str:
    for message in reversed(sms_messages(outbox, "+91" + mobile[-10:])):
        found = re.search(r"\b(\d{6})\b", message["body"])
        if found:
            return found.group(1)
    raise AssertionError(f"no OTP sent to {mobile}")


async def sign_up(client, settings, mobile: str = "9876543210", password: str = PASSWORD) -> dict:
    """Registers ``mobile`` and returns the register response plus an ``auth`` header dict."""
    response = await client.post("/api/v1/auth/send-otp", json={"mobile": mobile})
    assert response.status_code == 200, response.text
    code = latest_code(settings.sms_file_path, mobile)
    response = await client.post("/api/v1/auth/register", json={"mobile": mobile, "password": password, "otp": code})
    assert response.status_code == 201, response.text
    body = response.json()
    body["auth"] = {"Authorization": f"Bearer {body['access_token']}"}
    return body


async def wait_until_processed(client, auth: dict, session_id: str) -> dict:
    """Let the app's job runner finish its work, then return the session's status."""
    await client.app_ref.state.context.jobs.idle()
    response = await client.get(f"/api/v1/upload/status/{session_id}", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()
