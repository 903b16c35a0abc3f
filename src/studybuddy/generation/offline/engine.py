"""The embedded default engine. CPU-bound, so it runs in a worker process and never on the event loop."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

from studybuddy.extract.document import StudyDocument
from studybuddy.generation.quality import SourceText, question_problems
from studybuddy.generation.schemas import StudyMaterial

from .analysis import Analysis
from .cheat_sheet import write_cheat_sheet
from .classification import classification_candidates
from .flashcards import write_flashcards
from .mnemonics import write_mnemonics
from .notes import write_notes
from .questions import ONE_TEST, QuestionWriter, select
from .suitability import judge

ENGINE_VERSION = "offline-1"


def generate_offline(document_json: str, session_id: str, question_count: int) -> str:
    """Everything for one document, as JSON (crosses the process boundary)."""
    document = StudyDocument.model_validate_json(document_json)
    suitability = judge(document)
    material = StudyMaterial(warnings=list(suitability.warnings))
    if not suitability.usable:
        return material.model_dump_json()  # a warning instead of confident-looking items made of filler
    analysis = Analysis(document)
    writer = QuestionWriter(analysis, session_id=session_id)
    # The gate every engine's output passes, applied before choosing: a candidate it would drop leaves room for the
    # next best instead of a gap, and the count warned about below is the count the student gets.
    source = SourceText(document.full_text)
    candidates = [*writer.candidates(), *classification_candidates(writer)]
    passing = [c for c in candidates if not question_problems(c.question, source)]
    material.questions = select(passing, question_count)
    enough = min(question_count, ONE_TEST)
    if len(material.questions) < enough:
        # Fewer, better items: the rest would be blanks on common words or options of the wrong kind.
        material.warnings.append(
            f"Only {len(material.questions)} questions passed the quality checks (a test needs {enough}): the "
            "material names too few examinable terms of one kind to write more without weak items."
        )
    material.mnemonics = write_mnemonics(analysis)
    material.cheat_sheet = write_cheat_sheet(analysis)
    material.notes = write_notes(analysis)
    material.flashcards = write_flashcards(analysis, session_id, material.mnemonics, writer)
    return material.model_dump_json()


class OfflineEngine:
    name = "offline"
    model = ENGINE_VERSION
    prompt_version = ENGINE_VERSION

    def __init__(self, executor: Executor | None = None) -> None:
        self.executor = executor  # None: the event loop's default thread pool

    async def generate(
        self, document: StudyDocument, *, session_id: str, question_count: int, on_step=None
    ) -> StudyMaterial:
        if on_step is not None:
            await on_step("Writing questions, mnemonics, cheat sheet and notes")
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self.executor, generate_offline, document.model_dump_json(), session_id, question_count
        )
        return StudyMaterial.model_validate_json(result)

    async def ping(self) -> tuple[bool, str | None]:
        return True, None
