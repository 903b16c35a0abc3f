"""A printable study pack (PDF) with fpdf2: notes, cheat sheet, mnemonics, flashcards, then the questions, and
the answer key at the end so a printed test can be taken before the answers are seen.

Text goes in as plain text, never as markup, so nothing in a session (a name with ``<script>``, an ``&``) is
interpreted. Noto Sans carries Latin, Greek and symbols; Noto Sans Devanagari is its fallback for Hindi and
Sanskrit terms, shaped with HarfBuzz so conjuncts and matras render as they should.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from studybuddy.errors import ServiceUnavailableError
from studybuddy.generation.schemas import CheatSheet, Flashcard, Question, StudyNotes

from .cards import CardFace, source_line
from .kinds import KINDS
from .schemas import MnemonicRead, SessionMaterial

logger = logging.getLogger(__name__)

FONT_DIRECTORIES = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/noto"),
    Path("/usr/local/share/fonts/noto"),
)
_FONTS = {
    ("Noto", ""): "NotoSans-Regular.ttf",
    ("Noto", "B"): "NotoSans-Bold.ttf",
    ("NotoDevanagari", ""): "NotoSansDevanagari-Regular.ttf",
    ("NotoDevanagari", "B"): "NotoSansDevanagari-Bold.ttf",
}
# Used when installed: symbols Noto Sans lacks (≈ ≤ ∝) and the other scripts of Indian students' notes.
_OPTIONAL_FALLBACKS = {
    "NotoMath": "NotoSansMath-Regular.ttf",
    "NotoBengali": "NotoSansBengali-Regular.ttf",
    "NotoTamil": "NotoSansTamil-Regular.ttf",
    "NotoTelugu": "NotoSansTelugu-Regular.ttf",
    "NotoKannada": "NotoSansKannada-Regular.ttf",
    "NotoMalayalam": "NotoSansMalayalam-Regular.ttf",
    "NotoGujarati": "NotoSansGujarati-Regular.ttf",
    "NotoGurmukhi": "NotoSansGurmukhi-Regular.ttf",
}


# Devanagari to Sinhala: the scripts whose glyphs combine and reorder, and so need shaping.
_INDIC = re.compile("[\u0900-\u0dff]")


class FontsMissing(ServiceUnavailableError):
    """The Noto fonts are not installed (Debian: fonts-noto-core): a 503 that points the student at the other
    formats, never a 500; the missing file is logged for whoever runs the server."""

    def __init__(self, missing: str) -> None:
        super().__init__("PDF export is not available on this server right now; download Markdown, CSV or Anki instead")
        logger.error("PDF export: %s: install fonts-noto-core", missing)


@cache
def font_files() -> dict[tuple[str, str], Path]:
    found = {}
    for key, name in _FONTS.items():
        path = next((d / name for d in FONT_DIRECTORIES if (d / name).is_file()), None)
        if path is None:
            raise FontsMissing(f"{name} not found in {', '.join(map(str, FONT_DIRECTORIES))}")
        found[key] = path
    for family, name in _OPTIONAL_FALLBACKS.items():
        path = next((d / name for d in FONT_DIRECTORIES if (d / name).is_file()), None)
        if path is not None:
            found[(family, "")] = path
    return found


class StudyPack(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.pack_title = title
        for (family, style), path in font_files().items():
            self.add_font(family, style, str(path))
        # exact_match off: bold text falls back to a regular face where a script has no bold one.
        self.set_fallback_fonts(
            [family for family, style in font_files() if family != "Noto" and not style], exact_match=False
        )
        self._shaping = False
        self.set_auto_page_break(True, margin=15)
        self.set_title(title)
        self.set_creator("Study Buddy")
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Noto", "", 8)
        text = f"{self.pack_title} — page {self.page_no()}"
        self.set_text_shaping(bool(_INDIC.search(text)))
        self.cell(0, 6, text, align="C")
        self.set_text_shaping(self._shaping)

    def heading(self, text: str, size: int = 15) -> None:
        self.ln(2)
        self.set_font("Noto", "B", size)
        self.paragraph(text, height=size * 0.5)
        self.ln(1)

    def paragraph(self, text: str, *, height: float = 5.5, bold: bool = False, size: int | None = None) -> None:
        if size is not None or bold:
            self.set_font("Noto", "B" if bold else "", size or 10.5)
        # HarfBuzz shaping is what Indic scripts need and costs ~20x per line: only where the text has them.
        needs = bool(_INDIC.search(text))
        if needs != self._shaping:
            self.set_text_shaping(needs)
            self._shaping = needs
        self.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def body(self, text: str, **kwargs: Any) -> None:
        self.set_font("Noto", "", 10.5)
        self.paragraph(text, **kwargs)

    def bullet(self, text: str) -> None:
        self.set_font("Noto", "", 10.5)
        self.paragraph(f"•  {text}")

    def small(self, text: str) -> None:
        self.set_font("Noto", "", 8.5)
        self.paragraph(text, height=4.5)


def _notes(pdf: StudyPack, items: Sequence[StudyNotes]) -> None:
    for notes in items:
        pdf.heading(notes.title or "Study notes")
        pdf.body(notes.summary)
        for section in notes.sections:
            pdf.heading(section.heading, size=12)
            pdf.body(section.content)
            for point in section.key_points:
                pdf.bullet(point)


def _cheat_sheets(pdf: StudyPack, items: Sequence[CheatSheet]) -> None:
    for sheet in items:
        pdf.heading(sheet.title or "Cheat sheet")
        for section in sheet.sections:
            pdf.paragraph(section.heading, bold=True)
            for point in section.points:
                pdf.bullet(point)
        if sheet.key_terms:
            pdf.paragraph("Key terms", bold=True)
            for term in sheet.key_terms:
                pdf.bullet(f"{term.term}: {term.definition}")
        if sheet.numbers_to_remember:
            pdf.paragraph("Numbers to remember", bold=True)
            for number in sheet.numbers_to_remember:
                pdf.bullet(f"{number.value}: {number.context}")


def _mnemonics(pdf: StudyPack, items: Sequence[MnemonicRead]) -> None:
    if not items:
        return
    pdf.heading("Mnemonics")
    for m in items:
        pdf.paragraph(f"{m.topic}: {m.mnemonic}", bold=True)
        pdf.body(", ".join(f"{e.letter} = {e.term}" for e in m.expansion))
        if m.explanation:
            pdf.small(m.explanation)


def _flashcards(pdf: StudyPack, items: Sequence[Flashcard]) -> None:
    if items:
        pdf.heading(f"Flashcards ({len(items)})")
        for card in items:
            pdf.paragraph(card.front, bold=True)
            pdf.body(card.back)


def _questions(pdf: StudyPack, items: Sequence[Question]) -> None:
    if not items:
        return
    pdf.heading(f"Questions ({len(items)})")
    for number, q in enumerate(items, start=1):
        pdf.paragraph(f"{number}. {q.question_text}", bold=True)
        for option in q.options:
            pdf.body(f"    {option.label}. {option.text}")
        pdf.ln(1.5)


def _answer_key(pdf: StudyPack, items: Sequence[Question]) -> None:
    if not items:
        return
    pdf.add_page()
    pdf.heading("Answer key")
    for number, q in enumerate(items, start=1):
        pdf.paragraph(f"{number}. {q.correct_answer} — {q.option_text(q.correct_answer)}", bold=True)
        pdf.body(q.explanation)
        where = source_line(q.source)
        if where:
            pdf.small(f"Source: {where}")


_PRINTERS: dict[str, Callable[[StudyPack, Sequence[Any]], None]] = {
    "notes": _notes,
    "cheat_sheets": _cheat_sheets,
    "mnemonics": _mnemonics,
    "flashcards": _flashcards,
    "questions": _questions,
    "mock_tests": lambda pdf, items: None,  # a test is its questions, printed once
}


def study_pack_pdf(session_name: str, material: SessionMaterial) -> bytes:
    pdf = StudyPack(session_name)
    pdf.heading(session_name, size=20)
    pdf.small("Study pack from Study Buddy. The answer key is at the end.")
    # Questions come last, before their key, whatever their rank in the Markdown export.
    order = sorted(KINDS, key=lambda k: (k.name == "questions", k.export_rank))
    for kind in order:
        value = getattr(material, kind.name)
        items = value if isinstance(value, list) else [value] if isinstance(value, kind.read) else []
        printer = _PRINTERS.get(kind.name)
        if printer is not None:
            printer(pdf, items)
        elif items:  # a kind added later still prints, as its Markdown lines
            for line in kind.markdown(items):
                pdf.body(line)
    _answer_key(pdf, material.questions)
    return bytes(pdf.output())


def cards_pdf(title: str, cards: list[CardFace]) -> bytes:
    pdf = StudyPack(title)
    pdf.heading(title, size=20)
    pdf.small(f"{len(cards)} cards. Answers follow each card.")
    for number, card in enumerate(cards, start=1):
        pdf.paragraph(f"{number}. {card.front}", bold=True)
        pdf.body(card.back)
        where = source_line(card.source)
        if where:
            pdf.small(f"Source: {where}")
        pdf.ln(1.5)
    return bytes(pdf.output())
