"""Distractors of the key's kind at the right grain: the DIST defects teachers found first in every held-out section
(docs/quality-grades-heldout.md): descriptions offered as landmarks, the femur among foot bones, red cells among
white cells, a joint for a bone, a protein for an organ, neoplasm headings, "ATPs". Each is locked in with the text
of the section it came from."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.distractors import Option
from studybuddy.generation.offline.questions import QuestionWriter
from studybuddy.generation.schemas import Question, StudyMaterial
from tests.corpus import TEXTS, document, material

HELDOUT = Path(__file__).resolve().parents[2] / "docs" / "heldout"
LOWER_LIMB = HELDOUT / "m46364-bones-of-the-lower-limb-.txt"
LEUKOCYTES = HELDOUT / "m46701-leukocytes-and-platelets-.txt"
MUSCLE = HELDOUT / "m46447-muscle-fiber-contraction-and-relaxation-.txt"


@cache
def generated(path: Path) -> StudyMaterial:
    return material(path, count=40)


@cache
def writer(path: Path) -> QuestionWriter:
    return QuestionWriter(Analysis(document(path)), "s")


def corpus(name: str) -> Path:
    return next(p for p in TEXTS if name in p.name)


def key_and_wrong(question: Question) -> tuple[str, set[str]]:
    wrong = {o.text.lower() for o in question.options if o.label != question.correct_answer}
    return question.option_text(question.correct_answer).lower(), wrong


def options_for(path: Path, keys: set[str]) -> list[set[str]]:
    found = [wrong for key, wrong in map(key_and_wrong, generated(path).questions) if key in keys]
    assert found, f"no question keyed {keys}"
    return found


# --- descriptions are not names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bony prominence",
        "Elongated shaft",
        "Roughened ridge",
        "Triangular shaft",
        "Elongated bone",
        "Thickest layer",
        "Receiving chamber",
        "Great artery",
    ],
)
def test_a_description_is_no_landmark(text):
    # "Which of the following is a roughened area extending inferiorly from the greater trochanter?" → Gluteal
    # tuberosity, offered with "Bony prominence" and "Elongated shaft": how the text describes, not a name.
    assert writer(LOWER_LIMB).distractors.describes(Option(text, 5.0))


@pytest.mark.parametrize("text", ["Gluteal tuberosity", "Greater trochanter", "Medial condyle", "Sesamoid bone"])
def test_a_named_landmark_or_bone_is_no_description(text):
    assert not writer(LOWER_LIMB).distractors.describes(Option(text, 5.0))


def test_the_femur_landmarks_are_asked_without_descriptions():
    described = {"bony prominence", "elongated shaft", "roughened ridge", "triangular shaft", "elongated bone"}
    for question in generated(LOWER_LIMB).questions:
        _, wrong = key_and_wrong(question)
        assert not wrong & described, question.question_text


# --- one kind at the right grain -----------------------------------------------------------------------------


def test_the_foot_bones_are_not_offered_the_femur_or_fibula():
    # "Body weight is transferred from the tibia to the talus to the _____, which rests on the ground." and "The
    # cuboid bone articulates with the anterior end of which bone?" were offered the femur and fibula.
    for wrong in options_for(LOWER_LIMB, {"calcaneus", "cuboid", "talus bone"}):
        assert not wrong & {"femur", "fibula", "tibia"}, wrong


def test_a_white_cell_is_offered_white_cells():
    # "Which of the following are the second most common type of leukocyte …?" → Lymphocytes, offered with
    # thrombocytes and erythrocytes, which are not leukocytes.
    for wrong in options_for(LEUKOCYTES, {"lymphocytes", "neutrophils", "eosinophils", "basophils"}):
        assert not wrong & {"erythrocytes", "thrombocytes", "platelets", "megakaryocytes"}, wrong


@pytest.mark.parametrize(
    ("text", "kind"),
    [("ankle joint", "joint"), ("calcaneus", "bone"), ("gluteal tuberosity", "landmark"), ("gastrin", "hormone")],
)
def test_the_kind_of_a_name_comes_from_its_head_or_the_vocabulary(text, kind):
    distractors = writer(LOWER_LIMB).distractors
    assert kind in distractors.kinds_of(text, text.split()[-1])


def test_an_organ_is_not_offered_a_protein_or_a_hormone():
    # "You can ingest a meal far more quickly than it can be digested and absorbed by which of the following?" →
    # Small intestine, offered with "Intrinsic factor" and "Hormone"; "… the stimulatory hormone, _____" →
    # Gastrin, offered with "Small intestine".
    stomach = corpus("stomach")
    for wrong in options_for(stomach, {"small intestine"}):
        assert not wrong & {"intrinsic factor", "hormone", "gastrin", "pepsinogen", "goblet cells"}, wrong
    for key, wrong in map(key_and_wrong, generated(stomach).questions):
        if key in {"gastrin", "intrinsic factor", "pepsinogen"}:
            assert not wrong & {"small intestine", "large intestine"}, wrong


def test_a_heart_muscle_is_not_offered_valves():
    # "As the myocardium of the ventricle contracts, so do which of the following?" → Papillary muscles, offered
    # with the pulmonary, tricuspid and mitral valves.
    for key, wrong in map(key_and_wrong, generated(corpus("heart")).questions):
        if key == "papillary muscles":
            assert not [w for w in wrong if w.endswith(("valve", "valves"))], wrong
        if key in {"atria", "ventricle", "left ventricle", "right ventricle"}:
            assert not [w for w in wrong if w.endswith(("valve", "valves", "muscle", "muscles"))], wrong


# --- chemicals, diseases and classes ---------------------------------------------------------------------------


def test_no_fuel_is_offered_a_protein_and_no_mass_noun_is_pluralised():
    # "Sarcomeres" was offered "ATPs" and "Lactic acids"; glycogen "Tropomyosin", "Actin" and "Troponin".
    for question in generated(MUSCLE).questions:
        key, wrong = key_and_wrong(question)
        assert not wrong & {"atps", "lactic acids"}, wrong
        if key == "glycogen":
            assert not wrong & {"tropomyosin", "troponin", "actin", "myoglobin"}, wrong
        if key in {"sarcomere", "sarcomeres"}:
            assert not wrong & {"atp", "lactic acid"}, wrong


def test_no_neoplasm_heading_or_catch_all_sign_is_offered():
    # "A cancer involving an abundance of leukocytes" → Leukemia, offered "Connective and soft tissue neoplasms";
    # "Decreased use … results in _____" → Atrophy, offered "Airway remodeling", "Agenesis of corpus callosum".
    for path in (LEUKOCYTES, MUSCLE, corpus("heart")):
        for question in generated(path).questions:
            _, wrong = key_and_wrong(question)
            assert not [w for w in wrong if "neoplasm" in w or " and " in w], wrong
            assert not wrong & {"airway remodeling", "agenesis of corpus callosum", "alopecia", "epistaxis"}, wrong


def test_a_kind_of_the_keys_genus_is_no_distractor_of_a_process():
    # "Osmosis is the diffusion of water through a semipermeable membrane": simple or facilitated diffusion may
    # be osmosis too (water crosses by both), and "Diffusion" is its genus.
    for key, wrong in map(key_and_wrong, generated(corpus("cell-membrane")).questions):
        if key == "osmosis":
            assert not [w for w in wrong if w.endswith("diffusion")], wrong


def test_a_chamber_a_layer_or_a_cell_is_offered_its_own_kind():
    # "The deep coronary sulcus is located between the _____ and ventricles." → Atria, offered "Septa"; "Like all
    # other cells, a/an _____ requires a reliable supply of oxygen" → Cardiomyocyte, offered "Fetal heart".
    for key, wrong in map(key_and_wrong, generated(corpus("heart")).questions):
        if key in {"atria", "ventricle", "ventricles", "myocardium", "endocardium", "epicardium", "cardiomyocyte"}:
            assert not wrong & {"septa", "fetal heart", "fetal hearts", "heart valve"}, (key, wrong)


def test_the_vocabulary_lends_no_eye_epithelium_invertebrate_cell_or_everyday_word():
    # "… elastic fibers and _____" → Endothelium, offered "Corneal epithelium" and "Pigment epithelium of eye";
    # leukocyte items were offered "Hemocytes" (an invertebrate's blood cells) and "WBC" (the leukocyte itself);
    # diffusion was offered "Motion".
    offered = set()
    for path in (corpus("heart"), LEUKOCYTES, corpus("cell-membrane")):
        for question in generated(path).questions:
            offered |= key_and_wrong(question)[1]
    assert not offered & {"corneal epithelium", "pigment epithelium of eye", "hemocytes", "wbc", "motion"}


def test_a_name_by_size_is_no_distractor_of_a_name_by_substance():
    # "… shorten as myosin heads pull on which of the following?" → Actin filaments, offered "Thin filaments":
    # the thin filaments are the actin filaments, named by their size.
    for key, wrong in map(key_and_wrong, generated(MUSCLE).questions):
        if key == "actin filaments":
            assert "thin filaments" not in wrong, wrong
    # The resting and the action potential are one line of sorting ("resting" is no size or shape): kept apart.
    for key, wrong in map(key_and_wrong, generated(corpus("action-potential")).questions):
        if key == "resting potential":
            assert "action potential" in wrong, wrong
