"""The attempt record and the bodies of the mock-test routes: a test to take, an attempt, a TestResult."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator

from studybuddy.clock import UtcDatetime
from studybuddy.generation.schemas import Difficulty, QuestionOption, QuestionSource
from studybuddy.material import examples
from studybuddy.material.mock_tests import MarkingScheme
from studybuddy.material.schemas import MockTestRead

from .statistics import QuestionStatistics

AttemptStatus = Literal["in_progress", "submitted"]

_QUESTION_IN_TEST = {
    k: examples.QUESTION[k] for k in ("id", "question_text", "options", "difficulty", "subject", "tags")
}
_TALLY = {"total": 1, "correct": 1, "incorrect": 0, "unanswered": 0, "accuracy": 100.0}
_RESULT: dict[str, Any] = {
    "score": 1,
    "marks": 1.0,
    "total_marks": 1.0,
    "marking_scheme": examples.MARKING_SCHEME,
    "total_questions": 1,
    "percentage": 100.0,
    "question_results": [
        {
            "question_id": examples.QUESTION["id"],
            "user_answer": "C",
            "correct_answer": "C",
            "is_correct": True,
            "explanation": examples.QUESTION["explanation"],
            "source": examples.SOURCE,
            "marked_for_review": False,
        }
    ],
    "time_taken": 754.2,
    "performance_analytics": {
        "attempted": 1,
        "correct": 1,
        "incorrect": 0,
        "unanswered": 0,
        "accuracy": 100.0,
        "by_difficulty": {"easy": _TALLY},
        "by_subject": {"Anatomy": _TALLY},
        "by_tag": {"heart": _TALLY, "chambers": _TALLY},
        "marked_for_review": _TALLY | {"total": 0, "correct": 0, "accuracy": 0.0, "question_ids": []},
    },
}
_ATTEMPT: dict[str, Any] = {
    "attempt_id": "3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f",
    "test_id": examples.MOCK_TEST["id"],
    "start_time": "2026-11-24T10:30:00.000000Z",
    "end_time": "2026-11-24T11:30:00.000000Z",
    "status": "in_progress",
    "remaining_seconds": 2846,
    "answers": {examples.QUESTION["id"]: "C"},
    "marked_for_review": [],
    "current_question": 0,
    "submitted_at": None,
    "auto_submitted": False,
    "questions": [_QUESTION_IN_TEST],
}


class Tally(BaseModel):
    total: int = 0
    correct: int = 0
    incorrect: int = 0
    unanswered: int = 0
    accuracy: float = Field(0.0, description="Percent of attempted questions answered correctly")


class ReviewTally(Tally):
    question_ids: list[str] = Field(default_factory=list)


class PerformanceAnalytics(BaseModel):
    attempted: int
    correct: int
    incorrect: int
    unanswered: int
    accuracy: float
    by_difficulty: dict[str, Tally]
    by_subject: dict[str, Tally]
    by_tag: dict[str, Tally]
    marked_for_review: ReviewTally


class QuestionResult(BaseModel):
    question_id: str
    user_answer: str | None
    correct_answer: str
    is_correct: bool
    explanation: str
    source: QuestionSource | None
    marked_for_review: bool


class TestResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_RESULT]})

    score: int = Field(description="Questions answered correctly")
    marks: float = Field(description="Marks under the test's marking scheme")
    total_marks: float
    marking_scheme: MarkingScheme
    total_questions: int
    percentage: float
    question_results: list[QuestionResult]
    time_taken: float = Field(description="Seconds from start to submission (at most the test's duration)")
    performance_analytics: PerformanceAnalytics


class Attempt(BaseModel):
    """One sitting of a test, timed by the server's clock."""

    id: str
    test_id: str
    session_id: str | None  # None for a test across sessions
    user_id: str
    question_ids: list[str]
    marking_scheme: MarkingScheme
    duration_minutes: int
    start_time: UtcDatetime
    end_time: UtcDatetime
    status: AttemptStatus = "in_progress"
    answers: dict[str, str] = Field(default_factory=dict)  # question id -> label
    review: list[str] = Field(default_factory=list)  # question ids marked for review, in test order
    current_question: int = 0
    submitted_at: UtcDatetime | None = None
    auto_submitted: bool = False
    result: TestResult | None = None


