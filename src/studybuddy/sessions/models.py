"""The study session record: one upload or pasted text, its files, processing state and results summary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from studybuddy.clock import UtcDatetime

SessionStatus = Literal["queued", "processing", "completed", "failed"]


class StoredFile(BaseModel):
    file_id: str
    filename: str  # as the student named it (sanitised), for display and citations
    key: str  # where it is in file storage: {session_id}/{generated name}
    kind: str
    size: int
    sha256: str


class StudySession(BaseModel):
    id: str
    user_id: str
    session_name: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    source: Literal["upload", "text"]
    files: list[StoredFile] = Field(default_factory=list)
    force_ocr: bool = False
    # Much to OCR, by the estimate made at upload: runs in the heavy lane, so light work always has a runner.
    heavy: bool = False
    # A digest of the request that made it, when it came with an Idempotency-Key: a retry must send the same.
    request_digest: str | None = None
    status: SessionStatus = "queued"
    progress: int = 0
    current_step: str = "Waiting to start"
    estimated_completion: UtcDatetime | None = None
    error: str | None = None
    failed_step: str | None = None
    warnings: list[str] = Field(default_factory=list)
    files_read: list[dict] = Field(default_factory=list)  # per file: pages, words, OCR confidence per page
    results_summary: dict[str, int] | None = None
    token_usage: dict[str, int] = Field(default_factory=dict)
    generation_cached: bool = False  # the material came from the generation cache: no tokens spent
    started_at: UtcDatetime | None = None
    completed_at: UtcDatetime | None = None
    processing_time: float | None = None
    attempts: int = 0
    lease_until: UtcDatetime | None = None
