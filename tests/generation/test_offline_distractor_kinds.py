"""Distractors of the key's kind, never the key in disguise: the DIST and AMB defects an independent teacher found
on sections nobody tuned on (docs/quality-grades-unseen.md, A1/A6/A10–A20, S4/S6/S9/S12/S13), each locked in with
the corpus text it came from."""

from __future__ import annotations

from collections import Counter
from functools import cache

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.questions import QuestionWriter
from studybuddy.generation.schemas import Question, StudyMaterial
from tests.corpus import TEXTS, material

ACTION_POTENTIAL = next(p for p in TEXTS if "action-potential" in p.name)
STOMACH = next(p for p in TEXTS if "stomach" in p.name)


@cache
def generated(name: str) -> StudyMaterial:
    return material(next(p for p in TEXTS if name in p.name), count=40)


def key_and_wrong(question: Question) -> tuple[str, list[str]]:
    wrong = [o.text for o in question.options if o.label != question.correct_answer]
    return question.option_text(question.correct_answer), wrong


def writer_for(text: str, heading: str) -> QuestionWriter:
    document = StudyDocument(sections=[Section(heading=heading, text=text, source=Source(file="notes.txt"))])
    return QuestionWriter(Analysis(document), "s")


# --- AMB: a class, its genus, its part or the fluid that holds it --------------------------------------------


def test_a_class_the_material_divides_is_never_offered_beside_its_kinds():
    # A1: "Ion channels are pores that allow specific charged particles to cross the membrane …" was keyed against
    # leakage, voltage-gated and nonspecific channels; the text says "these classes of ion channels".
    for question in generated("action-potential").questions:
        key, wrong = key_and_wrong(question)
        if key.lower() == "ion channels":
            assert not [w for w in wrong if w.lower().endswith(("channel", "channels"))], wrong
        if key.lower().endswith(("channel", "channels")):
            assert not {w.lower() for w in wrong} & {"ion channels", "ion channel"}, (key, wrong)


def test_the_genus_a_longer_name_reveals_is_no_distractor():
    # A6/A13: "the value described as the resting membrane potential" and "the resting transmembrane voltage":
    # the membrane (transmembrane) potential is the resting potential's genus, not a wrong answer.
    found = False
    for question in generated("action-potential").questions:
        key, wrong = key_and_wrong(question)
        if key.lower() == "resting potential":
            found = True
            assert not {w.lower() for w in wrong} & {
                "membrane potential",
                "transmembrane potential",
                "transmembrane voltage",
                "membrane voltage",
            }, wrong
    assert found  # the section's central term is still asked


def test_a_part_named_by_the_key_adjective_or_owned_by_the_key_is_no_distractor():
    # S4/S6/S13: "Pyloric antrum" beside "Pylorus"; S12: "The stomach mucosa's epithelial lining …" makes the
    # surface epithelium part of the mucosa; S9/S16: "Gastric juice" and "Mucus" (fluids) beside intrinsic factor.
    for question in generated("stomach").questions:
        key, wrong = key_and_wrong(question)
        lowered = {w.lower() for w in wrong}
        if key.lower() in ("pylorus", "pyloric antrum"):
            assert not lowered & {"pylorus", "pyloric antrum"}, (key, wrong)
        if key.lower() == "mucosa":
            assert "surface epithelium" not in lowered, wrong
        if key.lower() == "intrinsic factor":
            assert not lowered & {"gastric juice", "mucus"}, wrong


def test_another_name_of_the_key_is_never_a_distractor():
    # m46526: "A ligand-gated channel opens because a signaling molecule, a ligand, binds to the extracellular
    # region of the channel. This type of channel is also known as an ionotropic receptor …"
    text = ACTION_POTENTIAL.read_text().split("A ligand-gated channel opens")[1].split("A leakage channel")[0]
    writer = writer_for("A ligand-gated channel opens" + text, "Electrically Active Cell Membranes")
    ligand_gated = next(t for t in writer.pool if t.key == "ligand-gated channel")
    assert "ionotropic receptor" in writer.distractors.also_named(ligand_gated)


# --- DIST: phases of one change, not a recycled pool of process names --------------------------------------


def test_phases_of_the_action_potential_are_not_padded_with_other_processes():
    # A10/A11/A14/A15/A16/A20: Depolarization / Repolarization / Continuous conduction / Myelination / "Resting
    # conformation" offered for every process key, whatever it was.
    unrelated = {"myelination", "continuous conduction", "saltatory conduction", "resting conformation"}
    for question in generated("action-potential").questions:
        key, wrong = key_and_wrong(question)
        if key.lower().endswith("polarization"):
            assert not {w.lower() for w in wrong} & unrelated, (key, wrong)
        if key.lower() in unrelated:
            assert not [w for w in wrong if w.lower().endswith("polarization")], (key, wrong)


def test_no_distractor_is_recycled_through_the_section():
    # "One four-word pool is reused across most items" (Action Potential): no wrong option in half the items.
    questions = generated("action-potential").questions
    offered = Counter(w.lower() for q in questions for w in key_and_wrong(q)[1])
    assert questions and max(offered.values()) <= max(3, len(questions) // 3), offered.most_common(3)


def test_the_material_supplies_the_other_phase_it_names_once():
    # "Potassium ions reach equilibrium when the membrane voltage is below -70 mV, so a period of hyperpolarization
    # occurs while the K+ channels are open." Named once, not a term of the bank, still depolarization's kin.
    writer = writer_for(ACTION_POTENTIAL.read_text().split("### The Action Potential")[1], "The Action Potential")
    depolarization = next(t for t in writer.pool if t.key == "depolarization")
    ranked = [o.text.lower() for o in writer.distractors._ranked(depolarization, "Depolarization")[:2]]
    assert set(ranked) == {"repolarization", "hyperpolarization"}
