"""The pages. Each reads through the services the API uses, renders a template, and leaves actions to the script,
which calls ``/api/v1``. Reading (history, results, notes, mnemonics, cheat sheets, answers) works without
JavaScript; signing in, uploading, the live progress and taking a test need it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from studybuddy.auth.deps import get_auth_service
from studybuddy.auth.users import User
from studybuddy.errors import NotFoundError, StudyBuddyError
from studybuddy.material.downloads import content_disposition, safe_filename
from studybuddy.material.export import to_markdown
from studybuddy.mocktests.router import get_mock_test_service
from studybuddy.ratelimit import global_rate_limit
from studybuddy.reviews.router import get_review_service
from studybuddy.sessions.router import get_session_service

from .browser_session import SESSION_COOKIE, csrf_token_for, set_csrf_cookie

# Pages read the store like the API does, so they count against the same per-client limits.
router = APIRouter(include_in_schema=False, dependencies=[Depends(global_rate_limit)])

# Scripts only from our own origin (no inline script anywhere); the live status over same-origin WebSocket;
# photo previews from blob: URLs; nothing may frame the pages.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HISTORY_PAGE_SIZE = 20

_environment = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),  # every text from a user or their material is escaped
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_environment)


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%d %b %Y, %H:%M UTC")


_environment.filters["when"] = _when


def _secure(response: Response, request: Request) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"  # pages show a student's own material
    return response


def _page(request: Request, template: str, user: User | None, status_code: int = 200, **values) -> Response:
    csrf, new = csrf_token_for(request)
    settings = request.app.state.settings
    response = templates.TemplateResponse(
        request,
        template,
        {"user": user, "csrf_token": csrf, "settings": settings, "page": template.removesuffix(".html"), **values},
        status_code=status_code,
    )
    if new:
        set_csrf_cookie(response, csrf, request)
    return _secure(response, request)


async def _signed_in(request: Request) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return await get_auth_service(request).user_for_token(token)
    except StudyBuddyError:
        return None  # expired, signed out everywhere, or the account is gone: sign in again


def _to_sign_in(request: Request) -> Response:
    target = "/" + request.url.path.lstrip("/") + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("sec-fetch-site") == "cross-site" and request.headers.get("sec-fetch-mode") == "navigate":
        # A link from another site (the completion email in webmail) arrives without the SameSite=Strict cookie;
        # the same request made again from this page is same-site and carries it, so a signed-in student lands
        # on the page, not on the sign-in form.
        return _page(request, "reopen.html", None, target=target)
    return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)


def _not_found(request: Request, user: User | None, what: str) -> Response:
    return _page(request, "not_found.html", user, status_code=404, what=what)


@router.get("/", response_class=HTMLResponse)
async def add_material(request: Request) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    return _page(request, "add.html", user)


@router.get("/signin", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    return _page(request, "signin.html", await _signed_in(request))


@router.get("/signup", response_class=HTMLResponse)
async def sign_up(request: Request) -> Response:
    return _page(request, "signup.html", await _signed_in(request))


@router.get("/reset-password", response_class=HTMLResponse)
async def reset_password(request: Request) -> Response:
    return _page(request, "reset.html", await _signed_in(request))


@router.get("/profile", response_class=HTMLResponse)
async def profile(request: Request) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    return _page(request, "profile.html", user)


@router.get("/history", response_class=HTMLResponse)
async def history(
    request: Request,
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    search = q.strip() or None
    found = await get_session_service(request.app.state.context).history(
        user.id, page=page, per_page=HISTORY_PAGE_SIZE, search=search
    )
    return _page(
        request,
        "history.html",
        user,
        sessions=found.sessions,
        total=found.total,
        q=q,
        page_number=page,
        has_next=page * HISTORY_PAGE_SIZE < found.total,
    )


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
async def progress(request: Request, session_id: str) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    try:
        session = await get_session_service(request.app.state.context).owned(user.id, session_id)
    except NotFoundError:
        return _not_found(request, user, "study session")
    return _page(request, "progress.html", user, session=session)


async def _session_and_material(request: Request, user: User, session_id: str):
    sessions = get_session_service(request.app.state.context)
    session = await sessions.owned(user.id, session_id)
    return session, (await sessions.results(session)).results


@router.get("/results/{session_id}", response_class=HTMLResponse)
async def results(request: Request, session_id: str) -> Response:
    """The page the completion email links to (``FRONTEND_URL/results/{session_id}``)."""
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    try:
        session, material = await _session_and_material(request, user, session_id)
    except NotFoundError:
        return _not_found(request, user, "study session")
    # The template reads the same JSON shape the results endpoint sends.
    return _page(request, "results.html", user, session=session, material=material.model_dump(mode="json"))


@router.get("/results/{session_id}/export.md", response_class=PlainTextResponse)
async def export_markdown(request: Request, session_id: str) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    try:
        session, material = await _session_and_material(request, user, session_id)
    except NotFoundError:
        return _not_found(request, user, "study session")
    text = to_markdown(session.session_name, material)  # the same Markdown as `studybuddy process --out`
    # The same file name rules as the API's exports: a Devanagari name survives in filename* (RFC 6266).
    filename = safe_filename(session.session_name, "md")
    return _secure(
        Response(
            text,
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": content_disposition(filename)},
        ),
        request,
    )


@router.get("/tests/{test_id}", response_class=HTMLResponse)
async def mock_test(request: Request, test_id: str) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    tests = get_mock_test_service(request.app.state.context)
    try:
        test = await tests.get_test(user.id, test_id)
        attempts = await tests.list_attempts(user.id, test_id)
    except NotFoundError:
        return _not_found(request, user, "mock test")
    return _page(request, "test.html", user, test=test, attempts=attempts)


@router.get("/attempts/{attempt_id}", response_class=HTMLResponse)
async def attempt(request: Request, attempt_id: str) -> Response:
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    tests = get_mock_test_service(request.app.state.context)
    try:
        taken = await tests.get_attempt(user.id, attempt_id)
        test = await tests.get_test(user.id, taken.test_id)
    except NotFoundError:
        return _not_found(request, user, "test attempt")
    return _page(request, "attempt.html", user, attempt=taken, test=test)


@router.get("/revise", response_class=HTMLResponse)
async def revise(request: Request) -> Response:
    """Today's figures come with the page; the cards themselves are shown and graded by the script."""
    user = await _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    stats = await get_review_service(request.app.state.context).stats(user.id)
    return _page(request, "revise.html", user, stats=stats)
