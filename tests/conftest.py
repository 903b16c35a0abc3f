"""Shared fixtures. Every test that needs the service builds it through ``make_client`` (or ``client``, its
default): ``create_app(test settings)`` on a ``tmp_path`` SQLite file, its lifespan run, an httpx client over
ASGITransport. Real server processes live in ``tests/servers.py``; HTTP calls a student makes in ``tests/api.py``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from studybuddy.app import create_app
from studybuddy.clock import Clock, FrozenClock
from studybuddy.config import Settings
from studybuddy.store import Store


def _find_corpus() -> Path:
    """shared/ sits beside the repository (CI clones it there); STUDYBUDDY_SHARED_DIR overrides."""
    candidates = (
        [Path(os.environ["STUDYBUDDY_SHARED_DIR"]) / "corpus"] if os.environ.get("STUDYBUDDY_SHARED_DIR") else []
    )
    candidates += [Path(__file__).resolve().parents[2] / "shared" / "corpus", Path("/work/shared/corpus")]
    return next((c for c in candidates if c.is_dir()), candidates[0])


CORPUS = _find_corpus()


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a service that needs nothing outside ``tmp_path``: SQLite, file SMS outbox, offline engine."""
    values: dict[str, Any] = dict(
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


def mongo_double() -> Store:
    """The MongoDB adapter over mongomock (no MongoDB server can run here), on a database of its own."""
    import uuid

    import mongomock_motor

    from studybuddy.context import ALL_COLLECTIONS
    from studybuddy.store.mongo import MongoStore

    return MongoStore(mongomock_motor.AsyncMongoMockClient, f"studybuddy_{uuid.uuid4().hex[:8]}", ALL_COLLECTIONS)


class AppClient(httpx.AsyncClient):
    """An httpx client talking to one running app, which it carries along with its settings and clock."""

    app: FastAPI
    settings: Settings
    clock: Clock | None

    @property
    def services(self) -> Any:
        """What the app was built from (store, files, job runner): for the few tests that reach past the API."""
        return self.app.state.context

    @contextlib.asynccontextmanager
    async def from_address(self, address: str) -> AsyncIterator[AppClient]:
        """Another client on this same running app whose requests come from ``address``: for limits kept per
        client address, where two addresses must meet one app's state."""
        async with _client_on(self.app, self.settings, self.clock, client_address=(address, 40000)) as other:
            yield other


# ASGITransport's own default peer, kept for clients that name none.
DEFAULT_ADDRESS = ("127.0.0.1", 123)


@contextlib.asynccontextmanager
async def _client_on(
    app: FastAPI,
    settings: Settings,
    clock: Clock | None,
    *,
    client_address: tuple[str, int] = DEFAULT_ADDRESS,
    raise_app_exceptions: bool = True,
) -> AsyncIterator[AppClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions, client=client_address)
    async with AppClient(transport=transport, base_url="http://testserver") as client:
        client.app, client.settings, client.clock = app, settings, clock
        yield client


@contextlib.asynccontextmanager
async def running_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    store: Store | None = None,
    raise_app_exceptions: bool = True,
    client_address: tuple[str, int] = DEFAULT_ADDRESS,
) -> AsyncIterator[AppClient]:
    """The one app factory: the app built from ``settings``, its lifespan run, and a client for it (its requests
    coming from ``client_address``)."""
    app = create_app(settings, clock=clock, store=store)
    async with app.router.lifespan_context(app):
        async with _client_on(
            app, settings, clock, client_address=client_address, raise_app_exceptions=raise_app_exceptions
        ) as client:
            yield client


MakeClient = Callable[..., Awaitable[AppClient]]


@pytest.fixture
async def make_client(tmp_path) -> AsyncIterator[MakeClient]:
    """``await make_client(**setting_overrides)`` (or ``settings=``, ``clock=``, ``store=``, ``client_address=``): a
    client on a running app, shut down when the test ends (or earlier with ``await client.stop()``)."""
    async with contextlib.AsyncExitStack() as every_app:

        async def make(
            settings: Settings | None = None,
            *,
            clock: Clock | None = None,
            store: Store | None = None,
            raise_app_exceptions: bool = True,
            client_address: tuple[str, int] = DEFAULT_ADDRESS,
            **overrides: Any,
        ) -> AppClient:
            settings = settings or make_settings(tmp_path, **overrides)
            own = contextlib.AsyncExitStack()
            client = await own.enter_async_context(
                running_app(
                    settings,
                    clock=clock,
                    store=store,
                    raise_app_exceptions=raise_app_exceptions,
                    client_address=client_address,
                )
            )
            client.stop = own.aclose  # type: ignore[method-assign]
            every_app.push_async_callback(own.aclose)
            return client

        yield make


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path)


# Where every frozen clock starts.
TEST_START = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(TEST_START)


@pytest.fixture
async def client(make_client, settings) -> AppClient:
    return await make_client(settings)


@pytest.fixture
async def student(client) -> dict:
    """A signed-up student: the register response plus ``auth`` headers."""
    from tests.api import sign_up

    return await sign_up(client)
