"""Mnemonics, cheat sheets and notes of the offline engine, and what it says of material that is not study
material — each defect class locked in with real sentences from the shared corpus."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from studybuddy.cli import app
from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.extract.plaintext import split_by_headings
from studybuddy.generation.evaluation import Gold, measure
from studybuddy.generation.offline.context import remove_figure_stubs, split_sentences
from studybuddy.generation.offline.engine import generate_offline
from studybuddy.generation.offline.enumerations import stated_lists
from studybuddy.generation.offline.suitability import judge
from studybuddy.generation.quality import SourceText
from studybuddy.generation.schemas import Question, QuestionOption, QuestionSource, StudyMaterial
from tests.conftest import CORPUS

TEXTS = sorted((CORPUS / "text").glob("*.txt"))
HEART = CORPUS / "text/m46676-heart-anatomy-.txt"
BONES = CORPUS / "text/m46368-bones-of-the-upper-limb-.txt"


def document_of(text: str, heading: str | None = None) -> StudyDocument:
    return StudyDocument(sections=[Section(heading=heading, text=text, source=Source(file="notes.txt"))])


def corpus_document(path) -> StudyDocument:
    sections = [
        Section(heading=h, text=t, source=Source(file=path.name)) for h, t in split_by_headings(path.read_text())
    ]
    return StudyDocument(title=sections[0].heading, sections=sections)


def generate(document: StudyDocument) -> StudyMaterial:
    return StudyMaterial.model_validate_json(generate_offline(document.model_dump_json(), "s", 25))


# --- material that is not study material ----------------------------------------------------------------------


def test_a_filler_pdf_completes_with_a_warning_and_no_weak_items(tmp_path, monkeypatch):
    """The PDF that once gave one sentence repeated five times as cheat sheet and summary, with no warning."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["process", str(CORPUS / "pdf/pdflatex-4-pages.pdf"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "results.json").read_text())
    assert payload["status"] == "completed"
    assert any("filler text" in w for w in payload["warnings"]), payload["warnings"]
    results = payload["results"]
    assert results["questions"] == [] and results["mnemonics"] == []
    assert not results["cheat_sheets"] and not results["notes"]


def test_lorem_ipsum_is_filler():
    text = (
        "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut labore "
        "et dolore magna aliquyam erat, sed diam voluptua. At vero eos et accusam et justo duo dolores et ea rebum."
    )
    material = generate(document_of(text * 3))
    assert material.warnings and "filler" in material.warnings[0]
    assert not material.questions and not material.mnemonics and material.cheat_sheet is None


def test_one_real_sentence_repeated_is_not_used():
    sentence = "The ulna is the medial bone of the forearm. "
    material = generate(document_of(sentence * 8 + "It runs parallel to the radius, which is the lateral bone."))
    assert material.warnings and "repeats the same sentences" in material.warnings[0]
    assert material.notes is None and material.cheat_sheet is None and not material.questions


def test_mostly_non_english_material_gets_a_warning():
    hindi = (
        "हृदय एक पेशीय अंग है जो पूरे शरीर में रक्त पंप करता है। इसमें चार कक्ष होते हैं: दो अलिंद और दो निलय। "
        "दायां निलय रक्त को फेफड़ों में भेजता है और बायां निलय शरीर में। "
    )
    material = generate(document_of(hindi * 6))
    assert material.warnings and "not in English" in material.warnings[0]
    assert not material.questions and material.notes is None


def test_boilerplate_pages_get_a_warning():
    text = (
        "Copyright © 2024 Rice University. All rights reserved. ISBN 978-1-947172-04-3. "
        "This book is licensed under a Creative Commons Attribution 4.0 International License. "
        "Printed in the United States of America. Published by OpenStax, Houston, Texas. "
        "Visit https://openstax.org for the terms of use. "
    )
    material = generate(document_of(text))
    assert material.warnings and "copyright" in material.warnings[0]
    assert not material.questions


def test_a_thin_text_is_used_but_the_student_is_told():
    text = (
        "The ulna is the medial bone of the forearm. It runs parallel to the radius, which is the lateral bone of "
        "the forearm. The head of the radius is a disc-shaped structure that forms the proximal end."
    )
    suitability = judge(document_of(text))
    assert suitability.usable and "very short" in suitability.warnings[0]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_textbook_sections_are_study_material(path):
    assert judge(corpus_document(path)).warnings == ()


# --- mnemonics ------------------------------------------------------------------------------------------------

