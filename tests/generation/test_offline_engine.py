"""The offline engine on the shared corpus: the quality targets, mnemonics that match the stated lists, notes
and cheat sheets from the material's structure, determinism."""

from __future__ import annotations

import re

import pytest

from studybuddy.generation.evaluation import evaluate
from studybuddy.generation.lexicon import medical_lexicon
from studybuddy.generation.offline.distractors import disguises
from studybuddy.generation.quality import question_problems
from tests.conftest import CORPUS
from tests.corpus import TEXTS, document, material


@pytest.fixture(scope="module")
def corpus_reports() -> dict:
    """The quality report of every corpus text, evaluated once for the tests below."""
    reports = {}
    for path in TEXTS:
        doc = document(path)
        reports[path] = evaluate(
            doc, path.name, max(25, doc.word_count // 50), path.with_name(path.stem + ".review.json")
        )
    return reports


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_corpus_quality_targets(corpus_reports, path):
    report = corpus_reports[path]
    # Fewer, better items: a test's worth, or a warning that says why not (never a collapse). The floor is 8 while
    # definition questions wait for typed distractors of the material's named terms (items2: no mixed-kind fallback).
    assert report.questions >= 25 or (
        report.questions >= 8 and any("passed the quality checks" in w for w in report.warnings)
    )
    assert report.valid_percent == 100
    assert report.grounded_percent >= 95
    assert report.near_duplicate_pairs == 0


def test_review_answers_are_covered_across_the_corpus(corpus_reports):
    covered = sum(report.review_answers_covered for report in corpus_reports.values())
    total = sum(report.review_questions for report in corpus_reports.values())
    # Strict coverage: the book's review answer is the key of some question. Issue 11 aims at 50 %; this is the floor
    # reached today, held so it cannot slip. About half the book's answers are statements no term key can match.
    assert covered / total >= 0.24, f"{covered}/{total}"


def test_questions_are_well_formed_and_answers_are_not_given_away():
    for question in material(CORPUS / "text/m46368-bones-of-the-upper-limb-.txt").questions:
        assert question_problems(question, None) == []
        answer = question.option_text(question.correct_answer).lower()
        assert not re.search(rf"\b{re.escape(answer)}\b", question.question_text.lower())
        assert len({o.text.lower() for o in question.options}) == 4
        for option in question.options:
            if option.label != question.correct_answer:
                # No option is the key in disguise: inside it word for word, or around it ("carpal bones" and
                # "metacarpal bones" are different bones).
                assert not disguises(option.text, answer, medical_lexicon()), (option.text, answer)


def test_distractors_are_of_the_same_kind():
    bones = {
        "humerus",
        "ulna",
        "radius",
        "carpal",
        "metacarpal",
        "phalanx",
        "scaphoid",
        "lunate",
        "triquetrum",
        "pisiform",
        "trapezium",
        "trapezoid",
        "capitate",
        "hamate",
    }
    questions = material(CORPUS / "text/m46368-bones-of-the-upper-limb-.txt").questions
    bone_questions = [q for q in questions if q.option_text(q.correct_answer).lower() in bones]
    assert bone_questions
    for question in bone_questions:
        others = [o.text.lower() for o in question.options if o.label != question.correct_answer]
        assert sum(o in bones for o in others) >= 2, question.options


def test_numeric_questions_offer_nearby_numbers():
    questions = material(CORPUS / "text/m46368-bones-of-the-upper-limb-.txt").questions
    numeric = [q for q in questions if "numbers" in q.tags]
    assert numeric
    for question in numeric:
        values = [float(o.text.replace(",", "")) for o in question.options]
        answer = float(question.option_text(question.correct_answer).replace(",", ""))
        assert all(0.2 <= v / answer <= 5 for v in values)


def test_mnemonics_expand_to_the_stated_list_in_order():
    mnemonics = material(CORPUS / "text/m46368-bones-of-the-upper-limb-.txt").mnemonics
    by_topic = {m.topic.lower(): m for m in mnemonics}
    regions = by_topic["regions of the upper limb"]
    assert [e.term for e in regions.expansion] == ["arm", "forearm", "hand"]
    assert [e.letter for e in regions.expansion] == ["A", "F", "H"]
    line = regions.mnemonic.split(" (")[0]
    assert [w[0] for w in line.split() if w[0].isupper()] == ["A", "F", "H"]
    assert "These consist of the arm" in regions.source.excerpt


def test_notes_and_cheat_sheet_follow_the_material():
    result = material(CORPUS / "text/m46676-heart-anatomy-.txt")
    headings = [s.heading for s in result.notes.sections]
    assert result.notes.title == "Heart Anatomy" and "Coronary Arteries" in headings
    assert result.notes.summary and all(s.content for s in result.notes.sections)
    sheet = result.cheat_sheet
    assert sheet.key_terms and all(t.definition for t in sheet.key_terms)
    assert any("108,000" in n.value for n in sheet.numbers_to_remember)


def test_the_offline_engine_is_deterministic():
    path = CORPUS / "text/m46021-the-cell-membrane-.txt"
    assert material(path).model_dump() == material(path).model_dump()


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_options_are_the_materials_words_or_vocabulary_siblings_of_the_key(path):
    """An option the material does not name is a MeSH concept of the key's own kind (another carpal bone)."""
    lexicon = medical_lexicon()
    words = set(re.findall(r"[a-z0-9]+", path.read_text().lower()))
    for question in material(path, 40).questions:
        key = question.option_text(question.correct_answer)
        for option in question.options:
            if "numbers" in question.tags:
                continue
            invented = set(re.findall(r"[a-z0-9]+", option.text.lower())) - words
            if invented:
                assert lexicon.same_kind(key, option.text) or lexicon.same_branch(key, option.text), (
                    option.text,
                    question.question_text,
                )
