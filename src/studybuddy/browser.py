"""What browsers are told: security headers on every response, and CORS from an explicit allow-list.

The API answers JSON to a frontend on another origin (FRONTEND_URL, the spec's http://localhost:3000), so:

- ``X-Content-Type-Options: nosniff`` so an uploaded file's name or a JSON string is never sniffed into HTML;
- ``Referrer-Policy: no-referrer``: our URLs carry session ids (and a WebSocket may carry ``?token=``);
- ``frame-ancestors 'none'`` (and ``X-Frame-Options: DENY`` for old browsers): nothing of ours is meant to be
  framed, so no clickjacking. Pages that set their own Content-Security-Policy (the web app's HTML) keep it whole:
  we never overwrite a header a response already carries;
- ``Cache-Control: no-store`` on sign-in and profile answers, which carry tokens and personal data.

CORS: only the origins in CORS_ORIGINS (default: FRONTEND_URL) may call the API from a browser. Tokens travel in
the ``Authorization`` header, not cookies, so credentials are never allowed, and ``*`` is refused at start-up.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from studybuddy.errors import envelope

# Answers that carry an access token or the student's profile: never kept by a browser or a proxy cache.
NO_STORE_PREFIXES = ("/api/v1/auth/", "/api/v1/users/")

_ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = scope["path"].startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _ALWAYS.items():
                    headers.setdefault(name, value)
                if "content-security-policy" not in headers:
                    headers["content-security-policy"] = "frame-ancestors 'none'"
                    headers.setdefault("x-frame-options", "DENY")
                if no_store:
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RefusingCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered in the spec's error envelope (not plain text)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode("utf-8", "replace")
        kept = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        return envelope(400, "BadRequestError", f"Cross-origin request refused: {reason}.", headers=kept)


def cors_options(origins: list[str]) -> dict:
    """Keyword arguments for RefusingCORSMiddleware: the listed origins, any method and header we use."""
    return {
        "allow_origins": origins,
        "allow_credentials": False,
        "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "allow_headers": ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
        "expose_headers": ["Retry-After", "X-Request-ID", "Content-Disposition"],
        "max_age": 600,
    }
