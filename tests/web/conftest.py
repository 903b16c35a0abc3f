"""Real Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real ``studybuddy serve`` process.

One browser and one server per test module keep the suite fast. ``look`` is each page's check-up: axe-core with
no serious or critical violation, and screenshots at phone and desktop size under test-artifacts/web/.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.api import PASSWORD, latest_code
from tests.servers import ApiServer

CHROMIUM = os.environ.get("STUDYBUDDY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "web"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ApiServer]:
    home = tmp_path_factory.mktemp("web")
    # Short tests keep a whole mock test quick to click through; the pages do not depend on the number. Rate
    # limits are off: every student here shares 127.0.0.1, and the limits have their own tests in tests/auth.
    running = ApiServer(home, QUESTIONS_PER_TEST="6", RATE_LIMIT_ENABLED="false").start()
    running.outbox = home / "data" / "sms.jsonl"
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages (Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, server: ApiServer) -> Iterator[BrowserContext]:
    opened = browser.new_context(base_url=server.url, viewport=DESKTOP, locale="en-IN")
    opened.set_default_timeout(20_000)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    opened.problems = problems  # script errors and CSP refusals: each test asserts there were none
    return opened


def look(page: Page, name: str) -> None:
    """axe-core on the page as it stands (0 serious/critical), then a screenshot at 360×780 and 1280×800."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (npm ci in tests/web from package-lock.json)")
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (the page itself has no way in).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"""
    )
    assert violations == [], f"{name}: {violations}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.screenshot(path=ARTIFACTS / f"{name}-{size['width']}.png", full_page=True)
    page.set_viewport_size(original)


def code_for(server: ApiServer, mobile: str) -> str:
    """The OTP the file SMS outbox received for ``mobile`` (the page itself never shows codes)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return latest_code(server.outbox, mobile)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def register_by_api(server: ApiServer, mobile: str, password: str = PASSWORD) -> str:
    """An account made through the API (for the tests about a second student); returns its access token."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        assert http.post("/api/v1/auth/send-otp", json={"mobile": mobile}).status_code == 200
        registered = http.post(
            "/api/v1/auth/register", json={"mobile": mobile, "password": password, "otp": code_for(server, mobile)}
        )
        assert registered.status_code == 201, registered.text
        return registered.json()["access_token"]


def sign_in(page: Page, mobile: str, password: str = PASSWORD) -> None:
    page.goto("/signin")
    page.get_by_label("Mobile number").fill(mobile)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