STATED = [
    (
        "There are four main regions in the stomach: the cardia, fundus, body, and pylorus ().",
        ["cardia", "fundus", "body", "pylorus"],
    ),
    (
        "The pharynx is divided into three major regions: the nasopharynx, the oropharynx, and the laryngopharynx ().",
        ["nasopharynx", "oropharynx", "laryngopharynx"],
    ),
    (
        "The wall of the heart is composed of three layers of unequal thickness. From superficial to deep, these are "
        "the epicardium, the myocardium, and the endocardium (see ).",
        ["epicardium", "myocardium", "endocardium"],
    ),
    (
        "The upper limb is divided into three regions. These consist of the arm, located between the shoulder and "
        "elbow joints; the forearm, which is between the elbow and wrist joints; and the hand, which is located "
        "distal to the wrist.",
        ["arm", "forearm", "hand"],
    ),
    (
        "There are three papillary muscles in the right ventricle, called the anterior, posterior, and septal "
        "muscles, which correspond to the three sections of the valves.",
        ["anterior", "posterior", "septal"],
    ),
    (
        "The alveolar wall consists of three major cell types: type I alveolar cells, type II alveolar cells, and "
        "alveolar macrophages.",
        ["type I alveolar cells", "type II alveolar cells", "alveolar macrophages"],
    ),
    (
        "However, erythrocyte production also requires several trace elements:\n\n- Iron. We have said that each "
        "heme group in a hemoglobin molecule contains an ion of the trace mineral iron.\n\n- Copper. A trace "
        "mineral, copper is a component of two plasma proteins, hephaestin and ceruloplasmin.\n\n- Zinc. The trace "
        "mineral zinc functions as a co-enzyme that facilitates the synthesis of the heme portion of hemoglobin.\n\n"
        "- B vitamins. The B vitamins folate and vitamin B12 function as co-enzymes that facilitate DNA synthesis.",
        ["Iron", "Copper", "Zinc", "B vitamins"],
    ),
]


@pytest.mark.parametrize(("text", "items"), STATED, ids=lambda v: v[0] if isinstance(v, list) else None)
def test_a_stated_list_gets_a_mnemonic_that_expands_to_it_in_order(text, items):
    mnemonics = [m for m in generate(document_of(text)).mnemonics if [e.term for e in m.expansion] == items]
    assert mnemonics, [[e.term for e in m.expansion] for m in generate(document_of(text)).mnemonics]
    (mnemonic,) = mnemonics
    letters = [item[0].upper() for item in items]
    assert [e.letter for e in mnemonic.expansion] == letters
    line, acronym = mnemonic.mnemonic.rsplit(" (", 1)
    assert acronym == "".join(letters) + ")"
    # The memorable line's capitalised words start with the letters, in order ("in Pune" joins, "Pune" counts).
    assert [w[0] for w in re.findall(r"\b[A-Z][\w'\-]*", line)] == letters
    assert mnemonic.source is not None and SourceText(text).contains(mnemonic.source.excerpt)


def test_a_mnemonic_the_text_quotes_is_used_and_credited():
    paragraph = next(p for p in BONES.read_text().splitlines() if "helpful mnemonic" in p)
    (mnemonic,) = generate(document_of(paragraph)).mnemonics
    assert mnemonic.mnemonic.startswith("So Long To Pinky, Here Comes The Thumb")
    assert "material's own mnemonic" in mnemonic.explanation
    assert [e.term for e in mnemonic.expansion] == [
        "scaphoid", "lunate", "triquetrum", "pisiform", "hamate", "capitate", "trapezoid", "trapezium",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # "two phalanges" then three names: the count disagrees, so it is not a list of three.
        "The thumb (pollex) is digit number 1 and has two phalanges, a proximal phalanx, and a distal phalanx bone.",
        # Clauses, not names.
        "Anemia can be broken down into three major groups: those caused by blood loss, those caused by faulty or "
        "decreased RBC production, and those caused by excessive destruction of RBCs.",
    ],
)
def test_no_mnemonic_for_what_is_not_a_list_of_names(text):
    assert generate(document_of(text)).mnemonics == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_every_section_that_states_a_list_gets_exact_mnemonics(path):
    document = corpus_document(path)
    mnemonics = generate(document).mnemonics
    assert bool(mnemonics) == bool(stated_lists(document.sections))
    text = document.full_text.lower()
    for mnemonic in mnemonics:
        assert 3 <= len(mnemonic.expansion) <= 12
        position = 0
        for entry in mnemonic.expansion:
            found = re.compile(rf"\b{re.escape(entry.term.lower())}").search(text, position)
            assert found, (mnemonic.topic, entry.term)
            position = found.end()


