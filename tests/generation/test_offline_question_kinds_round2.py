"""Second round on the independent grade's defects (docs/quality-grades-unseen.md): distractors only from the
Distractors API (no mixed-kind fallback), stems that stand alone (CTX) and blanks on the fact (WRONGBLANK), each
locked with the corpus sentence it came from. Candidates are checked before selection, so a weak item cannot hide
behind a better one that outranks it."""

from __future__ import annotations

from functools import cache

import pytest

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.context import leans_on_previous, named_by_dash, names_a_likeness_before
from studybuddy.generation.offline.questions import Candidate, QuestionWriter
from tests.corpus import TEXTS, document


@cache
def candidates(name: str) -> list[Candidate]:
    path = next(p for p in TEXTS if name in p.name)
    return QuestionWriter(Analysis(document(path)), session_id="s").candidates()


def stems(name: str) -> list[str]:
    return [c.question.question_text for c in candidates(name)]


def key_of(candidate: Candidate) -> str:
    question = candidate.question
    return question.option_text(question.correct_answer)


# --- distractors come from one place ------------------------------------------------------------------------------


def test_a_process_is_never_offered_beside_the_class_that_holds_it():
    """Passive transport asked from its definition was offered "Diffusion" (a kind of passive transport) by the
    section's-other-names fallback; without three typed distractors from the Distractors API it is not asked."""
    for candidate in candidates("cell-membrane"):
        if key_of(candidate) == "Passive transport":
            texts = {o.text for o in candidate.question.options}
            assert "Diffusion" not in texts, candidate.question.question_text


# --- CTX: the stem stands alone -----------------------------------------------------------------------------------


def test_a_consequence_of_this_leans():
    assert leans_on_previous(
        "Because of this, depolarization spreading back toward previously opened channels has no effect."
    )
    assert not any(s.startswith(("Because of this", "Fill in the blank: Because of this")) for s in stems("action"))


def test_a_conclusion_before_the_verb_leans():
    """C: "Fill in the blank: Having an internal body temperature around 98.6° F thus aids in _____ of particles"
    — thus from what?"""
    assert leans_on_previous(
        "Having an internal body temperature around 98.6° F thus also aids in diffusion of particles within the body."
    )
    assert not leans_on_previous("The membrane is thus a barrier.")  # not before a verb in -s: left alone
    assert not any(s.startswith("Fill in the blank: Having an internal body") for s in stems("cell-membrane"))


def test_the_likeness_the_sentence_before_drew_is_context():
    """S: "The wider end of the funnel, the _____" — which funnel the stem alone does not say."""
    before = "The funnel-shaped pylorus connects the stomach to the duodenum."
    assert names_a_likeness_before(
        "The wider end of the funnel, the pyloric antrum, connects to the body of the stomach.", before
    )
    assert not names_a_likeness_before("The pylorus connects the stomach to the duodenum.", before)
    assert not any("The wider end of the funnel, the _____" in s for s in stems("stomach"))


def test_a_dash_bullet_that_names_itself_is_not_doubled():
    text = (
        "Parietal cells—Located primarily in the middle region of the gastric glands are parietal cells, which are "
        "among the most highly differentiated of the body’s epithelial cells."
    )
    assert named_by_dash(text).lower().count("parietal cells") == 1
    finally_ = (
        "Enteroendocrine cells—Finally, enteroendocrine cells found in the gastric glands secrete various hormones."
    )
    assert named_by_dash(finally_).startswith("Enteroendocrine cells found in")


def test_a_second_clause_does_not_ride_into_the_question():
    """A: "Which of the following allow Na+ to slowly move into the cell or K+ to slowly move out, and the Na+/K+
    pump restores them?"; "… at a voltage of -70 mV, so the sodium cation entering the cell will cause it …"."""
    for stem in stems("action"):
        if stem.startswith("Which of the following"):
            assert "restores them" not in stem and ", so the sodium cation" not in stem, stem


def test_one_that_is_no_stem():
    """C: "Which of the following is one that contains both a hydrophilic and a hydrophobic region?"."""
    assert not any(" is one that " in s for s in stems("cell-membrane"))


# --- WRONGBLANK and PART: the blank is the fact -------------------------------------------------------------------


@pytest.mark.parametrize(
    "fragment",
    [
        # A: the fact is the resting voltage the leakage channels set, not whose membrane it is
        "resting transmembrane voltage of which of the following",
        "resting transmembrane voltage of the _____",
        # A: the head of "sodium ions" blanked → Ion
        "attract the sodium which of the following",
        "attract the sodium _____",
        # A: the describing word dangles before "which"
        "an existing which of the following",
    ],
)
def test_the_blank_is_not_a_word_of_a_longer_name_or_its_owner(fragment):
    assert not any(fragment in s for s in stems("action"))


# --- counts the book spells in words ------------------------------------------------------------------------------


def test_a_count_in_words_is_a_numeric_fact():
    """C: "each Na+/K+ pump moves three Na+ ions out of the cell and two K+ ions into the cell" — the classic 3:2
    no digit marks, asked with figures for options."""
    asked = [
        c
        for c in candidates("cell-membrane")
        if c.kind == "number" and "pump moves _____ Na+ ions out of the cell" in c.question.question_text
    ]
    assert asked and key_of(asked[0]) == "3"
    assert len({o.text for o in asked[0].question.options}) == 4


def test_a_count_in_an_aside_or_hedge_is_not_asked():
    stems_ = stems("action")
    assert not any("rectangular battery with _____" in s for s in stems_)
    assert not any("one or _____ orders" in s for s in stems_)


def test_a_count_whose_list_follows_is_not_asked():
    """R: "The oropharynx contains _____ distinct sets of tonsils, the palatine and lingual tonsils." (→ 2)."""
    assert not any("_____ distinct sets of tonsils" in s for s in stems("respiratory"))
