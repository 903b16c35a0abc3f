"""Definitions the book writes and distractors of the key's kind, each locked in with a real corpus sentence
(issue 11, third round): dash-named bullets, sentences opening with a term that starts like an article,
vocabulary names in common words, Latin names headed by their noun, describing words never offered for things,
no blank that points back ("this _____") or that is the first half of a name ("_____ sinus")."""

from __future__ import annotations

import re

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.evaluation import same_kind
from studybuddy.generation.lexicon import medical_lexicon
from studybuddy.generation.offline.analysis import Analysis, Term
from studybuddy.generation.offline.context import named_by_dash
from studybuddy.generation.offline.questions import QuestionWriter
from tests.corpus import TEXTS, document, material

CELL_MEMBRANE = next(p for p in TEXTS if "cell-membrane" in p.name)
RESPIRATORY = next(p for p in TEXTS if "respiratory" in p.name)
EPITHELIAL = next(p for p in TEXTS if "epithelial" in p.name)


def analysis_of(text: str) -> Analysis:
    return Analysis(StudyDocument(sections=[Section(heading="Notes", text=text, source=Source(file="n.txt"))]))


def test_a_dash_between_a_name_and_what_it_does_is_a_sentence():
    # The book's gland-cell bullets (the brief's example from the stomach section).
    assert named_by_dash(
        "Parietal cells—Located primarily in the middle region of the gastric glands, produce both HCl and "
        "intrinsic factor."
    ) == (
        "Parietal cells, located primarily in the middle region of the gastric glands, produce both HCl and "
        "intrinsic factor."
    )
    assert named_by_dash("Mucous neck cells—Secrete an acidic mucus.") == "Mucous neck cells secrete an acidic mucus."
    assert named_by_dash("The heart—and this is key—pumps blood.") == "The heart—and this is key—pumps blood."


def test_a_term_starting_like_an_article_is_defined_whole():
    # m46021: "In contrast, active transport is the movement …": "Active" once lost its "A" to the article.
    analysis = analysis_of(
        "Passive transport is the movement of substances across the membrane without the expenditure of cellular "
        "energy. In contrast, active transport is the movement of substances across the membrane using energy "
        "from adenosine triphosphate (ATP). During active transport, ATP is required to move a substance."
    )
    assert analysis.terms["active transport"].definition is not None
    assert "ctive transport" not in analysis.terms


def test_cell_processes_and_vocabulary_names_in_common_words_are_terms():
    analysis = Analysis(document(CELL_MEMBRANE))
    for key in ("active transport", "pinocytosis", "exocytosis"):
        assert key in analysis.terms, key


def test_latin_names_are_headed_by_their_noun():
    assert Term(text="fossa ovalis", key="fossa ovalis").head == "fossa"
    assert Term(text="septum primum", key="septum primum").head == "septum"
    assert Term(text="interatrial septum", key="interatrial septum").head == "septum"


def test_no_describing_word_is_offered_for_a_thing():
    # m46548: "Pharyngeal" was offered beside the nasopharynx, "Alveolar" beside goblet cells.
    for path in (RESPIRATORY, EPITHELIAL):
        for question in material(path).questions:
            key = question.option_text(question.correct_answer)
            if len(key.split()) > 1:
                offered = [o.text for o in question.options if o.label != question.correct_answer]
                assert not {"Pharyngeal", "Alveolar", "Nasal"} & set(offered), (key, offered)


def test_no_blank_points_back_or_is_half_a_name():
    # m46021: "Various organ systems, particularly the kidneys, work to maintain this _____." → Homeostasis;
    # m46548: "… frontal sinus, _____ sinus, sphenoidal sinus …" → Maxillary.
    for path in (CELL_MEMBRANE, RESPIRATORY):
        for question in material(path).questions:
            stem = question.question_text
            assert "this _____" not in stem and "these _____" not in stem, stem
            assert "_____ sinus" not in stem, stem


def test_best_describes_offers_descriptions_of_the_same_kind():
    # m46548: "best describes the dorsum nasi" offered a cartilage's and a duct's descriptions, and "the
    # collective term used for these multiple-branched bronchi" (a description that needs its sentence).
    writer = QuestionWriter(Analysis(document(RESPIRATORY)), "s")
    for term in writer.analysis.ranked_terms:
        for candidate in writer.describe(term):
            for option in candidate.question.options:
                assert " these " not in f" {option.text.lower()} ", option.text


