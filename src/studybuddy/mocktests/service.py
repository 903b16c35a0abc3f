"""Taking a mock test: attempts against the server's clock, answers, review marks, position, scoring, analytics.

The clock is the server's: an attempt past its ``end_time`` is submitted automatically with what was answered
(the first time anyone looks at it), and every write to it after that is refused with 409. Every read and write
filters on the owner, so another student's test or attempt is a 404.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from studybuddy.clock import Clock
from studybuddy.config import MockTestSettings
from studybuddy.errors import ConflictError, NotFoundError, ValidationError
from studybuddy.generation.schemas import Question
from studybuddy.material.repository import MaterialRepository
from studybuddy.material.schemas import MockTestRead
from studybuddy.store import DuplicateKeyError

from .building import MARKING_SCHEMES, MarkingScheme, total_marks
from .repository import AttemptRepository
from .schemas import (
    Attempt,
    AttemptRead,
    PerformanceAnalytics,
    QuestionInTest,
    QuestionResult,
    ReviewTally,
    Tally,
    TestResult,
)

IN_PROGRESS = "in_progress"


def _nth_attempt_id(user_id: str, test_id: str, ordinal: int) -> str:
    """The id of the student's n-th attempt at a test: the same for parallel starts, so the store's unique id lets
    exactly one of them in. Opaque (a hash), like every id."""
    return hashlib.sha256(f"attempt:{user_id}:{test_id}:{ordinal}".encode()).hexdigest()[:32]


@dataclass
class MockTestService:
    material: MaterialRepository
    attempts: AttemptRepository
    clock: Clock
    settings: MockTestSettings

    # --- tests ---------------------------------------------------------------------------------------

    async def get_test(self, user_id: str, test_id: str) -> MockTestRead:
        test = await self.material.mock_test(user_id, test_id)
        if test is None:
            raise NotFoundError("No such mock test")
        return test

    async def questions_in(self, user_id: str, test_id: str) -> list[QuestionInTest]:
        """The test's questions as shown while taking it (no answers)."""
        test = await self.get_test(user_id, test_id)
        questions = await self.material.questions(user_id, test.question_ids)
        return [QuestionInTest.model_validate(q.model_dump()) for q in questions]

    async def set_marking_scheme(self, user_id: str, test_id: str, scheme: str) -> MockTestRead:
        test = await self.get_test(user_id, test_id)
        marking = MARKING_SCHEMES[scheme]
        marks = total_marks(len(test.question_ids), marking)
        await self.material.set_marking(user_id, test_id, marking, marks)
        return test.model_copy(update={"marking_scheme": marking, "total_marks": marks})

    # --- attempts ------------------------------------------------------------------------------------

    async def start_attempt(self, user_id: str, test_id: str) -> Attempt:
        test = await self.get_test(user_id, test_id)
        earlier_attempts = await self.attempts.of_test(user_id, test_id)
        for earlier in earlier_attempts:
            earlier = await self._settle(earlier)
            if earlier.status == IN_PROGRESS:
                raise ConflictError(f"You already have this test in progress (attempt {earlier.id}); continue it.")
            if not self.settings.enable_test_retries:
                raise ConflictError("This test can be taken only once.")
        now = self.clock.now()
        attempt = Attempt(
            id=_nth_attempt_id(user_id, test_id, len(earlier_attempts)),
            test_id=test_id,
            session_id=test.session_id,
            user_id=user_id,
            question_ids=test.question_ids,
            marking_scheme=test.marking_scheme,
            duration_minutes=test.duration_minutes,
            start_time=now,
            end_time=now + timedelta(minutes=test.duration_minutes),
        )
        try:
            await self.attempts.add(attempt)
        except DuplicateKeyError:
            # Another "start" for the same test won the race (8 taps in parallel made 3 attempts): one step.
            raise ConflictError("This test was just started; continue that attempt.") from None
        return attempt

    async def get_attempt(self, user_id: str, attempt_id: str) -> Attempt:
        attempt = await self.attempts.get(user_id, attempt_id)
        if attempt is None:
            raise NotFoundError("No such attempt")
        return await self._settle(attempt)

    async def list_attempts(self, user_id: str, test_id: str) -> list[Attempt]:
        await self.get_test(user_id, test_id)
        return [await self._settle(attempt) for attempt in await self.attempts.of_test(user_id, test_id)]

    async def _settle(self, attempt: Attempt) -> Attempt:
        """Submit an attempt whose time is up, with what was answered."""
        if attempt.status == IN_PROGRESS and self.clock.now() >= attempt.end_time:
            return await self._submit(attempt, automatically=True)
        return attempt

    async def _writable(self, user_id: str, attempt_id: str, question_id: str | None = None) -> Attempt:
        attempt = await self.get_attempt(user_id, attempt_id)
        if attempt.status != IN_PROGRESS:
            raise ConflictError("This attempt has been submitted; answers can no longer change.")
        if question_id is not None and question_id not in attempt.question_ids:
            raise NotFoundError("That question is not part of this test")
        return attempt

    @staticmethod
    def _written(updated: Attempt | None) -> Attempt:
        # None: the attempt closed on the server's clock between the read and the write.
        if updated is None:
            raise ConflictError("This attempt has ended; answers can no longer change.")
        return updated

    async def answer(self, user_id: str, attempt_id: str, question_id: str, label: str) -> Attempt:
        attempt = await self._writable(user_id, attempt_id, question_id)
        questions = await self.material.questions(user_id, [question_id])
        labels = [option.label for question in questions for option in question.options]
        if label not in labels:
            raise ValidationError(f"answer must be one of {', '.join(labels)}")
        return self._written(await self.attempts.answer(attempt, self.clock.now(), question_id, label))

    async def clear_answer(self, user_id: str, attempt_id: str, question_id: str) -> Attempt:
        attempt = await self._writable(user_id, attempt_id, question_id)
        return self._written(await self.attempts.answer(attempt, self.clock.now(), question_id, None))

    async def mark_for_review(self, user_id: str, attempt_id: str, question_id: str, marked: bool) -> Attempt:
        attempt = await self._writable(user_id, attempt_id, question_id)
        return self._written(await self.attempts.mark(attempt, self.clock.now(), question_id, marked))

    async def move_to(self, user_id: str, attempt_id: str, position: int) -> Attempt:
        attempt = await self._writable(user_id, attempt_id)
        if not 0 <= position < len(attempt.question_ids):
            raise ValidationError(f"current_question must be between 0 and {len(attempt.question_ids) - 1}")
        return self._written(await self.attempts.move(attempt, self.clock.now(), position))

    async def submit(self, user_id: str, attempt_id: str) -> Attempt:
        """Score the attempt. Submitting again returns the same result."""
        attempt = await self.get_attempt(user_id, attempt_id)
        if attempt.status != IN_PROGRESS:
            return attempt
        return await self._submit(attempt, automatically=False)

    async def _submit(self, attempt: Attempt, *, automatically: bool) -> Attempt:
        submitted_at = min(self.clock.now(), attempt.end_time)
        questions = await self.material.questions(attempt.user_id, attempt.question_ids)
        result = score_attempt(attempt, questions, submitted_at=submitted_at)
        updated = await self.attempts.submit_once(attempt, result, submitted_at, automatically=automatically)
        if updated is None:  # submitted meanwhile by another request: theirs stands
            return await self.attempts.get(attempt.user_id, attempt.id) or attempt
        return updated

    def view(self, attempt: Attempt, questions: list[QuestionInTest] | None = None) -> AttemptRead:
        """The attempt as the student sees it; ``questions`` when starting or resuming it."""
        view = AttemptRead(
            attempt_id=attempt.id,
            test_id=attempt.test_id,
            start_time=attempt.start_time,
            end_time=attempt.end_time,
            status=attempt.status,
            remaining_seconds=remaining_seconds(attempt, self.clock.now()),
            answers=attempt.answers,
            marked_for_review=attempt.review,
            current_question=attempt.current_question,
            submitted_at=attempt.submitted_at,
            auto_submitted=attempt.auto_submitted,
        )
        # Set only when present, so the response leaves them out (response_model_exclude_unset) rather than null.
        if questions is not None:
            view.questions = questions
        if attempt.status != IN_PROGRESS:
            view.result = attempt.result
        return view


