"""Question statistics on a crafted set of attempts, checked against figures worked out by hand."""

from __future__ import annotations

import math

import pytest

from studybuddy.mocktests.statistics import AttemptOutcome, question_statistics

# Six attempts at five questions (1 = answered right). S1-S3 are the stronger attempts.
#          q1 q2 q3 q4 q5
GRID = [
    [1, 0, 1, 1, 0],  # S1
    [1, 0, 1, 1, 0],  # S2
    [1, 1, 1, 0, 0],  # S3
    [0, 1, 0, 1, 0],  # S4
    [0, 1, 1, 0, 0],  # S5
    [0, 1, 0, 0, 0],  # S6
]


def _attempts() -> list[AttemptOutcome]:
    return [
        AttemptOutcome(f"S{n}", {f"q{i + 1}": bool(right) for i, right in enumerate(row)})
        for n, row in enumerate(GRID, start=1)
    ]


def test_facility_and_discrimination_match_the_hand_computed_figures():
    stats = question_statistics(_attempts())
    # Facility: right answers / attempts.
    assert [stats[f"q{i}"].facility for i in range(1, 6)] == [0.5, 0.6667, 0.6667, 0.5, 0.0]
    assert all(s.attempts == 6 for s in stats.values())
    # q1 by hand: rest-of-test shares are 0.5 for S1-S5 and 0.25 for S6. Right: mean 0.5; wrong: (0.5+0.5+0.25)/3
    # = 5/12. Population sd of the rest scores = sqrt(5 * (1/24)^2 + (5/24)^2) / sqrt(6) = 0.0931695.
    # r_pb = (M1 - M0) / sd * sqrt(p q) = (1/12) / 0.0931695 * 0.5 = 1/sqrt(5).
    assert stats["q1"].discrimination == pytest.approx(1 / math.sqrt(5), abs=1e-4)
    # q2 by hand: answered right by S3-S6, whose rest-of-test shares are 2/4, 1/4, 1/4, 0/4; wrong by S1 and S2
    # (3/4 each). The same point-biserial formula, written out:
    m1 = (0.5 + 0.25 + 0.25 + 0.0) / 4
    m0 = (0.75 + 0.75) / 2
    rest = [0.75, 0.75, 0.5, 0.25, 0.25, 0.0]
    mean = sum(rest) / 6
    sd = math.sqrt(sum((r - mean) ** 2 for r in rest) / 6)
    assert stats["q2"].discrimination == pytest.approx((m1 - m0) / sd * math.sqrt(4 / 6 * 2 / 6), abs=1e-4)
    assert stats["q2"].discrimination == pytest.approx(-0.8528, abs=1e-4)
    assert stats["q3"].discrimination == pytest.approx(0.25, abs=1e-4)
    assert stats["q5"].discrimination is None  # nobody right: no variation to correlate


def test_items_good_attempts_get_wrong_are_flagged():
    stats = question_statistics(_attempts())
    assert {q for q, s in stats.items() if s.may_be_faulty} == {"q2", "q4", "q5"}
    assert "key may be wrong" in stats["q5"].reason
    assert stats["q1"].reason is None


def test_discrimination_waits_for_enough_attempts():
    stats = question_statistics(_attempts()[:4])
    assert stats["q1"].facility == 0.75 and stats["q1"].discrimination is None
    assert not any(s.may_be_faulty for s in stats.values())
