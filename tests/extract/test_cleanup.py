"""Raw page text to prose: running heads and footers, page numbers, line-end hyphens, hard wraps."""

from __future__ import annotations

from studybuddy.extract.cleanup import reflow, strip_running_lines


def test_running_heads_footers_and_page_numbers_are_removed():
    pages = [
        f"Anatomy & Physiology 2e\nChapter 19 The Heart\nBody text of page {n} about the heart.\n{n}\nOpenStax"
        for n in range(1, 6)
    ]
    cleaned = strip_running_lines(pages)
    for n, page in enumerate(cleaned, start=1):
        assert "Anatomy & Physiology 2e" not in page and "OpenStax" not in page
        assert f"Body text of page {n} about the heart." in page
        assert f"\n{n}\n" not in f"\n{page}\n"


def test_a_line_that_repeats_on_few_pages_is_kept():
    pages = [
        "Summary\nThe SA node sets the rhythm.",
        "The AV node delays.",
        "Purkinje fibres conduct.",
        "Summary\nEnd.",
    ]
    assert strip_running_lines(pages)[0].startswith("Summary")


def test_hyphenation_and_wraps_become_prose_but_bullets_stay():
    raw = "The cardio-\nvascular system carries\nblood to the tissues.\n\n• Right atrium\n• Left atrium\r\n"
    assert reflow(raw) == "The cardiovascular system carries blood to the tissues.\n\n• Right atrium\n\n• Left atrium"


def test_a_sentence_split_across_paragraphs_by_the_layout_is_rejoined():
    # Tesseract's paragraphs on the corpus photo break "nearly 3 / billion times" and "blood / sent through".
    raw = (
        "a human heart would contract more than 39 million times in one year, and nearly 3\n\n"
        "billion times during a 75-year lifespan.\n\n"
        "Over one year, that would equal 2.6 million gallons of blood\n\nsent through roughly 60,000 miles of "
        "vessels.\n\nThe Heart Wall\n\nThe wall of the heart has three layers.\n\n• pericardium\n\n• myocar-\n\ndium"
    )
    assert reflow(raw).split("\n\n") == [
        "a human heart would contract more than 39 million times in one year, and nearly 3 billion times during "
        "a 75-year lifespan.",
        "Over one year, that would equal 2.6 million gallons of blood sent through roughly 60,000 miles of vessels.",
        "The Heart Wall",
        "The wall of the heart has three layers.",
        "• pericardium",
        "• myocardium",
    ]


def test_a_compound_keeps_its_hyphen_at_a_line_end_and_a_split_word_is_joined():
    raw = (
        "Propranolol is a beta-\nblocker that also calms T-\ncell responses; the effect is self-\nlimiting and "
        "well-\nknown. The physio-\nlogical con-\ntraction of the myo-\ncardium follows an x-\nray of a 75-\nyear old."
    )
    assert reflow(raw) == (
        "Propranolol is a beta-blocker that also calms T-cell responses; the effect is self-limiting and "
        "well-known. The physiological contraction of the myocardium follows an x-ray of a 75-year old."
    )
