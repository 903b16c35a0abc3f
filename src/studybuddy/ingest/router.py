"""POST /api/v1/upload/ (multipart files) and POST /api/v1/text-input/."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Header, Request

from studybuddy.auth.deps import CurrentUser
from studybuddy.deps import Services
from studybuddy.errors import ValidationError, error_responses
from studybuddy.ratelimit import limit_per_client
from studybuddy.sessions.repository import SessionRepository

from .multipart import receive_multipart
from .queue import JobQueue
from .schemas import TextInputRequest, TextInputResponse, UploadResponse
from .service import IngestService

router = APIRouter(tags=["upload"])

_upload_limit = limit_per_client("upload", "10/minute", "Too many uploads from this address; wait a minute.")
_text_limit = limit_per_client("text-input", "20/minute", "Too many submissions from this address; wait a minute.")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def get_ingest_service(request: Request) -> IngestService:
    services: IngestAdapters = request.app.state.context
    return IngestService(
        sessions=SessionRepository(services.store),
        files=services.files,
        jobs=services.jobs,
        clock=services.clock,
        settings=services.settings.uploads,
    )


class IngestAdapters(Services, Protocol):
    jobs: JobQueue


IngestServiceDep = Annotated[IngestService, Depends(get_ingest_service)]
# A client that timed out and retries with the same key gets the session its first request made, not a second one.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description=(
            "Any unique string (a UUID): a retry with the same key and body returns the first answer; "
            "the same key with a different body is refused (422)"
        ),
    ),
]


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(f"{name} must be true or false, not {raw[:40]!r}.")


_MULTIPART_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "session_name": {"type": "string"},
                        "ocr": {"type": "boolean", "description": "OCR every PDF page, even with a text layer"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/upload/",
    response_model=UploadResponse,
    summary="Upload study material",
    dependencies=[_upload_limit],
    openapi_extra=_MULTIPART_BODY,
    responses=error_responses(401, 413, 415, 422, 429, 503),
)
async def upload(
    request: Request, user: CurrentUser, ingest: IngestServiceDep, idempotency_key: IdempotencyKey = None
) -> UploadResponse:
    """PDFs, photos or scans of pages (JPG, PNG, WebP), slides (PPTX), Word notes (DOCX), TXT or MD.
    Files are checked by content; processing starts at once (follow it at /upload/status/{session_id})."""
    settings = ingest.settings
    form = await receive_multipart(
        request,
        ingest.staging_root,
        max_file_size=settings.max_file_size,
        max_files=settings.max_files_per_upload,
        file_fields=("files", "files[]", "file"),
    )
    try:
        session = await ingest.create_from_files(
            user.id,
            form.files,
            form.fields.get("session_name"),
            force_ocr=_flag("ocr", form.fields.get("ocr", "")),
            idempotency_key=idempotency_key,
        )
    finally:
        await form.discard()
    return UploadResponse(session_id=session.id, message="Files uploaded successfully", files_count=len(session.files))


@router.post(
    "/text-input/",
    response_model=TextInputResponse,
    summary="Process pasted text",
    dependencies=[_text_limit],
    responses=error_responses(401, 413, 422, 429),
)
async def text_input(
    body: TextInputRequest, user: CurrentUser, ingest: IngestServiceDep, idempotency_key: IdempotencyKey = None
) -> TextInputResponse:
    """Pasted notes (up to MAX_TEXT_CHARS characters) become a study session like an upload."""
    session = await ingest.create_from_text(user.id, body.text, body.session_name, idempotency_key)
    return TextInputResponse(session_id=session.id, message="Text processing started")
