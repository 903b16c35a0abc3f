"""Bodies of the status and history endpoints (the spec's shapes)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from studybuddy.clock import UtcDatetime
from studybuddy.material.schemas import SessionMaterial

from .models import SessionStatus, StudySession


class SessionStatusRead(BaseModel):
    session_id: str
    status: SessionStatus
    progress: int
    current_step: str
    estimated_completion: UtcDatetime | None = None
    error: str | None = None

    @classmethod
    def of(cls, session: StudySession) -> SessionStatusRead:
        return cls(
            session_id=session.id,
            status=session.status,
            progress=session.progress,
            current_step=session.current_step,
            estimated_completion=session.estimated_completion,
            error=session.error,
        )


class SessionSummary(BaseModel):
    session_id: str
    session_name: str
    created_at: UtcDatetime
    status: SessionStatus
    files_count: int
    results_available: bool


class SessionList(BaseModel):
    sessions: list[SessionSummary]
    total: int
    page: int
    per_page: int


class ResultsMetadata(BaseModel):
    generated_at: UtcDatetime | None = None
    processing_time: float | None = None
    status: SessionStatus
    warnings: list[str] = []
    error: str | None = None
    failed_step: str | None = None
    token_usage: dict[str, int] = {}
    files_read: list[dict[str, Any]] = []


class SessionResults(BaseModel):
    session_id: str
    results: SessionMaterial
    metadata: ResultsMetadata
