"""Flashcards every engine shares: stable ids, cards made from mnemonics, and the gate each card passes.

The gate holds a card to what a question is held to: its excerpt is in the material (grounded), it is not a
near-duplicate of a card already kept, and it stands alone (a front that opens with "This", "It" or "These" points
at a sentence the student will not see on the card).
"""

from __future__ import annotations

import hashlib
import re

from .quality import SourceText, near_duplicate
from .schemas import Flashcard, FlashcardKind, Mnemonic, QuestionSource

_NEEDS_CONTEXT = re.compile(
    r"^(?:This|These|That|Those|It|Its|They|Their|Such|Here|There|Both|Each of these|The above|The following)\b"
)
_BLANK = "_____"


def flashcard_id(session_id: str, kind: FlashcardKind, front: str) -> str:
    return hashlib.sha256(f"{session_id}\x1fflashcard\x1f{kind}\x1f{front}".encode()).hexdigest()[:24]


def make_flashcard(
    session_id: str, kind: FlashcardKind, front: str, back: str, source: QuestionSource, tags: list[str] | None = None
) -> Flashcard:
    front, back = " ".join(front.split()), back.strip()
    return Flashcard(
        id=flashcard_id(session_id, kind, front),
        session_id=session_id,
        kind=kind,
        front=front,
        back=back,
        tags=tags or [],
        source=source,
    )


def mnemonic_cards(mnemonics: list[Mnemonic], session_id: str) -> list[Flashcard]:
    """List <-> mnemonic: the front names the list and gives the line; the back is the list, letter by letter."""
    cards = []
    for mnemonic in mnemonics:
        if mnemonic.source is None or not mnemonic.expansion:
            continue
        items = "; ".join(f"{entry.letter.upper()} = {entry.term}" for entry in mnemonic.expansion)
        cards.append(
            make_flashcard(
                session_id,
                "mnemonic",
                f"{mnemonic.topic}: name all {len(mnemonic.expansion)} in order. Mnemonic: {mnemonic.mnemonic}",
                items,
                mnemonic.source,
                tags=[mnemonic.topic],
            )
        )
    return cards


def flashcard_problems(card: Flashcard, source: SourceText | None) -> list[str]:
    problems = []
    front, back = card.front.strip(), card.back.strip()
    if not front or not back:
        problems.append("empty front or back")
    if _NEEDS_CONTEXT.match(front):
        problems.append("the front does not stand alone")
    if card.kind == "cloze" and _BLANK not in front:
        problems.append("a cloze card needs a blank")
    if card.kind in ("cloze", "number", "term") and back and back.casefold() in front.casefold():
        problems.append("the front gives the answer away")
    if source is not None and not source.contains(card.source.excerpt):
        problems.append("source excerpt not found in the material")
    return problems


def gate_flashcards(cards: list[Flashcard], source: SourceText | None) -> list[Flashcard]:
    """The cards that pass every check and are not near-duplicates of one already kept (same kind)."""
    kept: list[Flashcard] = []
    for card in cards:
        if flashcard_problems(card, source):
            continue
        if any(k.kind == card.kind and near_duplicate(k.front, card.front) for k in kept):
            continue
        kept.append(card)
    return kept
