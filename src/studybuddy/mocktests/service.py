"""Taking a mock test: attempts against the server's clock, answers, review marks, position, scoring, analytics.

The clock is the server's: an attempt past its ``end_time`` is submitted automatically with what was answered
(the first time anyone looks at it), and every write to it after that is refused with 409. Every read and write
filters on the owner, so another student's test or attempt is a 404.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from studybuddy.clock import Clock, parse_utc, utc_iso
from studybuddy.config import Settings
from studybuddy.errors import ConflictError, NotFoundError, ValidationError
from studybuddy.material.kinds import MOCK_TESTS, QUESTIONS
from studybuddy.store import Store
from studybuddy.store.port import DESCENDING
from studybuddy.store.schema import ATTEMPTS

from .building import MARKING_SCHEMES, MarkingScheme, MockTest, total_marks

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
# Question ids are hex and may start with a digit: prefixed to be field names inside the attempt's maps.
_KEY = "q_"

_PUBLIC_QUESTION_FIELDS = ("id", "question_text", "options", "difficulty", "subject", "tags")


def public_question(question: dict) -> dict:
    """A question as shown during a test: no answer, explanation or source (a cloze's source is its answer)."""
    return {field: question.get(field) for field in _PUBLIC_QUESTION_FIELDS}


@dataclass
class MockTestService:
    store: Store
    clock: Clock
    settings: Settings

    # --- tests ---------------------------------------------------------------------------------------

    async def get_test(self, user_id: str, test_id: str) -> MockTest:
        doc = await self.store.collection(MOCK_TESTS.name).get({"id": test_id, "user_id": user_id})
        if doc is None:
            raise NotFoundError("No such mock test")
        return MockTest.model_validate(doc)

    async def questions_of(self, test: MockTest) -> list[dict]:
        docs = await self.store.collection(QUESTIONS.name).find(
            {"id": {"$in": test.question_ids}, "session_id": test.session_id, "user_id": test.user_id}
        )
        by_id = {doc["id"]: doc for doc in docs}
        return [by_id[qid] for qid in test.question_ids if qid in by_id]

    async def set_marking_scheme(self, user_id: str, test_id: str, scheme: str) -> MockTest:
        test = await self.get_test(user_id, test_id)
        marking = MARKING_SCHEMES[scheme]
        changes = {"marking_scheme": marking.model_dump(), "total_marks": total_marks(len(test.question_ids), marking)}
        await self.store.collection(MOCK_TESTS.name).update({"id": test_id, "user_id": user_id}, {"$set": changes})
        return test.model_copy(update={"marking_scheme": marking, "total_marks": changes["total_marks"]})

    # --- attempts ------------------------------------------------------------------------------------

    async def start_attempt(self, user_id: str, test_id: str) -> dict:
        test = await self.get_test(user_id, test_id)
        attempts = self.store.collection(ATTEMPTS)
        for earlier in await attempts.find({"test_id": test_id, "user_id": user_id}):
            earlier = await self._settle(earlier)
            if earlier["status"] == IN_PROGRESS:
                raise ConflictError(f"You already have this test in progress (attempt {earlier['id']}); continue it.")
            if not self.settings.enable_test_retries:
                raise ConflictError("This test can be taken only once.")
        now = self.clock.now()
        attempt = {
            "id": uuid.uuid4().hex,
            "test_id": test_id,
            "session_id": test.session_id,
            "user_id": user_id,
            "question_ids": test.question_ids,
            "marking_scheme": test.marking_scheme.model_dump(),
            "duration_minutes": test.duration_minutes,
            "start_time": utc_iso(now),
            "end_time": utc_iso(now + timedelta(minutes=test.duration_minutes)),
            "status": IN_PROGRESS,
            "answers": {},
            "review": {},
            "current_question": 0,
            "submitted_at": None,
            "auto_submitted": False,
            "result": None,
        }
        await attempts.insert(attempt)
        return attempt

    async def get_attempt(self, user_id: str, attempt_id: str) -> dict:
        doc = await self.store.collection(ATTEMPTS).get({"id": attempt_id, "user_id": user_id})
        if doc is None:
            raise NotFoundError("No such attempt")
        return await self._settle(doc)

    async def list_attempts(self, user_id: str, test_id: str) -> list[dict]:
        await self.get_test(user_id, test_id)
        docs = await self.store.collection(ATTEMPTS).find(
            {"test_id": test_id, "user_id": user_id}, sort=[("start_time", DESCENDING)]
        )
        return [await self._settle(doc) for doc in docs]

    async def _settle(self, attempt: dict) -> dict:
        """Submit an attempt whose time is up, with what was answered."""
        if attempt["status"] == IN_PROGRESS and self.clock.now() >= parse_utc(attempt["end_time"]):
            return await self._submit(attempt, automatically=True)
        return attempt

    async def _writable(self, user_id: str, attempt_id: str, question_id: str | None = None) -> dict:
        attempt = await self.get_attempt(user_id, attempt_id)
        if attempt["status"] != IN_PROGRESS:
            raise ConflictError("This attempt has been submitted; answers can no longer change.")
        if question_id is not None and question_id not in attempt["question_ids"]:
            raise NotFoundError("That question is not part of this test")
        return attempt

    async def _write(self, attempt: dict, changes: dict) -> dict:
        """Apply a change only while the attempt is still open on the server's clock."""
        updated = await self.store.collection(ATTEMPTS).find_one_and_update(
            {
                "id": attempt["id"],
                "user_id": attempt["user_id"],
                "status": IN_PROGRESS,
                "end_time": {"$gt": utc_iso(self.clock.now())},
            },
            changes,
        )
        if updated is None:
            raise ConflictError("This attempt has ended; answers can no longer change.")
        return updated

    async def answer(self, user_id: str, attempt_id: str, question_id: str, label: str) -> dict:
        attempt = await self._writable(user_id, attempt_id, question_id)
        question = await self.store.collection(QUESTIONS.name).get({"id": question_id, "user_id": user_id})
        labels = [option["label"] for option in (question or {}).get("options", [])]
        if label not in labels:
            raise ValidationError(f"answer must be one of {', '.join(labels)}")
        return await self._write(attempt, {"$set": {f"answers.{_KEY}{question_id}": label}})

    async def clear_answer(self, user_id: str, attempt_id: str, question_id: str) -> dict:
        attempt = await self._writable(user_id, attempt_id, question_id)
        return await self._write(attempt, {"$unset": [f"answers.{_KEY}{question_id}"]})

    async def mark_for_review(self, user_id: str, attempt_id: str, question_id: str, marked: bool) -> dict:
        attempt = await self._writable(user_id, attempt_id, question_id)
        field = f"review.{_KEY}{question_id}"
        return await self._write(attempt, {"$set": {field: True}} if marked else {"$unset": [field]})

    async def move_to(self, user_id: str, attempt_id: str, position: int) -> dict:
        attempt = await self._writable(user_id, attempt_id)
        if not 0 <= position < len(attempt["question_ids"]):
            raise ValidationError(f"current_question must be between 0 and {len(attempt['question_ids']) - 1}")
        return await self._write(attempt, {"$set": {"current_question": position}})

    async def submit(self, user_id: str, attempt_id: str) -> dict:
        """Score the attempt. Submitting again returns the same result."""
        attempt = await self.get_attempt(user_id, attempt_id)
        if attempt["status"] != IN_PROGRESS:
            return attempt
        return await self._submit(attempt, automatically=False)

    async def _submit(self, attempt: dict, *, automatically: bool) -> dict:
        now = self.clock.now()
        end = parse_utc(attempt["end_time"])
        submitted_at = min(now, end)
        questions = await self.store.collection(QUESTIONS.name).find(
            {"id": {"$in": attempt["question_ids"]}, "user_id": attempt["user_id"]}
        )
        result = score_attempt(attempt, questions, submitted_at=submitted_at)
        updated = await self.store.collection(ATTEMPTS).find_one_and_update(
            {"id": attempt["id"], "status": IN_PROGRESS},
            {
                "$set": {
                    "status": SUBMITTED,
                    "submitted_at": utc_iso(submitted_at),
                    "auto_submitted": automatically,
                    "result": result,
                }
            },
        )
        if updated is None:  # submitted meanwhile by another request: theirs stands
            return await self.store.collection(ATTEMPTS).get({"id": attempt["id"]}) or attempt
        return updated


def answers_of(attempt: dict) -> dict[str, str]:
    return {key.removeprefix(_KEY): value for key, value in attempt.get("answers", {}).items()}


def review_of(attempt: dict) -> list[str]:
    marked = {key.removeprefix(_KEY) for key, flag in attempt.get("review", {}).items() if flag}
    return [qid for qid in attempt["question_ids"] if qid in marked]


def remaining_seconds(attempt: dict, clock: Clock) -> int:
    if attempt["status"] != IN_PROGRESS:
        return 0
    return max(0, int((parse_utc(attempt["end_time"]) - clock.now()).total_seconds()))


def _tally() -> dict[str, Any]:
    return {"total": 0, "correct": 0, "incorrect": 0, "unanswered": 0}


def _with_accuracy(tally: dict[str, Any]) -> dict[str, Any]:
    attempted = tally["correct"] + tally["incorrect"]
    tally["accuracy"] = round(100 * tally["correct"] / attempted, 2) if attempted else 0.0
    return tally


def score_attempt(attempt: dict, questions: list[dict], *, submitted_at) -> dict:
    """The TestResult: score, marks under the scheme, per-question results and performance analytics."""
    scheme = MarkingScheme.model_validate(attempt["marking_scheme"])
    answers = answers_of(attempt)
    reviewed = set(review_of(attempt))
    by_id = {q["id"]: q for q in questions}
    results = []
    overall = _tally()
    groups: dict[str, dict[str, dict[str, Any]]] = {
        "difficulty": defaultdict(_tally),
        "subject": defaultdict(_tally),
        "tag": defaultdict(_tally),
    }
    review = _tally()
    marks = 0.0
    for qid in attempt["question_ids"]:
        question = by_id.get(qid)
        if question is None:
            continue
        given = answers.get(qid)
        outcome = "unanswered" if given is None else "correct" if given == question["correct_answer"] else "incorrect"
        marks += {"correct": scheme.correct, "incorrect": scheme.wrong, "unanswered": scheme.unanswered}[outcome]
        targets = [overall, groups["difficulty"][question["difficulty"]], groups["subject"][question["subject"]]]
        targets += [groups["tag"][tag] for tag in question.get("tags", [])]
        if qid in reviewed:
            targets.append(review)
        for tally in targets:
            tally["total"] += 1
            tally[outcome] += 1
        results.append(
            {
                "question_id": qid,
                "user_answer": given,
                "correct_answer": question["correct_answer"],
                "is_correct": outcome == "correct",
                "explanation": question["explanation"],
                "source": question.get("source"),
                "marked_for_review": qid in reviewed,
            }
        )
    total = overall["total"]
    started = parse_utc(attempt["start_time"])
    return {
        "score": overall["correct"],
        "marks": marks,
        "total_marks": total * scheme.correct,
        "marking_scheme": scheme.model_dump(),
        "total_questions": total,
        "percentage": round(100 * overall["correct"] / total, 2) if total else 0.0,
        "question_results": results,
        "time_taken": round(max(0.0, (submitted_at - started).total_seconds()), 1),
        "performance_analytics": {
            "attempted": overall["correct"] + overall["incorrect"],
            "correct": overall["correct"],
            "incorrect": overall["incorrect"],
            "unanswered": overall["unanswered"],
            "accuracy": _with_accuracy(dict(overall))["accuracy"],
            "by_difficulty": {k: _with_accuracy(v) for k, v in sorted(groups["difficulty"].items())},
            "by_subject": {k: _with_accuracy(v) for k, v in sorted(groups["subject"].items())},
            "by_tag": {k: _with_accuracy(v) for k, v in sorted(groups["tag"].items())},
            "marked_for_review": _with_accuracy(review)
            | {"question_ids": [r["question_id"] for r in results if r["marked_for_review"]]},
        },
    }
