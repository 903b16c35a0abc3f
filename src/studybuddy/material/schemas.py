"""How each output kind reads in the results JSON, and the whole of a session's material (the spec's shapes)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from studybuddy.generation.schemas import CheatSheet, Flashcard, Mnemonic, Question, StudyNotes

from . import examples
from .mock_tests import MockTestRead


class MnemonicRead(Mnemonic):
    id: str


class NotProduced(BaseModel):
    """``{}``: the session has none of a kind kept one per session (no notes could be written)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"description": "Empty: none was produced"})


class SessionMaterial(BaseModel):
    """Everything a session produced, one field per entry of ``material.kinds.KINDS`` (checked when that module
    loads), in the spec's order and names."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SESSION_MATERIAL]})

    questions: list[Question] = Field(default_factory=list)
    mock_tests: list[MockTestRead] = Field(default_factory=list)
    mnemonics: list[MnemonicRead] = Field(default_factory=list)
    cheat_sheets: list[CheatSheet] = Field(default_factory=list)
    notes: StudyNotes | NotProduced = Field(default_factory=NotProduced)
    flashcards: list[Flashcard] = Field(default_factory=list)
