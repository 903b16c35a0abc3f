"""The service as it runs: a real server process, WebSocket updates, and a crash in the middle of a job.

The engine is the Gemini API served locally by a model that holds its answers (tests/fake_models.py): the job
stops at "Writing questions" until the test releases it, so "mid-job" is a state the test waits for, not a race.
"""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from tests.api import FINAL, results, sign_up, status, text_input, upload_file, wait_for_status
from tests.conftest import CORPUS
from tests.fake_models import HeldModel, gemini_server
from tests.servers import ApiServer, model_env

HEART = (CORPUS / "text/m46676-heart-anatomy-.txt").read_text()


async def test_websocket_pushes_progress_until_the_final_state(tmp_path):
    model = HeldModel()
    with gemini_server(behave=model) as gemini:
        server = ApiServer(tmp_path, **model_env(gemini.url)).start()
        try:
            async with server.client() as http:
                student = await sign_up(http, outbox=server.outbox)
                session_id = await upload_file(http, student["auth"], CORPUS / "text/m46707-erythrocytes-.txt")
                await model.asked()
                ws_url = server.url.replace("http", "ws") + f"/api/v1/ws/sessions/{session_id}"
                updates = []
                async with connect(ws_url) as socket:
                    await socket.send(json.dumps({"token": student["access_token"]}))  # token as the first message
                    updates.append(json.loads(await socket.recv()))
                    model.release()
                    async for message in socket:
                        updates.append(json.loads(message))
                    close_code = socket.close_code
                assert close_code == 1000
                assert updates[0]["status"] == "processing" and updates[0]["current_step"].startswith(
                    "Writing questions"
                )
                assert updates[-1]["status"] == "completed" and updates[-1]["progress"] == 100
                assert all(u["status"] not in FINAL for u in updates[:-1])
                progress = [u["progress"] for u in updates]
                assert progress == sorted(progress) and len(updates) >= 2
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
                other = await sign_up(http, mobile="9123456789", outbox=server.outbox)
                async with connect(ws_url + f"?token={other['access_token']}") as socket:
                    assert json.loads(await socket.recv())["error"]["type"] == "NotFoundError"
                    await asyncio.sleep(0.1)
                assert socket.close_code == 4404
        finally:
            model.release()
            server.stop()


async def test_a_session_survives_the_server_being_killed_mid_job(tmp_path):
    model = HeldModel()
    with gemini_server(behave=model) as gemini:
        env = model_env(gemini.url)
        server = ApiServer(tmp_path, **env).start()
        try:
            async with server.client() as http:
                student = await sign_up(http, outbox=server.outbox)
                session_id = await text_input(http, student["auth"], HEART)
                await model.asked()
                assert (await status(http, student["auth"], session_id))["status"] == "processing"
            server.kill_hard()  # kill -9 of the server while its job waits on the model
        finally:
            server.stop()
            model.release()
        restarted = ApiServer(tmp_path, **env).start()
        try:
            async with restarted.client() as http:
                final = await wait_for_status(http, student["auth"], session_id)
                assert final["status"] == "completed", final
                questions = (await results(http, student["auth"], session_id))["results"]["questions"]
                assert questions and len({q["id"] for q in questions}) == len(questions)
        finally:
            restarted.stop()
