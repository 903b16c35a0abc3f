"""The shared corpus's text chapters as the engines see them, for the tests of what is made from them."""

from __future__ import annotations

from pathlib import Path

from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.extract.plaintext import split_by_headings
from studybuddy.generation.offline.engine import generate_offline
from studybuddy.generation.schemas import StudyMaterial
from tests.conftest import CORPUS

TEXTS = sorted((CORPUS / "text").glob("*.txt"))
HEART = (CORPUS / "text/m46676-heart-anatomy-.txt").read_text()


def document(path: Path) -> StudyDocument:
    """The chapter split at its headings, each section citing the file."""
    sections = [
        Section(heading=h, text=t, source=Source(file=path.name)) for h, t in split_by_headings(path.read_text())
    ]
    return StudyDocument(title=sections[0].heading, sections=sections)


def material(path: Path, count: int = 25) -> StudyMaterial:
    """What the offline engine makes of the chapter, as session ``s``."""
    return StudyMaterial.model_validate_json(generate_offline(document(path).model_dump_json(), "s", count))


def heart_document() -> StudyDocument:
    """The heart chapter as one upload named heart.txt: what the engines' tests send a model."""
    return StudyDocument(
        title="Heart Anatomy",
        sections=[Section(heading=h, text=t, source=Source(file="heart.txt")) for h, t in split_by_headings(HEART)],
    )


def study_pdf(folder: Path, name: str = "erythrocytes.pdf", pages: int = 4) -> Path:
    """A text-layer PDF of a real textbook section, ``pages`` pages long. The corpus's own PDFs are filler text
    (which the service rightly refuses to write material from); this one is study material whose text is known."""
    from bench.textpdf import write_text_pdf

    paragraphs = [p for p in (CORPUS / "text/m46707-erythrocytes-.txt").read_text().split("\n") if p.strip()]
    per_page = max(1, len(paragraphs) // pages)
    chunks = ["\n".join(paragraphs[i * per_page : (i + 1) * per_page]) for i in range(pages)]
    path = folder / name
    write_text_pdf(path, chunks)
    return path
