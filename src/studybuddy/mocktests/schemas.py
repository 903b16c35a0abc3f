"""Bodies of the test-building and question-statistics endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from .building import MockTest
from .statistics import QuestionStatistics


class TestRequest(BaseModel):
    kind: Literal["neet_pg", "custom"] = "custom"
    session_ids: list[str] | None = Field(
        default=None, max_length=200, description="Draw only on these sessions; all of yours when omitted"
    )
    question_count: int | None = Field(
        default=None, ge=1, le=200, description="Default: 200 for neet_pg, QUESTIONS_PER_TEST for custom"
    )
    duration_minutes: int | None = Field(
        default=None, ge=1, le=300, description="Default: 210 for neet_pg, MOCK_TEST_DURATION_MINUTES for custom"
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


class TestRead(MockTest):
    """A test as its owner sees it (the owner's id is not repeated back)."""

    user_id: str = Field(default="", exclude=True)

    @classmethod
    def of(cls, test: MockTest) -> TestRead:
        return cls.model_validate(test.model_dump())


class BuiltTests(BaseModel):
    tests: list[TestRead]


class QuestionStatisticsList(BaseModel):
    questions: list[QuestionStatistics]
