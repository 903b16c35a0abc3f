"""Request bodies capped per route, before anything parses them and before authentication.

A JSON body is read whole into memory before FastAPI validates it (a 100 MB body to /auth/login cost ~290 MB of
RSS), and authentication runs after the body is parsed. So this pure ASGI middleware sits outside every router:
a declared ``Content-Length`` over the route's cap is refused at once without reading a byte, and a body sent
without one (chunked) is counted while it streams and cut off the moment it passes the cap. Either way the
answer is the spec's 413 envelope. Uploads keep their own per-file and per-form limits (ingest/multipart.py);
their cap here only bounds the whole request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from studybuddy.errors import envelope

logger = logging.getLogger(__name__)

KB = 1024
MB = 1024 * KB
# Every JSON body of the API (sign-in, answers, profile, marking scheme) fits in a few kB.
DEFAULT_JSON_LIMIT = 64 * KB
# Multipart framing and the text fields around the files.
FORM_OVERHEAD = 1 * MB


@dataclass(frozen=True)
class BodyLimit:
    """Bodies of ``method`` requests to paths starting with ``path_prefix`` may carry at most ``max_bytes``."""

    method: str
    path_prefix: str
    max_bytes: int
    what: str


def body_limits(*, max_file_size: int, max_files: int, max_text_chars: int) -> list[BodyLimit]:
    """The caps of the routes that take large bodies; everything else gets DEFAULT_JSON_LIMIT."""
    return [
        BodyLimit("POST", "/api/v1/upload/", max_file_size * max_files + FORM_OVERHEAD, "An upload"),
        # JSON may escape each character as \\uXXXX (6 bytes); a surrogate pair for an emoji is 12 for 2 chars.
        BodyLimit("POST", "/api/v1/text-input/", max_text_chars * 6 + DEFAULT_JSON_LIMIT, "Pasted text"),
    ]


class _BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: list[BodyLimit], default_limit: int = DEFAULT_JSON_LIMIT) -> None:
        self.app = app
        self.limits = limits
        self.default_limit = default_limit

    def limit_for(self, method: str, path: str) -> tuple[int, str]:
        for limit in self.limits:
            if method == limit.method and path.startswith(limit.path_prefix):
                return limit.max_bytes, limit.what
        return self.default_limit, "This request body"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes, what = self.limit_for(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > max_bytes:
            await _refuse(scope, send, what, max_bytes)
            return

        received = 0
        exceeded = False
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if exceeded:
                return  # whatever the app made of the cut-off body (400, 500) is replaced by our 413
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            # FastAPI turns an error while reading the body into a 400, the upload reader lets it through:
            # either way, once the cap was passed, the only answer is the 413 below.
            if not exceeded:
                raise
        if exceeded and not response_started:
            await _refuse(scope, send, what, max_bytes)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, what: str, max_bytes: int) -> None:
    logger.info("refused a body over %d bytes on %s", max_bytes, scope["method"])
    response = envelope(413, "PayloadTooLargeError", f"{what} is too large: at most {_readable(max_bytes)}.")
    # The rest of the body is never read: ask the client to close rather than reuse the connection.
    response.headers["Connection"] = "close"

    async def no_more_body() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, no_more_body, send)


def _readable(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.0f} MB"
    return f"{size // KB} kB"
