"""Choosing the engine from settings (the interface is in port.py)."""

from __future__ import annotations

from studybuddy.config import Settings

from .port import GenerationEngine, StepCallback, target_question_count

__all__ = ["GenerationEngine", "StepCallback", "build_engine", "target_question_count"]


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