def test_same_kind_measure_counts_sister_names_the_material_uses():
    lexicon = medical_lexicon()
    text = " the chief cell and the parietal cell secrete the mucous neck cell "
    assert same_kind("Parietal cells", "Chief cells", lexicon, [], text)
    # A sister name the material never writes (a vocabulary sibling) is not counted by this rule.
    assert not same_kind("Moderator band", "Rubber band", lexicon, [], " the moderator band ")


def test_a_name_after_a_comma_belongs_to_the_whole_noun_phrase():
    # m46676: "Define: Cardiac notch" → "The left lung." (the name given to the nearest noun).
    analysis = analysis_of(
        "The slight deviation of the apex to the left is reflected in a depression in the medial surface of the "
        "superior lobe of the left lung, called the cardiac notch. The cardiac notch holds the apex."
    )
    assert analysis.terms["cardiac notch"].definition == (
        "a depression in the medial surface of the superior lobe of the left lung"
    )


def test_a_name_belongs_to_the_object_not_the_subject_of_the_clause():
    # m46676: "the interatrial septum bears an oval-shaped depression known as the fossa ovalis, a remnant of an
    # opening in the fetal heart known as the foramen ovale".
    analysis = analysis_of(
        "Normally in an adult heart, the interatrial septum bears an oval-shaped depression known as the fossa "
        "ovalis, a remnant of an opening in the fetal heart known as the foramen ovale. The foramen ovale closes."
    )
    assert analysis.terms["fossa ovalis"].definition == "an oval-shaped depression"
    assert analysis.terms["foramen ovale"].definition == "an opening in the fetal heart"


def test_abbreviations_keep_the_material_s_spelling():
    # The unseen grade: "Rbcs" as an option and a flashcard back.
    analysis = analysis_of(
        "Anemia is a deficiency of RBCs or hemoglobin. Reduced numbers of RBCs lower oxygen delivery. "
        "The RBCs are made in the marrow. Old RBCs are removed by macrophages."
    )
    assert analysis.terms["rbc"].text == "RBCs"


def test_flashcard_blanks_follow_the_question_rules():
    # The unseen grade: "Iron _____ anemia" → Deficiency, "the mean corpuscle _____ (MCV)" → Volume.
    for path in (CELL_MEMBRANE, RESPIRATORY):
        for card in material(path).flashcards:
            if card.kind == "cloze":
                assert "this _____" not in card.front and "_____ sinus" not in card.front, card.front


def test_members_of_a_stated_list_are_no_distractors_for_the_whole():
    # m46548: "air-containing spaces called which of the following?" → Paranasal sinuses, with "Ethmoidal
    # sinuses" and "Sphenoidal sinuses" offered: each is a paranasal sinus ("Each paranasal sinus is named for its
    # associated bone: frontal sinus, maxillary sinus, sphenoidal sinus, and ethmoidal sinus").
    for question in material(RESPIRATORY).questions:
        if question.option_text(question.correct_answer).lower().startswith("paranasal sinus"):
            offered = {o.text.lower() for o in question.options}
            assert not offered & {"ethmoidal sinuses", "sphenoidal sinuses", "frontal sinuses", "maxillary sinuses"}


def test_no_blank_is_the_rest_of_a_longer_name():
    # m46548: "The trachea is lined with pseudostratified ciliated _____" → Columnar epithelium, with
    # "Respiratory epithelium" offered (it is pseudostratified ciliated columnar epithelium too).
    for question in material(RESPIRATORY).questions:
        assert "ciliated _____" not in question.question_text, question.question_text


def test_no_aside_in_a_stem_and_no_whole_of_its_subject_among_the_options():
    # m46548: "… are large in children, but interestingly, tend to regress …"; "The oropharynx is bordered …
    # anteriorly by which of the following?" offered "Pharynx" (the whole the oropharynx is part of).
    for question in material(RESPIRATORY).questions:
        assert "interestingly" not in question.question_text.lower()
        if "oropharynx is bordered" in question.question_text:
            assert "Pharynx" not in {o.text for o in question.options}


def test_an_explanation_never_names_the_key_as_one_of_itself():
    # An independent grader (docs/quality-grades-unseen.md) found "Transferrin is one of the transferrins."
    for path in TEXTS:
        for question in material(path).questions:
            said = re.search(r"([\w -]+?) is one of the ([\w ,-]+)\.", question.explanation)
            if said:
                key_words = {w.rstrip("s") for w in said.group(1).lower().split()}
                kind_words = {w.rstrip("s") for w in said.group(2).lower().replace(",", " ").split()}
                assert not key_words & kind_words - {"and", "of", "the"}, (path.name, question.explanation)
