"""What a session produced, stored and read back through the one list of kinds."""

from __future__ import annotations

from studybuddy.context import ALL_COLLECTIONS
from studybuddy.generation.schemas import CheatSheet, CheatSheetSection, Mnemonic, MnemonicLetter, StudyMaterial
from studybuddy.material.export import to_markdown
from studybuddy.material.kinds import GENERATED, KINDS, engine_outputs, too_little_generated
from studybuddy.material.repository import MaterialRepository
from studybuddy.material.schemas import SessionMaterial
from studybuddy.store.sqlite import SQLiteStore


def _sheet() -> CheatSheet:
    return CheatSheet(title="Heart", sections=[CheatSheetSection(heading="Chambers", points=["Four chambers"])])


def _mnemonic(topic: str) -> Mnemonic:
    letters = [MnemonicLetter(letter="R", term="Right atrium"), MnemonicLetter(letter="L", term="Left atrium")]
    return Mnemonic(topic=topic, mnemonic="Red Lions", expansion=letters, explanation="Atria in order")


async def test_material_is_replaced_not_added_to_and_a_missing_single_kind_reads_as_an_empty_object(tmp_path):
    store = SQLiteStore(tmp_path / "material.db", ALL_COLLECTIONS)
    await store.open()
    try:
        material = MaterialRepository(store)
        first = await material.replace(
            "s1", "u1", {"mnemonics": [_mnemonic("a"), _mnemonic("b")], "cheat_sheets": [_sheet()]}
        )
        assert first == {kind.name: 0 for kind in KINDS} | {"mnemonics": 2, "cheat_sheets": 1}
        await material.replace("s1", "u1", {"mnemonics": [_mnemonic("c")]})
        read = await material.read("s1", "u1")
        assert [m.topic for m in read.mnemonics] == ["c"] and read.cheat_sheets == []
        assert read.model_dump(mode="json")["notes"] == {}  # the spec's shape: an object, never null
        assert (await material.read("s1", "someone-else")).mnemonics == []  # every read filters on the owner
        assert read.mnemonics[0].id  # an id minted for a kind whose record has none
    finally:
        await store.close()


def test_the_kinds_name_the_read_model_and_the_engines_output_exactly():
    assert list(SessionMaterial.model_fields) == [kind.name for kind in KINDS]
    assert engine_outputs() == {"questions", "mnemonics", "cheat_sheet", "notes"}
    assert engine_outputs() == {kind.generated for kind in GENERATED}


def test_a_session_fails_only_when_the_engine_produced_almost_nothing():
    assert too_little_generated(StudyMaterial(missing=["questions", "mnemonics", "cheat_sheet"]))
    assert not too_little_generated(StudyMaterial(missing=["mnemonics"]))
    assert not too_little_generated(StudyMaterial(cheat_sheet=_sheet(), missing=["questions", "notes"]))


def test_markdown_puts_notes_first_and_every_kind_present():
    markdown = to_markdown("Heart", SessionMaterial(cheat_sheets=[_sheet()], mnemonics=[]))
    assert markdown.startswith("# Heart\n") and "## Heart" in markdown and "- Four chambers" in markdown
    assert "## Mnemonics" not in markdown
