"""The cheat sheet of a process section gives its steps in order and says what each number measures; no
garbled or empty line. Each case is a real sentence of the shared corpus."""

from __future__ import annotations

from functools import cache

from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.cheat_sheet import write_cheat_sheet
from studybuddy.generation.schemas import CheatSheet
from tests.corpus import TEXTS, document


@cache
def _sheet(name: str) -> CheatSheet:
    return write_cheat_sheet(Analysis(document(next(p for p in TEXTS if name in p.name))))


def _lines(sheet: CheatSheet) -> list[str]:
    return (
        [f"{k.term}: {k.definition}" for k in sheet.key_terms]
        + [f"{n.value}: {n.context}" for n in sheet.numbers_to_remember]
        + [p for s in sheet.sections for p in s.points]
    )


def test_a_process_section_gets_its_named_steps_in_order():
    """ "This is known as depolarization, meaning ...", "This is what is known as the threshold.", "That effect is
    referred to as the refractory period.": the action potential's sheet once had none of them."""
    sheet = _sheet("action-potential")
    steps = next(s for s in sheet.sections if "steps" in s.heading)
    text = " ".join(steps.points).lower()
    at = [text.find(step) for step in ("depolarization", "repolarization", "threshold", "refractory period")]
    assert -1 not in at and at == sorted(at), steps.points
    # "Once the membrane reaches that voltage": the value of the sentence before, with its sign.
    assert any("threshold" in p.lower() and "-55 mV" in p for p in steps.points), steps.points


def test_a_number_says_what_it_measures():
    numbers = {n.value: n.context for n in _sheet("action-potential").numbers_to_remember}
    assert "threshold" in numbers["-55 mV"].lower()
    assert "resting potential" in numbers["-70 mV"].lower()


def test_no_line_cut_in_half_or_saying_nothing():
    stomach = _lines(_sheet("the-stomach"))
    assert not any(line.rstrip(".").endswith("both hydrochloric acid") for line in stomach), stomach
    assert any("hydrochloric acid (HCl) and intrinsic factor" in line for line in stomach)
    assert "Blood loss anemias are fairly straightforward" not in _lines(_sheet("erythrocytes"))
