"""Context repair before any item is written: each defect class the teacher found, on a real corpus sentence."""

from __future__ import annotations

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.context import named_by_dash, read_sentences, split_sentences
from tests.conftest import CORPUS

HEART = CORPUS / "scans" / "heart-anatomy-page1.gt.txt"
RESPIRATORY = CORPUS / "text" / "m46548-organs-and-structures-of-the-respiratory-system-.txt"


def texts(raw: str) -> list[str]:
    return [s.text for s in read_sentences(raw)]


def test_a_single_capital_letter_ends_a_sentence():
    # m46526: the old splitter took "V." for an initial and merged two sentences.
    sentence = (
        "A 9 V battery (the rectangular battery with two posts on one end) is, obviously, 9 V. The change seen in "
        "the action potential is one or two orders of magnitude less than the charge in these batteries."
    )
    assert len(split_sentences(sentence)) == 2
    # The examples, from sections the team had not seen.
    assert split_sentences(
        "Renin converts angiotensinogen to angiotensin I. Angiotensin I is converted in the lung."
    ) == [
        "Renin converts angiotensinogen to angiotensin I.",
        "Angiotensin I is converted in the lung.",
    ]
    assert (
        len(split_sentences("The universal donor is type O. People with type AB blood are universal recipients.")) == 2
    )
    # Abbreviations still do not end one.
    assert len(split_sentences("Some cells, e.g. erythrocytes, lack a nucleus (see Fig. 3 for the shape).")) == 1


def test_lines_broken_by_the_page_layout_are_rejoined():
    # The phone-photo page of the heart section: every sentence wraps over two or three lines.
    sentences = texts(HEART.read_text())
    assert (
        "The human heart is located within the thoracic cavity, medially between the lungs in the space known as "
        "the mediastinum." in sentences
    )
    assert texts("The human heart lies in the mediasti-\nnum, between the lungs.") == [
        "The human heart lies in the mediastinum, between the lungs."
    ]
    assert texts("The trochlea is a pulley-\nshaped region.") == ["The trochlea is a pulley-shaped region."]


def test_figure_stubs_are_dropped():
    # The heart page: "shows the position of the heart …" lost its figure name; "as seen in ." its figure.
    sentences = texts(HEART.read_text())
    assert not any(s.startswith("shows") for s in sentences)
    assert "The base of the heart is located at the level of the third costal cartilage." in sentences
    assert texts("The interventricular septum is visible in . The septum is muscular.") == ["The septum is muscular."]
    assert texts("The ulna is the medial bone of the forearm (). It runs parallel to the radius (see ).")[0] == (
        "The ulna is the medial bone of the forearm."
    )


def test_a_sentence_leaning_on_the_one_before_keeps_it_or_is_marked():
    # m46368: "However, …" loses only its connective; "As its name indicates, it …" needs its lead.
    read = read_sentences(
        "The deltoid tuberosity is a roughened, V-shaped region located on the lateral side in the middle of the "
        "humerus shaft. As its name indicates, it is the site of attachment for the deltoid muscle. However, the "
        "fourth and fifth metacarpal bones have limited anterior-posterior mobility."
    )
    assert not read[0].leans
    assert read[1].leans and read[1].lead == read[0].text
    assert read[2].text == "The fourth and fifth metacarpal bones have limited anterior-posterior mobility."
    assert not read[2].leans
    # Not every "It" points back.
    assert not read_sentences("It is important to remember the position of the heart.")[0].leans


def test_bullets_are_attached_to_their_lead_in():
    read = read_sentences(
        "The adrenal cortex has three zones:\n- zona glomerulosa\n- zona fasciculata\n- zona reticularis\n"
        "The medulla secretes adrenaline.\n- secretes aldosterone in response to angiotensin II"
    )
    stated = [s.text for s in read]
    assert "The adrenal cortex has three zones: zona glomerulosa, zona fasciculata and zona reticularis." in stated
    assert "The medulla secretes adrenaline." in stated
    subjectless = read[-1]
    assert subjectless.leans and subjectless.lead == "The medulla secretes adrenaline."
    # m46707: a labelled bullet keeps its label as context.
    iron = read_sentences("- Iron. On average, less than 20 percent of the iron we consume is absorbed.")[0]
    assert iron.label == "Iron" and iron.text.startswith("On average")


def test_a_references_list_gives_no_sentences():
    # m46548 ends with a References section of citations.
    raw = RESPIRATORY.read_text()
    heading, references = raw.split("## References", 1)
    assert texts(references) == []
    document = StudyDocument(
        sections=[
            Section(heading="Respiratory zone", text=heading.rsplit("##", 1)[1], source=Source(file="r.txt")),
            Section(heading="References", text=references, source=Source(file="r.txt")),
        ]
    )
    analysis = Analysis(document)
    assert analysis.sentences
    assert all(s.section == 0 for s in analysis.sentences)


def test_a_dash_bullet_that_names_its_subject_last_is_turned_round():
    # The Stomach: "These relatively large cells produce …" follows, so the sentence must open with its subject.
    text = (
        "Parietal cells—Located primarily in the middle region of the gastric glands are parietal cells, which are "
        "among the most highly differentiated of the body’s epithelial cells."
    )
    assert named_by_dash(text) == (
        "Parietal cells, located primarily in the middle region of the gastric glands, are among the most highly "
        "differentiated of the body’s epithelial cells."
    )
