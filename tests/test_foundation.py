"""The service answers, every error is the spec's envelope, settings behave as documented."""

from __future__ import annotations

import logging

import pytest

from studybuddy.config import ConfigurationError, Settings
from tests.api import assert_envelope, sign_in, sign_up
from tests.conftest import make_settings


async def test_health_reports_store_and_storage(client):
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["store"] == {"kind": "sqlite", "reachable": True, "detail": None}
    assert body["storage"]["kind"] == "local" and body["storage"]["reachable"] is True


async def test_docs_and_openapi_answer(client):
    assert (await client.get("/docs")).status_code == 200
    assert (await client.get("/redoc")).status_code == 200
    spec = (await client.get("/openapi.json")).json()
    assert spec["info"]["title"] == "Study Buddy API"


async def test_unknown_route_is_an_envelope_404(client):
    error = assert_envelope(await client.get("/api/v1/nope"), 404, "NotFoundError")
    assert "/api/v1/nope" in error["message"]


async def test_wrong_method_is_an_envelope(client):
    assert_envelope(await client.delete("/health"), 405)


async def test_every_response_has_a_request_id(client):
    response = await client.get("/health")
    assert len(response.headers["x-request-id"]) == 32
    echoed = await client.get("/health", headers={"X-Request-ID": "trace-abc"})
    assert echoed.headers["x-request-id"] == "trace-abc"


async def test_unexpected_errors_are_generic_500_without_traceback(make_client):
    client = await make_client(raise_app_exceptions=False)

    @client.app.get("/boom")
    async def boom():
        raise RuntimeError("secret database password in message")

    response = await client.get("/boom")
    error = assert_envelope(response, 500, "InternalError")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert error["message"].startswith("Something went wrong")


async def test_request_lines_are_logged_with_request_id_and_duration(client, settings, caplog):
    caplog.set_level(logging.INFO, logger="studybuddy.access")
    await client.get("/health", headers={"X-Request-ID": "rid-123"})
    line = next(r for r in caplog.records if r.name == "studybuddy.access")
    assert line.request_id == "rid-123"
    assert "GET /health -> 200 in" in line.getMessage()
    assert settings.log_file.exists()


def test_comma_separated_environment_values_are_parsed(monkeypatch):
    monkeypatch.setenv("ALLOWED_FILE_TYPES", "pdf, .PNG ,docx")
    monkeypatch.setenv("MAX_FILE_SIZE", "1024")
    settings = Settings(_env_file=None)
    assert settings.allowed_file_types == ["pdf", "png", "docx"]
    assert settings.max_file_size == 1024


def test_genai_model_default_is_a_current_model():
    model = Settings(_env_file=None).genai_model
    assert model.startswith("gemini-") and not model.startswith(("gemini-1.", "gemini-2."))


def test_embedded_setup_generates_and_keeps_a_jwt_secret(tmp_path):
    settings = make_settings(tmp_path, jwt_secret="")
    first = settings.resolve_jwt_secret()
    assert len(first) >= 43
    assert make_settings(tmp_path, jwt_secret="").resolve_jwt_secret() == first
    secret_file = settings.data_dir / "jwt-secret"
    assert secret_file.stat().st_mode & 0o077 == 0


async def test_mongodb_without_jwt_secret_refuses_to_start(make_client):
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        await make_client(mongodb_url="mongodb://db:27017", jwt_secret="")


def test_short_jwt_secret_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        make_settings(tmp_path, jwt_secret="short").resolve_jwt_secret()


async def test_data_written_through_the_app_survives_a_restart(make_client, settings):
    first = await make_client(settings)
    registered = await sign_up(first)
    await first.stop()
    second = await make_client(settings)
    assert (await sign_in(second))["user"] == registered["user"]


def test_env_example_documents_every_setting():
    from pathlib import Path

    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    documented = {line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")}
    expected = {name.upper() for name in Settings.model_fields}
    assert expected - documented == set()
    assert documented - expected == set()
