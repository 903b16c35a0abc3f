"""CSV exports: questions in the column layout spreadsheets and quiz importers take, cards as term/definition
pairs (the two columns Quizlet-style importers read)."""

from __future__ import annotations

import csv
import io

from studybuddy.generation.schemas import Question

from .cards import CardFace, source_line

QUESTION_COLUMNS = (
    "Question",
    "Option A",
    "Option B",
    "Option C",
    "Option D",
    "Correct answer",
    "Explanation",
    "Difficulty",
    "Subject",
    "Tags",
    "Source",
)


def _cell(value: str) -> str:
    # A cell starting with = + - @ (or a tab / carriage return) is a formula to Excel and Sheets: quoted with an
    # apostrophe, as OWASP advises against CSV injection, so a session's text can never run in a spreadsheet.
    value = value.replace("\r\n", "\n")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows([[_cell(str(value)) for value in row] for row in rows])
    # The BOM makes Excel read the file as UTF-8 (Devanagari, en dashes, µ) instead of the local code page.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def questions_csv(questions: list[Question]) -> bytes:
    rows = [list(QUESTION_COLUMNS)]
    for q in questions:
        options: dict[str, str] = {o.label: o.text for o in q.options}
        rows.append(
            [
                q.question_text,
                *(options.get(label, "") for label in "ABCD"),
                q.correct_answer,
                q.explanation,
                q.difficulty,
                q.subject,
                "; ".join(q.tags),
                source_line(q.source),
            ]
        )
    return _csv(rows)


def cards_csv(cards: list[CardFace]) -> bytes:
    rows = [["Front", "Back", "Kind", "Tags", "Source"]]
    rows += [[c.front, c.back, c.kind, "; ".join(c.tags), source_line(c.source)] for c in cards]
    return _csv(rows)
