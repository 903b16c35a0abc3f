"""Building timed tests from the question bank, balanced across difficulty and topics."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from studybuddy.clock import UtcDatetime
from studybuddy.generation.schemas import Difficulty, Question


class MarkingScheme(BaseModel):
    name: Literal["standard", "neet_pg"]
    correct: float
    wrong: float
    unanswered: float = 0


MARKING_SCHEMES = {
    "standard": MarkingScheme(name="standard", correct=1, wrong=0),
    "neet_pg": MarkingScheme(name="neet_pg", correct=4, wrong=-1),  # NEET-PG: +4 right, -1 wrong, 0 unanswered
}


TestKind = Literal["session", "neet_pg", "custom"]

# NEET-PG: 200 questions in 210 minutes, +4/-1/0.
NEET_PG_QUESTIONS = 200
NEET_PG_MINUTES = 210
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")


class MockTest(BaseModel):
    id: str
    session_id: str | None = Field(description="The session it was built from; null for a test across sessions")
    session_ids: list[str] = Field(default_factory=list, description="Every session its questions come from")
    kind: TestKind = "session"
    user_id: str
    test_name: str
    question_ids: list[str]
    duration_minutes: int
    total_marks: float
    marking_scheme: MarkingScheme
    created_at: UtcDatetime


def total_marks(question_count: int, scheme: MarkingScheme) -> float:
    return question_count * scheme.correct


def build_tests(
    questions: list[Question],
    *,
    session_id: str,
    user_id: str,
    per_test: int,
    duration_minutes: int,
    now: datetime,
    scheme: str = "standard",
) -> list[MockTest]:
    """As many full tests of ``per_test`` questions as the bank allows (one shorter test if it is small).

    Questions are ordered by difficulty and topic, then dealt to the tests in turn, so each test gets a share of
    every difficulty and topic.
    """
    if not questions:
        return []
    test_count = max(1, len(questions) // per_test)
    ordered = sorted(questions, key=lambda q: (q.difficulty, q.tags[0] if q.tags else "", q.id))
    dealt: list[list[Question]] = [[] for _ in range(test_count)]
    for index, question in enumerate(ordered):
        target = dealt[index % test_count]
        if len(target) < per_test:
            target.append(question)
    marking = MARKING_SCHEMES[scheme]
    stamp = now.strftime("%Y-%m-%d %H:%M")
    tests = []
    for number, chosen in enumerate(dealt, start=1):
        chosen.sort(key=lambda q: ("easy", "medium", "hard").index(q.difficulty))
        name = f"Mock Test - {stamp}" + (f" ({number} of {test_count})" if test_count > 1 else "")
        tests.append(
            MockTest(
                id=hashlib.sha256(f"{session_id}\x1ftest\x1f{number}".encode()).hexdigest()[:24],
                session_id=session_id,
                user_id=user_id,
                test_name=name,
                question_ids=[q.id for q in chosen],
                duration_minutes=duration_minutes,
                total_marks=total_marks(len(chosen), marking),
                marking_scheme=marking,
                created_at=now,
            )
        )
    return tests


def choose_questions(
    bank: list[Question], count: int, *, mix: dict[str, float] | None = None, seed: str = ""
) -> list[Question]:
    """Up to ``count`` questions from ``bank``: each difficulty its share of ``mix`` (missing ones made up from
    the others), and within a difficulty the subjects dealt in turn, so no subject crowds the others out.
    Deterministic for the same ``seed``; returned easy to hard, as the session tests are."""
    count = min(count, len(bank))
    shuffled = sorted(bank, key=lambda q: q.id)
    random.Random(seed).shuffle(shuffled)
    by_level: dict[str, list[Question]] = {
        level: [q for q in shuffled if q.difficulty == level] for level in DIFFICULTIES
    }
    shares = {level: max(0.0, (mix or {}).get(level, 0.0)) for level in DIFFICULTIES}
    if not sum(shares.values()):
        shares = {level: float(len(by_level[level])) for level in DIFFICULTIES}  # the bank's own proportions
    total_share = sum(shares.values())
    exact = {level: count * shares[level] / total_share for level in DIFFICULTIES}
    quota = {level: int(exact[level]) for level in DIFFICULTIES}
    # Largest remainders get the seats rounding left over.
    for level in sorted(DIFFICULTIES, key=lambda lv: -(exact[lv] - quota[lv]))[: count - sum(quota.values())]:
        quota[level] += 1
    chosen: list[Question] = []
    for level in DIFFICULTIES:
        chosen += _by_subject_in_turn(by_level[level])[: quota[level]]
    if len(chosen) < count:  # a difficulty had too few questions: the others make up the number
        taken = {q.id for q in chosen}
        chosen += [q for q in _by_subject_in_turn(shuffled) if q.id not in taken][: count - len(chosen)]
    return sorted(chosen, key=lambda q: DIFFICULTIES.index(q.difficulty))


def _by_subject_in_turn(questions: list[Question]) -> list[Question]:
    queues: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        queues[question.subject].append(question)
    dealt: list[Question] = []
    while any(queues.values()):
        for subject in sorted(queues):
            if queues[subject]:
                dealt.append(queues[subject].pop(0))
    return dealt


def rank_attempts(results: list[tuple[str, float, int, str]]) -> list[str]:
    """Attempt ids best first from (attempt id, marks, wrong answers, submitted at): higher marks first and, on
    equal marks, fewer wrong answers first, as NEET-PG breaks ties; then the earlier submission."""
    return [attempt_id for attempt_id, *_ in sorted(results, key=lambda r: (-r[1], r[2], r[3]))]
