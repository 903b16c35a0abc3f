"""Relation questions from the relations the material states ("The eccrine glands that produce and secrete sweat
are another example"), asked the way the book's review questions are, with no distractor the material says also
stands in that relation."""

from __future__ import annotations

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.questions import QuestionWriter
from tests.corpus import TEXTS, document

EPITHELIAL = next(p for p in TEXTS if "epithelial" in p.name)


def relation_questions() -> dict[str, list[str]]:
    writer = QuestionWriter(Analysis(document(EPITHELIAL)), "s")
    found = {}
    for candidate in writer.candidates():
        if candidate.answer_key.endswith("#relation"):
            question = candidate.question
            key = next(o.text for o in question.options if o.label == question.correct_answer)
            found[question.question_text] = [key] + [o.text for o in question.options if o.text != key]
    return found


def test_a_stated_maker_is_asked_for_with_other_glands_as_distractors():
    # epithelial tissue: "The eccrine glands that produce and secrete sweat are another example."
    options = relation_questions()["Which of the following produce and secrete sweat?"]
    assert options[0] == "Eccrine glands"
    assert all(o.lower().endswith(("glands", "gland")) for o in options)
    # "Apocrine sweat glands in the axillary and genital areas release …": they make sweat too, never wrong
    assert not any("apocrine" in o.lower() for o in options[1:])
