"""Mock tests through the HTTP API, on an injected clock: building, taking, timing, scoring, ownership."""

from __future__ import annotations

import json

from tests.api import answer, assert_envelope, sign_up, start_attempt, submit, wrong_label


async def start(exam, test_id=None):
    return await start_attempt(exam["client"], exam["auth"], test_id or exam["tests"][0]["id"])


# --- building ---------------------------------------------------------------------------------------------


async def test_results_list_tests_built_from_the_bank(taken):
    tests, bank = taken["tests"], taken["bank"]
    # The heart chapter gives a full test at least (two tests from one bank: tests/mocktests/test_building.py).
    assert len(bank) >= 25 and len(tests) == len(bank) // 25
    for test in tests:
        assert test["test_name"].startswith("Mock Test - 2026-11-24 10:30")
        assert len(test["question_ids"]) == 25 and set(test["question_ids"]) <= set(bank)
        assert test["duration_minutes"] == 60 and test["total_marks"] == 25
        assert test["marking_scheme"] == {"name": "standard", "correct": 1, "wrong": 0, "unanswered": 0}
        bank_levels = {q["difficulty"] for q in bank.values()}
        assert {bank[q]["difficulty"] for q in test["question_ids"]} == bank_levels  # every level in every test
    all_ids = [qid for test in tests for qid in test["question_ids"]]
    assert len(all_ids) == len(set(all_ids))  # no question in two tests


async def test_a_test_is_shown_without_answers(taken):
    test_id = taken["tests"][0]["id"]
    response = await taken["client"].get(f"/api/v1/mock-tests/{test_id}", headers=taken["auth"])
    assert response.status_code == 200
    body = response.json()
    assert len(body["questions"]) == 25 and body["duration_minutes"] == 60
    started = (await start(taken)).json()
    for payload in (body, started):
        text = json.dumps(payload)
        assert "correct_answer" not in text and "explanation" not in text and "excerpt" not in text


# --- taking a test ------------------------------------------------------------------------------------------


async def test_the_whole_flow_under_the_standard_scheme(taken):
    client, auth, bank = taken["client"], taken["auth"], taken["bank"]
    response = await start(taken)
    assert response.status_code == 201
    attempt = response.json()
    assert attempt["status"] == "in_progress" and attempt["remaining_seconds"] == 3600
    assert (
        attempt["start_time"] == "2026-11-24T10:30:00.000000Z" and attempt["end_time"] == "2026-11-24T11:30:00.000000Z"
    )
    ids = [q["id"] for q in attempt["questions"]]
    base = f"/api/v1/attempts/{attempt['attempt_id']}"
    for qid in ids[:6]:
        await answer(client, auth, attempt["attempt_id"], qid, bank[qid]["correct_answer"])
    for qid in ids[6:9]:
        await answer(client, auth, attempt["attempt_id"], qid, wrong_label(bank[qid]))
    await answer(client, auth, attempt["attempt_id"], ids[9], "A")
    cleared = await client.delete(f"{base}/answers/{ids[9]}", headers=auth)
    assert ids[9] not in cleared.json()["answers"]
    assert (await client.put(f"{base}/review/{ids[0]}", json={"marked": True}, headers=auth)).status_code == 200
    assert (await client.put(f"{base}/review/{ids[6]}", json={"marked": True}, headers=auth)).status_code == 200
    assert (await client.put(f"{base}/review/{ids[12]}", json={"marked": True}, headers=auth)).status_code == 200
    assert (await client.put(f"{base}/review/{ids[12]}", json={"marked": False}, headers=auth)).status_code == 200
    taken["clock"].advance(minutes=12)
    result = (await client.post(f"{base}/submit", headers=auth)).json()
    assert result["score"] == 6 and result["marks"] == 6 and result["total_questions"] == 25
    assert result["percentage"] == 24.0 and result["time_taken"] == 720
    analytics = result["performance_analytics"]
    assert (analytics["attempted"], analytics["correct"], analytics["incorrect"], analytics["unanswered"]) == (
        9,
        6,
        3,
        16,
    )
    assert analytics["accuracy"] == round(100 * 6 / 9, 2)
    assert sum(v["total"] for v in analytics["by_difficulty"].values()) == 25
    assert analytics["marked_for_review"]["question_ids"] == [ids[0], ids[6]]
    assert (analytics["marked_for_review"]["correct"], analytics["marked_for_review"]["incorrect"]) == (1, 1)
    first = result["question_results"][0]
    assert first == first | {"question_id": ids[0], "user_answer": bank[ids[0]]["correct_answer"], "is_correct": True}
    assert first["explanation"] and first["source"]["excerpt"]
    again = (await client.post(f"{base}/submit", headers=auth)).json()
    assert again["score"] == 6 and again["time_taken"] == 720


