"""The failure patterns an independent teacher found on two sections the engine was never tuned on
(docs/quality-grades-unseen.md): each locked in with the corpus sentence it came from."""

from __future__ import annotations

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.offline.analysis import NumberFact, Sentence
from studybuddy.generation.offline.context import read_sentences
from studybuddy.generation.offline.distractors import nearby_numbers
from studybuddy.generation.offline.engine import generate_offline
from studybuddy.generation.offline.sentence_choice import points_back
from studybuddy.generation.schemas import StudyMaterial
from tests.corpus import TEXTS, material

ERYTHROCYTES = next(p for p in TEXTS if "erythrocytes" in p.name)
STOMACH = next(p for p in TEXTS if "stomach" in p.name)


def keys(result: StudyMaterial) -> list[str]:
    return [q.option_text(q.correct_answer) for q in result.questions]


def wrong_options(result: StudyMaterial) -> list[str]:
    return [o.text for q in result.questions for o in q.options if o.label != q.correct_answer]


def from_text(text: str, heading: str, count: int = 10) -> StudyMaterial:
    document = StudyDocument(sections=[Section(heading=heading, text=text, source=Source(file="notes.txt"))])
    return StudyMaterial.model_validate_json(generate_offline(document.model_dump_json(), "s", count))


# --- DIST: distractors of the key's kind or no item --------------------------------------------------------


def test_no_loosely_related_words_as_distractors():
    # E8: "Percent saturation is normally monitored using a device known as a pulse oximeter …" was offered
    # with Circulation / Overproduction / Oxidation; E6/E10: CSF and aqueous humour beside plasma.
    result = material(ERYTHROCYTES, count=61)
    offered = set(wrong_options(result))
    assert not offered & {"Circulation", "Overproduction", "Oxidation", "Phagocytic"}
    assert len(result.questions) >= 25  # fewer, better items, but a mock test's worth


def test_secretions_are_one_kind_for_distractors():
    # m46517: "… chief cells, which secrete pepsinogen …": pepsinogen, gastrin, mucus are all secreted, so the
    # material itself makes them one kind though the vocabulary files them apart.
    result = material(STOMACH, count=42)
    by_key = {q.option_text(q.correct_answer): q for q in result.questions}
    for secreted in {"Pepsinogen", "Gastrin"} & set(by_key):
        options = {o.text for o in by_key[secreted].options}
        assert not options & {"Human milk", "Cerumen", "Colostrum"}


# --- TRIV / WRONGBLANK: keys worth knowing ------------------------------------------------------------------


def test_body_fluids_everyday_processes_and_the_topic_are_never_keys():
    # S10 "Cells that make up the pyloric antrum secrete _____" → Mucus; S13/S15 → Gastric juice;
    # S3/S20 → Absorption; S14/S16 → Reflex; E10 → Plasma; E18 → Circulation; E19 → Feces; E22/E24 → RBCs.
    found = keys(material(STOMACH, count=42)) + keys(material(ERYTHROCYTES, count=61))
    trivial = {"Mucus", "Gastric juice", "Absorption", "Reflex", "Plasma", "Circulation", "Feces", "RBCs", "RBC"}
    assert not set(found) & trivial


def test_the_blank_is_never_the_head_of_a_set_phrase_or_a_word_the_stem_repeats():
    # S14: "… conditioned _____" → Reflex; S20: "Although almost all _____ takes place in the small intestine,
    # the stomach does absorb …" → Absorption.
    for q in material(STOMACH, count=42).questions:
        assert "conditioned _____" not in q.question_text
        if "does absorb" in q.question_text:
            assert q.option_text(q.correct_answer) != "Absorption"


# --- CTX: stems and notes that stand alone -----------------------------------------------------------------


