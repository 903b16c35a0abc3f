"""GET /upload/status/{id}, the history endpoints, and the live status WebSocket."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from studybuddy.auth.deps import CurrentUser
from studybuddy.auth.schemas import MessageResponse
from studybuddy.deps import FilesDep, StoreDep
from studybuddy.errors import NotFoundError, error_responses

from .erasure import delete_session
from .models import StudySession
from .schemas import (
    ResultsMetadata,
    SessionList,
    SessionResults,
    SessionStatusRead,
    SessionSummary,
)
from .service import get_owned_session, list_sessions, session_material

router = APIRouter()


async def owned_session(session_id: str, user: CurrentUser, store: StoreDep) -> StudySession:
    """The session, if it exists and is the caller's; 404 otherwise."""
    return await get_owned_session(store, user.id, session_id)


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
    store: StoreDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    q: Annotated[str | None, Query(max_length=100, description="Search session names")] = None,
) -> SessionList:
    """Newest first."""
    sessions, total = await list_sessions(store, user.id, page=page, per_page=per_page, search=q)
    return SessionList(
        sessions=[
            SessionSummary(
                session_id=s.id,
                session_name=s.session_name,
                created_at=s.created_at,
                status=s.status,
                files_count=len(s.files),
                results_available=s.status == "completed",
            )
            for s in sessions
        ],
        total=total,
        page=page,
        per_page=per_page,
    )


@router.get(
    "/history/sessions/{session_id}/results",
    response_model=SessionResults,
    tags=["history"],
    summary="A session's study material",
    responses=error_responses(401, 404),
)
async def results(session: OwnedSession, store: StoreDep) -> SessionResults:
    """Questions (with answers, explanations and sources), mock tests, mnemonics, cheat sheets and notes."""
    return SessionResults(
        session_id=session.id,
        results=await session_material(store, session),
        metadata=ResultsMetadata(
            generated_at=session.completed_at,
            processing_time=session.processing_time,
            status=session.status,
            warnings=session.warnings,
            error=session.error,
            failed_step=session.failed_step,
            token_usage=session.token_usage,
            files_read=session.files_read,
        ),
    )


@router.delete(
    "/history/sessions/{session_id}",
    response_model=MessageResponse,
    tags=["history"],
    summary="Delete a session",
    responses=error_responses(401, 404),
)
async def delete(session: OwnedSession, store: StoreDep, files: FilesDep) -> MessageResponse:
    """Removes the session, its results and its uploaded files."""
    if not await delete_session(store, files, session.user_id, session.id):
        raise NotFoundError("No such study session")
    return MessageResponse(message="Session deleted successfully")