# --- cheat sheets and notes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_cheat_sheets_have_no_duplicate_lines_stubs_or_fragments(path):
    sheet = generate(corpus_document(path)).cheat_sheet
    assert sheet is not None and sheet.key_terms and sheet.sections
    lines = [p for s in sheet.sections for p in s.points]
    lines += [f"{k.term}: {k.definition}" for k in sheet.key_terms] + [n.context for n in sheet.numbers_to_remember]
    normalised = [" ".join(re.findall(r"[a-z0-9]+", line.lower())) for line in lines]
    assert len(normalised) == len(set(normalised))
    for line in lines:
        assert not re.search(r"\(\s*(?:see\s*)?\)|\bseen in\s*\.|\bfigure\b", line, re.IGNORECASE), line
    for row in sheet.key_terms:
        words = row.definition.split()
        assert 3 <= len(words) <= 25 and words[-1].lower() not in {"the", "a", "an", "of", "and", "to"}, row


def test_cheat_sheet_drops_garbled_definitions():
    """Real "definitions" the analysis once produced from "called" clauses and names inside longer names."""
    rows = {k.term.lower(): k.definition.lower() for k in generate(corpus_document(HEART)).cheat_sheet.key_terms}
    assert rows.get("pectinate muscles") != "the anterior surface demonstrates prominent ridges of muscle"
    assert rows.get("fossa ovalis") != "the interatrial septum bears an oval-shaped depression"
    assert rows.get("hypertrophy") != "a concept"
    assert "pericardium" in rows and "surrounds the heart" in rows["pericardium"]
    bones = generate(corpus_document(BONES)).cheat_sheet
    lists = next(s for s in bones.sections if s.heading == "Lists to remember")
    assert "Regions of the upper limb: arm, forearm, hand" in lists.points


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:20])
def test_notes_summarise_in_about_a_tenth_and_keep_pronouns_with_their_sentence(path):
    document = corpus_document(path)
    notes = generate(document).notes
    assert notes is not None and notes.summary and notes.sections
    kept = " ".join([notes.summary, *(s.content for s in notes.sections)])
    assert len(kept.split()) <= 0.16 * document.word_count
    # As the notes show them: without the stubs of dropped figures ("(see )").
    source = [
        " ".join(remove_figure_stubs(s).split()) for p in document.full_text.split("\n") for s in split_sentences(p)
    ]
    for section in notes.sections:
        sentences = split_sentences(section.content)
        for before, sentence in zip(sentences, sentences[1:], strict=False):
            if re.match(r"(?:It|They|This|These|Its|Their)\b", sentence):
                # A sentence pointing back is kept only right after the sentence it points at.
                where = [i for i, s in enumerate(source) if sentence in s]
                # (the notes may drop the sentence's opening connective or bullet label and capitalise what follows)
                assert where and any(before[1:].lower() in source[i - 1].lower() for i in where), (before, sentence)
        assert not sentences or not re.match(r"(?:It|They|This|These|Its|Their)\b", sentences[0]), sentences[0]
        assert sentences or section.key_points, section.heading


# --- the quality report ------------------------------------------------------------------------------------


def _question(stem: str, key: str, others: list[str]) -> Question:
    options = [QuestionOption(label=label, text=text) for label, text in zip("ABCD", [key, *others], strict=True)]
    return Question(
        question_text=stem, options=options, correct_answer="A", explanation="x", source=QuestionSource(excerpt=stem)
    )


def test_review_coverage_counts_keys_not_words_inside_stems():
    gold = Gold.read(BONES.with_name(BONES.stem + ".gold.json"))
    document = corpus_document(BONES)
    stem_only = _question(
        "Which region of the humerus, medial to the capitulum, articulates with the ulna?",
        "trochlea",
        ["capitate", "hamate", "lunate"],
    )
    report = measure(StudyMaterial(questions=[stem_only]), document, "bones", gold)
    assert report.review_covered == 0  # "capitulum" sits in the stem, but no question tests it
    keyed = _question(
        "Which region of the humerus articulates with the radius as part of the elbow joint?",
        "Capitulum",
        ["trochlea", "coronoid fossa", "olecranon fossa"],
    )
    report = measure(StudyMaterial(questions=[stem_only, keyed]), document, "bones", gold)
    assert report.review_covered == 1 and report.review_questions == 5
    assert report.keys_are_terms == 100 and report.glossary_tested > 0
    assert report.same_kind_distractors == 0  # bones offered for a region of the humerus
    carpal = _question(
        "Which is the lateral-most carpal bone of the proximal row?", "scaphoid", ["lunate", "hamate", "capitate"]
    )
    report = measure(StudyMaterial(questions=[stem_only, keyed, carpal]), document, "bones", gold)
    assert report.same_kind_distractors == pytest.approx(100 * 3 / 9)
