"""Each output kind as Markdown lines, for ``studybuddy process --out`` (study-material.md)."""

from __future__ import annotations

from collections.abc import Sequence

from studybuddy.generation.schemas import CheatSheet, Question, StudyNotes

from .schemas import MnemonicRead, MockTestRead


def notes_markdown(items: Sequence[StudyNotes]) -> list[str]:
    lines: list[str] = []
    for notes in items:
        lines += ["## Study notes", "", notes.summary, ""]
        for section in notes.sections:
            lines += [f"### {section.heading}", "", section.content, ""]
            lines += [f"- {point}" for point in section.key_points] + [""]
    return lines


def cheat_sheets_markdown(items: Sequence[CheatSheet]) -> list[str]:
    lines: list[str] = []
    for sheet in items:
        lines += [f"## {sheet.title}", ""]
        for section in sheet.sections:
            lines += [f"**{section.heading}**", ""] + [f"- {p}" for p in section.points] + [""]
        if sheet.key_terms:
            lines += ["**Key terms**", ""] + [f"- **{t.term}**: {t.definition}" for t in sheet.key_terms] + [""]
        if sheet.numbers_to_remember:
            lines += ["**Numbers to remember**", ""]
            lines += [f"- **{n.value}**: {n.context}" for n in sheet.numbers_to_remember] + [""]
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
