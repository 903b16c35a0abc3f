"""The shipped MeSH lexicon: matching as textbooks write terms, kinds, siblings, synonyms and what counts as a term."""

from __future__ import annotations

from studybuddy.generation.lexicon import match_key, medical_lexicon


def test_matching_forgives_case_plurals_inversion_and_british_spelling():
    lexicon = medical_lexicon()
    assert lexicon.concept("Nerve, Vagus").name == "Vagus Nerve"
    assert lexicon.concept("the vagus nerves").name == "Vagus Nerve"
    assert lexicon.concept("haemoglobin") == lexicon.concept("Hemoglobins")
    assert lexicon.concept("oesophagus").name == "Esophagus"
    assert lexicon.concept("scaphoid").name == "Scaphoid Bone"  # a bare bone name
    assert lexicon.concept("carpal bones") is not None
    assert lexicon.concept("fight-or-flight") is None
    assert match_key("Vena Cava, Superior") == match_key("superior vena cavae")


def test_kinds_and_siblings_come_from_the_tree():
    lexicon = medical_lexicon()
    assert lexicon.kind("scaphoid") == "Carpal Bones"
    carpals = lexicon.siblings("scaphoid bone", 7)
    assert {"Lunate Bone", "Capitate Bone", "Hamate Bone", "Pisiform Bone"} <= set(carpals)
    assert "Scaphoid Bone" not in carpals
    # The cranial-nerve placement of the vagus nerve, not its autonomic one.
    assert lexicon.kind("vagus nerve") == "Cranial Nerves"
    assert lexicon.siblings("zona glomerulosa", 2) == ["Zona Fasciculata", "Zona Reticularis"]
    assert lexicon.same_kind("ulna", "radius")
    assert lexicon.same_kind("mitral valve", "tricuspid valve")
    assert not lexicon.same_kind("ulna", "mitral valve")
    assert not lexicon.same_kind("ulna", "ulna")


def test_synonyms_are_one_concept():
    lexicon = medical_lexicon()
    # The example: "Adrenal" keyed and "Suprarenal" offered.
    assert lexicon.is_synonym("adrenal glands", "suprarenal gland")
    assert lexicon.is_synonym("red blood cells", "erythrocytes")
    assert lexicon.is_synonym("SA node", "sinoatrial node")
    assert not lexicon.is_synonym("SA node", "AV node")


def test_terms_are_technical_words_or_numbers_with_units():
    lexicon = medical_lexicon()
    for term in ("zona glomerulosa", "olecranon process", "ulna", "sinoatrial node", "70 mL", "120 days", "ACTH"):
        assert lexicon.is_term(term), term
    # Blanked stock phrases and everyday words from the issue ("has given _____" -> Birth).
    for word in ("birth", "discovery", "stress", "fight", "heart", "water", "the", "pathway"):
        assert not lexicon.is_term(word), word


def test_loaded_once_per_process():
    assert medical_lexicon() is medical_lexicon()
    assert len(medical_lexicon()) > 20_000