def test_connectives_are_stripped_and_pointer_subjects_lean():
    # E1, E28 and E9 of m46707, verbatim.
    sentences = read_sentences(
        "Specifically, males have about 5.4 million erythrocytes per microliter (µL) of blood, and females have "
        "approximately 4.8 million per µL. The machine calibrates the amount of light received by the "
        "photodetector against the amount absorbed by the partially oxygenated hemoglobin and presents the data "
        "as percent saturation. For reasons mentioned earlier, a mild form of polycythemia is chronic but normal "
        "in people living at high altitudes."
    )
    assert sentences[0].text.startswith("Males have about 5.4 million")
    assert sentences[1].leans
    assert sentences[2].text.startswith("A mild form of polycythemia")


def test_no_stem_points_at_something_it_does_not_name():
    # E16: "Broad-spectrum antibiotics typically eliminate these bacteria as well …"; S16: "this _____".
    for path in (ERYTHROCYTES, STOMACH):
        for q in material(path, count=40).questions:
            assert "these bacteria" not in q.question_text
            assert "this _____" not in q.question_text


def test_notes_drop_sentences_whose_pronoun_lost_its_antecedent():
    # The erythrocyte notes: "Lacking mitochondria, for example, they rely on anaerobic respiration" after the
    # reticulocyte sentence; "The most severe form is called Cooley's anemia" after iron-deficiency anaemia.
    assert points_back("Lacking mitochondria, for example, they rely on anaerobic respiration.")
    assert points_back("The most severe form is called Cooley’s anemia.")
    assert not points_back("The primary functions of erythrocytes are to pick up inhaled oxygen from the lungs.")


# --- NUM: figures ------------------------------------------------------------------------------------------


def test_number_distractors_scale_the_key_and_stay_possible():
    # E11: "… or about 20 percent of the total resting volume" was offered 24, 25 and 76 (other facts' figures).
    text = (
        "The kidneys filter about 180 liters of blood in an average adult each day, or about 20 percent of the "
        "total resting volume."
    )
    sentence = Sentence(text=text, index=0, section=0, words=tuple(text.lower().split()))
    options = nearby_numbers(NumberFact("20 percent", 20.0, "percent", sentence), shown=sentence.text)
    assert options is not None and len(options) == 3
    assert not set(options) & {"24", "25", "76", "100"}
    assert all(0 < float(o) < 100 for o in options)


def test_bracketed_equivalents_and_population_trivia_are_not_asked():
    # S24: "The pylorus, which holds around 30 mL (1 fluid ounce) of chyme …"; E20: "… more than 3.5 million
    # Americans suffer from this condition."
    stomach = material(STOMACH, count=42)
    assert not any("fluid ounce" in q.question_text for q in stomach.questions)
    erythrocytes = material(ERYTHROCYTES, count=61)
    assert "3.5" not in keys(erythrocytes)
    assert not any("pints" in q.question_text for q in erythrocytes.questions)


def test_a_range_is_one_value():
    # m46707: "Normal pulse oximeter readings range from 95–100 percent." — never "100 percent" alone, in the
    # cheat sheet's numbers or as a question's key.
    result = from_text(
        "Percent saturation is normally monitored using a device known as a pulse oximeter. Normal pulse oximeter "
        "readings range from 95–100 percent. The gastric phase of secretion lasts 3 to 4 hours.",
        heading="Erythrocytes",
    )
    assert result.cheat_sheet is not None
    values = {n.value for n in result.cheat_sheet.numbers_to_remember}
    assert values == {"95–100 percent", "3 to 4 hours"}
    assert not {"100", "4"} & set(keys(result))


def test_no_part_whole_or_category_distractors():
    # E15/S2/S26: "Intestinal mucosa" beside "Small intestine", "Lower gastrointestinal tract" beside
    # "Intestines"; E7/E28: "Bone marrow disease", "Blood protein disorder" beside polycythemia.
    for path in (ERYTHROCYTES, STOMACH):
        for q in material(path, count=40).questions:
            key = q.option_text(q.correct_answer).lower()
            wrong = [o.text.lower() for o in q.options if o.label != q.correct_answer]
            if "intestin" in key:
                # "Large intestine" beside "Small intestine" is a sibling; "intestinal mucosa" is a part.
                assert not any("intestinal" in w for w in wrong), (key, wrong)
            if "polycythemia" in key:
                assert not any(w.endswith(("disease", "disorder")) for w in wrong), (key, wrong)
