"""/api/v1/mock-tests/... and /api/v1/attempts/...: taking a test against the server's clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from studybuddy.auth.deps import CurrentUser
from studybuddy.deps import ServicesDep
from studybuddy.errors import error_responses
from studybuddy.material.repository import MaterialRepository
from studybuddy.material.schemas import MockTestRead

from .repository import AttemptRepository
from .schemas import (
    AnswerBody,
    AttemptList,
    AttemptRead,
    AttemptSummary,
    MarkingSchemeBody,
    MockTestToTake,
    PositionBody,
    ReviewBody,
    SubmittedResult,
)
from .service import MockTestService

router = APIRouter(tags=["mock tests"])


def get_mock_test_service(services: ServicesDep) -> MockTestService:
    return MockTestService(
        material=MaterialRepository(services.store),
        attempts=AttemptRepository(services.store),
        clock=services.clock,
        settings=services.settings.mock_tests,
    )


MockTestServiceDep = Annotated[MockTestService, Depends(get_mock_test_service)]
# An attempt's optional parts (its questions, its result) are left out rather than sent as null:
# response_model_exclude_unset on every route answering with an AttemptRead.


@router.get(
    "/mock-tests/{test_id}",
    response_model=MockTestToTake,
    summary="A mock test and its questions (no answers)",
    responses=error_responses(401, 404),
)
async def read_test(test_id: str, user: CurrentUser, tests: MockTestServiceDep) -> MockTestToTake:
    test = await tests.get_test(user.id, test_id)
    return MockTestToTake(**test.model_dump(), questions=await tests.questions_in(user.id, test_id))


@router.patch(
    "/mock-tests/{test_id}",
    response_model=MockTestRead,
    summary="Choose the marking scheme",
    responses=error_responses(401, 404, 422),
)
async def choose_marking(
    test_id: str, body: MarkingSchemeBody, user: CurrentUser, tests: MockTestServiceDep
) -> MockTestRead:
    """``standard`` (+1 correct, 0 otherwise) or ``neet_pg`` (+4 correct, -1 wrong, 0 unanswered); attempts started
    afterwards are marked with it."""
    return await tests.set_marking_scheme(user.id, test_id, body.marking_scheme)


@router.post(
    "/mock-tests/{test_id}/attempts",
    status_code=status.HTTP_201_CREATED,
    summary="Start the test",
    responses=error_responses(401, 404, 409),
    response_model=AttemptRead,
    response_model_exclude_unset=True,
)
async def start_attempt(test_id: str, user: CurrentUser, tests: MockTestServiceDep) -> AttemptRead:
    """Starts the clock; ``end_time`` is the server's. 409 if an attempt is in progress, or if retries are off and
    the test was taken."""
    attempt = await tests.start_attempt(user.id, test_id)
    return tests.view(attempt, await tests.questions_in(user.id, test_id))


@router.get(
    "/mock-tests/{test_id}/attempts",
    response_model=AttemptList,
    summary="Your attempts at a test",
    responses=error_responses(401, 404),
)
async def list_attempts(test_id: str, user: CurrentUser, tests: MockTestServiceDep) -> AttemptList:
    attempts = await tests.list_attempts(user.id, test_id)
    return AttemptList(
        test_id=test_id,
        attempts=[
            AttemptSummary(
                attempt_id=a.id,
                status=a.status,
                start_time=a.start_time,
                end_time=a.end_time,
                submitted_at=a.submitted_at,
                score=a.result.score if a.result else None,
                marks=a.result.marks if a.result else None,
                percentage=a.result.percentage if a.result else None,
                total_questions=a.result.total_questions if a.result else len(a.question_ids),
            )
            for a in attempts
        ],
    )


@router.get(
    "/attempts/{attempt_id}",
    summary="Resume an attempt",
    responses=error_responses(401, 404),
    response_model=AttemptRead,
    response_model_exclude_unset=True,
)
async def read_attempt(attempt_id: str, user: CurrentUser, tests: MockTestServiceDep) -> AttemptRead:
    """Answers so far, review marks, position and remaining time: reload or switch devices and carry on."""
    attempt = await tests.get_attempt(user.id, attempt_id)
    return tests.view(attempt, await tests.questions_in(user.id, attempt.test_id))


@router.put(
    "/attempts/{attempt_id}/answers/{question_id}",
    summary="Answer a question",
    responses=error_responses(401, 404, 409, 422),
    response_model=AttemptRead,
    response_model_exclude_unset=True,
)
async def answer(
    attempt_id: str, question_id: str, body: AnswerBody, user: CurrentUser, tests: MockTestServiceDep
) -> AttemptRead:
    return tests.view(await tests.answer(user.id, attempt_id, question_id, body.answer))


@router.delete(
    "/attempts/{attempt_id}/answers/{question_id}",
    summary="Clear an answer",
    responses=error_responses(401, 404, 409),
    response_model=AttemptRead,
    response_model_exclude_unset=True,
)
async def clear_answer(attempt_id: str, question_id: str, user: CurrentUser, tests: MockTestServiceDep) -> AttemptRead:
    return tests.view(await tests.clear_answer(user.id, attempt_id, question_id))


@router.put(
    "/attempts/{attempt_id}/review/{question_id}",
    summary="Mark for review",
    responses=error_responses(401, 404, 409, 422),
    response_model=AttemptRead,
    response_model_exclude_unset=True,
)
async def mark_for_review(
    attempt_id: str, question_id: str, body: ReviewBody, user: CurrentUser, tests: MockTestServiceDep
) -> AttemptRead:
    return tests.view(await tests.mark_for_review(user.id, attempt_id, question_id, body.marked))


@router.put(
    "/attempts/{attempt_id}/position",
    summary="Remember the current question",
    responses=error_responses(401, 404, 409, 422),
    response_model=AttemptRead,
    response_model_exclude_unset=True,
)
async def move_to(attempt_id: str, body: PositionBody, user: CurrentUser, tests: MockTestServiceDep) -> AttemptRead:
    return tests.view(await tests.move_to(user.id, attempt_id, body.current_question))


@router.post(
    "/attempts/{attempt_id}/submit",
    response_model=SubmittedResult,
    summary="Submit and score",
    responses=error_responses(401, 404),
)
async def submit(attempt_id: str, user: CurrentUser, tests: MockTestServiceDep) -> SubmittedResult:
    """The TestResult: score, marks under the test's scheme, per-question results with explanations and sources,
    time taken and performance analytics. Submitting again returns the same result."""
    attempt = await tests.submit(user.id, attempt_id)
    assert attempt.result is not None  # a submitted attempt always carries its result
    return SubmittedResult(
        **attempt.result.model_dump(),
        attempt_id=attempt.id,
        test_id=attempt.test_id,
        auto_submitted=attempt.auto_submitted,
    )
