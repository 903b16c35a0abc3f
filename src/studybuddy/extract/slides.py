"""PPTX: slide titles, body text, tables, grouped shapes and speaker notes, in slide order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .document import ExtractedFile, Page, UnreadableFile
from .ooxml import require_kind


def _shape_lines(shapes: Iterable[Any], skip: Any) -> list[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    lines: list[str] = []
    # Reading order: top to bottom, then left to right.
    ordered = sorted(shapes, key=lambda s: ((s.top or 0) // 10000, s.left or 0))
    for shape in ordered:
        if shape is skip or (skip is not None and shape.shape_id == getattr(skip, "shape_id", None)):
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            lines.extend(_shape_lines(shape.shapes, None))
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [cell.text.strip() for cell in row.cells]
                if any(cells):
                    lines.append(" | ".join(cells))
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                text = "".join(run.text for run in paragraph.runs).strip() or paragraph.text.strip()
                if text:
                    lines.append(("• " if paragraph.level else "") + text)
        elif getattr(shape, "has_chart", False) and shape.has_chart:
            lines.extend(_chart_lines(shape.chart))
    return lines


def _chart_lines(chart: Any) -> list[str]:
    """A chart as text: its title, then each series with its values per category (what a student would read)."""
    title = chart.chart_title.text_frame.text.strip() if chart.has_title and chart.chart_title.has_text_frame else ""
    lines = [f"Chart: {title}" if title else "Chart:"]
    for plot in chart.plots:
        categories = [str(c) for c in plot.categories]
        for series in plot.series:
            values = [
                f"{category} {value:g}"
                for category, value in zip(categories, series.values, strict=False)
                if value is not None
            ]
            lines.append(f"{series.name}: " + ", ".join(values))
    return lines if len(lines) > 1 or title else []


def read_slides(path: str, filename: str, *, progress: Callable[[int, int], None]) -> ExtractedFile:
    require_kind(path, filename, "pptx", "PowerPoint (.pptx) presentation")
    from pptx import Presentation

    try:
        presentation = Presentation(path)
    except Exception:
        raise UnreadableFile(f"{filename} is damaged and could not be opened as a presentation.") from None
    pages: list[Page] = []
    slides = list(presentation.slides)
    for number, slide in enumerate(slides, start=1):
        progress(number, len(slides))
        title_shape = slide.shapes.title
        title = title_shape.text_frame.text.strip() if title_shape is not None and title_shape.has_text_frame else ""
        lines = _shape_lines(slide.shapes, title_shape)
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame.text.strip() if slide.notes_slide.notes_text_frame else ""
            if notes:
                lines.append("Speaker notes: " + notes)
        text = "\n".join(lines)
        if title or text:
            pages.append(Page(number=number, heading=title or None, text=text))
    if not pages:
        raise UnreadableFile(f"No text was found in {filename}.")
    return ExtractedFile(filename=filename, kind="pptx", unit="slide", pages=pages)
