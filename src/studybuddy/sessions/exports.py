"""GET /history/sessions/{session_id}/export: a session's material as an Anki deck, a PDF, Markdown or CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from studybuddy.deps import ClockDep
from studybuddy.errors import error_responses
from studybuddy.material.downloads import ExportFormat
from studybuddy.material.streaming import file_response, file_responses

from .router import OwnedSession, SessionServiceDep

router = APIRouter()


@router.get(
    "/history/sessions/{session_id}/export",
    response_model=None,
    response_class=StreamingResponse,
    tags=["history"],
    summary="Download a session's material",
    responses=file_responses() | error_responses(401, 404, 409, 422, 503),
)
async def export(
    session: OwnedSession,
    sessions: SessionServiceDep,
    clock: ClockDep,
    format: Annotated[ExportFormat, Query(description="apkg (Anki), pdf (study pack), md or csv (questions)")],
) -> StreamingResponse:
    """``apkg``: an Anki deck with the flashcards and the MCQs (stem and options; answer, explanation, source);
    importing a newer export updates the same notes. ``pdf``: a printable study pack, the answer key at the end.
    ``md``: everything as Markdown. ``csv``: the questions, one per row. 409 while the session is processing."""
    return file_response(await sessions.export(session, format, clock.now()))
