"""GET /history/sessions/{session_id}/export: a session's material as an Anki deck, a PDF, Markdown or CSV."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from studybuddy.deps import ClockDep, StoreDep
from studybuddy.errors import ConflictError, error_responses
from studybuddy.material.downloads import ExportFormat, export_session
from studybuddy.material.repository import MaterialRepository
from studybuddy.material.streaming import file_response, file_responses

from .router import OwnedSession

router = APIRouter()


@router.get(
    "/history/sessions/{session_id}/export",
    response_model=None,
    response_class=StreamingResponse,
    tags=["history"],
    summary="Download a session's material",
    responses=file_responses() | error_responses(401, 404, 409, 422),
)
async def export(
    session: OwnedSession,
    store: StoreDep,
    clock: ClockDep,
    format: Annotated[ExportFormat, Query(description="apkg (Anki), pdf (study pack), md or csv (questions)")],
) -> StreamingResponse:
    """``apkg``: an Anki deck with the flashcards and the MCQs (stem and options; answer, explanation, source);
    importing a newer export updates the same notes. ``pdf``: a printable study pack, the answer key at the end.
    ``md``: everything as Markdown. ``csv``: the questions, one per row. 409 while the session is processing."""
    if session.status in ("queued", "processing"):
        raise ConflictError("This session is still being processed; export it when it is ready.")
    material = await MaterialRepository(store).read(session.id, session.user_id)
    download = await anyio.to_thread.run_sync(
        lambda: export_session(session.session_name, session.id, material, format, now=clock.now())
    )
    return file_response(download)
