"""Round four of cheat sheets and flashcards, from the teachers' grades of three unseen sections: a contrast sets
two things of one kind side by side under their own names, the joints stand in one table, a clinical line is
about something gone wrong, a key term's row says what the term is, and a flashcard's front stands alone and
holds no root of its answer. Every case is a real sentence of docs/heldout or the shared corpus."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.cheat_sheet import _clinical, _contrasts, _defines, _joints
from studybuddy.generation.offline.flashcards import BLANK, _fair_front, _shares_root, cloze_cards
from studybuddy.generation.offline.sentence_choice import is_clinical
from tests.conftest import CORPUS as SHARED
from tests.corpus import document

HELDOUT = Path(__file__).resolve().parents[2] / "docs" / "heldout"
CORPUS = SHARED / "text"
LOWER_LIMB = next(HELDOUT.glob("m46364-*.txt"))
LEUKOCYTES = next(HELDOUT.glob("m46701-*.txt"))


@cache
def _analysis(path: Path) -> Analysis:
    return Analysis(document(path))


def test_contrast_is_labelled_with_the_two_siblings():
    lines = _contrasts(_analysis(LEUKOCYTES))
    labels = [line.split(":")[0] for line in lines]
    # "B cells undergo a maturation process ..., whereas T cells ..." was "Maturation process vs t cells".
    assert "B cells vs T cells" in labels
    assert not any("maturation" in label.lower() for label in labels)
    # "Agranular leukocytes contain smaller ... granules ... than do granular leukocytes": a stated comparison.
    assert "Agranular leukocytes vs granular leukocytes" in labels


def test_contrast_between_things_of_different_kinds_is_left_out():
    epithelium = CORPUS / "m46048-epithelial-tissue-.txt"
    if not epithelium.exists():
        return
    # "The apical cells are squamous, whereas the basal layer contains ..." set a cell against a layer.
    assert not any("basal layer" in line.lower() for line in _contrasts(_analysis(epithelium)))


def test_joints_side_by_side():
    lines = _joints(_analysis(LOWER_LIMB))
    joints = [line.split(":")[0] for line in lines]
    assert joints[:3] == ["Hip joint", "Knee joint", "Ankle joint"]
    assert "acetabulum" in lines[0] and "femur" in lines[0]
    assert "talus" in lines[2] and "fibula" in lines[2]


def test_clinical_lines_are_about_something_gone_wrong():
    assert not is_clinical(
        "The leukocyte, commonly known as a white blood cell (or WBC), is a major component of the body’s defenses against disease."
    )
    assert not is_clinical(
        "Neutrophils are rapid responders to the site of infection and are efficient phagocytes with a preference for bacteria."
    )
    # "capitis" ends like a disease ("-itis") but is no disease.
    assert not is_clinical(
        "The fovea capitis is a minor indentation on the medial side of the femoral head that serves as the site of attachment for the ligament of the head of the femur."
    )
    assert is_clinical(
        "Abnormally high counts of neutrophils indicate infection and/or inflammation, particularly triggered by bacteria."
    )
    assert is_clinical("An overproduction of RBCs produces a condition called polycythemia.")
    assert not any("capitis" in line for line in _clinical(_analysis(LOWER_LIMB)))


def test_key_term_row_says_what_the_term_is():
    assert not _defines("Articulates with the radius bone of the forearm")
    assert not _defines("Contains 30 bones")
    assert not _defines("One of the specialized")
    assert not _defines("The channel pore is charge-specific")
    assert _defines("A protein that has carbohydrate molecules attached")
    assert _defines("The state of the membrane at a voltage of -70 mV")
    assert _defines(
        "The point where the esophagus connects to the stomach and through which food passes into the stomach"
    )


def test_flashcard_front_holds_no_root_of_its_answer():
    assert _shares_root(
        f"Mesothelial cells are squamous epithelial cells that secrete a fluid that lubricates the {BLANK}.",
        "Mesothelium",
    )
    assert _shares_root("A joint between adjacent phalanx bones", "Interphalangeal joint")
    assert not _shares_root(
        f"The {BLANK} of the stomach is exposed to the highly corrosive acidity of gastric juice.", "Mucosa"
    )


def test_flashcard_blank_takes_a_whole_term_and_stands_alone():
    leukocytes = _analysis(LEUKOCYTES)
    lower_limb = _analysis(LOWER_LIMB)
    assert not _fair_front(
        f"The lateral and {BLANK} articulate with the tibia to form the knee joint.", "Medial condyle", lower_limb
    )
    assert not _fair_front(
        f"Agranular {BLANK} include monocytes, which mature into macrophages that are phagocytic.",
        "Leukocyte",
        leukocytes,
    )
    assert not _fair_front(
        f"The smaller cells are typically {BLANK} with a larger volume of nucleus to cytoplasm.", "6–9 µm", leukocytes
    )
    assert not _fair_front(
        f"In a, the two atrioventricular valves are open and the two {BLANK} are closed.",
        "Semilunar valves",
        leukocytes,
    )
    assert _fair_front(
        f"The most common of all the leukocytes, {BLANK} will normally comprise 50–70 percent of total leukocyte count.",
        "Neutrophils",
        leukocytes,
    )


def test_cloze_cards_of_a_section_pass_the_rules():
    for card in cloze_cards(_analysis(LEUKOCYTES), "s"):
        assert not _shares_root(card.front, card.back)
        assert f"An {BLANK}" not in card.front and f"an {BLANK}" not in card.front


def test_notes_heading_opens_with_its_own_subject_said_for_what_it_is():
    from studybuddy.generation.offline.notes import write_notes

    notes = {s.heading: s.content for s in write_notes(_analysis(LOWER_LIMB)).sections}
    assert "The patella (kneecap) is largest sesamoid bone of the body." in notes["Patella"]
    assert "The fibula is the slender bone located on the lateral side of the leg." in notes["Fibula"]
    assert notes["Femur"].startswith("The femur, or thigh bone, is the single bone of the thigh region.")


def test_a_disease_causing_aside_is_no_clinical_line():
    text = "B cells and T cells play prominent roles in defending the body against specific pathogens (disease-causing microorganisms)."
    assert not is_clinical(text)


def test_a_shared_ending_a_direction_or_another_term_inside_is_no_cue():
    terms = frozenset(_analysis(LEUKOCYTES).terms) | {"myosin", "protein"}
    # "monocytes" and "erythrocytes" share an ending, not a root.
    assert not _shares_root(
        f"Macrophages are monocytes that phagocytize debris, foreign pathogens, worn-out {BLANK}.",
        "Erythrocytes",
        terms,
    )
    # "lateral side of the ankle" says where, not what: the card asks the lateral malleolus fairly.
    assert not _shares_root(
        f"The distal end of the fibula forms the {BLANK}, which forms the easily palpated bony bump on the lateral side of the ankle.",
        "Lateral malleolus",
        terms,
    )
    # Myosin is another protein than tropomyosin.
    assert not _shares_root(
        f"To initiate muscle contraction, {BLANK} has to expose the myosin-binding site on an actin filament.",
        "Tropomyosin",
        terms,
    )
    # "pepsin" begins "pepsinogen": the answer is given away.
    assert _shares_root(f"Chief cells secrete {BLANK}, the inactive proenzyme form of pepsin.", "Pepsinogen", terms)


def test_a_figure_pointer_is_no_front():
    leukocytes = _analysis(LEUKOCYTES)
    assert not _fair_front(f"See for a summary of {BLANK} and platelets.", "Leukocyte", leukocytes)


def test_to_compensate_leans_on_the_sentence_before():
    from studybuddy.generation.offline.sentence_choice import points_back

    assert points_back(
        "To compensate, muscles store a small amount of excess oxygen in proteins called myoglobin, allowing for "
        "more efficient muscle contractions and less fatigue."
    )
