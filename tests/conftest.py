"""Shared fixtures: an app built with create_app(test_settings) on a tmp_path SQLite file."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from studybuddy.app import create_app
from studybuddy.clock import FrozenClock
from studybuddy.config import Settings


def _find_corpus() -> Path:
    """shared/ sits beside the repository (CI clones it there); STUDYBUDDY_SHARED_DIR overrides."""
    candidates = (
        [Path(os.environ["STUDYBUDDY_SHARED_DIR"]) / "corpus"] if os.environ.get("STUDYBUDDY_SHARED_DIR") else []
    )
    candidates += [Path(__file__).resolve().parents[2] / "shared" / "corpus", Path("/work/shared/corpus")]
    return next((c for c in candidates if c.is_dir()), candidates[0])


CORPUS = _find_corpus()


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = dict(
        sqlite_path=tmp_path / "data" / "studybuddy.db",
        upload_dir=tmp_path / "uploads",
        log_file=tmp_path / "logs" / "studybuddy.log",
        sms_provider="file",
        sms_file_path=tmp_path / "data" / "sms.jsonl",
        mongodb_url="",
        google_ai_api_key="",
        ai_provider="offline",
        task_backend="inline",
        rate_limit_storage_url="memory://",
        enable_email_notifications=False,
        bcrypt_rounds=4,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))


@pytest.fixture
async def app(settings):
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        http.app_ref = app
        yield http


@pytest.fixture
async def student(client, settings) -> dict:
    """A signed-up student: the register response plus ``auth`` headers."""
    from tests.accounts import sign_up

    return await sign_up(client, settings)
