"""Building mock tests from a bank: difficulty ranked easy < medium < hard (not alphabetically), and every test a
mix of difficulties and topics."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from studybuddy.generation.schemas import Question, QuestionOption, QuestionSource
from studybuddy.mocktests.building import balanced_order, build_tests


def bank(counts: dict[str, int], topics: list[str]) -> list[Question]:
    questions = []
    for difficulty, count in counts.items():
        for i in range(count):
            questions.append(
                Question(
                    id=f"{difficulty}-{i:03d}",
                    question_text=f"{difficulty} question {i}?",
                    options=[QuestionOption(label=label, text=f"{label}{i}") for label in "ABCD"],
                    correct_answer="A",
                    explanation="x",
                    difficulty=difficulty,  # type: ignore[arg-type]
                    tags=[topics[i % len(topics)]],
                    source=QuestionSource(excerpt="x"),
                )
            )
    return questions


def dealt_tests(questions, per_test=25):
    built = build_tests(
        questions, session_id="s", user_id="u", per_test=per_test, duration_minutes=30, now=datetime.now(UTC)
    )
    by_id = {q.id: q for q in questions}
    return [[by_id[i] for i in t.question_ids] for t in built]


def test_left_over_questions_are_a_mix_not_the_medium_ones():
    # The old sort put "medium" after "hard" (alphabetical), so a bank of 60 dealt into two tests of 25 lost
    # ten medium questions and no others.
    questions = bank({"easy": 20, "medium": 20, "hard": 20}, ["Humerus", "Ulna", "Radius", "Carpal Bones"])
    tests = dealt_tests(questions)
    used = Counter(q.difficulty for test in tests for q in test)
    assert len(tests) == 2 and sum(used.values()) == 50
    assert max(used.values()) - min(used.values()) <= 2, used


def test_each_test_mixes_difficulties_and_topics_and_runs_easy_to_hard():
    topics = ["Humerus", "Ulna", "Radius", "Carpal Bones", "Metacarpal Bones"]
    questions = bank({"easy": 15, "medium": 30, "hard": 15}, topics)
    for test in dealt_tests(questions):
        difficulties = Counter(q.difficulty for q in test)
        assert 5 <= difficulties["easy"] <= 8 and 11 <= difficulties["medium"] <= 14 and 5 <= difficulties["hard"] <= 8
        assert {q.tags[0] for q in test} == set(topics)
        ranks = ["easy", "medium", "hard"]
        assert [ranks.index(q.difficulty) for q in test] == sorted(ranks.index(q.difficulty) for q in test)


def test_the_balanced_order_interleaves_difficulties_in_proportion():
    order = balanced_order(bank({"easy": 10, "medium": 20, "hard": 10}, ["A", "B"]))
    first_eight = Counter(q.difficulty for q in order[:8])
    assert first_eight == {"easy": 2, "medium": 4, "hard": 2}
    assert order[0].tags[0] != order[1].tags[0] or order[0].difficulty != order[1].difficulty


def test_a_short_bank_gets_time_in_proportion():
    # A graded section gave 9 questions and its test allowed the hour meant for 25: 6.7 minutes a question.
    questions = bank({"easy": 3, "medium": 4, "hard": 2}, ["Synchondrosis", "Symphysis"])
    (short,) = build_tests(
        questions, session_id="s", user_id="u", per_test=25, duration_minutes=60, now=datetime.now(UTC)
    )
    assert len(short.question_ids) == 9 and short.duration_minutes == 22  # 60 x 9 / 25, rounded up
    full = build_tests(
        bank({"medium": 50}, ["Ulna"]),
        session_id="s",
        user_id="u",
        per_test=25,
        duration_minutes=60,
        now=datetime.now(UTC),
    )
    assert [t.duration_minutes for t in full] == [60, 60]
