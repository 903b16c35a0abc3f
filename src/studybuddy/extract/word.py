"""DOCX: headings, paragraphs and tables in document order; each heading starts a new page-less section."""

from __future__ import annotations

from .document import ExtractedFile, Page, UnreadableFile
from .ooxml import require_kind


def read_word(path: str, filename: str) -> ExtractedFile:
    require_kind(path, filename, "docx", "Word (.docx) document")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(path)
    except Exception:
        raise UnreadableFile(f"{filename} is damaged and could not be opened as a Word document.") from None
    pages: list[Page] = []
    heading: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if heading or lines:
            pages.append(Page(heading=heading, text="\n\n".join(lines)))

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            style = (block.style.name if block.style is not None else "") or ""
            if not text:
                continue
            if style.startswith("Heading") or style == "Title":
                flush()
                heading, lines = text, []
            elif style.startswith("List"):
                lines.append("• " + text)
            else:
                lines.append(text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                if any(cells):
                    lines.append(" | ".join(cells))
    flush()
    if not pages:
        raise UnreadableFile(f"No text was found in {filename}.")
    return ExtractedFile(filename=filename, kind="docx", pages=pages)
