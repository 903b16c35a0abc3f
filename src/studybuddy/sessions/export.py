"""A session's results as readable Markdown (``studybuddy process --out``)."""

from __future__ import annotations

from typing import Any


def to_markdown(session_name: str, results: dict[str, Any]) -> str:
    lines = [f"# {session_name}", ""]
    notes = results.get("notes") or {}
    if notes:
        lines += ["## Study notes", "", notes.get("summary", ""), ""]
        for section in notes.get("sections", []):
            lines += [f"### {section['heading']}", "", section["content"], ""]
            lines += [f"- {point}" for point in section.get("key_points", [])] + [""]
    for sheet in results.get("cheat_sheets", []):
        lines += [f"## {sheet['title']}", ""]
        for section in sheet["sections"]:
            lines += [f"**{section['heading']}**", ""] + [f"- {p}" for p in section["points"]] + [""]
        if sheet.get("key_terms"):
            lines += (
                ["**Key terms**", ""] + [f"- **{t['term']}**: {t['definition']}" for t in sheet["key_terms"]] + [""]
            )
        if sheet.get("numbers_to_remember"):
            lines += ["**Numbers to remember**", ""]
            lines += [f"- **{n['value']}**: {n['context']}" for n in sheet["numbers_to_remember"]] + [""]
    if results.get("mnemonics"):
        lines += ["## Mnemonics", ""]
        for m in results["mnemonics"]:
            expansion = ", ".join(f"{e['letter']} = {e['term']}" for e in m["expansion"])
            lines += [f"- **{m['topic']}**: *{m['mnemonic']}* ({expansion})"]
        lines.append("")
    questions = results.get("questions", [])
    if questions:
        lines += [f"## Questions ({len(questions)})", ""]
        for number, q in enumerate(questions, start=1):
            lines += [f"**{number}. {q['question_text']}**", ""]
            lines += [f"- {o['label']}. {o['text']}" for o in q["options"]]
            source = q["source"]
            where = source.get("file") or ""
            if source.get("page"):
                where += f", page {source['page']}"
            lines += [
                "",
                f"<details><summary>Answer</summary>{q['correct_answer']} — {q['explanation']}"
                f" <em>(Source: {where})</em></details>",
                "",
            ]
    for test in results.get("mock_tests", []):
        lines.append(
            f"- Mock test: {test['test_name']} — {len(test['question_ids'])} questions, "
            f"{test['duration_minutes']} minutes, {test['total_marks']:g} marks"
        )
    return "\n".join(lines).rstrip() + "\n"
