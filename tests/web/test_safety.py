"""What a student must be able to trust: another student's links show "not found", hostile text stays text,
the sign-in cannot be used by a foreign page, and a forgotten password or a deleted account behave."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from tests.api import PASSWORD
from tests.conftest import CORPUS

from .conftest import code_for, look, register_by_api, sign_in

NAME_PAYLOAD = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>'
TEXT_PAYLOAD = "<script>window.__xss=3</script><img src=x onerror=window.__xss=4>"


def _text_session(server, token: str, name: str, text: str) -> str:
    with httpx.Client(base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {token}"}) as http:
        created = http.post("/api/v1/text-input/", json={"text": text, "session_name": name})
        assert created.status_code == 200, created.text
        return created.json()["session_id"]


def _test_and_attempt(server, token: str, session_id: str) -> tuple[str, str]:
    """Waits for the session, then starts its first mock test: the ids of the test and the attempt."""
    with httpx.Client(base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {token}"}) as http:
        deadline = time.monotonic() + 180
        while (status := http.get(f"/api/v1/upload/status/{session_id}").json())["status"] != "completed":
            assert status["status"] != "failed" and time.monotonic() < deadline, status
            time.sleep(0.5)
        test_id = http.get(f"/api/v1/history/sessions/{session_id}/results").json()["results"]["mock_tests"][0]["id"]
        started = http.post(f"/api/v1/mock-tests/{test_id}/attempts")
        assert started.status_code == 201, started.text
        return test_id, started.json()["attempt_id"]


def test_another_students_pages_say_not_found(page: Page, server):
    owner = register_by_api(server, "9811111111")
    session_id = _text_session(
        server, owner, "Someone else's notes", (CORPUS / "text/m46517-the-stomach-.txt").read_text()
    )
    register_by_api(server, "9822222222")
    sign_in(page, "9822222222")
    test_id, attempt_id = _test_and_attempt(server, owner, session_id)
    pages = [f"/results/{session_id}", f"/sessions/{session_id}", f"/results/{session_id}/export.md"]
    for path in [*pages, f"/tests/{test_id}", f"/attempts/{attempt_id}"]:
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Someone else's notes")
    look(page, "not-found")
    # The owner's cards are not in this student's queue: nothing is due for them.
    page.goto("/revise")
    expect(page.locator("#all-done")).to_have_text("All done for today")
    expect(page.locator("#due-today")).to_have_text("0")
    look(page, "revise-all-done")
    assert page.problems == []


def test_hostile_session_name_and_text_render_as_text(page: Page, server):
    register_by_api(server, "9833333333")
    # No WebSocket this time (a proxy that drops it): the progress page falls back to polling, honouring 429.
    page.route_web_socket(re.compile(r".*/ws/sessions/.*"), lambda socket: socket.close())
    sign_in(page, "9833333333")
    notes = (CORPUS / "text/m46021-the-cell-membrane-.txt").read_text()
    page.get_by_label("Name this session").fill(NAME_PAYLOAD)
    # The payload heads the material and sits inside its sentences, so notes and cited passages carry it.
    hostile = notes.replace("membrane", f"membrane {TEXT_PAYLOAD}", 3)
    page.get_by_label("…or paste your notes").fill(f"Cell membrane {TEXT_PAYLOAD}\n\n{hostile}")
    polls: list[float] = []

    def busy_first_time(route):  # the first status poll is told 429 "come back in 1 s"
        polls.append(time.monotonic())
        if len(polls) > 1:
            route.continue_()
            return
        envelope = {"error": {"type": "RateLimitedError", "message": "Slow down", "timestamp": "2026-01-01T00:00:00Z"}}
        route.fulfill(
            status=429, headers={"Retry-After": "1"}, content_type="application/json", body=json.dumps(envelope)
        )

    page.route(re.compile(r".*/api/v1/upload/status/.*"), busy_first_time)
    page.get_by_role("button", name="Make my study material").click()
    page.wait_for_url(re.compile(r"/sessions/\w+$"))
    expect(page.locator("h1")).to_have_text(f"Preparing “{NAME_PAYLOAD}”")
    finished_on_arrival = page.locator("#progress").get_attribute("data-status") in ("completed", "failed")
    page.get_by_role("link", name="Open your results").click(timeout=180_000)
    if not finished_on_arrival:  # polled to the end, and waited as long as Retry-After said
        assert len(polls) >= 2 and polls[1] - polls[0] >= 1.0, polls
    expect(page.locator("h1")).to_have_text(NAME_PAYLOAD)
    assert page.title().startswith(NAME_PAYLOAD)
    assert "<script>window.__xss=3</script>" in page.locator("main").inner_text()  # the material's own text
    page.goto("/history")
    expect(page.locator(".session-name")).to_have_text(NAME_PAYLOAD)
    with page.expect_download() as download:
        page.goto(page.locator(".session-name a").get_attribute("href"))
        page.get_by_role("link", name="Export Markdown").click()
    exported = download.value.path().read_text(encoding="utf-8")
    # Markdown viewers render raw HTML: the name is there as escaped text, never as a tag.
    assert exported.startswith("# &lt;img src=x onerror=") and "<img" not in exported and "<script>" not in exported
    # Nothing the student typed became markup or ran: no image element, no script effect, no CSP refusal needed.
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.problems == []


def test_password_reset_and_account_deletion(page: Page, server):
    mobile = "9844444444"
    register_by_api(server, mobile)
    page.goto("/signin")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Mobile number").fill(mobile)
    page.get_by_role("button", name="Send code").click()
    expect(page.locator("#reset-form")).to_be_visible()
    look(page, "reset-password")
    page.get_by_label("Code from the SMS").fill(code_for(server, mobile))
    page.get_by_label("New password").fill("Fresh-Anatomy-2027")
    page.get_by_label("Type it again").fill("Fresh-Anatomy-2027")
    page.get_by_role("button", name="Set new password").click()
    page.wait_for_url("**/signin")
    sign_in(page, mobile, "Fresh-Anatomy-2027")

    page.goto("/profile")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    page.locator("#confirm-ok").click()
    expect(page.locator("#delete-message")).not_to_be_empty()  # the wrong password is refused in words
    page.get_by_label("Your password").fill("Fresh-Anatomy-2027")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator("#confirm-dialog")).to_be_visible()
    page.locator("#confirm-ok").click()
    page.wait_for_url("**/signup")
    page.goto("/signin")
    page.get_by_label("Mobile number").fill(mobile)
    page.get_by_label("Password").fill("Fresh-Anatomy-2027")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#form-message")).not_to_be_empty()
    expect(page).to_have_url(re.compile(r"/signin$"))
    assert page.problems == []


def test_the_cookie_sign_in_needs_the_pages_csrf_token_and_origin(server):
    token = register_by_api(server, "9855555555", PASSWORD)
    with httpx.Client(base_url=server.url, timeout=30) as http:
        page = http.get("/signin")
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        csrf = http.cookies["sb_csrf"]
        refused = http.post("/session", json={"access_token": token})
        assert refused.status_code == 403 and refused.json()["error"]["type"] == "PermissionDeniedError"
        kept = http.post("/session", json={"access_token": token}, headers={"X-CSRF-Token": csrf})
        assert kept.status_code == 200
        assert (
            "httponly" in kept.headers["set-cookie"].lower() and "samesite=strict" in kept.headers["set-cookie"].lower()
        )
        assert http.get("/api/v1/users/me").json()["mobile"].endswith("9855555555")
        forged = http.patch("/api/v1/users/me", json={"name": "Mallory"})
        assert forged.status_code == 403
        session_id = _text_session(server, token, "Mine", (CORPUS / "text/m46048-epithelial-tissue-.txt").read_text())

        # The live status from a foreign page gets no sign-in from the cookie.
        ws_url = server.url.replace("http", "ws") + f"/api/v1/ws/sessions/{session_id}"
        cookie = f"sb_session={http.cookies['sb_session']}"
        with connect(ws_url, additional_headers={"Cookie": cookie}, origin="http://evil.example") as socket:
            socket.send(json.dumps({"token": "forged"}))  # had the cookie been used, this would be ignored
            assert json.loads(socket.recv(timeout=15))["error"]["type"] == "AuthenticationError"
        with connect(ws_url, additional_headers={"Cookie": cookie}, origin=server.url) as socket:
            assert json.loads(socket.recv(timeout=15))["session_id"] == session_id

        saved = http.patch("/api/v1/users/me", json={"name": "Asha"}, headers={"X-CSRF-Token": csrf})
        assert saved.status_code == 200 and saved.json()["name"] == "Asha"


@pytest.mark.parametrize("path", ["/", "/history", "/profile", "/revise", "/results/abc"])
def test_pages_that_need_a_sign_in_send_the_visitor_to_it(server, path):
    response = httpx.get(server.url + path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")
