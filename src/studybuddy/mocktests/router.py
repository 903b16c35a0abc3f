"""/api/v1/mock-tests/... and /api/v1/attempts/...: taking a test against the server's clock."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, StrictBool, StrictInt, StrictStr

from studybuddy.auth.deps import CurrentUser
from studybuddy.deps import ContextDep
from studybuddy.errors import error_responses
from studybuddy.reviews.repository import ReviewRepository
from studybuddy.reviews.service import ReviewService

from .schemas import BuiltTests, QuestionStatisticsList, TestRead, TestRequest
from .service import MockTestService, answers_of, public_question, remaining_seconds, review_of

router = APIRouter(tags=["mock tests"])


def get_mock_test_service(context: ContextDep) -> MockTestService:
    reviews = ReviewService(ReviewRepository(context.store), context.clock)
    return MockTestService(store=context.store, clock=context.clock, settings=context.settings, reviews=reviews)


MockTestServiceDep = Annotated[MockTestService, Depends(get_mock_test_service)]


class AnswerBody(BaseModel):
    answer: StrictStr


class ReviewBody(BaseModel):
    marked: StrictBool


class PositionBody(BaseModel):
    current_question: StrictInt


class MarkingSchemeBody(BaseModel):
    marking_scheme: Literal["standard", "neet_pg"]


def _attempt_view(attempt: dict, service: MockTestService, questions: list[dict] | None = None) -> dict[str, Any]:
    view = {
        "attempt_id": attempt["id"],
        "test_id": attempt["test_id"],
        "start_time": attempt["start_time"],
        "end_time": attempt["end_time"],
        "status": attempt["status"],
        "remaining_seconds": remaining_seconds(attempt, service.clock),
        "answers": answers_of(attempt),
        "marked_for_review": review_of(attempt),
        "current_question": attempt["current_question"],
        "submitted_at": attempt.get("submitted_at"),
        "auto_submitted": attempt.get("auto_submitted", False),
    }
    if questions is not None:
        view["questions"] = [public_question(q) for q in questions]
    if attempt["status"] != "in_progress":
        view["result"] = attempt["result"]
    return view


@router.post(
    "/mock-tests",
    response_model=TestRead,
    status_code=status.HTTP_201_CREATED,
    summary="Build a NEET-PG mock or a custom test",
    responses=error_responses(401, 422),
)
async def build_test(body: TestRequest, user: CurrentUser, tests: MockTestServiceDep) -> TestRead:
    """``neet_pg``: up to 200 questions from your whole bank across sessions, 210 minutes, +4/-1/0, subjects dealt
    evenly. ``custom``: choose sessions, count, duration, difficulty mix, and "only questions I got wrong".
    Questions your attempts flag as "may be faulty" are left out. Take it with POST /mock-tests/{test_id}/attempts."""
    return TestRead.of(await tests.build_test(user.id, **body.model_dump()))


@router.get(
    "/mock-tests",
    response_model=BuiltTests,
    summary="Your NEET-PG and custom tests",
    responses=error_responses(401),
)
async def list_built_tests(user: CurrentUser, tests: MockTestServiceDep) -> BuiltTests:
    """Tests built across sessions, newest first (a session's own tests are in its results)."""
    return BuiltTests(tests=[TestRead.of(t) for t in await tests.list_tests(user.id)])


@router.get(
    "/questions/statistics",
    response_model=QuestionStatisticsList,
    summary="How your questions perform",
    responses=error_responses(401, 422),
)
async def statistics(
    user: CurrentUser,
    tests: MockTestServiceDep,
    session_id: Annotated[str | None, Query(max_length=64, description="Only this session's questions")] = None,
) -> QuestionStatisticsList:
    """Per question, from your submitted attempts: facility (share answered right), discrimination (point-biserial
    with the rest of the test, from 5 attempts) and ``may_be_faulty`` with the reason — such questions are left
    out of new tests. Flagged questions first."""
    return QuestionStatisticsList(questions=await tests.question_statistics(user.id, session_id))


@router.get(
    "/mock-tests/{test_id}", summary="A mock test and its questions (no answers)", responses=error_responses(401, 404)
)
async def read_test(test_id: str, user: CurrentUser, tests: MockTestServiceDep) -> dict[str, Any]:
    test = await tests.get_test(user.id, test_id)
    questions = await tests.questions_of(test)
    return test.model_dump(mode="json", exclude={"user_id"}) | {"questions": [public_question(q) for q in questions]}


@router.patch("/mock-tests/{test_id}", summary="Choose the marking scheme", responses=error_responses(401, 404, 422))
async def choose_marking(
    test_id: str, body: MarkingSchemeBody, user: CurrentUser, tests: MockTestServiceDep
) -> dict[str, Any]:
    """``standard`` (+1 correct, 0 otherwise) or ``neet_pg`` (+4 correct, -1 wrong, 0 unanswered); attempts started
    afterwards are marked with it."""
    test = await tests.set_marking_scheme(user.id, test_id, body.marking_scheme)
    return test.model_dump(mode="json", exclude={"user_id"})


@router.post(
    "/mock-tests/{test_id}/attempts",
    status_code=status.HTTP_201_CREATED,
    summary="Start the test",
    responses=error_responses(401, 404, 409),
)
async def start_attempt(test_id: str, user: CurrentUser, tests: MockTestServiceDep) -> dict[str, Any]:
    """Starts the clock; ``end_time`` is the server's. 409 if an attempt is in progress, or if retries are off and
    the test was taken."""
    attempt = await tests.start_attempt(user.id, test_id)
    test = await tests.get_test(user.id, test_id)
    return _attempt_view(attempt, tests, await tests.questions_of(test))


@router.get("/mock-tests/{test_id}/attempts", summary="Your attempts at a test", responses=error_responses(401, 404))
async def list_attempts(test_id: str, user: CurrentUser, tests: MockTestServiceDep) -> dict[str, Any]:
    attempts = await tests.list_attempts(user.id, test_id)
    ranks = tests.attempt_ranks(attempts)
    rows = []
    for attempt in attempts:
        result = attempt.get("result") or {}
        rows.append(
            {
                "attempt_id": attempt["id"],
                "status": attempt["status"],
                "start_time": attempt["start_time"],
                "end_time": attempt["end_time"],
                "submitted_at": attempt.get("submitted_at"),
                "score": result.get("score"),
                "marks": result.get("marks"),
                "percentage": result.get("percentage"),
                "total_questions": result.get("total_questions", len(attempt["question_ids"])),
                "incorrect": (result.get("performance_analytics") or {}).get("incorrect"),
                "rank": ranks.get(attempt["id"]),
            }
        )
    return {"test_id": test_id, "attempts": rows}


@router.get("/attempts/{attempt_id}", summary="Resume an attempt", responses=error_responses(401, 404))
async def read_attempt(attempt_id: str, user: CurrentUser, tests: MockTestServiceDep) -> dict[str, Any]:
    """Answers so far, review marks, position and remaining time: reload or switch devices and carry on."""
    attempt = await tests.get_attempt(user.id, attempt_id)
    test = await tests.get_test(user.id, attempt["test_id"])
    return _attempt_view(attempt, tests, await tests.questions_of(test))


@router.put(
    "/attempts/{attempt_id}/answers/{question_id}",
    summary="Answer a question",
    responses=error_responses(401, 404, 409, 422),
)
async def answer(
    attempt_id: str, question_id: str, body: AnswerBody, user: CurrentUser, tests: MockTestServiceDep
) -> dict[str, Any]:
    return _attempt_view(await tests.answer(user.id, attempt_id, question_id, body.answer), tests)


@router.delete(
    "/attempts/{attempt_id}/answers/{question_id}", summary="Clear an answer", responses=error_responses(401, 404, 409)
)
async def clear_answer(
    attempt_id: str, question_id: str, user: CurrentUser, tests: MockTestServiceDep
) -> dict[str, Any]:
    return _attempt_view(await tests.clear_answer(user.id, attempt_id, question_id), tests)


@router.put(
    "/attempts/{attempt_id}/review/{question_id}",
    summary="Mark for review",
    responses=error_responses(401, 404, 409, 422),
)
async def mark_for_review(
    attempt_id: str, question_id: str, body: ReviewBody, user: CurrentUser, tests: MockTestServiceDep
) -> dict[str, Any]:
    return _attempt_view(await tests.mark_for_review(user.id, attempt_id, question_id, body.marked), tests)


@router.put(
    "/attempts/{attempt_id}/position",
    summary="Remember the current question",
    responses=error_responses(401, 404, 409, 422),
)
async def move_to(attempt_id: str, body: PositionBody, user: CurrentUser, tests: MockTestServiceDep) -> dict[str, Any]:
    return _attempt_view(await tests.move_to(user.id, attempt_id, body.current_question), tests)


@router.post("/attempts/{attempt_id}/submit", summary="Submit and score", responses=error_responses(401, 404))
async def submit(attempt_id: str, user: CurrentUser, tests: MockTestServiceDep) -> dict[str, Any]:
    """The TestResult: score, marks under the test's scheme, per-question results with explanations and sources,
    time taken and performance analytics. Submitting again returns the same result."""
    attempt = await tests.submit(user.id, attempt_id)
    return attempt["result"] | {
        "attempt_id": attempt["id"],
        "test_id": attempt["test_id"],
        "auto_submitted": attempt.get("auto_submitted", False),
    }
