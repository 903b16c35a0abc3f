"""What every engine implements, apart from choosing one (engine.py): the LLM engines and the pipeline both
depend on this, so choosing an engine can import the engines without a cycle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from studybuddy.extract.document import StudyDocument

from .schemas import StudyMaterial

StepCallback = Callable[[str], Awaitable[None]]


class GenerationEngine(Protocol):
    name: str  # offline | gemini | openai
    model: str
    prompt_version: str

    async def generate(
        self, document: StudyDocument, *, session_id: str, question_count: int, on_step: StepCallback | None = None
    ) -> StudyMaterial:
        """Every generated kind for one document. A kind that fails is listed in ``missing``, the others kept."""
        ...

    async def ping(self) -> tuple[bool, str | None]:
        """Whether the engine can be used now, and why not."""
        ...


class QuestionTarget(Protocol):
    @property
    def questions_per_test(self) -> int: ...


def target_question_count(settings: QuestionTarget, word_count: int) -> int:
    """QUESTIONS_PER_TEST for short material, more for long material (about one per 50 words), at most 300."""
    return max(settings.questions_per_test, min(300, word_count // 50))
