"""The student web app at ``/``: server-rendered pages and one small script, served by the service itself.

The pages read through the same services as the API (never a second business-logic path) and the script calls
the public ``/api/v1`` API. The browser holds its sign-in only as an HttpOnly, SameSite=Strict cookie; see
``browser_session``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .browser_session import BrowserSessionMiddleware
from .browser_session import router as session_router
from .pages import router as pages_router

STATIC_DIR = Path(__file__).parent / "static"


def mount_web_app(app: FastAPI) -> None:
    """Adds the pages, their static files and the cookie-to-bearer bridge for ``/api/v1`` calls from the pages."""
    app.add_middleware(BrowserSessionMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(session_router)
    app.include_router(pages_router)
