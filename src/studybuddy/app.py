"""create_app(settings): routers, middleware, error handlers and the lifespan that opens every adapter."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from studybuddy import health
from studybuddy.auth.router import router as auth_router
from studybuddy.bodylimit import BodySizeLimitMiddleware, body_limits
from studybuddy.browser import RefusingCORSMiddleware, SecurityHeadersMiddleware, cors_options
from studybuddy.clock import Clock
from studybuddy.config import Settings
from studybuddy.context import ApiServices
from studybuddy.errors import document_common_errors, envelope, install_error_handlers
from studybuddy.ingest.router import router as ingest_router
from studybuddy.logs import RequestContextMiddleware, configure_logging
from studybuddy.metrics import install_metrics
from studybuddy.mocktests.router import router as mocktests_router
from studybuddy.ratelimit import global_rate_limit
from studybuddy.reviews.router import router as reviews_router
from studybuddy.sessions.exports import router as exports_router
from studybuddy.sessions.live import router as live_router
from studybuddy.sessions.repository import SessionRepository
from studybuddy.sessions.router import router as sessions_router
from studybuddy.store import Store, StoreError
from studybuddy.users.router import router as users_router
from studybuddy.web import mount_web_app

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None, store: Store | None = None) -> FastAPI:
    """The API. ``clock`` and ``store`` replace the configured ones (tests: a frozen clock, the Mongo double)."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_file)
    # Fails at start-up (JWT_SECRET missing in production), with a message saying what to set.
    context = ApiServices.from_settings(settings, clock=clock, store=store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await context.open()
        await context.start_jobs()
        app.state.health_monitor = monitor = health.HealthMonitor(context)  # after start_jobs: it adds a probe
        await monitor.start()
        logger.info("Study Buddy started: store=%s storage=%s", context.store.kind, context.files.kind)
        try:
            yield
        finally:
            await monitor.stop()
            await context.close()

    app = FastAPI(
        title="Study Buddy API",
        version="1.0.0",
        description="Study material in; MCQs, mock tests, mnemonics, cheat sheets and notes out.",
        lifespan=lifespan,
        debug=False,  # never send tracebacks, even with DEBUG=true
    )
    app.state.context = context
    app.state.settings = settings
    install_error_handlers(app)

    @app.exception_handler(StoreError)
    async def _store_down(request, exc: StoreError):
        # Fail closed with a retryable answer; the cause goes to the log, never to the client.
        logger.error("store failure on %s %s: %s", request.method, request.url.path, exc)
        return envelope(
            503, "ServiceUnavailableError", "Study Buddy is briefly unavailable; please try again in a minute."
        )

    # Inside the request-id middleware, outside everything else: a body over its route's cap is refused before
    # anything parses it and before authentication.
    app.add_middleware(
        BodySizeLimitMiddleware,
        limits=body_limits(
            max_file_size=settings.max_file_size,
            max_files=settings.max_files_per_upload,
            max_text_chars=settings.max_text_chars,
        ),
    )
    # Outside the body cap, so a 413 still carries CORS and security headers the browser needs to read it.
    app.add_middleware(RefusingCORSMiddleware, **cors_options(settings.allowed_origins))
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware)
    app.include_router(health.router)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(global_rate_limit)])
    api.include_router(auth_router)
    api.include_router(users_router)
    api.include_router(ingest_router)
    api.include_router(sessions_router)
    api.include_router(exports_router)
    api.include_router(mocktests_router)
    api.include_router(reviews_router)
    app.include_router(api)
    app.include_router(live_router)  # WebSocket: outside the HTTP-only rate-limit dependency
    mount_web_app(app)  # the student web app at /

    if settings.metrics_enabled:
        install_metrics(app, settings.metrics_allowed_networks, SessionRepository(context.store).count_by_status)

    build_openapi = app.openapi

    def openapi_with_common_errors() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document_common_errors(build_openapi(), API_PREFIX)
        return app.openapi_schema

    app.openapi = openapi_with_common_errors  # type: ignore[method-assign]
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and ``studybuddy serve``."""
    return create_app(Settings())
