"""Logging per the spec: a rotating file (10 MB x 5) plus the console, a request id on every line.

Log lines never carry passwords, OTPs or tokens: request bodies are never logged, and anything user-provided
that is logged goes through :func:`safe` (control characters escaped, so a value cannot forge a log line).
Every line, ours or a library's (uvicorn logs a WebSocket handshake's URL, ``?token=...`` included, at INFO),
passes :class:`_RedactingFilter` on its way to a handler: query values, bearer tokens and JWTs are replaced and
control characters escaped, whatever the code that logged it forgot (OWASP ASVS 16.2.5, 16.4.1).
"""

from __future__ import annotations

import contextvars
import logging
import logging.handlers
import re
import time
import uuid
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_MAX_BYTES = 10 * 1024 * 1024
_BACKUPS = 5

access_logger = logging.getLogger("studybuddy.access")
_PARAMETER_LOGGERS = (
    "aiosqlite",
    "pymongo",
    "httpx",
    "httpcore",
    "botocore",
    "boto3",
    "s3transfer",
    "urllib3",
    "google_genai",
    "celery.worker.strategy",
    "multipart",
)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: anything a terminal or a log viewer may
# take as a new line or an escape sequence.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_QUERY_VALUE = re.compile(r"([?&][^=\s&?#\"']{1,100}=)[^&\s\"'#]+")
_BEARER = re.compile(r"(?i)(bearer\s+)[\w.~+/=-]+")
_JWT = re.compile(r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+")


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or f"\\x{ord(char):02x}"


def redact(text: str) -> str:
    """Query values, bearer tokens and JWTs in ``text`` replaced by ``[redacted]``."""
    text = _QUERY_VALUE.sub(r"\1[redacted]", text)
    text = _BEARER.sub(r"\1[redacted]", text)
    return _JWT.sub("[redacted]", text)


def safe(value: object, limit: int = 200) -> str:
    """A user-provided value made safe to log: one line, no control characters, bounded length."""
    text = _CONTROL.sub(_escape_control, str(value).replace("\\", "\\\\"))
    return text if len(text) <= limit else text[:limit] + "…"


class _RedactingFilter(logging.Filter):
    """The last line of defence: every record's message redacted and made one line before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let logging report it as it always does
            return True
        cleaned = _CONTROL.sub(_escape_control, redact(message))
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def mask_mobile(mobile: str) -> str:
    return mobile[:2] + "*" * max(0, len(mobile) - 4) + mobile[-2:] if len(mobile) > 4 else "****"


def configure_logging(level: str, log_file: Path | None) -> None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        if getattr(handler, "_studybuddy", False):
            root.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(_FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(log_file, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
        )
    for handler in handlers:
        handler._studybuddy = True  # type: ignore[attr-defined]
        handler.setFormatter(formatter)
        handler.addFilter(_RequestIdFilter())
        handler.addFilter(_RedactingFilter())
        root.addHandler(handler)
    # Drivers and HTTP clients log statement parameters, URLs and headers at DEBUG: mobiles, hashes, API keys.
    for noisy in _PARAMETER_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # uvicorn's own access log would duplicate ours (and logs query strings, where a WebSocket token may sit).
    logging.getLogger("uvicorn.access").disabled = True


class RequestContextMiddleware:
    """Gives every request an id (``X-Request-ID``, echoed or generated) and logs its outcome and duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if incoming and len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_holder = {"status": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            # Path only: query strings may carry tokens (WebSocket auth).
            access_logger.info(
                "%s %s -> %s in %.1f ms",
                scope.get("method", "WS"),
                safe(scope.get("path", "")),
                status_holder["status"] or "-",
                elapsed_ms,
            )
            request_id_var.reset(token)
