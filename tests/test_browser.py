"""Security headers and CORS (audit cases 14 and 15)."""

from __future__ import annotations

import pytest
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from tests.conftest import make_settings

# A front end served apart from the API (FRONTEND_URL); by default the service serves its own web app.
FRONTEND = "http://localhost:3000"


async def test_every_answer_says_nosniff_no_referrer_and_no_framing(client):
    for response in (await client.get("/health"), await client.get("/api/v1/no-such-thing")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"


async def test_sign_in_and_profile_answers_are_never_cached(client, student):
    profile = await client.get("/api/v1/users/me", headers=student["auth"])
    login = await client.post("/api/v1/auth/login", json={"mobile": "9876543210", "password": "wrong-password-1"})
    for response in (profile, login):
        assert response.headers["cache-control"] == "no-store"
    assert "cache-control" not in (await client.get("/health")).headers


async def test_a_page_that_sets_its_own_csp_keeps_it(client):
    page_csp = "default-src 'self'; frame-ancestors 'self'"

    @client.app.get("/page-with-csp", include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse("<p>hi</p>", headers={"Content-Security-Policy": page_csp})

    response = await client.get("/page-with-csp")
    assert response.headers["content-security-policy"] == page_csp
    assert "x-frame-options" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_preflight_from_the_frontend_is_allowed_without_credentials(make_client):
    client = await make_client(frontend_url=FRONTEND)
    response = await client.options(
        "/api/v1/auth/login",
        headers={
            "Origin": FRONTEND,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,authorization",
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == FRONTEND
    assert "access-control-allow-credentials" not in response.headers
    simple = await client.get("/health", headers={"Origin": FRONTEND})
    assert simple.headers["access-control-allow-origin"] == FRONTEND


async def test_a_preflight_from_another_origin_is_refused_in_the_envelope(client):
    response = await client.options(
        "/api/v1/auth/login", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequestError"
    assert "access-control-allow-origin" not in response.headers
    simple = await client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_the_allow_list_comes_from_configuration_and_never_is_a_wildcard(tmp_path):
    default = make_settings(tmp_path)
    assert default.allowed_origins == [f"http://localhost:{default.port}"]  # the web app the service serves itself
    assert make_settings(tmp_path, frontend_url=FRONTEND + "/").allowed_origins == [FRONTEND]
    listed = make_settings(tmp_path, cors_origins="https://app.example.in/, https://admin.example.in")
    assert listed.allowed_origins == ["https://app.example.in", "https://admin.example.in"]
    with pytest.raises(ValidationError, match="never"):
        make_settings(tmp_path, cors_origins="*")