async def test_neet_pg_marking(taken):
    client, auth, bank = taken["client"], taken["auth"], taken["bank"]
    test_id = taken["tests"][0]["id"]
    patched = await client.patch(f"/api/v1/mock-tests/{test_id}", json={"marking_scheme": "neet_pg"}, headers=auth)
    assert patched.json()["total_marks"] == 100
    attempt = (await start(taken)).json()
    base = f"/api/v1/attempts/{attempt['attempt_id']}"
    ids = [q["id"] for q in attempt["questions"]]
    for qid in ids[:3]:
        await answer(client, auth, attempt["attempt_id"], qid, bank[qid]["correct_answer"])
    for qid in ids[3:5]:
        await answer(client, auth, attempt["attempt_id"], qid, wrong_label(bank[qid]))
    result = (await client.post(f"{base}/submit", headers=auth)).json()
    assert result["score"] == 3 and result["marks"] == 3 * 4 - 2 and result["total_marks"] == 100
    results = (await client.get(f"/api/v1/mock-tests/{test_id}/attempts", headers=auth)).json()
    assert [(a["score"], a["marks"]) for a in results["attempts"]] == [(3, 10)]


async def test_the_server_clock_ends_the_attempt(taken):
    client, auth, bank, clock = taken["client"], taken["auth"], taken["bank"], taken["clock"]
    attempt = (await start(taken)).json()
    base = f"/api/v1/attempts/{attempt['attempt_id']}"
    qid = attempt["questions"][0]["id"]
    await answer(client, auth, attempt["attempt_id"], qid, bank[qid]["correct_answer"])
    clock.advance(minutes=59, seconds=30)
    assert (await client.get(base, headers=auth)).json()["remaining_seconds"] == 30
    clock.advance(seconds=31)
    late = await client.put(f"{base}/answers/{attempt['questions'][1]['id']}", json={"answer": "A"}, headers=auth)
    assert_envelope(late, 409)
    state = (await client.get(base, headers=auth)).json()
    assert state["status"] == "submitted" and state["auto_submitted"] is True and state["remaining_seconds"] == 0
    assert state["result"]["score"] == 1 and state["result"]["time_taken"] == 3600


async def test_answers_after_submit_and_bad_answers_are_refused(taken):
    client, auth = taken["client"], taken["auth"]
    attempt = (await start(taken)).json()
    base = f"/api/v1/attempts/{attempt['attempt_id']}"
    qid = attempt["questions"][0]["id"]
    assert_envelope(await client.put(f"{base}/answers/{qid}", json={"answer": "E"}, headers=auth), 422)
    assert_envelope(await client.put(f"{base}/answers/{qid}", json={"answer": 1}, headers=auth), 422)
    assert_envelope(await client.put(f"{base}/answers/not-in-this-test", json={"answer": "A"}, headers=auth), 404)
    assert_envelope(await client.put(f"{base}/position", json={"current_question": 25}, headers=auth), 422)
    await submit(client, auth, attempt["attempt_id"])
    assert_envelope(await client.put(f"{base}/answers/{qid}", json={"answer": "A"}, headers=auth), 409)
    assert_envelope(await client.put(f"{base}/review/{qid}", json={"marked": True}, headers=auth), 409)


