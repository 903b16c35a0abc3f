"""A "Define: X" card's back is a definition the material states of X itself: never that of a longer name
holding X, nor a clause cut mid-way. Each case is a real sentence of the shared corpus."""

from __future__ import annotations

import re

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.flashcards import term_cards
from tests.corpus import TEXTS, document


def _define_cards(name: str) -> dict[str, tuple[str, str]]:
    path = next(p for p in TEXTS if name in p.name)
    cards = term_cards(Analysis(document(path)), "s")
    return {c.front.removeprefix("Define: "): (c.back, c.source.excerpt) for c in cards if c.front.startswith("Define")}


def test_a_longer_name_holding_the_term_does_not_define_it():
    """ "The sodium/potassium pump is the carrier protein ..." once made "Define: Sodium → The carrier protein"."""
    cards = _define_cards("action-potential")
    assert "Sodium" not in cards
    assert all("carrier protein" not in back.lower() for back, _ in cards.values())


def test_a_clause_cut_mid_way_is_not_a_definition():
    """ "This type of channel is also known as an ionotropic receptor because when the ligand, known as a
    neurotransmitter ..." once made "Define: Neurotransmitter → An ionotropic receptor because when the ligand"."""
    cards = _define_cards("action-potential")
    assert "Neurotransmitter" not in cards
    assert all(not re.search(r"\bbecause\b|\bwhen\b", back) for back, _ in cards.values())


def test_every_definition_is_stated_of_its_own_term():
    for name in ("erythrocytes", "the-stomach", "action-potential"):
        for term, (back, excerpt) in _define_cards(name).items():
            said = re.search(rf"\b{re.escape(term)}(?:s|es)?\s*(?:\([^)]*\)\s*)?(?:is|are|,)\s", excerpt, re.I)
            named = re.search(
                rf"\b(?:called|known as|termed|named|referred to as)\s+(?:the\s+|an?\s+)?{re.escape(term)}",
                excerpt,
                re.I,
            )
            assert said or named, (term, back, excerpt)
            assert back.split()[-1].rstrip(".").lower() not in {"the", "a", "an", "of", "both"}, (term, back)
