"""Flashcards: the offline engine's cards on the shared corpus, and the gate every engine's cards pass."""

from __future__ import annotations

import json
import re

from studybuddy.generation.flashcards import flashcard_problems, gate_flashcards, make_flashcard
from studybuddy.generation.quality import SourceText, near_duplicate
from studybuddy.generation.schemas import QuestionSource
from tests.corpus import TEXTS, document, material


def test_every_kind_of_card_from_the_corpus_grounded_and_standing_alone():
    kinds: set[str] = set()
    glossary_hits = glossary_size = 0
    for path in TEXTS:
        cards = material(path).flashcards
        source = SourceText(document(path).full_text)
        assert len(cards) >= 20, path.name
        kinds |= {card.kind for card in cards}
        for card in cards:
            assert card.source.file == path.name and source.contains(card.source.excerpt)
            assert card.id and card.session_id == "s"
            assert not re.match(r"^(This|These|It|They)\b", card.front)
            assert card.back.casefold() not in card.front.casefold() or card.kind == "mnemonic"
            if card.kind in ("cloze", "number"):
                assert card.front.count("_____") == 1
        for i, card in enumerate(cards):  # no two cards of a kind ask the same thing
            assert not any(c.kind == card.kind and near_duplicate(c.front, card.front) for c in cards[:i])
        # The textbook's own glossary: a good share of its terms are answers on the cards.
        gold = json.loads(path.with_name(path.name.replace(".txt", ".gold.json")).read_text())
        answers = {c.back.casefold().rstrip(".") for c in cards} | {
            c.front.casefold().removeprefix("define: ") for c in cards if c.kind == "term"
        }
        glossary_size += len(gold["key_terms"])
        glossary_hits += sum(term["term"].casefold() in answers for term in gold["key_terms"])
    assert kinds == {"term", "cloze", "number", "mnemonic"}
    assert glossary_hits / glossary_size >= 0.3


def test_mnemonic_cards_give_the_list_in_order():
    path = next(p for p in TEXTS if "upper-limb" in p.name)
    made = material(path)
    cards = [c for c in made.flashcards if c.kind == "mnemonic"]
    assert len(cards) == len(made.mnemonics) >= 1
    for card, mnemonic in zip(cards, made.mnemonics, strict=True):
        assert mnemonic.mnemonic in card.front
        assert card.back == "; ".join(f"{e.letter} = {e.term}" for e in mnemonic.expansion)


def test_the_gate_drops_ungrounded_dependent_and_duplicate_cards():
    text = "The ulna is the medial bone of the forearm. The radius is the lateral bone of the forearm."
    source = SourceText(text)
    where = QuestionSource(file="limb.txt", excerpt="The ulna is the medial bone of the forearm.")
    good = make_flashcard("s", "cloze", "The _____ is the medial bone of the forearm.", "Ulna", where)
    assert flashcard_problems(good, source) == []
    invented = make_flashcard(
        "s",
        "cloze",
        "The _____ has five toes.",
        "Foot",
        where.model_copy(update={"excerpt": "The foot has five toes."}),
    )
    leaning = make_flashcard("s", "cloze", "It is the medial bone of the _____.", "Forearm", where)
    giveaway = make_flashcard(
        "s", "term", "Define: Ulna (the medial bone of the forearm)", "the medial bone of the forearm", where
    )
    no_blank = make_flashcard("s", "cloze", "The ulna is the medial bone of the forearm.", "Ulna", where)
    twin = make_flashcard("s", "cloze", "The _____ is the medial bone of forearm.", "Ulna", where)
    assert "source excerpt not found in the material" in flashcard_problems(invented, source)
    assert "the front does not stand alone" in flashcard_problems(leaning, source)
    assert "the front gives the answer away" in flashcard_problems(giveaway, source)
    assert "a cloze card needs a blank" in flashcard_problems(no_blank, source)
    assert gate_flashcards([good, invented, leaning, giveaway, no_blank, twin], source) == [good]
    # Ids are stable: the same card made again is the same card (a re-import updates, a re-run re-enrols nothing).
    assert make_flashcard("s", "cloze", good.front, "Ulna", where).id == good.id
