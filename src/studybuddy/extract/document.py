"""What extraction produces: pages of each file, then one normalised document of sections with sources."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

EXTRACTOR_VERSION = "2"  # bump to invalidate cached extractions when readers change

FileKind = Literal["pdf", "jpeg", "png", "webp", "pptx", "docx", "txt", "md"]
IMAGE_KINDS = ("jpeg", "png", "webp")


class UnreadableFile(Exception):
    """The file cannot be read (encrypted, damaged, hostile); the message is for the student."""


class Page(BaseModel):
    """One unit of a file: a PDF page, a slide, an image, or a whole text document."""

    number: int | None = None
    heading: str | None = None
    text: str
    method: Literal["text", "ocr"] = "text"
    ocr_confidence: float | None = None


class ExtractedFile(BaseModel):
    filename: str
    kind: str
    unit: Literal["page", "slide"] | None = None
    pages: list[Page] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def word_count(self) -> int:
        return sum(len(page.text.split()) for page in self.pages)


class Source(BaseModel):
    file: str
    page: int | None = None
    unit: Literal["page", "slide"] | None = None


class Section(BaseModel):
    heading: str | None = None
    text: str
    source: Source


class StudyDocument(BaseModel):
    title: str | None = None
    sections: list[Section]

    @property
    def full_text(self) -> str:
        return "\n\n".join(
            (f"{section.heading}\n" if section.heading else "") + section.text for section in self.sections
        )

    @property
    def word_count(self) -> int:
        return sum(len(section.text.split()) for section in self.sections)
