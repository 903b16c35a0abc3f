"""One error tree: each failure a user can act on has one type, one status and one envelope.

Every error response the service writes, validation errors and unknown routes included, is the spec's
``{"error": {"type", "message", "timestamp"}}``. Messages say what to fix; they never carry stack traces or secrets.
"""

from __future__ import annotations

import errno
import logging
import re
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


_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
DISK_FULL_RETRY_SECONDS = 300
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


# Statuses any API operation can answer whatever its route lists: the global rate limit (429), the store or disk
# briefly unavailable (503); with a body, a malformed one (400), one over the route's cap (413) or an invalid one
# (422, in our envelope rather than FastAPI's default shape).
_EVERY_OPERATION = {429: "Too many requests; wait for Retry-After", 503: "Briefly unavailable; retry later"}
_WITH_A_BODY = {400: "Malformed request", 413: "Request body too large", 422: "Invalid request"}


def document_common_errors(schema: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The OpenAPI document with the statuses every operation under ``prefix`` can answer (see above)."""
    reference = {"$ref": "#/components/schemas/ErrorEnvelope"}
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "ErrorEnvelope", ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    schema["components"]["schemas"].update(ErrorEnvelope.model_json_schema()["$defs"])
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith(prefix):
            continue
        for method, operation in operations.items():
            if method.upper() not in _METHODS:
                continue
            statuses = dict(_EVERY_OPERATION)
            if "requestBody" in operation or operation.get("parameters"):
                statuses.update(_WITH_A_BODY)
            responses = operation.setdefault("responses", {})
            for status, description in statuses.items():
                existing = responses.get(str(status))
                if existing is None or "HTTPValidationError" in str(existing):
                    responses[str(status)] = {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    }
    schema["components"]["schemas"].pop("HTTPValidationError", None)
    schema["components"]["schemas"].pop("ValidationError", None)
    return schema


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method some route serves at ``path`` (Starlette's own 405 names only the first route that matched)."""
    patterns = app.state.__dict__.setdefault("_method_patterns", [])
    if not patterns:
        for template, operations in app.openapi().get("paths", {}).items():
            regex = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
            patterns.append((regex, {m.upper() for m in operations if m.upper() in _METHODS}))
    methods: set[str] = set()
    for regex, served in patterns:
        if regex.match(path):
            methods |= served
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


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
        headers = dict(exc.headers or {})
        if exc.status_code == 405 and (allowed := allowed_methods(request.app, request.url.path)):
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed here; use {', '.join(allowed)}."
        return envelope(exc.status_code, type_, message, headers)

    @app.exception_handler(OSError)
    async def _disk_full(request: Request, exc: OSError) -> JSONResponse:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            logger.error("no space left while answering %s %s", request.method, request.url.path)
            return envelope(
                503,
                "ServiceUnavailableError",
                "Study Buddy's storage is full right now; nothing was saved. Please try again later.",
                {"Retry-After": str(DISK_FULL_RETRY_SECONDS)},
            )
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return envelope(500, "InternalError", "Something went wrong on our side; please try again.")
