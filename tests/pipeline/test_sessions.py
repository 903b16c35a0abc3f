"""A study session from upload to results through the HTTP API; history; ownership."""

from __future__ import annotations

from tests.api import assert_envelope, history, results, sign_up, text_input, upload_file, wait_until_processed
from tests.conftest import CORPUS
from tests.corpus import study_pdf

HEART = (CORPUS / "text/m46676-heart-anatomy-.txt").read_text()


async def test_a_text_session_produces_every_kind_of_material(client, student):
    auth = student["auth"]
    session_id = (
        await client.post("/api/v1/text-input/", json={"text": HEART, "session_name": "Heart"}, headers=auth)
    ).json()["session_id"]
    status = await wait_until_processed(client, auth, session_id)
    assert status == {
        "session_id": session_id,
        "status": "completed",
        "progress": 100,
        "current_step": "Done: your study material is ready",
        "estimated_completion": status["estimated_completion"],
        "error": None,
    }
    body = (await client.get(f"/api/v1/history/sessions/{session_id}/results", headers=auth)).json()
    assert set(body) == {"session_id", "results", "metadata"}
    results = body["results"]
    assert set(results) == {"questions", "mock_tests", "mnemonics", "cheat_sheets", "notes", "flashcards"}
    assert len(results["questions"]) >= 25
    question = results["questions"][0]
    assert set(question) >= {
        "id",
        "session_id",
        "question_text",
        "options",
        "correct_answer",
        "explanation",
        "difficulty",
        "subject",
        "tags",
        "source",
    }
    assert [o["label"] for o in question["options"]] == ["A", "B", "C", "D"]
    assert question["source"]["file"] == "Pasted text" and question["source"]["excerpt"]
    assert results["mock_tests"] and results["cheat_sheets"][0]["key_terms"]
    assert results["notes"]["title"] == "Heart Anatomy" and results["notes"]["sections"]
    assert body["metadata"]["generated_at"].endswith("Z") and body["metadata"]["processing_time"] >= 0


async def test_reprocessing_replaces_results_instead_of_duplicating(client, student):
    from studybuddy.pipeline.job import process_session
    from studybuddy.sessions.repository import SessionRepository

    auth = student["auth"]
    session_id = await text_input(client, auth, HEART)
    await wait_until_processed(client, auth, session_id)
    before = (await results(client, auth, session_id))["results"]
    # A redelivered job (at-least-once) finds the session processing again under a lapsed lease.
    await SessionRepository(client.services.store).update(session_id, status="processing", lease_until=None)
    await process_session(client.services.job_deps(), session_id)
    assert (await wait_until_processed(client, auth, session_id))["status"] == "completed"
    after = (await results(client, auth, session_id))["results"]
    assert {kind: len(items) for kind, items in after.items() if isinstance(items, list)} == {
        kind: len(items) for kind, items in before.items() if isinstance(items, list)
    }
    assert sorted(q["id"] for q in after["questions"]) == sorted(q["id"] for q in before["questions"])


async def test_history_is_newest_first_paginated_and_searchable(client, student):
    auth = student["auth"]
    names = ["Cardiology basics", "Renal physiology", "Cardiac cycle", "Bones of the hand", "Stomach"]
    for name in names:
        await text_input(client, auth, "Cells are the units of life.", session_name=name)
    page1 = (await client.get("/api/v1/history/sessions?page=1&per_page=2", headers=auth)).json()
    assert page1["total"] == 5 and page1["page"] == 1 and page1["per_page"] == 2
    assert [s["session_name"] for s in page1["sessions"]] == ["Stomach", "Bones of the hand"]
    page3 = (await client.get("/api/v1/history/sessions?page=3&per_page=2", headers=auth)).json()
    assert [s["session_name"] for s in page3["sessions"]] == ["Cardiology basics"]
    found = (await client.get("/api/v1/history/sessions?q=CARDI", headers=auth)).json()
    assert found["total"] == 2 and {s["session_name"] for s in found["sessions"]} == {
        "Cardiology basics",
        "Cardiac cycle",
    }
    item = page1["sessions"][0]
    assert set(item) == {"session_id", "session_name", "created_at", "status", "files_count", "results_available"}
    assert_envelope(await client.get("/api/v1/history/sessions?per_page=500", headers=auth), 422)


async def test_delete_removes_session_results_and_files(client, student, settings, tmp_path):
    auth = student["auth"]
    session_id = await upload_file(client, auth, study_pdf(tmp_path))
    await wait_until_processed(client, auth, session_id)
    [test] = (await results(client, auth, session_id))["results"]["mock_tests"][:1]
    assert any((settings.upload_dir / session_id).iterdir())
    response = await client.delete(f"/api/v1/history/sessions/{session_id}", headers=auth)
    assert response.status_code == 200 and response.json() == {"message": "Session deleted successfully"}
    assert not (settings.upload_dir / session_id).exists()
    for url in (
        f"/api/v1/upload/status/{session_id}",
        f"/api/v1/history/sessions/{session_id}/results",
        f"/api/v1/mock-tests/{test['id']}",
    ):
        assert_envelope(await client.get(url, headers=auth), 404, what=url)
    assert (await history(client, auth))["total"] == 0


async def test_another_students_session_is_404_everywhere(client, student):
    session_id = (await client.post("/api/v1/text-input/", json={"text": HEART}, headers=student["auth"])).json()[
        "session_id"
    ]
    await wait_until_processed(client, student["auth"], session_id)
    other = await sign_up(client, mobile="9123456789")
    for method, url in [
        ("GET", f"/api/v1/upload/status/{session_id}"),
        ("GET", f"/api/v1/history/sessions/{session_id}/results"),
        ("DELETE", f"/api/v1/history/sessions/{session_id}"),
    ]:
        assert_envelope(await client.request(method, url, headers=other["auth"]), 404)
    assert (await client.get("/api/v1/history/sessions", headers=other["auth"])).json()["total"] == 0
    assert (await client.get(f"/api/v1/upload/status/{session_id}", headers=student["auth"])).status_code == 200


async def test_unreadable_material_fails_with_the_step_and_a_readable_error(client, student):
    auth = student["auth"]
    session_id = (await client.post("/api/v1/text-input/", json={"text": "Too short to study."}, headers=auth)).json()[
        "session_id"
    ]
    status = await wait_until_processed(client, auth, session_id)
    assert status["status"] == "failed" and "words could be read" in status["error"]
    metadata = (await client.get(f"/api/v1/history/sessions/{session_id}/results", headers=auth)).json()["metadata"]
    assert metadata["failed_step"] == "Understanding the material"
