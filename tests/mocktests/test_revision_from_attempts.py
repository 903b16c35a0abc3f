"""What attempts feed back into revision, through the HTTP API: mistakes become review cards once, question
statistics flag faulty items and keep them out of new tests, NEET-PG mocks from the whole bank with their scoring
and tie-break."""

from __future__ import annotations

import math

import pytest

from studybuddy.mocktests.building import rank_attempts
from tests.api import answer, assert_envelope, start_attempt, submit, wrong_label


@pytest.fixture
async def taken(make_exam):
    # Several whole attempts answer hundreds of questions in a few seconds: more than one student's
    # per-address limit allows, which is not what these tests are about.
    return await make_exam(rate_limit_per_minute=100_000, rate_limit_per_hour=100_000)


async def _take(exam, test_id: str, answers: dict[str, str]) -> dict:
    """Start the test, give ``answers`` (question id -> label), submit; the TestResult."""
    client, auth = exam["client"], exam["auth"]
    response = await start_attempt(client, auth, test_id)
    assert response.status_code == 201, response.text
    attempt_id = response.json()["attempt_id"]
    for qid, label in answers.items():
        await answer(client, auth, attempt_id, qid, label)
    return await submit(client, auth, attempt_id)


async def _deck(exam) -> list[dict]:
    response = await exam["client"].get("/api/v1/reviews/due?limit=500", headers=exam["auth"])
    assert response.status_code == 200
    return response.json()["cards"]


async def test_a_submitted_attempts_wrong_answers_become_cards_exactly_once(taken):
    bank, test = taken["bank"], taken["tests"][0]
    ids = test["question_ids"]
    deck = await _deck(taken)
    assert deck and {card["kind"] for card in deck} <= {"term", "cloze", "number", "mnemonic"}  # the session's
    assert not [card for card in deck if card["kind"] == "mistake"]
    answers = {qid: bank[qid]["correct_answer"] for qid in ids[:5]} | {qid: wrong_label(bank[qid]) for qid in ids[5:8]}
    result = await _take(taken, test["id"], answers)
    missed = {r["question_id"] for r in result["question_results"] if not r["is_correct"]}
    assert missed == set(ids[5:])  # three wrong, the rest unanswered
    mistakes = [card for card in await _deck(taken) if card["kind"] == "mistake"]
    assert sorted(card["question_id"] for card in mistakes) == sorted(missed)
    for card in mistakes:
        question = bank[card["question_id"]]
        assert card["attempt_id"] == result["attempt_id"]
        assert card["front"].startswith(question["question_text"])
        assert all(f"{o['label']}. {o['text']}" in card["front"] for o in question["options"])
        assert card["back"].startswith(f"{question['correct_answer']}. ") and question["explanation"] in card["back"]
        assert card["source"] == question["source"]
    # Submitting again, or missing the same questions in another attempt, adds no card.
    await taken["client"].post(f"/api/v1/attempts/{result['attempt_id']}/submit", headers=taken["auth"])
    await _take(taken, test["id"], answers | {qid: wrong_label(bank[qid]) for qid in ids[5:10]})
    again = [card for card in await _deck(taken) if card["kind"] == "mistake"]
    assert sorted(card["card_id"] for card in again) == sorted(card["card_id"] for card in mistakes)


async def test_faulty_questions_are_flagged_and_left_out_of_new_tests(taken):
    bank, test = taken["bank"], taken["tests"][0]
    ids = test["question_ids"]
    suspect = ids[0]
    # Three strong attempts get everything right but the suspect; two weak ones get only the suspect right.
    for _ in range(3):
        await _take(
            taken,
            test["id"],
            {qid: bank[qid]["correct_answer"] for qid in ids[1:]} | {suspect: wrong_label(bank[suspect])},
        )
    for _ in range(2):
        await _take(
            taken,
            test["id"],
            {suspect: bank[suspect]["correct_answer"]} | {qid: wrong_label(bank[qid]) for qid in ids[1:]},
        )
    response = await taken["client"].get(
        f"/api/v1/questions/statistics?session_id={test['session_id']}", headers=taken["auth"]
    )
    assert response.status_code == 200
    stats = {row["question_id"]: row for row in response.json()["questions"]}
    assert stats[suspect]["may_be_faulty"] is True and stats[suspect]["discrimination"] == -1.0
    assert stats[suspect]["facility"] == 0.4 and stats[suspect]["attempts"] == 5
    assert stats[ids[1]]["facility"] == 0.6 and stats[ids[1]]["may_be_faulty"] is False
    assert response.json()["questions"][0]["question_id"] == suspect  # flagged first
    built = await taken["client"].post(
        "/api/v1/mock-tests", json={"kind": "custom", "question_count": 200}, headers=taken["auth"]
    )
    assert built.status_code == 201, built.text
    assert suspect not in built.json()["question_ids"] and len(built.json()["question_ids"]) == len(bank) - 1