async def test_resume_after_reload(taken):
    client, auth = taken["client"], taken["auth"]
    attempt = (await start(taken)).json()
    base = f"/api/v1/attempts/{attempt['attempt_id']}"
    ids = [q["id"] for q in attempt["questions"]]
    await answer(client, auth, attempt["attempt_id"], ids[3], "C")
    assert (await client.put(f"{base}/review/{ids[4]}", json={"marked": True}, headers=auth)).status_code == 200
    assert (await client.put(f"{base}/position", json={"current_question": 7}, headers=auth)).status_code == 200
    taken["clock"].advance(minutes=20)
    state = (await client.get(base, headers=auth)).json()
    assert state["answers"] == {ids[3]: "C"} and state["marked_for_review"] == [ids[4]]
    assert state["current_question"] == 7 and state["remaining_seconds"] == 40 * 60
    assert [q["id"] for q in state["questions"]] == ids and "correct_answer" not in json.dumps(state)


async def test_retries_on_allow_a_new_attempt_after_submitting(taken):
    client, auth = taken["client"], taken["auth"]
    first = (await start(taken)).json()
    assert_envelope(await start(taken), 409)  # finish the one in progress first
    await submit(client, auth, first["attempt_id"])
    assert (await start(taken)).status_code == 201


async def test_retries_off_allow_one_attempt(make_exam):
    exam = await make_exam(enable_test_retries=False)
    first = (await start(exam)).json()
    await submit(exam["client"], exam["auth"], first["attempt_id"])
    error = assert_envelope(await start(exam), 409)
    assert "only once" in error["message"]


async def test_another_students_test_and_attempt_are_404(taken):
    client = taken["client"]
    other = await sign_up(client, mobile="9123456789")
    test_id = taken["tests"][0]["id"]
    attempt = (await start(taken)).json()
    qid = attempt["questions"][0]["id"]
    base = f"/api/v1/attempts/{attempt['attempt_id']}"
    for method, url, body in [
        ("GET", f"/api/v1/mock-tests/{test_id}", None),
        ("PATCH", f"/api/v1/mock-tests/{test_id}", {"marking_scheme": "neet_pg"}),
        ("POST", f"/api/v1/mock-tests/{test_id}/attempts", None),
        ("GET", f"/api/v1/mock-tests/{test_id}/attempts", None),
        ("GET", base, None),
        ("PUT", f"{base}/answers/{qid}", {"answer": "A"}),
        ("DELETE", f"{base}/answers/{qid}", None),
        ("PUT", f"{base}/review/{qid}", {"marked": True}),
        ("PUT", f"{base}/position", {"current_question": 1}),
        ("POST", f"{base}/submit", None),
    ]:
        response = await client.request(method, url, json=body, headers=other["auth"])
        assert_envelope(response, 404, what=f"{method} {url}")
    # The owner's attempt was untouched by any of that.
    state = (await client.get(base, headers=taken["auth"])).json()
    assert state["status"] == "in_progress" and state["answers"] == {}


async def test_eight_parallel_starts_make_one_attempt(taken):
    """Audit case 10: 'start attempt' is one atomic step (it made 3 attempts in progress)."""
    import asyncio

    test_id = taken["tests"][0]["id"]
    responses = await asyncio.gather(*(start(taken, test_id) for _ in range(8)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(409) == 7, statuses
    for refused in (r for r in responses if r.status_code == 409):
        assert_envelope(refused, 409)
    attempts = (await taken["client"].get(f"/api/v1/mock-tests/{test_id}/attempts", headers=taken["auth"])).json()
    assert [a["status"] for a in attempts["attempts"]] == ["in_progress"]
