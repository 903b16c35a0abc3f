"""WS /api/v1/ws/sessions/{session_id}: the status JSON pushed on every change, closed after the final state.

Progress is read from the store, so updates written by any process (the inline runner, a Celery worker on
another machine) reach the student. The token comes as ``?token=`` or as the first message ``{"token": "..."}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from studybuddy.auth.deps import auth_service
from studybuddy.errors import StudyBuddyError, error_body

from .repository import SessionRepository
from .schemas import SessionStatusRead

router = APIRouter()
POLL_SECONDS = 0.25
FIRST_MESSAGE_SECONDS = 10
FINAL = ("completed", "failed")
# Close codes in the 4000 range, mirroring HTTP: 4401 not signed in, 4404 no such session (or not yours).
UNAUTHORIZED, NOT_FOUND = 4401, 4404


async def _token(websocket: WebSocket) -> str | None:
    token = websocket.query_params.get("token")
    if token:
        return token
    with contextlib.suppress(asyncio.TimeoutError, json.JSONDecodeError, WebSocketDisconnect, KeyError, TypeError):
        message = await asyncio.wait_for(websocket.receive_text(), FIRST_MESSAGE_SECONDS)
        return str(json.loads(message)["token"])
    return None


@router.websocket("/api/v1/ws/sessions/{session_id}")
async def session_updates(websocket: WebSocket, session_id: str) -> None:
    context = websocket.app.state.context
    await websocket.accept()
    token = await _token(websocket)
    auth = auth_service(context)
    sessions = SessionRepository(context.store)
    try:
        if token is None:
            raise StudyBuddyError("Not signed in")
        user = await auth.user_for_token(token)
    except StudyBuddyError:
        await websocket.send_json(error_body("AuthenticationError", "Not signed in: send a valid token"))
        await websocket.close(code=UNAUTHORIZED)
        return
    last: dict | None = None
    try:
        while True:
            session = await sessions.owned(user.id, session_id)
            if session is None:
                await websocket.send_json(error_body("NotFoundError", "No such study session"))
                await websocket.close(code=NOT_FOUND)
                return
            current = SessionStatusRead.of(session).model_dump(mode="json")
            if current != last:
                await websocket.send_json(current)
                last = current
            if session.status in FINAL:
                await websocket.close(code=1000)
                return
            await asyncio.sleep(POLL_SECONDS)
    except WebSocketDisconnect:
        return
