"""THE list of output kinds: everything a session can produce, each with where it is kept, how it reads in the
results JSON and how it exports. Nothing else in the service enumerates the kinds; to add one, see
"How to add an output kind" in docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel

from studybuddy.generation.schemas import CheatSheet, Question, StudyMaterial, StudyNotes
from studybuddy.store.port import CollectionSchema, Index

from . import markdown
from .schemas import MnemonicRead, MockTestRead, SessionMaterial

_OWNED = (Index(("session_id",)), Index(("user_id",)))


@dataclass(frozen=True)
class OutputKind:
    name: str
    """Its key in the results JSON, in the session's ``results_summary``, and its collection's name."""
    label: str
    """In the student's words, for messages ("Could not generate cheat sheet")."""
    read: type[BaseModel]
    """One item as the results JSON shows it; stored as that plus its owner and position."""
    markdown: Callable[[Sequence[Any]], list[str]]
    export_rank: int
    """Where it comes in study-material.md: notes first, as a student reads."""
    generated: str | None
    """The ``StudyMaterial`` field an engine fills; None for kinds the pipeline builds from others (mock tests)."""
    single: bool = False
    """One per session, read as an object (``{}`` when there is none) rather than a list."""

    @property
    def collection(self) -> CollectionSchema:
        return CollectionSchema(self.name, _OWNED)

    def produced_by(self, material: StudyMaterial) -> list[BaseModel]:
        """This kind's items in what an engine returned (a single kind: none or one)."""
        if self.generated is None:
            return []
        value = getattr(material, self.generated)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]


QUESTIONS = OutputKind(
    "questions", "questions", Question, markdown.questions_markdown, export_rank=4, generated="questions"
)
MOCK_TESTS = OutputKind("mock_tests", "mock tests", MockTestRead, markdown.mock_tests_markdown, 5, generated=None)
MNEMONICS = OutputKind("mnemonics", "mnemonics", MnemonicRead, markdown.mnemonics_markdown, 3, generated="mnemonics")
CHEAT_SHEETS = OutputKind(
    "cheat_sheets", "cheat sheet", CheatSheet, markdown.cheat_sheets_markdown, 2, generated="cheat_sheet"
)
NOTES = OutputKind("notes", "notes", StudyNotes, markdown.notes_markdown, 1, generated="notes", single=True)

KINDS: tuple[OutputKind, ...] = (QUESTIONS, MOCK_TESTS, MNEMONICS, CHEAT_SHEETS, NOTES)
GENERATED = tuple(kind for kind in KINDS if kind.generated is not None)
COLLECTIONS = tuple(kind.collection for kind in KINDS)


def kind_generated_as(field: str) -> OutputKind:
    """The kind an engine's ``StudyMaterial`` field holds (``missing`` lists these fields)."""
    return next(kind for kind in GENERATED if kind.generated == field)


def too_little_generated(material: StudyMaterial) -> bool:
    """No questions and most other kinds failed: the engine is failing (a quota, an outage) rather than the
    material being thin, so the session fails and the student can retry instead of getting a near-empty result."""
    return not material.questions and len(material.missing) > len(GENERATED) // 2


def _holds_records(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_records(arg) for arg in get_args(annotation))


def engine_outputs() -> set[str]:
    """The ``StudyMaterial`` fields holding generated records (not its bookkeeping: missing, token usage, ...)."""
    return {name for name, field in StudyMaterial.model_fields.items() if _holds_records(field.annotation)}


def _check() -> None:
    # The read model and the engines' output must name exactly the kinds listed here: a kind added to one and not
    # the other fails at import, not in a student's results.
    names = [kind.name for kind in KINDS]
    if list(SessionMaterial.model_fields) != names:
        raise RuntimeError(f"SessionMaterial fields {list(SessionMaterial.model_fields)} != KINDS {names}")
    if engine_outputs() != {kind.generated for kind in GENERATED}:
        raise RuntimeError(f"StudyMaterial outputs {sorted(engine_outputs())} do not match the generated KINDS")


_check()
