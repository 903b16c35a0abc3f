"""The browser's sign-in: an HttpOnly, SameSite=Strict cookie, bridged to the API's bearer token.

The page signs in through ``/api/v1/auth/login`` (or register), hands the access token once to ``POST /session``,
and forgets it: from then on the token lives only in the HttpOnly cookie, out of reach of any script (so an XSS
cannot steal it). ``BrowserSessionMiddleware`` turns that cookie into ``Authorization: Bearer`` for ``/api/v1``
requests, so the API routes, their rate limits and their ownership checks stay the only path.

CSRF: SameSite=Strict keeps the cookie off cross-site requests; in addition every state-changing request that
rides on the cookie must echo the ``sb_csrf`` cookie in an ``X-CSRF-Token`` header (double submit), which a
foreign page cannot read, and the live-status WebSocket must come from the service's own origin.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, StrictStr
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from studybuddy.auth.deps import get_auth_service
from studybuddy.errors import PermissionDeniedError, envelope, error_responses
from studybuddy.ratelimit import global_rate_limit
from studybuddy.responses import MessageResponse

SESSION_COOKIE = "sb_session"
CSRF_COOKIE = "sb_csrf"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CSRF_REFUSAL = "This request did not come from a Study Buddy page; reload the page and try again."

router = APIRouter(include_in_schema=False, dependencies=[Depends(global_rate_limit)])


def _csrf_matches(headers: Headers, cookies: dict[str, str]) -> bool:
    expected = cookies.get(CSRF_COOKIE, "")
    given = headers.get(CSRF_HEADER, "")
    return bool(expected) and secrets.compare_digest(expected, given)


def _same_origin(headers: Headers) -> bool:
    origin = headers.get("origin")
    return origin is not None and urlsplit(origin).netloc == headers.get("host")


class BrowserSessionMiddleware:
    """For ``/api/v1`` requests that carry the session cookie and no Authorization header: check CSRF, then pass
    the cookie's token on as the bearer token (HTTP) or as ``?token=`` (the live-status WebSocket)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not scope["path"].startswith("/api/v1/"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = cookie_parser(headers.get("cookie", ""))
        token = cookies.get(SESSION_COOKIE)
        if not token or "authorization" in headers:  # an explicit bearer token (API clients) wins
            await self.app(scope, receive, send)
            return
        if scope["type"] == "http":
            if scope["method"] not in _SAFE_METHODS and not _csrf_matches(headers, cookies):
                await envelope(403, "PermissionDeniedError", _CSRF_REFUSAL)(scope, receive, send)
                return
            scope = dict(scope, headers=[*scope["headers"], (b"authorization", f"Bearer {token}".encode("latin-1"))])
        elif _same_origin(headers) and b"token=" not in scope.get("query_string", b""):
            query = scope.get("query_string", b"")
            joined = (query + b"&" if query else b"") + f"token={quote(token)}".encode()
            scope = dict(scope, query_string=joined)
        await self.app(scope, receive, send)


def csrf_token_for(request: Request) -> tuple[str, bool]:
    """The page's CSRF token, and whether it is new (so the response must set the cookie)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing, False
    return secrets.token_urlsafe(32), True


def set_csrf_cookie(response: Response, token: str, request: Request) -> None:
    # Readable by the page's script on purpose: it echoes it in X-CSRF-Token; a foreign page cannot read it.
    response.set_cookie(
        CSRF_COOKIE, token, httponly=False, samesite="strict", secure=request.url.scheme == "https", path="/"
    )


class BrowserSignIn(BaseModel):
    access_token: StrictStr


def _require_csrf(request: Request) -> None:
    if not _csrf_matches(request.headers, request.cookies):
        raise PermissionDeniedError(_CSRF_REFUSAL)


@router.post("/session", response_model=MessageResponse, responses=error_responses(401, 403, 422))
async def keep_sign_in(body: BrowserSignIn, request: Request, response: Response) -> MessageResponse:
    """Moves a fresh access token into the HttpOnly cookie (after the page signed in or registered)."""
    _require_csrf(request)
    await get_auth_service(request).user_for_token(body.access_token)  # 401 for a token we did not issue
    response.set_cookie(
        SESSION_COOKIE,
        body.access_token,
        max_age=request.app.state.settings.jwt_expiry_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return MessageResponse(message="Signed in on this browser.")


@router.delete("/session", response_model=MessageResponse, responses=error_responses(403))
async def forget_sign_in(request: Request, response: Response) -> MessageResponse:
    """Removes the cookie (the page has already ended the tokens with /api/v1/auth/logout where it could)."""
    _require_csrf(request)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return MessageResponse(message="Signed out on this browser.")
