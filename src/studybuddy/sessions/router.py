"""GET /upload/status/{id} and the history endpoints (the live status WebSocket is in live.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from studybuddy.auth.deps import CurrentUser
from studybuddy.deps import ServicesDep
from studybuddy.errors import error_responses
from studybuddy.material.repository import MaterialRepository
from studybuddy.responses import MessageResponse

from .erasure import SessionEraser
from .models import StudySession
from .repository import SessionRepository
from .schemas import SessionList, SessionResults, SessionStatusRead
from .service import SessionService

router = APIRouter()


def get_session_service(services: ServicesDep) -> SessionService:
    return SessionService(
        sessions=SessionRepository(services.store),
        material=MaterialRepository(services.store),
        eraser=SessionEraser(services.store, services.files),
    )


SessionServiceDep = Annotated[SessionService, Depends(get_session_service)]


async def owned_session(session_id: str, user: CurrentUser, sessions: SessionServiceDep) -> StudySession:
    """The session, if it exists and is the caller's; 404 otherwise."""
    return await sessions.owned(user.id, session_id)


OwnedSession = Annotated[StudySession, Depends(owned_session)]


@router.get(
    "/upload/status/{session_id}",
    response_model=SessionStatusRead,
    tags=["upload"],
    summary="Processing status",
    responses=error_responses(401, 404),
)
async def processing_status(session: OwnedSession) -> SessionStatusRead:
    """Progress 0-100 (never backwards), the current step in words, an estimated completion time, and the error
    if processing failed. For live updates without polling use the WebSocket /ws/sessions/{session_id}."""
    return SessionStatusRead.of(session)


@router.get(
    "/history/sessions",
    response_model=SessionList,
    tags=["history"],
    summary="Your study sessions",
    responses=error_responses(401, 422),
)
async def history(
    user: CurrentUser,
    sessions: SessionServiceDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    q: Annotated[str | None, Query(max_length=100, description="Search session names")] = None,
) -> SessionList:
    """Newest first."""
    return await sessions.history(user.id, page=page, per_page=per_page, search=q)


@router.get(
    "/history/sessions/{session_id}/results",
    response_model=SessionResults,
    tags=["history"],
    summary="A session's study material",
    responses=error_responses(401, 404),
)
async def results(session: OwnedSession, sessions: SessionServiceDep) -> SessionResults:
    """Questions (with answers, explanations and sources), mock tests, mnemonics, cheat sheets and notes."""
    return await sessions.results(session)


@router.delete(
    "/history/sessions/{session_id}",
    response_model=MessageResponse,
    tags=["history"],
    summary="Delete a session",
    responses=error_responses(401, 404),
)
async def delete(session: OwnedSession, sessions: SessionServiceDep) -> MessageResponse:
    """Removes the session, its results and its uploaded files."""
    await sessions.delete(session)
    return MessageResponse(message="Session deleted successfully")
