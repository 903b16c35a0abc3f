"""What the engines produce (the spec's models, completed). Shared by every engine and the quality gate."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Difficulty = Literal["easy", "medium", "hard"]
LABELS = ("A", "B", "C", "D")


class QuestionOption(BaseModel):
    label: Literal["A", "B", "C", "D"]
    text: str


class QuestionSource(BaseModel):
    file: str | None = None
    page: int | None = None
    excerpt: str = Field(description="The passage of the material the question was drawn from, quoted exactly")


class Question(BaseModel):
    id: str = ""
    session_id: str = ""
    question_text: str
    options: list[QuestionOption]
    correct_answer: Literal["A", "B", "C", "D"]
    explanation: str
    difficulty: Difficulty = "medium"
    subject: str = "General"
    tags: list[str] = Field(default_factory=list)
    source: QuestionSource

    def option_text(self, label: str) -> str:
        return next((o.text for o in self.options if o.label == label), "")


class MnemonicLetter(BaseModel):
    letter: str
    term: str


class Mnemonic(BaseModel):
    topic: str
    mnemonic: str = Field(description="The memorable line")
    expansion: list[MnemonicLetter] = Field(description="Letter -> term, in the order the material lists them")
    explanation: str
    source: QuestionSource | None = None


class KeyTerm(BaseModel):
    term: str
    definition: str


class NumberFact(BaseModel):
    value: str
    context: str


class CheatSheetSection(BaseModel):
    heading: str
    points: list[str]


class CheatSheet(BaseModel):
    title: str
    sections: list[CheatSheetSection]
    key_terms: list[KeyTerm] = Field(default_factory=list)
    numbers_to_remember: list[NumberFact] = Field(default_factory=list)


class NotesSection(BaseModel):
    heading: str
    content: str
    key_points: list[str] = Field(default_factory=list)


class StudyNotes(BaseModel):
    title: str
    summary: str
    sections: list[NotesSection]


FlashcardKind = Literal["term", "cloze", "mnemonic", "number"]


class Flashcard(BaseModel):
    """One card to revise with: a prompt and its answer, citing the passage it came from like a question does."""

    id: str = ""
    session_id: str = ""
    kind: FlashcardKind = Field(
        description="term (term <-> definition), cloze (a key fact with a blank), mnemonic (list <-> mnemonic), "
        "number (a number to remember)"
    )
    front: str
    back: str
    tags: list[str] = Field(default_factory=list)
    source: QuestionSource


class StudyMaterial(BaseModel):
    """Everything one session's generation produced."""

    questions: list[Question] = Field(default_factory=list)
    mnemonics: list[Mnemonic] = Field(default_factory=list)
    cheat_sheet: CheatSheet | None = None
    notes: StudyNotes | None = None
    flashcards: list[Flashcard] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # output types that failed, for the session's warning
    warnings: list[str] = Field(default_factory=list)  # about the material itself (filler, not English, too thin)
    token_usage: dict[str, int] = Field(default_factory=dict)
