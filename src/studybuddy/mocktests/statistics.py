"""Question statistics from real attempts (the idea of Moodle's quiz statistics report), as pure functions.

Per question: its facility (the share of attempts that answered it right; unanswered counts as not right), and
once it has been in enough attempts, its discrimination: the point-biserial correlation between answering it
right and the score on the *rest* of the test (the question itself left out, so it cannot correlate with itself).
A question that stronger attempts get wrong more often than weaker ones (negative discrimination), or that nobody
ever gets right, most often has a wrong key or an ambiguous stem: it is flagged "may be faulty" and left out of
new tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, Field

# Fewer attempts than this say nothing about discrimination (Moodle shows it from a handful of attempts too).
MIN_ATTEMPTS = 5


@dataclass(frozen=True)
class AttemptOutcome:
    """One submitted attempt: for each question in it, whether it was answered right."""

    attempt_id: str
    correct: dict[str, bool]


class QuestionStatistics(BaseModel):
    question_id: str
    attempts: int = Field(description="Submitted attempts that contained the question")
    facility: float | None = Field(description="Share of those attempts that answered it right (0-1)")
    discrimination: float | None = Field(
        description="Point-biserial correlation with the rest of the test (-1..1); null below 5 attempts or when "
        "every attempt scored alike"
    )
    may_be_faulty: bool
    reason: str | None = None


def point_biserial(item: list[float], rest: list[float]) -> float | None:
    """Pearson's r between a 0/1 item score and the rest-of-test score; None when either does not vary."""
    n = len(item)
    if n < 2:
        return None
    mean_item = sum(item) / n
    mean_rest = sum(rest) / n
    covariance = sum((i - mean_item) * (r - mean_rest) for i, r in zip(item, rest, strict=True))
    spread = math.sqrt(sum((i - mean_item) ** 2 for i in item) * sum((r - mean_rest) ** 2 for r in rest))
    if spread == 0:
        return None
    return covariance / spread


def question_statistics(attempts: Iterable[AttemptOutcome]) -> dict[str, QuestionStatistics]:
    """Statistics for every question that appears in at least one of ``attempts``."""
    attempts = list(attempts)
    item_scores: dict[str, list[float]] = {}
    rest_scores: dict[str, list[float]] = {}
    for attempt in attempts:
        total = sum(attempt.correct.values())
        others = len(attempt.correct) - 1
        for question_id, right in attempt.correct.items():
            item_scores.setdefault(question_id, []).append(float(right))
            # The rest of the test as a share, so attempts at tests of different lengths compare.
            rest_scores.setdefault(question_id, []).append((total - right) / others if others else 0.0)
    found = {}
    for question_id, items in item_scores.items():
        n = len(items)
        facility = sum(items) / n
        discrimination = point_biserial(items, rest_scores[question_id]) if n >= MIN_ATTEMPTS else None
        reason = None
        if n >= MIN_ATTEMPTS and facility == 0:
            reason = "Nobody has answered this question right: the key may be wrong."
        elif discrimination is not None and discrimination < 0:
            reason = "Stronger attempts get this question wrong more often than weaker ones: it may be ambiguous."
        found[question_id] = QuestionStatistics(
            question_id=question_id,
            attempts=n,
            facility=round(facility, 4),
            discrimination=round(discrimination, 4) if discrimination is not None else None,
            may_be_faulty=reason is not None,
            reason=reason,
        )
    return found


def outcome_of(attempt_id: str, question_results: list[dict]) -> AttemptOutcome:
    """An attempt's stored TestResult rows as an outcome."""
    return AttemptOutcome(attempt_id, {row["question_id"]: bool(row["is_correct"]) for row in question_results})
