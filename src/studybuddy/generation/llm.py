"""What the Gemini and OpenAI-compatible engines share: prompts from files, chunking long material, the four
outputs requested concurrently under a limit, structured output validated against schemas, the quality gate with
bounded regeneration, and token accounting. Each engine only says how to make one call.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import Counter
from collections.abc import Awaitable
from functools import cache
from importlib import resources
from string import Template
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from studybuddy.config import Settings
from studybuddy.errors import AIServiceError
from studybuddy.extract.document import Section, StudyDocument
from studybuddy.metrics import ai_call

from .flashcards import gate_flashcards, make_flashcard, mnemonic_cards
from .port import StepCallback
from .quality import SourceText, gate_questions, mnemonic_problems, near_duplicate
from .schemas import (
    LABELS,
    CheatSheet,
    Flashcard,
    Mnemonic,
    MnemonicLetter,
    Question,
    QuestionOption,
    QuestionSource,
    StudyMaterial,
    StudyNotes,
)

logger = logging.getLogger(__name__)

PROMPT_VERSION = "2026-11-25.2"  # mnemonics, cheat sheet and notes ask for the high-yield structure
CHUNK_WORDS = 6000  # ~8k tokens of material per request, well inside every current model's context
WHOLE_DOCUMENT_WORDS = 24000  # mnemonics, cheat sheet and notes see at most this much
REGENERATION_ROUNDS = 1
OVERASK = 1.2
FLASHCARDS_ASKED = 60
Schema = TypeVar("Schema", bound=BaseModel)


class LlmQuestion(BaseModel):
    question_text: str
    options: list[str] = Field(description="Exactly four option texts, in order A, B, C, D")
    correct_answer: Literal["A", "B", "C", "D"]
    explanation: str
    difficulty: Literal["easy", "medium", "hard"]
    subject: str
    tags: list[str]
    source_excerpt: str


class QuestionBatch(BaseModel):
    questions: list[LlmQuestion]


class LlmMnemonic(BaseModel):
    topic: str
    mnemonic: str
    expansion: list[MnemonicLetter]
    explanation: str
    source_excerpt: str


class MnemonicBatch(BaseModel):
    mnemonics: list[LlmMnemonic]


class LlmFlashcard(BaseModel):
    kind: Literal["term", "cloze", "number"]
    front: str
    back: str
    source_excerpt: str


class FlashcardBatch(BaseModel):
    flashcards: list[LlmFlashcard]


class MalformedResponse(Exception):
    """The model answered, but not with JSON matching the schema."""


@cache
def prompt(name: str) -> str:
    return resources.files("studybuddy.generation").joinpath(f"prompts/{name}.txt").read_text(encoding="utf-8")


def render_material(sections: list[Section]) -> str:
    parts = []
    for section in sections:
        where = section.source.file + (
            f", {section.source.unit or 'page'} {section.source.page}" if section.source.page else ""
        )
        heading = f"## {section.heading}\n" if section.heading else ""
        parts.append(f"[{where}]\n{heading}{section.text}")
    return "\n\n".join(parts)


def chunk_sections(sections: list[Section], budget: int = CHUNK_WORDS) -> list[list[Section]]:
    """Consecutive sections grouped up to ``budget`` words; an over-long section is split at paragraphs."""
    chunks: list[list[Section]] = [[]]
    words = 0
    for section in sections:
        pieces = [section]
        if len(section.text.split()) > budget:
            pieces, current = [], list[str]()
            for paragraph in section.text.split("\n\n"):
                if current and len(" ".join(current).split()) + len(paragraph.split()) > budget:
                    pieces.append(section.model_copy(update={"text": "\n\n".join(current)}))
                    current = []
                current.append(paragraph)
            pieces.append(section.model_copy(update={"text": "\n\n".join(current)}))
        for piece in pieces:
            size = len(piece.text.split())
            if chunks[-1] and words + size > budget:
                chunks.append([])
                words = 0
            chunks[-1].append(piece)
            words += size
    return [chunk for chunk in chunks if chunk]


def _locate(excerpt: str, sections: list[Section]) -> Section | None:
    for section in sections:
        if SourceText(section.text).contains(excerpt):
            return section
    return None


class LlmEngine:
    """Subclasses implement :meth:`complete` for one provider."""

    name = "llm"
    prompt_version = PROMPT_VERSION

    def __init__(self, settings: Settings, model: str) -> None:
        self.settings = settings
        self.model = model

    async def complete(self, system: str, user: str, schema: type[Schema]) -> tuple[Schema, dict[str, int]]:
        """One structured request: the parsed answer and its token usage. Raises AIServiceError after retries,
        MalformedResponse when the answer does not fit the schema."""
        raise NotImplementedError

    async def ping(self) -> tuple[bool, str | None]:
        return True, None

    # --- orchestration ---------------------------------------------------------------------------------

    async def generate(
        self, document: StudyDocument, *, session_id: str, question_count: int, on_step: StepCallback | None = None
    ) -> StudyMaterial:
        limit = asyncio.Semaphore(max(1, self.settings.ai_max_concurrency))
        usage: Counter[str] = Counter()

        async def ask(name: str, values: dict[str, object], schema: type[Schema]) -> Schema:
            user = Template(prompt(name)).substitute({k: str(v) for k, v in values.items()})
            for attempt in range(3):  # a malformed answer is asked again, twice at most
                async with limit:
                    try:
                        with ai_call(self.name) as used:  # latency, tokens, errors for /metrics
                            result, tokens = await self.complete(prompt("system"), user, schema)
                            used(tokens)
                        usage.update(tokens)
                        return result
                    except MalformedResponse as exc:
                        logger.warning(
                            "%s answered %s with malformed JSON (try %d): %s", self.name, name, attempt + 1, exc
                        )
            raise AIServiceError(f"The AI engine kept answering the {name} request with malformed output.")

        if on_step is not None:
            await on_step("Writing questions, mnemonics, cheat sheet and notes")
        whole = render_material(chunk_sections(document.sections, WHOLE_DOCUMENT_WORDS)[0])
        chunks = chunk_sections(document.sections)
        # One request per output, keyed by the StudyMaterial field it fills (an output that fails is "missing").
        tasks = {
            "questions": self._questions(ask, chunks, question_count, document),
            "mnemonics": self._mnemonics(ask("mnemonics", {"material": whole, "count": 8}, MnemonicBatch), document),
            "cheat_sheet": ask("cheat_sheet", {"material": whole}, CheatSheet),
            "notes": ask("notes", {"material": whole}, StudyNotes),
            "flashcards": self._flashcards(
                ask("flashcards", {"material": whole, "count": FLASHCARDS_ASKED}, FlashcardBatch), document, session_id
            ),
        }
        outcomes = dict(zip(tasks, await asyncio.gather(*tasks.values(), return_exceptions=True), strict=True))
        material = StudyMaterial()
        for field, outcome in outcomes.items():
            if isinstance(outcome, BaseException):
                if not isinstance(outcome, (AIServiceError, MalformedResponse)):
                    logger.error("%s failed: %r", field, outcome)
                material.missing.append(field)
            else:
                setattr(material, field, outcome)
        if "flashcards" not in material.missing:
            # The list <-> mnemonic cards come from the mnemonics, whichever engine wrote them.
            material.flashcards += mnemonic_cards(material.mnemonics, session_id)
        material.token_usage = dict(usage)
        return material

    async def _questions(self, ask, chunks, question_count, document) -> list[Question]:
        total_words = sum(len(s.text.split()) for chunk in chunks for s in chunk) or 1
        source = SourceText(document.full_text)

        async def for_chunk(chunk: list[Section], count: int) -> list[Question]:
            batch = await ask("questions", {"material": render_material(chunk), "count": count}, QuestionBatch)
            return [q for q in (self._question(item, chunk) for item in batch.questions) if q]

        # A fifth more than needed, so the items the quality gate drops rarely cost a second, sequential round.
        asked_for = math.ceil(question_count * OVERASK)
        wanted = [max(1, math.ceil(asked_for * sum(len(s.text.split()) for s in c) / total_words)) for c in chunks]
        batches = await asyncio.gather(*(for_chunk(c, n) for c, n in zip(chunks, wanted, strict=True)))
        kept, _ = gate_questions([q for batch in batches for q in batch], source)
        for _ in range(REGENERATION_ROUNDS):
            missing = question_count - len(kept)
            if missing <= 0:
                break
            # Ungrounded or invalid items were dropped: ask again for the shortfall, bounded.
            extra = await asyncio.gather(
                *(
                    for_chunk(c, max(1, math.ceil(missing * n / question_count)))
                    for c, n in zip(chunks, wanted, strict=True)
                )
            )
            for question in gate_questions([q for batch in extra for q in batch], source)[0]:
                if not any(near_duplicate(question.question_text, k.question_text) for k in kept):
                    kept.append(question)
        return kept[:question_count]

    def _question(self, item: LlmQuestion, chunk: list[Section]) -> Question | None:
        if len(item.options) != 4:
            return None
        located = _locate(item.source_excerpt, chunk)
        # Its id and session are given by generation/service.py, for every engine alike.
        return Question(
            question_text=item.question_text.strip(),
            options=[
                QuestionOption(label=label, text=text.strip()) for label, text in zip(LABELS, item.options, strict=True)
            ],
            correct_answer=item.correct_answer,
            explanation=item.explanation.strip(),
            difficulty=item.difficulty,
            subject=item.subject.strip() or "General",
            tags=[t.strip() for t in item.tags if t.strip()][:5],
            source=QuestionSource(
                file=located.source.file if located else chunk[0].source.file,
                page=located.source.page if located else None,
                excerpt=item.source_excerpt.strip(),
            ),
        )

    async def _mnemonics(self, asked: Awaitable[MnemonicBatch], document: StudyDocument) -> list[Mnemonic]:
        batch = await asked
        source = SourceText(document.full_text)
        mnemonics = []
        for item in batch.mnemonics:
            located = _locate(item.source_excerpt, document.sections)
            mnemonic = Mnemonic(
                topic=item.topic,
                mnemonic=item.mnemonic,
                expansion=item.expansion,
                explanation=item.explanation,
                source=QuestionSource(
                    file=located.source.file if located else None,
                    page=located.source.page if located else None,
                    excerpt=item.source_excerpt,
                ),
            )
            if not mnemonic_problems(mnemonic) and source.contains(item.source_excerpt):
                mnemonics.append(mnemonic)
        return mnemonics

    async def _flashcards(
        self, asked: Awaitable[FlashcardBatch], document: StudyDocument, session_id: str
    ) -> list[Flashcard]:
        batch = await asked
        cards = []
        for item in batch.flashcards:
            located = _locate(item.source_excerpt, document.sections)
            source = QuestionSource(
                file=located.source.file if located else None,
                page=located.source.page if located else None,
                excerpt=item.source_excerpt.strip(),
            )
            cards.append(make_flashcard(session_id, item.kind, item.front, item.back, source))
        return gate_flashcards(cards, SourceText(document.full_text))


def parse_json(text: str, schema: type[Schema]) -> Schema:
    """The answer text as the schema; tolerant of a Markdown code fence around the JSON."""
    cleaned = text.strip()
    if cleaned.startswith("```"):
        cleaned = cleaned.split("\n", 1)[1] if "\n" in cleaned else ""
        cleaned = cleaned.rsplit("```", 1)[0]
    try:
        return schema.model_validate_json(cleaned)
    except ValidationError as exc:
        raise MalformedResponse(str(exc).splitlines()[0]) from None
