"""Audit case 8: a client that timed out retries with the same Idempotency-Key and gets the same session."""

from __future__ import annotations

import asyncio

from tests.api import assert_envelope, history, sign_up, status, wait_until_processed
from tests.conftest import CORPUS

TEXT = (CORPUS / "text" / "m46021-the-cell-membrane-.txt").read_text(encoding="utf-8")


async def _history(client, auth) -> list[str]:
    sessions = (await history(client, auth))["sessions"]
    return [s.get("session_id") or s.get("id") for s in sessions]


async def test_a_retried_paste_with_the_same_key_makes_one_session(client, student):
    headers = student["auth"] | {"Idempotency-Key": "3f2a6c1e-paste-1"}
    first = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=headers)
    again = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["session_id"] == again.json()["session_id"]
    other = await client.post(
        "/api/v1/text-input/", json={"text": TEXT}, headers=student["auth"] | {"Idempotency-Key": "another"}
    )
    assert other.json()["session_id"] != first.json()["session_id"]
    assert len(await _history(client, student["auth"])) == 2


async def test_parallel_uploads_with_one_key_make_one_session_with_its_files(client, student):
    headers = student["auth"] | {"Idempotency-Key": "upload-key-7"}
    files = {"files": ("cell-membrane.txt", TEXT.encode(), "text/plain")}
    responses = await asyncio.gather(*(client.post("/api/v1/upload/", files=files, headers=headers) for _ in range(4)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["session_id"] for r in responses}) == 1
    assert len(await _history(client, student["auth"])) == 1
    final = await wait_until_processed(client, student["auth"], responses[0].json()["session_id"])
    assert final["status"] == "completed", final  # the losers' clean-up left the winner's file alone


async def test_keys_are_per_student(client, student):
    other = await sign_up(client, mobile="9123456780")
    key = {"Idempotency-Key": "same-key"}
    mine = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=student["auth"] | key)
    theirs = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=other["auth"] | key)
    assert mine.json()["session_id"] != theirs.json()["session_id"]


async def test_a_key_with_control_characters_is_refused(client, student):
    response = await client.post(
        "/api/v1/text-input/", json={"text": TEXT}, headers=student["auth"] | {"Idempotency-Key": "a b"}
    )
    assert_envelope(response, 422)


async def test_a_waiting_session_has_an_estimate_from_the_start(make_client):
    # No worker can take it (the broker is unreachable): what the student sees is the estimate made at creation.
    client = await make_client(task_backend="celery", redis_url="redis://127.0.0.1:1/0")
    student = await sign_up(client)
    response = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=student["auth"])
    waiting = await status(client, student["auth"], response.json()["session_id"])
    assert waiting["status"] == "queued" and waiting["estimated_completion"] is not None, waiting


async def test_a_key_reused_for_other_text_is_refused_and_the_first_session_kept(client, student):
    headers = student["auth"] | {"Idempotency-Key": "paste-then-other"}
    first = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=headers)
    other = await client.post("/api/v1/text-input/", json={"text": TEXT + "\nOne more line."}, headers=headers)
    error = assert_envelope(other, 422)
    assert "Idempotency-Key" in error["message"] and "different request" in error["message"], error
    renamed = await client.post("/api/v1/text-input/", json={"text": TEXT, "session_name": "Other"}, headers=headers)
    assert_envelope(renamed, 422)
    again = await client.post("/api/v1/text-input/", json={"text": TEXT}, headers=headers)
    assert again.status_code == 200 and again.json()["session_id"] == first.json()["session_id"]
    assert await _history(client, student["auth"]) == [first.json()["session_id"]]


async def test_a_key_reused_for_other_files_is_refused(client, student):
    headers = student["auth"] | {"Idempotency-Key": "upload-then-other"}
    first = await client.post(
        "/api/v1/upload/", files={"files": ("notes.txt", TEXT.encode(), "text/plain")}, headers=headers
    )
    assert first.status_code == 200, first.text
    other = await client.post(
        "/api/v1/upload/", files={"files": ("notes.txt", TEXT.encode()[:-200], "text/plain")}, headers=headers
    )
    assert_envelope(other, 422)
    ocr = await client.post(
        "/api/v1/upload/",
        files={"files": ("notes.txt", TEXT.encode(), "text/plain")},
        data={"ocr": "true"},
        headers=headers,
    )
    assert_envelope(ocr, 422)
    assert await _history(client, student["auth"]) == [first.json()["session_id"]]
