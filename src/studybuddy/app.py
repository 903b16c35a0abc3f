"""create_app(settings): routers, middleware, error handlers and the lifespan that opens every adapter."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from studybuddy import health
from studybuddy.clock import Clock
from studybuddy.config import Settings
from studybuddy.context import AppContext
from studybuddy.errors import install_error_handlers
from studybuddy.logs import RequestContextMiddleware, configure_logging

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_file)
    # Fail at start-up, with a message saying what to set, rather than on the first sign-in.
    settings.resolve_jwt_secret()
    context = AppContext.from_settings(settings, clock=clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await context.open()
        logger.info(
            "Study Buddy started: store=%s storage=%s", context.store.kind, context.files.kind
        )
        try:
            yield
        finally:
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
    app.add_middleware(RequestContextMiddleware)
    app.include_router(health.router)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and ``studybuddy serve``."""
    return create_app(Settings())
