"""A session's material, or a deck of cards, as a file to download: Anki, PDF, Markdown or CSV.

Pure functions from typed material to bytes, plus the RFC 6266 ``Content-Disposition`` that names the file
safely (an ASCII fallback and the UTF-8 name as ``filename*``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import quote

from .anki import anki_package
from .cards import CardFace, flashcard_face, question_face, source_line
from .export import to_markdown
from .printable import cards_pdf, study_pack_pdf
from .schemas import SessionMaterial
from .spreadsheet import cards_csv, questions_csv

ExportFormat = Literal["apkg", "pdf", "md", "csv"]

MEDIA_TYPES: dict[str, str] = {
    "apkg": "application/apkg",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    content: bytes

    @property
    def content_disposition(self) -> str:
        return content_disposition(self.filename)


def safe_filename(name: str, extension: str, fallback: str = "study-session") -> str:
    """A name any file system and browser accepts: no path separators, control or reserved characters, no
    leading dots, at most 100 characters before the extension. Letters of any script are kept."""
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|;]+", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")[:100].strip(" .")
    return f"{cleaned or fallback}.{extension}"


def content_disposition(filename: str) -> str:
    """``attachment; filename="ascii"; filename*=UTF-8''percent-encoded`` (RFC 6266 and RFC 5987)."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name).strip() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _cards_markdown(title: str, cards: list[CardFace]) -> str:
    lines = [f"# {html.escape(title, quote=False)}", ""]
    for number, card in enumerate(cards, start=1):
        front = html.escape(card.front, quote=False).replace("\n", "  \n")
        back = html.escape(card.back, quote=False).replace("\n", "  \n")
        lines += [f"**{number}. {front}**", "", back, ""]
        where = source_line(card.source)
        if where:
            lines += [f"*Source: {html.escape(where, quote=False)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def export_session(
    session_name: str, session_id: str, material: SessionMaterial, fmt: ExportFormat, *, now: datetime
) -> Download:
    """The session's material as ``fmt``. Anki: flashcards and MCQs as notes; CSV: the questions."""
    if fmt == "apkg":
        faces = [flashcard_face(c) for c in material.flashcards] + [question_face(q) for q in material.questions]
        content = anki_package(session_name, f"session:{session_id}", faces, timestamp=now.timestamp())
    elif fmt == "pdf":
        content = study_pack_pdf(session_name, material)
    elif fmt == "md":
        content = to_markdown(session_name, material).encode("utf-8")
    else:
        content = questions_csv(material.questions)
    return Download(safe_filename(session_name, fmt), MEDIA_TYPES[fmt], content)


def export_cards(title: str, deck_key: str, cards: list[CardFace], fmt: ExportFormat, *, now: datetime) -> Download:
    """A student's review cards as ``fmt`` (CSV: front/back pairs)."""
    if fmt == "apkg":
        content = anki_package(title, deck_key, cards, timestamp=now.timestamp())
    elif fmt == "pdf":
        content = cards_pdf(title, cards)
    elif fmt == "md":
        content = _cards_markdown(title, cards).encode("utf-8")
    else:
        content = cards_csv(cards)
    return Download(safe_filename(title, fmt, fallback="flashcards"), MEDIA_TYPES[fmt], content)
