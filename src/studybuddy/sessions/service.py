"""Reading sessions and their results, and deleting one; every read is filtered on the owner."""

from __future__ import annotations

from dataclasses import dataclass

from studybuddy.errors import NotFoundError
from studybuddy.material.repository import MaterialRepository

from .erasure import SessionEraser
from .models import StudySession
from .repository import SessionRepository
from .schemas import ResultsMetadata, SessionList, SessionResults, SessionSummary


@dataclass
class SessionService:
    sessions: SessionRepository
    material: MaterialRepository
    eraser: SessionEraser

    async def owned(self, user_id: str, session_id: str) -> StudySession:
        session = await self.sessions.owned(user_id, session_id)
        if session is None:
            raise NotFoundError("No such study session")  # also for another student's: never confirm it exists
        return session

    async def history(self, user_id: str, *, page: int, per_page: int, search: str | None) -> SessionList:
        """Newest first."""
        sessions, total = await self.sessions.page(user_id, page=page, per_page=per_page, search=search)
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

    async def results(self, session: StudySession) -> SessionResults:
        return SessionResults(
            session_id=session.id,
            results=await self.material.read(session.id, session.user_id),
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

    async def delete(self, session: StudySession) -> None:
        if not await self.eraser.delete(session.user_id, session.id):
            raise NotFoundError("No such study session")
