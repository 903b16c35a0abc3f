"""Stems and keys a teacher rejects on sections nobody tuned on (docs/quality-grades-heldout.md): the key cued by
its own root, the joint named by its two bones, the thing acted on asked where the cause is the fact, the section's
topic, half a spoken range, a stem that opens on a sentence it does not carry, one key spent twice, and an
explanation asserting a class the text never states. Each rule is locked in with the real sentence it came from."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.context import split_sentences
from studybuddy.generation.offline.questions import QuestionWriter
from studybuddy.generation.quality import repeats_root
from studybuddy.generation.schemas import Question, StudyMaterial
from tests.corpus import TEXTS, document, material

HELDOUT = Path(__file__).resolve().parents[2] / "docs" / "heldout"


@cache
def heldout(name: str) -> StudyMaterial:
    return material(next(p for p in HELDOUT.glob("*.txt") if name in p.name), count=45)


def key_of(question: Question) -> str:
    return question.option_text(question.correct_answer)


# --- CUE: the key's root in the stem ---------------------------------------------------------------------------


def test_the_root_a_prefix_builds_on_cues_the_key():
    # "The trochanters are connected … by the larger ___" → intertrochanteric crest; "lateral side of the ___ is the
    # lateral epicondyle" → condyle; "condyles are separated by … ___" → intercondylar fossa.
    stem = "The trochanters are connected on the posterior side of the femur by the larger _____."
    assert repeats_root(stem, "intertrochanteric crest")
    assert repeats_root("The roughened area on the lateral side of the _____ is the lateral epicondyle.", "condyle")
    assert repeats_root(
        "the medial and lateral condyles are separated by a deep depression called", "intercondylar fossa"
    )
    # A neighbour's name is no cue: the fibular notch is on the tibia.
    assert not repeats_root("On the lateral side of the distal tibia is a wide groove called", "fibular notch")


def test_no_lower_limb_stem_names_its_keys_root():
    for question in heldout("lower-limb").questions:
        assert not repeats_root(question.question_text.replace("_____", " "), key_of(question)), question.question_text


# --- CUE: "which joint?" with both articulating bones named ----------------------------------------------------


def test_a_joint_is_never_asked_from_the_bones_that_articulate_in_it():
    # "The lateral and medial condyles articulate with the tibia to form the knee joint", "… spans the femur and
    # acetabulum … the hip joint", "… articulates with the tibia and fibula to form the ankle joint".
    for question in heldout("lower-limb").questions:
        if key_of(question).lower().endswith("joint"):
            assert not re.search(r"articulat|\bspans?\b", question.question_text, re.I), question.question_text


def test_the_bone_of_the_ankle_is_asked_instead():
    # The book's review question: the talus articulates with the tibia and fibula.
    keys = {key_of(q).lower() for q in heldout("lower-limb").questions}
    assert keys & {"talus", "talus bone"}


# --- WRONGBLANK: the cause of a process step, not what it acts on --------------------------------------------


def test_the_cause_is_asked_not_what_it_acts_on():
    questions = heldout("muscle-fiber").questions
    for question in questions:
        # "ATP binding causes the myosin head to detach from ___" → actin; "In the absence of ATP, … detach from ___".
        if key_of(question).lower() == "actin":
            assert "detach" not in question.question_text, question.question_text
        # "…, causing the rigidity in the ___" → skeletal muscles.
        assert "rigidity in" not in question.question_text
    asked = {q.question_text for q in questions if key_of(q) == "ATP"}
    assert any("causes the myosin head to detach" in stem for stem in asked), asked


def test_agent_sentences_become_questions_on_the_cause():
    # "ATP binding causes the myosin head to detach from the actin." and "In the absence of ATP, the myosin head
    # will not detach from actin.": the agent is the blank, in the sentence's own words.
    path = next(HELDOUT.glob("*muscle-fiber*.txt"))
    writer = QuestionWriter(Analysis(document(path)), "s")
    stems = {c.question.question_text for s in writer.analysis.sentences for c in writer.agent(s)}
    assert "Binding of which of the following causes the myosin head to detach from the actin?" in stems
    assert "Fill in the blank: In the absence of _____, the myosin head will not detach from actin." in stems


def test_the_troponin_calcium_step_is_asked():
    # None of the contraction chain was asked: tropomyosin was kept out as "also true" because a sentence
    # elsewhere says Ca++ is pumped back, "which causes the tropomyosin to reshield the binding sites".
    stems = {q.question_text: key_of(q) for q in heldout("muscle-fiber").questions}
    assert "Troponin" in stems.values(), stems


def test_the_sarcoplasmic_reticulum_ends_a_sentence():
    text = "It closes the voltage-gated calcium channels in the SR. Ca++ ions are then pumped back into the SR."
    assert len(split_sentences(text)) == 2
    assert len(split_sentences("Dr. Smith wrote it. Sr. Jones read it.")) == 2
    assert len(split_sentences("Pull, detach, re-cock, etc. This repeated movement is the cycle.")) == 2


# --- PART and NUM: the topic, the chapter, half of a range ----------------------------------------------------


def test_the_sections_topic_and_the_books_chapters_are_never_asked():
    for question in heldout("leukocytes").questions:
        assert key_of(question).lower() not in {"leukocyte", "leukocytes"}, question.question_text
        assert "chapter" not in question.question_text.lower()


def test_one_end_of_a_spoken_range_is_never_blanked():
    # "The nucleus of the eosinophil will typically have two to three lobes", "some authorities recognizing two
    # size classes and others three".
    for question in heldout("leukocytes").questions:
        assert not re.search(r"_____ (?:to|or) \w+", question.question_text), question.question_text
        assert "others three" not in question.question_text


# --- CTX: a stem that opens on a sentence it does not carry ----------------------------------------------------


def test_stems_open_on_their_own_subject():
    stems = [q.question_text for name in ("lower-limb", "leukocytes") for q in heldout(name).questions]
    for stem in stems:
        own = re.sub(r"^Fill in the blank:\s*", "", stem)
        assert not re.match(r"(?:More|Also|As in|Low counts are)\b", own), stem


def test_a_comparison_that_picks_some_out_is_kept():
    # "The larger lymphocytes are typically NK cells." asked as "Which of the following are typically NK cells?"
    stems = [q.question_text for q in heldout("leukocytes").questions]
    assert "Which of the following are typically NK cells?" not in stems


# --- One key, one fact ------------------------------------------------------------------------------------------


def test_a_key_is_blanked_once_and_a_figure_asked_once():
    for generated in [heldout("lower-limb"), heldout("leukocytes"), heldout("muscle-fiber")]:
        blanks: dict[str, int] = {}
        figures: dict[str, int] = {}
        for question in generated.questions:
            key = key_of(question).lower()
            if question.question_text.startswith("Fill in the blank") and not key.isdigit():
                blanks[key] = blanks.get(key, 0) + 1
            if key.isdigit():
                figures[key] = figures.get(key, 0) + 1
        assert all(n == 1 for n in figures.values()), figures
        assert all(n == 1 for n in blanks.values()), blanks


# --- Explanations say only what the material says -------------------------------------------------------------


def test_explanations_state_no_class_the_text_does_not():
    # "Patella is one of the leg bones" (the leg runs from knee to ankle), "Chordae tendineae is one of the heart
    # valves", "Duodenum is one of the small intestines".
    for generated in [
        heldout("lower-limb"),
        material(next(p for p in TEXTS if "heart" in p.name), count=45),
        material(next(p for p in TEXTS if "stomach" in p.name), count=45),
    ]:
        for question in generated.questions:
            stated = re.search(r"is one of the ([a-z ]+)\.", question.explanation)
            assert not stated or stated.group(1) not in {"leg bones", "heart valves", "small intestines"}, (
                question.explanation
            )
    assert "leg bones" not in heldout("lower-limb").model_dump_json()


# --- What the analysis reads as a term and as its definition ----------------------------------------------------


def muscle_analysis() -> Analysis:
    return Analysis(document(next(HELDOUT.glob("*muscle-fiber*.txt"))))


def test_a_latin_name_the_vocabulary_knows_is_a_term():
    # "It is the loss of ATP that results in the rigor mortis observed soon after someone dies."
    assert "rigor mortis" in muscle_analysis().terms


def test_a_name_given_to_a_bare_plural_defines_nothing_before_it():
    # "muscles store a small amount of excess oxygen in proteins called myoglobin" made "Which of the following is
    # a small amount of excess oxygen in proteins?" → myoglobin: the oxygen is not the protein.
    myoglobin = muscle_analysis().terms["myoglobin"]
    assert myoglobin.definition is None or "oxygen in proteins" not in myoglobin.definition


def test_a_blank_defined_only_by_contrast_with_the_subject_is_not_asked():
    # "Whereas _____ spend their days circulating within the blood vessels, leukocytes …", "Although leukocytes and
    # _____ both originate from hematopoietic stem cells", "Leukocytes are far less numerous than _____" (platelets
    # outnumber them too), "… significantly larger than which of the following?".
    for question in heldout("leukocytes").questions:
        own = re.sub(r"^Fill in the blank:\s*", "", question.question_text)
        assert not re.match(r"(?:Whereas|Although|While)\s+_____", own), own
        assert "and _____ both" not in own
        assert not re.search(r"\bthan (?:_____|which of the following)", own), own


def test_the_bones_of_the_digits_are_not_asked_by_their_stock_phrase():
    # "… located between the tarsal bones of the posterior foot and the _____ of the toes." → phalanges.
    for question in heldout("lower-limb").questions:
        assert "_____ of the toes" not in question.question_text
