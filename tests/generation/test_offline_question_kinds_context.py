"""Stems that stand alone (CTX), the defined term asked rather than a word beside it (WRONGBLANK), and the
book's "This is called X" names asked from their description: the defects of the independent grade of unseen
sections (docs/quality-grades-unseen.md), each locked in with the corpus sentence it came from."""

from __future__ import annotations

from functools import cache

import pytest

from studybuddy.generation.offline.context import leans_on_previous
from studybuddy.generation.schemas import StudyMaterial
from tests.corpus import TEXTS, material

ACTION_POTENTIAL = next(p for p in TEXTS if "action-potential" in p.name)
CELL_MEMBRANE = next(p for p in TEXTS if "cell-membrane" in p.name)
ERYTHROCYTES = next(p for p in TEXTS if "erythrocytes" in p.name)


@cache
def made(name: str) -> StudyMaterial:
    path = next(p for p in TEXTS if name in p.name)
    return material(path, count=30)


def keyed(result: StudyMaterial, key: str) -> list[str]:
    return [q.question_text for q in result.questions if q.option_text(q.correct_answer).lower() == key.lower()]


# --- CTX: a sentence that leans on the one before is never a stem on its own ------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # E15: both of what (hephaestin and ceruloplasmin)?
        "Both enable the oxidation of iron from Fe2+ to Fe3+, a form in which it can be bound to its transport "
        "protein, transferrin, for transport to body cells.",
        # A13: which channel?
        "Then the channel closes again and the membrane can return to the resting potential because of the ongoing "
        "activity of the non-gated channels and the Na+/K+ pump.",
        # A9: as well as what?
        "A concentration gradient acts on K+, as well.",
        # E8: 76 percent of what?
        "About 76 percent dissolves in the plasma, some of it remaining as dissolved CO2, and the remainder forming "
        "bicarbonate ion.",
        "So another way that channels can be categorized is on the basis of how they are gated.",
    ],
)
def test_sentences_that_point_back_lean(sentence):
    assert leans_on_previous(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Both the greater and lesser tubercles serve as attachment sites for muscles that act across the shoulder "
        "joint.",
        "Both simple and pseudostratified columnar epithelia are heterogeneous epithelia because they include "
        "additional types of cells interspersed among the epithelial cells.",
    ],
)
def test_both_a_and_b_stands_alone(sentence):
    assert not leans_on_previous(sentence)


@pytest.mark.parametrize("name", ["action-potential", "erythrocytes"])
def test_no_stem_carries_a_leftover_pointer(name):
    stems = [q.question_text for q in made(name).questions]
    for stem in stems:
        assert not stem.startswith(("Both ", "Then ", "So ")), stem
        assert " also " not in stem and "as well?" not in stem, stem
        assert "Which of the following can be specified by the diameter" not in stem  # A2: relation of a leaner
        assert not stem.startswith("Fill in the blank: About 76 percent"), stem


# --- WRONGBLANK: the sentence's defined term is the answer, not a word beside it ------------------------------


def test_the_named_period_is_asked_not_the_depolarization():
    # A15: "Because voltage-gated Na+ channels are inactivated at the peak of the _____, they cannot be opened
    # again for a brief time—the absolute refractory period." blanked "depolarization".
    result = made("action-potential")
    assert not any("absolute refractory period" in s.lower() for s in keyed(result, "Depolarization"))
    # Asked only with three distractors of its kind from the Distractors API (no fallback of the section's names).
    for stem in keyed(result, "Absolute refractory period"):
        assert "known as which of the following" in stem and "absolute" not in stem.lower()


def test_a_definition_sentence_asks_for_the_term_it_defines():
    # "Osmosis is the diffusion of water through a semipermeable membrane." was asked as "Osmosis is the diffusion
    # of water through which of the following?" (→ Semipermeable membrane).
    result = made("cell-membrane")
    assert not any(s.startswith("Osmosis is") for s in (q.question_text for q in result.questions))
    for stem in keyed(result, "Osmosis"):
        assert stem == "Which of the following is the diffusion of water through a semipermeable membrane?"
        question = next(q for q in result.questions if q.question_text == stem)
        wrong = {o.text for o in question.options if o.label != question.correct_answer}
        assert "Diffusion" not in wrong  # osmosis is a diffusion: offered, it would be a second right answer


def test_the_subject_term_is_not_given_away_for_a_word_after_it():
    # A19: "Saltatory conduction is faster because … the new influx of Na+ renews which of the following?"
    # (→ Depolarized membrane).
    stems = [q.question_text for q in made("action-potential").questions]
    assert not any(s.startswith("Saltatory conduction is faster") for s in stems)


# --- definition → term from the book's own "This is called X" ---------------------------------------------------


def test_this_is_called_names_become_questions():
    # "Channels for anions … This is called electrochemical exclusion, meaning that the channel pore is
    # charge-specific." and "… This is called size exclusion.": glossary terms no question asked before.
    result = made("action-potential")
    # Asked only when the Distractors API types three options for them (the section's-names fallback is gone).
    for stem in keyed(result, "Electrochemical exclusion"):
        assert stem == "Which of the following terms means that the channel pore is charge-specific?"
    for stem in keyed(result, "Size exclusion"):
        assert stem.endswith("This is called which of the following?") and "exclusion" not in stem.lower()
    assert keyed(result, "Depolarization") or keyed(result, "Repolarization")  # the shape still asks what it can


def test_a_vague_definition_is_no_question():
    # "Filtration is an extremely important process in the body." names nothing a student could pick out.
    stems = [q.question_text for q in made("cell-membrane").questions]
    assert "Which of the following is an extremely important process in the body?" not in stems


def test_a_possessive_is_never_the_blank():
    # S5: "The stomach _____’s epithelial lining consists only of surface mucus cells …" (→ Mucosa).
    stems = [q.question_text for q in made("stomach").questions]
    assert not any("_____’s" in s or "_____'s" in s for s in stems)
