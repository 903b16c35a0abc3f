"""The service as it runs: a real server process, WebSocket updates, and a crash in the middle of a job."""

from __future__ import annotations

import asyncio
import json

import httpx
from websockets.asyncio.client import connect

from tests.accounts import latest_code
from tests.conftest import CORPUS
from tests.servers import ApiServer, finished, wait_for

PASSWORD = "Neet-PG-prep-2026"


async def _sign_up(http: httpx.AsyncClient, outbox, mobile="9876543210") -> dict:
    await http.post("/api/v1/auth/send-otp", json={"mobile": mobile})
    response = await http.post(
        "/api/v1/auth/register", json={"mobile": mobile, "password": PASSWORD, "otp": latest_code(outbox, mobile)}
    )
    token = response.json()["access_token"]
    return {"token": token, "auth": {"Authorization": f"Bearer {token}"}}


async def test_websocket_pushes_progress_until_the_final_state(tmp_path):
    server = ApiServer(tmp_path).start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            student = await _sign_up(http, tmp_path / "data" / "sms.jsonl")
            path = CORPUS / "scans/heart-anatomy-scanned.pdf"
            response = await http.post(
                "/api/v1/upload/", files=[("files", (path.name, path.read_bytes()))], headers=student["auth"]
            )
            session_id = response.json()["session_id"]
            ws_url = server.url.replace("http", "ws") + f"/api/v1/ws/sessions/{session_id}"
            updates = []
            async with connect(ws_url) as socket:
                await socket.send(json.dumps({"token": student["token"]}))  # token as the first message
                async for message in socket:
                    updates.append(json.loads(message))
                close_code = socket.close_code
            assert close_code == 1000
            assert updates[-1]["status"] == "completed" and updates[-1]["progress"] == 100
            progress = [u["progress"] for u in updates]
            assert progress == sorted(progress) and len(updates) >= 3
            assert any(u["current_step"].startswith("Reading page") for u in updates)
            assert set(updates[0]) == {
                "session_id",
                "status",
                "progress",
                "current_step",
                "estimated_completion",
                "error",
            }
            # A stranger (or no token) is refused with a close code, never shown the session.
            async with connect(ws_url + "?token=forged") as socket:
                denied = json.loads(await socket.recv())
                await asyncio.sleep(0.1)
            assert denied["error"]["type"] == "AuthenticationError" and socket.close_code == 4401
            other = await _sign_up(http, tmp_path / "data" / "sms.jsonl", mobile="9123456789")
            async with connect(ws_url + f"?token={other['token']}") as socket:
                assert json.loads(await socket.recv())["error"]["type"] == "NotFoundError"
                await asyncio.sleep(0.1)
            assert socket.close_code == 4404
    finally:
        server.stop()


async def test_a_session_survives_the_server_being_killed_mid_job(tmp_path):
    server = ApiServer(tmp_path).start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            student = await _sign_up(http, tmp_path / "data" / "sms.jsonl")
            path = CORPUS / "scans/heart-anatomy-scanned.pdf"
            response = await http.post(
                "/api/v1/upload/",
                files=[("files", (path.name, path.read_bytes()))],
                data={"ocr": "true"},
                headers=student["auth"],
            )
            session_id = response.json()["session_id"]
            await wait_for(
                http, student["auth"], session_id, lambda s: s["current_step"].startswith("Reading page"), 60
            )
        server.kill_hard()  # kill -9 of the server and its reader process, mid-OCR
    finally:
        server.stop()
    restarted = ApiServer(tmp_path).start()
    try:
        async with httpx.AsyncClient(base_url=restarted.url, timeout=30) as http:
            status = await wait_for(http, student["auth"], session_id, finished)
            assert status["status"] == "completed", status
            results = (await http.get(f"/api/v1/history/sessions/{session_id}/results", headers=student["auth"])).json()
            questions = results["results"]["questions"]
            assert questions and len({q["id"] for q in questions}) == len(questions)
    finally:
        restarted.stop()