async def test_neet_pg_mock_from_the_whole_bank_scored_and_ranked(taken):
    client, auth, bank = taken["client"], taken["auth"], taken["bank"]
    response = await client.post("/api/v1/mock-tests", json={"kind": "neet_pg"}, headers=auth)
    assert response.status_code == 201, response.text
    mock = response.json()
    assert mock["kind"] == "neet_pg" and mock["session_id"] is None and mock["test_name"].startswith("NEET-PG Mock")
    assert mock["marking_scheme"]["name"] == "neet_pg"
    assert sorted(mock["question_ids"]) == sorted(bank)  # fewer than 200 in the bank: all of them
    # NEET-PG's pace (210 minutes for 200), not three and a half hours for a few dozen questions.
    assert mock["duration_minutes"] == math.ceil(210 * len(bank) / 200) < 210
    assert mock["total_marks"] == 4 * len(bank)
    listed = (await client.get("/api/v1/mock-tests", headers=auth)).json()["tests"]
    assert [t["id"] for t in listed] == [mock["id"]]
    attempt = (await start_attempt(client, auth, mock["id"])).json()
    assert len(attempt["questions"]) == len(bank) and "correct_answer" not in attempt["questions"][0]
    await client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=auth)

    ids = mock["question_ids"]
    # Same marks, 8 each: two right and none wrong beats three right and four wrong (fewer wrong answers).
    careful = await _take(taken, mock["id"], {qid: bank[qid]["correct_answer"] for qid in ids[:2]})
    bold = await _take(
        taken,
        mock["id"],
        {qid: bank[qid]["correct_answer"] for qid in ids[:3]} | {qid: wrong_label(bank[qid]) for qid in ids[3:7]},
    )
    assert careful["marks"] == bold["marks"] == 8
    assert bold["performance_analytics"]["by_subject"]
    subjects = {bank[qid]["subject"] for qid in ids}
    assert set(bold["performance_analytics"]["by_subject"]) == subjects
    rows = (await client.get(f"/api/v1/mock-tests/{mock['id']}/attempts", headers=auth)).json()["attempts"]
    rank = {row["attempt_id"]: row["rank"] for row in rows}
    assert rank[careful["attempt_id"]] == 1 and rank[bold["attempt_id"]] == 2 and rank[attempt["attempt_id"]] == 3


async def test_custom_tests_choose_sessions_difficulty_and_wrong_answers(taken):
    client, auth, bank = taken["client"], taken["auth"], taken["bank"]
    session_id = taken["tests"][0]["session_id"]
    body = {
        "session_ids": [session_id],
        "question_count": 12,
        "duration_minutes": 15,
        "difficulty_mix": {"easy": 1, "medium": 1, "hard": 1},
    }
    custom = (await client.post("/api/v1/mock-tests", json=body, headers=auth)).json()
    assert custom["kind"] == "custom" and custom["duration_minutes"] == 15 and len(custom["question_ids"]) == 12
    levels = [bank[qid]["difficulty"] for qid in custom["question_ids"]]
    in_bank = {level: sum(q["difficulty"] == level for q in bank.values()) for level in ("easy", "medium", "hard")}
    # A third each; a difficulty the bank has fewer of gives all it has and the others make up the twelve.
    assert all(levels.count(level) >= min(4, in_bank[level]) for level in in_bank)
    if min(in_bank.values()) >= 4:
        assert all(levels.count(level) == 4 for level in in_bank)
    # Only wrong: nothing answered yet, so nothing to practise; then exactly the ones got wrong.
    assert_envelope(await client.post("/api/v1/mock-tests", json={"only_wrong": True}, headers=auth), 422)
    test = taken["tests"][0]
    await _take(
        taken,
        test["id"],
        {qid: wrong_label(bank[qid]) for qid in test["question_ids"][:3]}
        | {qid: bank[qid]["correct_answer"] for qid in test["question_ids"][3:]},
    )
    wrong = (await client.post("/api/v1/mock-tests", json={"only_wrong": True}, headers=auth)).json()
    assert sorted(wrong["question_ids"]) == sorted(test["question_ids"][:3])
    # Someone else's session contributes nothing, and bad shapes are refused.
    assert_envelope(await client.post("/api/v1/mock-tests", json={"session_ids": ["nope"]}, headers=auth), 422)
    assert_envelope(await client.post("/api/v1/mock-tests", json={"question_count": 201}, headers=auth), 422)
    assert_envelope(await client.post("/api/v1/mock-tests", json={"difficulty_mix": {"easy": 0}}, headers=auth), 422)


def test_neet_pg_tie_break_prefers_fewer_wrong_answers():
    results = [
        ("a", 100.0, 20, "2026-11-24T10:00:00.000000Z"),
        ("b", 100.0, 15, "2026-11-24T11:00:00.000000Z"),
        ("c", 104.0, 30, "2026-11-24T12:00:00.000000Z"),
        ("d", 100.0, 15, "2026-11-24T09:00:00.000000Z"),
    ]
    assert rank_attempts(results) == ["c", "d", "b", "a"]
