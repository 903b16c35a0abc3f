"""Generating a session's material: cached by content, engine, model and prompt version; gated for quality."""

from __future__ import annotations

import asyncio
import hashlib
import logging

from studybuddy.clock import Clock
from studybuddy.extract.document import StudyDocument

from .flashcards import flashcard_id
from .offline.suitability import keep_study_material
from .port import GenerationEngine, StepCallback
from .quality import SourceText, gate_questions, mnemonic_problems
from .repository import GenerationCache
from .schemas import StudyMaterial

logger = logging.getLogger(__name__)


def cache_key(user_id: str, document: StudyDocument, engine: GenerationEngine, question_count: int) -> str:
    text = " ".join(document.full_text.split())
    # Questions cite their file and page: the same text under another file name is other material.
    sources = [section.source.model_dump_json() for section in document.sections]
    digest = hashlib.sha256(
        "\x1f".join([text, *sources, engine.name, engine.model, engine.prompt_version, str(question_count)]).encode()
    ).hexdigest()
    # Per user: the cache holds text from their files and is erased with them.
    return f"{user_id}:{digest}"


def _for_session(material: StudyMaterial, session_id: str) -> StudyMaterial:
    """The one place question ids are minted: stable for the same question in the same session (a re-run of the
    job keeps the ids a mock-test attempt refers to), whichever engine wrote it or whether it came from the cache."""
    for question in material.questions:
        question.session_id = session_id
        question.id = hashlib.sha256(f"{session_id}\x1f{question.question_text}".encode()).hexdigest()[:24]
    for card in material.flashcards:
        card.session_id = session_id
        card.id = flashcard_id(session_id, card.kind, card.front)
    return material


async def generate_material(
    *,
    cache: GenerationCache,
    engine: GenerationEngine,
    clock: Clock,
    document: StudyDocument,
    user_id: str,
    session_id: str,
    question_count: int,
    on_step: StepCallback | None = None,
) -> tuple[StudyMaterial, bool]:
    """The session's material and whether it came from the cache (no tokens spent)."""
    key = cache_key(user_id, document, engine, question_count)
    material = await cache.get(key)
    if material is not None:
        return _for_session(material, session_id), True
    # Filler, non-English or boilerplate text gets a warning, not items (nor tokens spent) from any engine.
    usable, warnings = await asyncio.to_thread(keep_study_material, document)
    if usable is None:
        return StudyMaterial(warnings=warnings), False
    material = await engine.generate(usable, session_id=session_id, question_count=question_count, on_step=on_step)
    material.warnings = list(dict.fromkeys([*warnings, *material.warnings]))
    source = SourceText(usable.full_text)
    material.questions, report = gate_questions(material.questions, source)
    material.mnemonics = [m for m in material.mnemonics if not mnemonic_problems(m)]
    if report.dropped:
        logger.info("quality gate dropped %d of %d questions", len(report.dropped), report.generated)
    if not material.missing:
        await cache.put(key, user_id, engine.name, material, clock.now())
    return _for_session(material, session_id), False
