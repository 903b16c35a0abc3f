"""A student's whole journey in real Chromium: sign up with the SMS code, upload a PDF and a phone photo, watch
the progress, study the results, take a mock test to the end, and clean up."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.api import PASSWORD
from tests.conftest import CORPUS

from .conftest import code_for, look

PDF = CORPUS / "pdf" / "pdflatex-4-pages.pdf"
PHOTO = CORPUS / "scans" / "heart-anatomy-page1.jpg"
MOBILE = "9812345670"
SESSION_NAME = "Cardiology — week 1"


def seconds_left(page: Page) -> int:
    text = page.locator("#timer").inner_text()
    minutes, seconds = re.search(r"(\d+):(\d\d)$", text).groups()
    return int(minutes) * 60 + int(seconds)


def test_a_student_signs_up_studies_takes_a_test_and_cleans_up(page: Page, server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/signin\?next=%2F$"))
    look(page, "signin")

    # Sign up: the code comes from the development SMS outbox, never from the page.
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Mobile number").fill(MOBILE)
    page.get_by_role("button", name="Send code").click()
    expect(page.locator("#register-form")).to_be_visible()
    assert code_for(server, MOBILE) not in page.content()
    look(page, "signup")
    page.get_by_label("Code from the SMS").fill(code_for(server, MOBILE))
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type it again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", name="Add study material")).to_be_visible()
    # The token lives only in the HttpOnly cookie: nothing in storage, nothing a script can read.
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert "sb_session" not in page.evaluate("document.cookie")

    # Add material: a text PDF and a phone photo; an unreadable file is refused in plain words before upload.
    page.locator("#files").set_input_files([PDF, PHOTO])
    page.locator("#files").set_input_files(
        {"name": "virus.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}
    )
    expect(page.locator("#file-message")).to_contain_text("virus.exe: this kind of file cannot be read")
    expect(page.locator("#file-list li")).to_have_count(2)
    assert page.locator("#camera").get_attribute("accept") == "image/*"
    assert page.locator("#camera").get_attribute("capture") is not None
    page.get_by_label("Name this session").fill(SESSION_NAME)
    look(page, "add-material")
    page.get_by_role("button", name="Make my study material").click()

    # Progress over the live WebSocket until 100 %.
    page.wait_for_url(re.compile(r"/sessions/\w+$"))
    session_id = page.url.rsplit("/", 1)[1]
    look(page, "progress")
    expect(page.locator("#progress-percent")).to_have_text("100 %", timeout=240_000)
    expect(page.locator("#progress-failed")).to_be_hidden()
    assert page.locator("#progress-bar").evaluate("bar => bar.value") == 100
    look(page, "progress-done")
    page.get_by_role("link", name="Open your results").click()

    # Results: answer, then reveal the explanation and the cited passage; one at a time or as a list.
    page.wait_for_url(f"**/results/{session_id}")
    expect(page.get_by_role("heading", name=SESSION_NAME, level=1)).to_be_visible()
    questions = page.locator("#question-list > li")
    assert questions.count() > 0
    first = questions.first
    first.locator("input[type=radio]").first.check()
    first.get_by_role("button", name="Check my answer").click()
    expect(first.locator(".feedback")).to_have_text(re.compile(r"^(Correct!|Not quite: the answer is [A-D]\.)$"))
    expect(first.locator("details")).to_have_attribute("open", "")
    expect(first.locator(".source footer")).to_contain_text("Source:")
    page.get_by_role("button", name="One at a time").click()
    expect(page.locator("#question-list > li:visible")).to_have_count(1)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#question-position")).to_have_text(f"Question 2 of {questions.count()}")
    page.get_by_role("button", name="As a list").click()
    look(page, "results")

    # The completion email's link, followed from another site (webmail), opens the results signed in.
    webmail = server.url.replace("127.0.0.1", "localhost")  # another site to the browser
    page.goto(f"{webmail}/signin")
    page.evaluate(
        "url => { const a = document.createElement('a'); a.href = url; a.id = 'mail-link'; a.textContent = 'results';"
        " document.body.append(a); }",
        f"{server.url}/results/{session_id}",
    )
    page.click("#mail-link")
    page.wait_for_url(f"{server.url}/results/{session_id}")
    expect(page.get_by_role("heading", name=SESSION_NAME, level=1)).to_be_visible()

    # Reading the results needs no JavaScript: the answer opens with the browser's own disclosure widget.
    reader = page.context.browser.new_context(
        base_url=server.url, storage_state=page.context.storage_state(), java_script_enabled=False
    )
    plain = reader.new_page()
    plain.goto(f"/results/{session_id}")
    expect(plain.get_by_role("heading", name=SESSION_NAME, level=1)).to_be_visible()
    expect(plain.locator("#question-list .explanation").first).to_be_hidden()
    plain.locator("#question-list summary").first.click()
    expect(plain.locator("#question-list .explanation").first).to_be_visible()
    expect(plain.locator("#notes")).to_be_visible()
    reader.close()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export Markdown").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert exported.startswith(f"# {SESSION_NAME}\n") and "## Questions" in exported

    # Revise: the session's cards are due; show the answer, grade it Good from the keyboard, the stats count it.
    page.get_by_role("link", name="Revise").click()
    page.wait_for_url("**/revise")
    expect(page.locator("#card-front")).to_be_visible()
    assert page.locator("#card-front p").inner_text().strip()
    due_before = int(page.locator("#due-today").inner_text())
    assert due_before > 0
    expect(page.locator("#reviewed-today")).to_have_text("0")
    look(page, "revise")
    expect(page.get_by_role("button", name="Show answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#card-back")).to_be_focused()
    expect(page.locator("#card-back .card-source")).to_contain_text("Source:")
    expect(page.get_by_role("button", name="Good (3)")).to_be_visible()
    look(page, "revise-answer")
    front = page.locator("#card-front p").inner_text()
    page.keyboard.press("3")
    expect(page.locator("#reviewed-today")).to_have_text("1")
    expect(page.locator("#streak-days")).to_have_text("1 day")
    # A new card graded Good comes back in minutes (an FSRS learning step): still due today, not counted off.
    expect(page.locator("#card-front, #all-done")).to_be_visible()
    if page.locator("#card-front").count():
        assert page.locator("#card-front p").inner_text() != front
    with page.expect_download() as anki:
        page.get_by_role("link", name="Export due cards (Anki)").click()
    assert anki.value.suggested_filename.endswith(".apkg")
    assert anki.value.path().read_bytes()[:2] == b"PK"  # an .apkg is a zip
    page.goto(f"/results/{session_id}")

    # A mock test under NEET-PG marking: answer (mouse and keyboard), flag, navigate, reload, submit.
    page.locator("#mock-tests a").first.click()
    expect(page.get_by_role("button", name="Start the test")).to_be_visible()
    look(page, "mock-test-start")
    page.get_by_label("NEET-PG: +4 right, −1 wrong, 0 unanswered").check()
    page.get_by_role("button", name="Start the test").click()
    page.wait_for_url(re.compile(r"/attempts/\w+$"))
    expect(page.locator("#timer")).to_contain_text("Time left")
    total = page.locator(".palette button").count()
    assert total >= 3
    page.locator(".options input").first.check()  # question 1
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#question-legend")).to_be_focused()
    # Question 2 from the keyboard alone: into the options, choose, then the actions in reading order.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for expected in ("Previous", "Flag for review"):
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name=expected)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile("^Flagged"))).to_be_focused()
    page.get_by_role("button", name=re.compile(r"^Question 3: unanswered")).click()
    expect(page.locator("#question-legend")).to_contain_text(f"Question 3 of {total}")
    expect(page.get_by_role("button", name="Question 2: answered, flagged")).to_be_visible()
    look(page, "mock-test")
    before = seconds_left(page)
    page.wait_for_timeout(2_100)  # let the server's clock move on by at least a second
    page.reload()
    expect(page.locator("#question-legend")).to_contain_text(f"Question 3 of {total}")  # the position survives
    after = seconds_left(page)
    assert after < before, (before, after)  # the timer kept running: it is the server's, not the page's
    expect(page.get_by_role("button", name="Question 1: answered")).to_be_visible()
    expect(page.get_by_role("button", name="Question 2: answered, flagged")).to_be_visible()
    page.get_by_role("button", name="Submit the test").click()
    expect(page.locator("#confirm-dialog")).to_be_visible()
    expect(page.locator("#confirm-text")).to_contain_text(f"You answered 2 of {total} questions")
    page.locator("#confirm-ok").click()

    # Score, marking scheme, analytics and a review of every answer.
    expect(page.locator("#score-line")).to_have_text(re.compile(rf"^[0-2] / {total} right"))
    expect(page.locator("#marks-line")).to_contain_text("NEET-PG marking: +4 right, -1 wrong")
    expect(page.get_by_role("table", name="By difficulty")).to_be_visible()
    expect(page.get_by_role("table", name="By subject")).to_be_visible()
    expect(page.locator(".reviews > li")).to_have_count(total)
    expect(page.locator(".reviews > li.unanswered")).to_have_count(total - 2)
    expect(page.locator(".reviews > li").nth(1)).to_contain_text("you flagged this one")
    look(page, "mock-test-score")

    # Time running out submits by itself: the page's clock is moved past the server's remaining time.
    page.clock.install()
    page.get_by_role("link", name="Take it again").click()
    page.get_by_role("button", name="Start the test").click()
    page.wait_for_url(re.compile(r"/attempts/\w+$"))
    expect(page.locator("#timer")).to_contain_text("Time left")
    page.locator(".options input").nth(1).check()
    page.clock.fast_forward(seconds_left(page) * 1000 + 2_000)
    expect(page.get_by_role("alert").filter(has_text="Time is up")).to_be_visible()
    expect(page.locator("#score-line")).to_contain_text(f"/ {total} right")
    expect(page.locator(".reviews > li.unanswered")).to_have_count(total - 1)

    # History: search, open, delete with confirmation.
    page.goto("/history")
    page.get_by_label("Search by name").fill("cardio")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#session-list > li")).to_have_count(1)
    look(page, "history")
    page.get_by_role("button", name=f"Delete {SESSION_NAME}").click()
    expect(page.locator("#confirm-text")).to_contain_text(SESSION_NAME)
    look(page, "history-confirm-delete")
    page.locator("#confirm-ok").click()
    expect(page.locator("#history-message")).to_have_text(f"Deleted “{SESSION_NAME}”.")
    page.reload()
    expect(page.locator("#session-list > li")).to_have_count(0)
    response = page.goto(f"/results/{session_id}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    # Profile: notification opt-ins stick; signing out ends the sign-in.
    page.goto("/profile")
    page.get_by_label("when my study material is ready").uncheck()
    page.get_by_label("Email for notifications").fill("student@example.com")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#form-message")).to_have_text("Saved.")
    page.reload()
    expect(page.get_by_label("when my study material is ready")).not_to_be_checked()
    expect(page.get_by_label("Email for notifications")).to_have_value("student@example.com")
    look(page, "profile")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin")
    page.goto("/history")
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    assert page.problems == []
