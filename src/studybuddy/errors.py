"""One error tree: each failure a user can act on has one type, one status and one envelope.

Every error response the service writes, validation errors and unknown routes included, is the spec's
``{"error": {"type", "message", "timestamp"}}``. Messages say what to fix; they never carry stack traces or secrets.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from studybuddy.clock import utc_iso

logger = logging.getLogger(__name__)


class StudyBuddyError(Exception):
    """Base of every error the API reports. Subclasses set the HTTP status."""

    status_code = 500

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    @property
    def type(self) -> str:
        return type(self).__name__


class BadRequestError(StudyBuddyError):
    status_code = 400


class AuthenticationError(StudyBuddyError):
    status_code = 401

    def __init__(self, message: str = "Not authenticated: sign in again", **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kw)


class PermissionDeniedError(StudyBuddyError):
    status_code = 403


class NotFoundError(StudyBuddyError):
    status_code = 404


class ConflictError(StudyBuddyError):
    status_code = 409


class PayloadTooLargeError(StudyBuddyError):
    status_code = 413


class UnsupportedFileTypeError(StudyBuddyError):
    status_code = 415


class ValidationError(StudyBuddyError):
    status_code = 422


class RateLimitedError(StudyBuddyError):
    status_code = 429

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, int(retry_after_seconds)))})
        self.retry_after_seconds = max(1, int(retry_after_seconds))


class ServiceUnavailableError(StudyBuddyError):
    status_code = 503


class AIServiceError(StudyBuddyError):
    """The AI engine failed after its retries."""

    status_code = 503


class ErrorBody(BaseModel):
    type: str
    message: str
    timestamp: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody


def error_body(type_: str, message: str) -> dict[str, Any]:
    """The spec's error envelope: every error the service sends, over HTTP or the WebSocket, is written here."""
    return ErrorEnvelope(
        error=ErrorBody(type=type_, message=message, timestamp=utc_iso(datetime.now(UTC)))
    ).model_dump()


def envelope(status: int, type_: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=error_body(type_, message), headers=headers)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the envelope for each status a route can return."""
    return {status: {"model": ErrorEnvelope} for status in statuses}


_HTTP_TYPES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    405: "MethodNotAllowedError",
    409: "ConflictError",
    413: "PayloadTooLargeError",
    415: "UnsupportedFileTypeError",
    429: "RateLimitedError",
    503: "ServiceUnavailableError",
}


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        location = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",)) or "request"
        parts.append(f"{location}: {err.get('msg', 'invalid value')}")
    return "Invalid request. " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StudyBuddyError)
    async def _domain_error(request: Request, exc: StudyBuddyError) -> JSONResponse:
        if exc.status_code >= 500:
            logger.warning("%s %s failed: %s: %s", request.method, request.url.path, exc.type, exc.message)
        return envelope(exc.status_code, exc.type, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return envelope(422, "ValidationError", _describe_validation(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "Request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"No such endpoint: {request.method} {request.url.path}"
        type_ = _HTTP_TYPES.get(exc.status_code, "HTTPError")
        return envelope(exc.status_code, type_, message, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return envelope(500, "InternalError", "Something went wrong on our side; please try again.")
