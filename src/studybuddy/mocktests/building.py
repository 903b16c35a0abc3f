"""Building timed tests from the question bank, balanced across difficulty and topics."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import datetime

from studybuddy.generation.schemas import Difficulty, Question
from studybuddy.material.mock_tests import MARKING_SCHEMES, MockTest, minutes_for, total_marks

# NEET-PG: 200 questions in 210 minutes, +4/-1/0.
NEET_PG_QUESTIONS = 200
NEET_PG_MINUTES = 210
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")


DIFFICULTY_ORDER = ("easy", "medium", "hard")


def _rank(question: Question) -> int:
    return DIFFICULTY_ORDER.index(question.difficulty) if question.difficulty in DIFFICULTY_ORDER else 1


def _topic(question: Question) -> str:
    return question.tags[0] if question.tags else ""


def _round_robin(groups: list[list[Question]]) -> list[Question]:
    dealt: list[Question] = []
    queues = [list(g) for g in groups if g]
    while queues:
        for queue in queues:
            dealt.append(queue.pop(0))
        queues = [q for q in queues if q]
    return dealt


def balanced_order(questions: list[Question]) -> list[Question]:
    """The bank in an order where every stretch mixes difficulties in the bank's proportions and, within each
    difficulty, takes topics in turn; so the first n questions (or every n-th) are a fair sample of the bank."""
    buckets: dict[str, list[Question]] = {}
    for difficulty in DIFFICULTY_ORDER:
        same = sorted((q for q in questions if DIFFICULTY_ORDER[_rank(q)] == difficulty), key=lambda q: q.id)
        topics: dict[str, list[Question]] = {}
        for question in same:
            topics.setdefault(_topic(question), []).append(question)
        buckets[difficulty] = _round_robin([topics[t] for t in sorted(topics)])
    total = len(questions)
    taken = dict.fromkeys(DIFFICULTY_ORDER, 0)
    ordered: list[Question] = []
    while len(ordered) < total:
        # The difficulty furthest behind its share of the bank goes next (smooth weighted round robin).
        difficulty = max(
            (d for d in DIFFICULTY_ORDER if taken[d] < len(buckets[d])),
            key=lambda d: (len(buckets[d]) * (len(ordered) + 1) / total - taken[d], -DIFFICULTY_ORDER.index(d)),
        )
        ordered.append(buckets[difficulty][taken[difficulty]])
        taken[difficulty] += 1
    return ordered


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

    Each difficulty is dealt to the tests in turn (topics interleaved), so each test gets its share of every
    difficulty and topic, and the questions left over when the bank does not divide evenly are a mix too, not one
    difficulty. Within a test, questions go from easy to hard.
    """
    if not questions:
        return []
    test_count = max(1, len(questions) // per_test)
    # Each difficulty is dealt round the tests on its own, starting where the last one stopped, so no test gets
    # all of one difficulty; then each test keeps the balanced first ``per_test`` of what it was dealt.
    pools: list[list[Question]] = [[] for _ in range(test_count)]
    start = 0
    ordered = balanced_order(questions)
    for difficulty in DIFFICULTY_ORDER:
        same = [q for q in ordered if DIFFICULTY_ORDER[_rank(q)] == difficulty]
        for index, question in enumerate(same):
            pools[(start + index) % test_count].append(question)
        start = (start + len(same)) % test_count
    dealt = [balanced_order(pool)[:per_test] for pool in pools]
    marking = MARKING_SCHEMES[scheme]
    stamp = now.strftime("%Y-%m-%d %H:%M")
    tests = []
    for number, chosen in enumerate(dealt, start=1):
        chosen = sorted(chosen, key=_rank)  # stable: topics stay interleaved within each difficulty
        name = f"Mock Test - {stamp}" + (f" ({number} of {test_count})" if test_count > 1 else "")
        tests.append(
            MockTest(
                id=hashlib.sha256(f"{session_id}\x1ftest\x1f{number}".encode()).hexdigest()[:24],
                session_id=session_id,
                user_id=user_id,
                test_name=name,
                question_ids=[q.id for q in chosen],
                duration_minutes=minutes_for(len(chosen), per_test=per_test, minutes=duration_minutes),
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
