"""The offline engine's questions test what the book teaches: each defect class the teacher found, locked in on a
real sentence (from the corpus, or from the issue where its example came from a section the corpus lacks)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.lexicon import medical_lexicon
from studybuddy.generation.offline.engine import generate_offline
from studybuddy.generation.quality import stands_alone
from studybuddy.generation.schemas import StudyMaterial
from tests.corpus import TEXTS, material


def keys(result: StudyMaterial) -> list[str]:
    return [q.option_text(q.correct_answer) for q in result.questions]


def from_text(text: str, heading: str = "Adrenal glands", count: int = 10) -> StudyMaterial:
    document = StudyDocument(sections=[Section(heading=heading, text=text, source=Source(file="notes.txt"))])
    return StudyMaterial.model_validate_json(generate_offline(document.model_dump_json(), "s", count))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_keys_are_examinable_terms_never_everyday_words(path):
    lexicon = medical_lexicon()
    result = material(path)
    everyday = [
        k for k in keys(result) if not re.fullmatch(r"[\d.,]+", k) and len(k.split()) == 1 and not lexicon.is_term(k)
    ]
    assert len(everyday) <= 0.1 * len(result.questions), everyday


def test_a_stock_phrase_or_common_word_is_never_the_blank():
    # m46368: the old engine blanked "thumb" in "The fingers and _____ contain a total of 14 bones".
    assert "Thumb" not in keys(material(TEXTS[2]))
    # The examples: "the fight-or-_____ response", "dysregulation of the _____" → Hormones.
    result = from_text(
        "The adrenal medulla drives the fight-or-flight response. Stress activates the sympatho-medullary pathway, "
        "and the adrenal medulla secretes epinephrine and norepinephrine into the blood. Cushing syndrome is caused "
        "by dysregulation of the hormones of the adrenal cortex. The adrenal cortex secretes cortisol, aldosterone "
        "and androgens. The zona glomerulosa secretes aldosterone. The zona fasciculata secretes cortisol. The zona "
        "reticularis secretes androgens. Aldosterone regulates sodium and potassium in the kidney. Cortisol raises "
        "blood glucose during stress."
    )
    assert not {"Fight", "Flight", "Hormones", "Stress", "Birth", "Discovery"} & set(keys(result))


def test_half_of_a_term_is_never_the_key():
    # The issue: "_____ reticularis" → Zona.
    result = from_text(
        "The adrenal cortex has three layers. The outermost layer, the zona glomerulosa, secretes aldosterone. "
        "The middle layer, the zona fasciculata, secretes cortisol. The innermost layer, the zona reticularis, "
        "secretes androgens such as dehydroepiandrosterone. Aldosterone acts on the kidney tubules."
    )
    assert not any(k.lower() in ("zona", "reticularis", "glomerulosa", "fasciculata") for k in keys(result))
    # m46368: "carpal" alone is half of "carpal bone".
    assert "Carpal" not in keys(material(TEXTS[2]))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_stems_stand_alone_and_difficulties_are_mixed(path):
    result = material(path)
    assert all(stands_alone(q.question_text) for q in result.questions)
    difficulties = Counter(q.difficulty for q in result.questions)
    assert set(difficulties) == {"easy", "medium", "hard"}, difficulties
    assert sum(q.question_text.startswith("Fill in the blank") for q in result.questions) <= 0.67 * len(
        result.questions
    )


def test_explanations_give_the_relation_the_source_and_a_tempting_distractor():
    result = material(TEXTS[2])
    for question in result.questions:
        assert "“" in question.explanation  # the source passage, quoted
    # A tempting distractor is explained only by a statement on the same point: "Deltoid tuberosity is not the
    # answer: “… located on the lateral side in the middle of the humerus shaft.”" beside the greater tubercle's
    # "lateral side of the proximal humerus". Graders read any other sentence about it as an irrelevant quotation
    # ("Styloid process is not the answer" for the neck of the radius).
    explained = [q for q in result.questions if "is not the answer" in q.explanation]
    assert explained
    for question in explained:
        assert "Styloid process is not the answer" not in question.explanation, question.explanation


def test_a_term_glossed_where_it_is_named_is_asked_from_its_gloss():
    # m46368: "… is the trochlea, a spindle- or pulley-shaped region, which articulates with the ulna bone."
    result = material(TEXTS[2], count=41)  # as many as the pipeline asks for this section
    glossed = [q for q in result.questions if q.question_text.startswith("Which of the following is a spindle-")]
    assert glossed and glossed[0].option_text(glossed[0].correct_answer) == "Trochlea"


def test_a_stem_that_points_back_inside_is_not_written():
    # m46676: "Located in each of these openings …", "… in this case, toward …", "Unlike these other cardiac veins".
    assert not stands_alone(
        "Fill in the blank: Located in each of these openings between the atria and _____ is a valve."
    )
    assert not stands_alone("Blood flows from higher to lower pressure areas, in this case, toward the _____.")
    assert not stands_alone("Fill in the blank: Only three of these bones, the _____, lunate, and triquetrum, join.")
    assert stands_alone("Which of the following is located between the two atria?")
    for path in TEXTS:
        assert all(stands_alone(q.question_text) for q in material(path).questions)


def test_a_group_and_its_member_are_never_offered_together():
    # m46676: "the mitral valve, also called the bicuspid valve or the left atrioventricular valve" makes it one of
    # the atrioventricular valves; MeSH files the aorta under "Blood Vessels" and the mitral valve under "Heart
    # Valves". Either pair offered together makes two right answers.
    result = material(TEXTS[6], count=59)
    for question in result.questions:
        key = question.option_text(question.correct_answer).lower().rstrip("s")
        texts = {o.text.lower().rstrip("s") for o in question.options}
        if key == "atrioventricular valve":
            assert not texts & {"mitral valve", "tricuspid valve", "bicuspid valve", "heart valve"}, texts
        if key in ("mitral valve", "tricuspid valve"):
            assert "atrioventricular valve" not in texts, texts
        if key in ("aorta", "coronary sinus"):
            assert "blood vessel" not in texts, texts


def test_an_organ_in_everyday_words_is_no_key():
    # m46676: "propelling blood to the _____" → Lungs; "plus the _____ that supply the myocardium" → Blood vessels.
    assert not {"Lungs", "Blood vessels", "Heart"} & set(keys(material(TEXTS[6], count=59)))


def test_a_figure_the_stem_prints_is_never_an_option():
    # m46676: "_____ cm (5 in) in length, 8 cm (3.5 in) wide, and 6 cm (2.5 in) in thickness" offered 8 and 6.
    for question in material(TEXTS[6], count=59).questions:
        printed = set(re.findall(r"\d[\d,.]*", question.question_text))
        assert not printed & {o.text for o in question.options}, question.question_text
