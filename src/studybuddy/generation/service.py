"""Generating a session's material: cached by content, engine, model and prompt version; gated for quality."""

from __future__ import annotations

import hashlib
import logging

from studybuddy.clock import Clock, utc_iso
from studybuddy.extract.document import StudyDocument
from studybuddy.store import Store
from studybuddy.store.schema import GENERATION_CACHE

from .engine import GenerationEngine, StepCallback
from .flashcards import flashcard_id
from .quality import SourceText, gate_questions, mnemonic_problems
from .schemas import StudyMaterial

logger = logging.getLogger(__name__)


def cache_key(user_id: str, document: StudyDocument, engine: GenerationEngine, question_count: int) -> str:
    text = " ".join(document.full_text.split())
    digest = hashlib.sha256(
        "\x1f".join([text, engine.name, engine.model, engine.prompt_version, str(question_count)]).encode()
    ).hexdigest()
    # Per user: the cache holds text from their files and is erased with them.
    return f"{user_id}:{digest}"


def _for_session(material: StudyMaterial, session_id: str) -> StudyMaterial:
    for question in material.questions:
        question.session_id = session_id
        question.id = hashlib.sha256(f"{session_id}\x1f{question.question_text}".encode()).hexdigest()[:24]
    for card in material.flashcards:
        card.session_id = session_id
        card.id = flashcard_id(session_id, card.kind, card.front)
    return material


async def generate_material(
    *,
    store: Store,
    engine: GenerationEngine,
    clock: Clock,
    document: StudyDocument,
    user_id: str,
    session_id: str,
    question_count: int,
    on_step: StepCallback | None = None,
) -> tuple[StudyMaterial, bool]:
    """The session's material and whether it came from the cache (no tokens spent)."""
    cache = store.collection(GENERATION_CACHE)
    key = cache_key(user_id, document, engine, question_count)
    cached = await cache.get({"id": key})
    if cached is not None:
        material = StudyMaterial.model_validate(cached["material"])
        material.token_usage = {}
        return _for_session(material, session_id), True
    material = await engine.generate(document, session_id=session_id, question_count=question_count, on_step=on_step)
    source = SourceText(document.full_text)
    material.questions, report = gate_questions(material.questions, source)
    material.mnemonics = [m for m in material.mnemonics if not mnemonic_problems(m)]
    if report.dropped:
        logger.info("quality gate dropped %d of %d questions", len(report.dropped), report.generated)
    if not material.missing:
        await cache.put(
            {
                "id": key,
                "user_id": user_id,
                "created_at": utc_iso(clock.now()),
                "engine": engine.name,
                "material": material.model_dump(mode="json", exclude={"token_usage"}),
            }
        )
    return _for_session(material, session_id), False
