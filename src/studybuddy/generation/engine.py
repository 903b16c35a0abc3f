"""The interface every engine implements, and choosing one from settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from studybuddy.config import Settings
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
        """All four outputs for one document. An output type that fails is listed in ``missing``, the others kept."""
        ...

    async def ping(self) -> tuple[bool, str | None]:
        """Whether the engine can be used now, and why not."""
        ...


def target_question_count(settings: Settings, word_count: int) -> int:
    """QUESTIONS_PER_TEST for short material, more for long material (about one per 50 words), at most 300."""
    return max(settings.questions_per_test, min(300, word_count // 50))


def build_engine(settings: Settings) -> GenerationEngine:
    provider = settings.resolved_ai_provider
    if provider == "gemini":
        from .gemini import GeminiEngine

        return GeminiEngine(settings)
    if provider == "openai":
        from .openai_compat import OpenAICompatibleEngine

        return OpenAICompatibleEngine(settings)
    from .offline.engine import OfflineEngine

    return OfflineEngine()
