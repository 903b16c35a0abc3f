"""Taking a mock test: attempts against the server's clock, answers, review marks, position, scoring, analytics.

The clock is the server's: an attempt past its ``end_time`` is submitted automatically with what was answered
(the first time anyone looks at it), and every write to it after that is refused with 409. Every read and write
filters on the owner, so another student's test or attempt is a 404.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from studybuddy.clock import Clock, utc_iso
from studybuddy.config import MockTestSettings
from studybuddy.errors import ConflictError, NotFoundError, ValidationError
from studybuddy.generation.schemas import Question
from studybuddy.material.mock_tests import MARKING_SCHEMES, MarkingScheme, MockTest, minutes_for, total_marks
from studybuddy.material.repository import MaterialRepository
from studybuddy.material.schemas import MockTestRead
from studybuddy.reviews.cards import mistake_content
from studybuddy.reviews.service import ReviewService
from studybuddy.store import DuplicateKeyError

from .building import NEET_PG_MINUTES, NEET_PG_QUESTIONS, choose_questions, rank_attempts
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
from .statistics import AttemptOutcome, QuestionStatistics, question_statistics

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
    reviews: ReviewService | None = None  # where a submitted attempt's mistakes become cards

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
        await self._enrol_mistakes(updated, questions)
        return updated

    async def _enrol_mistakes(self, attempt: Attempt, questions: list[Question]) -> None:
        """Each question answered wrong or left unanswered becomes a card in the student's review deck. Only the
        request that submitted the attempt gets here, and a card's id is the question's, so it happens once."""
        if self.reviews is None or attempt.result is None:
            return
        by_id = {q.id: q for q in questions}
        missed = [by_id[r.question_id] for r in attempt.result.question_results if not r.is_correct]
        await self.reviews.enrol(
            attempt.user_id,
            [mistake_content(question, attempt.id) for question in missed],
            key=[f"mistake:{question.id}" for question in missed],
        )

    @staticmethod
    def attempt_ranks(attempts: list[Attempt]) -> dict[str, int]:
        """1 for the best submitted attempt, by marks then fewer wrong answers (NEET-PG's tie-break)."""
        submitted = [
            (a.id, a.result.marks, a.result.performance_analytics.incorrect, utc_iso(a.submitted_at))
            for a in attempts
            if a.result is not None and a.submitted_at is not None
        ]
        return {attempt_id: rank for rank, attempt_id in enumerate(rank_attempts(submitted), start=1)}

    # --- tests across sessions, and what attempts say about questions ---------------------------------

    async def _outcomes(self, user_id: str) -> list[AttemptOutcome]:
        return [
            AttemptOutcome(a.id, {r.question_id: r.is_correct for r in a.result.question_results})
            for a in await self.attempts.submitted(user_id)
            if a.result is not None
        ]

    async def question_statistics(self, user_id: str, session_id: str | None = None) -> list[QuestionStatistics]:
        """Facility and discrimination of the student's questions from their submitted attempts; flagged first."""
        found = question_statistics(await self._outcomes(user_id))
        if session_id is not None:
            in_session = {q.id for q in await self.material.bank(user_id, [session_id])}
            found = {qid: stats for qid, stats in found.items() if qid in in_session}
        return sorted(found.values(), key=lambda s: (not s.may_be_faulty, s.question_id))

    async def build_test(
        self,
        user_id: str,
        *,
        kind: str,
        session_ids: list[str] | None,
        question_count: int | None,
        duration_minutes: int | None,
        difficulty_mix: dict[str, float] | None,
        only_wrong: bool,
        marking_scheme: str | None,
    ) -> MockTestRead:
        """A test from the student's whole bank (or the sessions named): NEET-PG (200 questions, 210 minutes,
        +4/-1/0) or custom. Questions flagged "may be faulty" by earlier attempts are left out."""
        neet_pg = kind == "neet_pg"
        # The pace of a full test: NEET-PG's 210 minutes for 200, or MOCK_TEST_DURATION_MINUTES for QUESTIONS_PER_TEST.
        pace = (
            (NEET_PG_QUESTIONS, NEET_PG_MINUTES)
            if neet_pg
            else (self.settings.questions_per_test, self.settings.mock_test_duration_minutes)
        )
        count = question_count or pace[0]
        marking = MARKING_SCHEMES[marking_scheme or ("neet_pg" if neet_pg else "standard")]
        outcomes = await self._outcomes(user_id)
        statistics = question_statistics(outcomes)
        bank = [
            q
            for q in await self.material.bank(user_id, session_ids)
            if not (q.id in statistics and statistics[q.id].may_be_faulty)
        ]
        if only_wrong:
            latest: dict[str, bool] = {}
            for outcome in outcomes:  # oldest first: the last outcome of each question wins
                latest |= outcome.correct
            bank = [q for q in bank if latest.get(q.id) is False]
        if not bank:
            raise ValidationError(
                "No questions match: process a session first, or choose other sessions"
                + (" (you have no wrong answers to practise)" if only_wrong else "")
                + "."
            )
        now = self.clock.now()
        test_id = uuid.uuid4().hex
        chosen = choose_questions(bank, count, mix=difficulty_mix, seed=test_id)
        label = "NEET-PG Mock" if neet_pg else "Custom Test"
        test = MockTest(
            id=test_id,
            session_id=None,
            session_ids=sorted({q.session_id for q in chosen}),
            kind="neet_pg" if neet_pg else "custom",
            user_id=user_id,
            test_name=f"{label} - {now.strftime('%Y-%m-%d %H:%M')}",
            question_ids=[q.id for q in chosen],
            duration_minutes=duration_minutes or minutes_for(len(chosen), per_test=pace[0], minutes=pace[1]),
            total_marks=total_marks(len(chosen), marking),
            marking_scheme=marking,
            created_at=now,
        )
        await self.material.add_mock_test(test)
        return MockTestRead.model_validate(test.model_dump())

    async def tests_across_sessions(self, user_id: str) -> list[MockTestRead]:
        return await self.material.mock_tests_across_sessions(user_id)

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
