"""What goes on a card: a session's flashcard as it is, or a question the student got wrong in a mock test."""

from __future__ import annotations

from studybuddy.generation.schemas import Flashcard, Question
from studybuddy.material.cards import CardFace

from .models import CardContent, ReviewCard


def card_content_of(flashcard: Flashcard) -> CardContent:
    return CardContent(
        kind=flashcard.kind,
        front=flashcard.front,
        back=flashcard.back,
        source=flashcard.source,
        session_id=flashcard.session_id or None,
        tags=flashcard.tags,
        flashcard_id=flashcard.id or None,
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


def review_card_face(card: ReviewCard) -> CardFace:
    """A deck card for an export, keyed like the session export keys the same flashcard or question, so the
    card is one Anki note whichever export it arrived in."""
    if card.flashcard_id:
        key = f"flashcard:{card.flashcard_id}"
    elif card.question_id:
        key = f"question:{card.question_id}"
    else:
        key = f"card:{card.id}"
    return CardFace(key=key, front=card.front, back=card.back, source=card.source, tags=card.tags, kind=card.kind)
