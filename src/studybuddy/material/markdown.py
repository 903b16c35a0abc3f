"""Each output kind as Markdown lines, for ``studybuddy process --out`` (study-material.md)."""

from __future__ import annotations

from collections.abc import Sequence

from studybuddy.generation.schemas import CheatSheet, Flashcard, Question, StudyNotes

from .schemas import MnemonicRead, MockTestRead


def notes_markdown(items: Sequence[StudyNotes]) -> list[str]:
    lines: list[str] = []
    for notes in items:
        lines += ["## Study notes", "", "### Summary", "", notes.summary, ""]
        for section in notes.sections:
            lines += [f"### {section.heading}", "", section.content, ""]
            lines += [f"- {point}" for point in section.key_points] + [""]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def cheat_sheets_markdown(items: Sequence[CheatSheet]) -> list[str]:
    lines: list[str] = []
    for sheet in items:
        lines += [f"## {sheet.title}", ""]
        # The key-term and number tables first: they are what a student scans the night before.
        if sheet.key_terms:
            lines += ["**Key terms**", "", "| term | definition |", "|---|---|"]
            lines += [f"| **{_cell(t.term)}** | {_cell(t.definition)} |" for t in sheet.key_terms] + [""]
        if sheet.numbers_to_remember:
            lines += ["**Numbers to remember**", "", "| value | what it measures |", "|---|---|"]
            lines += [f"| **{_cell(n.value)}** | {_cell(n.context)} |" for n in sheet.numbers_to_remember] + [""]
        for section in sheet.sections:
            lines += [f"**{section.heading}**", ""] + [f"- {p}" for p in section.points] + [""]
    return lines


def mnemonics_markdown(items: Sequence[MnemonicRead]) -> list[str]:
    if not items:
        return []
    lines = ["## Mnemonics", ""]
    for m in items:
        expansion = ", ".join(f"{e.letter} = {e.term}" for e in m.expansion)
        lines.append(f"- **{m.topic}**: *{m.mnemonic}* ({expansion})")
    return lines + [""]


def questions_markdown(items: Sequence[Question]) -> list[str]:
    if not items:
        return []
    lines = [f"## Questions ({len(items)})", ""]
    for number, q in enumerate(items, start=1):
        lines += [f"**{number}. {q.question_text}**", ""]
        lines += [f"- {o.label}. {o.text}" for o in q.options]
        where = q.source.file or ""
        if q.source.page:
            where += f", page {q.source.page}"
        lines += [
            "",
            f"<details><summary>Answer</summary>{q.correct_answer} — {q.explanation}"
            f" <em>(Source: {where})</em></details>",
            "",
        ]
    return lines


def mock_tests_markdown(items: Sequence[MockTestRead]) -> list[str]:
    return [
        f"- Mock test: {test.test_name} — {len(test.question_ids)} questions, "
        f"{test.duration_minutes} minutes, {test.total_marks:g} marks"
        for test in items
    ]


def flashcards_markdown(items: Sequence[Flashcard]) -> list[str]:
    if not items:
        return []
    lines = [f"## Flashcards ({len(items)})", ""]
    for card in items:
        lines += [f"- **{card.front}** — {card.back}"]
    return lines + [""]
