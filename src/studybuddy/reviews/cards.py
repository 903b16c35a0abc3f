"""What goes on a card: a session's flashcard as it is, or a question the student got wrong in a mock test."""

from __future__ import annotations

from studybuddy.generation.schemas import Flashcard, Question

from .models import CardContent


def card_content_of(flashcard: Flashcard) -> CardContent:
    return CardContent(
        kind=flashcard.kind,
        front=flashcard.front,
        back=flashcard.back,
        source=flashcard.source,
        session_id=flashcard.session_id or None,
        tags=flashcard.tags,
    )


def mistake_content(question: Question, attempt_id: str) -> CardContent:
    """Question -> answer and explanation: the front is the question as it was asked, options included."""
    options = "\n".join(f"{option.label}. {option.text}" for option in question.options)
    answer = f"{question.correct_answer}. {question.option_text(question.correct_answer)}"
    return CardContent(
        kind="mistake",
        front=f"{question.question_text}\n{options}",
        back=f"{answer}\n\n{question.explanation}",
        source=question.source,
        session_id=question.session_id or None,
        tags=[question.subject, *question.tags],
        attempt_id=attempt_id,
        question_id=question.id,
    )