def remaining_seconds(attempt: Attempt, now: datetime) -> int:
    if attempt.status != IN_PROGRESS:
        return 0
    return max(0, int((attempt.end_time - now).total_seconds()))


def _with_accuracy(tally: Tally) -> Tally:
    attempted = tally.correct + tally.incorrect
    tally.accuracy = round(100 * tally.correct / attempted, 2) if attempted else 0.0
    return tally


def score_attempt(attempt: Attempt, questions: list[Question], *, submitted_at: datetime) -> TestResult:
    """The TestResult: score, marks under the scheme, per-question results and performance analytics."""
    scheme: MarkingScheme = attempt.marking_scheme
    reviewed = set(attempt.review)
    by_id = {q.id: q for q in questions}
    results: list[QuestionResult] = []
    overall = Tally()
    groups: dict[str, dict[str, Tally]] = {"difficulty": defaultdict(Tally), "subject": defaultdict(Tally)}
    groups["tag"] = defaultdict(Tally)
    review = ReviewTally()
    marks = 0.0
    for qid in attempt.question_ids:
        question = by_id.get(qid)
        if question is None:
            continue
        given = attempt.answers.get(qid)
        outcome = "unanswered" if given is None else "correct" if given == question.correct_answer else "incorrect"
        marks += {"correct": scheme.correct, "incorrect": scheme.wrong, "unanswered": scheme.unanswered}[outcome]
        targets = [overall, groups["difficulty"][question.difficulty], groups["subject"][question.subject]]
        targets += [groups["tag"][tag] for tag in question.tags]
        if qid in reviewed:
            targets.append(review)
        for tally in targets:
            tally.total += 1
            setattr(tally, outcome, getattr(tally, outcome) + 1)
        results.append(
            QuestionResult(
                question_id=qid,
                user_answer=given,
                correct_answer=question.correct_answer,
                is_correct=outcome == "correct",
                explanation=question.explanation,
                source=question.source,
                marked_for_review=qid in reviewed,
            )
        )
    total = overall.total
    review.question_ids = [r.question_id for r in results if r.marked_for_review]
    return TestResult(
        score=overall.correct,
        marks=marks,
        total_marks=total * scheme.correct,
        marking_scheme=scheme,
        total_questions=total,
        percentage=round(100 * overall.correct / total, 2) if total else 0.0,
        question_results=results,
        time_taken=round(max(0.0, (submitted_at - attempt.start_time).total_seconds()), 1),
        performance_analytics=PerformanceAnalytics(
            attempted=overall.correct + overall.incorrect,
            correct=overall.correct,
            incorrect=overall.incorrect,
            unanswered=overall.unanswered,
            accuracy=_with_accuracy(overall.model_copy()).accuracy,
            by_difficulty={k: _with_accuracy(v) for k, v in sorted(groups["difficulty"].items())},
            by_subject={k: _with_accuracy(v) for k, v in sorted(groups["subject"].items())},
            by_tag={k: _with_accuracy(v) for k, v in sorted(groups["tag"].items())},
            marked_for_review=_with_accuracy(review),
        ),
    )
