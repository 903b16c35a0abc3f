"""The completion email's results link opens the web app's results page of that session, by default."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from studybuddy.auth.repository import UserRepository
from studybuddy.notify.email import EmailService
from studybuddy.sessions.models import StudySession
from tests.api import sign_up
from tests.conftest import make_settings


def test_frontend_url_defaults_to_the_services_own_address(tmp_path):
    assert make_settings(tmp_path).frontend_url == "http://localhost:8000"
    assert make_settings(tmp_path, port=9100).frontend_url == "http://localhost:9100"
    assert make_settings(tmp_path, frontend_url="https://app.example.com").frontend_url == "https://app.example.com"


async def test_the_emails_results_link_is_the_results_page(client, settings, tmp_path):
    student = await sign_up(client)
    text = "The stomach secretes hydrochloric acid from parietal cells. " * 20
    session_id = (
        await client.post(
            "/api/v1/text-input/", json={"text": text, "session_name": "Stomach"}, headers=student["auth"]
        )
    ).json()["session_id"]
    now = datetime.now(UTC)
    session = StudySession(
        id=session_id,
        user_id=student["user"]["id"],
        session_name="Stomach",
        created_at=now,
        updated_at=now,
        source="text",
        status="completed",
    )
    users = UserRepository(client.services.store)
    message = EmailService(settings.email, users).compose(session, "asha@example.com", "Asha")
    link = f"http://localhost:8000/results/{session_id}"
    assert link in message.get_body(("plain",)).get_content()

    path = link.removeprefix("http://localhost:8000")
    signed_out = await client.get(path)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == f"/signin?next=%2Fresults%2F{session_id}"
    csrf = (await client.get("/signin")).cookies["sb_csrf"]
    kept = await client.post("/session", json={"access_token": student["access_token"]}, headers={"X-CSRF-Token": csrf})
    assert kept.status_code == 200
    page = await client.get(path)
    assert page.status_code == 200 and '<h1 class="session-title">Stomach</h1>' in page.text


async def test_markdown_export_of_a_session_named_in_hindi(client, settings):
    student = await sign_up(client)
    text = "The stomach secretes hydrochloric acid from parietal cells. " * 20
    session_id = (
        await client.post(
            "/api/v1/text-input/", json={"text": text, "session_name": "हृदय notes"}, headers=student["auth"]
        )
    ).json()["session_id"]
    csrf = (await client.get("/signin")).cookies["sb_csrf"]
    await client.post("/session", json={"access_token": student["access_token"]}, headers={"X-CSRF-Token": csrf})
    exported = await client.get(f"/results/{session_id}/export.md")
    assert exported.status_code == 200 and exported.text.startswith("# हृदय notes\n")
    # The ASCII fallback drops the Devanagari; filename* keeps the student's own name (RFC 6266).
    assert exported.headers["content-disposition"] == (
        "attachment; filename=\"notes.md\"; filename*=UTF-8''%E0%A4%B9%E0%A5%83%E0%A4%A6%E0%A4%AF%20notes.md"
    )


async def test_the_first_page_ships_at_most_100_kb_of_script_and_style(client):
    page = await client.get("/signin")
    assets = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page.text)
    assert len(assets) == 2  # one script, one stylesheet, both our own
    sizes = [len((await client.get(asset)).content) for asset in assets]
    assert all(size > 0 for size in sizes) and sum(sizes) <= 100 * 1024, sizes
