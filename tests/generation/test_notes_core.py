"""Notes a teacher would keep: each heading's core (its named terms and, in a process section, its steps in
order), no asides, and every pronoun pointing at what the book meant. Each defect is a real sentence of the
shared corpus that the notes once got wrong."""

from __future__ import annotations

from functools import cache

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.notes import write_notes
from studybuddy.generation.schemas import StudyNotes
from tests.corpus import TEXTS, document

ERYTHROCYTES = next(p for p in TEXTS if "erythrocytes" in p.name)
ACTION_POTENTIAL = next(p for p in TEXTS if "action-potential" in p.name)


@cache
def _notes(name: str) -> StudyNotes:
    path = next(p for p in TEXTS if name in p.name)
    return write_notes(Analysis(document(path)))


def _text(notes: StudyNotes) -> str:
    return " ".join([notes.summary, *(s.content for s in notes.sections)])


def test_a_process_section_keeps_its_named_steps_in_order():
    """The book's summary of the action potential: depolarization, threshold, then the refractory period. The
    notes once gave +30 mV, a battery analogy and a channel closing "again", and never said threshold."""
    notes = _notes("action-potential")
    steps = [s for s in notes.sections if s.heading == "The Action Potential" and s.content][-1].content
    at = [steps.find(word) for word in ("depolarization", "threshold", "refractory period")]
    assert -1 not in at, steps
    assert at == sorted(at), steps


def test_asides_and_analogies_are_left_out():
    text = _text(_notes("action-potential"))
    assert "battery" not in text  # "The membrane potential can be described as a battery."
    assert "described above" not in text


def test_a_pronoun_of_a_dropped_sentence_never_reaches_the_notes():
    """ "About 23–24 percent of it binds to the amino acids in hemoglobin": "it" is the CO2 of two sentences
    before. Without them it read as 23–24 percent of the oxygen."""
    text = _text(_notes("erythrocytes"))
    if "percent of it binds" in text:
        assert "carbon dioxide enters the bloodstream. About 76 percent dissolves" in text, text


def test_a_demonstrative_points_at_the_sentence_that_names_it():
    """ "With the ions distributed across the membrane at these concentrations, ..." followed "The negative
    charge is localized in the large anions.", which names no concentration."""
    notes = _notes("action-potential")
    for section in notes.sections:
        if "at these concentrations" in section.content:
            before = section.content.split("at these concentrations")[0].rsplit(". ", 2)[-2]
            assert "concentration" in before, section.content


def test_a_leading_pronoun_is_named_from_the_sentence_before():
    """ "It consists of four folded chains of a protein called globin" after "Hemoglobin is a large molecule made
    up of proteins and iron.": the notes may keep the fact without the sentence before, with "it" named."""
    paragraph = (
        "Hemoglobin is a large molecule made up of proteins and iron. It consists of four folded chains of a "
        "protein called globin, designated alpha 1 and 2, and beta 1 and 2. Each iron ion in the heme can bind to "
        "one oxygen molecule; therefore, each hemoglobin molecule can transport four oxygen molecules."
    )
    section = Section(heading="Hemoglobin", text=paragraph, source=Source(file="hb.txt"))
    notes = write_notes(Analysis(StudyDocument(title="Hemoglobin", sections=[section])))
    text = _text(notes)
    assert "It consists" not in text or "proteins and iron. It consists" in text, text
    hemoglobin = _text(_notes("erythrocytes"))
    assert "Hemoglobin consists of four folded chains of a protein called globin" in hemoglobin


def test_each_heading_keeps_its_share_and_the_notes_stay_short():
    for path in (ERYTHROCYTES, ACTION_POTENTIAL):
        doc = document(path)
        notes = write_notes(Analysis(doc))
        assert len(_text(notes).split()) <= 0.15 * doc.word_count


def test_the_quality_measure_counts_a_summary_fact_only_where_the_notes_state_it():
    from studybuddy.generation.evaluation import summary_facts_carried

    summary = (
        "Saltatory conduction is faster than continuous conduction, meaning that myelinated axons propagate faster."
    )
    stated = ["Saltatory conduction along myelinated axons is faster than continuous conduction."]
    scattered = ["Saltatory conduction: along a myelinated axon.", "Continuous conduction: slow.", "Axons propagate."]
    assert summary_facts_carried(summary, stated) == 100
    assert summary_facts_carried(summary, scattered) == 0
