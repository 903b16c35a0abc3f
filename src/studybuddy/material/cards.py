"""Material as cards to study from: one shape for a question, a flashcard or a card of the review deck, so
every export (Anki, CSV, PDF, Markdown) writes cards one way."""

from __future__ import annotations

from dataclasses import dataclass, field

from studybuddy.generation.schemas import Flashcard, Question, QuestionSource


@dataclass(frozen=True)
class CardFace:
    key: str
    """Stable across exports: an Anki note's guid comes from it, so importing again updates the note."""
    front: str
    back: str
    source: QuestionSource | None = None
    tags: list[str] = field(default_factory=list)
    kind: str = "card"


def source_line(source: QuestionSource | None) -> str:
    """'heart.pdf, page 3: "The heart has four chambers."'; empty when unknown."""
    if source is None:
        return ""
    where = source.file or ""
    if source.page:
        where += (", " if where else "") + f"page {source.page}"
    quoted = f"“{source.excerpt.strip()}”" if source.excerpt.strip() else ""
    return ": ".join(part for part in (where, quoted) if part)


def question_face(question: Question) -> CardFace:
    """Front: the stem and its options; back: the answer, why, and where it comes from."""
    options = "\n".join(f"{o.label}. {o.text}" for o in question.options)
    return CardFace(
        key=f"question:{question.id}",
        front=f"{question.question_text}\n\n{options}",
        back=f"{question.correct_answer}. {question.option_text(question.correct_answer)}\n\n{question.explanation}",
        source=question.source,
        tags=[question.subject, question.difficulty, *question.tags],
        kind="question",
    )


def flashcard_face(card: Flashcard) -> CardFace:
    return CardFace(
        key=f"flashcard:{card.id}", front=card.front, back=card.back, source=card.source, tags=card.tags, kind=card.kind
    )
