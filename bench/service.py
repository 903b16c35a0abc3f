"""An in-process Study Buddy for benchmarks: the real app on a temporary directory, and a signed-up student."""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from studybuddy.app import create_app
from studybuddy.config import Settings


@contextlib.asynccontextmanager
async def running_app(**overrides) -> AsyncIterator[tuple[httpx.AsyncClient, object, dict]]:
    with tempfile.TemporaryDirectory(prefix="studybuddy-bench-") as tmp:
        root = Path(tmp)
        values = dict(
            sqlite_path=root / "data" / "db.sqlite",
            upload_dir=root / "uploads",
            log_file=root / "logs" / "x.log",
            sms_provider="file",
            sms_file_path=root / "data" / "sms.jsonl",
            mongodb_url="",
            ai_provider="offline",
            bcrypt_rounds=4,
            rate_limit_enabled=False,
            log_level="WARNING",
        )
        values.update(overrides)
        settings = Settings(_env_file=None, **values)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=600
            ) as client:
                await client.post("/api/v1/auth/send-otp", json={"mobile": "9876543210"})
                outbox = [json.loads(line) for line in settings.sms_file_path.read_text().splitlines()]
                code = re.search(r"\b(\d{6})\b", outbox[-1]["body"]).group(1)
                response = await client.post(
                    "/api/v1/auth/register", json={"mobile": "9876543210", "password": "Bench-mark-2026", "otp": code}
                )
                auth = {"Authorization": f"Bearer {response.json()['access_token']}"}
                yield client, app, auth