class QuestionInTest(BaseModel):
    """A question as shown during a test: no answer, explanation or source (a cloze's source is its answer)."""

    id: str
    question_text: str
    options: list[QuestionOption]
    difficulty: Difficulty
    subject: str
    tags: list[str]


class MockTestToTake(MockTestRead):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.MOCK_TEST | {"questions": [_QUESTION_IN_TEST]}]})

    questions: list[QuestionInTest]


class AttemptRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_ATTEMPT]})

    attempt_id: str
    test_id: str
    start_time: UtcDatetime
    end_time: UtcDatetime
    status: AttemptStatus
    remaining_seconds: int
    answers: dict[str, str]
    marked_for_review: list[str]
    current_question: int
    submitted_at: UtcDatetime | None = None  # always sent (null until submitted): view() sets it
    auto_submitted: bool
    questions: list[QuestionInTest] | None = Field(None, description="When starting or resuming an attempt")
    result: TestResult | None = Field(None, description="Once the attempt is submitted")


class AttemptSummary(BaseModel):
    attempt_id: str
    status: AttemptStatus
    start_time: UtcDatetime
    end_time: UtcDatetime
    submitted_at: UtcDatetime | None
    score: int | None
    marks: float | None
    percentage: float | None
    total_questions: int
    incorrect: int | None = Field(None, description="Wrong answers, which break ties between equal marks")
    rank: int | None = Field(
        None, description="1 for your best submitted attempt: higher marks, then fewer wrong answers (NEET-PG)"
    )


class AttemptList(BaseModel):
    test_id: str
    attempts: list[AttemptSummary]


class SubmittedResult(TestResult):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _RESULT
                | {"attempt_id": _ATTEMPT["attempt_id"], "test_id": _ATTEMPT["test_id"], "auto_submitted": False}
            ]
        }
    )

    attempt_id: str
    test_id: str
    auto_submitted: bool


class AnswerBody(BaseModel):
    answer: StrictStr


class ReviewBody(BaseModel):
    marked: StrictBool


class PositionBody(BaseModel):
    current_question: StrictInt


class MarkingSchemeBody(BaseModel):
    marking_scheme: Literal["standard", "neet_pg"]


class TestRequest(BaseModel):
    kind: Literal["neet_pg", "custom"] = "custom"
    session_ids: list[str] | None = Field(
        default=None, max_length=200, description="Draw only on these sessions; all of yours when omitted"
    )
    question_count: int | None = Field(
        default=None, ge=1, le=200, description="Default: 200 for neet_pg, QUESTIONS_PER_TEST for custom"
    )
    duration_minutes: int | None = Field(
        default=None,
        ge=1,
        le=300,
        description="Default: the pace of a full test for the questions chosen: 210 minutes per 200 for neet_pg, "
        "MOCK_TEST_DURATION_MINUTES per QUESTIONS_PER_TEST for custom (9 questions at 60 per 25: 22 minutes)",
    )
    difficulty_mix: dict[Literal["easy", "medium", "hard"], float] | None = Field(
        default=None, description='Shares per difficulty, e.g. {"easy": 1, "medium": 2, "hard": 1}'
    )
    only_wrong: bool = Field(default=False, description="Only questions your latest attempt at them got wrong")
    marking_scheme: Literal["standard", "neet_pg"] | None = Field(
        default=None, description="Default: neet_pg (+4/-1/0) for neet_pg, standard for custom"
    )

    @field_validator("difficulty_mix")
    @classmethod
    def _some_share(cls, mix: dict[str, float] | None) -> dict[str, float] | None:
        if mix is not None and (any(share < 0 for share in mix.values()) or not sum(mix.values())):
            raise ValueError("difficulty shares must be non-negative and not all zero")
        return mix


class BuiltTests(BaseModel):
    tests: list[MockTestRead]


class QuestionStatisticsList(BaseModel):
    questions: list[QuestionStatistics]
